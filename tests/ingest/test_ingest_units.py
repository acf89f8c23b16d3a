"""Unit tests of the ingest building blocks: encodings, headers, values, numbers, CRS, addresses."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from pipelines.ingest import addresses, coordinates, encodings, headers
from pipelines.ingest.formats import find_header, sniff_delimiter
from pipelines.model.errors import InputFileError
from tests.ingest.fixtures import lonlat, to_cp1258, to_tcvn3, to_vni

TEXTS = [
    "Nguyễn Văn Đức",
    "Xin chào các bạn",
    "Phường Hoàng Văn Thụ",
    "Số 5 phố Huế",
    "Tổ dân phố số 3",
]


@pytest.mark.parametrize("text", TEXTS)
def test_legacy_encodings_round_trip(text: str) -> None:
    assert encodings.tcvn3_to_unicode(to_tcvn3(text)) == text
    assert encodings.vni_to_unicode(to_vni(text)) == text


def test_known_legacy_spellings() -> None:
    assert encodings.tcvn3_to_unicode("NguyÔn V¨n §øc") == "Nguyễn Văn Đức"
    assert encodings.vni_to_unicode("Xin chaøo caùc baïn") == "Xin chào các bạn"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Tổ dân phố".encode("utf-8-sig"), "utf-8-sig"),
        ("Tổ dân phố".encode("utf-16"), "utf-16"),
        ("Tổ dân phố\n".encode("utf-16-le"), "utf-16-le"),
        ("Tổ dân phố".encode(), "utf-8"),
        (to_cp1258("Trụ nước chữa cháy phường"), "cp1258"),
        (to_tcvn3("Trụ nước chữa cháy phường").encode("latin-1"), "cp1252"),
    ],
)
def test_decode_bytes_detects_the_encoding(data: bytes, encoding: str) -> None:
    decoded = encodings.decode_bytes(data)
    assert decoded.encoding == encoding
    if encoding != "cp1252":
        assert decoded.text.strip() in ("Tổ dân phố", "Trụ nước chữa cháy phường")


def test_forced_encoding_that_does_not_fit() -> None:
    with pytest.raises(InputFileError, match="cannot decode the file as 'utf-8'"):
        encodings.decode_bytes(b"\xff\xfe\xfa", encoding="utf-8")


def test_mixed_cells_in_one_sheet_convert_cell_by_cell() -> None:
    frame = pd.DataFrame(
        {
            "name": [
                to_tcvn3("Nguyễn Văn Đức"),
                "Trần Thị Bình",
                to_vni("Lê Văn Hoàng"),
                "Hoàng Văn Thụ",
            ],
            "address": [to_tcvn3("Số 5 phố Huế"), "Số 7 phố Huế", "ngõ 9", "Hà Tây"],
            "decomposed": ["Tru\u0323 nươ\u0301c", None, 12, "plain"],
        }
    )
    converted, conversions = encodings.convert_frame(frame)
    assert converted["name"].tolist() == [
        "Nguyễn Văn Đức",
        "Trần Thị Bình",
        "Lê Văn Hoàng",
        "Hoàng Văn Thụ",
    ]
    # "Sè 5 phè HuÕ" only has letters Unicode also uses: its row's other cell decides
    assert converted["address"].tolist() == ["Số 5 phố Huế", "Số 7 phố Huế", "ngõ 9", "Hà Tây"]
    assert converted["decomposed"].tolist()[0] == "Trụ nước"
    assert converted["decomposed"].tolist()[2] == 12
    kinds = dict(
        zip(
            zip(conversions["position"], conversions["column"], strict=True),
            conversions["encoding"],
            strict=True,
        )
    )
    assert kinds[(0, "name")] == "tcvn3" and kinds[(2, "name")] == "vni"
    assert kinds[(0, "decomposed")] == "nfc"
    assert (1, "name") not in kinds and (3, "address") not in kinds


def test_unicode_mode_only_normalises() -> None:
    frame = pd.DataFrame({"a": [to_tcvn3("Nguyễn Văn Đức"), "Tru\u0323"]})
    converted, _ = encodings.convert_frame(frame, mode="unicode")
    assert converted["a"].tolist() == [to_tcvn3("Nguyễn Văn Đức"), "Trụ"]
    with pytest.raises(ValueError, match="'mode' should be one of"):
        encodings.convert_frame(frame, mode="viscii")


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("Tên cơ sở", "name"),
        ("ten co so", "name"),
        ("TEN_CS", "name"),
        ("Name", "name"),
        ("Địa chỉ cơ sở", "address"),
        ("Số điện thoại", "contact_phone"),
        ("Diện tích (m2)", "floor_area_m2"),
        ("Vĩ độ", "coord_lat"),
        ("Kinh độ (E)", "coord_lon"),
        ("Tọa độ X", "coord_x"),
        ("Tọa độ VN-2000 Y (m)", "coord_y"),
        ("Ngày kiểm tra gần nhất", "last_inspection"),
        ("Mã CS", "id"),
        ("STT", None),
    ],
)
def test_header_aliases(header: str, target: str | None) -> None:
    (match,) = headers.match_columns([header], "premises")
    assert match.target == target


def test_each_target_takes_one_column_and_overrides_win() -> None:
    matches = headers.match_columns(
        ["Tên", "Tên cơ sở", "Ghi chú"], "premises", overrides={"Ghi chú": None}
    )
    targets = {m.column: m.target for m in matches}
    assert targets == {"Tên": None, "Tên cơ sở": "name", "Ghi chú": None}
    assert "name" in next(m for m in matches if m.column == "Tên").alternatives
    with pytest.raises(ValueError, match="should map to one of"):
        headers.match_columns(["A"], "premises", overrides={"A": "nonexistent"})


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("KD karaoke", "karaoke"),
        ("Quán hát karaoke", "karaoke"),
        ("Karaoke, vũ trường, quán bar", "karaoke"),
        ("Cửa hàng xăng dầu", "fuel_gas"),
        ("Cửa hàng tạp hóa", "shophouse"),
        ("nha tro", "boarding_house"),
        ("Chợ đêm", "market"),
        ("Nhà hàng", None),
    ],
)
def test_category_values(value: str, code: str | None) -> None:
    assert headers.match_values(pd.Series([value]), "premises_category")[value] == code


def test_value_override_is_folded() -> None:
    out = headers.match_values(
        pd.Series(["Nhà hàng"]), "premises_category", overrides={"nha hang": "other"}
    )
    assert out == {"Nhà hàng": "other"}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("21.2751", 21.2751),
        ("21,2751", 21.2751),
        ("2.353.123,45", 2353123.45),
        ("2,353,123.45", 2353123.45),
        ("2 353 123,45", 2353123.45),
        ("21°16'30\"N", 21.275),
        ("106°11′40″E", 106 + 11 / 60 + 40 / 3600),
        ("21 16 30 N", 21.275),
        ("21°16.5'", 21.275),
        ("34°S", -34.0),
        ("250 m²", 250.0),
    ],
)
def test_parse_numbers(text: str, number: float) -> None:
    values, bad = coordinates.parse_numbers(pd.Series([text], dtype=object))
    assert values.iloc[0] == pytest.approx(number)
    assert not bad.iloc[0]


def test_unreadable_numbers_are_flagged() -> None:
    values, bad = coordinates.parse_numbers(pd.Series(["abc", "", None, 3], dtype=object))
    assert bad.tolist() == [True, False, False, False]
    assert values.iloc[3] == 3.0


def test_thousands_dot_for_whole_numbers() -> None:
    values, _ = coordinates.parse_numbers(pd.Series(["1.500"], dtype=object), thousands_dot=True)
    assert values.iloc[0] == 1500


def test_split_pairs() -> None:
    a, b, bad = coordinates.split_pairs(
        pd.Series(["21.27, 106.19", "21,27; 106,19", "21,27,106,19", "(21.27 106.19)", "x"])
    )
    assert a.iloc[:4].tolist() == pytest.approx([21.27] * 4)
    assert b.iloc[:4].tolist() == pytest.approx([106.19] * 4)
    assert bad.tolist() == [False, False, False, False, True]


def test_swapped_degrees_are_fixed_per_row() -> None:
    lat = np.array([21.27, 106.19, 21.28])
    lon = np.array([106.19, 21.27, 106.2])
    r = coordinates.resolve_points(lat, lon)
    assert r.swapped.tolist() == [False, True, False]
    assert r.lat.tolist() == pytest.approx([21.27, 21.27, 21.28])


@pytest.mark.parametrize("epsg", ["EPSG:3405", "EPSG:9214", "EPSG:9209"])
def test_vn2000_zone_is_found_from_the_boundary(epsg: str) -> None:
    points = [lonlat(e, n) for e, n in ((10, 10), (200, 150), (290, 190))]
    lon, lat = np.array(points).T
    east, north = Transformer.from_crs("EPSG:4326", epsg, always_xy=True).transform(lon, lat)
    area = shapely.box(*lonlat(-50, -50), *lonlat(350, 250))
    r = coordinates.resolve_points(north, east, area=area)  # X = northing, as VN tables write
    assert r.projected.crs == epsg and r.projected.source == "boundary"
    assert r.x_is_northing is True
    assert np.allclose(r.lon, lon, atol=1e-7) and np.allclose(r.lat, lat, atol=1e-7)
    gis = coordinates.resolve_points(east, north, area=area)  # X = easting, as GIS writes
    assert gis.x_is_northing is False and gis.projected.crs == epsg


def test_esri_prj_without_epsg_is_identified() -> None:
    from pyproj import CRS

    from tests.ingest.fixtures import _ESRI_TM3_107

    assert coordinates.identify_vn2000(CRS.from_wkt(_ESRI_TM3_107)) == "EPSG:9214"
    assert coordinates.crs_from_file("EPSG:3405") == "EPSG:3405"


def test_vietnam_bounds_come_from_epsg_4756() -> None:
    assert coordinates.vietnam_bounds() == pytest.approx((102.14, 8.33, 109.53, 23.4))
    inside = coordinates.inside_vietnam(np.array([106.2, 7.0]), np.array([21.27, 51.0]))
    assert inside.tolist() == [True, False]


@pytest.mark.parametrize(
    "text",
    [
        "Số 12, ngõ 5, đường Lê Lợi, TDP 3, P. Hoàng Văn Thụ, TP. Bắc Giang",
        "12 ngõ 5 Lê Lợi, Tổ dân phố 03",
        "SN 12 Ngõ 5 Lê Lợi T.D.P 3 phường Trần Phú tỉnh Bắc Ninh",
        "số 12, ngõ 5, phố Lê Lợi, Tổ 3",
    ],
)
def test_address_normalisation(text: str) -> None:
    assert addresses.normalise_address(text) == "12 ngo 5 le loi tdp 3"


def test_address_matching_statuses() -> None:
    import geopandas as gpd

    homes = gpd.GeoDataFrame(
        {"id": ["H1", "H2", "H3"], "address": ["Số 1, ngõ 5", "Số 2, ngõ 5", "số 2 Ngõ 5"]},
        geometry=[
            shapely.Point(lonlat(1, 1)),
            shapely.Point(lonlat(2, 2)),
            shapely.Point(lonlat(3, 3)),
        ],
        crs="EPSG:4326",
    )
    index = addresses.AddressIndex.from_layers({"households": homes})
    found = addresses.match_addresses(
        pd.Series(["SN 1 ngõ 5, P. Thử", "Số 2, ngõ 5", "Số 9, ngõ 5", "Số 1, ngõ 5, Phường Khác"]),
        index,
        ward_names=["Phường Thử", "Cũ"],
    )
    assert found.status.tolist() == ["matched", "ambiguous", "unmatched", "other_ward"]
    assert found.feature_id[0] == "H1"


def test_header_row_and_delimiter_detection() -> None:
    rows = [
        ["UBND PHƯỜNG", "", ""],
        ["DANH SÁCH", "", ""],
        ["", "", ""],
        ["STT", "Tên cơ sở", "Địa chỉ"],
        [1, "A", "B"],
    ]
    assert find_header(rows, "premises") == 3
    assert sniff_delimiter(["a;b;c", "1;2,5;3", "4;5;6"]) == ";"
    assert sniff_delimiter(["a\tb\tc", "1\t2\t3"]) == "\t"


def test_header_encoding_decides_ambiguous_cells() -> None:
    """Cells like "Sè 5" (Số 5) fit Unicode too: the TCVN3 header above them decides."""
    from pipelines.ingest.formats import ReadOptions, read_source

    text = f"{to_tcvn3('Địa chỉ')},Tên cơ sở\n{to_tcvn3('Số 5 phố Huế')},Nhà trọ Bình Minh\n"
    table = read_source(text.encode("utf-8"), "a.csv", ReadOptions(layer="premises"))
    assert list(table.frame.columns) == ["Địa chỉ", "Tên cơ sở"]
    assert table.frame["Địa chỉ"].iloc[0] == "Số 5 phố Huế"
    assert table.frame["Tên cơ sở"].iloc[0] == "Nhà trọ Bình Minh"
