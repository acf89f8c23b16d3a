"""Where the plan stands: each ``[plan]`` indicator computed from the ward's data, with its
target, deadline, responsible unit and the same figure one year earlier ("cùng kỳ năm trước").

Every figure comes from the data — never typed where the data can say it:

=============================  ==================================================================
``high_risk_premises``         premises of risk class high or very high (network analysis)
``high_risk_inspected``        share of those inspected in the calendar year of ``as_of`` (up
                               to ``as_of``): an inspection recorded in the ``inspections``
                               layer, or else their ``last_inspection``
``violations_fixed_on_time``   of the violations (``violations`` layer) whose deadline falls in
                               the period, the share fixed by their deadline; a ward with no
                               violation recorded there: of the premises whose
                               ``violation_deadline`` falls in the period, the share with no
                               open violation left (an approximation)
``violations_overdue``         premises with open violations past their deadline at ``as_of``
``households_in_groups``       share of households in a tổ liên gia established by ``as_of``
``safety_groups_per_group``    tổ liên gia established by ``as_of`` per tổ dân phố
``households_with_extinguisher``  share of households with ``has_extinguisher`` true (of those
                               with a known answer)
``points_working``             share of public points installed by ``as_of`` that work
``deep_alleys_with_point``     share of deep truck-impassable alleys with a working point
``propaganda_per_group``, ``trainings_per_group``, ``drills_per_group``
                               activities of that kind in the period per tổ dân phố
``fires``                      fires in the period
=============================  ==================================================================

The period is ``[start, as_of]``; ``start`` defaults to one year before ``as_of`` (the last 12
months). A tổ liên gia, point or activity without a date counts as always there.

"Dated" indicators (activities, fires, tổ liên gia, points) are recomputed one year earlier
from the dated records. The others describe the data's state: one year earlier they come
from the snapshot of the store in force then (:mod:`pipelines.model.history`), when the
history reaches that far, else they are missing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.model.history import version_at
from pipelines.model.inspection import with_inspection_history
from pipelines.model.settings import WardConfig
from pipelines.model.settings_plan import INDICATOR_BY_KEY, IndicatorSpec
from pipelines.model.store import Ward, gpkg_path, open_snapshot
from pipelines.model.territory import containing_group

HIGH_RISK = ("high", "very_high")
COLUMNS = (
    "key", "label_vi", "label_en", "unit_vi", "unit_en", "value", "target", "deadline",
    "responsible", "previous", "on_track",
)  # fmt: skip
NO_GROUP = ""


@dataclass(frozen=True)
class NetworkFigures:
    """What the network analysis says of the ward's current data (risk and deep alleys)."""

    high_risk_ids: frozenset[str]
    deep_alleys: int
    deep_alleys_with_point: int


def network_figures(analysis: object) -> NetworkFigures:
    """Pick the plan's figures out of a :class:`pipelines.network.analysis.WardAnalysis`."""
    premises = analysis.premises  # type: ignore[attr-defined]
    high = premises.loc[premises["risk_class"].isin(HIGH_RISK), "id"].astype(str)
    alleys = analysis.deep_alleys  # type: ignore[attr-defined]
    return NetworkFigures(
        frozenset(high),
        len(alleys),
        int((alleys["working_points"] > 0).sum()) if len(alleys) else 0,
    )


def compute_network(ward: Ward) -> NetworkFigures:
    """Run the network analysis of ``ward`` (seconds on the sample) and keep the plan's figures."""
    from pipelines.network.analysis import analyze_ward

    return network_figures(analyze_ward(ward))


# --- One indicator: numerator and denominator per tổ dân phố --------------------------------


_LAYERS = (
    "residential_groups", "households", "safety_groups", "firefighting_points", "premises",
    "activities", "incidents", "inspections", "violations",
)  # fmt: skip


def ward_tables(ward: Ward) -> dict[str, pd.DataFrame]:
    """The layers the indicators read, as plain frames (no geometry); fires get the tổ dân phố
    of the polygon holding them (the layer has no such field). Premises with inspections
    recorded take their summary from them (:func:`pipelines.model.inspection.with_inspection_history`)."""
    ward = with_inspection_history(ward)
    out = {name: pd.DataFrame(ward[name].drop(columns="geometry")) for name in _LAYERS}
    incidents = ward["incidents"]
    out["incidents"]["residential_group_id"] = containing_group(
        incidents.geometry, ward["residential_groups"]
    )
    return out


