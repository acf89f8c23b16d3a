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


# --- Import (pipelines/ingest): preview table, rejects, points read from a file ---------------

IMPORT_ROW: Label = ("Dòng", "Row")
IMPORT_STATUS: Label = ("Trạng thái", "Status")
IMPORT_STATUS_LABELS: dict[str, Label] = {
    "new": ("Mới", "New"),
    "updated": ("Cập nhật", "Updated"),
    "unchanged": ("Không đổi", "Unchanged"),
    "rejected": ("Bị loại", "Rejected"),
}
IMPORT_LONGITUDE: Label = ("Kinh độ", "Longitude")
IMPORT_LATITUDE: Label = ("Vĩ độ", "Latitude")
IMPORT_COORDINATES: Label = ("Tọa độ", "Coordinates")
# Shown under the planner's candidate-site upload: {n} rows left out, {reasons} why.
SITES_REJECTED: Label = (
    "{n} dòng của tệp vị trí ứng viên bị loại: {reasons}",
    "{n} rows of the candidate-site file were left out: {reasons}",
)
SITES_READ: Label = (
    "Đọc được {n} vị trí ứng viên từ tệp",
    "{n} candidate sites read from the file",
)
