"""The siting core: tiny matrices with known answers, and spopt's optimum on the same instances."""

from __future__ import annotations

import numpy as np
import pulp
import pytest
import scipy.sparse as sp
from spopt.locate import LSCP, MCLP

from pipelines.planning.siting import (
    CoverageMatrix,
    Requirements,
    greedy_gap,
    greedy_maximal_covering,
    greedy_set_cover,
    rule_check,
    solve_maximal_covering,
    solve_set_cover,
)

# spopt 0.7 builds its models with the PuLP 3 API, which PuLP warns about
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:pulp")

INF = np.inf

# 3 demand points × 2 candidates (metres): candidate 0 reaches d0 and d1, candidate 1 reaches d2.
COST_3X2 = np.array([[40.0, 300.0], [90.0, 150.0], [400.0, 0.0]])


def _spopt_solver() -> pulp.LpSolver:
    return pulp.HiGHS(msg=False)


def test_three_by_two_maximal_and_cover_have_the_known_answers():
    cov = CoverageMatrix.from_cost_matrix(COST_3X2, weights=[1.0, 1.0, 5.0], radius_m=100.0)
    assert cov.covers.toarray().tolist() == [[True, False], [True, False], [False, True]]
    one = solve_maximal_covering(cov, 1)
    assert one.status == "optimal"
    assert one.chosen.tolist() == [1]  # weight 5 beats 1 + 1
    assert one.objective == 5.0
    assert one.bound == pytest.approx(5.0)
    assert one.mip_gap == 0.0
    both = solve_maximal_covering(cov, 2)
    assert both.chosen.tolist() == [0, 1]
    assert both.covered_share == 1.0
    cover = solve_set_cover(cov)
    assert cover.objective == 2.0
    assert cover.chosen.tolist() == [0, 1]


def test_points_beyond_need_are_not_proposed():
    # a third candidate covers only what the first already covers
    cost = np.column_stack([COST_3X2, [30.0, INF, INF]])
    cov = CoverageMatrix.from_cost_matrix(cost, weights=[1.0, 1.0, 5.0], radius_m=100.0)
    result = solve_maximal_covering(cov, 5)
    assert result.chosen.tolist() == [0, 1]
    assert greedy_maximal_covering(cov, 5).chosen.tolist() == [0, 1]
    # a rule that only the third candidate meets keeps it
    rules = Requirements.from_lists([[2]], n_candidates=3)
    assert solve_maximal_covering(cov, 5, requirements=rules).chosen.tolist() == [0, 1, 2]


def test_a_stored_zero_distance_in_a_sparse_matrix_covers():
    cost = sp.csr_matrix(([0.0, 120.0], ([0, 1], [0, 0])), shape=(2, 1))
    assert cost.nnz == 2
    cov = CoverageMatrix.from_cost_matrix(cost, weights=[1.0, 1.0], radius_m=100.0)
    assert cov.covers.toarray()[:, 0].tolist() == [True, False]


def test_demand_covered_by_fixed_points_needs_no_new_point():
    cov = CoverageMatrix.from_cost_matrix(
        COST_3X2,
        weights=[1.0, 1.0, 5.0],
        radius_m=100.0,
        fixed_cost_m=np.array([[INF], [INF], [10.0]]),
    )
    assert cov.fixed_covered.tolist() == [False, False, True]
    result = solve_maximal_covering(cov, 1)
    assert result.chosen.tolist() == [0]  # the heavy point is already covered by the fixed one
    assert result.covered_weight == 7.0
    assert solve_set_cover(cov).chosen.tolist() == [0]


def test_cover_leaves_out_demand_no_candidate_reaches():
    cost = np.array([[10.0, INF], [INF, 20.0], [INF, INF]])
    cov = CoverageMatrix.from_cost_matrix(cost, weights=[1.0, 1.0, 3.0], radius_m=100.0)
    assert cov.coverable.tolist() == [True, True, False]
    result = solve_set_cover(cov)
    assert result.status == "optimal"
    assert result.objective == 2.0
    assert result.coverable_weight == 2.0
    assert result.covered_share == pytest.approx(2 / 5)


