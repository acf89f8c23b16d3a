"""The planner page's views: start, click, remove, figures and formatted tables."""

from __future__ import annotations

import numpy as np
import pytest

from pipelines.model.store import open_ward
from pipelines.network.analysis import analyze_ward
from pipelines.planning import Scenario, WhatIf, planning_problem, propose
from pipelines.planning.views import (
    click_point,
    comparison_view,
    proposal_view,
    remove_points,
    solve_summary,
    starting_scenario,
)
from tests.conftest import SAMPLE_WARD

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:pulp")


@pytest.fixture(scope="module")
def problem():
    ward = open_ward(SAMPLE_WARD)
    return planning_problem(ward, analyze_ward(ward))


@pytest.fixture(scope="module")
def solved(problem):
    quick = propose(problem, model="maximal", p=5, method="greedy")
    best = propose(problem, model="maximal", p=5, method="highs")
    return quick, best


def test_a_solve_starts_from_the_optimum(problem, solved):
    quick, best = solved
    start = starting_scenario(problem, quick, best, name="Đang sửa")
    assert start.name == "Đang sửa" and len(start.chosen) == 5
    ids = problem.candidates["id"].to_numpy()[best.chosen]
    assert set(start.chosen) == set(ids)
    summary = solve_summary(problem, quick, best, enforce_rules=False, lang="vi")
    assert summary.has_optimum and summary.greedy_gap >= 0
    assert summary.optimal_objective >= summary.greedy_objective
    assert summary.status == best.status_label("vi")
    assert summary.rules_left_out == 0


def test_a_click_adds_or_moves_a_point_and_removal_takes_it_away(problem):
    site = problem.candidates.geometry.iloc[321]
    empty = Scenario("Đang sửa")
    added = click_point(problem, empty, site.x, site.y)
    assert added.placed and added.households_gained >= 0
    assert added.scenario.name == "Đang sửa" and len(added.scenario.added) == 1
    assert added.max_snap_m == problem.max_snap_m
    far = click_point(problem, added.scenario, site.x + 0.02, site.y, move=added.key)
    assert not far.placed and far.snap_distance_m > far.max_snap_m
    assert far.scenario == added.scenario, "a point moved off the network stays"
    other = problem.candidates.geometry.iloc[361]
    moved = click_point(problem, added.scenario, other.x, other.y, move=added.key)
    assert moved.placed and len(moved.scenario.added) == 1
    assert remove_points(problem, moved.scenario, [moved.key]).added == ()


def test_the_view_has_figures_and_formatted_tables(problem, solved):
    quick, best = solved
    work = starting_scenario(problem, quick, best, name="Đang sửa")
    view = proposal_view(problem, work, "vi")
    assert view.figures == WhatIf(problem, work).figures()
    assert view.current.points_added == 0
    assert view.keys == tuple(work.chosen)
    assert len(view.points) == 5
    assert view.points["Kinh độ"].str.match(r"^106,\d{6}$").all()
    assert not view.points.isna().any().any() and not view.rules.isna().any().any()
    for frame in (view.points, view.rules):
        assert not any(np.issubdtype(t, np.floating) for t in frame.dtypes)
    assert set(view.rules["Đạt"]) <= {"Đạt", "Chưa đạt"}
    assert view.rules_unmet == int((view.rules["Đạt"] == "Chưa đạt").sum())
    assert len(view.rules_shown(only_unmet=True)) == view.rules_unmet
    assert view.rules["Độ sâu (m)"].str.fullmatch(r"[\d.]+|–").all(), "whole metres"
    english = proposal_view(problem, work, "en")
    assert set(english.rules["Met"]) <= {"Met", "Not met"}


def test_the_comparison_is_formatted(problem, solved):
    quick, best = solved
    work = starting_scenario(problem, quick, best, name="Đang sửa")
    table = comparison_view(problem, [Scenario("Hiện trạng"), work], "vi")
    assert list(table.columns) == ["Hiện trạng", "Đang sửa"]
    assert table.loc["Số điểm đặt mới", "Đang sửa"] == "5"
    assert table.loc["Tỷ lệ hộ được phủ", "Đang sửa"].endswith(" %")
