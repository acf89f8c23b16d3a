"""The one caching boundary of the dashboard: every pipelines call a page makes goes here.

Keys are hashable inputs only: the ward folder, its version fingerprint (mtime and size of
``ward.gpkg`` and ``ward.toml``, so any write invalidates), the language and the filter.
Cached objects are shared between sessions and must never be mutated by callers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from pipelines import mapdata, stats
from pipelines.mapdata import MapFilter, MapLayer, PreparedLayer
from pipelines.store import Ward, open_ward, ward_version

if TYPE_CHECKING:
    from pipelines.analysis import WardAnalysis
    from pipelines.plan_layers import PreparedPlanLayers
    from pipelines.planner import PlanningProblem, Scenario
    from pipelines.siting import SitingResult


def version(ward_dir: Path) -> tuple[int, ...]:
    """Fingerprint of the ward's files; part of every cache key below."""
    return ward_version(ward_dir)


@st.cache_resource(max_entries=4, show_spinner=False)
def _ward(ward_dir: str, version: tuple[int, ...]) -> Ward:
    return open_ward(ward_dir)


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


@st.cache_resource(max_entries=4, show_spinner=False)
def _analysis(ward_dir: str, version: tuple[int, ...], night: bool) -> WardAnalysis:
    from pipelines.analysis import analyze_ward

    return analyze_ward(_ward(ward_dir, version), night=night)


def analysis(ward_dir: Path, *, night: bool = False) -> WardAnalysis:
    """The ward's network analysis (shared, read-only)."""
    return _analysis(str(ward_dir), version(ward_dir), night)


# An uploaded candidate-site file: (content, suffix); (b"", "") for none.
SitesFile = tuple[bytes, str]


@st.cache_resource(max_entries=6, show_spinner=False)
def _planning(
    ward_dir: str, version: tuple[int, ...], radius_m: float, sites: SitesFile
) -> PlanningProblem:
    from pipelines.planner import planning_problem, sites_from_bytes

    extra = sites_from_bytes(*sites) if sites[0] else None
    return planning_problem(
        _ward(ward_dir, version),
        _analysis(ward_dir, version, False),
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
    from pipelines.planner import propose

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
    from pipelines.plan_layers import prepare_plan_layers

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
    from pipelines.plan_layers import plan_layers

    v = version(ward_dir)
    key = (str(ward_dir), v, float(radius_m), sites)
    return plan_layers(_plan_prepared(*key, lang), _planning(*key), scenario, candidates=candidates)
