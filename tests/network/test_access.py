"""Fire-truck access on hand-built networks with known answers, and its properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point

from pipelines.model.settings import Thresholds
from pipelines.network.access import (
    Barriers,
    barrier_blocks,
    beyond_reach,
    closed_during,
    edge_reasons,
    impassable_alleys,
    parse_hours,
    time_window,
    truck_access,
)
from pipelines.network.analysis import analyze_ward
from pipelines.network.graph import RoadGraph
from tests.network.wards import alley_ward, box, layer, make_ward

T = Thresholds()


def hose(analysis) -> dict[str, float]:
    h = analysis.households
    return dict(zip(h["id"], h["hose_distance_m"], strict=True))


def test_narrow_alley_off_a_street_puts_deep_houses_beyond_reach():
    a = analyze_ward(alley_ward(alley_width_m=3.0))
    d = hose(a)
    # the 3.0 m alley is not passable: hose runs from the street up the alley, + 5 m to the door
    assert d["H120"] == pytest.approx(125.0, abs=0.01)
    assert d["H95"] == pytest.approx(100.0, abs=0.01)
    reach = dict(zip(a.households["id"], a.households["within_hose_reach"], strict=True))
    assert reach["H95"] and not reach["H120"] and not reach["H160"]
    alley = a.roads[a.roads["road_id"] == "alley"]
    assert set(alley["reason"]) == {"narrow"}
    assert not alley["passable"].any()
    assert a.roads.loc[a.roads["road_id"] == "street", "reachable"].all()


def test_four_metre_alley_is_passable():
    a = analyze_ward(alley_ward(alley_width_m=4.0))
    np.testing.assert_allclose(a.households["hose_distance_m"], 5.0)
    assert a.households["within_hose_reach"].all()
    assert a.roads["reachable"].all()
    assert a.pockets.empty
    assert a.deep_alleys.empty


def test_four_metre_alley_under_a_low_passage_is_not_passable():
    passage = {"id": "P1", "kind": "passage", "clearance_m": 3.5, "at": (100, 10)}
    a = analyze_ward(alley_ward(alley_width_m=4.0, barriers=[passage]))
    d = hose(a)
    # the truck gets up to the passage (10 m in), the hose goes on from there
    assert d["H20"] == pytest.approx(20 - 10 + 0.25 + 5, abs=0.01)
    assert d["H120"] == pytest.approx(120 - 10 + 0.25 + 5, abs=0.01)
    blocked = a.roads[a.roads["reason"] == "barrier"]
    assert list(blocked["barrier_id"]) == ["P1"]
    assert bool(a.barriers["blocking"].iloc[0])


def test_alley_with_low_clearance_on_the_road_itself_is_not_passable():
    a = analyze_ward(alley_ward(alley_width_m=4.0, alley_clearance_m=3.5))
    assert set(a.roads.loc[a.roads["road_id"] == "alley", "reason"]) == {"low_clearance"}
    assert hose(a)["H120"] == pytest.approx(125.0, abs=0.01)


def test_night_gate_cuts_access_only_at_night():
    gate = {
        "id": "G1",
        "kind": "gate",
        "closed_from": "22:30",
        "closed_to": "05:00",
        "at": (100, 3),
    }
    ward = alley_ward(alley_width_m=5.0, barriers=[gate])
    day = analyze_ward(ward, night=False)
    night = analyze_ward(ward, night=True)
    assert day.households["within_hose_reach"].all()
    assert hose(night)["H160"] == pytest.approx(160 - 3 + 0.25 + 5, abs=0.01)
    assert not night.households.set_index("id").loc["H160", "within_hose_reach"]
    assert list(night.pockets["households"]) == [3]
    assert day.barriers["blocking"].tolist() == [False]
    assert night.barriers["blocking"].tolist() == [True]


def test_gate_without_hours_counts_as_closed():
    gate = {"id": "G1", "kind": "gate", "at": (100, 3)}
    a = analyze_ward(alley_ward(alley_width_m=5.0, barriers=[gate]))
    assert hose(a)["H160"] > 100


def test_bollard_wide_enough_lets_trucks_through():
    bollard = {"id": "B1", "kind": "bollard", "width_m": 4.0, "at": (100, 3)}
    a = analyze_ward(alley_ward(alley_width_m=5.0, barriers=[bollard]))
    assert a.households["within_hose_reach"].all()


def test_disconnected_wide_road_is_not_reachable():
    # a 6 m road reached only through a 2 m alley: passable but not connected
    roads = layer(
        [
            {"id": "street", "kind": "duong", "width_m": 6.0},
            {"id": "alley", "kind": "ngo", "width_m": 2.0},
            {"id": "inner", "kind": "duong", "width_m": 6.0},
        ],
        [
            LineString([(-50, 0), (300, 0)]),
            LineString([(100, 0), (100, 60)]),
            LineString([(100, 60), (100, 200)]),
        ],
    )
    ward = make_ward(
        {
            "ward_boundary": layer([{"id": "W", "name": "P"}], [box(0, -100, 400, 300)]),
            "roads": roads,
            "households": layer(
                [{"id": "H", "address": "x"}],
                [Point(104, 150)],
            ),
        },
        thresholds={"hose_reach_m": 100.0},
    )
    a = analyze_ward(ward)
    inner = a.roads[a.roads["road_id"] == "inner"]
    assert inner["passable"].all() and not inner["reachable"].any()
    assert set(inner["reason"]) == {"disconnected"}
    assert hose(a)["H"] == pytest.approx(154.0, abs=0.01)
    deep = a.deep_alleys.set_index("road_id")
    assert deep.loc["inner", "reason"] == "disconnected"
    assert deep.loc["alley", "reason"] == "narrow"
    assert deep.loc["inner", "alley_system"] == deep.loc["alley", "alley_system"]


def test_deep_alley_list_uses_the_configured_depth():
    ward = alley_ward(alley_width_m=3.0)
    a = analyze_ward(ward)
    row = a.deep_alleys.iloc[0]
    assert row["road_id"] == "alley"
    assert row["depth_m"] == pytest.approx(200.0)
    assert row["households"] == 8
    assert row["households_beyond_reach"] == 3
    shallow = alley_ward(alley_width_m=3.0, thresholds={"deep_alley_min_m": 250.0})
    assert analyze_ward(shallow).deep_alleys.empty


def test_alley_open_at_both_ends_is_only_half_as_deep():
    roads = layer(
        [
            {"id": "south", "kind": "duong", "width_m": 6.0},
            {"id": "north", "kind": "duong", "width_m": 6.0},
            {"id": "west", "kind": "duong", "width_m": 6.0},
            {"id": "alley", "kind": "ngo", "width_m": 2.5},
        ],
        [
            LineString([(-50, 0), (300, 0)]),
            LineString([(-50, 120), (300, 120)]),
            LineString([(-50, 0), (-50, 120)]),
            LineString([(100, 0), (100, 120)]),
        ],
    )
    ward = make_ward(
        {
            "ward_boundary": layer([{"id": "W", "name": "P"}], [box(0, -100, 400, 300)]),
            "roads": roads,
        }
    )
    a = analyze_ward(ward)
    row = a.deep_alleys.set_index("road_id").loc["alley"]
    assert row["depth_m"] == pytest.approx(60.0)


def test_entry_falls_back_to_the_longest_passable_network_without_boundary():
    ward = alley_ward(alley_width_m=3.0)
    layers = dict(ward.layers)
    layers["ward_boundary"] = layers["ward_boundary"].iloc[0:0]
    a = analyze_ward(make_ward(layers, thresholds={"hose_reach_m": 100.0}))
    assert a.access.entry_fallback
    assert a.notes
    assert hose(a)["H120"] == pytest.approx(125.0, abs=0.01)


def test_parse_hours_and_time_windows():
    np.testing.assert_allclose(
        parse_hours(pd.Series(["22:30", "05:00", None, "7:15"])), [22.5, 5.0, np.nan, 7.25]
    )
    assert time_window(T, night=True) == (22.0, 5.0)
    assert time_window(T, night=False) == (5.0, 22.0)


@pytest.mark.parametrize(
    ("closed", "night", "day"),
    [
        ((22.5, 5.0), True, False),  # locked at night
        ((12.0, 13.5), False, True),  # closed at lunch
        ((0.0, 0.0), True, True),  # equal hours: all day
        ((21.0, 23.0), True, True),  # overlaps both windows
        ((np.nan, np.nan), False, False),  # no hours: the kind's rule decides
        ((22.0, np.nan), True, True),  # half given: closed all the time
    ],
)
def test_closed_during_windows(closed, night, day):
    f, t = closed
    assert closed_during(np.array([f]), np.array([t]), 22.0, 5.0)[0] == night
    assert closed_during(np.array([f]), np.array([t]), 5.0, 22.0)[0] == day


@pytest.mark.parametrize(
    ("kind", "width", "clearance", "blocks"),
    [
        ("gate", np.nan, np.nan, True),  # no hours: locked
        ("bollard", np.nan, np.nan, True),
        ("bollard", 4.0, np.nan, False),
        ("low_wires", np.nan, 4.5, False),
        ("low_wires", np.nan, 4.0, True),
        ("passage", 5.0, 3.5, True),
        ("other", np.nan, np.nan, True),
    ],
)
def test_barrier_rules(kind, width, clearance, blocks):
    b = Barriers(
        kind=np.array([kind], dtype=object),
        width_m=np.array([width]),
        clearance_m=np.array([clearance]),
        closed_from_h=np.array([np.nan]),
        closed_to_h=np.array([np.nan]),
        edge=np.array([0]),
    )
    got = barrier_blocks(b, window_h=(5.0, 22.0), min_width_m=3.5, min_clearance_m=4.25)
    assert got[0] == blocks


def test_edge_reasons_table():
    got = edge_reasons(
        np.array([3.0, 4.0, 4.0, np.nan, 3.5]),
        np.array([np.nan, 3.0, np.nan, np.nan, 4.25]),
        min_width_m=3.5,
        min_clearance_m=4.25,
    )
    assert list(got) == ["narrow", "low_clearance", "reachable", "no_width", "reachable"]


# ---------------------------------------------------------------------- properties


def grid_network(seed: int) -> tuple[RoadGraph, np.ndarray, np.ndarray]:
    """A 6 × 6 street grid (60 m blocks) with random widths and random barriers."""
    rng = np.random.default_rng(seed)
    lines = []
    for i in range(6):
        for j in range(5):
            lines.append(LineString([(j * 60, i * 60), ((j + 1) * 60, i * 60)]))
            lines.append(LineString([(i * 60, j * 60), (i * 60, (j + 1) * 60)]))
    widths = rng.choice([2.5, 3.0, 4.0, 6.0], size=len(lines), p=[0.2, 0.2, 0.3, 0.3])
    k = int(rng.integers(1, 8))
    barrier_xy = rng.uniform(0, 300, size=(k, 2))
    barrier_xy[:, int(rng.integers(0, 2))] = rng.integers(0, 6, size=k) * 60.0
    g = RoadGraph.from_lines(lines, width_m=widths, split_points_xy=barrier_xy, split_max_m=5)
    return g, barrier_xy, rng.uniform(0, 300, size=(60, 2))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 100_000), data=st.data())
def test_removing_a_barrier_never_lengthens_a_hose_distance(seed, data):
    g, barrier_xy, houses = grid_network(seed)
    k = len(barrier_xy)
    kinds = np.array(
        data.draw(st.lists(st.sampled_from(["gate", "bollard"]), min_size=k, max_size=k)),
        dtype=object,
    )
    nan = np.full(k, np.nan)
    barriers = Barriers(kinds, nan, nan, nan, nan, g.split_edge)
    boundary = box(0, 0, 300, 300)  # every outer node lies on the boundary: an entry point
    before = truck_access(g, thresholds=T, barriers=barriers, boundary=boundary)
    drop = data.draw(st.integers(0, k - 1))
    keep = np.arange(k) != drop
    fewer = Barriers(kinds[keep], nan[keep], nan[keep], nan[keep], nan[keep], g.split_edge[keep])
    after = truck_access(g, thresholds=T, barriers=fewer, boundary=boundary)
    targets = g.snap(houses, max_m=40)
    d_before = g.distances_to_edges(before.reachable, targets, limit_m=T.network_limit_m)
    d_after = g.distances_to_edges(after.reachable, targets, limit_m=T.network_limit_m)
    assert (d_after <= d_before + 1e-9).all()
    assert (after.reachable >= before.reachable).all()


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 100_000))
def test_beyond_reach_parts_agree_with_hose_distances(seed):
    g, barrier_xy, _ = grid_network(seed)
    k = len(barrier_xy)
    nan = np.full(k, np.nan)
    barriers = Barriers(np.full(k, "bollard", dtype=object), nan, nan, nan, nan, g.split_edge)
    access = truck_access(g, thresholds=T, barriers=barriers, boundary=box(1, 1, 299, 299))
    beyond = beyond_reach(g, access, reach_m=45.0)
    # sample every edge densely: a point is beyond exactly when its hose distance > 45 m
    edges = np.repeat(np.arange(g.n_edges), 21)
    frac = np.tile(np.linspace(0.01, 0.99, 21), g.n_edges)
    offsets = frac * g.edge_length_m[edges]
    d = np.minimum(
        access.node_hose_m[g.edge_u[edges]] + offsets,
        access.node_hose_m[g.edge_v[edges]] + g.edge_length_m[edges] - offsets,
    )
    d[access.reachable[edges]] = 0.0
    inside = (offsets > beyond.start_m[edges]) & (offsets < beyond.end_m[edges])
    clear = np.abs(d - 45.0) > 1e-6
    assert (inside[clear] == (d[clear] > 45.0)).all()
    alleys = impassable_alleys(g, access)
    assert (alleys.depth_m >= 0).all()


def test_rows_of_one_named_alley_are_one_deep_alley():
    # "Ngõ 12" drawn as two rows split where a ngách leaves it: one alley in the list
    roads = layer(
        [
            {"id": "street", "name": "Đường Lê Lợi", "kind": "duong", "width_m": 6.0},
            {"id": "a1", "name": "Ngõ 12", "kind": "ngo", "width_m": 3.0},
            {"id": "a2", "name": "Ngõ 12", "kind": "ngo", "width_m": 2.5},
            {"id": "b", "name": "Ngách 12/5", "kind": "ngach", "width_m": 2.0},
        ],
        [
            LineString([(-50, 0), (300, 0)]),
            LineString([(100, 0), (100, 60)]),
            LineString([(100, 60), (100, 140)]),
            LineString([(100, 60), (160, 60)]),
        ],
    )
    ward = make_ward(
        {
            "ward_boundary": layer([{"id": "W", "name": "P"}], [box(0, -100, 400, 300)]),
            "roads": roads,
        }
    )
    deep = analyze_ward(ward).deep_alleys.set_index("name")
    assert list(deep.index) == ["Ngõ 12", "Ngách 12/5"]
    assert deep.loc["Ngõ 12", "road_id"] == "a1, a2"
    assert deep.loc["Ngõ 12", "depth_m"] == pytest.approx(140.0)
    assert deep.loc["Ngõ 12", "length_m"] == pytest.approx(140.0)
    assert deep.loc["Ngõ 12", "width_m"] == 2.5
    assert deep.loc["Ngách 12/5", "depth_m"] == pytest.approx(120.0)
    assert deep.loc["Ngõ 12", "alley_system"] == deep.loc["Ngách 12/5", "alley_system"]


def test_a_pocket_holds_a_household_or_premises_beyond_reach():
    # two alleys too narrow for trucks, both deeper than the hose reaches: only the one with
    # houses beyond reach is a pocket
    roads = layer(
        [
            {"id": "street", "name": "Đường Lê Lợi", "kind": "duong", "width_m": 6.0},
            {"id": "lived", "name": "Ngõ 12", "kind": "ngo", "width_m": 3.0},
            {"id": "empty", "name": "Ngõ 40", "kind": "ngo", "width_m": 3.0},
        ],
        [
            LineString([(-100, 0), (300, 0)]),
            LineString([(100, 0), (100, 200)]),
            LineString([(250, 0), (250, 200)]),
        ],
    )
    houses = [(105.0, 40.0), (105.0, 150.0), (105.0, 180.0), (255.0, 30.0)]
    a = analyze_ward(alley_ward(households=houses, extra={"roads": roads}))
    assert a.beyond.pocket.max() == 0, "the empty alley's stretch beyond reach is no pocket"
    assert a.n_pockets == 1 == len(a.pockets)
    assert a.pockets["households"].tolist() == [2]
    pocket_id = a.households.set_index("id")["pocket_id"].astype(object)
    assert pocket_id.fillna("").to_dict() == {
        "H40": "",
        "H150": "VT-001",
        "H180": "VT-001",
        "H30": "",
    }