def test_share_below_one_needs_fewer_points():
    # four separate clusters of weight 4, 3, 2, 1: 70 % of 10 needs the two heaviest
    cost = np.full((4, 4), INF)
    np.fill_diagonal(cost, 5.0)
    cov = CoverageMatrix.from_cost_matrix(cost, weights=[4.0, 3.0, 2.0, 1.0], radius_m=50.0)
    result = solve_set_cover(cov, share=0.7)
    assert result.objective == 2.0
    assert result.chosen.tolist() == [0, 1]
    assert greedy_set_cover(cov, share=0.7).chosen.tolist() == [0, 1]


def test_requirements_are_checked_and_enforced():
    cov = CoverageMatrix.from_cost_matrix(COST_3X2, weights=[1.0, 1.0, 5.0], radius_m=100.0)
    # rule 0: a point among candidate {0}; rule 1: a point among {0, 1}, one fixed already there
    rules = Requirements.from_lists([[0], [0, 1]], n_candidates=2, fixed_count=[0, 1])
    status = rule_check(rules, [1])
    assert status.count.tolist() == [0, 2]
    assert status.satisfied.tolist() == [False, True]
    assert not status.all_satisfied
    enforced = solve_maximal_covering(cov, 1, requirements=rules)
    assert enforced.chosen.tolist() == [0]
    assert rule_check(rules, enforced.chosen).all_satisfied
    assert greedy_maximal_covering(cov, 1, requirements=rules).chosen.tolist() == [0]


def test_requirements_needing_more_points_than_allowed_are_infeasible():
    cov = CoverageMatrix.from_cost_matrix(COST_3X2, weights=[1.0, 1.0, 5.0], radius_m=100.0)
    rules = Requirements.from_lists([[0], [1]], n_candidates=2)
    assert solve_maximal_covering(cov, 1, requirements=rules).status == "infeasible"
    assert greedy_maximal_covering(cov, 1, requirements=rules).status == "infeasible"
    assert solve_set_cover(cov, requirements=rules).objective == 2.0
    # a rule no candidate counts for cannot be met by either method
    impossible = Requirements.from_lists([[]], n_candidates=2)
    assert solve_set_cover(cov, requirements=impossible).status == "infeasible"
    assert greedy_set_cover(cov, requirements=impossible).status == "infeasible"


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda c: solve_maximal_covering(c, -1), "'p' should be 0 or more"),
        (lambda c: solve_maximal_covering(c, 1.5), "'p' should be a whole number"),
        (lambda c: solve_set_cover(c, share=0.0), r"'share' should be within \(0, 1\]"),
        (lambda c: c.covered_by([5]), "candidate indices should be within 0..1"),
    ],
)
def test_bad_arguments_are_refused_with_the_value(call, match):
    cov = CoverageMatrix.from_cost_matrix(COST_3X2, weights=[1.0, 1.0, 5.0], radius_m=100.0)
    with pytest.raises((ValueError, TypeError), match=match):
        call(cov)


def test_bad_weights_and_radius_are_refused():
    with pytest.raises(ValueError, match="one value per demand row"):
        CoverageMatrix.from_cost_matrix(COST_3X2, weights=[1.0], radius_m=100.0)
    with pytest.raises(ValueError, match="non-negative"):
        CoverageMatrix.from_cost_matrix(COST_3X2, weights=[1.0, -1.0, 1.0], radius_m=100.0)
    with pytest.raises(ValueError, match="'radius_m' should be positive"):
        CoverageMatrix.from_cost_matrix(COST_3X2, weights=[1.0, 1.0, 1.0], radius_m=0.0)