@dataclass(frozen=True)
class _Ctx:
    t: dict[str, pd.DataFrame]
    as_of: pd.Timestamp
    start: pd.Timestamp
    network: NetworkFigures | None


def _by_group(frame: pd.DataFrame, mask: np.ndarray | pd.Series | None = None) -> pd.Series:
    sub = frame if mask is None else frame[np.asarray(mask, dtype=bool)]
    key = sub["residential_group_id"].astype(object).where(sub["residential_group_id"].notna())
    return sub.groupby(key.fillna(NO_GROUP), sort=False).size().astype(float)


def _dated(frame: pd.DataFrame, column: str, as_of: pd.Timestamp) -> pd.Series:
    """Rows dated up to ``as_of``, and rows without a date."""
    dates = pd.to_datetime(frame[column])
    return dates.isna() | (dates <= as_of)


def _in_period(frame: pd.DataFrame, column: str, c: _Ctx) -> pd.Series:
    dates = pd.to_datetime(frame[column])
    return (dates >= c.start) & (dates <= c.as_of)


def _households_in_groups(c: _Ctx) -> tuple[pd.Series, pd.Series]:
    hh, groups = c.t["households"], c.t["safety_groups"]
    live = set(groups.loc[_dated(groups, "established", c.as_of), "id"].astype(str))
    member = hh["safety_group_id"].astype(object).isin(live)
    return _by_group(hh, member), _by_group(hh)


def _safety_groups(c: _Ctx) -> tuple[pd.Series, pd.Series]:
    groups = c.t["safety_groups"]
    return _by_group(groups, _dated(groups, "established", c.as_of)), pd.Series(dtype=float)


def _extinguisher(c: _Ctx) -> tuple[pd.Series, pd.Series]:
    hh = c.t["households"]
    known = hh["has_extinguisher"].notna()
    return _by_group(hh, known & hh["has_extinguisher"].fillna(False).astype(bool)), _by_group(
        hh, known
    )


def _points_working(c: _Ctx) -> tuple[pd.Series, pd.Series]:
    points = c.t["firefighting_points"]
    there = _dated(points, "installed", c.as_of)
    return _by_group(points, there & (points["status"] == "working")), _by_group(points, there)


def _violations_overdue(c: _Ctx) -> tuple[pd.Series, pd.Series] | None:
    p = c.t["premises"]
    if not len(p):  # no premises list yet: unknown, not "none overdue"
        return None
    deadline = pd.to_datetime(p["violation_deadline"])
    overdue = (p["open_violations"].fillna(0) > 0) & (deadline < c.as_of)
    return _by_group(p, overdue), pd.Series(dtype=float)


def _violations_fixed(c: _Ctx) -> tuple[pd.Series, pd.Series]:
    p, v = c.t["premises"], c.t["violations"]
    if len(v):  # exact: each violation due in the period, fixed by its deadline
        groups = p.set_index(p["id"].astype(str))["residential_group_id"]
        v = v.assign(residential_group_id=v["premises_id"].astype(str).map(groups))
        due = _in_period(v, "deadline", c)
        fixed = pd.to_datetime(v["fixed_on"]) <= pd.to_datetime(v["deadline"])
        return _by_group(v, due & fixed & (v["status"] == "fixed")), _by_group(v, due)
    due = _in_period(p, "violation_deadline", c)
    return _by_group(p, due & (p["open_violations"].fillna(0) == 0)), _by_group(p, due)


def _high_risk(c: _Ctx) -> pd.Series | None:
    if c.network is None or not len(c.t["premises"]):  # no premises list: unknown, not 0
        return None
    return c.t["premises"]["id"].astype(str).isin(c.network.high_risk_ids)


def _high_risk_premises(c: _Ctx) -> tuple[pd.Series, pd.Series] | None:
    high = _high_risk(c)
    return None if high is None else (_by_group(c.t["premises"], high), pd.Series(dtype=float))


