"""Explainable fire-risk score for premises and business households.

The score is additive: each factor of :data:`FACTORS` gives points from the ward's
``[risk]`` settings (``ward.toml``), and the score is their sum, so every table row and
popup can show the breakdown *factor → points* and the breakdown always adds up to the
score. Classes (:data:`RISK_CLASSES`) cut the score at ``risk.class_medium_from``,
``class_high_from`` and ``class_very_high_from``.

The array core is :func:`risk_points` (a :class:`RiskInputs` of arrays in, points per factor
out); :func:`premises_risk_inputs` and :func:`household_risk_inputs` build the inputs from
layer frames and the coverage flags. Breakdown columns are named ``risk_<factor code>``,
followed by ``risk_score`` and ``risk_class``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

from pipelines.model.settings import RiskSection
from pipelines.text.formats import check_lang, format_number
from pipelines.text.labels import RISK_CLASS_LABELS, RISK_FACTORS, pick

HOUSEHOLD_CATEGORY = "household_business"  # key of risk.category_base for business households


@dataclass(frozen=True)
class RiskInputs:
    """Per-feature inputs of the risk score (all arrays of one length).

    Attributes
    ----------
    category
        Premises category code, or ``"household_business"``.
    open_violations, floors, occupants
        Counts (float; ``nan`` unknown counts as none).
    violation_overdue, construction_electrical, inspection_overdue, never_inspected,
    beyond_hose_reach, no_public_point, no_water, not_in_safety_group
        Boolean flags.
    nearby_incidents
        Number of recent fires within the incident radius (straight line).
    """

    category: np.ndarray
    open_violations: np.ndarray
    violation_overdue: np.ndarray
    construction_electrical: np.ndarray
    inspection_overdue: np.ndarray
    never_inspected: np.ndarray
    floors: np.ndarray
    occupants: np.ndarray
    beyond_hose_reach: np.ndarray
    no_public_point: np.ndarray
    no_water: np.ndarray
    not_in_safety_group: np.ndarray
    nearby_incidents: np.ndarray

    def __len__(self) -> int:
        return len(self.category)


def _capped(count: np.ndarray, per: float, cap: float) -> np.ndarray:
    return np.minimum(np.nan_to_num(np.asarray(count, float)) * per, cap)


def _flag(values: np.ndarray, weight: float) -> np.ndarray:
    return np.asarray(values, dtype=bool) * float(weight)


def _category_points(x: RiskInputs, w: RiskSection) -> np.ndarray:
    base = w.category_base
    codes, uniques = pd.factorize(np.asarray(x.category, dtype=object))
    values = np.array([float(base.get(u, base.get("other", 0))) for u in uniques] + [0.0])
    return values[codes]


@dataclass(frozen=True)
class Factor:
    """One term of the score: code and how its points are computed.

    Its label is :data:`pipelines.text.labels.RISK_FACTORS` of the code.
    """

    code: str
    points: Callable[[RiskInputs, RiskSection], np.ndarray]

    def label(self, lang: str = "vi") -> str:
        return pick(RISK_FACTORS[self.code], lang)

    @property
    def vi(self) -> str:
        return RISK_FACTORS[self.code][0]

    @property
    def en(self) -> str:
        return RISK_FACTORS[self.code][1]

    @property
    def column(self) -> str:
        return f"risk_{self.code}"


FACTORS: tuple[Factor, ...] = (
    Factor("category", _category_points),
    Factor(
        "open_violations",
        lambda x, w: _capped(x.open_violations, w.open_violation, w.open_violation_max),
    ),
    Factor(
        "overdue_violation",
        lambda x, w: _flag(x.violation_overdue, w.overdue_violation),
    ),
    Factor(
        "construction_electrical",
        lambda x, w: _flag(x.construction_electrical, w.construction_electrical),
    ),
    Factor(
        "inspection_overdue",
        lambda x, w: _flag(x.inspection_overdue, w.inspection_overdue),
    ),
    Factor(
        "never_inspected",
        lambda x, w: _flag(x.never_inspected, w.never_inspected),
    ),
    Factor(
        "floors",
        lambda x, w: _capped(
            np.maximum(np.nan_to_num(x.floors) - 2, 0), w.per_floor_above, w.floors_max
        ),
    ),
    Factor(
        "occupants",
        lambda x, w: _capped(
            np.floor(np.nan_to_num(x.occupants) / 50), w.per_50_occupants, w.occupants_max
        ),
    ),
    Factor(
        "beyond_hose_reach",
        lambda x, w: _flag(x.beyond_hose_reach, w.beyond_hose_reach),
    ),
    Factor(
        "no_public_point",
        lambda x, w: _flag(x.no_public_point, w.no_public_point),
    ),
    Factor(
        "no_water",
        lambda x, w: _flag(x.no_water, w.no_water),
    ),
    Factor(
        "not_in_safety_group",
        lambda x, w: _flag(x.not_in_safety_group, w.not_in_safety_group),
    ),
    Factor(
        "nearby_incidents",
        lambda x, w: _capped(x.nearby_incidents, w.per_nearby_incident, w.nearby_incidents_max),
    ),
)
FACTOR_BY_CODE: dict[str, Factor] = {f.code: f for f in FACTORS}
FACTOR_COLUMNS: tuple[str, ...] = tuple(f.column for f in FACTORS)
# Where each factor's points come from: the premises itself, or its surroundings (the ward's
# network, public points, water, safety groups and fires nearby). Every factor is in one.
OWN_FACTORS: tuple[str, ...] = (
    "category",
    "open_violations",
    "overdue_violation",
    "construction_electrical",
    "inspection_overdue",
    "never_inspected",
    "floors",
    "occupants",
)
SURROUNDINGS_FACTORS: tuple[str, ...] = tuple(f.code for f in FACTORS if f.code not in OWN_FACTORS)


@dataclass(frozen=True)
class RiskClass:
    """One risk class: code, map colour and the ``[risk]`` setting it starts from.

    Its label is :data:`pipelines.text.labels.RISK_CLASS_LABELS` of the code.
    """

    code: str
    colour: str
    starts_at: str | None

    def label(self, lang: str = "vi") -> str:
        return pick(RISK_CLASS_LABELS[self.code], lang)

    @property
    def vi(self) -> str:
        return RISK_CLASS_LABELS[self.code][0]

    @property
    def en(self) -> str:
        return RISK_CLASS_LABELS[self.code][1]


RISK_CLASSES: dict[str, RiskClass] = {
    c.code: c
    for c in (
        RiskClass("low", "#1a9850", None),
        RiskClass("medium", "#fee08b", "class_medium_from"),
        RiskClass("high", "#f46d43", "class_high_from"),
        RiskClass("very_high", "#a50026", "class_very_high_from"),
    )
}
HIGH_CLASSES: frozenset[str] = frozenset({"high", "very_high"})


def risk_points(inputs: RiskInputs, weights: RiskSection) -> dict[str, np.ndarray]:
    """Return the points of every factor (code → float array), in :data:`FACTORS` order."""
    return {f.code: np.asarray(f.points(inputs, weights), dtype=float) for f in FACTORS}


def risk_score(points: Mapping[str, np.ndarray]) -> np.ndarray:
    """Return the score: the sum of the factor points, added in :data:`FACTORS` order."""
    total = np.zeros(len(next(iter(points.values())))) if points else np.zeros(0)
    for f in FACTORS:
        total = total + points[f.code]
    return total


def risk_split(frame: pd.DataFrame) -> pd.DataFrame:
    """Return per row the points from the premises itself and from its surroundings.

    Columns ``risk_own`` (:data:`OWN_FACTORS`) and ``risk_surroundings``
    (:data:`SURROUNDINGS_FACTORS`), summed in :data:`FACTORS` order so that together they
    add up to ``risk_score``; rows without a score get ``nan`` in both.
    """
    parts = {}
    for name, codes in (("risk_own", OWN_FACTORS), ("risk_surroundings", SURROUNDINGS_FACTORS)):
        total = pd.Series(0.0, index=frame.index)
        for code in codes:
            total = total + frame[FACTOR_BY_CODE[code].column].astype(float)
        parts[name] = total
    out = pd.DataFrame(parts, index=frame.index)
    if "risk_score" in frame.columns:
        out[frame["risk_score"].isna().to_numpy()] = np.nan
    return out


def risk_class_codes(score: np.ndarray, weights: RiskSection) -> np.ndarray:
    """Return the position in :data:`RISK_CLASSES` of each score's class (``-1`` for ``nan``)."""
    score = np.asarray(score, dtype=float)
    starts = [getattr(weights, c.starts_at) for c in RISK_CLASSES.values() if c.starts_at]
    codes = np.searchsorted(np.asarray(starts, dtype=float), score, side="right")
    return np.where(np.isnan(score), -1, codes).astype(np.int64)


