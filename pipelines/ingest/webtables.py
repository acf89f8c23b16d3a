"""Spreadsheets that web portals hand out: an HTML table saved as ``.xls``, Excel 2003 XML.

Many government and business portals "export to Excel" by sending an HTML page (or a bare
``<table>``) named ``.xls``, or an Excel 2003 XML workbook (SpreadsheetML,
``<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">``). Both are recognised
by their content (:func:`sniff`), whatever the file is called, and read into the same grid
as any workbook (:class:`WebSheet`): one sheet per ``<table>`` / ``<Worksheet>``, title
rows kept above the header, merged cells (``colspan``/``rowspan``,
``ss:MergeAcross``/``ss:MergeDown``) placed where Excel shows them and listed as merged
ranges (``((row0, col0), (row1, col1))``, 0-based, as python-calamine gives them), cell
text as written (numbers with comma decimals stay text for the import to parse).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser

from pipelines.ingest import encodings
from pipelines.model.errors import InputFileError

SS = "urn:schemas-microsoft-com:office:spreadsheet"
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|table|meta|head|body|style)\b",
    re.I | re.S,
)
_SPACES = re.compile(r"\s+")
Merged = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class WebSheet:
    """One table of the file: its rows (from the top-left cell) and merged ranges."""

    name: str
    rows: list[list[object]] = field(default_factory=list)
    merged: list[Merged] = field(default_factory=list)


def _strip_bom(data: bytes) -> bytes:
    for bom in (b"\xef\xbb\xbf",):
        if data.startswith(bom):
            return data[len(bom) :]
    return data


def sniff(data: bytes) -> str | None:
    """``"spreadsheetml"``, ``"html_table"`` or ``None`` from the file's first bytes."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = head.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return None
    head = _strip_bom(head)
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head and b"<Workbook" in head:
        return "spreadsheetml"
    if _HTML_START.match(head) and b"<table" in data[:2_000_000].lower():
        return "html_table"
    return None


# --- HTML -----------------------------------------------------------------------------------


class _Grid:
    """Cells placed in a grid as a browser (and Excel) lays out rowspan/colspan."""

    def __init__(self, name: str) -> None:
        self.sheet = WebSheet(name)
        self.taken: set[tuple[int, int]] = set()
        self.row = -1
        self.col = 0

    def new_row(self) -> None:
        self.row += 1
        self.col = 0
        while len(self.sheet.rows) <= self.row:
            self.sheet.rows.append([])

    def put(self, value: object, colspan: int, rowspan: int) -> None:
        if self.row < 0:
            self.new_row()
        while (self.row, self.col) in self.taken:
            self.col += 1
        r0, c0 = self.row, self.col
        for r in range(r0, r0 + rowspan):
            while len(self.sheet.rows) <= r:
                self.sheet.rows.append([])
            for c in range(c0, c0 + colspan):
                self.taken.add((r, c))
                cells = self.sheet.rows[r]
                cells.extend([""] * (c + 1 - len(cells)))
                cells[c] = value if (r, c) == (r0, c0) else ""
        if colspan > 1 or rowspan > 1:
            self.sheet.merged.append(((r0, c0), (r0 + rowspan - 1, c0 + colspan - 1)))
        self.col = c0 + colspan


def _span(attrs: list[tuple[str, str | None]], key: str) -> int:
    for k, v in attrs:
        if k == key and v:
            digits = re.match(r"\s*(\d+)", v)
            if digits:
                return max(1, min(int(digits.group(1)), 1000))
    return 1


