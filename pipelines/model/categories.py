"""Premises category from a name: the keyword table used when a list has no category column.

Ward lists often name a premises by what it is ("Karaoke Hoa Mai", "Nhà trọ Bình An",
"Cửa hàng xăng dầu số 5"). :func:`category_from_name` folds the name (lower case, without
diacritics, punctuation as spaces) and returns the category of the first pattern of
:data:`CATEGORY_KEYWORDS` it matches, else ``"other"`` ("Cơ sở khác"). The table is a product
default (no published source): the order matters (an industrial zone before a workshop,
karaoke before lodging), and a ward can correct any row afterwards on the Dữ liệu page or
with a category column.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from pipelines.model.schema import PREMISES_CATEGORY

FALLBACK_CATEGORY = "other"

# (category, regular expression over the folded name). First match wins.
CATEGORY_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("industrial", r"\b(khu|cum) cong nghiep\b|\bkcn\b|\bccn\b|\bindustrial (zone|park)\b"),
    ("karaoke", r"\bkaraoke\b|\bkara\b|\bvu truong\b|\bbar\b|\bpub\b|\bclub\b|\bnightclub\b"),
    ("fuel_gas", r"\bxang\b|\bgas\b|\bkhi dot\b|\bpetrolimex\b|\bfuel\b|\bpetrol\b"),
    (
        "school",
        r"\btruong\b|\bmam non\b|\bmau giao\b|\bnha tre\b|\btieu hoc\b|\bthcs\b|\bthpt\b"
        r"|\bschool\b|\bkindergarten\b",
    ),
    (
        "healthcare",
        r"\bbenh vien\b|\bphong kham\b|\btram y te\b|\btrung tam y te\b|\bhospital\b|\bclinic\b",
    ),
    (
        "market",
        r"^cho\b|\bsieu thi\b|\btrung tam thuong mai\b|\btttm\b|\bmart\b|\bsupermarket\b"
        r"|\bmall\b|\bmarket\b",
    ),
    (
        "lodging",
        r"\bkhach san\b|\bnha nghi\b|\bnha khach\b|\bhotel\b|\bmotel\b|\bhostel\b"
        r"|\bhomestay\b|\bguest ?house\b",
    ),
    ("boarding_house", r"\b(nha|phong|khu|day) tro\b|\bky tuc xa\b"),
    ("apartment", r"\bchung cu\b|\btap the\b|\bapartment\b"),
    ("warehouse", r"^kho\b|\bkho hang\b|\bwarehouse\b"),
    ("production", r"\bxuong\b|\bsan xuat\b|\bnha may\b|\bfactory\b|\bworkshop\b"),
    ("office", r"\bubnd\b|\buy ban\b|\bcong an\b|\bco quan\b|\btru so\b|\boffice\b"),
    (
        "shophouse",
        r"\bcua hang\b|\btiem\b|\bquan an\b|\bnha hang\b|\bca phe\b|\bcafe\b|\bshop\b"
        r"|\bkinh doanh\b",
    ),
)

_COMPILED = tuple((code, re.compile(pattern)) for code, pattern in CATEGORY_KEYWORDS)
assert all(code in PREMISES_CATEGORY for code, _ in CATEGORY_KEYWORDS)
assert FALLBACK_CATEGORY in PREMISES_CATEGORY


def fold_name(text: object) -> str:
    """Return ``text`` lower case, without diacritics (đ → d), punctuation as single spaces."""
    if not isinstance(text, str):
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def category_from_name(name: object) -> str:
    """Return the premises category a name points to (``"other"`` when nothing matches)."""
    folded = fold_name(name)
    for code, pattern in _COMPILED:
        if pattern.search(folded):
            return code
    return FALLBACK_CATEGORY


def categories_from_names(names: pd.Series) -> pd.Series:
    """Return :func:`category_from_name` of every name (each distinct name looked up once)."""
    codes, uniques = pd.factorize(names.astype(object), use_na_sentinel=True)
    guessed = np.array([category_from_name(u) for u in uniques] + [FALLBACK_CATEGORY], dtype=object)
    return pd.Series(guessed[codes], index=names.index, dtype=object)
