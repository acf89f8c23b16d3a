"""Small import fixtures made in code, one per format, encoding and coordinate case.

Each builder writes a file into a folder and returns an :class:`ImportCase`: the file, the
target layer, the options and what importing it into the ``tiny_ward`` fixture (a
300 m × 200 m ward near 21.27 N, 106.20 E) must give. Coordinates are made with pyproj from
points inside that ward, so VN-2000 cases can be checked against pyproj's EPSG
transformation.
"""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import xlsxwriter
from pyproj import Transformer

from pipelines.ingest.encodings import TCVN3_TO_UNICODE, VNI_TO_UNICODE
from pipelines.ingest.preview import ImportOptions

X0, Y0 = 106.200, 21.270  # south-west corner of the tiny ward (tests/conftest.py)


def lonlat(east_m: float, north_m: float) -> tuple[float, float]:
    """Return lon/lat of a point ``east_m``/``north_m`` metres from the tiny ward's corner."""
    return (X0 + east_m * 9.65e-6, Y0 + north_m * 9.04e-6)


def projected(epsg: str, east_m: float, north_m: float) -> tuple[float, float]:
    """Return (X = northing, Y = easting) of a tiny-ward point in a VN-2000 CRS, as tables write them."""
    lon, lat = lonlat(east_m, north_m)
    e, n = Transformer.from_crs("EPSG:4326", epsg, always_xy=True).transform(lon, lat)
    return round(n, 3), round(e, 3)


@dataclass(frozen=True)
class ImportCase:
    """One fixture file and what its import must give."""

    path: Path
    layer: str
    stored: int
    rejected: int
    options: dict = field(default_factory=dict)
    # expected features: id -> (lon, lat) within 1 m (checked when given)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    # expected values: id -> {field: value}
    values: dict[str, dict[str, object]] = field(default_factory=dict)
    # (row number, fragment of the Vietnamese reason) of rejected rows
    reasons: tuple[tuple[int, str], ...] = ()
    # detections: attribute of ImportPreview -> expected value
    detections: dict[str, object] = field(default_factory=dict)

    def import_options(self) -> ImportOptions:
        return ImportOptions(layer=self.layer, **self.options)


# --- Legacy encoders (inverse tables) -----------------------------------------------------

_UNICODE_TO_TCVN3 = {u: t for t, u in TCVN3_TO_UNICODE.items()}
_UNICODE_TO_VNI = {u: v for v, u in VNI_TO_UNICODE.items() if len(u) == 1}


def to_tcvn3(text: str) -> str:
    """Write Unicode text as TCVN3 characters (as a .VnTime cell or file shows them)."""
    return "".join(_UNICODE_TO_TCVN3.get(c, c) for c in unicodedata.normalize("NFC", text))


def to_vni(text: str) -> str:
    """Write Unicode text as VNI-Windows characters."""
    return "".join(_UNICODE_TO_VNI.get(c, c) for c in unicodedata.normalize("NFC", text))


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Encode text as Windows-1258: letters it lacks become base letter + combining tone."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tone = "".join(c for c in parts if c in _TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + tone).encode("cp1258")
    return bytes(out)


# --- Builders -------------------------------------------------------------------------------

PREMISES_HEADER = ["Mã cơ sở", "Tên cơ sở", "Loại hình", "Địa chỉ", "Vĩ độ", "Kinh độ", "Số tầng"]


