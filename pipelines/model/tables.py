"""The one table writer: CSV (UTF-8 with BOM, for Excel) and XLSX, for every table we hand out.

Layer exports, import rejects, analysis tables, ``pccc analyze`` and ``pccc plan`` output and
every download button write their tables here, so headers, number and date formats, and the
protection against spreadsheet formula injection are the same everywhere:

* **Headers** are the frame's column names, already in the reader's language.
* **Numbers** go through :func:`pipelines.text.formats.format_number`. In CSV a number is
  written with the language's decimal mark and no thousands grouping (``1234,5`` in
  Vietnamese), so Excel and our own import read it back; in XLSX it stays a number cell with
  a number format (``#,##0.0``), which Excel shows in the user's own locale. A column's
  decimals come from :attr:`Sheet.decimals` (``None`` = exactly as stored, for data meant to
  be read back); whole-number columns get none, other float columns two.
* **Dates** are ``dd/mm/yyyy`` (Vietnamese) or ISO (English); in XLSX they are date cells.
* **Text from users is text, never a formula.** XLSX cells are written as strings with
  xlsxwriter's formula, URL and number conversions off. In CSV, where a spreadsheet decides
  by the first character, a text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return gets a leading apostrophe (OWASP's rule for CSV injection); the import
  removes exactly that apostrophe again (:func:`unneutralise`).
* XLSX sheets have a bold, frozen header row, an autofilter and widths from their content.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import xlsxwriter

from pipelines.text.formats import check_lang, format_date, format_number, format_percent, yes_no

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
DEFAULT_FLOAT_DECIMALS = 2
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
MAX_SHEET_NAME = 31
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
    "in_memory": True,
}


@dataclass(frozen=True)
class Sheet:
    """One table to write.

    Parameters
    ----------
    frame
        The table; its column names are the headers.
    name
        Sheet name (XLSX; cut to 31 characters).
    decimals
        Column → digits after the decimal mark (``None``: exactly as stored).
    percent
        Columns holding shares (0–1), written as percentages.
    index
        Also write the frame's index as the first column (its name is the header).
    """

    frame: pd.DataFrame
    name: str = "PCCC"
    decimals: Mapping[str, int | None] = field(default_factory=dict)
    percent: frozenset[str] | set[str] | tuple[str, ...] = ()
    index: bool = False

    def table(self) -> pd.DataFrame:
        if not self.index:
            return self.frame
        name = self.frame.index.name or ""
        return self.frame.reset_index(names=[name] if name else ["_"]).rename(columns={"_": ""})


def neutralise(text: str) -> str:
    """Return ``text`` safe for a CSV cell: a leading apostrophe before a formula trigger."""
    return NEUTRALISER + text if text.startswith(FORMULA_TRIGGERS) else text


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise` (the import reads our own CSV back to the same text)."""
    if text.startswith(NEUTRALISER) and text[1:2] and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


# --- Column kinds ---------------------------------------------------------------------------


def _kind(values: pd.Series, *, percent: bool) -> str:
    """Return {"percent", "int", "float", "bool", "date", "text"} for a column."""
    if percent:
        return "percent"
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "date"
    present = values.dropna().tolist()
    if not present:
        return "text"
    if all(isinstance(v, bool | np.bool_) for v in present):
        return "bool"
    if all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in present):
        return "int"
    if all(isinstance(v, int | float | np.number) and not isinstance(v, bool) for v in present):
        return "float"
    if all(isinstance(v, dt.date) for v in present):
        return "date"
    return "text"


def _decimals(sheet: Sheet, column: str, values: pd.Series, kind: str) -> int | None:
    if column in sheet.decimals:
        return sheet.decimals[column]
    if kind == "percent":
        return 1
    if kind != "float":
        return 0
    finite = values[np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))]
    return 0 if len(finite) and (finite == np.round(finite)).all() else DEFAULT_FLOAT_DECIMALS


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _as_date(value: object) -> dt.date | None:
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


# --- CSV ------------------------------------------------------------------------------------


def _csv_column(values: pd.Series, kind: str, decimals: int | None, lang: str) -> list[str]:
    out: list[str] = []
    for value in values.tolist():
        if _missing(value):
            out.append("")
        elif kind == "percent":
            out.append(format_percent(float(value), lang, decimals=decimals or 0))
        elif kind in ("int", "float"):
            out.append(format_number(value, lang, decimals=decimals, grouping=False))
        elif kind == "bool":
            out.append(yes_no(bool(value), lang))
        elif kind == "date":
            day = _as_date(value)
            out.append(format_date(day, lang) if day else neutralise(str(value)))
        else:
            out.append(neutralise(str(value)))
    return out


