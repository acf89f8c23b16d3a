"""Normalise Vietnamese addresses and match them to features already in the ward store.

Rows that arrive with an address and no coordinates take the position of the household or
premises with the same normalised address. Normalising folds diacritics and case, expands
abbreviations ("P." → phường, "TDP" → tổ dân phố, "SN" → số nhà), drops words that only
introduce a part ("số", "đường", "phố") and drops the administrative parts (phường, xã,
quận, huyện, thành phố, tỉnh), so old and new ward names do not matter. No geocoder is
called: rows whose address matches nothing, or several features, stay unmatched.

Administrative names are never written here: the ward's own and former names come from its
``ward.toml`` (``[ward] name`` and ``[ingest] former_ward_names``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from pipelines.ingest.headers import fold

# Abbreviations, applied in order to lower-case text without diacritics (punctuation kept).
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\bt\.?\s?d\.?\s?p\b\.?|\bto dan pho\b", " tdp "),
    (r"\bk\.?\s?d\.?\s?c\b\.?|\bkhu dan cu\b", " kdc "),
    (r"\bkp\b\.?|\bkhu pho\b", " kp "),
    (r"\bto\s+(?=\d)", " tdp "),
    (r"\bsn\b\.?|\bso nha\b", " so "),
    (r"\btp\b\.?", " thanh pho "),
    (r"\btx\b\.?", " thi xa "),
    (r"\btt\b\.?", " thi tran "),
    (r"\bp\.", " phuong "),
    (r"\bq\.", " quan "),
    (r"\bh\.", " huyen "),
    (r"\bx\.", " xa "),
    (r"\bt\.", " tinh "),
    (r"\bd\.", " duong "),
    (r"\bng\.", " ngo "),
)
_ABBREVIATIONS = tuple((re.compile(p), r) for p, r in ABBREVIATIONS)

# A part of an address that starts with one of these is administrative and dropped.
ADMINISTRATIVE_WORDS: tuple[str, ...] = (
    "phuong",
    "xa",
    "thi tran",
    "quan",
    "huyen",
    "thi xa",
    "thanh pho",
    "tinh",
    "viet nam",
)
# Words that only introduce the next part of an address.
FILLER_WORDS: frozenset[str] = frozenset({"so", "nha", "duong", "pho", "dia", "chi"})
_ADMIN_TAIL = re.compile(r"\b(?:" + "|".join(ADMINISTRATIVE_WORDS) + r")\b.*$")
_WARD_PART = re.compile(
    r"\bphuong\s+([a-z0-9 ]+?)\s*(?=,|$|\b(?:quan|huyen|thanh pho|thi xa|tinh)\b)"
)


def _expand(text: str) -> str:
    s = fold_keep_punctuation(text)
    for pattern, replacement in _ABBREVIATIONS:
        s = pattern.sub(replacement, s)
    return s


def fold_keep_punctuation(text: object) -> str:
    """Lower-case and strip diacritics, keeping commas and dots (for abbreviation rules)."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    s = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def normalise_address(text: object) -> str:
    """Return the comparable core of an address.

    >>> normalise_address("Số 12, ngõ 5, đường Lê Lợi, TDP 3, P. Hoàng Văn Thụ, TP. Bắc Giang")
    '12 ngo 5 le loi to dan pho 3'
    """
    expanded = _expand(text)
    parts = []
    for part in expanded.split(","):
        words = fold(part)
        if any(words == w or words.startswith(w + " ") for w in ADMINISTRATIVE_WORDS):
            break  # the administrative parts run from here to the end
        head = _ADMIN_TAIL.sub("", words).strip()
        if head:
            parts.append(head)
        if head != words:
            break
    tokens = [(t.lstrip("0") or "0") if t.isdigit() else t for p in parts for t in p.split()]
    return " ".join(t for t in tokens if t not in FILLER_WORDS)


def ward_named_in(text: object) -> str:
    """Return the folded ward name written in an address ("" when none)."""
    m = _WARD_PART.search(_expand(text) + ",")
    return fold(m.group(1)) if m else ""


def normalise_addresses(values: pd.Series) -> pd.Series:
    """Normalise every address of ``values`` (computed once per distinct value)."""
    table = {v: normalise_address(v) for v in pd.unique(values.dropna())}
    return values.astype(object).map(table).astype(object).where(lambda v: v.notna(), "")


@dataclass(frozen=True)
class AddressIndex:
    """Normalised addresses of existing features: key → (layer, feature id, geometry).

    Keys shared by several features are kept in ``ambiguous`` and never matched.
    """

    entries: Mapping[str, tuple[str, str, object]]
    ambiguous: frozenset[str]

    @classmethod
    def from_layers(cls, layers: Mapping[str, gpd.GeoDataFrame]) -> AddressIndex:
        """Index the ``address`` of every located feature; earlier layers take precedence.

        A key shared by several features of one layer is ambiguous unless an earlier layer
        already holds it.
        """
        entries: dict[str, tuple[str, str, object]] = {}
        ambiguous: set[str] = set()
        for name, frame in layers.items():
            if "address" not in frame.columns or frame.empty:
                continue
            located = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
            keys = normalise_addresses(located["address"].astype(object))
            counts = keys.value_counts()
            for key, fid, geom in zip(keys, located["id"], located.geometry, strict=True):
                if not key or key in entries or key in ambiguous:
                    continue
                if counts[key] > 1:
                    ambiguous.add(key)
                else:
                    entries[key] = (name, str(fid), geom)
        return cls(entries, frozenset(ambiguous))

    def __len__(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class AddressMatches:
    """Result of :func:`match_addresses`, one value per input row.

    ``status`` is ``"matched"``, ``"ambiguous"``, ``"unmatched"`` or ``"other_ward"``
    (the address names a ward that is not this one); ``layer``/``feature_id``/``geometry``
    are set for matched rows.
    """

    status: np.ndarray
    layer: np.ndarray
    feature_id: np.ndarray
    geometry: np.ndarray
    ward_written: np.ndarray


def match_addresses(
    values: pd.Series, index: AddressIndex, *, ward_names: Iterable[str] = ()
) -> AddressMatches:
    """Match addresses to the index; rows naming another ward are told apart when names are known."""
    keys = normalise_addresses(values.astype(object))
    hit = keys.map(index.entries)
    n = len(values)
    status = np.full(n, "unmatched", dtype=object)
    layer = np.full(n, None, dtype=object)
    fid = np.full(n, None, dtype=object)
    geom = np.full(n, None, dtype=object)
    found = hit.notna().to_numpy()
    for pos in np.flatnonzero(found):
        layer[pos], fid[pos], geom[pos] = hit.iloc[pos]
    status[found] = "matched"
    status[keys.isin(index.ambiguous).to_numpy()] = "ambiguous"
    known = {re.sub(r"^phuong ", "", fold(w)) for w in ward_names if fold(w)}
    written = np.array([ward_named_in(v) for v in values.astype(object)], dtype=object)
    if known:
        other = (written != "") & ~np.isin(written, list(known))
        status[other] = "other_ward"
        layer[other] = fid[other] = geom[other] = None
    return AddressMatches(status, layer, fid, geom, written)
