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

from pipelines.network.arrays import run_starts
from pipelines.network.graph import RoadGraph
from pipelines.network.snapping import Snapped
from pipelines.text.labels import GAP_REASONS

PROPOSAL_PAD_M = 3.0  # a proposal's stretch of alley reaches this far past its end houses


_REASON = {code: i for i, code in enumerate(GAP_REASONS)}
_REASON_CODES = np.array(list(GAP_REASONS), dtype=object)


@dataclass(frozen=True)
class GroupPlan:
    """Proposed groups for households without a safety group (input order).

    Attributes
    ----------
    group
        Proposed group number (0, 1, …) per household, ``-1`` when none.
    reason_code
        Position in :data:`GAP_REASONS` of each household's reason (see :attr:`reason`).
    """

    group: np.ndarray
    reason_code: np.ndarray

    @property
    def reason(self) -> np.ndarray:
        """Code of :data:`GAP_REASONS` per household."""
        return _REASON_CODES[self.reason_code]

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
    reason = np.full(n, _REASON["not_on_network"], dtype=np.int8)
    idx = np.flatnonzero(line >= 0)
    if not len(idx):
        return GroupPlan(group, reason)
    span = float(position[idx].max(initial=0.0)) + 1.0
    order = idx[np.argsort(line[idx] * span + position[idx], kind="stable")]
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
    reason[order] = np.where(
        ok,
        _REASON["proposed"],
        np.where(size[run] < min_size, _REASON["too_few"], _REASON["left_over"]),
    )
    return GroupPlan(group, reason)


@dataclass(frozen=True)
class SafetyGapPlan:
    """Proposed groups for the households of a ward that belong to no safety group.

    Attributes
    ----------
    group
        Per household (all households, layer order): proposed group number, ``-1`` none.
    reason_code
        Per household: position in :data:`GAP_REASONS` of its reason, ``-1`` for members
        of a group.
    line, position_m
        Per household: road line it is snapped to (``-1`` none) and position along it, m.
    labels
        Proposal ids (``DX-001``, …), one per group number.
    """

    group: np.ndarray
    reason_code: np.ndarray
    line: np.ndarray
    position_m: np.ndarray
    labels: np.ndarray

    @property
    def n_groups(self) -> int:
        return len(self.labels)

    def group_ids(self) -> pd.Categorical:
        """Return the proposal id per household as a categorical (missing when none)."""
        return pd.Categorical.from_codes(self.group, categories=self.labels, validate=False)

    def reasons(self) -> pd.Categorical:
        """Return the gap reason per household as a categorical (missing for members)."""
        return pd.Categorical.from_codes(
            self.reason_code, categories=list(GAP_REASONS), validate=False
        )


def propose_safety_groups(
    graph: RoadGraph,
    snapped: Snapped,
    *,
    in_safety_group: np.ndarray,
    residential_group: pd.Series | np.ndarray,
    min_size: int,
    max_size: int,
    max_gap_m: float,
) -> SafetyGapPlan:
    """Propose new safety groups for the households that belong to none.

    Parameters
    ----------
    graph
        Road graph (metric CRS).
    snapped
        Every household placed on the graph.
    in_safety_group
        Per household: already a member of a safety group (left alone).
    residential_group
        Per household: tổ dân phố id (groups never cross one); missing values form one zone.
    min_size, max_size, max_gap_m
        See :func:`plan_groups`.
    """
    n = len(snapped)
    idx = np.flatnonzero(~np.asarray(in_safety_group, dtype=bool))
    edge = snapped.edge
    on = edge >= 0
    line = np.where(on, graph.edge_line[np.maximum(edge, 0)], -1)
    position = np.where(
        on, graph.edge_line_offset_m[np.maximum(edge, 0)] + np.nan_to_num(snapped.offset_m), 0.0
    )
    zone_codes = pd.factorize(pd.Series(residential_group).iloc[idx])[0]
    plan = plan_groups(
        line[idx],
        position[idx],
        zone_codes,
        min_size=min_size,
        max_size=max_size,
        max_gap_m=max_gap_m,
    )
    group = np.full(n, -1, dtype=np.int64)
    group[idx] = plan.group
    reason = np.full(n, -1, dtype=np.int8)
    reason[idx] = plan.reason_code
    width = max(3, len(str(plan.n_groups)))
    labels = np.array([f"DX-{i + 1:0{width}d}" for i in range(plan.n_groups)], dtype=object)
    return SafetyGapPlan(group, reason, line, position, labels)


