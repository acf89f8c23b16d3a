"""Build the synthetic sample ward: a deterministic, realistic-looking urban ward of Bắc Giang.

Everything here is invented (``ward.toml`` says ``synthetic = true``); nothing describes a real
place, person or telephone number. The ward is laid out once as a *tile* in a local design
frame in metres (x east, y north, origin at the south-west corner of the built-up area):

1. A skeleton of main roads (đường) and streets (phố) from :data:`_SKELETON`, sites of large
   premises (:data:`_SITES`, the industrial cluster), a lake and ponds.
2. Alleys (ngõ) grown off the skeleton and sub-alleys (ngách) off the alleys. Each runs until
   it comes within two lot depths of another road, or near water, a site or the tile edge;
   some run through to the road they reach. Junctions are shared vertices and every road is
   cut into pieces at its junctions, so the pieces form a graph.
3. House lots along both sides of every road. The lots clear of roads, water, sites and each
   other become households and premises; runs of neighbouring households form tổ liên gia.

``scale = k`` lays ``k`` copies of the tile side by side (a grid of tiles whose main roads join
at the seams) under one ward boundary, with the river along the southern edge; geometry is
copied with numpy, attributes are drawn for all copies at once. The design frame is turned by
:data:`GRID_ROTATION_DEG`, placed in VN-2000 / TM-3 107°00' (EPSG:9214) around 21.27 N,
106.20 E, and stored in EPSG:4326. All randomness comes from one
``numpy.random.default_rng(seed)``: the same seed and scale give the same ward.
"""

from __future__ import annotations

import datetime as dt
import math
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from pipelines.model.errors import ValidationError
from pipelines.model.schema import DEFAULT_MANAGEMENT_LEVEL, LAYER_NAMES
from pipelines.model.settings import CostSection, Thresholds
from pipelines.model.store import config_path, gpkg_path, init_ward, write_layers
from pipelines.model.validate import conform_layer

DEFAULT_SEED = 2024
WARD_NAME = "Phường Mẫu (dữ liệu mô phỏng)"
WARD_SHORT = "phường Mẫu"
PROVINCE = "Bắc Ninh (trước 01/7/2025: Bắc Giang) — mô phỏng"
CRS_METRIC = "EPSG:9214"  # VN-2000 / TM-3 107°00', the Bắc Giang provincial zone
CENTRE_LON_LAT = (106.20, 21.27)  # centre of the ×1 ward
GRID_ROTATION_DEG = 8.0  # the street grid is turned this far anticlockwise from grid east
TILE_W_M = 1600.0
TILE_H_M = 1150.0
AS_OF = dt.date(2026, 11, 1)  # the sample's "today": inspections, deadlines and fires end here
FIRE_HISTORY_DAYS = 5 * 365 + 1
INCIDENTS_PER_TILE = 36
CLUSTER_NAME = "Cụm công nghiệp Phường Mẫu"


@dataclass(frozen=True)
class _Realism:
    """Numbers that make the sample look like a Bắc Giang ward (lengths in metres)."""

    lot_frontage_m: tuple[float, float] = (4.0, 6.0)  # tube houses (nhà ống)
    lot_depth_m: float = 11.0  # parallel roads keep two lot depths apart, plus half a carriageway
    lot_setback_past_edge_m: tuple[float, float] = (2.5, 5.0)  # house point behind the kerb
    lot_setback_min_m: float = 4.0
    lot_clear_of_roads_m: float = 2.0  # a house point is this far outside every carriageway
    lot_min_gap_m: float = 3.5
    lot_occupied_share: float = 0.8  # the rest: empty plots, shops, buildings under way
    tile_margin_m: float = 3.0
    tile_top_margin_m: float = 8.0  # the next tile's southern road runs along the top edge
    water_margin_m: float = 3.0
    site_margin_m: float = 2.0
    tdp_edge_margin_m: float = 0.5  # no feature sits on a tổ dân phố border
    alley_spacing_m: tuple[float, float] = (55.0, 110.0)
    alley_first_m: tuple[float, float] = (15.0, 45.0)
    alley_deep_share: float = 0.75
    alley_deep_m: tuple[float, float] = (60.0, 200.0)
    alley_short_m: tuple[float, float] = (25.0, 60.0)
    alley_min_m: float = 22.0
    bend_share: float = 0.5
    bend_after_m: tuple[float, float] = (30.0, 70.0)
    bend_deg: tuple[float, float] = (8.0, 18.0)
    jitter_deg: float = 5.0
    sub_spacing_m: tuple[float, float] = (25.0, 45.0)
    sub_first_m: tuple[float, float] = (25.0, 35.0)
    sub_depth_m: tuple[float, float] = (25.0, 110.0)
    sub_min_m: float = 15.0
    retry_step_m: float = 7.0  # move along the parent this far after a failed alley
    junction_gap_m: float = 14.0  # two junctions on one road are at least this far apart
    water_clear_m: float = 12.0
    site_clear_m: float = 6.0
    edge_clear_m: float = 12.0
    through_share: tuple[float, float] = (0.3, 0.15)  # ngõ, ngách that run through
    covered_alleys: int = 4
    covered_length_m: tuple[float, float] = (6.0, 15.0)
    covered_clearance_m: tuple[float, float] = (2.5, 3.8)
    hydrant_spacing_m: tuple[float, float] = (120.0, 150.0)  # TCVN 2622:1995 §10.9
    hydrant_past_kerb_m: float = 1.5  # ≤ 2.5 m from the kerb (TCVN 2622:1995)
    entry_road_m: float = 120.0  # entry roads run this far out of the built-up area
    boundary_offset_m: tuple[float, float] = (15.0, 70.0)
    boundary_step_m: tuple[float, float] = (120.0, 220.0)
    river_half_width_m: float = 42.0
    river_draw_off_step_m: float = 400.0
    river_truck_reach_m: float = 25.0  # bank this close to the road: a truck can pump from it
    pond_truck_reach_m: float = 20.0
    points_per_tile: int = 12
    point_spacing_m: float = 150.0
    point_min_alley_m: float = 60.0
    group_share: tuple[float, float] = (0.40, 0.22)  # of alley / street pieces with groups
    group_max_gap_m: float = 20.0
    footprint_gap_m: float = 0.5
    deep_alley_m: float = 40.0  # "deep in the alley", where boarding houses cluster
    business_share: tuple[float, float] = (0.30, 0.07)  # households on streets / in alleys
    linked_alarm_share: float = 0.4
    incomplete_kits: int = 3  # public points per tile missing one item of the kit
    incident_premises_share: float = 1 / 3


R = _Realism()

# --------------------------------------------------------------------------- the ward pattern

_KIND_WORD = {"duong": "Đường", "pho": "Phố", "ngo": "Ngõ", "ngach": "Ngách"}
_TRUCK_KINDS = ("duong", "pho")
_ALLEY_KINDS = ("ngo", "ngach")
_ALLEY_WIDTHS_M = {  # kind -> (widths, shares)
    "ngo": ((2.0, 2.2, 2.5, 2.8, 3.0, 3.2, 3.5), (0.1, 0.12, 0.18, 0.15, 0.17, 0.1, 0.18)),
    "ngach": ((1.2, 1.4, 1.5, 1.6, 1.8, 1.9), (0.12, 0.2, 0.22, 0.2, 0.16, 0.1)),
}


class _SkeletonRoad(NamedTuple):
    key: str
    kind: str
    base: str  # name without the kind word: "Hoàng Văn Thụ"
    width_m: float
    vertices: tuple[tuple[float, float], ...]  # every interior vertex is a junction
    child_sides: tuple[int, ...]  # sides that grow alleys: +1 left, -1 right of the direction
    hydrant_sides: tuple[int, ...]  # sides of the water main's hydrants (none: no main)


# Main roads cross the tile and join the next tile's at the seams (x = 0 | W, y = 0 | H).
# fmt: off
_SKELETON: tuple[_SkeletonRoad, ...] = (
    _SkeletonRoad("M0", "duong", "Lý Thường Kiệt", 7.5, ((0, 0), (240, 0), (720, 0), (1200, 0), (1600, 0)), (1,), (1,)),
    _SkeletonRoad("M1", "duong", "Hoàng Văn Thụ", 12.0, ((0, 600), (240, 600), (720, 600), (1200, 600), (1300, 600), (1460, 600), (1600, 600)), (1, -1), (1, -1)),
    _SkeletonRoad("M2", "duong", "Xương Giang", 10.0, ((720, 0), (720, 300), (720, 600), (720, 690), (720, 880), (720, 1080), (720, 1150)), (1, -1), (1, -1)),
    _SkeletonRoad("P1", "pho", "Ngô Gia Tự", 6.0, ((240, 0), (240, 300), (240, 600), (240, 690), (240, 1080)), (1, -1), (1, -1)),
    _SkeletonRoad("P2", "pho", "Nguyễn Văn Cừ", 5.0, ((1200, 0), (1200, 300), (1200, 600)), (1, -1), ()),
    _SkeletonRoad("P3", "pho", "Trần Phú", 5.5, ((240, 300), (720, 300), (1200, 300)), (1, -1), (1, -1)),
    _SkeletonRoad("P4", "pho", "Nguyễn Thị Minh Khai", 5.0, ((40, 1080), (240, 1080), (720, 1080)), (1, -1), ()),
    _SkeletonRoad("P5", "pho", "Giáp Hải", 4.5, ((720, 880), (1300, 880)), (1, -1), ()),
    _SkeletonRoad("P6", "pho", "Hoàng Hoa Thám", 4.0, ((1300, 600), (1300, 880), (1300, 1100)), (1,), ()),
    _SkeletonRoad("P7", "pho", "Nguyễn Du", 4.5, ((240, 690), (720, 690)), (-1,), ()),
    _SkeletonRoad("I1", "duong", "nội bộ " + CLUSTER_NAME, 8.0, ((1460, 600), (1460, 1100)), (), (1, -1)),
)
# fmt: on
# Ends of main roads that leave the ward where the tile is on the edge of the grid of tiles.
_ENTRY_ROADS = (("M0", "west"), ("M0", "east"), ("M1", "west"), ("M1", "east"), ("M2", "north"))


class _Site(NamedTuple):
    category: str
    name: str
    parcel: tuple[float, float, float, float]  # x0, y0, x1, y1 of the plot (kept free of houses)
    building: tuple[float, float, float, float]
    floors: tuple[int, int]
    occupants: tuple[int, int]
    front: str  # skeleton road the site faces
    front_side: int
    tank_xy: tuple[float, float] | None  # a fire-water tank on the site
    tank_m3: float
    tank_truck: bool  # a fire truck can pull up at the tank


# fmt: off
_SITES: tuple[_Site, ...] = (
    _Site("market", f"Chợ {WARD_SHORT}", (728, 608, 808, 672), (732, 612, 804, 668), (1, 2), (250, 400), "M1", 1, (770, 616), 60.0, True),
    _Site("apartment", "Chung cư Hoàng Văn Thụ, nhà A", (560, 520, 704, 592), (566, 560, 618, 586), (9, 12), (250, 450), "M1", -1, (628, 580), 80.0, True),
    _Site("apartment", "Chung cư Hoàng Văn Thụ, nhà B", (560, 520, 704, 592), (638, 560, 690, 586), (9, 12), (250, 450), "M1", -1, None, 0.0, False),
    _Site("apartment", "Khu tập thể Xương Giang, nhà C1", (728, 888, 812, 1000), (736, 900, 752, 990), (4, 5), (120, 200), "M2", -1, (766, 960), 40.0, False),
    _Site("apartment", "Khu tập thể Xương Giang, nhà C2", (728, 888, 812, 1000), (780, 900, 796, 990), (4, 5), (120, 200), "M2", -1, None, 0.0, False),
    _Site("office", f"UBND {WARD_SHORT}", (728, 306, 796, 360), (734, 330, 790, 354), (3, 3), (40, 60), "M2", -1, (780, 312), 20.0, True),
    _Site("office", f"Công an {WARD_SHORT}", (728, 364, 776, 400), (734, 368, 770, 394), (3, 4), (25, 40), "M2", -1, None, 0.0, False),
    _Site("healthcare", f"Trạm Y tế {WARD_SHORT}", (1206, 306, 1246, 340), (1210, 310, 1242, 330), (2, 2), (10, 15), "P3", 1, None, 0.0, False),
    _Site("school", "Trường Mầm non Hoa Sen", (250, 306, 300, 350), (254, 312, 296, 340), (2, 3), (150, 250), "P1", -1, None, 0.0, False),
    _Site("school", f"Trường THCS {WARD_SHORT}", (380, 306, 500, 396), (386, 330, 494, 352), (3, 4), (700, 900), "P3", 1, (440, 312), 50.0, True),
    _Site("school", f"Trường Tiểu học {WARD_SHORT}", (860, 6, 980, 90), (866, 40, 974, 62), (3, 3), (800, 1000), "M0", 1, (920, 14), 40.0, True),
    _Site("school", "Trường Mầm non Ánh Dương", (1000, 886, 1052, 930), (1006, 896, 1046, 922), (2, 2), (120, 200), "P5", 1, None, 0.0, False),
    _Site("fuel_gas", "Cửa hàng xăng dầu số 7", (70, 548, 116, 592), (76, 556, 110, 580), (1, 1), (5, 8), "M1", -1, None, 0.0, False),
    _Site("fuel_gas", "Cửa hàng xăng dầu Hoàng Văn Thụ", (1230, 608, 1276, 650), (1236, 616, 1270, 640), (1, 1), (5, 8), "M1", 1, None, 0.0, False),
    _Site("industrial", CLUSTER_NAME, (1320, 608, 1596, 1136), (1470, 612, 1506, 632), (2, 2), (900, 1500), "I1", -1, (1490, 640), 100.0, True),
)
# The cluster's plots: two columns along its internal road, eight plots each (south to north).
_CLUSTER_PLOT_X_M = ((1326.0, 1454.0), (1466.0, 1590.0))
_CLUSTER_PLOT_Y0_M, _CLUSTER_PLOT_STEP_M, _CLUSTER_PLOT_DEPTH_M = 640.0, 58.0, 52.0
_CLUSTER_PLOTS = (
    ("production", "warehouse", "production", "production", "warehouse", "production", "production", "warehouse"),
    ("production", "production", "warehouse", "production", "production", "warehouse", "production", "warehouse"),
)
_CLUSTER_PREMISES = {  # category -> floors, occupants, name pattern
    "production": ((1, 3), (40, 300), "factory"),
    "warehouse": ((1, 2), (5, 20), "cluster_warehouse"),
}
_CLUSTER_TANK = (1, 5, 80.0)  # a second tank: column, plot, m³ (plot B6)

