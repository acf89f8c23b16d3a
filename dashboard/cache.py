"""The one caching boundary of the dashboard: every pipelines call a page makes goes here.

Keys are hashable inputs only: the ward folder, its version fingerprint (mtime and size of
``ward.gpkg`` and ``ward.toml``, so any write invalidates, and the personal-data view of the
session: a viewer's results are made from a masked ward and cached apart from an editor's),
the language and the filter.
Cached objects are shared between sessions and must never be mutated by callers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from dashboard.state import masked_view
from pipelines.maps import layers as mapdata
from pipelines.maps.layers import MapFilter, MapLayer, PreparedLayer
from pipelines.model.store import Ward, open_ward, update_config, ward_version
from pipelines.reports import indicators as stats

if TYPE_CHECKING:
    from pipelines.ingest import ImportOptions, ImportPreview, ImportResult, PointsRead
    from pipelines.model.settings import WardConfig
    from pipelines.network.analysis import WardAnalysis
    from pipelines.network.base import NetworkBase
    from pipelines.planning import PlanningProblem, Scenario
    from pipelines.planning.layers import PreparedPlanLayers
    from pipelines.planning.siting import SitingResult


def version(ward_dir: Path) -> tuple[int, ...]:
    """Fingerprint of the ward's files, then 1 when this session sees no personal data (0
    otherwise); part of every cache key below."""
    return (*ward_version(ward_dir), int(masked_view()))


@st.cache_resource(max_entries=4, show_spinner=False)
def _stored_ward(ward_dir: str, files_version: tuple[int, ...]) -> Ward:
    return open_ward(ward_dir)


@st.cache_resource(max_entries=4, show_spinner=False)
def _ward(ward_dir: str, version: tuple[int, ...]) -> Ward:
    """The ward as this view sees it: personal fields masked when ``version[-1]`` is 1."""
    from pipelines.model.access import mask_personal

    stored = _stored_ward(ward_dir, version[:-1])
    return mask_personal(stored) if version[-1] else stored


def ward(ward_dir: Path) -> Ward:
    """The validated ward (shared, read-only)."""
    return _ward(str(ward_dir), version(ward_dir))


@st.cache_resource(max_entries=8, show_spinner=False)
def _prepared(ward_dir: str, version: tuple[int, ...], lang: str) -> dict[str, PreparedLayer]:
    return mapdata.prepare_layers(_ward(ward_dir, version), lang)


@st.cache_resource(max_entries=64, show_spinner=False)
def _layers(ward_dir: str, version: tuple[int, ...], lang: str, flt: MapFilter) -> list[MapLayer]:
    return mapdata.select_layers(_prepared(ward_dir, version, lang), flt)


def map_layers(ward_dir: Path, lang: str, flt: MapFilter) -> list[MapLayer]:
    """Every map layer in drawing order, filtered by ``flt``."""
    return _layers(str(ward_dir), version(ward_dir), lang, flt)


@st.cache_data(max_entries=8, show_spinner=False)
def _bounds(ward_dir: str, version: tuple[int, ...]) -> list[list[float]]:
    return mapdata.ward_bounds(_ward(ward_dir, version))


def bounds(ward_dir: Path) -> list[list[float]]:
    return _bounds(str(ward_dir), version(ward_dir))


@st.cache_data(max_entries=8, show_spinner=False)
def _kpis(ward_dir: str, version: tuple[int, ...]) -> stats.WardKpis:
    return stats.ward_kpis(_ward(ward_dir, version))


def kpis(ward_dir: Path) -> stats.WardKpis:
    return _kpis(str(ward_dir), version(ward_dir))


@st.cache_data(max_entries=8, show_spinner=False)
def _breakdown(ward_dir: str, version: tuple[int, ...]) -> pd.DataFrame:
    return stats.breakdown_by_group(_ward(ward_dir, version))


def breakdown(ward_dir: Path) -> pd.DataFrame:
    return _breakdown(str(ward_dir), version(ward_dir))


# ---------------------------------------------------------------------- analysis and point planner


@st.cache_resource(max_entries=2, show_spinner=False)
def _network_base(
    ward_dir: str, data_version: tuple[int, ...], settings: tuple, _ward: Ward
) -> NetworkBase:
    """The road graph and the projected, snapped layers of one version of the ward's data.

    Keyed on ``ward.gpkg`` alone (``data_version``) and the settings that move the network
    (:func:`pipelines.network.base.network_settings`), so a new ``ward.toml`` (a risk weight,
    a radius) and the day/night switch reuse it: the warm analysis skips the cold part.
    """
    from pipelines.network.base import network_base

    return network_base(_ward)


def _analysis(ward_dir: str, version: tuple[int, ...], night: bool) -> WardAnalysis:
    # The analysis carries no personal field: one for every view, keyed on the files only.
    return _stored_analysis(ward_dir, version[:-1], night)


@st.cache_resource(max_entries=4, show_spinner=False)
def _stored_analysis(ward_dir: str, files_version: tuple[int, ...], night: bool) -> WardAnalysis:
    from pipelines.network.analysis import analyze_ward
    from pipelines.network.base import network_settings

    ward = _stored_ward(ward_dir, files_version)
    # (gpkg mtime, gpkg size, toml mtime, toml size): the base follows the gpkg only
    base = _network_base(ward_dir, files_version[:2], network_settings(ward.config), ward)
    return analyze_ward(ward, night=night, base=base)


def analysis(ward_dir: Path, *, night: bool = False) -> WardAnalysis:
    """The ward's network analysis (shared, read-only)."""
    return _analysis(str(ward_dir), version(ward_dir), night)


