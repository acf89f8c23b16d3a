"""Read a user's file into a :class:`SourceTable`: its columns, rows and geometry as given.

One reader per format, chosen by :data:`READERS` from the file name (then from the first
bytes). Tables (CSV/TSV with any delimiter, XLSX, XLS, ODS) go through the same steps:
decode, convert legacy text cells (:mod:`pipelines.ingest.encodings`), fill merged cells,
find the header row below any title rows (two-row headers are joined: "Tọa độ" over
"X" gives "Tọa độ X"), skip a column-numbering row ("(1) (2) (3)"), drop empty rows.
Geographic formats (GeoJSON, GeoPackage, zipped Shapefile, KML/KMZ) keep their geometry
and CRS (KML placemarks are parsed by :mod:`pipelines.ingest.kml`); OpenStreetMap files
are read by :mod:`pipelines.ingest.osm`.

Row numbers are the ones the user sees: the spreadsheet row or text line (1-based, header
included) for tables, the feature's position (1-based) for geographic files.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyogrio

from pipelines.ingest import encodings, webtables
from pipelines.ingest.coordinates import crs_from_file
from pipelines.ingest.headers import header_score
from pipelines.ingest.kml import placemarks
from pipelines.ingest.osm import LAYER_FILTERS
from pipelines.ingest.osm_forms import (
    OGR_OSM_LAYER,
    flatten_tags,
    geojson_rows,
    looks_osm,
    looks_osm_frame,
    osm_frame,
    read_osm_features,
)
from pipelines.ingest.osm_read import read_osm_file, read_overpass_json
from pipelines.ingest.source import Note, ReadOptions, SourceTable, collector_paused
from pipelines.model.errors import InputFileError

HEADER_SCAN_ROWS = 30
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*")


FORMAT_LABELS: dict[str, tuple[str, str]] = {
    "csv": ("Bảng văn bản CSV/TSV", "CSV/TSV text table"),
    "xlsx": ("Bảng tính Excel (.xlsx)", "Excel workbook (.xlsx)"),
    "xls": ("Bảng tính Excel 97–2003 (.xls)", "Excel 97–2003 workbook (.xls)"),
    "ods": ("Bảng tính OpenDocument (.ods)", "OpenDocument spreadsheet (.ods)"),
    "geojson": ("GeoJSON", "GeoJSON"),
    "gpkg": ("GeoPackage", "GeoPackage"),
    "shapefile": ("Shapefile nén (.zip)", "Zipped Shapefile"),
    "kml": ("KML (Google Earth, My Maps)", "KML (Google Earth, My Maps)"),
    "kmz": ("KMZ (Google Earth, My Maps)", "KMZ (Google Earth, My Maps)"),
    "osm_xml": ("OpenStreetMap .osm", "OpenStreetMap .osm XML"),
    "osm_pbf": ("OpenStreetMap .osm.pbf", "OpenStreetMap .osm.pbf"),
    "overpass_json": ("Overpass JSON", "Overpass JSON"),
    "html_table": (
        "Bảng HTML lưu thành .xls (cổng thông tin)",
        "HTML table saved as .xls (web portal)",
    ),
    "spreadsheetml": ("Bảng tính Excel 2003 XML", "Excel 2003 XML spreadsheet"),
}


# --- Tables ---------------------------------------------------------------------------------


def _is_blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and np.isnan(value))
    )


def _is_numbering_row(cells: Sequence[object]) -> bool:
    values = [c for c in cells if not _is_blank(c)]
    if len(values) < 2:
        return False
    numbers = []
    for v in values:
        text = str(v).strip().strip("()[]").removesuffix(".0")
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _distinct_text(cells: Sequence[object]) -> list[str]:
    seen: list[str] = []
    for c in cells:
        if isinstance(c, str) and c.strip() and c not in seen:
            seen.append(c)
    return seen


def find_header(rows: Sequence[Sequence[object]], layer: str) -> int:
    """Return the 0-based index of the header row among the first rows of a table.

    Title rows ("UBND PHƯỜNG …", "DANH SÁCH …") hold one distinct text; the header row holds
    the most column names the layer knows, then the most distinct texts.
    """
    best, best_key = 0, (-1, -1)
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = _distinct_text(row)
        if len(texts) < 2:
            continue
        key = (header_score(texts, layer), len(texts))
        if key > best_key:
            best, best_key = i, key
    return best


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _header_names(
    rows: Sequence[Sequence[object]], h: int, layer: str, width: int
) -> tuple[list[str], int]:
    """Build column names from header row ``h`` (and a sub-header row); return names, rows used."""
    top = [rows[h][j] if j < len(rows[h]) else "" for j in range(width)]
    used = 1
    names = [str(v).strip() if not _is_blank(v) else "" for v in top]
    if h + 1 < len(rows):
        sub = [rows[h + 1][j] if j < len(rows[h + 1]) else "" for j in range(width)]
        sub_text = [str(v).strip() if not _is_blank(v) else "" for v in sub]
        numeric = any(
            (isinstance(v, int | float) and not isinstance(v, bool))
            or (isinstance(v, str) and _NUMBER.fullmatch(v.strip()) is not None)
            for v in sub
        )
        fills_gap = any(s and not t for s, t in zip(sub_text, names, strict=True))
        merged_down = any(s and s == t for s, t in zip(sub_text, names, strict=True))
        if (
            any(sub_text)
            and not numeric
            and not _is_numbering_row(sub)
            and (fills_gap or merged_down)
        ):
            parent = ""
            joined = []
            for j, (t, s) in enumerate(zip(names, sub_text, strict=True)):
                if t:
                    parent = t
                elif s and j > 0 and not names[j]:
                    t = parent
                joined.append(f"{t} {s}".strip() if s and t and t != s else (s or t))
            names, used = joined, 2
    out: list[str] = []
    for j, name in enumerate(names):
        name = re.sub(r"\s+", " ", name) or f"Cột {_column_letter(j)}"
        candidate, k = name, 2
        while candidate in out:
            candidate, k = f"{name} ({k})", k + 1
        out.append(candidate)
    return out, used


def _fill_merged(rows: list[list[object]], merged: Sequence) -> None:
    """Copy each merged range's top-left value into all its cells (in place)."""
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                if (r, c) != (r0, c0) and _is_blank(rows[r][c]):
                    rows[r][c] = value


