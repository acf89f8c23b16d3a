"""Fire-truck access: passable roads, barriers by time of day, reach of the hose, deep alleys.

An edge of the road graph is **truck-passable** when its width is at least
``thresholds.truck_min_width_m`` (3.5 m, QCVN 06:2010 §5.2), its clear height, where known,
is at least ``thresholds.truck_min_clearance_m`` (4.25 m, same source) and no barrier blocks
it at the chosen time of day. The **truck-reachable network** is the passable edges connected
to the ward's entry roads: the components of the passable graph holding a node on or outside
the ward boundary. The **hose distance** of a feature is its walking distance along the
whole network to the nearest truck-reachable point; beyond ``thresholds.hose_reach_m`` the
feature is *beyond reach*.

Barriers (the ``barriers`` layer) are cut into the road graph as short edges of their own
(:attr:`pipelines.network.graph.RoadGraph.split_edge`), so a gate blocks the alley from the gate
on, not the houses before it. Whether a barrier blocks is read from :data:`BARRIER_RULES`
and its hours: a barrier with closing hours blocks in the day or night window when its
closed hours overlap that window (``thresholds.night_from_hour`` to ``night_to_hour``).

All distances are metres in the ward's metric CRS (``ward.toml`` → ``[ward] crs_metric``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components

from pipelines.model.settings import Thresholds
from pipelines.network.graph import RoadGraph
from pipelines.text.labels import ACCESS_REASONS

_REASON_CODES = np.array(list(ACCESS_REASONS), dtype=object)
_REASON_RANK = {code: i for i, code in enumerate(ACCESS_REASONS)}


@dataclass(frozen=True)
class BarrierRule:
    """How a barrier kind behaves when the data are incomplete.

    ``closed_without_hours``: with no closing hours the barrier counts as closed at all times
    (a gate nobody records as open). ``blocks_unmeasured``: with neither width nor clear height
    recorded the barrier blocks trucks (bollards, low wires and covered passages exist to
    stop or do stop vehicles; a gate is judged by its hours).
    """

    closed_without_hours: bool
    blocks_unmeasured: bool


BARRIER_RULES: dict[str, BarrierRule] = {
    "gate": BarrierRule(closed_without_hours=True, blocks_unmeasured=False),
    "bollard": BarrierRule(closed_without_hours=False, blocks_unmeasured=True),
    "low_wires": BarrierRule(closed_without_hours=False, blocks_unmeasured=True),
    "passage": BarrierRule(closed_without_hours=False, blocks_unmeasured=True),
    "other": BarrierRule(closed_without_hours=False, blocks_unmeasured=True),
}


@dataclass(frozen=True)
class Barriers:
    """Barrier attributes as arrays (one row per barrier).

    ``edge`` is the graph edge standing for the barrier (``-1``: not on a road), widths and
    clearances in metres (``nan`` unknown), closing hours as hours of the day 0–24 (``nan``
    when not given).
    """

    kind: np.ndarray
    width_m: np.ndarray
    clearance_m: np.ndarray
    closed_from_h: np.ndarray
    closed_to_h: np.ndarray
    edge: np.ndarray

    @classmethod
    def empty(cls) -> Barriers:
        f = np.zeros(0)
        return cls(np.zeros(0, dtype=object), f, f, f, f, np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.kind)


@dataclass(frozen=True)
class TruckAccess:
    """Truck access on one road graph at one time of day.

    Attributes
    ----------
    night
        Whether barrier hours were read for the night window.
    passable
        Per edge: wide enough, high enough and not blocked by a barrier.
    reachable
        Per edge: passable and connected to an entry road (the truck-reachable network).
    reason
        Per edge: a code of :data:`pipelines.text.labels.ACCESS_REASONS`.
    barrier
        Per edge: index of the blocking barrier, ``-1`` for none.
    blocking
        Per barrier: whether it blocks trucks in this time window.
    entry_node
        Per node: on or outside the ward boundary (an entry point).
    node_hose_m
        Per node: walking distance in metres along the network to the nearest
        truck-reachable point (``inf`` beyond ``limit_m``).
    entry_fallback
        True when no entry node was found (no boundary, or every road inside it) and the
        passable component with the most road length was taken as the reachable network.
    """

    night: bool
    passable: np.ndarray
    reachable: np.ndarray
    reason: np.ndarray
    barrier: np.ndarray
    blocking: np.ndarray
    entry_node: np.ndarray
    node_hose_m: np.ndarray
    entry_fallback: bool


def parse_hours(values: pd.Series) -> np.ndarray:
    """Return ``"HH:MM"`` texts as hours of the day (float, ``nan`` when missing)."""
    text = values.astype("string")
    parts = text.str.extract(r"^\s*(\d{1,2}):(\d{2})\s*$")
    hours = pd.to_numeric(parts[0], errors="coerce") + pd.to_numeric(parts[1], errors="coerce") / 60
    return hours.to_numpy(dtype=float, na_value=np.nan)


def time_window(thresholds: Thresholds, *, night: bool) -> tuple[float, float]:
    """Return the (from, to) hours of the night or of the day (the rest of the 24 hours)."""
    if night:
        return thresholds.night_from_hour, thresholds.night_to_hour
    return thresholds.night_to_hour, thresholds.night_from_hour


def _linear_pieces(start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Split circular hour intervals [start, end) into two linear ones each (n × 2 arrays)."""
    start = np.asarray(start, float) % 24
    end = np.asarray(end, float) % 24
    wraps = start > end
    whole = start == end
    lo = np.column_stack([np.where(whole, 0.0, start), np.zeros_like(start)])
    hi = np.column_stack([np.where(whole | wraps, 24.0, end), np.where(wraps & ~whole, end, 0.0)])
    return lo, hi


