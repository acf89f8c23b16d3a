"""The figures of a review report (sơ kết, tổng kết) over one period, from the ward's data.

The plan's indicators against their targets are the plan follow-up's own
(:func:`pipelines.reports.plan_status.plan_indicators`: the same figures as Tổng quan);
:func:`review_groups` gives the per-tổ dân phố table in the plan's ranking, the lagging ones
marked as on Tổng quan. :func:`review_facts` adds what the report lists: high-risk premises and their violations, the tổ liên gia and public points added in the
period, and the fires of the period against the same period last year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.model.settings import WardConfig
from pipelines.model.store import Ward
from pipelines.network.analysis import WardAnalysis
from pipelines.network.risk import HIGH_CLASSES
from pipelines.reports.indicators import breakdown_by_group
from pipelines.reports.period import Period
from pipelines.reports.plan_status import (
    NetworkFigures,
    network_figures,
    plan_indicators,
    plan_indicators_by_group,
)


def review_groups(
    ward: Ward,
    config: WardConfig,
    *,
    as_of: pd.Timestamp,
    start: pd.Timestamp | None = None,
    network: NetworkFigures | None = None,
) -> pd.DataFrame:
    """One row per tổ dân phố, in the plan's ranking (best first): ``group_id``,
    ``group_name``, ``households``, ``households_in_group`` (%), ``safety_groups``,
    ``points_working``, ``premises``, ``violations_open`` and ``lagging`` — the tổ dân phố
    the plan follow-up marks (:func:`pipelines.reports.plan_status.plan_indicators_by_group`:
    the last quarter of the ranking, missing a target), so the report and Tổng quan agree.
    """
    ranking = plan_indicators_by_group(ward, config, as_of=as_of, start=start, network=network)
    table = breakdown_by_group(ward)
    table = table[table["group_id"] != ""].set_index("group_id")
    groups = ward["safety_groups"]
    established = pd.to_datetime(groups["established"], errors="coerce")
    existing = groups[(established.isna() | (established <= pd.Timestamp(as_of))).to_numpy()]
    per_group = existing.groupby(existing["residential_group_id"].fillna("")).size()
    ids = ranking["group_id"].astype(str)
    row = table.reindex(ids)
    return pd.DataFrame(
        {
            "group_id": ids.to_numpy(),
            "group_name": ranking["group_name"].to_numpy(),
            "households": row["households"].fillna(0).to_numpy(dtype=float),
            "households_in_group": 100.0 * row["share_in_group"].astype(float).to_numpy(),
            "safety_groups": ids.map(per_group).fillna(0).to_numpy(dtype=float),
            "points_working": row["points_working"].fillna(0).to_numpy(dtype=float),
            "premises": row["premises"].fillna(0).to_numpy(dtype=float),
            "violations_open": row["premises_with_violations"].fillna(0).to_numpy(dtype=float),
            "lagging": ranking["lagging"].to_numpy(dtype=bool),
        }
    )


def _between(dates: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    dates = pd.to_datetime(dates, errors="coerce")
    return (dates >= start) & (dates <= end)


@dataclass(frozen=True)
class FireFigures:
    """Fires of one window: ``fires``, ``deaths``, ``injuries``, ``damage_vnd``."""

    fires: int
    deaths: int
    injuries: int
    damage_vnd: float


@dataclass(frozen=True)
class ReviewFacts:
    """Everything a review report states, computed once.

    ``indicators`` are :func:`pipelines.reports.plan_status.plan_indicators` and ``groups``
    :func:`review_groups`;
    ``high_risk`` the premises of risk class high or very high (``name``, ``category``,
    ``group_name``, ``risk_class``, ``risk_score``, ``open_violations``,
    ``violation_deadline``, ``violation`` ∈ {"open", "overdue", "fixed", "none"}), riskiest
    first; ``violations`` counts premises by that status over the whole ward;
    ``new_safety_groups`` and ``new_points`` the records dated in the period (``name``,
    ``group_name``, ``date``); ``fires`` and ``fires_before`` the period and the same period
    one year earlier.
    """

    period: Period
    as_of: pd.Timestamp
    indicators: pd.DataFrame
    groups: pd.DataFrame
    high_risk: pd.DataFrame
    violations: dict[str, int]
    new_safety_groups: pd.DataFrame
    new_points: pd.DataFrame
    fires: FireFigures
    fires_before: FireFigures


def _violation_status(premises: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """ "open" (within its deadline), "overdue", "fixed" (violations found at the last
    inspection, none open now) or "none" for each premises."""
    open_ = premises["open_violations"].fillna(0).to_numpy() > 0
    deadline = pd.to_datetime(premises["violation_deadline"], errors="coerce").to_numpy()
    overdue = open_ & (deadline < np.datetime64(as_of))
    found = (premises["inspection_result"] == "failed").fillna(False).to_numpy(bool)
    status = np.where(overdue, "overdue", np.where(open_, "open", np.where(found, "fixed", "none")))
    return pd.Series(status, index=premises.index)


def _fires(incidents: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> FireFigures:
    sub = incidents[_between(incidents["date"], start, end).to_numpy()]
    return FireFigures(
        fires=len(sub),
        deaths=int(sub["deaths"].fillna(0).sum()),
        injuries=int(sub["injuries"].fillna(0).sum()),
        damage_vnd=float(sub["damage_vnd"].fillna(0).sum()),
    )


def _added(frame: pd.DataFrame, column: str, names: dict, period: Period, as_of) -> pd.DataFrame:
    sub = frame[_between(frame[column], period.start, as_of).to_numpy()]
    out = pd.DataFrame(
        {
            "name": sub["name"].astype(str).to_numpy(),
            "group_name": sub["residential_group_id"].map(names).to_numpy(dtype=object),
            "date": pd.to_datetime(sub[column]).to_numpy(),
        }
    )
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def review_facts(
    ward: Ward, analysis: WardAnalysis, period: Period, *, today: pd.Timestamp | None = None
) -> ReviewFacts:
    """The figures of a review of ``period`` (cut at ``today`` when the period is not over)."""
    today = pd.Timestamp.today().normalize() if today is None else pd.Timestamp(today)
    as_of = min(period.end, today)
    groups_layer = ward["residential_groups"]
    names = dict(zip(groups_layer["id"], groups_layer["name"].astype(str), strict=True))
    premises = analysis.premises
    status = _violation_status(premises, as_of)
    high = premises["risk_class"].isin(HIGH_CLASSES).to_numpy()
    high_risk = pd.DataFrame(
        {
            "name": premises["name"].astype(str),
            "category": premises["category"],
            "group_name": premises["residential_group_id"].map(names),
            "risk_class": premises["risk_class"],
            "risk_score": premises["risk_score"].astype(float),
            "open_violations": premises["open_violations"].fillna(0).astype(int),
            "violation_deadline": pd.to_datetime(premises["violation_deadline"]),
            "violation": status,
        }
    )[high]
    high_risk = high_risk.sort_values("risk_score", ascending=False, kind="stable")
    network = network_figures(analysis)
    before = period.same_period_last_year()
    last_year_as_of = as_of - pd.DateOffset(years=1)
    return ReviewFacts(
        period=period,
        as_of=as_of,
        indicators=plan_indicators(
            ward, ward.config, as_of=as_of, start=period.start, network=network
        ),
        groups=review_groups(ward, ward.config, as_of=as_of, start=period.start, network=network),
        high_risk=high_risk.reset_index(drop=True),
        violations={k: int((status == k).sum()) for k in ("open", "overdue", "fixed")},
        new_safety_groups=_added(ward["safety_groups"], "established", names, period, as_of),
        new_points=_added(ward["firefighting_points"], "installed", names, period, as_of),
        fires=_fires(ward["incidents"], period.start, as_of),
        fires_before=_fires(ward["incidents"], before.start, last_year_as_of),
    )


__all__ = [
    "FireFigures",
    "ReviewFacts",
    "review_facts",
    "review_groups",
]