def _column_hints(
    head_conversions: pd.DataFrame, names: list[str], h: int, start: int
) -> dict[str, str]:
    """Return, per column name, the legacy encoding its header cells were written in."""
    header = head_conversions[
        (head_conversions["position"] >= h)
        & (head_conversions["position"] < start)
        & head_conversions["encoding"].isin(["tcvn3", "vni"])
    ]
    return {
        names[int(column)]: encoding
        for column, encoding in zip(header["column"], header["encoding"], strict=True)
        if int(column) < len(names)
    }


def _table_from_rows(
    rows: list[list[object]],
    *,
    fmt: str,
    options: ReadOptions,
    merged: Sequence = (),
    sheet: str | None = None,
    sheets: tuple[str, ...] = (),
) -> SourceTable:
    """Turn a sheet's rows (from A1, header and titles included) into a :class:`SourceTable`.

    The first rows are converted and scanned for the header; the body is built into a frame
    only from the rows below it, so numeric columns keep a numeric dtype.
    """
    width = max(map(len, rows), default=0)
    head_frame = pd.DataFrame(
        [list(r) + [""] * (width - len(r)) for r in rows[: HEADER_SCAN_ROWS + 2]], dtype=object
    )
    head_frame, head_conversions = encodings.convert_frame(
        _blank_to_na(head_frame), mode=options.text_mode
    )
    head = head_frame.astype(object).where(head_frame.notna(), "").values.tolist()
    if merged:
        _fill_merged(head, [m for m in merged if m[0][0] < len(head)])
    if options.header_row is not None:
        h = options.header_row - 1
        if not 0 <= h < len(rows):
            raise InputFileError(
                f"Dòng tiêu đề {options.header_row} nằm ngoài bảng ({len(rows)} dòng)",
                f"'header_row' should be within 1–{len(rows)}, got {options.header_row} instead",
            )
        if h >= len(head):
            head = [list(r) for r in rows[: h + 2]]
    else:
        h = find_header(head, options.layer)
        # a header cell merged down from the row above: that row starts the header
        if h > 0 and any(r0 == h - 1 and r1 >= h for (r0, _), (r1, _) in merged):
            h -= 1
    names, used = _header_names(head, h, options.layer, width)
    start = h + used
    notes: list[Note] = []
    if start < len(head) and _is_numbering_row(head[start]):
        start += 1
        notes.append(
            Note(
                "numbering_row",
                f"Bỏ qua dòng đánh số cột (dòng {start})",
                f"Skipped the column-numbering row (row {start})",
            )
        )
    body = pd.DataFrame(rows[start:], columns=range(width) if rows[start:] else None)
    body = body.reindex(columns=range(width))
    body.columns = names
    body, body_conversions = encodings.convert_frame(
        _blank_to_na(body),
        mode=options.text_mode,
        hints=_column_hints(head_conversions, names, h, start),
    )
    if merged:
        _fill_merged_body(body, merged, start)
    numbers = np.arange(start, len(rows)) + 1
    body, numbers, skipped = _drop_empty(body, numbers)
    conversions = _sheet_conversions(
        head_conversions, head_frame.columns, body_conversions, names, start
    )
    return SourceTable(
        frame=body.reset_index(drop=True),
        row_numbers=numbers,
        format=fmt,
        sheet=sheet,
        sheets=sheets,
        header_row=h + 1,
        conversions=conversions,
        notes=notes,
        skipped_rows=skipped,
    )


