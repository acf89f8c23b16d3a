from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipelines.text.formats import (
    format_date,
    format_distance,
    format_number,
    format_percent,
    format_vnd,
)


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "text"),
    [
        (1234567, "vi", 0, "1.234.567"),
        (1234567, "en", 0, "1,234,567"),
        (1234.5, "vi", 1, "1.234,5"),
        (0.25, "vi", 2, "0,25"),
        (None, "vi", 0, "–"),
        (float("nan"), "en", 0, "–"),
    ],
)
def test_numbers(value, lang, decimals, text):
    assert format_number(value, lang, decimals=decimals) == text


def test_dates_percent_distance_money():
    assert format_date(dt.date(2026, 3, 5), "vi") == "05/03/2026"
    assert format_date(pd.Timestamp("2026-03-05"), "en") == "2026-03-05"
    assert format_date(pd.NaT, "vi") == "–"
    assert format_percent(0.4523, "vi") == "45,2 %"
    assert format_percent(0.4523, "en") == "45.2%"
    assert format_distance(1234, "vi") == "1,2 km"
    assert format_distance(87.4, "vi") == "87 m"
    assert format_vnd(1_500_000, "vi") == "1.500.000 đ"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="'lang' should be one of"):
        format_number(1, "fr")