# Tổ dân phố: rectangles of the tile, bordered by road centrelines (numbered from the south-west).
_TDP_CELLS_M = (
    (0, 0, 240, 600), (240, 0, 720, 300), (720, 0, 1200, 300), (1200, 0, 1600, 600),
    (240, 300, 720, 600), (720, 300, 1200, 600), (0, 600, 240, 1150), (240, 600, 720, 880),
    (720, 600, 1300, 880), (240, 880, 720, 1150), (720, 880, 1300, 1150), (1300, 600, 1600, 1150),
)
# fmt: on

_LAKE = ("Hồ Mẫu", (470.0, 800.0), (140.0, 80.0))  # name, centre, semi-axes
_PONDS_M = ((120.0, 430.0), (470.0, 470.0), (980.0, 170.0), (1010.0, 1010.0), (1440.0, 400.0))
_POND_RADIUS_M = (14.0, 24.0)
_LAKE_DRAW_OFFS = (((470.0, 712.0), True), ((470.0, 888.0), False))  # position, truck access
_LAKE_DEPTH_M, _POND_DEPTH_M = 1.8, 1.2


class _LotPremises(NamedTuple):
    category: str
    count: int
    placement: str  # key of _PLACEMENTS
    frontage_m: tuple[float, float]
    depth_m: tuple[float, float]
    floors: tuple[int, int]
    occupants: tuple[int, int]
    names: str  # key of _NAME_PATTERNS
    min_gap_m: float  # from the nearest premises of the same category


# placement -> (road kinds, minimum depth into the alleys in metres)
_PLACEMENTS = {
    "main": (("duong",), 0.0),
    "frontage": (_TRUCK_KINDS, 0.0),
    "street": (("pho",), 0.0),
    "alley": (_ALLEY_KINDS, 0.0),
    "alley_deep": (_ALLEY_KINDS, R.deep_alley_m),
    "any": (_TRUCK_KINDS + _ALLEY_KINDS, 0.0),
}
# Premises on house lots, per tile; the others stand on the sites and the cluster's plots.
# fmt: off
_LOT_PREMISES: tuple[_LotPremises, ...] = (
    _LotPremises("karaoke",        12, "frontage",   (8, 14),  (12, 14), (2, 5), (6, 20),  "karaoke",     60),
    _LotPremises("lodging",         8, "frontage",   (6, 12),  (12, 14), (3, 7), (4, 20),  "lodging",     60),
    _LotPremises("market",          1, "main",       (16, 22), (13, 14), (1, 2), (10, 25), "supermarket",  0),
    _LotPremises("fuel_gas",        2, "street",     (4, 6),   (10, 12), (1, 3), (2, 4),   "gas",        200),
    _LotPremises("healthcare",      2, "frontage",   (6, 10),  (12, 14), (2, 4), (5, 15),  "clinic",     100),
    _LotPremises("office",          2, "frontage",   (8, 12),  (12, 14), (2, 3), (8, 20),  "office",     100),
    _LotPremises("warehouse",       4, "frontage",   (8, 14),  (12, 14), (1, 2), (2, 6),   "warehouse",   60),
    _LotPremises("boarding_house", 36, "alley_deep", (8, 16),  (10, 13), (2, 4), (10, 50), "boarding",    30),
    _LotPremises("production",      9, "alley",      (6, 12),  (10, 13), (1, 2), (4, 25),  "workshop",    40),
    _LotPremises("school",          1, "alley",      (6, 10),  (10, 12), (2, 3), (20, 40), "nursery",      0),
    _LotPremises("shophouse",      70, "frontage",   (4, 8),   (10, 14), (2, 5), (3, 8),   "shop",         0),
    _LotPremises("shophouse",      20, "alley",      (4, 6),   (8, 12),  (2, 4), (3, 7),   "shop",         0),
    _LotPremises("other",          12, "any",        (6, 12),  (10, 13), (1, 3), (3, 20),  "other",       30),
)
# fmt: on


class _BarrierPlan(NamedTuple):
    kind: str
    count: int
    from_mouth_m: float  # first position tried, metres into the alley ...
    share_of_length: float  # ... or this share of its length, whichever is farther
    clearance_m: tuple[float, float] | None
    width_m: tuple[float, float] | None  # passable width (capped by the alley's width)
    closed_at_night: bool


# Per tile; one covered passage (nhà cầu) more stands on an alley with a low clearance.
_BARRIERS = (
    _BarrierPlan("gate", 3, 6.0, 0.0, None, (2.2, 3.0), True),
    _BarrierPlan("bollard", 2, 4.0, 0.0, None, (1.2, 1.6), False),
    _BarrierPlan("low_wires", 2, 0.0, 0.4, (3.0, 4.0), None, False),
)

# --------------------------------------------------------------------------- attribute profiles

_BUILDING_USE = {
    "karaoke": "commercial", "boarding_house": "residential", "lodging": "commercial",
    "market": "commercial", "shophouse": "commercial", "production": "industrial",
    "warehouse": "industrial", "industrial": "industrial", "fuel_gas": "commercial",
    "school": "public", "healthcare": "public", "office": "public", "apartment": "residential",
    "other": "other",
}  # fmt: skip
# category -> share with open violations, share with a construction/electrical violation
_VIOLATION_SHARE = {
    "karaoke": (0.35, 0.15), "boarding_house": (0.3, 0.15), "lodging": (0.2, 0.05),
    "market": (0.3, 0.1), "shophouse": (0.15, 0.08), "production": (0.3, 0.12),
    "warehouse": (0.25, 0.05), "industrial": (0.2, 0.0), "fuel_gas": (0.15, 0.0),
    "school": (0.1, 0.0), "healthcare": (0.1, 0.0), "office": (0.05, 0.0),
    "apartment": (0.3, 0.05), "other": (0.1, 0.05),
}  # fmt: skip
_NEVER_INSPECTED_SHARE = {
    "shophouse": 0.25,
    "boarding_house": 0.2,
    "other": 0.25,
    "production": 0.1,
}
_NEVER_INSPECTED_DEFAULT = 0.03
_INSPECTION_PASSED_SHARE = 0.55  # the rest of the premises without violations: passed with remarks
_REMEDY_DAYS = (30, 180)  # deadline after the inspection that found a violation
_VIOLATION_FOUND_DAYS = 365  # open violations were found within this many days
# Relative chance of a fire at premises of each category (others: _INCIDENT_WEIGHT_DEFAULT).
_INCIDENT_WEIGHT = {
    "karaoke": 3.0, "boarding_house": 3.0, "production": 3.0, "warehouse": 2.0,
    "shophouse": 2.0, "market": 2.0, "lodging": 2.0,
}  # fmt: skip
_INCIDENT_WEIGHT_DEFAULT = 0.5
_INDUSTRIAL = ("production", "warehouse", "industrial")  # fires here follow _CAUSES["premises"]
_MEMBERS_SHARE = (0.08, 0.15, 0.22, 0.25, 0.15, 0.09, 0.04, 0.02)  # households of 1..8 people
_DEATHS_SHARE = (0.95, 0.04, 0.01)
_INJURIES_SHARE = (0.72, 0.16, 0.08, 0.04)
_DAMAGE_MEDIAN_VND = {"household": 25e6, "premises": 150e6}
_DAMAGE_SIGMA, _DAMAGE_RANGE_VND = 1.1, (2e6, 5e9)
# Status mix of the public points of one tile: mostly working, some to service, one broken.
_POINT_STATUS = ("working",) * 9 + ("needs_service",) * 2 + ("out_of_service",)
_POINT_NOTES = {
    "working": None,
    "needs_service": "Bình bột sắp hết hạn, cần nạp lại",
    "out_of_service": "Tủ bị hỏng khóa, bình chữa cháy hết hạn; đã báo UBND phường",
}
_KIT_ITEMS = (  # field of the point -> item of [costs] kit in ward.toml
    ("extinguishers_powder", "extinguisher_powder_vnd"),
    ("extinguishers_co2", "extinguisher_co2_vnd"),
    ("crowbars", "crowbar_vnd"),
    ("hammers", "hammer_vnd"),
    ("cutters", "cutter_vnd"),
)
_SOURCE_STATUS = (("working", 85), ("needs_service", 10), ("out_of_service", 5))
_ALWAYS_WORKING = ("lake", "river", "tank")
_HYDRANT_FLOW_LPS, _WELL_FLOW_LPS = (10.0, 20.0), (1.5, 4.0)
_SOURCE_NOTES = {
    ("hydrant", "needs_service"): "Áp lực nước yếu, nắp trụ hoen gỉ",
    ("hydrant", "out_of_service"): "Trụ hỏng van, không lấy được nước",
    ("pond", "needs_service"): "Ao nhiều bèo, rác; mùa khô mực nước thấp",
    ("pond", "out_of_service"): "Ao bị san lấp một phần, không còn đủ nước",
    ("well", "needs_service"): "Máy bơm giếng cần bảo dưỡng",
    ("well", "out_of_service"): "Máy bơm giếng hỏng",
    ("river", "working"): "Trữ lượng lớn; mùa khô mực nước xuống thấp",
}
_BARRIER_NOTES = {
    "gate": "Cổng ngõ khóa ban đêm; chìa khóa do tổ trưởng tổ dân phố giữ",
    "bollard": "Cột chắn cố định đầu ngõ, chỉ xe máy đi qua được",
    "low_wires": "Dây điện, cáp viễn thông võng thấp qua ngõ",
    "passage": "Nhà cầu (lối đi có mái che) bắc qua ngõ",
}
_COVERED_NOTE = "Đoạn có nhà cầu (lối đi có mái che) bắc qua ngõ"
_ENTRY_NOTE = "Đường vào phường"

# --------------------------------------------------------------------------- names and texts