def _sheet_conversions(
    head: pd.DataFrame, head_columns: pd.Index, body: pd.DataFrame, names: list[str], start: int
) -> pd.DataFrame:
    """Return the text conversions of a sheet's header rows (above ``start``) and body."""
    head = head[head["position"] < start]
    parts = [
        _conversion_rows(head, head_columns, names, 1),
        _conversion_rows(body, pd.Index(names), names, start + 1),
    ]
    parts = [part for part in parts if len(part)]
    if not parts:
        return _conversion_rows(body, pd.Index(names), names, 1)
    return pd.concat(parts, ignore_index=True)


def _fill_merged_body(body: pd.DataFrame, merged: Sequence, start: int) -> None:
    for (r0, c0), (r1, c1) in merged:
        if r1 < start or r0 < start or c0 >= body.shape[1]:
            continue
        top = r0 - start
        value = body.iat[top, c0]
        for r in range(top, min(r1 - start, len(body) - 1) + 1):
            for c in range(c0, min(c1, body.shape[1] - 1) + 1):
                if (r, c) != (top, c0) and _is_blank(body.iat[r, c]):
                    body.iat[r, c] = value


def _drop_empty(body: pd.DataFrame, numbers: np.ndarray) -> tuple[pd.DataFrame, np.ndarray, int]:
    """Drop rows whose every cell is empty (cells were blanked by :func:`_blank_to_na`)."""
    keep = ~body.isna().all(axis=1).to_numpy()
    return body[keep], numbers[keep], int((~keep).sum())


def _conversion_rows(
    conversions: pd.DataFrame, grid_columns: pd.Index, names: list[str], first_row_number: int
) -> pd.DataFrame:
    if conversions.empty:
        return pd.DataFrame(columns=["row", "column", "encoding", "before", "after"])
    position = {c: names[i] if i < len(names) else str(c) for i, c in enumerate(grid_columns)}
    return pd.DataFrame(
        {
            "row": conversions["position"].astype(int) + first_row_number,
            "column": conversions["column"].map(position),
            "encoding": conversions["encoding"],
            "before": conversions["before"],
            "after": conversions["after"],
        }
    )


