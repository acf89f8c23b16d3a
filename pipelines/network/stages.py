"""The stages of the network analysis, each a typed result built from a :class:`NetworkBase`.

:func:`pipelines.network.analysis.analyze_ward` runs them in order:

1. :func:`reach_stage` — truck access at the time of day, every household's and premises'
   hose distance, and the beyond-reach pockets (:class:`Reach`);
2. :func:`facilities_stage` — working public points and usable water sources, and one
   shortest-path pass per facility type to the nearest of each (:class:`Facilities`);
3. :func:`residents_stage` — tổ dân phố, safety-group membership and business households
   (:class:`Residents`);
4. :func:`risk_stage` — recent fires nearby and the risk breakdown of premises and business
   households (:class:`Risk`).

Every array here follows the base's targets (households, then premises) unless said
otherwise; distances are metres along the roads, ``inf`` when not reached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.model.store import Ward
from pipelines.model.territory import containing_group
from pipelines.network.access import (
    BeyondReach,
    TruckAccess,
    barriers_from_frame,
    beyond_reach,
    occupied_pockets,
    truck_access,
)
from pipelines.network.base import NetworkBase
from pipelines.network.coverage import (
    water_group,
    water_usability,
    within_hose_reach,
    working_points,
)
from pipelines.network.distances import Nearest
from pipelines.network.risk import (
    count_within,
    household_risk_inputs,
    premises_risk_inputs,
    recent_incidents,
    risk_frame,
)
from pipelines.text.labels import WATER_GROUPS


@dataclass(frozen=True)
class Reach:
    """Truck access at one time of day and the hose distances it gives.

    Attributes
    ----------
    access
        Passable and truck-reachable edges, blocking barriers, per-node hose distances.
    hose_m
        Per target: walking distance to the nearest truck-reachable point (snap included).
    beyond
        Road parts beyond hose reach, grouped into pockets: only the pockets holding at
        least one household or premises beyond reach, numbered 0, 1, … in edge order
        (:func:`pipelines.network.access.occupied_pockets`).
    pocket
        Per target: its pocket number, ``-1`` when within reach or in no pocket.
    """

    access: TruckAccess
    hose_m: np.ndarray
    beyond: BeyondReach
    pocket: np.ndarray


def reach_stage(base: NetworkBase, ward: Ward, *, night: bool) -> Reach:
    """Compute truck access for the day or the night, hose distances and the pockets."""
    t = ward.config.thresholds
    graph, targets = base.graph, base.targets
    access = truck_access(
        graph,
        thresholds=t,
        barriers=barriers_from_frame(ward["barriers"], graph.split_edge),
        boundary=base.boundary,
        night=night,
    )
    hose = graph.distances_to_edges(
        access.reachable, targets, limit_m=t.network_limit_m, node_distance_m=access.node_hose_m
    )
    beyond = beyond_reach(graph, access, reach_m=t.hose_reach_m)
    pocket = np.full(len(targets), -1, dtype=np.int64)
    placed = targets.edge >= 0
    pocket[placed] = beyond.pocket[targets.edge[placed]]
    pocket[within_hose_reach(hose, thresholds=t)] = -1
    beyond, pocket = occupied_pockets(beyond, pocket)
    return Reach(access=access, hose_m=hose, beyond=beyond, pocket=pocket)


@dataclass(frozen=True)
class Facilities:
    """Which public points and water sources count, and the nearest of each per target.

    Attributes
    ----------
    working
        Per public point: its status counts as working.
    water_usable, water_truck_access, water_group
        Per water source: usable at this time of day, reachable by a truck, and its group
        (a code of :data:`pipelines.network.coverage.WATER_GROUPS`).
    to_point
        Per target: the nearest working public point (index into the layer).
    to_water
        Per water group, per target: the nearest usable source of the group.
    water_m, water_source
        Per target: distance to and index of the nearest usable source of any group.
    """

    working: np.ndarray
    water_usable: np.ndarray
    water_truck_access: np.ndarray
    water_group: np.ndarray
    to_point: Nearest
    to_water: Mapping[str, Nearest]
    water_m: np.ndarray
    water_source: np.ndarray


def facilities_stage(base: NetworkBase, ward: Ward, access: TruckAccess) -> Facilities:
    """Find the usable facilities and run one nearest-facility pass per type."""
    limit = ward.config.thresholds.network_limit_m
    graph, targets = base.graph, base.targets
    points = ward["firefighting_points"]
    working = working_points(points["status"].to_numpy(dtype=object, na_value=None))
    water = ward["water_sources"]
    ws = base.snapped["water_sources"]
    on_net = np.zeros(len(water), dtype=bool)
    on_net[ws.edge >= 0] = access.reachable[ws.edge[ws.edge >= 0]]
    kinds = water["kind"].to_numpy(dtype=object, na_value=None)
    usable, truck_ok = water_usability(
        kinds,
        water["status"].to_numpy(dtype=object, na_value=None),
        water["truck_accessible"].to_numpy(dtype=object, na_value=None),
        on_net,
    )
    groups = water_group(kinds)
    facility_sets = [(base.snapped["firefighting_points"], working)] + [
        (ws, usable & (groups == g)) for g in WATER_GROUPS
    ]
    found = graph.nearest_each(
        [points_.take(np.flatnonzero(keep)) for points_, keep in facility_sets],
        targets,
        limit_m=limit,
    )
    nearest = [
        _source_index(result, np.flatnonzero(keep))
        for result, (_, keep) in zip(found, facility_sets, strict=True)
    ]
    to_water = dict(zip(WATER_GROUPS, nearest[1:], strict=True))
    stack = np.stack([to_water[g].distance_m for g in WATER_GROUPS])
    best = np.argmin(stack, axis=0)
    cols = np.arange(len(targets))
    return Facilities(
        working=working,
        water_usable=usable,
        water_truck_access=truck_ok,
        water_group=groups,
        to_point=nearest[0],
        to_water=to_water,
        water_m=stack[best, cols],
        water_source=np.stack([to_water[g].source for g in WATER_GROUPS])[best, cols],
    )


def _source_index(found: Nearest, kept: np.ndarray) -> Nearest:
    """Map source positions within a subset back to positions in the whole layer."""
    source = np.full(len(found.source), -1, dtype=np.int64)
    ok = found.source >= 0
    source[ok] = kept[found.source[ok]]
    return Nearest(found.distance_m, source)


@dataclass(frozen=True)
class Residents:
    """Who the households and premises are, as the analysis needs it.

    Attributes
    ----------
    household_groups, premises_groups
        Tổ dân phố id per household and per premises (missing ones filled from the
        tổ dân phố polygons holding the feature).
    in_safety_group
        Per household: member of a safety group recorded in the ``safety_groups`` layer.
    is_business
        Per household: a business household (scored for risk like premises).
    """

    household_groups: pd.Series
    premises_groups: pd.Series
    in_safety_group: np.ndarray
    is_business: np.ndarray

    @property
    def business(self) -> np.ndarray:
        """Positions of the business households."""
        return np.flatnonzero(self.is_business)


def residents_stage(ward: Ward) -> Residents:
    """Fill tổ dân phố ids and read safety-group membership and business households."""
    households = ward["households"]
    codes, group_ids = pd.factorize(households["safety_group_id"])
    recorded = set(ward["safety_groups"]["id"].dropna().tolist())
    known = np.array([g in recorded for g in pd.Index(group_ids).tolist()] + [False], dtype=bool)
    return Residents(
        household_groups=_residential_groups(households, ward),
        premises_groups=_residential_groups(ward["premises"], ward),
        in_safety_group=known[codes],
        is_business=households["is_business"].fillna(False).to_numpy(dtype=bool),
    )


def _residential_groups(frame: pd.DataFrame, ward: Ward) -> pd.Series:
    """Return each feature's tổ dân phố id: the polygon holding it
    (:func:`pipelines.model.territory.containing_group`), the stated one without polygons."""
    ids = frame["residential_group_id"].reset_index(drop=True)
    polygons = ward["residential_groups"]
    if polygons.empty:
        return ids
    computed = containing_group(frame.geometry, polygons)
    return pd.Series(computed, dtype=ids.dtype, name=ids.name)


@dataclass(frozen=True)
class Risk:
    """Risk breakdowns (:func:`pipelines.network.risk.risk_frame`) and recent fires nearby.

    ``premises`` and ``premises_nearby`` follow the premises layer; ``business`` and
    ``business_nearby`` follow the business households (:attr:`Residents.business`).
    """

    premises: pd.DataFrame
    business: pd.DataFrame
    premises_nearby: np.ndarray
    business_nearby: np.ndarray


def risk_stage(
    base: NetworkBase,
    ward: Ward,
    flags: Mapping[str, np.ndarray],
    residents: Residents,
    *,
    today: dt.date,
) -> Risk:
    """Count recent fires nearby (straight line) and score premises and business households."""
    cfg = ward.config
    incidents = ward["incidents"]
    recent = recent_incidents(incidents["date"], today=today, years=cfg.risk.incident_years)
    incident_xy = base.xy["incidents"][recent]
    radius = cfg.risk.incident_radius_m
    business = residents.business
    p_nearby = count_within(base.xy["premises"], incident_xy, radius_m=radius)
    b_nearby = count_within(base.xy["households"][business], incident_xy, radius_m=radius)
    n_h = len(base.snapped["households"])
    p_risk = risk_frame(
        premises_risk_inputs(
            ward["premises"],
            flags={k: v[n_h:] for k, v in flags.items()},
            nearby_incidents=p_nearby,
            today=today,
            inspection_interval_months=cfg.thresholds.inspection_interval_months,
        ),
        cfg.risk,
    )
    b_risk = risk_frame(
        household_risk_inputs(
            flags={k: v[business] for k, v in flags.items()},
            in_safety_group=residents.in_safety_group[business],
            nearby_incidents=b_nearby,
        ),
        cfg.risk,
    )
    return Risk(p_risk, b_risk, p_nearby, b_nearby)