def risk_class(score: np.ndarray, weights: RiskSection) -> np.ndarray:
    """Return the class code of each score (``nan`` scores get ``None``)."""
    labels = np.array([*RISK_CLASSES, None], dtype=object)
    return labels[risk_class_codes(score, weights)]


def risk_frame(inputs: RiskInputs, weights: RiskSection) -> pd.DataFrame:
    """Return the breakdown columns ``risk_<factor>``, ``risk_score`` and ``risk_class``.

    ``risk_class`` is a categorical over the codes of :data:`RISK_CLASSES`.
    """
    points = risk_points(inputs, weights)
    frame = pd.DataFrame({FACTOR_BY_CODE[c].column: v for c, v in points.items()})
    frame["risk_score"] = risk_score(points)
    frame["risk_class"] = pd.Categorical.from_codes(
        risk_class_codes(frame["risk_score"].to_numpy(), weights),
        categories=list(RISK_CLASSES),
        validate=False,
    )
    return frame


def _months_later(dates: pd.Series, months: int) -> pd.Series:
    return pd.to_datetime(dates) + pd.DateOffset(months=months)


def premises_risk_inputs(
    premises: pd.DataFrame,
    *,
    flags: Mapping[str, np.ndarray],
    nearby_incidents: np.ndarray,
    today: dt.date,
    inspection_interval_months: int,
) -> RiskInputs:
    """Build :class:`RiskInputs` for a premises layer.

    ``flags`` holds the coverage flags (``within_hose_reach``, ``has_public_point``,
    ``has_water``) per row. Membership of a safety group is not recorded for premises (the
    data model links households to groups), so that factor gives premises no points.
    """
    n = len(premises)
    now = pd.Timestamp(today)
    open_v = premises["open_violations"].to_numpy(dtype=float, na_value=0.0)
    deadline = pd.to_datetime(premises["violation_deadline"])
    last = pd.to_datetime(premises["last_inspection"])
    never = last.isna().to_numpy()
    due = _months_later(last, inspection_interval_months)
    return RiskInputs(
        category=premises["category"].to_numpy(dtype=object, na_value="other"),
        open_violations=open_v,
        violation_overdue=(open_v > 0) & (deadline < now).fillna(False).to_numpy(dtype=bool),
        construction_electrical=premises["construction_electrical_violation"]
        .fillna(False)
        .to_numpy(dtype=bool),
        inspection_overdue=~never & (due < now).fillna(False).to_numpy(dtype=bool),
        never_inspected=never,
        floors=premises["floors"].to_numpy(dtype=float, na_value=np.nan),
        occupants=premises["occupants"].to_numpy(dtype=float, na_value=np.nan),
        beyond_hose_reach=~np.asarray(flags["within_hose_reach"], dtype=bool),
        no_public_point=~np.asarray(flags["has_public_point"], dtype=bool),
        no_water=~np.asarray(flags["has_water"], dtype=bool),
        not_in_safety_group=np.zeros(n, dtype=bool),
        nearby_incidents=np.asarray(nearby_incidents, dtype=float),
    )


