"""The public-point planner of a ward: demand, candidate sites, coverage, proposals, what-if.

The ward adapter of :mod:`pipelines.planning.siting`. :func:`planning_problem` takes a loaded ward and
its network analysis (:func:`pipelines.network.analysis.analyze_ward`) and builds, once:

* **demand**: every household and premises placed on the road network, weighted by its risk
  class (``[planner] household_weight_by_class`` / ``premises_weight_by_class``; households
  without a risk class — those that are not businesses — weigh as ``"low"``), times
  ``within_hose_reach_factor`` for those a fire truck's hose reaches (a public point serves
  the alleys trucks cannot enter);
* **fixed points**: the *working* public firefighting points, kept as they are;
* **candidate sites**: positions every ``[planner] candidate_spacing_m`` metres along the
  roads fire trucks cannot reach (on every road when ``candidates_on_truck_roads``), never
  inside a premises (its building footprint, or closer than
  ``candidate_premises_clearance_m`` to its position), plus existing points that are not
  working (repairing them is an option) and points imported from a file
  (:func:`read_sites`);
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

:class:`WhatIf` edits a proposal (add, remove, move points, place one by a map click) and
updates the covered demand in milliseconds from the precomputed per-candidate lists; a point
placed by hand is snapped to the network and gets its coverage from one radius-limited pass.
Coordinates of results are EPSG:4326; distances are metres in the ward's metric CRS.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely
from scipy.spatial import cKDTree

from pipelines.model.errors import ConfigError, InputFileError
from pipelines.model.schema import ROAD_KIND, STORAGE_CRS
from pipelines.model.settings import CostSection
from pipelines.model.store import Ward
from pipelines.network.access import impassable_alleys
from pipelines.network.analysis import WardAnalysis
from pipelines.network.graph import RoadGraph
from pipelines.network.projection import metric_geometry, point_coordinates
from pipelines.network.risk import HIGH_CLASSES
from pipelines.network.snapping import Snapped
from pipelines.planning.siting import (
    CoverageMatrix,
    Requirements,
    SitingResult,
    greedy_maximal_covering,
    greedy_set_cover,
    rule_check,
    solve_maximal_covering,
    solve_set_cover,
)
from pipelines.text.formats import check_lang, format_number, format_percent, format_vnd

NEAR_ADDRESS_M = 30.0  # an address farther than this from a site is not quoted for it
GROUP_SNAP_M = 30.0  # a site this close to a tổ dân phố polygon belongs to it

DEMAND_KINDS: dict[str, tuple[str, str]] = {
    "household": ("Hộ gia đình", "Household"),
    "premises": ("Cơ sở", "Premises"),
}

# Where a candidate site comes from: code → (id prefix, Vietnamese, English).
SITE_SOURCES: dict[str, tuple[str, str, str]] = {
    "generated": ("UV", "Vị trí ứng viên dọc ngõ", "Candidate site along an alley"),
    "repair": ("SC", "Điểm hiện có cần sửa chữa", "Existing point needing repair"),
    "file": ("TT", "Nhập từ tệp", "Imported from a file"),
    "map": ("BD", "Thêm trên bản đồ", "Added on the map"),
}

RULE_KINDS: dict[str, tuple[str, str]] = {
    "deep_alley": (
        "Ngõ sâu xe chữa cháy không vào được",
        "Deep alley fire trucks cannot enter",
    ),
    "residential_group": ("Tổ dân phố", "Residential group"),
}

MODELS: dict[str, tuple[str, str]] = {
    "maximal": (
        "Phủ tối đa với số điểm cho trước",
        "Maximal covering with a given number of points",
    ),
    "cover": ("Ít điểm nhất để phủ toàn bộ", "Fewest points covering all"),
}

# Rows of the scenario comparison: key → (Vietnamese, English, formatter kind).
COMPARISON_ROWS: dict[str, tuple[str, str, str]] = {
    "points_added": ("Số điểm đặt mới", "New points", "number"),
    "households_covered": ("Hộ được phủ", "Households covered", "number"),
    "households_share": ("Tỷ lệ hộ được phủ", "Share of households covered", "percent"),
    "high_risk_premises_covered": (
        "Cơ sở nguy cơ cao được phủ",
        "High-risk premises covered",
        "number",
    ),
    "premises_covered": ("Cơ sở được phủ", "Premises covered", "number"),
    "pockets_served": (
        "Vùng ngoài tầm vòi được phục vụ",
        "Beyond-reach pockets served",
        "number",
    ),
    "weight_share": ("Tỷ lệ nhu cầu có trọng số được phủ", "Weighted demand covered", "percent"),
    "rules_met": ("Quy tắc đạt", "Rules met", "number"),
    "cost_vnd": ("Chi phí ước tính", "Estimated cost", "vnd"),
}


# ---------------------------------------------------------------------- the problem


@dataclass(frozen=True, eq=False)
class PlanningProblem:
    """Everything the planner needs about one ward, built once by :func:`planning_problem`.

    Shared by cached dashboard sessions: never mutate it; :class:`WhatIf` keeps its own state.

    Attributes
    ----------
    coverage
        Demand × candidate coverage within ``radius_m`` (:class:`pipelines.planning.siting.CoverageMatrix`);
        rows follow ``demand``, columns follow ``candidates``.
    requirements
        The rules, rows following ``rules``, columns following ``candidates``.
    demand
        One row per household then per premises (analysis order): ``kind`` (code of
        :data:`DEMAND_KINDS`), ``id``, ``label`` (address or name), ``residential_group_id``,
        ``risk_class`` (missing for households that are not businesses),
        ``within_hose_reach``, ``weight``,
        ``high_risk`` (premises of a high or very high risk class), ``pocket_id``
        (beyond-reach pocket, missing when none), ``on_network``, ``covered_now`` (within
        the radius of a working point), ``lon``, ``lat``.
    candidates
        One row per candidate site, EPSG:4326: ``id``, ``source`` (code of
        :data:`SITE_SOURCES`), ``road_id``, ``road_name``, ``near_address``,
        ``residential_group_id``, ``snap_distance_m``, ``households``, ``premises`` (demand
        within the radius), ``geometry`` (the position on the road).
    fixed
        The working public points kept as they are (EPSG:4326): ``id``, ``name``,
        ``residential_group_id``, ``geometry``.
    rules
        One row per rule: ``kind`` (code of :data:`RULE_KINDS`), ``key`` (road ids or
        tổ dân phố id), ``name``, ``depth_m`` (deep alleys), ``minimum``, ``fixed_count``
        (working points counting), ``sites`` (candidate sites counting).
    graph, demand_snapped
        The road graph (metric CRS) and the demand's snapped positions, for points placed by
        hand.
    crs_metric, radius_m, max_snap_m, point_cost_vnd
        Metric CRS, service radius (m), maximum snap distance for placed points (m), cost of
        one point's kit (VND).
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
    edge_rule: np.ndarray = field(repr=False)
    groups_metric: gpd.GeoDataFrame = field(repr=False)
    line_name: np.ndarray = field(repr=False)
    addresses: _AddressIndex = field(repr=False)

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
        tổ dân phố without an alley) cannot be a constraint; :func:`rule_table` lists it.
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

    @cached_property
    def n_pockets(self) -> int:
        return int(self.pocket_code.max(initial=-1) + 1)

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
        Its network analysis (:func:`pipelines.network.analysis.analyze_ward`), for risk classes,
        truck access, pockets and the road graph.
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
        More candidate sites (points, any CRS), for example from :func:`read_sites`; their
        ``source`` column, when present, is kept (default ``"file"``).

    Raises
    ------
    ConfigError
        A radius or spacing that is not positive.
    """
    cfg = ward.config
    t, planner = cfg.thresholds, cfg.planner
    radius = float(t.public_point_radius_m if radius_m is None else radius_m)
    spacing = float(planner.candidate_spacing_m if spacing_m is None else spacing_m)
    for key, value in (("radius_m", radius), ("spacing_m", spacing)):
        if not value > 0:
            raise ConfigError(
                f"'{key}' phải là số dương, nhận được {value}",
                f"'{key}' should be positive, got {value} instead",
            )
    on_truck = planner.candidates_on_truck_roads if on_truck_roads is None else on_truck_roads
    depth_min = t.deep_alley_min_m if deep_alley_min_m is None else float(deep_alley_min_m)
    per_group = (
        t.public_points_per_group_min if points_per_group_min is None else points_per_group_min
    )
    crs = analysis.crs_metric
    graph, access = analysis.graph, analysis.access

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

    points = analysis.public_points
    working = points["working"].to_numpy(dtype=bool)
    fixed_snapped = analysis.snapped["firefighting_points"].take(np.flatnonzero(working))
    groups_metric = _groups_metric(ward, crs)
    roads = ward["roads"]
    names = dict(zip(roads["id"].astype(str), roads["name"], strict=False))
    kinds = dict(zip(roads["id"].astype(str), roads["kind"], strict=False))
    line_name = np.array(
        [_road_label(names.get(str(i)), kinds.get(str(i)), str(i)) for i in graph.line_id],
        dtype=object,
    )

    # candidate sites: generated, existing points to repair, imported
    mask = np.ones(graph.n_edges, dtype=bool) if on_truck else ~access.reachable
    mask[graph.split_edge[graph.split_edge >= 0]] = False
    generated = graph.sample_along_edges(spacing, edge_mask=mask)
    keep = _outside_premises(
        generated.xy,
        premises_xy=demand_xy[~_is_household(demand)],
        footprints=_premises_footprints(ward, crs),
        clearance_m=planner.candidate_premises_clearance_m,
    )
    generated = generated.take(np.flatnonzero(keep))
    repair_idx = np.flatnonzero(~working & (analysis.snapped["firefighting_points"].edge >= 0))
    parts = [generated, analysis.snapped["firefighting_points"].take(repair_idx)]
    sources = ["generated"] * len(generated) + ["repair"] * len(repair_idx)
    given_ids = [None] * len(generated) + [
        f"{SITE_SOURCES['repair'][0]}-{points['id'].iat[i]}" for i in repair_idx
    ]
    if extra_sites is not None and len(extra_sites):
        extra = graph.snap(
            point_coordinates(metric_geometry(extra_sites, crs)), max_m=t.max_snap_distance_m
        )
        placed = np.flatnonzero(extra.edge >= 0)
        parts.append(extra.take(placed))
        src = (
            extra_sites["source"].astype(str).to_numpy()[placed]
            if "source" in extra_sites.columns
            else np.full(len(placed), "file", dtype=object)
        )
        sources += list(src)
        given_ids += [None] * len(placed)
    sites = Snapped.concat(parts)
    source = np.asarray(sources, dtype=object)
    ids = _site_ids(source, np.asarray(given_ids, dtype=object))

    # one radius-limited pass: every candidate and fixed point → every demand point
    both = Snapped.concat([sites, fixed_snapped])
    dist = graph.distance_matrix(both, demand_snapped, limit_m=radius)
    coverage = CoverageMatrix.from_cost_matrix(
        dist[: len(sites)].T.tocsr(),
        weights=demand["weight"].to_numpy(dtype=float),
        radius_m=radius,
        fixed_cost_m=dist[len(sites) :].T.tocsr(),
    )
    demand["covered_now"] = coverage.fixed_covered

    # rules
    rules, edge_rule = _deep_alley_rules(graph, access, line_name, depth_min)
    n_alley = len(rules)
    site_group = _group_of(sites.xy, groups_metric)
    fixed_group = _group_of(fixed_snapped.xy, groups_metric)
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
    fixed_rules = _rule_pairs(fixed_snapped.edge, fixed_group, edge_rule, group_row)
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

    addresses = _AddressIndex.build(demand_xy, demand["label"].to_numpy(dtype=object))
    per_site = coverage.by_candidate
    is_h = _is_household(demand).astype(float)
    candidates = gpd.GeoDataFrame(
        {
            "id": ids,
            "source": source,
            "road_id": graph.line_id[graph.edge_line[sites.edge]] if len(sites) else [],
            "road_name": line_name[graph.edge_line[sites.edge]] if len(sites) else [],
            "near_address": addresses.nearest(sites.xy),
            "residential_group_id": site_group,
            "snap_distance_m": sites.distance_m,
            "households": np.rint(per_site @ is_h).astype(np.int64),
            "premises": np.rint(per_site @ (1.0 - is_h)).astype(np.int64),
        },
        geometry=gpd.GeoSeries(shapely.points(sites.xy), crs=crs).to_crs(STORAGE_CRS),
        crs=STORAGE_CRS,
    )
    fixed_frame = gpd.GeoDataFrame(
        {
            "id": points["id"].to_numpy(dtype=object)[working],
            "name": points["name"].to_numpy(dtype=object)[working],
            "residential_group_id": fixed_group,
        },
        geometry=points.geometry.to_numpy()[working],
        crs=points.crs,
    ).to_crs(STORAGE_CRS)
    return PlanningProblem(
        coverage=coverage,
        requirements=requirements,
        demand=demand,
        candidates=candidates,
        fixed=fixed_frame,
        rules=rules,
        graph=graph,
        demand_snapped=demand_snapped,
        crs_metric=crs,
        radius_m=radius,
        max_snap_m=t.max_snap_distance_m,
        point_cost_vnd=kit_cost_vnd(cfg.costs),
        edge_rule=edge_rule,
        groups_metric=groups_metric,
        line_name=line_name,
        addresses=addresses,
    )


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


def _group_of(xy: np.ndarray, groups: gpd.GeoDataFrame) -> np.ndarray:
    """Return the tổ dân phố id holding each point (nearest within ``GROUP_SNAP_M``)."""
    out = np.full(len(xy), None, dtype=object)
    if not len(xy) or not len(groups):
        return out
    pts = shapely.points(np.asarray(xy, dtype=float).reshape(-1, 2))
    ok = np.flatnonzero(np.isfinite(xy).all(axis=1))
    (src, hit) = groups.sindex.nearest(pts[ok], max_distance=GROUP_SNAP_M, return_all=False)
    out[ok[src]] = groups["id"].to_numpy(dtype=object)[hit]
    return out


def _premises_footprints(ward: Ward, crs: str) -> np.ndarray:
    """Building polygons (metric CRS) that hold a premises' position."""
    buildings, premises = ward["buildings"], ward["premises"]
    if not len(buildings) or not len(premises):
        return np.zeros(0, dtype=object)
    polygons = metric_geometry(buildings, crs).to_numpy()
    tree = shapely.STRtree(polygons)
    pts = metric_geometry(premises, crs).to_numpy()
    pts = pts[~(shapely.is_missing(pts) | shapely.is_empty(pts))]
    _, hit = tree.query(pts, predicate="within")
    return polygons[np.unique(hit)]


