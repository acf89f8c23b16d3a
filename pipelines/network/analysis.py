"""Network analysis of a ward in one call: truck access, coverage, risk, safety-group gaps.

:func:`analyze_ward` is the one orchestration used by the CLI (``pccc analyze``), the
dashboard and reports. It builds (or reuses) the ward's :class:`NetworkBase` — the road
graph in the ward's metric CRS (``ward.toml`` → ``[ward] crs_metric``) with every point
layer snapped onto it — then runs the stages of :mod:`pipelines.network.stages`: truck
access and hose distances, one multi-source shortest-path pass per facility type (working
public points, each group of usable water sources), residents, risk, and the safety-group
plan; it returns a :class:`WardAnalysis` of documented frames. All thresholds and weights
come from the ward's settings.

Distances are metres along the roads, from the feature's snapped position, with both snap
distances included; ``inf`` means not reached within ``thresholds.network_limit_m`` (or not
placed on the network: see ``snap_problems``). Output geometry is EPSG:4326.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd
import numpy as np
import pandas as pd

from pipelines.model.inspection import with_inspection_history
from pipelines.model.schema import STORAGE_CRS, get_layer
from pipelines.model.settings import WardConfig
from pipelines.model.store import Ward
from pipelines.network.access import (
    BeyondReach,
    TruckAccess,
    impassable_alleys,
    pocket_shapes,
)
from pipelines.network.arrays import run_starts
from pipelines.network.base import NetworkBase, network_base
from pipelines.network.coverage import (
    coverage_flags,
    coverage_summary,
)
from pipelines.network.demand import HOUSEHOLDS, DemandSource, estimate_demand
from pipelines.network.graph import RoadGraph
from pipelines.network.risk import (
    FACTOR_COLUMNS,
    HIGH_CLASSES,
    RISK_CLASSES,
    hexagon_cells,
    hexagon_polygons,
)
from pipelines.network.safety_gaps import SafetyGapPlan, proposals_frame, propose_safety_groups
from pipelines.network.snapping import Snapped
from pipelines.network.stages import (
    Facilities,
    Reach,
    Residents,
    Risk,
    facilities_stage,
    reach_stage,
    residents_stage,
    risk_stage,
)
from pipelines.text.labels import ACCESS_REASONS, WATER_GROUPS

POCKET_BUFFER_M = 15.0  # drawing margin around roads beyond reach (about one lot deep)
HEX_SIZE_M = 100.0  # radius of the risk-density hexagons


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
        The road graph, truck access, beyond-reach arrays (pockets holding a household or
        premises beyond reach, see :attr:`n_pockets`), the safety-group plan, the snapped
        positions and the metric coordinates (n × 2) of every point layer: the arrays
        behind the tables, for further analysis (the public-point planner).
    base
        The :class:`pipelines.network.base.NetworkBase` the analysis ran on; pass it to
        :func:`analyze_ward` again (``base=``) for a warm re-analysis of the same ward.
    config, night, today, crs_metric
        What the results were computed with.
    demand
        Where the demand comes from (:class:`pipelines.network.demand.DemandSource`): the
        household list, households estimated from buildings (then ``households`` holds the
        estimate), or neither.
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
    base: NetworkBase
    config: WardConfig
    night: bool
    today: dt.date
    crs_metric: str
    notes: tuple[tuple[str, str], ...]
    demand: DemandSource = DemandSource(HOUSEHOLDS, 0)
    pocket_buffer_m: float = POCKET_BUFFER_M
    hex_size_m: float = HEX_SIZE_M

    @property
    def n_pockets(self) -> int:
        """The number of beyond-reach pockets: connected parts of the roads beyond hose reach
        that hold at least one household or premises beyond reach.

        The one figure every page, table, file and map layer shows for pockets: the
        :attr:`pockets` layer has one polygon per pocket, ``pocket_id`` of the households
        and premises names them.
        """
        return self.beyond.n_pockets

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
                "reason": pd.Categorical(access.reason, categories=list(ACCESS_REASONS)),
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
    base: NetworkBase | None = None,
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
    base
        The ward's road graph and snapped layers from an earlier analysis
        (:attr:`WardAnalysis.base`) or :func:`pipelines.network.base.network_base`: a warm
        re-analysis (another time of day, other risk weights or radii) reuses it instead of
        building it again. Default: built here.
    pocket_buffer_m
        Drawing margin in metres around road parts beyond hose reach.
    hex_size_m
        Radius in metres of the risk-density hexagons.

    Raises
    ------
    ValueError
        ``base`` was built from other layers or other network settings
        (:func:`pipelines.network.base.network_settings`).
    """
    today = dt.date.today() if today is None else today
    ward, demand = estimate_demand(ward)  # no household list: estimated from buildings
    ward = with_inspection_history(ward)  # the inspections layer, where it has rows
    cfg = ward.config
    t = cfg.thresholds
    base = network_base(ward) if base is None else base.check(ward)
    reach = reach_stage(base, ward, night=night)
    found = facilities_stage(base, ward, reach.access)
    flags = coverage_flags(reach.hose_m, found.to_point.distance_m, found.water_m, thresholds=t)
    residents = residents_stage(ward)
    risk = risk_stage(base, ward, flags, residents, today=today)
    safety_plan = propose_safety_groups(
        base.graph,
        base.snapped["households"],
        in_safety_group=residents.in_safety_group,
        residential_group=residents.household_groups,
        min_size=t.safety_group_min_households,
        max_size=t.safety_group_max_households,
        max_gap_m=t.safety_group_max_gap_m,
    )
    common = _feature_columns(ward, base, reach, found, flags)
    households = _households_frame(ward, common, residents, risk, safety_plan)
    premises = _premises_frame(ward, common, residents, risk)
    residential = ward["residential_groups"]
    names = dict(zip(residential["id"].astype(str), residential["name"].astype(str), strict=False))
    snap_problems = _snap_problems(ward, base.snapped, base.graph)
    return WardAnalysis(
        households=households,
        premises=premises,
        water_sources=_water_frame(ward, base, found, flags),
        public_points=_points_frame(ward, base, found, flags),
        barriers=_with_columns(
            ward["barriers"],
            {"blocking": reach.access.blocking, "on_network": base.graph.split_edge >= 0},
        ),
        coverage=coverage_summary(households, premises, names),
        inspect_next=inspect_next(premises, households),
        snap_problems=snap_problems,
        graph=base.graph,
        access=reach.access,
        beyond=reach.beyond,
        safety_plan=safety_plan,
        snapped=base.snapped,
        xy=base.xy,
        roads_layer=ward["roads"],
        base=base,
        config=cfg,
        night=night,
        today=today,
        crs_metric=base.settings[0],
        notes=_notes(reach.access, snap_problems, t.max_snap_distance_m, demand),
        demand=demand,
        pocket_buffer_m=pocket_buffer_m,
        hex_size_m=hex_size_m,
    )