def closed_during(
    closed_from_h: np.ndarray, closed_to_h: np.ndarray, window_from_h: float, window_to_h: float
) -> np.ndarray:
    """Return whether each closing interval overlaps the window (hours, may wrap midnight).

    Equal start and end mean the whole day. Rows without hours are not closed (their
    kind's rule decides); rows with only one of the two hours count as closed all the time.
    """
    f = np.asarray(closed_from_h, float)
    t = np.asarray(closed_to_h, float)
    none = np.isnan(f) & np.isnan(t)
    half = np.isnan(f) ^ np.isnan(t)
    lo, hi = _linear_pieces(np.nan_to_num(f), np.nan_to_num(t))
    w_lo, w_hi = _linear_pieces(np.array([window_from_h]), np.array([window_to_h]))
    overlap = np.zeros(len(f), dtype=bool)
    for i in range(2):
        for j in range(2):
            overlap |= (
                (lo[:, i] < hi[:, i])
                & (w_lo[0, j] < w_hi[0, j])
                & (lo[:, i] < w_hi[0, j])
                & (w_lo[0, j] < hi[:, i])
            )
    return np.where(none, False, overlap | half)


def barrier_blocks(
    barriers: Barriers,
    *,
    window_h: tuple[float, float],
    min_width_m: float,
    min_clearance_m: float,
) -> np.ndarray:
    """Return whether each barrier stops a fire truck during the window.

    A barrier blocks when it is closed during the window (its hours, or its kind's rule
    when it has none), when a recorded width or clear height is below the truck minimum, or
    when its kind blocks unless measured and neither is recorded.
    """
    kinds = np.asarray(barriers.kind, dtype=object)
    rule = [BARRIER_RULES.get(k, BARRIER_RULES["other"]) for k in kinds]
    closed_default = np.array([r.closed_without_hours for r in rule], dtype=bool)
    unmeasured_blocks = np.array([r.blocks_unmeasured for r in rule], dtype=bool)
    no_hours = np.isnan(barriers.closed_from_h) & np.isnan(barriers.closed_to_h)
    closed = closed_during(barriers.closed_from_h, barriers.closed_to_h, *window_h)
    closed |= no_hours & closed_default
    width, clearance = barriers.width_m, barriers.clearance_m
    too_narrow = ~np.isnan(width) & (width < min_width_m)
    too_low = ~np.isnan(clearance) & (clearance < min_clearance_m)
    unmeasured = np.isnan(width) & np.isnan(clearance) & unmeasured_blocks
    return closed | too_narrow | too_low | unmeasured