@st.cache_resource(max_entries=8, show_spinner=False)
def _analysis_prepared(
    ward_dir: str, version: tuple[int, ...], night: bool, lang: str
) -> dict[str, PreparedLayer]:
    from pipelines.network.layers import prepare_analysis_layers

    return prepare_analysis_layers(_analysis(ward_dir, version, night), lang)


@st.cache_resource(max_entries=64, show_spinner=False)
def _analysis_layers(
    ward_dir: str,
    version: tuple[int, ...],
    night: bool,
    lang: str,
    flt: MapFilter,
    keys: tuple[str, ...],
    show: tuple[tuple[str, bool], ...],
) -> list[MapLayer]:
    from pipelines.network.layers import select_analysis_layers

    prepared = _analysis_prepared(ward_dir, version, night, lang)
    return select_analysis_layers({k: prepared[k] for k in keys}, flt, show=dict(show))


def analysis_layers(
    ward_dir: Path,
    lang: str,
    flt: MapFilter,
    *,
    night: bool = False,
    keys: tuple[str, ...] | None = None,
    show: tuple[tuple[str, bool], ...] = (),
) -> list[MapLayer]:
    """The network analysis map layers (risk, coverage, access, pockets…), filtered."""
    from pipelines.network.layers import ANALYSIS_LAYERS

    keys = tuple(k for k, _ in ANALYSIS_LAYERS if keys is None or k in keys)
    return _analysis_layers(str(ward_dir), version(ward_dir), night, lang, flt, keys, show)


@st.cache_data(max_entries=32, show_spinner=False)
def _analysis_table(
    ward_dir: str, version: tuple[int, ...], night: bool, lang: str, name: str, flt: object
) -> pd.DataFrame:
    from pipelines.network import tables as analysis_views

    a = _analysis(ward_dir, version, night)
    if name == "risk":
        return analysis_views.risk_table(a, lang, flt)  # type: ignore[arg-type]
    return analysis_views.TABLES[name](a, lang)


def analysis_table(
    ward_dir: Path, lang: str, name: str, *, night: bool = False, flt: object = None
) -> pd.DataFrame:
    """A table of the analysis ({"risk"} with a RiskFilter, or a key of
    ``pipelines.network.tables.TABLES``), with display labels (a copy per caller)."""
    return _analysis_table(str(ward_dir), version(ward_dir), night, lang, name, flt)


@st.cache_data(max_entries=32, show_spinner=False)
def _analysis_table_file(
    ward_dir: str,
    version: tuple[int, ...],
    night: bool,
    lang: str,
    name: str,
    flt: object,
    fmt: str,
) -> bytes:
    from pipelines.network.tables import table_bytes

    table = _analysis_table(ward_dir, version, night, lang, name, flt)
    return table_bytes(table, fmt, sheet=name, lang=lang)


def analysis_table_file(
    ward_dir: Path, lang: str, name: str, fmt: str, *, night: bool = False, flt: object = None
) -> bytes:
    """An analysis table as CSV or XLSX bytes (for a download button)."""
    return _analysis_table_file(str(ward_dir), version(ward_dir), night, lang, name, flt, fmt)


