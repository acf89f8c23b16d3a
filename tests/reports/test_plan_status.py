"""The plan's indicators against hand counts: a small ward built in code, and the sample."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from pipelines.model.schema import LAYER_NAMES
from pipelines.model.settings import WardConfig
from pipelines.model.store import Ward, open_ward
from pipelines.model.territory import with_residential_groups
from pipelines.model.validate import conform_layer, empty_layer
from pipelines.reports import plan_status as ps
from pipelines.reports import plan_view
from tests.conftest import SAMPLE_WARD, _xy, tiny_layers

AS_OF = pd.Timestamp("2026-06-30")
WEST, EAST = _xy(50, 100), _xy(250, 100)  # inside TDP-1 and TDP-2
NETWORK = ps.NetworkFigures(frozenset({"P1", "P2", "P3"}), deep_alleys=4, deep_alleys_with_point=1)


def _frame(rows: list[dict], points: list | None = None) -> gpd.GeoDataFrame:
    geometry = [Point(p) if p else None for p in (points or [None] * len(rows))]
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geometry, crs="EPSG:4326")


def _hand_ward() -> Ward:
    hh = [
        {"id": f"H{i}", "address": f"Số {i}", "residential_group_id": tdp, "safety_group_id": g}
        for i, (tdp, g) in enumerate(
            [("TDP-1", "G1")] * 3
            + [("TDP-1", "G2")]
            + [("TDP-1", None)] * 2
            + [("TDP-2", "G3")] * 2
            + [("TDP-2", None)] * 2
        )
    ]
    for row, has in zip(
        hh, [True, True, False, None, None, None, True, None, None, None], strict=True
    ):
        row["has_extinguisher"] = has
    raw = {
        "residential_groups": tiny_layers()["residential_groups"],
        "households": _frame(hh, [WEST] * 6 + [EAST] * 4),
        "safety_groups": _frame(
            [
                {
                    "id": "G1",
                    "name": "A",
                    "residential_group_id": "TDP-1",
                    "established": "2025-09-01",
                },
                {
                    "id": "G2",
                    "name": "B",
                    "residential_group_id": "TDP-1",
                    "established": "2026-09-01",
                },
                {"id": "G3", "name": "C", "residential_group_id": "TDP-2"},
            ]
        ),
        "firefighting_points": _frame(
            [
                {"id": "D1", "name": "1", "status": "working", "installed": "2024-01-01"},
                {"id": "D2", "name": "2", "status": "out_of_service"},
                {"id": "D3", "name": "3", "status": "working", "installed": "2026-08-01"},
            ],
            [WEST, EAST, EAST],
        ),
        "premises": _frame(
            [
                {
                    "id": "P1",
                    "name": "1",
                    "category": "karaoke",
                    "open_violations": 2,
                    "violation_deadline": "2026-03-01",
                    "last_inspection": "2026-02-01",
                },
                {
                    "id": "P2",
                    "name": "2",
                    "category": "market",
                    "open_violations": 0,
                    "violation_deadline": "2026-01-15",
                    "last_inspection": "2025-12-01",
                },
                {
                    "id": "P3",
                    "name": "3",
                    "category": "karaoke",
                    "open_violations": 1,
                    "violation_deadline": "2026-12-01",
                    "last_inspection": "2026-05-01",
                },
                {
                    "id": "P4",
                    "name": "4",
                    "category": "office",
                    "open_violations": 0,
                    "violation_deadline": "2024-01-01",
                },
            ],
            [EAST, WEST, WEST, WEST],
        ),
        "activities": _frame(
            [
                {
                    "id": "A1",
                    "date": "2025-08-01",
                    "residential_group_id": "TDP-1",
                    "kind": "propaganda",
                },
                {
                    "id": "A2",
                    "date": "2026-06-30",
                    "residential_group_id": "TDP-1",
                    "kind": "propaganda",
                },
                {
                    "id": "A3",
                    "date": "2025-06-30",
                    "residential_group_id": "TDP-2",
                    "kind": "propaganda",
                },
                {
                    "id": "A4",
                    "date": "2026-01-10",
                    "residential_group_id": "TDP-2",
                    "kind": "training",
                },
                {
                    "id": "A5",
                    "date": "2024-12-01",
                    "residential_group_id": "TDP-1",
                    "kind": "drill",
                },
            ]
        ),
        "incidents": _frame(
            [
                {"id": "I1", "date": "2026-03-03"},
                {"id": "I2", "date": "2025-07-01"},
                {"id": "I3", "date": "2025-05-01"},
            ],
            [EAST, WEST, WEST],
        ),
    }
    layers = {}
    for name in LAYER_NAMES:
        if name in raw:
            layers[name], problems = conform_layer(name, raw[name])
            assert not problems, problems
        else:
            layers[name] = empty_layer(name)
    layers = with_residential_groups(layers)  # as open_ward does: the polygon holding a point
    return Ward(path=Path("/nonexistent-ward"), config=WardConfig(), layers=layers)


@pytest.fixture(scope="module")
def hand() -> tuple[pd.DataFrame, pd.DataFrame]:
    ward = _hand_ward()
    ind = ps.plan_indicators(ward, ward.config, as_of=AS_OF, network=NETWORK)
    groups = ps.plan_indicators_by_group(ward, ward.config, as_of=AS_OF, network=NETWORK)
    return ind.set_index("key"), groups.set_index("group_id")


# key → (value, previous) counted by hand; NaN where last year's state is unknown
EXPECTED = {
    "high_risk_premises": (3, math.nan),
    "high_risk_inspected": (200 / 3, math.nan),  # P1, P3 inspected in 2026 of P1–P3
    "violations_fixed_on_time": (50, math.nan),  # due in the period: P1 (open), P2 (fixed)
    "violations_overdue": (1, math.nan),  # P1
    "households_in_groups": (50, 20),  # G1 (3) + G3 (2) of 10; a year before only G3
    "safety_groups_per_group": (1, 0.5),  # G1, G3 over 2 TDP (G2 set up after as_of)
    "households_with_extinguisher": (75, math.nan),  # 3 of the 4 answers
    "points_working": (50, 50),  # D1 of D1, D2 (D3 installed after as_of)
    "deep_alleys_with_point": (25, math.nan),
    "propaganda_per_group": (1, 0.5),  # A1, A2 (A3 the day before the period)
    "trainings_per_group": (0.5, 0),
    "drills_per_group": (0, 0.5),
    "fires": (2, 1),  # I1, I2 (the period's first day); a year before I3
}


def test_every_indicator_equals_the_hand_count(hand):
    ind, _ = hand
    assert list(ind.index) == list(WardConfig().plan.indicators)
    for key, (value, previous) in EXPECTED.items():
        got = ind.loc[key]
        assert got["value"] == pytest.approx(value, nan_ok=True), key
        if key != "points_working":  # statuses are today's: no "previous" without history
            assert got["previous"] == pytest.approx(previous, nan_ok=True), key
    assert math.isnan(ind.loc["points_working", "previous"])


def test_targets_deadlines_and_on_track(hand):
    ind, _ = hand
    row = ind.loc["households_in_groups"]
    assert (row["target"], row["deadline"], row["responsible"]) == (
        70.0,
        pd.Timestamp("2026-12-31"),
        "police",
    )
    assert not ind.loc["households_in_groups", "on_track"]  # 50 % < 70 %
    assert (
        ind.loc["violations_overdue", "on_track"] is False
        or not ind.loc["violations_overdue", "on_track"]
    )
    assert not ind.loc["fires", "on_track"]  # no target: 2 fires against 1 last year
    assert pd.isna(ind.loc["high_risk_premises", "on_track"])  # neither target nor last year
    assert (
        ind.loc["propaganda_per_group", "on_track"] is pd.NA
        or not ind.loc["propaganda_per_group", "on_track"]
    )  # 1 session per TDP against a target of 2


def test_per_group_figures_and_lagging(hand):
    _, groups = hand
    assert groups.loc["TDP-1", "households_in_groups"] == pytest.approx(50)
    assert groups.loc["TDP-2", "households_with_extinguisher"] == pytest.approx(100)
    assert groups.loc["TDP-1", "high_risk_inspected"] == pytest.approx(50)
    assert groups.loc["TDP-2", "points_working"] == 0
    assert groups.loc["TDP-1", "propaganda_per_group"] == 2
    assert (groups.loc["TDP-1", "fires"], groups.loc["TDP-2", "fires"]) == (1, 1)
    assert "deep_alleys_with_point" not in groups.columns
    ranked = list(groups.index)
    assert groups["score"].is_monotonic_decreasing
    assert list(groups["lagging"]) == [False, True]  # the last quarter, rounded up: one
    assert groups.loc[ranked[-1], "met"] < groups.loc[ranked[-1], "with_target"]


def test_month_series_from_dated_records():
    ward = _hand_ward()
    monthly = ps.indicators_by_month(ward, ward.config, as_of=AS_OF, months=13)
    table = monthly.pivot(index="month", columns="key", values="value")
    assert list(table.index[[0, -1]]) == [pd.Timestamp("2025-06-30"), AS_OF]
    assert table.loc["2025-06-30", "households_in_groups"] == pytest.approx(20)
    assert table.loc["2025-09-30", "households_in_groups"] == pytest.approx(50)
    assert table.loc[AS_OF, "fires"] == 2
    assert math.isnan(table.loc["2025-09-30", "households_with_extinguisher"])  # no dates
    assert table.loc[AS_OF, "households_with_extinguisher"] == pytest.approx(75)
    assert set(monthly["source"]) == {"records"}


def test_period_start_is_checked():
    ward = _hand_ward()
    with pytest.raises(ValueError, match="'start' should be on or before"):
        ps.plan_indicators(
            ward, ward.config, as_of=AS_OF, start=AS_OF + pd.Timedelta(days=1), network=NETWORK
        )


@pytest.fixture(scope="module")
def sample() -> tuple[Ward, ps.NetworkFigures]:
    ward = open_ward(SAMPLE_WARD)
    return ward, ps.compute_network(ward)


def test_sample_figures_equal_counts_made_apart(sample):
    ward, network = sample
    as_of = pd.Timestamp("2026-11-01")
    ind = ps.plan_indicators(ward, ward.config, as_of=as_of, network=network).set_index("key")
    hh, groups = ward["households"], ward["safety_groups"]
    live = groups.loc[groups["established"].isna() | (groups["established"] <= as_of), "id"]
    share = 100 * hh["safety_group_id"].isin(set(live)).mean()
    assert ind.loc["households_in_groups", "value"] == pytest.approx(share)
    acts = ward["activities"]
    year = acts[(acts["date"] > as_of - pd.DateOffset(years=1)) & (acts["date"] <= as_of)]
    drills = (year["kind"] == "drill").sum() / len(ward["residential_groups"])
    assert ind.loc["drills_per_group", "value"] == pytest.approx(drills)
    fires = ward["incidents"]["date"].between(as_of - pd.DateOffset(years=1), as_of)
    assert (
        ind.loc["fires", "value"]
        == fires.sum() - (ward["incidents"]["date"] == as_of - pd.DateOffset(years=1)).sum()
    )
    premises = ward["premises"]
    assert ind.loc["high_risk_premises", "value"] == len(network.high_risk_ids) > 0
    overdue = (premises["open_violations"] > 0) & (premises["violation_deadline"] < as_of)
    assert ind.loc["violations_overdue", "value"] == overdue.sum()
    points = ward["firefighting_points"]
    assert ind.loc["points_working", "value"] == pytest.approx(
        100 * (points["status"] == "working").mean()
    )
    # the figures Tổng quan shows are these, formatted
    shown = {h.key: h.value for h in plan_view.headlines(ind.reset_index(), "vi")}
    assert shown["households_in_groups"] == plan_view.value_text(
        "households_in_groups", share, "vi"
    )
    assert len(ward["activities"]) > 0 and ward["activities"]["note"].eq("Dữ liệu mô phỏng").all()


def test_a_ward_without_its_premises_list_does_not_count_zero_premises():
    """No premises layer yet (a real ward's first days): the premises' figures are unknown
    ("–" on Tổng quan), not "0 cơ sở" as if the ward had none."""
    ward = _hand_ward()
    layers = {**ward.layers, "premises": empty_layer("premises")}
    bare = Ward(path=ward.path, config=ward.config, layers=layers)
    ind = ps.plan_indicators(bare, bare.config, as_of=AS_OF, network=NETWORK).set_index("key")
    for key in ("high_risk_premises", "high_risk_inspected", "violations_overdue"):
        assert math.isnan(ind.loc[key, "value"]), key
    assert ind.loc["fires", "value"] == 2, "other figures are still counted"
    groups = ps.plan_indicators_by_group(bare, bare.config, as_of=AS_OF, network=NETWORK)
    assert groups["high_risk_premises"].isna().all()
