"""Render a :class:`~pipelines.reports.document.Document` to PDF with reportlab.

No office suite on the machine: the page is laid out here, in the serif family of
:func:`pipelines.reports.fonts.report_fonts` (every Vietnamese glyph; embedded, subset), with
the same masthead, body, tables, pictures, marked places and signature as the Word file, and
page numbers at the top centre from page 2.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, SimpleDocTemplate, Spacer
from reportlab.platypus import Image as PdfImage
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

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
from pipelines.reports.fonts import STYLES, report_fonts

FAMILY = "ReportSerif"
_FONT = ("FONTNAME", (0, 0), (-1, -1), f"{FAMILY}-regular")  # tables: never Helvetica


def register_fonts() -> str:
    """Register the report's serif family with reportlab (once); return its name."""
    if f"{FAMILY}-regular" in pdfmetrics.getRegisteredFontNames():
        return FAMILY
    family = report_fonts()
    names = {style: f"{FAMILY}-{style}" for style in STYLES}
    for style, name in names.items():
        pdfmetrics.registerFont(TTFont(name, str(family.path(style))))
    pdfmetrics.registerFontFamily(
        FAMILY,
        normal=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bold_italic"],
    )
    return FAMILY


def _style(size: float, *, align=TA_LEFT, bold=False, italic=False, **extra) -> ParagraphStyle:
    name = FAMILY + (
        "-bold_italic"
        if bold and italic
        else "-bold"
        if bold
        else "-italic"
        if italic
        else "-regular"
    )
    return ParagraphStyle(
        f"s{size}{align}{bold}{italic}",
        fontName=name,
        fontSize=size,
        leading=size * 1.25,
        alignment=align,
        **extra,
    )


def _p(text: str, size: float, **style) -> PdfParagraph:
    return PdfParagraph(escape(text), _style(size, **style))


def _rule(width_cm: float) -> HRFlowable:
    return HRFlowable(
        width=width_cm * cm, thickness=0.6, color=colors.black, spaceBefore=1, spaceAfter=2
    )


def _masthead(head: Masthead, width: float) -> PdfTable:
    left: list[Flowable] = []
    right: list[Flowable] = []
    if head.superior:
        left.append(_p(head.superior, 13, align=TA_CENTER))
    if head.template == "party":
        left += [
            _p(head.issuer, 13, align=TA_CENTER, bold=True),
            _p("*", 13, align=TA_CENTER),
            _p(f"Số {head.number}", 13, align=TA_CENTER),
        ]
        right += [
            _p(PARTY_NAME, 15, align=TA_CENTER, bold=True),
            _rule(6.5),
            Spacer(1, 4),
            _p(head.place_date, 14, align=TA_RIGHT, italic=True),
        ]
    else:
        left += [
            _p(head.issuer, 13, align=TA_CENTER, bold=True),
            _rule(2.5),
            _p(f"Số: {head.number}", 13, align=TA_CENTER),
        ]
        right += [
            _p(NATIONAL_TITLE, 12, align=TA_CENTER, bold=True),
            _p(NATIONAL_MOTTO, 13, align=TA_CENTER, bold=True),
            _rule(5.5),
            Spacer(1, 4),
            _p(head.place_date, 14, align=TA_CENTER, italic=True),
        ]
    return _two_columns(left, right, (0.4 * width, 0.6 * width))


def _column(flowables: list[Flowable], width: float) -> PdfTable:
    """Flowables stacked in one column, each measured at the column's width (a rule under a
    wrapped line stays under it)."""
    table = PdfTable([[f] for f in flowables], colWidths=[width])
    pad = [(k, (0, 0), (-1, -1), 0) for k in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING")]
    table.setStyle([*pad, ("BOTTOMPADDING", (0, 0), (-1, -1), 0), _FONT])
    return table


def _two_columns(
    left: list[Flowable], right: list[Flowable], widths: tuple[float, float]
) -> PdfTable:
    cells = [[_column(left, widths[0] - 6), _column(right, widths[1] - 6)]]
    table = PdfTable(cells, colWidths=list(widths))
    table.setStyle(
        [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0), _FONT]
    )
    return table


