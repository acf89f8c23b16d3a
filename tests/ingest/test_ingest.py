"""Import fixtures made in code: every format, encoding and coordinate case.

For every fixture: rows in = rows stored + rows rejected, the expected features land where
they should (VN-2000 cases against pyproj's EPSG transformation, < 1 m), rejected rows
carry their row number and a Vietnamese reason, the commit keeps a backup, the original
file and the rejects (CSV and XLSX), and importing the same file again changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from pipelines.ingest import (
    ImportOptions,
    commit_import,
    load_mapping,
    prepare_import,
    save_mapping,
)
from pipelines.model.store import list_backups, read_layer
from tests.ingest.fixtures import FIXTURES, distance_m, lonlat, tcvn3_vn2000_points


def _attr(obj: object, dotted: str) -> object:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_imports_without_losing_rows(name: str, tiny_ward: Path, tmp_path: Path) -> None:
    case = FIXTURES[name](tmp_path)
    before = read_layer(tiny_ward, case.layer)
    preview = prepare_import(case.path, tiny_ward, case.import_options())
    c = preview.counts
    assert c.rows_in == c.stored + c.rejected
    assert c.rows_in == c.new + c.updated + c.unchanged + c.rejected
    assert (c.stored, c.rejected) == (case.stored, case.rejected), preview.rejects.iloc[:, :3]
    assert len(preview.rejects) == c.rejected
    assert preview.rejects["Lý do"].str.len().gt(0).all()
    for row, fragment in case.reasons:
        reasons = preview.rejects.set_index("Dòng")["Lý do"]
        assert row in reasons.index, (row, preview.rejects.iloc[:, :3])
        assert fragment in reasons[row]
    for attribute, expected in case.detections.items():
        assert _attr(preview, attribute) == expected, attribute

    result = commit_import(preview)
    after = read_layer(tiny_ward, case.layer).set_index("id")
    assert len(after) == len(before) + c.new
    for fid, position in case.positions.items():
        assert distance_m(position, (after.geometry[fid].x, after.geometry[fid].y)) < 1.0
    for fid, values in case.values.items():
        for field_name, expected in values.items():
            assert after.loc[fid, field_name] == expected, (fid, field_name)
    assert result.original.read_bytes() == case.path.read_bytes()
    assert result.original.parent.name == "imports"
    if c.rejected:
        assert result.rejects_csv.is_file() and result.rejects_xlsx.is_file()
        rejects = pd.read_csv(result.rejects_csv, encoding="utf-8-sig")
        assert len(rejects) == c.rejected
        assert list(rejects.columns[:4]) == ["Dòng", "Trường", "Lý do", "Reason"]
    if c.new or c.updated:
        assert result.backup is not None and result.backup.is_file()

    again = prepare_import(case.path, tiny_ward, case.import_options())
    assert again.counts.new == 0 and again.counts.updated == 0
    assert again.counts.unchanged == c.stored


def test_tcvn3_headers_and_tm3_coordinates_match_pyproj(tiny_ward: Path, tmp_path: Path) -> None:
    case = FIXTURES["xlsx_tcvn3_vn2000"](tmp_path)
    preview = prepare_import(case.path, tiny_ward, case.import_options())
    assert preview.crs.crs == "EPSG:9214"
    mapping = preview.mapping_dict()
    assert mapping["Tên cơ sở"] == "name"
    assert mapping["Tọa độ VN-2000 X (m)"] == "coord_x"
    assert mapping["Tọa độ VN-2000 Y (m)"] == "coord_y"
    assert set(preview.conversions["encoding"]) == {"tcvn3"}
    assert "ủy ban nhân dân phường thử" in set(preview.conversions["after"])
    names = preview.frame.set_index("name")
    to_wgs84 = Transformer.from_crs("EPSG:9214", "EPSG:4326", always_xy=True)
    for name, x, y, lon, lat in tcvn3_vn2000_points():
        point = names.geometry[name]
        expected = to_wgs84.transform(y, x)
        assert distance_m((point.x, point.y), expected) < 1.0
        assert distance_m((point.x, point.y), (lon, lat)) < 1.0
    categories = dict(zip(preview.frame["name"], preview.frame["category"], strict=True))
    assert categories == {
        "Karaoke Hoàng Gia": "karaoke",
        "Nhà trọ Bình Minh": "boarding_house",
        "Cửa hàng xăng dầu số 1": "fuel_gas",
    }
    assert preview.samples["Địa chỉ"][0] == "Số 1, ngõ 5"


def test_utm_coordinates_match_pyproj(tiny_ward: Path, tmp_path: Path) -> None:
    case = FIXTURES["xlsx_utm"](tmp_path)
    preview = prepare_import(case.path, tiny_ward, case.import_options())
    assert preview.crs.crs == "EPSG:3405" and preview.crs.source == "boundary"
    for fid, (e, n) in {"WS1": (60, 60), "WS2": (180, 140)}.items():
        point = preview.frame.set_index("id").geometry[fid]
        assert distance_m((point.x, point.y), lonlat(e, n)) < 1.0


def test_crs_override_wins_over_detection(tiny_ward: Path, tmp_path: Path) -> None:
    case = FIXTURES["xlsx_utm"](tmp_path)
    preview = prepare_import(
        case.path, tiny_ward, ImportOptions(layer="water_sources", crs="EPSG:9214")
    )
    assert preview.crs.source == "override"
    # the UTM numbers read as TM-3 107° fall far east of the ward: rejected with the reason
    assert preview.counts.rejected == 2
    assert preview.rejects["Lý do"].str.contains("ngoài").all()


def test_user_mapping_override_and_saved_mapping(tiny_ward: Path, tmp_path: Path) -> None:
    case = FIXTURES["csv_semicolon"](tmp_path)
    options = ImportOptions(layer="premises", columns={"Địa chỉ": "note"})
    preview = prepare_import(case.path, tiny_ward, options)
    assert preview.mapping_dict()["Địa chỉ"] == "note"
    assert preview.frame["address"].isna().all()
    assert preview.frame["note"].notna().all()
    save_mapping(tiny_ward, "premises", columns=preview.mapping_dict())
    saved = load_mapping(tiny_ward, "premises")
    assert saved.columns["dia chi"] == "note"
    again = prepare_import(case.path, tiny_ward, ImportOptions(layer="premises"))
    assert again.mapping_dict()["Địa chỉ"] == "note"
    match = next(m for m in again.mapping if m.column == "Địa chỉ")
    assert match.source == "saved" and "address" in match.alternatives


def test_value_override_and_defaults(tiny_ward: Path, tmp_path: Path) -> None:
    case = FIXTURES["csv_semicolon"](tmp_path)
    options = ImportOptions(layer="premises", values={"category": {"Nhà hàng": "other"}})
    preview = prepare_import(case.path, tiny_ward, options)
    assert preview.value_maps["category"]["Nhà hàng"] == "other"
    assert preview.counts.rejected == 2
    rows = pd.DataFrame(
        {"Tên": ["Trụ 9"], "Vĩ độ": [lonlat(10, 10)[1]], "Kinh độ": [lonlat(10, 10)[0]]}
    )
    path = tmp_path / "tru.csv"
    rows.to_csv(path, index=False)
    missing = prepare_import(path, tiny_ward, ImportOptions(layer="water_sources"))
    assert missing.counts.rejected == 1
    assert "thiếu giá trị bắt buộc" in missing.rejects["Lý do"].iloc[0]
    filled = prepare_import(
        path,
        tiny_ward,
        ImportOptions(layer="water_sources", defaults={"kind": "Trụ nước", "status": "tốt"}),
    )
    assert filled.counts.new == 1
    assert filled.frame[["kind", "status"]].iloc[0].tolist() == ["hydrant", "working"]


def test_updated_list_updates_instead_of_duplicating(tiny_ward: Path, tmp_path: Path) -> None:
    case = FIXTURES["tsv_utf16"](tmp_path)
    commit_import(prepare_import(case.path, tiny_ward, case.import_options()))
    lon, lat = lonlat(30, 30)
    path = tmp_path / "update.csv"
    pd.DataFrame(
        {
            "Mã trụ": ["T1", "T9"],
            "Tình trạng": ["Hỏng", "Tốt"],
            "Loại": ["trụ", "trụ"],
            "Vĩ độ": [None, lat],
            "Kinh độ": [None, lon],
        }
    ).to_csv(path, index=False)
    preview = prepare_import(path, tiny_ward, ImportOptions(layer="water_sources"))
    assert (preview.counts.new, preview.counts.updated) == (1, 1)
    commit_import(preview)
    stored = read_layer(tiny_ward, "water_sources").set_index("id")
    assert stored.loc["T1", "status"] == "out_of_service"
    assert stored.loc["T1", "name"] == "Trụ nước số 1"  # empty cells keep stored values
    assert distance_m((stored.geometry["T1"].x, stored.geometry["T1"].y), lonlat(30, 30)) < 1.0
    assert len(list_backups(tiny_ward)) >= 2


def test_duplicates_are_flagged(tiny_ward: Path, tmp_path: Path) -> None:
    lon, lat = lonlat(100, 100)
    path = tmp_path / "dup.csv"
    pd.DataFrame(
        {
            "Mã": ["A", "A", "B", "C"],
            "Tên cơ sở": ["Karaoke X", "Karaoke X lặp", "Nhà trọ Y", "nha tro y"],
            "Loại hình": ["karaoke", "karaoke", "nhà trọ", "nhà trọ"],
            "Vĩ độ": [lat, lat, lat + 1e-5, lat + 2e-5],
            "Kinh độ": [lon, lon, lon, lon],
        }
    ).to_csv(path, index=False)
    preview = prepare_import(path, tiny_ward, ImportOptions(layer="premises"))
    assert preview.counts.rejected == 1
    assert "trùng mã với dòng 2" in preview.rejects["Lý do"].iloc[0]
    kinds = preview.duplicates.groupby("kind").size().to_dict()
    assert kinds == {"same_id": 1, "same_name_near": 1}


def test_ward_boundary_import_sets_the_boundary(tiny_ward: Path, tmp_path: Path) -> None:
    box = shapely.box(*lonlat(-10, -10), *lonlat(400, 300))
    path = tmp_path / "ranh_gioi.geojson"
    import geopandas as gpd

    gpd.GeoDataFrame({"ten": ["Phường Thử mới"]}, geometry=[box], crs="EPSG:4326").to_file(path)
    preview = prepare_import(path, tiny_ward, ImportOptions(layer="ward_boundary"))
    assert preview.counts.new == 1
    commit_import(preview)
    boundary = read_layer(tiny_ward, "ward_boundary")
    assert len(boundary) == 1 and boundary["name"].iloc[0] == "Phường Thử mới"
    assert boundary.geometry.iloc[0].equals(box)


def test_empty_and_unusable_files(tiny_ward: Path, tmp_path: Path) -> None:
    from pipelines.model.errors import InputFileError

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputFileError, match="0 bytes"):
        prepare_import(empty, tiny_ward, ImportOptions(layer="premises"))
    odd = tmp_path / "data.bin"
    odd.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(InputFileError, match="unknown file format"):
        prepare_import(odd, tiny_ward, ImportOptions(layer="premises"))
    osm = FIXTURES["osm_xml_roads"](tmp_path)
    with pytest.raises(InputFileError, match="OpenStreetMap data imports into"):
        prepare_import(osm.path, tiny_ward, ImportOptions(layer="households"))
    case = FIXTURES["xlsx_utm"](tmp_path)
    with pytest.raises(InputFileError, match="'sheet' should be one of"):
        prepare_import(case.path, tiny_ward, ImportOptions(layer="water_sources", sheet="Không có"))


def test_osm_multipolygon_keeps_its_hole(tiny_ward: Path, tmp_path: Path) -> None:
    case = FIXTURES["osm_xml_water"](tmp_path)
    preview = prepare_import(case.path, tiny_ward, case.import_options())
    lake = preview.frame.set_index("id").geometry["osm-relation-40"]
    hole = shapely.box(*lonlat(232, 42), *lonlat(248, 58))
    assert lake.area > 0 and not lake.intersects(hole)
    assert any(n.code == "osm_filter" for n in preview.notes)