def csv_semicolon(folder: Path) -> ImportCase:
    """UTF-8 with BOM, ';' delimiter, title rows, comma decimals, DMS, swapped lat/lon."""
    lon1, lat1 = lonlat(50, 50)
    lon2, lat2 = lonlat(120, 60)
    lon3, lat3 = lonlat(200, 150)

    def dms(value: float, hemi: str) -> str:
        d = int(value)
        m = int((value - d) * 60)
        s = (value - d - m / 60) * 3600
        return f"{d}°{m}'{s:.3f}\"{hemi}"

    lines = [
        "UBND PHƯỜNG THỬ;;;;;;",
        "DANH SÁCH CƠ SỞ KINH DOANH;;;;;;",
        ";;;;;;",
        ";".join(PREMISES_HEADER),
        f"CS1;Karaoke Hoa Sen;KD karaoke;Số 1 ngõ 5;{lat1:.7f};{lon1:.7f};3".replace(".", ","),
        f"CS2;Nhà trọ Bình An;Nhà trọ;Số 2 ngõ 5;{dms(lat2, 'N')};{dms(lon2, 'E')};2",
        f"CS3;Quán hát Ánh Sao;Quán hát karaoke;Số 3;{lon3:.7f};{lat3:.7f};1",
        f"CS4;Nhà hàng Phở;Nhà hàng;Số 4;{lat1:.7f};{lon1:.7f};1",
        "CS5;Karaoke xa;karaoke;Số 5;21.2900000;106.2500000;2",
        "CS6;Karaoke số tầng sai;karaoke;Số 6;21.2702;106.2005;ba",
    ]
    path = folder / "co_so.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return ImportCase(
        path,
        "premises",
        stored=3,
        rejected=3,
        positions={"CS1": (lon1, lat1), "CS2": (lon2, lat2), "CS3": (lon3, lat3)},
        values={"CS1": {"category": "karaoke", "floors": 3}, "CS3": {"category": "karaoke"}},
        reasons=((8, "không thuộc danh mục"), (9, "ngoài ranh giới phường"), (10, "số nguyên")),
        detections={"header_row": 4, "swapped_rows": 1, "encoding": "utf-8-sig"},
    )


def _water_rows() -> list[list[str]]:
    rows = [["Mã trụ", "Tên", "Loại nguồn nước", "Tình trạng", "Vĩ độ", "Kinh độ", "Ghi chú"]]
    for i, (e, n) in enumerate([(30, 30), (150, 100), (260, 180)], start=1):
        lon, lat = lonlat(e, n)
        rows.append(
            [
                f"T{i}",
                f"Trụ nước số {i}",
                "Trụ nước",
                "Hoạt động tốt",
                f"{lat:.7f}",
                f"{lon:.7f}",
                "Đường Lê Lợi",
            ]
        )
    return rows


def tsv_utf16(folder: Path) -> ImportCase:
    """Excel "Unicode text": UTF-16 LE with BOM, tab-delimited."""
    text = "\r\n".join("\t".join(r) for r in _water_rows()) + "\r\n"
    path = folder / "tru_nuoc.txt"
    path.write_bytes(text.encode("utf-16"))
    return ImportCase(
        path,
        "water_sources",
        stored=3,
        rejected=0,
        values={"T1": {"kind": "hydrant", "status": "working", "note": "Đường Lê Lợi"}},
        detections={"encoding": "utf-16"},
    )


def csv_cp1258(folder: Path) -> ImportCase:
    """Windows-1258 with combining tone marks ("Trụ" = "Tru" + dot below)."""
    text = "\r\n".join(",".join(r) for r in _water_rows()) + "\r\n"
    path = folder / "tru_nuoc_cp1258.csv"
    path.write_bytes(to_cp1258(text))
    return ImportCase(
        path,
        "water_sources",
        stored=3,
        rejected=0,
        values={"T2": {"name": "Trụ nước số 2", "note": "Đường Lê Lợi"}},
        detections={"encoding": "cp1258"},
    )


def csv_tcvn3(folder: Path) -> ImportCase:
    """A whole CSV typed in TCVN3 (.VnTime), saved as 8-bit bytes."""
    text = "\r\n".join(",".join(to_tcvn3(c) for c in r) for r in _water_rows()) + "\r\n"
    path = folder / "tru_nuoc_tcvn3.csv"
    path.write_bytes(text.encode("latin-1"))
    return ImportCase(
        path,
        "water_sources",
        stored=3,
        rejected=0,
        values={"T3": {"name": "Trụ nước số 3", "kind": "hydrant", "note": "Đường Lê Lợi"}},
        detections={"encoding": "cp1252"},
    )


