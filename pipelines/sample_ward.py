"""Build the synthetic sample ward: a deterministic, realistic-looking urban ward of Bắc Giang.

Everything here is invented (``ward.toml`` says ``synthetic = true``); nothing describes a real
place, person or telephone number. The ward is laid out once as a *tile* in a local design
frame in metres (x east, y north, origin at the south-west corner of the built-up area):

1. A skeleton of main roads (đường) and streets (phố) from :data:`_SKELETON`, sites of large
   premises (:data:`_SITES`, the industrial cluster), a lake and ponds.
2. Alleys (ngõ) grown off the skeleton and sub-alleys (ngách) off the alleys, each running
   until it comes within :attr:`_Realism.road_clear_m` of another road (room for two rows of
   houses), water, a site or the tile edge; some run through to the road they reach.
   Junctions are shared vertices, and every road is split at its junctions.
3. House lots along both sides of every road; the lots left free of roads, water, sites and
   each other become households, premises, tổ liên gia.

``scale = k`` lays ``k`` copies of the tile side by side (a grid of tiles whose main roads join
at the seams) under one ward boundary, with the river along the south edge. The design frame
is turned by :data:`GRID_ROTATION_DEG`, placed in VN-2000 / TM-3 107°00' (EPSG:9214) around
21.27 N, 106.20 E, and stored in EPSG:4326. Randomness comes from one
``numpy.random.default_rng(seed)``; the same seed and scale give the same ward.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from pipelines.errors import ValidationError
from pipelines.schema import DEFAULT_MANAGEMENT_LEVEL, LAYER_NAMES
from pipelines.settings import Thresholds
from pipelines.store import config_path, gpkg_path, init_ward, write_layers
from pipelines.validate import conform_layer

DEFAULT_SEED = 2024
WARD_NAME = "Phường Mẫu (dữ liệu mô phỏng)"
WARD_SHORT = "phường Mẫu"
PROVINCE = "Bắc Ninh (trước 01/7/2025: Bắc Giang) — mô phỏng"
CRS_METRIC = "EPSG:9214"  # VN-2000 / TM-3 107°00', the Bắc Giang provincial zone
CENTRE_LON_LAT = (106.20, 21.27)  # centre of the ×1 ward
GRID_ROTATION_DEG = 8.0  # the street grid is turned this far anticlockwise from grid east
TILE_W_M = 1600.0
TILE_H_M = 1150.0
AS_OF = dt.date(2026, 11, 1)  # "today" of the sample: inspections, deadlines and fires end here
FIRE_HISTORY_DAYS = 5 * 365 + 1
INCIDENTS_PER_TILE = 36
CLUSTER_NAME = "Cụm công nghiệp Phường Mẫu"


@dataclass(frozen=True)
class _Realism:
    """Numbers that make the sample look like a Bắc Giang ward; lengths in metres."""

    lot_frontage_m: tuple[float, float] = (4.0, 6.0)  # tube houses (nhà ống)
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
    sub_first_m: float = 25.0
    sub_depth_m: tuple[float, float] = (25.0, 110.0)
    sub_min_m: float = 15.0
    junction_gap_m: float = 14.0  # two junctions on one road are at least this far apart
    road_clear_m: float = 24.0  # parallel roads keep this far apart: two rows of tube houses
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
    points_per_tile: int = 12
    point_spacing_m: float = 150.0
    point_min_alley_m: float = 60.0
    group_share: tuple[float, float] = (0.45, 0.25)  # share of alley / street segments with groups
    group_max_gap_m: float = 20.0
    premises_footprint_gap_m: float = 0.5
    deep_alley_m: float = 40.0  # "deep in the alley" for boarding houses


R = _Realism()

_KIND_WORD = {"duong": "Đường", "pho": "Phố", "ngo": "Ngõ", "ngach": "Ngách"}
_TRUCK_KINDS = ("duong", "pho")
_ALLEY_WIDTHS_M = {
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
    hydrants: bool  # a water main with hydrants runs along it


# Main roads cross the tile and join the next tile's at the seams (x = 0 | W, y = 0 | H).
# fmt: off
_SKELETON: tuple[_SkeletonRoad, ...] = (
    _SkeletonRoad("M0", "duong", "Lý Thường Kiệt", 7.5, ((0, 0), (240, 0), (720, 0), (1200, 0), (1600, 0)), (1,), True),
    _SkeletonRoad("M1", "duong", "Hoàng Văn Thụ", 12.0, ((0, 600), (240, 600), (720, 600), (1200, 600), (1300, 600), (1460, 600), (1600, 600)), (1, -1), True),
    _SkeletonRoad("M2", "duong", "Xương Giang", 10.0, ((720, 0), (720, 300), (720, 600), (720, 690), (720, 880), (720, 1080), (720, 1150)), (1, -1), True),
    _SkeletonRoad("P1", "pho", "Ngô Gia Tự", 6.0, ((240, 0), (240, 300), (240, 600), (240, 690), (240, 1080)), (1, -1), True),
    _SkeletonRoad("P2", "pho", "Nguyễn Văn Cừ", 5.0, ((1200, 0), (1200, 300), (1200, 600)), (1, -1), False),
    _SkeletonRoad("P3", "pho", "Trần Phú", 5.5, ((240, 300), (720, 300), (1200, 300)), (1, -1), True),
    _SkeletonRoad("P4", "pho", "Nguyễn Thị Minh Khai", 5.0, ((40, 1080), (240, 1080), (720, 1080)), (1, -1), False),
    _SkeletonRoad("P5", "pho", "Giáp Hải", 4.5, ((720, 880), (1300, 880)), (1, -1), False),
    _SkeletonRoad("P6", "pho", "Hoàng Hoa Thám", 4.0, ((1300, 600), (1300, 880), (1300, 1100)), (1,), False),
    _SkeletonRoad("P7", "pho", "Nguyễn Du", 4.5, ((240, 690), (720, 690)), (-1,), False),
    _SkeletonRoad("I1", "duong", "nội bộ " + CLUSTER_NAME, 8.0, ((1460, 600), (1460, 1100)), (), True),
)
# fmt: on
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
_CLUSTER_TANK_PLOT = (1, 5)  # a second tank, in plot B6

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


# placement -> (road kinds, minimum depth into the alley system in metres)
_PLACEMENTS = {
    "main": (("duong",), 0.0),
    "frontage": (("duong", "pho"), 0.0),
    "street": (("pho",), 0.0),
    "alley": (("ngo", "ngach"), 0.0),
    "alley_deep": (("ngo", "ngach"), R.deep_alley_m),
    "any": (("duong", "pho", "ngo", "ngach"), 0.0),
}
# Premises on house lots, per tile; the rest stand on the designed sites and cluster plots.
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
    _LotPremises("shophouse",      66, "frontage",   (4, 8),   (10, 14), (2, 5), (3, 8),   "shop",         0),
    _LotPremises("shophouse",      20, "alley",      (4, 6),   (8, 12),  (2, 4), (3, 7),   "shop",         0),
    _LotPremises("other",          12, "any",        (6, 12),  (10, 13), (1, 3), (3, 20),  "other",       30),
)
# fmt: on
_CLUSTER_PREMISES = {
    "production": ((1, 3), (40, 300), "factory"),
    "warehouse": ((1, 2), (5, 20), "cluster_warehouse"),
}
_BUILDING_USE = {
    "karaoke": "commercial",
    "boarding_house": "residential",
    "lodging": "commercial",
    "market": "commercial",
    "shophouse": "commercial",
    "production": "industrial",
    "warehouse": "industrial",
    "industrial": "industrial",
    "fuel_gas": "commercial",
    "school": "public",
    "healthcare": "public",
    "office": "public",
    "apartment": "residential",
    "other": "other",
}
# Share of premises with open violations, and with a construction/electrical violation.
_VIOLATION_SHARE = {
    "karaoke": (0.35, 0.15),
    "boarding_house": (0.3, 0.15),
    "lodging": (0.2, 0.05),
    "market": (0.3, 0.1),
    "shophouse": (0.15, 0.08),
    "production": (0.3, 0.12),
    "warehouse": (0.25, 0.05),
    "industrial": (0.2, 0.0),
    "fuel_gas": (0.15, 0.0),
    "school": (0.1, 0.0),
    "healthcare": (0.1, 0.0),
    "office": (0.05, 0.0),
    "apartment": (0.3, 0.05),
    "other": (0.1, 0.05),
}
_NEVER_INSPECTED_SHARE = {
    "shophouse": 0.25,
    "boarding_house": 0.2,
    "other": 0.25,
    "production": 0.1,
}
_INCIDENT_WEIGHT = {
    "karaoke": 3.0,
    "boarding_house": 3.0,
    "production": 3.0,
    "warehouse": 2.0,
    "shophouse": 2.0,
    "market": 2.0,
    "lodging": 2.0,
}

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


def _rotate(v: np.ndarray, degrees: float) -> np.ndarray:
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    return np.array([c * v[0] - s * v[1], s * v[0] + c * v[1]])


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


def _exact_point(coords: np.ndarray, cum: np.ndarray, s: float) -> tuple[float, float]:
    """Return the point at ``s``: an existing vertex when ``s`` falls on one (shared exactly)."""
    hit = np.flatnonzero(np.abs(cum - s) < 1e-9)
    if hit.size:
        return (float(coords[hit[0], 0]), float(coords[hit[0], 1]))
    p, _ = _locate(coords, cum, s)
    return (float(p[0]), float(p[1]))


def _head(coords: np.ndarray, length_m: float) -> np.ndarray:
    """Return the first ``length_m`` metres of a polyline."""
    cum = _cumulative(coords)
    keep = coords[cum < length_m]
    end, _ = _locate(coords, cum, length_m)
    return np.vstack([keep, end[None, :]])


def _box(rect: Sequence[float]) -> shapely.Polygon:
    return shapely.box(*rect)


def _blob(
    centre: tuple[float, float], radii: tuple[float, float], rng: np.random.Generator
) -> shapely.Polygon:
    """Return an irregular ellipse (a natural-looking lake or pond)."""
    n = 24
    angles = np.linspace(0.0, 2 * math.pi, n, endpoint=False)
    wobble = 1.0 + rng.uniform(-0.07, 0.07, n)
    x = centre[0] + radii[0] * wobble * np.cos(angles)
    y = centre[1] + radii[1] * wobble * np.sin(angles)
    return shapely.Polygon(np.column_stack([x, y]))


def _rect_polygons(centre: np.ndarray, along: np.ndarray, across: np.ndarray, half_w, d0, d1):
    """Return rectangles spanning ``±half_w`` along and ``d0..d1`` across (vectorised)."""
    hw = np.asarray(half_w)[..., None]
    a0, a1 = np.asarray(d0)[..., None], np.asarray(d1)[..., None]
    corners = [
        centre - along * hw + across * a0,
        centre + along * hw + across * a0,
        centre + along * hw + across * a1,
        centre - along * hw + across * a1,
        centre - along * hw + across * a0,
    ]
    return shapely.polygons(np.stack(corners, axis=-2))


# --------------------------------------------------------------------------- the road network


@dataclass
class _Road:
    kind: str
    width_m: float
    base: str
    coords: np.ndarray
    parent: int = -1
    mouth_s: float = 0.0
    mouth_side: int = 0
    depth0_m: float = 0.0  # distance along alleys from the street to this road's start
    child_sides: tuple[int, ...] = ()
    hydrants: bool = False
    key: str = ""
    name: str = ""
    number: int = 0
    cuts: list[tuple[float, tuple[float, float]]] = field(default_factory=list)
    marks: list[tuple[float, tuple[float, float]]] = field(default_factory=list)
    covered: tuple[float, float, float] | None = None  # s0, s1, clearance_m
    lot_ends: dict[int, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cum = _cumulative(self.coords)
        self.line = shapely.LineString(self.coords)

    @property
    def length_m(self) -> float:
        return float(self.cum[-1])

    @property
    def half_m(self) -> float:
        return self.width_m / 2.0

    def far_from_cuts(self, s: float, gap_m: float) -> bool:
        return (
            all(abs(s - c) >= gap_m for c, _ in self.cuts) and gap_m <= s <= self.length_m - gap_m
        )

    def attach(self, s: float) -> tuple[float, float]:
        """Return the exact point at ``s`` and record it as a junction."""
        pt = _exact_point(self.coords, self.cum, s)
        self.cuts.append((s, pt))
        return pt

    def number_at(self, side: int, s: float) -> int:
        """House number on ``side`` at ``s``: odd on the left, even on the right."""
        ends = self.lot_ends.get(side, np.zeros(0))
        i = int(np.searchsorted(ends, s)) if ends.size else int(s // 5.0)
        return 2 * i + (1 if side == 1 else 2)


class _Network:
    """Roads of one tile, with the obstacles that new alleys must stay clear of."""

    def __init__(self) -> None:
        self.roads: list[_Road] = []
        self._geoms: list[shapely.Geometry] = []
        self._road_of: list[int] = []
        self._bounds = np.zeros((0, 4))

    def add_obstacle(self, geom: shapely.Geometry, road: int = -1) -> None:
        self._geoms.append(geom)
        self._road_of.append(road)
        self._bounds = np.vstack([self._bounds, shapely.bounds(geom)[None, :]])

    def add_road(self, road: _Road) -> int:
        self.roads.append(road)
        index = len(self.roads) - 1
        clear = max(R.road_clear_m, road.half_m + 14.0)
        self.add_obstacle(shapely.buffer(road.line, clear, quad_segs=4), index)
        return index

    def first_hit(self, line: shapely.LineString, exclude: Sequence[int]) -> tuple[float, int]:
        """Return distance along ``line`` to the first obstacle and its index (``inf, -1``)."""
        x0, y0, x1, y1 = line.bounds
        b = self._bounds
        near = np.flatnonzero((b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0))
        best, which = math.inf, -1
        for i in near:
            if self._road_of[i] >= 0 and self._road_of[i] in exclude:
                continue
            inter = shapely.intersection(line, self._geoms[i])
            if inter.is_empty:
                continue
            pts = shapely.points(shapely.get_coordinates(inter))
            d = float(shapely.line_locate_point(line, pts).min())
            if d < best:
                best, which = d, int(i)
        return best, which

    def road_of(self, obstacle: int) -> int:
        return self._road_of[obstacle] if obstacle >= 0 else -1


def _build_skeleton(net: _Network) -> dict[str, int]:
    keys = {}
    for row in _SKELETON:
        coords = np.array(row.vertices, dtype=float)
        road = _Road(
            row.kind,
            row.width_m,
            row.base,
            coords,
            child_sides=row.child_sides,
            hydrants=row.hydrants,
            key=row.key,
        )
        for k in range(1, len(coords) - 1):
            road.cuts.append((float(road.cum[k]), (float(coords[k, 0]), float(coords[k, 1]))))
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
    """Grow one alley off ``parent`` at ``s``; return whether it was kept."""
    parent = net.roads[parent_index]
    start = np.array(_exact_point(parent.coords, parent.cum, s))
    _, tangent = _locate(parent.coords, parent.cum, s)
    heading = _rotate(side * np.array([-tangent[1], tangent[0]]), rng.uniform(-1, 1) * R.jitter_deg)
    bend = rng.random() < R.bend_share
    bend_at = rng.uniform(*R.bend_after_m)
    turn = rng.choice([-1.0, 1.0]) * rng.uniform(*R.bend_deg)
    width = float(rng.choice(_ALLEY_WIDTHS_M[kind][0], p=_ALLEY_WIDTHS_M[kind][1]))
    through = rng.random() < R.through_share[0 if kind == "ngo" else 1]
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
        coords = joined[0] if joined is not None else _head(coords, hit_m - 1.0)
    if _cumulative(coords)[-1] < (R.alley_min_m if kind == "ngo" else R.sub_min_m):
        return False
    parent.cuts.append((s, (float(start[0]), float(start[1]))))
    if joined is not None:
        net.roads[joined[1]].cuts.append(joined[2])
    depth0 = 0.0 if parent.kind in _TRUCK_KINDS else parent.depth0_m + s
    net.add_road(
        _Road(
            kind,
            width,
            parent.base,
            coords,
            parent=parent_index,
            mouth_s=s,
            mouth_side=side,
            depth0_m=depth0,
            child_sides=(1, -1) if kind == "ngo" else (),
        )
    )
    return True


def _join_through(
    net: _Network,
    parent_index: int,
    coords: np.ndarray,
    line: shapely.LineString,
    obstacle: int,
) -> tuple[np.ndarray, int, tuple[float, tuple[float, float]]] | None:
    """Extend an alley to the road it runs into (a through alley), when the way is clear.

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
    s_t = float(target.line.project(shapely.Point(line.interpolate(d))))
    if not target.far_from_cuts(s_t, R.junction_gap_m):
        return None
    end = _exact_point(target.coords, target.cum, s_t)
    head = _head(coords, d)
    head[-1] = end
    if _cumulative(head)[-1] - d > 1.0 or len(head) < 2:
        return None
    hit_m, _ = net.first_hit(shapely.LineString(head), [parent_index, target_index])
    if math.isfinite(hit_m):
        return None
    return head, target_index, (s_t, end)


