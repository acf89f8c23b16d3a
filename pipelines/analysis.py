"""Network analysis of a ward in one call: truck access, coverage, risk, safety-group gaps.

:func:`analyze_ward` is the one orchestration used by the CLI (``pccc analyze``), the
dashboard and reports. It builds the road graph in the ward's metric CRS (``ward.toml`` →
``[ward] crs_metric``), snaps every point layer onto it, runs one multi-source shortest-path
pass per facility type (truck-reachable network, working public points, each group of
usable water sources) and returns a :class:`WardAnalysis` of documented frames. All
thresholds and weights come from the ward's settings.

Distances are metres along the roads, from the feature's snapped position, with both snap
distances included; ``inf`` means not reached within ``thresholds.network_limit_m`` (or not
placed on the network: see ``snap_problems``). Output geometry is EPSG:4326.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from pipelines.access import (
    BeyondReach,
    TruckAccess,
    barriers_from_frame,
    beyond_reach,
    impassable_alleys,
    pocket_shapes,
    truck_access,
)
from pipelines.coverage import (
    WATER_GROUPS,
    coverage_flags,
    coverage_summary,
    water_group,
    water_usability,
    working_points,
)
from pipelines.errors import InputFileError
from pipelines.network import (
    Nearest,
    RoadGraph,
    Snapped,
    metric_geometry,
    point_coordinates,
    road_graph_from_frame,
    run_starts,
)
from pipelines.risk import (
    FACTOR_COLUMNS,
    HIGH_CLASSES,
    RISK_CLASSES,
    breakdown_text,
    count_within,
    hexagon_cells,
    hexagon_polygons,
    household_risk_inputs,
    premises_risk_inputs,
    recent_incidents,
    risk_frame,
)
from pipelines.safety_gaps import propose_safety_groups
from pipelines.schema import STORAGE_CRS
from pipelines.settings import Thresholds
from pipelines.store import Ward

POCKET_BUFFER_M = 15.0  # drawing margin around roads beyond reach (about one lot deep)
HEX_SIZE_M = 100.0  # radius of the risk-density hexagons

# Columns of the per-feature results: name → (Vietnamese, English). Distances in metres.
RESULT_COLUMNS: dict[str, tuple[str, str]] = {
    "feature_type": ("Loại đối tượng", "Feature type"),
    "id": ("Mã", "ID"),
    "name": ("Tên / địa chỉ", "Name / address"),
    "category": ("Loại hình", "Category"),
    "residential_group_id": ("Tổ dân phố", "Residential group"),
    "is_business": ("Hộ kinh doanh", "Business household"),
    "on_network": ("Gắn được vào mạng đường", "Placed on the road network"),
    "snap_distance_m": ("Khoảng cách đến đường (m)", "Distance to the road (m)"),
    "hose_distance_m": ("Khoảng cách vòi từ điểm xe vào được (m)", "Hose distance (m)"),
    "within_hose_reach": ("Trong tầm vòi", "Within hose reach"),
    "point_distance_m": ("Đến điểm CCCC hoạt động gần nhất (m)", "To nearest working point (m)"),
    "nearest_point_id": ("Điểm CCCC gần nhất", "Nearest public point"),
    "has_public_point": ("Có điểm CCCC trong bán kính", "Public point within radius"),
    "water_distance_m": ("Đến nguồn nước dùng được gần nhất (m)", "To nearest usable water (m)"),
    "nearest_water_id": ("Nguồn nước gần nhất", "Nearest usable water source"),
    "has_water": ("Có nguồn nước trong bán kính", "Water within radius"),
    **{
        f"water_{g}_distance_m": (f"Đến {vi.lower()} (m)", f"To {en.lower()} (m)")
        for g, (vi, en) in WATER_GROUPS.items()
    },
    "in_safety_group": ("Thuộc tổ liên gia", "In a safety group"),
    "covered": ("Được bảo vệ", "Covered"),
    "pocket_id": ("Vùng ngoài tầm vòi", "Beyond-reach pocket"),
    "proposed_group_id": ("Tổ liên gia đề xuất", "Proposed safety group"),
    "nearby_incidents": ("Vụ cháy gần đây xung quanh", "Recent fires nearby"),
    "risk_score": ("Điểm nguy cơ", "Risk score"),
    "risk_class": ("Mức nguy cơ", "Risk class"),
    "risk_breakdown": ("Chi tiết điểm nguy cơ", "Risk breakdown"),
}


@dataclass(frozen=True)
class WardAnalysis:
    """Results of :func:`analyze_ward`; frames in EPSG:4326 unless said otherwise.

    Attributes
    ----------
    households
        One row per household (layer order): ``id``, ``address``, ``residential_group_id``
        (filled from the tổ dân phố polygons when missing), ``is_business``,
        ``safety_group_id``, ``in_safety_group``, ``on_network``, ``snap_distance_m``,
        ``hose_distance_m``, ``within_hose_reach``, ``point_distance_m``,
        ``nearest_point_id``, ``has_public_point``, ``water_distance_m``,
        ``nearest_water_id``, ``has_water``, ``water_<group>_distance_m`` per
        :data:`pipelines.coverage.WATER_GROUPS`, ``covered``, ``pocket_id`` (beyond-reach
        pocket, missing when none), ``proposed_group_id``, ``gap_reason``,
        ``nearby_incidents``, and for business households the risk breakdown
        ``risk_<factor>``, ``risk_score``, ``risk_class`` (missing for other households).
    premises
        One row per premises, the layer's descriptive fields and the same result columns
        (``in_safety_group`` is missing: not recorded for premises), risk for every row.
    roads
        One row per graph edge: ``road_id``, ``name``, ``kind``, ``width_m``,
        ``clearance_m``, ``length_m``, ``passable``, ``reachable``, ``reason`` (code of
        :data:`pipelines.access.REASONS`), ``barrier_id`` and ``hose_distance_max_m``.
    pockets
        Beyond-reach pockets as polygons: ``id``, ``road_length_m``, ``households``,
        ``premises``, ``hose_distance_max_m``.
    deep_alleys
        Roads trucks cannot enter whose unreachable part reaches at least
        ``thresholds.deep_alley_min_m`` from the truck-reachable network (the alleys that
        call for a public firefighting point), deepest first: ``road_id``, ``name``,
        ``kind``, ``width_m``, ``clearance_m``, ``depth_m``, ``length_m``, ``reason``,
        ``alley_system``, ``households``, ``premises``, ``households_beyond_reach``,
        ``working_points``; geometry is the unreachable part.
    water_sources, public_points, barriers
        The layers with their analysis columns (usable / working, truck access, households
        served, blocking now, snap distance).
    coverage
        Totals and shares per tổ dân phố and for the ward
        (:func:`pipelines.coverage.coverage_summary`).
    inspect_next
        Premises and business households ranked for inspection (highest risk first).
    gap_proposals
        Proposed new safety groups (:func:`pipelines.safety_gaps.propose_safety_groups`).
    risk_density
        Hexagons of radius ``HEX_SIZE_M`` with the households, premises and risk in them.
    snap_problems
        Features farther than ``thresholds.max_snap_distance_m`` from every road: ``layer``,
        ``id``, ``distance_m``.
    graph, access, snapped
        The road graph (metric CRS), truck access arrays and the snapped positions of every
        point layer, for further analysis (the public-point planner).
    notes
        Messages (Vietnamese, English) about assumptions the analysis had to make.
    """

    households: gpd.GeoDataFrame
    premises: gpd.GeoDataFrame
    roads: gpd.GeoDataFrame
    pockets: gpd.GeoDataFrame
    deep_alleys: gpd.GeoDataFrame
    water_sources: gpd.GeoDataFrame
    public_points: gpd.GeoDataFrame
    barriers: gpd.GeoDataFrame
    coverage: pd.DataFrame
    inspect_next: pd.DataFrame
    gap_proposals: gpd.GeoDataFrame
    risk_density: gpd.GeoDataFrame
    snap_problems: pd.DataFrame
    graph: RoadGraph
    access: TruckAccess
    snapped: Mapping[str, Snapped]
    night: bool
    today: dt.date
    crs_metric: str
    notes: tuple[tuple[str, str], ...]


def analyze_ward(
    ward: Ward,
    *,
    night: bool = False,
    today: dt.date | None = None,
    pocket_buffer_m: float = POCKET_BUFFER_M,
    hex_size_m: float = HEX_SIZE_M,
) -> WardAnalysis:
    """Run the whole network analysis of a ward.

    Parameters
    ----------
    ward
        A loaded ward (:func:`pipelines.store.open_ward`); its ``ward.toml`` gives the metric
        CRS, thresholds and risk weights.
    night
        Read barrier closing hours for the night window (alley gates locked at night).
    today
        Reference date for overdue inspections, violations and recent fires
        (default: the current date).
    pocket_buffer_m
        Drawing margin in metres around road parts beyond hose reach.
    hex_size_m
        Radius in metres of the risk-density hexagons.
    """
    today = dt.date.today() if today is None else today
    cfg = ward.config
    t = cfg.thresholds
    crs = cfg.ward.crs_metric
    limit = t.network_limit_m
    notes: list[tuple[str, str]] = []

    barriers = ward["barriers"]
    graph = road_graph_from_frame(
        ward["roads"],
        crs_metric=crs,
        split_points=barriers.geometry,
        split_max_m=t.max_snap_distance_m,
    )
    boundary = _boundary(ward, crs)
    access = truck_access(
        graph,
        thresholds=t,
        barriers=barriers_from_frame(barriers, graph.split_edge),
        boundary=boundary,
        night=night,
    )
    if access.entry_fallback:
        notes.append(
            (
                "Không xác định được đường vào phường (thiếu ranh giới hoặc không có đường nào "
                "chạm ranh giới): lấy mạng đường xe đi được dài nhất làm mạng xe tiếp cận.",
                "No entry road found (no boundary, or no road reaches it): the longest "
                "connected passable network was taken as the truck-reachable network.",
            )
        )

    xy = {
        name: point_coordinates(metric_geometry(ward[name], crs))
        for name in ("households", "premises", "firefighting_points", "water_sources")
    }
    snapped = {name: graph.snap(p, max_m=t.max_snap_distance_m) for name, p in xy.items()}
    households = ward["households"]
    premises = ward["premises"]
    n_h = len(households)
    targets = Snapped.concat([snapped["households"], snapped["premises"]])

    # one pass per facility type: truck-reachable network, working points, each water group
    hose = graph.distances_to_edges(
        access.reachable, targets, limit_m=limit, node_distance_m=access.node_hose_m
    )
    points = ward["firefighting_points"]
    working = working_points(points["status"].to_numpy(dtype=object, na_value=None))
    to_point = _nearest(graph, snapped["firefighting_points"], working, targets, limit)
    water = ward["water_sources"]
    ws = snapped["water_sources"]
    on_net = np.zeros(len(water), dtype=bool)
    on_net[ws.edge >= 0] = access.reachable[ws.edge[ws.edge >= 0]]
    usable, truck_ok = water_usability(
        water["kind"].to_numpy(dtype=object, na_value=None),
        water["status"].to_numpy(dtype=object, na_value=None),
        water["truck_accessible"].to_numpy(dtype=object, na_value=None),
        on_net,
    )
    groups = water_group(water["kind"].to_numpy(dtype=object, na_value=None))
    to_water = {
        g: _nearest(graph, ws, usable & (groups == g), targets, limit) for g in WATER_GROUPS
    }
    stack = np.stack([to_water[g].distance_m for g in WATER_GROUPS])
    best_group = np.argmin(stack, axis=0)
    water_m = stack[best_group, np.arange(len(targets))]
    water_src = np.stack([to_water[g].source for g in WATER_GROUPS])[
        best_group, np.arange(len(targets))
    ]
    flags = coverage_flags(hose, to_point.distance_m, water_m, thresholds=t)

    point_ids = points["id"].to_numpy(dtype=object)
    water_ids = water["id"].to_numpy(dtype=object)
    common = pd.DataFrame(
        {
            "on_network": targets.edge >= 0,
            "snap_distance_m": targets.distance_m,
            "hose_distance_m": hose,
            "within_hose_reach": flags["within_hose_reach"],
            "point_distance_m": to_point.distance_m,
            "nearest_point_id": _ids_or_none(point_ids, to_point.source),
            "has_public_point": flags["has_public_point"],
            "water_distance_m": water_m,
            "nearest_water_id": _ids_or_none(water_ids, water_src),
            "has_water": flags["has_water"],
            **{f"water_{g}_distance_m": to_water[g].distance_m for g in WATER_GROUPS},
            "covered": flags["covered"],
        }
    )

    # beyond-reach pockets
    beyond = beyond_reach(graph, access, reach_m=t.hose_reach_m)
    feature_pocket = np.full(len(targets), -1, dtype=np.int64)
    placed = targets.edge >= 0
    feature_pocket[placed] = beyond.pocket[targets.edge[placed]]
    feature_pocket[flags["within_hose_reach"]] = -1
    common["pocket_id"] = _pocket_labels(feature_pocket)

    # fires nearby (straight line), counted for premises and households alike
    incidents = ward["incidents"]
    recent = recent_incidents(incidents["date"], today=today, years=cfg.risk.incident_years)
    incident_xy = point_coordinates(metric_geometry(incidents, crs))[recent]
    nearby = count_within(
        np.concatenate([xy["households"], xy["premises"]]),
        incident_xy,
        radius_m=cfg.risk.incident_radius_m,
    )
    common["nearby_incidents"] = nearby

    h_common = common.iloc[:n_h].reset_index(drop=True)
    p_common = common.iloc[n_h:].reset_index(drop=True)
    known_groups = set(ward["safety_groups"]["id"].dropna())
    in_group = households["safety_group_id"].isin(known_groups).to_numpy(dtype=bool)
    h_res = _residential_groups(households, ward, crs)
    p_res = _residential_groups(premises, ward, crs)

    # risk: every premises, and households flagged as businesses
    p_risk = risk_frame(
        premises_risk_inputs(
            premises,
            flags={k: p_common[k].to_numpy() for k in flags},
            nearby_incidents=p_common["nearby_incidents"].to_numpy(),
            today=today,
            inspection_interval_months=t.inspection_interval_months,
        ),
        cfg.risk,
    )
    is_business = households["is_business"].fillna(False).to_numpy(dtype=bool)
    b = np.flatnonzero(is_business)
    b_risk = risk_frame(
        household_risk_inputs(
            flags={k: h_common[k].to_numpy()[b] for k in flags},
            in_safety_group=in_group[b],
            nearby_incidents=h_common["nearby_incidents"].to_numpy()[b],
        ),
        cfg.risk,
    )
    h_risk = pd.DataFrame(index=range(n_h), columns=b_risk.columns, dtype=float)
    h_risk["risk_class"] = h_risk["risk_class"].astype(object)
    h_risk.iloc[b] = b_risk.to_numpy()
    h_risk = h_risk.astype({c: float for c in (*FACTOR_COLUMNS, "risk_score")})
    h_risk["risk_class"] = h_risk["risk_class"].where(h_risk["risk_score"].notna(), None)

    premises_out = gpd.GeoDataFrame(
        pd.concat(
            [
                premises.drop(columns="geometry")
                .reset_index(drop=True)
                .assign(residential_group_id=p_res),
                p_common,
                p_risk,
            ],
            axis=1,
        ).assign(in_safety_group=pd.array([pd.NA] * len(premises), dtype="boolean")),
        geometry=premises.geometry.reset_index(drop=True),
        crs=STORAGE_CRS,
    )

    # safety-group gaps
    h_base = pd.DataFrame(
        {
            "id": households["id"].to_numpy(dtype=object),
            "residential_group_id": h_res,
            "in_safety_group": in_group,
            "is_business": is_business,
        }
    )
    gap_cols, proposals = propose_safety_groups(
        graph,
        h_base,
        snapped["households"],
        xy["households"],
        premises=premises_out,
        premises_snapped=snapped["premises"],
        min_size=t.safety_group_min_households,
        max_size=t.safety_group_max_households,
        max_gap_m=t.safety_group_max_gap_m,
    )
    households_out = gpd.GeoDataFrame(
        pd.concat(
            [
                households.drop(columns="geometry")
                .reset_index(drop=True)
                .assign(residential_group_id=h_res, is_business=is_business),
                pd.DataFrame({"in_safety_group": in_group}),
                h_common,
                gap_cols.reset_index(drop=True),
                h_risk,
            ],
            axis=1,
        ),
        geometry=households.geometry.reset_index(drop=True),
        crs=STORAGE_CRS,
    )

    pockets = _pockets_frame(graph, beyond, feature_pocket, n_h, crs, pocket_buffer_m)
    deep = _deep_alleys(graph, access, ward["roads"], targets, n_h, hose, snapped, working, t, crs)
    roads = _roads_frame(graph, access, beyond, ward["roads"], barriers, crs)
    water_out = _facility_frame(
        water,
        ws,
        households_best=(water_src[:n_h], water_m[:n_h] <= t.water_source_radius_m),
        extra={"usable": usable, "truck_access": truck_ok, "group": groups},
    )
    points_out = _facility_frame(
        points,
        snapped["firefighting_points"],
        households_best=(to_point.source[:n_h], flags["has_public_point"][:n_h]),
        extra={"working": working},
    )
    barriers_out = barriers.copy()
    barriers_out["blocking"] = access.blocking
    barriers_out["on_network"] = graph.split_edge >= 0

    residential = ward["residential_groups"]
    names = dict(zip(residential["id"].astype(str), residential["name"].astype(str), strict=False))
    coverage = coverage_summary(households_out, premises_out, names)
    snap_problems = _snap_problems(ward, snapped, graph)
    if len(snap_problems):
        notes.append(
            (
                f"{len(snap_problems)} đối tượng ở xa mọi con đường hơn "
                f"{t.max_snap_distance_m:g} m nên không được gắn vào mạng đường.",
                f"{len(snap_problems)} features are farther than {t.max_snap_distance_m:g} m "
                "from every road and were not placed on the network.",
            )
        )
    return WardAnalysis(
        households=households_out,
        premises=premises_out,
        roads=roads,
        pockets=pockets,
        deep_alleys=deep,
        water_sources=water_out,
        public_points=points_out,
        barriers=barriers_out,
        coverage=coverage,
        inspect_next=inspect_next(premises_out, households_out),
        gap_proposals=_to_storage(proposals, crs),
        risk_density=_risk_density(
            households_out, premises_out, xy["households"], xy["premises"], crs, hex_size_m
        ),
        snap_problems=snap_problems,
        graph=graph,
        access=access,
        snapped=snapped,
        night=night,
        today=today,
        crs_metric=crs,
        notes=tuple(notes),
    )


def _nearest(
    graph: RoadGraph, sources: Snapped, keep: np.ndarray, targets: Snapped, limit_m: float
) -> Nearest:
    idx = np.flatnonzero(keep)
    found = graph.distances_from(sources.take(idx), targets, limit_m=limit_m)
    source = np.full(len(targets), -1, dtype=np.int64)
    ok = found.source >= 0
    source[ok] = idx[found.source[ok]]
    return Nearest(found.distance_m, source)


def _ids_or_none(ids: np.ndarray, index: np.ndarray) -> np.ndarray:
    out = np.full(len(index), None, dtype=object)
    ok = index >= 0
    out[ok] = ids[index[ok]]
    return out


def _pocket_labels(pocket: np.ndarray) -> pd.Series:
    labels = pd.Series(pd.NA, index=range(len(pocket)), dtype="string")
    ok = pocket >= 0
    labels[ok] = [f"VT-{p + 1:03d}" for p in pocket[ok]]
    return labels


def _boundary(ward: Ward, crs: str) -> shapely.Geometry | None:
    frame = ward["ward_boundary"]
    if frame.empty:
        return None
    geoms = metric_geometry(frame, crs).to_numpy()
    geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    return shapely.union_all(geoms) if len(geoms) else None


def _residential_groups(frame: gpd.GeoDataFrame, ward: Ward, crs: str) -> np.ndarray:
    """Return each feature's tổ dân phố id, filling missing ones from the group polygons."""
    ids = frame["residential_group_id"].to_numpy(dtype=object, na_value=None)
    missing = np.flatnonzero(pd.isna(ids))
    polygons = ward["residential_groups"]
    if not len(missing) or polygons.empty:
        return ids
    geoms = polygons.geometry.to_numpy()
    tree = shapely.STRtree(geoms)
    pts = frame.geometry.to_numpy()[missing]
    p_i, g_j = tree.query(pts, predicate="within")
    first = run_starts(p_i)
    ids = ids.copy()
    ids[missing[p_i[first]]] = polygons["id"].to_numpy(dtype=object)[g_j[first]]
    return ids


