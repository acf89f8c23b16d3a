"""Tổ liên gia gap finder: group the households that belong to no safety group.

A tổ liên gia an toàn PCCC is 5–15 *adjacent* households (national fire police C07, quoted
in domain.md; ``thresholds.safety_group_min_households`` / ``_max_households``). Adjacent is
read along the network, not in a straight line: households are ordered by their position
along the road they are snapped to, and neighbours may be at most
``thresholds.safety_group_max_gap_m`` apart along it. Two houses back to back across a block
wall, on two different alleys, are not neighbours.

Each run of neighbouring households of one road and one tổ dân phố is cut into the fewest
groups of at most the maximum size, of near-equal size; a run shorter than the minimum is
left with the reason ``too_few``. Proposals list their business households and the high-risk
premises along their stretch of road, so the ward can start with them.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from pipelines.network import RoadGraph, Snapped, run_starts

PROPOSAL_BUFFER_M = 8.0  # drawing margin around the houses of a proposed group (one lot)

# Why a household without a group got (or did not get) a proposal: code → (vi, en).
GAP_REASONS: dict[str, tuple[str, str]] = {
    "proposed": ("Đề xuất vào tổ liên gia mới", "Proposed for a new group"),
    "too_few": (
        "Không đủ số hộ liền kề dọc ngõ để lập tổ",
        "Too few neighbouring households along the alley",
    ),
    "left_over": ("Vượt quá số hộ tối đa của tổ", "Over the maximum group size"),
    "not_on_network": ("Không gắn được vào mạng đường", "Not placed on the road network"),
}


@dataclass(frozen=True)
class GroupPlan:
    """Proposed groups for households without a safety group (input order).

    Attributes
    ----------
    group
        Proposed group number (0, 1, …) per household, ``-1`` when none.
    reason
        Code of :data:`GAP_REASONS` per household.
    """

    group: np.ndarray
    reason: np.ndarray

    @property
    def n_groups(self) -> int:
        return int(self.group.max(initial=-1) + 1)


def plan_groups(
    line: np.ndarray,
    position_m: np.ndarray,
    zone: np.ndarray,
    *,
    min_size: int,
    max_size: int,
    max_gap_m: float,
) -> GroupPlan:
    """Cut households into groups of adjacent neighbours along their road.

    Parameters
    ----------
    line
        Road (line) index each household is snapped to; ``-1`` when not on the network.
    position_m
        Position along that road, metres from its start.
    zone
        Integer code of the household's tổ dân phố (groups never cross it); any value.
    min_size, max_size
        Household count bounds of a group.
    max_gap_m
        Largest distance along the road between two neighbours of one group, metres.
    """
    if not 1 <= min_size <= max_size:
        raise ValueError(
            f"group sizes should satisfy 1 <= min_size <= max_size, got {min_size}, {max_size}"
        )
    line = np.asarray(line, dtype=np.int64)
    position = np.asarray(position_m, dtype=float)
    zone = np.asarray(zone, dtype=np.int64)
    n = len(line)
    group = np.full(n, -1, dtype=np.int64)
    reason = np.full(n, "not_on_network", dtype=object)
    idx = np.flatnonzero(line >= 0)
    if not len(idx):
        return GroupPlan(group, reason)
    order = idx[np.lexsort((position[idx], zone[idx], line[idx]))]
    ln, zn, pos = line[order], zone[order], position[order]
    brk = run_starts(ln, zn)
    brk[1:] |= np.diff(pos) > max_gap_m
    run = np.cumsum(brk) - 1
    size = np.bincount(run)
    rank = np.arange(len(order)) - np.flatnonzero(brk)[run]
    k = np.ceil(size / max_size).astype(np.int64)
    k = np.where(size // np.maximum(k, 1) < min_size, np.maximum(size // min_size, 1), k)
    local = (rank * k[run]) // size[run]
    # rank of each household inside its local group, to drop any beyond the maximum
    start_of_local = np.ceil(local * size[run] / k[run]).astype(np.int64)
    inside = rank - start_of_local < max_size
    ok = (size[run] >= min_size) & inside
    key = run * (max_size + 1) + local
    number = np.full(len(order), -1, dtype=np.int64)
    number[ok] = pd.factorize(key[ok])[0]
    group[order] = number
    reason[order] = np.where(ok, "proposed", np.where(size[run] < min_size, "too_few", "left_over"))
    return GroupPlan(group, reason)


def propose_safety_groups(
    graph: RoadGraph,
    households: pd.DataFrame,
    snapped: Snapped,
    households_xy: np.ndarray,
    *,
    premises: pd.DataFrame,
    premises_snapped: Snapped,
    min_size: int,
    max_size: int,
    max_gap_m: float,
    buffer_m: float = PROPOSAL_BUFFER_M,
) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """Propose new safety groups for the households that belong to none.

    Parameters
    ----------
    graph
        Road graph (metric CRS).
    households
        Frame with ``id``, ``residential_group_id``, ``in_safety_group`` and ``is_business``.
    snapped, households_xy
        The households on the graph, and their coordinates (n × 2, metres, metric CRS).
    premises, premises_snapped
        Premises with ``id`` and ``risk_class``, and their positions on the graph; the
        high-risk ones along a proposal's stretch of road are listed with it.
    min_size, max_size, max_gap_m
        See :func:`plan_groups`.
    buffer_m
        Drawing margin around the houses of a proposal, metres.

    Returns
    -------
    tuple
        Per household: ``proposed_group_id`` (text, missing when none) and ``gap_reason``
        (code, missing for members of a group); and one row per proposal with its road,
        tổ dân phố, counts, member ids, high-risk premises and outline (metric CRS).
    """
    free = ~households["in_safety_group"].to_numpy(dtype=bool)
    idx = np.flatnonzero(free)
    edge = snapped.edge[idx]
    on = edge >= 0
    line = np.where(on, graph.edge_line[np.maximum(edge, 0)], -1)
    position = np.where(
        on, graph.edge_line_offset_m[np.maximum(edge, 0)] + np.nan_to_num(snapped.offset_m[idx]), 0
    )
    zone_codes = pd.factorize(households["residential_group_id"].astype(object).iloc[idx])[0]
    plan = plan_groups(
        line, position, zone_codes, min_size=min_size, max_size=max_size, max_gap_m=max_gap_m
    )
    width = max(3, len(str(plan.n_groups)))
    labels = np.array([f"DX-{i + 1:0{width}d}" for i in range(plan.n_groups)], dtype=object)
    per_household = pd.DataFrame(
        {
            "proposed_group_id": pd.Series(pd.NA, index=households.index, dtype="string"),
            "gap_reason": pd.Series(pd.NA, index=households.index, dtype="string"),
        }
    )
    member = plan.group >= 0
    proposed = np.full(len(idx), None, dtype=object)
    proposed[member] = labels[plan.group[member]]
    per_household.iloc[idx, 0] = proposed
    per_household.iloc[idx, 1] = plan.reason
    if not plan.n_groups:
        return per_household, _empty_proposals()

    g = plan.group[member]
    rows = idx[member]
    order = np.argsort(g, kind="stable")
    g, rows = g[order], rows[order]
    pos = position[member][order]
    ln = line[member][order]
    count = np.bincount(g, minlength=plan.n_groups)
    business = households["is_business"].fillna(False).to_numpy(dtype=bool)
    start = np.full(plan.n_groups, np.inf)
    end = np.full(plan.n_groups, -np.inf)
    np.minimum.at(start, g, pos)
    np.maximum.at(end, g, pos)
    group_line = np.zeros(plan.n_groups, dtype=np.int64)
    group_line[g] = ln
    ids = households["id"].astype(str).to_numpy()[rows]
    joined = pd.Series(ids).groupby(g).agg(", ".join).to_numpy()
    business_ids = (
        pd.Series(np.where(business[rows], ids, None))
        .groupby(g)
        .agg(lambda s: ", ".join(s.dropna()))
        .to_numpy()
    )
    high_count, high_ids = _premises_along(
        graph,
        premises,
        premises_snapped,
        group_line=group_line,
        start=start - max_gap_m / 2,
        end=end + max_gap_m / 2,
    )
    zone = households["residential_group_id"].astype(object).to_numpy()[rows]
    first_of_group = np.r_[0, np.cumsum(count)[:-1]]
    hulls = shapely.convex_hull(
        shapely.multipoints(households_xy[rows], indices=g, out=np.empty(plan.n_groups, object))
    )
    proposals = gpd.GeoDataFrame(
        {
            "id": labels,
            "road_id": graph.line_id[group_line],
            "residential_group_id": zone[first_of_group],
            "households": count,
            "business_households": np.bincount(
                g, business[rows].astype(float), minlength=plan.n_groups
            ).astype(np.int64),
            "length_m": end - start,
            "household_ids": joined,
            "business_household_ids": business_ids,
            "high_risk_premises": high_count,
            "high_risk_premises_ids": high_ids,
        },
        geometry=shapely.buffer(hulls, buffer_m, quad_segs=4),
    )
    return per_household, proposals


def _premises_along(
    graph: RoadGraph,
    premises: pd.DataFrame,
    snapped: Snapped,
    *,
    group_line: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (count, ids text) of high-risk premises inside each group's stretch of road."""
    n_groups = len(group_line)
    count = np.zeros(n_groups, dtype=np.int64)
    ids = np.full(n_groups, "", dtype=object)
    if premises.empty:
        return count, ids
    high = premises["risk_class"].isin(["high", "very_high"]).to_numpy(dtype=bool)
    p = np.flatnonzero(high & (snapped.edge >= 0))
    if not len(p):
        return count, ids
    e = snapped.edge[p]
    line = graph.edge_line[e]
    pos = graph.edge_line_offset_m[e] + snapped.offset_m[p]
    scale = float(graph.edge_line_offset_m.max(initial=0) + graph.edge_length_m.max(initial=0))
    scale += 2 * float(np.max(end - start, initial=0)) + 1.0
    key_groups = group_line * scale + start
    order = np.argsort(key_groups)
    found = np.searchsorted(key_groups[order], line * scale + pos, side="right") - 1
    cand = order[np.maximum(found, 0)]
    hit = (found >= 0) & (group_line[cand] == line) & (end[cand] >= pos) & (start[cand] <= pos)
    groups = cand[hit]
    count = np.bincount(groups, minlength=n_groups)
    texts = pd.Series(premises["id"].astype(str).to_numpy()[p[hit]]).groupby(groups).agg(", ".join)
    ids[texts.index.to_numpy()] = texts.to_numpy()
    return count, ids


def _empty_proposals() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": pd.Series([], dtype=object),
            "road_id": pd.Series([], dtype=object),
            "residential_group_id": pd.Series([], dtype=object),
            "households": pd.Series([], dtype=np.int64),
            "business_households": pd.Series([], dtype=np.int64),
            "length_m": pd.Series([], dtype=float),
            "household_ids": pd.Series([], dtype=object),
            "business_household_ids": pd.Series([], dtype=object),
            "high_risk_premises": pd.Series([], dtype=np.int64),
            "high_risk_premises_ids": pd.Series([], dtype=object),
        },
        geometry=gpd.GeoSeries([]),
    )
