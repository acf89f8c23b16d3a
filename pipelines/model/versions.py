"""Per-feature versions and the conflicts between an editor's change and the store.

A feature's version is a short content hash of its stored row: every field of the schema
and its geometry (WKB, vertices rounded to :data:`pipelines.model.merge.GEOMETRY_TOLERANCE_DEG`,
a one-part multi-geometry taken as its part), each value in a canonical text form, so a
read → write round trip keeps it. It is computed on read, never stored: every write path
(import, edit, restore) changes it by changing the content, with no column to keep in
step, and a store written before versions existed has them at once.

:func:`pipelines.model.store.apply_changes` takes ``expected`` (feature id → the version
the editor read; :data:`ABSENT` for a feature that must not exist yet). Under the ward's
lock, a feature whose stored version differs refuses the whole change with a
:class:`pipelines.model.errors.ConflictError` carrying one :class:`FeatureConflict` per
feature: the stored row ("theirs"), the editor's row ("mine") and the fields that differ.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from pipelines.model.merge import GEOMETRY_TOLERANCE_DEG, single_parts
from pipelines.model.schema import get_layer

# The version of a feature that is not stored (a new one, or one deleted since).
ABSENT = ""
VERSION_CHARS = 12
GEOMETRY = "geometry"
_DIGITS = round(-np.log10(GEOMETRY_TOLERANCE_DEG))


def _canonical(value: Any) -> Any:
    """A JSON-ready form of one stored value that survives a read → write round trip."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else repr(float(value))
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def _geometry_texts(geoms: np.ndarray) -> list[str | None]:
    rounded = shapely.transform(single_parts(geoms), lambda xy: np.round(xy, _DIGITS))
    return [None if g is None else g.hex() for g in shapely.to_wkb(rounded, output_dimension=2)]


def row_values(name: str, frame: gpd.GeoDataFrame, position: int) -> dict[str, Any]:
    """One row of layer ``name`` as field → value (missing values ``None``), its geometry
    under ``"geometry"``."""
    layer = get_layer(name)
    row = frame.iloc[position]
    out = {f.name: (None if _canonical(row[f.name]) is None else row[f.name]) for f in layer.fields}
    if layer.geometry is not None:
        geom = frame.geometry.iloc[position]
        out[GEOMETRY] = None if geom is None or shapely.is_missing(geom) else geom
    return out


def feature_versions(name: str, frame: gpd.GeoDataFrame) -> pd.Series:
    """Return each feature's version (id → short hash of its stored content).

    ``frame`` is a conformed frame of layer ``name`` (as :func:`pipelines.model.store.read_layer`
    returns it). Equal content gives equal versions, whatever the row order.
    """
    layer = get_layer(name)
    columns = [frame[f.name].to_numpy(dtype=object) for f in layer.fields]
    geoms = (
        _geometry_texts(frame.geometry.to_numpy())
        if layer.geometry is not None
        else [None] * len(frame)
    )
    out = []
    for i in range(len(frame)):
        values = [_canonical(c[i]) for c in columns] + [geoms[i]]
        text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
        out.append(hashlib.sha256(text.encode("utf-8")).hexdigest()[:VERSION_CHARS])
    ids = frame["id"].astype("string").to_numpy(dtype=object)
    return pd.Series(out, index=pd.Index(ids, name="id"), dtype=object)


@dataclass(frozen=True)
class FeatureConflict:
    """One feature changed (or removed, or added) since the editor read it.

    Attributes
    ----------
    layer, feature_id
        The feature.
    theirs
        The row stored now, field → value with ``"geometry"`` (``None``: not stored).
    mine
        The editor's row (``None``: the editor deletes the feature).
    fields
        The fields (and ``"geometry"``) where ``theirs`` and ``mine`` differ, schema order.
    version
        The feature's version stored now (:data:`ABSENT` when it is not stored): pass it
        as the expected version to save over it.
    expected
        The version the editor read.
    """

    layer: str
    feature_id: str
    theirs: Mapping[str, Any] | None
    mine: Mapping[str, Any] | None
    fields: tuple[str, ...]
    version: str
    expected: str


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, shapely.Geometry) or isinstance(b, shapely.Geometry):
        if a is None or b is None:
            return a is None and b is None
        return bool(
            shapely.equals_exact(
                single_parts(np.array([a]))[0],
                single_parts(np.array([b]))[0],
                tolerance=GEOMETRY_TOLERANCE_DEG,
            )
        )
    return _canonical(a) == _canonical(b)


def differing_fields(
    name: str, theirs: Mapping[str, Any] | None, mine: Mapping[str, Any] | None
) -> tuple[str, ...]:
    """The fields (and ``"geometry"``) where two rows differ; a missing row has no value."""
    layer = get_layer(name)
    names = [f.name for f in layer.fields if f.name != "id"]
    names += [GEOMETRY] if layer.geometry is not None else []
    a, b = theirs or {}, mine or {}
    return tuple(n for n in names if not _same(a.get(n), b.get(n)))


def feature_conflicts(
    name: str,
    stored: gpd.GeoDataFrame,
    mine: gpd.GeoDataFrame,
    delete_ids: Iterable[str],
    expected: Mapping[str, str],
) -> list[FeatureConflict]:
    """Compare the versions the editor read with the stored rows; return the conflicts.

    ``stored`` holds the stored rows of the expected ids (those still stored), ``mine``
    the rows the change writes, ``delete_ids`` the ids it deletes.
    """
    now = feature_versions(name, stored)
    theirs_at = {str(i): k for k, i in enumerate(stored["id"].astype("string"))}
    mine_at = {str(i): k for k, i in enumerate(mine["id"].astype("string"))}
    deleted = {str(i) for i in delete_ids}
    out = []
    for feature_id, was in expected.items():
        feature_id = str(feature_id)
        version = str(now[feature_id]) if feature_id in theirs_at else ABSENT
        if version == str(was):
            continue
        theirs = (
            row_values(name, stored, theirs_at[feature_id]) if feature_id in theirs_at else None
        )
        row = mine_at.get(feature_id)
        if row is None and feature_id not in deleted:
            raise ValueError(
                f"'expected' should name rows of 'upserts' or 'delete_ids', got '{feature_id}'"
            )
        mine_row = row_values(name, mine, row) if row is not None else None
        out.append(
            FeatureConflict(
                layer=name,
                feature_id=feature_id,
                theirs=theirs,
                mine=mine_row,
                fields=differing_fields(name, theirs, mine_row),
                version=version,
                expected=str(was),
            )
        )
    return out
