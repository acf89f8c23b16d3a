"""The ward's settings as the Cài đặt page shows them: labels, typed text, tables of items.

Every setting of :mod:`pipelines.model.settings` becomes a :class:`SettingView`: its label
and unit in the reader's language, its value as the text of an input field (``3,5``, read
back by :func:`pipelines.text.formats.parse_number`), a help line with its source and
default, and — for a table of values such as the base risk points per premises category —
one row per item with the item's label (never the code). :func:`read_setting` turns what
was typed back into the value ``ward.toml`` stores, with a message naming the setting when
it is not a number.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipelines.model.schema import PREMISES_CATEGORY
from pipelines.model.settings import SECTIONS, CostSection, WardConfig, describe_settings
from pipelines.network.risk import HOUSEHOLD_CATEGORY, RISK_CLASSES
from pipelines.reports.plan_settings import (
    INDICATORS_SETTING,
    indicator_table,
    read_indicator_table,
)
from pipelines.text.formats import NumberFormatError, format_number, number_text, parse_number
from pipelines.text.labels import (
    OSM_HIGHWAY_LABELS,
    SETTING_CONFIDENCE,
    SETTING_HELP,
    SETTING_HOUSEHOLD_BUSINESS,
    SETTING_NOT_A_CATEGORY,
    SETTING_TABLE_COLUMNS,
    SETTING_WHOLE_NUMBER,
    pick,
)

KINDS = ("bool", "int", "float", "text", "table", "indicators")


@dataclass(frozen=True)
class SettingView:
    """One setting as shown: ``kind`` is one of :data:`KINDS`.

    ``text`` is the input field's content for numbers and text; ``table`` (kind "table")
    has the columns ``code`` (hidden), ``label`` and ``value`` (typed text); kind
    "indicators" (``[plan] indicators``) has one row per indicator, see
    :func:`pipelines.reports.plan_settings.indicator_table`.
    """

    section: str
    key: str
    kind: str
    label: str
    help: str
    value: Any
    text: str = ""
    table: pd.DataFrame | None = None


def _cost_labels(lang: str) -> dict[str, str]:
    return {
        f.name: pick((f.metadata["vi"], f.metadata["en"]), lang)
        for f in dataclasses.fields(CostSection)
    }


def item_labels(section: str, key: str, lang: str = "vi") -> dict[str, str]:
    """Label of every item of a table setting (``risk.category_base`` → category names…)."""
    tables: dict[tuple[str, str], Mapping[str, str]] = {
        ("risk", "category_base"): {
            **PREMISES_CATEGORY.labels(lang),
            HOUSEHOLD_CATEGORY: pick(SETTING_HOUSEHOLD_BUSINESS, lang),
        },
        ("costs", "kit"): _cost_labels(lang),
        ("planner", "household_weight_by_class"): {
            k: c.label(lang) for k, c in RISK_CLASSES.items()
        },
        ("planner", "premises_weight_by_class"): {
            k: c.label(lang) for k, c in RISK_CLASSES.items()
        },
        ("ingest", "osm_highway_width_m"): {
            k: pick(v, lang) for k, v in OSM_HIGHWAY_LABELS.items()
        },
    }
    return dict(tables.get((section, key), {}))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dict):
        return "table"
    return "text"


def _shown(value: Any, section: str, key: str, lang: str) -> str:
    """A value for a help line: numbers as the language writes them, tables item by item."""
    if isinstance(value, bool):
        return pick(("có", "yes") if value else ("không", "no"), lang)
    if isinstance(value, int | float):
        return number_text(value, lang)
    if isinstance(value, dict):
        labels = item_labels(section, key, lang)
        return "; ".join(f"{labels.get(k, k)}: {_item_text(v, lang)}" for k, v in value.items())
    return f"“{value}”" if value else "–"


def _help(row: Mapping[str, Any], lang: str) -> str:
    source = f"{pick(SETTING_HELP['source'], lang)}: {row['source']}"
    if (row["section"], row["key"]) == INDICATORS_SETTING:  # each row says its own
        return source + "."
    if row["confidence"]:
        conf = SETTING_CONFIDENCE.get(row["confidence"])
        shown = pick(conf, lang) if conf else row["confidence"]
        source += f" ({pick(SETTING_HELP['confidence'], lang)}: {shown})"
    parts = [
        source,
        f"{pick(SETTING_HELP['default'], lang)}: {_shown(row['default'], row['section'], row['key'], lang)}",
    ]
    lo, hi = row.get("minimum"), row.get("maximum")
    if lo is not None or hi is not None:
        low = format_number(lo, lang, decimals=_decimals(lo)) if lo is not None else "−∞"
        high = format_number(hi, lang, decimals=_decimals(hi)) if hi is not None else "∞"
        parts.append(f"{pick(SETTING_HELP['range'], lang)}: {low} – {high}")
    return ". ".join(parts) + "."


def _decimals(value: float) -> int:
    text = number_text(value, "en")
    return len(text.partition(".")[2])


def _item_text(value: Any, lang: str) -> str:
    """A table item as typed: a number as the language writes it, a category by its label."""
    if isinstance(value, str):
        return PREMISES_CATEGORY.label(value, lang)
    return number_text(value, lang)


def _category(typed: Any, name: str, lang: str) -> str:
    """The premises category code of a typed label or code (``[ingest] osm_poi_category``)."""
    text = str(typed if typed is not None else "").strip()
    for side in ("vi", "en"):
        for code, label in PREMISES_CATEGORY.labels(side).items():
            if text.casefold() in (code.casefold(), label.casefold()):
                return code
    choices = "; ".join(PREMISES_CATEGORY.labels(lang).values())
    messages = tuple(
        m.format(name=name, text=text, choices=choices) for m in SETTING_NOT_A_CATEGORY
    )
    raise NumberFormatError(text, name, messages)  # type: ignore[arg-type]


def _table(value: dict, section: str, key: str, lang: str) -> pd.DataFrame:
    labels = item_labels(section, key, lang)
    return pd.DataFrame(
        {
            "code": list(value),
            "label": [labels.get(k, k) for k in value],
            "value": [_item_text(v, lang) for v in value.values()],
        }
    )


def settings_views(config: WardConfig, lang: str = "vi") -> list[SettingView]:
    """Return every setting of ``config`` as shown in ``lang`` ({"vi", "en"}), section by section."""
    limits = {
        (section, f.name): (f.metadata["minimum"], f.metadata["maximum"])
        for section, cls in SECTIONS.items()
        for f in dataclasses.fields(cls)
    }
    views = []
    for row in describe_settings(lang, config):
        section, key, value = row["section"], row["key"], row["value"]
        lo, hi = limits[(section, key)]
        row = {**row, "minimum": lo, "maximum": hi}
        kind = "indicators" if (section, key) == INDICATORS_SETTING else _kind(row["default"])
        unit = f" ({row['unit']})" if row["unit"] else ""
        views.append(
            SettingView(
                section=section,
                key=key,
                kind=kind,
                label=f"{row['label']}{unit}",
                help=_help(row, lang),
                value=value,
                text=number_text(value, lang) if kind in ("int", "float") else str(value),
                table=_table(value, section, key, lang)
                if kind == "table"
                else (indicator_table(value, lang) if kind == "indicators" else None),
            )
        )
    return views


def read_setting(view: SettingView, typed: Any, lang: str = "vi") -> Any:
    """Return the value to store for what was typed in ``view``'s widget.

    Numbers are read with :func:`parse_number` (``3,0`` is 3.0, never 30); a whole-number
    setting refuses a fraction; a table reads each item's typed value.

    Raises
    ------
    NumberFormatError
        When a typed number is not a number (the message names the setting and the item).
    """
    if view.kind == "bool":
        return bool(typed)
    if view.kind == "text":
        return str(typed)
    if view.kind == "indicators":
        return read_indicator_table(typed, lang)
    if view.kind == "table":
        frame = pd.DataFrame(typed)
        out = {}
        texts = isinstance(view.value, dict) and any(
            isinstance(v, str) for v in view.value.values()
        )
        for code, label, text in zip(frame["code"], frame["label"], frame["value"], strict=True):
            name = f"{view.label} — {label}"
            out[str(code)] = (
                _category(text, name, lang) if texts else _number(text, name, lang, whole=False)
            )
        return out
    return _number(typed, view.label, lang, whole=view.kind == "int")


def _number(typed: Any, name: str, lang: str, *, whole: bool) -> float | int:
    value = parse_number(typed if typed is not None else "", name=name, lang=lang)
    if not whole:
        return value
    if not math.isfinite(value) or value != int(value):
        messages = tuple(m.format(name=name, text=typed) for m in SETTING_WHOLE_NUMBER)
        raise NumberFormatError(str(typed), name, messages)  # type: ignore[arg-type]
    return int(value)


def table_columns(lang: str = "vi") -> dict[str, str]:
    """Headers of a table setting's editor: item label and value."""
    return {k: pick(v, lang) for k, v in SETTING_TABLE_COLUMNS.items()}
