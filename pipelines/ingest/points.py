"""A file of points read with the import's stages, without a target layer's schema.

The planner's candidate sites (and any later list of places) come in the same files the
import reads, and go through the same stages: *read* (any format of
:mod:`pipelines.ingest.formats`: CSV with any delimiter and decimal commas, XLSX, GeoJSON,
KML, GeoPackage, zipped Shapefile), *map columns* (coordinate columns by their headers,
:data:`pipelines.ingest.headers.POINTS`), *locate* (WGS 84 degrees or VN-2000 metres with
X = northing, swapped axes, degrees°minutes'seconds", the file's own geometry and CRS) and
the *location check* (inside Vietnam and the ward boundary with its margin). Only a name,
an id and a note are kept besides the position; rows that cannot be placed are rejected
with their row number and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from pipelines.ingest.checks import check_location
from pipelines.ingest.columns import map_columns
from pipelines.ingest.context import RowProblems, load_context, rejected_positions
from pipelines.ingest.coordinates import CrsDetection
from pipelines.ingest.formats import READERS
from pipelines.ingest.headers import POINTS
from pipelines.ingest.locate import fit_geometry_kind, located_notes, read_geometry
from pipelines.ingest.preview import REASON_EN, REASON_VI, ROW
from pipelines.ingest.read import Source, load_bytes, numeric_columns, read_table
from pipelines.ingest.rejects import rejects_table
from pipelines.ingest.source import Note, ReadOptions
from pipelines.ingest.values import as_text
from pipelines.model.errors import InputFileError
from pipelines.model.schema import STORAGE_CRS
from pipelines.text.labels import IMPORT_ROW, pick

# File suffixes a file of points may have (every reader of the import but OpenStreetMap's).
POINT_SUFFIXES: tuple[str, ...] = tuple(s for s in READERS if s not in (".osm", ".pbf"))


@dataclass(frozen=True)
class PointsRead:
    """The points of a file, and the rows that could not be placed.

    Attributes
    ----------
    points
        EPSG:4326 points with ``row`` (the row number the user sees), ``id`` and ``name``
        (text, when the file has them) and ``source`` (``"file"``).
    rejects
        One line per rejected row: ``Dòng``, ``Trường``, ``Lý do``, ``Reason``, then the
        row's original cells.
    notes
        What was detected or done (delimiter, VN-2000 zone, swapped axes …).
    rows_in
        Rows of the file: ``rows_in == len(points) + len(rejects)``.
    crs
        The projected CRS of metre coordinates (detected or given), if any.
    format
        The file's format (:data:`pipelines.ingest.formats.FORMAT_LABELS`).
    """

    points: gpd.GeoDataFrame
    rejects: pd.DataFrame
    notes: tuple[Note, ...]
    rows_in: int
    crs: CrsDetection | None
    format: str

    def reasons(self, lang: str = "vi", *, limit: int = 5) -> str:
        """Return the first ``limit`` rejected rows as "Dòng 3 — reason; …" ({"vi", "en"})."""
        head = self.rejects.head(limit)
        word, reasons = pick(IMPORT_ROW, lang), head[pick((REASON_VI, REASON_EN), lang)]
        parts = [f"{word} {r} — {why}" for r, why in zip(head[ROW], reasons, strict=True)]
        if len(self.rejects) > limit:
            parts.append("…")
        return "; ".join(parts)


def read_points(
    source: Source, ward_dir: str | Path, *, crs: str | None = None, sheet: str | None = None
) -> PointsRead:
    """Read a file of points with the import's stages (read, map columns, locate, check).

    Parameters
    ----------
    source
        A path, or ``(file name, bytes)`` as uploaded.
    ward_dir
        The ward folder: its metric CRS and boundary guide VN-2000 zone detection, and
        points outside the boundary (with ``[ingest] boundary_margin_m``) are rejected.
    crs
        The CRS of the coordinates (``"EPSG:9214"`` …), overriding detection and ``.prj``.
    sheet
        Worksheet, GeoPackage layer, shapefile in a zip or KML folder.

    Returns
    -------
    PointsRead
        The points (EPSG:4326) and the rows rejected, with their reasons.

    Raises
    ------
    InputFileError
        The file cannot be read, has neither coordinate columns nor geometry, or holds no
        usable point (the message gives the first reasons).
    StoreError
        ``ward_dir`` is not a ward folder.
    """
    name, data = load_bytes(source)
    ctx = load_context(Path(ward_dir), POINTS)
    options = ReadOptions(layer=POINTS.name, sheet=sheet, numeric_columns=numeric_columns(POINTS))
    table = read_table(name, data, options)
    mapped = map_columns(table, POINTS, ctx.config.ingest)
    if not mapped.coords and table.geometry is None:
        columns = ", ".join(map(str, table.frame.columns)) or "—"
        raise InputFileError(
            f"Tệp {name} không có cột tọa độ: cần kinh độ và vĩ độ (ví dụ 'kinh_do', 'vi_do'), "
            f"hoặc X và Y (VN-2000), hoặc hình học (GeoJSON, KML …); các cột có: {columns}",
            f"{name} needs coordinate columns: longitude and latitude (e.g. 'lon', 'lat'), "
            f"X and Y (VN-2000), or geometry (GeoJSON, KML …); got columns {columns} instead",
        )
    geom = read_geometry(
        table, mapped.coords, crs=crs, ward_crs=ctx.config.ward.crs_metric, area=ctx.area
    )
    geoms, origin, kind_notes = fit_geometry_kind(geom.geoms, "Point")
    rows = RowProblems(len(geoms))
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    missing &= ~rejected_positions(geom.problems, len(geoms))
    rows.add(np.flatnonzero(missing), "geometry", None, "thiếu tọa độ", "no coordinates")
    location, location_notes = check_location(
        geoms, kind="Point", area=ctx.area, margin_m=ctx.config.ingest.boundary_margin_m
    )
    problems = [*geom.problems, *rows.problems, *location]
    rejected = rejected_positions(problems, len(geoms))
    notes = (*table.notes, *mapped.notes, *kind_notes, *location_notes)
    result = PointsRead(
        points=_points(mapped.fields, geoms, table.row_numbers, ~rejected),
        rejects=rejects_table(table, POINTS, problems, origin, rejected),
        notes=(*notes, *located_notes(geom)),
        rows_in=len(table.frame),
        crs=geom.crs,
        format=table.format,
    )
    if not len(result.points):
        raise InputFileError(
            f"Tệp {name} không có điểm nào có tọa độ dùng được ({result.rows_in} dòng). "
            f"{result.reasons('vi')}".strip(),
            f"{name} holds no point with usable coordinates ({result.rows_in} rows). "
            f"{result.reasons('en')}".strip(),
        )
    return result


def _points(
    fields: pd.DataFrame, geoms: np.ndarray, row_numbers: np.ndarray, keep: np.ndarray
) -> gpd.GeoDataFrame:
    """Return the kept rows as points with their row number, id, name and source."""
    n = int(keep.sum())
    columns: dict[str, object] = {"row": row_numbers[keep].astype(int)}
    for name in ("id", "name"):
        text = as_text(fields[name][keep]) if name in fields.columns else pd.Series([None] * n)
        columns[name] = text.astype(object).where(text.notna(), None).to_numpy()
    columns["source"] = "file"
    return gpd.GeoDataFrame(pd.DataFrame(columns), geometry=list(geoms[keep]), crs=STORAGE_CRS)