def _grow_children(
    net: _Network, parents: Sequence[int], kind: str, rng: np.random.Generator
) -> None:
    spacing = R.alley_spacing_m if kind == "ngo" else R.sub_spacing_m
    for index in parents:
        parent = net.roads[index]
        for side in parent.child_sides:
            if kind == "ngo":
                s = rng.uniform(*R.alley_first_m)
            else:
                s = R.sub_first_m + rng.uniform(0.0, 10.0)
            while s < parent.length_m - R.junction_gap_m:
                if not parent.far_from_cuts(s, R.junction_gap_m):
                    s += 6.0
                    continue
                if kind == "ngo":
                    deep = rng.random() < R.alley_deep_share
                    target = rng.uniform(*(R.alley_deep_m if deep else R.alley_short_m))
                else:
                    target = rng.uniform(*R.sub_depth_m)
                kept = _grow(net, index, s, side, kind, target, rng)
                s += rng.uniform(*spacing) if kept else 8.0


def _name_roads(net: _Network) -> None:
    for road in net.roads:
        if road.parent < 0:
            road.name = f"{_KIND_WORD[road.kind]} {road.base}"
            continue
        parent = net.roads[road.parent]
        road.number = parent.number_at(road.mouth_side, road.mouth_s)
        if road.kind == "ngo":
            road.name = f"Ngõ {road.number} {road.base}"
        else:
            road.name = f"Ngách {road.number}/{parent.number} {road.base}"


def _address_part(name: str) -> str:
    return name[0].lower() + name[1:]


def _cover_some_alleys(net: _Network, rng: np.random.Generator) -> list[int]:
    """Give a few alleys a covered section (nhà cầu) with a low clearance; return them."""
    alleys = [i for i, r in enumerate(net.roads) if r.kind == "ngo" and r.length_m >= 40]
    chosen = []
    for i in rng.permutation(alleys):
        road = net.roads[int(i)]
        length = rng.uniform(*R.covered_length_m)
        s0 = rng.uniform(8.0, road.length_m - length - 8.0)
        if not (road.far_from_cuts(s0, 4.0) and road.far_from_cuts(s0 + length, 4.0)):
            continue
        if any(s0 - 4.0 <= c <= s0 + length + 4.0 for c, _ in road.cuts):
            continue
        clearance = round(float(rng.uniform(*R.covered_clearance_m)), 1)
        road.covered = (s0, s0 + length, clearance)
        road.cuts += [
            (s0, _exact_point(road.coords, road.cum, s0)),
            (s0 + length, _exact_point(road.coords, road.cum, s0 + length)),
        ]
        chosen.append(int(i))
        if len(chosen) == R.covered_alleys:
            break
    return chosen