# fmt: off
_FAMILY = (
    ("Nguyễn", 31), ("Trần", 9), ("Lê", 8), ("Phạm", 6), ("Hoàng", 4), ("Vũ", 4), ("Thân", 4),
    ("Đỗ", 3), ("Bùi", 3), ("Ngô", 3), ("Giáp", 2), ("Đặng", 2), ("Dương", 2), ("Hà", 2),
    ("Đào", 2), ("Đinh", 2), ("Phan", 2), ("Lương", 1), ("Trịnh", 1), ("Lý", 1), ("Tạ", 1),
    ("Chu", 1), ("Mai", 1), ("Hồ", 1),
)  # weights: rough shares of Vietnamese family names, with Thân and Giáp of Bắc Giang
_MIDDLE = {
    "m": (("Văn", 6), ("Đức", 2), ("Minh", 2), ("Quang", 1), ("Hữu", 1), ("Xuân", 1), ("Thành", 1),
          ("Ngọc", 1), ("Công", 1), ("Mạnh", 1), ("Trọng", 1), ("Tuấn", 1)),
    "f": (("Thị", 8), ("Thu", 1), ("Ngọc", 1), ("Thanh", 1), ("Minh", 1), ("Hồng", 1), ("Phương", 1),
          ("Bích", 1), ("Kim", 1), ("Thùy", 1)),
}
_GIVEN = {
    "m": ("Hùng", "Dũng", "Tuấn", "Nam", "Long", "Hải", "Thắng", "Cường", "Trung", "Hiếu", "Sơn",
          "Phong", "Huy", "Khánh", "Tùng", "Quân", "Bình", "An", "Đạt", "Hoàng", "Việt", "Lâm",
          "Toàn", "Thịnh", "Hưng", "Kiên", "Lộc", "Phúc", "Tiến", "Vinh"),
    "f": ("Lan", "Hương", "Hoa", "Mai", "Hằng", "Nga", "Thủy", "Linh", "Trang", "Hà", "Huyền",
          "Thảo", "Yến", "Nhung", "Loan", "Oanh", "Phượng", "Dung", "Hạnh", "Vân", "Ngọc", "Thu",
          "Tâm", "Nhàn", "Liên", "Xuân", "Hiền", "Quyên", "Ánh", "Duyên"),
}
_WORDS = {
    "brand": ("Minh Anh", "Thành Đạt", "Phú Thịnh", "Hưng Thịnh", "An Phát", "Tuấn Hương",
              "Hòa Bình", "Đức Long", "Việt Hàn", "Hồng Phúc", "Thanh Tùng", "Ngọc Hà",
              "Phương Nam", "Bảo Ngọc", "Quang Minh", "Sông Thương", "Hoàng Long", "Bình An",
              "Phú Quý", "Thanh Bình"),
    "show": ("Hoàng Gia", "Ánh Sao", "Kim Cương", "Sông Thương", "Nice", "Luxury", "Thiên Đường",
             "Hương Xưa", "Paradise", "Sao Mai", "Bốn Mùa", "Diamond", "Thanh Xuân", "Mây Trắng"),
    "trade": ("Cửa hàng tạp hóa", "Cửa hàng điện máy", "Cửa hàng vật liệu xây dựng",
              "Cửa hàng đồ gỗ", "Cửa hàng sơn", "Cửa hàng xe máy", "Cửa hàng điện thoại", "Quán ăn",
              "Nhà hàng", "Cửa hàng thời trang", "Nhà thuốc", "Cửa hàng đồ gia dụng",
              "Cửa hàng vải", "Cửa hàng chăn ga gối đệm", "Cửa hàng đồ điện nước"),
    "workshop": ("Xưởng mộc", "Xưởng may", "Cơ sở sản xuất bao bì", "Cơ sở in", "Xưởng cơ khí",
                 "Cơ sở sản xuất đồ nhựa", "Xưởng sản xuất đệm mút", "Cơ sở làm bún, bánh"),
    "industry": ("May mặc", "Bao bì", "Cơ khí chính xác", "Điện tử", "Nhựa", "Chế biến gỗ",
                 "Giày da", "Thực phẩm", "In ấn", "Linh kiện ô tô"),
    "goods": ("vật liệu xây dựng", "hàng tiêu dùng", "phân bón", "giấy", "đồ nhựa", "sơn",
              "hàng may mặc", "điện máy"),
    "office": ("Bưu điện văn hóa phường", "Đội quản lý điện lực khu vực",
               "Phòng giao dịch ngân hàng"),
    "other": ("Nhà văn hóa khu dân cư", "Gara ô tô {brand}", "Chùa Phúc Lâm", "Nhà thờ họ {family}",
              "Cửa hàng sửa chữa xe máy {brand}", "Cơ sở rửa xe {brand}", "Quán cà phê {brand}",
              "Trung tâm ngoại ngữ {brand}", "Spa {brand}", "Tiệm cầm đồ {brand}"),
}
_NAME_PATTERNS = {
    "karaoke": ("Karaoke {show}",),
    "lodging": ("Nhà nghỉ {brand}", "Khách sạn {brand}", "Nhà nghỉ {given}"),
    "supermarket": ("Siêu thị mini {brand}",),
    "gas": ("Cửa hàng gas {brand}",),
    "clinic": ("Phòng khám đa khoa {brand}", "Phòng khám nha khoa {brand}"),
    "office": ("{office}",),
    "warehouse": ("Kho {goods} {brand}",),
    "boarding": ("Nhà trọ {given}", "Khu nhà trọ {given}", "Nhà trọ công nhân {given}"),
    "workshop": ("{workshop} {brand}",),
    "nursery": ("Nhóm trẻ tư thục {brand}",),
    "shop": ("{trade} {brand}",),
    "other": ("{other}",),
    "factory": ("Công ty TNHH {industry} {brand}",),
    "cluster_warehouse": ("Kho hàng Công ty CP {industry} {brand}",),
}
_BUSINESS_TYPES = (
    ("Tạp hóa", 18), ("Ăn uống", 14), ("Cà phê, giải khát", 10), ("Cắt tóc, gội đầu", 7),
    ("Sửa chữa xe máy", 7), ("May đo", 5), ("Quần áo, giày dép", 8), ("Điện thoại, điện tử", 5),
    ("Vật liệu xây dựng", 4), ("Thuốc tân dược", 3), ("Chế biến thực phẩm", 5), ("Bán gas", 2),
    ("In ấn, photocopy", 3), ("Đồ gỗ nội thất", 3), ("Sạc, sửa xe đạp điện", 3),
    ("Xưởng may gia đình", 3),
)
_HOUSEHOLD_NOTES = (  # note, share of households
    ("Ban công, cửa sổ bịt lồng sắt, không có lối thoát nạn thứ hai", 0.03),
    ("Người cao tuổi sống một mình", 0.02),
    ("Sạc xe đạp điện trong nhà qua đêm", 0.02),
)
_VIOLATION_NOTES = (
    "Bình chữa cháy hết hạn, chưa nạp lại",
    "Chưa trang bị đủ bình chữa cháy theo quy định",
    "Lối thoát nạn bị che chắn, để hàng hóa",
    "Cửa thoát nạn bị khóa trong giờ hoạt động",
    "Hệ thống báo cháy không hoạt động",
    "Chưa có phương án chữa cháy của cơ sở",
    "Chưa huấn luyện nghiệp vụ PCCC cho người lao động",
    "Đèn chiếu sáng sự cố, đèn chỉ dẫn thoát nạn hỏng",
    "Để hàng hóa dễ cháy sát bảng điện",
)
_CONSTRUCTION_ELECTRICAL_NOTES = (
    "Cơi nới thêm tầng không phép",
    "Xây dựng sai giấy phép, lấn chiếm lối đi chung",
    "Hệ thống điện tự lắp đặt, quá tải, không có thiết bị bảo vệ",
    "Dây điện đi nổi, đấu nối tạm, không có ống bảo vệ",
    "Vách ngăn bằng tấm xốp cách nhiệt dễ cháy",
)
_CAUSES = {  # cause weights at homes and shops; at workshops, warehouses and factories
    "household": (("electrical", 46), ("cooking", 14), ("worship", 10), ("gas", 5), ("vehicle", 12),
                  ("arson", 2), ("unknown", 7), ("other", 4)),
    "premises": (("electrical", 45), ("cooking", 6), ("worship", 4), ("gas", 5), ("vehicle", 6),
                 ("production", 20), ("arson", 2), ("unknown", 8), ("other", 4)),
}
_INCIDENT_TEXTS = {
    "electrical": ("Chập điện tại bảng điện tầng 1, cháy lan sang đồ đạc",
                   "Chập dây điện trên trần, cháy tầng áp mái",
                   "Sự cố ổ cắm khi sạc điện thoại, cháy phòng ngủ",
                   "Quá tải đường dây, cháy công tơ và hộp kỹ thuật điện"),
    "cooking": ("Quên tắt bếp gas khi đun nấu, cháy khu bếp", "Chảo dầu bén lửa, cháy tủ bếp"),
    "worship": ("Đốt vàng mã, tàn lửa bay vào đồ đạc", "Nến, hương trên ban thờ đổ, cháy ban thờ"),
    "gas": ("Rò rỉ khí gas, bắt lửa gây cháy khu bếp",),
    "vehicle": ("Sạc xe đạp điện qua đêm, cháy khu để xe tầng 1", "Xe máy điện phát nổ khi sạc"),
    "production": ("Tia lửa hàn bắn vào vật liệu dễ cháy", "Máy móc quá nhiệt, cháy kho nguyên liệu"),
    "arson": ("Mâu thuẫn cá nhân, đối tượng cố ý đốt nhà",),
    "unknown": ("Cháy lúc rạng sáng, chưa xác định nguyên nhân",),
    "other": ("Trẻ em nghịch lửa, cháy đồ đạc", "Đốt rác gần nhà, cháy lan sang kho"),
}
_INCIDENT_OUTCOMES = (
    "Người dân và lực lượng tại chỗ dập tắt.",
    "Cảnh sát PCCC&CNCH đến dập tắt sau {minutes} phút.",
    "Tổ liên gia dùng bình chữa cháy dập tắt trước khi lực lượng chức năng đến.",
    "Xe chữa cháy không vào được ngõ, phải triển khai vòi từ đầu ngõ, dập tắt sau {minutes} phút.",
)
# fmt: on

# --------------------------------------------------------------------------- geometry helpers

_XY = tuple[float, float]


def _rotate(v: np.ndarray, degrees: float) -> np.ndarray:
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    return np.array([c * v[0] - s * v[1], s * v[0] + c * v[1]])


def _left(tangent: np.ndarray) -> np.ndarray:
    """Unit normals to the left of unit tangents (``(n, 2)`` or ``(2,)``)."""
    return np.stack([-tangent[..., 1], tangent[..., 0]], axis=-1)


def _cumulative(coords: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(coords, axis=0).T))])


