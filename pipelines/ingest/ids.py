"""Feature ids of an import: the file's own identifier, else one made from the row.

A row without an identifier gets the layer's prefix (:data:`ID_PREFIX`) and the first 10
hexadecimal digits of the SHA-1 of its position (WKB to 1e-6°), name and address, so that
importing the same list again changes nothing.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from pipelines.ingest import encodings
from pipelines.ingest.source import Note, collector_paused

# Prefix of generated ids (rows whose file has no identifier column).
ID_PREFIX = {
    "ward_boundary": "rg",
    "residential_groups": "tdp",
    "premises": "cs",
    "households": "hgd",
    "firefighting_points": "dcc",
    "safety_groups": "tlg",
    "water_sources": "nn",
    "water_bodies": "mn",
    "roads": "dg",
    "barriers": "vc",
    "incidents": "vu",
    "activities": "hd",
    "inspections": "kt",
    "violations": "vp",
    "buildings": "ct",
}

# The text a generated id is made from, besides the position: name and address, or for a
# layer whose rows have neither (activities: often no position either) the fields that tell
# two rows apart.
ID_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "activities": ("date", "residential_group_id", "kind", "title"),
    "inspections": ("premises_id", "date", "kind"),
    "violations": ("inspection_id", "premises_id", "description"),
}
_DEFAULT_ID_TEXT = ("name", "address")

# Byte → its two upper-case hexadecimal digits, as one little-endian uint16 (digits in order).
_HEX_PAIRS = np.array(
    [ord(f"{b:02X}"[0]) | (ord(f"{b:02X}"[1]) << 8) for b in range(256)], dtype=np.uint16
)


def hex_wkb(geoms: np.ndarray) -> pa.LargeStringArray:
    """Return the WKB of each geometry in upper-case hexadecimal ("" for missing ones).

    The same text as ``shapely.to_wkb(geoms, hex=True)``, with the hexadecimal digits
    written for all geometries at once.
    """
    wkb = shapely.to_wkb(geoms)
    present = pd.notna(wkb)
    lengths = np.zeros(len(wkb), dtype=np.int64)
    lengths[present] = [len(b) for b in wkb[present]]
    offsets = np.zeros(len(wkb) + 1, dtype=np.int64)
    np.cumsum(2 * lengths, out=offsets[1:])
    digits = _HEX_PAIRS[np.frombuffer(b"".join(wkb[present]), dtype=np.uint8)]
    return pa.LargeStringArray.from_buffers(len(wkb), pa.py_buffer(offsets), pa.py_buffer(digits))


def generated_ids(layer: str, frame: pd.DataFrame, geoms: np.ndarray) -> pd.Series:
    """Return ids made from each row's position (WKB to 1e-6°), name and address.

    The id is the layer's prefix and the first 10 hexadecimal digits of the SHA-1 of
    "<hex WKB>|<name>|<address>" (empty text for missing values; the fields of
    :data:`ID_TEXT_FIELDS` instead of name and address for the layers listed there).
    """
    parts = []
    for c in ID_TEXT_FIELDS.get(layer, _DEFAULT_ID_TEXT):
        if c not in frame.columns:
            continue
        col = frame[c]
        if not isinstance(col.dtype, pd.StringDtype):
            col = col.astype(object).where(col.notna(), "").astype(str)
        parts.append(pc.fill_null(encodings.arrow_strings(col), ""))
    with collector_paused():
        wkb = hex_wkb(shapely.set_precision(geoms, 1e-6))
    keys = pc.binary_join_element_wise(wkb, *parts, pa.scalar("|", pa.large_string()))
    prefix = ID_PREFIX.get(layer, layer)
    if not len(keys):
        return pd.Series([], index=frame.index, dtype=object)
    _, offset_buffer, data_buffer = keys.buffers()
    offsets = np.frombuffer(offset_buffer, dtype=np.int64)[
        keys.offset : keys.offset + len(keys) + 1
    ]
    text = memoryview(data_buffer if data_buffer is not None else b"")
    ids = [
        f"{prefix}-{hashlib.sha1(text[a:b]).hexdigest()[:10]}"
        for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)
    ]
    return pd.Series(ids, index=frame.index)


def position_ids(n: int) -> pd.Series:
    """Return row positions as text ids ("0", "1", …) so that problems name positions."""
    return pd.Series(pa.array(np.arange(n)).cast(pa.large_string()), dtype="string")


def feature_ids(
    layer: str, fields: pd.DataFrame, geoms: np.ndarray, origin: np.ndarray, n_rows: int
) -> tuple[pd.Series, list[Note]]:
    """Return each feature's id: the file's, else generated (with a note saying how many).

    Parameters
    ----------
    layer
        Layer name (the prefix of generated ids).
    fields
        One row per feature (``id``, ``name``, ``address`` when given).
    geoms
        One geometry per feature, EPSG:4326.
    origin
        Per feature, its source row position; the parts of a split row get "-1", "-2" …
    n_rows
        Rows of the source table.
    """
    ids = (
        fields["id"]
        if "id" in fields.columns
        else pd.Series(None, index=fields.index, dtype=object)
    )
    no_id = ids.isna() | ids.astype("str").str.strip().eq("")
    if not no_id.any():
        return ids, []
    generated = generated_ids(layer, fields[no_id.to_numpy()], geoms[no_id.to_numpy()])
    ids = ids.astype(object).where(~no_id, generated)
    if len(origin) != n_rows:
        parts = pd.Series(origin).groupby(origin).cumcount().to_numpy()
        multi = pd.Series(origin).duplicated(keep=False).to_numpy()
        ids = ids.where(~multi, ids.astype("str") + "-" + (parts + 1).astype(str))
    note = Note(
        "generated_ids",
        f"{int(no_id.sum())} dòng không có mã: mã được tạo từ tên và vị trí (nhập lại sẽ không bị trùng)",
        f"{int(no_id.sum())} rows have no id: ids were made from name and position (re-imports do not duplicate)",
    )
    return ids, [note]
