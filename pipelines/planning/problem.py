"""The planning problem of a ward: demand, candidate sites, coverage and rules, built once.

The ward adapter of :mod:`pipelines.planning.siting`. :func:`planning_problem` takes a loaded
ward and its network analysis (:func:`pipelines.network.analysis.analyze_ward`) and builds,
once:

* **demand**: every household and premises placed on the road network, weighted by its risk
  class (``[planner] household_weight_by_class`` / ``premises_weight_by_class``; households
  without a risk class — those that are not businesses — weigh as ``"low"``), times
  ``within_hose_reach_factor`` for those a fire truck's hose reaches (a public point serves
  the alleys trucks cannot enter);
* **fixed points**: the *working* public firefighting points, kept as they are;
* **candidate sites** (:mod:`.candidates`): positions every ``[planner]
  candidate_spacing_m`` metres along the roads fire trucks cannot reach (on every road when
  ``candidates_on_truck_roads``), never inside a premises (its building footprint, or closer
  than ``candidate_premises_clearance_m`` to its position), plus existing points that are not
  working (repairing them is an option) and points imported from a file
  (:func:`pipelines.ingest.read_points`);
* **coverage**: one radius-limited multi-source pass over the network
  (:meth:`pipelines.network.graph.RoadGraph.distance_matrix`) from every candidate and fixed
  point to every demand point, kept sparse. Coverage means a walking distance along the
  network of at most the service radius (``thresholds.public_point_radius_m``, 100 m);
* **rules**: a point in every alley trucks cannot enter whose unreachable part is at least
  ``thresholds.deep_alley_min_m`` deep, and ``thresholds.public_points_per_group_min``
  points in every tổ dân phố.

An *alley* for the rules is a named road (all its road rows with the same name in one alley
system, :class:`pipelines.network.access.ImpassableAlleys`), or one unnamed road row; a point counts
for it when it stands on the alley's part trucks cannot reach. A point counts for the tổ dân
phố whose polygon holds it (the nearest one within :data:`GROUP_SNAP_M` for points on a
boundary road).

Proposals on the problem — solving, what-if edits, figures and comparisons — are in
:mod:`.scenarios`. Coordinates of results are EPSG:4326; distances are metres in the ward's
metric CRS.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely
from scipy.spatial import cKDTree

from pipelines.model.errors import ConfigError
from pipelines.model.schema import ROAD_KIND, STORAGE_CRS
from pipelines.model.settings import CostSection
from pipelines.model.store import Ward
from pipelines.model.territory import containing_group
from pipelines.network.access import impassable_alleys
from pipelines.network.analysis import WardAnalysis
from pipelines.network.demand import HOUSEHOLDS, DemandSource
from pipelines.network.graph import RoadGraph
from pipelines.network.projection import metric_geometry, point_coordinates
from pipelines.network.risk import HIGH_CLASSES
from pipelines.network.snapping import Snapped
from pipelines.planning.candidates import CandidateSites, candidate_sites
from pipelines.planning.siting import CoverageMatrix, Requirements

NEAR_ADDRESS_M = 30.0  # an address farther than this from a site is not quoted for it
GROUP_SNAP_M = 30.0  # a site this close to a tổ dân phố polygon belongs to it


@dataclass(frozen=True, eq=False)
class PlanningProblem:
    """Everything the planner needs about one ward, built once by :func:`planning_problem`.

    Shared by cached dashboard sessions: never mutate it;
    :class:`pipelines.planning.scenarios.WhatIf` keeps its own state.

    Attributes
    ----------
    coverage
        Demand × candidate coverage within ``radius_m``
        (:class:`pipelines.planning.siting.CoverageMatrix`); rows follow ``demand``, columns
        follow ``candidates``.
    requirements
        The rules, rows following ``rules``, columns following ``candidates``.
    demand
        One row per household then per premises (analysis order): ``kind`` (code of
        :data:`pipelines.text.labels.DEMAND_KINDS`), ``id``, ``label`` (address or name),
        ``residential_group_id``, ``risk_class`` (missing for households that are not
        businesses), ``within_hose_reach``, ``weight``, ``high_risk`` (premises of a high or very high risk class), ``pocket_id``
        (beyond-reach pocket, missing when none), ``on_network``, ``covered_now`` (within
        the radius of a working point), ``lon``, ``lat``.
    candidates
        One row per candidate site, EPSG:4326: ``id``, ``source`` (code of
        :data:`pipelines.text.labels.SITE_SOURCES`), ``road_id``, ``road_name``,
        ``near_address``, ``residential_group_id``, ``snap_distance_m``, ``households``, ``premises`` (demand
        within the radius), ``geometry`` (the position on the road).
    fixed
        The working public points kept as they are (EPSG:4326): ``id``, ``name``,
        ``residential_group_id``, ``geometry``.
    rules
        One row per rule: ``kind`` (code of :data:`pipelines.text.labels.RULE_KINDS`),
        ``key`` (road ids or tổ dân phố id), ``name``, ``depth_m`` (deep alleys), ``minimum``, ``fixed_count``
        (working points counting), ``sites`` (candidate sites counting).
    graph, demand_snapped
        The road graph (metric CRS) and the demand's snapped positions, for points placed by
        hand.
    crs_metric, radius_m, max_snap_m, point_cost_vnd
        Metric CRS, service radius (m), maximum snap distance for placed points (m), cost of
        one point's kit (VND).
    n_pockets
        The ward's beyond-reach pockets (:attr:`pipelines.network.analysis.WardAnalysis.n_pockets`):
        the total of "pockets served".
    demand_source
        Where the demand comes from (:class:`pipelines.network.demand.DemandSource`): the
        household list, households estimated from buildings, or none (site by the rule).
    deep_alley_min_m
        The depth (m) from which an alley trucks cannot enter needs a point (the rule).
    edge_rule, groups_metric, line_name, addresses
        For points placed by hand: the deep-alley rule of each graph edge (``-1``: none),
        the tổ dân phố polygons (metric CRS), each road line's name, and the demand
        addresses indexed by position.
    """

    coverage: CoverageMatrix
    requirements: Requirements
    demand: pd.DataFrame
    candidates: gpd.GeoDataFrame
    fixed: gpd.GeoDataFrame
    rules: pd.DataFrame
    graph: RoadGraph
    demand_snapped: Snapped
    crs_metric: str
    radius_m: float
    max_snap_m: float
    point_cost_vnd: float
    n_pockets: int
    edge_rule: np.ndarray = field(repr=False)
    groups_metric: gpd.GeoDataFrame = field(repr=False)
    line_name: np.ndarray = field(repr=False)
    addresses: _AddressIndex = field(repr=False)
    demand_source: DemandSource = DemandSource(HOUSEHOLDS, 0)
    deep_alley_min_m: float = float("inf")

    @property
    def n_candidates(self) -> int:
        return len(self.candidates)

    @cached_property
    def candidate_index(self) -> dict[str, int]:
        """Candidate id → column of the coverage."""
        return {str(k): i for i, k in enumerate(self.candidates["id"])}

    @cached_property
    def group_rule(self) -> dict[str, int]:
        """Tổ dân phố id → its rule row."""
        r = self.rules
        rows = np.flatnonzero(r["kind"].to_numpy() == "residential_group")
        return {str(r["key"].iat[i]): int(i) for i in rows}

    @cached_property
    def enforceable(self) -> Requirements:
        """The rules a choice of candidates can meet: enough candidate sites count for them.

        A rule with too few candidate sites (an alley whose every position is a premises, a
        tổ dân phố without an alley) cannot be a constraint;
        :func:`pipelines.planning.scenarios.rule_table` lists it.
        """
        r = self.requirements
        rows = np.flatnonzero(r.needed <= self.rules["sites"].to_numpy())
        return Requirements(r.sites[rows], r.minimum[rows], r.fixed_count[rows])

    @cached_property
    def is_household(self) -> np.ndarray:
        return self.demand["kind"].to_numpy() == "household"

    @cached_property
    def is_high_risk(self) -> np.ndarray:
        return self.demand["high_risk"].to_numpy(dtype=bool)

    @cached_property
    def pocket_code(self) -> np.ndarray:
        """Per demand point: pocket number (0, 1, …), ``-1`` outside every pocket."""
        codes, _ = pd.factorize(self.demand["pocket_id"], use_na_sentinel=True)
        return codes.astype(np.int64)

    def nearest_address(self, xy: np.ndarray) -> np.ndarray:
        """Return the address of the nearest household or premises within ``NEAR_ADDRESS_M``.

        ``xy`` are positions in the metric CRS (n × 2); ``""`` where none is that near.
        """
        return self.addresses.nearest(xy)


@dataclass(frozen=True, eq=False)
class _AddressIndex:
    """Addresses of the demand points with a KD-tree of their positions (metric CRS)."""

    tree: cKDTree | None
    text: np.ndarray

    @classmethod
    def build(cls, xy: np.ndarray, text: np.ndarray) -> _AddressIndex:
        ok = np.isfinite(xy).all(axis=1)
        return cls(cKDTree(xy[ok]) if ok.any() else None, text[ok])

    def nearest(self, xy: np.ndarray) -> np.ndarray:
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        out = np.full(len(xy), "", dtype=object)
        if self.tree is None or not len(xy):
            return out
        d, i = self.tree.query(xy, distance_upper_bound=NEAR_ADDRESS_M)
        ok = np.isfinite(d)
        out[ok] = self.text[i[ok]]
        return out


def planning_problem(
    ward: Ward,
    analysis: WardAnalysis,
    *,
    radius_m: float | None = None,
    spacing_m: float | None = None,
    on_truck_roads: bool | None = None,
    deep_alley_min_m: float | None = None,
    points_per_group_min: int | None = None,
    extra_sites: gpd.GeoDataFrame | None = None,
) -> PlanningProblem:
    """Build the planning problem of a ward (demand, candidates, coverage, rules).

    Parameters
    ----------
    ward
        The loaded ward (:func:`pipelines.model.store.open_ward`); its ``ward.toml`` gives the
        defaults of every option below.
    analysis
        Its network analysis (:func:`pipelines.network.analysis.analyze_ward`).
    radius_m
        Service radius of a public point, walking along the network, in metres (default
        ``thresholds.public_point_radius_m``).
    spacing_m
        Spacing of generated candidate sites along the roads, in metres (default
        ``planner.candidate_spacing_m``).
    on_truck_roads
        Also generate candidates on roads fire trucks reach (default
        ``planner.candidates_on_truck_roads``).
    deep_alley_min_m
        Depth in metres from which an alley trucks cannot enter needs a point (default
        ``thresholds.deep_alley_min_m``); ``inf`` turns the rule off.
    points_per_group_min
        Points required per tổ dân phố (default ``thresholds.public_points_per_group_min``);
        ``0`` turns the rule off.
    extra_sites
        More candidate sites (points, any CRS), for example from
        :func:`pipelines.ingest.read_points`; their ``source`` column, when
        present, is kept (default ``"file"``).

    Raises
    ------
    ConfigError
        A radius or spacing that is not positive.
    """
    cfg = ward.config
    t, planner = cfg.thresholds, cfg.planner
    radius = _positive("radius_m", t.public_point_radius_m if radius_m is None else radius_m)
    spacing = _positive(
        "spacing_m", planner.candidate_spacing_m if spacing_m is None else spacing_m
    )
    on_truck = planner.candidates_on_truck_roads if on_truck_roads is None else on_truck_roads
    depth_min = t.deep_alley_min_m if deep_alley_min_m is None else float(deep_alley_min_m)
    per_group = (
        t.public_points_per_group_min if points_per_group_min is None else points_per_group_min
    )
    crs = analysis.crs_metric
    graph = analysis.graph

    demand = _demand_frame(
        analysis,
        planner.household_weight_by_class,
        planner.premises_weight_by_class,
        within_reach_factor=planner.within_hose_reach_factor,
    )
    demand_snapped = Snapped.concat([analysis.snapped["households"], analysis.snapped["premises"]])
    demand_xy = np.concatenate(
        [
            point_coordinates(metric_geometry(analysis.households, crs)),
            point_coordinates(metric_geometry(analysis.premises, crs)),
        ]
    ).reshape(-1, 2)
    working = analysis.public_points["working"].to_numpy(dtype=bool)
    fixed_snapped = analysis.snapped["firefighting_points"].take(np.flatnonzero(working))
    groups_metric = _groups_metric(ward, crs)
    line_name = _road_labels(ward["roads"], graph)
    sites = candidate_sites(
        ward,
        analysis,
        spacing_m=spacing,
        on_truck_roads=on_truck,
        premises_xy=demand_xy[~_is_household(demand)],
        extra_sites=extra_sites,
    )

    coverage = _coverage(graph, sites.snapped, fixed_snapped, demand_snapped, demand, radius)
    demand["covered_now"] = coverage.fixed_covered
    rules = _rules(
        analysis,
        line_name,
        groups_metric,
        sites.snapped,
        fixed_snapped,
        depth_min_m=depth_min,
        per_group=per_group,
    )
    addresses = _AddressIndex.build(demand_xy, demand["label"].to_numpy(dtype=object))
    return PlanningProblem(
        coverage=coverage,
        requirements=rules.requirements,
        demand=demand,
        candidates=_candidates_frame(
            sites, graph, line_name, addresses, rules.site_group, coverage, demand, crs
        ),
        fixed=_fixed_frame(analysis.public_points, working, rules.fixed_group),
        rules=rules.table,
        graph=graph,
        demand_snapped=demand_snapped,
        crs_metric=crs,
        radius_m=radius,
        max_snap_m=t.max_snap_distance_m,
        point_cost_vnd=kit_cost_vnd(cfg.costs),
        n_pockets=analysis.n_pockets,
        edge_rule=rules.edge_rule,
        groups_metric=groups_metric,
        line_name=line_name,
        addresses=addresses,
        demand_source=analysis.demand,
        deep_alley_min_m=depth_min,
    )


def _coverage(
    graph: RoadGraph,
    sites: Snapped,
    fixed: Snapped,
    demand_snapped: Snapped,
    demand: pd.DataFrame,
    radius_m: float,
) -> CoverageMatrix:
    """One radius-limited pass: every candidate and fixed point → every demand point."""
    dist = graph.distance_matrix(Snapped.concat([sites, fixed]), demand_snapped, limit_m=radius_m)
    n_sites = len(sites)
    return CoverageMatrix.from_cost_matrix(
        dist[:n_sites].T.tocsr(),
        weights=demand["weight"].to_numpy(dtype=float),
        radius_m=radius_m,
        fixed_cost_m=dist[n_sites:].T.tocsr(),
    )


def _positive(key: str, value: float) -> float:
    value = float(value)
    if not value > 0:
        raise ConfigError(
            f"'{key}' phải là số dương, nhận được {value}",
            f"'{key}' should be positive, got {value} instead",
        )
    return value


def _road_labels(roads: gpd.GeoDataFrame, graph: RoadGraph) -> np.ndarray:
    """The name of each road line of the graph (``"Ngõ không tên (id)"`` when unnamed)."""
    names = dict(zip(roads["id"].astype(str), roads["name"], strict=False))
    kinds = dict(zip(roads["id"].astype(str), roads["kind"], strict=False))
    return np.array(
        [_road_label(names.get(str(i)), kinds.get(str(i)), str(i)) for i in graph.line_id],
        dtype=object,
    )


@dataclass(frozen=True)
class _Rules:
    """The rules of a problem and which sites and points count for them."""

    table: pd.DataFrame
    requirements: Requirements
    edge_rule: np.ndarray
    site_group: np.ndarray
    fixed_group: np.ndarray


def _rules(
    analysis: WardAnalysis,
    line_name: np.ndarray,
    groups_metric: gpd.GeoDataFrame,
    sites: Snapped,
    fixed: Snapped,
    *,
    depth_min_m: float,
    per_group: int,
) -> _Rules:
    """One rule per deep alley and per tổ dân phố, and the candidate sites counting for each."""
    graph = analysis.graph
    rules, edge_rule = _deep_alley_rules(graph, analysis.access, line_name, depth_min_m)
    n_alley = len(rules)
    site_group = group_of(sites.xy, groups_metric)
    fixed_group = group_of(fixed.xy, groups_metric)
    group_rows = pd.DataFrame(
        {
            "kind": "residential_group",
            "key": groups_metric["id"].astype(str).to_numpy(),
            "name": groups_metric["name"].astype(str).to_numpy(),
            "depth_m": np.nan,
            "minimum": int(per_group),
        }
    )
    if per_group <= 0:
        group_rows = group_rows.iloc[0:0]
    rules = pd.concat([rules, group_rows], ignore_index=True)
    group_row = {k: n_alley + i for i, k in enumerate(group_rows["key"])}
    site_rules = _rule_pairs(sites.edge, site_group, edge_rule, group_row)
    fixed_rules = _rule_pairs(fixed.edge, fixed_group, edge_rule, group_row)
    rules["fixed_count"] = np.bincount(fixed_rules[0], minlength=len(rules)).astype(np.int64)
    rules["sites"] = np.bincount(site_rules[0], minlength=len(rules)).astype(np.int64)
    requirements = Requirements(
        sites=sp.csr_matrix(
            (np.ones(len(site_rules[0]), dtype=bool), site_rules),
            shape=(len(rules), len(sites)),
        ),
        minimum=rules["minimum"].to_numpy(dtype=np.int64),
        fixed_count=rules["fixed_count"].to_numpy(dtype=np.int64),
    )
    return _Rules(rules, requirements, edge_rule, site_group, fixed_group)


def _candidates_frame(
    sites: CandidateSites,
    graph: RoadGraph,
    line_name: np.ndarray,
    addresses: _AddressIndex,
    site_group: np.ndarray,
    coverage: CoverageMatrix,
    demand: pd.DataFrame,
    crs: str,
) -> gpd.GeoDataFrame:
    s = sites.snapped
    per_site = coverage.by_candidate
    is_h = _is_household(demand).astype(float)
    return gpd.GeoDataFrame(
        {
            "id": sites.ids,
            "source": sites.source,
            "road_id": graph.line_id[graph.edge_line[s.edge]] if len(s) else [],
            "road_name": line_name[graph.edge_line[s.edge]] if len(s) else [],
            "near_address": addresses.nearest(s.xy),
            "residential_group_id": site_group,
            "snap_distance_m": s.distance_m,
            "households": np.rint(per_site @ is_h).astype(np.int64),
            "premises": np.rint(per_site @ (1.0 - is_h)).astype(np.int64),
        },
        geometry=gpd.GeoSeries(shapely.points(s.xy), crs=crs).to_crs(STORAGE_CRS),
        crs=STORAGE_CRS,
    )


def _fixed_frame(
    points: gpd.GeoDataFrame, working: np.ndarray, fixed_group: np.ndarray
) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": points["id"].to_numpy(dtype=object)[working],
            "name": points["name"].to_numpy(dtype=object)[working],
            "residential_group_id": fixed_group,
        },
        geometry=points.geometry.to_numpy()[working],
        crs=points.crs,
    ).to_crs(STORAGE_CRS)


def _is_household(demand: pd.DataFrame) -> np.ndarray:
    return demand["kind"].to_numpy() == "household"


def _demand_frame(
    analysis: WardAnalysis,
    household_weights: Mapping[str, float],
    premises_weights: Mapping[str, float],
    *,
    within_reach_factor: float,
) -> pd.DataFrame:
    h, p = analysis.households, analysis.premises
    h_class = h["risk_class"].astype(object).where(h["risk_class"].notna(), None)
    p_class = p["risk_class"].astype(object).where(p["risk_class"].notna(), None)
    h_weight = h_class.map(household_weights).fillna(household_weights["low"])
    p_weight = p_class.map(premises_weights).fillna(premises_weights["low"])
    p_label = p["name"].astype(str) + np.where(
        p["address"].notna(), ", " + p["address"].astype(str), ""
    )
    reach = np.concatenate(
        [
            h["within_hose_reach"].to_numpy(dtype=bool, na_value=False),
            p["within_hose_reach"].to_numpy(dtype=bool, na_value=False),
        ]
    )
    lonlat = np.concatenate([point_coordinates(h.geometry), point_coordinates(p.geometry)]).reshape(
        -1, 2
    )
    frame = pd.DataFrame(
        {
            "kind": ["household"] * len(h) + ["premises"] * len(p),
            "id": np.concatenate([h["id"].to_numpy(dtype=object), p["id"].to_numpy(dtype=object)]),
            "label": np.concatenate(
                [h["address"].to_numpy(dtype=object), p_label.to_numpy(dtype=object)]
            ),
            "residential_group_id": np.concatenate(
                [
                    h["residential_group_id"].to_numpy(dtype=object),
                    p["residential_group_id"].to_numpy(dtype=object),
                ]
            ),
            "risk_class": np.concatenate([h_class.to_numpy(), p_class.to_numpy()]),
            "weight": np.concatenate([h_weight.to_numpy(float), p_weight.to_numpy(float)])
            * np.where(reach, within_reach_factor, 1.0),
            "within_hose_reach": reach,
            "high_risk": np.r_[np.zeros(len(h), bool), p_class.isin(HIGH_CLASSES).to_numpy()],
            "pocket_id": np.concatenate(
                [h["pocket_id"].to_numpy(dtype=object), p["pocket_id"].to_numpy(dtype=object)]
            ),
            "on_network": np.concatenate(
                [h["on_network"].to_numpy(dtype=bool), p["on_network"].to_numpy(dtype=bool)]
            ),
            "lon": lonlat[:, 0],
            "lat": lonlat[:, 1],
        }
    )
    frame["pocket_id"] = frame["pocket_id"].where(frame["pocket_id"].notna(), None)
    return frame


def _road_label(name, kind, road_id: str) -> str:
    if isinstance(name, str) and name.strip():
        return name.strip()
    kind_label = ROAD_KIND.label(kind, "vi") if isinstance(kind, str) else "Đường"
    return f"{kind_label} không tên ({road_id})"


def _groups_metric(ward: Ward, crs: str) -> gpd.GeoDataFrame:
    groups = ward["residential_groups"]
    return gpd.GeoDataFrame(
        {"id": groups["id"].astype(str).to_numpy(), "name": groups["name"].astype(str).to_numpy()},
        geometry=metric_geometry(groups, crs).to_numpy(),
        crs=crs,
    )


def group_of(xy: np.ndarray, groups: gpd.GeoDataFrame) -> np.ndarray:
    """Return the tổ dân phố id holding each point (nearest within ``GROUP_SNAP_M``).

    ``xy`` and ``groups`` are in the same metric CRS; the rule is
    :func:`pipelines.model.territory.containing_group`'s.
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    pts = shapely.points(xy)
    pts[~np.isfinite(xy).all(axis=1)] = None
    return containing_group(pts, groups, max_distance_m=GROUP_SNAP_M)


