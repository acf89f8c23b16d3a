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


# ---------------------------------------------------------------------- dashboard: Cài đặt page
# (settings shown with Vietnamese labels, never as raw keys)

OSM_HIGHWAY_LABELS: dict[str, Label] = {
    "motorway": ("Đường cao tốc", "Motorway"),
    "trunk": ("Quốc lộ, đường trục", "Trunk road"),
    "primary": ("Đường chính cấp 1", "Primary road"),
    "secondary": ("Đường cấp 2", "Secondary road"),
    "tertiary": ("Đường cấp 3", "Tertiary road"),
    "unclassified": ("Đường chưa phân cấp", "Unclassified road"),
    "residential": ("Đường trong khu dân cư", "Residential street"),
    "living_street": ("Ngõ ưu tiên người đi bộ", "Living street"),
    "service": ("Đường nội bộ, lối vào", "Service road"),
    "pedestrian": ("Phố đi bộ", "Pedestrian street"),
    "track": ("Đường đất", "Track"),
    "road": ("Đường chưa rõ loại", "Road of unknown class"),
    "footway": ("Lối đi bộ", "Footway"),
    "path": ("Đường mòn", "Path"),
    "cycleway": ("Đường dành cho xe đạp", "Cycleway"),
    "steps": ("Bậc thang", "Steps"),
}
SETTING_CONFIDENCE: dict[str, Label] = {
    "thấp": ("thấp", "low"),
    "trung bình": ("trung bình", "medium"),
    "cao": ("cao", "high"),
}
SETTING_HOUSEHOLD_BUSINESS: Label = ("Hộ kinh doanh", "Business household")
SETTING_TABLE_COLUMNS: dict[str, Label] = {
    "label": ("Mục", "Item"),
    "value": ("Giá trị", "Value"),
}
SETTING_HELP: dict[str, Label] = {
    "source": ("Nguồn", "Source"),
    "confidence": ("độ tin cậy", "confidence"),
    "default": ("Mặc định", "Default"),
    "range": ("Khoảng cho phép", "Allowed range"),
}
SETTING_WHOLE_NUMBER: Label = (
    "'{name}': cần một số nguyên, nhận được '{text}'",
    "'{name}': a whole number is needed, got '{text}'",
)


# ---------------------------------------------------------------------- dashboard: Dữ liệu page
# (what the import preview shows: detections, duplicates, converted cells, rejects)

PREVIEW_FACTS: dict[str, Label] = {
    "format": ("Định dạng", "Format"),
    "encoding": ("Bảng mã", "Encoding"),
    "sheet": ("Trang (sheet), lớp hoặc thư mục", "Sheet, layer or folder"),
    "header_row": ("Dòng tiêu đề", "Header row"),
    "crs": ("Hệ tọa độ", "CRS"),
    "crs_from": ("theo", "from"),
    "converted": ("Ô chữ đã chuyển mã ({n})", "Text cells converted ({n})"),
    "x_northing": (
        "X là hướng bắc, Y là hướng đông (kiểu bảng Việt Nam)",
        "X is northing, Y easting (Vietnamese tables)",
    ),
    "x_easting": (
        "X là hướng đông, Y là hướng bắc (kiểu GIS)",
        "X is easting, Y northing (GIS order)",
    ),
}
PREVIEW_CRS_SOURCES: dict[str, Label] = {
    "override": ("lựa chọn của bạn", "your choice"),
    "prj": ("tệp .prj", "the .prj file"),
    "file": ("tệp", "the file"),
    "boundary": ("ranh giới phường", "the ward boundary"),
    "ward": ("hệ tọa độ của phường", "the ward's CRS"),
    "area_of_use": ("phạm vi áp dụng của múi", "the zone's area of use"),
    "default": ("mặc định", "default"),
}
PREVIEW_COLUMNS: dict[str, Label] = {
    "row": ("Dòng", "Row"),
    "status": ("Trạng thái", "Status"),
    "field": ("Trường", "Field"),
    "reason": ("Lý do", "Reason"),
    "id": ("Mã", "Id"),
    "kind": ("Loại trùng", "Kind"),
    "other": ("Trùng với", "Same as"),
    "distance_m": ("Khoảng cách (m)", "Distance (m)"),
    "column": ("Cột", "Column"),
    "encoding": ("Bảng mã", "Encoding"),
    "before": ("Trước", "Before"),
    "after": ("Sau", "After"),
    "lon": ("Kinh độ", "Longitude"),
    "lat": ("Vĩ độ", "Latitude"),
}
PREVIEW_DUPLICATE_KINDS: dict[str, Label] = {
    "same_id": ("Trùng mã (dòng bị loại)", "Same id (row rejected)"),
    "same_name_near": ("Trùng tên, ở gần nhau", "Same name, close by"),
}
PREVIEW_OTHER_ROW: Label = ("dòng {row}", "row {row}")
PREVIEW_STORED_ID: Label = ("mã {id} đã lưu", "stored id {id}")


# ---------------------------------------------------------------------- dashboard: Quy hoạch page

PLAN_RULE_MET: dict[bool, Label] = {True: ("Đạt", "Met"), False: ("Chưa đạt", "Not met")}


# ---------------------------------------------------------------------- dashboard: Tổng quan page

OVERVIEW_COLUMNS: dict[str, Label] = {
    "category": ("Loại hình", "Category"),
    "count": ("Số lượng", "Count"),
    "group": ("Tổ dân phố", "Residential group"),
    "households": ("Số hộ", "Households"),
    "in_group": ("Hộ trong tổ liên gia", "In a safety group"),
    "share": ("Tỷ lệ tham gia", "Share"),
    "premises": ("Cơ sở", "Premises"),
    "violations": ("Cơ sở có vi phạm", "With violations"),
    "points": ("Điểm CC công cộng (hoạt động / tổng)", "Public points (working / total)"),
}
OVERVIEW_NO_GROUP: Label = ("(chưa gán tổ dân phố)", "(no residential group)")