def _high_risk_inspected(c: _Ctx) -> tuple[pd.Series, pd.Series] | None:
    high = _high_risk(c)
    if high is None:
        return None
    p, ins = c.t["premises"], c.t["inspections"]
    year_start = pd.Timestamp(c.as_of.year, 1, 1)
    last = pd.to_datetime(p["last_inspection"])
    done = (last >= year_start) & (last <= c.as_of)
    if len(ins):  # the inspections recorded, where a premises has any
        dates = pd.to_datetime(ins["date"])
        inspected = set(ins.loc[(dates >= year_start) & (dates <= c.as_of), "premises_id"])
        recorded = p["id"].isin(set(ins["premises_id"]))
        done = done.where(~recorded, p["id"].isin(inspected))
    return _by_group(p, high & done), _by_group(p, high)


def _activities(kind: str) -> Callable[[_Ctx], tuple[pd.Series, pd.Series]]:
    def count(c: _Ctx) -> tuple[pd.Series, pd.Series]:
        acts = c.t["activities"]
        return _by_group(acts, (acts["kind"] == kind) & _in_period(acts, "date", c)), pd.Series(
            dtype=float
        )

    return count


def _fires(c: _Ctx) -> tuple[pd.Series, pd.Series]:
    inc = c.t["incidents"]
    return _by_group(inc, _in_period(inc, "date", c)), pd.Series(dtype=float)


# How each indicator turns its counts into a figure: "share" (100 × num / den), "per_group"
# (num over the tổ dân phố count, ward-wide; num for one tổ dân phố), "count" (num).
_FIGURES: dict[str, tuple[str, Callable[[_Ctx], tuple[pd.Series, pd.Series] | None], bool]] = {
    "high_risk_premises": ("count", _high_risk_premises, False),
    "high_risk_inspected": ("share", _high_risk_inspected, False),
    "violations_fixed_on_time": ("share", _violations_fixed, False),
    "violations_overdue": ("count", _violations_overdue, False),
    "households_in_groups": ("share", _households_in_groups, True),
    "safety_groups_per_group": ("per_group", _safety_groups, True),
    "households_with_extinguisher": ("share", _extinguisher, False),
    "points_working": ("share", _points_working, False),
    "propaganda_per_group": ("per_group", _activities("propaganda"), True),
    "trainings_per_group": ("per_group", _activities("training"), True),
    "drills_per_group": ("per_group", _activities("drill"), True),
    "fires": ("count", _fires, True),
}  # the third item: True when dated records give the figure at any past date
PER_GROUP_KEYS = tuple(_FIGURES)  # deep alleys are not placed in a tổ dân phố