def _split_roads(net: _Network) -> dict[str, list]:
    """Cut every road at its junctions; return the pieces as columns (design frame)."""
    out: dict[str, list] = {"geometry": [], "road": [], "s0": [], "s1": [], "clearance": []}
    for index, road in enumerate(net.roads):
        verts = [
            (float(road.cum[k]), tuple(map(float, road.coords[k])), False)
            for k in range(len(road.coords))
        ]
        cut_s = {round(s, 9) for s, _ in road.cuts}
        verts += [(s, pt, True) for s, pt in road.cuts]
        verts += [(s, pt, False) for s, pt in road.marks]
        verts.sort(key=lambda v: (v[0], not v[2]))
        pieces: list[list[tuple[float, tuple[float, float]]]] = [[]]
        for s, pt, is_cut in verts:
            piece = pieces[-1]
            if piece and piece[-1][1] == pt:
                if is_cut or round(s, 9) in cut_s:
                    pieces.append([(s, pt)])
                continue
            piece.append((s, pt))
            if is_cut and 0.0 < s < road.length_m:
                pieces.append([(s, pt)])
        for piece in pieces:
            if len(piece) < 2:
                continue
            s0, s1 = piece[0][0], piece[-1][0]
            out["geometry"].append(shapely.LineString([pt for _, pt in piece]))
            out["road"].append(index)
            out["s0"].append(s0)
            out["s1"].append(s1)
            covered = road.covered
            inside = covered is not None and covered[0] - 1e-6 <= (s0 + s1) / 2 <= covered[1] + 1e-6
            out["clearance"].append(covered[2] if inside else math.nan)
    return out


# --------------------------------------------------------------------------- the tile


@dataclass
class _Tile:
    """One copy of the ward pattern in the local design frame (metres)."""

    roads: dict[str, np.ndarray]
    households: dict[str, np.ndarray]
    groups: dict[str, np.ndarray]
    premises: dict[str, np.ndarray]
    points: dict[str, np.ndarray]
    water_sources: dict[str, np.ndarray]
    water_bodies: dict[str, np.ndarray]
    barriers: dict[str, np.ndarray]
    entry_ends: dict[tuple[str, str], tuple[tuple[float, float], np.ndarray, int]]


def _tdp_of(xy: np.ndarray) -> np.ndarray:
    """Index of the tổ dân phố cell holding each point; -1 on or near a border."""
    out = np.full(len(xy), -1)
    m = R.tdp_edge_margin_m
    for k, (x0, y0, x1, y1) in enumerate(_TDP_CELLS_M):
        inside = (
            (xy[:, 0] > x0 + m) & (xy[:, 0] < x1 - m) & (xy[:, 1] > y0 + m) & (xy[:, 1] < y1 - m)
        )
        out[inside] = k
    return out


