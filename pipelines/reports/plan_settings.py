"""The ``[plan] indicators`` setting as the Cài đặt page edits it: one row per indicator.

Columns of :func:`indicator_table`: ``code`` (hidden), ``label``, ``unit``, ``target`` (typed
text, ``70`` or ``70,5``; empty for no target), ``deadline`` (a date), ``responsible`` (the
unit's label) and ``source``. :func:`read_indicator_table` reads what was typed back into the
value ``ward.toml`` stores, collecting every problem of the table into one Vietnamese message;
ranges are checked again when the value is saved
(:func:`pipelines.model.settings_plan.check_indicators`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from pipelines.model.errors import ConfigError
from pipelines.model.settings_plan import INDICATOR_BY_KEY, RESPONSIBLE_UNIT, parse_deadline
from pipelines.text.formats import NumberFormatError, number_text, parse_number
from pipelines.text.labels import PLAN_NOT_A_DATE, PLAN_NOT_A_UNIT, PLAN_TABLE_COLUMNS, pick

INDICATORS_SETTING = ("plan", "indicators")


def indicator_table(value: Mapping[str, Mapping[str, Any]], lang: str = "vi") -> pd.DataFrame:
    """The indicators of ``value`` (``config.plan.indicators``) as rows to edit."""
    units = RESPONSIBLE_UNIT.labels(lang)
    rows = []
    for key, item in value.items():
        spec = INDICATOR_BY_KEY[key]
        target = math.nan if item["target"] is None else float(item["target"])
        rows.append(
            {
                "code": key,
                "label": pick((spec.vi, spec.en), lang),
                "unit": pick((spec.unit_vi, spec.unit_en), lang),
                "target": "" if math.isnan(target) else number_text(target, lang),
                "deadline": dt.date.fromisoformat(item["deadline"]),
                "responsible": units[item["responsible"]],
                "source": spec.source,
            }
        )
    return pd.DataFrame(rows, columns=["code", *PLAN_TABLE_COLUMNS])


def table_columns(lang: str = "vi") -> dict[str, str]:
    """Headers of the indicator editor."""
    return {k: pick(v, lang) for k, v in PLAN_TABLE_COLUMNS.items()}


def _unit(text: Any, name: str, lang: str) -> str:
    typed = str(text if text is not None else "").strip()
    for side in ("vi", "en"):
        for code, label in RESPONSIBLE_UNIT.labels(side).items():
            if typed.casefold() in (code.casefold(), label.casefold()):
                return code
    choices = "; ".join(RESPONSIBLE_UNIT.labels(lang).values())
    messages = tuple(m.format(name=name, text=typed, choices=choices) for m in PLAN_NOT_A_UNIT)
    raise NumberFormatError(typed, name, messages)  # type: ignore[arg-type]


def _deadline(value: Any, name: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        text = ""
    elif isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    else:
        text = value
    try:
        return parse_deadline(text if text != "" else value, name)
    except ConfigError:
        messages = tuple(m.format(name=name, text=text or "") for m in PLAN_NOT_A_DATE)
        raise NumberFormatError(str(text), name, messages) from None  # type: ignore[arg-type]


def read_indicator_table(typed: Any, lang: str = "vi") -> dict[str, dict[str, Any]]:
    """Return ``config.plan.indicators`` from the edited table (a frame or its dict of lists).

    Raises
    ------
    NumberFormatError
        A target that is not a number, a deadline that is not a date, an unknown unit; one
        error naming every faulty row.
    """
    frame = pd.DataFrame(typed)
    out: dict[str, dict[str, Any]] = {}
    problems: list[NumberFormatError] = []
    for row in frame.to_dict("records"):
        code = str(row["code"])
        name = str(row.get("label") or code)
        item: dict[str, Any] = {}
        text = row.get("target")
        try:
            blank = text is None or (isinstance(text, str) and not text.strip())
            item["target"] = None if blank else parse_number(text, name=name, lang=lang)
        except NumberFormatError as exc:
            problems.append(exc)
        for field, read in (
            ("deadline", lambda v, n=name: _deadline(v, n)),
            ("responsible", lambda v, n=name: _unit(v, n, lang)),
        ):
            try:
                item[field] = read(row.get(field))
            except NumberFormatError as exc:
                problems.append(exc)
        out[code] = item
    if problems:
        messages = (
            "; ".join(p.message("vi") for p in problems),
            "; ".join(p.message("en") for p in problems),
        )
        raise NumberFormatError(problems[0].text, problems[0].name, messages)
    return out
