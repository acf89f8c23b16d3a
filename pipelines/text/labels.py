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
    "notes": ("Ghi chú", "Notes"),
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
IMPORT_STATUS_LABELS: dict[str, Label] = {
    "new": ("Mới", "New"),
    "updated": ("Cập nhật", "Updated"),
    "unchanged": ("Không đổi", "Unchanged"),
    "rejected": ("Bị loại", "Rejected"),
}
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


# ------------------------------------------ pipelines.network: access, coverage, gaps, risk

# Why an edge is or is not open to fire trucks: code → (Vietnamese, English). Order is the
# priority used to name the reason for a whole road.
ACCESS_REASONS: dict[str, Label] = {
    "no_width": ("Chưa có số liệu bề rộng", "Width unknown"),
    "narrow": ("Hẹp hơn bề rộng tối thiểu cho xe chữa cháy", "Narrower than a fire truck needs"),
    "low_clearance": (
        "Chiều cao thông thủy thấp hơn mức tối thiểu",
        "Clear height below what a fire truck needs",
    ),
    "barrier": ("Bị vật cản chặn (cổng, cột chắn, dây điện…)", "Blocked by a barrier"),
    "disconnected": (
        "Không nối với đường vào phường mà xe chữa cháy đi được",
        "Not connected to the ward's entry roads by passable roads",
    ),
    "reachable": ("Xe chữa cháy vào được", "Reachable by fire truck"),
}

WATER_GROUPS: dict[str, Label] = {
    "hydrant": ("Trụ nước chữa cháy", "Fire hydrant"),
    "tank": ("Bể nước", "Water tank"),
    "natural": ("Ao, hồ, sông, giếng (xe hút nước)", "Pond, lake, river, well (truck draws)"),
}

# Flag columns of the per-feature results: code → (Vietnamese, English).
COVERAGE_FLAGS: dict[str, Label] = {
    "within_hose_reach": ("Trong tầm vòi từ xe chữa cháy", "Within hose reach of a fire truck"),
    "has_public_point": (
        "Có điểm chữa cháy công cộng trong bán kính",
        "Working public point within the radius",
    ),
    "has_water": ("Có nguồn nước dùng được trong bán kính", "Usable water within the radius"),
    "in_safety_group": ("Thuộc tổ liên gia", "In a safety group"),
    "covered": (
        "Được bảo vệ (trong tầm vòi hoặc có điểm chữa cháy công cộng)",
        "Covered (hose reach or a public point)",
    ),
}

# Columns of the coverage summary: code → (Vietnamese, English). Counts, then shares (0–1).
COVERAGE_SUMMARY_COLUMNS: dict[str, Label] = {
    "residential_group_id": ("Mã tổ dân phố", "Residential group id"),
    "residential_group": ("Tổ dân phố", "Residential group"),
    "households": ("Số hộ", "Households"),
    "households_within_hose_reach": ("Hộ trong tầm vòi", "Households within hose reach"),
    "households_has_public_point": ("Hộ có điểm CCCC gần", "Households near a public point"),
    "households_has_water": ("Hộ có nguồn nước gần", "Households near usable water"),
    "households_in_safety_group": ("Hộ thuộc tổ liên gia", "Households in a safety group"),
    "households_covered": ("Hộ được bảo vệ", "Households covered"),
    "premises": ("Số cơ sở", "Premises"),
    "premises_within_hose_reach": ("Cơ sở trong tầm vòi", "Premises within hose reach"),
    "premises_has_public_point": ("Cơ sở có điểm CCCC gần", "Premises near a public point"),
    "premises_has_water": ("Cơ sở có nguồn nước gần", "Premises near usable water"),
    "premises_covered": ("Cơ sở được bảo vệ", "Premises covered"),
    "share_households_within_hose_reach": ("% hộ trong tầm vòi", "% households within reach"),
    "share_households_has_public_point": ("% hộ có điểm CCCC gần", "% households near a point"),
    "share_households_has_water": ("% hộ có nguồn nước gần", "% households near water"),
    "share_households_in_safety_group": ("% hộ thuộc tổ liên gia", "% households in a group"),
    "share_households_covered": ("% hộ được bảo vệ", "% households covered"),
    "share_premises_within_hose_reach": ("% cơ sở trong tầm vòi", "% premises within reach"),
    "share_premises_has_public_point": ("% cơ sở có điểm CCCC gần", "% premises near a point"),
    "share_premises_has_water": ("% cơ sở có nguồn nước gần", "% premises near water"),
    "share_premises_covered": ("% cơ sở được bảo vệ", "% premises covered"),
}

