"""Name keys for spotting duplicates: names without case, diacritics, spaces or punctuation.

The key of a name is its canonical decomposition (NFD) with "đ"/"Đ" read as "d", keeping
only ASCII letters and digits, lower-cased ("Nhà trọ Đông-An" → "nhatrodongan"). Keys are
made for whole columns on the UTF-8 bytes of an Arrow string array:

* A decomposition is made character by character and only ASCII letters and digits
  survive the filter, so each character contributes at most one byte, its *key byte*
  (for instance "ầ" → "a", "Đ" → "d", "K" (Kelvin sign) → "k", "中" → nothing). The key
  byte of every character of the Basic Multilingual Plane is looked up in a table made
  once, with Arrow's own NFD, and the names are never decomposed.
* Names holding characters beyond that plane (emoji and the like, four UTF-8 bytes) are
  decomposed with Arrow's NFD and filtered byte by byte instead: after decomposition a
  byte below 0x80 is an ASCII character, and every byte of another character is 0x80 or
  above.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.ingest.encodings import arrow_strings

# ASCII byte → key byte: letters and digits (lower case), everything else 0 (dropped).
_ASCII_KEYS = bytes(
    b + 32 if 65 <= b <= 90 else b if (48 <= b <= 57 or 97 <= b <= 122) else 0 for b in range(256)
)


def _utf8(text: pa.LargeStringArray) -> tuple[np.ndarray, np.ndarray]:
    """Return the offsets (from 0) and UTF-8 bytes of an Arrow large-string array."""
    _, offset_buffer, data_buffer = text.buffers()
    offsets = np.frombuffer(offset_buffer, dtype=np.int64)[
        text.offset : text.offset + len(text) + 1
    ]
    data = np.frombuffer(data_buffer if data_buffer is not None else b"", dtype=np.uint8)
    return offsets - offsets[0], data[offsets[0] : offsets[-1]]


def _kept(out: np.ndarray, offsets: np.ndarray) -> pa.LargeStringArray:
    """Return the strings made of the non-zero bytes of ``out`` (string ``i`` was
    ``out[offsets[i]:offsets[i + 1]]``)."""
    kept = out != 0
    # kept bytes per string: the 1s of its slice of ``kept``, counted by Arrow
    flags = pa.LargeBinaryArray.from_buffers(
        pa.large_binary(),
        len(offsets) - 1,
        [None, pa.py_buffer(offsets), pa.py_buffer(kept.view(np.uint8))],
    )
    counts = pc.count_substring(flags, b"\x01").to_numpy()
    ends = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=ends[1:])
    return pa.LargeStringArray.from_buffers(
        len(counts), pa.py_buffer(ends), pa.py_buffer(np.compress(kept, out))
    )


def _translated(data: np.ndarray) -> np.ndarray:
    """Return ``data`` with ASCII letters and digits as their key byte, other bytes 0."""
    return np.frombuffer(bytearray(data).translate(_ASCII_KEYS), dtype=np.uint8)


def _decomposed_keys(text: pa.LargeStringArray) -> pa.LargeStringArray:
    """Return the keys of ``text`` by decomposing it (NFD) and filtering its bytes."""
    offsets, data = _utf8(pc.utf8_normalize(text, "NFD"))
    out = _translated(data)
    # "đ" is C4 91 and "Đ" C4 90 in UTF-8 (C4 only ever starts a character)
    lead = np.flatnonzero(data[:-1] == 0xC4)
    out[lead[(data[lead + 1] == 0x90) | (data[lead + 1] == 0x91)]] = ord("d")
    return _kept(out, offsets)


@functools.cache
def _plane_keys() -> np.ndarray | None:
    """Return the key byte (0 for none) of every character U+0000–U+FFFF.

    ``None`` if some character's decomposition held two ASCII letters or digits (no
    Unicode version has one; the byte table could not express it).
    """
    codes = np.concatenate([np.arange(0xD800), np.arange(0xE000, 0x10000)])
    widths = np.where(codes < 0x80, 1, np.where(codes < 0x800, 2, 3))
    chars = pa.LargeStringArray.from_buffers(
        len(codes),
        pa.py_buffer(np.concatenate([[0], np.cumsum(widths)]).astype(np.int64)),
        pa.py_buffer("".join(map(chr, codes.tolist())).encode()),
    )
    keys = _decomposed_keys(chars)
    lengths = pc.binary_length(keys).to_numpy()
    if lengths.max() > 1:
        return None
    table = np.zeros(0x10000, dtype=np.uint8)
    table[codes[lengths == 1]] = np.frombuffer(keys.buffers()[2], dtype=np.uint8)[
        : int(lengths.sum())
    ]
    return table


def name_keys(names: pd.Series) -> pa.LargeStringArray:
    """Return the key of each name ("Nhà trọ An" → "nhatroan").

    Parameters
    ----------
    names
        Names, without missing values.

    Returns
    -------
    pyarrow.LargeStringArray
        One key per name, in order: what ``names.str.normalize("NFD")`` with "đ"/"Đ" read
        as "d", ASCII letters and digits only, lower-cased, gives.
    """
    text = arrow_strings(names.astype("str"))
    if not len(text):
        return text
    offsets, data = _utf8(text)
    table = _plane_keys()
    if table is None or (data >= 0xF0).any():
        return _decomposed_keys(text)
    out = _translated(data)
    # two- and three-byte characters: their code point from the lead and continuation bytes
    # (a lead byte is followed by one continuation byte at least)
    lead = np.flatnonzero(data >= 0xC0)
    first = data[lead].astype(np.int32)
    second = data[lead + 1].astype(np.int32) & 0x3F
    third = data[np.minimum(lead + 2, len(data) - 1)].astype(np.int32) & 0x3F
    code = np.where(
        first < 0xE0, ((first & 0x1F) << 6) | second, ((first & 0x0F) << 12) | (second << 6) | third
    )
    out[lead] = table[code]
    return _kept(out, offsets)