def household_risk_inputs(
    *,
    flags: Mapping[str, np.ndarray],
    in_safety_group: np.ndarray,
    nearby_incidents: np.ndarray,
) -> RiskInputs:
    """Build :class:`RiskInputs` for business households (category ``household_business``).

    Households carry no inspection, violation, floor or occupant records, so those factors
    give them no points.
    """
    n = len(in_safety_group)
    zeros = np.zeros(n)
    false = np.zeros(n, dtype=bool)
    return RiskInputs(
        category=np.full(n, HOUSEHOLD_CATEGORY, dtype=object),
        open_violations=zeros,
        violation_overdue=false,
        construction_electrical=false,
        inspection_overdue=false,
        never_inspected=false,
        floors=zeros,
        occupants=zeros,
        beyond_hose_reach=~np.asarray(flags["within_hose_reach"], dtype=bool),
        no_public_point=~np.asarray(flags["has_public_point"], dtype=bool),
        no_water=~np.asarray(flags["has_water"], dtype=bool),
        not_in_safety_group=~np.asarray(in_safety_group, dtype=bool),
        nearby_incidents=np.asarray(nearby_incidents, dtype=float),
    )


# Inspection status of a premises, most urgent first: never inspected, past its due date,
# due within ``risk.inspect_due_soon_days``, or scheduled later.
INSPECTION_STATUSES: tuple[str, ...] = ("never", "overdue", "due_soon", "scheduled")