@st.cache_data(max_entries=16, show_spinner=False)
def _analysis_summary(ward_dir: str, version: tuple[int, ...], night: bool, name: str) -> object:
    from pipelines.network import tables as analysis_views

    a = _analysis(ward_dir, version, night)
    summaries = {
        "risk": analysis_views.risk_summary,
        "access": analysis_views.access_summary,
        "risk_options": analysis_views.risk_filter_options,
    }
    return summaries[name](a)


def analysis_summary(ward_dir: Path, name: str, *, night: bool = False) -> object:
    """Headline figures of the analysis: {"risk", "access", "risk_options"}."""
    return _analysis_summary(str(ward_dir), version(ward_dir), night, name)


# An uploaded candidate-site file: (content, file name); (b"", "") for none.
SitesFile = tuple[bytes, str]


@st.cache_data(max_entries=6, show_spinner=False)
def _sites(ward_dir: str, version: tuple[int, ...], sites: SitesFile) -> PointsRead:
    from pipelines.ingest import read_points

    return read_points((sites[1], sites[0]), ward_dir)


def candidate_sites(ward_dir: Path, sites: SitesFile) -> PointsRead | None:
    """The points of an uploaded candidate-site file and its rejected rows (``None``: no file).

    Read like an import (:func:`pipelines.ingest.read_points`); raises ``InputFileError``
    for a file without any usable point.
    """
    return _sites(str(ward_dir), version(ward_dir), sites) if sites[0] else None


def _planning(
    ward_dir: str, version: tuple[int, ...], radius_m: float, sites: SitesFile
) -> PlanningProblem:
    # Demand, sites and coverage use no personal field: one problem for every view.
    return _stored_planning(ward_dir, version[:-1], radius_m, sites)


@st.cache_resource(max_entries=6, show_spinner=False)
def _stored_planning(
    ward_dir: str, files_version: tuple[int, ...], radius_m: float, sites: SitesFile
) -> PlanningProblem:
    from pipelines.planning import planning_problem

    extra = _sites(ward_dir, (*files_version, 0), sites).points if sites[0] else None
    return planning_problem(
        _stored_ward(ward_dir, files_version),
        _stored_analysis(ward_dir, files_version, False),
        radius_m=radius_m,
        extra_sites=extra,
    )


def planning(ward_dir: Path, *, radius_m: float, sites: SitesFile = (b"", "")) -> PlanningProblem:
    """The planning problem (demand, candidates, coverage, rules) for a radius (shared)."""
    return _planning(str(ward_dir), version(ward_dir), float(radius_m), sites)


@st.cache_resource(max_entries=64, show_spinner=False)
def _proposal(
    ward_dir: str,
    version: tuple[int, ...],
    radius_m: float,
    sites: SitesFile,
    model: str,
    p: int,
    share: float,
    enforce_rules: bool,
    method: str,
) -> SitingResult:
    from pipelines.planning import propose

    return propose(
        _planning(ward_dir, version, radius_m, sites),
        model=model,
        p=p,
        share=share,
        method=method,
        enforce_rules=enforce_rules,
    )


def proposal(
    ward_dir: Path,
    *,
    radius_m: float,
    sites: SitesFile,
    model: str,
    p: int,
    share: float,
    enforce_rules: bool,
    method: str,
) -> SitingResult:
    """A solved siting model ({"greedy", "highs"}) on the planning problem (shared)."""
    return _proposal(
        str(ward_dir),
        version(ward_dir),
        float(radius_m),
        sites,
        model,
        int(p),
        float(share),
        bool(enforce_rules),
        method,
    )


@st.cache_resource(max_entries=6, show_spinner=False)
def _plan_prepared(
    ward_dir: str, version: tuple[int, ...], radius_m: float, sites: SitesFile, lang: str
) -> PreparedPlanLayers:
    from pipelines.planning.layers import prepare_plan_layers

    return prepare_plan_layers(_planning(ward_dir, version, radius_m, sites), lang)


def plan_map_layers(
    ward_dir: Path,
    *,
    radius_m: float,
    sites: SitesFile,
    lang: str,
    scenario: Scenario,
    candidates: bool = False,
) -> list[MapLayer]:
    """The planner's map layers for a proposal (features formatted once, picked per edit)."""
    from pipelines.planning.layers import plan_layers

    v = version(ward_dir)
    key = (str(ward_dir), v, float(radius_m), sites)
    return plan_layers(_plan_prepared(*key, lang), _planning(*key), scenario, candidates=candidates)


# ---------------------------------------------------------------------- data page: import and export


def _mapping_version(ward_dir: Path, layer: str) -> int:
    from pipelines.ingest.headers import mapping_path

    path = mapping_path(ward_dir, layer)
    return path.stat().st_mtime_ns if path.is_file() else 0


