"""The Kiểm tra cơ sở page: inspections due per officer and tổ dân phố, a premises' history,
recording an inspection and its biên bản.

Part of the dashboard's one caching boundary (:mod:`dashboard.cache`). Reads are cached on
the ward's version (a viewer's from the masked ward); recording is not cached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from dashboard.cache.core import _analysis, _ward, version

if TYPE_CHECKING:
    from pipelines.model.inspection import Recorded
    from pipelines.network.tables import DueFilter


@st.cache_data(max_entries=32, show_spinner=False)
def _due_list(ward_dir: str, version: tuple[int, ...], lang: str, flt: DueFilter) -> pd.DataFrame:
    from pipelines.network.tables import inspections_due_table

    return inspections_due_table(_analysis(ward_dir, version, False), lang, flt)


def due_list(ward_dir: Path, lang: str, flt: DueFilter) -> pd.DataFrame:
    """Inspections due and overdue (periodic and follow-ups), filtered by officer, tổ dân phố."""
    return _due_list(str(ward_dir), version(ward_dir), lang, flt)


@st.cache_data(max_entries=32, show_spinner=False)
def _due_display(
    ward_dir: str, version: tuple[int, ...], lang: str, flt: DueFilter
) -> pd.DataFrame:
    from pipelines.text.display import display_frame

    return display_frame(_due_list(ward_dir, version, lang, flt), lang)


def due_display(ward_dir: Path, lang: str, flt: DueFilter) -> pd.DataFrame:
    """The due list formatted for reading (dates dd/mm/yyyy, a dash where there is none)."""
    return _due_display(str(ward_dir), version(ward_dir), lang, flt)


@st.cache_data(max_entries=32, show_spinner=False)
def _due_file(
    ward_dir: str, version: tuple[int, ...], lang: str, flt: DueFilter, fmt: str
) -> bytes:
    from pipelines.network.tables import table_bytes

    return table_bytes(_due_list(ward_dir, version, lang, flt), fmt, sheet="kiem-tra", lang=lang)


def due_file(ward_dir: Path, lang: str, flt: DueFilter, fmt: str) -> bytes:
    """The due list as {"csv", "xlsx"} bytes."""
    return _due_file(str(ward_dir), version(ward_dir), lang, flt, fmt)


@st.cache_data(max_entries=8, show_spinner=False)
def _due_choices(ward_dir: str, version: tuple[int, ...]) -> dict[str, Any]:
    from pipelines.network.tables import due_officers, group_names

    a = _analysis(ward_dir, version, False)
    names = _ward(ward_dir, version)["premises"].set_index("id")["name"].astype(str)
    return {"officers": due_officers(a), "groups": group_names(a), "premises": names.to_dict()}


def due_choices(ward_dir: Path) -> dict[str, Any]:
    """The list's filters: ``officers``, ``groups`` (id → name), ``premises`` (id → name)."""
    return _due_choices(str(ward_dir), version(ward_dir))


@st.cache_data(max_entries=32, show_spinner=False)
def _premises_view(
    ward_dir: str, version: tuple[int, ...], premises_id: str, lang: str, today: str
) -> dict[str, Any]:
    from pipelines.model.inspection import open_violations
    from pipelines.model.settings_inspection import checklist_for
    from pipelines.reports.inspection_record import history_table, violations_table

    ward = _ward(ward_dir, version)
    row = ward["premises"][ward["premises"]["id"] == premises_id].iloc[0]
    still = open_violations(ward["violations"], premises_id)
    return {
        "category": row["category"],
        "history": history_table(ward, premises_id, lang),
        "open": violations_table(still, lang, today=dt.date.fromisoformat(today)),
        "open_ids": list(still["id"].astype(str)),
        "inspection_ids": list(
            ward["inspections"]
            .loc[ward["inspections"]["premises_id"] == premises_id]
            .sort_values("date", ascending=False)["id"]
            .astype(str)
        ),
        "checklist": checklist_for(ward.config.inspection, row["category"]),
        "violation_days": ward.config.inspection.violation_days,
        "legal_basis": ward.config.inspection.legal_basis,
    }


def premises_view(ward_dir: Path, premises_id: str, lang: str) -> dict[str, Any]:
    """One premises: ``category``, ``history`` and ``open`` tables, ``open_ids``,
    ``inspection_ids`` (newest first), its ``checklist`` items and the form's defaults."""
    today = dt.date.today().isoformat()
    return _premises_view(str(ward_dir), version(ward_dir), premises_id, lang, today)


def record(ward_dir: Path, premises_id: str, values: dict[str, Any], user: str) -> Recorded:
    """Record an inspection from the form's values (not cached; one audited write,
    ``how="inspection"``)."""
    from pipelines.model.inspection import record_from_form, record_inspection

    return record_inspection(ward_dir, record_from_form(premises_id, **values), user=user)


@st.cache_data(max_entries=8, show_spinner=False)
def _record_file(
    ward_dir: str, version: tuple[int, ...], inspection_id: str, lang: str, fmt: str
) -> bytes:
    from pipelines.reports.inspection_record import record_document
    from pipelines.reports.review_report import report_bytes

    return report_bytes(record_document(_ward(ward_dir, version), inspection_id, lang), fmt)


def record_file(ward_dir: Path, inspection_id: str, lang: str, fmt: str) -> Callable[[], bytes]:
    """The biên bản kiểm tra of one inspection as {"docx", "pdf"} bytes, made when the
    download is clicked: the returned function keeps this run's view (a viewer's masked
    ward), taken now, since it runs outside the page run."""
    key = (str(ward_dir), version(ward_dir), inspection_id, lang, fmt)
    return lambda: _record_file(*key)