WARD_TOTAL: Label = ("Toàn phường", "Whole ward")

NO_RESIDENTIAL_GROUP: Label = ("(chưa gán tổ dân phố)", "(no residential group)")

# Why a household without a group got (or did not get) a proposal: code → (vi, en).
GAP_REASONS: dict[str, Label] = {
    "proposed": ("Đề xuất vào tổ liên gia mới", "Proposed for a new group"),
    "too_few": (
        "Không đủ số hộ liền kề dọc ngõ để lập tổ",
        "Too few neighbouring households along the alley",
    ),
    "left_over": ("Vượt quá số hộ tối đa của tổ", "Over the maximum group size"),
    "not_on_network": ("Không gắn được vào mạng đường", "Not placed on the road network"),
}

# Risk factors (pipelines.network.risk.FACTORS): code → (Vietnamese, English).
RISK_FACTORS: dict[str, Label] = {
    "category": ("Loại hình", "Category"),
    "open_violations": ("Vi phạm chưa khắc phục", "Open violations"),
    "overdue_violation": ("Quá hạn khắc phục vi phạm", "Violation past its deadline"),
    "construction_electrical": (
        "Vi phạm trật tự xây dựng / an toàn điện",
        "Construction or electrical-safety violation",
    ),
    "inspection_overdue": ("Quá hạn kiểm tra định kỳ", "Inspection overdue"),
    "never_inspected": ("Chưa từng kiểm tra", "Never inspected"),
    "floors": ("Số tầng (trên tầng 2)", "Floors above the second"),
    "occupants": ("Số người thường xuyên", "Usual occupants"),
    "beyond_hose_reach": ("Ngoài tầm vòi từ xe chữa cháy", "Beyond hose reach"),
    "no_public_point": ("Không có điểm chữa cháy công cộng gần", "No working public point nearby"),
    "no_water": ("Không có nguồn nước dùng được gần", "No usable water nearby"),
    "not_in_safety_group": ("Không thuộc tổ liên gia", "Not in a safety group"),
    "nearby_incidents": ("Vụ cháy gần đây xung quanh", "Recent fires nearby"),
}

# Risk classes (pipelines.network.risk.RISK_CLASSES): code → (Vietnamese, English).
RISK_CLASS_LABELS: dict[str, Label] = {
    "low": ("Thấp", "Low"),
    "medium": ("Trung bình", "Medium"),
    "high": ("Cao", "High"),
    "very_high": ("Rất cao", "Very high"),
}


# ------------------------------------------ pipelines.network: analysis results, tables, map layers

# Columns of the per-feature results: name → (Vietnamese, English). Distances in metres.
RESULT_COLUMNS: dict[str, Label] = {
    "feature_type": ("Loại đối tượng", "Feature type"),
    "id": ("Mã", "ID"),
    "name": ("Tên / địa chỉ", "Name / address"),
    "category": ("Loại hình", "Category"),
    "residential_group_id": ("Tổ dân phố", "Residential group"),
    "is_business": ("Hộ kinh doanh", "Business household"),
    "on_network": ("Gắn được vào mạng đường", "Placed on the road network"),
    "snap_distance_m": ("Khoảng cách đến đường (m)", "Distance to the road (m)"),
    "hose_distance_m": ("Khoảng cách vòi từ điểm xe vào được (m)", "Hose distance (m)"),
    "within_hose_reach": ("Trong tầm vòi", "Within hose reach"),
    "point_distance_m": ("Đến điểm CCCC hoạt động gần nhất (m)", "To nearest working point (m)"),
    "nearest_point_id": ("Điểm CCCC gần nhất", "Nearest public point"),
    "has_public_point": ("Có điểm CCCC trong bán kính", "Public point within radius"),
    "water_distance_m": ("Đến nguồn nước dùng được gần nhất (m)", "To nearest usable water (m)"),
    "nearest_water_id": ("Nguồn nước gần nhất", "Nearest usable water source"),
    "has_water": ("Có nguồn nước trong bán kính", "Water within radius"),
    **{
        f"water_{g}_distance_m": (f"Đến {vi.lower()} (m)", f"To {en.lower()} (m)")
        for g, (vi, en) in WATER_GROUPS.items()
    },
    "in_safety_group": ("Thuộc tổ liên gia", "In a safety group"),
    "covered": ("Được bảo vệ", "Covered"),
    "pocket_id": ("Vùng ngoài tầm vòi", "Beyond-reach pocket"),
    "proposed_group_id": ("Tổ liên gia đề xuất", "Proposed safety group"),
    "nearby_incidents": ("Vụ cháy gần đây xung quanh", "Recent fires nearby"),
    "risk_score": ("Điểm nguy cơ", "Risk score"),
    "risk_class": ("Mức nguy cơ", "Risk class"),
    "risk_breakdown": ("Chi tiết điểm nguy cơ", "Risk breakdown"),
}

