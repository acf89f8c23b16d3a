"""Each stage of an import alone, on tiny data built in code.

read → map columns → convert values → locate → validate (checks, duplicates) → compare;
every stage takes and returns typed values, so each is tried here without a ward folder
(except *read*, which reads bytes, and the context, which reads a ward).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from pipelines.ingest import headers
from pipelines.ingest.checks import Checked, check_features, check_location
from pipelines.ingest.columns import map_columns
from pipelines.ingest.compare import compare_with_store, count_rows
from pipelines.ingest.context import ImportContext, RowProblems, load_context
from pipelines.ingest.duplicates import flag_duplicates
from pipelines.ingest.locate import Located, fit_geometry_kind, locate, read_geometry
from pipelines.ingest.read import load_bytes, numeric_columns, read_table
from pipelines.ingest.rejects import problem_list, rejects_table
from pipelines.ingest.source import ReadOptions, SourceTable
from pipelines.ingest.values import convert_values
from pipelines.model.errors import InputFileError, StoreError
from pipelines.model.schema import STORAGE_CRS, get_layer
from pipelines.model.settings import WardConfig, WardSection
from tests.conftest import _xy

PREMISES = get_layer("premises")
# The tiny ward of tests/conftest.py: 300 m × 200 m from (106.200, 21.270).
AREA = shapely.box(*_xy(-50, -50), *_xy(350, 250))


def _ctx(layer: str = "premises", existing: gpd.GeoDataFrame | None = None) -> ImportContext:
    config = WardConfig(ward=WardSection(name="Phường Thử", crs_metric="EPSG:9214"))
    if existing is None:
        existing = _layer_frame(layer, {"id": []}, [])
    return ImportContext(get_layer(layer), config, existing, AREA, Path("/nonexistent"))


def _layer_frame(layer: str, columns: dict[str, list[object]], geoms: list) -> gpd.GeoDataFrame:
    """Return a frame with every field of ``layer`` (``None`` where ``columns`` lacks it)."""
    n = len(geoms)
    data = {f: columns.get(f, [None] * n) for f in get_layer(layer).field_names}
    return gpd.GeoDataFrame(pd.DataFrame(data, dtype=object), geometry=geoms, crs=STORAGE_CRS)


def _table(columns: dict[str, list[object]], **extra: object) -> SourceTable:
    frame = pd.DataFrame(columns)
    return SourceTable(frame, np.arange(len(frame)) + 2, "csv", **extra)


def _vn2000(east_m: float, north_m: float) -> tuple[float, float]:
    """Return (X = northing, Y = easting) in VN-2000 Bắc Giang (EPSG:9214) of a tiny-ward spot."""
    lon, lat = _xy(east_m, north_m)
    e, n = Transformer.from_crs("EPSG:4326", "EPSG:9214", always_xy=True).transform(lon, lat)
    return round(n, 2), round(e, 2)


# ---------------------------------------------------------------------- read


def test_read_takes_bytes_or_a_path_and_names_numeric_columns(tmp_path: Path) -> None:
    assert load_bytes(("folder/list.csv", b"a")) == ("list.csv", b"a")
    with pytest.raises(InputFileError, match="cannot read"):
        load_bytes(tmp_path / "missing.csv")
    numeric = numeric_columns(PREMISES)
    assert numeric(["Tên cơ sở", "Số tầng", "Vĩ độ", "Kinh độ", "Mã"]) == {
        "Số tầng",
        "Vĩ độ",
        "Kinh độ",
    }
    data = "Mã;Tên cơ sở;Số tầng\n007;Nhà trọ An;3\n".encode()
    table = read_table("list.csv", data, ReadOptions(layer="premises", numeric_columns=numeric))
    assert table.frame["Mã"].tolist() == ["007"]  # text keeps its leading zeros
    assert table.frame["Số tầng"].tolist() == [3]
    assert table.row_numbers.tolist() == [2]
    with pytest.raises(InputFileError, match="'text_mode' should be one of"):
        read_table("list.csv", data, ReadOptions(layer="premises", text_mode="latin"))


# ---------------------------------------------------------------------- map columns


def test_map_columns_names_fields_and_coordinate_roles() -> None:
    table = _table(
        {
            "Tên cơ sở": ["A"],
            "Loại hình": ["Nhà trọ"],
            "Vĩ độ": ["21,27"],
            "Kinh độ": ["106,2"],
            "Ghi chú riêng": ["x"],
        }
    )
    mapped = map_columns(table, PREMISES, _ctx().config.ingest, overrides={"Ghi chú riêng": None})
    assert list(mapped.fields.columns) == ["name", "category"]
    assert set(mapped.coords) == {"coord_lat", "coord_lon"}
    assert mapped.coords["coord_lat"].tolist() == ["21,27"]
    by_column = {m.column: (m.target, m.source) for m in mapped.matches}
    assert by_column["Ghi chú riêng"] == (None, "user")
    assert not mapped.osm


def test_map_columns_for_points_looks_only_for_coordinates_name_and_id() -> None:
    table = _table({"kinh_do": [1], "vi_do": [2], "Tên": ["A"], "Loại hình": ["Chợ"]})
    mapped = map_columns(table, headers.POINTS, _ctx().config.ingest)
    assert set(mapped.coords) == {"coord_lon", "coord_lat"}
    assert list(mapped.fields.columns) == ["name"]


# ---------------------------------------------------------------------- convert values


def test_convert_values_by_field_kind_with_problems_per_row() -> None:
    fields = pd.DataFrame(
        {
            "id": [7.0, " CS-2 ", None],
            "name": ["A", "B", "C"],
            "category": ["Nhà trọ", "KD karaoke", "không rõ"],
            "floors": ["3", "hai", "1.200"],
            "last_inspection": [45292, "01/02/2024", None],
        }
    )
    before = fields.copy()
    out = convert_values(fields, _ctx(), defaults={"address": "Số 1"})
    pd.testing.assert_frame_equal(fields, before)  # the input is left as it was
    f = out.fields
    assert f["id"].tolist()[:2] == ["7", "CS-2"]
    assert f["category"].tolist() == ["boarding_house", "karaoke", "không rõ"]
    assert f["floors"].tolist()[0] == 3 and f["floors"].tolist()[2] == 1200
    assert f["last_inspection"].iloc[0] == pd.Timestamp("2024-01-01")
    assert f["address"].tolist() == ["Số 1"] * 3
    # no management-level column: the category's default (an unknown category has none)
    assert f["management_level"].tolist()[:2] == ["ward", "police"]
    assert out.problems == ((1, "floors", "hai", "phải là số nguyên", "should be a whole number"),)
    assert out.value_maps["category"]["Nhà trọ"] == "boarding_house"
    assert {"address", "management_level"} <= out.provided
    assert [n.code for n in out.notes] == ["default", "management_level"]
    with pytest.raises(InputFileError, match="'defaults' should name fields"):
        convert_values(fields, _ctx(), defaults={"colour": "red"})


def test_convert_values_reads_clock_times() -> None:
    fields = pd.DataFrame({"kind": ["cổng"], "closed_from": ["22h"], "closed_to": [0.25]})
    out = convert_values(fields, _ctx("barriers"))
    assert out.fields["closed_from"].tolist() == ["22:00"]
    assert out.fields["closed_to"].tolist() == ["06:00"]


# ---------------------------------------------------------------------- locate


def test_locate_reads_comma_decimals_vn2000_and_swapped_axes() -> None:
    lon, lat = _xy(100, 100)
    x, y = _vn2000(200, 50)
    table = _table(
        {
            "lat": [f"{lat}".replace(".", ","), f"{lon}", "abc"],
            "lon": [f"{lon}".replace(".", ","), f"{lat}", "106,2"],
        }
    )
    coords = {"coord_lat": table.frame["lat"], "coord_lon": table.frame["lon"]}
    geom = read_geometry(table, coords, ward_crs="EPSG:9214", area=AREA)
    assert shapely.get_x(geom.geoms[0]) == pytest.approx(lon)
    assert shapely.get_y(geom.geoms[1]) == pytest.approx(lat)  # swapped back
    assert geom.swapped == 1
    assert geom.geoms[2] is None and geom.problems[0][:3] == (2, "Vĩ độ", "abc")

    table = _table({"X": [x], "Y": [y]})
    coords = {"coord_x": table.frame["X"], "coord_y": table.frame["Y"]}
    geom = read_geometry(table, coords, ward_crs="EPSG:9214", area=AREA)
    assert geom.x_is_northing is True and geom.crs.crs == "EPSG:9214"
    assert shapely.distance(geom.geoms[0], shapely.Point(_xy(200, 50))) < 1e-6


def test_locate_flags_rows_without_position_or_address() -> None:
    table = _table({"name": ["A", "B"]})
    fields = pd.DataFrame({"name": ["A", "B"]})
    located = locate(table, {}, fields, _ctx())
    assert located.origin.tolist() == [0, 1]
    assert [p[0] for p in located.problems] == [0, 1]
    assert located.problems[0][3] == "thiếu tọa độ và không có địa chỉ để tìm vị trí"
    assert [n.code for n in located.notes] == ["no_coordinates"]


def test_fit_geometry_kind_makes_points_and_splits_lines() -> None:
    square = shapely.box(0, 0, 2, 2)
    points, origin, notes = fit_geometry_kind(np.array([square, None], dtype=object), "Point")
    assert shapely.contains(square, points[0]) and points[1] is None
    assert origin.tolist() == [0, 1] and notes[0].code == "representative_point"
    apart = shapely.MultiLineString([[(0, 0), (1, 0)], [(5, 5), (6, 5)]])
    line = shapely.LineString([(0, 0), (0, 1)])
    lines, origin, notes = fit_geometry_kind(np.array([line, apart], dtype=object), "LineString")
    assert origin.tolist() == [0, 1, 1] and len(lines) == 3
    assert notes[0].code == "explode"


# ---------------------------------------------------------------------- validate


def test_check_location_outside_vietnam_and_outside_the_ward() -> None:
    geoms = np.array(
        [shapely.Point(_xy(100, 100)), shapely.Point(_xy(100, 900)), shapely.Point(2, 48), None],
        dtype=object,
    )
    problems, notes = check_location(geoms, kind="Point", area=AREA, margin_m=200)
    assert [(p[0], p[2]) for p in problems] == [
        (2, "48.00000, 2.00000"),
        (1, "21.27814, 106.20096"),
    ]
    assert problems[0][3].startswith("nằm ngoài lãnh thổ Việt Nam (kinh độ 102,14")
    assert problems[1][3] == "nằm ngoài ranh giới phường (xa hơn 200 m)"
    assert notes == []
    _, notes = check_location(geoms, kind="Point", area=None, margin_m=200)
    assert [n.code for n in notes] == ["no_boundary"]


def test_check_features_gives_ids_and_rejects_whole_rows() -> None:
    fields = pd.DataFrame({"name": ["A", "B", None], "category": ["karaoke", "market", "karaoke"]})
    geoms = np.array([shapely.Point(_xy(10, 10)), shapely.Point(_xy(20, 20)), None], dtype=object)
    located = Located(geoms, np.arange(3))
    row_problems = [(1, "floors", "x", "phải là số nguyên", "should be a whole number")]
    checked = check_features(fields, located, row_problems, _ctx(), np.array([2, 3, 4]))
    assert checked.frame["id"].str.startswith("cs-").all()
    assert [n.code for n in checked.notes] == ["generated_ids"]
    assert checked.accepted.tolist() == [True, False, False]
    assert checked.row_rejected.tolist() == [False, True, True]
    reasons = {p[0]: p[4] for p in checked.problems}
    assert reasons[1] == "should be a whole number"
    assert "name" in {p[1] for p in checked.problems if p[0] == 2}


def test_flag_duplicates_rejects_repeated_ids_and_flags_near_names() -> None:
    frame = _layer_frame(
        "premises",
        {"id": ["a", "a", "b", "c"], "name": ["Chợ", "Chợ", "CHỢ", "Nhà"]},
        [shapely.Point(_xy(x, y)) for x, y in ((0, 0), (90, 90), (2, 0), (3, 0))],
    )
    checked = Checked(frame, np.array([2, 3, 4, 5]), np.arange(4), 4)
    flagged = flag_duplicates(checked, _ctx())
    assert flagged.accepted.tolist() == [True, False, True, True]
    kinds = flagged.duplicates[["Dòng", "kind", "other"]].values.tolist()
    assert [3, "same_id", "2"] in kinds and [2, "same_name_near", "4"] in kinds


# ---------------------------------------------------------------------- compare


def test_compare_with_store_new_updated_unchanged_and_counts() -> None:
    existing = _layer_frame(
        "firefighting_points",
        {"id": ["a", "b"], "name": ["A", "B"], "note": ["kept", None]},
        [shapely.Point(1, 1), shapely.Point(2, 2)],
    )
    frame = _layer_frame(
        "firefighting_points",
        {"id": ["a", "b", "c"], "name": ["A", "B2", "C"]},
        [shapely.Point(1, 1), None, shapely.Point(3, 3)],
    )
    layer = get_layer("firefighting_points")
    compared = compare_with_store(frame, existing, layer, {"name", "note", "geometry"})
    assert compared.status.tolist() == ["unchanged", "updated", "new"]
    assert compared.frame["note"].tolist()[0] == "kept"  # empty cell keeps the stored value
    assert compared.frame.geometry.iloc[1].equals(shapely.Point(2, 2))  # and the geometry
    counts = count_rows(4, np.array([False, False, False, True]), np.arange(3), compared.status)
    assert counts.as_dict() == {"rows_in": 4, "new": 1, "updated": 1, "unchanged": 1, "rejected": 1}


# ---------------------------------------------------------------------- rejects


def test_rejects_table_one_line_per_row_with_every_reason() -> None:
    table = _table({"Tên": ["A", "B"], "Dòng": ["x", "y"]})
    rows = RowProblems(2)
    rows.add([1, 1], "geometry", [None, None], "thiếu tọa độ", "no coordinates")
    rows.add([1], "floors", "hai", "phải là số nguyên", "should be a whole number")
    rejects = rejects_table(table, PREMISES, rows.problems, np.arange(2), rows.rejected())
    assert rejects.columns.tolist() == ["Dòng", "Trường", "Lý do", "Reason", "Tên", "Dòng (gốc)"]
    line = rejects.iloc[0]
    assert line["Dòng"] == 3 and line["Trường"] == "Tọa độ; Số tầng"
    assert line["Lý do"] == "Tọa độ: thiếu tọa độ; Số tầng: phải là số nguyên"
    assert [p.feature_id for p in problem_list("premises", rows.problems, np.array([2, 3]))] == [
        "3",
        "3",
    ]


def test_load_context_needs_a_ward_folder(tmp_path: Path, tiny_ward: Path) -> None:
    with pytest.raises(StoreError, match="is not a ward folder"):
        load_context(tmp_path, PREMISES)
    ctx = load_context(tiny_ward, PREMISES)
    assert len(ctx.existing) and ctx.area is not None
    points = load_context(tiny_ward, headers.POINTS)
    assert points.existing.empty and points.area is not None
