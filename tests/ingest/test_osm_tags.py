"""OpenStreetMap tags to fields: every highway value, alley names as written, POIs as premises."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipelines.ingest import ImportOptions, prepare_import
from pipelines.ingest.osm import kind_from_name, osm_to_layer
from pipelines.ingest.osm_forms import osm_ref, osm_tags, parse_hstore
from pipelines.model.settings import IngestSection

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata" / "osm"
WIDTHS = IngestSection().osm_highway_width_m


@pytest.mark.parametrize(
    ("tags", "kind", "width", "how"),
    [
        ({"highway": "primary"}, "duong", WIDTHS["primary"], "highway=primary"),
        (
            {"highway": "primary_link"},
            "duong",
            WIDTHS["primary"],
            "loại đường chính highway=primary",
        ),
        ({"highway": "secondary_link"}, "duong", WIDTHS["secondary"], "highway=secondary"),
        ({"highway": "tertiary_link"}, "duong", WIDTHS["tertiary"], "highway=tertiary"),
        ({"highway": "motorway_link"}, "duong", WIDTHS["motorway"], "highway=motorway"),
        ({"highway": "trunk_link"}, "duong", WIDTHS["trunk"], "highway=trunk"),
        ({"highway": "living_street"}, "ngo", WIDTHS["living_street"], "highway=living_street"),
        ({"highway": "pedestrian"}, "ngo", WIDTHS["pedestrian"], "highway=pedestrian"),
        ({"highway": "steps"}, "ngo", WIDTHS["steps"], "highway=steps"),
        ({"highway": "track"}, "ngo", WIDTHS["track"], "highway=track"),
        ({"highway": "path"}, "ngo", WIDTHS["path"], "highway=path"),
        ({"highway": "footway"}, "ngo", WIDTHS["footway"], "highway=footway"),
        ({"highway": "cycleway"}, "ngo", WIDTHS["cycleway"], "highway=cycleway"),
        ({"highway": "bridleway"}, "ngo", WIDTHS["bridleway"], "highway=bridleway"),
        ({"highway": "service"}, "ngo", WIDTHS["service"], "highway=service"),
        (
            {"highway": "service", "service": "alley"},
            "ngo",
            WIDTHS["service=alley"],
            "service=alley",
        ),
        (
            {"highway": "service", "service": "driveway"},
            "ngo",
            WIDTHS["service=driveway"],
            "service=driveway",
        ),
        (
            {"highway": "service", "service": "parking_aisle"},
            "ngo",
            WIDTHS["service=parking_aisle"],
            "service=parking_aisle",
        ),
        (
            {"highway": "service", "service": "emergency_access"},
            "ngo",
            WIDTHS["service"],
            "highway=service",
        ),
        ({"highway": "unclassified"}, "duong", WIDTHS["unclassified"], "highway=unclassified"),
        ({"highway": "road"}, "duong", WIDTHS["road"], "highway=road"),
        ({"highway": "residential"}, "duong", WIDTHS["residential"], "highway=residential"),
        ({"highway": "busway"}, "duong", WIDTHS["other"], "'other'"),
        ({"highway": "foo_bar"}, "duong", WIDTHS["other"], "highway=foo_bar"),
        ({"highway": "footway", "name": "Ngõ 5 Hàng Bè"}, "ngo", WIDTHS["footway"], "footway"),
        ({"highway": "residential", "lanes": "2"}, "duong", 7.0, "lanes=2"),
        ({"highway": "residential", "width": "2,5 m"}, "duong", 2.5, None),
        ({"highway": "residential", "width": "hẹp"}, "duong", WIDTHS["residential"], "width=hẹp"),
    ],
)
def test_every_highway_value_gets_a_kind_and_a_width(
    tags: dict, kind: str, width: float, how: str | None
) -> None:
    frame = pd.DataFrame([{"@id": "way/1", **tags}])
    fields, _ = osm_to_layer(frame, "roads", IngestSection())
    row = fields.iloc[0]
    assert row["kind"] == kind
    assert row["width_m"] == pytest.approx(width)
    if how is None:
        assert "ước tính" not in str(row["note"])
    else:
        assert how in row["note"]
        assert "ước tính" in row["note"] or "mặc định" in row["note"]


def test_highway_widths_are_settings() -> None:
    config = IngestSection(osm_highway_width_m={**WIDTHS, "other": 4.5, "service=alley": 1.8})
    frame = pd.DataFrame(
        [
            {"@id": "way/1", "highway": "corridor_x"},
            {"@id": "way/2", "highway": "service", "service": "alley"},
        ]
    )
    fields, _ = osm_to_layer(frame, "roads", config)
    assert list(fields["width_m"]) == [4.5, 1.8]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Ngõ 143 Phúc Tân", "ngo"),
        ("ngõ 16A Lý Nam Đế", "ngo"),
        ("NGÕ 5", "ngo"),
        ("Ngo 5", "ngo"),
        ("ngo 5 Hang Be", "ngo"),
        ("Ngỏ 20 Hàng Vôi", "ngo"),
        ("Nghõ 7", "ngo"),
        ("Ng. 3 Hàng Bạc", "ngo"),
        ("N. 12 Lò Sũ", "ngo"),
        ("Ngõ5", "ngo"),
        ("Ngách 3/15 Phúc Tân", "ngach"),
        ("ngach 3/15", "ngach"),
        ("Ngach 7", "ngach"),
        ("Nghách 2", "ngach"),
        ("NGÁCH 4/2", "ngach"),
        ("Hẻm 45/12 Nguyễn Trãi", "hem"),
        ("hem 12", "hem"),
        ("H. 45 Lê Lợi", "hem"),
        ("Kiệt 12 Lê Lợi", "kiet"),
        ("kiet 3", "kiet"),
        ("K. 7 Hùng Vương", "kiet"),
        ("Phố Hàng Gai", "pho"),
        ("P. Hàng Gai", "pho"),
        ("Đường Trần Hưng Đạo", "duong"),
        ("đường Láng", "duong"),
        ("Hàng Bè", None),
        ("Nguyễn Trãi", None),
        ("Hồ Gươm", None),
        ("Cầu Thê Húc", None),
        ("Hemingway Lane", None),
        ("N", None),
        ("", None),
        (None, None),
    ],
)
def test_kind_from_name_as_written(name: str | None, kind: str | None) -> None:
    got = kind_from_name(pd.Series([name], dtype=object)).iloc[0]
    assert (None if pd.isna(got) else got) == kind


def test_hstore_and_ids_of_every_form() -> None:
    text = r'"name"=>"Ngõ \"5\"","surface"=>"asphalt","oneway"=>NULL,"a\\b"=>"c"'
    assert parse_hstore(text) == {"name": 'Ngõ "5"', "surface": "asphalt", "a\\b": "c"}
    assert osm_ref({"@id": "way/12"}, None, "LineString") == "way/12"
    assert osm_ref({"type": "way", "id": 12, "tags": {}}, "way/12", "LineString") == "way/12"
    assert osm_ref({"type": "node", "id": 5, "tags": {}}, None, "Point") == "node/5"
    assert osm_ref({"osm_id": "12"}, None, "LineString") == "way/12"
    assert osm_ref({"osm_id": "5"}, None, "Point") == "node/5"
    assert osm_ref({"osm_id": None, "osm_way_id": "7"}, None, "MultiPolygon") == "way/7"
    assert osm_ref({"osm_id": "9", "osm_way_id": None}, None, "MultiPolygon") == "relation/9"
    assert osm_ref({"osm_id": 9, "osm_type": "way"}, None, "MultiPolygon") == "way/9"
    nested = {"type": "way", "id": 12, "tags": {"highway": "footway", "type": "x"}, "meta": {}}
    assert osm_tags(nested) == {"highway": "footway", "type": "x"}
    flat = {"@id": "way/1", "highway": "service", "name": None, "other_tags": '"service"=>"alley"'}
    assert osm_tags(flat) == {"highway": "service", "service": "alley"}


def _overpass_file(tmp_path: Path, elements: list[dict]) -> Path:
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"elements": elements}), encoding="utf-8")
    return path


def test_roads_import_skips_lifecycle_ways_and_points_with_one_note_each(
    tmp_path: Path, tiny_ward: Path
) -> None:
    from tests.ingest.fixtures import lonlat

    a, b, c = lonlat(10, 10), lonlat(100, 10), lonlat(100, 100)
    nodes = [
        {"type": "node", "id": i, "lon": p[0], "lat": p[1]} for i, p in enumerate((a, b, c), 1)
    ]
    nodes[1]["tags"] = {"highway": "crossing"}
    nodes[2]["tags"] = {"highway": "turning_circle", "name": "x"}
    ways = [
        {"type": "way", "id": 10, "nodes": [1, 2], "tags": {"highway": "primary_link"}},
        {"type": "way", "id": 11, "nodes": [2, 3], "tags": {"highway": "construction"}},
        {"type": "way", "id": 12, "nodes": [1, 3], "tags": {"highway": "proposed"}},
        {"type": "way", "id": 13, "nodes": [1, 3], "tags": {"highway": "mystery"}},
        {"type": "node", "id": 4, "lon": a[0], "lat": a[1], "tags": {"highway": "foo"}},
    ]
    path = _overpass_file(tmp_path, nodes + ways)
    preview = prepare_import(path, tiny_ward, ImportOptions(layer="roads"))
    assert preview.counts.rows_in == 2 and preview.counts.rejected == 0
    codes = [n.code for n in preview.notes]
    assert codes.count("osm_lifecycle") == 1 and codes.count("osm_points") == 1
    life = next(n for n in preview.notes if n.code == "osm_lifecycle")
    assert "2 đường" in life.vi and "construction: 1" in life.vi


def test_real_pois_seed_premises_candidates(tmp_path: Path) -> None:
    from pipelines.model.store import init_ward

    path = REAL / "hanoi-hoan-kiem-poi-overpass.json"
    if not path.is_file():
        pytest.skip("shared real data not present")
    ward_dir = tmp_path / "w"
    init_ward(ward_dir, name="Phường Thử", crs_metric="EPSG:3405")
    preview = prepare_import(path, ward_dir, ImportOptions(layer="premises"))
    # 104 bars (karaoke, bar, dance hall), 5 hospitals, 1 hotel; 400 restaurants,
    # 257 cafés, 54 fast food … are no premises under management
    assert preview.counts.rows_in == 110 and preview.counts.rejected == 0
    frame = preview.frame
    assert frame["category"].value_counts().to_dict() == {
        "karaoke": 104,
        "healthcare": 5,
        "lodging": 1,
    }
    assert set(frame["origin"]) == {"osm"} and set(frame["location_source"]) == {"coordinates"}
    assert frame["name"].notna().all() and frame["id"].str.startswith("osm-node-").all()
    other = [n for n in preview.notes if n.code == "osm_poi_other"]
    assert len(other) == 1 and "amenity=restaurant: 400" in other[0].vi


def test_poi_ways_become_points_and_unnamed_take_category_and_address(
    tmp_path: Path, tiny_ward: Path
) -> None:
    from tests.ingest.fixtures import lonlat

    ring = [lonlat(50, 50), lonlat(80, 50), lonlat(80, 80), lonlat(50, 80)]
    nodes = [{"type": "node", "id": i, "lon": p[0], "lat": p[1]} for i, p in enumerate(ring, 1)]
    school = {
        "type": "way",
        "id": 20,
        "nodes": [1, 2, 3, 4, 1],
        "tags": {"amenity": "school", "name:vi": "Trường Tiểu học A"},
    }
    fuel = {
        "type": "way",
        "id": 21,
        "center": {"lon": lonlat(20, 20)[0], "lat": lonlat(20, 20)[1]},
        "tags": {"amenity": "fuel", "addr:housenumber": "12", "addr:street": "Phố Huế"},
    }
    hotel = {"type": "node", "id": 9, "lon": ring[0][0], "lat": ring[0][1]}
    hotel["tags"] = {"tourism": "hotel", "name": "Khách sạn <b>"}
    path = _overpass_file(tmp_path, [*nodes, school, fuel, hotel])
    preview = prepare_import(path, tiny_ward, ImportOptions(layer="premises"))
    assert preview.counts.rows_in == 3 and preview.counts.rejected == 0
    frame = preview.frame.set_index("id")
    assert frame.loc["osm-way-20", "geometry"].geom_type == "Point"
    assert frame.loc["osm-way-20", "category"] == "school"
    assert frame.loc["osm-way-21", "name"] == "Cửa hàng xăng dầu, khí đốt — 12 Phố Huế"
    assert frame.loc["osm-way-21", "address"] == "12 Phố Huế"
    assert frame.loc["osm-node-9", "category"] == "lodging"


def _small_xml() -> bytes:
    from tests.ingest.fixtures import lonlat

    corners = [(20, 20), (60, 20), (60, 60), (20, 60), (100, 100), (140, 100), (140, 140)]
    nodes = "".join(
        f'<node id="{i}" version="1" lat="{lonlat(*p)[1]}" lon="{lonlat(*p)[0]}"/>'
        for i, p in enumerate(corners, 1)
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><osm version='0.6'>"
        f"{nodes}"
        '<way id="30" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/>'
        '<tag k="building" v="school"/><tag k="amenity" v="school"/><tag k="name" v="Trường A"/>'
        '<tag k="building:levels" v="3"/></way>'
        '<way id="31" version="1"><nd ref="5"/><nd ref="6"/><nd ref="7"/><nd ref="5"/>'
        '<tag k="natural" v="water"/><tag k="water" v="pond"/></way>'
        '<way id="32" version="1"><nd ref="1"/><nd ref="5"/><nd ref="99"/>'
        '<tag k="highway" v="service"/><tag k="service" v="alley"/><tag k="name" v="Ngach 3"/></way>'
        "</osm>"
    ).encode()


@pytest.mark.parametrize(
    ("layer", "expected"),
    [
        ("buildings", {"osm-way-30": ("Polygon", "use", "public")}),
        ("water_bodies", {"osm-way-31": ("Polygon", "kind", "pond")}),
        ("premises", {"osm-way-30": ("Point", "category", "school")}),
        ("roads", {"osm-way-32": ("LineString", "kind", "ngach")}),
    ],
)
def test_osm_xml_into_every_layer(layer: str, expected: dict, tiny_ward: Path) -> None:
    preview = prepare_import(("small.osm", _small_xml()), tiny_ward, ImportOptions(layer=layer))
    assert preview.counts.rejected == 0, preview.rejects
    frame = preview.frame.set_index("id")
    assert set(frame.index) == set(expected)
    for fid, (geom_type, field, value) in expected.items():
        assert frame.loc[fid, "geometry"].geom_type in (geom_type, f"Multi{geom_type}")
        assert frame.loc[fid, field] == value
    if layer == "roads":  # node 99 is not in the file: the part with nodes is kept, one note
        assert [n.code for n in preview.notes].count("osm_partial") == 1
        assert frame.loc["osm-way-32", "width_m"] == WIDTHS["service=alley"]
