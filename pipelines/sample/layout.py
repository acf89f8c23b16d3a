"""Lay out one tile of the sample ward (design frame, metres): roads, lots, premises, points,
water, barriers and safety groups.
"""

from __future__ import annotations

import numpy as np
import shapely

from pipelines.sample.barriers import place_barriers
from pipelines.sample.geometry import Rows, blob
from pipelines.sample.households import safety_groups
from pipelines.sample.lots import free_lots, lay_lots, lot_premises, site_premises
from pipelines.sample.pattern import LAKE, SITES, TILE_H_M, TILE_W_M, TRUCK_KINDS, R
from pipelines.sample.roads import (
    Network,
    build_skeleton,
    cover_some_alleys,
    grow_children,
    in_address,
    name_roads,
    split_roads,
)
from pipelines.sample.tiles import Tile, tdp_of
from pipelines.sample.water import firefighting_points, water_sources

# Ends of main roads that leave the ward where the tile is on the edge of the grid of tiles.
_ENTRY_ROADS = (("M0", "west"), ("M0", "east"), ("M1", "west"), ("M1", "east"), ("M2", "north"))
_PONDS_M = ((120.0, 430.0), (470.0, 470.0), (980.0, 170.0), (1010.0, 1010.0), (1440.0, 400.0))
_POND_RADIUS_M = (14.0, 24.0)


def build_tile(rng: np.random.Generator) -> Tile:
    """Lay out one tile of the ward pattern (design frame, metres)."""
    net = Network()
    lake, ponds = _lake_and_ponds(rng)
    water = shapely.union_all([lake, *ponds])
    sites = shapely.union_all([shapely.box(*s.parcel) for s in SITES])
    keys = _grow_roads(net, water, sites, rng)
    covered = cover_some_alleys(net, rng)
    barriers = place_barriers(net, covered, rng)
    lots = lay_lots(net, rng)
    name_roads(net)
    blocked = shapely.union_all(
        [shapely.buffer(water, R.water_margin_m), shapely.buffer(sites, R.site_margin_m)]
    )
    houses, spare = free_lots(lots, net, blocked, rng)
    on_lots, taken = lot_premises(lots, np.concatenate([houses, spare]), net, blocked, rng)
    houses = np.setdiff1d(houses, taken, assume_unique=True)
    on_sites = site_premises(net, keys)
    points = firefighting_points(net, rng)
    sources = water_sources(net, lake, ponds, rng)
    pieces = split_roads(net)
    tdp = tdp_of(lots["xy"][houses])
    member, groups = safety_groups(lots, houses, tdp, net, pieces, rng)

    names = np.array([r.name for r in net.roads], dtype=object)
    road_of = pieces.array("road", int)
    return Tile(
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
                    f"Số {n}, {in_address(names[r])}"
                    for n, r in zip(lots["number"][houses], lots["road"][houses], strict=True)
                ],
                dtype=object,
            ),
            "tdp": tdp,
            "on_street": np.isin([net.roads[r].kind for r in lots["road"][houses]], TRUCK_KINDS),
            "group": member,
        },
        groups={"road_name": names[groups["road"]], "tdp": groups["tdp"], "first": groups["first"]},
        premises=_premises_columns(on_lots, on_sites),
        points={
            "xy": points.array("xy", float),
            "name": np.array(
                [f"Điểm chữa cháy công cộng {names[r]}" for r in points["road"]], dtype=object
            ),
            "address": np.array([in_address(names[r]) for r in points["road"]], dtype=object),
            "tdp": tdp_of(points.array("xy", float)),
        },
        water_sources=_columns(sources, capacity_m3=float, truck=bool, xy=float),
        water_bodies={
            "geometry": np.array([lake, *ponds], dtype=object),
            "kind": np.array(["lake"] + ["pond"] * len(ponds), dtype=object),
            "name": np.array(
                [LAKE[0]] + [f"Ao số {k}" for k in range(1, len(ponds) + 1)], dtype=object
            ),
        },
        barriers=_columns(barriers, xy=float, clearance_m=float, width_m=float),
        entries=_entries(net, keys, names),
    )


def _lake_and_ponds(rng: np.random.Generator) -> tuple[shapely.Polygon, list[shapely.Polygon]]:
    lake = blob(LAKE[1], LAKE[2], rng)
    ponds = []
    for centre in _PONDS_M:
        radius = rng.uniform(*_POND_RADIUS_M)
        ponds.append(blob(centre, (radius, radius * rng.uniform(0.7, 1.0)), rng))
    return lake, ponds


def _grow_roads(
    net: Network, water: shapely.Geometry, sites: shapely.Geometry, rng: np.random.Generator
) -> dict[str, int]:
    """Add the skeleton, then grow alleys and sub-alleys clear of water, sites and the edges;
    return the skeleton's road indices by key."""
    keys = build_skeleton(net)
    net.add_obstacle(shapely.buffer(water, R.water_clear_m))
    net.add_obstacle(shapely.buffer(sites, R.site_clear_m))
    net.add_obstacle(  # the tile's edges; nothing grows south of its southern road
        shapely.difference(
            shapely.box(-200, -5, TILE_W_M + 200, TILE_H_M + 200),
            shapely.box(R.edge_clear_m, -5, TILE_W_M - R.edge_clear_m, TILE_H_M - R.edge_clear_m),
        )
    )
    grow_children(net, list(keys.values()), "ngo", rng)
    grow_children(net, [i for i, r in enumerate(net.roads) if r.kind == "ngo"], "ngach", rng)
    return keys


def _columns(rows: Rows, **dtypes: type) -> dict[str, np.ndarray]:
    """Every column of ``rows`` as an array: the dtype given, else ``object``."""
    return {name: rows.array(name, dtypes.get(name, object)) for name in rows.names}


def _premises_columns(on_lots: Rows, on_sites: Rows) -> dict[str, np.ndarray]:
    xy = np.array(on_lots["xy"] + on_sites["xy"])
    return {
        "xy": xy,
        "category": np.array(on_lots["category"] + on_sites["category"], dtype=object),
        "name": np.array([""] * len(on_lots) + on_sites["name"], dtype=object),
        "names": np.array(on_lots["names"] + on_sites["names"], dtype=object),
        "floors": np.array(on_lots["floors"] + on_sites["floors"]),
        "occupants": np.array(on_lots["occupants"] + on_sites["occupants"]),
        "footprint": np.array(on_lots["footprint"] + on_sites["footprint"], dtype=object),
        "address": np.array(on_lots["address"] + on_sites["address"], dtype=object),
        "tdp": tdp_of(xy),
    }


def _entries(net: Network, keys: dict[str, int], names: np.ndarray) -> dict[str, np.ndarray]:
    """The ends of main roads that may leave the ward, with their direction outwards."""
    entries = Rows("end", "xy", "direction", "road")
    for key, end in _ENTRY_ROADS:
        index = keys[key]
        coords = net.roads[index].coords
        tip, inner = (
            (coords[0], coords[1]) if end in ("west", "south") else (coords[-1], coords[-2])
        )
        entries.add(end=end, xy=tip, direction=(tip - inner) / np.hypot(*(tip - inner)), road=index)
    return {
        "end": entries.array("end", object),
        "xy": entries.array("xy", float),
        "direction": entries.array("direction", float),
        "name": names[entries.array("road", int)],
        "kind": np.array([net.roads[r].kind for r in entries["road"]], dtype=object),
        "width_m": np.array([net.roads[r].width_m for r in entries["road"]]),
    }
