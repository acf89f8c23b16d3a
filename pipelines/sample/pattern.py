"""The ward pattern of the sample: its identity, realism numbers and designed tables
(main roads, sites, tổ dân phố cells, water, premises on lots, barriers), in the tile's design
frame in metres.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

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
class Realism:
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


R = Realism()
TRUCK_KINDS = ("duong", "pho")
ALLEY_KINDS = ("ngo", "ngach")


class _SkeletonRoad(NamedTuple):
    key: str
    kind: str
    base: str  # name without the kind word: "Hoàng Văn Thụ"
    width_m: float
    vertices: tuple[tuple[float, float], ...]  # every interior vertex is a junction
    child_sides: tuple[int, ...]  # sides that grow alleys: +1 left, -1 right of the direction
    hydrant_sides: tuple[int, ...]  # sides of the water main's hydrants (none: no main)


# Main roads cross the tile and join the next tile's at the seams (x = 0 | W, y = 0 | H).
SKELETON: tuple[_SkeletonRoad, ...] = (
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
)  # fmt: skip


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


SITES: tuple[_Site, ...] = (
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
)  # fmt: skip
# The cluster's plots: two columns along its internal road, eight plots each (south to north).
CLUSTER_PLOT_X_M = ((1326.0, 1454.0), (1466.0, 1590.0))
CLUSTER_PLOT_Y0_M, CLUSTER_PLOT_STEP_M, CLUSTER_PLOT_DEPTH_M = 640.0, 58.0, 52.0
# Tổ dân phố: rectangles of the tile, bordered by road centrelines (numbered from the south-west).
TDP_CELLS_M = (
    (0, 0, 240, 600), (240, 0, 720, 300), (720, 0, 1200, 300), (1200, 0, 1600, 600),
    (240, 300, 720, 600), (720, 300, 1200, 600), (0, 600, 240, 1150), (240, 600, 720, 880),
    (720, 600, 1300, 880), (240, 880, 720, 1150), (720, 880, 1300, 1150), (1300, 600, 1600, 1150),
)  # fmt: skip
LAKE = ("Hồ Mẫu", (470.0, 800.0), (140.0, 80.0))  # name, centre, semi-axes
