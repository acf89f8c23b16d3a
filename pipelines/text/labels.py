"""Every label the product shows or writes, in Vietnamese and English, in one place.

A label is a pair ``(Vietnamese, English)``; a table maps a code to its label. Modules never
switch on the language themselves (``"…" if lang == "vi" else "…"``): they keep the pair
here and call :func:`pick` or :func:`pick_table`. Tables are grouped below by the capability
that shows them. Enum labels of the data model stay with the enums
(:mod:`pipelines.model.schema`); the dashboard's own chrome is in ``dashboard/texts.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pipelines.text.formats import check_lang

Label = tuple[str, str]
K = TypeVar("K")


def pick(label: Label, lang: str) -> str:
    """Return the ``lang`` ({"vi", "en"}) side of a label."""
    return label[0] if check_lang(lang) == "vi" else label[1]


def pick_table(table: Mapping[K, Label], lang: str) -> dict[K, str]:
    """Return a code → label table in one language."""
    side = 0 if check_lang(lang) == "vi" else 1
    return {code: pair[side] for code, pair in table.items()}
