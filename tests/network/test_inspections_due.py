"""Risk classes that single out the worst, and inspections due by risk class."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipelines.model.settings import RiskSection
from pipelines.model.store import open_ward
from pipelines.network.analysis import analyze_ward
from pipelines.network.risk import inspections_due, risk_split
from pipelines.network.tables import (
    inspections_due_table,
    inspections_summary,
    risk_table,
    table_bytes,
)
from pipelines.sample.ward import AS_OF
from tests.conftest import SAMPLE_WARD

W = RiskSection()


@pytest.fixture(scope="module")
def sample():
    return analyze_ward(open_ward(SAMPLE_WARD), today=AS_OF)


def test_classes_single_out_the_worst_on_the_sample(sample):
    share = sample.premises["risk_class"].astype(object).value_counts(normalize=True)
    # very high ≈ the worst tenth; high the next ~20 % (was 57 % high or very high at 50/70)
    assert 0.07 <= share["very_high"] <= 0.13, share.to_dict()
    assert 0.12 <= share["high"] <= 0.25, share.to_dict()
    assert share["very_high"] + share["high"] <= 0.35, share.to_dict()


def test_own_and_surroundings_add_up_on_the_sample(sample):
    p = sample.premises
    split = risk_split(p)
    pd.testing.assert_series_equal(
        split["risk_own"] + split["risk_surroundings"], p["risk_score"], check_names=False
    )
    assert (split["risk_surroundings"] > 0).mean() > 0.5  # the ward-wide factors
    table = risk_table(sample, "en")
    assert {"Points from the premises", "Points from the surroundings"} <= set(table.columns)


def _premises(rows):
    return pd.DataFrame(rows, columns=["id", "risk_class", "last_inspection"])


def test_due_dates_follow_the_risk_class():
    today = dt.date(2026, 6, 1)
    p = _premises(
        [
            ("V", "very_high", "2026-01-15"),  # +3 → 15/04: overdue
            ("H", "high", "2026-01-15"),  # +6 → 15/07: scheduled (45 days on)
            ("H2", "high", "2025-12-20"),  # +6 → 20/06: due soon
            ("M", "medium", "2025-06-01"),  # +12 → 01/06: today, due soon
            ("L", "low", "2025-05-31"),  # +12 → 31/05: overdue
            ("N", "very_high", None),  # never
        ]
    )
    got = inspections_due(p, W, today=today).set_index(p["id"])
    assert got["inspection_interval_months"].tolist() == [3, 6, 6, 12, 12, 3]
    assert got.loc["V", "inspection_due"] == pd.Timestamp("2026-04-15")
    assert got.loc["H2", "inspection_due"] == pd.Timestamp("2026-06-20")
    assert pd.isna(got.loc["N", "inspection_due"])
    assert got["inspection_status"].tolist() == [
        "overdue",
        "scheduled",
        "due_soon",
        "due_soon",
        "overdue",
        "never",
    ]
    longer = RiskSection(inspect_very_high_months=6, inspect_due_soon_days=0)
    again = inspections_due(p, longer, today=today)["inspection_status"].tolist()
    assert again == ["scheduled", "scheduled", "scheduled", "due_soon", "overdue", "never"]


def test_due_list_per_group_with_counts_and_files(sample):
    summary = inspections_summary(sample)
    table = inspections_due_table(sample, "vi")
    assert len(table) == summary.never + summary.overdue + summary.due_soon > 0
    assert set(table["Tình trạng kiểm tra"]) <= {
        "Chưa từng kiểm tra",
        "Quá hạn kiểm tra",
        "Sắp đến hạn",
    }
    assert summary.groups == table["Tổ dân phố"].nunique()
    # grouped: each tổ dân phố's rows are together
    runs = (table["Tổ dân phố"] != table["Tổ dân phố"].shift()).sum()
    assert runs == summary.groups
    assert table_bytes(table, "xlsx")[:2] == b"PK"
    assert "Hạn kiểm tra" in table_bytes(table, "csv").decode("utf-8-sig").splitlines()[0]


def test_due_lists_per_officer_and_group_add_up(sample):
    """(Helper "inspect".) Every premises due is in its officer's list and its tổ dân phố's;
    follow-ups of open violations are listed as such."""
    from pipelines.network.tables import DueFilter, column, due_officers

    whole = inspections_due_table(sample, "vi")
    officers = due_officers(sample)
    assert officers == ["canbo.an", "canbo.binh", "canbo.cuong"]
    parts = [inspections_due_table(sample, "vi", DueFilter(officer=o)) for o in officers]
    assert sum(len(p) for p in parts) == len(whole)
    for name, part in zip(officers, parts, strict=True):
        assert set(part[column("officer", "vi")]) == {name}
    group = sample.premises["residential_group_id"].dropna().iloc[0]
    mine = inspections_due_table(sample, "vi", DueFilter(officer="canbo.an", groups=(group,)))
    ids = set(sample.premises.loc[sample.premises["residential_group_id"] == group, "id"])
    assert set(mine[column("id", "vi")]) <= ids
    assert "Phúc tra vi phạm" in set(whole[column("inspection_reason", "vi")])