def _locate(coords: np.ndarray, cum: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return points and unit tangents at distances ``s`` along a polyline (vectorised)."""
    s = np.clip(np.asarray(s, dtype=float), 0.0, cum[-1])
    i = np.clip(np.searchsorted(cum, s, side="right") - 1, 0, len(cum) - 2)
    seg = coords[i + 1] - coords[i]
    seg_len = cum[i + 1] - cum[i]
    pts = coords[i] + seg * ((s - cum[i]) / seg_len)[..., None]
    return pts, seg / seg_len[..., None]


def _head(coords: np.ndarray, length_m: float) -> np.ndarray:
    """Return the first ``length_m`` metres of a polyline."""
    cum = _cumulative(coords)
    end, _ = _locate(coords, cum, length_m)
    return np.vstack([coords[cum < length_m], end[None, :]])


def _blob(
    centre: tuple[float, float], radii: tuple[float, float], rng: np.random.Generator
) -> shapely.Polygon:
    """Return an irregular ellipse: a natural-looking lake or pond."""
    angles = np.linspace(0.0, 2 * math.pi, 24, endpoint=False)
    wobble = 1.0 + rng.uniform(-0.07, 0.07, len(angles))
    x = centre[0] + radii[0] * wobble * np.cos(angles)
    y = centre[1] + radii[1] * wobble * np.sin(angles)
    return shapely.Polygon(np.column_stack([x, y]))


def _footprint(
    base: np.ndarray, along: np.ndarray, across: np.ndarray, frontage_m: float, d0: float, d1: float
) -> shapely.Polygon:
    """Rectangle ``frontage_m`` wide along a road, from ``d0`` to ``d1`` metres off its centreline."""
    half = along * frontage_m / 2
    ring = [base - half + across * d0, base + half + across * d0, base + half + across * d1]
    return shapely.Polygon([*ring, base - half + across * d1])


class _Rows:
    """Collect features one at a time and hand them out as columns."""

    def __init__(self, *names: str) -> None:
        self._columns: dict[str, list[Any]] = {name: [] for name in names}

    def add(self, **values: Any) -> None:
        if values.keys() != self._columns.keys():
            raise KeyError(f"expected the columns {list(self._columns)}, got {list(values)}")
        for name, value in values.items():
            self._columns[name].append(value)

    def __len__(self) -> int:
        return len(next(iter(self._columns.values())))

    def __getitem__(self, name: str) -> list[Any]:
        return self._columns[name]

    def array(self, name: str, dtype: Any = None) -> np.ndarray:
        values = self._columns[name]
        if dtype is object:
            out = np.empty(len(values), dtype=object)
            out[:] = values
            return out
        return np.array(values, dtype=dtype)


# --------------------------------------------------------------------------- the road network


@dataclass(eq=False)
class _Road:
    """One road of the tile as a polyline, before it is cut into pieces at its junctions."""

    kind: str
    width_m: float
    base: str  # street name that alleys and sub-alleys inherit
    coords: np.ndarray
    parent: int = -1
    mouth_s: float = 0.0  # position of the mouth along the parent
    mouth_side: int = 0
    depth0_m: float = 0.0  # distance along alleys from the street to this road's mouth
    child_sides: tuple[int, ...] = ()
    hydrant_sides: tuple[int, ...] = ()
    name: str = ""
    number: int = 0  # number of a ngõ or ngách: the house number at its mouth
    cuts: list[tuple[float, _XY]] = field(default_factory=list)  # junctions, section ends
    marks: list[tuple[float, _XY]] = field(default_factory=list)  # plain vertices (barriers)
    covered: tuple[float, float, float] | None = None  # s0, s1, clearance_m of a nhà cầu
    lot_ends: dict[int, np.ndarray] = field(default_factory=dict)  # side -> end of each lot

    def __post_init__(self) -> None:
        self.cum = _cumulative(self.coords)
        self.line = shapely.LineString(self.coords)

    @property
    def length_m(self) -> float:
        return float(self.cum[-1])

    @property
    def half_m(self) -> float:
        return self.width_m / 2.0

    def point(self, s: float) -> _XY:
        """The point at ``s``: an existing vertex when ``s`` falls on one, so it is shared exactly."""
        hit = np.flatnonzero(np.abs(self.cum - s) < 1e-9)
        if hit.size:
            return (float(self.coords[hit[0], 0]), float(self.coords[hit[0], 1]))
        p, _ = _locate(self.coords, self.cum, s)
        return (float(p[0]), float(p[1]))

    def normal(self, s: float, side: int) -> np.ndarray:
        _, tangent = _locate(self.coords, self.cum, s)
        return side * _left(tangent)

    def clear_of_cuts(self, s: float, gap_m: float) -> bool:
        """Whether ``s`` is at least ``gap_m`` from every cut and from both ends."""
        inside = gap_m <= s <= self.length_m - gap_m
        return inside and all(abs(s - c) >= gap_m for c, _ in self.cuts)

    def number_at(self, side: int, s: float) -> int:
        """House number on ``side`` at ``s``: odd on the left, even on the right."""
        ends = self.lot_ends.get(side, np.zeros(0))
        return 2 * int(np.searchsorted(ends, s)) + (1 if side == 1 else 2)


class _Network:
    """Roads of one tile, and the obstacles that a new alley must stay clear of."""

    def __init__(self) -> None:
        self.roads: list[_Road] = []
        self._geoms: list[shapely.Geometry] = []
        self._road_of: list[int] = []  # road index of each obstacle; -1 for others
        self._bounds = np.zeros((0, 4))

    def add_obstacle(self, geom: shapely.Geometry, road: int = -1) -> None:
        self._geoms.append(geom)
        self._road_of.append(road)
        self._bounds = np.vstack([self._bounds, shapely.bounds(geom)[None, :]])

    def add_road(self, road: _Road) -> int:
        self.roads.append(road)
        index = len(self.roads) - 1
        clear_m = road.half_m + 2 * R.lot_depth_m  # two rows of houses back to back
        self.add_obstacle(shapely.buffer(road.line, clear_m, quad_segs=4), index)
        return index

    def first_hit(self, line: shapely.LineString, exclude: Sequence[int]) -> tuple[float, int]:
        """Distance along ``line`` to the first obstacle, and the obstacle (``inf, -1``: none)."""
        x0, y0, x1, y1 = line.bounds
        b = self._bounds
        near = np.flatnonzero((b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0))
        best, which = math.inf, -1
        for i in near:
            if self._road_of[i] >= 0 and self._road_of[i] in exclude:
                continue
            inside = shapely.intersection(line, self._geoms[i])
            if inside.is_empty:
                continue
            entry = shapely.line_locate_point(line, shapely.points(shapely.get_coordinates(inside)))
            if entry.min() < best:
                best, which = float(entry.min()), int(i)
        return best, which

    def road_of(self, obstacle: int) -> int:
        return self._road_of[obstacle] if obstacle >= 0 else -1

    def lines(self) -> tuple[np.ndarray, np.ndarray]:
        """Every road line and its half width in metres."""
        return np.array([r.line for r in self.roads]), np.array([r.half_m for r in self.roads])


def _build_skeleton(net: _Network) -> dict[str, int]:
    """Add the main roads and streets; return their indices by key."""
    keys = {}
    for row in _SKELETON:
        coords = np.array(row.vertices, dtype=float)
        road = _Road(
            row.kind,
            row.width_m,
            row.base,
            coords,
            child_sides=row.child_sides,
            hydrant_sides=row.hydrant_sides,
        )
        road.cuts += [
            (float(road.cum[k]), road.point(road.cum[k])) for k in range(1, len(coords) - 1)
        ]
        keys[row.key] = net.add_road(road)
    return keys


def _grow(
    net: _Network,
    parent_index: int,
    s: float,
    side: int,
    kind: str,
    target_m: float,
    rng: np.random.Generator,
) -> bool:
    """Grow one alley of ``kind`` off a road at ``s``; return whether it was kept."""
    parent = net.roads[parent_index]
    start = np.array(parent.point(s))
    heading = _rotate(parent.normal(s, side), rng.uniform(-1, 1) * R.jitter_deg)
    bend = rng.random() < R.bend_share
    bend_at = rng.uniform(*R.bend_after_m)
    turn = rng.choice([-1.0, 1.0]) * rng.uniform(*R.bend_deg)
    widths, shares = _ALLEY_WIDTHS_M[kind]
    width = float(rng.choice(widths, p=shares))
    through = rng.random() < R.through_share[_ALLEY_KINDS.index(kind)]
    if bend and target_m > bend_at + 20.0:
        knee = start + heading * bend_at
        coords = np.vstack([start, knee, knee + _rotate(heading, turn) * (target_m - bend_at)])
    else:
        coords = np.vstack([start, start + heading * target_m])
    line = shapely.LineString(coords)
    hit_m, obstacle = net.first_hit(line, [parent_index])
    joined = None
    if math.isfinite(hit_m):
        joined = _join_through(net, parent_index, coords, line, obstacle) if through else None
        coords = joined[0] if joined else _head(coords, hit_m - 1.0)
    if _cumulative(coords)[-1] < (R.alley_min_m if kind == "ngo" else R.sub_min_m):
        return False
    parent.cuts.append((s, (float(start[0]), float(start[1]))))
    if joined:
        net.roads[joined[1]].cuts.append(joined[2])
    net.add_road(
        _Road(
            kind,
            width,
            parent.base,
            coords,
            parent=parent_index,
            mouth_s=s,
            mouth_side=side,
            depth0_m=0.0 if parent.kind in _TRUCK_KINDS else parent.depth0_m + s,
            child_sides=(1, -1) if kind == "ngo" else (),
        )
    )
    return True


def _join_through(
    net: _Network, parent_index: int, coords: np.ndarray, line: shapely.LineString, obstacle: int
) -> tuple[np.ndarray, int, tuple[float, _XY]] | None:
    """Run an alley on to the road it meets, when the way there is clear (a through alley).

    Return the alley's vertices, the road it joins and the junction (position, point) on it.
    """
    target_index = net.road_of(obstacle)
    if target_index < 0 or net.roads[target_index].kind == "ngach":
        return None
    target = net.roads[target_index]
    cross = shapely.intersection(line, target.line)
    if cross.is_empty:
        return None
    d = float(shapely.line_locate_point(line, shapely.points(shapely.get_coordinates(cross))).min())
    s = float(target.line.project(shapely.Point(line.interpolate(d))))
    if not target.clear_of_cuts(s, R.junction_gap_m):
        return None
    end = target.point(s)
    head = _head(coords, d)
    head[-1] = end
    hit_m, _ = net.first_hit(shapely.LineString(head), [parent_index, target_index])
    return None if math.isfinite(hit_m) else (head, target_index, (s, end))


def _grow_children(
    net: _Network, parents: Sequence[int], kind: str, rng: np.random.Generator
) -> None:
    """Grow alleys (``ngo``) or sub-alleys (``ngach``) along both sides of ``parents``."""
    spacing, first = (
        (R.alley_spacing_m, R.alley_first_m) if kind == "ngo" else (R.sub_spacing_m, R.sub_first_m)
    )
    for index in parents:
        parent = net.roads[index]
        for side in parent.child_sides:
            s = rng.uniform(*first)
            while s < parent.length_m - R.junction_gap_m:
                if not parent.clear_of_cuts(s, R.junction_gap_m):
                    s += R.retry_step_m
                    continue
                if kind == "ngo":
                    deep = rng.random() < R.alley_deep_share
                    target = rng.uniform(*(R.alley_deep_m if deep else R.alley_short_m))
                else:
                    target = rng.uniform(*R.sub_depth_m)
                kept = _grow(net, index, s, side, kind, target, rng)
                s += rng.uniform(*spacing) if kept else R.retry_step_m


def _name_roads(net: _Network) -> None:
    """Name every road; a ngõ or ngách takes the house number at its mouth."""
    for road in net.roads:
        if road.parent < 0:
            road.name = f"{_KIND_WORD[road.kind]} {road.base}"
            continue
        parent = net.roads[road.parent]
        road.number = parent.number_at(road.mouth_side, road.mouth_s)
        number = f"{road.number}/{parent.number}" if road.kind == "ngach" else str(road.number)
        road.name = f"{_KIND_WORD[road.kind]} {number} {road.base}"


def _in_address(name: str) -> str:
    """A road name as it reads inside an address: "ngõ 45 Hoàng Văn Thụ"."""
    return name[0].lower() + name[1:]


def _cover_some_alleys(net: _Network, rng: np.random.Generator) -> list[int]:
    """Give a few alleys a covered section (nhà cầu) with a low clearance; return them."""
    alleys = [i for i, r in enumerate(net.roads) if r.kind == "ngo" and r.length_m >= 40]
    chosen: list[int] = []
    for i in map(int, rng.permutation(alleys)):
        road = net.roads[i]
        length = rng.uniform(*R.covered_length_m)
        s0 = rng.uniform(8.0, road.length_m - length - 8.0)
        if any(s0 - 4.0 <= c <= s0 + length + 4.0 for c, _ in road.cuts):
            continue
        road.covered = (s0, s0 + length, round(float(rng.uniform(*R.covered_clearance_m)), 1))
        road.cuts += [(s0, road.point(s0)), (s0 + length, road.point(s0 + length))]
        chosen.append(i)
        if len(chosen) == R.covered_alleys:
            break
    return chosen


def _split_roads(net: _Network) -> _Rows:
    """Cut every road at its cuts into pieces; vertices at the same point are merged."""
    pieces = _Rows("geometry", "road", "s0", "s1", "clearance_m")
    for index, road in enumerate(net.roads):
        vertices: dict[_XY, list] = {}  # point -> [s, is_cut]; insertion-ordered
        for k in range(len(road.coords)):
            vertices.setdefault(road.point(road.cum[k]), [float(road.cum[k]), False])
        for s, pt in road.marks:
            vertices.setdefault(pt, [s, False])
        for s, pt in road.cuts:
            vertices.setdefault(pt, [s, False])[1] = True
        ordered = sorted(
            ((s, pt, is_cut) for pt, (s, is_cut) in vertices.items()), key=lambda v: v[0]
        )
        piece = [ordered[0]]
        for k, vertex in enumerate(ordered[1:], start=1):
            piece.append(vertex)
            if (vertex[2] and k < len(ordered) - 1) or k == len(ordered) - 1:
                s0, s1 = piece[0][0], piece[-1][0]
                covered = road.covered
                inside = (
                    covered is not None and covered[0] - 1e-6 <= (s0 + s1) / 2 <= covered[1] + 1e-6
                )
                pieces.add(
                    geometry=shapely.LineString([pt for _, pt, _ in piece]),
                    road=index,
                    s0=s0,
                    s1=s1,
                    clearance_m=covered[2] if inside else math.nan,
                )
                piece = [vertex]
    return pieces


# --------------------------------------------------------------------------- the tile


@dataclass(frozen=True)
class _Tile:
    """One copy of the ward pattern in the design frame (metres), as columns per layer."""

    roads: dict[str, np.ndarray]
    households: dict[str, np.ndarray]
    groups: dict[str, np.ndarray]
    premises: dict[str, np.ndarray]
    points: dict[str, np.ndarray]
    water_sources: dict[str, np.ndarray]
    water_bodies: dict[str, np.ndarray]
    barriers: dict[str, np.ndarray]
    entries: dict[str, np.ndarray]  # ends of main roads that may leave the ward


def _tdp_of(xy: np.ndarray) -> np.ndarray:
    """Index of the tổ dân phố cell holding each point; -1 on or near a border."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    out = np.full(len(xy), -1)
    m = R.tdp_edge_margin_m
    for k, (x0, y0, x1, y1) in enumerate(_TDP_CELLS_M):
        x, y = xy[:, 0], xy[:, 1]
        out[(x > x0 + m) & (x < x1 - m) & (y > y0 + m) & (y < y1 - m)] = k
    return out


def _lots(net: _Network, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Lay house lots along both sides of every road (not yet filtered) and number them."""
    parts = _Rows("xy", "road", "side", "s", "number", "base", "across", "along")
    for index, road in enumerate(net.roads):
        start = R.tile_margin_m if road.parent < 0 else net.roads[road.parent].half_m + 2.0
        for side in (1, -1):
            n = int((road.length_m - start) / R.lot_frontage_m[0]) + 2
            frontage = rng.uniform(*R.lot_frontage_m, n)
            past_kerb = rng.uniform(*R.lot_setback_past_edge_m, n)
            ends = start + np.cumsum(frontage)
            keep = ends <= road.length_m - 1.0
            road.lot_ends[side] = ends[keep]
            s = ends[keep] - frontage[keep] / 2
            setback = np.maximum(road.half_m + past_kerb[keep], R.lot_setback_min_m)
            base, tangent = _locate(road.coords, road.cum, s)
            across = side * _left(tangent)
            parts.add(
                xy=base + across * setback[:, None],
                road=np.full(len(s), index),
                side=np.full(len(s), side),
                s=s,
                number=2 * np.arange(len(s)) + (1 if side == 1 else 2),
                base=base,
                across=across,
                along=tangent,
            )
    return {
        name: np.concatenate(parts[name])
        for name in ("xy", "road", "side", "s", "number", "base", "across", "along")
    }


def _free_lots(
    lots: dict[str, np.ndarray], net: _Network, blocked: shapely.Geometry, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Return the lots that hold a house, and the usable lots left empty (for premises)."""
    xy = lots["xy"]
    ok = (
        (xy[:, 0] > R.tile_margin_m)
        & (xy[:, 0] < TILE_W_M - R.tile_margin_m)
        & (xy[:, 1] > R.tile_margin_m)
        & (xy[:, 1] < TILE_H_M - R.tile_top_margin_m)
        & ~shapely.contains_xy(blocked, xy[:, 0], xy[:, 1])
        & (_tdp_of(xy) >= 0)
    )
    points = shapely.points(xy)
    lines, half = net.lines()
    own = shapely.distance(points, lines[lots["road"]])
    reach = float(half.max()) + R.lot_setback_past_edge_m[1] + 1.0
    pi, ri = shapely.STRtree(lines).query(points, predicate="dwithin", distance=reach)
    d = shapely.distance(points[pi], lines[ri])
    on_road = d < half[ri] + R.lot_clear_of_roads_m
    nearer = (ri != lots["road"][pi]) & (d <= own[pi] + 0.5)  # the house would face that road
    ok[pi[on_road | nearer]] = False
    keep = np.flatnonzero(ok)
    a, b = shapely.STRtree(points[keep]).query(
        points[keep], predicate="dwithin", distance=R.lot_min_gap_m
    )
    keep = np.delete(keep, np.unique(b[b > a]))  # of two crowded lots, drop the later one
    occupied = rng.random(len(keep)) < R.lot_occupied_share
    return keep[occupied], keep[~occupied]


def _lot_premises(
    lots: dict[str, np.ndarray],
    usable: np.ndarray,
    net: _Network,
    blocked: shapely.Geometry,
    rng: np.random.Generator,
) -> tuple[_Rows, np.ndarray]:
    """Put the premises of :data:`_LOT_PREMISES` on lots; return them and the lots they cover."""
    kinds = np.array([net.roads[r].kind for r in lots["road"]])
    depth = np.array([net.roads[r].depth0_m for r in lots["road"]]) + lots["s"]
    available = np.zeros(len(kinds), bool)
    available[usable] = True
    lines, half = net.lines()
    tree = shapely.STRtree(lines)
    placed = _Rows("xy", "category", "names", "floors", "occupants", "footprint", "address")
    for row in _LOT_PREMISES:
        road_kinds, min_depth = _PLACEMENTS[row.placement]
        candidates = np.flatnonzero(available & np.isin(kinds, road_kinds) & (depth >= min_depth))
        count = 0
        for lot in map(int, rng.permutation(candidates)):
            if count == row.count:
                break
            xy = lots["xy"][lot]
            same = [
                p
                for p, c in zip(placed["xy"], placed["category"], strict=True)
                if c == row.category
            ]
            if not available[lot] or (
                same and np.hypot(*(np.array(same) - xy).T).min() < row.min_gap_m
            ):
                continue
            road_index = int(lots["road"][lot])
            road = net.roads[road_index]
            front_m = road.half_m + 0.5
            depth_m = rng.uniform(*row.depth_m)
            frontage_m = rng.uniform(*row.frontage_m)
            poly = _footprint(
                lots["base"][lot],
                lots["along"][lot],
                lots["across"][lot],
                frontage_m,
                front_m,
                front_m + depth_m,
            )
            near = tree.query(poly, predicate="dwithin", distance=float(half.max()) + 0.3)
            near = near[near != road_index]
            x0, y0, x1, y1 = poly.bounds
            if (
                np.any(shapely.distance(poly, lines[near]) < half[near] + 0.3)
                or shapely.intersects(poly, blocked)
                or any(shapely.distance(poly, f) < R.footprint_gap_m for f in placed["footprint"])
                or min(x0, y0) < R.tile_margin_m
                or x1 > TILE_W_M - R.tile_margin_m
                or y1 > TILE_H_M - R.tile_top_margin_m
            ):
                continue
            available[shapely.contains_xy(shapely.buffer(poly, 1.0), *lots["xy"].T)] = False
            available[lot] = False
            side, s = int(lots["side"][lot]), float(lots["s"][lot])
            placed.add(
                xy=xy,
                category=row.category,
                names=row.names,
                floors=row.floors,
                occupants=row.occupants,
                footprint=poly,
                address=f"Số {road.number_at(side, s)}, {_in_address(road.name)}",
            )
            count += 1
    return placed, np.flatnonzero(~available)


def _site_premises(net: _Network, keys: dict[str, int]) -> _Rows:
    """Premises on the designed sites and in the industrial cluster's plots."""
    placed = _Rows("xy", "category", "name", "names", "floors", "occupants", "footprint", "address")
    for site in _SITES:
        road = net.roads[keys[site.front]]
        building = shapely.box(*site.building)
        centre = np.array(building.centroid.coords[0])
        s = float(road.line.project(building.centroid))
        toward = np.array(road.point(s)) - centre
        inset = (
            min(site.building[2] - site.building[0], site.building[3] - site.building[1]) / 2 - 2.0
        )
        placed.add(
            xy=centre + toward / np.linalg.norm(toward) * inset,  # inside, by the front wall
            category=site.category,
            name=site.name,
            names="",
            floors=site.floors,
            occupants=site.occupants,
            footprint=building,
            address=f"Số {road.number_at(site.front_side, s)}, {_in_address(road.name)}",
        )
    for column, (x0, x1) in enumerate(_CLUSTER_PLOT_X_M):
        for row, category in enumerate(_CLUSTER_PLOTS[column]):
            y0 = _CLUSTER_PLOT_Y0_M + row * _CLUSTER_PLOT_STEP_M
            building = (x0 + 5.0, y0 + 5.0, x1 - 5.0, y0 + _CLUSTER_PLOT_DEPTH_M - 5.0)
            floors, occupants, names = _CLUSTER_PREMISES[category]
            facing_x = building[2] - 3.0 if column == 0 else building[0] + 3.0
            placed.add(
                xy=np.array([facing_x, (building[1] + building[3]) / 2]),
                category=category,
                name="",
                names=names,
                floors=floors,
                occupants=occupants,
                footprint=shapely.box(*building),
                address=f"Lô {'AB'[column]}{row + 1}, {CLUSTER_NAME}",
            )
    return placed


def _group_sizes(n: int, rng: np.random.Generator) -> list[int]:
    """Split a run of ``n`` neighbouring houses into tổ liên gia of the allowed sizes."""
    t = Thresholds()
    low, high = t.safety_group_min_households, t.safety_group_max_households
    sizes: list[int] = []
    while n >= low:
        size = n if n <= high else int(rng.integers(low, min(high, n - low) + 1))
        sizes.append(size)
        n -= size
    return sizes


def _safety_groups(
    lots: dict[str, np.ndarray],
    houses: np.ndarray,
    tdp: np.ndarray,
    net: _Network,
    pieces: _Rows,
    rng: np.random.Generator,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Form tổ liên gia of neighbouring houses on one road piece; return membership and groups.

    Neighbours are consecutive houses on both sides of an alley piece, or on one side of a
    street piece, in one tổ dân phố, with no gap wider than ``group_max_gap_m``. Membership is
    each house's group index (-1: none).
    """
    road, s = lots["road"][houses], lots["s"][houses]
    scale = 1.0 / (max(r.length_m for r in net.roads) + 1.0)  # pieces sort by road, then position
    piece_key = pieces.array("road") + pieces.array("s0") * scale
    piece = np.searchsorted(piece_key, road + s * scale, side="right") - 1
    alley = np.isin([net.roads[r].kind for r in road], _ALLEY_KINDS)
    side = np.where(alley, 0, lots["side"][houses])
    order = np.lexsort((s, tdp, side, piece))
    key = np.column_stack([piece, side, tdp])[order]
    runs = np.split(order, np.flatnonzero(np.any(np.diff(key, axis=0) != 0, axis=1)) + 1)
    member = np.full(len(houses), -1)
    groups = _Rows("road", "tdp", "first")
    for run in runs:
        if rng.random() >= R.group_share[0 if alley[run[0]] else 1]:
            continue
        for chunk in np.split(run, np.flatnonzero(np.diff(s[run]) > R.group_max_gap_m) + 1):
            start = 0
            for size in _group_sizes(len(chunk), rng):
                members = chunk[start : start + size]
                member[members] = len(groups)
                groups.add(
                    road=int(road[members[0]]), tdp=int(tdp[members[0]]), first=int(members[0])
                )
                start += size
    return member, {name: groups.array(name, int) for name in ("road", "tdp", "first")}


def _firefighting_points(net: _Network, rng: np.random.Generator) -> _Rows:
    """Public firefighting points, part-way into deep alleys a fire truck cannot enter."""
    limit = Thresholds().truck_min_width_m
    eligible = [
        i
        for i, r in enumerate(net.roads)
        if r.kind == "ngo" and r.width_m < limit and r.length_m >= R.point_min_alley_m
    ]
    points = _Rows("xy", "road")
    for i in map(int, rng.permutation(eligible)):
        road = net.roads[i]
        s = road.length_m * rng.uniform(0.35, 0.6)
        xy = np.array(road.point(s)) + road.normal(s, 1) * (road.half_m + 0.4)  # on the wall
        far = (
            not len(points) or np.hypot(*(np.array(points["xy"]) - xy).T).min() >= R.point_spacing_m
        )
        if road.clear_of_cuts(s, 8.0) and _tdp_of(xy)[0] >= 0 and far:
            points.add(xy=xy, road=i)
        if len(points) == R.points_per_tile:
            break
    return points


def _hydrants(net: _Network, rng: np.random.Generator, sources: _Rows) -> None:
    """Hydrants every 120–150 m along roads with a water main, clear of alley mouths."""
    lines, half = net.lines()
    for index, road in enumerate(net.roads):
        if not road.hydrant_sides:
            continue
        offset = road.half_m + R.hydrant_past_kerb_m
        s = rng.uniform(20.0, 60.0)
        while s < road.length_m - 10.0:
            side = int(rng.choice(road.hydrant_sides))
            for at in np.minimum(s + np.arange(0.0, 40.0, 5.0), road.length_m - 5.0):
                xy = np.array(road.point(at)) + road.normal(at, side) * offset
                d = shapely.distance(shapely.Point(xy), lines)
                d[index] = math.inf
                if np.all(d > np.maximum(half, offset) + 1.0):
                    address = f"Trước số {road.number_at(side, at)}, {_in_address(road.name)}"
                    sources.add(
                        xy=xy,
                        kind="hydrant",
                        name="",
                        address=address,
                        capacity_m3=math.nan,
                        truck=True,
                    )
                    break
            s += rng.uniform(*R.hydrant_spacing_m)


def _hhmm(hours: float) -> str:
    return f"{int(hours):02d}:{round(hours % 1 * 60):02d}"


def _barriers(net: _Network, covered: list[int], rng: np.random.Generator) -> _Rows:
    """Barriers of :data:`_BARRIERS` and a covered passage, as vertices of alley lines."""
    t = Thresholds()
    night = (_hhmm(t.night_from_hour), _hhmm(t.night_to_hour))
    barriers = _Rows("xy", "kind", "clearance_m", "width_m", "closed_from", "closed_to")

    def put(road: _Road, s: float, kind: str, clearance: float, width: float, times: tuple) -> None:
        pt = road.point(s)
        road.marks.append((s, pt))
        barriers.add(
            xy=pt,
            kind=kind,
            clearance_m=clearance,
            width_m=width,
            closed_from=times[0],
            closed_to=times[1],
        )

    alleys = [
        i
        for i, r in enumerate(net.roads)
        if r.kind == "ngo" and r.length_m >= 40 and i not in covered
    ]
    picks = iter(map(int, rng.permutation(alleys)))
    for plan in _BARRIERS:
        for _ in range(plan.count):
            road = net.roads[next(picks)]
            start = max(plan.from_mouth_m, plan.share_of_length * road.length_m)
            s = next(
                x for x in np.arange(start, road.length_m - 3.0, 1.0) if road.clear_of_cuts(x, 3.0)
            )
            clearance = round(rng.uniform(*plan.clearance_m), 1) if plan.clearance_m else math.nan
            width = (
                round(min(road.width_m, rng.uniform(*plan.width_m)), 1)
                if plan.width_m
                else math.nan
            )
            put(
                road,
                float(s),
                plan.kind,
                clearance,
                width,
                night if plan.closed_at_night else (None, None),
            )
    road = net.roads[covered[0]]
    s0, s1, clearance = road.covered  # type: ignore[misc]
    put(road, (s0 + s1) / 2, "passage", clearance, math.nan, (None, None))
    return barriers


def _water_sources(
    net: _Network, lake: shapely.Polygon, ponds: list[shapely.Polygon], rng: np.random.Generator
) -> _Rows:
    """Hydrants, tanks on sites, draw-off points at the lake and ponds, and wells."""
    sources = _Rows("xy", "kind", "name", "address", "capacity_m3", "truck")
    _hydrants(net, rng, sources)
    for site in _SITES:
        if site.tank_xy is not None:
            name = f"Bể nước chữa cháy {site.name}"
            sources.add(
                xy=site.tank_xy,
                kind="tank",
                name=name,
                address=site.name,
                capacity_m3=site.tank_m3,
                truck=site.tank_truck,
            )
    column, plot, tank_m3 = _CLUSTER_TANK
    xy = (
        _CLUSTER_PLOT_X_M[column][0] + 3.0,
        _CLUSTER_PLOT_Y0_M + plot * _CLUSTER_PLOT_STEP_M + 3.0,
    )
    name = f"Bể nước chữa cháy lô {'AB'[column]}{plot + 1}, {CLUSTER_NAME}"
    sources.add(
        xy=xy, kind="tank", name=name, address=CLUSTER_NAME, capacity_m3=tank_m3, truck=True
    )
    lake_m3 = round(lake.area * _LAKE_DEPTH_M, -2)
    for xy, truck in _LAKE_DRAW_OFFS:
        sources.add(
            xy=xy,
            kind="lake",
            name=f"Điểm lấy nước {_LAKE[0]}",
            address=_LAKE[0],
            capacity_m3=lake_m3,
            truck=truck,
        )
    lines, _ = net.lines()
    limit = Thresholds().truck_min_width_m
    for k, pond in enumerate(ponds, start=1):
        d = shapely.distance(pond, lines)
        road = net.roads[int(np.argmin(d))]
        bank, on_road = shapely.get_coordinates(shapely.shortest_line(pond, road.line))
        xy = bank + (on_road - bank) / np.hypot(*(on_road - bank)) * 1.5
        sources.add(
            xy=xy,
            kind="pond",
            name=f"Điểm lấy nước ao số {k}",
            address=_in_address(road.name),
            capacity_m3=round(pond.area * _POND_DEPTH_M, -1),
            truck=bool(road.width_m >= limit and d.min() <= R.pond_truck_reach_m),
        )
    wells = [i for i, r in enumerate(net.roads) if r.kind == "ngo" and r.length_m >= 50]
    for i in map(int, rng.permutation(wells)[:2]):
        road = net.roads[i]
        s = road.length_m * 0.7
        xy = np.array(road.point(s)) + road.normal(s, -1) * (road.half_m + 1.0)
        name = f"Giếng khoan {road.name}"
        sources.add(
            xy=xy,
            kind="well",
            name=name,
            address=_in_address(road.name),
            capacity_m3=math.nan,
            truck=False,
        )
    return sources


def _build_tile(rng: np.random.Generator) -> _Tile:
    """Lay out one tile of the ward pattern (design frame, metres)."""
    net = _Network()
    lake = _blob(_LAKE[1], _LAKE[2], rng)
    ponds = []
    for centre in _PONDS_M:
        radius = rng.uniform(*_POND_RADIUS_M)
        ponds.append(_blob(centre, (radius, radius * rng.uniform(0.7, 1.0)), rng))
    water = shapely.union_all([lake, *ponds])
    sites = shapely.union_all([shapely.box(*s.parcel) for s in _SITES])
    keys = _build_skeleton(net)
    net.add_obstacle(shapely.buffer(water, R.water_clear_m))
    net.add_obstacle(shapely.buffer(sites, R.site_clear_m))
    net.add_obstacle(  # the tile's edges; nothing grows south of its southern road
        shapely.difference(
            shapely.box(-200, -5, TILE_W_M + 200, TILE_H_M + 200),
            shapely.box(R.edge_clear_m, -5, TILE_W_M - R.edge_clear_m, TILE_H_M - R.edge_clear_m),
        )
    )
    _grow_children(net, list(keys.values()), "ngo", rng)
    _grow_children(net, [i for i, r in enumerate(net.roads) if r.kind == "ngo"], "ngach", rng)
    covered = _cover_some_alleys(net, rng)
    barriers = _barriers(net, covered, rng)
    lots = _lots(net, rng)
    _name_roads(net)
    blocked = shapely.union_all(
        [shapely.buffer(water, R.water_margin_m), shapely.buffer(sites, R.site_margin_m)]
    )
    houses, spare = _free_lots(lots, net, blocked, rng)
    on_lots, taken = _lot_premises(lots, np.concatenate([houses, spare]), net, blocked, rng)
    houses = np.setdiff1d(houses, taken, assume_unique=True)
    on_sites = _site_premises(net, keys)
    points = _firefighting_points(net, rng)
    sources = _water_sources(net, lake, ponds, rng)
    pieces = _split_roads(net)
    tdp = _tdp_of(lots["xy"][houses])
    member, groups = _safety_groups(lots, houses, tdp, net, pieces, rng)

    names = np.array([r.name for r in net.roads], dtype=object)
    road_of = pieces.array("road", int)
    premises_xy = np.array(on_lots["xy"] + on_sites["xy"])
    entries = _Rows("end", "xy", "direction", "road")
    for key, end in _ENTRY_ROADS:
        index = keys[key]
        coords = net.roads[index].coords
        tip, inner = (
            (coords[0], coords[1]) if end in ("west", "south") else (coords[-1], coords[-2])
        )
        entries.add(end=end, xy=tip, direction=(tip - inner) / np.hypot(*(tip - inner)), road=index)
    return _Tile(
        roads={
            "geometry": pieces.array("geometry", object),
            "name": names[road_of],
            "kind": np.array([net.roads[r].kind for r in road_of], dtype=object),
            "width_m": np.array([net.roads[r].width_m for r in road_of]),
            "clearance_m": pieces.array("clearance_m", float),
        },
        households={
            "xy": lots["xy"][houses],
            "address": np.array(
                [
                    f"Số {n}, {_in_address(names[r])}"
                    for n, r in zip(lots["number"][houses], lots["road"][houses], strict=True)
                ],
                dtype=object,
            ),
            "tdp": tdp,
            "on_street": np.isin([net.roads[r].kind for r in lots["road"][houses]], _TRUCK_KINDS),
            "group": member,
        },
        groups={"road_name": names[groups["road"]], "tdp": groups["tdp"], "first": groups["first"]},
        premises={
            "xy": premises_xy,
            "category": np.array(on_lots["category"] + on_sites["category"], dtype=object),
            "name": np.array([""] * len(on_lots) + on_sites["name"], dtype=object),
            "names": np.array(on_lots["names"] + on_sites["names"], dtype=object),
            "floors": np.array(on_lots["floors"] + on_sites["floors"]),
            "occupants": np.array(on_lots["occupants"] + on_sites["occupants"]),
            "footprint": np.array(on_lots["footprint"] + on_sites["footprint"], dtype=object),
            "address": np.array(on_lots["address"] + on_sites["address"], dtype=object),
            "tdp": _tdp_of(premises_xy),
        },
        points={
            "xy": points.array("xy", float),
            "name": np.array(
                [f"Điểm chữa cháy công cộng {names[r]}" for r in points["road"]], dtype=object
            ),
            "address": np.array([_in_address(names[r]) for r in points["road"]], dtype=object),
            "tdp": _tdp_of(points.array("xy", float)),
        },
        water_sources={
            "xy": sources.array("xy", float),
            "kind": sources.array("kind", object),
            "name": sources.array("name", object),
            "address": sources.array("address", object),
            "capacity_m3": sources.array("capacity_m3", float),
            "truck": sources.array("truck", bool),
        },
        water_bodies={
            "geometry": np.array([lake, *ponds], dtype=object),
            "kind": np.array(["lake"] + ["pond"] * len(ponds), dtype=object),
            "name": np.array(
                [_LAKE[0]] + [f"Ao số {k}" for k in range(1, len(ponds) + 1)], dtype=object
            ),
        },
        barriers={
            "xy": barriers.array("xy", float),
            "kind": barriers.array("kind", object),
            "clearance_m": barriers.array("clearance_m", float),
            "width_m": barriers.array("width_m", float),
            "closed_from": barriers.array("closed_from", object),
            "closed_to": barriers.array("closed_to", object),
        },
        entries={
            "end": entries.array("end", object),
            "xy": entries.array("xy", float),
            "direction": entries.array("direction", float),
            "name": names[entries.array("road", int)],
            "kind": np.array([net.roads[r].kind for r in entries["road"]], dtype=object),
            "width_m": np.array([net.roads[r].width_m for r in entries["road"]]),
        },
    )


# --------------------------------------------------------------------------- the whole ward


def _grid_shape(scale: int) -> tuple[int, int]:
    """Tiles across and up for ``scale`` copies: the squarest grid (10 → 5 × 2)."""
    up = max(d for d in range(1, math.isqrt(scale) + 1) if scale % d == 0)
    return scale // up, up


def _river_centre(x: np.ndarray, phase: tuple[float, float]) -> np.ndarray:
    """Mid-line of the meandering river south of the ward (design frame)."""
    return (
        -80.0
        + 14.0 * np.sin(2 * math.pi * x / 1100.0 + phase[0])
        + 7.0 * np.sin(2 * math.pi * x / 430.0 + phase[1])
    )


def _ward_outline(
    width_m: float, height_m: float, phase: tuple[float, float], rng: np.random.Generator
) -> shapely.Polygon:
    """An irregular boundary around the built-up area, along the river's mid-line in the south."""

    def steps(length: float) -> np.ndarray:
        out = [rng.uniform(*R.boundary_step_m)]
        while out[-1] < length - R.boundary_step_m[0] / 2:
            out.append(out[-1] + rng.uniform(*R.boundary_step_m))
        return np.array(out[:-1])

    def offset(n: int = 1) -> np.ndarray:
        return rng.uniform(*R.boundary_offset_m, n)

    west0, east0 = offset()[0], offset()[0]
    south_x = np.concatenate(
        [[-west0], np.arange(math.ceil(-west0 / 25) * 25, width_m + east0, 25.0), [width_m + east0]]
    )
    east_y = steps(height_m)
    north_x = width_m - steps(width_m)
    west_y = height_m - steps(height_m)
    ring = np.vstack(
        [
            np.column_stack([south_x, _river_centre(south_x, phase)]),
            np.column_stack([width_m + offset(len(east_y)), east_y]),
            [[width_m + offset()[0], height_m + offset()[0]]],
            np.column_stack([north_x, height_m + offset(len(north_x))]),
            [[-offset()[0], height_m + offset()[0]]],
            np.column_stack([-offset(len(west_y)), west_y]),
        ]
    )
    return shapely.Polygon(ring)


def _river(width_m: float, phase: tuple[float, float]) -> tuple[shapely.Polygon, np.ndarray]:
    """The river band along the southern edge, and its north bank as (x, y) samples."""
    x = np.arange(-250.0, width_m + 250.0 + 1e-9, 20.0)
    centre = _river_centre(x, phase)
    north = np.column_stack([x, centre + R.river_half_width_m])
    south = np.column_stack([x, centre - R.river_half_width_m])
    return shapely.Polygon(np.vstack([north, south[::-1]])), north


def _tdp_polygons(nx: int, ny: int, outline: shapely.Polygon) -> np.ndarray:
    """Tổ dân phố of every tile; cells on the edge of the grid reach out to the boundary."""
    far = 5000.0
    cells = []
    for j in range(ny):
        for i in range(nx):
            for x0, y0, x1, y1 in _TDP_CELLS_M:
                cells.append(
                    shapely.box(
                        -far if i == 0 and x0 == 0 else x0 + i * TILE_W_M,
                        -far if j == 0 and y0 == 0 else y0 + j * TILE_H_M,
                        nx * TILE_W_M + far
                        if i == nx - 1 and x1 == TILE_W_M
                        else x1 + i * TILE_W_M,
                        ny * TILE_H_M + far
                        if j == ny - 1 and y1 == TILE_H_M
                        else y1 + j * TILE_H_M,
                    )
                )
    return shapely.intersection(np.array(cells), outline)


class _Place:
    """Moves design-frame coordinates to EPSG:9214, copying tile features to every tile."""

    def __init__(self, nx: int, ny: int) -> None:
        self.offsets = np.array(
            [(i * TILE_W_M, j * TILE_H_M) for j in range(ny) for i in range(nx)]
        )
        a = math.radians(GRID_ROTATION_DEG)
        self.rot_t = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]]).T
        to_metric = Transformer.from_crs("EPSG:4326", CRS_METRIC, always_xy=True)
        centre = np.array(to_metric.transform(*CENTRE_LON_LAT))
        self.origin = centre - np.array([TILE_W_M / 2, (TILE_H_M - 80.0) / 2]) @ self.rot_t

    def __len__(self) -> int:
        return len(self.offsets)

    def design(self, xy: np.ndarray) -> np.ndarray:
        """Metric coordinates of whole-ward design coordinates ``(n, 2)``."""
        return np.asarray(xy, dtype=float).reshape(-1, 2) @ self.rot_t + self.origin

    def xy(self, local: np.ndarray) -> np.ndarray:
        """Every tile's copy of tile points ``(n, 2)`` → ``(tiles × n, 2)``, tile after tile."""
        local = np.asarray(local, dtype=float).reshape(-1, 2)
        return self.design((local[None, :, :] + self.offsets[:, None, :]).reshape(-1, 2))

    def geoms(self, local: np.ndarray) -> np.ndarray:
        """Every tile's copy of tile geometries, tile after tile."""
        copies = [shapely.transform(local, lambda c, o=o: c + o) for o in self.offsets]
        return self.global_geoms(np.concatenate(copies))

    def global_geoms(self, design: Sequence[shapely.Geometry]) -> np.ndarray:
        """Metric geometries of whole-ward design geometries."""
        return shapely.transform(np.asarray(design, dtype=object), self.design)

    def tile_of(self, n_per_tile: int) -> np.ndarray:
        """Tile index of each copy of ``n_per_tile`` features."""
        return np.repeat(np.arange(len(self)), n_per_tile)