def csv_vni(folder: Path) -> ImportCase:
    """A whole CSV typed in VNI (VNI-Times), saved as Windows-1252 bytes."""
    text = "\r\n".join(",".join(to_vni(c) for c in r) for r in _water_rows()) + "\r\n"
    path = folder / "tru_nuoc_vni.csv"
    path.write_bytes(text.encode("cp1252"))
    return ImportCase(
        path,
        "water_sources",
        stored=3,
        rejected=0,
        values={"T1": {"name": "Trụ nước số 1", "status": "working", "note": "Đường Lê Lợi"}},
    )


def _government_sheet(
    path: Path,
    header: list[str],
    rows: list[list[object]],
    *,
    sub: list[str] | None = None,
    merge_over: tuple[int, int] | None = None,
) -> None:
    """Write an XLSX as government sheets look: merged title rows, header, numbering row."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Danh sách")
    book.add_worksheet("Ghi chú").write(0, 0, "Trang phụ")
    width = len(header)
    sheet.merge_range(0, 0, 0, width - 1, to_tcvn3("ủy ban nhân dân phường thử"))
    sheet.merge_range(1, 0, 1, width - 1, "DANH SÁCH CƠ SỞ THUỘC DIỆN QUẢN LÝ")
    row = 3
    if sub is not None and merge_over is not None:
        for j, text in enumerate(header):
            if merge_over[0] <= j <= merge_over[1]:
                continue
            sheet.merge_range(row, j, row + 1, j, text)
        sheet.merge_range(row, merge_over[0], row, merge_over[1], header[merge_over[0]])
        for j, text in enumerate(sub):
            if text:
                sheet.write(row + 1, j, text)
        row += 2
    else:
        sheet.write_row(row, 0, header)
        row += 1
    sheet.write_row(row, 0, [f"({j + 1})" for j in range(width)])
    row += 1
    for values in rows:
        sheet.write_row(row, 0, values)
        row += 1
    book.close()


def xlsx_tcvn3_vn2000(folder: Path) -> ImportCase:
    """Merged titles, two-row header in TCVN3, numbering row, mixed TCVN3/Unicode cells,
    VN-2000 TM-3 107°00' (EPSG:9214) with X = northing, Y = easting."""
    header = [
        to_tcvn3(h)
        for h in ("STT", "Tên cơ sở", "Loại hình", "Địa chỉ", "Tọa độ VN-2000", "", "Số tầng")
    ]
    sub = ["", "", "", "", "X (m)", "Y (m)", ""]
    points = [(40, 40), (100, 120), (240, 60)]
    names = ["Karaoke Hoàng Gia", "Nhà trọ Bình Minh", "Cửa hàng xăng dầu số 1"]
    rows = []
    for i, ((e, n), name) in enumerate(zip(points, names, strict=True), start=1):
        x, y = projected("EPSG:9214", e, n)
        cell = to_tcvn3(name) if i != 2 else name  # one Unicode cell among TCVN3 ones
        rows.append(
            [
                i,
                cell,
                to_tcvn3(["KD karaoke", "Nhà trọ", "Xăng dầu"][i - 1]),
                to_tcvn3(f"Số {i}, ngõ 5"),
                x,
                y,
                i + 1,
            ]
        )
    path = folder / "co_so_vn2000.xlsx"
    _government_sheet(path, header, rows, sub=sub, merge_over=(4, 5))
    return ImportCase(
        path,
        "premises",
        stored=3,
        rejected=0,
        positions={},
        values={},
        detections={"header_row": 4, "sheet": "Danh sách", "x_is_northing": True},
    )


def xlsx_utm(folder: Path) -> ImportCase:
    """VN-2000 / UTM 48N (EPSG:3405) metres, header on row 1, comma-decimal text cells."""
    rows = []
    for i, (e, n) in enumerate([(60, 60), (180, 140)], start=1):
        x, y = projected("EPSG:3405", e, n)
        rows.append(
            [
                f"WS{i}",
                f"Bể nước {i}",
                "Bể nước",
                "tốt",
                f"{x:.3f}".replace(".", ","),
                f"{y:.3f}".replace(".", ","),
            ]
        )
    path = folder / "be_nuoc_utm.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Mã", "Tên", "Loại", "Tình trạng", "X", "Y"])
    for r, values in enumerate(rows, start=1):
        sheet.write_row(r, 0, values)
    book.close()
    return ImportCase(
        path,
        "water_sources",
        stored=2,
        rejected=0,
        values={"WS1": {"kind": "tank", "status": "working"}},
    )