def _blank_to_na(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn empty and whitespace-only text cells into missing values."""
    for column in frame.columns:
        col = frame[column]
        if col.dtype == object:
            blank = col.isin(["", " ", "  ", "\u00a0"])
        elif pd.api.types.is_string_dtype(col):
            blank = col.eq("") | col.str.isspace()
        else:
            continue
        if blank.any():
            frame[column] = col.mask(blank)
    return frame


def _choose_sheet(
    name: str,
    sheets: Sequence[str],
    candidates: Sequence[str],
    load: Callable[[str], list[list[object]]],
    options: ReadOptions,
) -> tuple[str, list[list[object]]]:
    """The sheet named by ``options.sheet``, else the candidate whose header fits the layer best."""
    if options.sheet is not None:
        if options.sheet not in sheets:
            raise InputFileError(
                f"Bảng tính không có trang '{options.sheet}' (có: {', '.join(sheets)})",
                f"'sheet' should be one of {', '.join(sheets)}, got '{options.sheet}' instead",
            )
        return options.sheet, load(options.sheet)
    chosen, rows, best = None, [], (-1, -1)
    for candidate in candidates:
        r = load(candidate)
        if not r:
            continue
        if len(candidates) == 1:  # the only sheet: nothing to compare it with
            return candidate, r
        h = find_header(r, options.layer)
        key = (header_score(_distinct_text(r[h]), options.layer), len(r))
        if key > best:
            chosen, rows, best = candidate, r, key
    if chosen is None:
        raise InputFileError(f"Bảng tính {name} không có dữ liệu", f"workbook {name} holds no data")
    return chosen, rows


def _sheet_table(
    rows: list[list[object]],
    *,
    fmt: str,
    name: str,
    options: ReadOptions,
    merged: Sequence,
    chosen: str,
    sheets: tuple[str, ...],
) -> SourceTable:
    if not rows:
        raise InputFileError(
            f"Trang '{chosen}' của {name} trống", f"sheet '{chosen}' of {name} is empty"
        )
    table = _table_from_rows(
        rows, fmt=fmt, options=options, merged=merged, sheet=chosen, sheets=sheets
    )
    if len(sheets) > 1:
        table.notes.append(
            Note(
                "sheet",
                f"Đọc trang '{chosen}' (tệp có {len(sheets)} trang: {', '.join(sheets)})",
                f"Read sheet '{chosen}' (the workbook has {len(sheets)}: {', '.join(sheets)})",
            )
        )
    return table


def read_spreadsheet(data: bytes, name: str, options: ReadOptions) -> SourceTable:
    """Read one sheet of an XLSX, XLS or ODS workbook with python-calamine.

    A web portal's "Excel" file (an HTML table or Excel 2003 XML, whatever its name) is
    read by :func:`read_web_workbook`.
    """
    import python_calamine

    if webtables.sniff(data):
        return read_web_workbook(data, name, options)
    fmt = {".xls": "xls", ".ods": "ods"}.get(Path(name).suffix.lower(), "xlsx")
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise InputFileError(
            f"Không mở được bảng tính {name}: {exc}", f"cannot open workbook {name}: {exc}"
        ) from None
    visible = [
        m.name
        for m in book.sheets_metadata
        if m.visible == python_calamine.SheetVisibleEnum.Visible
    ] or list(book.sheet_names)
    sheets = tuple(book.sheet_names)

    def load(sheet_name: str) -> list[list[object]]:
        return book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)

    chosen, rows = _choose_sheet(name, sheets, visible, load, options)
    sheet = book.get_sheet_by_name(chosen)
    merged = list(getattr(sheet, "merged_cell_ranges", None) or [])
    return _sheet_table(
        rows, fmt=fmt, name=name, options=options, merged=merged, chosen=chosen, sheets=sheets
    )


def read_web_workbook(data: bytes, name: str, options: ReadOptions) -> SourceTable:
    """Read an HTML table saved as .xls or an Excel 2003 XML workbook like any workbook."""
    kind = webtables.sniff(data) or "html_table"
    book = {s.name: s for s in webtables.read_web_workbook(data, name, kind)}
    sheets = tuple(book)
    chosen, rows = _choose_sheet(name, sheets, sheets, lambda n: book[n].rows, options)
    return _sheet_table(
        rows,
        fmt=kind,
        name=name,
        options=options,
        merged=book[chosen].merged,
        chosen=chosen,
        sheets=sheets,
    )


_DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(lines: Sequence[str]) -> str:
    """Return the delimiter that splits the sample lines into the most consistent columns."""
    best, best_key = ",", (-1, -1)
    for delimiter in _DELIMITERS:
        counts = [
            len(r) for r in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in r)
        ]
        if not counts:
            continue
        values, freq = np.unique(counts, return_counts=True)
        mode = int(values[np.argmax(freq)])
        if mode < 2:
            continue
        key = (int(freq.max()), mode)
        if key > best_key:
            best, best_key = delimiter, key
    return best


_ARROW_TEXT = pd.ArrowDtype(pa.string())


def _first_lines(text: encodings.DecodedText, n: int) -> list[str]:
    """Return ``text.text.splitlines()[:n]`` without decoding or splitting the whole text."""
    size = 1 << 16
    while size < len(text):
        lines = text.prefix(size).splitlines()
        if len(lines) > n:  # line n ends inside the chunk, so the first n are whole
            return lines[:n]
        size *= 4
    return text.text.splitlines()[:n]


def _arrow_text_as_str(frame: pd.DataFrame) -> pd.DataFrame:
    """Give columns read as Arrow strings pandas' default string dtype (``"str"``)."""
    for position, dtype in enumerate(frame.dtypes):
        if dtype == _ARROW_TEXT:
            frame.isetitem(position, frame.iloc[:, position].astype("str"))
    return frame


@dataclass(frozen=True)
class _CsvHeader:
    """Where a text table's header is and what it says (from its first lines)."""

    delimiter: str
    names: list[str]
    header_row: int  # 0-based line of the header
    start: int  # 0-based line of the first body row
    conversions: pd.DataFrame  # text conversions of the first lines
    columns: pd.Index  # columns of the first lines' grid
    notes: list[Note]


def _csv_header(decoded: encodings.DecodedText, name: str, options: ReadOptions) -> _CsvHeader:
    """Find the delimiter, the header row and the column names in a text table's first lines."""
    head_lines = _first_lines(decoded, HEADER_SCAN_ROWS + 20)
    delimiter = sniff_delimiter(head_lines)
    head_rows = list(csv.reader(head_lines, delimiter=delimiter))
    width = max((len(r) for r in head_rows), default=0)
    if width == 0:
        raise InputFileError(f"Tệp {name} trống", f"file {name} is empty")
    head = pd.DataFrame([r + [""] * (width - len(r)) for r in head_rows], dtype=object)
    head = _blank_to_na(head)
    converted_head, head_conversions = encodings.convert_frame(head, mode=options.text_mode)
    head_list = converted_head.astype(object).where(converted_head.notna(), "").values.tolist()
    if options.header_row is not None:
        h = options.header_row - 1
    else:
        h = find_header(head_list, options.layer)
    names, used = _header_names(head_list, h, options.layer, width)
    start = h + used
    notes: list[Note] = []
    if start < len(head_list) and _is_numbering_row(head_list[start]):
        start += 1
        notes.append(
            Note(
                "numbering_row",
                f"Bỏ qua dòng đánh số cột (dòng {start})",
                f"Skipped the column-numbering row (line {start})",
            )
        )
    return _CsvHeader(delimiter, names, h, start, head_conversions, head.columns, notes)


def _csv_body(
    data: bytes, decoded: encodings.DecodedText, header: _CsvHeader, options: ReadOptions
) -> tuple[pd.DataFrame, list[Note]]:
    """Parse the rows below the header; rows wider than the header get more columns."""
    names = list(header.names)
    numeric = options.numeric_columns(names) if options.numeric_columns else set()
    # Text columns are parsed straight into Arrow strings (the parser's fast path), then
    # given pandas' default string dtype.
    dtype = {n: _ARROW_TEXT for n in names if n not in numeric}
    source: io.IOBase
    if decoded.encoding in ("utf-8", "utf-8-sig"):
        source = io.BytesIO(data)
        kwargs = {"encoding": decoded.encoding}
    else:
        source = io.StringIO(decoded.text)
        kwargs = {}
    try:
        body = pd.read_csv(
            source,
            sep=header.delimiter,
            header=None,
            names=names,
            skiprows=header.start,
            dtype=dtype,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            **kwargs,
        )
        return _arrow_text_as_str(body), []
    except (pd.errors.ParserError, ValueError):
        lines = decoded.text.splitlines()[header.start :]
        rows = list(csv.reader(lines, delimiter=header.delimiter))
        wide = max((len(r) for r in rows), default=len(names))
        names += [f"Cột {_column_letter(j)}" for j in range(len(names), wide)]
        body = pd.DataFrame([r + [""] * (wide - len(r)) for r in rows], columns=names, dtype=object)
        ragged = Note(
            "ragged",
            "Một số dòng có nhiều cột hơn dòng tiêu đề; đã thêm cột",
            "Some rows have more cells than the header; columns were added",
        )
        return _blank_to_na(body), [ragged]


def read_csv(data: bytes, name: str, options: ReadOptions) -> SourceTable:
    """Read a delimited text table (any of , ; tab |), detecting encoding and header row."""
    decoded = encodings.decode_bytes(data, encoding=options.encoding)
    header = _csv_header(decoded, name, options)
    body, body_notes = _csv_body(data, decoded, header, options)
    start, names = header.start, list(body.columns)
    numbers = np.arange(len(body)) + start + 1
    body, conversions = encodings.convert_frame(
        body,
        mode=options.text_mode,
        hints=_column_hints(header.conversions, names, header.header_row, start),
    )
    body, numbers, skipped = _drop_empty(body, numbers)
    conv = conversions.copy()
    if not conv.empty:
        conv = pd.DataFrame(
            {
                "row": conv["position"].astype(int) + start + 1,
                "column": conv["column"],
                "encoding": conv["encoding"],
                "before": conv["before"],
                "after": conv["after"],
            }
        )
    head = header.conversions
    head_conv = _conversion_rows(head[head["position"] < start], header.columns, names, 1)
    conversions = pd.concat([head_conv, conv], ignore_index=True) if not conv.empty else head_conv
    delimiter_name = {",": "dấu phẩy", ";": "dấu chấm phẩy", "\t": "tab", "|": "dấu |"}
    notes = [
        *header.notes,
        *body_notes,
        Note(
            "delimiter",
            f"Dấu phân cách cột: {delimiter_name[header.delimiter]}",
            f"Column delimiter: {header.delimiter!r}",
        ),
    ]
    return SourceTable(
        frame=body.reset_index(drop=True),
        row_numbers=numbers,
        format="csv",
        header_row=header.header_row + 1,
        encoding=decoded.encoding,
        conversions=conversions,
        notes=notes,
        skipped_rows=skipped,
    )


# --- Geographic files -----------------------------------------------------------------------


def _from_geodataframe(
    frame: pd.DataFrame, *, fmt: str, options: ReadOptions, crs: object = None, **extra: object
) -> SourceTable:
    geometry = None
    if "geometry" in frame.columns:
        geometry = np.asarray(frame["geometry"].to_numpy(), dtype=object)
        frame = pd.DataFrame(frame.drop(columns="geometry"))
    frame = frame.reset_index(drop=True)
    frame = _blank_to_na(frame)
    frame, conversions = encodings.convert_frame(frame, mode=options.text_mode)
    conv = pd.DataFrame(
        {
            "row": conversions["position"].astype(int) + 1,
            "column": conversions["column"],
            "encoding": conversions["encoding"],
            "before": conversions["before"],
            "after": conversions["after"],
        }
    )
    return SourceTable(
        frame=frame,
        row_numbers=np.arange(1, len(frame) + 1),
        format=fmt,
        geometry=geometry,
        crs=crs_from_file(crs) if crs is not None else None,
        conversions=conv,
        **extra,  # type: ignore[arg-type]
    )


def read_geojson(data: bytes, name: str, options: ReadOptions) -> SourceTable:
    """Read GeoJSON (any generator, Overpass exports included); Overpass JSON is sent to osm."""
    import json

    try:
        doc = json.loads(encodings.decode_bytes(data, encoding=options.encoding).text)
    except json.JSONDecodeError as exc:
        raise InputFileError(
            f"Tệp {name} không phải JSON hợp lệ: {exc}", f"{name} is not valid JSON: {exc}"
        ) from None
    if isinstance(doc, dict) and "elements" in doc:
        return read_overpass_json(doc, options)
    if not isinstance(doc, dict) or doc.get("type") not in ("FeatureCollection", "Feature"):
        raise InputFileError(
            f"Tệp {name} không phải GeoJSON (thiếu FeatureCollection)",
            f"{name} should be a GeoJSON FeatureCollection, got {type(doc).__name__} instead",
        )
    generator = str(doc.get("generator", ""))
    features = doc.get("features", []) if doc.get("type") == "FeatureCollection" else [doc]
    if not features:
        table = SourceTable(
            frame=pd.DataFrame(),
            row_numbers=np.array([], dtype=int),
            format="geojson",
            geometry=np.array([], dtype=object),
            crs="EPSG:4326",
            osm="overpass" in generator.lower(),
        )
        table.notes.append(
            Note("empty", "Tệp không có đối tượng nào", "The file holds no features")
        )
        return table
    if options.layer in LAYER_FILTERS and looks_osm(
        (f.get("properties") or {} for f in features[:50] if isinstance(f, dict)),
        (f.get("id") for f in features[:50] if isinstance(f, dict)),
    ):
        return read_osm_features(geojson_rows(features), "geojson", options)
    try:
        frame = pyogrio.read_dataframe(io.BytesIO(data), use_arrow=False)
    except Exception as exc:  # pyogrio's DataSourceError and friends
        raise InputFileError(
            f"Không đọc được GeoJSON {name}: {exc}", f"cannot read GeoJSON {name}: {exc}"
        ) from None
    frame = flatten_tags(pd.DataFrame(frame))
    osm = looks_osm_frame(frame, generator)
    return _from_geodataframe(
        frame,
        fmt="geojson",
        options=options,
        crs=getattr(frame, "crs", None) or "EPSG:4326",
        osm=osm,
    )


def read_geopackage(data: bytes, name: str, options: ReadOptions) -> SourceTable:
    """Read one layer of a GeoPackage (the one named ``sheet``, else the one named like the target)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.gpkg"
        path.write_bytes(data)
        try:
            layers = [(str(n), str(g)) for n, g in pyogrio.list_layers(path)]
        except Exception as exc:
            raise InputFileError(
                f"Không đọc được GeoPackage {name}: {exc}", f"cannot read GeoPackage {name}: {exc}"
            ) from None
        names = tuple(n for n, _ in layers)
        if options.sheet is not None and options.sheet not in names:
            raise InputFileError(
                f"GeoPackage không có lớp '{options.sheet}' (có: {', '.join(names)})",
                f"'sheet' should be one of {', '.join(names)}, got '{options.sheet}' instead",
            )
        chosen = options.sheet or (options.layer if options.layer in names else None)
        if chosen is None and OGR_OSM_LAYER.get(options.layer) in names:  # ogr2ogr's OSM layers
            chosen = OGR_OSM_LAYER[options.layer]
        if chosen is None:
            chosen = next(
                (n for n in names if pyogrio.read_info(path, layer=n)["features"] > 0), names[0]
            )
        frame = pyogrio.read_dataframe(path, layer=chosen, use_arrow=False)
        crs = getattr(frame, "crs", None)
        if crs is not None and frame.crs.to_epsg() != 4326 and len(frame):
            wgs84 = frame.to_crs("EPSG:4326")
        else:
            wgs84 = frame
        frame = pd.DataFrame(frame)
    table = osm_frame(pd.DataFrame(wgs84), "gpkg", options) or _from_geodataframe(
        frame, fmt="gpkg", options=options, crs=crs
    )
    table.sheet, table.sheets = chosen, names
    if len(names) > 1:
        table.notes.append(
            Note(
                "sheet",
                f"Đọc lớp '{chosen}' (tệp có {len(names)} lớp: {', '.join(names)})",
                f"Read layer '{chosen}' (the file has {len(names)}: {', '.join(names)})",
            )
        )
    return table


_CPG_CODECS = {"65001": "UTF-8", "utf8": "UTF-8", "1258": "CP1258", "1252": "CP1252"}


def _dbf_encoding(dbf: bytes) -> str:
    """Guess the encoding of a DBF without .cpg from its record bytes."""
    header_len = int.from_bytes(dbf[8:10], "little") if len(dbf) > 10 else 0
    records = dbf[header_len:]
    try:
        records.decode("utf-8")
    except UnicodeDecodeError:
        return "CP1258" if encodings.decode_bytes(records).encoding == "cp1258" else "ISO-8859-1"
    return "UTF-8"


def read_zipped_shapefile(data: bytes, name: str, options: ReadOptions) -> SourceTable:
    """Read a Shapefile from a .zip, honouring its .prj (CRS) and .cpg (DBF encoding)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputFileError(
            f"Tệp {name} không phải tệp nén .zip: {exc}", f"{name} is not a zip: {exc}"
        ) from None
    members = [m for m in archive.namelist() if not m.startswith("__MACOSX/")]
    shps = [m for m in members if m.lower().endswith(".shp")]
    if not shps:
        raise InputFileError(
            f"Tệp nén {name} không có Shapefile (.shp)", f"zip {name} holds no .shp file"
        )
    stems = tuple(Path(m).stem for m in shps)
    if options.sheet is not None and options.sheet not in stems:
        raise InputFileError(
            f"Tệp nén không có lớp '{options.sheet}' (có: {', '.join(stems)})",
            f"'sheet' should be one of {', '.join(stems)}, got '{options.sheet}' instead",
        )
    shp = shps[stems.index(options.sheet)] if options.sheet else shps[0]
    base = shp[:-4]
    notes: list[Note] = []
    with tempfile.TemporaryDirectory() as tmp:
        for member in members:
            if member.startswith(base) and not member.endswith("/"):
                target = Path(tmp) / Path(member).name
                target.write_bytes(archive.read(member))
        path = Path(tmp) / Path(shp).name
        sidecars = {p.suffix.lower(): p for p in Path(tmp).iterdir()}
        if ".dbf" not in sidecars or ".shx" not in sidecars:
            raise InputFileError(
                f"Shapefile {Path(shp).name} thiếu tệp .dbf hoặc .shx trong tệp nén",
                f"shapefile {Path(shp).name} lacks its .dbf or .shx in the zip",
            )
        if ".cpg" in sidecars:
            raw = sidecars[".cpg"].read_text(errors="replace").strip()
            encoding = _CPG_CODECS.get(raw.lower().replace("-", ""), raw)
            notes.append(Note("cpg", f"Bảng mã theo tệp .cpg: {raw}", f"Encoding from .cpg: {raw}"))
        else:
            encoding = _dbf_encoding(sidecars[".dbf"].read_bytes())
            notes.append(
                Note(
                    "cpg",
                    f"Không có tệp .cpg; bảng mã DBF đoán là {encoding}",
                    f"No .cpg file; DBF encoding guessed as {encoding}",
                )
            )
        if ".prj" not in sidecars:
            notes.append(
                Note(
                    "prj",
                    "Không có tệp .prj: hệ tọa độ được xác định từ giá trị tọa độ",
                    "No .prj file: the CRS is detected from the coordinate values",
                )
            )
        try:
            frame = pyogrio.read_dataframe(path, encoding=encoding, use_arrow=False)
        except Exception as exc:
            raise InputFileError(
                f"Không đọc được Shapefile {Path(shp).name}: {exc}",
                f"cannot read shapefile {Path(shp).name}: {exc}",
            ) from None
        crs = getattr(frame, "crs", None)
        frame = pd.DataFrame(frame)
    table = _from_geodataframe(
        frame, fmt="shapefile", options=options, crs=crs, sheet=Path(shp).stem, sheets=stems
    )
    table.encoding = encoding
    table.notes.extend(notes)
    return table


# --- KML / KMZ ------------------------------------------------------------------------------


def read_kml(data: bytes, name: str, options: ReadOptions) -> SourceTable:
    """Read KML or KMZ (Google Earth, Google My Maps) with ExtendedData and folders."""
    fmt = "kml"
    if data[:2] == b"PK":
        fmt = "kmz"
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            kmls = [m for m in archive.namelist() if m.lower().endswith(".kml")]
            if not kmls:
                raise InputFileError(f"Tệp KMZ {name} không chứa .kml", f"KMZ {name} holds no .kml")
            main = "doc.kml" if "doc.kml" in kmls else kmls[0]
            data = archive.read(main)
    rows = placemarks(data, name)
    folders = tuple(dict.fromkeys(f for f, _, _ in rows if f))
    if options.sheet is not None:
        if options.sheet not in folders:
            raise InputFileError(
                f"KML không có thư mục '{options.sheet}' (có: {', '.join(folders)})",
                f"'sheet' should be one of {', '.join(folders)}, got '{options.sheet}' instead",
            )
        rows = [r for r in rows if r[0] == options.sheet]
    frame = pd.DataFrame([attrs for _, attrs, _ in rows])
    if folders:
        frame["folder"] = [f for f, _, _ in rows]
    geometry = np.array([g for _, _, g in rows], dtype=object)
    frame["geometry"] = geometry
    table = _from_geodataframe(
        frame, fmt=fmt, options=options, crs="EPSG:4326", sheet=options.sheet, sheets=folders
    )
    return table


# --- Dispatch -------------------------------------------------------------------------------


def _read_osm_xml(data: bytes, name: str, options: ReadOptions) -> SourceTable:
    return read_osm_file(data, "osm_xml", options)


def _read_osm_pbf(data: bytes, name: str, options: ReadOptions) -> SourceTable:
    return read_osm_file(data, "osm_pbf", options)


def _read_zip(data: bytes, name: str, options: ReadOptions) -> SourceTable:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [m.lower() for m in archive.namelist()]
    if any(m.endswith(".kml") for m in members):
        return read_kml(data, name, options)
    if "[content_types].xml" in members:
        return read_spreadsheet(data, name, options)
    return read_zipped_shapefile(data, name, options)


READERS: dict[str, Callable[[bytes, str, ReadOptions], SourceTable]] = {
    ".csv": read_csv,
    ".tsv": read_csv,
    ".txt": read_csv,
    ".xlsx": read_spreadsheet,
    ".xlsm": read_spreadsheet,
    ".xls": read_spreadsheet,
    ".ods": read_spreadsheet,
    ".geojson": read_geojson,
    ".json": read_geojson,
    ".gpkg": read_geopackage,
    ".zip": _read_zip,
    ".kml": read_kml,
    ".kmz": read_kml,
    ".osm": _read_osm_xml,
    ".pbf": _read_osm_pbf,
    ".htm": read_web_workbook,
    ".html": read_web_workbook,
    ".xml": read_web_workbook,
}

# First bytes of a file → reader, for files whose name says nothing useful.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", ".zip"),
    (b"\xd0\xcf\x11\xe0", ".xls"),
    (b"SQLite format 3", ".gpkg"),
)


