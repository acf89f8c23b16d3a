"""Ward settings: typed defaults with their sources, read from and written to ``ward.toml``.

Every domain number the product uses lives here once, as a dataclass field whose metadata
carries its unit, Vietnamese and English labels, source and confidence (from
``shared/domain.md``). A ward's ``ward.toml`` overrides any of them; unknown keys, wrong
types and out-of-range values are refused with a message naming the key.

Numbers with no published source (risk weights, unit prices) say so in their ``source`` and
are meant to be tuned by the ward.
"""

from __future__ import annotations

import dataclasses
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pipelines.model.errors import ConfigError
from pipelines.model.setting_field import PRODUCT_DEFAULT as _PRODUCT
from pipelines.model.setting_field import copy_value as _copy
from pipelines.model.setting_field import setting
from pipelines.model.settings_access import AccessSection
from pipelines.model.settings_ingest import IngestSection
from pipelines.model.settings_inspection import InspectionSection
from pipelines.model.settings_plan import PlanSection
from pipelines.model.settings_report import ReportSection


@dataclass(frozen=True)
class WardSection:
    name: str = setting(
        "Phường mới",
        vi="Tên phường",
        en="Ward name",
        source="Dữ liệu của phường",
    )
    province: str = setting("", vi="Tỉnh, thành phố", en="Province", source="Dữ liệu của phường")
    crs_metric: str = setting(
        "EPSG:3405",
        vi="Hệ tọa độ phẳng dùng để tính khoảng cách",
        en="Metric CRS for distances",
        source=(
            "domain.md: VN-2000 / UTM 48N = EPSG:3405, hoặc múi TM-3 của tỉnh "
            "(Bắc Giang EPSG:9214, Bắc Ninh cũ EPSG:9209)"
        ),
    )
    synthetic: bool = setting(
        False,
        vi="Dữ liệu mô phỏng (không phải dữ liệu thật)",
        en="Synthetic data (not real)",
        source="Dữ liệu của phường",
    )