ANALYSIS_TABLE_COLUMNS: dict[str, Label] = {
    "rank": ("Thứ tự kiểm tra", "Inspection rank"),
    "feature_type": ("Đối tượng", "Feature"),
    "id": ("Mã", "ID"),
    "name": ("Tên / địa chỉ", "Name / address"),
    "category": ("Loại hình", "Category"),
    "residential_group": ("Tổ dân phố", "Residential group"),
    "risk_score": ("Điểm nguy cơ", "Risk score"),
    "risk_class": ("Mức nguy cơ", "Risk class"),
    "breakdown": ("Chi tiết điểm", "Score breakdown"),
    "last_inspection": ("Kiểm tra gần nhất", "Last inspection"),
    "hose_distance_m": ("Khoảng cách vòi (m)", "Hose distance (m)"),
    "within_hose_reach": ("Trong tầm vòi", "Within hose reach"),
    "point_distance_m": ("Đến điểm CCCC (m)", "To a public point (m)"),
    "water_distance_m": ("Đến nguồn nước (m)", "To usable water (m)"),
    "location_source": ("Cách định vị", "Placed by"),
    "location_error_m": ("Sai số ước tính (m)", "Estimated error (m)"),
    "road": ("Đường, ngõ", "Road or alley"),
    "kind": ("Loại", "Kind"),
    "width_m": ("Bề rộng (m)", "Width (m)"),
    "clearance_m": ("Chiều cao thông thủy (m)", "Clearance (m)"),
    "depth_m": ("Độ sâu từ điểm xe vào (m)", "Depth from the truck network (m)"),
    "length_m": ("Chiều dài xe không vào được (m)", "Length trucks cannot enter (m)"),
    "reason": ("Lý do", "Reason"),
    "alley_system": ("Hệ ngõ", "Alley system"),
    "households": ("Số hộ", "Households"),
    "premises": ("Số cơ sở", "Premises"),
    "households_beyond_reach": ("Hộ ngoài tầm vòi", "Households beyond reach"),
    "working_points": ("Điểm CCCC trên ngõ", "Working points in it"),
    "status": ("Tình trạng", "Status"),
    "usable": ("Dùng được", "Usable"),
    "truck_access": ("Xe chữa cháy tiếp cận", "Truck access"),
    "group": ("Nhóm", "Group"),
    "households_served": ("Hộ gần nhất trong bán kính", "Households served"),
    "proposal": ("Tổ đề xuất", "Proposal"),
    "business_households": ("Hộ kinh doanh", "Business households"),
    "household_ids": ("Các hộ", "Member households"),
    "business_household_ids": ("Mã hộ kinh doanh", "Business household ids"),
    "high_risk_premises": ("Cơ sở nguy cơ cao", "High-risk premises"),
    "high_risk_premises_ids": ("Mã cơ sở nguy cơ cao", "High-risk premises ids"),
    "stretch_m": ("Chiều dài đoạn ngõ (m)", "Stretch of alley (m)"),
    "water_kind_group": ("Nhóm nguồn nước", "Water source group"),
    "sources": ("Số nguồn", "Sources"),
    "sources_usable": ("Dùng được", "Usable"),
    "share_households_near": ("% hộ có nguồn này gần", "% households near one"),
}

FEATURE_TYPES: dict[str, Label] = {
    "premises": ("Cơ sở", "Premises"),
    "household": ("Hộ kinh doanh", "Business household"),
}

