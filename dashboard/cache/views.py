"""Page views: display tables, map layers by page, the planner page, notices.

Part of the dashboard's one caching boundary (:mod:`dashboard.cache`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard.cache.core import (
    SitesFile,
    _analysis_layers,
    _analysis_table,
    _breakdown,
    _kpis,
    _layers,
    _planning,
    _proposal,
    _ward,
    version,
)
from pipelines.maps.layers import MapFilter, MapLayer

if TYPE_CHECKING:
    from pipelines.ingest import ImportPreview
    from pipelines.planning import Scenario


# ---------------------------------------------------------------------- page views
# What the pages show, formatted in pipelines (display tables, settings, planner edits). The
# cheap ones derived from an object cached above are plain calls: they are here so that a
# page calls pipelines only through this module.


@st.cache_resource(max_entries=64, show_spinner=False)
def _map_page_layers(
    ward_dir: str, version: tuple[int, ...], lang: str, flt: MapFilter, theme: str
) -> list[MapLayer]:
    from pipelines.maps.layers import MAP_THEME_BY_KEY, apply_theme
    from pipelines.network.layers import MAP_ANALYSIS_LAYERS, merge_map_layers

    keys = tuple(k for k, _ in _analysis_layer_keys() if k in MAP_ANALYSIS_LAYERS)
    layers = merge_map_layers(
        _layers(ward_dir, version, lang, flt),
        _analysis_layers(ward_dir, version, False, lang, flt, keys, ()),
    )
    return apply_theme(layers, MAP_THEME_BY_KEY[theme])


def _analysis_layer_keys() -> tuple[tuple[str, object], ...]:
    from pipelines.network.layers import ANALYSIS_LAYERS

    return tuple(ANALYSIS_LAYERS)


def map_page_layers(ward_dir: Path, lang: str, flt: MapFilter, theme: str) -> list[MapLayer]:
    """The Bản đồ page's layers: the ward's and the analysis', filtered, under a map theme."""
    return _map_page_layers(str(ward_dir), version(ward_dir), lang, flt, theme)


ACCESS_WARD_LAYERS = (
    "ward_boundary",
    "water_bodies",
    "barriers",
    "water_sources",
    "firefighting_points",
)
ACCESS_ANALYSIS_LAYERS = ("beyond_reach", "truck_access", "deep_alleys", "gap_proposals")


@st.cache_resource(max_entries=8, show_spinner=False)
def _access_map_layers(
    ward_dir: str, version: tuple[int, ...], lang: str, night: bool
) -> list[MapLayer]:
    from pipelines.network.layers import merge_map_layers

    flt = MapFilter()
    ward_layers = [
        layer for layer in _layers(ward_dir, version, lang, flt) if layer.key in ACCESS_WARD_LAYERS
    ]
    keys = tuple(k for k, _ in _analysis_layer_keys() if k in ACCESS_ANALYSIS_LAYERS)
    show = (("deep_alleys", True), ("gap_proposals", True))
    access = _analysis_layers(ward_dir, version, night, lang, flt, keys, show)
    return merge_map_layers(ward_layers, access)


def access_map_layers(ward_dir: Path, lang: str, *, night: bool) -> list[MapLayer]:
    """The Nguồn nước & giao thông page's layers: water, barriers and truck access (day/night)."""
    return _access_map_layers(str(ward_dir), version(ward_dir), lang, night)


@st.cache_data(max_entries=32, show_spinner=False)
def _analysis_display(
    ward_dir: str, version: tuple[int, ...], night: bool, lang: str, name: str, flt: object
) -> pd.DataFrame:
    from pipelines.network.views import display_table

    return display_table(_analysis_table(ward_dir, version, night, lang, name, flt), lang)


def analysis_display(
    ward_dir: Path, lang: str, name: str, *, night: bool = False, flt: object = None
) -> pd.DataFrame:
    """An analysis table formatted for reading (see :func:`analysis_table`)."""
    return _analysis_display(str(ward_dir), version(ward_dir), night, lang, name, flt)