def _notes(
    access: TruckAccess, snap_problems: pd.DataFrame, max_snap_m: float, demand: DemandSource
) -> tuple[tuple[str, str], ...]:
    """Messages (Vietnamese, English) about the assumptions the analysis had to make."""
    notes: list[tuple[str, str]] = []
    if demand.kind != HOUSEHOLDS:
        notes.append((demand.text("vi"), demand.text("en")))
    if access.entry_fallback:
        notes.append(
            (
                "Không xác định được đường vào phường (thiếu ranh giới hoặc không có đường nào "
                "chạm ranh giới): lấy mạng đường xe đi được dài nhất làm mạng xe tiếp cận.",
                "No entry road found (no boundary, or no road reaches it): the longest "
                "connected passable network was taken as the truck-reachable network.",
            )
        )
    if len(snap_problems):
        notes.append(
            (
                f"{len(snap_problems)} đối tượng ở xa mọi con đường hơn "
                f"{max_snap_m:g} m nên không được gắn vào mạng đường.",
                f"{len(snap_problems)} features are farther than {max_snap_m:g} m "
                "from every road and were not placed on the network.",
            )
        )
    return tuple(notes)


def _feature_columns(
    ward: Ward,
    base: NetworkBase,
    reach: Reach,
    found: Facilities,
    flags: Mapping[str, np.ndarray],
) -> dict[str, np.ndarray | pd.api.extensions.ExtensionArray]:
    """Result columns shared by households and premises, one value per target."""
    targets = base.targets
    return {
        "on_network": targets.edge >= 0,
        "snap_distance_m": targets.distance_m,
        "hose_distance_m": reach.hose_m,
        "within_hose_reach": flags["within_hose_reach"],
        "point_distance_m": found.to_point.distance_m,
        "nearest_point_id": _codes_to_ids(ward["firefighting_points"]["id"], found.to_point.source),
        "has_public_point": flags["has_public_point"],
        "water_distance_m": found.water_m,
        "nearest_water_id": _codes_to_ids(ward["water_sources"]["id"], found.water_source),
        "has_water": flags["has_water"],
        **{f"water_{g}_distance_m": found.to_water[g].distance_m for g in WATER_GROUPS},
        "covered": flags["covered"],
        "pocket_id": pd.Categorical.from_codes(
            reach.pocket, categories=_pocket_labels(reach.beyond.n_pockets), validate=False
        ),
    }