def _to_storage(frame: gpd.GeoDataFrame, crs: str) -> gpd.GeoDataFrame:
    out = frame.set_crs(crs, allow_override=True) if frame.crs is None else frame
    return out.to_crs(STORAGE_CRS)


def _pockets_frame(
    graph: RoadGraph,
    beyond: BeyondReach,
    feature_pocket: np.ndarray,
    n_households: int,
    crs: str,
    buffer_m: float,
) -> gpd.GeoDataFrame:
    n = beyond.n_pockets
    polygons, lengths = pocket_shapes(graph, beyond, buffer_m=buffer_m)
    is_h = np.arange(len(feature_pocket)) < n_households
    inside = feature_pocket >= 0
    h = np.bincount(feature_pocket[inside & is_h], minlength=n)
    p = np.bincount(feature_pocket[inside & ~is_h], minlength=n)
    peak = np.zeros(n)
    np.maximum.at(peak, beyond.pocket[beyond.pocket >= 0], beyond.peak_m[beyond.pocket >= 0])
    frame = gpd.GeoDataFrame(
        {
            "id": [f"VT-{i + 1:03d}" for i in range(n)],
            "road_length_m": lengths,
            "households": h,
            "premises": p,
            "hose_distance_max_m": np.where(np.isfinite(peak), peak, np.inf),
        },
        geometry=gpd.GeoSeries(polygons, crs=crs),
        crs=crs,
    )
    return frame.to_crs(STORAGE_CRS)