def _lots(net: _Network, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Lay house lots along both sides of every road (unfiltered) and number them."""
    cols: dict[str, list[np.ndarray]] = {
        k: [] for k in ("xy", "road", "side", "s", "number", "along", "across", "base")
    }
    for index, road in enumerate(net.roads):
        if road.key == "I1":
            continue
        start = R.tile_margin_m if road.parent < 0 else net.roads[road.parent].half_m + 2.0
        for side in (1, -1):
            n = int((road.length_m - start) / R.lot_frontage_m[0]) + 2
            frontage = rng.uniform(*R.lot_frontage_m, n)
            ends = start + np.cumsum(frontage)
            setback = np.maximum(
                road.half_m + rng.uniform(*R.lot_setback_past_edge_m, n), R.lot_setback_min_m
            )
            keep = ends <= road.length_m - 1.0
            ends, frontage, setback = ends[keep], frontage[keep], setback[keep]
            road.lot_ends[side] = ends
            s = ends - frontage / 2
            base, tangent = _locate(road.coords, road.cum, s)
            normal = side * np.column_stack([-tangent[:, 1], tangent[:, 0]])
            cols["xy"].append(base + normal * setback[:, None])
            cols["road"].append(np.full(len(s), index))
            cols["side"].append(np.full(len(s), side))
            cols["s"].append(s)
            cols["number"].append(2 * np.arange(len(s)) + (1 if side == 1 else 2))
            cols["along"].append(tangent)
            cols["across"].append(normal)
            cols["base"].append(base)
    return {k: np.concatenate(v) for k, v in cols.items()}


def _filter_lots(
    lots: dict[str, np.ndarray],
    net: _Network,
    water: shapely.Geometry,
    sites: shapely.Geometry,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the lots that hold a house, and the free lots left empty (for premises)."""
    xy = lots["xy"]
    ok = (
        (xy[:, 0] > R.tile_margin_m)
        & (xy[:, 0] < TILE_W_M - R.tile_margin_m)
        & (xy[:, 1] > R.tile_margin_m)
        & (xy[:, 1] < TILE_H_M - R.tile_top_margin_m)
    )
    ok &= ~shapely.contains_xy(shapely.buffer(water, R.water_margin_m), xy[:, 0], xy[:, 1])
    ok &= ~shapely.contains_xy(shapely.buffer(sites, R.site_margin_m), xy[:, 0], xy[:, 1])
    ok &= _tdp_of(xy) >= 0
    points = shapely.points(xy)
    lines = np.array([r.line for r in net.roads])
    half = np.array([r.half_m for r in net.roads])
    reach = float(half.max()) + R.lot_clear_of_roads_m
    pi, ri = shapely.STRtree(lines).query(points, predicate="dwithin", distance=reach)
    close = shapely.distance(points[pi], lines[ri]) < half[ri] + R.lot_clear_of_roads_m
    ok[pi[close]] = False
    keep = np.flatnonzero(ok)
    a, b = shapely.STRtree(points[keep]).query(
        points[keep], predicate="dwithin", distance=R.lot_min_gap_m
    )
    crowded = np.unique(b[b > a])
    keep = np.delete(keep, crowded)
    occupied = rng.random(len(keep)) < R.lot_occupied_share
    return keep[occupied], keep[~occupied]


def _place_lot_premises(
    lots: dict[str, np.ndarray],
    free: np.ndarray,
    spare: np.ndarray,
    net: _Network,
    water: shapely.Geometry,
    sites: shapely.Geometry,
    rng: np.random.Generator,
) -> tuple[dict[str, list], np.ndarray]:
    """Put the lot-based premises of :data:`_LOT_PREMISES` on lots; return them and the lots left."""
    kinds = np.array([net.roads[r].kind for r in lots["road"]])
    depth = np.array([net.roads[r].depth0_m for r in lots["road"]]) + lots["s"]
    available = np.zeros(len(lots["xy"]), bool)
    available[np.concatenate([free, spare])] = True
    lines = np.array([r.line for r in net.roads])
    half = np.array([r.half_m for r in net.roads])
    tree = shapely.STRtree(lines)
    blocked = shapely.union_all([shapely.buffer(water, 2.0), shapely.buffer(sites, 1.0)])
    out: dict[str, list] = {
        k: []
        for k in (
            "xy",
            "category",
            "names",
            "floors",
            "occupants",
            "footprint",
            "road",
            "side",
            "s",
        )
    }
    footprints: list[shapely.Geometry] = []
    for row in _LOT_PREMISES:
        road_kinds, min_depth = _PLACEMENTS[row.placement]
        candidates = np.flatnonzero(available & np.isin(kinds, road_kinds) & (depth >= min_depth))
        placed = 0
        for lot in rng.permutation(candidates):
            if placed == row.count:
                break
            if not available[lot]:
                continue
            xy = lots["xy"][lot]
            same = [p for p, c in zip(out["xy"], out["category"], strict=True) if c == row.category]
            if same and np.hypot(*(np.array(same) - xy).T).min() < row.min_gap_m:
                continue
            road = net.roads[lots["road"][lot]]
            frontage = rng.uniform(*row.frontage_m)
            depth_m = rng.uniform(*row.depth_m)
            front = road.half_m + 0.5
            poly = _rect_polygons(
                lots["base"][lot],
                lots["along"][lot],
                lots["across"][lot],
                frontage / 2,
                front,
                front + depth_m,
            )
            near = tree.query(poly, predicate="dwithin", distance=float(half.max()) + 0.3)
            near = near[near != lots["road"][lot]]
            if np.any(shapely.distance(poly, lines[near]) < half[near] + 0.3):
                continue
            if shapely.intersects(poly, blocked) or any(
                shapely.distance(poly, f) < R.premises_footprint_gap_m for f in footprints
            ):
                continue
            bx0, by0, bx1, by1 = shapely.bounds(poly)
            if (
                bx0 < R.tile_margin_m
                or by0 < R.tile_margin_m
                or bx1 > TILE_W_M - R.tile_margin_m
                or by1 > TILE_H_M - R.tile_top_margin_m
            ):
                continue
            covered = shapely.contains_xy(
                shapely.buffer(poly, 1.0), lots["xy"][:, 0], lots["xy"][:, 1]
            )
            available[covered] = False
            available[lot] = False
            footprints.append(poly)
            out["xy"].append(xy)
            out["category"].append(row.category)
            out["names"].append(row.names)
            out["floors"].append(row.floors)
            out["occupants"].append(row.occupants)
            out["footprint"].append(poly)
            out["road"].append(int(lots["road"][lot]))
            out["side"].append(int(lots["side"][lot]))
            out["s"].append(float(lots["s"][lot]))
            placed += 1
    left = free[available[free]]
    return out, left


def _site_premises(net: _Network, keys: dict[str, int]) -> dict[str, list]:
    """Premises on the designed sites and in the industrial cluster's plots."""
    out: dict[str, list] = {
        k: []
        for k in ("xy", "category", "name", "names", "floors", "occupants", "footprint", "address")
    }
    for site in _SITES:
        road = net.roads[keys[site.front]]
        bx0, by0, bx1, by1 = site.building
        centre = np.array([(bx0 + bx1) / 2, (by0 + by1) / 2])
        s = float(road.line.project(shapely.Point(centre)))
        p, _ = _locate(road.coords, road.cum, s)
        toward = p - centre
        step = toward / np.linalg.norm(toward)
        inset = min(bx1 - bx0, by1 - by0) / 2 - 2.0
        out["xy"].append(centre + step * inset)
        out["category"].append(site.category)
        out["name"].append(site.name)
        out["names"].append("")
        out["floors"].append(site.floors)
        out["occupants"].append(site.occupants)
        out["footprint"].append(_box(site.building))
        out["address"].append(
            f"Số {road.number_at(site.front_side, s)}, {_address_part(road.name)}"
        )
    for column, (x0, x1) in enumerate(_CLUSTER_PLOT_X_M):
        for row, category in enumerate(_CLUSTER_PLOTS[column]):
            y0 = _CLUSTER_PLOT_Y0_M + row * _CLUSTER_PLOT_STEP_M
            building = (x0 + 5.0, y0 + 5.0, x1 - 5.0, y0 + _CLUSTER_PLOT_DEPTH_M - 5.0)
            floors, occupants, names = _CLUSTER_PREMISES[category]
            facing_x = building[2] - 3.0 if column == 0 else building[0] + 3.0
            out["xy"].append(np.array([facing_x, (building[1] + building[3]) / 2]))
            out["category"].append(category)
            out["name"].append("")
            out["names"].append(names)
            out["floors"].append(floors)
            out["occupants"].append(occupants)
            out["footprint"].append(_box(building))
            out["address"].append(f"Lô {'AB'[column]}{row + 1}, {CLUSTER_NAME}")
    return out


def _safety_groups(
    lots: dict[str, np.ndarray],
    houses: np.ndarray,
    tdp: np.ndarray,
    net: _Network,
    pieces: dict[str, list],
    rng: np.random.Generator,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Form tổ liên gia from runs of neighbouring houses on one road piece; return membership."""
    t = Thresholds()
    low, high = t.safety_group_min_households, t.safety_group_max_households
    road_pieces: dict[int, list[int]] = {}
    for k, r in enumerate(pieces["road"]):
        road_pieces.setdefault(r, []).append(k)
    piece_of = np.empty(len(houses), dtype=int)
    for j, h in enumerate(houses):
        ks = road_pieces[int(lots["road"][h])]
        s = lots["s"][h]
        starts = np.array([pieces["s0"][k] for k in ks])
        piece_of[j] = ks[max(int(np.searchsorted(starts, s, side="right")) - 1, 0)]
    kinds = np.array([net.roads[int(lots["road"][h])].kind for h in houses])
    alley = np.isin(kinds, ("ngo", "ngach"))
    side_key = np.where(alley, 0, lots["side"][houses])
    order = np.lexsort((lots["s"][houses], tdp, side_key, piece_of))
    member = np.full(len(houses), -1)
    groups: dict[str, list] = {"road": [], "tdp": [], "first": []}
    key = np.column_stack([piece_of, side_key, tdp])[order]
    breaks = np.flatnonzero(np.any(np.diff(key, axis=0) != 0, axis=1)) + 1
    for run in np.split(order, breaks):
        share = R.group_share[0 if alley[run[0]] else 1]
        if len(run) < low or rng.random() >= share:
            continue
        gaps = np.diff(lots["s"][houses[run]])
        for chunk in np.split(run, np.flatnonzero(gaps > R.group_max_gap_m) + 1):
            start = 0
            while len(chunk) - start >= low:
                size = (
                    int(rng.integers(low + 1, min(high - 2, len(chunk) - start) + 1))
                    if len(chunk) - start > low
                    else low
                )
                if len(chunk) - start - size < low and len(chunk) - start <= high:
                    size = len(chunk) - start
                members = chunk[start : start + size]
                member[members] = len(groups["road"])
                groups["road"].append(int(lots["road"][houses[members[0]]]))
                groups["tdp"].append(int(tdp[members[0]]))
                groups["first"].append(int(members[0]))
                start += size
    return member, {k: np.array(v, dtype=int) for k, v in groups.items()}


def _firefighting_points(net: _Network, rng: np.random.Generator) -> dict[str, list]:
    """Public firefighting points halfway into deep alleys a fire truck cannot enter."""
    limit = Thresholds().truck_min_width_m
    eligible = [
        i
        for i, r in enumerate(net.roads)
        if r.kind == "ngo" and r.width_m < limit and r.length_m >= R.point_min_alley_m
    ]
    out: dict[str, list] = {"xy": [], "road": [], "s": []}
    for i in rng.permutation(eligible):
        road = net.roads[int(i)]
        s = road.length_m * rng.uniform(0.35, 0.6)
        if not road.far_from_cuts(s, 8.0):
            continue
        p, tangent = _locate(road.coords, road.cum, s)
        xy = p + np.array([-tangent[1], tangent[0]]) * (road.half_m + 0.4)
        if _tdp_of(xy[None, :])[0] < 0:
            continue
        if out["xy"] and np.hypot(*(np.array(out["xy"]) - xy).T).min() < R.point_spacing_m:
            continue
        out["xy"].append(xy)
        out["road"].append(int(i))
        out["s"].append(s)
        if len(out["xy"]) == R.points_per_tile:
            break
    return out


def _hydrants(net: _Network, rng: np.random.Generator) -> dict[str, list]:
    """Hydrants every 120–150 m along the main roads and the streets with a water main."""
    lines = np.array([r.line for r in net.roads])
    half = np.array([r.half_m for r in net.roads])
    out: dict[str, list] = {"xy": [], "road": [], "side": [], "s": []}
    for index, road in enumerate(net.roads):
        if not road.hydrants:
            continue
        s = rng.uniform(20.0, 60.0)
        while s < road.length_m - 10.0:
            side = 1 if road.key == "M0" else int(rng.choice([-1, 1]))
            for shift in np.arange(0.0, 40.0, 5.0):
                p, tangent = _locate(road.coords, road.cum, min(s + shift, road.length_m - 5.0))
                offset = road.half_m + R.hydrant_past_kerb_m
                xy = p + side * np.array([-tangent[1], tangent[0]]) * offset
                d = shapely.distance(shapely.Point(xy), lines)
                d[index] = math.inf
                if np.all(d > np.maximum(half, offset) + 1.0):  # clear of alley mouths
                    out["xy"].append(xy)
                    out["road"].append(index)
                    out["side"].append(side)
                    out["s"].append(s + shift)
                    break
            s += rng.uniform(*R.hydrant_spacing_m)
    return out


def _barriers(net: _Network, covered: list[int], rng: np.random.Generator) -> dict[str, list]:
    """Gates, bollards, low wires and a covered passage, as vertices of alley lines."""
    night_from = Thresholds().night_from_hour
    night_to = Thresholds().night_to_hour
    plan = (("gate", 3), ("bollard", 2), ("low_wires", 2))
    out: dict[str, list] = {
        k: [] for k in ("xy", "kind", "clearance", "width", "closed_from", "closed_to", "road")
    }
    alleys = [
        i
        for i, r in enumerate(net.roads)
        if r.kind == "ngo" and r.length_m >= 40 and i not in covered
    ]
    used: set[int] = set()
    picks = iter(int(i) for i in rng.permutation(alleys))

    def put(index: int, s: float, kind: str, clearance: float, width: float, times: tuple) -> None:
        road = net.roads[index]
        pt = _exact_point(road.coords, road.cum, s)
        road.marks.append((s, pt))
        out["xy"].append(np.array(pt))
        out["kind"].append(kind)
        out["clearance"].append(clearance)
        out["width"].append(width)
        out["closed_from"].append(times[0])
        out["closed_to"].append(times[1])
        out["road"].append(index)

    for kind, count in plan:
        for _ in range(count):
            index = next(i for i in picks if i not in used)
            used.add(index)
            road = net.roads[index]
            if kind == "gate":
                s = next(
                    x for x in np.arange(6.0, 20.0, 1.0) if road.far_from_cuts(x, 3.0) or x < 3.0
                )
                times = (
                    f"{int(night_from):02d}:{round(night_from % 1 * 60):02d}",
                    f"{int(night_to):02d}:{round(night_to % 1 * 60):02d}",
                )
                put(
                    index,
                    s,
                    kind,
                    math.nan,
                    round(min(road.width_m, rng.uniform(2.2, 3.0)), 1),
                    times,
                )
            elif kind == "bollard":
                s = next(x for x in np.arange(4.0, 20.0, 1.0) if road.far_from_cuts(x, 3.0))
                put(index, s, kind, math.nan, round(rng.uniform(1.2, 1.6), 1), (None, None))
            else:
                s = next(
                    x
                    for x in np.arange(road.length_m * 0.4, road.length_m - 3.0, 1.0)
                    if road.far_from_cuts(x, 3.0)
                )
                put(index, s, kind, round(rng.uniform(3.0, 4.0), 1), math.nan, (None, None))
    index = covered[0]
    road = net.roads[index]
    s0, s1, clearance = road.covered  # type: ignore[misc]
    put(index, (s0 + s1) / 2, "passage", clearance, math.nan, (None, None))
    return out


def _water_sources(
    net: _Network,
    keys: dict[str, int],
    lake: shapely.Polygon,
    ponds: list[shapely.Polygon],
    rng: np.random.Generator,
) -> dict[str, list]:
    out: dict[str, list] = {
        k: [] for k in ("xy", "kind", "name", "address", "capacity", "truck", "road", "side", "s")
    }

    def add(xy, kind, name, address, capacity, truck, road=-1, side=0, s=0.0) -> None:
        for k, v in zip(
            out,
            (np.asarray(xy, float), kind, name, address, capacity, truck, road, side, s),
            strict=True,
        ):
            out[k].append(v)

    hydrants = _hydrants(net, rng)
    for xy, road, side, s in zip(
        hydrants["xy"], hydrants["road"], hydrants["side"], hydrants["s"], strict=True
    ):
        add(xy, "hydrant", "", "", math.nan, True, road, side, s)
    for site in _SITES:
        if site.tank_xy is not None:
            name = f"Bể nước chữa cháy {site.name}"
            add(site.tank_xy, "tank", name, site.name, site.tank_m3, site.tank_truck)
    column, row = _CLUSTER_TANK_PLOT
    x0, _ = _CLUSTER_PLOT_X_M[column]
    y0 = _CLUSTER_PLOT_Y0_M + row * _CLUSTER_PLOT_STEP_M
    add(
        (x0 + 3.0, y0 + 3.0),
        "tank",
        f"Bể nước chữa cháy lô B{row + 1}, {CLUSTER_NAME}",
        CLUSTER_NAME,
        80.0,
        True,
    )
    lake_m3 = round(lake.area * _LAKE_DEPTH_M, -2)
    for xy, truck in _LAKE_DRAW_OFFS:
        add(xy, "lake", f"Điểm lấy nước {_LAKE[0]}", _LAKE[0], lake_m3, truck)
    lines = np.array([r.line for r in net.roads])
    limit = Thresholds().truck_min_width_m
    for k, pond in enumerate(ponds):
        d = shapely.distance(pond, lines)
        nearest = int(np.argmin(d))
        road = net.roads[nearest]
        on_road = shapely.get_coordinates(shapely.shortest_line(pond, road.line))
        step = (on_road[1] - on_road[0]) / max(np.hypot(*(on_road[1] - on_road[0])), 1e-9)
        xy = on_road[0] + step * 1.5
        truck = road.width_m >= limit and d[nearest] <= 20.0
        add(
            xy,
            "pond",
            f"Điểm lấy nước ao số {k + 1}",
            _address_part(road.name),
            round(pond.area * _POND_DEPTH_M, -1),
            bool(truck),
            nearest,
        )
    wells = [i for i, r in enumerate(net.roads) if r.kind == "ngo" and r.length_m >= 50]
    for i in rng.permutation(wells)[:2]:
        road = net.roads[int(i)]
        s = road.length_m * 0.7
        p, tangent = _locate(road.coords, road.cum, s)
        xy = p - np.array([-tangent[1], tangent[0]]) * (road.half_m + 1.0)
        add(
            xy,
            "well",
            f"Giếng khoan {road.name}",
            _address_part(road.name),
            math.nan,
            False,
            int(i),
        )
    return out


def _build_tile(rng: np.random.Generator) -> _Tile:
    """Lay out one tile of the ward pattern (design frame, metres)."""
    net = _Network()
    lake = _blob(_LAKE[1], _LAKE[2], rng)
    ponds = [
        _blob(c, (r := rng.uniform(*_POND_RADIUS_M), r * rng.uniform(0.7, 1.0)), rng)
        for c in _PONDS_M
    ]
    water = shapely.union_all([lake, *ponds])
    sites = shapely.union_all([_box(s.parcel) for s in _SITES])
    frame = shapely.difference(
        shapely.box(-200, -5, TILE_W_M + 200, TILE_H_M + 200),
        shapely.box(R.edge_clear_m, -5, TILE_W_M - R.edge_clear_m, TILE_H_M - R.edge_clear_m),
    )
    keys = _build_skeleton(net)
    for geom, clear in ((lake, R.water_clear_m), *((p, R.water_clear_m) for p in ponds)):
        net.add_obstacle(shapely.buffer(geom, clear))
    for site in _SITES:
        net.add_obstacle(shapely.buffer(_box(site.parcel), R.site_clear_m))
    net.add_obstacle(frame)
    _grow_children(net, list(keys.values()), "ngo", rng)
    _grow_children(net, [i for i, r in enumerate(net.roads) if r.kind == "ngo"], "ngach", rng)
    covered = _cover_some_alleys(net, rng)
    barriers = _barriers(net, covered, rng)
    lots = _lots(net, rng)
    _name_roads(net)
    free, spare = _filter_lots(lots, net, water, sites, rng)
    lot_premises, houses = _place_lot_premises(lots, free, spare, net, water, sites, rng)
    site_premises = _site_premises(net, keys)
    points = _firefighting_points(net, rng)
    sources = _water_sources(net, keys, lake, ponds, rng)
    pieces = _split_roads(net)
    tdp = _tdp_of(lots["xy"][houses])
    member, groups = _safety_groups(lots, houses, tdp, net, pieces, rng)

    road_names = np.array([r.name for r in net.roads], dtype=object)
    house_address = np.array(
        [
            f"Số {n}, {_address_part(road_names[r])}"
            for n, r in zip(lots["number"][houses], lots["road"][houses], strict=True)
        ],
        dtype=object,
    )
    lot_address = [
        f"Số {net.roads[r].number_at(side, s)}, {_address_part(net.roads[r].name)}"
        for r, side, s in zip(
            lot_premises["road"], lot_premises["side"], lot_premises["s"], strict=True
        )
    ]
    premises_xy = np.array(lot_premises["xy"] + site_premises["xy"])
    prem = {
        "xy": premises_xy,
        "category": np.array(lot_premises["category"] + site_premises["category"], dtype=object),
        "name": np.array([""] * len(lot_premises["xy"]) + site_premises["name"], dtype=object),
        "names": np.array(lot_premises["names"] + site_premises["names"], dtype=object),
        "floors": np.array(lot_premises["floors"] + site_premises["floors"]),
        "occupants": np.array(lot_premises["occupants"] + site_premises["occupants"]),
        "footprint": np.array(lot_premises["footprint"] + site_premises["footprint"], dtype=object),
        "address": np.array(lot_address + site_premises["address"], dtype=object),
        "tdp": _tdp_of(premises_xy),
    }
    hydrant_address = [
        f"Trước số {net.roads[r].number_at(side, s)}, {_address_part(net.roads[r].name)}"
        if kind == "hydrant"
        else address
        for r, side, s, kind, address in zip(
            sources["road"],
            sources["side"],
            sources["s"],
            sources["kind"],
            sources["address"],
            strict=True,
        )
    ]
    entry_ends = {}
    for key, end in _ENTRY_ROADS:
        road = net.roads[keys[key]]
        at_start = end in ("west", "south")
        xy = road.coords[0] if at_start else road.coords[-1]
        direction = (
            road.coords[0] - road.coords[1] if at_start else road.coords[-1] - road.coords[-2]
        )
        entry_ends[(key, end)] = (
            (float(xy[0]), float(xy[1])),
            direction / np.linalg.norm(direction),
            keys[key],
        )
    return _Tile(
        roads={
            "geometry": np.array(pieces["geometry"], dtype=object),
            "name": road_names[pieces["road"]],
            "kind": np.array([net.roads[r].kind for r in pieces["road"]], dtype=object),
            "width": np.array([net.roads[r].width_m for r in pieces["road"]]),
            "clearance": np.array(pieces["clearance"]),
            "road": np.array(pieces["road"]),
            "template": np.array(
                [{"name": r.name, "kind": r.kind, "width": r.width_m} for r in net.roads],
                dtype=object,
            ),
        },
        households={
            "xy": lots["xy"][houses],
            "address": house_address,
            "tdp": tdp,
            "on_street": np.isin(
                [net.roads[int(r)].kind for r in lots["road"][houses]], _TRUCK_KINDS
            ),
            "group": member,
        },
        groups={
            "road_name": road_names[groups["road"]],
            "tdp": groups["tdp"],
            "first": groups["first"],
        },
        premises=prem,
        points={
            "xy": np.array(points["xy"]),
            "address": np.array(
                [_address_part(net.roads[r].name) for r in points["road"]], dtype=object
            ),
            "name": np.array(
                [f"Điểm chữa cháy công cộng {net.roads[r].name}" for r in points["road"]],
                dtype=object,
            ),
            "tdp": _tdp_of(np.array(points["xy"])),
        },
        water_sources={
            "xy": np.array(sources["xy"]),
            "kind": np.array(sources["kind"], dtype=object),
            "name": np.array(sources["name"], dtype=object),
            "address": np.array(hydrant_address, dtype=object),
            "capacity": np.array(sources["capacity"], dtype=float),
            "truck": np.array(sources["truck"], dtype=bool),
            "road_name": np.array(
                [net.roads[r].name if r >= 0 else "" for r in sources["road"]], dtype=object
            ),
        },
        water_bodies={
            "geometry": np.array([lake, *ponds], dtype=object),
            "kind": np.array(["lake"] + ["pond"] * len(ponds), dtype=object),
            "name": np.array(
                [_LAKE[0]] + [f"Ao số {k + 1}" for k in range(len(ponds))], dtype=object
            ),
        },
        barriers={
            k: np.array(v, dtype=object if k in ("kind", "closed_from", "closed_to") else None)
            for k, v in barriers.items()
        },
        entry_ends=entry_ends,
    )


# --------------------------------------------------------------------------- the whole ward


def _grid_shape(scale: int) -> tuple[int, int]:
    """Tiles across and up for ``scale`` copies: the squarest grid (10 → 5 × 2)."""
    ny = max(d for d in range(1, math.isqrt(scale) + 1) if scale % d == 0)
    return scale // ny, ny


def _river_centre(x: np.ndarray, phase: tuple[float, float]) -> np.ndarray:
    return (
        -80.0
        + 14.0 * np.sin(2 * math.pi * x / 1100.0 + phase[0])
        + 7.0 * np.sin(2 * math.pi * x / 430.0 + phase[1])
    )


def _ward_outline(
    width_m: float, height_m: float, phase: tuple[float, float], rng: np.random.Generator
) -> shapely.Polygon:
    """An irregular boundary around the built-up area, along the river's mid-line in the south."""

    def side(length: float) -> np.ndarray:
        steps = [rng.uniform(*R.boundary_step_m)]
        while steps[-1] < length - R.boundary_step_m[0] / 2:
            steps.append(steps[-1] + rng.uniform(*R.boundary_step_m))
        return np.array(steps[:-1])

    def out(n: int) -> np.ndarray:
        return rng.uniform(*R.boundary_offset_m, n)

    west0, east0 = out(1)[0], out(1)[0]
    south_x = np.concatenate(
        [[-west0], np.arange(math.ceil(-west0 / 25) * 25, width_m + east0, 25.0), [width_m + east0]]
    )
    south = np.column_stack([south_x, _river_centre(south_x, phase)])
    east_y = side(height_m)
    east = np.column_stack([width_m + out(len(east_y)), east_y])
    ne = np.array([[width_m + out(1)[0], height_m + out(1)[0]]])
    north_x = width_m - side(width_m)
    north = np.column_stack([north_x, height_m + out(len(north_x))])
    nw = np.array([[-out(1)[0], height_m + out(1)[0]]])
    west_y = height_m - side(height_m)
    west = np.column_stack([-out(len(west_y)), west_y])
    ring = np.vstack([south, east, ne, north, nw, west])
    return shapely.Polygon(ring)


def _river(width_m: float, phase: tuple[float, float]) -> tuple[shapely.Polygon, np.ndarray]:
    """The river band along the south edge and its north bank (x, y) samples."""
    x = np.arange(-250.0, width_m + 250.0 + 1e-9, 20.0)
    centre = _river_centre(x, phase)
    north = np.column_stack([x, centre + R.river_half_width_m])
    south = np.column_stack([x, centre - R.river_half_width_m])
    return shapely.Polygon(np.vstack([north, south[::-1]])), north


def _rotation() -> np.ndarray:
    a = math.radians(GRID_ROTATION_DEG)
    return np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])