@st.cache_resource(max_entries=4, show_spinner=False)
def _import_preview(
    ward_dir: str,
    version: tuple[int, ...],
    mapping_version: int,
    name: str,
    digest: str,
    options_key: str,
    _data: bytes,
    _options: ImportOptions,
) -> ImportPreview:
    from pipelines.ingest import prepare_import

    return prepare_import((name, _data), ward_dir, _options)


def import_preview(
    ward_dir: Path, name: str, content: bytes, options: ImportOptions
) -> ImportPreview:
    """What importing an uploaded file would do (shared, read-only; nothing is written)."""
    import dataclasses
    import hashlib
    import json

    key = json.dumps(dataclasses.asdict(options), sort_keys=True, ensure_ascii=False, default=str)
    return _import_preview(
        str(ward_dir),
        version(ward_dir),
        _mapping_version(ward_dir, options.layer),
        name,
        hashlib.sha256(content).hexdigest(),
        key,
        content,
        options,
    )


def commit_import(preview: ImportPreview) -> ImportResult:
    """Write a previewed import into the ward (not cached; every cache keyed on the ward's
    version sees the new store on the next run). The rows are merged with what is stored
    at the moment of the write: ``ImportResult.counts`` are the figures to show."""
    from pipelines.ingest import commit_import as commit

    return commit(preview)


@st.cache_data(max_entries=4, show_spinner=False)
def _boundary(name: str, content: bytes, feature: str | None, crs: str) -> object:
    from pipelines.ingest.start import read_boundary as read

    return read((name, content), feature, crs_metric=crs)


def read_boundary(name: str, content: bytes, feature: str | None, crs: str) -> object:
    """The boundary chosen in an uploaded file (:func:`pipelines.ingest.start.read_boundary`)."""
    return _boundary(name, content, feature, crs)


@st.cache_data(max_entries=4, show_spinner=False)
def boundary_names(name: str, content: bytes) -> list[str]:
    """The names of the areas in an uploaded boundary file."""
    from pipelines.ingest.start import boundary_names as names

    return names((name, content))


def boundary_warnings(ward_dir: Path, boundary: object) -> list:
    """What the user must confirm before writing ``boundary`` (not cached: reads the store)."""
    from pipelines.ingest.start import boundary_warnings as warnings
    from pipelines.model.settings import WardConfig
    from pipelines.model.store import config_path

    if not config_path(ward_dir).is_file():  # a new folder: nothing to replace
        return warnings(None, boundary, WardConfig())  # type: ignore[arg-type]
    return warnings(ward_dir, boundary, ward(ward_dir).config)  # type: ignore[arg-type]


def started_wards() -> dict[str, str]:
    """Wards started on the Dữ liệu page: folder name → ward name (read each run: a folder
    may appear from another tab)."""
    from pipelines.model.settings import load_config
    from pipelines.model.store import config_path
    from pipelines.model.workcopy import started_wards as folders
    from pipelines.model.workcopy import work_dir

    return {f: load_config(config_path(work_dir() / f)).ward.name for f in folders()}


def new_ward_dir(name: str) -> Path:
    """A new folder for a ward started from public data (not created yet)."""
    from pipelines.model.workcopy import new_ward_dir as new

    return new(name)


def start_ward(
    ward_dir: Path, *, name: str, boundary: object, osm: tuple[str, bytes] | None
) -> object:
    """Write the boundary and import an OSM file in one step (not cached; confirmed by the
    page, which shows :func:`boundary_warnings` first)."""
    from pipelines.ingest.start import start_ward as start

    return start(ward_dir, name=name, boundary=boundary, osm=osm, confirmed=True)  # type: ignore[arg-type]


def save_settings(
    ward_dir: Path, section: str, values: dict[str, Any], *, based_on: WardConfig
) -> WardConfig:
    """Save one section of ``ward.toml`` (not cached): only the values that differ from
    ``based_on`` (the settings the form showed), applied to the file as it is now, under
    the ward's lock, so settings another person saved meanwhile are kept."""
    return update_config(ward_dir, section, values, based_on=based_on)


def save_import_mapping(preview: ImportPreview) -> Path:
    """Save the column mapping of a preview for the next import of its layer (not cached)."""
    from pipelines.ingest import save_mapping

    return save_mapping(
        preview.ward_dir,
        preview.layer,
        columns=preview.mapping_dict(),
        values={
            k: {v: c for v, c in table.items() if c} for k, table in preview.value_maps.items()
        },
        crs=preview.options.crs,
        defaults=dict(preview.options.defaults),
    )


