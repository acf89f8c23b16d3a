"""A file of points (the planner's candidate sites) read with the import's stages.

The same three spots of the tiny ward, written as a ``kinh_do;vi_do`` CSV with decimal
commas, a VN-2000 X/Y table (X = northing), an XLSX with swapped columns, GeoJSON and KML,
come out as the same points; rows that cannot be placed are rejected with their row number
and a Vietnamese reason; a file with no usable point raises ``InputFileError``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from pipelines import cli
from pipelines.ingest import POINT_SUFFIXES, read_points
from pipelines.model.errors import InputFileError, error_message
from pipelines.model.store import open_ward
from pipelines.network.analysis import analyze_ward
from pipelines.planning import planning_problem
from tests.conftest import _xy

# Three spots inside the tiny ward (tests/conftest.py), metres east and north of its corner.
SPOTS = {"Ngõ 5": (100, 170), "Chợ": (200, 50), "Đình": (280, 120)}


def _lonlat() -> dict[str, tuple[float, float]]:
    return {name: _xy(*m) for name, m in SPOTS.items()}


def _comma(value: float, decimals: int = 7) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def _assert_spots(points, *, tolerance_deg: float = 1e-6) -> None:
    """The points are the three spots, in file order, with their names."""
    assert points.crs == "EPSG:4326"
    assert points["name"].tolist() == list(SPOTS)
    for geom, (lon, lat) in zip(points.geometry, _lonlat().values(), strict=True):
        assert geom.x == pytest.approx(lon, abs=tolerance_deg)
        assert geom.y == pytest.approx(lat, abs=tolerance_deg)
    assert (points["source"] == "file").all()


def test_kinh_do_vi_do_with_decimal_commas(tiny_ward: Path, tmp_path: Path) -> None:
    lines = ["ten;kinh_do;vi_do"] + [
        f"{name};{_comma(lon)};{_comma(lat)}" for name, (lon, lat) in _lonlat().items()
    ]
    path = tmp_path / "vi-tri.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_points(path, tiny_ward)
    _assert_spots(read.points, tolerance_deg=1e-9)
    assert read.points["row"].tolist() == [2, 3, 4]
    assert read.rows_in == 3 and read.rejects.empty
    assert read.format == "csv"


def test_vn2000_x_is_the_northing(tiny_ward: Path, tmp_path: Path) -> None:
    to_vn2000 = Transformer.from_crs("EPSG:4326", "EPSG:9214", always_xy=True)
    lines = ["STT,Tên,X (m),Y (m)"]
    for i, (name, (lon, lat)) in enumerate(_lonlat().items(), start=1):
        east, north = to_vn2000.transform(lon, lat)
        lines.append(f'{i},{name},"{_comma(north, 3)}","{_comma(east, 3)}"')
    path = tmp_path / "vn2000.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_points(path, tiny_ward)
    _assert_spots(read.points)
    assert read.crs is not None and read.crs.crs == "EPSG:9214"
    # the ward's own zone, given as an override, gives the same points
    _assert_spots(read_points(path, tiny_ward, crs="EPSG:9214").points)


def test_swapped_columns_in_a_workbook(tiny_ward: Path, tmp_path: Path) -> None:
    path = tmp_path / "vi-tri.xlsx"
    rows = [(name, lat, lon) for name, (lon, lat) in _lonlat().items()]
    # "Kinh độ" holds latitudes and "Vĩ độ" longitudes: detected and swapped back
    pd.DataFrame(rows, columns=["Tên điểm", "Kinh độ", "Vĩ độ"]).to_excel(path, index=False)
    read = read_points(path, tiny_ward)
    _assert_spots(read.points, tolerance_deg=1e-9)
    assert "swapped" in {n.code for n in read.notes}


def test_the_same_points_from_geojson_and_kml(tiny_ward: Path, tmp_path: Path) -> None:
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        }
        for name, (lon, lat) in _lonlat().items()
    ]
    geojson = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    _assert_spots(
        read_points(("vi-tri.geojson", geojson.encode()), tiny_ward).points, tolerance_deg=1e-9
    )
    placemarks = "".join(
        f"<Placemark><name>{name}</name><Point><coordinates>{lon},{lat},0</coordinates></Point>"
        "</Placemark>"
        for name, (lon, lat) in _lonlat().items()
    )
    kml = (
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
        f"<Document><Folder><name>Vị trí</name>{placemarks}</Folder></Document></kml>"
    )
    path = tmp_path / "vi-tri.kml"
    path.write_text(kml, encoding="utf-8")
    _assert_spots(read_points(path, tiny_ward).points, tolerance_deg=1e-9)


def test_a_polygon_gives_a_point_inside_it(tiny_ward: Path) -> None:
    square = shapely.box(*_xy(90, 160), *_xy(110, 180))
    doc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(square)}
        ],
    }
    read = read_points(("khu-dat.geojson", json.dumps(doc).encode()), tiny_ward)
    assert square.contains(read.points.geometry.iloc[0])


def test_rows_that_cannot_be_placed_are_rejected_with_row_and_reason(
    tiny_ward: Path, tmp_path: Path
) -> None:
    (lon, lat), far = _xy(100, 170), _xy(100, 900)
    lines = [
        "kinh_do;vi_do",
        f"{_comma(lon)};{_comma(lat)}",
        "abc;21,27",
        f"{_comma(far[0])};{_comma(far[1])}",
        ";21,27",
        "2,35;48,85",
    ]
    path = tmp_path / "vi-tri.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_points(path, tiny_ward)
    assert read.points["row"].tolist() == [2]
    assert read.rows_in == len(read.points) + len(read.rejects) == 5
    reasons = dict(zip(read.rejects["Dòng"], read.rejects["Lý do"], strict=True))
    assert set(reasons) == {3, 4, 5, 6}
    assert "tọa độ không đọc được" in reasons[3]
    assert "nằm ngoài ranh giới phường" in reasons[4]
    assert "thiếu tọa độ" in reasons[5]
    assert "nằm ngoài lãnh thổ Việt Nam" in reasons[6]
    assert read.reasons("vi").startswith("Dòng 3 — Kinh độ: tọa độ không đọc được")
    assert read.reasons("en").startswith("Row 3 — Kinh độ: unreadable coordinate")
    assert read.reasons("vi", limit=1).endswith("; …")


def test_unusable_files_raise_with_a_vietnamese_message(tiny_ward: Path, tmp_path: Path) -> None:
    no_coordinates = tmp_path / "danh-sach.csv"
    no_coordinates.write_text("Tên,Địa chỉ\nA,Số 1\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="needs coordinate columns") as info:
        read_points(no_coordinates, tiny_ward)
    assert error_message(info.value, "vi").startswith("Tệp danh-sach.csv không có cột tọa độ")
    nothing_usable = tmp_path / "xa.csv"
    far = _xy(100, 5000)
    nothing_usable.write_text(f"lat,lon\n{far[1]},{far[0]}\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="holds no point with usable coordinates") as info:
        read_points(nothing_usable, tiny_ward)
    message = error_message(info.value, "vi")
    assert "không có điểm nào có tọa độ dùng được" in message
    assert "Dòng 2 — Tọa độ: nằm ngoài ranh giới phường" in message
    with pytest.raises(InputFileError, match="unknown file format") as info:
        read_points(("vi-tri.docx", b"\x00\x01 not a table"), tiny_ward)
    assert error_message(info.value, "vi").startswith("Không nhận ra định dạng")
    assert ".csv" in POINT_SUFFIXES and ".osm" not in POINT_SUFFIXES


def test_sites_from_a_file_become_candidates(tiny_ward: Path, tmp_path: Path) -> None:
    (lon, lat), far = _xy(100, 170), _xy(100, 240)  # the second 40 m outside the boundary
    path = tmp_path / "sites.csv"
    path.write_text(
        f"kinh_do;vi_do\n{_comma(lon)};{_comma(lat)}\n{_comma(far[0])};{_comma(far[1])}\n",
        encoding="utf-8",
    )
    sites = read_points(path, tiny_ward)
    assert len(sites.points) == 2
    ward = open_ward(tiny_ward)
    problem = planning_problem(ward, analyze_ward(ward), extra_sites=sites.points)
    from_file = problem.candidates[problem.candidates["source"] == "file"]
    assert from_file["id"].tolist() == ["TT-00001"]  # the one off the roads is not placed
    assert np.isclose(from_file.geometry.iloc[0].distance(shapely.Point(lon, lat)), 0, atol=1e-3)


def test_pccc_plan_reads_sites_like_the_import(tiny_ward: Path, tmp_path: Path, capsys) -> None:
    (lon, lat), far = _xy(100, 170), _xy(100, 900)
    sites = tmp_path / "sites.csv"
    sites.write_text(
        f"kinh_do;vi_do\n{_comma(lon)};{_comma(lat)}\n{_comma(far[0])};{_comma(far[1])}\n",
        encoding="utf-8",
    )
    out = tmp_path / "plan.geojson"
    argv = ["plan", "--ward", str(tiny_ward), "--new-points", "1", "--sites", str(sites)]
    assert cli.main([*argv, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "candidate sites from the file: 1 · dòng bị loại / rows rejected: 1" in printed
    assert "Dòng 3 — Tọa độ: nằm ngoài ranh giới phường" in printed
    assert out.is_file()
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert cli.main([*argv[:-1], str(bad), "--out", str(out)]) == 2
    assert "Lỗi: Tệp bad.csv không có cột tọa độ" in capsys.readouterr().err