def _outside_premises(
    xy: np.ndarray, *, premises_xy: np.ndarray, footprints: np.ndarray, clearance_m: float
) -> np.ndarray:
    keep = np.ones(len(xy), dtype=bool)
    if not len(xy):
        return keep
    placed = premises_xy[np.isfinite(premises_xy).all(axis=1)]
    if len(placed) and clearance_m > 0:
        d, _ = cKDTree(placed).query(xy, distance_upper_bound=clearance_m)
        keep &= ~np.isfinite(d)
    if len(footprints):
        inside, _ = shapely.STRtree(footprints).query(shapely.points(xy), predicate="within")
        keep[inside] = False
    return keep


def _site_ids(source: np.ndarray, given: np.ndarray) -> np.ndarray:
    ids = given.copy()
    for code, (prefix, _, _) in SITE_SOURCES.items():
        rows = np.flatnonzero((source == code) & pd.isna(given))
        ids[rows] = [f"{prefix}-{i + 1:05d}" for i in range(len(rows))]
    return ids


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


# ---------------------------------------------------------------------- sites from a file


def _read_vector(path: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(path)


def _read_table(path: Path) -> gpd.GeoDataFrame:
    readers: dict[str, Callable[[Path], pd.DataFrame]] = {
        ".csv": lambda p: pd.read_csv(p, encoding="utf-8-sig"),
        ".xlsx": lambda p: pd.read_excel(p, engine="calamine"),
        ".xls": lambda p: pd.read_excel(p, engine="calamine"),
    }
    table = readers[path.suffix.lower()](path)
    columns = {str(c).strip().lower(): c for c in table.columns}
    lon = next((columns[c] for c in LON_COLUMNS if c in columns), None)
    lat = next((columns[c] for c in LAT_COLUMNS if c in columns), None)
    if lon is None or lat is None:
        raise InputFileError(
            f"Tệp {path.name} cần hai cột kinh độ và vĩ độ (ví dụ 'kinh_do', 'vi_do'); "
            f"các cột có: {', '.join(map(str, table.columns))}",
            f"{path.name} needs longitude and latitude columns (e.g. 'lon', 'lat'); "
            f"got {', '.join(map(str, table.columns))} instead",
        )
    x = pd.to_numeric(table[lon], errors="coerce")
    y = pd.to_numeric(table[lat], errors="coerce")
    return gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(x, y), crs=STORAGE_CRS)