ANALYSIS_MAP_LABELS: dict[str, Label] = {
    "risk_density": ("Mật độ nguy cơ (ô lục giác, xem toàn phường)", "Risk density (hexagons)"),
    "beyond_reach": ("Vùng ngoài tầm vòi chữa cháy", "Pockets beyond hose reach"),
    "truck_access": ("Đường theo khả năng xe chữa cháy vào", "Roads by fire-truck access"),
    "deep_alleys": ("Ngõ sâu xe chữa cháy không vào được", "Deep alleys trucks cannot enter"),
    "gap_proposals": ("Tổ liên gia đề xuất", "Proposed safety groups"),
    "coverage": ("Hộ theo độ phủ chữa cháy", "Households by fire coverage"),
    "risk_premises": ("Cơ sở theo mức nguy cơ", "Premises by risk class"),
    "name": ("Tên", "Name"),
    "address": ("Địa chỉ", "Address"),
    "category": ("Loại hình", "Category"),
    "group": ("Tổ dân phố", "Residential group"),
    "kind": ("Loại đường", "Kind"),
    "width": ("Bề rộng", "Width"),
    "clearance": ("Chiều cao thông thủy", "Clearance"),
    "length": ("Chiều dài", "Length"),
    "access": ("Xe chữa cháy", "Fire truck"),
    "barrier": ("Vật cản", "Barrier"),
    "hose_max": ("Xa nhất từ điểm xe vào được", "Farthest from the truck network"),
    "hose": ("Khoảng cách vòi (từ điểm xe vào được)", "Hose distance"),
    "point": ("Đến điểm chữa cháy công cộng", "To a public point"),
    "water": ("Đến nguồn nước dùng được", "To usable water"),
    "in_group": ("Thuộc tổ liên gia", "In a safety group"),
    "proposed": ("Tổ liên gia đề xuất", "Proposed safety group"),
    "pocket": ("Vùng ngoài tầm vòi", "Beyond-reach pocket"),
    "score": ("Điểm nguy cơ", "Risk score"),
    "class": ("Mức nguy cơ", "Risk class"),
    "households": ("Số hộ", "Households"),
    "premises": ("Số cơ sở", "Premises"),
    "uncovered": ("Hộ chưa được bảo vệ", "Households not covered"),
    "beyond": ("Hộ ngoài tầm vòi", "Households beyond hose reach"),
    "high_risk": ("Cơ sở, hộ KD nguy cơ cao", "High-risk premises and businesses"),
    "risk_sum": ("Tổng điểm nguy cơ", "Sum of risk scores"),
    "road_length": ("Chiều dài đường ngoài tầm", "Road length beyond reach"),
    "depth": ("Độ sâu từ điểm xe vào được", "Depth from the truck network"),
    "reason": ("Lý do", "Reason"),
    "working_points": ("Điểm chữa cháy công cộng trên ngõ", "Working points in the alley"),
    "business": ("Hộ kinh doanh", "Business households"),
    "high_premises": ("Cơ sở nguy cơ cao trên đoạn ngõ", "High-risk premises along it"),
    "members": ("Các hộ", "Member households"),
    "near": ("gần nhất", "nearest"),
    "unreached": ("ngoài phạm vi tính", "beyond the computed range"),
}

# Household coverage states of the map (pipelines.network.layers.COVERAGE_STATES).
COVERAGE_STATE_LABELS: dict[str, Label] = {
    "hose": ("Trong tầm vòi từ xe chữa cháy", "Within hose reach of a fire truck"),
    "point": (
        "Ngoài tầm vòi, có điểm chữa cháy công cộng gần",
        "Beyond hose reach, public point nearby",
    ),
    "uncovered": (
        "Chưa được bảo vệ (ngoài tầm vòi, không có điểm gần)",
        "Not covered (beyond hose reach, no point nearby)",
    ),
    "off_network": ("Không gắn được vào mạng đường", "Not placed on the road network"),
}

# Legend of the proposed safety groups: plain, and with business households or high-risk
# premises along them.
PROPOSAL_LEGEND: dict[str, Label] = {
    "plain": ("Tổ liên gia đề xuất", "Proposed safety group"),
    "marked": (
        "Tổ đề xuất có hộ kinh doanh / cơ sở nguy cơ cao",
        "Proposal with business households / high-risk premises",
    ),
}

RISK_POINTS_UNIT: Label = ("điểm", "points")


# ------------------------------------------ pipelines.planning: planner, its map layers, printed map

DEMAND_KINDS: dict[str, Label] = {
    "household": ("Hộ gia đình", "Household"),
    "premises": ("Cơ sở", "Premises"),
}