def edge_reasons(
    width_m: np.ndarray, clearance_m: np.ndarray, *, min_width_m: float, min_clearance_m: float
) -> np.ndarray:
    """Return the intrinsic reason code per edge: no_width, narrow, low_clearance or reachable.

    Clear height counts only where known. ``reachable`` here means "wide and high enough";
    barriers and connection are applied by :func:`truck_access`.
    """
    width = np.asarray(width_m, float)
    clearance = np.asarray(clearance_m, float)
    reason = np.full(len(width), "reachable", dtype=object)
    reason[~np.isnan(clearance) & (clearance < min_clearance_m)] = "low_clearance"
    reason[width < min_width_m] = "narrow"
    reason[np.isnan(width)] = "no_width"
    return reason


def entry_nodes(graph: RoadGraph, boundary: shapely.Geometry | None) -> np.ndarray | None:
    """Return per node whether it lies on or outside the ward boundary (metric CRS).

    ``None`` when there is no usable boundary polygon.
    """
    if boundary is None or shapely.is_empty(boundary) or shapely.area(boundary) <= 0:
        return None
    x, y = graph.node_xy[:, 0], graph.node_xy[:, 1]
    return ~shapely.contains_xy(boundary, x, y)


def truck_access(
    graph: RoadGraph,
    *,
    thresholds: Thresholds,
    barriers: Barriers | None = None,
    boundary: shapely.Geometry | None = None,
    night: bool = False,
    limit_m: float | None = None,
) -> TruckAccess:
    """Compute passable and reachable edges and every node's hose distance.

    Parameters
    ----------
    graph
        Road graph in the ward's metric CRS; barriers already cut in (``barriers.edge``).
    thresholds
        Truck minimum width and clear height, night hours, network limit.
    barriers
        Barrier arrays (see :func:`barriers_from_frame`); default none.
    boundary
        Ward boundary polygon in the same metric CRS; nodes on or outside it are entry
        points. Without it, the passable component with the most road length is used.
    night
        Read barrier hours for the night window instead of the day.
    limit_m
        Farthest hose distance computed (metres); default ``thresholds.network_limit_m``.
    """
    barriers = Barriers.empty() if barriers is None else barriers
    limit = thresholds.network_limit_m if limit_m is None else limit_m
    reason = edge_reasons(
        graph.edge_width_m,
        graph.edge_clearance_m,
        min_width_m=thresholds.truck_min_width_m,
        min_clearance_m=thresholds.truck_min_clearance_m,
    )
    blocking = barrier_blocks(
        barriers,
        window_h=time_window(thresholds, night=night),
        min_width_m=thresholds.truck_min_width_m,
        min_clearance_m=thresholds.truck_min_clearance_m,
    )
    barrier_of_edge = np.full(graph.n_edges, -1, dtype=np.int64)
    placed = np.flatnonzero(blocking & (barriers.edge >= 0))
    barrier_of_edge[barriers.edge[placed]] = placed
    blocked = barrier_of_edge >= 0
    reason[blocked & (reason == "reachable")] = "barrier"
    passable = reason == "reachable"

    n_comp, labels = connected_components(graph.adjacency(passable), directed=False)
    degree = np.bincount(
        np.concatenate([graph.edge_u[passable], graph.edge_v[passable]]), minlength=graph.n_nodes
    )
    entry = entry_nodes(graph, boundary)
    fallback = entry is None or not np.any(entry & (degree > 0))
    if entry is None:
        entry = np.zeros(graph.n_nodes, dtype=bool)
    if fallback:
        comp_length = np.bincount(
            labels[graph.edge_u[passable]], graph.edge_length_m[passable], minlength=n_comp
        )
        good = np.flatnonzero(comp_length == comp_length.max()) if passable.any() else []
        good = np.asarray(good[:1], dtype=np.int64)
    else:
        good = np.unique(labels[entry & (degree > 0)])
    reachable = passable & np.isin(labels[graph.edge_u], good)
    reason[passable & ~reachable] = "disconnected"
    node_hose = graph.node_distances_to_edges(reachable, limit_m=limit)
    return TruckAccess(
        night=night,
        passable=passable,
        reachable=reachable,
        reason=reason,
        barrier=barrier_of_edge,
        blocking=blocking,
        entry_node=entry,
        node_hose_m=node_hose,
        entry_fallback=bool(fallback),
    )