LON_COLUMNS = ("lon", "lng", "longitude", "kinh_do", "kinh độ", "x")
LAT_COLUMNS = ("lat", "latitude", "vi_do", "vĩ độ", "y")
SITE_READERS: dict[str, Callable[[Path], gpd.GeoDataFrame]] = {
    ".geojson": _read_vector,
    ".json": _read_vector,
    ".gpkg": _read_vector,
    ".kml": _read_vector,
    ".shp": _read_vector,
    ".csv": _read_table,
    ".xlsx": _read_table,
    ".xls": _read_table,
}


def read_sites(path: str | Path) -> gpd.GeoDataFrame:
    """Read candidate sites from a file: points (GeoJSON, GeoPackage, KML, Shapefile) or a
    table with longitude/latitude columns (CSV, XLSX, XLS; WGS 84 degrees).

    Returns the points (their centroids for other geometry) in EPSG:4326 with
    ``source = "file"``.

    Raises
    ------
    InputFileError
        Unknown suffix, unreadable file, no coordinate columns, or no usable point.
    """
    path = Path(path)
    reader = SITE_READERS.get(path.suffix.lower())
    if reader is None:
        raise InputFileError(
            f"Không đọc được loại tệp '{path.suffix}'; dùng một trong: {', '.join(SITE_READERS)}",
            f"'path' should end with one of {', '.join(SITE_READERS)}, got '{path.suffix}' instead",
        )
    try:
        frame = reader(path)
    except InputFileError:
        raise
    except Exception as exc:
        raise InputFileError(
            f"Không đọc được tệp {path.name}: {exc}", f"cannot read {path.name}: {exc}"
        ) from exc
    if frame.crs is None:
        frame = frame.set_crs(STORAGE_CRS)
    geoms = frame.geometry.to_numpy()
    usable = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    usable[usable] = np.isfinite(shapely.get_coordinates(shapely.centroid(geoms[usable]))).all(
        axis=1
    )
    if not usable.any():
        raise InputFileError(
            f"Tệp {path.name} không có điểm nào có tọa độ dùng được",
            f"{path.name} holds no point with usable coordinates",
        )
    out = gpd.GeoDataFrame(
        {"source": "file"},
        index=range(int(usable.sum())),
        geometry=shapely.centroid(geoms[usable]),
        crs=frame.crs,
    )
    return out.to_crs(STORAGE_CRS)


