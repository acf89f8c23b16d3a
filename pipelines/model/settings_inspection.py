"""Settings of premises inspections ([inspection] in ``ward.toml``): the checklist, deadlines.

The checklist of an inspection (:data:`CHECKLIST_ITEMS`) has one setting per item: the premises
categories it applies to, as category codes (:data:`pipelines.model.schema.PREMISES_CATEGORY`)
separated by commas, or ``*`` for every category. In ``ward.toml``::

    [inspection]
    item_alarm = "karaoke, lodging, market, warehouse, school, healthcare, apartment"

The items follow the contents of a fire-safety inspection (Luật PCCC và CNCH 55/2024/QH15;
NĐ 105/2025/NĐ-CP and Thông tư 36/2025/TT-BCA govern the contents and procedure: check the
current articles). Which item applies to which category is a product default.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.model.errors import ConfigError
from pipelines.model.schema import PREMISES_CATEGORY
from pipelines.model.setting_field import PRODUCT_DEFAULT as _PRODUCT
from pipelines.model.setting_field import setting

ALL_CATEGORIES = "*"
# The checklist items, in the order of the form and the biên bản (labels in
# pipelines.text.labels_inspection.CHECKLIST_LABELS); each is the setting ``item_<code>``.
CHECKLIST_ITEMS: tuple[str, ...] = (
    "extinguishers",
    "exits",
    "electrical",
    "storage",
    "alarm",
    "separation",
)
_LAW = (
    "Nội dung kiểm tra theo Luật PCCC và CNCH 55/2024/QH15, NĐ 105/2025/NĐ-CP, "
    "TT 36/2025/TT-BCA (đối chiếu điều khoản hiện hành); loại hình áp dụng: " + _PRODUCT
)


def check_categories(key: str, value: object) -> str:
    """Check a list of category codes (``*`` or codes separated by commas); return it tidied."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(
            f"Cài đặt '{key}' phải là '*' hoặc các mã loại hình cách nhau bằng dấu phẩy, "
            f"nhận được {value!r}",
            f"'{key}' should be '*' or category codes separated by commas, got {value!r} instead",
        )
    if value.strip() == ALL_CATEGORIES:
        return ALL_CATEGORIES
    codes = [c.strip() for c in value.split(",") if c.strip()]
    unknown = [c for c in codes if c not in PREMISES_CATEGORY]
    if unknown:
        known = ", ".join(PREMISES_CATEGORY.codes())
        raise ConfigError(
            f"Cài đặt '{key}' có mã loại hình không hợp lệ: {', '.join(unknown)} (các mã: {known})",
            f"'{key}' has unknown category codes {', '.join(unknown)}; expected some of {known}",
        )
    return ", ".join(dict.fromkeys(codes))


def _item(default: str, vi: str, en: str) -> str:
    return setting(default, vi=vi, en=en, source=_LAW, confidence="thấp", check=check_categories)


@dataclass(frozen=True)
class InspectionSection:
    item_extinguishers: str = _item(
        ALL_CATEGORIES,
        "Phương tiện chữa cháy (bình chữa cháy…): áp dụng cho loại hình",
        "Extinguishers and firefighting equipment: applies to categories",
    )
    item_exits: str = _item(
        ALL_CATEGORIES,
        "Lối thoát nạn, đường thoát nạn: áp dụng cho loại hình",
        "Exits and escape routes: applies to categories",
    )
    item_electrical: str = _item(
        ALL_CATEGORIES,
        "An toàn điện: áp dụng cho loại hình",
        "Electrical safety: applies to categories",
    )
    item_storage: str = _item(
        "market, shophouse, production, warehouse, industrial, fuel_gas, other",
        "Bảo quản hàng hóa, chất dễ cháy, nhiên liệu: áp dụng cho loại hình",
        "Storage of goods and fuel: applies to categories",
    )
    item_alarm: str = _item(
        "karaoke, boarding_house, lodging, market, warehouse, industrial, fuel_gas, school, "
        "healthcare, office, apartment",
        "Hệ thống báo cháy: áp dụng cho loại hình",
        "Fire alarm: applies to categories",
    )
    item_separation: str = _item(
        "karaoke, lodging, market, shophouse, production, warehouse, industrial, fuel_gas, "
        "apartment",
        "Ngăn cháy, chống cháy lan: áp dụng cho loại hình",
        "Fire separation: applies to categories",
    )
    violation_days: int = setting(
        30,
        unit="ngày",
        vi="Hạn khắc phục gợi ý cho vi phạm mới (tính từ ngày kiểm tra)",
        en="Suggested remedy deadline of a new violation (days after the inspection)",
        source=_PRODUCT + "; hạn thực tế do đoàn kiểm tra ghi trong biên bản",
        minimum=1,
        maximum=365,
    )
    legal_basis: str = setting(
        "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ số 55/2024/QH15; Nghị định 105/2025/NĐ-CP",
        vi="Căn cứ pháp lý gợi ý cho vi phạm và biên bản kiểm tra",
        en="Legal basis suggested for violations and the inspection record",
        source="domain.md (Luật 55/2024/QH15, NĐ 105/2025/NĐ-CP); đối chiếu điều khoản hiện hành",
        confidence="trung bình",
    )


def checklist_for(section: InspectionSection, category: str | None) -> tuple[str, ...]:
    """Return the checklist items that apply to a premises ``category`` (in form order)."""
    out = []
    for item in CHECKLIST_ITEMS:
        value = getattr(section, f"item_{item}")
        codes = {c.strip() for c in value.split(",")}
        if value == ALL_CATEGORIES or (category or "other") in codes:
            out.append(item)
    return tuple(out)