def xls_legacy(folder: Path) -> ImportCase:
    """Excel 97–2003 .xls with two title rows above the header."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Ho gia dinh")
    sheet.write(0, 0, "DANH SÁCH HỘ GIA ĐÌNH")
    sheet.write(1, 0, "Tổ dân phố số 1")
    for j, h in enumerate(["Mã hộ", "Địa chỉ", "Chủ hộ", "Số nhân khẩu", "Vĩ độ", "Kinh độ"]):
        sheet.write(3, j, h)
    for i, (e, n) in enumerate([(20, 20), (60, 30), (90, 40)], start=1):
        lon, lat = lonlat(e, n)
        for j, v in enumerate(
            [f"HX{i}", f"Số {10 + i}, ngõ 7", f"Nguyễn Văn {i}", i + 2, lat, lon]
        ):
            sheet.write(3 + i, j, v)
    path = folder / "ho_gia_dinh.xls"
    book.save(str(path))
    return ImportCase(
        path,
        "households",
        stored=3,
        rejected=0,
        values={"HX2": {"members": 4, "head_name": "Nguyễn Văn 2"}},
        detections={"header_row": 4},
    )


def _points_frame(
    ids: list[str], points: list[tuple[float, float]], **columns: list
) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"ma": ids, **columns}, geometry=[shapely.Point(p) for p in points], crs="EPSG:4326"
    )


def geojson_swapped(folder: Path) -> ImportCase:
    """GeoJSON whose second feature is written [lat, lon]; one feature has no geometry."""
    p1, p2 = lonlat(70, 70), lonlat(210, 120)
    features = [
        {
            "type": "Feature",
            "properties": {
                "ma": "D1",
                "ten": "Điểm chữa cháy ngõ 5",
                "tinh_trang": "Tốt",
                "binh_bot": 2,
            },
            "geometry": {"type": "Point", "coordinates": list(p1)},
        },
        {
            "type": "Feature",
            "properties": {
                "ma": "D2",
                "ten": "Điểm chữa cháy ngõ 9",
                "tinh_trang": "Cần bảo dưỡng",
                "binh_bot": "4",
            },
            "geometry": {"type": "Point", "coordinates": [p2[1], p2[0]]},
        },
        {
            "type": "Feature",
            "properties": {
                "ma": "D3",
                "ten": "Điểm không tọa độ",
                "tinh_trang": "Tốt",
                "binh_bot": 1,
            },
            "geometry": None,
        },
    ]
    path = folder / "diem_chua_chay.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        encoding="utf-8",
    )
    return ImportCase(
        path,
        "firefighting_points",
        stored=2,
        rejected=1,
        positions={"D1": p1, "D2": p2},
        values={"D2": {"status": "needs_service", "extinguishers_powder": 4}},
        reasons=((3, "thiếu tọa độ"),),
        detections={"swapped_rows": 1},
    )


def geopackage_two_layers(folder: Path) -> ImportCase:
    """A GeoPackage with two layers; the sheet option picks the second, stored in TM-3 metres."""
    path = folder / "du_lieu.gpkg"
    other = _points_frame(["X1"], [lonlat(10, 10)], ten=["khác"])
    other.to_file(path, layer="khac", driver="GPKG")
    pts = [lonlat(80, 100), lonlat(160, 40)]
    frame = _points_frame(["V1", "V2"], pts, loai=["Cổng", "Cột chắn"], gio_dong=["22:00", "23:30"])
    frame = frame.rename(columns={"loai": "Loại vật cản", "gio_dong": "Đóng từ"}).to_crs(
        "EPSG:9214"
    )
    frame.to_file(path, layer="vat_can", driver="GPKG")
    return ImportCase(
        path,
        "barriers",
        stored=2,
        rejected=0,
        options={"sheet": "vat_can"},
        positions={"V1": pts[0], "V2": pts[1]},
        values={"V1": {"kind": "gate", "closed_from": "22:00"}, "V2": {"kind": "bollard"}},
        detections={"sheet": "vat_can"},
    )


_ESRI_TM3_107 = (
    'PROJCS["VN_2000_KT_107_00_mui_3",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",'
    'SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],'
    'UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
    'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],'
    'PARAMETER["Central_Meridian",107.0],PARAMETER["Scale_Factor",0.9999],'
    'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
)


def _shapefile_zip(
    folder: Path,
    name: str,
    frame: gpd.GeoDataFrame,
    *,
    encoding: str,
    prj: str | None,
    cpg: str | None,
) -> Path:
    work = folder / f"{name}_shp"
    work.mkdir()
    frame.to_file(work / f"{name}.shp", driver="ESRI Shapefile", encoding=encoding)
    for suffix in (".prj", ".cpg"):
        (work / f"{name}{suffix}").unlink(missing_ok=True)
    if prj is not None:
        (work / f"{name}.prj").write_text(prj)
    if cpg is not None:
        (work / f"{name}.cpg").write_text(cpg)
    path = folder / f"{name}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for member in sorted(work.iterdir()):
            archive.write(member, member.name)
    return path


def shapefile_zip(folder: Path) -> ImportCase:
    """Zipped Shapefile: ESRI .prj of VN-2000 TM-3 107°00' without EPSG code, .cpg UTF-8."""
    lines = [
        shapely.LineString([lonlat(0, 100), lonlat(300, 100)]),
        shapely.LineString([lonlat(150, 100), lonlat(150, 190)]),
    ]
    frame = gpd.GeoDataFrame(
        {"MA": ["L1", "L2"], "TEN": ["Đường Lê Lợi", "Ngách 5/2"], "BE_RONG": [7.5, 2.0]},
        geometry=lines,
        crs="EPSG:4326",
    ).to_crs("EPSG:9214")
    path = _shapefile_zip(folder, "duong", frame, encoding="UTF-8", prj=_ESRI_TM3_107, cpg="UTF-8")
    return ImportCase(
        path,
        "roads",
        stored=2,
        rejected=0,
        values={
            "L1": {"kind": "duong", "width_m": 7.5},
            "L2": {"kind": "ngach", "name": "Ngách 5/2"},
        },
        detections={"crs.crs": "EPSG:9214"},
    )