def _deep_alley_rules(
    graph: RoadGraph, access, line_name: np.ndarray, depth_min_m: float
) -> tuple[pd.DataFrame, np.ndarray]:
    """Return one rule row per deep alley and the rule of each graph edge (``-1``: none)."""
    alleys = impassable_alleys(graph, access)
    deep = alleys.depth_m >= depth_min_m
    line = alleys.line[deep]
    key = (
        pd.Series(line_name[line].astype(str)) + "\x00" + pd.Series(alleys.group[deep]).astype(str)
    )
    code, uniq = pd.factorize(key)
    depth = np.full(len(uniq), -np.inf)
    np.maximum.at(depth, code, alleys.depth_m[deep])
    order = np.argsort(-np.nan_to_num(depth, posinf=1e12), kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    line_rule = np.full(len(graph.line_id), -1, dtype=np.int64)
    line_rule[line] = rank[code]
    edge_rule = np.where(~access.reachable, line_rule[graph.edge_line], -1)
    first_line = np.zeros(len(uniq), dtype=np.int64)
    first_line[code[::-1]] = line[::-1]
    roads = pd.Series(graph.line_id[line].astype(str)).groupby(rank[code]).agg(", ".join)
    rules = pd.DataFrame(
        {
            "kind": "deep_alley",
            "key": roads.reindex(range(len(uniq))).to_numpy(dtype=object),
            "name": line_name[first_line][order],
            "depth_m": depth[order],
            "minimum": 1,
        }
    )
    return rules, edge_rule


def _rule_pairs(
    edge: np.ndarray, group: np.ndarray, edge_rule: np.ndarray, group_row: Mapping[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Return (rule row, site) pairs: the deep alley a site stands on, and its tổ dân phố."""
    n = len(edge)
    alley = np.full(n, -1, dtype=np.int64)
    ok = edge >= 0
    alley[ok] = edge_rule[edge[ok]]
    grp = pd.Series(group, dtype=object).map(group_row).fillna(-1).to_numpy(dtype=np.int64)
    rows = np.concatenate([alley, grp])
    sites = np.concatenate([np.arange(n), np.arange(n)])
    keep = rows >= 0
    return rows[keep], sites[keep]


def kit_cost_vnd(costs: CostSection) -> float:
    """Return the cost in VND of one public point's kit (``[costs] kit`` × unit prices)."""
    return float(sum(qty * getattr(costs, item) for item, qty in costs.kit.items()))