@dataclass(frozen=True)
class Thresholds:
    truck_min_width_m: float = setting(
        3.5,
        unit="m",
        vi="Bề rộng tối thiểu của đường cho xe chữa cháy",
        en="Minimum road width for a fire truck",
        source="QCVN 06:2010 §5.2; Hà Nội NQ 79/2025/NQ-HĐND dùng ngưỡng < 3,5 m",
        confidence="cao",
        minimum=1.0,
        maximum=20.0,
    )
    truck_min_clearance_m: float = setting(
        4.25,
        unit="m",
        vi="Chiều cao thông thủy tối thiểu cho xe chữa cháy",
        en="Minimum clear height for a fire truck",
        source="QCVN 06:2010 §5.2 (4,5 m theo QCVN 06:2022 chưa kiểm chứng)",
        confidence="cao",
        minimum=1.0,
        maximum=10.0,
    )
    dead_end_max_m: float = setting(
        150.0,
        unit="m",
        vi="Chiều dài tối đa đường cụt một làn (có chỗ quay xe)",
        en="Maximum single-lane dead end (with a turning area)",
        source="QCVN 06:2010 §5.2",
        confidence="trung bình",
        minimum=0.0,
    )
    hose_reach_m: float = setting(
        60.0,
        unit="m",
        vi="Khoảng cách tối đa từ điểm xe chữa cháy tiếp cận đến nhà (vòi chữa cháy)",
        en="Maximum distance from the truck-reachable network to a building (hose reach)",
        source="QCVN 06:2022 sửa đổi 1:2023 §6.2.2.1 (đường cho xe chữa cháy trong phạm vi 60 m)",
        confidence="trung bình",
        minimum=1.0,
    )
    hose_roll_m: float = setting(
        20.0,
        unit="m",
        vi="Chiều dài một cuộn vòi",
        en="Length of one hose roll",
        source="VnExpress 20/08/2025, Đội chữa cháy khu vực 16 Hà Nội",
        confidence="trung bình (thực tiễn)",
        minimum=1.0,
    )
    hose_cart_reach_m: float = setting(
        200.0,
        unit="m",
        vi="Tầm triển khai vòi bằng xe đẩy vòi (khoảng 3 phút)",
        en="Hose reach with a hose cart (about 3 minutes)",
        source="VnExpress 20/08/2025, Đội chữa cháy khu vực 16 Hà Nội",
        confidence="trung bình (thực tiễn)",
        minimum=1.0,
    )
    deep_alley_min_m: float = setting(
        50.0,
        unit="m",
        vi="Độ sâu ngõ xe chữa cháy không vào được cần có điểm chữa cháy công cộng",
        en="Depth of a truck-impassable alley that calls for a public firefighting point",
        source="TP.HCM Chỉ thị 05/CT-UBND (26/11/2025); trang phường ở Đồng Nai, Hải Phòng",
        confidence="cao",
        minimum=0.0,
    )
    public_points_per_group_min: int = setting(
        1,
        vi="Số điểm chữa cháy công cộng tối thiểu mỗi tổ dân phố",
        en="Minimum public firefighting points per residential group",
        source="Hải Phòng, phường Gia Viên",
        confidence="trung bình (thực tiễn địa phương)",
        minimum=0,
    )
    public_point_radius_m: float = setting(
        100.0,
        unit="m",
        vi="Bán kính phục vụ của điểm chữa cháy công cộng (đi bộ theo ngõ)",
        en="Public point service radius (walking, along alleys)",
        source="Đà Nẵng, phường Vĩnh Trung (báo Công an)",
        confidence="thấp",
        minimum=1.0,
    )
    safety_group_min_households: int = setting(
        5,
        vi="Số hộ tối thiểu của một tổ liên gia",
        en="Minimum households in a safety group",
        source="Cục C07, được nhiều trang dẫn lại",
        confidence="trung bình–cao",
        minimum=2,
    )
    safety_group_max_households: int = setting(
        15,
        vi="Số hộ tối đa của một tổ liên gia",
        en="Maximum households in a safety group",
        source="Cục C07, được nhiều trang dẫn lại",
        confidence="trung bình–cao",
        minimum=2,
    )
    hydrant_spacing_max_m: float = setting(
        150.0,
        unit="m",
        vi="Khoảng cách tối đa giữa các trụ nước dọc đường",
        en="Maximum hydrant spacing along roads",
        source="TCVN 2622:1995 §10.9 (120 m nếu lưu lượng chữa cháy ngoài nhà ≤ 20 l/s)",
        confidence="cao (tiêu chuẩn cũ)",
        minimum=1.0,
    )
    water_source_radius_m: float = setting(
        150.0,
        unit="m",
        vi="Bán kính coi là có nguồn nước gần (theo đường)",
        en="Radius within which a water source counts as near (along the network)",
        source="Theo khoảng cách trụ nước TCVN 2622:1995 §10.9",
        confidence="trung bình",
        minimum=1.0,
    )
    fire_flow_min_lps: float = setting(
        15.0,
        unit="l/s",
        vi="Lưu lượng nước chữa cháy tối thiểu cho một đám cháy",
        en="Minimum fire flow per fire",
        source="Quy chuẩn quy hoạch đô thị (có lẽ QCXDVN 01:2008)",
        confidence="trung bình",
        minimum=0.0,
    )
    natural_source_min_depth_m: float = setting(
        0.5,
        unit="m",
        vi="Độ sâu nước tối thiểu của nguồn nước tự nhiên",
        en="Minimum water depth of a natural source",
        source="Quy chuẩn quy hoạch đô thị (có lẽ QCXDVN 01:2008)",
        confidence="trung bình",
        minimum=0.0,
    )
    shophouse_managed_area_m2: float = setting(
        200.0,
        unit="m²",
        vi="Diện tích nhà ở kết hợp kinh doanh thuộc diện quản lý",
        en="Floor area from which a shop-house is under management",
        source="NĐ 105/2025/NĐ-CP Phụ lục I (nguồn ghi 50 m², nguồn khác 200 m²)",
        confidence="thấp",
        minimum=0.0,
    )
    inspection_interval_months: int = setting(
        12,
        unit="tháng",
        vi="Chu kỳ kiểm tra định kỳ cơ sở",
        en="Periodic inspection interval",
        source=_PRODUCT,
        minimum=1,
    )
    max_snap_distance_m: float = setting(
        40.0,
        unit="m",
        vi="Khoảng cách tối đa từ đối tượng đến đường gần nhất khi gắn vào mạng lưới",
        en="Maximum distance from a feature to the nearest road when snapping",
        source=_PRODUCT,
        minimum=1.0,
    )
    network_limit_m: float = setting(
        1000.0,
        unit="m",
        vi="Khoảng cách xa nhất tính theo mạng đường (xa hơn coi là không tới được)",
        en="Farthest distance computed along the network (farther counts as not reached)",
        source=_PRODUCT,
        minimum=1.0,
    )
    night_from_hour: float = setting(
        22.0,
        unit="giờ",
        vi="Giờ bắt đầu ban đêm (cổng ngõ thường khóa)",
        en="Night starts at this hour (alley gates often locked)",
        source=_PRODUCT + "; cổng ngõ khóa ban đêm là phổ biến",
        minimum=0.0,
        maximum=24.0,
    )
    night_to_hour: float = setting(
        5.0,
        unit="giờ",
        vi="Giờ kết thúc ban đêm",
        en="Night ends at this hour",
        source=_PRODUCT,
        minimum=0.0,
        maximum=24.0,
    )
    safety_group_max_gap_m: float = setting(
        30.0,
        unit="m",
        vi="Khoảng cách dọc ngõ tối đa giữa hai hộ liền kề trong tổ liên gia đề xuất",
        en="Largest gap along an alley between neighbouring households of a proposed group",
        source=_PRODUCT + "; tổ liên gia gồm 5–15 hộ liền kề (Cục C07)",
        minimum=1.0,
    )


