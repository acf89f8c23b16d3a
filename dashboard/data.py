"""The one caching boundary of the dashboard: every pipelines call a page makes goes here.

Keys are hashable inputs only: the ward folder, its version fingerprint (mtime and size of
``ward.gpkg`` and ``ward.toml``, so any write invalidates), the language and the filter.
Cached objects are shared between sessions and must never be mutated by callers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from pipelines import mapdata, stats
from pipelines.mapdata import MapFilter, MapLayer, PreparedLayer
from pipelines.store import Ward, open_ward, ward_version


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
