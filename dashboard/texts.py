"""UI strings, Vietnamese first, English second: one table, looked up by key."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("Bản đồ PCCC", "Fire-safety map"),
    "app_subtitle": (
        "Phòng cháy, chữa cháy và cứu nạn, cứu hộ (PCCC&CNCH) của phường",
        "The ward's fire prevention, fire fighting and rescue programme",
    ),
    "language": ("Ngôn ngữ / Language", "Ngôn ngữ / Language"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_map": ("Bản đồ", "Map"),
    "ward": ("Phường", "Ward"),
    "synthetic_banner": (
        "Dữ liệu mô phỏng — không phải dữ liệu thật của phường nào.",
        "Synthetic data — not the real data of any ward.",
    ),
    "basemap": ("Bản đồ nền", "Base map"),
    "basemap_help": (
        "Để trống: không dùng bản đồ nền và không truy cập Internet. Khi có mạng, dán địa chỉ "
        "lớp XYZ, ví dụ https://tile.openstreetmap.org/{z}/{x}/{y}.png hoặc máy chủ bản đồ của tỉnh.",
        "Empty: no base map and no Internet access. When online, paste an XYZ tile URL, e.g. "
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png or the province's tile server.",
    ),
    "basemap_url": ("Địa chỉ lớp nền XYZ", "XYZ tile URL"),
    "basemap_attr": ("Ghi công bản đồ nền", "Base map attribution"),
    "kpi_premises": ("Cơ sở thuộc diện quản lý", "Premises under management"),
    "kpi_violations": ("Cơ sở có vi phạm", "Premises with violations"),
    "kpi_points": ("Điểm chữa cháy công cộng hoạt động", "Public points working"),
    "kpi_groups": ("Hộ tham gia tổ liên gia", "Households in a safety group"),
    "kpi_water": ("Nguồn nước dùng được", "Water sources usable"),
    "kpi_incidents": ("Vụ cháy 12 tháng qua", "Fires, last 12 months"),
    "of_total": ("trên tổng", "of"),
    "groups_count": ("tổ liên gia", "safety groups"),
    "construction_electrical": (
        "vi phạm trật tự xây dựng / an toàn điện",
        "construction-order / electrical-safety violations",
    ),
    "hydrants": ("trụ nước hoạt động", "hydrants working"),
    "by_category": ("Cơ sở theo loại hình", "Premises by category"),
    "by_group": ("Theo tổ dân phố", "By residential group"),
    "no_group": ("(chưa gán tổ dân phố)", "(no residential group)"),
    "col_group": ("Tổ dân phố", "Residential group"),
    "col_households": ("Số hộ", "Households"),
    "col_in_group": ("Hộ trong tổ liên gia", "In a safety group"),
    "col_share": ("Tỷ lệ tham gia", "Share"),
    "col_premises": ("Cơ sở", "Premises"),
    "col_violations": ("Cơ sở có vi phạm", "With violations"),
    "col_points": ("Điểm CC công cộng (hoạt động / tổng)", "Public points (working / total)"),
    "col_category": ("Loại hình", "Category"),
    "col_count": ("Số lượng", "Count"),
    "map_heading": ("Bản đồ phường", "Ward map"),
    "legend": ("Chú giải", "Legend"),
    "filters": ("Lọc bản đồ", "Map filters"),
    "filter_category": ("Loại hình cơ sở", "Premises category"),
    "filter_group": ("Tổ dân phố", "Residential group"),
    "filter_status": (
        "Tình trạng điểm chữa cháy, nguồn nước",
        "Status of points and water sources",
    ),
    "filter_violations": ("Chỉ cơ sở có vi phạm", "Only premises with violations"),
    "filter_all": ("Tất cả", "All"),
    "drawn": ("Đang hiển thị", "Showing"),
    "download_html": ("Tải bản đồ HTML (mở không cần mạng)", "Download HTML map (works offline)"),
    "empty_ward": (
        "Phường chưa có dữ liệu. Hãy nhập ranh giới phường và các danh sách ở trang Dữ liệu.",
        "The ward has no data yet. Import its boundary and lists on the Data page.",
    ),
    "error_title": ("Không mở được dữ liệu phường", "Cannot open the ward's data"),
    "page_settings": ("Cài đặt", "Settings"),
    "settings_title": ("Cài đặt của phường", "Ward settings"),
    "settings_help": (
        "Mọi ngưỡng kỹ thuật, trọng số và đơn giá mà các phân tích dùng, kèm nguồn. Thay đổi được "
        "lưu vào ward.toml của phường (ghi an toàn, không mất dữ liệu).",
        "Every threshold, weight and unit price the analyses use, with its source. Changes are "
        "saved to the ward's ward.toml (written atomically).",
    ),
    "settings_saved": ("Đã lưu cài đặt.", "Settings saved."),
    "settings_invalid": ("Cài đặt không hợp lệ, chưa lưu", "Invalid settings, not saved"),
    "save": ("Lưu", "Save"),
    "source": ("Nguồn", "Source"),
    "default": ("Mặc định", "Default"),
    "confidence": ("độ tin cậy", "confidence"),
    "edit_in_toml": ("Sửa bảng này trong tệp ward.toml.", "Edit this table in ward.toml."),
    "section_ward": ("Thông tin phường", "Ward"),
    "section_thresholds": ("Ngưỡng kỹ thuật", "Thresholds"),
    "section_risk": ("Trọng số nguy cơ", "Risk weights"),
    "section_costs": ("Đơn giá", "Unit prices"),
    "section_planner": ("Quy hoạch điểm chữa cháy", "Point planner"),
    "section_map": ("Bản đồ", "Map"),
    "section_ingest": ("Nhập dữ liệu", "Data import"),
}


def t(key: str, lang: str) -> str:
    """Return the UI string ``key`` in ``lang`` ({"vi", "en"})."""
    vi, en = TEXTS[key]
    return vi if lang == "vi" else en
