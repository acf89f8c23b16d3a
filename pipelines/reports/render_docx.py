"""Render a :class:`~pipelines.reports.document.Document` to Word (DOCX) with python-docx.

The office edits the file: Times New Roman (the office's own font, NĐ 30/2020), A4 with the
page's margins, the masthead as a borderless two-column table, justified body with a
first-line indent, page numbers at the top centre from page 2, the officer's places
highlighted in yellow.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from pipelines.reports.document import (
    NATIONAL_MOTTO,
    NATIONAL_TITLE,
    PARTY_NAME,
    Document,
    Heading,
    Image,
    Masthead,
    OfficerText,
    Paragraph,
    Signature,
    Table,
)

FONT = "Times New Roman"
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _para(container, text: str = "", *, size: float, bold=False, italic=False, align="left"):
    p = container.add_paragraph()
    p.alignment = _ALIGN[align]
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    if text:
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        run.italic = italic
    return p


def _rule(paragraph, *, indent_cm: float) -> None:
    """A short horizontal rule under ``paragraph``'s line (a bottom border, indented)."""
    fmt = paragraph.paragraph_format
    fmt.left_indent = Cm(indent_cm)
    fmt.right_indent = Cm(indent_cm)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    table._tbl.tblPr.append(borders)


def _first_cell_paragraph(cell):
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cell


def _masthead(doc, head: Masthead) -> None:
    table = doc.add_table(rows=1, cols=2)
    _borderless(table)
    table.autofit = False
    left, right = (_first_cell_paragraph(c) for c in table.rows[0].cells)
    left.width, right.width = Cm(6.5), Cm(9.5)
    if head.template == "party":
        if head.superior:
            _para(left, head.superior, size=13, align="center")
        _para(left, head.issuer, size=13, bold=True, align="center")
        _para(left, "*", size=13, align="center")
        _para(left, f"Số {head.number}", size=13, align="center")
        _rule(_para(right, PARTY_NAME, size=15, bold=True, align="center"), indent_cm=1.3)
        _para(right, "", size=8)
        _para(right, head.place_date, size=14, italic=True, align="right")
    else:
        if head.superior:
            _para(left, head.superior, size=13, align="center")
        _rule(_para(left, head.issuer, size=13, bold=True, align="center"), indent_cm=1.8)
        _para(left, "", size=8)
        _para(left, f"Số: {head.number}", size=13, align="center")
        _para(right, NATIONAL_TITLE, size=12, bold=True, align="center")
        _rule(_para(right, NATIONAL_MOTTO, size=13, bold=True, align="center"), indent_cm=2.0)
        _para(right, "", size=8)
        _para(right, head.place_date, size=14, italic=True, align="center")


def _body(doc, text: str, page, *, bold=False, italic=False, plain=False) -> None:
    p = _para(doc, text, size=page.font_size_pt, bold=bold, italic=italic)
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT if plain else WD_ALIGN_PARAGRAPH.JUSTIFY
    if not plain:
        p.paragraph_format.first_line_indent = Cm(page.first_line_indent_cm)
    p.paragraph_format.space_before = Pt(6)


def _table(doc, block: Table, page) -> None:
    size = max(page.font_size_pt - 2, 10)
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    usable = 21.0 - (page.margin_left_mm + page.margin_right_mm) / 10
    total = sum(block.widths)
    for j, width in enumerate(block.widths):
        for cell in table.columns[j].cells:
            cell.width = Cm(usable * width / total)
    for i, row in enumerate([block.header, *block.rows]):
        for j, text in enumerate(row):
            cell = _first_cell_paragraph(table.rows[i].cells[j])
            align = "center" if i == 0 else ("right" if j in block.numeric else "left")
            _para(cell, text, size=size, bold=i == 0, align=align)
    if block.caption:
        _para(doc, block.caption, size=size, italic=True, align="left")


def _officer_text(doc, block: OfficerText, page) -> None:
    p = _para(doc, "", size=page.font_size_pt)
    p.paragraph_format.first_line_indent = Cm(page.first_line_indent_cm)
    p.paragraph_format.space_before = Pt(6)
    run = p.add_run(f"[{block.label}{': ' + block.hint if block.hint else ''}]")
    run.font.size = Pt(page.font_size_pt)
    run.italic = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _signature(doc, sig: Signature) -> None:
    _para(doc, "", size=8)
    table = doc.add_table(rows=1, cols=2)
    _borderless(table)
    left, right = (_first_cell_paragraph(c) for c in table.rows[0].cells)
    left.width, right.width = Cm(8.0), Cm(8.0)
    _para(left, sig.recipients_label, size=12, bold=True, italic=True)
    for i, item in enumerate(sig.recipients):
        end = "." if i == len(sig.recipients) - 1 else ","
        _para(left, f"- {item}{end}", size=11)
    _para(right, sig.on_behalf, size=14, bold=True, align="center")
    _para(right, sig.title, size=14, bold=True, align="center")
    for _ in range(4):
        _para(right, "", size=14)
    _para(right, sig.name, size=14, bold=True, align="center")


def _page_numbers(section) -> None:
    """Page number at the top centre from page 2 (none on the first page)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)


def docx_bytes(document: Document) -> bytes:
    """The document as a Word file's bytes."""
    doc = new_docx()
    page = document.page
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(page.margin_top_mm), Mm(page.margin_bottom_mm)
    section.left_margin, section.right_margin = Mm(page.margin_left_mm), Mm(page.margin_right_mm)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(page.font_size_pt)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    _page_numbers(section)
    doc.core_properties.title = document.meta_title
    _masthead(doc, document.masthead)
    _para(doc, "", size=10)
    _para(doc, document.kind, size=15, bold=True, align="center")
    _para(doc, document.subject, size=14, bold=True, align="center")
    _para(doc, "-----", size=12, align="center")
    for block in document.blocks:
        if isinstance(block, Heading):
            text = block.text.upper() if block.level == 1 else block.text
            _body(doc, text, page, bold=True)
        elif isinstance(block, Paragraph):
            _body(doc, block.text, page, bold=block.bold, italic=block.italic, plain=block.plain)
        elif isinstance(block, Table):
            _table(doc, block, page)
        elif isinstance(block, Image):
            p = _para(doc, "", size=10, align="center")
            p.add_run().add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
            if block.caption:
                _para(doc, block.caption, size=12, italic=True, align="center")
        elif isinstance(block, OfficerText):
            _officer_text(doc, block, page)
    _signature(doc, document.signature)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