def shapefile_zip_tcvn3(folder: Path) -> ImportCase:
    """Zipped Shapefile with TCVN3 text in the DBF and no .cpg; WGS 84 .prj."""
    polys = [shapely.box(*lonlat(240, 160), *lonlat(280, 190))]
    frame = gpd.GeoDataFrame(
        {"MA": ["A1"], "TEN": [to_tcvn3("Ao sau nhà văn hóa")], "LOAI": [to_tcvn3("Ao")]},
        geometry=polys,
        crs="EPSG:4326",
    )
    path = _shapefile_zip(
        folder,
        "ao_ho",
        frame,
        encoding="latin1",
        prj=gpd.GeoSeries([], crs="EPSG:4326").crs.to_wkt("WKT1_ESRI"),
        cpg=None,
    )
    return ImportCase(
        path,
        "water_bodies",
        stored=1,
        rejected=0,
        values={"A1": {"name": "Ao sau nhà văn hóa", "kind": "pond"}},
    )


def _kml_document(placemarks: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Bản đồ phường</name>'
        f"{placemarks}</Document></kml>"
    )


def _my_maps_placemarks() -> tuple[str, dict[str, tuple[float, float]]]:
    p1, p2 = lonlat(90, 90), lonlat(190, 50)
    placemarks = (
        "<Folder><name>Nguồn nước</name>"
        f"<Placemark><name>Trụ cứu hỏa A</name><ExtendedData>"
        '<Data name="Mã"><value>KA</value></Data><Data name="Loại"><value>Trụ nước</value></Data>'
        '<Data name="Tình trạng"><value>Tốt</value></Data></ExtendedData>'
        f"<Point><coordinates>{p1[0]},{p1[1]},0</coordinates></Point></Placemark>"
        f"<Placemark><name>Giếng B</name><ExtendedData>"
        '<Data name="Mã"><value>KB</value></Data><Data name="Loại"><value>Giếng khoan</value></Data>'
        '<Data name="Tình trạng"><value>Hỏng</value></Data></ExtendedData>'
        f"<Point><coordinates>{p2[0]},{p2[1]},0</coordinates></Point></Placemark>"
        "</Folder>"
        "<Folder><name>Khác</name><Placemark><name>Không liên quan</name>"
        f"<Point><coordinates>{p2[0]},{p2[1]},0</coordinates></Point></Placemark></Folder>"
    )
    return placemarks, {"KA": p1, "KB": p2}


