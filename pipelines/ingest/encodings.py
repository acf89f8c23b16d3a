"""Detect the text encoding of Vietnamese files and convert legacy text to Unicode NFC.

Two levels:

* **File** (:func:`decode_bytes`): byte-order marks (UTF-8, UTF-16), UTF-16 without a
  mark (Excel "Unicode text"), UTF-8, Windows-1258 (CP1258, which writes tone marks as
  combining characters: normalised to NFC) and, for any other 8-bit file, Windows-1252
  characters on which TCVN3 and VNI are decoded cell by cell.
* **Cell** (:func:`convert_frame`): a spreadsheet can mix Unicode cells with cells typed in
  TCVN3 (ABC, ``.VnTime`` fonts: "NguyÔn V¨n §øc") or VNI (``VNI-Times``: "Xin chaøo").
  Such cells arrive as Windows-1252 letters. Each cell is classified from the characters it
  holds; a cell whose characters fit both Unicode and a legacy encoding follows its column,
  then its row.

The TCVN3 table is the 74-row ``tcvn3_map.csv`` of min-kha/viet-converter (MIT licence),
written here in code. The VNI table follows the VNI-Windows layout (a base letter followed by
a mark character), as in the VNI table of lamdao/xvnkb.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.model.errors import InputFileError

# --- TCVN3 (ABC) -------------------------------------------------------------------------

# min-kha/viet-converter, tcvn3_map.csv (MIT): column TCVN3 -> column UNICODE, in file order.
_TCVN3_CHARS = "¢£¤µ¸©·ÌÐª×Ýßã«âïóý¡¨§®Üò¥¬¦\xad¹¶ÊÇÈÉË¾»¼½ÆÑÎÏÕÒÓÔÖØÞäáèåæçéíêëìîôñøõö÷ùúþûü"
_TCVN3_UNICODE = "ÂÊÔàáâãèéêìíòóôõùúýĂăĐđĩũƠơƯưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
TCVN3_TO_UNICODE: dict[str, str] = dict(zip(_TCVN3_CHARS, _TCVN3_UNICODE, strict=True))
_TCVN3_TRANSLATE = str.maketrans(TCVN3_TO_UNICODE)

# --- VNI (VNI-Windows) -------------------------------------------------------------------

# Unicode base letter and its VNI spellings without tone, then with sắc, huyền, hỏi, ngã, nặng.
_VNI_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("A", ("A", "AÙ", "AØ", "AÛ", "AÕ", "AÏ")),
    ("Â", ("AÂ", "AÁ", "AÀ", "AÅ", "AÃ", "AÄ")),
    ("Ă", ("AÊ", "AÉ", "AÈ", "AÚ", "AÜ", "AË")),
    ("E", ("E", "EÙ", "EØ", "EÛ", "EÕ", "EÏ")),
    ("Ê", ("EÂ", "EÁ", "EÀ", "EÅ", "EÃ", "EÄ")),
    ("O", ("O", "OÙ", "OØ", "OÛ", "OÕ", "OÏ")),
    ("Ô", ("OÂ", "OÁ", "OÀ", "OÅ", "OÃ", "OÄ")),
    ("Ơ", ("Ô", "ÔÙ", "ÔØ", "ÔÛ", "ÔÕ", "ÔÏ")),
    ("U", ("U", "UÙ", "UØ", "UÛ", "UÕ", "UÏ")),
    ("Ư", ("Ö", "ÖÙ", "ÖØ", "ÖÛ", "ÖÕ", "ÖÏ")),
    ("I", ("I", "Í", "Ì", "Æ", "Ó", "Ò")),
    ("Y", ("Y", "YÙ", "YØ", "YÛ", "YÕ", "Î")),
    ("Đ", ("Ñ",)),
)
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, spellings in _VNI_ROWS:
        for tone, vni in zip(_TONES, spellings, strict=False):
            uni = unicodedata.normalize("NFC", base + tone)
            for v, u in ((vni, uni), (vni.lower(), uni.lower())):
                if v != u:
                    table[v] = u
    return table


VNI_TO_UNICODE: dict[str, str] = _vni_table()
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))

# --- Character classes used to classify a cell --------------------------------------------

_LATIN1_VIETNAMESE = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_VNI_CHARS = {c for k in VNI_TO_UNICODE for c in k if ord(c) > 0x7F}
# Characters that only a TCVN3 cell holds: TCVN3 letters that are neither Vietnamese
# letters in Unicode nor VNI marks.
_TCVN3_STRONG = "".join(sorted(set(_TCVN3_CHARS) - _LATIN1_VIETNAMESE - _VNI_CHARS))
# A VNI base letter followed by its mark, except the pairs that Unicode text writes too
# ("hoà", "khoá", "loã").
_VNI_UNICODE_LOOKALIKES = {"oá", "oà", "oã", "OÁ", "OÀ", "OÃ"}
_VNI_PAIRS = sorted(k for k in VNI_TO_UNICODE if len(k) == 2 and k not in _VNI_UNICODE_LOOKALIKES)
_LEGACY_ANY = "".join(sorted((set(_TCVN3_CHARS) | _VNI_CHARS) - set("\xad")))


def _char_class(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in chars) + "]"


_RE_STRONG_TCVN3 = _char_class(_TCVN3_STRONG + "\xad")
_RE_VNI_PAIR = "|".join(re.escape(p) for p in _VNI_PAIRS)
_RE_LEGACY_ANY = _char_class(_LEGACY_ANY + "\xad")
# Letters of Vietnamese beyond Latin-1 (ă, đ, ĩ, ũ, ơ, ư and the Latin Extended Additional block).
_UNICODE_VI = (
    "\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9"
)
_RE_UNICODE_VI = f"[{_UNICODE_VI}]"
_RE_COMBINING = "[\u0300-\u036f]"
# A cell in a legacy encoding: legacy letters and no letter only Unicode has (such a cell is
# Unicode whatever else it holds). One RE2 pattern, anchored so that it stops at the first
# Unicode-only letter.
_RE_LEGACY_CELL = f"\\A[^{_UNICODE_VI}]*(?:{_RE_STRONG_TCVN3}|{_RE_VNI_PAIR})[^{_UNICODE_VI}]*\\z"

ENCODING_LABELS: dict[str, tuple[str, str]] = {
    "utf-8": ("UTF-8", "UTF-8"),
    "utf-8-sig": ("UTF-8 có BOM", "UTF-8 with BOM"),
    "utf-16": ("UTF-16 (Unicode của Excel)", "UTF-16 (Excel Unicode text)"),
    "utf-16-le": ("UTF-16 LE không có BOM", "UTF-16 LE without BOM"),
    "utf-16-be": ("UTF-16 BE không có BOM", "UTF-16 BE without BOM"),
    "cp1258": ("Windows-1258 (dấu tổ hợp, đã chuẩn hóa NFC)", "Windows-1258 (normalised to NFC)"),
    "cp1252": (
        "Windows-1252 (bảng mã cũ TCVN3/VNI được chuyển từng ô)",
        "Windows-1252 (legacy TCVN3/VNI converted cell by cell)",
    ),
    "tcvn3": ("TCVN3 (ABC, phông .VnTime)", "TCVN3 (ABC, .VnTime fonts)"),
    "vni": ("VNI (phông VNI-Times)", "VNI (VNI-Times fonts)"),
    "nfc": ("Unicode tổ hợp (chuẩn hóa NFC)", "Decomposed Unicode (normalised to NFC)"),
    "unicode": ("Unicode (không chuyển đổi)", "Unicode (no conversion)"),
}
CELL_ENCODINGS: tuple[str, ...] = ("tcvn3", "vni", "nfc")
FILE_ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "utf-16", "cp1258", "cp1252")


class DecodedText:
    """Text of a file and the encoding it was read with (a key of :data:`ENCODING_LABELS`).

    A UTF-8 file may be given as its (validated) bytes: its text is decoded when first
    asked for, and :meth:`prefix` decodes only the start.
    """

    __slots__ = ("_text", "_utf8", "encoding")

    def __init__(self, text: str | None, encoding: str, *, utf8: bytes | None = None) -> None:
        if (text is None) == (utf8 is None):
            raise ValueError("give either 'text' or 'utf8'")
        self._text = text
        self._utf8 = utf8
        self.encoding = encoding

    @property
    def text(self) -> str:
        """The whole text."""
        if self._text is None:
            self._text = self._utf8.decode("utf-8")  # type: ignore[union-attr]
        return self._text

    def prefix(self, size: int) -> str:
        """Return the start of the text without decoding the rest.

        Parameters
        ----------
        size
            How much to return: characters of a decoded text, bytes of a UTF-8 one.

        Returns
        -------
        str
            The first ``size`` characters (or the characters of the first ``size`` bytes,
            a character cut at the end dropped); all of the text when it is shorter.
        """
        if self._text is not None:
            return self._text[:size]
        return self._utf8[:size].decode("utf-8", errors="ignore")  # type: ignore[index]

    def __len__(self) -> int:
        return len(self._text) if self._text is not None else len(self._utf8)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return f"DecodedText(encoding={self.encoding!r}, length={len(self)})"


def is_utf8(data: bytes) -> bool:
    """Tell whether ``data`` is valid UTF-8, without building its text.

    Parameters
    ----------
    data
        The bytes of a file.

    Returns
    -------
    bool
        The verdict of Python's strict UTF-8 codec (overlong forms, surrogates and code
        points beyond U+10FFFF are invalid), given by Arrow's validator.
    """
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    array = pa.LargeBinaryArray.from_buffers(
        pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)]
    )
    try:
        array.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


# cp1252 maps bytes 0x80–0x9F to punctuation; the five undefined ones keep their latin-1 value.
_CP1252_HIGH = str.maketrans(
    {
        i: bytes([i]).decode("cp1252")
        for i in range(0x80, 0xA0)
        if i not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    }
)
# Each byte as read for TCVN3/VNI files: its Windows-1252 character, else its latin-1 one.
_CP1252_TABLE = "".join(chr(i).translate(_CP1252_HIGH) for i in range(256))

# Evidence of an encoding in the bytes of a file (counted by :func:`_legacy_evidence`):
# a CP1258 vowel followed by a CP1258 tone mark; a byte only TCVN3 uses; a VNI letter pair.
_CP1258_VOWELS = b"aeiouyAEIOUY\xc2\xca\xd4\xe2\xea\xf4\xc3\xe3\xd5\xf5\xdd\xfd"
_CP1258_MARKS = b"\xcc\xec\xd2\xde\xf2"
_TCVN3_STRONG_BYTES = bytes(
    ord(c)
    for c in _TCVN3_STRONG + "\xad"
    if ord(c) not in (0xD0, 0xDE, 0xFE)  # letters or marks in CP1258 as well
)
_VNI_PAIR_BYTES = tuple(p.encode("latin-1") for p in _VNI_PAIRS)


def _byte_classes(*classes: tuple[bytes, bytes]) -> bytes:
    """Return a ``bytes.translate`` table sending each byte of a class to its label, others
    to ``"."``."""
    table = bytearray(b"." * 256)
    for members, label in classes:
        for b in members:
            table[b] = label[0]
    return bytes(table)


_CP1258_CLASSES = _byte_classes((_CP1258_VOWELS, b"v"), (_CP1258_MARKS, b"m"))
_TCVN3_CLASSES = _byte_classes((_TCVN3_STRONG_BYTES, b"t"))
_VNI_MARK_CLASSES = _byte_classes((bytes({p[1] for p in _VNI_PAIR_BYTES}), b"m"))
_VNI_PAIR_TABLE = np.zeros((256, 256), dtype=bool)
for _pair in _VNI_PAIR_BYTES:
    _VNI_PAIR_TABLE[_pair[0], _pair[1]] = True


def _legacy_evidence(data: bytes) -> tuple[int, int, int]:
    """Count CP1258 vowel + tone-mark pairs, TCVN3-only bytes and VNI letter pairs in ``data``.

    Vowels and tone marks are disjoint byte sets, and so are the first and second bytes of
    the VNI pairs, so no two pairs overlap: each count is the number of places the pair
    occurs.
    """
    cp1258 = data.translate(_CP1258_CLASSES).count(b"vm")
    tcvn3 = data.translate(_TCVN3_CLASSES).count(b"t")
    marks = np.flatnonzero(
        np.frombuffer(data.translate(_VNI_MARK_CLASSES), dtype=np.uint8) == ord("m")
    )
    marks = marks[marks > 0]
    codes = np.frombuffer(data, dtype=np.uint8)
    vni = int(_VNI_PAIR_TABLE[codes[marks - 1], codes[marks]].sum())
    return cp1258, tcvn3, vni


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, *, encoding: str | None = None) -> DecodedText:
    """Decode the bytes of a text file, detecting the encoding unless ``encoding`` is given.

    Parameters
    ----------
    data
        The whole file.
    encoding
        ``None`` to detect, or a Python codec name (``"utf-8"``, ``"utf-16"``,
        ``"cp1258"``, ``"cp1252"`` …) to force one. TCVN3 and VNI text is read as
        ``"cp1252"`` and converted cell by cell afterwards.

    Returns
    -------
    DecodedText
        CP1258 text comes back normalised to NFC.

    Raises
    ------
    InputFileError
        The bytes do not decode with the forced encoding.
    """
    if encoding is not None:
        codec = encoding.lower()
        try:
            if codec in ("cp1252", "windows-1252", "tcvn3", "vni"):
                return DecodedText(_cp1252(data), "cp1252")
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputFileError(
                f"Không đọc được tệp với bảng mã '{encoding}': {exc}",
                f"cannot decode the file as '{encoding}': {exc}",
            ) from None
        return DecodedText(unicodedata.normalize("NFC", text), codec)
    if data.startswith(b"\xef\xbb\xbf"):
        body = data[3:]
        if is_utf8(body):
            return DecodedText(None, "utf-8-sig", utf8=body)
        return DecodedText(body.decode("utf-8", errors="strict"), "utf-8-sig")  # raises
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return DecodedText(data.decode("utf-16"), "utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return DecodedText(data.decode(utf16, errors="replace"), utf16)
    if is_utf8(data):
        return DecodedText(None, "utf-8", utf8=data)
    cp1258, tcvn3, vni = _legacy_evidence(data)
    if cp1258 > max(tcvn3, vni):
        text = data.decode("cp1258", errors="replace")
        return DecodedText(unicodedata.normalize("NFC", text), "cp1258")
    return DecodedText(_cp1252(data), "cp1252")


def _cp1252(data: bytes) -> str:
    """Decode bytes as Windows-1252, its five undefined bytes as latin-1."""
    return codecs.charmap_decode(data, "strict", _CP1252_TABLE)[0]


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 (ABC) text, read as Windows-1252 characters, to Unicode NFC."""
    return unicodedata.normalize("NFC", text.translate(_TCVN3_TRANSLATE))