def csv_bytes(sheet: Sheet | pd.DataFrame, *, lang: str = "vi") -> bytes:
    """Return one table as CSV bytes (UTF-8 with BOM, comma-separated, minimal quoting)."""
    sheet = sheet if isinstance(sheet, Sheet) else Sheet(sheet)
    check_lang(lang)
    table = sheet.table()
    columns = {}
    for j, column in enumerate(table.columns):
        values = table.iloc[:, j]
        kind = _kind(values, percent=column in sheet.percent)
        decimals = _decimals(sheet, column, values, kind)
        columns[j] = _csv_column(values, kind, decimals, lang)
    text = pd.DataFrame(columns, index=range(len(table)))
    text.columns = [neutralise(str(c)) for c in table.columns]
    return text.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


# --- XLSX -----------------------------------------------------------------------------------


def _number_format(kind: str, decimals: int | None) -> str:
    if kind == "percent":
        return "0" + ("." + "0" * decimals if decimals else "") + "%"
    if kind == "int" or decimals == 0:
        return "#,##0"
    if decimals is None:
        return "General"
    return "#,##0." + "0" * decimals


def _width(header: str, values: pd.Series) -> int:
    sample = values.head(1000).dropna().astype(str)
    longest = int(np.percentile(sample.str.len(), 90)) if len(sample) else 0
    return max(_MIN_WIDTH, min(_MAX_WIDTH, max(len(header), longest) + 2))


def _write_cell(ws, row: int, col: int, value: object, kind: str, fmt, lang: str) -> None:
    if _missing(value):
        ws.write_blank(row, col, None, fmt)
    elif kind in ("int", "float", "percent"):
        number = float(value)
        if math.isinf(number):
            ws.write_string(row, col, format_number(number, lang), fmt)
        else:
            ws.write_number(row, col, number, fmt)
    elif kind == "bool":
        ws.write_string(row, col, yes_no(bool(value), lang), fmt)
    elif kind == "date" and (day := _as_date(value)) is not None:
        ws.write_datetime(row, col, dt.datetime.combine(day, dt.time()), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _write_sheet(workbook, sheet: Sheet, name: str, lang: str) -> None:
    ws = workbook.add_worksheet(name)
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    date_format = "dd/mm/yyyy" if lang == "vi" else "yyyy-mm-dd"
    table = sheet.table()
    for j, column in enumerate(table.columns):
        values = table.iloc[:, j]
        kind = _kind(values, percent=column in sheet.percent)
        decimals = _decimals(sheet, column, values, kind)
        spec = date_format if kind == "date" else _number_format(kind, decimals)
        fmt = workbook.add_format({"num_format": spec}) if kind != "text" else None
        ws.write_string(0, j, str(column), header)
        for i, value in enumerate(values.tolist(), start=1):
            _write_cell(ws, i, j, value, kind, fmt, lang)
        ws.set_column(j, j, _width(str(column), values))
    ws.freeze_panes(1, 0)
    if len(table.columns):
        ws.autofilter(0, 0, max(len(table), 1), len(table.columns) - 1)


def _sheet_name(name: str, taken: set[str]) -> str:
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    base = (name.strip() or "PCCC")[:MAX_SHEET_NAME]
    out, n = base, 2
    while out.lower() in taken:
        suffix = f" ({n})"
        out, n = base[: MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
    taken.add(out.lower())
    return out


def xlsx_bytes(sheets: Sheet | pd.DataFrame | Sequence[Sheet], *, lang: str = "vi") -> bytes:
    """Return one or more tables as an XLSX workbook (one sheet each)."""
    check_lang(lang)
    if isinstance(sheets, pd.DataFrame):
        sheets = [Sheet(sheets)]
    elif isinstance(sheets, Sheet):
        sheets = [sheets]
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, _WORKBOOK_OPTIONS)
    taken: set[str] = set()
    for sheet in sheets:
        _write_sheet(workbook, sheet, _sheet_name(sheet.name, taken), lang)
    workbook.close()
    return buffer.getvalue()


TABLE_FORMATS: dict[str, tuple[str, str]] = {
    "csv": (CSV_MIME, ".csv"),
    "xlsx": (XLSX_MIME, ".xlsx"),
}


def table_bytes(sheet: Sheet | pd.DataFrame, fmt: str, *, lang: str = "vi") -> bytes:
    """Return one table as ``fmt`` ({"csv", "xlsx"}) bytes."""
    if fmt == "csv":
        return csv_bytes(sheet, lang=lang)
    if fmt == "xlsx":
        return xlsx_bytes(sheet, lang=lang)
    raise ValueError(f"'fmt' should be one of 'csv' or 'xlsx', got '{fmt}' instead")