RULE_KINDS: dict[str, Label] = {
    "deep_alley": (
        "Ngõ sâu xe chữa cháy không vào được",
        "Deep alley fire trucks cannot enter",
    ),
    "residential_group": ("Tổ dân phố", "Residential group"),
}

# Where a candidate site comes from: code → (id prefix, Vietnamese, English).
SITE_SOURCES: dict[str, tuple[str, str, str]] = {
    "generated": ("UV", "Vị trí ứng viên dọc ngõ", "Candidate site along an alley"),
    "repair": ("SC", "Điểm hiện có cần sửa chữa", "Existing point needing repair"),
    "file": ("TT", "Nhập từ tệp", "Imported from a file"),
    "map": ("BD", "Thêm trên bản đồ", "Added on the map"),
}

MODELS: dict[str, Label] = {
    "maximal": (
        "Phủ tối đa với số điểm cho trước",
        "Maximal covering with a given number of points",
    ),
    "cover": ("Ít điểm nhất để phủ toàn bộ", "Fewest points covering all"),
}

# Rows of the scenario comparison: key → (Vietnamese, English).
COMPARISON_ROWS: dict[str, Label] = {
    "points_added": ("Số điểm đặt mới", "New points"),
    "households_covered": ("Hộ được phủ", "Households covered"),
    "households_share": ("Tỷ lệ hộ được phủ", "Share of households covered"),
    "high_risk_premises_covered": ("Cơ sở nguy cơ cao được phủ", "High-risk premises covered"),
    "premises_covered": ("Cơ sở được phủ", "Premises covered"),
    "pockets_served": ("Vùng ngoài tầm vòi được phục vụ", "Beyond-reach pockets served"),
    "weight_share": ("Tỷ lệ nhu cầu có trọng số được phủ", "Weighted demand covered"),
    "rules_met": ("Quy tắc đạt", "Rules met"),
    "cost_vnd": ("Chi phí ước tính", "Estimated cost"),
}

# Outcome of a solve: code → (Vietnamese, English).
SOLVE_STATUS: dict[str, Label] = {
    "optimal": ("Tối ưu (đã chứng minh)", "Optimal (proven)"),
    "feasible": (
        "Có lời giải, chưa chứng minh tối ưu (hết thời gian)",
        "Feasible, optimum not proven (time limit)",
    ),
    "heuristic": ("Lời giải nhanh (tham lam)", "Quick (greedy) solution"),
    "infeasible": (
        "Không có lời giải thỏa mọi điều kiện",
        "No solution meets every condition",
    ),
    "no_solution": (
        "Chưa tìm được lời giải trong thời gian cho phép",
        "No solution found within the time limit",
    ),
}

# Demand states of the planner's map (pipelines.planning.layers.DEMAND_STATES).
DEMAND_STATE_LABELS: dict[str, Label] = {
    "covered_now": (
        "Hộ đã có điểm chữa cháy trong bán kính",
        "Household already within reach of a point",
    ),
    "newly": ("Hộ được phủ thêm nhờ đề xuất", "Household newly covered by the proposal"),
    "uncovered": ("Hộ chưa được phủ", "Household not covered"),
    "premises_covered": ("Cơ sở được phủ", "Premises covered"),
    "premises_uncovered": ("Cơ sở chưa được phủ", "Premises not covered"),
}

PLAN_MAP_LABELS: dict[str, Label] = {
    "demand": ("Hộ, cơ sở theo độ phủ", "Households and premises by coverage"),
    "existing": ("Điểm chữa cháy công cộng đang hoạt động", "Working public points"),
    "new": ("Điểm đề xuất", "Proposed points"),
    "candidates": ("Vị trí ứng viên", "Candidate sites"),
    "kind": ("Loại", "Kind"),
    "label": ("Địa chỉ / tên", "Address / name"),
    "group": ("Tổ dân phố", "Residential group"),
    "risk": ("Mức nguy cơ", "Risk class"),
    "weight": ("Trọng số nhu cầu", "Demand weight"),
    "id": ("Mã", "ID"),
    "road": ("Ngõ, đường", "Alley or road"),
    "address": ("Địa chỉ gần nhất", "Nearest address"),
    "households": ("Hộ trong bán kính", "Households within the radius"),
    "households_new": ("Hộ được phủ thêm", "Households newly covered"),
    "source": ("Nguồn vị trí", "Site source"),
    "name": ("Tên", "Name"),
}

