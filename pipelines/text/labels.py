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


# --- export: columns a layer gains when people read it (pipelines.export) ---------------------

GEOMETRY_COLUMNS: dict[str, Label] = {
    "lat": ("Vĩ độ", "Latitude"),
    "lon": ("Kinh độ", "Longitude"),
    "wkt": ("Hình học WKT", "WKT geometry"),
}


# --- planning: proposal files (pipelines.planning.exports) ---------------------------------

# Columns of an exported point: key → (Vietnamese, English).
PLAN_POINT_COLUMNS: dict[str, Label] = {
    "number": ("STT", "No."),
    "id": ("Mã điểm", "Point id"),
    "source": ("Nguồn vị trí", "Site source"),
    "lon": ("Kinh độ", "Longitude"),
    "lat": ("Vĩ độ", "Latitude"),
    "road_name": ("Ngõ, đường", "Alley or road"),
    "near_address": ("Địa chỉ gần nhất", "Nearest address"),
    "residential_group": ("Tổ dân phố", "Residential group"),
    "households_new": ("Hộ được phủ thêm", "Households newly covered"),
    "premises_new": ("Cơ sở được phủ thêm", "Premises newly covered"),
    "high_risk_premises_new": (
        "Cơ sở nguy cơ cao được phủ thêm",
        "High-risk premises newly covered",
    ),
    "households": ("Hộ trong bán kính", "Households within the radius"),
    "premises": ("Cơ sở trong bán kính", "Premises within the radius"),
    "high_risk_premises": ("Cơ sở nguy cơ cao trong bán kính", "High-risk premises within"),
}

PLAN_RULE_COLUMNS: dict[str, Label] = {
    "kind": ("Quy tắc", "Rule"),
    "name": ("Tên", "Name"),
    "depth_m": ("Độ sâu (m)", "Depth (m)"),
    "minimum": ("Số điểm cần", "Points required"),
    "existing": ("Điểm hiện có", "Existing points"),
    "count": ("Điểm sau đề xuất", "Points with the proposal"),
    "satisfied": ("Đạt", "Met"),
    "sites": ("Vị trí ứng viên", "Candidate sites"),
}

PLAN_SHEETS: dict[str, Label] = {
    "points": ("Điểm đề xuất", "Proposed points"),
    "comparison": ("So sánh", "Comparison"),
    "rules": ("Quy tắc", "Rules"),
}

PLAN_CURRENT_NAME: Label = ("Hiện trạng", "Current")
PLAN_PROPOSAL_NAME: Label = ("Đề xuất", "Proposal")
PLAN_FIGURE_HEADER: Label = ("Chỉ tiêu", "Figure")
PLAN_KML_TITLE: Label = ("Đề xuất điểm chữa cháy công cộng", "Proposed public firefighting points")


# --- Store writes and import commits (pipelines.model.store, pipelines.ingest commit) --------

COMMIT_LABELS: dict[str, Label] = {
    "recomputed": (
        "Dữ liệu phường đã thay đổi sau khi xem trước (có người vừa ghi): số liệu được tính lại "
        "theo dữ liệu hiện tại, không dòng nào bị ghi đè hay nhân đôi.",
        "The ward changed after the preview (someone else just wrote to it): the figures were "
        "recounted against what is stored now; no row was overwritten or duplicated.",
    ),
}


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
