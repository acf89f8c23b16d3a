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


# --- Store writes and import commits (pipelines.model.store, pipelines.ingest commit) --------

COMMIT_LABELS: dict[str, Label] = {
    "recomputed": (
        "Dữ liệu phường đã thay đổi sau khi xem trước (có người vừa ghi): số liệu được tính lại "
        "theo dữ liệu hiện tại, không dòng nào bị ghi đè hay nhân đôi.",
        "The ward changed after the preview (someone else just wrote to it): the figures were "
        "recounted against what is stored now; no row was overwritten or duplicated.",
    ),
}
