"""The plan figures as Tổng quan shows them: headline metrics, tables and chart series.

Built from :func:`pipelines.reports.plan_status.plan_indicators` and friends; every number
and date goes through :mod:`pipelines.text.formats` in the reader's language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from pipelines.model.settings_plan import INDICATOR_BY_KEY, RESPONSIBLE_UNIT
from pipelines.text.formats import check_lang, format_date, format_number
from pipelines.text.labels import PLAN_COLUMNS, PLAN_HEADLINE_LABELS, PLAN_STATUS, pick

# What a leader asks first (issue 9): the headline metrics of Tổng quan, in this order.
HEADLINE_KEYS = (
    "high_risk_premises",
    "fires",
    "households_in_groups",
    "points_working",
    "violations_overdue",
)


def decimals_of(key: str) -> int:
    """Digits shown for an indicator: one for shares and per-TDP means, none for counts."""
    spec = INDICATOR_BY_KEY[key]
    return 1 if spec.percent or "/" in spec.unit_vi else 0


def value_text(key: str, value: float, lang: str = "vi") -> str:
    """An indicator's figure with its unit (``35,4 %``, ``7 vụ``); "–" when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    spec = INDICATOR_BY_KEY[key]
    unit = pick((spec.unit_vi, spec.unit_en), lang)
    return f"{format_number(value, lang, decimals=decimals_of(key))} {unit}"


def change_text(key: str, value: float, previous: float, lang: str = "vi") -> str | None:
    """``+8,3`` / ``-1`` against the same period last year; ``None`` when either is missing."""
    if math.isnan(value) or math.isnan(previous):
        return None
    change = value - previous
    shown = format_number(abs(change), lang, decimals=decimals_of(key))
    if not shown.strip("0,."):
        return shown  # no change at the precision shown: no sign, no arrow
    return f"{'-' if change < 0 else '+'}{shown}"


@dataclass(frozen=True)
class Headline:
    """One metric: label, figure, change against last year (``None``: unknown), help line.

    ``lower_is_better`` tells the page to colour a fall green; ``trend`` holds the monthly
    figures (oldest first) for a small chart; ``flat``: no change to show an arrow for.
    """

    key: str
    label: str
    value: str
    change: str | None
    help: str
    lower_is_better: bool
    trend: tuple[float, ...] = ()
    flat: bool = False


def _target_line(row: pd.Series, lang: str) -> str:
    target = row["target"]
    head = pick(PLAN_COLUMNS["target"], lang)
    if math.isnan(target):
        return f"{head}: –"
    deadline = format_date(row["deadline"], lang) if pd.notna(row["deadline"]) else "–"
    by = pick(("đến", "by"), lang)
    return f"{head}: {value_text(row['key'], target, lang)} {by} {deadline}"


def headlines(
    indicators: pd.DataFrame, lang: str = "vi", monthly: pd.DataFrame | None = None
) -> list[Headline]:
    """The headline metrics (:data:`HEADLINE_KEYS` present in ``indicators``), with their
    monthly trend from ``monthly`` (:func:`pipelines.reports.plan_status.indicators_by_month`)."""
    check_lang(lang)
    rows = indicators.set_index("key", drop=False)
    trends = (
        {c.key: c for c in chart_series(indicators, monthly, lang)} if monthly is not None else {}
    )
    out = []
    for key in HEADLINE_KEYS:
        if key not in rows.index:
            continue
        row = rows.loc[key]
        previous = value_text(key, row["previous"], lang)
        change = change_text(key, row["value"], row["previous"], lang)
        trend = trends.get(key)
        out.append(
            Headline(
                key=key,
                label=pick(PLAN_HEADLINE_LABELS[key], lang),
                value=value_text(key, row["value"], lang),
                change=change,
                help=f"{pick((row['label_vi'], row['label_en']), lang)}. {_target_line(row, lang)} · "
                f"{pick(PLAN_COLUMNS['previous'], lang)}: {previous}",
                lower_is_better=not INDICATOR_BY_KEY[key].higher_is_better,
                trend=tuple(trend.months["value"])
                if trend is not None and len(trend.months) > 1
                else (),
                flat=change is not None and not change.startswith(("+", "-")),
            )
        )
    return out