# Everything written on the page: key → (Vietnamese, English).
PRINTMAP_TEXT: dict[str, Label] = {
    "title": ("Đề xuất vị trí điểm chữa cháy công cộng", "Proposed public firefighting points"),
    "boundary": ("Ranh giới phường", "Ward boundary"),
    "group": ("Ranh giới tổ dân phố", "Residential group boundary"),
    "water": ("Ao, hồ, sông", "Water body"),
    "building": ("Công trình", "Building"),
    "covered_now": (
        "Hộ đã có điểm chữa cháy trong bán kính",
        "Household already within reach of a point",
    ),
    "newly": ("Hộ được phủ thêm nhờ đề xuất", "Household newly covered by the proposal"),
    "uncovered": ("Hộ chưa được phủ", "Household not covered"),
    "high_risk": ("Cơ sở nguy cơ cao", "High-risk premises"),
    "existing": ("Điểm chữa cháy công cộng đang hoạt động", "Working public point"),
    "new": ("Điểm đề xuất mới (số thứ tự)", "Proposed new point (number)"),
    "north": ("B", "N"),
    "date": ("Ngày lập", "Date"),
    "radius": ("Bán kính phục vụ (đi bộ theo ngõ)", "Service radius (walking along alleys)"),
    "points": ("Điểm mới", "New points"),
    "households": ("Hộ được phủ", "Households covered"),
    "crs": ("Hệ tọa độ", "Coordinate system"),
    "synthetic": ("Dữ liệu mô phỏng", "Synthetic data"),
    "legend": ("Chú giải", "Legend"),
}


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
    "bridleway": ("Đường cho người cưỡi ngựa", "Bridleway"),
    "service=alley": ("Ngõ (service=alley)", "Alley (service=alley)"),
    "service=driveway": ("Lối vào nhà (service=driveway)", "Driveway (service=driveway)"),
    "service=parking_aisle": ("Lối trong bãi đỗ xe", "Parking aisle"),
    "other": ("Loại đường khác, chưa có trong bảng", "Any other class"),
}
# A category typed in a settings table that is no premises category.
SETTING_NOT_A_CATEGORY: Label = (
    "'{name}': '{text}' không phải loại hình cơ sở ({choices})",
    "'{name}': '{text}' is not a premises category ({choices})",
)
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


# --- network: pccc analyze output (pipelines.network.results) ---------------------------------

RESULTS_SHEET: Label = ("Kết quả phân tích", "Analysis results")


# --- maps: the filters in force, said in words (pipelines.maps.layers) -------------------------

MAP_FILTER_LABELS: dict[str, Label] = {
    "categories": ("Loại hình", "Category"),
    "groups": ("Tổ dân phố", "Residential group"),
    "statuses": ("Tình trạng", "Status"),
    "violations_only": ("Chỉ cơ sở có vi phạm", "Only premises with violations"),
    "none": ("Không lọc: mọi đối tượng", "No filter: every feature"),
    "theme": ("Chủ đề", "Theme"),
    "made": ("Lập ngày", "Made on"),
}


# --- ingest: starting a ward from public data (pipelines.ingest.start) ----------------------

