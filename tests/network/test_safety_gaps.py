"""Tổ liên gia gap finder: groups of 5–15 neighbours along the same alley."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import LineString, Point

from pipelines.network.analysis import analyze_ward
from pipelines.network.safety_gaps import plan_groups
from tests.network.wards import box, layer, make_ward


def sizes(plan) -> list[int]:
    return np.bincount(plan.group[plan.group >= 0]).tolist()


@pytest.mark.parametrize(
    ("n", "expected"),
    [(4, []), (5, [5]), (15, [15]), (16, [8, 8]), (31, [11, 10, 10]), (45, [15, 15, 15])],
)
def test_runs_are_cut_into_balanced_groups(n, expected):
    plan = plan_groups(
        np.zeros(n, int),
        np.arange(n) * 6.0,
        np.zeros(n, int),
        min_size=5,
        max_size=15,
        max_gap_m=30,
    )
    assert sorted(sizes(plan), reverse=True) == expected
    if not expected:
        assert set(plan.reason) == {"too_few"}


def test_gaps_roads_and_zones_break_runs():
    line = np.array([0] * 6 + [0] * 6 + [1] * 6 + [2] * 5 + [-1])
    pos = np.r_[
        np.arange(6) * 5.0, 200 + np.arange(6) * 5.0, np.arange(6) * 5.0, np.arange(5) * 5.0, 0
    ]
    zone = np.array([0] * 18 + [0, 0, 1, 1, 1] + [0])
    plan = plan_groups(line, pos, zone, min_size=5, max_size=15, max_gap_m=30)
    assert sizes(plan) == [6, 6, 6]
    assert plan.reason[-1] == "not_on_network"
    assert set(plan.reason[18:23]) == {"too_few"}


def test_members_of_a_group_are_consecutive_along_the_road():
    rng = np.random.default_rng(5)
    pos = rng.permutation(40) * 4.0
    plan = plan_groups(
        np.zeros(40, int), pos, np.zeros(40, int), min_size=5, max_size=15, max_gap_m=10
    )
    for g in range(plan.n_groups):
        members = np.sort(pos[plan.group == g])
        others = pos[(plan.group != g)]
        assert not ((others > members[0]) & (others < members[-1])).any()


def test_impossible_sizes_leave_households_over():
    plan = plan_groups(
        np.zeros(17, int), np.arange(17.0), np.zeros(17, int), min_size=10, max_size=15, max_gap_m=5
    )
    assert sizes(plan) == [15]
    assert (plan.reason == "left_over").sum() == 2


def test_size_bounds_are_checked():
    with pytest.raises(ValueError, match="min_size <= max_size"):
        plan_groups(
            np.zeros(1, int), np.zeros(1), np.zeros(1, int), min_size=6, max_size=5, max_gap_m=1
        )


def test_neighbours_across_a_block_are_not_grouped():
    # two parallel alleys 30 m apart; five houses on each, back to back across the block
    roads = layer(
        [
            {"id": "street", "kind": "duong", "width_m": 8.0},
            {"id": "west", "kind": "ngo", "width_m": 2.5},
            {"id": "east", "kind": "ngo", "width_m": 2.5},
        ],
        [
            LineString([(-50, 0), (300, 0)]),
            LineString([(100, 0), (100, 200)]),
            LineString([(130, 0), (130, 200)]),
        ],
    )
    houses = [(104.0, 20 + 8 * i) for i in range(4)] + [(126.0, 20 + 8 * i) for i in range(4)]
    houses += [(126.0, 60.0)]
    ward = make_ward(
        {
            "ward_boundary": layer([{"id": "W", "name": "P"}], [box(0, -100, 400, 300)]),
            "roads": roads,
            "households": layer(
                [
                    {"id": f"H{i}", "address": f"Số {i}", "is_business": i == 5}
                    for i in range(len(houses))
                ],
                [Point(*xy) for xy in houses],
            ),
        }
    )
    a = analyze_ward(ward)
    h = a.households.set_index("id")
    # 4 on the west alley: too few, even though 9 houses stand within 30 m of each other
    assert set(h.loc[[f"H{i}" for i in range(4)], "gap_reason"]) == {"too_few"}
    east = h.loc[[f"H{i}" for i in range(4, 9)]]
    assert east["proposed_group_id"].nunique() == 1
    proposal = a.gap_proposals.iloc[0]
    assert proposal["households"] == 5 and proposal["road_id"] == "east"
    assert proposal["business_households"] == 1 and proposal["business_household_ids"] == "H5"
    assert len(a.gap_proposals) == 1


def test_members_of_existing_groups_are_left_alone():
    roads = layer(
        [
            {"id": "street", "kind": "duong", "width_m": 8.0},
            {"id": "a", "kind": "ngo", "width_m": 2.5},
        ],
        [LineString([(-50, 0), (300, 0)]), LineString([(100, 0), (100, 200)])],
    )
    rows = [
        {"id": f"H{i}", "address": f"Số {i}", "safety_group_id": "G1" if i < 3 else None}
        for i in range(9)
    ]
    ward = make_ward(
        {
            "ward_boundary": layer([{"id": "W", "name": "P"}], [box(0, -100, 400, 300)]),
            "roads": roads,
            "safety_groups": layer([{"id": "G1", "name": "Tổ 1"}], [None]),
            "households": layer(rows, [Point(104, 10 + 6 * i) for i in range(9)]),
        }
    )
    a = analyze_ward(ward)
    h = a.households.set_index("id")
    assert h.loc["H0", "in_safety_group"]
    assert h.loc[["H0", "H1", "H2"], "proposed_group_id"].isna().all()
    assert h.loc[["H0", "H1", "H2"], "gap_reason"].isna().all()
    assert h.loc[[f"H{i}" for i in range(3, 9)], "proposed_group_id"].nunique() == 1