def _households_frame(
    ward: Ward,
    common: Mapping[str, object],
    residents: Residents,
    risk: Risk,
    plan: SafetyGapPlan,
) -> gpd.GeoDataFrame:
    households = ward["households"]
    n_h = len(households)
    business = residents.business
    b_risk = risk.business
    columns = {
        "residential_group_id": residents.household_groups,
        "is_business": residents.is_business,
        "in_safety_group": residents.in_safety_group,
        **{k: v[:n_h] for k, v in common.items()},
        "proposed_group_id": plan.group_ids(),
        "gap_reason": plan.reasons(),
        "nearby_incidents": _scattered(n_h, business, risk.business_nearby, dtype="Int64"),
        **{c: _scattered(n_h, business, b_risk[c].to_numpy()) for c in _RISK_NUMBERS},
        "risk_class": pd.Categorical.from_codes(
            _scattered(n_h, business, b_risk["risk_class"].cat.codes, fill=-1).astype(np.int64),
            categories=list(RISK_CLASSES),
            validate=False,
        ),
    }
    return _with_columns(households, columns, layer="households")


def _premises_frame(
    ward: Ward, common: Mapping[str, object], residents: Residents, risk: Risk
) -> gpd.GeoDataFrame:
    premises = ward["premises"]
    n_h = len(ward["households"])
    columns = {
        "residential_group_id": residents.premises_groups,
        "in_safety_group": pd.array([pd.NA] * len(premises), dtype="boolean"),
        **{k: v[n_h:] for k, v in common.items()},
        "nearby_incidents": risk.premises_nearby,
        **{c: risk.premises[c].to_numpy() for c in _RISK_NUMBERS},
        "risk_class": risk.premises["risk_class"].to_numpy(),
    }
    return _with_columns(premises, columns, layer="premises")


def _water_frame(
    ward: Ward, base: NetworkBase, found: Facilities, flags: Mapping[str, np.ndarray]
) -> gpd.GeoDataFrame:
    n_h = len(ward["households"])
    return _facility_frame(
        ward["water_sources"],
        base.snapped["water_sources"],
        name="water_sources",
        households_best=(found.water_source[:n_h], flags["has_water"][:n_h]),
        extra={
            "usable": found.water_usable,
            "truck_access": found.water_truck_access,
            "group": found.water_group,
        },
    )


def _points_frame(
    ward: Ward, base: NetworkBase, found: Facilities, flags: Mapping[str, np.ndarray]
) -> gpd.GeoDataFrame:
    n_h = len(ward["households"])
    return _facility_frame(
        ward["firefighting_points"],
        base.snapped["firefighting_points"],
        name="firefighting_points",
        households_best=(found.to_point.source[:n_h], flags["has_public_point"][:n_h]),
        extra={"working": found.working},
    )


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
    rank = np.array([list(ACCESS_REASONS).index(r) for r in alleys.reason], dtype=np.int64)
    best = np.full(n_keys, len(ACCESS_REASONS), dtype=np.int64)
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
            "reason": np.array(list(ACCESS_REASONS), dtype=object)[best[deep]],
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