def _metric_origin() -> np.ndarray:
    """Metric position of the design frame's origin: the ×1 ward is centred on 21.27 N, 106.20 E."""
    to_metric = Transformer.from_crs("EPSG:4326", CRS_METRIC, always_xy=True)
    centre = np.array(to_metric.transform(*CENTRE_LON_LAT))
    return centre - _rotation() @ np.array([TILE_W_M / 2, (TILE_H_M - 80.0) / 2])


class _Place:
    """Moves design-frame coordinates of tile ``t`` to metric coordinates (EPSG:9214)."""

    def __init__(self, offsets: np.ndarray) -> None:
        self.offsets = offsets
        self.rot_t = _rotation().T
        self.origin = _metric_origin()

    def xy(self, local: np.ndarray) -> np.ndarray:
        """Tile every local point: ``(n, 2)`` → ``(tiles * n, 2)``, tile-major."""
        local = np.asarray(local, dtype=float).reshape(-1, 2)
        design = (local[None, :, :] + self.offsets[:, None, :]).reshape(-1, 2)
        return design @ self.rot_t + self.origin

    def geoms(self, local: np.ndarray) -> np.ndarray:
        """Tile every local geometry, tile-major."""
        parts = [shapely.transform(local, lambda c, o=o: c + o) for o in self.offsets]
        return self.global_geoms(np.concatenate(parts) if parts else np.zeros(0, dtype=object))

    def global_geoms(self, design: np.ndarray) -> np.ndarray:
        """Move geometries already in the whole-ward design frame."""
        return shapely.transform(
            np.asarray(design, dtype=object), lambda c: c @ self.rot_t + self.origin
        )