def _deep_alleys(
    graph: RoadGraph,
    access: TruckAccess,
    roads: gpd.GeoDataFrame,
    targets: Snapped,
    n_households: int,
    hose: np.ndarray,
    snapped: Mapping[str, Snapped],
    working: np.ndarray,
    t: Thresholds,
    crs: str,
) -> gpd.GeoDataFrame:
    alleys = impassable_alleys(graph, access)
    deep = alleys.depth_m >= t.deep_alley_min_m
    line = alleys.line[deep]
    order = np.argsort(-np.nan_to_num(alleys.depth_m[deep], posinf=1e12), kind="stable")
    line = line[order]
    slot = np.full(len(graph.line_id), -1, dtype=np.int64)
    slot[line] = np.arange(len(line))

    def per_alley(points: Snapped, weight: np.ndarray | None = None) -> np.ndarray:
        e = points.edge
        ok = e >= 0
        ok[ok] = ~access.reachable[e[ok]]
        s = np.full(len(e), -1, dtype=np.int64)
        s[ok] = slot[graph.edge_line[e[ok]]]
        keep = s >= 0 if weight is None else (s >= 0) & weight
        return np.bincount(s[keep], minlength=len(line))

    is_h = np.arange(len(targets)) < n_households
    beyond = ~(hose <= t.hose_reach_m)
    edges = np.flatnonzero(~access.reachable & (slot[graph.edge_line] >= 0))
    parts = graph.edge_substrings(
        edges,
        np.zeros(len(edges)),
        graph.edge_length_m[edges],
        group=slot[graph.edge_line[edges]],
    )
    attrs = roads.iloc[line] if len(line) else roads.iloc[0:0]
    frame = gpd.GeoDataFrame(
        {
            "road_id": graph.line_id[line],
            "name": attrs["name"].to_numpy(dtype=object, na_value=None),
            "kind": attrs["kind"].to_numpy(dtype=object, na_value=None),
            "width_m": graph.line_width_m[line],
            "clearance_m": graph.line_clearance_m[line],
            "depth_m": alleys.depth_m[deep][order],
            "length_m": alleys.length_m[deep][order],
            "reason": alleys.reason[deep][order],
            "alley_system": alleys.group[deep][order],
            "households": per_alley(targets, is_h),
            "premises": per_alley(targets, ~is_h),
            "households_beyond_reach": per_alley(targets, is_h & beyond),
            "working_points": per_alley(snapped["firefighting_points"], working),
        },
        geometry=gpd.GeoSeries(parts, crs=crs),
        crs=crs,
    )
    return frame.to_crs(STORAGE_CRS)