def proposals_frame(
    plan: SafetyGapPlan,
    graph: RoadGraph,
    households: pd.DataFrame,
    *,
    premises: pd.DataFrame,
    premises_snapped: Snapped,
    max_gap_m: float,
    pad_m: float = PROPOSAL_PAD_M,
) -> gpd.GeoDataFrame:
    """Return one row per proposed group, drawn as its stretch of alley (metric CRS, no CRS set).

    Parameters
    ----------
    plan
        The result of :func:`propose_safety_groups`.
    households
        Frame with ``id``, ``residential_group_id`` and ``is_business`` (layer order).
    premises, premises_snapped
        Premises with ``id`` and ``risk_class``, and their positions on the graph; the
        high-risk ones along a proposal's stretch of road (± half the largest gap) are listed.
    max_gap_m
        As given to :func:`propose_safety_groups`.
    pad_m
        The stretch of alley drawn for a proposal reaches this far (metres) past the
        positions of its first and last household.

    Returns
    -------
    geopandas.GeoDataFrame
        ``id``, ``road_id``, ``residential_group_id``, ``households``,
        ``business_households``, ``length_m``, ``household_ids``,
        ``business_household_ids``, ``high_risk_premises``, ``high_risk_premises_ids``.
    """
    if not plan.n_groups:
        return _empty_proposals()
    n_groups = plan.n_groups
    rows = np.flatnonzero(plan.group >= 0)
    order = np.argsort(plan.group[rows], kind="stable")
    rows = rows[order]
    g = plan.group[rows]
    pos = plan.position_m[rows]
    count = np.bincount(g, minlength=n_groups)
    first = np.r_[0, np.cumsum(count)[:-1]]
    business = households["is_business"].fillna(False).to_numpy(dtype=bool)[rows]
    start = np.minimum.reduceat(pos, first)
    end = np.maximum.reduceat(pos, first)
    group_line = plan.line[rows][first]
    ids = households["id"].astype(str).to_numpy()[rows]
    high_count, high_ids = _premises_along(
        graph,
        premises,
        premises_snapped,
        group_line=group_line,
        start=start - max_gap_m / 2,
        end=end + max_gap_m / 2,
    )
    zone = households["residential_group_id"].to_numpy(dtype=object, na_value=None)[rows]
    return gpd.GeoDataFrame(
        {
            "id": plan.labels,
            "road_id": graph.line_id[group_line],
            "residential_group_id": zone[first],
            "households": count,
            "business_households": np.add.reduceat(business.astype(np.int64), first),
            "length_m": end - start,
            "household_ids": join_by_group(ids, g, n_groups),
            "business_household_ids": join_by_group(ids[business], g[business], n_groups),
            "high_risk_premises": high_count,
            "high_risk_premises_ids": high_ids,
        },
        geometry=graph.line_substrings(group_line, start - pad_m, end + pad_m),
    )


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
    order = np.argsort(groups, kind="stable")
    found_ids = premises["id"].astype(str).to_numpy()[p[hit]][order]
    return count, join_by_group(found_ids, groups[order], n_groups)


def join_by_group(
    texts: np.ndarray, group: np.ndarray, n_groups: int, sep: str = ", "
) -> np.ndarray:
    """Join texts per group number (``group`` sorted ascending); empty text for empty groups."""
    out = np.full(n_groups, "", dtype=object)
    if not len(texts):
        return out
    bounds = np.searchsorted(group, np.arange(n_groups + 1))
    present = np.flatnonzero(bounds[1:] > bounds[:-1])
    items = texts.tolist()
    out[present] = [sep.join(items[bounds[i] : bounds[i + 1]]) for i in present]
    return out


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
