"""Tổ liên gia (inter-family fire-safety groups): territories drawn around member households."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from pipelines.model.schema import STORAGE_CRS
from pipelines.model.store import Ward

TERRITORY_BUFFER_M = 6.0  # drawing margin around member houses (about one lot depth)


def safety_group_territories(
    ward: Ward, *, buffer_m: float = TERRITORY_BUFFER_M
) -> gpd.GeoDataFrame:
    """Return one polygon per safety group: the hull of its households, buffered ``buffer_m``.

    Computed in the ward's metric CRS, returned in EPSG:4326 with the group's attributes and
    ``households`` (member count). Groups without member households are left out.
    """
    groups = ward["safety_groups"]
    members = ward["households"][["safety_group_id", "geometry"]].dropna(subset=["safety_group_id"])
    columns = [c for c in groups.columns if c != "geometry"]
    if members.empty or groups.empty:
        empty = pd.DataFrame({c: groups[c].iloc[0:0] for c in columns})
        empty["households"] = pd.Series([], dtype="int64")
        return gpd.GeoDataFrame(empty, geometry=gpd.GeoSeries([], crs=STORAGE_CRS), crs=STORAGE_CRS)
    metric = members.to_crs(ward.crs_metric)
    codes, uniques = pd.factorize(metric["safety_group_id"])
    order = np.argsort(codes, kind="stable")
    grouped = shapely.multipoints(metric.geometry.to_numpy()[order], indices=codes[order])
    hulls = shapely.buffer(shapely.convex_hull(grouped), buffer_m, quad_segs=4)
    counts = np.bincount(codes, minlength=len(uniques))
    shapes = gpd.GeoDataFrame(
        {"id": np.asarray(uniques, dtype=object), "households": counts},
        geometry=gpd.GeoSeries(hulls, crs=ward.crs_metric).to_crs(STORAGE_CRS),
    )
    attrs = pd.DataFrame({c: groups[c] for c in columns})
    merged = shapes.merge(attrs, on="id", how="inner")
    return gpd.GeoDataFrame(
        merged[[*columns, "households", "geometry"]], geometry="geometry", crs=STORAGE_CRS
    )