def _roads_frame(
    graph: RoadGraph,
    access: TruckAccess,
    beyond: BeyondReach,
    roads: gpd.GeoDataFrame,
    barriers: gpd.GeoDataFrame,
    crs: str,
) -> gpd.GeoDataFrame:
    names = roads["name"].to_numpy(dtype=object, na_value=None) if len(roads) else np.zeros(0)
    barrier_ids = barriers["id"].to_numpy(dtype=object)
    frame = gpd.GeoDataFrame(
        {
            "road_id": graph.edge_road_id,
            "name": names[graph.edge_line] if len(names) else np.zeros(0, dtype=object),
            "kind": graph.edge_kind,
            "width_m": graph.edge_width_m,
            "clearance_m": graph.edge_clearance_m,
            "length_m": graph.edge_length_m,
            "passable": access.passable,
            "reachable": access.reachable,
            "reason": access.reason,
            "barrier_id": _ids_or_none(barrier_ids, access.barrier),
            "hose_distance_max_m": np.where(access.reachable, 0.0, beyond.peak_m),
        },
        geometry=gpd.GeoSeries(graph.edge_lines(), crs=crs),
        crs=crs,
    )
    return frame.to_crs(STORAGE_CRS)


def _facility_frame(
    layer: gpd.GeoDataFrame,
    snapped: Snapped,
    *,
    households_best: tuple[np.ndarray, np.ndarray],
    extra: Mapping[str, np.ndarray],
) -> gpd.GeoDataFrame:
    source, within = households_best
    counted = source[within & (source >= 0)]
    out = layer.copy()
    for name, values in extra.items():
        out[name] = values
    out["on_network"] = snapped.edge >= 0
    out["snap_distance_m"] = snapped.distance_m
    out["households_served"] = np.bincount(counted, minlength=len(layer))[: len(layer)]
    return out