def _instance(seed: int, n_demand: int = 250, n_candidates: int = 50, n_fixed: int = 0):
    """Random points in a 1 km square with a grid of street-like distances (Manhattan)."""
    rng = np.random.default_rng(seed)
    demand = rng.random((n_demand, 2)) * 1000
    sites = rng.random((n_candidates + n_fixed, 2)) * 1000
    cost = np.abs(demand[:, None, :] - sites[None, :, :]).sum(axis=2)
    weights = rng.choice([1.0, 1.5, 2.0, 3.0, 8.0], size=n_demand)
    return cost[:, :n_candidates], cost[:, n_candidates:], weights


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("n_fixed", [0, 3])
def test_maximal_covering_objective_equals_spopt(seed, n_fixed):
    cost, fixed, weights = _instance(seed, n_fixed=n_fixed)
    radius, p = 180.0, 6
    cov = CoverageMatrix.from_cost_matrix(
        cost, weights=weights, radius_m=radius, fixed_cost_m=fixed if n_fixed else None
    )
    ours = solve_maximal_covering(cov, p)
    # spopt keeps existing facilities as predefined candidates counted in p
    full = np.hstack([cost, fixed]) if n_fixed else cost
    predefined = np.r_[np.zeros(cost.shape[1], bool), np.ones(n_fixed, bool)]
    theirs = MCLP.from_cost_matrix(
        full, weights, radius, p + n_fixed, predefined_facilities_arr=predefined
    ).solve(_spopt_solver())
    assert ours.status == "optimal"
    assert ours.objective == pytest.approx(pulp.value(theirs.problem.objective), abs=1e-6)
    assert len(ours.chosen) <= p
    greedy = greedy_maximal_covering(cov, p)
    assert greedy.objective <= ours.objective + 1e-9
    assert greedy_gap(greedy, ours) >= 0.0


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("n_fixed", [0, 4])
def test_set_cover_objective_equals_spopt(seed, n_fixed):
    cost, fixed, weights = _instance(seed, n_demand=150, n_candidates=80, n_fixed=n_fixed)
    # spopt's LSCP needs every demand point coverable: pick the smallest radius that is
    radius = float(np.ceil(np.max(np.min(np.hstack([cost, fixed]), axis=1))))
    cov = CoverageMatrix.from_cost_matrix(
        cost, weights=weights, radius_m=radius, fixed_cost_m=fixed if n_fixed else None
    )
    ours = solve_set_cover(cov)
    full = np.hstack([cost, fixed]) if n_fixed else cost
    predefined = np.r_[np.zeros(cost.shape[1], bool), np.ones(n_fixed, bool)]
    theirs = LSCP.from_cost_matrix(full, radius, predefined_facilities_arr=predefined).solve(
        _spopt_solver()
    )
    assert ours.status == "optimal"
    # spopt counts the predefined facilities in its objective
    assert ours.objective + n_fixed == pytest.approx(pulp.value(theirs.problem.objective))
    assert ours.covered_weight == pytest.approx(cov.coverable_weight)
    greedy = greedy_set_cover(cov)
    assert greedy.objective >= ours.objective
    assert greedy.covered_weight == pytest.approx(cov.coverable_weight)


@pytest.mark.parametrize("seed", range(20))
def test_greedy_never_beats_the_optimum(seed):
    cost, _, weights = _instance(100 + seed, n_demand=120, n_candidates=30)
    cov = CoverageMatrix.from_cost_matrix(cost, weights=weights, radius_m=150.0)
    for p in (1, 3, 7):
        best = solve_maximal_covering(cov, p)
        quick = greedy_maximal_covering(cov, p)
        assert quick.objective <= best.objective + 1e-9
        assert best.objective <= best.bound + 1e-6
    assert greedy_set_cover(cov).objective >= solve_set_cover(cov).objective


def test_merging_identical_demand_rows_keeps_the_optimum():
    cost, _, weights = _instance(7, n_demand=60, n_candidates=20)
    doubled = np.vstack([cost, cost, cost])
    cov = CoverageMatrix.from_cost_matrix(doubled, weights=np.tile(weights, 3), radius_m=200.0)
    single = CoverageMatrix.from_cost_matrix(cost, weights=weights, radius_m=200.0)
    assert cov._reduced.n_rows == single._reduced.n_rows
    assert solve_maximal_covering(cov, 4).objective == pytest.approx(
        3 * solve_maximal_covering(single, 4).objective
    )


def test_a_time_limited_solve_reports_status_and_bound():
    cost, _, weights = _instance(3, n_demand=400, n_candidates=120)
    cov = CoverageMatrix.from_cost_matrix(cost, weights=weights, radius_m=150.0)
    result = solve_maximal_covering(cov, 10, time_limit_s=30.0)
    assert result.status in ("optimal", "feasible")
    assert result.bound >= result.objective - 1e-6
    assert result.status_label("en")