def _ids(prefix: str, n: int, digits: int) -> np.ndarray:
    width = max(digits, len(str(n)))
    return np.array([f"{prefix}-{k:0{width}d}" for k in range(1, n + 1)], dtype=object)


def _weighted(rng: np.random.Generator, table: Sequence[tuple[str, float]], n: int) -> np.ndarray:
    values = np.empty(len(table), dtype=object)
    values[:] = [v for v, _ in table]
    weights = np.array([w for _, w in table], dtype=float)
    return values[rng.choice(len(values), size=n, p=weights / weights.sum())]


def _systematic(rng: np.random.Generator, share: np.ndarray) -> np.ndarray:
    """Pick each item with probability ``share`` so that the number picked is within one of
    the expected total (systematic sampling in a random order)."""
    share = np.asarray(share, dtype=float)
    order = rng.permutation(len(share))
    cum = np.cumsum(share[order]) + rng.random()
    picked = np.empty(len(share), dtype=bool)
    picked[order] = np.floor(cum) > np.floor(cum - share[order])
    return picked


def _allocate(rng: np.random.Generator, table: Sequence[tuple[str, float]], n: int) -> np.ndarray:
    """``n`` values in the shares of ``table`` (largest remainder), in a random order."""
    weights = np.array([w for _, w in table], dtype=float)
    quota = weights / weights.sum() * n
    counts = np.floor(quota).astype(int)
    counts[np.argsort(counts - quota, kind="stable")[: n - counts.sum()]] += 1
    values = np.empty(len(table), dtype=object)
    values[:] = [v for v, _ in table]
    return rng.permutation(np.repeat(values, counts))