def kml_my_maps(folder: Path) -> ImportCase:
    """Google My Maps export: folders, ExtendedData; the folder option picks one folder."""
    placemarks, positions = _my_maps_placemarks()
    path = folder / "nguon_nuoc.kml"
    path.write_text(_kml_document(placemarks), encoding="utf-8")
    return ImportCase(
        path,
        "water_sources",
        stored=2,
        rejected=0,
        options={"sheet": "Nguồn nước"},
        positions=positions,
        values={
            "KA": {"kind": "hydrant", "name": "Trụ cứu hỏa A"},
            "KB": {"kind": "well", "status": "out_of_service"},
        },
    )


def kmz_google_earth(folder: Path) -> ImportCase:
    """KMZ (zipped doc.kml) from Google Earth with a polygon and a description table."""
    ring = [
        lonlat(240, 160),
        lonlat(280, 160),
        lonlat(280, 190),
        lonlat(240, 190),
        lonlat(240, 160),
    ]
    coords = " ".join(f"{x},{y},0" for x, y in ring)
    description = "<![CDATA[<table><tr><td>MA</td><td>H9</td></tr><tr><td>LOAI</td><td>Hồ</td></tr></table>]]>"
    placemarks = (
        f"<Placemark><name>Hồ điều hòa</name><description>{description}</description>"
        f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{coords}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("doc.kml", _kml_document(placemarks))
    path = folder / "ho.kmz"
    path.write_bytes(buffer.getvalue())
    return ImportCase(
        path,
        "water_bodies",
        stored=1,
        rejected=0,
        values={"H9": {"kind": "lake", "name": "Hồ điều hòa"}},
        detections={"format": "kmz"},
    )


def _osm_xml() -> tuple[str, dict[str, tuple[float, float]]]:
    nodes = {
        1: lonlat(0, 100),
        2: lonlat(300, 100),
        3: lonlat(150, 100),
        4: lonlat(150, 190),
        5: lonlat(160, 105),
        6: lonlat(50, 50),
    }
    xml = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    for nid, (lon, lat) in nodes.items():
        tags = ""
        if nid == 5:
            tags = '<tag k="emergency" v="fire_hydrant"/><tag k="fire_hydrant:type" v="pillar"/><tag k="fire_hydrant:diameter" v="100"/><tag k="ref" v="H-05"/>'
        if nid == 6:
            tags = '<tag k="emergency" v="suction_point"/><tag k="water_source" v="pond"/>'
        xml.append(f'<node id="{nid}" version="1" lat="{lat:.7f}" lon="{lon:.7f}">{tags}</node>')
    xml.append(
        '<way id="10" version="1"><nd ref="1"/><nd ref="3"/><nd ref="2"/><tag k="highway" v="tertiary"/><tag k="name" v="Đường Lê Lợi"/><tag k="lanes" v="2"/></way>'
    )
    xml.append(
        '<way id="11" version="1"><nd ref="3"/><nd ref="4"/><tag k="highway" v="service"/><tag k="name" v="Ngõ 5"/><tag k="width" v="2,5"/></way>'
    )
    xml.append(
        '<way id="12" version="1"><nd ref="4"/><nd ref="1"/><tag k="highway" v="residential"/><tag k="name" v="Kiệt 3"/></way>'
    )
    xml.append(
        '<way id="13" version="1"><nd ref="4"/><nd ref="2"/><tag k="highway" v="proposed"/></way>'
    )
    xml.append("</osm>")
    return "\n".join(xml), nodes


def osm_xml_roads(folder: Path) -> ImportCase:
    """.osm XML: roads with width, lanes and class defaults; kinds from names."""
    text, _ = _osm_xml()
    path = folder / "duong.osm"
    path.write_text(text, encoding="utf-8")
    return ImportCase(
        path,
        "roads",
        stored=3,
        rejected=0,
        values={
            "osm-way-10": {"kind": "duong", "width_m": 7.0},
            "osm-way-11": {"kind": "ngo", "width_m": 2.5},
            "osm-way-12": {"kind": "kiet", "width_m": 5.0},
        },
    )


def osm_xml_water(folder: Path) -> ImportCase:
    """.osm XML: a pond (closed way, water=pond), a lake multipolygon relation with an inner
    ring, and a river line that is not an area (not a row of the layer)."""
    outer = [lonlat(200, 20), lonlat(280, 20), lonlat(280, 90), lonlat(200, 90)]
    inner = [lonlat(230, 40), lonlat(250, 40), lonlat(250, 60), lonlat(230, 60)]
    pond = [lonlat(20, 150), lonlat(50, 150), lonlat(50, 180), lonlat(20, 180)]
    xml = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    nid = 100
    refs: dict[str, list[int]] = {}
    for name, ring in (("outer", outer), ("inner", inner), ("pond", pond)):
        refs[name] = []
        for lon, lat in ring:
            xml.append(f'<node id="{nid}" version="1" lat="{lat:.7f}" lon="{lon:.7f}"/>')
            refs[name].append(nid)
            nid += 1

    def way(wid: int, ids: list[int], tags: str) -> str:
        nds = "".join(f'<nd ref="{i}"/>' for i in [*ids, ids[0]])
        return f'<way id="{wid}" version="1">{nds}{tags}</way>'

    xml.append(way(30, refs["outer"], ""))
    xml.append(way(31, refs["inner"], ""))
    xml.append(
        way(
            32,
            refs["pond"],
            '<tag k="natural" v="water"/><tag k="water" v="pond"/><tag k="name" v="Ao làng"/>',
        )
    )
    xml.append(
        '<way id="33" version="1"><nd ref="100"/><nd ref="108"/><tag k="waterway" v="river"/></way>'
    )
    xml.append(
        '<relation id="40" version="1"><member type="way" ref="30" role="outer"/>'
        '<member type="way" ref="31" role="inner"/><tag k="type" v="multipolygon"/>'
        '<tag k="natural" v="water"/><tag k="water" v="lake"/><tag k="name" v="Hồ Tây"/></relation>'
    )
    xml.append("</osm>")
    path = folder / "mat_nuoc.osm"
    path.write_text("\n".join(xml), encoding="utf-8")
    return ImportCase(
        path,
        "water_bodies",
        stored=2,
        rejected=0,
        values={
            "osm-way-32": {"kind": "pond", "name": "Ao làng"},
            "osm-relation-40": {"kind": "lake"},
        },
    )


def osm_pbf_hydrants(folder: Path) -> ImportCase:
    """.osm.pbf written with pyosmium's writer: a hydrant and a suction point."""
    import osmium

    _, nodes = _osm_xml()
    path = folder / "nuoc.osm.pbf"
    writer = osmium.SimpleWriter(str(path))
    try:
        for nid, (lon, lat) in nodes.items():
            tags = {}
            if nid == 5:
                tags = {
                    "emergency": "fire_hydrant",
                    "fire_hydrant:type": "pillar",
                    "fire_hydrant:diameter": "100",
                    "ref": "H-05",
                }
            if nid == 6:
                tags = {"emergency": "suction_point", "water_source": "pond"}
            writer.add_node(
                osmium.osm.mutable.Node(id=nid, location=(lon, lat), tags=tags, version=1)
            )
        writer.add_way(
            osmium.osm.mutable.Way(id=10, nodes=[1, 3, 2], tags={"highway": "tertiary"}, version=1)
        )
    finally:
        writer.close()
    return ImportCase(
        path,
        "water_sources",
        stored=2,
        rejected=0,
        positions={"osm-node-5": nodes[5], "osm-node-6": nodes[6]},
        values={
            "osm-node-5": {"kind": "hydrant", "name": "H-05", "status": "unknown"},
            "osm-node-6": {"kind": "pond"},
        },
        detections={"format": "osm_pbf"},
    )


def overpass_json(folder: Path) -> ImportCase:
    """Overpass API JSON (``out geom``): a building way and a hydrant node."""
    ring = [lonlat(20, 150), lonlat(40, 150), lonlat(40, 170), lonlat(20, 170), lonlat(20, 150)]
    doc = {
        "version": 0.6,
        "generator": "Overpass API",
        "elements": [
            {
                "type": "node",
                "id": 7,
                "lat": lonlat(5, 5)[1],
                "lon": lonlat(5, 5)[0],
                "tags": {"emergency": "fire_hydrant"},
            },
            {
                "type": "way",
                "id": 20,
                "tags": {"building": "apartments", "building:levels": "5", "name": "Chung cư A"},
                "geometry": [{"lat": y, "lon": x} for x, y in ring],
            },
        ],
    }
    path = folder / "overpass.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return ImportCase(
        path,
        "buildings",
        stored=1,
        rejected=0,
        values={"osm-way-20": {"levels": 5, "use": "residential", "name": "Chung cư A"}},
        detections={"format": "overpass_json"},
    )


