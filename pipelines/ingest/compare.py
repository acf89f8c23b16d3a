"""Stage 6 of an import, *compare*: accepted features against the stored layer.

A feature whose id is stored is an update (empty cells keep the stored value, a missing
geometry keeps the stored one) or unchanged (every value equal, floats within 1e-9,
geometry within 1e-7°); any other is new. :func:`count_rows` counts the source rows by
outcome: ``rows_in = new + updated + unchanged + rejected``.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from pipelines.ingest import encodings
from pipelines.ingest.preview import ImportCounts
from pipelines.model.schema import STORAGE_CRS, Layer


@dataclass(frozen=True)
class Compared:
    """The accepted features merged with the stored values, and each one's status.

    ``status`` is ``"new"``, ``"updated"`` or ``"unchanged"`` per feature of ``frame``.
    """

    frame: gpd.GeoDataFrame
    status: np.ndarray


def isin(values: pd.Series, other: pd.Series | pd.Index) -> np.ndarray:
    """Return ``values.isin(other).to_numpy()``; for two Arrow text columns, with one
    Arrow set lookup (pandas makes one Arrow scalar per value of ``other`` first)."""
    if (
        isinstance(values.dtype, pd.StringDtype)
        and values.dtype.storage == "pyarrow"
        and isinstance(other.dtype, pd.StringDtype)
    ):
        if not len(other):
            return np.zeros(len(values), dtype=bool)
        value_set = pa.array(other.array, type=pa.large_string(), from_pandas=True)
        found = pc.is_in(encodings.arrow_strings(values), value_set=value_set)
        return np.asarray(found, dtype=bool)
    return values.isin(other).to_numpy()


def equal(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Return, position by position, whether two columns hold the same value (or both none).

    Floats are equal within 1e-9; text columns are compared as Arrow strings.
    """
    a_na, b_na = a.isna().to_numpy(), b.isna().to_numpy()
    both = ~a_na & ~b_na
    same = np.zeros(len(a), dtype=bool)
    if both.any() and isinstance(a.dtype, pd.StringDtype) and isinstance(b.dtype, pd.StringDtype):
        equal_text = pc.equal(encodings.arrow_strings(a), encodings.arrow_strings(b))
        same = np.asarray(pc.fill_null(equal_text, False), dtype=bool) & both
    elif both.any():
        left, right = a.to_numpy()[both], b.to_numpy()[both]
        if pd.api.types.is_float_dtype(a) and pd.api.types.is_float_dtype(b):
            same[both] = np.isclose(left.astype(float), right.astype(float), rtol=0, atol=1e-9)
        else:
            same[both] = left == right
    return same | (a_na & b_na)


def single_parts(geoms: np.ndarray) -> np.ndarray:
    """Return one-part multi-geometries as their single part (the store writes MultiPolygon)."""
    types = shapely.get_type_id(geoms)
    one = np.isin(types, [4, 5, 6]) & (shapely.get_num_geometries(geoms) == 1)
    if not one.any():
        return geoms
    out = geoms.copy()
    out[one] = shapely.get_geometry(geoms[one], 0)
    return out


# Fields that record how a point was placed: a change there alone is not an update.
_PLACEMENT = frozenset({"location_source", "location_error_m"})


def compare_with_store(
    frame: gpd.GeoDataFrame, existing: gpd.GeoDataFrame, layer: Layer, provided: Set[str]
) -> Compared:
    """Merge empty cells with stored values and return each feature's status.

    Parameters
    ----------
    frame
        The accepted features, conformed to ``layer``.
    existing
        The stored features of ``layer``.
    layer
        The layer.
    provided
        The fields the file gives (and ``"geometry"`` when it locates features): the others
        keep their stored values.
    """
    status = np.full(len(frame), "new", dtype=object)
    if existing.empty or not len(frame):
        return Compared(frame, status)
    stored = existing.drop_duplicates("id").set_index("id")
    known = isin(frame["id"], stored.index)
    if not known.any():
        return Compared(frame, status)
    old = stored.reindex(frame["id"])
    old.index = frame.index
    merged = frame.copy()
    known_rows = pd.Series(known, index=frame.index)
    same = np.ones(len(frame), dtype=bool)
    for f in layer.fields:
        if f.name == "id":
            continue
        new_col = merged[f.name]
        old_col = old[f.name].astype(new_col.dtype) if f.name in old.columns else new_col
        if f.name not in provided:
            merged[f.name] = old_col.where(known_rows, new_col)
        else:
            merged[f.name] = new_col.where(new_col.notna() | ~known_rows, old_col)
        if f.name not in _PLACEMENT:  # how a point was placed changes with its geometry
            same &= equal(merged[f.name], old_col)
    if layer.geometry is not None:
        merged, same_geom = _merge_geometry(merged, old, known)
        same &= same_geom
    status[known & same] = "unchanged"
    status[known & ~same] = "updated"
    return Compared(merged, status)


def _merge_geometry(
    merged: gpd.GeoDataFrame, old: pd.DataFrame, known: np.ndarray
) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Keep the stored geometry of known features without one; return which are unchanged."""
    new_geom = merged.geometry.to_numpy()
    old_geom = old.geometry.to_numpy() if "geometry" in old.columns else np.full(len(merged), None)
    missing_new = shapely.is_missing(new_geom)
    new_geom = np.where(missing_new & known, old_geom, new_geom)
    merged = merged.set_geometry(gpd.GeoSeries(new_geom, index=merged.index, crs=STORAGE_CRS))
    same_geom = shapely.equals_exact(single_parts(new_geom), single_parts(old_geom), tolerance=1e-7)
    same_geom = np.where(
        shapely.is_missing(new_geom) & shapely.is_missing(old_geom), True, same_geom
    )
    return merged, same_geom.astype(bool)


def count_rows(
    n: int, row_rejected: np.ndarray, accepted_origin: np.ndarray, status: np.ndarray
) -> ImportCounts:
    """Count source rows by outcome; a row split into several features counts once, by its
    strongest status (updated > new > unchanged)."""
    rank = pd.Series(np.select([status == "new", status == "updated"], [1, 2], 0), dtype="int64")
    per_row = rank.groupby(np.asarray(accepted_origin)).max()
    counts = per_row.value_counts()
    return ImportCounts(
        rows_in=n,
        new=int(counts.get(1, 0)),
        updated=int(counts.get(2, 0)),
        unchanged=int(counts.get(0, 0)),
        rejected=int(row_rejected.sum()),
    )
