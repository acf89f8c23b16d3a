"""The offline geocoder: matching addresses to a ward's named roads and placing them."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, Polygon

from pipelines.ingest.geocode import RoadIndex, geocode_addresses

CRS = "EPSG:3405"
E0, N0 = 590_000.0, 2_320_000.0


def _line(*xy: tuple[float, float]) -> LineString:
    return LineString([(E0 + x, N0 + y) for x, y in xy])


@pytest.fixture(scope="module")
def index() -> RoadIndex:
    roads = gpd.GeoDataFrame(
        {
            "name": [
                "Phố Lê Lợi",
                "Phố Lê Lợi",  # a second piece of the same street
                "Ngõ 20 Lê Lợi",
                "Ngõ 40 Phố Lê Lợi",
                "Ngách 3/20 Lê Lợi",
                "Phố Hàng Bạc",
                "Phố Hàng Bát",
                None,
            ]
        },
        geometry=[
            _line((0, 0), (250, 0)),
            _line((250, 0), (400, 0)),
            _line((100, 0), (100, 120)),
            _line((200, 100), (200, 0)),  # drawn from its far end
            _line((160, 60), (100, 60)),
            _line((0, 300), (300, 300)),
            _line((0, 500), (300, 500)),
            _line((0, 700), (50, 700)),
        ],
        crs=CRS,
    ).to_crs("EPSG:4326")
    return RoadIndex.from_roads(roads, CRS)


def _metric(points: np.ndarray) -> np.ndarray:
    series = gpd.GeoSeries(list(points), crs="EPSG:4326").to_crs(CRS)
    return np.c_[series.x - E0, series.y - N0]


def test_index_groups_pieces_by_name(index: RoadIndex) -> None:
    assert len(index) == 6  # the unnamed piece is left out, the two Lê Lợi pieces are one
    le_loi = index.lookup["le loi"]
    assert shapely.length(index.lines[le_loi]) == pytest.approx(400, abs=0.01)
    assert index.is_alley[index.lookup["ngo 40 le loi"]]
    # the alleys start where they leave Lê Lợi; the ngách where it leaves ngõ 20
    start = index.start[index.lookup["ngo 40 le loi"]]
    assert (start.x - E0, start.y - N0) == pytest.approx((200, 0), abs=0.01)
    start = index.start[index.lookup["ngach 3/20 le loi"]]
    assert (start.x - E0, start.y - N0) == pytest.approx((100, 60), abs=0.01)
    # numbers along Lê Lợi from its numbered alleys: ngõ 20 at 100 m, ngõ 40 at 200 m
    assert index.street_fit[le_loi] == pytest.approx((0, 5), abs=1e-6)


# address → (status, location_source, (east, north) in metres, error in metres)
PLACED = [
    ("Số 5 ngõ 20 Lê Lợi", "alley", "address_alley", (100, 12), 7.0),
    ("Số 6, ngõ 40, phố Lê Lợi, P. Thử", "alley", "address_alley", (200, 12), 7.0),
    ("Số 7 ngách 3/20 Lê Lợi", "alley", "address_alley", (116, 60), 8.0),
    ("7 ngach 3 ngo 20 le loi", "alley", "address_alley", (116, 60), 8.0),
    # ngách 9 is not in the layer: placed on its ngõ, at the middle (the number is ngách 9's)
    ("Số 2 ngách 9 ngõ 20 Lê Lợi", "alley", "address_alley", (100, 60), 60.0),
    ("30 Phố Lê Lợi", "street", "address_street", (150, 0), 4 + 0.25 * 150),
    ("30 LE LOI", "street", "address_street", (150, 0), 4 + 0.25 * 150),
    ("30 Lê Lọii", "street", "address_street", (150, 0), 4 + 0.25 * 150),
    ("Lê Lợi", "street", "address_street", (200, 0), 200.0),
    ("Số 5 ngõ 99 Lê Lợi", "street_only", "address_street", (200, 0), 200.0),
    # a mistyped alley number is never taken for another alley
    ("Số 5 ngõ 21 Lê Lợi", "street_only", "address_street", (200, 0), 200.0),
    ("Số 9 Hàng Bạc", "street", "address_street", (150, 300), 150.0),
]


@pytest.mark.parametrize(
    ("text", "status", "source", "xy", "error"), PLACED, ids=[p[0] for p in PLACED]
)
def test_addresses_are_placed_on_the_right_road(
    index: RoadIndex, text: str, status: str, source: str, xy: tuple, error: float
) -> None:
    result = geocode_addresses(pd.Series([text]), index)
    assert (result.status[0], result.source[0]) == (status, source)
    assert tuple(_metric(result.geometry)[0]) == pytest.approx(xy, abs=0.05)
    assert result.error_m[0] == pytest.approx(error, abs=0.01)


def test_an_alley_not_in_the_ward_is_rejected_with_the_closest_names(index: RoadIndex) -> None:
    result = geocode_addresses(pd.Series(["ngõ 999 Phố Không Có", "", "3B"]), index)
    assert list(result.status) == ["unmatched", "empty", "unmatched"]
    assert list(result.source) == [None, None, None]
    assert list(result.geometry) == [None, None, None]
    assert "Ngõ 20 Lê Lợi" in result.candidates[0]


def test_two_roads_equally_close_are_ambiguous(index: RoadIndex) -> None:
    result = geocode_addresses(pd.Series(["12 Hàng Bax"]), index, min_score=80)
    assert result.status[0] == "ambiguous" and result.geometry[0] is None
    assert {"Phố Hàng Bạc", "Phố Hàng Bát"} <= set(result.candidates[0].split(", "))


def test_a_residential_group_only_address_goes_inside_the_group(index: RoadIndex) -> None:
    square = Polygon([(E0, N0 + 800), (E0 + 100, N0 + 800), (E0 + 100, N0 + 900), (E0, N0 + 900)])
    groups = gpd.GeoDataFrame({"name": ["Tổ dân phố số 4"]}, geometry=[square], crs=CRS)
    result = geocode_addresses(pd.Series(["Tổ 4, phường Thử", "Tổ 5"]), index, groups=groups)
    assert list(result.status) == ["group", "unmatched"]
    assert result.source[0] == "residential_group"
    assert shapely.contains(square, shapely.Point(*(_metric(result.geometry[:1])[0] + (E0, N0))))
    assert result.error_m[0] == pytest.approx(np.sqrt(100 * 100 / np.pi), rel=1e-6)


def test_settings_change_the_placement(index: RoadIndex) -> None:
    wide = geocode_addresses(pd.Series(["Số 5 ngõ 20 Lê Lợi"]), index, frontage_m=10)
    assert tuple(_metric(wide.geometry)[0]) == pytest.approx((100, 30), abs=0.05)
    strict = geocode_addresses(pd.Series(["30 Lê Lọii"]), index, min_score=99)
    assert strict.status[0] == "unmatched"


def test_repeated_addresses_give_the_same_answer(index: RoadIndex) -> None:
    values = pd.Series(["Số 5 ngõ 20 Lê Lợi", "ngõ 999 Không Có", None] * 500)
    result = geocode_addresses(values, index)
    assert len(result.status) == 1500
    assert set(result.status[0::3]) == {"alley"} and set(result.status[1::3]) == {"unmatched"}
    assert set(result.status[2::3]) == {"empty"}


def test_rows_with_coordinates_are_recorded_unless_the_file_says(tiny_ward, tmp_path) -> None:
    from pipelines.ingest import ImportOptions, prepare_import
    from tests.ingest.fixtures import lonlat

    lon, lat = lonlat(100, 100)
    plain = tmp_path / "a.csv"
    plain.write_text(
        f"Tên cơ sở,Loại hình,Vĩ độ,Kinh độ\nA,Karaoke,{lat},{lon}\n", encoding="utf-8"
    )
    preview = prepare_import(plain, tiny_ward, ImportOptions(layer="premises"))
    assert list(preview.frame["location_source"]) == ["coordinates"]
    # an exported layer re-imported: its empty "Cách định vị" stays empty
    said = tmp_path / "b.csv"
    said.write_text(
        f"Tên cơ sở,Loại hình,Vĩ độ,Kinh độ,Cách định vị\nA,Karaoke,{lat},{lon},\n",
        encoding="utf-8",
    )
    preview = prepare_import(said, tiny_ward, ImportOptions(layer="premises"))
    assert preview.frame["location_source"].isna().all()


@pytest.fixture(scope="module")
def south_index() -> RoadIndex:
    """Southern and central naming: hẻm and kiệt, numbered streets."""
    roads = gpd.GeoDataFrame(
        {
            "name": [
                "Đường Lê Văn Sỹ",
                "Hẻm 123 Lê Văn Sỹ",
                "Lê Lợi",
                "Kiệt 12 Lê Lợi",
                "Đường số 5",
            ]
        },
        geometry=[
            _line((0, 0), (400, 0)),
            _line((150, 0), (150, 150)),
            _line((0, 1000), (400, 1000)),
            _line((80, 1000), (80, 1100)),
            _line((0, 2000), (300, 2000)),
        ],
        crs=CRS,
    ).to_crs("EPSG:4326")
    return RoadIndex.from_roads(roads, CRS)


@pytest.mark.parametrize(
    ("address", "road", "source"),
    [
        # Hồ Chí Minh City: "123/45 X" is house 45 in hẻm 123 of X
        ("123/45 Lê Văn Sỹ, Phường 13, Quận 3, TP.HCM", "Hẻm 123 Lê Văn Sỹ", "address_alley"),
        ("45 hẻm 123 Le Van Sy", "Hẻm 123 Lê Văn Sỹ", "address_alley"),
        # no such alley: the street, number as written
        ("321/7 Lê Văn Sỹ", "Đường Lê Văn Sỹ", "address_street"),
        # Huế, Đà Nẵng: "K12/5" is house 5 in kiệt 12
        ("K12/5 Lê Lợi, Huế", "Kiệt 12 Lê Lợi", "address_alley"),
        ("kiệt 12 Lê Lợi", "Kiệt 12 Lê Lợi", "address_alley"),
        # a numbered street is a street, not a house number
        ("12 Đường số 5, KDC Trung Sơn", "Đường số 5", "address_street"),
        ("Đường số 5, số 8", "Đường số 5", "address_street"),
    ],
)
def test_southern_and_central_addresses(south_index, address, road, source) -> None:
    result = geocode_addresses(pd.Series([address]), south_index)
    assert result.source[0] == source, (result.status[0], result.candidates[0])
    assert result.road[0] == road
