"""The additive risk score: factor table, breakdown, classes, inspect-next ranking."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from pipelines.model.settings import RiskSection
from pipelines.network.analysis import analyze_ward, inspect_next
from pipelines.network.risk import (
    FACTOR_COLUMNS,
    FACTORS,
    RISK_CLASSES,
    RiskInputs,
    breakdown_text,
    count_within,
    hexagon_cells,
    hexagon_polygons,
    premises_risk_inputs,
    recent_incidents,
    risk_class,
    risk_frame,
    risk_points,
    risk_score,
    risk_split,
)
from tests.network.wards import alley_ward, layer

W = RiskSection()
TODAY = dt.date(2026, 6, 1)


def inputs(n: int = 1, **values) -> RiskInputs:
    base = {
        "category": np.full(n, "other", dtype=object),
        "open_violations": np.zeros(n),
        "violation_overdue": np.zeros(n, bool),
        "construction_electrical": np.zeros(n, bool),
        "inspection_overdue": np.zeros(n, bool),
        "never_inspected": np.zeros(n, bool),
        "floors": np.full(n, np.nan),
        "occupants": np.full(n, np.nan),
        "beyond_hose_reach": np.zeros(n, bool),
        "no_public_point": np.zeros(n, bool),
        "no_water": np.zeros(n, bool),
        "not_in_safety_group": np.zeros(n, bool),
        "nearby_incidents": np.zeros(n),
    }
    base.update({k: np.asarray(v) for k, v in values.items()})
    return RiskInputs(**base)


def test_factor_table_labels_and_columns():
    codes = [f.code for f in FACTORS]
    assert len(codes) == len(set(codes))
    assert all(f.vi and f.en for f in FACTORS)
    assert tuple(f"risk_{c}" for c in codes) == FACTOR_COLUMNS
    assert [c.label("vi") for c in RISK_CLASSES.values()] == [
        "Thấp",
        "Trung bình",
        "Cao",
        "Rất cao",
    ]


@pytest.mark.parametrize(
    ("values", "factor", "points"),
    [
        ({"category": ["karaoke"]}, "category", 30.0),
        ({"category": ["unknown"]}, "category", 5.0),
        ({"open_violations": [3]}, "open_violations", 15.0),
        ({"open_violations": [9]}, "open_violations", 20.0),  # capped
        ({"floors": [5]}, "floors", 6.0),
        ({"floors": [30]}, "floors", 10.0),  # capped
        ({"floors": [2]}, "floors", 0.0),
        ({"occupants": [120]}, "occupants", 4.0),
        ({"nearby_incidents": [2]}, "nearby_incidents", 6.0),
        ({"nearby_incidents": [7]}, "nearby_incidents", 9.0),  # capped
        ({"beyond_hose_reach": [True]}, "beyond_hose_reach", 20.0),
        ({"never_inspected": [True]}, "never_inspected", 10.0),
    ],
)
def test_factor_points(values, factor, points):
    got = risk_points(inputs(**values), W)
    assert got[factor][0] == pytest.approx(points)


def test_weights_come_from_settings():
    heavy = RiskSection(beyond_hose_reach=55.0)
    got = risk_points(inputs(beyond_hose_reach=[True]), heavy)
    assert got["beyond_hose_reach"][0] == 55.0


def test_classes_cut_at_the_configured_scores():
    got = risk_class(np.array([0.0, 44.9, 45.0, 65.0, 79.9, 80.0, np.nan]), W)
    assert got.tolist() == ["low", "low", "medium", "high", "high", "very_high", None]


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 20),
    data=st.data(),
)
def test_breakdown_sums_to_the_score(n, data):
    cats = st.sampled_from([*W.category_base, "other", "unknown"])
    flags = st.lists(st.booleans(), min_size=n, max_size=n)
    counts = st.lists(st.floats(0, 500) | st.just(float("nan")), min_size=n, max_size=n)
    x = RiskInputs(
        category=np.array(data.draw(st.lists(cats, min_size=n, max_size=n)), dtype=object),
        open_violations=np.array(data.draw(counts)),
        violation_overdue=np.array(data.draw(flags)),
        construction_electrical=np.array(data.draw(flags)),
        inspection_overdue=np.array(data.draw(flags)),
        never_inspected=np.array(data.draw(flags)),
        floors=np.array(data.draw(counts)),
        occupants=np.array(data.draw(counts)),
        beyond_hose_reach=np.array(data.draw(flags)),
        no_public_point=np.array(data.draw(flags)),
        no_water=np.array(data.draw(flags)),
        not_in_safety_group=np.array(data.draw(flags)),
        nearby_incidents=np.array(data.draw(counts)),
    )
    weights = RiskSection(open_violation=data.draw(st.floats(0, 50)), no_water=0.5)
    frame = risk_frame(x, weights)
    assert (frame[list(FACTOR_COLUMNS)].to_numpy() >= 0).all()
    np.testing.assert_allclose(frame[list(FACTOR_COLUMNS)].sum(axis=1), frame["risk_score"])
    assert frame["risk_score"].tolist() == risk_score(risk_points(x, weights)).tolist()
    assert set(frame["risk_class"]) <= set(RISK_CLASSES)
    split = risk_split(frame)
    np.testing.assert_allclose(split.sum(axis=1), frame["risk_score"])


def test_breakdown_text_lists_factors_largest_first():
    frame = pd.DataFrame(
        {"risk_category": [30.0, 0.0], "risk_no_water": [10.0, 0.0], "risk_floors": [2.5, 0.0]}
    )
    text = breakdown_text(frame, "vi")
    assert (
        text[0]
        == "Loại hình: 30; Không có nguồn nước dùng được gần: 10; Số tầng (trên tầng 2): 2,5"
    )
    assert text[1] == ""
    assert breakdown_text(frame, "en")[0].startswith("Category: 30; No usable water nearby: 10")


def test_premises_inputs_from_layer_fields():
    premises = pd.DataFrame(
        {
            "category": ["karaoke", "office", "market"],
            "open_violations": pd.array([2, None, 1], dtype="Int64"),
            "violation_deadline": pd.to_datetime(["2026-01-01", None, "2027-01-01"]),
            "construction_electrical_violation": pd.array([True, None, False], dtype="boolean"),
            "last_inspection": pd.to_datetime(["2025-01-10", None, "2025-12-01"]),
            "floors": pd.array([4, None, 1], dtype="Int64"),
            "occupants": pd.array([60, None, 400], dtype="Int64"),
        }
    )
    x = premises_risk_inputs(
        premises,
        flags={
            "within_hose_reach": np.array([False, True, True]),
            "has_public_point": np.array([True, True, False]),
            "has_water": np.array([True, False, True]),
        },
        nearby_incidents=np.array([1, 0, 0]),
        today=TODAY,
        inspection_interval_months=12,
    )
    assert x.violation_overdue.tolist() == [True, False, False]
    assert x.inspection_overdue.tolist() == [True, False, False]
    assert x.never_inspected.tolist() == [False, True, False]
    assert x.construction_electrical.tolist() == [True, False, False]
    assert x.beyond_hose_reach.tolist() == [True, False, False]
    assert x.not_in_safety_group.tolist() == [False, False, False]
    frame = risk_frame(x, W)
    karaoke = frame.iloc[0]
    assert karaoke["risk_score"] == 30 + 10 + 10 + 15 + 10 + 4 + 2 + 20 + 3
    assert karaoke["risk_class"] == "very_high"


def test_recent_incidents_and_counting():
    dates = pd.Series(pd.to_datetime(["2020-01-01", "2022-06-01", "2026-05-31", "2026-07-01"]))
    assert recent_incidents(dates, today=TODAY, years=5).tolist() == [False, True, True, False]
    got = count_within(
        np.array([[0.0, 0.0], [500.0, 0.0], [np.nan, np.nan]]),
        np.array([[100.0, 0.0], [0.0, 199.0], [0.0, 201.0]]),
        radius_m=200,
    )
    assert got.tolist() == [2, 0, 0]


def test_hexagons_hold_their_points():
    rng = np.random.default_rng(1)
    xy = rng.uniform(-1000, 1000, size=(300, 2))
    q, r = hexagon_cells(xy, size_m=100)
    polys = hexagon_polygons(q, r, size_m=100)
    assert shapely.intersects_xy(polys, xy[:, 0], xy[:, 1]).all()
    assert np.allclose(shapely.area(polys), 1.5 * np.sqrt(3) * 100**2)


def test_analysis_scores_premises_and_business_households_with_breakdowns():
    premises = layer(
        [
            {
                "id": "K1",
                "name": "Karaoke Ánh Sao",
                "category": "karaoke",
                "floors": 4,
                "open_violations": 2,
                "last_inspection": "2024-01-05",
            },
            {
                "id": "O1",
                "name": "Văn phòng",
                "category": "office",
                "last_inspection": "2026-03-01",
            },
        ],
        [Point(105, 150), Point(200, 5)],
    )
    incidents = layer([{"id": "F1", "date": "2025-12-01"}], [Point(110, 140)])
    ward = alley_ward(extra={"premises": premises, "incidents": incidents})
    ward.layers["households"].loc[5, "is_business"] = True  # H120
    a = analyze_ward(ward, today=TODAY)
    p = a.premises.set_index("id")
    np.testing.assert_allclose(p[list(FACTOR_COLUMNS)].sum(axis=1), p["risk_score"])
    k = p.loc["K1"]
    assert k["risk_beyond_hose_reach"] == 20 and k["risk_nearby_incidents"] == 3
    assert k["risk_inspection_overdue"] == 10 and k["risk_floors"] == 4
    assert p.loc["O1", "risk_beyond_hose_reach"] == 0
    h = a.households.set_index("id")
    assert h.loc["H120", "risk_category"] == W.category_base["household_business"]
    assert h.loc["H120", "risk_not_in_safety_group"] == W.not_in_safety_group
    assert pd.isna(h.loc["H20", "risk_score"]) and pd.isna(h.loc["H20", "risk_class"])
    ranked = a.inspect_next
    assert ranked["id"].tolist()[0] == "K1"
    assert set(ranked["id"]) == {"K1", "O1", "H120"}
    assert ranked["rank"].tolist() == [1, 2, 3]
    assert a.risk_density["premises"].sum() == 2
    assert a.risk_density["households"].sum() == 8
    assert a.risk_density["risk_sum"].sum() == pytest.approx(
        p["risk_score"].sum() + h["risk_score"].sum()
    )


def test_inspect_next_breaks_ties_by_inspection_age():
    base = {c: 0.0 for c in FACTOR_COLUMNS}
    base.update(
        hose_distance_m=10.0, within_hose_reach=True, point_distance_m=50.0, water_distance_m=80.0
    )
    premises = pd.DataFrame(
        [
            {
                "id": "A",
                "name": "a",
                "category": "other",
                "residential_group_id": None,
                "last_inspection": pd.Timestamp("2025-01-01"),
                "risk_score": 40.0,
                "risk_class": "medium",
                **base,
            },
            {
                "id": "B",
                "name": "b",
                "category": "other",
                "residential_group_id": None,
                "last_inspection": pd.NaT,
                "risk_score": 40.0,
                "risk_class": "medium",
                **base,
            },
            {
                "id": "C",
                "name": "c",
                "category": "other",
                "residential_group_id": None,
                "last_inspection": pd.Timestamp("2024-01-01"),
                "risk_score": 40.0,
                "risk_class": "medium",
                **base,
            },
            {
                "id": "D",
                "name": "d",
                "category": "other",
                "residential_group_id": None,
                "last_inspection": pd.NaT,
                "risk_score": 90.0,
                "risk_class": "very_high",
                **base,
            },
        ]
    )
    households = pd.DataFrame(
        columns=[
            "id",
            "address",
            "residential_group_id",
            *FACTOR_COLUMNS,
            "risk_score",
            "risk_class",
            "hose_distance_m",
            "within_hose_reach",
            "point_distance_m",
            "water_distance_m",
        ]
    )
    assert inspect_next(premises, households)["id"].tolist() == ["D", "B", "C", "A"]
