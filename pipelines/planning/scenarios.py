"""Proposals on a planning problem: solving the siting models, what-if edits, figures, tables.

:func:`propose` solves one model (:data:`pipelines.text.labels.MODELS`) on a
:class:`pipelines.planning.problem.PlanningProblem`; a :class:`Scenario` names the candidate sites chosen and the points placed by hand.
:class:`WhatIf` edits a proposal (add, remove, move points, place one by a map click) and
updates the covered demand in milliseconds from the precomputed per-candidate lists; a point
placed by hand is snapped to the network and gets its coverage from one radius-limited pass.
:func:`compare_scenarios`, :func:`rule_table` and :func:`proposal_points` turn proposals into
tables. Coordinates of results are EPSG:4326; distances are metres in the ward's metric CRS.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely

from pipelines.model.schema import STORAGE_CRS
from pipelines.planning.problem import PlanningProblem, group_of
from pipelines.planning.siting import (
    SitingResult,
    greedy_maximal_covering,
    greedy_set_cover,
    rule_check,
    solve_maximal_covering,
    solve_set_cover,
)
from pipelines.text.formats import check_lang, format_number, format_percent, format_vnd
from pipelines.text.labels import COMPARISON_ROWS, RULE_KINDS, SITE_SOURCES, pick, pick_table

# Formatter of each row of the scenario comparison (labels: COMPARISON_ROWS).
_COMPARISON_FORMATS: dict[str, str] = {
    "points_added": "number",
    "households_covered": "number",
    "households_share": "percent",
    "high_risk_premises_covered": "number",
    "premises_covered": "number",
    "pockets_served": "number",
    "weight_share": "percent",
    "rules_met": "number",
    "cost_vnd": "vnd",
}


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
    group = group_of(snapped.xy, problem.groups_metric)[0] if placed else None
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
        """Values keyed like :data:`pipelines.text.labels.COMPARISON_ROWS`."""
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

    Rows are the keys of :data:`pipelines.text.labels.COMPARISON_ROWS`; columns are the scenario
    names (the first scenario is usually the current state, with no new point). Values are
    numbers.
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
        rows[pick(COMPARISON_ROWS[str(key)], lang)] = values.map(
            formatters[_COMPARISON_FORMATS[str(key)]]
        )
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
    labels = pick_table(RULE_KINDS, lang)
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