@st.cache_data(max_entries=8, show_spinner=False)
def _overview_tables(
    ward_dir: str, version: tuple[int, ...], lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    from pipelines.reports.overview import category_table, group_table

    return (
        category_table(_kpis(ward_dir, version), lang),
        group_table(_breakdown(ward_dir, version), lang),
    )


def overview_tables(ward_dir: Path, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Tổng quan tables: premises by category, and the breakdown by tổ dân phố."""
    return _overview_tables(str(ward_dir), version(ward_dir), lang)


@st.cache_data(max_entries=8, show_spinner=False)
def _settings(ward_dir: str, version: tuple[int, ...], lang: str) -> list:
    from pipelines.reports.settings_view import settings_views

    return settings_views(_ward(ward_dir, version).config, lang)


def settings(ward_dir: Path, lang: str) -> list:
    """Every setting of the ward as the Cài đặt page shows it (``SettingView``)."""
    return _settings(str(ward_dir), version(ward_dir), lang)


def read_setting(view: object, typed: object, lang: str) -> object:
    """The value to store for what was typed (raises ``NumberFormatError``; not cached)."""
    from pipelines.reports.settings_view import read_setting as read

    return read(view, typed, lang)  # type: ignore[arg-type]


def export_name(layer: str, fmt: str) -> str:
    """The file name a layer export downloads as."""
    from pipelines.export.layers import export_file_name

    return export_file_name(layer, fmt)


def import_views(preview: ImportPreview, lang: str, chosen: dict | None = None) -> dict:
    """What the Dữ liệu page shows of a preview (facts, choices left, display tables).

    Keys: ``facts``, ``notes``, ``open_values``, ``missing``, ``can_commit``,
    ``accepted``, ``rejects``, ``duplicates``, ``conversions``. Derived from the cached
    preview in milliseconds, so not cached itself.
    """
    from pipelines.ingest import preview_views as views

    return {
        "facts": views.detected_facts(preview, lang),
        "notes": [note.text(lang) for note in preview.notes],
        "open_values": views.open_values(preview, chosen),
        "missing": views.missing_fields(preview),
        "can_commit": views.can_commit(preview),
        "accepted": views.accepted_view(preview, lang),
        "rejects": views.rejects_view(preview, lang),
        "duplicates": views.duplicates_view(preview, lang),
        "conversions": views.conversions_view(preview, lang),
    }


# planner: the proposal being edited lives in the page's session; these read and edit it.


def _plan_key(ward_dir: Path, radius_m: float, sites: SitesFile) -> tuple:
    return (str(ward_dir), version(ward_dir), float(radius_m), sites)


@st.cache_data(max_entries=32, show_spinner=False)
def _plan_summary(
    ward_dir: str,
    version: tuple[int, ...],
    radius_m: float,
    sites: SitesFile,
    model: str,
    p: int,
    share: float,
    enforce_rules: bool,
    lang: str,
) -> object:
    from pipelines.planning.views import solve_summary

    key = (ward_dir, version, radius_m, sites, model, p, share, enforce_rules)
    return solve_summary(
        _planning(ward_dir, version, radius_m, sites),
        _proposal(*key, "greedy"),
        _proposal(*key, "highs"),
        enforce_rules=enforce_rules,
        lang=lang,
    )


def plan_summary(
    ward_dir: Path,
    *,
    radius_m: float,
    sites: SitesFile,
    model: str,
    p: int,
    share: float,
    enforce_rules: bool,
    lang: str,
) -> object:
    """The greedy and optimal solves of a model, side by side (``SolveSummary``)."""
    return _plan_summary(
        *_plan_key(ward_dir, radius_m, sites),
        model,
        int(p),
        float(share),
        bool(enforce_rules),
        lang,
    )


def plan_start(
    ward_dir: Path,
    *,
    name: str,
    radius_m: float,
    sites: SitesFile,
    model: str,
    p: int,
    share: float,
    enforce_rules: bool,
) -> Scenario:
    """The proposal an edit starts from: the optimum, else the quick answer (not cached)."""
    from pipelines.planning.views import starting_scenario

    key = (*_plan_key(ward_dir, radius_m, sites), model, int(p), float(share), bool(enforce_rules))
    problem = _planning(*_plan_key(ward_dir, radius_m, sites))
    return starting_scenario(
        problem, _proposal(*key, "greedy"), _proposal(*key, "highs"), name=name
    )


@st.cache_resource(max_entries=16, show_spinner=False)
def _plan_view(
    ward_dir: str,
    version: tuple[int, ...],
    radius_m: float,
    sites: SitesFile,
    scenario: Scenario,
    lang: str,
) -> object:
    from pipelines.planning.views import proposal_view

    return proposal_view(_planning(ward_dir, version, radius_m, sites), scenario, lang)


def plan_view(
    ward_dir: Path, *, radius_m: float, sites: SitesFile, scenario: Scenario, lang: str
) -> object:
    """Figures, points and rules of a proposal (``ProposalView``, shared, read-only)."""
    return _plan_view(*_plan_key(ward_dir, radius_m, sites), scenario, lang)


def plan_click(
    ward_dir: Path,
    *,
    radius_m: float,
    sites: SitesFile,
    scenario: Scenario,
    lon: float,
    lat: float,
    move: str | None = None,
) -> object:
    """Add a point at a map click, or move one there (``Edit``; not cached)."""
    from pipelines.planning.views import click_point

    problem = _planning(*_plan_key(ward_dir, radius_m, sites))
    return click_point(problem, scenario, lon, lat, move=move)


def plan_remove(
    ward_dir: Path, *, radius_m: float, sites: SitesFile, scenario: Scenario, keys: list[str]
) -> Scenario:
    """The proposal without the points ``keys`` (not cached)."""
    from pipelines.planning.views import remove_points

    return remove_points(_planning(*_plan_key(ward_dir, radius_m, sites)), scenario, keys)


@st.cache_data(max_entries=16, show_spinner=False)
def _plan_comparison(
    ward_dir: str,
    version: tuple[int, ...],
    radius_m: float,
    sites: SitesFile,
    scenarios: tuple[Scenario, ...],
    lang: str,
) -> pd.DataFrame:
    from pipelines.planning.views import comparison_view

    return comparison_view(_planning(ward_dir, version, radius_m, sites), scenarios, lang)


def plan_comparison(
    ward_dir: Path, *, radius_m: float, sites: SitesFile, scenarios: list[Scenario], lang: str
) -> pd.DataFrame:
    """The figures of several proposals side by side, formatted."""
    return _plan_comparison(*_plan_key(ward_dir, radius_m, sites), tuple(scenarios), lang)


@st.cache_data(max_entries=8, show_spinner=False)
def _plan_file(
    ward_dir: str,
    version: tuple[int, ...],
    radius_m: float,
    sites: SitesFile,
    scenario: Scenario,
    suffix: str,
    lang: str,
) -> bytes:
    from pipelines.planning.exports import proposal_bytes

    problem = _planning(ward_dir, version, radius_m, sites)
    return proposal_bytes(problem, scenario, suffix, ward=_ward(ward_dir, version), lang=lang)


def plan_file(
    ward_dir: Path, *, radius_m: float, sites: SitesFile, scenario: Scenario, suffix: str, lang: str
) -> bytes:
    """A proposal as a file's bytes ({".geojson", ".kml", ".xlsx", ".png", ".pdf"})."""
    return _plan_file(*_plan_key(ward_dir, radius_m, sites), scenario, suffix, lang)


PLAN_BASE_LAYERS = ("ward_boundary", "residential_groups", "water_bodies", "roads")


@st.cache_resource(max_entries=4, show_spinner=False)
def _plan_base_layers(ward_dir: str, version: tuple[int, ...], lang: str) -> list[MapLayer]:
    from pipelines.planning.layers import inert

    layers = _layers(ward_dir, version, lang, MapFilter())
    return inert([layer for layer in layers if layer.key in PLAN_BASE_LAYERS])


def plan_base_layers(ward_dir: Path, lang: str) -> list[MapLayer]:
    """The planner map's background: boundary, tổ dân phố, water and roads (not clickable)."""
    return _plan_base_layers(str(ward_dir), version(ward_dir), lang)


# --- The plan's indicators (Tổng quan) ---------------------------------------------------