def _snap_problems(ward: Ward, snapped: Mapping[str, Snapped], graph: RoadGraph) -> pd.DataFrame:
    rows = []
    for name, s in snapped.items():
        far = np.flatnonzero(s.too_far)
        rows.append(
            pd.DataFrame(
                {
                    "layer": name,
                    "id": ward[name]["id"].to_numpy(dtype=object)[far],
                    "distance_m": s.distance_m[far],
                }
            )
        )
    barriers = ward["barriers"]
    off = np.flatnonzero(graph.split_edge < 0)
    rows.append(
        pd.DataFrame(
            {
                "layer": "barriers",
                "id": barriers["id"].to_numpy(dtype=object)[off],
                "distance_m": np.nan,
            }
        )
    )
    return pd.concat(rows, ignore_index=True)


def inspect_next(premises: pd.DataFrame, households: pd.DataFrame) -> pd.DataFrame:
    """Rank premises and business households for inspection, highest risk first.

    Ties go to the never-inspected, then to the longest since the last inspection, then by
    id. Columns: ``rank``, ``feature_type`` ({"premises", "household"}), ``id``, ``name``,
    ``category``, ``residential_group_id``, ``last_inspection``, ``risk_score``,
    ``risk_class`` and the ``risk_<factor>`` breakdown.
    """
    keep = ["id", "residential_group_id", *FACTOR_COLUMNS, "risk_score", "risk_class"]
    p = premises[keep].assign(
        feature_type="premises",
        name=premises["name"].astype(object),
        category=premises["category"].astype(object),
        last_inspection=premises["last_inspection"],
    )
    scored = households["risk_score"].notna()
    h = households.loc[scored, keep].assign(
        feature_type="household",
        name=households.loc[scored, "address"].astype(object),
        category="household_business",
        last_inspection=pd.NaT,
    )
    table = pd.concat([p, h], ignore_index=True)
    table["last_inspection"] = pd.to_datetime(table["last_inspection"])
    never = table["last_inspection"].isna()
    order = np.lexsort(
        (
            table["id"].astype(str).to_numpy(),
            table["last_inspection"].fillna(pd.Timestamp.min).to_numpy(),
            ~never.to_numpy(),
            -table["risk_score"].to_numpy(dtype=float),
        )
    )
    table = table.iloc[order].reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    columns = [
        "rank",
        "feature_type",
        "id",
        "name",
        "category",
        "residential_group_id",
        "last_inspection",
        "risk_score",
        "risk_class",
        *FACTOR_COLUMNS,
    ]
    return table[columns]


