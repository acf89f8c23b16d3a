"""The real Overpass roads file converted in the test to every OSM form: the same roads stored.

``hanoi-hoan-kiem-overpass.json`` (1,495 highway ways) is written as .osm XML (with
``<bounds>`` cutting some ways, and once with the outside nodes left out), .osm.pbf
(pyosmium's writer), Overpass ``out geom`` and ``out center``, Overpass turbo GeoJSON
(flat tags, ``@id``, junction points included), osmtogeojson GeoJSON (tags nested under
``properties.tags``) and ogr2ogr GeoJSON and GeoPackage (``other_tags`` hstore, ``osm_id``):
each must give the same ids, kinds, widths and geometries (within 1e-7°) as the Overpass
form, and no rejected way.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import quoteattr

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from pipelines.ingest import ImportOptions, prepare_import
from pipelines.ingest.preview import ImportPreview
from pipelines.model.store import init_ward

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata" / "osm"
ROADS = REAL / "hanoi-hoan-kiem-overpass.json"
# a box cutting the file's extent: ways crossing it keep nodes outside it
BOUNDS = (21.015, 105.848, 21.035, 105.860)

pytestmark = pytest.mark.skipif(not ROADS.is_file(), reason="shared real data not present")


@pytest.fixture(scope="module")
def overpass() -> dict:
    return json.loads(ROADS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parts(overpass: dict) -> tuple[dict[int, tuple[float, float]], list[dict], list[dict]]:
    elements = overpass["elements"]
    nodes = {e["id"]: (e["lon"], e["lat"]) for e in elements if e["type"] == "node"}
    tagged_nodes = [e for e in elements if e["type"] == "node" and e.get("tags")]
    ways = [e for e in elements if e["type"] == "way"]
    return nodes, tagged_nodes, ways


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ward_dir = tmp_path_factory.mktemp("forms") / "ward"
    init_ward(ward_dir, name="Phường Thử", crs_metric="EPSG:3405")
    return ward_dir


@pytest.fixture(scope="module")
def reference(ward: Path) -> ImportPreview:
    preview = prepare_import(ROADS, ward, ImportOptions(layer="roads"))
    assert preview.counts.rejected == 0 and preview.counts.rows_in == 1495
    return preview


def _roads(preview: ImportPreview) -> pd.DataFrame:
    frame = preview.frame.set_index("id").sort_index()
    return frame[["name", "kind", "width_m", "geometry"]]


def _same_roads(preview: ImportPreview, reference: ImportPreview, *, exact: bool = True) -> None:
    assert preview.counts.rejected == 0, preview.rejects.head()
    got, want = _roads(preview), _roads(reference)
    assert list(got.index) == list(want.index)
    pd.testing.assert_series_equal(got["kind"], want["kind"])
    pd.testing.assert_series_equal(got["width_m"], want["width_m"])
    pd.testing.assert_series_equal(got["name"].fillna(""), want["name"].fillna(""))
    if exact:
        equal = shapely.equals_exact(
            np.asarray(got["geometry"], dtype=object),
            np.asarray(want["geometry"], dtype=object),
            tolerance=1e-7,
        )
        assert equal.all(), list(got.index[~equal][:5])


def _write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _xml(nodes: dict, tagged: list[dict], ways: list[dict], keep: set[int] | None = None) -> str:
    tags_of = {e["id"]: e.get("tags", {}) for e in tagged}
    s, w, n, e = BOUNDS
    out = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        '<osm version="0.6" generator="JOSM">',
        f'  <bounds minlat="{s}" minlon="{w}" maxlat="{n}" maxlon="{e}"/>',
    ]
    for nid in sorted(nodes):
        if keep is not None and nid not in keep:
            continue
        lon, lat = nodes[nid]
        tags = "".join(
            f"<tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags_of.get(nid, {}).items()
        )
        out.append(f'  <node id="{nid}" version="1" lat="{lat}" lon="{lon}">{tags}</node>')
    for way in ways:
        refs = "".join(f'<nd ref="{r}"/>' for r in way["nodes"])
        tags = "".join(f"<tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in way["tags"].items())
        out.append(f'  <way id="{way["id"]}" version="1">{refs}{tags}</way>')
    out.append("</osm>")
    return "\n".join(out)


def _inside(lonlat: tuple[float, float]) -> bool:
    s, w, n, e = BOUNDS
    return s <= lonlat[1] <= n and w <= lonlat[0] <= e


def _line(way: dict, nodes: dict) -> dict:
    return {"type": "LineString", "coordinates": [list(nodes[r]) for r in way["nodes"]]}


def _node_features(tagged: list[dict]) -> list[tuple[str, dict, dict]]:
    return [
        (f"node/{e['id']}", e["tags"], {"type": "Point", "coordinates": [e["lon"], e["lat"]]})
        for e in tagged
    ]


def test_osm_xml_with_bounds_cutting_ways(tmp_path: Path, parts, ward, reference) -> None:
    nodes, tagged, ways = parts
    cut = sum(1 for w in ways if any(not _inside(nodes[r]) for r in w["nodes"]))
    assert 0 < cut < len(ways)  # the bounds cut some ways
    path = _write(tmp_path, "export.osm", _xml(nodes, tagged, ways))
    preview = prepare_import(path, ward, ImportOptions(layer="roads"))
    assert preview.format == "osm_xml"
    _same_roads(preview, reference)


def test_osm_xml_without_the_nodes_outside_keeps_the_parts(
    tmp_path: Path, parts, ward, reference
) -> None:
    nodes, tagged, ways = parts
    keep = {nid for nid, p in nodes.items() if _inside(p)}
    path = _write(tmp_path, "cut.osm", _xml(nodes, tagged, ways, keep))
    preview = prepare_import(path, ward, ImportOptions(layer="roads"))
    partial = [n for n in preview.notes if n.code == "osm_partial"]
    assert len(partial) == 1 and "giữ phần" in partial[0].vi
    # the ways with a part inside are stored, each a part of the reference way
    whole = _roads(reference)
    got = _roads(preview)
    assert len(got) and set(got.index) <= set(whole.index)
    within = [
        shapely.buffer(whole.loc[i, "geometry"], 1e-7).covers(got.loc[i, "geometry"])
        for i in got.index
    ]
    assert all(within)
    inside_ways = sum(1 for w in ways if all(_inside(nodes[r]) for r in w["nodes"]))
    assert len(got) >= inside_ways


def test_osm_pbf_from_pyosmium_writer(tmp_path: Path, parts, ward, reference) -> None:
    import osmium

    nodes, tagged, ways = parts
    tags_of = {e["id"]: e.get("tags", {}) for e in tagged}
    path = tmp_path / "export.osm.pbf"
    with osmium.SimpleWriter(str(path)) as writer:
        for nid in sorted(nodes):
            writer.add_node(
                osmium.osm.mutable.Node(id=nid, location=nodes[nid], tags=tags_of.get(nid, {}))
            )
        for way in sorted(ways, key=lambda w: w["id"]):
            writer.add_way(
                osmium.osm.mutable.Way(id=way["id"], nodes=way["nodes"], tags=way["tags"])
            )
    preview = prepare_import(path, ward, ImportOptions(layer="roads"))
    assert preview.format == "osm_pbf"
    _same_roads(preview, reference)


def test_overpass_out_geom(tmp_path: Path, parts, ward, reference) -> None:
    nodes, _, ways = parts
    elements = [
        {
            "type": "way",
            "id": w["id"],
            "bounds": {},
            "geometry": [{"lat": nodes[r][1], "lon": nodes[r][0]} for r in w["nodes"]],
            "tags": w["tags"],
        }
        for w in ways
    ]
    path = _write(tmp_path, "geom.json", json.dumps({"version": 0.6, "elements": elements}))
    _same_roads(prepare_import(path, ward, ImportOptions(layer="roads")), reference)


def test_overpass_out_center_roads_are_skipped_with_one_note(tmp_path: Path, parts, ward) -> None:
    _, _, ways = parts
    elements = [
        {"type": "way", "id": w["id"], "center": {"lat": 21.03, "lon": 105.85}, "tags": w["tags"]}
        for w in ways[:20]
    ]
    path = _write(tmp_path, "center.json", json.dumps({"elements": elements}))
    preview = prepare_import(path, ward, ImportOptions(layer="roads"))
    assert preview.counts.rows_in == 0
    assert [n.code for n in preview.notes].count("osm_center") == 1


def test_overpass_turbo_geojson(tmp_path: Path, parts, ward, reference) -> None:
    nodes, tagged, ways = parts
    features = [
        {
            "type": "Feature",
            "id": f"way/{w['id']}",
            "properties": {"@id": f"way/{w['id']}", **w["tags"]},
            "geometry": _line(w, nodes),
        }
        for w in ways
    ] + [
        {"type": "Feature", "id": fid, "properties": {"@id": fid, **tags}, "geometry": geom}
        for fid, tags, geom in _node_features(tagged)
    ]
    doc = {"type": "FeatureCollection", "generator": "overpass-turbo", "features": features}
    path = _write(tmp_path, "export.geojson", json.dumps(doc, ensure_ascii=False))
    preview = prepare_import(path, ward, ImportOptions(layer="roads"))
    _same_roads(preview, reference)
    assert [n.code for n in preview.notes].count("osm_points") == 1


def test_osmtogeojson_nested_tags(tmp_path: Path, parts, ward, reference) -> None:
    nodes, tagged, ways = parts
    features = [
        {
            "type": "Feature",
            "id": f"way/{w['id']}",
            "properties": {
                "type": "way",
                "id": w["id"],
                "tags": w["tags"],
                "relations": [],
                "meta": {},
            },
            "geometry": _line(w, nodes),
        }
        for w in ways
    ] + [
        {
            "type": "Feature",
            "id": fid,
            "properties": {"type": "node", "id": int(fid.split("/")[1]), "tags": tags},
            "geometry": geom,
        }
        for fid, tags, geom in _node_features(tagged)
    ]
    doc = {"type": "FeatureCollection", "features": features}
    path = _write(tmp_path, "osmtogeojson.geojson", json.dumps(doc, ensure_ascii=False))
    preview = prepare_import(path, ward, ImportOptions(layer="roads"))
    _same_roads(preview, reference)
    assert not len(preview.rejects)


def _hstore(tags: dict[str, str]) -> str | None:
    def esc(v: str) -> str:
        return v.replace("\\", "\\\\").replace('"', '\\"')

    items = [f'"{esc(k)}"=>"{esc(v)}"' for k, v in tags.items()]
    return ",".join(items) or None


_PROMOTED = ("name", "highway", "waterway", "aerialway", "barrier", "man_made")


def _ogr_rows(ways: list[dict], nodes: dict) -> gpd.GeoDataFrame:
    rows = []
    for w in ways:
        tags = dict(w["tags"])
        row = {"osm_id": str(w["id"])}
        row.update({k: tags.pop(k, None) for k in _PROMOTED})
        row["z_order"] = 3
        row["other_tags"] = _hstore(tags)
        rows.append(row)
    geoms = [shapely.LineString([nodes[r] for r in w["nodes"]]) for w in ways]
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


def test_ogr2ogr_geojson_other_tags(tmp_path: Path, parts, ward, reference) -> None:
    nodes, _, ways = parts
    path = tmp_path / "lines.geojson"
    _ogr_rows(ways, nodes).to_file(path, driver="GeoJSON")
    _same_roads(prepare_import(path, ward, ImportOptions(layer="roads")), reference)


def test_ogr2ogr_geopackage_other_tags(tmp_path: Path, parts, ward, reference) -> None:
    nodes, tagged, ways = parts
    path = tmp_path / "hoankiem.gpkg"
    points = gpd.GeoDataFrame(
        [{"osm_id": str(e["id"]), "name": None, "other_tags": _hstore(e["tags"])} for e in tagged],
        geometry=[shapely.Point(e["lon"], e["lat"]) for e in tagged],
        crs="EPSG:4326",
    )
    points.to_file(path, layer="points", driver="GPKG")
    _ogr_rows(ways, nodes).to_file(path, layer="lines", driver="GPKG")
    preview = prepare_import(path, ward, ImportOptions(layer="roads"))
    assert preview.sheet == "lines"
    _same_roads(preview, reference)


def test_reimport_in_another_form_updates(tmp_path: Path, parts, reference) -> None:
    from pipelines.ingest import commit_import

    nodes, _, ways = parts
    ward_dir = tmp_path / "w"
    init_ward(ward_dir, name="Phường Thử", crs_metric="EPSG:3405")
    commit_import(prepare_import(ROADS, ward_dir, ImportOptions(layer="roads")))
    path = tmp_path / "lines.geojson"
    _ogr_rows(ways, nodes).to_file(path, driver="GeoJSON")
    again = prepare_import(path, ward_dir, ImportOptions(layer="roads"))
    assert again.counts.new == 0 and again.counts.rejected == 0
    assert again.counts.unchanged == 1495