# Class cut-offs: fixed scores, recalibrated (not quantiles of the ward), so a class means the
# same score from one year to the next and a premises that fixes its faults moves down.
_CLASS_SOURCE = (
    _PRODUCT + "; ngưỡng cố định (không theo phân vị) hiệu chỉnh trên phường mẫu: các yếu tố "
    "chung của phường (thiếu điểm chữa cháy công cộng, cháy gần) nâng hầu hết cơ sở thêm "
    "10–20 điểm, nên rất cao ≥ 80 chọn khoảng 1/10 cơ sở xấu nhất, cao ≥ 65 khoảng 1/6 tiếp theo"
)

# Inspection intervals by risk class: riskier premises more often (as FDNY's risk-based scheme).
_INSPECT_SOURCE = (
    _PRODUCT + "; NĐ 105/2025/NĐ-CP và TT 36/2025/TT-BCA quy định nội dung, trình tự kiểm tra: "
    "phường kiểm tra lại điều khoản hiện hành trước khi viện dẫn tần suất"
)


@dataclass(frozen=True)
class RiskSection:
    category_base: dict = setting(
        {
            "karaoke": 30,
            "boarding_house": 25,
            "lodging": 20,
            "market": 25,
            "shophouse": 15,
            "production": 20,
            "warehouse": 20,
            "industrial": 20,
            "fuel_gas": 30,
            "school": 15,
            "healthcare": 15,
            "office": 5,
            "apartment": 15,
            "other": 5,
            "household_business": 10,
        },
        vi="Điểm nền theo loại hình cơ sở",
        en="Base points by category",
        source=(
            _PRODUCT + "; thứ tự theo Chỉ thị 31-CT/TU và NĐ 105/2025/NĐ-CP (karaoke, nhà trọ, "
            "chợ, xăng dầu được chú ý đặc biệt)"
        ),
    )
    open_violation: float = setting(
        5.0, vi="Mỗi vi phạm chưa khắc phục", en="Per open violation", source=_PRODUCT, minimum=0
    )
    open_violation_max: float = setting(
        20.0,
        vi="Tối đa cho vi phạm chưa khắc phục",
        en="Cap for open violations",
        source=_PRODUCT,
        minimum=0,
    )
    overdue_violation: float = setting(
        10.0,
        vi="Vi phạm quá hạn khắc phục",
        en="Violation past its deadline",
        source=_PRODUCT,
        minimum=0,
    )
    construction_electrical: float = setting(
        15.0,
        vi="Vi phạm trật tự xây dựng / an toàn điện",
        en="Construction-order or electrical-safety violation",
        source=_PRODUCT + "; Chỉ thị 31-CT/TU nêu riêng nhóm này",
        minimum=0,
    )
    inspection_overdue: float = setting(
        10.0, vi="Quá hạn kiểm tra định kỳ", en="Inspection overdue", source=_PRODUCT, minimum=0
    )
    never_inspected: float = setting(
        10.0, vi="Chưa từng kiểm tra", en="Never inspected", source=_PRODUCT, minimum=0
    )
    per_floor_above: float = setting(
        2.0, vi="Mỗi tầng trên tầng 2", en="Per floor above the second", source=_PRODUCT, minimum=0
    )
    floors_max: float = setting(
        10.0, vi="Tối đa cho số tầng", en="Cap for floors", source=_PRODUCT, minimum=0
    )
    per_50_occupants: float = setting(
        2.0,
        vi="Mỗi 50 người thường xuyên",
        en="Per 50 usual occupants",
        source=_PRODUCT,
        minimum=0,
    )
    occupants_max: float = setting(
        10.0, vi="Tối đa cho số người", en="Cap for occupants", source=_PRODUCT, minimum=0
    )
    beyond_hose_reach: float = setting(
        20.0,
        vi="Ngoài tầm vòi từ điểm xe chữa cháy tiếp cận",
        en="Beyond hose reach from the truck-reachable network",
        source=_PRODUCT,
        minimum=0,
    )
    no_public_point: float = setting(
        10.0,
        vi="Không có điểm chữa cháy công cộng hoạt động trong bán kính",
        en="No working public point within the radius",
        source=_PRODUCT,
        minimum=0,
    )
    no_water: float = setting(
        10.0,
        vi="Không có nguồn nước dùng được trong bán kính",
        en="No usable water source within the radius",
        source=_PRODUCT,
        minimum=0,
    )
    not_in_safety_group: float = setting(
        5.0, vi="Không thuộc tổ liên gia", en="Not in a safety group", source=_PRODUCT, minimum=0
    )
    per_nearby_incident: float = setting(
        3.0,
        vi="Mỗi vụ cháy gần đây trong bán kính",
        en="Per recent fire nearby",
        source=_PRODUCT,
        minimum=0,
    )
    nearby_incidents_max: float = setting(
        9.0, vi="Tối đa cho vụ cháy gần", en="Cap for nearby fires", source=_PRODUCT, minimum=0
    )
    incident_radius_m: float = setting(
        200.0,
        unit="m",
        vi="Bán kính tính vụ cháy gần",
        en="Radius for nearby fires",
        source=_PRODUCT,
        minimum=0,
    )
    incident_years: int = setting(
        5,
        unit="năm",
        vi="Số năm tính vụ cháy gần",
        en="Years of fire history counted",
        source=_PRODUCT,
        minimum=1,
    )
    class_medium_from: float = setting(
        45.0,
        vi="Ngưỡng nguy cơ trung bình",
        en="Medium risk from",
        source=_CLASS_SOURCE,
        minimum=0,
    )
    class_high_from: float = setting(
        65.0, vi="Ngưỡng nguy cơ cao", en="High risk from", source=_CLASS_SOURCE, minimum=0
    )
    class_very_high_from: float = setting(
        80.0,
        vi="Ngưỡng nguy cơ rất cao",
        en="Very high risk from",
        source=_CLASS_SOURCE,
        minimum=0,
    )
    inspect_very_high_months: int = setting(
        3,
        unit="tháng",
        vi="Chu kỳ kiểm tra cơ sở nguy cơ rất cao",
        en="Inspection interval, very high risk",
        source=_INSPECT_SOURCE,
        minimum=1,
    )
    inspect_high_months: int = setting(
        6,
        unit="tháng",
        vi="Chu kỳ kiểm tra cơ sở nguy cơ cao",
        en="Inspection interval, high risk",
        source=_INSPECT_SOURCE,
        minimum=1,
    )
    inspect_other_months: int = setting(
        12,
        unit="tháng",
        vi="Chu kỳ kiểm tra cơ sở nguy cơ trung bình và thấp",
        en="Inspection interval, medium and low risk",
        source=_INSPECT_SOURCE + "; NĐ 136/2020/NĐ-CP từng quy định kiểm tra định kỳ 1 lần/năm",
        minimum=1,
    )
    inspect_due_soon_days: int = setting(
        30,
        unit="ngày",
        vi="Báo trước lịch kiểm tra đến hạn",
        en="Inspections listed as due this many days ahead",
        source=_PRODUCT,
        minimum=0,
    )