def _risk_density(
    households: pd.DataFrame,
    premises: pd.DataFrame,
    households_xy: np.ndarray,
    premises_xy: np.ndarray,
    crs: str,
    size_m: float,
) -> gpd.GeoDataFrame:
    """Aggregate households, premises and risk points into hexagons (metric, then 4326)."""
    xy = np.concatenate([households_xy, premises_xy])
    ok = np.isfinite(xy).all(axis=1)
    n_h = len(households_xy)
    score = np.concatenate(
        [
            households["risk_score"].to_numpy(dtype=float, na_value=np.nan),
            premises["risk_score"].to_numpy(dtype=float, na_value=np.nan),
        ]
    )
    classes = np.concatenate(
        [
            households["risk_class"].to_numpy(dtype=object, na_value=None),
            premises["risk_class"].to_numpy(dtype=object, na_value=None),
        ]
    )
    is_h = np.arange(len(xy)) < n_h
    uncovered = np.r_[~households["covered"].to_numpy(dtype=bool), np.zeros(len(premises_xy), bool)]
    beyond = np.r_[
        ~households["within_hose_reach"].to_numpy(dtype=bool), np.zeros(len(premises_xy), bool)
    ]
    q, r = hexagon_cells(xy[ok], size_m=size_m)
    cell, first = np.unique(np.column_stack([q, r]), axis=0, return_inverse=True)
    first = first.reshape(-1)
    m = len(cell)

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(first, np.asarray(values, float)[ok], minlength=m)

    scored = ~np.isnan(score)
    high = np.isin(classes, list(HIGH_CLASSES))
    frame = gpd.GeoDataFrame(
        {
            "households": total(is_h).astype(np.int64),
            "households_uncovered": total(uncovered).astype(np.int64),
            "households_beyond_reach": total(beyond).astype(np.int64),
            "premises": total(~is_h).astype(np.int64),
            "scored": total(scored).astype(np.int64),
            "high_risk": total(high).astype(np.int64),
            "risk_sum": total(np.nan_to_num(score)),
        },
        geometry=gpd.GeoSeries(hexagon_polygons(cell[:, 0], cell[:, 1], size_m=size_m), crs=crs),
        crs=crs,
    )
    frame = frame[(frame["households"] + frame["premises"]) > 0]
    return frame.reset_index(drop=True).to_crs(STORAGE_CRS)


