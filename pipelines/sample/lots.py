"""House lots along the sample's roads, premises on lots and on the designed sites, and the
premises layer.
"""

from __future__ import annotations

from typing import NamedTuple

import geopandas as gpd
import numpy as np
import shapely

from pipelines.model.schema import DEFAULT_MANAGEMENT_LEVEL
from pipelines.sample.attributes import (
    as_dates,
    days_before,
    layer_frame,
    make_ids,
    person_names,
    phone_numbers,
    premises_names,
    systematic,
)
from pipelines.sample.geometry import Rows, left_of, locate, lot_footprint
from pipelines.sample.pattern import (
    ALLEY_KINDS,
    CLUSTER_NAME,
    CLUSTER_PLOT_DEPTH_M,
    CLUSTER_PLOT_STEP_M,
    CLUSTER_PLOT_X_M,
    CLUSTER_PLOT_Y0_M,
    SITES,
    TILE_H_M,
    TILE_W_M,
    TRUCK_KINDS,
    R,
)
from pipelines.sample.roads import Network, in_address
from pipelines.sample.tiles import Place, Tdp, Tile, tdp_of

_CLUSTER_PLOTS = (
    ("production", "warehouse", "production", "production", "warehouse", "production", "production", "warehouse"),
    ("production", "production", "warehouse", "production", "production", "warehouse", "production", "warehouse"),
)  # fmt: skip
_CLUSTER_PREMISES = {  # category -> floors, occupants, name pattern
    "production": ((1, 3), (40, 300), "factory"),
    "warehouse": ((1, 2), (5, 20), "cluster_warehouse"),
}  # fmt: skip


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
    "frontage": (TRUCK_KINDS, 0.0),
    "street": (("pho",), 0.0),
    "alley": (ALLEY_KINDS, 0.0),
    "alley_deep": (ALLEY_KINDS, R.deep_alley_m),
    "any": (TRUCK_KINDS + ALLEY_KINDS, 0.0),
}
# Premises on house lots, per tile; the others stand on the sites and the cluster's plots.
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
)  # fmt: skip
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
)  # fmt: skip
_CONSTRUCTION_ELECTRICAL_NOTES = (
    "Cơi nới thêm tầng không phép",
    "Xây dựng sai giấy phép, lấn chiếm lối đi chung",
    "Hệ thống điện tự lắp đặt, quá tải, không có thiết bị bảo vệ",
    "Dây điện đi nổi, đấu nối tạm, không có ống bảo vệ",
    "Vách ngăn bằng tấm xốp cách nhiệt dễ cháy",
)  # fmt: skip