def _people(rng: np.random.Generator, n: int) -> np.ndarray:
    """Random Vietnamese full names (family, middle and given name), either gender."""
    family = _weighted(rng, _FAMILY, n)
    female = rng.random(n) < 0.5
    out = np.empty(n, dtype=object)
    for gender, mask in (("f", female), ("m", ~female)):
        k = int(mask.sum())
        given = np.array(_GIVEN[gender], dtype=object)[rng.integers(0, len(_GIVEN[gender]), k)]
        out[mask] = family[mask] + " " + _weighted(rng, _MIDDLE[gender], k) + " " + given
    return out


def _phones(rng: np.random.Generator, n: int) -> np.ndarray:
    """Obviously fictitious phone numbers: ``0000 xxx xxx``."""
    return np.array(
        [f"0000 {a:03d} {b:03d}" for a, b in rng.integers(0, 1000, size=(n, 2))], dtype=object
    )


def _days_before(rng: np.random.Generator, low: int, high: int, n: int) -> np.ndarray:
    """Dates between ``high`` and ``low`` days before :data:`AS_OF`."""
    return np.datetime64(AS_OF, "D") - rng.integers(low, high + 1, n).astype("timedelta64[D]")


def _dates(values: np.ndarray) -> pd.Series:
    return pd.Series(np.asarray(values, dtype="datetime64[D]").astype("datetime64[ms]"))