# ---------------------------------------------------------------------- export and CLI


def results_table(analysis: WardAnalysis, *, lang: str = "vi") -> gpd.GeoDataFrame:
    """Return every household's and premises' results as one table (EPSG:4326).

    One row per feature with ``feature_type`` ({"household", "premises"}) and the columns of
    :data:`RESULT_COLUMNS`, the ``risk_<factor>`` breakdown, and ``risk_breakdown`` (the
    breakdown as text in ``lang``). Distances not reached are missing (not ``inf``).
    """
    h = analysis.households
    p = analysis.premises
    h_part = h.assign(feature_type="household", name=h["address"], category=None)
    p_part = p.assign(feature_type="premises", is_business=pd.NA, proposed_group_id=pd.NA)
    columns = [c for c in RESULT_COLUMNS if c != "risk_breakdown"]
    columns = [*columns[: columns.index("risk_score")], *FACTOR_COLUMNS, "risk_score", "risk_class"]
    columns = list(dict.fromkeys(columns))
    table = pd.concat(
        [pd.DataFrame(h_part)[columns], pd.DataFrame(p_part)[columns]], ignore_index=True
    )
    table["risk_breakdown"] = breakdown_text(table, lang)
    distance = [c for c in table.columns if c.endswith("_distance_m")]
    table[distance] = table[distance].replace([np.inf, -np.inf], np.nan)
    table["risk_class_label"] = table["risk_class"].map(
        {code: c.label(lang) for code, c in RISK_CLASSES.items()}
    )
    geometry = pd.concat([h.geometry, p.geometry], ignore_index=True)
    return gpd.GeoDataFrame(table, geometry=geometry.to_numpy(), crs=STORAGE_CRS)


