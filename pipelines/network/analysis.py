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

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from pipelines.model.errors import InputFileError
from pipelines.model.schema import STORAGE_CRS, get_layer
from pipelines.model.settings import WardConfig
from pipelines.model.store import Ward
from pipelines.network.access import (
    REASONS,
    BeyondReach,
    TruckAccess,
    barriers_from_frame,
    beyond_reach,
    impassable_alleys,
    pocket_shapes,
    truck_access,
)
from pipelines.network.arrays import run_starts
from pipelines.network.coverage import (
    WATER_GROUPS,
    coverage_flags,
    coverage_summary,
    water_group,
    water_usability,
    working_points,
)
from pipelines.network.distances import Nearest
from pipelines.network.graph import RoadGraph, road_graph_from_frame
from pipelines.network.projection import metric_geometry, metric_xy
from pipelines.network.risk import (
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
from pipelines.network.safety_gaps import SafetyGapPlan, proposals_frame, propose_safety_groups
from pipelines.network.snapping import Snapped

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


@dataclass(frozen=True, eq=False)
class WardAnalysis:
    """Results of :func:`analyze_ward`; frames in EPSG:4326 unless said otherwise.

    The per-feature tables and small summaries are computed by :func:`analyze_ward`; the map
    layers (``roads``, ``pockets``, ``deep_alleys``, ``gap_proposals``, ``risk_density``)
    are built from the arrays on first use and then kept (the object is immutable).

    Attributes
    ----------
    households
        One row per household (layer order): the layer's fields except personal ones (names,
        phone numbers; ``residential_group_id`` filled from the tổ dân phố polygons when
        missing), then ``in_safety_group``,
        ``on_network``, ``snap_distance_m``, ``hose_distance_m``, ``within_hose_reach``,
        ``point_distance_m``, ``nearest_point_id``, ``has_public_point``,
        ``water_distance_m``, ``nearest_water_id``, ``has_water``,
        ``water_<group>_distance_m`` per :data:`pipelines.network.coverage.WATER_GROUPS`,
        ``covered``, ``pocket_id`` (beyond-reach pocket, missing when none),
        ``proposed_group_id``, ``gap_reason`` (:data:`pipelines.network.safety_gaps.GAP_REASONS`),
        ``nearby_incidents``, and for business households the risk breakdown
        ``risk_<factor>``, ``risk_score``, ``risk_class`` (missing for other households).
        Distances in metres, ``inf`` when not reached.
    premises
        One row per premises: the layer's fields except personal ones, and the same result
        columns
        (``in_safety_group``, ``proposed_group_id`` and ``gap_reason`` missing: safety
        groups are recorded for households), risk for every row.
    water_sources, public_points, barriers
        The layers (without personal fields) with their analysis columns: ``usable``, ``truck_access``, ``group``
        (water); ``working`` (points); ``blocking`` (barriers, at this time of day); and
        ``on_network``, ``snap_distance_m``, ``households_served`` (households for which it is
        the nearest, within the radius).
    coverage
        Totals and shares per tổ dân phố and for the ward
        (:func:`pipelines.network.coverage.coverage_summary`).
    inspect_next
        Premises and business households ranked for inspection (:func:`inspect_next`).
    snap_problems
        Features farther than ``thresholds.max_snap_distance_m`` from every road, and
        barriers off the roads: ``layer``, ``id``, ``distance_m``.
    graph, access, beyond, safety_plan, snapped, xy
        The road graph, truck access, beyond-reach arrays, the safety-group plan, the
        snapped positions and the metric coordinates (n × 2) of every point layer: the
        arrays behind the tables, for further analysis (the public-point planner).
    config, night, today, crs_metric
        What the results were computed with.
    notes
        Messages (Vietnamese, English) about assumptions the analysis had to make.
    """

    households: gpd.GeoDataFrame
    premises: gpd.GeoDataFrame
    water_sources: gpd.GeoDataFrame
    public_points: gpd.GeoDataFrame
    barriers: gpd.GeoDataFrame
    coverage: pd.DataFrame
    inspect_next: pd.DataFrame
    snap_problems: pd.DataFrame
    graph: RoadGraph
    access: TruckAccess
    beyond: BeyondReach
    safety_plan: SafetyGapPlan
    snapped: Mapping[str, Snapped]
    xy: Mapping[str, np.ndarray]
    roads_layer: gpd.GeoDataFrame
    config: WardConfig
    night: bool
    today: dt.date
    crs_metric: str
    notes: tuple[tuple[str, str], ...]
    pocket_buffer_m: float = POCKET_BUFFER_M
    hex_size_m: float = HEX_SIZE_M

    @cached_property
    def roads(self) -> gpd.GeoDataFrame:
        """One row per graph edge: ``road_id``, ``name``, ``kind``, ``width_m``,
        ``clearance_m``, ``length_m``, ``passable``, ``reachable``, ``reason`` (code of
        :data:`pipelines.network.access.REASONS`), ``barrier_id`` and ``hose_distance_max_m`` (the
        farthest hose distance along the edge, 0 on the truck-reachable network)."""
        g, access = self.graph, self.access
        names = self.roads_layer["name"].to_numpy(dtype=object, na_value=None)
        frame = gpd.GeoDataFrame(
            {
                "road_id": g.edge_road_id,
                "name": names[g.edge_line] if len(names) else np.zeros(0, dtype=object),
                "kind": g.edge_kind,
                "width_m": g.edge_width_m,
                "clearance_m": g.edge_clearance_m,
                "length_m": g.edge_length_m,
                "passable": access.passable,
                "reachable": access.reachable,
                "reason": pd.Categorical(access.reason, categories=list(REASONS)),
                "barrier_id": _codes_to_ids(self.barriers["id"], access.barrier),
                "hose_distance_max_m": np.where(access.reachable, 0.0, self.beyond.peak_m),
            },
            geometry=gpd.GeoSeries(g.edge_lines(), crs=self.crs_metric),
        )
        return frame.to_crs(STORAGE_CRS)

    @cached_property
    def pockets(self) -> gpd.GeoDataFrame:
        """Beyond-reach pockets as polygons (roads beyond hose reach, ``pocket_buffer_m``
        wide each side): ``id``, ``road_length_m``, ``households``, ``premises``,
        ``hose_distance_max_m``."""
        beyond = self.beyond
        n = beyond.n_pockets
        polygons, lengths = pocket_shapes(self.graph, beyond, buffer_m=self.pocket_buffer_m)
        on = beyond.pocket >= 0
        peak = np.zeros(n)
        np.maximum.at(peak, beyond.pocket[on], beyond.peak_m[on])
        frame = gpd.GeoDataFrame(
            {
                "id": _pocket_labels(n),
                "road_length_m": lengths,
                "households": _count_codes(self.households["pocket_id"], n),
                "premises": _count_codes(self.premises["pocket_id"], n),
                "hose_distance_max_m": peak,
            },
            geometry=gpd.GeoSeries(polygons, crs=self.crs_metric),
        )
        return frame.to_crs(STORAGE_CRS)

    @cached_property
    def deep_alleys(self) -> gpd.GeoDataFrame:
        """Roads trucks cannot enter whose unreachable part reaches at least
        ``thresholds.deep_alley_min_m`` from the truck-reachable network (the alleys that
        call for a public firefighting point), deepest first; road rows of one name in one
        alley system (split at junctions) are one alley. Columns: ``road_id`` (the road
        rows, comma-separated), ``name``, ``kind``, ``width_m`` and ``clearance_m`` (the
        smallest), ``depth_m``, ``length_m``, ``reason``, ``alley_system``, ``households``,
        ``premises``, ``households_beyond_reach``, ``working_points``; the geometry is the
        part trucks cannot reach."""
        return _deep_alleys(self)

    @cached_property
    def gap_proposals(self) -> gpd.GeoDataFrame:
        """Proposed new safety groups (:func:`pipelines.network.safety_gaps.proposals_frame`), each
        drawn as its stretch of alley, in EPSG:4326."""
        frame = proposals_frame(
            self.safety_plan,
            self.graph,
            self.households,
            premises=self.premises,
            premises_snapped=self.snapped["premises"],
            max_gap_m=self.config.thresholds.safety_group_max_gap_m,
        )
        return frame.set_crs(self.crs_metric, allow_override=True).to_crs(STORAGE_CRS)

    @cached_property
    def risk_density(self) -> gpd.GeoDataFrame:
        """Hexagons of radius ``hex_size_m`` holding households or premises: ``households``,
        ``households_uncovered``, ``households_beyond_reach``, ``premises``, ``scored``
        (features with a risk score), ``high_risk`` (high or very high) and ``risk_sum``."""
        return _risk_density(self)


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
        A loaded ward (:func:`pipelines.model.store.open_ward`); its ``ward.toml`` gives the metric
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
    access = truck_access(
        graph,
        thresholds=t,
        barriers=barriers_from_frame(barriers, graph.split_edge),
        boundary=_boundary(ward, crs),
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

    xy = {name: metric_xy(ward[name], crs) for name in _POINT_LAYERS}
    households, premises = ward["households"], ward["premises"]
    n_h = len(households)
    max_snap = t.max_snap_distance_m
    # households and premises are the targets of every pass: snap them together
    targets = graph.snap(np.concatenate([xy["households"], xy["premises"]]), max_m=max_snap)
    snapped = {
        "households": targets.take(slice(0, n_h)),
        "premises": targets.take(slice(n_h, None)),
        "firefighting_points": graph.snap(xy["firefighting_points"], max_m=max_snap),
        "water_sources": graph.snap(xy["water_sources"], max_m=max_snap),
    }

    # one shortest-path pass per facility type: truck network, working points, water groups
    hose = graph.distances_to_edges(
        access.reachable, targets, limit_m=limit, node_distance_m=access.node_hose_m
    )
    points = ward["firefighting_points"]
    working = working_points(points["status"].to_numpy(dtype=object, na_value=None))
    water = ward["water_sources"]
    ws = snapped["water_sources"]
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
    facility_sets = [(snapped["firefighting_points"], working)] + [
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
    to_point = nearest[0]
    to_water = dict(zip(WATER_GROUPS, nearest[1:], strict=True))
    stack = np.stack([to_water[g].distance_m for g in WATER_GROUPS])
    best = np.argmin(stack, axis=0)
    cols = np.arange(len(targets))
    water_m = stack[best, cols]
    water_src = np.stack([to_water[g].source for g in WATER_GROUPS])[best, cols]
    flags = coverage_flags(hose, to_point.distance_m, water_m, thresholds=t)

    beyond = beyond_reach(graph, access, reach_m=t.hose_reach_m)
    pocket = np.full(len(targets), -1, dtype=np.int64)
    placed = targets.edge >= 0
    pocket[placed] = beyond.pocket[targets.edge[placed]]
    pocket[flags["within_hose_reach"]] = -1
    pocket_ids = _pocket_labels(beyond.n_pockets)

    common = {
        "on_network": targets.edge >= 0,
        "snap_distance_m": targets.distance_m,
        "hose_distance_m": hose,
        "within_hose_reach": flags["within_hose_reach"],
        "point_distance_m": to_point.distance_m,
        "nearest_point_id": _codes_to_ids(points["id"], to_point.source),
        "has_public_point": flags["has_public_point"],
        "water_distance_m": water_m,
        "nearest_water_id": _codes_to_ids(water["id"], water_src),
        "has_water": flags["has_water"],
        **{f"water_{g}_distance_m": to_water[g].distance_m for g in WATER_GROUPS},
        "covered": flags["covered"],
        "pocket_id": pd.Categorical.from_codes(pocket, categories=pocket_ids, validate=False),
    }

    def part(values, lo: int, hi: int):
        return values[lo:hi]

    h_res = _residential_groups(households, ward)
    p_res = _residential_groups(premises, ward)
    group_codes, group_ids = pd.factorize(households["safety_group_id"])
    known = np.append(pd.Index(group_ids).isin(ward["safety_groups"]["id"].dropna()), False)
    in_group = known[group_codes]
    is_business = households["is_business"].fillna(False).to_numpy(dtype=bool)
    business = np.flatnonzero(is_business)

    # fires nearby (straight line), counted where a risk score is computed
    incidents = ward["incidents"]
    recent = recent_incidents(incidents["date"], today=today, years=cfg.risk.incident_years)
    incident_xy = metric_xy(incidents, crs)[recent]
    radius = cfg.risk.incident_radius_m
    p_nearby = count_within(xy["premises"], incident_xy, radius_m=radius)
    b_nearby = count_within(xy["households"][business], incident_xy, radius_m=radius)

    p_flags = {k: part(v, n_h, len(targets)) for k, v in flags.items()}
    p_risk = risk_frame(
        premises_risk_inputs(
            premises,
            flags=p_flags,
            nearby_incidents=p_nearby,
            today=today,
            inspection_interval_months=t.inspection_interval_months,
        ),
        cfg.risk,
    )
    b_risk = risk_frame(
        household_risk_inputs(
            flags={k: v[business] for k, v in flags.items()},
            in_safety_group=in_group[business],
            nearby_incidents=b_nearby,
        ),
        cfg.risk,
    )

    safety_plan = propose_safety_groups(
        graph,
        snapped["households"],
        in_safety_group=in_group,
        residential_group=h_res,
        min_size=t.safety_group_min_households,
        max_size=t.safety_group_max_households,
        max_gap_m=t.safety_group_max_gap_m,
    )

    h_cols = {
        "residential_group_id": h_res,
        "is_business": is_business,
        "in_safety_group": in_group,
        **{k: part(v, 0, n_h) for k, v in common.items()},
        "proposed_group_id": safety_plan.group_ids(),
        "gap_reason": safety_plan.reasons(),
        "nearby_incidents": _scattered(n_h, business, b_nearby, dtype="Int64"),
        **{c: _scattered(n_h, business, b_risk[c].to_numpy()) for c in _RISK_NUMBERS},
        "risk_class": pd.Categorical.from_codes(
            _scattered(n_h, business, b_risk["risk_class"].cat.codes, fill=-1).astype(np.int64),
            categories=list(RISK_CLASSES),
            validate=False,
        ),
    }
    households_out = _with_columns(households, h_cols, layer="households")
    p_cols = {
        "residential_group_id": p_res,
        "in_safety_group": pd.array([pd.NA] * len(premises), dtype="boolean"),
        **{k: part(v, n_h, len(targets)) for k, v in common.items()},
        "nearby_incidents": p_nearby,
        **{c: p_risk[c].to_numpy() for c in _RISK_NUMBERS},
        "risk_class": p_risk["risk_class"].to_numpy(),
    }
    premises_out = _with_columns(premises, p_cols, layer="premises")

    water_out = _facility_frame(
        water,
        ws,
        name="water_sources",
        households_best=(water_src[:n_h], flags["has_water"][:n_h]),
        extra={"usable": usable, "truck_access": truck_ok, "group": groups},
    )
    points_out = _facility_frame(
        points,
        snapped["firefighting_points"],
        name="firefighting_points",
        households_best=(to_point.source[:n_h], flags["has_public_point"][:n_h]),
        extra={"working": working},
    )
    barriers_out = _with_columns(
        barriers, {"blocking": access.blocking, "on_network": graph.split_edge >= 0}
    )

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
        water_sources=water_out,
        public_points=points_out,
        barriers=barriers_out,
        coverage=coverage,
        inspect_next=inspect_next(premises_out, households_out),
        snap_problems=snap_problems,
        graph=graph,
        access=access,
        beyond=beyond,
        safety_plan=safety_plan,
        snapped=snapped,
        xy=xy,
        roads_layer=ward["roads"],
        config=cfg,
        night=night,
        today=today,
        crs_metric=crs,
        notes=tuple(notes),
        pocket_buffer_m=pocket_buffer_m,
        hex_size_m=hex_size_m,
    )


_POINT_LAYERS = ("households", "premises", "firefighting_points", "water_sources")
_DISTANCES = ("hose_distance_m", "within_hose_reach", "point_distance_m", "water_distance_m")
_RISK_NUMBERS = (*FACTOR_COLUMNS, "risk_score")


def _scattered(
    n: int, index: np.ndarray, values: np.ndarray, *, fill=np.nan, dtype=None
) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """Return an array of length ``n`` holding ``values`` at ``index`` and ``fill`` elsewhere."""
    if dtype == "Int64":
        mask = np.ones(n, dtype=bool)
        mask[index] = False
        data = np.zeros(n, dtype=np.int64)
        data[index] = values
        return pd.arrays.IntegerArray(data, mask)
    out = np.full(n, fill, dtype=float)
    out[index] = values
    return out


def _with_columns(
    frame: gpd.GeoDataFrame, columns: Mapping[str, object], *, layer: str | None = None
) -> gpd.GeoDataFrame:
    """Return ``frame`` (index reset) with columns added or replaced, geometry last.

    With ``layer``, the frame's personal fields (:attr:`pipelines.model.schema.Field.personal`:
    names and phone numbers) are left out: analysis results never carry them.
    """
    drop = {*columns, frame.geometry.name}
    if layer is not None:
        drop |= {f.name for f in get_layer(layer).fields if f.personal}
    data = {c: frame[c].reset_index(drop=True) for c in frame.columns if c not in drop}
    data.update(columns)
    out = pd.DataFrame(data, index=pd.RangeIndex(len(frame)), copy=False)
    geometry = gpd.GeoSeries(frame.geometry.to_numpy(), crs=frame.crs)
    return gpd.GeoDataFrame(out, geometry=geometry, copy=False)


def _source_index(found: Nearest, kept: np.ndarray) -> Nearest:
    """Map source positions within a subset back to positions in the whole layer."""
    source = np.full(len(found.source), -1, dtype=np.int64)
    ok = found.source >= 0
    source[ok] = kept[found.source[ok]]
    return Nearest(found.distance_m, source)


def _codes_to_ids(ids: pd.Series, index: np.ndarray) -> pd.Categorical:
    """Return the ids at ``index`` (``-1``: missing) as a categorical over the layer's ids."""
    categories = pd.Index(ids.astype(str).to_numpy(dtype=object))
    if categories.has_duplicates:
        values = np.full(len(index), None, dtype=object)
        values[index >= 0] = categories.to_numpy()[index[index >= 0]]
        return pd.Categorical(values)
    return pd.Categorical.from_codes(index, categories=categories, validate=False)


def _pocket_labels(n: int) -> list[str]:
    return [f"VT-{i + 1:03d}" for i in range(n)]


def _count_codes(values: pd.Series, n: int) -> np.ndarray:
    codes = values.cat.codes.to_numpy()
    return np.bincount(codes[codes >= 0], minlength=n)


def _boundary(ward: Ward, crs: str) -> shapely.Geometry | None:
    frame = ward["ward_boundary"]
    if frame.empty:
        return None
    geoms = metric_geometry(frame, crs).to_numpy()
    geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    return shapely.union_all(geoms) if len(geoms) else None


def _residential_groups(frame: gpd.GeoDataFrame, ward: Ward) -> pd.Series:
    """Return each feature's tổ dân phố id, filling missing ones from the group polygons."""
    ids = frame["residential_group_id"].reset_index(drop=True)
    missing = np.flatnonzero(ids.isna().to_numpy())
    polygons = ward["residential_groups"]
    if not len(missing) or polygons.empty:
        return ids
    tree = shapely.STRtree(polygons.geometry.to_numpy())
    p_i, g_j = tree.query(frame.geometry.to_numpy()[missing], predicate="within")
    first = run_starts(p_i)
    filled = ids.copy()
    filled.iloc[missing[p_i[first]]] = polygons["id"].to_numpy(dtype=object)[g_j[first]]
    return filled


def _deep_alleys(a: WardAnalysis) -> gpd.GeoDataFrame:
    """One row per alley trucks cannot enter and at least ``deep_alley_min_m`` deep.

    Road rows of one name in one alley system (rows split at junctions) make one alley;
    unnamed rows stand alone.
    """
    graph, access, t = a.graph, a.access, a.config.thresholds
    alleys = impassable_alleys(graph, access)
    names = a.roads_layer["name"].to_numpy(dtype=object, na_value=None)[alleys.line]
    unnamed = np.array([f"\x00{i}" for i in alleys.line], dtype=object)
    key = pd.factorize(
        pd.Series(alleys.group).astype(str) + "\x01" + np.where(pd.isna(names), unnamed, names)
    )[0]
    n_keys = int(key.max(initial=-1) + 1)
    depth = np.full(n_keys, -np.inf)
    np.maximum.at(depth, key, alleys.depth_m)
    rank = np.array([list(REASONS).index(r) for r in alleys.reason], dtype=np.int64)
    best = np.full(n_keys, len(REASONS), dtype=np.int64)
    np.minimum.at(best, key, rank)
    width = np.full(n_keys, np.inf)
    np.fmin.at(width, key, graph.line_width_m[alleys.line])
    clearance = np.full(n_keys, np.inf)
    np.fmin.at(clearance, key, graph.line_clearance_m[alleys.line])
    order = np.argsort(key, kind="stable")
    first = order[run_starts(key[order])]  # the first road row of each alley
    deep = np.flatnonzero(depth >= t.deep_alley_min_m)
    deep = deep[np.argsort(-np.nan_to_num(depth[deep], posinf=1e12), kind="stable")]
    slot_of_key = np.full(n_keys, -1, dtype=np.int64)
    slot_of_key[deep] = np.arange(len(deep))
    slot = np.full(len(graph.line_id), -1, dtype=np.int64)
    slot[alleys.line] = slot_of_key[key]
    ids = pd.Series(graph.line_id[alleys.line][order].astype(str))
    road_ids = ids.groupby(key[order], sort=True).agg(", ".join).to_numpy()

    def per_alley(points: Snapped, keep: np.ndarray | None = None) -> np.ndarray:
        e = points.edge
        s = np.full(len(e), -1, dtype=np.int64)
        ok = np.flatnonzero(e >= 0)
        ok = ok[~access.reachable[e[ok]]]
        s[ok] = slot[graph.edge_line[e[ok]]]
        use = s >= 0 if keep is None else (s >= 0) & keep
        return np.bincount(s[use], minlength=len(deep))

    beyond = ~a.households["within_hose_reach"].to_numpy(dtype=bool)
    edges = np.flatnonzero(~access.reachable & (slot[graph.edge_line] >= 0))
    parts = graph.edge_substrings(
        edges, np.zeros(len(edges)), graph.edge_length_m[edges], group=slot[graph.edge_line[edges]]
    )
    line = alleys.line[first[deep]]
    attrs = a.roads_layer.iloc[line]
    frame = gpd.GeoDataFrame(
        {
            "road_id": road_ids[deep],
            "name": attrs["name"].to_numpy(dtype=object, na_value=None),
            "kind": attrs["kind"].to_numpy(dtype=object, na_value=None),
            "width_m": np.where(np.isfinite(width[deep]), width[deep], np.nan),
            "clearance_m": np.where(np.isfinite(clearance[deep]), clearance[deep], np.nan),
            "depth_m": depth[deep],
            "length_m": np.bincount(key, alleys.length_m, minlength=n_keys)[deep],
            "reason": np.array(list(REASONS), dtype=object)[best[deep]],
            "alley_system": alleys.group[first[deep]],
            "households": per_alley(a.snapped["households"]),
            "premises": per_alley(a.snapped["premises"]),
            "households_beyond_reach": per_alley(a.snapped["households"], beyond),
            "working_points": per_alley(
                a.snapped["firefighting_points"], a.public_points["working"].to_numpy(bool)
            ),
        },
        geometry=gpd.GeoSeries(parts, crs=a.crs_metric),
    )
    return frame.to_crs(STORAGE_CRS)


def _facility_frame(
    layer: gpd.GeoDataFrame,
    snapped: Snapped,
    *,
    name: str,
    households_best: tuple[np.ndarray, np.ndarray],
    extra: Mapping[str, np.ndarray],
) -> gpd.GeoDataFrame:
    source, within = households_best
    counted = source[within & (source >= 0)]
    return _with_columns(
        layer,
        {
            **extra,
            "on_network": snapped.edge >= 0,
            "snap_distance_m": snapped.distance_m,
            "households_served": np.bincount(counted, minlength=len(layer))[: len(layer)],
        },
        layer=name,
    )


def _snap_problems(ward: Ward, snapped: Mapping[str, Snapped], graph: RoadGraph) -> pd.DataFrame:
    rows = []
    for name, s in snapped.items():
        far = np.flatnonzero(s.too_far)
        rows.append(
            pd.DataFrame(
                {
                    "layer": name,
                    "id": ward[name]["id"].iloc[far].to_numpy(dtype=object),
                    "distance_m": s.distance_m[far],
                }
            )
        )
    off = np.flatnonzero(graph.split_edge < 0)
    rows.append(
        pd.DataFrame(
            {
                "layer": "barriers",
                "id": ward["barriers"]["id"].iloc[off].to_numpy(dtype=object),
                "distance_m": np.nan,
            }
        )
    )
    return pd.concat(rows, ignore_index=True)


def inspect_next(premises: pd.DataFrame, households: pd.DataFrame) -> pd.DataFrame:
    """Rank premises and business households for inspection, highest risk first.

    Ties go to the never-inspected, then to the longest since the last inspection, then to
    layer order (premises first). Columns: ``rank``, ``feature_type`` ({"premises",
    "household"}), ``id``, ``name`` (premises name or household address), ``category``
    (``household_business`` for households), ``residential_group_id``,
    ``last_inspection``, ``risk_score``, ``risk_class``, the ``risk_<factor>`` breakdown,
    ``hose_distance_m``, ``within_hose_reach``, ``point_distance_m`` and
    ``water_distance_m``.
    """
    keep = ["id", "name", "category", "residential_group_id", "last_inspection"]
    numbers = ["risk_score", "risk_class", *FACTOR_COLUMNS, *_DISTANCES]
    p = pd.DataFrame(premises[keep + numbers]).assign(feature_type="premises")
    scored = households["risk_score"].notna().to_numpy()
    h = (
        pd.DataFrame(households.loc[scored, ["id", "address", "residential_group_id", *numbers]])
        .rename(columns={"address": "name"})
        .assign(feature_type="household", category="household_business", last_inspection=pd.NaT)
        .astype({"last_inspection": premises["last_inspection"].dtype})
    )
    table = pd.concat([p, h], ignore_index=True)
    last = pd.to_datetime(table["last_inspection"])
    order = np.lexsort(
        (
            np.where(last.notna(), last.to_numpy("datetime64[ms]").astype(np.int64), 0),
            last.notna().to_numpy(),
            -table["risk_score"].to_numpy(dtype=float),
        )
    )
    table = table.iloc[order].reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return table[["rank", "feature_type", *keep, *numbers]]


def _risk_density(a: WardAnalysis) -> gpd.GeoDataFrame:
    """Aggregate households, premises and risk points into hexagons (metric, then 4326)."""
    h, p = a.households, a.premises
    xy = np.concatenate([a.xy["households"], a.xy["premises"]])
    ok = np.isfinite(xy).all(axis=1)
    n_h = len(h)
    is_h = np.arange(len(xy)) < n_h
    score = np.concatenate([h["risk_score"].to_numpy(float), p["risk_score"].to_numpy(float)])
    high = np.concatenate(
        [h["risk_class"].isin(HIGH_CLASSES).to_numpy(), p["risk_class"].isin(HIGH_CLASSES)]
    )
    no_p = np.zeros(len(p), dtype=bool)
    uncovered = np.r_[~h["covered"].to_numpy(dtype=bool), no_p]
    beyond = np.r_[~h["within_hose_reach"].to_numpy(dtype=bool), no_p]
    q, r = hexagon_cells(xy[ok], size_m=a.hex_size_m)
    q0, r0 = (q.min(), r.min()) if len(q) else (0, 0)
    key = (q - q0) * (int(r.max(initial=0) - r0) + 1) + (r - r0)
    cell, uniq = pd.factorize(key)
    m = len(uniq)

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(cell, np.asarray(values, float)[ok], minlength=m)

    first = np.unique(cell, return_index=True)[1]
    frame = gpd.GeoDataFrame(
        {
            "households": total(is_h).astype(np.int64),
            "households_uncovered": total(uncovered).astype(np.int64),
            "households_beyond_reach": total(beyond).astype(np.int64),
            "premises": total(~is_h).astype(np.int64),
            "scored": total(~np.isnan(score)).astype(np.int64),
            "high_risk": total(high).astype(np.int64),
            "risk_sum": total(np.nan_to_num(score)),
        },
        geometry=gpd.GeoSeries(
            hexagon_polygons(q[first], r[first], size_m=a.hex_size_m), crs=a.crs_metric
        ),
    )
    return frame.to_crs(STORAGE_CRS)


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
