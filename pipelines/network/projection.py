"""Projected coordinates: layers (any CRS) to the ward's metric CRS, checked first.

A frame without a CRS is refused: distances would be meaningless.
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer


def metric_geometry(frame: gpd.GeoDataFrame | gpd.GeoSeries, crs_metric: str) -> gpd.GeoSeries:
    """Return the frame's geometry in ``crs_metric``, refusing a frame without a CRS.

    Raises
    ------
    ValueError
        The frame has no CRS (distances would be meaningless).
    """
    geometry = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    if geometry.crs is None:
        raise ValueError(
            "'frame' should have a CRS before distances are computed, got a frame without "
            f"one instead (metric CRS wanted: {crs_metric})"
        )
    return geometry.to_crs(crs_metric)


@lru_cache(maxsize=32)
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def metric_xy(frame: gpd.GeoDataFrame | gpd.GeoSeries, crs_metric: str) -> np.ndarray:
    """Return point coordinates (n × 2) in ``crs_metric``; ``nan`` rows for missing points.

    Same result as ``point_coordinates(metric_geometry(frame, crs_metric))`` without building
    new geometries (non-point shapes give their centroid in the frame's CRS).

    Raises
    ------
    ValueError
        The frame has no CRS.
    """
    geometry = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    if geometry.crs is None:
        raise ValueError(
            "'frame' should have a CRS before distances are computed, got a frame without "
            f"one instead (metric CRS wanted: {crs_metric})"
        )
    xy = point_coordinates(geometry)
    ok = np.isfinite(xy).all(axis=1)
    if ok.any():
        x, y = _transformer(geometry.crs.to_wkt(), str(crs_metric)).transform(xy[ok, 0], xy[ok, 1])
        xy[ok] = np.column_stack([x, y])
    return xy


def point_coordinates(geometry: gpd.GeoSeries) -> np.ndarray:
    """Return point coordinates (n × 2); ``nan`` rows for missing or empty points."""
    geoms = geometry.to_numpy()
    xy, index = shapely.get_coordinates(geoms, return_index=True)
    if len(xy) == len(geoms) and (index == np.arange(len(geoms))).all():
        return xy  # one coordinate per row: every row is a non-empty point
    out = np.full((len(geoms), 2), np.nan)
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if ok.any():
        present = geoms[ok]
        points = shapely.get_type_id(present) == shapely.GeometryType.POINT
        if not points.all():
            present = np.where(points, present, shapely.centroid(present))
        out[ok] = shapely.get_coordinates(present)
    return out