def _write_gpkg(analysis: WardAnalysis, path: Path, lang: str) -> None:
    table = results_table(analysis, lang=lang)
    pyogrio.write_dataframe(_for_file(table), path, layer="results", driver="GPKG")
    extra = {
        "beyond_reach_pockets": analysis.pockets,
        "deep_alleys": analysis.deep_alleys,
        "safety_group_proposals": analysis.gap_proposals,
    }
    for layer, frame in extra.items():
        if len(frame):
            pyogrio.write_dataframe(
                _for_file(frame), path, layer=layer, driver="GPKG", promote_to_multi=True
            )


def _write_csv(analysis: WardAnalysis, path: Path, lang: str) -> None:
    table = results_table(analysis, lang=lang)
    xy = shapely.get_coordinates(table.geometry.to_numpy(), include_z=False)
    present = ~(shapely.is_missing(table.geometry.to_numpy()))
    frame = pd.DataFrame(table.drop(columns="geometry"))
    frame["lon"] = np.nan
    frame["lat"] = np.nan
    frame.loc[present, "lon"] = xy[:, 0]
    frame.loc[present, "lat"] = xy[:, 1]
    frame.to_csv(path, index=False, encoding="utf-8-sig")


def _for_file(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = frame.copy()
    for column in out.columns:
        if column == out.geometry.name:
            continue
        if out[column].dtype == object or str(out[column].dtype) == "string":
            out[column] = out[column].astype(object).where(out[column].notna(), None)
        elif out[column].dtype.kind == "f":
            out[column] = out[column].replace([np.inf, -np.inf], np.nan)
    return out


# File suffix → writer (results of every household and premises).
WRITERS: dict[str, Callable[[WardAnalysis, Path, str], None]] = {
    ".gpkg": _write_gpkg,
    ".csv": _write_csv,
}


def write_results(analysis: WardAnalysis, path: str | Path, *, lang: str = "vi") -> Path:
    """Write the results to a GeoPackage or CSV file, chosen by the file's suffix.

    A GeoPackage gets the ``results`` layer (one row per household and premises) and the
    layers ``beyond_reach_pockets``, ``deep_alleys`` and ``safety_group_proposals``; a CSV
    (UTF-8 with BOM, for Excel) gets the results with ``lon``/``lat`` columns.
    """
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise InputFileError(
            f"Không ghi được tệp {path.name}: chỉ hỗ trợ {', '.join(WRITERS)}",
            f"'out' should end with one of {', '.join(WRITERS)}, got '{path.suffix}' instead",
        )
    if path.exists():
        path.unlink()
    writer(analysis, path, lang)
    return path


def _analyze(args: argparse.Namespace) -> int:
    from pipelines.cli import EXIT_OK
    from pipelines.i18n import format_number, format_percent
    from pipelines.store import open_ward

    ward = open_ward(args.ward)
    analysis = analyze_ward(ward, night=args.night)
    write_results(analysis, args.out, lang=args.lang)
    total = analysis.coverage.iloc[-1]
    lang = args.lang
    print(
        f"Đã ghi / wrote {args.out}: {format_number(len(analysis.households), lang)} hộ / "
        f"households, {format_number(len(analysis.premises), lang)} cơ sở / premises"
    )
    print(
        f"Ngoài tầm vòi / beyond hose reach: "
        f"{format_percent(1 - total['share_households_within_hose_reach'], lang)} hộ / households; "
        f"ngõ sâu xe không vào được / deep alleys trucks cannot enter: "
        f"{format_number(len(analysis.deep_alleys), lang)}"
    )
    for vi, en in analysis.notes:
        print(f"Lưu ý: {vi}\nNote: {en}")
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    from pipelines.cli import add_ward_argument

    p = subparsers.add_parser(
        "analyze",
        help="phân tích mạng đường: xe chữa cháy, độ phủ, nguy cơ / network analysis",
        description=(
            "Phân tích mạng đường của phường: đường xe chữa cháy vào được, khoảng cách vòi, "
            "khoảng cách đến điểm chữa cháy công cộng và nguồn nước, điểm nguy cơ từng cơ sở "
            "và hộ kinh doanh (kèm chi tiết điểm). Ghi kết quả của mọi hộ và cơ sở ra "
            "GeoPackage (.gpkg) hoặc CSV (.csv) theo đuôi tệp.\n"
            "Analyse the ward's road network: where fire trucks can go, hose distances, "
            "distances to public firefighting points and water sources, and the risk score of "
            "every premises and business household (with its breakdown). Writes every "
            "household's and premises' results to GeoPackage (.gpkg) or CSV (.csv) by the "
            "file's suffix."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_ward_argument(p)
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE",
        help="tệp kết quả .gpkg hoặc .csv / output file, .gpkg or .csv",
    )
    p.add_argument(
        "--night",
        action="store_true",
        help="tính theo giờ ban đêm (cổng ngõ khóa) / use night-time barrier hours",
    )
    p.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="ngôn ngữ của nhãn trong tệp / language of labels in the file (mặc định/default vi)",
    )
    p.set_defaults(func=_analyze)