@dataclass(frozen=True)
class CostSection:
    extinguisher_powder_vnd: float = setting(
        350_000.0,
        unit="VNĐ",
        vi="Bình bột chữa cháy 4 kg",
        en="4 kg dry-powder extinguisher",
        source="Giá tham khảo thị trường 2025, phường tự cập nhật",
        minimum=0,
    )
    extinguisher_co2_vnd: float = setting(
        550_000.0,
        unit="VNĐ",
        vi="Bình CO₂ 3 kg",
        en="3 kg CO₂ extinguisher",
        source="Giá tham khảo thị trường 2025, phường tự cập nhật",
        minimum=0,
    )
    crowbar_vnd: float = setting(
        150_000.0,
        unit="VNĐ",
        vi="Xà beng",
        en="Crowbar",
        source="Giá tham khảo thị trường 2025, phường tự cập nhật",
        minimum=0,
    )
    hammer_vnd: float = setting(
        120_000.0,
        unit="VNĐ",
        vi="Búa tạ",
        en="Sledgehammer",
        source="Giá tham khảo thị trường 2025, phường tự cập nhật",
        minimum=0,
    )
    cutter_vnd: float = setting(
        2_500_000.0,
        unit="VNĐ",
        vi="Kìm cộng lực / kéo thủy lực",
        en="Bolt or hydraulic cutter",
        source="Giá tham khảo thị trường 2025, phường tự cập nhật",
        minimum=0,
    )
    cabinet_vnd: float = setting(
        3_000_000.0,
        unit="VNĐ",
        vi="Tủ, mái che, biển nội quy",
        en="Cabinet, shelter and sign",
        source="Giá tham khảo thị trường 2025, phường tự cập nhật",
        minimum=0,
    )
    kit: dict = setting(
        {
            "extinguisher_powder_vnd": 2,
            "extinguisher_co2_vnd": 2,
            "crowbar_vnd": 1,
            "hammer_vnd": 1,
            "cutter_vnd": 1,
            "cabinet_vnd": 1,
        },
        vi="Trang bị một điểm chữa cháy công cộng (số lượng)",
        en="Kit of one public firefighting point (quantities)",
        source="Hải Phòng; Đồng Nai: 2 bình bột + 2 bình CO₂; xà beng, búa, kìm cộng lực; "
        "biển nội quy; mái che",
        confidence="trung bình",
    )
    safety_group_per_house_vnd: float = setting(
        1_000_000.0,
        unit="VNĐ",
        vi="Chi phí tổ liên gia mỗi hộ",
        en="Safety-group cost per house",
        source="Trang nhà cung cấp dẫn C07",
        confidence="thấp",
        minimum=0,
    )


