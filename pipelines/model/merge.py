"""Compare and merge a layer's rows by id: statuses, and cells merged with the stored rows.

Pure functions on conformed frames (:func:`pipelines.model.validate.conform_layer`), used by
:func:`pipelines.model.store.apply_changes` under the ward's lock:

* :func:`row_statuses`: each incoming row is ``"new"`` (its id is not stored),
  ``"updated"`` or ``"unchanged"`` against the stored row of its id;
* :func:`merge_rows`: a cell takes the stored value when the change did not touch it (it
  equals the cell of the version the change was made from: a three-way merge) or, with
  ``keep_missing``, when it is empty.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from pipelines.model.schema import STORAGE_CRS, get_layer

# Geometries within this many degrees (≈ 1 cm) are the same position.
GEOMETRY_TOLERANCE_DEG = 1e-7


def isin(values: pd.Series, other: pd.Series) -> np.ndarray:
    """Return whether each text value is in ``other`` (one Arrow set lookup)."""
    if not len(values) or not len(other):
        return np.zeros(len(values), dtype=bool)
    value_set = pa.array(other.astype("string").array, type=pa.large_string(), from_pandas=True)
    found = pc.is_in(
        pa.array(values.astype("string").array, type=pa.large_string(), from_pandas=True),
        value_set=value_set,
    )
    return np.asarray(pc.fill_null(found, False), dtype=bool)


def same_values(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Return, position by position, whether two columns hold the same value (or both none).

    Floats are equal within 1e-9.
    """
    a = a.reset_index(drop=True)
    b = b.reset_index(drop=True)
    a_na, b_na = a.isna().to_numpy(), b.isna().to_numpy()
    if pd.api.types.is_float_dtype(a) and pd.api.types.is_float_dtype(b):
        equal = np.isclose(
            a.to_numpy(dtype=float, na_value=np.nan),
            b.to_numpy(dtype=float, na_value=np.nan),
            rtol=0,
            atol=1e-9,
        )
    else:
        equal = (a == b).fillna(False).to_numpy(dtype=bool)
    return np.where(a_na | b_na, a_na & b_na, equal)


def single_parts(geoms: np.ndarray) -> np.ndarray:
    """Return one-part multi-geometries as their single part (the store writes MultiPolygon)."""
    one = np.isin(shapely.get_type_id(geoms), [4, 5, 6]) & (shapely.get_num_geometries(geoms) == 1)
    if not one.any():
        return geoms
    out = geoms.copy()
    out[one] = shapely.get_geometry(geoms[one], 0)
    return out


def same_geometry(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return, position by position, whether two geometries are the same (or both missing).

    Vertices within :data:`GEOMETRY_TOLERANCE_DEG`; a one-part multi-geometry equals its part.
    """
    a_missing, b_missing = shapely.is_missing(a), shapely.is_missing(b)
    same = shapely.equals_exact(single_parts(a), single_parts(b), tolerance=GEOMETRY_TOLERANCE_DEG)
    return np.where(a_missing | b_missing, a_missing & b_missing, same).astype(bool)


def aligned(stored: gpd.GeoDataFrame, ids: pd.Series) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Return the stored rows in the order of ``ids`` (empty rows where absent) and a mask."""
    stored = stored.drop_duplicates("id")
    found = isin(ids, stored["id"])
    by_id = stored.set_index(stored["id"].astype(object).to_numpy())
    out = by_id.reindex(ids.astype(object).to_numpy()).reset_index(drop=True)
    geometry = gpd.GeoSeries(out.geometry.to_numpy(), crs=STORAGE_CRS)
    return gpd.GeoDataFrame(out, geometry=geometry, crs=STORAGE_CRS), found


def merge_rows(
    name: str,
    rows: gpd.GeoDataFrame,
    current: gpd.GeoDataFrame,
    known: np.ndarray,
    base: tuple[gpd.GeoDataFrame, np.ndarray] | None,
    keep_missing: bool,
) -> gpd.GeoDataFrame:
    """Merge incoming rows with the stored rows of the same id.

    A cell takes the stored value when the row's id is stored and either the cell equals
    the ``base`` version's cell (the change did not touch it) or it is missing and
    ``keep_missing`` is set.
    """
    layer = get_layer(name)
    if base is not None and not base[1].any():
        base = None  # none of the ids was stored in that version
    if not known.any() or (base is None and not keep_missing):
        return rows
    out = rows.copy()
    for f in layer.fields:
        if f.name == "id":
            continue
        new, old = rows[f.name], current[f.name].astype(rows[f.name].dtype)
        take_old = np.zeros(len(rows), dtype=bool)
        if base is not None:
            take_old |= base[1] & same_values(new, base[0][f.name])
        if keep_missing:
            take_old |= new.isna().to_numpy()
        take_old &= known
        if take_old.any():
            out[f.name] = new.where(~take_old, old.set_axis(new.index))
    if layer.geometry is not None:
        new_geom, old_geom = rows.geometry.to_numpy(), current.geometry.to_numpy()
        take_old = np.zeros(len(rows), dtype=bool)
        if base is not None:
            take_old |= base[1] & same_geometry(new_geom, base[0].geometry.to_numpy())
        if keep_missing:
            take_old |= shapely.is_missing(new_geom)
        take_old &= known
        merged = np.where(take_old, old_geom, new_geom)
        out = out.set_geometry(gpd.GeoSeries(merged, index=out.index, crs=STORAGE_CRS))
    return out


def row_statuses(
    name: str, rows: gpd.GeoDataFrame, current: gpd.GeoDataFrame, known: np.ndarray
) -> np.ndarray:
    """Return "new", "updated" or "unchanged" for each row against the stored row."""
    layer = get_layer(name)
    status = np.full(len(rows), "new", dtype=object)
    if not known.any():
        return status
    same = np.ones(len(rows), dtype=bool)
    for f in layer.fields:
        if f.name != "id":
            same &= same_values(rows[f.name], current[f.name])
    if layer.geometry is not None:
        same &= same_geometry(rows.geometry.to_numpy(), current.geometry.to_numpy())
    status[known & same] = "unchanged"
    status[known & ~same] = "updated"
    return status