def _float(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _ratio(num: float, den: float) -> float:
    return 100.0 * num / den if den else math.nan


def _ward_value(key: str, c: _Ctx) -> float:
    if key == "deep_alleys_with_point":
        if c.network is None:
            return math.nan
        return _ratio(c.network.deep_alleys_with_point, c.network.deep_alleys)
    how, compute, _ = _FIGURES[key]
    got = compute(c)
    if got is None:
        return math.nan
    num, den = got
    if how == "share":
        return _ratio(num.sum(), den.sum())
    if how == "per_group":
        groups = len(c.t["residential_groups"])
        return float(num.sum()) / groups if groups else math.nan
    return float(num.sum())


def _group_values(key: str, c: _Ctx, ids: pd.Index) -> pd.Series:
    how, compute, _ = _FIGURES[key]
    got = compute(c)
    if got is None:
        return pd.Series(math.nan, index=ids)
    num, den = (s.reindex(ids, fill_value=0.0) for s in got)
    if how == "share":
        return 100.0 * num / den.where(den > 0)
    return num


def _on_track(spec: IndicatorSpec, value: float, target: float, previous: float) -> object:
    if math.isnan(value):
        return pd.NA
    goal = target if not math.isnan(target) else previous
    if math.isnan(goal):
        return pd.NA
    return bool(value >= goal) if spec.higher_is_better else bool(value <= goal)


# --- Public surface --------------------------------------------------------------------------


def default_start(as_of: pd.Timestamp) -> pd.Timestamp:
    """Start of the default period: the 12 months up to ``as_of`` (the day after, a year back)."""
    return as_of - pd.DateOffset(years=1) + pd.Timedelta(days=1)


def _context(
    ward: Ward | dict[str, pd.DataFrame],
    as_of: pd.Timestamp,
    start: pd.Timestamp | None,
    network: NetworkFigures | None,
) -> _Ctx:
    as_of = pd.Timestamp(as_of).normalize()
    start = default_start(as_of) if start is None else pd.Timestamp(start).normalize()
    if start > as_of:
        raise ValueError(f"'start' should be on or before 'as_of' ({as_of.date()}), got {start}")
    tables = ward if isinstance(ward, dict) else ward_tables(ward)
    return _Ctx(tables, as_of, start, network)


def _year_before_ward(ward: Ward, moment: pd.Timestamp) -> Ward | None:
    """The version of the store in force at ``moment``, when the history holds one."""
    if ward.path is None or not gpkg_path(ward.path).is_file():
        return None
    utc = dt.datetime.combine(moment.date(), dt.time(23, 59), tzinfo=dt.UTC)
    snap = version_at(ward.path, utc)
    if snap is None or snap.until is None:  # nothing then, or the current file itself
        return None
    return open_snapshot(ward.path, snap.path)


def plan_indicators(
    ward: Ward,
    config: WardConfig,
    *,
    as_of: pd.Timestamp,
    start: pd.Timestamp | None = None,
    network: NetworkFigures | None = None,
    year_before: Ward | None = None,
) -> pd.DataFrame:
    """Return one row per indicator of ``config.plan`` (configured order), columns :data:`COLUMNS`.

    Parameters
    ----------
    as_of, start
        The date of the figures and the start of the period for counts (default: the 12
        months up to ``as_of``).
    network
        The network figures of ``ward`` (:func:`network_figures`); computed when not given.
    year_before
        The ward as it was one year before ``as_of``; looked up in the history when not given.
    """
    c = _context(ward, as_of, start, network if network is not None else compute_network(ward))
    back = pd.DateOffset(years=1)
    old_ward = year_before if year_before is not None else _year_before_ward(ward, c.as_of - back)
    past = _Ctx(c.t, c.as_of - back, c.start - back, None)
    old = None if old_ward is None else _context(old_ward, past.as_of, past.start, None)
    rows = []
    for key, item in config.plan.indicators.items():
        spec = INDICATOR_BY_KEY[key]
        value = _ward_value(key, c)
        if key in _FIGURES and _FIGURES[key][2]:
            previous = _ward_value(key, past)
        else:
            previous = _ward_value(key, old) if old is not None else math.nan
        target = _float(item["target"])
        rows.append(
            {
                "key": key,
                "label_vi": spec.vi,
                "label_en": spec.en,
                "unit_vi": spec.unit_vi,
                "unit_en": spec.unit_en,
                "value": value,
                "target": target,
                "deadline": pd.Timestamp(item["deadline"]),
                "responsible": item["responsible"],
                "previous": previous,
                "on_track": _on_track(spec, value, target, previous),
            }
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["on_track"] = frame["on_track"].astype("boolean")
    return frame


def plan_indicators_by_group(
    ward: Ward,
    config: WardConfig,
    *,
    as_of: pd.Timestamp,
    start: pd.Timestamp | None = None,
    network: NetworkFigures | None = None,
) -> pd.DataFrame:
    """Return one row per tổ dân phố: ``group_id``, ``group_name``, a column per indicator
    key computable per tổ dân phố, ``met`` (targets met), ``with_target`` (targets that
    apply), ``score`` (met / with_target) and ``lagging``.

    Rows are ranked by ``score``, best first (ties in the layer's order). The lagging ones
    are the last quarter of the ranking (rounded up) that miss at least one target.
    """
    c = _context(ward, as_of, start, network if network is not None else compute_network(ward))
    groups = ward["residential_groups"]
    ids = pd.Index(groups["id"].astype(str), name="group_id")
    table = pd.DataFrame({"group_id": ids, "group_name": groups["name"].astype(object).to_numpy()})
    met = pd.Series(0, index=ids)
    with_target = pd.Series(0, index=ids)
    for key, item in config.plan.indicators.items():
        if key not in _FIGURES:
            continue
        values = _group_values(key, c, ids)
        table[key] = values.to_numpy(dtype=float)
        target = _float(item["target"])
        if math.isnan(target):
            continue
        known = values.notna()
        ok = values >= target if INDICATOR_BY_KEY[key].higher_is_better else values <= target
        met += (ok & known).astype(int)
        with_target += known.astype(int)
    table["met"] = met.to_numpy()
    table["with_target"] = with_target.to_numpy()
    table["score"] = (met / with_target.where(with_target > 0)).to_numpy(dtype=float)
    table = table.sort_values("score", ascending=False, kind="stable", na_position="last")
    table = table.reset_index(drop=True)
    last = np.arange(len(table)) >= len(table) - math.ceil(len(table) / 4)
    table["lagging"] = last & (table["met"] < table["with_target"]).to_numpy()
    return table


def month_ends(as_of: pd.Timestamp, months: int) -> list[pd.Timestamp]:
    """The last ``months`` month ends up to ``as_of`` (the last one is ``as_of`` itself)."""
    as_of = pd.Timestamp(as_of).normalize()
    ends = [as_of]
    cursor = as_of.replace(day=1) - pd.Timedelta(days=1)
    while len(ends) < months:
        ends.append(cursor)
        cursor = cursor.replace(day=1) - pd.Timedelta(days=1)
    return ends[::-1]


def indicators_at(
    ward: Ward | dict[str, pd.DataFrame],
    config: WardConfig,
    moment: pd.Timestamp,
    *,
    dated_only: bool,
) -> dict[str, float]:
    """Every indicator at ``moment`` (12 months up to it) from ``ward``, without the network.

    ``dated_only`` leaves out (NaN) the indicators the dated records cannot give for a past
    date; the network indicators are always left out. ``ward`` may be the frames of
    :func:`ward_tables` (read once for many dates).
    """
    c = _context(ward, moment, None, None)
    out = {}
    for key in config.plan.indicators:
        dated = key in _FIGURES and _FIGURES[key][2]
        out[key] = _ward_value(key, c) if (dated or not dated_only) else math.nan
    return out


def _end_of_day(moment: pd.Timestamp) -> dt.datetime:
    return dt.datetime.combine(moment.date(), dt.time(23, 59, 59), tzinfo=dt.UTC)


def history_sources(ward: Ward, ends: list[pd.Timestamp]) -> list[object]:
    """For each date, the snapshot file in force then (``None``: the current data is used)."""
    if ward.path is None or not gpkg_path(ward.path).is_file():
        return [None] * len(ends)
    out: list[object] = []
    for moment in ends:
        snap = version_at(ward.path, _end_of_day(moment))
        out.append(snap.path if snap is not None and snap.until is not None else None)
    return out


def indicators_by_month(
    ward: Ward,
    config: WardConfig,
    *,
    as_of: pd.Timestamp,
    months: int = 24,
    figures_of: Callable[[object, pd.Timestamp], dict[str, float]] | None = None,
) -> pd.DataFrame:
    """Each indicator at each of the last ``months`` month ends (12 months up to each).

    A month whose end a snapshot covers is computed on that snapshot (``figures_of(path,
    month_end)``, by default :func:`indicators_at` on :func:`open_snapshot`; pass a cached
    one); other months from the current data's dated records. Network indicators are left
    out. Columns: ``month`` (the month end), ``key``, ``value``, ``source`` {"snapshot",
    "records"}.
    """
    ends = month_ends(as_of, months)
    opened: dict[object, dict[str, pd.DataFrame]] = {}  # each snapshot read once
    current = ward_tables(ward)

    def from_snapshot(path: object, moment: pd.Timestamp) -> dict[str, float]:
        if path not in opened:
            opened[path] = ward_tables(open_snapshot(ward.path, path))
        return indicators_at(opened[path], config, moment, dated_only=False)

    figures_of = figures_of or from_snapshot
    rows = []
    for moment, path in zip(ends, history_sources(ward, ends), strict=True):
        if path is not None:
            values, source = figures_of(path, moment), "snapshot"
        else:
            latest = moment == ends[-1]
            values = indicators_at(current, config, moment, dated_only=not latest)
            source = "records"
        rows += [
            {"month": moment, "key": k, "value": v, "source": source} for k, v in values.items()
        ]
    return pd.DataFrame(rows, columns=["month", "key", "value", "source"])