def _ids(prefix: str, n: int, digits: int) -> np.ndarray:
    width = max(digits, len(str(n)))
    return np.array([f"{prefix}-{k:0{width}d}" for k in range(1, n + 1)], dtype=object)


def _weighted(rng: np.random.Generator, table: Sequence[tuple[str, float]], n: int) -> np.ndarray:
    values = np.array([v for v, _ in table], dtype=object)
    weights = np.array([w for _, w in table], dtype=float)
    return values[rng.choice(len(values), size=n, p=weights / weights.sum())]


def _people(rng: np.random.Generator, n: int) -> np.ndarray:
    """Random Vietnamese full names (family, middle, given), either gender."""
    family = _weighted(rng, _FAMILY, n)
    female = rng.random(n) < 0.5
    out = np.empty(n, dtype=object)
    for gender, mask in (("f", female), ("m", ~female)):
        k = int(mask.sum())
        middle = _weighted(rng, _MIDDLE[gender], k)
        given = np.array(_GIVEN[gender], dtype=object)[rng.integers(0, len(_GIVEN[gender]), k)]
        out[mask] = family[mask] + " " + middle + " " + given
    return out


def _phones(rng: np.random.Generator, n: int) -> np.ndarray:
    """Obviously fictitious phone numbers: ``0000 xxx xxx``."""
    digits = rng.integers(0, 1000, size=(n, 2))
    return np.array([f"0000 {a:03d} {b:03d}" for a, b in digits], dtype=object)


def _days_before(rng: np.random.Generator, low: int, high: int, n: int) -> np.ndarray:
    """Dates between ``high`` and ``low`` days before :data:`AS_OF`."""
    return np.datetime64(AS_OF, "D") - rng.integers(low, high + 1, n).astype("timedelta64[D]")


def _fill_names(rng: np.random.Generator, keys: Sequence[str]) -> list[str]:
    """Premises names from :data:`_NAME_PATTERNS`, filled with words from :data:`_WORDS`."""
    out = []
    for key in keys:
        patterns = _NAME_PATTERNS[key]
        text = patterns[int(rng.integers(len(patterns)))]
        for _ in range(2):  # a word may itself hold a placeholder ("Gara ô tô {brand}")
            fields = [f for _, f, _, _ in string.Formatter().parse(text) if f]
            values = {}
            for f in fields:
                if f == "given":
                    values[f] = _GIVEN["f" if rng.random() < 0.5 else "m"][int(rng.integers(30))]
                elif f == "family":
                    values[f] = _FAMILY[int(rng.integers(len(_FAMILY)))][0]
                else:
                    values[f] = _WORDS[f][int(rng.integers(len(_WORDS[f])))]
            text = text.format(**values)
        out.append(text)
    return out


def _frame(
    name: str, columns: dict[str, object], geometry: np.ndarray | None, *, crs: str = CRS_METRIC
) -> gpd.GeoDataFrame:
    """Build layer ``name`` from geometry in ``crs`` and conform it (to EPSG:4326)."""
    data = pd.DataFrame(columns)
    frame = data if geometry is None else gpd.GeoDataFrame(data, geometry=geometry, crs=crs)
    out, problems = conform_layer(name, frame)
    if problems:
        raise ValidationError(problems, context=f"sample_ward:{name}")
    return out


def _dates(values: np.ndarray) -> pd.Series:
    return pd.Series(np.asarray(values, dtype="datetime64[D]").astype("datetime64[ms]"))