def sites_from_bytes(data: bytes, suffix: str) -> gpd.GeoDataFrame:
    """Read candidate sites from a file's content (an upload), its format named by ``suffix``.

    Same formats and errors as :func:`read_sites`.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"sites{suffix.lower()}"
        path.write_bytes(data)
        return read_sites(path)


# ---------------------------------------------------------------------- solving


SOLVERS: dict[tuple[str, str], Callable[..., SitingResult]] = {
    ("maximal", "highs"): lambda cov, p, share, rules, limit: solve_maximal_covering(
        cov, p, requirements=rules, time_limit_s=limit
    ),
    ("maximal", "greedy"): lambda cov, p, share, rules, limit: greedy_maximal_covering(
        cov, p, requirements=rules
    ),
    ("cover", "highs"): lambda cov, p, share, rules, limit: solve_set_cover(
        cov, share=share, requirements=rules, time_limit_s=limit
    ),
    ("cover", "greedy"): lambda cov, p, share, rules, limit: greedy_set_cover(
        cov, share=share, requirements=rules
    ),
}


def propose(
    problem: PlanningProblem,
    *,
    model: str = "maximal",
    p: int | None = None,
    share: float = 1.0,
    method: str = "highs",
    enforce_rules: bool = False,
    time_limit_s: float = 120.0,
) -> SitingResult:
    """Solve one model on the ward's problem.

    Parameters
    ----------
    model
        {"maximal", "cover"}: ``p`` new points covering the most weighted demand, or the
        fewest points covering ``share`` of the coverable weighted demand.
    p
        New points allowed (needed for ``"maximal"``).
    share
        Share (0–1] of the coverable weighted demand to cover (``"cover"``).
    method
        {"highs", "greedy"}: proven optimum with HiGHS, or the instant greedy answer.
    enforce_rules
        Make the rules (deep alleys, points per tổ dân phố) constraints of the model; rules
        that too few candidate sites count for are left out
        (:attr:`PlanningProblem.enforceable`).
    time_limit_s
        Time limit of the HiGHS solve in seconds.

    Raises
    ------
    ValueError
        Unknown model or method, or ``"maximal"`` without ``p``.
    """
    solver = SOLVERS.get((model, method))
    if solver is None:
        raise ValueError(
            f"'model' and 'method' should be one of {sorted(SOLVERS)}, "
            f"got ('{model}', '{method}') instead"
        )
    if model == "maximal" and p is None:
        raise ValueError("'p' should be given for the maximal covering model, got None instead")
    rules = problem.enforceable if enforce_rules else None
    return solver(problem.coverage, p, share, rules, time_limit_s)


# ---------------------------------------------------------------------- scenarios and what-if


@dataclass(frozen=True)
class AddedSite:
    """A point placed by hand (a map click), with what it covers.

    Attributes
    ----------
    key
        Its id (``BD-…``).
    lon, lat
        The clicked position (EPSG:4326).
    placed
        Whether it lies within ``max_snap_m`` of a road (otherwise it covers nothing).
    snap_distance_m
        Distance from the click to the nearest road, metres.
    site_lon, site_lat
        The position on the road it stands for (EPSG:4326).
    demand
        Demand rows within the radius (sorted).
    rules
        Rule rows it counts for (its deep alley, its tổ dân phố).
    road_name, near_address, residential_group_id
        Where it is, for tables and exports.
    """

    key: str
    lon: float
    lat: float
    placed: bool
    snap_distance_m: float
    site_lon: float
    site_lat: float
    demand: tuple[int, ...]
    rules: tuple[int, ...]
    road_name: str
    near_address: str
    residential_group_id: str | None


@dataclass(frozen=True)
class Scenario:
    """A proposal: candidate sites chosen and points placed by hand, under a name."""

    name: str
    chosen: tuple[str, ...] = ()
    added: tuple[AddedSite, ...] = ()


def scenario_from_result(problem: PlanningProblem, result: SitingResult, *, name: str) -> Scenario:
    """Return the scenario of a solver result (its chosen candidates, by id)."""
    ids = problem.candidates["id"].to_numpy(dtype=object)[result.chosen]
    return Scenario(name=name, chosen=tuple(str(i) for i in ids))


def place_site(problem: PlanningProblem, lon: float, lat: float, *, key: str) -> AddedSite:
    """Snap a clicked position to the network and compute its coverage (one radius pass).

    A position farther than ``problem.max_snap_m`` from every road is returned with
    ``placed = False`` and covers nothing.
    """
    from pyproj import Transformer

    to_metric = Transformer.from_crs(STORAGE_CRS, problem.crs_metric, always_xy=True)
    to_storage = Transformer.from_crs(problem.crs_metric, STORAGE_CRS, always_xy=True)
    xy = np.array(to_metric.transform(float(lon), float(lat))).reshape(1, 2)
    snapped = problem.graph.snap(xy, max_m=problem.max_snap_m)
    placed = bool(snapped.edge[0] >= 0)
    site_lon, site_lat = to_storage.transform(*snapped.xy[0]) if placed else (lon, lat)
    demand: tuple[int, ...] = ()
    rules: tuple[int, ...] = ()
    group = _group_of(snapped.xy, problem.groups_metric)[0] if placed else None
    road = ""
    if placed:
        row = problem.graph.distance_matrix(
            snapped, problem.demand_snapped, limit_m=problem.radius_m
        )
        demand = tuple(int(i) for i in np.sort(row.indices))
        alley = int(problem.edge_rule[snapped.edge[0]])
        group_rule = problem.group_rule.get(group, -1) if group is not None else -1
        rules = tuple(r for r in (alley, group_rule) if r >= 0)
        road = str(problem.line_name[problem.graph.edge_line[snapped.edge[0]]])
    return AddedSite(
        key=key,
        lon=float(lon),
        lat=float(lat),
        placed=placed,
        snap_distance_m=float(snapped.distance_m[0]),
        site_lon=float(site_lon),
        site_lat=float(site_lat),
        demand=demand,
        rules=rules,
        road_name=road,
        near_address=str(problem.nearest_address(snapped.xy)[0]) if placed else "",
        residential_group_id=group,
    )


@dataclass(frozen=True)
class Change:
    """What one edit of a :class:`WhatIf` changed.

    Attributes
    ----------
    key
        Id of the point added, removed or moved.
    placed
        False when a placed position was too far from every road (nothing changed).
    newly_covered, newly_uncovered
        Demand rows that gained or lost coverage.
    households_gained, households_lost
        The same, counted as households.
    snap_distance_m
        For a placed point: distance in metres from the click to the nearest road (0 for
        other edits).
    """

    key: str
    placed: bool
    newly_covered: np.ndarray
    newly_uncovered: np.ndarray
    households_gained: int
    households_lost: int
    snap_distance_m: float = 0.0


@dataclass(frozen=True)
class ScenarioFigures:
    """Coverage figures of a scenario (fixed points included). Counts are whole numbers."""

    points_added: int
    cost_vnd: float
    households_total: int
    households_covered: int
    premises_total: int
    premises_covered: int
    high_risk_premises_total: int
    high_risk_premises_covered: int
    pockets_total: int
    pockets_served: int
    weight_total: float
    weight_covered: float
    rules_total: int
    rules_met: int

    @property
    def households_share(self) -> float:
        return _share(self.households_covered, self.households_total)

    @property
    def weight_share(self) -> float:
        return _share(self.weight_covered, self.weight_total)

    def row(self) -> dict[str, float]:
        """Values keyed like :data:`COMPARISON_ROWS`."""
        return {
            "points_added": self.points_added,
            "households_covered": self.households_covered,
            "households_share": self.households_share,
            "high_risk_premises_covered": self.high_risk_premises_covered,
            "premises_covered": self.premises_covered,
            "pockets_served": self.pockets_served,
            "weight_share": self.weight_share,
            "rules_met": self.rules_met,
            "cost_vnd": self.cost_vnd,
        }


def _share(part: float, whole: float) -> float:
    return part / whole if whole else float("nan")


class WhatIf:
    """An editable proposal over a :class:`PlanningProblem`.

    Holds a count of covering points per demand row (fixed points included) and updates it
    from the precomputed per-candidate lists, so adding, removing or moving a point costs
    milliseconds. The problem is only read. Save the state with :meth:`scenario`; restore
    it by passing the scenario back.
    """

    def __init__(self, problem: PlanningProblem, scenario: Scenario | None = None):
        self.problem = problem
        self._chosen: dict[str, int] = {}
        self._added: dict[str, AddedSite] = {}
        self._count = problem.coverage.fixed_covered.astype(np.int32)
        scenario = scenario if scenario is not None else Scenario("")
        for key in scenario.chosen:
            self.add(key)
        for site in scenario.added:
            self._add_site(site)

    # edits -----------------------------------------------------------------

    def add(self, key: str | int) -> Change:
        """Add a candidate site (by id or column number)."""
        j = key if isinstance(key, int | np.integer) else self.problem.candidate_index.get(key)
        if j is None or not 0 <= j < self.problem.n_candidates:
            raise ValueError(f"'key' should be a candidate id, got {key!r} instead")
        cid = str(self.problem.candidates["id"].iat[int(j)])
        if cid in self._chosen:
            return self._change(cid, True, np.zeros(0, np.int64), np.zeros(0, np.int64))
        self._chosen[cid] = int(j)
        return self._change(cid, True, *self._apply(self._rows(int(j)), +1))

    def place(self, lon: float, lat: float) -> Change:
        """Place a new point at a clicked position (snapped to the nearest road)."""
        return self._add_site(place_site(self.problem, lon, lat, key=self._next_key()))

    def remove(self, key: str) -> Change:
        """Remove a point (a chosen candidate or a placed point) by id."""
        if key in self._chosen:
            j = self._chosen.pop(key)
            return self._change(key, True, *self._apply(self._rows(j), -1))
        if key in self._added:
            site = self._added.pop(key)
            rows = np.asarray(site.demand, dtype=np.int64)
            return self._change(key, True, *self._apply(rows, -1))
        raise ValueError(f"'key' should be a point of the proposal, got {key!r} instead")

    def move(self, key: str, lon: float, lat: float) -> Change:
        """Move a point to a clicked position (snapped to the nearest road).

        A position too far from every road leaves the point where it was (``placed`` is
        False in the returned change).
        """
        if key not in self._chosen and key not in self._added:
            raise ValueError(f"'key' should be a point of the proposal, got {key!r} instead")
        site = place_site(self.problem, lon, lat, key=self._next_key())
        if not site.placed:
            return self._add_site(site)
        removed = self.remove(key)
        added = self._add_site(site)
        gained = np.setdiff1d(added.newly_covered, removed.newly_uncovered)
        lost = np.setdiff1d(removed.newly_uncovered, added.newly_covered)
        return replace(
            self._change(added.key, True, gained, lost), snap_distance_m=site.snap_distance_m
        )

    # reading ---------------------------------------------------------------

    @property
    def keys(self) -> tuple[str, ...]:
        """Ids of the proposal's points (chosen candidates, then placed points)."""
        return (*self._chosen, *(k for k, s in self._added.items() if s.placed))

    def covered(self) -> np.ndarray:
        """Per demand row: covered by a fixed point or a point of the proposal."""
        return self._count > 0

    def scenario(self, name: str = "") -> Scenario:
        return Scenario(name, tuple(self._chosen), tuple(self._added.values()))

    def figures(self) -> ScenarioFigures:
        """Coverage figures of the current proposal (fixed points included)."""
        p = self.problem
        covered = self.covered()
        is_h, high = p.is_household, p.is_high_risk
        pockets = p.pocket_code[covered & (p.pocket_code >= 0)]
        n_points = len(self.keys)
        status = self.rule_status()
        weight = p.coverage.weight
        return ScenarioFigures(
            points_added=n_points,
            cost_vnd=n_points * p.point_cost_vnd,
            households_total=int(is_h.sum()),
            households_covered=int((covered & is_h).sum()),
            premises_total=int((~is_h).sum()),
            premises_covered=int((covered & ~is_h).sum()),
            high_risk_premises_total=int(high.sum()),
            high_risk_premises_covered=int((covered & high).sum()),
            pockets_total=p.n_pockets,
            pockets_served=len(np.unique(pockets)),
            weight_total=float(weight.sum()),
            weight_covered=float(weight[covered].sum()),
            rules_total=len(status.count),
            rules_met=int(status.satisfied.sum()),
        )

    def rule_status(self):
        """Rule counts with the proposal (:class:`pipelines.planning.siting.RuleStatus`)."""
        status = rule_check(self.problem.requirements, list(self._chosen.values()))
        extra = [r for s in self._added.values() for r in s.rules]
        if not extra:
            return status
        count = status.count + np.bincount(extra, minlength=len(status.count))
        return replace(status, count=count, satisfied=count >= status.minimum)

    # internals -------------------------------------------------------------

    def _rows(self, j: int) -> np.ndarray:
        m = self.problem.coverage.by_candidate
        return m.indices[m.indptr[j] : m.indptr[j + 1]].astype(np.int64)

    def _apply(self, rows: np.ndarray, sign: int) -> tuple[np.ndarray, np.ndarray]:
        before = self._count[rows] > 0
        self._count[rows] += sign
        after = self._count[rows] > 0
        return rows[after & ~before], rows[before & ~after]

    def _add_site(self, site: AddedSite) -> Change:
        empty = np.zeros(0, np.int64)
        if not site.placed:
            return replace(
                self._change(site.key, False, empty, empty), snap_distance_m=site.snap_distance_m
            )
        self._added[site.key] = site
        gained, lost = self._apply(np.asarray(site.demand, np.int64), +1)
        return replace(
            self._change(site.key, True, gained, lost), snap_distance_m=site.snap_distance_m
        )

    def _next_key(self) -> str:
        prefix = SITE_SOURCES["map"][0]
        used = {int(k.split("-")[-1]) for k in self._added if k.startswith(prefix + "-")}
        return f"{prefix}-{max(used, default=0) + 1:03d}"

    def _change(self, key: str, placed: bool, gained: np.ndarray, lost: np.ndarray) -> Change:
        is_h = self.problem.is_household
        return Change(
            key=key,
            placed=placed,
            newly_covered=gained,
            newly_uncovered=lost,
            households_gained=int(is_h[gained].sum()),
            households_lost=int(is_h[lost].sum()),
        )