@dataclass(frozen=True)
class PlannerSection:
    household_weight_by_class: dict = setting(
        {"low": 1.0, "medium": 1.5, "high": 2.0, "very_high": 3.0},
        vi="Trọng số nhu cầu của hộ theo mức nguy cơ",
        en="Household demand weight by risk class",
        source=_PRODUCT,
    )
    premises_weight_by_class: dict = setting(
        {"low": 2.0, "medium": 4.0, "high": 8.0, "very_high": 12.0},
        vi="Trọng số nhu cầu của cơ sở theo mức nguy cơ",
        en="Premises demand weight by risk class",
        source=_PRODUCT,
    )
    candidate_spacing_m: float = setting(
        25.0,
        unit="m",
        vi="Khoảng cách giữa các vị trí ứng viên dọc ngõ",
        en="Spacing of candidate sites along alleys",
        source=_PRODUCT,
        minimum=1,
    )
    candidates_on_truck_roads: bool = setting(
        False,
        vi="Cho phép đặt điểm trên đường xe chữa cháy vào được",
        en="Allow candidates on truck-passable roads",
        source=_PRODUCT,
    )
    candidate_premises_clearance_m: float = setting(
        5.0,
        unit="m",
        vi="Khoảng cách tối thiểu từ vị trí ứng viên đến vị trí một cơ sở (không đặt trong cơ sở)",
        en="Least distance from a candidate site to a premises' position (never inside one)",
        source=_PRODUCT,
        minimum=0.0,
    )
    within_hose_reach_factor: float = setting(
        0.25,
        vi="Hệ số nhân trọng số của hộ, cơ sở trong tầm vòi từ xe chữa cháy",
        en="Factor on the demand weight of households and premises within a truck's hose reach",
        source=_PRODUCT
        + "; điểm chữa cháy công cộng phục vụ các ngõ xe chữa cháy không vào được (domain.md)",
        minimum=0.0,
        maximum=1.0,
    )
    floor_area_per_household_m2: float = setting(
        80.0,
        unit="m²",
        vi="Diện tích sàn nhà ở bình quân một hộ (ước tính số hộ từ nhà khi chưa có danh sách hộ)",
        en="Dwelling floor area per household (estimating households from buildings "
        "when there is no household list)",
        source=_PRODUCT
        + "; khoảng 23 m² nhà ở/người × 3,5 người/hộ theo Tổng điều tra dân số và nhà ở "
        "2019 (chưa kiểm chứng cho từng phường)",
        confidence="thấp",
        minimum=10.0,
        maximum=1000.0,
    )
    default_building_levels: int = setting(
        3,
        vi="Số tầng giả định của nhà không ghi số tầng (ước tính số hộ từ nhà)",
        en="Levels assumed for a building without a level count (estimating households)",
        source=_PRODUCT + "; nhà ống khu phố cũ thường 2–4 tầng",
        confidence="thấp",
        minimum=1,
        maximum=50,
    )


