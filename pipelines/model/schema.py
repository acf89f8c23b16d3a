"""The data model: the single source of truth for layers, fields, types and enums.

Every other module (store, importers, analysis, dashboard, reports) reads layer and field
names, Vietnamese/English labels, enum codes and geometry types from here. Geometry is
stored in EPSG:4326 (:data:`STORAGE_CRS`); distances are computed in the ward's metric CRS
(``ward.toml`` → ``[ward] crs_metric``).

Field kinds
-----------
``str``, ``int``, ``float``, ``bool``, ``date`` (calendar date), ``time`` (``"HH:MM"`` text),
``enum`` (a code from an :class:`Enum` table). Every layer has a text ``id`` that is unique
within the layer and is kept from the source file when there is one, so re-importing an
updated list updates features instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

STORAGE_CRS = "EPSG:4326"

FieldKind = Literal["str", "int", "float", "bool", "date", "time", "enum"]
GeometryKind = Literal["Point", "LineString", "Polygon"]


@dataclass(frozen=True)
class Member:
    """One allowed value of an enum: a stable code and its labels."""

    code: str
    vi: str
    en: str

    def label(self, lang: str = "vi") -> str:
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class Enum:
    """A closed list of codes with Vietnamese and English labels."""

    name: str
    members: tuple[Member, ...]

    def codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.members)

    def labels(self, lang: str = "vi") -> dict[str, str]:
        return {m.code: m.label(lang) for m in self.members}

    def label(self, code: str | None, lang: str = "vi") -> str:
        if code is None:
            return ""
        return self.labels(lang).get(code, str(code))

    def __contains__(self, code: object) -> bool:
        return code in self.codes()

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)


def _enum(name: str, *rows: tuple[str, str, str]) -> Enum:
    return Enum(name, tuple(Member(*row) for row in rows))


PREMISES_CATEGORY = _enum(
    "premises_category",
    ("karaoke", "Karaoke, vũ trường, quán bar", "Karaoke, bar, dance hall"),
    ("boarding_house", "Nhà trọ", "Boarding house"),
    ("lodging", "Nhà nghỉ, khách sạn", "Guest house, hotel"),
    ("market", "Chợ, trung tâm thương mại, siêu thị", "Market, shopping centre, supermarket"),
    ("shophouse", "Nhà ở kết hợp sản xuất, kinh doanh", "House combined with business"),
    ("production", "Cơ sở sản xuất", "Production workshop"),
    ("warehouse", "Kho hàng", "Warehouse"),
    ("industrial", "Khu, cụm công nghiệp", "Industrial zone or cluster"),
    ("fuel_gas", "Cửa hàng xăng dầu, khí đốt", "Petrol or gas outlet"),
    ("school", "Trường học, nhà trẻ", "School, kindergarten"),
    ("healthcare", "Cơ sở y tế", "Healthcare facility"),
    ("office", "Cơ quan, công sở", "Public office"),
    ("apartment", "Nhà chung cư, tập thể", "Apartment building"),
    ("other", "Cơ sở khác", "Other premises"),
)

MANAGEMENT_LEVEL = _enum(
    "management_level",
    ("ward", "UBND phường quản lý", "Ward People's Committee"),
    ("police", "Cơ quan Công an quản lý", "Police"),
)

INSPECTION_RESULT = _enum(
    "inspection_result",
    ("passed", "Đạt", "Passed"),
    ("remarks", "Đạt, có kiến nghị", "Passed with remarks"),
    ("failed", "Không đạt, có vi phạm", "Failed, violations found"),
)

EQUIPMENT_STATUS = _enum(
    "equipment_status",
    ("working", "Hoạt động tốt", "Working"),
    ("needs_service", "Cần bảo dưỡng", "Needs service"),
    ("out_of_service", "Hỏng, ngừng sử dụng", "Out of service"),
    # The list a ward hands in often says nothing about the state: not known is not working.
    ("unknown", "Chưa rõ", "Unknown"),
)

# How a point got its position. An address placed on the ward's own roads is an estimate;
# its error in metres goes with it (``location_error_m``).
LOCATION_SOURCE = _enum(
    "location_source",
    ("coordinates", "Tọa độ trong danh sách", "Coordinates in the list"),
    ("address_alley", "Theo địa chỉ, trên ngõ", "Address, on the alley"),
    ("address_street", "Theo địa chỉ, chỉ trên phố", "Address, on the street only"),
    ("residential_group", "Chỉ theo tổ dân phố", "Residential group only"),
    ("by_hand", "Đặt bằng tay trên bản đồ", "Placed by hand"),
)

# Where a premises record comes from: the ward's own lists, or a point of interest in
# OpenStreetMap that the police still have to confirm.
RECORD_ORIGIN = _enum(
    "record_origin",
    ("ward", "Danh sách của phường", "Ward list"),
    ("osm", "Từ OSM — cần xác minh", "From OSM — to be verified"),
    ("osm_verified", "Từ OSM — đã xác minh", "From OSM — verified"),
)

WATER_SOURCE_KIND = _enum(
    "water_source_kind",
    ("hydrant", "Trụ nước chữa cháy", "Fire hydrant"),
    ("tank", "Bể nước", "Water tank"),
    ("pond", "Ao", "Pond"),
    ("lake", "Hồ", "Lake"),
    ("river", "Sông, kênh", "River, canal"),
    ("well", "Giếng", "Well"),
)

WATER_BODY_KIND = _enum(
    "water_body_kind",
    ("pond", "Ao", "Pond"),
    ("lake", "Hồ", "Lake"),
    ("river", "Sông", "River"),
    ("canal", "Kênh, mương", "Canal, ditch"),
)

ROAD_KIND = _enum(
    "road_kind",
    ("duong", "Đường", "Road"),
    ("pho", "Phố", "Street"),
    ("ngo", "Ngõ", "Alley"),
    ("ngach", "Ngách", "Sub-alley"),
    ("hem", "Hẻm", "Alley (south)"),
    ("kiet", "Kiệt", "Alley (central)"),
)

BARRIER_KIND = _enum(
    "barrier_kind",
    ("gate", "Cổng, barie", "Gate"),
    ("bollard", "Cột chắn", "Bollard"),
    ("low_wires", "Dây điện, cáp treo thấp", "Low overhead wires"),
    ("passage", "Lối đi có mái che, nhà cầu", "Covered passage"),
    ("other", "Vật cản khác", "Other obstruction"),
)

INCIDENT_CAUSE = _enum(
    "incident_cause",
    ("electrical", "Sự cố hệ thống, thiết bị điện", "Electrical fault"),
    ("cooking", "Sơ suất khi đun nấu", "Cooking"),
    ("worship", "Thắp hương, đốt vàng mã", "Incense, votive paper"),
    ("gas", "Rò rỉ khí đốt", "Gas leak"),
    ("vehicle", "Phương tiện giao thông, xe điện", "Vehicle or e-bike"),
    ("production", "Sự cố trong sản xuất", "Production accident"),
    ("arson", "Cố ý gây cháy", "Arson"),
    ("unknown", "Chưa rõ nguyên nhân", "Unknown"),
    ("other", "Nguyên nhân khác", "Other"),
)

# Events of the plan's work (pipelines/reports/plan_status.py counts them per tổ dân phố).
ACTIVITY_KIND = _enum(
    "activity_kind",
    ("propaganda", "Tuyên truyền", "Propaganda session"),
    ("training", "Tập huấn", "Training"),
    ("drill", "Diễn tập", "Drill"),
    ("inspection", "Kiểm tra", "Inspection"),
)

# Inspections of premises (pipelines/model/inspection.py): kind, checklist answers, violations.
INSPECTION_KIND = _enum(
    "inspection_kind",
    ("periodic", "Định kỳ", "Periodic"),
    ("unscheduled", "Đột xuất", "Unscheduled"),
    ("follow_up", "Phúc tra", "Follow-up"),
)
CHECK_ANSWER = _enum(
    "check_answer",
    ("pass", "Đạt", "Passed"),
    ("fail", "Không đạt", "Failed"),
    ("na", "Không áp dụng", "Not applicable"),
)
VIOLATION_STATUS = _enum(
    "violation_status",
    ("open", "Chưa khắc phục", "Open"),
    ("fixed", "Đã khắc phục", "Fixed"),
)

BUILDING_USE = _enum(
    "building_use",
    ("residential", "Nhà ở", "Residential"),
    ("commercial", "Thương mại, dịch vụ", "Commercial"),
    ("industrial", "Công nghiệp, kho", "Industrial"),
    ("public", "Công trình công cộng", "Public"),
    ("other", "Khác", "Other"),
)


@dataclass(frozen=True)
class Field:
    """One attribute of a layer.

    ``personal`` marks personal data (names, phone numbers) for masking by role.
    ``minimum``/``maximum`` bound numeric values (inclusive).
    """

    name: str
    kind: FieldKind
    vi: str
    en: str
    required: bool = False
    enum: Enum | None = None
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    personal: bool = False
    references: str | None = None

    def label(self, lang: str = "vi") -> str:
        text = self.vi if lang == "vi" else self.en
        return f"{text} ({self.unit})" if self.unit else text


@dataclass(frozen=True)
class Layer:
    """A layer of the ward store: its table name, labels, geometry kind and fields.

    ``geometry`` is ``None`` for attribute-only tables (``safety_groups``). Polygon layers
    accept MultiPolygon; LineString layers accept only single lines (importers explode).
    """

    name: str
    vi: str
    en: str
    geometry: GeometryKind | None
    fields: tuple[Field, ...]
    geometry_required: bool = True

    def label(self, lang: str = "vi") -> str:
        return self.vi if lang == "vi" else self.en

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(
            f"layer '{self.name}' has no field '{name}', got '{name}' instead of one of {self.field_names}"
        )

    def has_field(self, name: str) -> bool:
        return name in self.field_names


ID = Field("id", "str", "Mã", "ID", required=True)
NAME = Field("name", "str", "Tên", "Name")
ADDRESS = Field("address", "str", "Địa chỉ", "Address")
NOTE = Field("note", "str", "Ghi chú", "Note")
TDP = Field(
    "residential_group_id",
    "str",
    "Tổ dân phố",
    "Residential group",
    references="residential_groups",
)


def _count(name: str, vi: str, en: str) -> Field:
    return Field(name, "int", vi, en, minimum=0)


# Placement of a point layer's features (see LOCATION_SOURCE).
LOCATION = (
    Field("location_source", "enum", "Cách định vị", "Placed by", enum=LOCATION_SOURCE),
    Field(
        "location_error_m",
        "float",
        "Sai số vị trí ước tính",
        "Estimated position error",
        unit="m",
        minimum=0,
    ),
)


LAYERS: tuple[Layer, ...] = (
    Layer(
        "ward_boundary",
        "Ranh giới phường",
        "Ward boundary",
        "Polygon",
        (ID, Field("name", "str", "Tên phường", "Ward name", required=True), NOTE),
    ),
    Layer(
        "residential_groups",
        "Tổ dân phố",
        "Residential groups",
        "Polygon",
        (
            ID,
            Field("name", "str", "Tên tổ dân phố", "Group name", required=True),
            Field("leader", "str", "Tổ trưởng", "Group leader", personal=True),
            Field("phone", "str", "Điện thoại", "Phone", personal=True),
            NOTE,
        ),
    ),
    Layer(
        "premises",
        "Cơ sở thuộc diện quản lý PCCC",
        "Premises under fire-safety management",
        "Point",
        (
            ID,
            Field("name", "str", "Tên cơ sở", "Name", required=True),
            Field(
                "category", "enum", "Loại hình", "Category", required=True, enum=PREMISES_CATEGORY
            ),
            ADDRESS,
            TDP,
            Field("floors", "int", "Số tầng", "Floors", minimum=0, maximum=200),
            Field("floor_area_m2", "float", "Diện tích sàn", "Floor area", unit="m²", minimum=0),
            Field("occupants", "int", "Số người thường xuyên", "Usual occupants", minimum=0),
            Field(
                "management_level",
                "enum",
                "Cấp quản lý",
                "Managed by",
                enum=MANAGEMENT_LEVEL,
            ),
            Field("last_inspection", "date", "Ngày kiểm tra gần nhất", "Last inspection"),
            Field(
                "inspection_result",
                "enum",
                "Kết quả kiểm tra",
                "Inspection result",
                enum=INSPECTION_RESULT,
            ),
            _count("open_violations", "Số vi phạm chưa khắc phục", "Open violations"),
            Field(
                "violation_deadline",
                "date",
                "Hạn khắc phục vi phạm",
                "Violation remedy deadline",
            ),
            Field(
                "construction_electrical_violation",
                "bool",
                "Vi phạm trật tự xây dựng / an toàn điện",
                "Construction-order or electrical-safety violation",
            ),
            Field("violation_note", "str", "Nội dung vi phạm", "Violation details"),
            Field("contact_person", "str", "Người đại diện", "Contact person", personal=True),
            Field("contact_phone", "str", "Điện thoại", "Contact phone", personal=True),
            Field("origin", "enum", "Nguồn bản ghi", "Record origin", enum=RECORD_ORIGIN),
            Field("officer", "str", "Cán bộ phụ trách", "Officer in charge"),
            *LOCATION,
            NOTE,
        ),
    ),
    Layer(
        "households",
        "Hộ gia đình",
        "Households",
        "Point",
        (
            ID,
            Field("address", "str", "Địa chỉ", "Address", required=True),
            TDP,
            Field("head_name", "str", "Chủ hộ", "Head of household", personal=True),
            Field("members", "int", "Số nhân khẩu", "Members", minimum=0, maximum=100),
            Field("is_business", "bool", "Hộ kinh doanh", "Business household"),
            Field("business_type", "str", "Ngành nghề kinh doanh", "Business type"),
            Field("has_extinguisher", "bool", "Có bình chữa cháy", "Has an extinguisher"),
            Field(
                "safety_group_id",
                "str",
                "Tổ liên gia",
                "Inter-family safety group",
                references="safety_groups",
            ),
            *LOCATION,
            NOTE,
        ),
    ),
    Layer(
        "firefighting_points",
        "Điểm chữa cháy công cộng",
        "Public firefighting points",
        "Point",
        (
            ID,
            Field("name", "str", "Tên điểm", "Name", required=True),
            ADDRESS,
            TDP,
            _count("extinguishers_powder", "Bình bột", "Dry-powder extinguishers"),
            _count("extinguishers_co2", "Bình CO₂", "CO₂ extinguishers"),
            _count("crowbars", "Xà beng", "Crowbars"),
            _count("hammers", "Búa", "Hammers"),
            _count("cutters", "Kìm cộng lực, kéo thủy lực", "Bolt or hydraulic cutters"),
            Field("status", "enum", "Tình trạng", "Status", required=True, enum=EQUIPMENT_STATUS),
            Field("installed", "date", "Ngày lắp đặt", "Installed"),
            Field("last_check", "date", "Ngày kiểm tra gần nhất", "Last check"),
            Field("responsible_person", "str", "Người phụ trách", "Responsible", personal=True),
            Field("responsible_phone", "str", "Điện thoại", "Phone", personal=True),
            *LOCATION,
            NOTE,
        ),
    ),
    Layer(
        "safety_groups",
        "Tổ liên gia an toàn PCCC",
        "Inter-family fire-safety groups",
        None,
        (
            ID,
            Field("name", "str", "Tên tổ liên gia", "Group name", required=True),
            TDP,
            Field("leader", "str", "Tổ trưởng", "Leader", personal=True),
            Field("phone", "str", "Điện thoại", "Phone", personal=True),
            Field("established", "date", "Ngày thành lập", "Established"),
            Field("linked_alarm", "bool", "Có chuông báo liên gia", "Linked alarm installed"),
            NOTE,
        ),
        geometry_required=False,
    ),
    Layer(
        "water_sources",
        "Nguồn nước chữa cháy",
        "Water sources",
        "Point",
        (
            ID,
            NAME,
            Field("kind", "enum", "Loại nguồn nước", "Kind", required=True, enum=WATER_SOURCE_KIND),
            ADDRESS,
            Field("capacity_m3", "float", "Trữ lượng", "Capacity", unit="m³", minimum=0),
            Field("flow_lps", "float", "Lưu lượng", "Flow", unit="l/s", minimum=0),
            Field("status", "enum", "Tình trạng", "Status", required=True, enum=EQUIPMENT_STATUS),
            Field(
                "truck_accessible",
                "bool",
                "Xe chữa cháy tiếp cận được",
                "Fire-truck accessible",
            ),
            Field("last_check", "date", "Ngày kiểm tra gần nhất", "Last check"),
            *LOCATION,
            NOTE,
        ),
    ),
    Layer(
        "water_bodies",
        "Ao, hồ, sông",
        "Water bodies",
        "Polygon",
        (
            ID,
            NAME,
            Field("kind", "enum", "Loại", "Kind", required=True, enum=WATER_BODY_KIND),
            NOTE,
        ),
    ),
    Layer(
        "roads",
        "Đường, ngõ, ngách",
        "Roads and alleys",
        "LineString",
        (
            ID,
            NAME,
            Field("kind", "enum", "Loại đường", "Kind", required=True, enum=ROAD_KIND),
            Field(
                "width_m",
                "float",
                "Bề rộng",
                "Width",
                unit="m",
                required=True,
                minimum=0,
                maximum=100,
            ),
            Field("clearance_m", "float", "Chiều cao thông thủy", "Clearance", unit="m", minimum=0),
            NOTE,
        ),
    ),
    Layer(
        "barriers",
        "Vật cản lối vào",
        "Access barriers",
        "Point",
        (
            ID,
            Field("kind", "enum", "Loại vật cản", "Kind", required=True, enum=BARRIER_KIND),
            Field("clearance_m", "float", "Chiều cao thông thủy", "Clearance", unit="m", minimum=0),
            Field("width_m", "float", "Bề rộng lọt qua", "Passable width", unit="m", minimum=0),
            Field("closed_from", "time", "Đóng từ", "Closed from"),
            Field("closed_to", "time", "Đóng đến", "Closed until"),
            NOTE,
        ),
    ),
    Layer(
        "incidents",
        "Vụ cháy đã xảy ra",
        "Fire incidents",
        "Point",
        (
            ID,
            Field("date", "date", "Ngày xảy ra", "Date", required=True),
            ADDRESS,
            Field("cause", "enum", "Nguyên nhân", "Cause", enum=INCIDENT_CAUSE),
            _count("deaths", "Số người chết", "Deaths"),
            _count("injuries", "Số người bị thương", "Injuries"),
            Field(
                "damage_vnd",
                "float",
                "Thiệt hại ước tính",
                "Estimated damage",
                unit="VNĐ",
                minimum=0,
            ),
            Field(
                "premises_id", "str", "Cơ sở liên quan", "Premises involved", references="premises"
            ),
            Field("description", "str", "Diễn biến", "Description"),
            *LOCATION,
        ),
    ),
    Layer(
        "activities",
        "Hoạt động tuyên truyền, tập huấn, diễn tập, kiểm tra",
        "Propaganda, training, drills and inspections",
        None,
        (
            ID,
            Field("date", "date", "Ngày", "Date", required=True),
            TDP,
            Field("kind", "enum", "Loại hoạt động", "Kind", required=True, enum=ACTIVITY_KIND),
            Field("title", "str", "Nội dung", "Title"),
            _count("participants", "Số người tham gia", "Participants"),
            NOTE,
        ),
        geometry_required=False,
    ),
    Layer(
        "inspections",
        "Kiểm tra an toàn PCCC cơ sở",
        "Fire-safety inspections of premises",
        None,
        (
            ID,
            Field("premises_id", "str", "Cơ sở", "Premises", required=True, references="premises"),
            Field("date", "date", "Ngày kiểm tra", "Date", required=True),
            Field("kind", "enum", "Hình thức", "Kind", required=True, enum=INSPECTION_KIND),
            Field("inspectors", "str", "Thành phần đoàn kiểm tra", "Inspectors", personal=True),
            Field("officer", "str", "Cán bộ phụ trách", "Officer in charge"),
            Field("result", "enum", "Kết quả", "Result", required=True, enum=INSPECTION_RESULT),
            Field("checklist", "str", "Kết quả theo nội dung kiểm tra", "Checklist answers"),
            Field("follow_up_of", "str", "Phúc tra lần kiểm tra", "Follow-up of inspection"),
            NOTE,
        ),
        geometry_required=False,
    ),
    Layer(
        "violations",
        "Vi phạm phát hiện khi kiểm tra",
        "Violations found at inspections",
        None,
        (
            ID,
            Field(
                "inspection_id",
                "str",
                "Lần kiểm tra",
                "Inspection",
                required=True,
                references="inspections",
            ),
            Field("premises_id", "str", "Cơ sở", "Premises", required=True, references="premises"),
            Field("item", "str", "Nội dung kiểm tra", "Checklist item"),
            Field("description", "str", "Nội dung vi phạm", "Description", required=True),
            Field("legal_basis", "str", "Căn cứ pháp lý", "Legal basis"),
            Field("deadline", "date", "Hạn khắc phục", "Deadline"),
            Field("fixed_on", "date", "Ngày khắc phục", "Fixed on"),
            Field("status", "enum", "Tình trạng", "Status", required=True, enum=VIOLATION_STATUS),
            NOTE,
        ),
        geometry_required=False,
    ),
    Layer(
        "buildings",
        "Công trình, nhà",
        "Buildings",
        "Polygon",
        (
            ID,
            NAME,
            Field("levels", "int", "Số tầng", "Levels", minimum=0, maximum=200),
            Field("use", "enum", "Công năng", "Use", enum=BUILDING_USE),
            NOTE,
        ),
    ),
)

LAYER_BY_NAME: dict[str, Layer] = {layer.name: layer for layer in LAYERS}
LAYER_NAMES: tuple[str, ...] = tuple(LAYER_BY_NAME)


def get_layer(name: str) -> Layer:
    """Return the layer definition called ``name``; raise ``ValueError`` for an unknown one."""
    try:
        return LAYER_BY_NAME[name]
    except KeyError:
        raise ValueError(
            f"'layer' should be one of {', '.join(LAYER_NAMES)}, got '{name}' instead"
        ) from None


ENUMS: dict[str, Enum] = {
    e.name: e
    for e in (
        PREMISES_CATEGORY,
        MANAGEMENT_LEVEL,
        INSPECTION_RESULT,
        EQUIPMENT_STATUS,
        WATER_SOURCE_KIND,
        WATER_BODY_KIND,
        ROAD_KIND,
        BARRIER_KIND,
        INCIDENT_CAUSE,
        BUILDING_USE,
        ACTIVITY_KIND,
        INSPECTION_KIND,
        CHECK_ANSWER,
        VIOLATION_STATUS,
        LOCATION_SOURCE,
        RECORD_ORIGIN,
    )
}

# Default management level by category: Decree 105/2025/NĐ-CP Appendix II premises are
# managed by the police, the rest of Appendix I and shop-houses by the ward (domain.md).
DEFAULT_MANAGEMENT_LEVEL: dict[str, str] = {
    "karaoke": "police",
    "boarding_house": "ward",
    "lodging": "police",
    "market": "police",
    "shophouse": "ward",
    "production": "ward",
    "warehouse": "police",
    "industrial": "police",
    "fuel_gas": "police",
    "school": "police",
    "healthcare": "police",
    "office": "ward",
    "apartment": "police",
    "other": "ward",
}
