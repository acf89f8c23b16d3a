"""Siting public firefighting points: coverage models on sparse arrays, solved with HiGHS.

The array core of the point planner (the ward adapter is :mod:`pipelines.planning.problem`). Demand
points (households, premises) carry weights; candidate sites cover the demand within a
service radius along the network (``thresholds.public_point_radius_m``, 100 m by default);
existing facilities are fixed and their coverage is given. Every distance is in metres and
was computed before this module (it never sees coordinates or a CRS).

Models
------
* **Maximal covering** (:func:`solve_maximal_covering`): with at most ``p`` new points,
  maximise the covered weighted demand. Binary ``x_j`` per candidate, continuous
  ``0 <= y_i <= 1`` per demand row, ``y_i <= sum(x_j, j covers i)``, ``sum(x) <= p``.
* **Set covering** (:func:`solve_set_cover`): the fewest new points that cover every demand
  point any point can reach, or a share of the coverable weighted demand.
* **Rules** (:class:`Requirements`, :func:`rule_check`): minimum counts of points among given
  sets of sites (a point in every deep truck-impassable alley, ``n`` points per tổ dân phố);
  checked on any selection and optionally enforced as constraints of either model.

Both models are solved as mixed-integer programs by HiGHS (:mod:`highspy`), passed directly
as CSR arrays, with ``mip_rel_gap = 0`` by default so that an ``"optimal"`` status means a
proven optimum. Demand points with exactly the same covering candidates are merged (their
weights summed) before the model is built, and demand already covered by fixed facilities or
out of every candidate's reach is left out; this changes the size of the model, never its
optimum. :func:`greedy_maximal_covering` and :func:`greedy_set_cover` give an instant answer
to compare with (:func:`greedy_gap`).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
import scipy.sparse as sp

from pipelines.text.labels import SOLVE_STATUS, pick

Model = Literal["maximal", "cover"]
Method = Literal["highs", "greedy"]


_RANDOM_SEED = 20240531  # fixed: merging demand rows must give the same model every run


@dataclass(frozen=True, eq=False)
class CoverageMatrix:
    """Which candidate sites cover which demand points, with demand weights.

    Build it with :meth:`from_cost_matrix` (or the ward adapter
    :func:`pipelines.planning.problem.planning_problem`). Arrays are read-only by convention.

    Attributes
    ----------
    covers
        Sparse boolean matrix, demand × candidate: ``True`` where the candidate is within
        ``radius_m`` of the demand point (CSR, sorted indices).
    distance_m
        Network distances in metres on the same pattern as ``covers`` (CSR).
    weight
        Demand weight per demand point (float, ``>= 0``).
    fixed_covered
        Per demand point: already within ``radius_m`` of a fixed (existing) facility.
    radius_m
        Service radius in metres.
    """

    covers: sp.csr_matrix
    distance_m: sp.csr_matrix
    weight: np.ndarray
    fixed_covered: np.ndarray
    radius_m: float

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_cost_matrix(
        cls,
        cost_m: np.ndarray | sp.spmatrix | sp.sparray,
        *,
        weights: np.ndarray,
        radius_m: float,
        fixed_cost_m: np.ndarray | sp.spmatrix | sp.sparray | None = None,
        fixed_covered: np.ndarray | None = None,
    ) -> CoverageMatrix:
        """Build the coverage from a demand × candidate cost matrix (metres).

        Parameters
        ----------
        cost_m
            Demand × candidate distances in metres. Dense: every entry is a distance
            (``inf`` or ``nan`` for none). Sparse: stored entries are distances (a stored
            ``0`` is the same place), missing entries mean out of reach.
        weights
            Demand weight per row (``>= 0``).
        radius_m
            Service radius: a candidate covers a demand point at most this far, in metres.
        fixed_cost_m
            Demand × existing-facility distances (same conventions as ``cost_m``); a demand
            point within ``radius_m`` of any of them is already covered.
        fixed_covered
            Alternatively, the boolean per demand point directly (combined with
            ``fixed_cost_m`` by *or* when both are given).

        Raises
        ------
        ValueError
            Shapes disagree, a weight is negative or not finite, or ``radius_m`` is not
            positive.
        """
        if not radius_m > 0:
            raise ValueError(f"'radius_m' should be positive, got {radius_m} instead")
        distance = _within(cost_m, radius_m)
        n_demand = distance.shape[0]
        weight = np.asarray(weights, dtype=float).reshape(-1)
        if weight.shape != (n_demand,):
            raise ValueError(
                f"'weights' should have one value per demand row ({n_demand}), "
                f"got {weight.shape[0]} instead"
            )
        if not np.isfinite(weight).all() or (weight < 0).any():
            raise ValueError("'weights' should be finite and non-negative, got other values")
        fixed = np.zeros(n_demand, dtype=bool)
        if fixed_cost_m is not None:
            f = _within(fixed_cost_m, radius_m)
            if f.shape[0] != n_demand:
                raise ValueError(
                    f"'fixed_cost_m' should have {n_demand} rows like 'cost_m', "
                    f"got {f.shape[0]} instead"
                )
            fixed |= np.diff(f.indptr) > 0
        if fixed_covered is not None:
            given = np.asarray(fixed_covered, dtype=bool).reshape(-1)
            if given.shape != (n_demand,):
                raise ValueError(
                    f"'fixed_covered' should have {n_demand} values, got {given.shape[0]} instead"
                )
            fixed |= given
        return cls(_pattern(distance), distance, weight, fixed, float(radius_m))

    # ------------------------------------------------------------------ shape and queries

    @property
    def n_demand(self) -> int:
        return self.covers.shape[0]

    @property
    def n_candidates(self) -> int:
        return self.covers.shape[1]

    @cached_property
    def by_candidate(self) -> sp.csr_matrix:
        """Candidate × demand boolean CSR: the demand each candidate covers (sorted)."""
        out = self.covers.T.tocsr()
        out.sort_indices()
        return out

    @cached_property
    def coverable(self) -> np.ndarray:
        """Per demand point: covered by a fixed facility or by at least one candidate."""
        return self.fixed_covered | (np.diff(self.covers.indptr) > 0)

    @property
    def total_weight(self) -> float:
        return float(self.weight.sum())

    @property
    def fixed_weight(self) -> float:
        """Weighted demand already covered by fixed facilities."""
        return float(self.weight[self.fixed_covered].sum())

    @property
    def coverable_weight(self) -> float:
        return float(self.weight[self.coverable].sum())

    def covered_by(self, chosen: np.ndarray | list[int]) -> np.ndarray:
        """Per demand point: covered by a fixed facility or one of the ``chosen`` candidates."""
        chosen = _as_index(chosen, self.n_candidates)
        out = self.fixed_covered.copy()
        if len(chosen):
            rows = self.by_candidate[chosen]
            out[rows.indices] = True
        return out

    def covered_weight(self, chosen: np.ndarray | list[int]) -> float:
        """Weighted demand covered by the fixed facilities and the ``chosen`` candidates."""
        return float(self.weight[self.covered_by(chosen)].sum())

    def subset(self, candidates: np.ndarray) -> CoverageMatrix:
        """Return the coverage restricted to some candidates (same demand, new numbering)."""
        candidates = _as_index(candidates, self.n_candidates)
        distance = self.distance_m[:, candidates].tocsr()
        distance.sort_indices()
        return CoverageMatrix(
            _pattern(distance), distance, self.weight, self.fixed_covered, self.radius_m
        )

    @cached_property
    def _reduced(self) -> _Reduced:
        return _reduce(self)


@dataclass(frozen=True, eq=False)
class Requirements:
    """Rules of the form "at least ``minimum[r]`` points among the sites of rule ``r``".

    Attributes
    ----------
    sites
        Sparse boolean matrix, rule × candidate: the candidates that count for each rule
        (CSR).
    minimum
        Points required per rule (int, ``>= 0``).
    fixed_count
        Existing (fixed) facilities already counting for each rule (int).
    """

    sites: sp.csr_matrix
    minimum: np.ndarray
    fixed_count: np.ndarray

    @classmethod
    def from_lists(
        cls,
        site_lists: list[list[int]] | list[np.ndarray],
        *,
        n_candidates: int,
        minimum: np.ndarray | list[int] | int = 1,
        fixed_count: np.ndarray | list[int] | None = None,
    ) -> Requirements:
        """Build the rules from one list of candidate indices per rule."""
        n = len(site_lists)
        lengths = np.fromiter((len(s) for s in site_lists), dtype=np.int64, count=n)
        indices = (
            np.concatenate([np.asarray(s, dtype=np.int64) for s in site_lists])
            if n and lengths.sum()
            else np.zeros(0, dtype=np.int64)
        )
        if len(indices) and (indices.min() < 0 or indices.max() >= n_candidates):
            raise ValueError(
                f"site indices should be within 0..{n_candidates - 1}, "
                f"got {indices.min()}..{indices.max()} instead"
            )
        indptr = np.r_[0, np.cumsum(lengths)]
        sites = sp.csr_matrix(
            (np.ones(len(indices), dtype=bool), indices, indptr), shape=(n, n_candidates)
        )
        sites.sum_duplicates()
        sites.sort_indices()
        mins = np.broadcast_to(np.asarray(minimum, dtype=np.int64), (n,)).copy()
        fixed = (
            np.zeros(n, dtype=np.int64)
            if fixed_count is None
            else np.asarray(fixed_count, dtype=np.int64).reshape(-1)
        )
        if fixed.shape != (n,):
            raise ValueError(
                f"'fixed_count' should have one value per rule ({n}), got {fixed.shape[0]} instead"
            )
        if (mins < 0).any():
            raise ValueError("'minimum' should be non-negative, got a negative value")
        return cls(sites, mins, fixed)

    def __len__(self) -> int:
        return self.sites.shape[0]

    @property
    def n_candidates(self) -> int:
        return self.sites.shape[1]

    @property
    def needed(self) -> np.ndarray:
        """New points still needed per rule beyond the fixed facilities (``>= 0``)."""
        return np.maximum(self.minimum - self.fixed_count, 0)


@dataclass(frozen=True)
class RuleStatus:
    """How a selection of new points meets each rule of a :class:`Requirements`.

    Attributes
    ----------
    count
        Points counting for each rule: fixed facilities plus chosen candidates.
    minimum
        Points required per rule.
    satisfied
        ``count >= minimum`` per rule.
    """

    count: np.ndarray
    minimum: np.ndarray
    satisfied: np.ndarray

    @property
    def all_satisfied(self) -> bool:
        return bool(self.satisfied.all())


def rule_check(requirements: Requirements, chosen: np.ndarray | list[int]) -> RuleStatus:
    """Count, per rule, the fixed facilities and chosen candidates among its sites.

    Parameters
    ----------
    requirements
        The rules (for example one per deep alley and one per tổ dân phố).
    chosen
        Indices of the new points (candidates) of the proposal.
    """
    chosen = _as_index(chosen, requirements.n_candidates)
    picked = np.zeros(requirements.n_candidates)
    picked[chosen] = 1.0
    count = requirements.fixed_count + np.rint(requirements.sites @ picked).astype(np.int64)
    return RuleStatus(count, requirements.minimum, count >= requirements.minimum)


@dataclass(frozen=True)
class SitingResult:
    """The outcome of one siting model.

    Attributes
    ----------
    model
        ``"maximal"`` (maximal covering) or ``"cover"`` (set covering).
    method
        ``"highs"`` (exact MIP) or ``"greedy"``.
    status
        A code of :data:`SOLVE_STATUS`.
    chosen
        Sorted candidate indices of the new points (empty without a solution).
    objective
        The model's objective: covered weighted demand, fixed facilities included
        (maximal), or the number of new points (cover). ``nan`` without a solution.
    bound
        Best proven bound on the objective (upper for maximal, lower for cover); equal to
        ``objective`` when proven optimal, ``nan`` for greedy results.
    mip_gap
        Relative gap between objective and bound (0 when proven optimal, ``nan`` for greedy).
    covered_weight, total_weight, coverable_weight
        Weighted demand covered by fixed facilities and the new points; all demand; demand
        some facility or candidate can reach.
    p
        The number of new points allowed (maximal covering), ``None`` for set covering.
    share
        Target share of the coverable demand (set covering), ``None`` for maximal covering.
    solve_time_s
        Wall time of the solve in seconds (model building included).
    rules_enforced
        Whether :class:`Requirements` were constraints of the model.
    """

    model: Model
    method: Method
    status: str
    chosen: np.ndarray
    objective: float
    bound: float
    mip_gap: float
    covered_weight: float
    total_weight: float
    coverable_weight: float
    p: int | None
    share: float | None
    solve_time_s: float
    rules_enforced: bool = False

    @property
    def n_new(self) -> int:
        return len(self.chosen)

    @property
    def has_solution(self) -> bool:
        return self.status in ("optimal", "feasible", "heuristic")

    @property
    def covered_share(self) -> float:
        """Covered share of all weighted demand (0–1)."""
        return self.covered_weight / self.total_weight if self.total_weight > 0 else float("nan")

    def status_label(self, lang: str = "vi") -> str:
        return pick(SOLVE_STATUS[self.status], lang)


def greedy_gap(greedy: SitingResult, optimum: SitingResult) -> float:
    """Return how far a greedy result is from the optimum, as a share of the optimum (>= 0).

    Maximal covering: ``(optimum - greedy) / optimum`` of covered weighted demand. Set
    covering: ``(greedy - optimum) / optimum`` in number of new points (``0`` when both are
    zero). ``nan`` when either has no solution or the models differ.
    """
    if greedy.model != optimum.model or not (greedy.has_solution and optimum.has_solution):
        return float("nan")
    if greedy.model == "maximal":
        best = optimum.objective
        return (best - greedy.objective) / best if best > 0 else 0.0
    best = optimum.objective
    if best == 0:
        return 0.0 if greedy.objective == 0 else float("inf")
    return (greedy.objective - best) / best


# ---------------------------------------------------------------------- exact models (HiGHS)


def solve_maximal_covering(
    coverage: CoverageMatrix,
    p: int,
    *,
    requirements: Requirements | None = None,
    time_limit_s: float = 120.0,
    mip_rel_gap: float = 0.0,
    threads: int = 1,
) -> SitingResult:
    """Choose at most ``p`` new points maximising the covered weighted demand (HiGHS MIP).

    Parameters
    ----------
    coverage
        The coverage (demand × candidate within the radius, weights, fixed coverage).
    p
        Number of new points allowed (``>= 0``). Fewer are chosen only when more would not
        cover anything more.
    requirements
        Rules enforced as constraints (for example a point in every deep alley); the model
        is infeasible when they need more than ``p`` points.
    time_limit_s
        Wall-time limit of the solver in seconds; on reaching it the best solution found is
        returned with status ``"feasible"`` and its gap.
    mip_rel_gap
        Relative optimality gap at which the solver stops (0: proven optimum).
    threads
        Solver threads.

    Returns
    -------
    SitingResult
        ``objective`` is the covered weighted demand including the fixed facilities'.
    """
    p = _check_count(p, "p")
    start = time.perf_counter()
    red = coverage._reduced
    n_x, n_y = coverage.n_candidates, red.n_rows
    # rows: y_i - sum(x_j : j covers i) <= 0 ; sum(x) <= p ; rules
    link = sp.hstack([-red.pattern, sp.identity(n_y, format="csr")], format="csr")
    count = sp.csr_matrix(np.r_[np.ones(n_x), np.zeros(n_y)])
    blocks = [link, count]
    lower = [np.full(n_y, -np.inf), [-np.inf]]
    upper = [np.zeros(n_y), [float(p)]]
    if requirements is not None:
        rules, need = _rule_rows(requirements, n_x, n_y)
        blocks.append(rules)
        lower.append(need)
        upper.append(np.full(len(need), np.inf))
    solution = _run_highs(
        cost=np.r_[np.zeros(n_x), red.weight],
        offset=coverage.fixed_weight,
        sense_max=True,
        col_upper=np.ones(n_x + n_y),
        integer=np.r_[np.ones(n_x, dtype=bool), np.zeros(n_y, dtype=bool)],
        rows=sp.vstack(blocks, format="csr"),
        row_lower=np.concatenate(lower),
        row_upper=np.concatenate(upper),
        time_limit_s=time_limit_s,
        mip_rel_gap=mip_rel_gap,
        threads=threads,
    )
    chosen = _prune(coverage, _chosen(solution.x, n_x), requirements)
    covered = coverage.covered_weight(chosen) if solution.found else float("nan")
    return SitingResult(
        model="maximal",
        method="highs",
        status=solution.status,
        chosen=chosen,
        objective=covered,
        bound=solution.bound,
        mip_gap=solution.gap,
        covered_weight=covered,
        total_weight=coverage.total_weight,
        coverable_weight=coverage.coverable_weight,
        p=p,
        share=None,
        solve_time_s=time.perf_counter() - start,
        rules_enforced=requirements is not None,
    )


def solve_set_cover(
    coverage: CoverageMatrix,
    *,
    share: float = 1.0,
    requirements: Requirements | None = None,
    time_limit_s: float = 120.0,
    mip_rel_gap: float = 0.0,
    threads: int = 1,
) -> SitingResult:
    """Choose the fewest new points covering a share of the coverable demand (HiGHS MIP).

    Parameters
    ----------
    coverage
        The coverage (demand × candidate within the radius, weights, fixed coverage).
    share
        Share (0–1] of the *coverable* weighted demand — the demand a fixed facility or at
        least one candidate reaches — to cover, fixed facilities' coverage included. ``1``
        covers every coverable demand point; demand out of every candidate's reach cannot
        be covered by any choice and is reported through ``coverable_weight``.
    requirements
        Rules enforced as constraints (for example a point in every deep alley).
    time_limit_s, mip_rel_gap, threads
        As for :func:`solve_maximal_covering`.

    Returns
    -------
    SitingResult
        ``objective`` is the number of new points.
    """
    share = _check_share(share)
    start = time.perf_counter()
    red = coverage._reduced
    n_x = coverage.n_candidates
    target = _cover_target(coverage, share)
    if share >= 1.0:
        # every coverable row: sum(x_j : j covers i) >= 1
        n_y = 0
        blocks = [red.pattern]
        lower = [np.ones(red.n_rows)]
        upper = [np.full(red.n_rows, np.inf)]
    else:
        n_y = red.n_rows
        link = sp.hstack([-red.pattern, sp.identity(n_y, format="csr")], format="csr")
        total = sp.csr_matrix(np.r_[np.zeros(n_x), red.weight])
        blocks = [link, total]
        lower = [np.full(n_y, -np.inf), [target - coverage.fixed_weight]]
        upper = [np.zeros(n_y), [np.inf]]
    if requirements is not None:
        rules, need = _rule_rows(requirements, n_x, n_y)
        blocks.append(rules)
        lower.append(need)
        upper.append(np.full(len(need), np.inf))
    solution = _run_highs(
        cost=np.r_[np.ones(n_x), np.zeros(n_y)],
        offset=0.0,
        sense_max=False,
        col_upper=np.ones(n_x + n_y),
        integer=np.r_[np.ones(n_x, dtype=bool), np.zeros(n_y, dtype=bool)],
        rows=sp.vstack(blocks, format="csr"),
        row_lower=np.concatenate(lower),
        row_upper=np.concatenate(upper),
        time_limit_s=time_limit_s,
        mip_rel_gap=mip_rel_gap,
        threads=threads,
    )
    chosen = _chosen(solution.x, n_x)
    return SitingResult(
        model="cover",
        method="highs",
        status=solution.status,
        chosen=chosen,
        objective=float(len(chosen)) if solution.found else float("nan"),
        bound=solution.bound,
        mip_gap=solution.gap,
        covered_weight=coverage.covered_weight(chosen) if solution.found else float("nan"),
        total_weight=coverage.total_weight,
        coverable_weight=coverage.coverable_weight,
        p=None,
        share=share,
        solve_time_s=time.perf_counter() - start,
        rules_enforced=requirements is not None,
    )


# ---------------------------------------------------------------------- greedy


def greedy_maximal_covering(
    coverage: CoverageMatrix, p: int, *, requirements: Requirements | None = None
) -> SitingResult:
    """Pick up to ``p`` new points one at a time, each covering the most uncovered demand.

    With ``requirements`` the rules are met first (each step takes the candidate counting
    for the most unmet rules, ties broken by covered demand); the result is
    ``"infeasible"`` when that needs more than ``p`` points. Runs in milliseconds on a ward.
    """
    p = _check_count(p, "p")
    start = time.perf_counter()
    state = _Greedy(coverage)
    feasible = state.meet(requirements, limit=p)
    while feasible and len(state.chosen) < p and state.take_best():
        pass
    chosen = np.sort(np.asarray(state.chosen, dtype=np.int64))
    covered = coverage.covered_weight(chosen)
    return SitingResult(
        model="maximal",
        method="greedy",
        status="heuristic" if feasible else "infeasible",
        chosen=chosen if feasible else np.zeros(0, dtype=np.int64),
        objective=covered if feasible else float("nan"),
        bound=float("nan"),
        mip_gap=float("nan"),
        covered_weight=covered if feasible else float("nan"),
        total_weight=coverage.total_weight,
        coverable_weight=coverage.coverable_weight,
        p=p,
        share=None,
        solve_time_s=time.perf_counter() - start,
        rules_enforced=requirements is not None,
    )


def greedy_set_cover(
    coverage: CoverageMatrix,
    *,
    share: float = 1.0,
    requirements: Requirements | None = None,
) -> SitingResult:
    """Add the point covering the most uncovered demand until ``share`` is reached.

    ``share`` has the meaning of :func:`solve_set_cover`; rules are met first as in
    :func:`greedy_maximal_covering` (``"infeasible"`` when a rule has too few candidates).
    """
    share = _check_share(share)
    start = time.perf_counter()
    state = _Greedy(coverage)
    feasible = state.meet(requirements, limit=coverage.n_candidates)
    target = _cover_target(coverage, share)
    while feasible and state.covered_weight < target - 1e-9 * max(1.0, target):
        if not state.take_best():
            break
    chosen = np.sort(np.asarray(state.chosen, dtype=np.int64)) if feasible else np.zeros(0, int)
    return SitingResult(
        model="cover",
        method="greedy",
        status="heuristic" if feasible else "infeasible",
        chosen=chosen,
        objective=float(len(chosen)) if feasible else float("nan"),
        bound=float("nan"),
        mip_gap=float("nan"),
        covered_weight=coverage.covered_weight(chosen) if feasible else float("nan"),
        total_weight=coverage.total_weight,
        coverable_weight=coverage.coverable_weight,
        p=None,
        share=share,
        solve_time_s=time.perf_counter() - start,
        rules_enforced=requirements is not None,
    )


class _Greedy:
    """Incremental greedy state over the merged demand rows."""

    def __init__(self, coverage: CoverageMatrix):
        red = coverage._reduced
        self.pattern = red.pattern  # merged demand × candidate
        self.by_candidate = red.by_candidate
        self.weight = red.weight
        self.covered = np.zeros(red.n_rows, dtype=bool)
        self.gain = np.asarray(self.by_candidate @ self.weight, dtype=float).reshape(-1)
        self.chosen: list[int] = []
        self.covered_weight = coverage.fixed_weight
        self.taken = np.zeros(coverage.n_candidates, dtype=bool)

    def take(self, j: int) -> None:
        self.chosen.append(int(j))
        self.taken[j] = True
        rows = self.by_candidate.indices[
            self.by_candidate.indptr[j] : self.by_candidate.indptr[j + 1]
        ]
        new = rows[~self.covered[rows]]
        if len(new):
            self.covered[new] = True
            self.covered_weight += float(self.weight[new].sum())
            self.gain -= np.asarray(self.pattern[new].T @ self.weight[new]).reshape(-1)
        self.gain[j] = -np.inf

    def take_best(self) -> bool:
        if not len(self.gain):
            return False
        j = int(np.argmax(self.gain))
        if not self.gain[j] > 0:
            return False
        self.take(j)
        return True

    def meet(self, requirements: Requirements | None, *, limit: int) -> bool:
        """Meet every rule first; return False when more than ``limit`` points are needed."""
        if requirements is None:
            return True
        need = requirements.needed.astype(np.int64)
        rules_of = requirements.sites.T.tocsr()  # candidate × rule
        counts = rules_of.astype(float)
        while (need > 0).any():
            helps = np.asarray(counts @ (need > 0)).reshape(-1)
            helps[self.taken] = 0
            best = helps.max(initial=0)
            if best <= 0:
                return False  # an unmet rule has no candidate left
            tie = np.where(helps == best, np.maximum(self.gain, 0), -1.0)
            j = int(np.argmax(tie))
            self.take(j)
            need[rules_of.indices[rules_of.indptr[j] : rules_of.indptr[j + 1]]] -= 1
            if len(self.chosen) > limit:
                return False
        return True


# ---------------------------------------------------------------------- internals


@dataclass(frozen=True, eq=False)
class _Reduced:
    """Demand rows left for the models: not fixed-covered, coverable, identical ones merged."""

    pattern: sp.csr_matrix  # merged row × candidate, float 1.0 entries
    weight: np.ndarray  # summed weight per merged row
    members: np.ndarray  # merged row of each demand point (-1: not in the model)

    @property
    def n_rows(self) -> int:
        return self.pattern.shape[0]

    @cached_property
    def by_candidate(self) -> sp.csr_matrix:
        out = self.pattern.T.tocsr()
        out.sort_indices()
        return out


def _reduce(coverage: CoverageMatrix) -> _Reduced:
    covers = coverage.covers
    keep = np.flatnonzero(~coverage.fixed_covered & (np.diff(covers.indptr) > 0))
    members = np.full(coverage.n_demand, -1, dtype=np.int64)
    n_cand = coverage.n_candidates
    if not len(keep):
        return _Reduced(sp.csr_matrix((0, n_cand)), np.zeros(0), members)
    rows = covers[keep].astype(float)
    rows.sort_indices()
    rng = np.random.default_rng(_RANDOM_SEED)
    # two random projections identify a row's candidate set (sums in index order, so equal
    # sets give bit-equal sums); the row length guards further
    keys = np.column_stack(
        [
            rows @ rng.random(n_cand),
            rows @ rng.random(n_cand),
            np.diff(rows.indptr).astype(float),
        ]
    )
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    order = np.argsort(first, kind="stable")  # keep merged rows in first-appearance order
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    group = rank[inverse]
    pattern = rows[first[order]]
    weight = np.bincount(group, weights=coverage.weight[keep], minlength=len(first))
    members[keep] = group
    return _Reduced(pattern.tocsr(), weight, members)


def _within(cost_m, radius_m: float) -> sp.csr_matrix:
    """Return the stored distances within the radius as CSR (sorted indices)."""
    if sp.issparse(cost_m):
        m = sp.csr_matrix(cost_m, dtype=float, copy=True)
        m.sum_duplicates()
        row = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
        keep = m.data <= radius_m
        out = sp.csr_matrix(
            (m.data[keep], (row[keep], m.indices[keep])), shape=m.shape, dtype=float
        )
    else:
        dense = np.asarray(cost_m, dtype=float)
        if dense.ndim != 2:
            raise ValueError(f"'cost_m' should be a 2-D matrix, got {dense.ndim} dimensions")
        r, c = np.nonzero(dense <= radius_m)
        out = sp.csr_matrix((dense[r, c], (r, c)), shape=dense.shape)
    out.sort_indices()
    return out


def _pattern(distance: sp.csr_matrix) -> sp.csr_matrix:
    return sp.csr_matrix(
        (np.ones(distance.nnz, dtype=bool), distance.indices.copy(), distance.indptr.copy()),
        shape=distance.shape,
    )


def _as_index(chosen, n: int) -> np.ndarray:
    idx = np.unique(np.asarray(chosen, dtype=np.int64).reshape(-1))
    if len(idx) and (idx[0] < 0 or idx[-1] >= n):
        raise ValueError(
            f"candidate indices should be within 0..{n - 1}, got {idx[0]}..{idx[-1]} instead"
        )
    return idx


def _check_count(p: int, name: str) -> int:
    if isinstance(p, bool) or not isinstance(p, int | np.integer):
        raise TypeError(f"'{name}' should be a whole number, got {type(p).__name__} instead")
    if p < 0:
        raise ValueError(f"'{name}' should be 0 or more, got {p} instead")
    return int(p)


def _check_share(share: float) -> float:
    if not 0 < share <= 1:
        raise ValueError(f"'share' should be within (0, 1], got {share} instead")
    return float(share)


def _cover_target(coverage: CoverageMatrix, share: float) -> float:
    return share * coverage.coverable_weight


def _rule_rows(requirements: Requirements, n_x: int, n_y: int) -> tuple[sp.csr_matrix, np.ndarray]:
    if requirements.n_candidates != n_x:
        raise ValueError(
            f"'requirements' should refer to {n_x} candidates, "
            f"got {requirements.n_candidates} instead"
        )
    need = requirements.needed
    active = np.flatnonzero(need > 0)
    rows = requirements.sites[active].astype(float)
    if n_y:
        rows = sp.hstack([rows, sp.csr_matrix((len(active), n_y))], format="csr")
    return rows.tocsr(), need[active].astype(float)


@dataclass(frozen=True)
class _Solution:
    status: str
    x: np.ndarray
    bound: float
    gap: float

    @property
    def found(self) -> bool:
        return self.status in ("optimal", "feasible")


def _run_highs(
    *,
    cost: np.ndarray,
    offset: float,
    sense_max: bool,
    col_upper: np.ndarray,
    integer: np.ndarray,
    rows: sp.csr_matrix,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    time_limit_s: float,
    mip_rel_gap: float,
    threads: int,
) -> _Solution:
    import highspy

    n_col = len(cost)
    rows = rows.tocsr()
    rows.sort_indices()
    h = _new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit_s))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    h.setOptionValue("threads", int(threads))
    h.setOptionValue("random_seed", 0)
    h.passModel(
        n_col,
        rows.shape[0],
        rows.nnz,
        int(highspy.MatrixFormat.kRowwise),
        int(highspy.ObjSense.kMaximize if sense_max else highspy.ObjSense.kMinimize),
        float(offset),
        np.asarray(cost, dtype=np.float64),
        np.zeros(n_col),
        np.asarray(col_upper, dtype=np.float64),
        np.asarray(row_lower, dtype=np.float64),
        np.asarray(row_upper, dtype=np.float64),
        rows.indptr.astype(np.int32),
        rows.indices.astype(np.int32),
        rows.data.astype(np.float64),
        np.where(integer, 1, 0).astype(np.int32),
    )
    h.run()
    model_status = h.getModelStatus()
    info = h.getInfo()
    has_primal = info.primal_solution_status == 2  # kSolutionStatusFeasible
    codes = {
        highspy.HighsModelStatus.kOptimal: "optimal",
        highspy.HighsModelStatus.kInfeasible: "infeasible",
        highspy.HighsModelStatus.kUnboundedOrInfeasible: "infeasible",
    }
    status = codes.get(model_status, "feasible" if has_primal else "no_solution")
    if status == "optimal" and not has_primal:
        status = "no_solution"
    x = np.asarray(h.getSolution().col_value, dtype=float) if has_primal else np.zeros(0)
    bound = float(info.mip_dual_bound) if has_primal else float("nan")
    gap = float(info.mip_gap) if has_primal else float("nan")
    if status == "optimal":
        gap = max(0.0, gap) if np.isfinite(gap) else 0.0
    return _Solution(status, x, bound, gap)


_HIGHS_LOCK = threading.Lock()
_highs_banner_shown = False


def _new_highs():
    """Return a ``highspy.Highs``, keeping its one-time banner off the process's stdout.

    HiGHS prints its version banner from C++ when the first instance of a process is made,
    before any option can be set; standard output is pointed at the null device for that
    one construction (the CLI's output is data, the dashboard's log stays clean).
    """
    import highspy

    global _highs_banner_shown
    with _HIGHS_LOCK:
        if _highs_banner_shown:
            return highspy.Highs()
        sys.stdout.flush()
        saved = os.dup(1)
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
            h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(null)
        _highs_banner_shown = True
        return h


def _prune(
    coverage: CoverageMatrix, chosen: np.ndarray, requirements: Requirements | None
) -> np.ndarray:
    """Drop chosen points that cover no weighted demand alone and no rule needs.

    A maximal-covering optimum may hold such points (they cost nothing in the model when
    ``p`` is larger than needed); dropping them keeps the objective and the rules.
    """
    if not len(chosen):
        return chosen
    red = coverage._reduced
    rows_of = red.by_candidate
    count = np.zeros(red.n_rows, dtype=np.int64)
    for j in chosen:
        count[rows_of.indices[rows_of.indptr[j] : rows_of.indptr[j + 1]]] += 1
    if requirements is not None:
        rules_of = requirements.sites.T.tocsr()
        spare = rule_check(requirements, chosen).count - requirements.minimum
    keep = np.ones(len(chosen), dtype=bool)
    order = np.argsort(np.asarray(rows_of[chosen] @ red.weight).reshape(-1), kind="stable")
    for k in order:
        j = chosen[k]
        rows = rows_of.indices[rows_of.indptr[j] : rows_of.indptr[j + 1]]
        if (red.weight[rows][count[rows] == 1] > 0).any():
            continue
        if requirements is not None:
            rules = rules_of.indices[rules_of.indptr[j] : rules_of.indptr[j + 1]]
            if (spare[rules] < 1).any():
                continue
            spare[rules] -= 1
        count[rows] -= 1
        keep[k] = False
    return chosen[keep]


def _chosen(x: np.ndarray, n_x: int) -> np.ndarray:
    if not len(x):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(x[:n_x] > 0.5).astype(np.int64)