def reader_for(name: str, data: bytes) -> Callable[[bytes, str, ReadOptions], SourceTable]:
    """Return the reader of a file from its name, else from its first bytes."""
    suffix = Path(name).suffix.lower()
    if webtables.sniff(data):  # a web portal's "Excel" file, whatever its name
        return read_web_workbook
    if suffix in READERS:
        return READERS[suffix]
    for magic, sfx in _MAGIC:
        if data.startswith(magic):
            return READERS[sfx]
    if len(data) > 8 and data[4:13] == b"\n\tOSMHead":
        return READERS[".pbf"]
    head = data[:512].lstrip().lower()
    if head.startswith(b"<?xml") or head.startswith(b"<kml") or head.startswith(b"<osm"):
        return READERS[".osm"] if b"<osm" in data[:2048] else READERS[".kml"]
    if head.startswith(b"{"):
        return READERS[".json"]
    raise InputFileError(
        f"Không nhận ra định dạng của tệp {name} (hỗ trợ: {', '.join(sorted(READERS))})",
        f"unknown file format of {name}; expected one of {', '.join(sorted(READERS))}",
    )


def read_source(data: bytes, name: str, options: ReadOptions) -> SourceTable:
    """Read a user's file (bytes and its name) into a :class:`SourceTable`.

    Raises
    ------
    InputFileError
        Unknown format or an unreadable file.
    """
    if not data:
        raise InputFileError(f"Tệp {name} trống (0 byte)", f"file {name} is empty (0 bytes)")
    with collector_paused():  # rows of a sheet, features of a geographic file
        table = reader_for(name, data)(data, name, options)
    table.frame.columns = [str(c) for c in table.frame.columns]
    return table


def column_samples(frame: pd.DataFrame, *, n: int = 3) -> dict[str, list[str]]:
    """Return up to ``n`` distinct non-empty example values per column (for the mapping UI)."""
    out = {}
    for column in frame.columns:
        values = frame[column].head(500).dropna().astype("str")
        values = values[values.str.strip().ne("")]
        out[column] = [v[:60] for v in pd.unique(values.head(200))[:n]]
    return out