def _fill_names(rng: np.random.Generator, keys: Sequence[str]) -> list[str]:
    """Premises names from :data:`_NAME_PATTERNS`, filled in with words from :data:`_WORDS`."""
    words = {
        **_WORDS,
        "given": _GIVEN["f"] + _GIVEN["m"],
        "family": tuple(name for name, _ in _FAMILY),
    }
    out = []
    for key in keys:
        text = _NAME_PATTERNS[key][int(rng.integers(len(_NAME_PATTERNS[key])))]
        while fields := [f for _, f, _, _ in string.Formatter().parse(text) if f]:
            text = text.format(**{f: words[f][int(rng.integers(len(words[f])))] for f in fields})
        out.append(text)
    return out


def _frame(
    name: str, columns: dict[str, Any], geometry: np.ndarray | None, *, crs: str = CRS_METRIC
) -> gpd.GeoDataFrame:
    """Build layer ``name`` from geometry in ``crs`` and conform it (to EPSG:4326)."""
    data = pd.DataFrame(columns)
    frame = data if geometry is None else gpd.GeoDataFrame(data, geometry=geometry, crs=crs)
    out, problems = conform_layer(name, frame)
    if problems:
        raise ValidationError(problems, context=f"sample_ward: {name}")
    return out


class _Tdp(NamedTuple):
    """Ids and names of every tổ dân phố of the ward, by global index."""

    ids: np.ndarray
    names: np.ndarray

    def of(self, tile_tdp: np.ndarray, place: _Place) -> np.ndarray:
        """Global index of tile-local tổ dân phố indices copied to every tile."""
        return np.tile(tile_tdp, len(place)) + place.tile_of(len(tile_tdp)) * len(_TDP_CELLS_M)


def generate_ward(*, seed: int = DEFAULT_SEED, scale: int = 1) -> dict[str, gpd.GeoDataFrame]:
    """Generate every layer of the synthetic sample ward.

    Parameters
    ----------
    seed
        Seed of ``numpy.random.default_rng``; the same seed and scale give the same ward.
    scale
        Copies of the ward pattern laid side by side under one boundary: 1 for the embedded
        sample, 10 or 100 for benchmarks (about ``scale`` times the features).

    Returns
    -------
    dict of str to geopandas.GeoDataFrame
        Every layer of :mod:`pipelines.model.schema`, in its order, conformed, in EPSG:4326.

    Raises
    ------
    TypeError
        ``seed`` or ``scale`` is not an int.
    ValueError
        ``scale`` is less than 1.
    """
    if isinstance(scale, bool) or not isinstance(scale, int):
        raise TypeError(f"'scale' should be an int, got {type(scale).__name__} instead")
    if scale < 1:
        raise ValueError(f"'scale' should be a positive whole number, got {scale} instead")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"'seed' should be an int, got {type(seed).__name__} instead")
    rng = np.random.default_rng(seed)
    tile = _build_tile(rng)
    nx, ny = _grid_shape(scale)
    place = _Place(nx, ny)
    phase = (float(rng.uniform(0, 2 * math.pi)), float(rng.uniform(0, 2 * math.pi)))
    outline = _ward_outline(nx * TILE_W_M, ny * TILE_H_M, phase, rng)
    n_tdp = scale * len(_TDP_CELLS_M)
    tdp = _Tdp(
        _ids("TDP", n_tdp, 2),
        np.array([f"Tổ dân phố số {k}" for k in range(1, n_tdp + 1)], dtype=object),
    )

    layers = {
        "ward_boundary": _frame(
            "ward_boundary",
            {
                "id": ["PHUONG-MAU"],
                "name": [WARD_NAME],
                "note": [f"Dữ liệu mô phỏng, không phải ranh giới thật (seed {seed}, ×{scale})"],
            },
            place.global_geoms([outline]),
        ),
        "residential_groups": _frame(
            "residential_groups",
            {
                "id": tdp.ids,
                "name": tdp.names,
                "leader": _people(rng, n_tdp),
                "phone": _phones(rng, n_tdp),
            },
            place.global_geoms(_tdp_polygons(nx, ny, outline)),
        ),
    }
    layers["households"] = _households_layer(tile, place, tdp, rng)
    layers["premises"], footprints = _premises_layer(tile, place, tdp, rng)
    layers["firefighting_points"] = _points_layer(tile, place, tdp, rng)
    layers["safety_groups"] = _groups_layer(tile, place, tdp, layers["households"], rng)
    river, bank = _river(nx * TILE_W_M, phase)
    layers["water_sources"] = _water_sources_layer(tile, place, bank, rng)
    bodies = tile.water_bodies
    layers["water_bodies"] = _frame(
        "water_bodies",
        {
            "id": _ids("MN", 1 + scale * len(bodies["kind"]), 2),
            "name": ["Sông Thương (mô phỏng)", *np.tile(bodies["name"], scale)],
            "kind": ["river", *np.tile(bodies["kind"], scale)],
        },
        np.concatenate([place.global_geoms([river]), place.geoms(bodies["geometry"])]),
    )
    layers["roads"] = _roads_layer(tile, place, nx, ny)
    layers["barriers"] = _barriers_layer(tile, place)
    layers["incidents"] = _incidents_layer(
        layers["households"], layers["premises"], INCIDENTS_PER_TILE * scale, rng
    )
    premises = layers["premises"]
    layers["buildings"] = _frame(
        "buildings",
        {
            "id": _ids("CT", len(premises), 4),
            "name": premises["name"].to_numpy(dtype=object),
            "levels": premises["floors"].to_numpy(dtype=float),
            "use": [_BUILDING_USE[c] for c in premises["category"]],
        },
        footprints,
    )
    return {name: layers[name] for name in LAYER_NAMES}


def _households_layer(
    tile: _Tile, place: _Place, tdp: _Tdp, rng: np.random.Generator
) -> gpd.GeoDataFrame:
    h = tile.households
    n = len(h["xy"]) * len(place)
    where = tdp.of(h["tdp"], place)
    n_groups = len(tile.groups["first"])
    group = np.tile(h["group"], len(place))
    group_ids = _ids("TLG", n_groups * len(place), 3)
    business = _systematic(rng, np.where(np.tile(h["on_street"], len(place)), *R.business_share))
    note = np.full(n, None, dtype=object)
    for text, share in _HOUSEHOLD_NOTES:
        note[(rng.random(n) < share) & pd.isna(note)] = text
    return _frame(
        "households",
        {
            "id": _ids("HGD", n, 6),
            "address": np.tile(h["address"], len(place)) + ", " + tdp.names[where],
            "residential_group_id": tdp.ids[where],
            "head_name": _people(rng, n),
            "members": rng.choice(np.arange(1, len(_MEMBERS_SHARE) + 1), size=n, p=_MEMBERS_SHARE),
            "is_business": business,
            "business_type": np.where(business, _weighted(rng, _BUSINESS_TYPES, n), None),
            "safety_group_id": np.where(
                group >= 0,
                group_ids[np.maximum(group, 0) + place.tile_of(len(h["xy"])) * n_groups],
                None,
            ),
            "note": note,
        },
        shapely.points(place.xy(h["xy"])),
    )


def _premises_layer(
    tile: _Tile, place: _Place, tdp: _Tdp, rng: np.random.Generator
) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    p = tile.premises
    copies = len(place)
    n = len(p["xy"]) * copies
    category = np.tile(p["category"], copies)
    name = np.tile(p["name"], copies)
    unnamed = name == ""
    name[unnamed] = _fill_names(rng, np.tile(p["names"], copies)[unnamed])
    floors = rng.integers(*np.tile(p["floors"], (copies, 1)).T + np.array([[0], [1]]))
    occupants = rng.integers(*np.tile(p["occupants"], (copies, 1)).T + np.array([[0], [1]]))
    footprints = place.geoms(p["footprint"])
    where = tdp.of(p["tdp"], place)

    open_share, flag_share = np.array([_VIOLATION_SHARE[c] for c in category]).T
    violating = _systematic(rng, open_share)
    open_violations = np.where(violating, 1 + rng.binomial(2, 0.3, n), 0)
    flagged = _systematic(rng, flag_share)
    never_share = np.array(
        [_NEVER_INSPECTED_SHARE.get(c, _NEVER_INSPECTED_DEFAULT) for c in category]
    )
    never = _systematic(rng, never_share) & ~violating
    inspected = _days_before(rng, 10, 3 * 365, n)
    # Open violations come from recent inspections: their deadline may or may not have passed.
    inspected[violating] = _days_before(rng, 10, _VIOLATION_FOUND_DAYS, int(violating.sum()))
    result = np.where(rng.random(n) < _INSPECTION_PASSED_SHARE, "passed", "remarks").astype(object)
    result[violating] = "failed"
    result[never] = None
    deadline = inspected + rng.integers(_REMEDY_DAYS[0], _REMEDY_DAYS[1] + 1, n).astype(
        "timedelta64[D]"
    )
    findings = rng.permuted(np.tile(np.arange(len(_VIOLATION_NOTES)), (n, 1)), axis=1)
    construction = rng.integers(0, len(_CONSTRUCTION_ELECTRICAL_NOTES), n)
    notes = np.full(n, None, dtype=object)
    for k in np.flatnonzero(violating | flagged):
        parts = [_VIOLATION_NOTES[j] for j in findings[k, : open_violations[k]]]
        parts += [_CONSTRUCTION_ELECTRICAL_NOTES[construction[k]]] if flagged[k] else []
        notes[k] = "; ".join(parts)
    plots = sum(len(column) for column in _CLUSTER_PLOTS)
    frame = _frame(
        "premises",
        {
            "id": _ids("CS", n, 4),
            "name": name,
            "category": category,
            "address": np.tile(p["address"], copies) + ", " + tdp.names[where],
            "residential_group_id": tdp.ids[where],
            "floors": floors,
            "floor_area_m2": np.round(shapely.area(footprints) * floors),
            "occupants": occupants,
            "management_level": [DEFAULT_MANAGEMENT_LEVEL[c] for c in category],
            "last_inspection": _dates(np.where(never, np.datetime64("NaT"), inspected)),
            "inspection_result": result,
            "open_violations": open_violations,
            "violation_deadline": _dates(np.where(violating, deadline, np.datetime64("NaT"))),
            "construction_electrical_violation": flagged,
            "violation_note": notes,
            "contact_person": _people(rng, n),
            "contact_phone": _phones(rng, n),
            "note": np.where(
                category == "industrial",
                f"{plots} lô sản xuất, kho; điểm đặt tại nhà điều hành",
                None,
            ),
        },
        shapely.points(place.xy(p["xy"])),
    )
    return frame, footprints