def lay_lots(net: Network, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Lay house lots along both sides of every road (not yet filtered) and number them."""
    parts = Rows("xy", "road", "side", "s", "number", "base", "across", "along")
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
            base, tangent = locate(road.coords, road.cum, s)
            across = side * left_of(tangent)
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


def free_lots(
    lots: dict[str, np.ndarray], net: Network, blocked: shapely.Geometry, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Return the lots that hold a house, and the usable lots left empty (for premises)."""
    xy = lots["xy"]
    ok = (
        (xy[:, 0] > R.tile_margin_m)
        & (xy[:, 0] < TILE_W_M - R.tile_margin_m)
        & (xy[:, 1] > R.tile_margin_m)
        & (xy[:, 1] < TILE_H_M - R.tile_top_margin_m)
        & ~shapely.contains_xy(blocked, xy[:, 0], xy[:, 1])
        & (tdp_of(xy) >= 0)
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


def lot_premises(
    lots: dict[str, np.ndarray],
    usable: np.ndarray,
    net: Network,
    blocked: shapely.Geometry,
    rng: np.random.Generator,
) -> tuple[Rows, np.ndarray]:
    """Put the premises of :data:`_LOT_PREMISES` on lots; return them and the lots they cover."""
    kinds = np.array([net.roads[r].kind for r in lots["road"]])
    depth = np.array([net.roads[r].depth0_m for r in lots["road"]]) + lots["s"]
    available = np.zeros(len(kinds), bool)
    available[usable] = True
    lines, half = net.lines()
    tree = shapely.STRtree(lines)
    placed = Rows("xy", "category", "names", "floors", "occupants", "footprint", "address")
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
            poly = lot_footprint(
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
                address=f"Số {road.number_at(side, s)}, {in_address(road.name)}",
            )
            count += 1
    return placed, np.flatnonzero(~available)


def site_premises(net: Network, keys: dict[str, int]) -> Rows:
    """Premises on the designed sites and in the industrial cluster's plots."""
    placed = Rows("xy", "category", "name", "names", "floors", "occupants", "footprint", "address")
    for site in SITES:
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
            address=f"Số {road.number_at(site.front_side, s)}, {in_address(road.name)}",
        )
    for column, (x0, x1) in enumerate(CLUSTER_PLOT_X_M):
        for row, category in enumerate(_CLUSTER_PLOTS[column]):
            y0 = CLUSTER_PLOT_Y0_M + row * CLUSTER_PLOT_STEP_M
            building = (x0 + 5.0, y0 + 5.0, x1 - 5.0, y0 + CLUSTER_PLOT_DEPTH_M - 5.0)
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


def premises_layer(
    tile: Tile, place: Place, tdp: Tdp, rng: np.random.Generator
) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    p = tile.premises
    copies = len(place)
    n = len(p["xy"]) * copies
    category = np.tile(p["category"], copies)
    name = np.tile(p["name"], copies)
    unnamed = name == ""
    name[unnamed] = premises_names(rng, np.tile(p["names"], copies)[unnamed])
    floors = rng.integers(*np.tile(p["floors"], (copies, 1)).T + np.array([[0], [1]]))
    occupants = rng.integers(*np.tile(p["occupants"], (copies, 1)).T + np.array([[0], [1]]))
    footprints = place.geoms(p["footprint"])
    where = tdp.of(p["tdp"], place)

    open_share, flag_share = np.array([_VIOLATION_SHARE[c] for c in category]).T
    violating = systematic(rng, open_share)
    open_violations = np.where(violating, 1 + rng.binomial(2, 0.3, n), 0)
    flagged = systematic(rng, flag_share)
    never_share = np.array(
        [_NEVER_INSPECTED_SHARE.get(c, _NEVER_INSPECTED_DEFAULT) for c in category]
    )
    never = systematic(rng, never_share) & ~violating
    inspected = days_before(rng, 10, 3 * 365, n)
    # Open violations come from recent inspections: their deadline may or may not have passed.
    inspected[violating] = days_before(rng, 10, _VIOLATION_FOUND_DAYS, int(violating.sum()))
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
    frame = layer_frame(
        "premises",
        {
            "id": make_ids("CS", n, 4),
            "name": name,
            "category": category,
            "address": np.tile(p["address"], copies) + ", " + tdp.names[where],
            "residential_group_id": tdp.ids[where],
            "floors": floors,
            "floor_area_m2": np.round(shapely.area(footprints) * floors),
            "occupants": occupants,
            "management_level": [DEFAULT_MANAGEMENT_LEVEL[c] for c in category],
            "last_inspection": as_dates(np.where(never, np.datetime64("NaT"), inspected)),
            "inspection_result": result,
            "open_violations": open_violations,
            "violation_deadline": as_dates(np.where(violating, deadline, np.datetime64("NaT"))),
            "construction_electrical_violation": flagged,
            "violation_note": notes,
            "contact_person": person_names(rng, n),
            "contact_phone": phone_numbers(rng, n),
            "note": np.where(
                category == "industrial",
                f"{plots} lô sản xuất, kho; điểm đặt tại nhà điều hành",
                None,
            ),
        },
        shapely.points(place.xy(p["xy"])),
    )
    return frame, footprints
