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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

from pipelines.model.errors import InputFileError
from pipelines.model.schema import STORAGE_CRS
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


def _read_vector(path: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(path)


def _read_table(path: Path) -> gpd.GeoDataFrame:
    readers: dict[str, Callable[[Path], pd.DataFrame]] = {
        ".csv": lambda p: pd.read_csv(p, encoding="utf-8-sig"),
        ".xlsx": lambda p: pd.read_excel(p, engine="calamine"),
        ".xls": lambda p: pd.read_excel(p, engine="calamine"),
    }
    table = readers[path.suffix.lower()](path)
    columns = {str(c).strip().lower(): c for c in table.columns}
    lon = next((columns[c] for c in LON_COLUMNS if c in columns), None)
    lat = next((columns[c] for c in LAT_COLUMNS if c in columns), None)
    if lon is None or lat is None:
        raise InputFileError(
            f"Tệp {path.name} cần hai cột kinh độ và vĩ độ (ví dụ 'kinh_do', 'vi_do'); "
            f"các cột có: {', '.join(map(str, table.columns))}",
            f"{path.name} needs longitude and latitude columns (e.g. 'lon', 'lat'); "
            f"got {', '.join(map(str, table.columns))} instead",
        )
    x = pd.to_numeric(table[lon], errors="coerce")
    y = pd.to_numeric(table[lat], errors="coerce")
    return gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(x, y), crs=STORAGE_CRS)


LON_COLUMNS = ("lon", "lng", "longitude", "kinh_do", "kinh độ", "x")
LAT_COLUMNS = ("lat", "latitude", "vi_do", "vĩ độ", "y")
SITE_READERS: dict[str, Callable[[Path], gpd.GeoDataFrame]] = {
    ".geojson": _read_vector,
    ".json": _read_vector,
    ".gpkg": _read_vector,
    ".kml": _read_vector,
    ".shp": _read_vector,
    ".csv": _read_table,
    ".xlsx": _read_table,
    ".xls": _read_table,
}


def read_sites(path: str | Path) -> gpd.GeoDataFrame:
    """Read candidate sites from a file: points (GeoJSON, GeoPackage, KML, Shapefile) or a
    table with longitude/latitude columns (CSV, XLSX, XLS; WGS 84 degrees).

    Returns the points (their centroids for other geometry) in EPSG:4326 with
    ``source = "file"``.

    Raises
    ------
    InputFileError
        Unknown suffix, unreadable file, no coordinate columns, or no usable point.
    """
    path = Path(path)
    reader = SITE_READERS.get(path.suffix.lower())
    if reader is None:
        raise InputFileError(
            f"Không đọc được loại tệp '{path.suffix}'; dùng một trong: {', '.join(SITE_READERS)}",
            f"'path' should end with one of {', '.join(SITE_READERS)}, got '{path.suffix}' instead",
        )
    try:
        frame = reader(path)
    except InputFileError:
        raise
    except Exception as exc:
        raise InputFileError(
            f"Không đọc được tệp {path.name}: {exc}", f"cannot read {path.name}: {exc}"
        ) from exc
    if frame.crs is None:
        frame = frame.set_crs(STORAGE_CRS)
    geoms = frame.geometry.to_numpy()
    usable = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    usable[usable] = np.isfinite(shapely.get_coordinates(shapely.centroid(geoms[usable]))).all(
        axis=1
    )
    if not usable.any():
        raise InputFileError(
            f"Tệp {path.name} không có điểm nào có tọa độ dùng được",
            f"{path.name} holds no point with usable coordinates",
        )
    out = gpd.GeoDataFrame(
        {"source": "file"},
        index=range(int(usable.sum())),
        geometry=shapely.centroid(geoms[usable]),
        crs=frame.crs,
    )
    return out.to_crs(STORAGE_CRS)


def sites_from_bytes(data: bytes, suffix: str) -> gpd.GeoDataFrame:
    """Read candidate sites from a file's content (an upload), its format named by ``suffix``.

    Same formats and errors as :func:`read_sites`.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"sites{suffix.lower()}"
        path.write_bytes(data)
        return read_sites(path)