def _table(block: Table, width: float, size: float) -> list[Flowable]:
    total = sum(block.widths)
    head = [_p(h, size, align=TA_CENTER, bold=True) for h in block.header]
    body = [
        [_p(c, size, align=TA_RIGHT if j in block.numeric else TA_LEFT) for j, c in enumerate(r)]
        for r in block.rows
    ]
    table = PdfTable(
        [head, *body], colWidths=[width * w / total for w in block.widths], repeatRows=1
    )
    table.setStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            _FONT,
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ]
    )
    out: list[Flowable] = [Spacer(1, 4), table]
    if block.caption:
        out.append(_p(block.caption, size, italic=True))
    return out


def _signature(sig: Signature, width: float) -> Flowable:
    last = len(sig.recipients) - 1
    left = [_p(sig.recipients_label, 12, bold=True, italic=True)] + [
        _p(f"- {item}{'.' if i == last else ','}", 11) for i, item in enumerate(sig.recipients)
    ]
    right = [
        _p(sig.on_behalf, 14, align=TA_CENTER, bold=True),
        _p(sig.title, 14, align=TA_CENTER, bold=True),
        Spacer(1, 2.2 * cm),
        _p(sig.name, 14, align=TA_CENTER, bold=True),
    ]
    return KeepTogether([Spacer(1, 12), _two_columns(left, right, (0.5 * width, 0.5 * width))])


def _blocks(document: Document, width: float) -> list[Flowable]:
    page = document.page
    size = page.font_size_pt
    indent = page.first_line_indent_cm * cm
    body = {"align": TA_JUSTIFY, "firstLineIndent": indent, "spaceBefore": 6}
    out: list[Flowable] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            text = block.text.upper() if block.level == 1 else block.text
            out.append(_p(text, size, bold=True, **body))
        elif isinstance(block, Paragraph):
            style = {"spaceBefore": 6} if block.plain else body
            out.append(_p(block.text, size, bold=block.bold, italic=block.italic, **style))
        elif isinstance(block, Table):
            out += _table(block, width, max(size - 2, 10))
        elif isinstance(block, Image):
            image = PdfImage(io.BytesIO(block.png))
            scale = min(block.width_cm * cm, width) / image.imageWidth
            image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
            caption = [_p(block.caption, 12, align=TA_CENTER, italic=True)] if block.caption else []
            out.append(KeepTogether([Spacer(1, 6), image, *caption]))
        elif isinstance(block, OfficerText):
            text = f"[{block.label}{': ' + block.hint if block.hint else ''}]"
            out.append(_p(text, size, italic=True, backColor=colors.yellow, **body))
    return out


def pdf_bytes(document: Document) -> bytes:
    """The document as a PDF file's bytes (A4, fonts embedded)."""
    register_fonts()
    page = document.page
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=page.margin_left_mm * mm,
        rightMargin=page.margin_right_mm * mm,
        topMargin=page.margin_top_mm * mm,
        bottomMargin=page.margin_bottom_mm * mm,
        title=document.meta_title,
        initialFontName=f"{FAMILY}-regular",
    )
    width = doc.width

    def number(canvas, template) -> None:
        canvas.setFont(f"{FAMILY}-regular", 13)
        canvas.drawCentredString(
            page.margin_left_mm * mm + width / 2,
            A4[1] - page.margin_top_mm * mm / 2,
            str(template.page),
        )

    story: list[Flowable] = [
        _masthead(document.masthead, width),
        Spacer(1, 10),
        _p(document.kind, 15, align=TA_CENTER, bold=True),
        _p(document.subject, 14, align=TA_CENTER, bold=True),
        _p("-----", 12, align=TA_CENTER),
        *_blocks(document, width),
        _signature(document.signature, width),
    ]
    doc.build(story, onLaterPages=number)
    return out.getvalue()
