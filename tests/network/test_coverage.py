"""Coverage of public points and water sources, and the per-group summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from pipelines.model.settings import Thresholds
from pipelines.network.analysis import analyze_ward
from pipelines.network.coverage import coverage_flags, coverage_summary, water_usability
from tests.network.wards import alley_ward, layer


def points_layer(spots: list[tuple[float, float, str]]):
    return layer(
        [{"id": f"P{i}", "name": f"Điểm {i}", "status": s} for i, (_, _, s) in enumerate(spots)],
        [Point(x, y) for x, y, _ in spots],
    )


def water_layer(rows: list[dict]):
    return layer(
        [{k: v for k, v in r.items() if k != "at"} for r in rows], [Point(*r["at"]) for r in rows]
    )


def by_id(frame: pd.DataFrame, column: str) -> dict:
    return dict(zip(frame["id"], frame[column], strict=True))


def test_only_working_points_count_and_distance_runs_along_the_alley():
    ward = alley_ward(
        extra={
            "firefighting_points": points_layer(
                [(98.0, 150.0, "working"), (102.0, 20.0, "out_of_service")]
            )
        }
    )
    a = analyze_ward(ward)
    d = by_id(a.households, "point_distance_m")
    # 2 m from the point to the alley, along the alley, 5 m to the door
    assert d["H160"] == pytest.approx(2 + 10 + 5, abs=0.01)
    assert d["H20"] == pytest.approx(2 + 130 + 5, abs=0.01)
    assert by_id(a.households, "nearest_point_id")["H20"] == "P0"
    near = by_id(a.households, "has_public_point")
    assert near["H160"] and near["H60"] and not near["H20"]
    # covered = within hose reach or near a public point
    covered = by_id(a.households, "covered")
    assert covered["H20"] and covered["H160"]
    assert a.public_points["working"].tolist() == [True, False]
    assert a.public_points["households_served"].tolist()[1] == 0


def test_natural_water_needs_truck_access_hydrant_does_not():
    water = water_layer(
        [
            {"id": "POND", "kind": "pond", "status": "working", "at": (100.0, 190.0)},
            {"id": "HYD", "kind": "hydrant", "status": "working", "at": (250.0, 2.0)},
        ]
    )
    a = analyze_ward(alley_ward(extra={"water_sources": water}))
    ws = a.water_sources.set_index("id")
    assert not ws.loc["POND", "usable"]  # on the 3 m alley: no truck can draw from it
    assert ws.loc["HYD", "usable"]
    assert by_id(a.households, "nearest_water_id")["H160"] == "HYD"
    assert np.isinf(a.households["water_natural_distance_m"]).all()
    wide = analyze_ward(alley_ward(alley_width_m=4.0, extra={"water_sources": water}))
    assert wide.water_sources.set_index("id").loc["POND", "usable"]
    assert by_id(wide.households, "nearest_water_id")["H160"] == "POND"


def test_water_usability_table():
    usable, truck = water_usability(
        np.array(["hydrant", "pond", "pond", "tank", "lake"], dtype=object),
        np.array(["working", "working", "working", "out_of_service", "working"], dtype=object),
        np.array([None, None, False, True, True], dtype=object),
        np.array([False, True, True, True, False]),
    )
    assert usable.tolist() == [True, True, False, False, False]
    assert truck.tolist() == [False, True, False, True, False]


def test_coverage_flags_thresholds():
    t = Thresholds(hose_reach_m=60.0, public_point_radius_m=100.0, water_source_radius_m=150.0)
    flags = coverage_flags(
        np.array([60.0, 61.0, np.inf]),
        np.array([100.0, np.inf, 20.0]),
        np.array([150.0, 151.0, np.inf]),
        thresholds=t,
    )
    assert flags["within_hose_reach"].tolist() == [True, False, False]
    assert flags["has_public_point"].tolist() == [True, False, True]
    assert flags["has_water"].tolist() == [True, False, False]
    assert flags["covered"].tolist() == [True, False, True]


def test_coverage_summary_per_group_and_ward():
    households = pd.DataFrame(
        {
            "residential_group_id": ["A", "A", "B", None],
            "within_hose_reach": [True, False, True, False],
            "has_public_point": [False, False, True, False],
            "has_water": [True, True, False, False],
            "in_safety_group": [True, False, False, False],
            "covered": [True, False, True, False],
        }
    )
    premises = pd.DataFrame(
        {
            "residential_group_id": ["B"],
            "within_hose_reach": [False],
            "has_public_point": [True],
            "has_water": [True],
            "covered": [True],
        }
    )
    table = coverage_summary(households, premises, {"A": "Tổ 1", "B": "Tổ 2", "C": "Tổ 3"})
    assert table["residential_group"].tolist() == [
        "Tổ 1",
        "Tổ 2",
        "Tổ 3",
        "(chưa gán tổ dân phố)",
        "Toàn phường",
    ]
    a, b, c, none, total = (table.iloc[i] for i in range(5))
    assert (a["households"], a["households_within_hose_reach"]) == (2, 1)
    assert a["share_households_within_hose_reach"] == pytest.approx(0.5)
    assert c["households"] == 0 and np.isnan(c["share_households_covered"])
    assert b["premises_has_public_point"] == 1
    assert none["households"] == 1
    assert total["households"] == 4 and total["households_covered"] == 2
    assert pd.isna(total["residential_group_id"])
    assert total["share_households_in_safety_group"] == pytest.approx(0.25)


@settings(max_examples=15, deadline=None)
@given(
    x=st.floats(90, 300),
    y=st.floats(-10, 200),
    status=st.sampled_from(["working", "needs_service"]),
)
def test_adding_a_working_point_never_lowers_coverage(x, y, status):
    base = [(98.0, 150.0, "working")]
    before = analyze_ward(alley_ward(extra={"firefighting_points": points_layer(base)}))
    after = analyze_ward(
        alley_ward(extra={"firefighting_points": points_layer([*base, (x, y, status)])})
    )
    for column in ("has_public_point", "covered"):
        assert (after.households[column] >= before.households[column]).all()
    assert (after.households["point_distance_m"] <= before.households["point_distance_m"]).all()
    assert (
        after.coverage.iloc[-1]["households_covered"]
        >= before.coverage.iloc[-1]["households_covered"]
    )