@dataclass(frozen=True)
class MapSection:
    tiles_url: str = setting(
        "",
        vi="Địa chỉ lớp bản đồ nền XYZ (để trống: không dùng bản đồ nền, không truy cập mạng)",
        en="Base map XYZ tile URL (empty: no base map, no network access)",
        source="Cài đặt của phường",
    )
    tiles_attribution: str = setting(
        "", vi="Ghi công bản đồ nền", en="Base map attribution", source="Cài đặt của phường"
    )


@dataclass(frozen=True)
class WardConfig:
    """All settings of one ward, as read from its ``ward.toml`` over the defaults."""

    ward: WardSection = field(default_factory=WardSection)
    thresholds: Thresholds = field(default_factory=Thresholds)
    risk: RiskSection = field(default_factory=RiskSection)
    costs: CostSection = field(default_factory=CostSection)
    planner: PlannerSection = field(default_factory=PlannerSection)
    map: MapSection = field(default_factory=MapSection)
    ingest: IngestSection = field(default_factory=IngestSection)
    report: ReportSection = field(default_factory=ReportSection)
    access: AccessSection = field(default_factory=AccessSection)
    plan: PlanSection = field(default_factory=PlanSection)
    inspection: InspectionSection = field(default_factory=InspectionSection)

    def replace(self, section: str, **values: Any) -> WardConfig:
        """Return a copy with some settings of ``section`` changed (validated)."""
        current = section_dict(self, section)
        current.update(values)
        return config_from_dict({**to_dict(self), section: current})


SECTIONS: dict[str, type] = {
    "ward": WardSection,
    "thresholds": Thresholds,
    "risk": RiskSection,
    "costs": CostSection,
    "planner": PlannerSection,
    "map": MapSection,
    "ingest": IngestSection,
    "report": ReportSection,
    "access": AccessSection,
    "plan": PlanSection,
    "inspection": InspectionSection,
}


