"""The font files of the reports: a serif family with every Vietnamese glyph.

Liberation Serif 2 (Debian ``fonts-liberation2``, installed by ``.ci/setup``; Times New Roman
metrics, the font NĐ 30/2020 asks for) when present; else DejaVu Serif, which matplotlib ships
inside its package, so a machine without apt still writes a correct PDF. A font is only taken
when it has a glyph for every Vietnamese letter (``fonts-liberation`` 1.x lacks 92 of them:
Ơ, Ư, ạ, ả, ế…), checked in its character map, never by its name alone.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

# Every letter of Vietnamese: the base letters and each vowel with its five tone marks.
_VOWELS = "aăâeêioôơuưy"
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def _letters() -> str:
    import unicodedata

    lower = (
        "".join(_VOWELS)
        + "đ"
        + "".join(unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES)
    )
    return lower + lower.upper()


VIETNAMESE_LETTERS = _letters()
STYLES = ("regular", "bold", "italic", "bold_italic")


@dataclass(frozen=True)
class FontFamily:
    """One family's four TrueType files (``regular``, ``bold``, ``italic``, ``bold_italic``)."""

    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def path(self, style: str) -> Path:
        return getattr(self, style)


def _matplotlib_fonts() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _candidates() -> list[tuple[str, list[Path], tuple[str, str, str, str]]]:
    liberation = ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf")
    liberation += ("LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf")
    dejavu = ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf")
    dejavu += ("DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf")
    fonts = Path("/usr/share/fonts")
    return [
        (
            "Liberation Serif",
            [
                fonts / "truetype/liberation2",
                fonts / "liberation-serif",
                fonts / "truetype/liberation",
            ],
            liberation,
        ),
        ("DejaVu Serif", [_matplotlib_fonts(), fonts / "truetype/dejavu"], dejavu),
    ]


@functools.lru_cache(maxsize=32)
def missing_letters(path: str | Path) -> str:
    """The Vietnamese letters the TrueType file at ``path`` has no glyph for ("" when complete)."""
    from matplotlib.ft2font import FT2Font

    charmap = FT2Font(str(path)).get_charmap()
    return "".join(c for c in VIETNAMESE_LETTERS if charmap.get(ord(c), 0) == 0)


@functools.lru_cache(maxsize=1)
def report_fonts() -> FontFamily:
    """The serif family of the reports: the first candidate whose four files exist and cover
    Vietnamese (see the module's docstring).

    Raises
    ------
    FileNotFoundError
        No candidate is complete (matplotlib's own DejaVu files are missing).
    """
    tried = []
    for name, folders, files in _candidates():
        for folder in folders:
            paths = [folder / f for f in files]
            if all(p.is_file() for p in paths) and not any(missing_letters(p) for p in paths):
                return FontFamily(name, *paths)
            tried.append(str(folder))
    raise FileNotFoundError(f"no serif font with every Vietnamese glyph in: {', '.join(tried)}")
