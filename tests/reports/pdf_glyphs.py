"""Which characters a PDF's embedded fonts can really draw: a glyph with an outline for each.

For every font of every page, the ToUnicode map gives the character of each code; the embedded
TrueType program (``FontFile2``, read with fontTools) must have a glyph with contours for that
code — through ``CIDToGIDMap`` for composite (Type 0) fonts, the font's own cmap for simple ones.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader

_HEX = r"<([0-9A-Fa-f]+)>"


def _utf16(hexa: str) -> str:
    return bytes.fromhex(hexa).decode("utf-16-be")


def to_unicode(data: bytes) -> dict[int, str]:
    """Code → character of a ToUnicode CMap (bfchar and bfrange, both range forms)."""
    text = data.decode("latin-1")
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rf"{_HEX}\s*{_HEX}", block):
            out[int(src, 16)] = _utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, rest in re.findall(rf"{_HEX}\s*{_HEX}\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block):
            codes = range(int(lo, 16), int(hi, 16) + 1)
            if rest.startswith("["):
                for code, dst in zip(codes, re.findall(_HEX, rest), strict=False):
                    out[code] = _utf16(dst)
            else:
                first = _utf16(rest[1:-1])
                for k, code in enumerate(codes):
                    out[code] = first[:-1] + chr(ord(first[-1]) + k)
    return out


def _glyph_of(font: dict, tt: TTFont):
    order = tt.getGlyphOrder()
    if font["/Subtype"] == "/Type0":
        cid_map = font["/DescendantFonts"][0].get_object().get("/CIDToGIDMap")
        table = (
            cid_map.get_object().get_data()
            if cid_map is not None and cid_map != "/Identity"
            else None
        )

        def gid(code: int) -> int:
            if table is None:
                return code
            return (
                int.from_bytes(table[2 * code : 2 * code + 2], "big")
                if 2 * code < len(table)
                else 0
            )

    else:
        cmap: dict[int, str] = {}
        for sub in tt["cmap"].tables:
            cmap.update(sub.cmap)

        def gid(code: int) -> int:
            name = cmap.get(code) or cmap.get(0xF000 + code)
            return tt.getGlyphID(name) if name else 0

    def glyph(code: int) -> str | None:
        g = gid(code)
        return order[g] if 0 < g < len(order) else None

    return glyph


def drawable_characters(path: str | Path) -> dict[str, bool]:
    """Every character the PDF's fonts map, and whether some embedded font has its outline."""
    found: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            if "/ToUnicode" not in font:
                continue
            inner = (
                font["/DescendantFonts"][0].get_object() if font["/Subtype"] == "/Type0" else font
            )
            program = inner["/FontDescriptor"].get_object().get("/FontFile2")
            if program is None:
                continue
            tt = TTFont(io.BytesIO(program.get_object().get_data()))
            glyph = _glyph_of(font, tt)
            glyf = tt["glyf"]
            for code, chars in to_unicode(font["/ToUnicode"].get_object().get_data()).items():
                name = glyph(code)
                ok = name is not None and glyf[name].numberOfContours != 0
                for ch in chars:
                    found[ch] = found.get(ch, False) or ok
    return found