@st.cache_data(max_entries=4, show_spinner=False)
def _rejects_file(
    ward_dir: str, digest: str, options_key: str, fmt: str, _rejects: pd.DataFrame
) -> bytes:
    from pipelines.ingest.pipeline import rejects_bytes

    return rejects_bytes(_rejects, fmt)


def rejects_file(preview: ImportPreview, fmt: str) -> bytes:
    """The preview's rejects as CSV or XLSX bytes (for a download button)."""
    import hashlib

    digest = hashlib.sha256(preview.source_data).hexdigest()
    return _rejects_file(str(preview.ward_dir), digest, repr(preview.options), fmt, preview.rejects)


@st.cache_data(max_entries=16, show_spinner=False)
def _export(ward_dir: str, version: tuple[int, ...], layer: str, fmt: str) -> bytes:
    from pipelines.export.layers import export_layer

    return export_layer(_ward(ward_dir, version)[layer], layer, fmt)


def export_file(ward_dir: Path, layer: str, fmt: str) -> bytes:
    """One layer of the ward as a file's bytes ({"geojson", "gpkg", "kml", "csv", "xlsx"})."""
    return _export(str(ward_dir), version(ward_dir), layer, fmt)


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
    """The plan's indicators at ``as_of``, per tổ dân phố, and by month (shared, read-only)."""
    return _plan_status(str(ward_dir), version(ward_dir), str(pd.Timestamp(as_of).date()))


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
    """What Tổng quan shows of the plan: headlines, indicator table, ranking, charts, lagging."""
    return _plan_page(str(ward_dir), version(ward_dir), str(pd.Timestamp(as_of).date()), lang)


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


# ---------------------------------------------------------------------- documents: the review
# report and the map book (pipelines/reports/review_report.py, mapbook.py; piece "docs")


@st.cache_data(max_entries=8, show_spinner=False)
def _review_report(
    ward_dir: str,
    version: tuple[int, ...],
    period: str,
    template: str,
    fmt: str,
    lang: str,
    today: str,
) -> bytes:
    from pipelines.reports.period import parse_period
    from pipelines.reports.review_report import report_bytes, review_document

    document = review_document(
        _ward(ward_dir, version),
        _analysis(ward_dir, version, False),
        parse_period(period),
        template=template,
        lang=lang,
        today=pd.Timestamp(today),
    )
    return report_bytes(document, fmt)


def review_report(ward_dir: Path, *, period: str, template: str, fmt: str, lang: str) -> bytes:
    """The review report of ``period`` ("2026-Q3"…) as {"docx", "pdf"} bytes, dated today."""
    import datetime as dt

    today = dt.date.today().isoformat()
    return _review_report(str(ward_dir), version(ward_dir), period, template, fmt, lang, today)


@st.cache_data(max_entries=4, show_spinner=False)
def _mapbook(
    ward_dir: str, version: tuple[int, ...], paper: str, lang: str, today: str, _on_page: Any
) -> bytes:
    import datetime as dt

    from pipelines.reports.mapbook import mapbook_pdf

    ward = _ward(ward_dir, version)
    analysis = _analysis(ward_dir, version, False)
    day = dt.date.fromisoformat(today)
    return mapbook_pdf(ward, analysis, paper=paper, lang=lang, today=day, on_page=_on_page)


def mapbook(ward_dir: Path, *, paper: str, lang: str, on_page: Any = None) -> bytes:
    """The map book as PDF bytes; ``on_page(done, total)`` reports progress (not when cached)."""
    import datetime as dt

    today = dt.date.today().isoformat()
    return _mapbook(str(ward_dir), version(ward_dir), paper, lang, today, on_page)


def report_periods(lang: str) -> list[tuple[str, str]]:
    """The periods a report can cover, most recent first: (key, name in ``lang``)."""
    from pipelines.reports.period import period_choices

    return [(p.key, p.label(lang)) for p in period_choices(pd.Timestamp.today().normalize())]


# ---------------------------------------------------------------------- users and sign-in
# The ward's users are read on every run (a small file another process may change); the
# login guard is one per ward and server process, shared by every tab.


@st.cache_resource(max_entries=16, show_spinner=False)
def login_guard(ward_dir: str) -> Any:
    """The failed sign-in counter of a ward (:class:`pipelines.model.access.LoginGuard`)."""
    from pipelines.model.access import LoginGuard

    return LoginGuard()