def vni_to_unicode(text: str) -> str:
    """Convert VNI-Windows text, read as Windows-1252 characters, to Unicode NFC."""
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group()], text))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_CONVERTERS = {"tcvn3": tcvn3_to_unicode, "vni": vni_to_unicode, "nfc": _nfc}


def classify_cells(values: pd.Series) -> pd.Series:
    """Classify each text cell as ``"tcvn3"``, ``"vni"``, ``"nfc"``, ``"unicode"`` or ``""``.

    ``"unicode"`` marks cells with Vietnamese letters only Unicode has; ``"nfc"`` cells
    hold combining marks; ``"?"`` marks cells whose letters fit both Unicode and a legacy
    encoding (resolved by :func:`convert_frame` from the column and row); ``""`` is
    plain ASCII or empty. A column that repeats its values has each distinct value
    classified once.
    """
    text = values.astype("str").where(values.notna(), "")
    if _repeats(text):
        codes, uniques = pd.factorize(text)
        kinds = _classify_text(pd.Series(uniques, dtype=text.dtype)).to_numpy()
        return pd.Series(kinds[codes], index=values.index, dtype=object)
    return pd.Series(_classify_text(text).to_numpy(), index=values.index, dtype=object)


def _repeats(values: pd.Series | pa.Array) -> bool:
    """Tell whether a text column repeats its values: its first 10,000 cells hold fewer
    than half as many distinct values (then working on distinct values pays)."""
    head = arrow_strings(values.iloc[:10_000]) if isinstance(values, pd.Series) else values[:10_000]
    return len(pc.unique(head)) * 2 < len(head)