def _points_layer(
    tile: _Tile, place: _Place, tdp: _Tdp, rng: np.random.Generator
) -> gpd.GeoDataFrame:
    pts = tile.points
    per_tile = len(pts["xy"])
    n = per_tile * len(place)
    where = tdp.of(pts["tdp"], place)
    kit = CostSection().kit
    counts = np.tile([kit[item] for _, item in _KIT_ITEMS], (n, 1))
    rank = np.concatenate([rng.permutation(per_tile) for _ in range(len(place))])
    short = np.flatnonzero(rank < R.incomplete_kits)
    counts[short, rng.integers(0, len(_KIT_ITEMS), len(short))] -= 1
    pool = np.resize(np.array(_POINT_STATUS, dtype=object), per_tile)
    status = np.concatenate([rng.permutation(pool) for _ in range(len(place))])
    installed = _days_before(rng, 120, 1340, n)
    checked = np.maximum(_days_before(rng, 5, 300, n), installed + np.timedelta64(30, "D"))
    return _frame(
        "firefighting_points",
        {
            "id": _ids("DCC", n, 2),
            "name": np.tile(pts["name"], len(place)),
            "address": np.tile(pts["address"], len(place)) + ", " + tdp.names[where],
            "residential_group_id": tdp.ids[where],
            **{name: np.maximum(counts[:, k], 0) for k, (name, _) in enumerate(_KIT_ITEMS)},
            "status": status,
            "installed": _dates(installed),
            "last_check": _dates(checked),
            "responsible_person": _people(rng, n),
            "responsible_phone": _phones(rng, n),
            "note": [_POINT_NOTES[s] for s in status],
        },
        shapely.points(place.xy(pts["xy"])),
    )


def _groups_layer(
    tile: _Tile, place: _Place, tdp: _Tdp, households: gpd.GeoDataFrame, rng: np.random.Generator
) -> gpd.GeoDataFrame:
    g = tile.groups
    n = len(g["first"]) * len(place)
    first = np.tile(g["first"], len(place)) + place.tile_of(len(g["first"])) * len(
        tile.households["xy"]
    )
    since = (np.datetime64("2022-01-01") - np.datetime64(AS_OF, "D")).astype(int)
    established = np.datetime64(AS_OF, "D") + rng.integers(since, -1, n).astype("timedelta64[D]")
    roads = np.tile(g["road_name"], len(place))
    return _frame(
        "safety_groups",
        {
            "id": _ids("TLG", n, 3),
            "name": [f"Tổ liên gia số {k} – {road}" for k, road in enumerate(roads, start=1)],
            "residential_group_id": tdp.ids[tdp.of(g["tdp"], place)],
            "leader": households["head_name"].to_numpy(dtype=object)[first],  # one of its heads
            "phone": _phones(rng, n),
            "established": _dates(established),
            "linked_alarm": _systematic(rng, np.full(n, R.linked_alarm_share)),
        },
        None,
    )


def _water_sources_layer(
    tile: _Tile, place: _Place, bank: np.ndarray, rng: np.random.Generator
) -> gpd.GeoDataFrame:
    w = tile.water_sources
    copies = len(place)
    kind = np.tile(w["kind"], copies)
    name = np.tile(w["name"], copies)
    hydrant = kind == "hydrant"
    name[hydrant] = [f"Trụ nước chữa cháy số {k}" for k in range(1, int(hydrant.sum()) + 1)]
    # Draw-off points on the river bank along the southern row of tiles.
    width_m = place.offsets[:, 0].max() + TILE_W_M
    river_x = np.arange(150.0, width_m - 100.0, R.river_draw_off_step_m)
    river_y = np.interp(river_x, bank[:, 0], bank[:, 1]) + 2.0
    kerb_y = -_SKELETON[0].width_m / 2
    n_river = len(river_x)
    kind = np.concatenate([kind, np.full(n_river, "river", dtype=object)])
    name = np.concatenate(
        [name, [f"Điểm lấy nước Sông Thương số {k}" for k in range(1, n_river + 1)]]
    )
    address = np.concatenate(
        [np.tile(w["address"], copies), np.full(n_river, f"Bờ sông, đường {_SKELETON[0].base}")]
    )
    n = len(kind)
    status = _weighted(rng, _SOURCE_STATUS, n)
    status[np.isin(kind, _ALWAYS_WORKING)] = "working"
    flow = np.full(n, math.nan)
    flow[kind == "hydrant"] = np.round(rng.uniform(*_HYDRANT_FLOW_LPS, int(hydrant.sum())) * 2) / 2
    flow[kind == "well"] = np.round(rng.uniform(*_WELL_FLOW_LPS, int((kind == "well").sum())), 1)
    checked = _days_before(rng, 10, 700, n)
    return _frame(
        "water_sources",
        {
            "id": _ids("NN", n, 3),
            "name": name,
            "kind": kind,
            "address": address,
            "capacity_m3": np.concatenate(
                [np.tile(w["capacity_m3"], copies), np.full(n_river, math.nan)]
            ),
            "flow_lps": flow,
            "status": status,
            "truck_accessible": np.concatenate(
                [np.tile(w["truck"], copies), kerb_y - river_y <= R.river_truck_reach_m]
            ),
            "last_check": _dates(
                np.where(np.isin(kind, ("river", "lake")), np.datetime64("NaT"), checked)
            ),
            "note": [_SOURCE_NOTES.get((k, s)) for k, s in zip(kind, status, strict=True)],
        },
        shapely.points(
            np.vstack([place.xy(w["xy"]), place.design(np.column_stack([river_x, river_y]))])
        ),
    )


def _roads_layer(tile: _Tile, place: _Place, nx: int, ny: int) -> gpd.GeoDataFrame:
    """Road pieces of every tile, and the entry roads where main roads leave the ward."""
    r, e = tile.roads, tile.entries
    edge_tiles = {
        "west": [(0, j) for j in range(ny)],
        "east": [(nx - 1, j) for j in range(ny)],
        "north": [(i, ny - 1) for i in range(nx)],
    }
    which, lines = [], []
    for k, end in enumerate(e["end"]):
        for i, j in edge_tiles[end]:
            start = e["xy"][k] + np.array([i * TILE_W_M, j * TILE_H_M])
            lines.append(shapely.LineString([start, start + e["direction"][k] * R.entry_road_m]))
            which.append(k)
    clearance = np.tile(r["clearance_m"], len(place))
    geometry = np.concatenate([place.geoms(r["geometry"]), place.global_geoms(lines)])
    return _frame(
        "roads",
        {
            "id": _ids("D", len(geometry), 4),
            "name": np.concatenate([np.tile(r["name"], len(place)), e["name"][which]]),
            "kind": np.concatenate([np.tile(r["kind"], len(place)), e["kind"][which]]),
            "width_m": np.concatenate([np.tile(r["width_m"], len(place)), e["width_m"][which]]),
            "clearance_m": np.concatenate([clearance, np.full(len(which), math.nan)]),
            "note": np.concatenate(
                [
                    np.where(np.isfinite(clearance), _COVERED_NOTE, None),
                    np.full(len(which), _ENTRY_NOTE, dtype=object),
                ]
            ),
        },
        geometry,
    )


def _barriers_layer(tile: _Tile, place: _Place) -> gpd.GeoDataFrame:
    b = tile.barriers
    kind = np.tile(b["kind"], len(place))
    return _frame(
        "barriers",
        {
            "id": _ids("VC", len(kind), 2),
            "kind": kind,
            **{
                k: np.tile(b[k], len(place))
                for k in ("clearance_m", "width_m", "closed_from", "closed_to")
            },
            "note": [_BARRIER_NOTES[k] for k in kind],
        },
        shapely.points(place.xy(b["xy"])),
    )


def _incidents_layer(
    households: gpd.GeoDataFrame, premises: gpd.GeoDataFrame, n: int, rng: np.random.Generator
) -> gpd.GeoDataFrame:
    """``n`` fires over the five years up to :data:`AS_OF`, at households and premises."""
    at_premises = _systematic(rng, np.full(n, R.incident_premises_share))
    weights = np.array(
        [_INCIDENT_WEIGHT.get(c, _INCIDENT_WEIGHT_DEFAULT) for c in premises["category"]]
    )
    p_idx = rng.choice(
        len(premises), size=int(at_premises.sum()), replace=False, p=weights / weights.sum()
    )
    h_idx = rng.choice(len(households), size=int((~at_premises).sum()), replace=False)
    # One fire in each equal slice of the five years, so the history spans all of them.
    ago = np.floor((np.arange(n) + rng.random(n)) * FIRE_HISTORY_DAYS / n).astype(int)
    date = np.datetime64(AS_OF, "D") - rng.permutation(ago).astype("timedelta64[D]")
    columns = {"geometry": np.empty(n, dtype=object), "address": np.empty(n, dtype=object)}
    columns["premises_id"] = np.full(n, None, dtype=object)
    columns["category"] = np.full(n, "", dtype=object)
    for mask, frame, idx in ((at_premises, premises, p_idx), (~at_premises, households, h_idx)):
        columns["geometry"][mask] = frame.geometry.to_numpy()[idx]
        columns["address"][mask] = frame["address"].to_numpy(dtype=object)[idx]
    columns["premises_id"][at_premises] = premises["id"].to_numpy(dtype=object)[p_idx]
    columns["category"][at_premises] = premises["category"].to_numpy(dtype=object)[p_idx]
    industrial = np.isin(columns["category"], _INDUSTRIAL)
    cause = np.empty(n, dtype=object)
    cause[industrial] = _allocate(rng, _CAUSES["premises"], int(industrial.sum()))
    cause[~industrial] = _allocate(rng, _CAUSES["household"], int((~industrial).sum()))
    text = rng.integers(0, 12, n)
    outcome = rng.integers(0, len(_INCIDENT_OUTCOMES), n)
    minutes = rng.integers(10, 46, n)
    description = [
        f"{_INCIDENT_TEXTS[c][t % len(_INCIDENT_TEXTS[c])]}. {_INCIDENT_OUTCOMES[o].format(minutes=m)}"
        for c, t, o, m in zip(cause, text, outcome, minutes, strict=True)
    ]
    median = np.where(at_premises, _DAMAGE_MEDIAN_VND["premises"], _DAMAGE_MEDIAN_VND["household"])
    damage = np.clip(median * np.exp(rng.normal(0.0, _DAMAGE_SIGMA, n)), *_DAMAGE_RANGE_VND)
    order = np.argsort(date, kind="stable")
    year = date[order].astype("datetime64[Y]").astype(int) + 1970
    seq = np.concatenate([np.arange(1, c + 1) for c in np.unique(year, return_counts=True)[1]])
    digits = max(2, len(str(int(seq.max()))))
    return _frame(
        "incidents",
        {
            "id": [f"VCH-{y}-{k:0{digits}d}" for y, k in zip(year, seq, strict=True)],
            "date": _dates(date[order]),
            "address": columns["address"][order],
            "cause": cause[order],
            "deaths": rng.choice(len(_DEATHS_SHARE), size=n, p=_DEATHS_SHARE),
            "injuries": rng.choice(len(_INJURIES_SHARE), size=n, p=_INJURIES_SHARE),
            "damage_vnd": np.round(damage[order], -5),
            "premises_id": columns["premises_id"][order],
            "description": np.array(description, dtype=object)[order],
        },
        columns["geometry"][order],
        crs="EPSG:4326",  # the very points of the households and premises
    )


# --------------------------------------------------------------------------- folder and CLI


def build_sample_ward(
    ward_dir: str | Path, *, seed: int = DEFAULT_SEED, scale: int = 1, overwrite: bool = False
) -> Path:
    """Write the synthetic sample ward into a new ward folder.

    Parameters
    ----------
    ward_dir
        Folder to create.
    seed, scale
        As for :func:`generate_ward`.
    overwrite
        Replace the ``ward.toml`` and ``ward.gpkg`` already in ``ward_dir`` (other files in the
        folder are left alone).

    Returns
    -------
    pathlib.Path
        The ward folder.

    Raises
    ------
    pipelines.model.errors.StoreError
        ``ward_dir`` already holds a ward and ``overwrite`` is false.
    """
    ward_dir = Path(ward_dir)
    if overwrite:
        for path in (gpkg_path(ward_dir), config_path(ward_dir)):
            path.unlink(missing_ok=True)
    init_ward(ward_dir, name=WARD_NAME, crs_metric=CRS_METRIC, province=PROVINCE, synthetic=True)
    layers = generate_ward(seed=seed, scale=scale)
    write_layers(ward_dir, layers, note=f"sample seed={seed} scale={scale}", backup=False)
    return ward_dir