def edge_peak_m(graph: RoadGraph, node_distance_m: np.ndarray) -> np.ndarray:
    """Return per edge the largest distance of any point on it (from per-node distances, m).

    With both ends finite the farthest point lies where the two ways round meet:
    ``(d_u + d_v + length) / 2``; with one end unreached it is the far end of the edge.
    """
    du = node_distance_m[graph.edge_u]
    dv = node_distance_m[graph.edge_v]
    length = graph.edge_length_m
    both = np.isfinite(du) & np.isfinite(dv)
    with np.errstate(invalid="ignore"):
        return np.where(both, (du + dv + length) / 2, np.minimum(du, dv) + length)


def edge_groups(graph: RoadGraph, edges: np.ndarray, link_nodes: np.ndarray) -> np.ndarray:
    """Return a group number per edge: selected edges joined through ``link_nodes``.

    Two selected edges are in one group when a chain of selected edges connects them
    through nodes where ``link_nodes`` is true. Unselected edges get ``-1``; groups are
    numbered 0, 1, … in edge order.
    """
    e = np.flatnonzero(edges)
    out = np.full(graph.n_edges, -1, dtype=np.int64)
    if not len(e):
        return out
    ends = np.concatenate([graph.edge_u[e], graph.edge_v[e]])
    owner = np.concatenate([np.arange(len(e)), np.arange(len(e))])
    keep = link_nodes[ends]
    n = len(e) + graph.n_nodes
    links = sp.coo_matrix(
        (np.ones(int(keep.sum())), (owner[keep], len(e) + ends[keep])), shape=(n, n)
    ).tocsr()
    _, labels = connected_components(links, directed=False)
    out[e] = pd.factorize(labels[: len(e)])[0]
    return out


@dataclass(frozen=True)
class BeyondReach:
    """The parts of the network farther than the hose reach from the truck-reachable network.

    Attributes
    ----------
    start_m, end_m
        Per edge: offsets (metres from ``edge_u``) bounding the part beyond reach;
        ``start_m >= end_m`` when no part of the edge is beyond.
    pocket
        Per edge: pocket number, ``-1`` for none. A pocket is a connected part of the roads
        beyond reach; after :func:`occupied_pockets`, only those holding a household or
        premises beyond reach.
    peak_m
        Per edge: the largest hose distance on the edge, metres.
    """

    start_m: np.ndarray
    end_m: np.ndarray
    pocket: np.ndarray
    peak_m: np.ndarray

    @property
    def n_pockets(self) -> int:
        return int(self.pocket.max(initial=-1) + 1)


def beyond_reach(graph: RoadGraph, access: TruckAccess, *, reach_m: float) -> BeyondReach:
    """Find the parts of every edge beyond ``reach_m`` metres of hose, grouped into pockets."""
    d = access.node_hose_m
    du, dv = d[graph.edge_u], d[graph.edge_v]
    length = graph.edge_length_m
    with np.errstate(invalid="ignore"):
        start = np.clip(reach_m - du, 0.0, length)
        end = np.clip(length - (reach_m - dv), 0.0, length)
    has_part = (start < end) & ~access.reachable
    pocket = edge_groups(graph, has_part, d > reach_m)
    return BeyondReach(
        start_m=np.where(has_part, start, 0.0),
        end_m=np.where(has_part, end, 0.0),
        pocket=pocket,
        peak_m=edge_peak_m(graph, d),
    )


