"""The tổ dân phố of a point: the polygon that contains it, computed here and nowhere else.

One rule for the import, the map, the tables, the analysis, the planner and the reports:

* a point inside a tổ dân phố polygon belongs to that tổ dân phố, whatever its list says
  (the polygon is what the map draws; a list's "Tổ" column is often out of date after the
  2025 mergers and renumbering). Where polygons overlap, the first in layer order wins;
* a point inside no polygon belongs to none ("ngoài tổ dân phố"), unless the caller allows a
  distance (the planner gives a site on a boundary road to the nearest polygon within a few
  tens of metres);
* a ward without tổ dân phố polygons keeps what its lists say (nothing to compare with).

:func:`with_residential_groups` applies the rule to the point layers of a loaded ward at read
time (:func:`pipelines.model.store.open_ward`), so a replaced tổ dân phố layer moves every
point at once without rewriting the lists; the import stores the same value
(:mod:`pipelines.ingest.groups`), so files written from the store agree with the map.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

# Point layers that carry a tổ dân phố and a position.
GROUPED_POINT_LAYERS = ("premises", "households", "firefighting_points")


def containing_group(
    points: gpd.GeoSeries | np.ndarray,
    groups: gpd.GeoDataFrame,
    *,
    max_distance_m: float = 0.0,
    crs_metric: str | None = None,
) -> np.ndarray:
    """Return the id of the tổ dân phố polygon holding each point (``None`` where none does).

    Parameters
    ----------
    points
        Point geometries, in the CRS of ``groups`` (missing or empty geometries get ``None``).
    groups
        The tổ dân phố polygons with their ``id``.
    max_distance_m
        A point inside no polygon takes the nearest one within this distance (metres,
        measured in ``crs_metric``); ``0`` keeps containment only.
    crs_metric
        Metric CRS for ``max_distance_m``; required when it is positive and ``groups`` are
        in degrees.
    """
    geoms = np.asarray(points.to_numpy() if isinstance(points, gpd.GeoSeries) else points)
    out = np.full(len(geoms), None, dtype=object)
    if not len(geoms) or groups is None or not len(groups):
        return out
    ok = np.flatnonzero(~(shapely.is_missing(geoms) | shapely.is_empty(geoms)))
    polygons = groups.geometry.to_numpy()
    ids = groups["id"].astype(object).to_numpy()
    tree = shapely.STRtree(polygons)
    pos, hit = tree.query(geoms[ok], predicate="within")
    if len(pos):
        order = np.lexsort((hit, pos))  # first polygon in layer order for each point
        pos, hit = pos[order], hit[order]
        first = np.r_[True, pos[1:] != pos[:-1]]
        out[ok[pos[first]]] = ids[hit[first]]
    if max_distance_m > 0:
        _nearest_within(geoms, ok, out, groups, ids, max_distance_m, crs_metric)
    return out


def _nearest_within(
    geoms: np.ndarray,
    ok: np.ndarray,
    out: np.ndarray,
    groups: gpd.GeoDataFrame,
    ids: np.ndarray,
    max_distance_m: float,
    crs_metric: str | None,
) -> None:
    rest = ok[pd.isna(out[ok])]
    if not len(rest):
        return
    pts = gpd.GeoSeries(geoms[rest], crs=groups.crs)
    polys = groups
    if groups.crs is not None and groups.crs.is_geographic:
        if crs_metric is None:
            raise ValueError("'crs_metric' should be given for a distance in degrees, got None")
        pts, polys = pts.to_crs(crs_metric), groups.to_crs(crs_metric)
    src, hit = polys.sindex.nearest(pts.to_numpy(), max_distance=max_distance_m, return_all=False)
    out[rest[src]] = ids[hit]


def with_residential_groups(
    layers: Mapping[str, gpd.GeoDataFrame],
) -> dict[str, gpd.GeoDataFrame]:
    """Return ``layers`` with ``residential_group_id`` of every point layer set by the polygons.

    Frames whose values do not change are returned as they are (no copy); a ward without
    tổ dân phố polygons is returned unchanged.
    """
    out = dict(layers)
    groups = layers.get("residential_groups")
    if groups is None or not len(groups):
        return out
    for name in GROUPED_POINT_LAYERS:
        frame = layers.get(name)
        if frame is None or not len(frame):
            continue
        computed = containing_group(frame.geometry, groups)
        if not disagreements(frame["residential_group_id"], computed, missing_too=True):
            continue
        frame = frame.copy()
        dtype = frame["residential_group_id"].dtype
        frame["residential_group_id"] = pd.Series(computed, index=frame.index, dtype=dtype)
        out[name] = frame
    return out


def disagreements(stored: pd.Series, computed: np.ndarray, *, missing_too: bool = False) -> int:
    """Count rows whose stated tổ dân phố differs from the polygon's.

    Only rows where both are present count, unless ``missing_too`` (a value on one side only
    is then a difference as well).
    """
    s = stored.to_numpy(dtype=object, na_value=None)
    s_na, c_na = pd.isna(s), pd.isna(computed)
    differ = ~s_na & ~c_na & (s != computed)
    if missing_too:
        differ |= s_na != c_na
    return int(np.sum(differ))