def _status(value: object, lang: str) -> str:
    if value is pd.NA or value is None:
        return pick(PLAN_STATUS["unknown"], lang)
    return pick(PLAN_STATUS["on_track" if bool(value) else "behind"], lang)


def indicator_table(indicators: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Every indicator: figure, target, deadline, responsible, last year, change, status."""
    check_lang(lang)
    units = RESPONSIBLE_UNIT.labels(lang)
    rows = []
    for row in indicators.to_dict("records"):
        key = row["key"]
        rows.append(
            {
                "indicator": pick((row["label_vi"], row["label_en"]), lang),
                "value": value_text(key, row["value"], lang),
                "target": value_text(key, row["target"], lang),
                "deadline": format_date(row["deadline"], lang)
                if pd.notna(row["deadline"])
                else "–",
                "responsible": units.get(row["responsible"], row["responsible"]),
                "previous": value_text(key, row["previous"], lang),
                "change": change_text(key, row["value"], row["previous"], lang) or "–",
                "status": _status(row["on_track"], lang),
            }
        )
    columns = list(PLAN_COLUMNS)[:8]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.rename(columns={c: pick(PLAN_COLUMNS[c], lang) for c in columns})


def group_ranking(by_group: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Tổ dân phố ranked best first: rank, name, targets met, lagging mark, then each figure."""
    check_lang(lang)
    keys = [c for c in by_group.columns if c in INDICATOR_BY_KEY]
    out = pd.DataFrame(
        {
            "rank": [format_number(i, lang) for i in range(1, len(by_group) + 1)],
            "group": by_group["group_name"].astype(object).to_numpy(),
            "met": [
                f"{format_number(m, lang)} / {format_number(w, lang)}"
                for m, w in zip(by_group["met"], by_group["with_target"], strict=True)
            ],
            "lagging": [
                pick(PLAN_STATUS["lagging" if lag else "ok"], lang) for lag in by_group["lagging"]
            ],
        }
    )
    headers = {c: pick(PLAN_COLUMNS[c], lang) for c in ("rank", "group", "met", "lagging")}
    for key in keys:
        spec = INDICATOR_BY_KEY[key]
        header = f"{pick((spec.vi, spec.en), lang)} ({pick((spec.unit_vi, spec.unit_en), lang)})"
        out[key] = [
            format_number(v, lang, decimals=decimals_of(key)) for v in by_group[key].to_numpy()
        ]
        headers[key] = header
    return out.rename(columns=headers)


@dataclass(frozen=True)
class ChartSeries:
    """One indicator's chart: its monthly values, target and deadline, texts in ``lang``."""

    key: str
    title: str
    unit: str
    months: pd.DataFrame  # month (Timestamp), value (float)
    target: float
    deadline: pd.Timestamp | None
    lower_is_better: bool
    start: pd.Timestamp | None = None  # first month end of the window (the x axis starts there)


def chart_series(
    indicators: pd.DataFrame, monthly: pd.DataFrame, lang: str = "vi"
) -> list[ChartSeries]:
    """One :class:`ChartSeries` per indicator with at least one monthly figure.

    The last month takes the figure of ``indicators`` (network indicators included).
    """
    check_lang(lang)
    out = []
    start = monthly["month"].min() if len(monthly) else None
    for row in indicators.to_dict("records"):
        key = row["key"]
        months = monthly.loc[monthly["key"] == key, ["month", "value"]].reset_index(drop=True)
        if len(months):
            months.loc[len(months) - 1, "value"] = row["value"]
        months = months.dropna()
        if not len(months):
            continue
        out.append(
            ChartSeries(
                key=key,
                title=pick((row["label_vi"], row["label_en"]), lang),
                unit=pick((row["unit_vi"], row["unit_en"]), lang),
                months=months,
                target=float(row["target"]),
                deadline=row["deadline"] if pd.notna(row["deadline"]) else None,
                lower_is_better=not INDICATOR_BY_KEY[key].higher_is_better,
                start=start,
            )
        )
    return out
