"""The Dữ liệu page: import previews and commits, exports, starting a ward, settings.

Part of the dashboard's one caching boundary (:mod:`dashboard.cache`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from dashboard.cache.core import _ward, version, ward
from pipelines.model.store import update_config

if TYPE_CHECKING:
    from pipelines.ingest import ImportOptions, ImportPreview, ImportResult
    from pipelines.model.settings import WardConfig


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


def commit_import(preview: ImportPreview, user: str = "") -> ImportResult:
    """Write a previewed import into the ward (not cached; every cache keyed on the ward's
    version sees the new store on the next run). The rows are merged with what is stored
    at the moment of the write: ``ImportResult.counts`` are the figures to show."""
    from pipelines.ingest import commit_import as commit

    return commit(preview, user=user)


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
    ward_dir: Path, section: str, values: dict[str, Any], *, based_on: WardConfig, user: str = ""
) -> WardConfig:
    """Save one section of ``ward.toml`` (not cached): only the values that differ from
    ``based_on`` (the settings the form showed), applied to the file as it is now, under
    the ward's lock, so settings another person saved meanwhile are kept."""
    return update_config(ward_dir, section, values, based_on=based_on, user=user)


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
