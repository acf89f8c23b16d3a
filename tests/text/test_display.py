"""Display tables: every cell through the one formatter, sortable where it costs nothing."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from pipelines.text.display import MISSING, display_column, display_frame, number_decimals


@pytest.mark.parametrize(
    ("values", "decimals"),
    [
        ([261.139073995776, 252.97943926286035], 0),  # depths in metres
        ([1.5, 1.8, 3.0], 1),  # widths: no trailing zero
        ([12.34, 56.78], 1),
        ([0.125, 2.5], 2),
        ([3.0, 4.0], 0),
        ([np.nan], 0),
    ],
)
def test_number_decimals_are_sensible(values, decimals):
    assert number_decimals(pd.Series(values)) == decimals


def test_cells_are_formatted_the_vietnamese_way():
    frame = pd.DataFrame(
        {
            "small": [1, 2, 999],
            "large": [1_613, 955, 6_943],
            "depth": [261.1391, 99.5, np.nan],
            "share": [0.0, 0.6000288059916462, 1.0],
            "ok": [True, False, True],
            "name": ["Nhà trọ", None, "Chợ"],
            "lon": [106.2012577, 106.1995799, 106.2040759],
        }
    )
    shown = display_frame(
        frame, "vi", kinds={"share": "percent", "lon": "coordinate"}, labels={"ok": "Đạt"}
    )
    assert shown["small"].dtype == np.int64, "numbers below 1 000 stay numbers (sortable)"
    assert list(shown["large"]) == ["1.613", "955", "6.943"]
    assert list(shown["depth"]) == ["261", "100", MISSING]
    assert list(shown["share"]) == ["0,0 %", "60,0 %", "100,0 %"]
    assert list(shown["Đạt"]) == ["Có", "Không", "Có"]
    assert list(shown["name"]) == ["Nhà trọ", MISSING, "Chợ"]
    assert list(shown["lon"]) == ["106,201258", "106,199580", "106,204076"]
    assert not shown.isna().any().any()


def test_dates_read_day_month_year():
    import datetime as dt

    frame = pd.DataFrame(
        {
            "date": [dt.date(2026, 4, 25), pd.NaT, dt.date(2024, 8, 5)],
            "stamp": pd.to_datetime(["2025-01-02", None, "2025-12-31"]),
        }
    )
    shown = display_frame(frame, "vi")
    assert list(shown["date"]) == ["25/04/2026", MISSING, "05/08/2024"]
    assert list(shown["stamp"]) == ["02/01/2025", MISSING, "31/12/2025"]
    assert display_frame(frame, "en")["date"].iloc[0] == "2026-04-25"


def test_english_and_whole_floats():
    frame = pd.DataFrame({"score": [65.0, 98.0], "width": [1.5, 1200.25]})
    shown = display_frame(frame, "en")
    assert shown["score"].dtype == np.int64 and list(shown["score"]) == [65, 98]
    assert list(shown["width"]) == ["2", "1,200"]


def test_geometry_is_left_out_and_exact_cells_keep_their_digits():
    frame = gpd.GeoDataFrame(
        {"cell": [21.271396, "abc", True]}, geometry=[Point(0, 0)] * 3, crs="EPSG:4326"
    )
    shown = display_frame(frame, "vi", kinds={"cell": "exact"})
    assert list(shown.columns) == ["cell"]
    assert list(shown["cell"]) == ["21,271396", "abc", "Có"]


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match=r"'kind' should be one of .* got 'money'"):
        display_column(pd.Series([1.5]), "vi", "money")