def occupied_pockets(
    beyond: BeyondReach, pocket_of_target: np.ndarray
) -> tuple[BeyondReach, np.ndarray]:
    """Keep the pockets that hold at least one target (a household or premises beyond reach).

    ``pocket_of_target`` is each target's pocket (``-1``: none). Returns the pockets kept,
    renumbered 0, 1, … in their order (edges of the others get ``-1``), and the targets'
    pockets in the new numbering. This is *the* definition of a beyond-reach pocket: every
    figure, table and map layer counts these.
    """
    held = np.zeros(beyond.n_pockets, dtype=bool)
    held[pocket_of_target[pocket_of_target >= 0]] = True
    number = np.full(beyond.n_pockets + 1, -1, dtype=np.int64)  # the last one maps -1 to -1
    number[:-1][held] = np.arange(int(held.sum()))
    kept = BeyondReach(
        start_m=beyond.start_m,
        end_m=beyond.end_m,
        pocket=number[beyond.pocket],
        peak_m=beyond.peak_m,
    )
    return kept, number[pocket_of_target]


def pocket_shapes(
    graph: RoadGraph, beyond: BeyondReach, *, buffer_m: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return (polygon per pocket, length in metres of road beyond reach per pocket), metric."""
    e = np.flatnonzero(beyond.pocket >= 0)
    lines = graph.edge_substrings(e, beyond.start_m[e], beyond.end_m[e], group=beyond.pocket[e])
    polygons = shapely.buffer(lines, buffer_m, quad_segs=4) if len(lines) else lines
    lengths = np.bincount(
        beyond.pocket[e], beyond.end_m[e] - beyond.start_m[e], minlength=beyond.n_pockets
    )
    return polygons, lengths


@dataclass(frozen=True)
class ImpassableAlleys:
    """Roads (input lines) with parts fire trucks cannot reach, one row per line.

    Attributes
    ----------
    line
        Index of the input line (road row).
    depth_m
        Largest walking distance in metres from the truck-reachable network to any point of
        the line's unreachable part (``inf`` when not connected within the limit).
    length_m
        Length in metres of the line's unreachable part.
    reason
        Reason code (:data:`pipelines.text.labels.ACCESS_REASONS`) with the highest priority
        among its unreachable edges.
    group
        Alley system: lines whose unreachable parts connect without crossing the
        truck-reachable network share a group number.
    """

    line: np.ndarray
    depth_m: np.ndarray
    length_m: np.ndarray
    reason: np.ndarray
    group: np.ndarray


def impassable_alleys(graph: RoadGraph, access: TruckAccess) -> ImpassableAlleys:
    """Summarise, per road line, the parts fire trucks cannot reach and how deep they go."""
    out_edges = ~access.reachable
    e = np.flatnonzero(out_edges)
    lines = graph.edge_line[e]
    peak = edge_peak_m(graph, access.node_hose_m)[e]
    group_of_edge = edge_groups(graph, out_edges, access.node_hose_m > 0)[e]
    rank = np.array([_REASON_RANK[r] for r in access.reason[e]], dtype=np.int64)
    if not len(e):
        empty = np.zeros(0)
        return ImpassableAlleys(
            np.zeros(0, np.int64), empty, empty, np.zeros(0, object), np.zeros(0, np.int64)
        )
    uniq, inverse = np.unique(lines, return_inverse=True)
    depth = np.full(len(uniq), -np.inf)
    np.maximum.at(depth, inverse, peak)
    length = np.bincount(inverse, graph.edge_length_m[e], minlength=len(uniq))
    best = np.full(len(uniq), len(ACCESS_REASONS), dtype=np.int64)
    np.minimum.at(best, inverse, rank)
    group = np.full(len(uniq), np.iinfo(np.int64).max)
    np.minimum.at(group, inverse, group_of_edge)
    return ImpassableAlleys(
        line=uniq,
        depth_m=depth,
        length_m=length,
        reason=_REASON_CODES[best],
        group=pd.factorize(group)[0],
    )


def barriers_from_frame(frame: pd.DataFrame, edge: np.ndarray) -> Barriers:
    """Return :class:`Barriers` arrays from a barriers layer and each barrier's graph edge."""
    return Barriers(
        kind=frame["kind"].to_numpy(dtype=object, na_value="other"),
        width_m=frame["width_m"].to_numpy(dtype=float, na_value=np.nan),
        clearance_m=frame["clearance_m"].to_numpy(dtype=float, na_value=np.nan),
        closed_from_h=parse_hours(frame["closed_from"]),
        closed_to_h=parse_hours(frame["closed_to"]),
        edge=np.asarray(edge, dtype=np.int64),
    )
