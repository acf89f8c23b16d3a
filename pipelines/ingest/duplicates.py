"""Duplicates in an import (part of the *validate* stage).

A row repeating the id of an earlier row is rejected ("trùng mã với dòng …"); features with
the same name (without case, diacritics, spaces or punctuation) within ``[ingest]
duplicate_distance_m`` of another new or stored feature are kept and flagged.
"""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.compute as pc
import shapely

from pipelines.ingest import coordinates, namekeys
from pipelines.ingest.checks import DUPLICATE_COLUMNS, Checked
from pipelines.ingest.compare import isin
from pipelines.ingest.context import ImportContext, RowProblems
from pipelines.ingest.preview import ROW
from pipelines.ingest.source import collector_paused
from pipelines.model.schema import STORAGE_CRS


def flag_duplicates(checked: Checked, ctx: ImportContext) -> Checked:
    """Reject repeated ids (keeping the first) and flag same-name features a few metres apart.

    Only features accepted so far take part; the result carries the new problems and the
    table of duplicates (:attr:`pipelines.ingest.checks.Checked.duplicates`).
    """
    frame, row_numbers = checked.frame, checked.row_numbers
    accepted = ~checked.feature_rejected
    rows = RowProblems(len(frame))
    dup, records = _same_ids(frame["id"], row_numbers, accepted, rows)
    if "name" in frame.columns and ctx.layer.geometry is not None:
        records += _same_names_near(frame, row_numbers, accepted & ~dup, ctx)
    return replace(
        checked,
        problems=checked.problems + tuple(rows.problems),
        duplicates=pd.DataFrame(records, columns=DUPLICATE_COLUMNS),
    )


def _same_ids(
    ids: pd.Series, row_numbers: np.ndarray, accepted: np.ndarray, rows: RowProblems
) -> tuple[np.ndarray, list[dict[str, object]]]:
    """Reject accepted features whose id an earlier feature has; return them and records."""
    records: list[dict[str, object]] = []
    dup = (ids.duplicated(keep="first") & ids.notna()).to_numpy() & accepted
    if not dup.any():
        return dup, records
    first_row = pd.Series(row_numbers, index=ids.index).groupby(ids).transform("first").to_numpy()
    for pos in np.flatnonzero(dup):
        rows.add(
            [pos],
            "id",
            ids.iloc[pos],
            f"trùng mã với dòng {first_row[pos]}",
            f"same id as row {first_row[pos]}",
        )
        records.append(
            {
                ROW: row_numbers[pos],
                "id": ids.iloc[pos],
                "kind": "same_id",
                "other": f"{first_row[pos]}",
                "distance_m": 0.0,
            }
        )
    return dup, records


def _same_names_near(
    frame: gpd.GeoDataFrame, row_numbers: np.ndarray, keep: np.ndarray, ctx: ImportContext
) -> list[dict[str, object]]:
    """Return a record per pair of same-name features within the duplicate distance."""
    distance = ctx.config.ingest.duplicate_distance_m
    ids = frame["id"]
    keep = keep & frame["name"].notna().to_numpy() & ~shapely.is_missing(frame.geometry.to_numpy())
    n_new = int(keep.sum())
    if n_new == 0 or distance <= 0:
        return []
    existing = ctx.existing
    if "name" in existing.columns and len(existing):
        existing = existing[existing["name"].notna().to_numpy() & ~isin(existing["id"], ids[keep])]
    else:
        existing = existing.iloc[0:0]
    names = pd.concat([frame["name"][keep], existing["name"]], ignore_index=True)
    # Compare names without case, diacritics, spaces or punctuation (as integer codes, equal
    # for equal keys); only names that occur more than once go on to the distance test.
    keys = pc.dictionary_encode(namekeys.name_keys(names)).indices.to_numpy().astype(np.int64)
    counts = np.bincount(keys, minlength=1)
    repeated = counts[keys] > 1
    in_new = np.zeros(len(counts), dtype=bool)
    in_new[keys[:n_new][repeated[:n_new]]] = True
    repeated[n_new:] &= in_new[keys[n_new:]]
    if not repeated[:n_new].any():
        return []
    fids = np.concatenate([ids[keep].to_numpy(dtype=object), existing["id"].to_numpy(dtype=object)])
    labels = np.concatenate([row_numbers[keep], np.zeros(len(existing), dtype=int)])
    where = np.flatnonzero(repeated)
    geoms = to_metric(
        np.concatenate([frame.geometry.to_numpy()[keep], existing.geometry.to_numpy()])[where],
        ctx.config.ward.crs_metric,
    )
    new_part = where < n_new
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms[new_part], predicate="dwithin", distance=distance)
    left = np.flatnonzero(new_part)[left]
    li, ri = where[left], where[right]
    sel = (li != ri) & (keys[li] == keys[ri]) & (fids[li] != fids[ri]) & ((ri >= n_new) | (li < ri))
    return [
        {
            ROW: labels[i],
            "id": fids[i],
            "kind": "same_name_near",
            "other": str(labels[j]) if j < n_new else f"id {fids[j]}",
            "distance_m": round(float(shapely.distance(geoms[a], geoms[b])), 2),
        }
        for a, b, i, j in zip(left[sel], right[sel], li[sel], ri[sel], strict=True)
    ]


def to_metric(geoms: np.ndarray, crs_metric: str) -> np.ndarray:
    """Project EPSG:4326 geometries to the metric CRS (points straight through pyproj)."""
    if len(geoms) and (shapely.get_type_id(geoms) == 0).all():
        x, y = coordinates.transform_xy(shapely.get_x(geoms), shapely.get_y(geoms), crs_metric)
        with collector_paused():
            return shapely.points(x, y)
    return gpd.GeoSeries(geoms, crs=STORAGE_CRS).to_crs(crs_metric).to_numpy()
