"""Tables as people read them: every cell through the one formatter, no empty-value markers.

A table shown on screen is a frame of already formatted cells: numbers with the language's
separators and a sensible number of decimals, shares as percentages, yes / no in words and
a dash for a missing value (a browser table otherwise draws ``None``). Whole numbers below
1 000 read the same in every language; they stay numbers so that a click on the column
header still sorts them by value.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from pipelines.text.formats import (
    check_lang,
    format_date,
    format_number,
    format_percent,
    format_vnd,
    number_text,
    yes_no,
)

MISSING = "–"

# Kinds of column, by how they are read; "number" picks its decimals from the values,
# "exact" shows a cell as it was typed (numbers to 6 decimals, for rows read from a file).
KINDS = (
    "text",
    "count",
    "number",
    "decimal1",
    "decimal2",
    "metres",
    "percent",
    "coordinate",
    "vnd",
    "yesno",
    "date",
    "exact",
)
COORDINATE_DECIMALS = 6  # about 0.1 m on the ground


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    return isinstance(value, float) and math.isnan(value)


def number_decimals(values: pd.Series) -> int:
    """Return the decimals a column of measurements reads best with (0, 1 or 2).

    Values from 100 up take none, from 10 up at most one, smaller ones at most two — and
    never more than the values have (widths 1.5 and 1.8 read ``1,5`` and ``1,8``).
    """
    v = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    v = v[np.isfinite(v)]
    if not len(v):
        return 0
    top = float(np.abs(v).max())
    cap = 0 if top >= 100 else 1 if top >= 10 else 2
    for decimals in range(cap):
        scaled = v * 10**decimals
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-6):
            return decimals
    return cap


def infer_kind(values: pd.Series) -> str:
    """Return the kind of a column from its values: yes/no, count, number, date or text."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return "yesno"
    if pd.api.types.is_integer_dtype(values.dtype):
        return "count"
    if pd.api.types.is_float_dtype(values.dtype):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return "date"
    present = values.dropna()
    if len(present) and all(isinstance(v, bool | np.bool_) for v in present):
        return "yesno"
    if len(present) and all(isinstance(v, dt.date) for v in present):
        return "date"  # datetime.date, datetime.datetime and pandas.Timestamp
    return "text"


def _formatter(kind: str, values: pd.Series, lang: str) -> Callable[[object], str]:
    if kind == "number":
        decimals = number_decimals(values)
        return lambda v: format_number(float(v), lang, decimals=decimals)
    table: dict[str, Callable[[object], str]] = {
        "text": str,
        "count": lambda v: format_number(float(v), lang),
        "decimal1": lambda v: format_number(float(v), lang, decimals=1),
        "decimal2": lambda v: format_number(float(v), lang, decimals=2),
        "metres": lambda v: format_number(float(v), lang),
        "percent": lambda v: format_percent(float(v), lang),
        "coordinate": lambda v: format_number(float(v), lang, decimals=COORDINATE_DECIMALS),
        "vnd": lambda v: format_vnd(float(v), lang),
        "yesno": lambda v: yes_no(bool(v), lang),
        "date": lambda v: format_date(pd.Timestamp(v), lang),
        "exact": lambda v: _exact(v, lang),
    }
    if kind not in table:
        raise ValueError(f"'kind' should be one of {', '.join(KINDS)}, got '{kind}' instead")
    return table[kind]


def _exact(value: object, lang: str) -> str:
    """A cell as it was typed: numbers exactly (``21,271396``), anything else as text."""
    if isinstance(value, bool | np.bool_):
        return yes_no(bool(value), lang)
    if isinstance(value, int | float | np.integer | np.floating):
        return number_text(float(value), lang)
    return str(value)


def _stays_numeric(kind: str, values: pd.Series) -> bool:
    """Whole numbers below 1 000 with no gap read the same in every language."""
    if kind not in ("count", "number", "metres") or values.isna().any():
        return False
    v = pd.to_numeric(values, errors="coerce")
    return bool(v.notna().all() and (v.abs() < 1000).all() and (v == v.round()).all())


def display_column(values: pd.Series, lang: str = "vi", kind: str | None = None) -> pd.Series:
    """Format one column for reading (see :func:`display_frame`)."""
    kind = kind or infer_kind(values)
    if _stays_numeric(kind, values):
        return values.astype("int64")
    fmt = _formatter(kind, values, lang)
    cells = [MISSING if _missing(v) else fmt(v) for v in values.to_numpy(dtype=object)]
    return pd.Series(cells, index=values.index, name=values.name, dtype=object)


def display_frame(
    frame: pd.DataFrame,
    lang: str = "vi",
    *,
    kinds: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Return ``frame`` with every cell formatted for reading in ``lang`` ({"vi", "en"}).

    Parameters
    ----------
    frame
        Values as computed (numbers, booleans, dates, text; geometry columns are dropped).
    kinds
        Column → kind (one of :data:`KINDS`); other columns by their values: booleans as
        yes / no, integers as counts, floats as numbers with :func:`number_decimals`,
        dates as ``dd/mm/yyyy``.
    labels
        Column → header shown (columns not listed keep their name).
    """
    check_lang(lang)
    kinds = kinds or {}
    out = pd.DataFrame(index=frame.index)
    for name in frame.columns:
        values = frame[name]
        if isinstance(values.dtype, pd.api.extensions.ExtensionDtype) and (
            values.dtype.name == "geometry"
        ):
            continue
        out[name] = display_column(values, lang, kinds.get(name))
    return out.rename(columns=dict(labels or {}))
