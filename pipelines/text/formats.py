"""Vietnamese-first number, date and label formatting.

Vietnamese writes ``1.234.567,5`` (dot for thousands, comma for decimals) and dates as
``dd/mm/yyyy``; English gets ``1,234,567.5`` and ISO dates. Every displayed number in the
dashboard, CLI and reports goes through these functions.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math

import pandas as pd

LANGUAGES = ("vi", "en")


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"'lang' should be one of 'vi' or 'en', got '{lang}' instead")
    return lang


def format_number(
    value: float | int | None,
    lang: str = "vi",
    *,
    decimals: int | None = 0,
    grouping: bool = True,
) -> str:
    """Format a number with the language's separators (``1.234,5`` in Vietnamese).

    Parameters
    ----------
    value
        The number; ``None`` and NaN give "–".
    lang
        {"vi", "en"}
    decimals
        Digits after the decimal mark; ``None`` writes as many as the value needs to read
        back exactly (the shortest round-trip form, never an exponent), for files.
    grouping
        Group thousands ("1.234"); files meant to be read back by a program turn it off.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    number = float(value)
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    if decimals is None:
        text = _exact(number, grouping)
    elif decimals:
        text = f"{number:{',' if grouping else ''}.{decimals}f}"
    else:
        text = f"{round(number):{',' if grouping else ''}d}"
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]  # "-0,0" reads as 0
    if check_lang(lang) == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def _exact(number: float, grouping: bool) -> str:
    """The shortest text that reads back as ``number``, in positional notation."""
    if number.is_integer() and abs(number) < 1e16:
        return f"{int(number):{',' if grouping else ''}d}"
    digits = repr(number)
    if "e" in digits or "E" in digits:
        digits = format(decimal.Decimal(digits), "f")
    whole, _, fraction = digits.partition(".")
    if grouping:
        whole = f"{int(whole):,d}" if whole not in ("-0", "0") else whole
    return f"{whole}.{fraction}" if fraction else whole


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
