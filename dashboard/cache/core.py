"""The ward, its map layers, figures, the network analysis and the point planner.

Part of the dashboard's one caching boundary (:mod:`dashboard.cache`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard.state import masked_view, pinned_version
from pipelines.maps import layers as mapdata
from pipelines.maps.layers import MapFilter, MapLayer, PreparedLayer
from pipelines.model.store import Ward, open_ward, ward_version
from pipelines.reports import indicators as stats

if TYPE_CHECKING:
    from pipelines.ingest import PointsRead
    from pipelines.network.analysis import WardAnalysis
    from pipelines.network.base import NetworkBase
    from pipelines.planning import PlanningProblem, Scenario
    from pipelines.planning.layers import PreparedPlanLayers
    from pipelines.planning.siting import SitingResult


def files_version(ward_dir: Path) -> tuple[int, ...]:
    """Fingerprint of the ward's files: the one this page run is pinned to
    (:func:`dashboard.cache.fresh.begin_run`), else the files' as they are now."""
    return pinned_version(ward_dir) or ward_version(ward_dir)


def version(ward_dir: Path) -> tuple[int, ...]:
    """Fingerprint of the ward's files, then 1 when this session sees no personal data (0
    otherwise); part of every cache key below."""
    return (*files_version(ward_dir), int(masked_view()))


def shared_version(ward_dir: Path) -> tuple[int, ...]:
    """The key of results that carry no personal field (figures, the plan's indicators):
    made from the stored ward and shared by every view, so that a viewer and an editor do
    not each compute them after a change."""
    return (*files_version(ward_dir), 0)


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
        "inspections": analysis_views.inspections_summary,
    }
    return summaries[name](a)


def analysis_summary(ward_dir: Path, name: str, *, night: bool = False) -> object:
    """Headline figures of the analysis: {"risk", "access", "risk_options", "inspections"}."""
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