def generate_ward(*, seed: int = DEFAULT_SEED, scale: int = 1) -> dict[str, gpd.GeoDataFrame]:
    """Generate every layer of the synthetic sample ward.

    Parameters
    ----------
    seed
        Seed of ``numpy.random.default_rng``; the same seed and scale give the same ward.
    scale
        Number of copies of the ward pattern laid side by side under one boundary (1 for the
        embedded sample; 10 and 100 for benchmarks).

    Returns
    -------
    dict of str to geopandas.GeoDataFrame
        Every layer of :mod:`pipelines.schema`, in its order, conformed, in EPSG:4326.
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
    offsets = np.array([(i * TILE_W_M, j * TILE_H_M) for j in range(ny) for i in range(nx)])
    place = _Place(offsets)
    width_m, height_m = nx * TILE_W_M, ny * TILE_H_M
    phase = (float(rng.uniform(0, 2 * math.pi)), float(rng.uniform(0, 2 * math.pi)))
    outline = _ward_outline(width_m, height_m, phase, rng)
    layers: dict[str, gpd.GeoDataFrame] = {}

    n_cells = len(_TDP_CELLS_M)
    tdp_ids = _ids("TDP", scale * n_cells, 2)
    tdp_names = np.array(
        [f"Tổ dân phố số {k}" for k in range(1, scale * n_cells + 1)], dtype=object
    )
    layers["ward_boundary"] = _frame(
        "ward_boundary",
        {
            "id": ["PHUONG-MAU"],
            "name": [WARD_NAME],
            "note": [f"Dữ liệu mô phỏng, không phải ranh giới thật (seed {seed}, ×{scale})"],
        },
        place.global_geoms(np.array([outline])),
    )
    layers["residential_groups"] = _frame(
        "residential_groups",
        {
            "id": tdp_ids,
            "name": tdp_names,
            "leader": _people(rng, len(tdp_ids)),
            "phone": _phones(rng, len(tdp_ids)),
        },
        place.global_geoms(_tdp_polygons(nx, ny, outline)),
    )
    households = _households_layer(tile, place, rng, tdp_ids, tdp_names, scale)
    layers["premises"], footprints = _premises_layer(tile, place, rng, tdp_ids, tdp_names, scale)
    layers["households"] = households
    layers["firefighting_points"] = _points_layer(tile, place, rng, tdp_ids, tdp_names, scale)
    layers["safety_groups"] = _groups_layer(tile, rng, households, tdp_ids, scale)
    river, bank = _river(width_m, phase)
    layers["water_sources"] = _water_sources_layer(tile, place, rng, bank, nx, scale)
    bodies = tile.water_bodies
    layers["water_bodies"] = _frame(
        "water_bodies",
        {
            "id": _ids("MN", 1 + scale * len(bodies["kind"]), 2),
            "name": np.concatenate([["Sông Thương (mô phỏng)"], np.tile(bodies["name"], scale)]),
            "kind": np.concatenate([["river"], np.tile(bodies["kind"], scale)]),
        },
        np.concatenate([place.global_geoms(np.array([river])), place.geoms(bodies["geometry"])]),
    )
    layers["roads"] = _roads_layer(tile, place, nx, ny, scale)
    layers["barriers"] = _barriers_layer(tile, place, scale)
    layers["incidents"] = _incidents_layer(
        rng, households, layers["premises"], INCIDENTS_PER_TILE * scale
    )
    layers["buildings"] = _frame(
        "buildings",
        {
            "id": _ids("CT", len(footprints), 4),
            "name": layers["premises"]["name"].to_numpy(dtype=object),
            "levels": layers["premises"]["floors"].to_numpy(dtype=float),
            "use": [_BUILDING_USE[c] for c in layers["premises"]["category"]],
        },
        footprints,
    )
    return {name: layers[name] for name in LAYER_NAMES}


def _tdp_polygons(nx: int, ny: int, outline: shapely.Polygon) -> np.ndarray:
    """Tổ dân phố polygons: the cells of every tile, outer cells stretched to the boundary."""
    far = 5000.0
    cells = []
    for j in range(ny):
        for i in range(nx):
            for x0, y0, x1, y1 in _TDP_CELLS_M:
                box = [x0 + i * TILE_W_M, y0 + j * TILE_H_M, x1 + i * TILE_W_M, y1 + j * TILE_H_M]
                if i == 0 and x0 == 0:
                    box[0] = -far
                if i == nx - 1 and x1 == TILE_W_M:
                    box[2] = nx * TILE_W_M + far
                if j == 0 and y0 == 0:
                    box[1] = -far
                if j == ny - 1 and y1 == TILE_H_M:
                    box[3] = ny * TILE_H_M + far
                cells.append(shapely.box(*box))
    return shapely.intersection(np.array(cells), outline)


def _households_layer(tile, place, rng, tdp_ids, tdp_names, scale) -> gpd.GeoDataFrame:
    h = tile.households
    n_tile = len(h["xy"])
    n = n_tile * scale
    copy = np.repeat(np.arange(scale), n_tile)
    tdp = np.tile(h["tdp"], scale) + copy * len(_TDP_CELLS_M)
    on_street = np.tile(h["on_street"], scale)
    group = np.tile(h["group"], scale)
    n_groups = len(tile.groups["first"])
    group_ids = _ids("TLG", n_groups * scale, 3)
    business = rng.random(n) < np.where(on_street, 0.30, 0.07)
    business_type = np.where(business, _weighted(rng, _BUSINESS_TYPES, n), None)
    note = np.full(n, None, dtype=object)
    for text, share in _HOUSEHOLD_NOTES:
        note[(rng.random(n) < share) & (note == None)] = text  # noqa: E711
    members = rng.choice(
        np.arange(1, 9), size=n, p=[0.08, 0.15, 0.22, 0.25, 0.15, 0.09, 0.04, 0.02]
    )
    return _frame(
        "households",
        {
            "id": _ids("HGD", n, 6),
            "address": np.tile(h["address"], scale) + ", " + tdp_names[tdp],
            "residential_group_id": tdp_ids[tdp],
            "head_name": _people(rng, n),
            "members": members,
            "is_business": business,
            "business_type": business_type,
            "safety_group_id": np.where(
                group >= 0, group_ids[np.maximum(group, 0) + copy * n_groups], None
            ),
            "note": note,
        },
        shapely.points(place.xy(h["xy"])),
    )


def _premises_layer(tile, place, rng, tdp_ids, tdp_names, scale):
    p = tile.premises
    n_tile = len(p["xy"])
    n = n_tile * scale
    copy = np.repeat(np.arange(scale), n_tile)
    category = np.tile(p["category"], scale)
    fixed = np.tile(p["name"], scale)
    generated = _fill_names(
        rng, [k for k, f in zip(np.tile(p["names"], scale), fixed, strict=True) if not f]
    )
    name = fixed.copy()
    name[fixed == ""] = generated
    ranges = np.tile(p["floors"], (scale, 1))
    floors = rng.integers(ranges[:, 0], ranges[:, 1] + 1)
    ranges = np.tile(p["occupants"], (scale, 1))
    occupants = rng.integers(ranges[:, 0], ranges[:, 1] + 1)
    footprints = place.geoms(p["footprint"])
    floor_area = np.round(shapely.area(footprints) * floors)
    tdp = np.tile(p["tdp"], scale) + copy * len(_TDP_CELLS_M)

    never_share = np.array([_NEVER_INSPECTED_SHARE.get(c, 0.03) for c in category])
    open_share = np.array([_VIOLATION_SHARE[c][0] for c in category])
    flag_share = np.array([_VIOLATION_SHARE[c][1] for c in category])
    violating = rng.random(n) < open_share
    open_violations = np.where(violating, 1 + rng.binomial(2, 0.3, n), 0)
    flagged = rng.random(n) < flag_share
    never = (rng.random(n) < never_share) & ~violating
    inspected = _days_before(rng, 10, 3 * 365, n)
    result = np.where(rng.random(n) < 0.55, "passed", "remarks").astype(object)
    result[violating] = "failed"
    result[never] = None
    deadline = inspected + rng.integers(30, 181, n).astype("timedelta64[D]")
    notes = np.full(n, None, dtype=object)
    pick = rng.permuted(np.tile(np.arange(len(_VIOLATION_NOTES)), (n, 1)), axis=1)
    construction = rng.integers(0, len(_CONSTRUCTION_ELECTRICAL_NOTES), n)
    for k in np.flatnonzero(violating | flagged):
        parts = [_VIOLATION_NOTES[j] for j in pick[k, : open_violations[k]]]
        if flagged[k]:
            parts.append(_CONSTRUCTION_ELECTRICAL_NOTES[construction[k]])
        notes[k] = "; ".join(parts)
    cluster_note = np.where(
        category == "industrial",
        f"Cụm công nghiệp {len(_CLUSTER_PLOTS[0]) * 2} lô; điểm là nhà điều hành",
        None,
    )
    frame = _frame(
        "premises",
        {
            "id": _ids("CS", n, 4),
            "name": name,
            "category": category,
            "address": np.tile(p["address"], scale) + ", " + tdp_names[tdp],
            "residential_group_id": tdp_ids[tdp],
            "floors": floors,
            "floor_area_m2": floor_area,
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
            "note": cluster_note,
        },
        shapely.points(place.xy(p["xy"])),
    )
    return frame, footprints


# Status mix of the public points of one tile: mostly working, some to service, one broken.
_POINT_STATUS = ("working",) * 9 + ("needs_service",) * 2 + ("out_of_service",)
_POINT_NOTES = {
    "working": None,
    "needs_service": "Bình bột sắp hết hạn, cần nạp lại",
    "out_of_service": "Tủ bị hỏng khóa, bình chữa cháy hết hạn; đã báo UBND phường",
}
_KIT_ITEMS = (
    ("extinguishers_powder", "extinguisher_powder_vnd"),
    ("extinguishers_co2", "extinguisher_co2_vnd"),
    ("crowbars", "crowbar_vnd"),
    ("hammers", "hammer_vnd"),
    ("cutters", "cutter_vnd"),
)


def _points_layer(tile, place, rng, tdp_ids, tdp_names, scale) -> gpd.GeoDataFrame:
    from pipelines.settings import CostSection

    pts = tile.points
    n_tile = len(pts["xy"])
    n = n_tile * scale
    copy = np.repeat(np.arange(scale), n_tile)
    tdp = np.tile(pts["tdp"], scale) + copy * len(_TDP_CELLS_M)
    kit = CostSection().kit
    counts = np.tile([kit[cost] for _, cost in _KIT_ITEMS], (n, 1))
    incomplete = np.flatnonzero(rng.random(n) < 0.25)
    counts[incomplete, rng.integers(0, len(_KIT_ITEMS), len(incomplete))] -= 1
    status_pool = np.resize(np.array(_POINT_STATUS, dtype=object), n_tile)
    status = np.concatenate([rng.permutation(status_pool) for _ in range(scale)])
    installed = _days_before(rng, 120, 1340, n)
    checked = np.minimum(_days_before(rng, 5, 300, n), np.datetime64(AS_OF, "D"))
    checked = np.maximum(checked, installed + np.timedelta64(30, "D"))
    columns = {
        "id": _ids("DCC", n, 2),
        "name": np.tile(pts["name"], scale),
        "address": np.tile(pts["address"], scale) + ", " + tdp_names[tdp],
        "residential_group_id": tdp_ids[tdp],
        "status": status,
        "installed": _dates(installed),
        "last_check": _dates(checked),
        "responsible_person": _people(rng, n),
        "responsible_phone": _phones(rng, n),
        "note": [_POINT_NOTES[s] for s in status],
    }
    columns.update({name: np.maximum(counts[:, k], 0) for k, (name, _) in enumerate(_KIT_ITEMS)})
    return _frame("firefighting_points", columns, shapely.points(place.xy(pts["xy"])))


def _groups_layer(tile, rng, households, tdp_ids, scale) -> gpd.GeoDataFrame:
    g = tile.groups
    n_tile = len(g["first"])
    n = n_tile * scale
    copy = np.repeat(np.arange(scale), n_tile)
    n_houses = len(tile.households["xy"])
    first = np.tile(g["first"], scale) + copy * n_houses
    start = (np.datetime64("2022-01-01") - np.datetime64(AS_OF, "D")).astype(int)
    established = np.datetime64(AS_OF, "D") + rng.integers(start, -1, n).astype("timedelta64[D]")
    return _frame(
        "safety_groups",
        {
            "id": _ids("TLG", n, 3),
            "name": [
                f"Tổ liên gia số {k} – {r}"
                for k, r in zip(range(1, n + 1), np.tile(g["road_name"], scale), strict=True)
            ],
            "residential_group_id": tdp_ids[np.tile(g["tdp"], scale) + copy * len(_TDP_CELLS_M)],
            "leader": households["head_name"].to_numpy(dtype=object)[first],
            "phone": _phones(rng, n),
            "established": _dates(established),
            "linked_alarm": rng.random(n) < 0.4,
        },
        None,
    )


_SOURCE_STATUS = (("working", 85), ("needs_service", 10), ("out_of_service", 5))
_SOURCE_NOTES = {
    ("hydrant", "needs_service"): "Áp lực nước yếu, nắp trụ hoen gỉ",
    ("hydrant", "out_of_service"): "Trụ hỏng van, không lấy được nước",
    ("pond", "needs_service"): "Ao nhiều bèo, rác; mùa khô mực nước thấp",
    ("well", "needs_service"): "Máy bơm giếng cần bảo dưỡng",
}


def _water_sources_layer(tile, place, rng, bank, nx, scale) -> gpd.GeoDataFrame:
    w = tile.water_sources
    kind = np.tile(w["kind"], scale)
    name = np.tile(w["name"], scale).astype(object)
    hydrant = kind == "hydrant"
    name[hydrant] = [f"Trụ nước chữa cháy số {k}" for k in range(1, int(hydrant.sum()) + 1)]
    address = np.tile(w["address"], scale)
    capacity = np.tile(w["capacity"], scale)
    truck = np.tile(w["truck"], scale)
    xy = place.xy(w["xy"])
    # Draw-off points on the river bank, about every 400 m of the southern row of tiles.
    river_x = np.arange(150.0, nx * TILE_W_M - 100.0, 400.0)
    river_y = np.interp(river_x, bank[:, 0], bank[:, 1]) + 2.0
    road_edge = -_SKELETON[0].width_m / 2
    kind = np.concatenate([kind, np.full(len(river_x), "river", dtype=object)])
    name = np.concatenate(
        [name, [f"Điểm lấy nước Sông Thương số {k + 1}" for k in range(len(river_x))]]
    )
    address = np.concatenate(
        [
            address,
            np.full(
                len(river_x),
                f"Bờ sông, {_address_part(f'Đường {_SKELETON[0].base}')}",
                dtype=object,
            ),
        ]
    )
    capacity = np.concatenate([capacity, np.full(len(river_x), math.nan)])
    truck = np.concatenate([truck, road_edge - river_y <= 25.0])
    river_xy = np.column_stack([river_x, river_y]) @ place.rot_t + place.origin
    xy = np.vstack([xy, river_xy])
    n = len(kind)
    status = _weighted(rng, _SOURCE_STATUS, n)
    status[np.isin(kind, ("lake", "river", "tank"))] = "working"
    flow = np.full(n, math.nan)
    flow[kind == "hydrant"] = (
        np.round(rng.uniform(10.0, 20.0, int((kind == "hydrant").sum())) * 2) / 2
    )
    flow[kind == "well"] = np.round(rng.uniform(1.5, 4.0, int((kind == "well").sum())), 1)
    note = np.array(
        [_SOURCE_NOTES.get((k, s)) for k, s in zip(kind, status, strict=True)], dtype=object
    )
    note[kind == "river"] = "Trữ lượng lớn; mùa khô mực nước xuống thấp"
    checked = _days_before(rng, 10, 700, n)
    return _frame(
        "water_sources",
        {
            "id": _ids("NN", n, 3),
            "name": name,
            "kind": kind,
            "address": address,
            "capacity_m3": capacity,
            "flow_lps": flow,
            "status": status,
            "truck_accessible": truck,
            "last_check": _dates(
                np.where(np.isin(kind, ("river", "lake")), np.datetime64("NaT"), checked)
            ),
            "note": note,
        },
        shapely.points(xy),
    )


def _roads_layer(tile, place, nx, ny, scale) -> gpd.GeoDataFrame:
    r = tile.roads
    clearance = np.tile(r["clearance"], scale)
    note = np.where(np.isfinite(clearance), "Đoạn có nhà cầu (lối đi có mái che) bắc qua ngõ", None)
    geoms = [place.geoms(r["geometry"])]
    name, kind, width = (
        [np.tile(r["name"], scale)],
        [np.tile(r["kind"], scale)],
        [np.tile(r["width"], scale)],
    )
    entry = []
    for (_, end), (xy, direction, road) in tile.entry_ends.items():
        cells = {
            "west": [(0, j) for j in range(ny)],
            "east": [(nx - 1, j) for j in range(ny)],
            "north": [(i, ny - 1) for i in range(nx)],
        }[end]
        for i, j in cells:
            start = np.array(xy) + np.array([i * TILE_W_M, j * TILE_H_M])
            entry.append((shapely.LineString([start, start + direction * R.entry_road_m]), road))
    template = r["template"]
    geoms.append(place.global_geoms(np.array([g for g, _ in entry], dtype=object)))
    name.append(np.array([template[k]["name"] for _, k in entry], dtype=object))
    kind.append(np.array([template[k]["kind"] for _, k in entry], dtype=object))
    width.append(np.array([template[k]["width"] for _, k in entry]))
    geometry = np.concatenate(geoms)
    return _frame(
        "roads",
        {
            "id": _ids("D", len(geometry), 4),
            "name": np.concatenate(name),
            "kind": np.concatenate(kind),
            "width_m": np.concatenate(width),
            "clearance_m": np.concatenate([clearance, np.full(len(entry), math.nan)]),
            "note": np.concatenate([note, np.full(len(entry), "Đường vào phường", dtype=object)]),
        },
        geometry,
    )


_BARRIER_NOTES = {
    "gate": "Cổng ngõ khóa ban đêm; chìa khóa do tổ trưởng tổ dân phố giữ",
    "bollard": "Cột chắn cố định đầu ngõ, chỉ xe máy đi qua được",
    "low_wires": "Dây điện, cáp viễn thông võng thấp qua ngõ",
    "passage": "Nhà cầu (lối đi có mái che) bắc qua ngõ",
}


def _barriers_layer(tile, place, scale) -> gpd.GeoDataFrame:
    b = tile.barriers
    kind = np.tile(b["kind"], scale)
    return _frame(
        "barriers",
        {
            "id": _ids("VC", len(kind), 2),
            "kind": kind,
            "clearance_m": np.tile(b["clearance"].astype(float), scale),
            "width_m": np.tile(b["width"].astype(float), scale),
            "closed_from": np.tile(b["closed_from"], scale),
            "closed_to": np.tile(b["closed_to"], scale),
            "note": [_BARRIER_NOTES[k] for k in kind],
        },
        shapely.points(place.xy(np.stack(b["xy"]))),
    )


def _incidents_layer(rng, households, premises, n: int) -> gpd.GeoDataFrame:
    """``n`` fires over the five years up to :data:`AS_OF`, at households and premises."""
    at_premises = rng.random(n) < 1 / 3
    n_p = int(at_premises.sum())
    weights = np.array([_INCIDENT_WEIGHT.get(c, 0.5) for c in premises["category"]])
    p_idx = rng.choice(len(premises), size=n_p, replace=False, p=weights / weights.sum())
    h_idx = rng.choice(len(households), size=n - n_p, replace=False)
    # One fire per equal slice of the five years, so the history spans all of them.
    slice_days = FIRE_HISTORY_DAYS / n
    ago = np.floor((np.arange(n) + rng.random(n)) * slice_days).astype(int)
    date = np.datetime64(AS_OF, "D") - rng.permutation(ago).astype("timedelta64[D]")
    xy = np.empty(n, dtype=object)
    address = np.empty(n, dtype=object)
    premises_id = np.full(n, None, dtype=object)
    category = np.full(n, "", dtype=object)
    xy[at_premises] = premises.geometry.to_numpy()[p_idx]
    xy[~at_premises] = households.geometry.to_numpy()[h_idx]
    address[at_premises] = premises["address"].to_numpy(dtype=object)[p_idx]
    address[~at_premises] = households["address"].to_numpy(dtype=object)[h_idx]
    premises_id[at_premises] = premises["id"].to_numpy(dtype=object)[p_idx]
    category[at_premises] = premises["category"].to_numpy(dtype=object)[p_idx]
    industrial = np.isin(category, ("production", "warehouse", "industrial"))
    cause = np.where(
        industrial, _weighted(rng, _CAUSES["premises"], n), _weighted(rng, _CAUSES["household"], n)
    )
    text_pick = rng.integers(0, 4, n)
    outcome = rng.integers(0, len(_INCIDENT_OUTCOMES), n)
    minutes = rng.integers(10, 46, n)
    description = [
        f"{_INCIDENT_TEXTS[c][t % len(_INCIDENT_TEXTS[c])]}. {_INCIDENT_OUTCOMES[o].format(minutes=m)}"
        for c, t, o, m in zip(cause, text_pick, outcome, minutes, strict=True)
    ]
    median = np.where(at_premises, 150e6, 25e6)
    damage = np.clip(median * np.exp(rng.normal(0.0, 1.1, n)), 2e6, 5e9)
    order = np.argsort(date, kind="stable")
    years = date[order].astype("datetime64[Y]").astype(int) + 1970
    seq = np.zeros(n, dtype=int)
    for year in np.unique(years):
        mask = years == year
        seq[mask] = np.arange(1, int(mask.sum()) + 1)
    digits = max(2, len(str(int(seq.max()))) if n else 2)
    ids = [f"VCH-{y}-{s:0{digits}d}" for y, s in zip(years, seq, strict=True)]
    return _frame(
        "incidents",
        {
            "id": ids,
            "date": _dates(date[order]),
            "address": address[order],
            "cause": cause[order],
            "deaths": rng.choice([0, 1, 2], size=n, p=[0.95, 0.04, 0.01]),
            "injuries": rng.choice([0, 1, 2, 3], size=n, p=[0.72, 0.16, 0.08, 0.04]),
            "damage_vnd": np.round(damage[order], -5),
            "premises_id": premises_id[order],
            "description": np.array(description, dtype=object)[order],
        },
        xy[order],
        crs="EPSG:4326",  # the very points of the households and premises
    )


# --------------------------------------------------------------------------- folder and CLI


def build_sample_ward(
    ward_dir: str | Path, *, seed: int = DEFAULT_SEED, scale: int = 1, overwrite: bool = False
) -> Path:
    """Write the synthetic sample ward to a new ward folder and return the folder.

    Parameters
    ----------
    ward_dir
        Folder to create (or to overwrite, with ``overwrite``).
    seed, scale
        As for :func:`generate_ward`.
    overwrite
        Replace the ``ward.toml`` and ``ward.gpkg`` already in ``ward_dir``; without it a
        folder holding a ward is refused (:class:`pipelines.errors.StoreError`).
    """
    ward_dir = Path(ward_dir)
    layers = generate_ward(seed=seed, scale=scale)
    if overwrite:
        for path in (gpkg_path(ward_dir), config_path(ward_dir)):
            path.unlink(missing_ok=True)
    init_ward(ward_dir, name=WARD_NAME, crs_metric=CRS_METRIC, province=PROVINCE, synthetic=True)
    write_layers(ward_dir, layers, note=f"sample seed={seed} scale={scale}", backup=False)
    return ward_dir


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"phải là số nguyên dương / should be a positive whole number, got '{text}'"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"phải là số nguyên dương / should be a positive whole number, got '{text}'"
        )
    return value


def _run(args: argparse.Namespace) -> int:
    from pipelines.cli import EXIT_OK

    build_sample_ward(args.dir, seed=args.seed, scale=args.scale, overwrite=args.force)
    print(f"Đã tạo phường mẫu mô phỏng / built the synthetic sample ward: {args.dir}")
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``pccc sample DIR [--scale N] [--seed S] [--force]``."""
    p = subparsers.add_parser(
        "sample",
        help="tạo phường mẫu (dữ liệu mô phỏng) / build the synthetic sample ward",
        description=(
            "Tạo thư mục dữ liệu của một phường mẫu hoàn toàn mô phỏng (đường, ngõ, ngách, hộ gia "
            "đình, cơ sở, nguồn nước, điểm chữa cháy công cộng, tổ liên gia, vụ cháy) quanh thành "
            "phố Bắc Giang. Cùng --seed và --scale cho cùng một phường.\n"
            "Build a ward folder holding an entirely synthetic sample ward (roads, alleys, "
            "households, premises, water sources, public firefighting points, safety groups, "
            "fires) near Bắc Giang city. The same --seed and --scale give the same ward."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("dir", type=Path, metavar="DIR", help="thư mục cần tạo / folder to create")
    p.add_argument(
        "--scale",
        type=_positive_int,
        default=1,
        metavar="N",
        help="số bản sao của mẫu phường, ví dụ 10 hoặc 100 để đo hiệu năng / copies of the ward "
        "pattern, e.g. 10 or 100 for benchmarks (mặc định/default: 1)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="S",
        help=f"hạt giống ngẫu nhiên / random seed (mặc định/default: {DEFAULT_SEED})",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="ghi đè ward.toml và ward.gpkg đã có trong DIR / overwrite the ward.toml and "
        "ward.gpkg already in DIR",
    )
    p.set_defaults(func=_run)
