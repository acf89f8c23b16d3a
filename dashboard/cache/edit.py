"""The Chỉnh sửa bản đồ page: stored layers with their feature versions, edits, conflicts.

Part of the dashboard's one caching boundary (:mod:`dashboard.cache`). The layers read
here are the stored ones, with personal fields: only for sessions that see them (the page
is for editors and admins). Saves are not cached; every cache keyed on the ward's version
(mtime and size of ``ward.gpkg``) sees the change on the next run of any page, so the
Bản đồ and Tổng quan pages show it at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
import streamlit as st

from dashboard.cache.core import version, ward
from dashboard.state import masked_view
from pipelines.model import edit as editing
from pipelines.model import edit_views
from pipelines.model.store import LayerChange, read_layer
from pipelines.model.versions import FeatureConflict, feature_versions


@st.cache_resource(max_entries=8, show_spinner=False)
def _stored(
    ward_dir: str, version: tuple[int, ...], layer: str
) -> tuple[gpd.GeoDataFrame, pd.Series]:
    frame = read_layer(ward_dir, layer)
    return frame, feature_versions(layer, frame)


def edit_layer(ward_dir: Path, layer: str) -> tuple[gpd.GeoDataFrame, pd.Series]:
    """A layer as stored and each feature's version (shared, read-only)."""
    if masked_view():
        raise PermissionError("the stored layers are for sessions that see personal data")
    return _stored(str(ward_dir), version(ward_dir), layer)


@st.cache_data(max_entries=16, show_spinner=False)
def _options(ward_dir: str, version: tuple[int, ...], layer: str, lang: str) -> dict[str, str]:
    return edit_views.feature_options(_stored(ward_dir, version, layer)[0], layer, lang)


def edit_options(ward_dir: Path, layer: str, lang: str) -> dict[str, str]:
    """The layer's features for a list: id → "id — name"."""
    return _options(str(ward_dir), version(ward_dir), layer, lang)


def edit_new(
    ward_dir: Path, layer: str, values: Mapping[str, Any], geometry: shapely.Geometry
) -> editing.Edit:
    """A new feature, checked (raises ``ValidationError`` with every problem)."""
    return editing.new_feature(ward(ward_dir), layer, values, geometry)


def edit_update(
    ward_dir: Path,
    layer: str,
    seen: gpd.GeoDataFrame,
    version: str,
    *,
    values: Mapping[str, Any] | None = None,
    geometry: shapely.Geometry | None = None,
) -> editing.Edit:
    """The feature the editor saw (``seen``, one row, at ``version``) with new attributes
    or geometry; saving it is refused when the feature changed since."""
    return editing.update_feature(
        ward(ward_dir),
        layer,
        seen,
        str(seen["id"].iloc[0]),
        version,
        values=values,
        geometry=geometry,
    )


def edit_delete(layer: str, feature_id: str, version: str) -> editing.Edit:
    """Removing a feature the editor saw at ``version``."""
    return editing.delete_feature(layer, feature_id, version)


def save_edit(ward_dir: Path, change: editing.Edit, user: str) -> LayerChange:
    """Write one edit (raises ``ConflictError`` when the feature changed meanwhile)."""
    return editing.save(ward_dir, change, user=user)


def resolve_conflict(
    conflict: FeatureConflict, how: str, choices: Mapping[str, str] | None = None
) -> editing.Edit | None:
    """The edit that settles a conflict ({"mine", "theirs", "merge"}); ``None``: nothing."""
    return editing.resolve(conflict, how, choices)  # type: ignore[arg-type]


def merge_defaults(conflict: FeatureConflict, base: Mapping[str, Any] | None) -> dict[str, str]:
    """The side each field of a merge starts at (mine where the editor changed it)."""
    return dict(editing.merge_defaults(conflict, base))


def conflict_table(conflict: FeatureConflict, lang: str) -> pd.DataFrame:
    return edit_views.conflict_table(conflict, lang)


def form_values(layer: str, raw: Mapping[str, Any], lang: str) -> tuple[dict[str, Any], list]:
    return edit_views.form_values(layer, raw, lang)


def drawn_geometry(drawing: Mapping[str, Any] | None, layer: str) -> shapely.Geometry | None:
    return edit_views.drawn_geometry(drawing, layer)


def clicked_point(clicked: Mapping[str, Any] | None) -> shapely.Geometry | None:
    return edit_views.clicked_point(clicked)


def typed_point(lat: str, lon: str, lang: str) -> shapely.Geometry | None:
    return edit_views.typed_point(lat, lon, lang)


def geometry_text(geom: shapely.Geometry | None, lang: str) -> str:
    return edit_views.geometry_text(geom, lang)
