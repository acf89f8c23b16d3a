"""Barriers of the sample: gates, bollards, low wires and a covered passage on alleys.

Most gates stand on alleys already too narrow for a fire truck. One more gate per tile, wide
enough for a truck, closes the mouth of the longest dead-end alley trucks can otherwise enter
(:func:`_truck_gate`): by day the truck drives in, at night it stops at the gate — so the
analysis' day/night switch changes what trucks reach.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import shapely

from pipelines.model.settings import Thresholds
from pipelines.sample.attributes import layer_frame, make_ids
from pipelines.sample.geometry import Rows
from pipelines.sample.pattern import TRUCK_KINDS
from pipelines.sample.roads import Network, Road
from pipelines.sample.tiles import Place, Tile


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
_BARRIER_NOTES = {
    "gate": "Cổng ngõ khóa ban đêm; chìa khóa do tổ trưởng tổ dân phố giữ",
    "bollard": "Cột chắn cố định đầu ngõ, chỉ xe máy đi qua được",
    "low_wires": "Dây điện, cáp viễn thông võng thấp qua ngõ",
    "passage": "Nhà cầu (lối đi có mái che) bắc qua ngõ",
}
_TRUCK_GATE_FROM_MOUTH_M = 6.0  # the wide gate stands this far into its alley (or just past)
_TRUCK_GATE_NOTE = (
    "Cổng ngõ rộng, ban ngày xe chữa cháy vào được; khóa ban đêm, "
    "chìa khóa do tổ trưởng tổ dân phố giữ"
)


def _hhmm(hours: float) -> str:
    return f"{int(hours):02d}:{round(hours % 1 * 60):02d}"


def place_barriers(net: Network, covered: list[int], rng: np.random.Generator) -> Rows:
    """Barriers of :data:`_BARRIERS`, a covered passage and a gate trucks pass by day only,
    as vertices of alley lines."""
    t = Thresholds()
    night = (_hhmm(t.night_from_hour), _hhmm(t.night_to_hour))
    barriers = Rows("xy", "kind", "clearance_m", "width_m", "closed_from", "closed_to", "note")

    def put(
        road: Road,
        s: float,
        kind: str,
        clearance: float,
        width: float,
        times: tuple,
        note: str | None = None,
    ) -> None:
        pt = road.point(s)
        road.marks.append((s, pt))
        barriers.add(
            xy=pt,
            kind=kind,
            clearance_m=clearance,
            width_m=width,
            closed_from=times[0],
            closed_to=times[1],
            note=_BARRIER_NOTES[kind] if note is None else note,
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
    gate = _truck_gate(net, covered)
    if gate is not None:
        road = net.roads[gate]
        s = next(
            x
            for x in np.arange(_TRUCK_GATE_FROM_MOUTH_M, road.length_m - 3.0, 1.0)
            if road.clear_of_cuts(x, 3.0)
        )
        put(road, float(s), "gate", math.nan, road.width_m, night, _TRUCK_GATE_NOTE)
    return barriers


def _truck_gate(net: Network, covered: list[int]) -> int | None:
    """The alley for the gate trucks pass by day only: the longest dead-end alley off a truck
    road, wide enough for a truck, without a barrier or a covered passage (``None``: none)."""
    limit = Thresholds().truck_min_width_m
    junctions = {pt for road in net.roads for _, pt in road.cuts}
    alleys = [
        i
        for i, r in enumerate(net.roads)
        if r.kind == "ngo"
        and r.width_m >= limit
        and net.roads[r.parent].kind in TRUCK_KINDS
        and not r.marks
        and i not in covered
        and tuple(r.coords[-1]) not in junctions  # a dead end: trucks enter only at the mouth
    ]
    return max(alleys, key=lambda i: net.roads[i].length_m, default=None)


def barriers_layer(tile: Tile, place: Place) -> gpd.GeoDataFrame:
    b = tile.barriers
    kind = np.tile(b["kind"], len(place))
    return layer_frame(
        "barriers",
        {
            "id": make_ids("VC", len(kind), 2),
            "kind": kind,
            **{
                k: np.tile(b[k], len(place))
                for k in ("clearance_m", "width_m", "closed_from", "closed_to")
            },
            "note": np.tile(b["note"], len(place)),
        },
        shapely.points(place.xy(b["xy"])),
    )