def _classify_text(text: pd.Series) -> pd.Series:
    """Classify text cells (no missing values) as :func:`classify_cells` does."""
    uni = text.str.contains(_RE_UNICODE_VI, regex=True)
    comb = text.str.contains(_RE_COMBINING, regex=True)
    strong = text.str.count(_RE_STRONG_TCVN3)
    pairs = text.str.count(_RE_VNI_PAIR)
    legacy = text.str.contains(_RE_LEGACY_ANY, regex=True)
    out = np.full(len(text), "", dtype=object)
    uni_a, comb_a = uni.to_numpy(bool), comb.to_numpy(bool)
    strong_a, pairs_a = strong.to_numpy(int), pairs.to_numpy(int)
    legacy_a = legacy.to_numpy(bool)
    out[legacy_a] = "?"
    out[~uni_a & (pairs_a > 0)] = "vni"
    out[~uni_a & (strong_a > 0) & (strong_a >= pairs_a)] = "tcvn3"
    out[uni_a] = "unicode"
    out[comb_a & (out != "tcvn3") & (out != "vni")] = "nfc"
    return pd.Series(out, index=text.index, dtype=object)


def _text_columns(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Return the non-ASCII text of each column holding text (as arrow strings, NA elsewhere)."""
    out = {}
    for column in frame.columns:
        col = frame[column]
        if col.dtype == object:
            col = col.where(col.map(type).eq(str)).astype("str")
        elif not pd.api.types.is_string_dtype(col):
            continue
        # None when the column holds no text at all, True when its text is ASCII only
        if pc.all(pc.string_is_ascii(arrow_strings(col))).as_py() is not False:
            continue
        out[column] = col
    return out


def arrow_strings(values: pd.Series) -> pa.LargeStringArray:
    """Return text values as one Arrow large-string array.

    Parameters
    ----------
    values
        A text column: Arrow-backed string columns convert without copying their text,
        other columns of Python strings are converted.

    Returns
    -------
    pyarrow.LargeStringArray
        One chunk; missing values are nulls.
    """
    array = pa.array(values, type=pa.large_string(), from_pandas=True)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _has_combining(values: pa.LargeStringArray) -> bool:
    """Tell whether any string holds a combining mark (U+0300–U+036F).

    In UTF-8 these are CC 80–CC BF and CD 80–CD AF, and CC or CD only ever start a
    character, so the bytes of the strings are checked directly.
    """
    _, offset_buffer, data_buffer = values.buffers()
    if not len(values) or data_buffer is None:
        return False
    offsets = np.frombuffer(offset_buffer, dtype=np.int64)[values.offset :][[0, len(values)]]
    data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[1]]
    lead = np.flatnonzero(data[:-1] == 0xCD)
    return bool((data == 0xCC).any() or (data[lead + 1] < 0xB0).any())


def _has_signal(text: pd.Series) -> bool:
    """Tell whether any cell may need converting: combining marks, or legacy letters in a
    cell without letters only Unicode has (those cells are Unicode whatever else they hold).

    Combining marks are looked for in the UTF-8 bytes; the legacy pattern
    (:data:`_RE_LEGACY_CELL`) is matched on the non-ASCII cells (each distinct one once when
    the column repeats its values), since every legacy character is non-ASCII.
    """
    values = pc.drop_null(arrow_strings(text))
    if _has_combining(values):
        return True
    if _repeats(values):
        values = pc.unique(values)
    values = values.filter(pc.invert(pc.string_is_ascii(values)))
    return bool(len(values)) and bool(
        pc.any(pc.match_substring_regex(values, _RE_LEGACY_CELL)).as_py()
    )


def convert_frame(
    frame: pd.DataFrame, *, mode: str = "auto", hints: Mapping[object, str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Convert legacy-encoded and decomposed text cells of ``frame`` to Unicode NFC.

    Parameters
    ----------
    frame
        Any frame; only text cells are looked at.
    mode
        {"auto", "tcvn3", "vni", "unicode"}: ``"auto"`` classifies each cell; ``"tcvn3"``
        or ``"vni"`` converts every non-Unicode cell with that table; ``"unicode"`` only
        normalises to NFC.
    hints
        Column → legacy encoding ({"tcvn3", "vni"}) seen above the frame (in its header):
        cells of that column whose letters fit both readings take it, unless the column
        holds Unicode-only cells.

    Returns
    -------
    converted, conversions
        The converted frame (same index and columns) and one row per changed cell:
        ``position`` (0-based row position), ``column``, ``encoding``, ``before``, ``after``.
    """
    if mode not in ("auto", "tcvn3", "vni", "unicode"):
        raise ValueError(
            f"'mode' should be one of 'auto', 'tcvn3', 'vni' or 'unicode', got '{mode}' instead"
        )
    out = frame.copy()
    texts = _text_columns(frame)
    signals = {c: _has_signal(t) for c, t in texts.items()}
    hints = {c: h for c, h in (hints or {}).items() if c in texts and h in ("tcvn3", "vni")}
    if mode in ("auto", "unicode") and not any(signals.values()) and not hints:
        return out, _conversions([])
    kinds: dict[str, pd.Series] = {}
    for column, text in texts.items():
        kind = classify_cells(text)
        if mode in ("tcvn3", "vni"):
            kind = kind.where(~kind.isin(["?", "tcvn3", "vni"]), mode)
        elif mode == "unicode":
            kind = kind.where(kind.eq("nfc"), "")
        kinds[column] = kind
    if not kinds:
        return out, _conversions([])
    table = pd.DataFrame(kinds)
    if mode == "auto":
        table = _resolve_ambiguous(table, hints)
    records: dict[str, list] = {name: [] for name in _CONVERSION_COLUMNS}
    for column, kind in table.items():
        todo = kind.isin(CELL_ENCODINGS).to_numpy()
        if not todo.any():
            continue
        positions = np.flatnonzero(todo)
        col = out[column].astype(object)
        before = col.iloc[positions].tolist()
        cell_kinds = kind.iloc[positions].tolist()
        after = _convert_cells(cell_kinds, before)
        col.iloc[positions] = after
        out[column] = col.astype(frame[column].dtype) if col.dtype != frame[column].dtype else col
        changed = np.array(before, dtype=object) != np.array(after, dtype=object)
        records["position"] += positions[changed].tolist()
        records["column"] += [column] * int(changed.sum())
        for name, values in (("encoding", cell_kinds), ("before", before), ("after", after)):
            records[name] += np.array(values, dtype=object)[changed].tolist()
    if not records["position"]:
        return out, _conversions([])
    return out, pd.DataFrame(records)


def _convert_cells(kinds: list[str], values: list[str]) -> list[str]:
    """Convert each value from its cell encoding; each distinct (encoding, value) once."""
    done: dict[tuple[str, str], str] = {}
    out = []
    for key in zip(kinds, values, strict=True):
        converted = done.get(key)
        if converted is None:
            converted = done[key] = _CONVERTERS[key[0]](key[1])
        out.append(converted)
    return out


_CONVERSION_COLUMNS = ("position", "column", "encoding", "before", "after")


def _conversions(records: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(records, columns=list(_CONVERSION_COLUMNS))


def _resolve_ambiguous(table: pd.DataFrame, hints: Mapping[object, str]) -> pd.DataFrame:
    """Give cells marked ``"?"`` the legacy encoding of their column (its own cells, else its
    header's hint), else of their row."""
    out = table.copy()
    for column, kind in table.items():
        legacy = kind[kind.isin(["tcvn3", "vni"])]
        if kind.eq("unicode").any() or legacy.nunique() > 1:
            continue
        encoding = legacy.iloc[0] if len(legacy) else hints.get(column)
        if encoding is not None:
            out[column] = kind.where(kind.ne("?"), encoding)
    undecided = out.eq("?")
    if undecided.any().any():
        has_unicode = out.eq("unicode").any(axis=1)
        for enc in ("tcvn3", "vni"):
            row_has = out.eq(enc).any(axis=1) & ~has_unicode
            out = out.mask(undecided & np.asarray(row_has)[:, None], enc)
            undecided = out.eq("?")
    return out.mask(out.eq("?"), "")


def convert_values(values: list[object], *, mode: str = "auto") -> tuple[list[object], list[str]]:
    """Convert a short list of values (a header row) and return them with each cell's encoding."""
    frame = pd.DataFrame({"v": pd.Series(values, dtype=object)})
    converted, conversions = convert_frame(frame, mode=mode)
    kinds = [""] * len(values)
    for pos, enc in zip(conversions["position"], conversions["encoding"], strict=True):
        kinds[int(pos)] = str(enc)
    return converted["v"].tolist(), kinds


def encoding_label(code: str, lang: str = "vi") -> str:
    """Return the readable name of an encoding code (``"tcvn3"`` → "TCVN3 (ABC, phông .VnTime)")."""
    vi, en = ENCODING_LABELS.get(code, (code, code))
    return vi if lang == "vi" else en