def evaluate(problem: PlanningProblem, scenario: Scenario) -> ScenarioFigures:
    """Coverage figures of a scenario."""
    return WhatIf(problem, scenario).figures()


def compare_scenarios(problem: PlanningProblem, scenarios: Sequence[Scenario]) -> pd.DataFrame:
    """Return the figures of several scenarios side by side.

    Rows are the keys of :data:`COMPARISON_ROWS`; columns are the scenario names (the first
    scenario is usually the current state, with no new point). Values are numbers.
    """
    columns = {s.name: evaluate(problem, s).row() for s in scenarios}
    return pd.DataFrame(columns, index=list(COMPARISON_ROWS))


def format_comparison(table: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Format :func:`compare_scenarios` for display: labelled rows, localised numbers."""
    check_lang(lang)
    formatters: dict[str, Callable[[float], str]] = {
        "number": lambda v: format_number(v, lang),
        "percent": lambda v: format_percent(v, lang),
        "vnd": lambda v: format_vnd(v, lang),
    }
    rows = {}
    for key, values in table.iterrows():
        vi, en, kind = COMPARISON_ROWS[str(key)]
        rows[vi if lang == "vi" else en] = values.map(formatters[kind])
    return pd.DataFrame(rows).T


def rule_table(problem: PlanningProblem, whatif: WhatIf, lang: str = "vi") -> pd.DataFrame:
    """Return every rule with its count under a proposal, unmet rules first.

    Columns: ``kind`` (label), ``name``, ``depth_m``, ``minimum``, ``existing`` (fixed
    points counting), ``count`` (with the proposal), ``satisfied``, ``sites`` (candidate
    sites that count: fewer than needed means no proposal can meet the rule).
    """
    check_lang(lang)
    status = whatif.rule_status()
    r = problem.rules
    labels = {k: (vi if lang == "vi" else en) for k, (vi, en) in RULE_KINDS.items()}
    out = pd.DataFrame(
        {
            "kind": r["kind"].map(labels),
            "name": r["name"],
            "depth_m": r["depth_m"],
            "minimum": r["minimum"],
            "existing": r["fixed_count"],
            "count": status.count,
            "satisfied": status.satisfied,
            "sites": r["sites"],
        }
    )
    return out.sort_values("satisfied", kind="stable").reset_index(drop=True)


def proposal_points(problem: PlanningProblem, scenario: Scenario) -> gpd.GeoDataFrame:
    """Return the new points of a scenario with what each covers (EPSG:4326).

    Columns: ``id``, ``source``, ``lon``, ``lat`` (the position on the road),
    ``road_name``, ``near_address``, ``residential_group_id``, ``households``,
    ``premises``, ``high_risk_premises`` (demand within the radius), ``households_new``,
    ``premises_new``, ``high_risk_premises_new`` (of those, not covered by an existing
    working point; two new points near each other both count what they share).
    """
    c = problem.candidates
    idx = np.array([problem.candidate_index[k] for k in scenario.chosen], dtype=np.int64)
    sites = [s for s in scenario.added if s.placed]
    m = problem.coverage.by_candidate
    rows = [m[idx]] if len(idx) else []
    if sites:
        lengths = [len(s.demand) for s in sites]
        cols = np.concatenate([np.asarray(s.demand, np.int64) for s in sites])
        rows.append(
            sp.csr_matrix(
                (np.ones(len(cols), bool), cols, np.r_[0, np.cumsum(lengths)]),
                shape=(len(sites), problem.coverage.n_demand),
            )
        )
    n_dem = problem.coverage.n_demand
    s_mat = sp.vstack(rows, format="csr").astype(float) if rows else sp.csr_matrix((0, n_dem))
    is_h = problem.is_household
    new = ~problem.coverage.fixed_covered
    high = problem.is_high_risk

    def count(mask: np.ndarray) -> np.ndarray:
        return np.rint(s_mat @ mask.astype(float)).astype(np.int64)

    chosen = c.iloc[idx]
    geometry = (
        np.concatenate(
            [chosen.geometry.to_numpy(), shapely.points([(s.site_lon, s.site_lat) for s in sites])]
        )
        if sites
        else chosen.geometry.to_numpy()
    )
    xy = shapely.get_coordinates(geometry) if len(geometry) else np.zeros((0, 2))
    frame = gpd.GeoDataFrame(
        {
            "id": [*chosen["id"].astype(str), *(s.key for s in sites)],
            "source": [*chosen["source"], *(["map"] * len(sites))],
            "lon": xy[:, 0],
            "lat": xy[:, 1],
            "road_name": [*chosen["road_name"], *(s.road_name for s in sites)],
            "near_address": [*chosen["near_address"], *(s.near_address for s in sites)],
            "residential_group_id": [
                *chosen["residential_group_id"],
                *(s.residential_group_id for s in sites),
            ],
            "households": count(is_h),
            "premises": count(~is_h),
            "high_risk_premises": count(high),
            "households_new": count(is_h & new),
            "premises_new": count(~is_h & new),
            "high_risk_premises_new": count(high & new),
        },
        geometry=gpd.GeoSeries(geometry, crs=STORAGE_CRS),
        crs=STORAGE_CRS,
    )
    return frame
