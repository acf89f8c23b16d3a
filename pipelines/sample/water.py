"""Water and public points of the sample: public firefighting points, hydrants, tanks,
draw-off points at the lake, ponds and river, wells.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely

from pipelines.model.settings import CostSection, Thresholds
from pipelines.sample.attributes import (
    as_dates,
    days_before,
    layer_frame,
    make_ids,
    person_names,
    phone_numbers,
    weighted_choice,
)
from pipelines.sample.geometry import Rows
from pipelines.sample.pattern import (
    CLUSTER_NAME,
    CLUSTER_PLOT_STEP_M,
    CLUSTER_PLOT_X_M,
    CLUSTER_PLOT_Y0_M,
    LAKE,
    SITES,
    SKELETON,
    TILE_W_M,
    R,
)
from pipelines.sample.roads import Network, in_address
from pipelines.sample.tiles import Place, Tdp, Tile, tdp_of

_CLUSTER_TANK = (1, 5, 80.0)  # a second tank: column, plot, m³ (plot B6)
_LAKE_DRAW_OFFS = (((470.0, 712.0), True), ((470.0, 888.0), False))  # position, truck access
_LAKE_DEPTH_M, _POND_DEPTH_M = 1.8, 1.2
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


def firefighting_points(net: Network, rng: np.random.Generator) -> Rows:
    """Public firefighting points, part-way into deep alleys a fire truck cannot enter."""
    limit = Thresholds().truck_min_width_m
    eligible = [
        i
        for i, r in enumerate(net.roads)
        if r.kind == "ngo" and r.width_m < limit and r.length_m >= R.point_min_alley_m
    ]
    points = Rows("xy", "road")
    for i in map(int, rng.permutation(eligible)):
        road = net.roads[i]
        s = road.length_m * rng.uniform(0.35, 0.6)
        xy = np.array(road.point(s)) + road.normal(s, 1) * (road.half_m + 0.4)  # on the wall
        far = (
            not len(points) or np.hypot(*(np.array(points["xy"]) - xy).T).min() >= R.point_spacing_m
        )
        if road.clear_of_cuts(s, 8.0) and tdp_of(xy)[0] >= 0 and far:
            points.add(xy=xy, road=i)
        if len(points) == R.points_per_tile:
            break
    return points


def _hydrants(net: Network, rng: np.random.Generator, sources: Rows) -> None:
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
                    address = f"Trước số {road.number_at(side, at)}, {in_address(road.name)}"
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


def water_sources(
    net: Network, lake: shapely.Polygon, ponds: list[shapely.Polygon], rng: np.random.Generator
) -> Rows:
    """Hydrants, tanks on sites, draw-off points at the lake and ponds, and wells."""
    sources = Rows("xy", "kind", "name", "address", "capacity_m3", "truck")
    _hydrants(net, rng, sources)
    for site in SITES:
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
        CLUSTER_PLOT_X_M[column][0] + 3.0,
        CLUSTER_PLOT_Y0_M + plot * CLUSTER_PLOT_STEP_M + 3.0,
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
            name=f"Điểm lấy nước {LAKE[0]}",
            address=LAKE[0],
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
            address=in_address(road.name),
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
            address=in_address(road.name),
            capacity_m3=math.nan,
            truck=False,
        )
    return sources


def points_layer(tile: Tile, place: Place, tdp: Tdp, rng: np.random.Generator) -> gpd.GeoDataFrame:
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
    installed = days_before(rng, 120, 1340, n)
    checked = np.maximum(days_before(rng, 5, 300, n), installed + np.timedelta64(30, "D"))
    return layer_frame(
        "firefighting_points",
        {
            "id": make_ids("DCC", n, 2),
            "name": np.tile(pts["name"], len(place)),
            "address": np.tile(pts["address"], len(place)) + ", " + tdp.names[where],
            "residential_group_id": tdp.ids[where],
            **{name: np.maximum(counts[:, k], 0) for k, (name, _) in enumerate(_KIT_ITEMS)},
            "status": status,
            "installed": as_dates(installed),
            "last_check": as_dates(checked),
            "responsible_person": person_names(rng, n),
            "responsible_phone": phone_numbers(rng, n),
            "note": [_POINT_NOTES[s] for s in status],
        },
        shapely.points(place.xy(pts["xy"])),
    )


def water_sources_layer(
    tile: Tile, place: Place, bank: np.ndarray, rng: np.random.Generator
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
    kerb_y = -SKELETON[0].width_m / 2
    n_river = len(river_x)
    kind = np.concatenate([kind, np.full(n_river, "river", dtype=object)])
    name = np.concatenate(
        [name, [f"Điểm lấy nước Sông Thương số {k}" for k in range(1, n_river + 1)]]
    )
    address = np.concatenate(
        [np.tile(w["address"], copies), np.full(n_river, f"Bờ sông, đường {SKELETON[0].base}")]
    )
    n = len(kind)
    status = weighted_choice(rng, _SOURCE_STATUS, n)
    status[np.isin(kind, _ALWAYS_WORKING)] = "working"
    flow = np.full(n, math.nan)
    flow[kind == "hydrant"] = np.round(rng.uniform(*_HYDRANT_FLOW_LPS, int(hydrant.sum())) * 2) / 2
    flow[kind == "well"] = np.round(rng.uniform(*_WELL_FLOW_LPS, int((kind == "well").sum())), 1)
    checked = days_before(rng, 10, 700, n)
    return layer_frame(
        "water_sources",
        {
            "id": make_ids("NN", n, 3),
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
            "last_check": as_dates(
                np.where(np.isin(kind, ("river", "lake")), np.datetime64("NaT"), checked)
            ),
            "note": [_SOURCE_NOTES.get((k, s)) for k, s in zip(kind, status, strict=True)],
        },
        shapely.points(
            np.vstack([place.xy(w["xy"]), place.design(np.column_stack([river_x, river_y]))])
        ),
    )
