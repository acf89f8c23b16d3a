"""The figures of a review report (sơ kết, tổng kết) over one period, from the ward's data.

:func:`review_indicators` and :func:`review_groups` give the plan's indicators ward-wide and per
tổ dân phố in the columns the plan follow-up promises (``pipelines/reports/plan_status.py``:
``plan_indicators`` and ``plan_indicators_by_group``); until that module is merged they are
built here from :mod:`pipelines.reports.indicators` and the dated records (tổ liên gia
established, points installed, inspections, fires). :func:`review_facts` adds what the report
lists: high-risk premises and their violations, the tổ liên gia and public points added in the
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
from pipelines.text.labels_reports import REVIEW_INDICATORS, REVIEW_UNITS

INDICATOR_COLUMNS = (
    "key",
    "label_vi",
    "label_en",
    "unit_vi",
    "unit_en",
    "value",
    "target",
    "deadline",
    "responsible",
    "previous",
    "on_track",
)
# key → (unit code, responsible unit code)
_INDICATORS = {
    "households_in_group": ("percent", "police"),
    "safety_groups": ("group", "police"),
    "points_installed": ("point", "ward"),
    "points_working": ("point", "ward"),
    "premises_inspected": ("premises", "police"),
    "violations_open": ("premises", "police"),
    "violations_overdue": ("premises", "police"),
    "fires": ("fire", "police"),
}


def _dated_upto(dates: pd.Series, day: pd.Timestamp) -> pd.Series:
    """Rows that existed on ``day``: dated on or before it, or undated (kept as existing)."""
    dates = pd.to_datetime(dates, errors="coerce")
    return dates.isna() | (dates <= day)


def _between(dates: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    dates = pd.to_datetime(dates, errors="coerce")
    return (dates >= start) & (dates <= end)


def _share_in_group(ward: Ward, day: pd.Timestamp) -> float:
    households = ward["households"]
    if not len(households):
        return float("nan")
    groups = ward["safety_groups"]
    existing = set(groups.loc[_dated_upto(groups["established"], day).to_numpy(), "id"])
    return 100.0 * float(households["safety_group_id"].isin(existing).mean())


def _figures(ward: Ward, day: pd.Timestamp, start: pd.Timestamp) -> dict[str, float]:
    """Every indicator on ``day``; period counts over [start, day]."""
    groups, points = ward["safety_groups"], ward["firefighting_points"]
    premises, incidents = ward["premises"], ward["incidents"]
    installed = _dated_upto(points["installed"], day).to_numpy()
    deadline = pd.to_datetime(premises["violation_deadline"], errors="coerce")
    open_ = premises["open_violations"].fillna(0).to_numpy() > 0
    return {
        "households_in_group": _share_in_group(ward, day),
        "safety_groups": float(_dated_upto(groups["established"], day).sum()),
        "points_installed": float(installed.sum()),
        "points_working": float((installed & (points["status"] == "working").to_numpy()).sum()),
        "premises_inspected": float(_between(premises["last_inspection"], start, day).sum()),
        "violations_open": float(open_.sum()),
        "violations_overdue": float((open_ & (deadline < day).to_numpy()).sum()),
        "fires": float(_between(incidents["date"], start, day).sum()),
    }


# The figures whose value one year earlier the data can tell: dated records only (today's
# status of a point or a violation says nothing about last year's).
_HAS_PREVIOUS = ("households_in_group", "safety_groups", "points_installed", "fires")


def review_indicators(
    ward: Ward, config: WardConfig, *, as_of: pd.Timestamp, start: pd.Timestamp | None = None
) -> pd.DataFrame:
    """The plan's indicators of ``ward`` on ``as_of`` (period counts over [start, as_of]).

    Switched to ``pipelines.reports.plan_status.plan_indicators`` at merge: same columns
    (:data:`INDICATOR_COLUMNS`); ``target``, ``deadline`` and ``on_track`` stay empty until the
    plan's targets (``[plan]``) exist. ``previous`` is the same figure one year earlier where
    dated records tell it (tổ liên gia established, points installed, fires), else NaN.
    """
    del config  # the plan's targets come with plan_status
    as_of = pd.Timestamp(as_of).normalize()
    start = as_of - pd.DateOffset(years=1) + pd.Timedelta(days=1) if start is None else start
    now = _figures(ward, as_of, pd.Timestamp(start))
    year = pd.DateOffset(years=1)
    before = _figures(ward, as_of - year, pd.Timestamp(start) - year)
    rows = []
    for key, (unit, responsible) in _INDICATORS.items():
        rows.append(
            {
                "key": key,
                "label_vi": REVIEW_INDICATORS[key][0],
                "label_en": REVIEW_INDICATORS[key][1],
                "unit_vi": REVIEW_UNITS[unit][0],
                "unit_en": REVIEW_UNITS[unit][1],
                "value": now[key],
                "target": np.nan,
                "deadline": pd.NaT,
                "responsible": responsible,
                "previous": before[key] if key in _HAS_PREVIOUS else np.nan,
                "on_track": pd.NA,
            }
        )
    return pd.DataFrame(rows, columns=list(INDICATOR_COLUMNS))


def review_groups(
    ward: Ward, config: WardConfig, *, as_of: pd.Timestamp, start: pd.Timestamp | None = None
) -> pd.DataFrame:
    """One row per tổ dân phố: ``group_id``, ``group_name``, ``households``,
    ``households_in_group`` (%), ``safety_groups``, ``points_working``, ``premises``,
    ``violations_open`` and ``lagging`` (share in a tổ liên gia under the ward's, or no
    working public point).

    Switched to ``pipelines.reports.plan_status.plan_indicators_by_group`` at merge.
    """
    del config, start
    table = breakdown_by_group(ward)
    table = table[table["group_id"] != ""]
    groups = ward["safety_groups"]
    existing = groups[_dated_upto(groups["established"], pd.Timestamp(as_of)).to_numpy()]
    per_group = existing.groupby(existing["residential_group_id"].fillna("")).size()
    ward_share = _share_in_group(ward, pd.Timestamp(as_of))
    share = 100.0 * table["share_in_group"].astype(float)
    out = pd.DataFrame(
        {
            "group_id": table["group_id"].to_numpy(),
            "group_name": table["group_name"].to_numpy(),
            "households": table["households"].to_numpy(dtype=float),
            "households_in_group": share.to_numpy(),
            "safety_groups": table["group_id"].map(per_group).fillna(0).to_numpy(dtype=float),
            "points_working": table["points_working"].to_numpy(dtype=float),
            "premises": table["premises"].to_numpy(dtype=float),
            "violations_open": table["premises_with_violations"].to_numpy(dtype=float),
        }
    )
    out["lagging"] = (out["households_in_group"] < ward_share) | (out["points_working"] == 0)
    return out.reset_index(drop=True)


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

    ``indicators`` and ``groups`` are :func:`review_indicators` and :func:`review_groups`;
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
    before = period.same_period_last_year()
    last_year_as_of = as_of - pd.DateOffset(years=1)
    return ReviewFacts(
        period=period,
        as_of=as_of,
        indicators=review_indicators(ward, ward.config, as_of=as_of, start=period.start),
        groups=review_groups(ward, ward.config, as_of=as_of, start=period.start),
        high_risk=high_risk.reset_index(drop=True),
        violations={k: int((status == k).sum()) for k in ("open", "overdue", "fixed")},
        new_safety_groups=_added(ward["safety_groups"], "established", names, period, as_of),
        new_points=_added(ward["firefighting_points"], "installed", names, period, as_of),
        fires=_fires(ward["incidents"], period.start, as_of),
        fires_before=_fires(ward["incidents"], before.start, last_year_as_of),
    )


__all__ = [
    "INDICATOR_COLUMNS",
    "FireFigures",
    "ReviewFacts",
    "review_facts",
    "review_groups",
    "review_indicators",
]
