"""Vietnamese-first number, date and label formatting.

Vietnamese writes ``1.234.567,5`` (dot for thousands, comma for decimals) and dates as
``dd/mm/yyyy``; English gets ``1,234,567.5`` and ISO dates. Every displayed number in the
dashboard, CLI and reports goes through these functions.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re

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


# Vietnam's time (Asia/Ho_Chi_Minh: UTC+7, no daylight saving), in which moments are shown.
LOCAL_OFFSET = dt.timedelta(hours=7)


def format_moment(value: dt.datetime | pd.Timestamp | None, lang: str = "vi") -> str:
    """Format a UTC moment in Vietnam's time: ``dd/mm/yyyy HH:MM`` (``yyyy-mm-dd HH:MM``)."""
    if value is None or value is pd.NaT:
        return "–"
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone(dt.timezone(LOCAL_OFFSET))
    return f"{format_date(local.date(), lang)} {local.strftime('%H:%M')}"


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


# ---------------------------------------------------------------------- numbers typed by people

_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")
_GROUPED = {
    ".": re.compile(r"^\d{1,3}(\.\d{3})+$"),
    ",": re.compile(r"^\d{1,3}(,\d{3})+$"),
}
_PLAIN = re.compile(r"^\d+$|^\d*[.,]\d+$|^\d+[.,]$")


class NumberFormatError(ValueError):
    """A typed text that is not a number; carries its message in Vietnamese and English.

    ``messages`` replaces the default (vi, en) message, e.g. for "a whole number is needed".
    """

    def __init__(self, text: str, name: str = "", messages: tuple[str, str] | None = None):
        self.text = text
        self.name = name
        if messages is None:
            where_vi = f"'{name}': " if name else ""
            where_en = f"'{name}': " if name else ""
            messages = (
                f"{where_vi}'{text}' không phải là một số (viết ví dụ 3,5 hoặc 1.234,5)",
                f"{where_en}'{text}' is not a number (e.g. 3.5 or 1,234.5)",
            )
        self.message_vi, self.message_en = messages
        super().__init__(self.message_vi)

    def message(self, lang: str = "vi") -> str:
        return self.message_vi if check_lang(lang) == "vi" else self.message_en


def parse_number(text: str | float | int, *, name: str = "", lang: str = "vi") -> float:
    """Read a number as people type it: ``3,5``, ``3.5``, ``1.234,5``, ``1,234.5``, ``-2``.

    Spaces (also non-breaking) and apostrophes between digits are ignored. With both
    separators, the last one is the decimal mark and the other must group thousands by
    three. With one kind only, repeated separators group thousands (``1.234.567``); a single
    one is the decimal mark (``3,5`` and ``3.5`` are both 3.5), except a single separator
    followed by exactly three digits after a non-zero part, which groups thousands when it
    is the language's thousands mark (``1.500`` is 1 500 in Vietnamese, ``1,500`` in English).

    Parameters
    ----------
    text
        What was typed (numbers pass through).
    name
        The setting or field it is for, named in the error message.
    lang
        {"vi", "en"}: which thousands mark a lone three-digit group means.

    Raises
    ------
    NumberFormatError
        When ``text`` is empty or not a number; the message names ``name``.
    """
    check_lang(lang)
    if isinstance(text, bool):
        raise NumberFormatError(str(text), name)
    if isinstance(text, int | float):
        if isinstance(text, float) and not math.isfinite(text):
            raise NumberFormatError(str(text), name)
        return float(text)
    raw = str(text)
    body = raw.strip().translate(_SPACES).replace("\u2212", "-")
    sign = -1.0 if body.startswith("-") else 1.0
    body = body[1:] if body[:1] in ("+", "-") else body
    if not body or body[:1] in ("+", "-"):
        raise NumberFormatError(raw, name)
    has_dot, has_comma = "." in body, "," in body
    if has_dot and has_comma:
        decimal = "." if body.rfind(".") > body.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        whole, _, frac = body.rpartition(decimal)
        if not frac.isdigit() or not _GROUPED[thousands].match(whole):
            raise NumberFormatError(raw, name)
        return sign * float(f"{whole.replace(thousands, '')}.{frac}")
    mark = "." if has_dot else "," if has_comma else ""
    if mark and body.count(mark) > 1:
        if not _GROUPED[mark].match(body):
            raise NumberFormatError(raw, name)
        return sign * float(body.replace(mark, ""))
    if not _PLAIN.match(body):
        raise NumberFormatError(raw, name)
    local_thousands = "." if lang == "vi" else ","
    if mark == local_thousands and _GROUPED[mark].match(body) and not body.startswith("0"):
        return sign * float(body.replace(mark, ""))
    return sign * float(body.replace(",", "."))


def number_text(value: float | int | None, lang: str = "vi", *, max_decimals: int = 6) -> str:
    """Write a number exactly enough to type it back: ``3,5``, ``0,05``, ``1.500.000``.

    Unlike :func:`format_number` (a figure rounded for reading), no decimals are dropped up
    to ``max_decimals`` and none are added: it is the text of an input field, and
    :func:`parse_number` reads it back to the same value.
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    text = f"{float(value):.{max_decimals}f}".rstrip("0").rstrip(".")
    decimals = len(text.partition(".")[2])
    return format_number(float(value), lang, decimals=decimals)
