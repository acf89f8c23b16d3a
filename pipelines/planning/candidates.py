"""Candidate sites for new public points: along the alleys trucks cannot enter, existing points
to repair, and sites read from a file.

Generated sites lie every ``[planner] candidate_spacing_m`` metres along the roads fire trucks
cannot reach (on every road when ``candidates_on_truck_roads``), never inside a premises (its
building footprint, or closer than ``candidate_premises_clearance_m`` to its position). Sites
from a file (:func:`read_sites`) and existing points that are not working are added; every
site is a position on the road graph (metric CRS) with an id prefixed by its source
(:data:`pipelines.text.labels.SITE_SOURCES`).
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

from pipelines.model.store import Ward
from pipelines.network.analysis import WardAnalysis
from pipelines.network.projection import metric_geometry, point_coordinates
from pipelines.network.snapping import Snapped
from pipelines.text.labels import SITE_SOURCES


@dataclass(frozen=True)
class CandidateSites:
    """Candidate sites on the road graph: positions, source (a code of ``SITE_SOURCES``), id."""

    snapped: Snapped
    source: np.ndarray
    ids: np.ndarray


def candidate_sites(
    ward: Ward,
    analysis: WardAnalysis,
    *,
    spacing_m: float,
    on_truck_roads: bool,
    premises_xy: np.ndarray,
    extra_sites: gpd.GeoDataFrame | None = None,
) -> CandidateSites:
    """Generate the candidate sites: along the roads, existing points to repair, extra sites.

    Parameters
    ----------
    ward, analysis
        The loaded ward and its network analysis (road graph, truck access, public points).
    spacing_m
        Spacing of generated sites along the roads, in metres.
    on_truck_roads
        Also generate sites on the roads fire trucks reach (else only on the others).
    premises_xy
        Premises positions in the metric CRS (n × 2): no site closer than
        ``planner.candidate_premises_clearance_m``.
    extra_sites
        More sites (points, any CRS), snapped within ``thresholds.max_snap_distance_m``; their
        ``source`` column, when present, is kept (default ``"file"``).
    """
    cfg = ward.config
    crs = analysis.crs_metric
    graph, access = analysis.graph, analysis.access
    points = analysis.public_points
    working = points["working"].to_numpy(dtype=bool)
    mask = np.ones(graph.n_edges, dtype=bool) if on_truck_roads else ~access.reachable
    mask[graph.split_edge[graph.split_edge >= 0]] = False
    generated = graph.sample_along_edges(spacing_m, edge_mask=mask)
    keep = _outside_premises(
        generated.xy,
        premises_xy=premises_xy,
        footprints=_premises_footprints(ward, crs),
        clearance_m=cfg.planner.candidate_premises_clearance_m,
    )
    generated = generated.take(np.flatnonzero(keep))
    repair_idx = np.flatnonzero(~working & (analysis.snapped["firefighting_points"].edge >= 0))
    parts = [generated, analysis.snapped["firefighting_points"].take(repair_idx)]
    sources = ["generated"] * len(generated) + ["repair"] * len(repair_idx)
    given_ids = [None] * len(generated) + [
        f"{SITE_SOURCES['repair'][0]}-{points['id'].iat[i]}" for i in repair_idx
    ]
    if extra_sites is not None and len(extra_sites):
        extra = graph.snap(
            point_coordinates(metric_geometry(extra_sites, crs)),
            max_m=cfg.thresholds.max_snap_distance_m,
        )
        placed = np.flatnonzero(extra.edge >= 0)
        parts.append(extra.take(placed))
        src = (
            extra_sites["source"].astype(str).to_numpy()[placed]
            if "source" in extra_sites.columns
            else np.full(len(placed), "file", dtype=object)
        )
        sources += list(src)
        given_ids += [None] * len(placed)
    source = np.asarray(sources, dtype=object)
    return CandidateSites(
        snapped=Snapped.concat(parts),
        source=source,
        ids=_site_ids(source, np.asarray(given_ids, dtype=object)),
    )


def _premises_footprints(ward: Ward, crs: str) -> np.ndarray:
    """Building polygons (metric CRS) that hold a premises' position."""
    buildings, premises = ward["buildings"], ward["premises"]
    if not len(buildings) or not len(premises):
        return np.zeros(0, dtype=object)
    polygons = metric_geometry(buildings, crs).to_numpy()
    tree = shapely.STRtree(polygons)
    pts = metric_geometry(premises, crs).to_numpy()
    pts = pts[~(shapely.is_missing(pts) | shapely.is_empty(pts))]
    _, hit = tree.query(pts, predicate="within")
    return polygons[np.unique(hit)]


def _outside_premises(
    xy: np.ndarray, *, premises_xy: np.ndarray, footprints: np.ndarray, clearance_m: float
) -> np.ndarray:
    keep = np.ones(len(xy), dtype=bool)
    if not len(xy):
        return keep
    placed = premises_xy[np.isfinite(premises_xy).all(axis=1)]
    if len(placed) and clearance_m > 0:
        d, _ = cKDTree(placed).query(xy, distance_upper_bound=clearance_m)
        keep &= ~np.isfinite(d)
    if len(footprints):
        inside, _ = shapely.STRtree(footprints).query(shapely.points(xy), predicate="within")
        keep[inside] = False
    return keep


def _site_ids(source: np.ndarray, given: np.ndarray) -> np.ndarray:
    ids = given.copy()
    for code, (prefix, _, _) in SITE_SOURCES.items():
        rows = np.flatnonzero((source == code) & pd.isna(given))
        ids[rows] = [f"{prefix}-{i + 1:05d}" for i in range(len(rows))]
    return ids


# ---------------------------------------------------------------------- sites from a file