class _TableParser(HTMLParser):
    """Every ``<table>`` of a page as a :class:`WebSheet` (nested tables are read apart)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sheets: list[WebSheet] = []
        self.stack: list[_Grid] = []
        self.cell: list[str] | None = None
        self.spans = (1, 1)
        self.caption: list[str] | None = None
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "table":
            self._close_cell()
            self.stack.append(_Grid(f"Bảng {len(self.sheets) + len(self.stack) + 1}"))
        elif not self.stack:
            return
        elif tag == "tr":
            self._close_cell()
            self.stack[-1].new_row()
        elif tag in ("td", "th"):
            self._close_cell()
            self.cell = []
            self.spans = (_span(attrs, "colspan"), _span(attrs, "rowspan"))
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")
        elif tag == "caption":
            self.caption = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th", "tr"):
            self._close_cell()
        elif tag == "caption" and self.caption is not None and self.stack:
            text = _SPACES.sub(" ", "".join(self.caption)).strip()
            if text:
                self.stack[-1].sheet.name = text[:60]
            self.caption = None
        elif tag == "table" and self.stack:
            self._close_cell()
            grid = self.stack.pop()
            if any(any(str(c).strip() for c in row) for row in grid.sheet.rows):
                self.sheets.append(grid.sheet)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.caption is not None:
            self.caption.append(data)
        elif self.cell is not None:
            self.cell.append(data)

    def _close_cell(self) -> None:
        if self.cell is None or not self.stack:
            self.cell = None
            return
        lines = "".join(self.cell).replace("\xa0", " ").split("\n")
        text = "\n".join(_SPACES.sub(" ", line).strip() for line in lines).strip()
        self.stack[-1].put(text, *self.spans)
        self.cell = None


def read_html_tables(data: bytes, name: str) -> list[WebSheet]:
    """Every table of an HTML page (saved as .xls, .htm …), as sheets."""
    text = encodings.decode_bytes(data).text
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    return _unique_names(parser.sheets, name)


# --- SpreadsheetML (Excel 2003 XML) -----------------------------------------------------------


def _ss(tag: str) -> str:
    return f"{{{SS}}}{tag}"


def _cell_value(cell: ET.Element) -> object:
    data = cell.find(_ss("Data"))
    if data is None:
        return ""
    text = "".join(data.itertext())
    kind = data.get(_ss("Type"), "String")
    if kind == "Number":
        try:
            number = float(text)
        except ValueError:
            return text
        return (
            int(number)
            if number.is_integer() and "." not in text and "e" not in text.lower()
            else number
        )
    if kind == "Boolean":
        return text.strip() == "1"
    return text


def _worksheet(ws: ET.Element, default_name: str) -> WebSheet:
    sheet = WebSheet(ws.get(_ss("Name")) or default_name)
    taken: set[tuple[int, int]] = set()
    table = ws.find(_ss("Table"))
    if table is None:
        return sheet
    r = -1
    for row in table.findall(_ss("Row")):
        index = row.get(_ss("Index"))
        r = int(index) - 1 if index else r + 1
        while len(sheet.rows) <= r:
            sheet.rows.append([])
        c = -1
        for cell in row.findall(_ss("Cell")):
            at = cell.get(_ss("Index"))
            c = int(at) - 1 if at else c + 1
            while (r, c) in taken:
                c += 1
            across = int(cell.get(_ss("MergeAcross"), "0") or 0)
            down = int(cell.get(_ss("MergeDown"), "0") or 0)
            cells = sheet.rows[r]
            cells.extend([""] * (c + 1 - len(cells)))
            cells[c] = _cell_value(cell)
            if across or down:
                sheet.merged.append(((r, c), (r + down, c + across)))
                for rr in range(r, r + down + 1):
                    for cc in range(c, c + across + 1):
                        taken.add((rr, cc))
            c += across
    width = max((len(row) for row in sheet.rows), default=0)
    sheet.rows = [row + [""] * (width - len(row)) for row in sheet.rows]
    return sheet


def read_spreadsheetml(data: bytes, name: str) -> list[WebSheet]:
    """Every worksheet of an Excel 2003 XML workbook."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputFileError(
            f"Tệp {name} (Excel 2003 XML) sai cú pháp: {exc}",
            f"{name} (Excel 2003 XML) is not well-formed: {exc}",
        ) from None
    sheets = [_worksheet(ws, f"Sheet{i}") for i, ws in enumerate(root.iter(_ss("Worksheet")), 1)]
    return _unique_names([s for s in sheets if s.rows], name)


def _unique_names(sheets: list[WebSheet], name: str) -> list[WebSheet]:
    if not sheets:
        raise InputFileError(
            f"Tệp {name} không có bảng dữ liệu nào", f"{name} holds no table of data"
        )
    seen: dict[str, int] = {}
    for sheet in sheets:
        n = seen.get(sheet.name, 0)
        seen[sheet.name] = n + 1
        if n:
            sheet.name = f"{sheet.name} ({n + 1})"
    return sheets


def read_web_workbook(data: bytes, name: str, kind: str) -> list[WebSheet]:
    """The sheets of a web portal's spreadsheet of ``kind`` (from :func:`sniff`)."""
    if kind == "spreadsheetml":
        return read_spreadsheetml(data, name)
    return read_html_tables(data, name)