def inspection_interval(risk_class: pd.Series, weights: RiskSection) -> pd.Series:
    """Return the inspection interval in months of each risk class (``risk.inspect_*``)."""
    months = {"very_high": weights.inspect_very_high_months, "high": weights.inspect_high_months}
    out = risk_class.astype(object).map(months)
    return out.fillna(weights.inspect_other_months).astype(int)


def inspections_due(
    premises: pd.DataFrame, weights: RiskSection, *, today: dt.date
) -> pd.DataFrame:
    """Return per premises its inspection interval, next due date, status and reason.

    Columns ``inspection_interval_months`` (by ``risk_class``), ``inspection_due`` (the
    earlier of ``last_inspection`` plus the interval and, with open violations, the follow-up
    at ``violation_deadline``; ``NaT`` when never inspected and nothing is open, which is due
    now), ``inspection_status`` (one of :data:`INSPECTION_STATUSES`) and ``inspection_reason``
    ("periodic", or "follow_up" when the follow-up of an open violation comes first).
    Without ``open_violations`` and ``violation_deadline`` columns, only the interval counts.
    """
    months = inspection_interval(premises["risk_class"], weights)
    last = pd.to_datetime(premises["last_inspection"])
    due = pd.Series(pd.NaT, index=premises.index, dtype="datetime64[ns]")
    for m in months.unique():
        rows = (months == m).to_numpy()
        due[rows] = (last[rows] + pd.DateOffset(months=int(m))).astype("datetime64[ns]")
    follow = pd.Series(pd.NaT, index=premises.index, dtype="datetime64[ns]")
    if {"open_violations", "violation_deadline"} <= set(premises.columns):
        open_v = premises["open_violations"].fillna(0).astype(float).to_numpy() > 0
        deadline = pd.to_datetime(premises["violation_deadline"]).astype("datetime64[ns]")
        follow = deadline.where(open_v)
    first = (follow < due) | (due.isna() & follow.notna() & last.notna())
    due = due.where(~first, follow)
    now = pd.Timestamp(today)
    soon = now + pd.Timedelta(days=weights.inspect_due_soon_days)
    status = np.select(
        [last.isna().to_numpy(), (due < now).to_numpy(), (due <= soon).to_numpy()],
        ["never", "overdue", "due_soon"],
        default="scheduled",
    )
    return pd.DataFrame(
        {
            "inspection_interval_months": months.to_numpy(),
            "inspection_due": due.to_numpy(),
            "inspection_status": status,
            "inspection_reason": np.where(first.to_numpy(), "follow_up", "periodic"),
        },
        index=premises.index,
    )


def recent_incidents(dates: pd.Series, *, today: dt.date, years: int) -> np.ndarray:
    """Return which incidents happened within ``years`` years before ``today`` (inclusive)."""
    when = pd.to_datetime(dates)
    start = pd.Timestamp(today) - pd.DateOffset(years=years)
    return ((when >= start) & (when <= pd.Timestamp(today))).fillna(False).to_numpy(dtype=bool)


