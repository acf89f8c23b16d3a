"""One document model for the review report, rendered to Word (:mod:`.render_docx`) and PDF
(:mod:`.render_pdf`).

A :class:`Document` is its header (:class:`Masthead`: the template's blocks at the top of the
first page), its title, a list of body blocks (:class:`Heading`, :class:`Paragraph`,
:class:`Table`, :class:`Image`, :class:`OfficerText` — a marked place for the officer's own
text), its signature block and its page (:class:`PageSetup`). The renderers only lay out what
the model says; every word in it is already in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.model.settings_report import TEMPLATES


@dataclass(frozen=True)
class Masthead:
    """The top of the first page.

    ``template`` "party" (Hướng dẫn 36-HD/VPTW): ``superior`` and ``issuer`` top left, an
    asterisk under them, ``number`` under that; "ĐẢNG CỘNG SẢN VIỆT NAM" top right with a rule
    and ``place_date`` under it. "state" (NĐ 30/2020): ``superior`` and ``issuer`` top left
    with a rule and ``number``; Quốc hiệu and Tiêu ngữ top right with a rule, ``place_date``
    under them.
    """

    template: str
    superior: str
    issuer: str
    number: str
    place_date: str

    def __post_init__(self) -> None:
        if self.template not in TEMPLATES:
            raise ValueError(
                f"'template' should be one of 'party' or 'state', got '{self.template}' instead"
            )


PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Heading:
    """A part ("I. …", level 1, bold capitals) or a section ("1. …", level 2, bold)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Body text: justified with a first-line indent unless ``plain``."""

    text: str
    bold: bool = False
    italic: bool = False
    plain: bool = False


@dataclass(frozen=True)
class Table:
    """A table: ``header`` row, body ``rows`` (text already formatted), column ``widths``
    (relative) and ``numeric`` columns (right-aligned)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    numeric: tuple[int, ...] = ()
    caption: str = ""

    def __post_init__(self) -> None:
        n = len(self.header)
        if len(self.widths) != n or any(len(r) != n for r in self.rows):
            raise ValueError(f"every row and the widths should have {n} cells")


@dataclass(frozen=True)
class Image:
    """A PNG picture ``width_cm`` wide, with a caption under it."""

    png: bytes
    width_cm: float
    caption: str = ""


@dataclass(frozen=True)
class OfficerText:
    """A marked place for the officer's own text: ``label`` (what to write) and ``hint``."""

    label: str
    hint: str = ""


Block = Heading | Paragraph | Table | Image | OfficerText


@dataclass(frozen=True)
class Signature:
    """The signature block (right) and "Nơi nhận" (left)."""

    on_behalf: str
    title: str
    name: str
    recipients_label: str
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class PageSetup:
    """A4 portrait; margins in millimetres, body size in points, first-line indent in cm."""

    margin_top_mm: float = 20.0
    margin_bottom_mm: float = 20.0
    margin_left_mm: float = 30.0
    margin_right_mm: float = 15.0
    font_size_pt: float = 14.0
    first_line_indent_cm: float = 1.27


@dataclass(frozen=True)
class Document:
    masthead: Masthead
    kind: str  # "BÁO CÁO"
    subject: str  # the line(s) under the kind
    blocks: tuple[Block, ...]
    signature: Signature
    page: PageSetup = field(default_factory=PageSetup)
    meta_title: str = ""


def roman(number: int) -> str:
    """Roman numeral of 1–39 (the parts of a report)."""
    if not 1 <= number <= 39:
        raise ValueError(f"'number' should be within 1–39, got {number} instead")
    tens, units = divmod(number, 10)
    ones = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
    return "X" * tens + ones[units]