# Layers a ward's first OSM file fills, in the order they are imported.
WARD_START_LAYERS: dict[str, Label] = {
    "roads": ("Đường, ngõ", "Roads and alleys"),
    "buildings": ("Nhà, công trình", "Buildings"),
    "water_bodies": ("Ao, hồ, sông", "Water bodies"),
    "water_sources": ("Nguồn nước chữa cháy", "Firefighting water sources"),
    "premises": ("Cơ sở (từ OSM, cần xác minh)", "Premises (from OSM, to be verified)"),
}
# Each page by its name in the dashboard's menu (dashboard/texts.py, page_*).
WARD_START_PAGES: dict[str, Label] = {
    "map": ("Bản đồ", "Map"),
    "water_access": ("Nguồn nước & giao thông", "Water & access"),
    "premises": ("Cơ sở nguy cơ", "Risk premises"),
    "planner": ("Quy hoạch điểm chữa cháy", "Point planner"),
    "overview": ("Tổng quan", "Overview"),
}
# What a page lacks (pipelines.reports.missing): "{layer}" is the layer's name, "{fills}" what
# importing it brings.
# A page's line in the summary after a ward is started (pipelines.reports.missing.page_lines).
PAGE_HAS: Label = ("có {layers}", "has {layers}")
PAGE_LACKS: Label = ("chưa có {layer} — nhập để {fills}", "no {layer} yet — import it to {fills}")
MISSING_LAYER: Label = (
    "Chưa có lớp {layer} — nhập tại trang Dữ liệu để {fills}.",
    "No {layer} layer yet — import it on the Data page to {fills}.",
)
LAYER_FILLS: dict[str, Label] = {
    "ward_boundary": (
        "khoanh vùng phường, tìm đường xe chữa cháy vào phường và kiểm tra tọa độ khi nhập",
        "outline the ward, find the roads fire trucks enter by and check coordinates on import",
    ),
    "roads": (
        "phân tích xe chữa cháy tiếp cận, ngõ sâu, độ phủ và quy hoạch điểm chữa cháy",
        "analyse truck access, deep alleys, coverage and plan firefighting points",
    ),
    "buildings": (
        "vẽ nhà trên bản đồ và ước tính số hộ khi chưa có danh sách hộ",
        "draw buildings and estimate households when there is no household list",
    ),
    "residential_groups": (
        "thống kê theo tổ dân phố và áp quy tắc số điểm tối thiểu mỗi tổ",
        "break figures down by residential group and apply the points-per-group rule",
    ),
    "premises": (
        "xếp hạng cơ sở nguy cơ và lập danh sách kiểm tra",
        "rank risk premises and list the next inspections",
    ),
    "households": (
        "tính số hộ được phủ, tổ liên gia và nhu cầu cho quy hoạch",
        "count households covered, safety groups and the planner's demand",
    ),
    "firefighting_points": (
        "tính độ phủ của các điểm chữa cháy công cộng hiện có",
        "measure the coverage of the existing public firefighting points",
    ),
    "water_sources": (
        "tính khoảng cách đến nguồn nước chữa cháy",
        "measure the distance to firefighting water",
    ),
}
# Placing addresses on the ward's roads (pipelines/ingest/geocode.py): the map legend entry.
ADDRESS_PLACED_LABEL: Label = (
    "Viền nét đứt: vị trí ước tính theo địa chỉ",
    "Dashed outline: position estimated from the address",
)

# --- Users and roles (issue 10, items 1–2: pipelines/model/users.py) ---
ROLE_LABELS: dict[str, Label] = {
    "viewer": ("Xem (không thấy dữ liệu cá nhân)", "Viewer (no personal data)"),
    "editor": ("Biên tập (thấy dữ liệu cá nhân)", "Editor (sees personal data)"),
    "admin": ("Quản trị (người dùng, cài đặt)", "Administrator (users, settings)"),
}

# ---------------------------------------------------------------- plan follow-up (issue 9, "plan")
# The table of [plan] indicators on Cài đặt, and the Tổng quan page's plan figures.
PLAN_TABLE_COLUMNS: dict[str, Label] = {
    "label": ("Chỉ tiêu", "Indicator"),
    "unit": ("Đơn vị", "Unit"),
    "target": ("Mục tiêu", "Target"),
    "deadline": ("Thời hạn", "Deadline"),
    "responsible": ("Đơn vị chủ trì", "Responsible"),
    "source": ("Nguồn", "Source"),
}
PLAN_NOT_A_UNIT: Label = (
    "'{name}': '{text}' không phải đơn vị chủ trì ({choices})",
    "'{name}': '{text}' is not a responsible unit ({choices})",
)
PLAN_NOT_A_DATE: Label = (
    "'{name}': thời hạn '{text}' không phải một ngày (viết dd/mm/yyyy)",
    "'{name}': deadline '{text}' is not a date (write yyyy-mm-dd)",
)
PLAN_COLUMNS: dict[str, Label] = {
    "indicator": ("Chỉ tiêu", "Indicator"),
    "value": ("Hiện tại", "Now"),
    "target": ("Mục tiêu", "Target"),
    "status": ("Tình hình", "Status"),
    "previous": ("Cùng kỳ năm trước", "Same period last year"),
    "change": ("Thay đổi", "Change"),
    "deadline": ("Thời hạn", "Deadline"),
    "responsible": ("Chủ trì", "Responsible"),
    "rank": ("Hạng", "Rank"),
    "group": ("Tổ dân phố", "Residential group"),
    "met": ("Đạt chỉ tiêu", "Targets met"),
    "lagging": ("Chậm", "Lagging"),
    "month": ("Tháng", "Month"),
}
# Short labels of the headline metrics (Tổng quan's first row; the full label is in the table).
PLAN_HEADLINE_LABELS: dict[str, Label] = {
    "high_risk_premises": ("Cơ sở nguy cơ cao", "High-risk premises"),
    "fires": ("Vụ cháy 12 tháng", "Fires, 12 months"),
    "households_in_groups": ("Hộ trong tổ liên gia", "Households in groups"),
    "points_working": ("Điểm CCCC hoạt động", "Public points working"),
    "violations_overdue": ("Vi phạm quá hạn", "Overdue violations"),
}
PLAN_STATUS: dict[str, Label] = {
    "on_track": ("Đạt", "On track"),
    "behind": ("Chưa đạt", "Behind"),
    "unknown": ("Chưa đủ dữ liệu", "Not enough data"),
    "lagging": ("Chậm", "Lagging"),
    "ok": ("", ""),
}

