"""Vietnamese-first number, date and label formatting.

Vietnamese writes ``1.234.567,5`` (dot for thousands, comma for decimals) and dates as
``dd/mm/yyyy``; English gets ``1,234,567.5`` and ISO dates. Every displayed number in the
dashboard, CLI and reports goes through these functions.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

LANGUAGES = ("vi", "en")


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"'lang' should be one of 'vi' or 'en', got '{lang}' instead")
    return lang


def format_number(value: float | int | None, lang: str = "vi", *, decimals: int = 0) -> str:
    """Format a number with the language's separators (``1.234,5`` in Vietnamese)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    text = f"{float(value):,.{decimals}f}" if decimals else f"{round(float(value)):,d}"
    if check_lang(lang) == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_percent(value: float | None, lang: str = "vi", *, decimals: int = 1) -> str:
    """Format a fraction (0–1) as a percentage: ``45,2 %`` in Vietnamese, ``45.2%`` in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    number = format_number(100 * value, lang, decimals=decimals)
    return f"{number} %" if lang == "vi" else f"{number}%"


def format_date(value: dt.date | pd.Timestamp | None, lang: str = "vi") -> str:
    """Format a date as ``dd/mm/yyyy`` (Vietnamese) or ``yyyy-mm-dd`` (English)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return value.strftime("%d/%m/%Y") if check_lang(lang) == "vi" else value.isoformat()


def format_distance(metres: float | None, lang: str = "vi") -> str:
    """Format a distance in metres (``1,2 km`` from 1 000 m)."""
    if metres is None or (isinstance(metres, float) and (math.isnan(metres) or math.isinf(metres))):
        return "–"
    if metres >= 1000:
        return f"{format_number(metres / 1000, lang, decimals=1)} km"
    return f"{format_number(metres, lang)} m"


def format_vnd(value: float | None, lang: str = "vi") -> str:
    """Format an amount of Vietnamese đồng (``1.500.000 đ``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return (
        f"{format_number(value, lang)} đ" if lang == "vi" else f"{format_number(value, lang)} VND"
    )


def yes_no(value: bool | None, lang: str = "vi") -> str:
    if value is None or value is pd.NA:
        return "–"
    if check_lang(lang) == "vi":
        return "Có" if value else "Không"
    return "Yes" if value else "No"