def section_dict(config: WardConfig, section: str) -> dict[str, Any]:
    return {
        f.name: _copy(getattr(getattr(config, section), f.name)) for f in fields(SECTIONS[section])
    }


def to_dict(config: WardConfig) -> dict[str, dict[str, Any]]:
    return {name: section_dict(config, name) for name in SECTIONS}


def describe_settings(lang: str = "vi", config: WardConfig | None = None) -> list[dict[str, Any]]:
    """List every setting with its default, current value (of ``config``), unit, label and source."""
    rows = []
    config = config if config is not None else WardConfig()
    for section, cls in SECTIONS.items():
        for f in fields(cls):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
            rows.append(
                {
                    "section": section,
                    "key": f.name,
                    "default": default,
                    "value": _copy(getattr(getattr(config, section), f.name)),
                    "unit": f.metadata["unit"],
                    "label": f.metadata[lang if lang in ("vi", "en") else "en"],
                    "source": f.metadata["source"],
                    "confidence": f.metadata["confidence"],
                }
            )
    return rows


def _check_value(section: str, f: dataclasses.Field, value: Any) -> Any:
    key = f"{section}.{f.name}"
    if f.metadata.get("check") is not None:
        return f.metadata["check"](key, value)
    default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(
                f"Cài đặt '{key}' phải là true hoặc false, nhận được {value!r}",
                f"'{key}' should be true or false, got {value!r} instead",
            )
        return value
    if isinstance(default, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise ConfigError(
                f"Cài đặt '{key}' phải là một số, nhận được {value!r}",
                f"'{key}' should be a number, got {value!r} instead",
            )
        lo, hi = f.metadata["minimum"], f.metadata["maximum"]
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            rng = f"[{lo if lo is not None else '-∞'}, {hi if hi is not None else '∞'}]"
            raise ConfigError(
                f"Cài đặt '{key}' = {value} nằm ngoài khoảng cho phép {rng}",
                f"'{key}' should be within {rng}, got {value} instead",
            )
        if isinstance(default, int) and not isinstance(default, bool):
            if value != int(value):
                raise ConfigError(
                    f"Cài đặt '{key}' phải là số nguyên, nhận được {value!r}",
                    f"'{key}' should be a whole number, got {value!r} instead",
                )
            return int(value)
        return float(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(
                f"Cài đặt '{key}' phải là chuỗi ký tự, nhận được {value!r}",
                f"'{key}' should be text, got {value!r} instead",
            )
        return value
    if isinstance(default, dict):
        if not isinstance(value, Mapping):
            raise ConfigError(
                f"Cài đặt '{key}' phải là một bảng khóa = giá trị, nhận được {value!r}",
                f"'{key}' should be a table of key = value, got {value!r} instead",
            )
        merged = dict(default)
        for k, v in value.items():
            if k not in default:
                raise ConfigError(
                    f"Cài đặt '{key}' không có khóa '{k}' (các khóa: {', '.join(default)})",
                    f"'{key}' has no key '{k}'; expected one of {', '.join(default)}",
                )
            if isinstance(default[k], str):
                if not isinstance(v, str) or not v:
                    raise ConfigError(
                        f"Cài đặt '{key}.{k}' phải là chuỗi ký tự, nhận được {v!r}",
                        f"'{key}.{k}' should be text, got {v!r} instead",
                    )
            elif isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
                raise ConfigError(
                    f"Cài đặt '{key}.{k}' phải là số không âm, nhận được {v!r}",
                    f"'{key}.{k}' should be a non-negative number, got {v!r} instead",
                )
            merged[k] = v
        return merged
    raise TypeError(f"unsupported setting type for '{key}': {type(default).__name__}")


def config_from_dict(data: Mapping[str, Any]) -> WardConfig:
    """Build a validated :class:`WardConfig` from nested mappings (as parsed from TOML)."""
    sections = {}
    for name, values in data.items():
        if name not in SECTIONS:
            raise ConfigError(
                f"ward.toml có mục không hợp lệ [{name}] (các mục: {', '.join(SECTIONS)})",
                f"unknown section [{name}] in ward.toml; expected one of {', '.join(SECTIONS)}",
            )
        if not isinstance(values, Mapping):
            raise ConfigError(
                f"[{name}] trong ward.toml phải là một bảng",
                f"[{name}] in ward.toml must be a table",
            )
    for name, cls in SECTIONS.items():
        values = dict(data.get(name, {}))
        by_name = {f.name: f for f in fields(cls)}
        kwargs = {}
        for key, value in values.items():
            if key not in by_name:
                raise ConfigError(
                    f"Cài đặt không hợp lệ '{name}.{key}' trong ward.toml",
                    f"unknown setting '{name}.{key}' in ward.toml",
                )
            kwargs[key] = _check_value(name, by_name[key], value)
        sections[name] = cls(**kwargs)
    config = WardConfig(**sections)
    t = config.thresholds
    if t.safety_group_min_households > t.safety_group_max_households:
        raise ConfigError(
            "thresholds.safety_group_min_households lớn hơn safety_group_max_households",
            "thresholds.safety_group_min_households is larger than safety_group_max_households",
        )
    r = config.risk
    if not r.class_medium_from <= r.class_high_from <= r.class_very_high_from:
        raise ConfigError(
            "Ngưỡng mức nguy cơ phải tăng dần: trung bình ≤ cao ≤ rất cao",
            "risk class thresholds must increase: medium <= high <= very high",
        )
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        crs = CRS.from_user_input(config.ward.crs_metric)
    except CRSError:
        raise ConfigError(
            f"ward.crs_metric = {config.ward.crs_metric!r} không phải hệ tọa độ hợp lệ",
            f"ward.crs_metric should be a CRS such as 'EPSG:9214', got {config.ward.crs_metric!r}",
        ) from None
    if not crs.is_projected or crs.axis_info[0].unit_name not in ("metre", "meter"):
        raise ConfigError(
            f"ward.crs_metric = {config.ward.crs_metric!r} phải là hệ tọa độ phẳng tính bằng mét",
            f"ward.crs_metric should be a projected CRS in metres, got {config.ward.crs_metric!r}",
        )
    return config


def load_config(path: str | Path) -> WardConfig:
    """Read and validate a ``ward.toml``; missing settings take their defaults."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"Không tìm thấy tệp cài đặt {path}", f"settings file {path} not found"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"Tệp {path.name} sai cú pháp TOML: {exc}", f"{path.name} is not valid TOML: {exc}"
        ) from None
    return config_from_dict(data)


def _toml_key(key: str) -> str:
    """A bare TOML key as it is, any other (``amenity=bar``, ``service=alley``) quoted."""
    if key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key):
        return key
    return _toml_value(str(key))


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    if isinstance(value, dict):
        inner = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _toml_lines(key: str, value: Any) -> list[str]:
    """``key = value``; a table of tables as dotted keys, one line each (``a.b.c = 1``)."""
    if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
        return [
            f"{key}.{_toml_key(k)}.{_toml_key(kk)} = {_toml_value('' if vv is None else vv)}"
            for k, v in value.items()
            for kk, vv in v.items()
        ]
    return [f"{key} = {_toml_value(value)}"]


def dumps_config(config: WardConfig) -> str:
    """Write a complete, commented ``ward.toml``: every setting with unit and source."""
    out = [
        "# Cài đặt của phường — Bản đồ PCCC. Mỗi giá trị có đơn vị và nguồn trong chú thích.",
        "# Ward settings. Each value carries its unit and source in the comment above it.",
    ]
    for name, cls in SECTIONS.items():
        out.append("")
        out.append(f"[{name}]")
        section = getattr(config, name)
        for f in fields(cls):
            meta = f.metadata
            unit = f" [{meta['unit']}]" if meta["unit"] else ""
            out.append(f"# {meta['vi']}{unit} — {meta['en']}")
            conf = f" (độ tin cậy: {meta['confidence']})" if meta["confidence"] else ""
            out.append(f"# Nguồn: {meta['source']}{conf}")
            out.extend(_toml_lines(f.name, getattr(section, f.name)))
    return "\n".join(out) + "\n"