# Risk classes and own/surroundings split (helper "risk", issue 10 item 6).
ANALYSIS_TABLE_COLUMNS.update(
    {
        "risk_own": ("Điểm tại cơ sở", "Points from the premises"),
        "risk_surroundings": ("Điểm do xung quanh", "Points from the surroundings"),
    }
)
ANALYSIS_TABLE_COLUMNS.update(
    {
        "inspection_status": ("Tình trạng kiểm tra", "Inspection status"),
        "inspection_due": ("Hạn kiểm tra", "Inspection due"),
        "inspection_interval_months": ("Chu kỳ (tháng)", "Interval (months)"),
    }
)
INSPECTION_STATUS_LABELS: dict[str, Label] = {
    "never": ("Chưa từng kiểm tra", "Never inspected"),
    "overdue": ("Quá hạn kiểm tra", "Overdue"),
    "due_soon": ("Sắp đến hạn", "Due soon"),
    "scheduled": ("Chưa đến hạn", "Scheduled"),
}

# --- Audit trail (issue 10 item 4: pccc history, page Lịch sử thay đổi) ---
AUDIT_HOW: dict[str, Label] = {
    "import": ("Nhập dữ liệu", "Import"),
    "settings": ("Cài đặt", "Settings"),
    "restore": ("Khôi phục", "Restore"),
    "edit": ("Sửa trên bản đồ", "Edit"),
    "inspection": ("Kiểm tra cơ sở", "Inspection"),
}
AUDIT_LABELS: dict[str, Label] = {
    "created": ("tạo mới", "created"),
    "deleted": ("đã xoá", "deleted"),
    "settings": ("Cài đặt", "Settings"),
    "at": ("Thời điểm", "When"),
    "user": ("Người thực hiện", "User"),
    "how": ("Cách", "How"),
    "layer": ("Lớp", "Layer"),
    "feature_id": ("Mã đối tượng", "Feature id"),
    "field": ("Trường", "Field"),
    "old": ("Giá trị cũ", "Old value"),
    "new": ("Giá trị mới", "New value"),
    "none": ("Chưa có thay đổi nào được ghi.", "No change recorded."),
    "count": ("thay đổi", "changes"),
    "masked": ("(ẩn)", "(hidden)"),
}

# --- Inspections (helper "inspect", issue 10 item 6; the rest in labels_inspection.py) ---
ANALYSIS_TABLE_COLUMNS.update(
    {
        "officer": ("Cán bộ phụ trách", "Officer in charge"),
        "inspection_reason": ("Lý do", "Reason"),
    }
)
INSPECTION_REASON_LABELS: dict[str, Label] = {
    "periodic": ("Kiểm tra định kỳ", "Periodic"),
    "follow_up": ("Phúc tra vi phạm", "Follow-up of a violation"),
}

# --- Editing on the map (issue 10 items 3, 5: page Chỉnh sửa bản đồ, conflicts) ---
EDIT_LABELS: dict[str, Label] = {
    "geometry": ("Vị trí, hình dạng", "Position, shape"),
    "field": ("Trường", "Field"),
    "theirs": ("Bản đã lưu", "Saved version"),
    "mine": ("Bản của tôi", "My version"),
    "deleted": ("(đã xoá)", "(deleted)"),
    "line": ("Đường", "Line"),
    "area": ("Vùng", "Area"),
    "vertices": ("đỉnh", "vertices"),
    "latitude": ("vĩ độ", "latitude"),
    "longitude": ("kinh độ", "longitude"),
}