def csv_addresses_only(folder: Path) -> ImportCase:
    """Premises with an address and no coordinates, matched to the tiny ward's households
    ("Số 1, ngõ 5"); one address matches nothing, one names another ward."""
    lines = [
        "Tên cơ sở,Loại hình,Địa chỉ",
        'Tạp hóa Minh,Nhà ở kết hợp kinh doanh,"SN 1 Ngõ 5, P. Thử, TP. Bắc Giang"',
        'Nhà trọ Lan,Nhà trọ,"số 3, ngõ 5"',
        'Karaoke ngoài,Karaoke,"Số 99, ngõ 77"',
        'Quán khác phường,Karaoke,"Số 2, ngõ 5, Phường Khác Xa"',
    ]
    path = folder / "co_so_dia_chi.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ImportCase(
        path,
        "premises",
        stored=2,
        rejected=2,
        reasons=((4, "không tìm thấy 'ngõ 77'"), (5, "phường khác")),
        detections={"located_by_address": 2},
    )


FIXTURES: dict[str, Callable[[Path], ImportCase]] = {
    "csv_semicolon": csv_semicolon,
    "tsv_utf16": tsv_utf16,
    "csv_cp1258": csv_cp1258,
    "csv_tcvn3": csv_tcvn3,
    "csv_vni": csv_vni,
    "xlsx_tcvn3_vn2000": xlsx_tcvn3_vn2000,
    "xlsx_utm": xlsx_utm,
    "xls_legacy": xls_legacy,
    "geojson_swapped": geojson_swapped,
    "geopackage_two_layers": geopackage_two_layers,
    "shapefile_zip": shapefile_zip,
    "shapefile_zip_tcvn3": shapefile_zip_tcvn3,
    "kml_my_maps": kml_my_maps,
    "kmz_google_earth": kmz_google_earth,
    "osm_xml_roads": osm_xml_roads,
    "osm_xml_water": osm_xml_water,
    "osm_pbf_hydrants": osm_pbf_hydrants,
    "overpass_json": overpass_json,
    "csv_addresses_only": csv_addresses_only,
}


def tcvn3_vn2000_points() -> list[tuple[str, float, float, float, float]]:
    """Return (name, X, Y, lon, lat) of the TM-3 fixture points (X = northing)."""
    out = []
    for (e, n), name in zip(
        [(40, 40), (100, 120), (240, 60)],
        ["Karaoke Hoàng Gia", "Nhà trọ Bình Minh", "Cửa hàng xăng dầu số 1"],
        strict=True,
    ):
        x, y = projected("EPSG:9214", e, n)
        lon, lat = lonlat(e, n)
        out.append((name, x, y, lon, lat))
    return out


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in metres between two lon/lat points (through VN-2000 / TM-3 107°)."""
    t = Transformer.from_crs("EPSG:4326", "EPSG:9214", always_xy=True)
    ax, ay = t.transform(*a)
    bx, by = t.transform(*b)
    return float(np.hypot(ax - bx, ay - by))


__all__ = ["FIXTURES", "ImportCase", "distance_m", "lonlat", "pd", "projected"]
