"""The plan's follow-up: indicators against targets, by tổ dân phố and month (history).

Part of the dashboard's one caching boundary (:mod:`dashboard.cache`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard.cache.core import (
    SitesFile,
    _analysis,
    _planning,
    _ward,
    shared_version,
    version,
    ward,
)
from dashboard.cache.views import _plan_key
from pipelines.maps.layers import MapFilter
from pipelines.model.store import Ward

if TYPE_CHECKING:
    pass


@st.cache_resource(max_entries=4, show_spinner=False)
def _snapshot(path: str, size: int, mtime_ns: int, ward_dir: str) -> Ward:
    """One dated version of the ward, by file identity (a snapshot never changes)."""
    from pipelines.model.store import open_snapshot

    return open_snapshot(ward_dir, path)


@st.cache_data(max_entries=256, show_spinner=False)
def _snapshot_figures(
    path: str, size: int, mtime_ns: int, ward_dir: str, toml: tuple[int, ...], month: str
) -> dict[str, float]:
    from pipelines.reports.plan_status import indicators_at

    snap = _snapshot(path, size, mtime_ns, ward_dir)
    return indicators_at(snap, snap.config, pd.Timestamp(month), dated_only=False)


@st.cache_data(max_entries=8, show_spinner=False)
def _plan_status(
    ward_dir: str, version: tuple[int, ...], as_of: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from pipelines.reports import plan_status as ps

    ward = _ward(ward_dir, version)
    network = ps.network_figures(_analysis(ward_dir, version, False))
    day = pd.Timestamp(as_of)

    def figures_of(path: object, month: pd.Timestamp) -> dict[str, float]:
        stat = Path(str(path)).stat()
        return _snapshot_figures(
            str(path), stat.st_size, stat.st_mtime_ns, ward_dir, version[2:], str(month.date())
        )

    return (
        ps.plan_indicators(ward, ward.config, as_of=day, network=network),
        ps.plan_indicators_by_group(ward, ward.config, as_of=day, network=network),
        ps.indicators_by_month(ward, ward.config, as_of=day, figures_of=figures_of),
    )


def plan_status(
    ward_dir: Path, as_of: pd.Timestamp
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The plan's indicators at ``as_of``, per tổ dân phố, and by month (shared, read-only;
    no personal field: one for every view)."""
    return _plan_status(str(ward_dir), shared_version(ward_dir), str(pd.Timestamp(as_of).date()))


@st.cache_data(max_entries=8, show_spinner=False)
def _plan_page(ward_dir: str, version: tuple[int, ...], as_of: str, lang: str) -> tuple:
    from pipelines.reports import plan_view

    indicators, by_group, monthly = _plan_status(ward_dir, version, as_of)
    return (
        plan_view.headlines(indicators, lang, monthly),
        plan_view.indicator_table(indicators, lang),
        plan_view.group_ranking(by_group, lang),
        plan_view.chart_series(indicators, monthly, lang),
        int(by_group["lagging"].sum()) if len(by_group) else 0,
    )


def plan_page(ward_dir: Path, lang: str, as_of: pd.Timestamp) -> tuple:
    """What Tổng quan shows of the plan: headlines, indicator table, ranking, charts, lagging
    (no personal field: one for every view)."""
    day = str(pd.Timestamp(as_of).date())
    return _plan_page(str(ward_dir), shared_version(ward_dir), day, lang)


@st.cache_data(max_entries=8, show_spinner=False)
def _plan_charts(ward_dir: str, version: tuple[int, ...], as_of: str, lang: str) -> list[dict]:
    from dashboard.components.plan_charts import chart_spec

    charts = _plan_page(ward_dir, version, as_of, lang)[3]
    return [chart_spec(series, lang) for series in charts]


def plan_charts(ward_dir: Path, lang: str, as_of: pd.Timestamp) -> list[dict]:
    """Tổng quan's charts, one per indicator, as Vega-Lite specs (built once per version:
    building them is most of the page's work otherwise; one for every view)."""
    day = str(pd.Timestamp(as_of).date())
    return _plan_charts(str(ward_dir), shared_version(ward_dir), day, lang)


def plan_setting_columns(lang: str) -> dict[str, str]:
    """Headers of the plan indicators' editor on Cài đặt (a small lookup)."""
    from pipelines.reports.plan_settings import table_columns

    return table_columns(lang)


def responsible_units(lang: str) -> list[str]:
    """Labels of the units that can lead an indicator (a small lookup)."""
    from pipelines.model.settings_plan import RESPONSIBLE_UNIT

    return list(RESPONSIBLE_UNIT.labels(lang).values())


def setting_table_columns(lang: str) -> dict[str, str]:
    """Headers of a table setting's editor (item, value)."""
    from pipelines.reports.settings_view import table_columns

    return table_columns(lang)


def filter_text(ward_dir: Path, flt: MapFilter, lang: str) -> str:
    """The filters in force, in words (cheap: not cached)."""
    from pipelines.maps.layers import describe_filter

    return describe_filter(flt, ward(ward_dir), lang)


@st.cache_data(max_entries=32, show_spinner=False)
def _missing(ward_dir: str, version: tuple[int, ...], page: str, lang: str) -> list[str]:
    from pipelines.reports.missing import missing_notices as notices

    return notices(_ward(ward_dir, version), page, lang)


def missing_notices(ward_dir: Path, page: str, lang: str) -> list[str]:
    """One line per layer ``page`` lacks, saying which import fills it."""
    return _missing(str(ward_dir), version(ward_dir), page, lang)


@st.cache_data(max_entries=8, show_spinner=False)
def _page_lines(ward_dir: str, version: tuple[int, ...], lang: str) -> list[str]:
    from pipelines.reports.missing import page_lines as lines

    return lines(_ward(ward_dir, version), lang)


def page_lines(ward_dir: Path, lang: str) -> list[str]:
    """One line per page: what it can show now and what it still lacks."""
    return _page_lines(str(ward_dir), version(ward_dir), lang)


@st.cache_data(max_entries=32, show_spinner=False)
def _plan_notice(
    ward_dir: str, version: tuple[int, ...], radius_m: float, sites: SitesFile, lang: str
) -> tuple[bool, str]:
    from pipelines.planning.demand import demand_notice, sites_by_rule

    problem = _planning(ward_dir, version, radius_m, sites)
    return sites_by_rule(problem), demand_notice(problem, lang)


def plan_notice(
    ward_dir: Path, *, radius_m: float, sites: SitesFile, lang: str
) -> tuple[bool, str]:
    """(the planner sites by the rule alone, where the demand comes from — "" for a list)."""
    return _plan_notice(*_plan_key(ward_dir, radius_m, sites), lang)