def count_within(points_xy: np.ndarray, others_xy: np.ndarray, *, radius_m: float) -> np.ndarray:
    """Return, per point, how many of ``others_xy`` lie within ``radius_m`` (straight line, m)."""
    points_xy = np.asarray(points_xy, float).reshape(-1, 2)
    others_xy = np.asarray(others_xy, float).reshape(-1, 2)
    others_xy = others_xy[np.isfinite(others_xy).all(axis=1)]
    out = np.zeros(len(points_xy), dtype=np.int64)
    ok = np.isfinite(points_xy).all(axis=1)
    if not len(others_xy) or not ok.any():
        return out
    out[ok] = cKDTree(others_xy).query_ball_point(points_xy[ok], r=radius_m, return_length=True)
    return out


def breakdown_text(frame: pd.DataFrame, lang: str = "vi", *, separator: str = "; ") -> pd.Series:
    """Return per row the factors with points, as ``"label: points; …"`` (largest first).

    Factors giving no points are left out; an empty string means a score of 0 (or no
    score). Numbers are formatted for ``lang`` ({"vi", "en"}).
    """
    check_lang(lang)
    columns = [f.column for f in FACTORS if f.column in frame.columns]
    if not columns or frame.empty:
        return pd.Series("", index=frame.index, dtype=object)
    values = frame[columns].to_numpy(dtype=float)
    values = np.nan_to_num(values)
    order = np.argsort(-values, axis=1, kind="stable")
    labels = np.array(
        [FACTOR_BY_CODE[c[len("risk_") :]].label(lang) for c in columns], dtype=object
    )
    distinct = np.unique(values[values > 0])
    shown = np.array(
        [format_number(v, lang, decimals=0 if float(v).is_integer() else 1) for v in distinct]
        + [""],
        dtype=object,
    )
    rows = np.arange(len(values))
    parts = []
    for rank in range(len(columns)):
        col = order[:, rank]
        v = values[rows, col]
        number = shown[np.where(v > 0, np.searchsorted(distinct, v), len(distinct))]
        parts.append(np.where(v > 0, labels[col] + ": " + number, ""))
    out = parts[0]
    for text in parts[1:]:
        out = np.where(text != "", out + separator + text, out)
    return pd.Series(out, index=frame.index, dtype=object)


# ---------------------------------------------------------------------- density hexagons

_SQRT3 = math.sqrt(3.0)


def hexagon_cells(xy: np.ndarray, *, size_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Return the axial (q, r) of the pointy-top hexagon of radius ``size_m`` holding each point."""
    xy = np.asarray(xy, float).reshape(-1, 2)
    qf = (_SQRT3 / 3 * xy[:, 0] - xy[:, 1] / 3) / size_m
    rf = (2 / 3 * xy[:, 1]) / size_m
    x, z = qf, rf
    y = -x - z
    rx, ry, rz = np.round(x), np.round(y), np.round(z)
    dx, dy, dz = np.abs(rx - x), np.abs(ry - y), np.abs(rz - z)
    fix_x = (dx > dy) & (dx > dz)
    fix_y = ~fix_x & (dy > dz)
    rx = np.where(fix_x, -ry - rz, rx)
    rz = np.where(~fix_x & ~fix_y, -rx - ry, rz)
    return rx.astype(np.int64), rz.astype(np.int64)


def hexagon_polygons(q: np.ndarray, r: np.ndarray, *, size_m: float) -> np.ndarray:
    """Return the hexagons with axial coordinates (q, r) as shapely Polygons (metric CRS)."""
    cx = size_m * _SQRT3 * (q + r / 2)
    cy = size_m * 1.5 * r
    angles = np.deg2rad(60 * np.arange(7) - 30)
    ring = np.stack(
        [cx[:, None] + size_m * np.cos(angles), cy[:, None] + size_m * np.sin(angles)], axis=2
    )
    return shapely.polygons(ring)
