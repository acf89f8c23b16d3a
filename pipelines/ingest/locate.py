"""Stage 4 of an import, *locate*: a geometry for every row, in EPSG:4326.

From coordinate columns (latitude/longitude, VN-2000 X = northing / Y = easting, both in one
cell, WKT; decimal commas and degrees°minutes'seconds" read; swapped axes and the VN-2000
zone detected, :func:`pipelines.ingest.coordinates.resolve_points`) or from the file's own
geometry (its CRS, else detected from the values). Rows without either keep the stored
geometry of their id, else take the position of a stored household or premises whose
address they share. Geometries are then brought to the layer's kind (a point inside a
polygon, multi-part lines split).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from pipelines.ingest import addresses, coordinates, headers
from pipelines.ingest.context import ImportContext, RowProblem, RowProblems
from pipelines.ingest.source import Note, SourceTable, collector_paused
from pipelines.model import store
from pipelines.model.schema import STORAGE_CRS


@dataclass(frozen=True)
class GeometryRead:
    """Geometries read from coordinate columns or the file, per source row (EPSG:4326).

    ``crs`` is the projected CRS detected or given (with how it was chosen),
    ``geographic_crs`` the datum of degree values other than WGS 84, ``swapped`` the rows
    whose axes were swapped back and ``x_is_northing`` how an X/Y table was read.
    """

    geoms: np.ndarray
    crs: coordinates.CrsDetection | None = None
    geographic_crs: str | None = None
    swapped: int = 0
    x_is_northing: bool | None = None
    problems: tuple[RowProblem, ...] = ()


@dataclass(frozen=True)
class Located:
    """Where each feature is.

    Attributes
    ----------
    geoms
        One geometry per feature, of the layer's kind, EPSG:4326 (``None`` when not found).
    origin
        Per feature, the source row position it comes from (a row becomes several
        features when a multi-part line is split).
    crs, geographic_crs, swapped, x_is_northing
        See :class:`GeometryRead`.
    located_by_address
        Rows located by matching their address.
    notes
        What was detected or done.
    problems
        Rows whose coordinates are unreadable or missing, by row position.
    """

    geoms: np.ndarray
    origin: np.ndarray
    crs: coordinates.CrsDetection | None = None
    geographic_crs: str | None = None
    swapped: int = 0
    x_is_northing: bool | None = None
    located_by_address: int = 0
    notes: tuple[Note, ...] = ()
    problems: tuple[RowProblem, ...] = ()


def locate(
    table: SourceTable,
    coords: Mapping[str, pd.Series],
    fields: pd.DataFrame,
    ctx: ImportContext,
    *,
    crs: str | None = None,
) -> Located:
    """Give every row of ``table`` a geometry of ``ctx.layer``'s kind.

    Parameters
    ----------
    table
        The file as read (its geometry and CRS, if any).
    coords
        Coordinate role → source column (:attr:`pipelines.ingest.columns.ColumnsMapped.coords`).
    fields
        The converted fields (``id`` and ``address`` locate rows without coordinates).
    ctx
        The ward: its metric CRS and boundary guide VN-2000 zone detection.
    crs
        The CRS of the coordinates, when the user gives it.
    """
    n = len(table.frame)
    notes: list[Note] = []
    if ctx.layer.geometry is None:
        return Located(np.full(n, None, dtype=object), np.arange(n))
    geom = read_geometry(table, coords, crs=crs, ward_crs=ctx.config.ward.crs_metric, area=ctx.area)
    if not coords and table.geometry is None and "address" not in fields.columns and n:
        notes.append(
            Note(
                "no_coordinates",
                "Không tìm thấy cột tọa độ (vĩ độ/kinh độ, X/Y) hay cột địa chỉ",
                "No coordinate columns (latitude/longitude, X/Y) nor an address column found",
            )
        )
    rows = RowProblems(n)
    geoms, located, address_notes = locate_by_address(fields, geom.geoms, ctx, rows)
    geoms, origin, kind_notes = fit_geometry_kind(geoms, ctx.layer.geometry)
    notes += address_notes + [x for x in kind_notes if x not in address_notes]
    return Located(
        geoms,
        origin,
        geom.crs,
        geom.geographic_crs,
        geom.swapped,
        geom.x_is_northing,
        located,
        tuple(notes),
        geom.problems + tuple(rows.problems),
    )


def read_geometry(
    table: SourceTable,
    coords: Mapping[str, pd.Series],
    *,
    crs: str | None = None,
    ward_crs: str | None = None,
    area: shapely.Geometry | None = None,
) -> GeometryRead:
    """Read each row's geometry from its coordinate columns, else from the file's geometry."""
    n = len(table.frame)
    if coords:
        geom = geometry_from_columns(coords, table, crs=crs, ward_crs=ward_crs, area=area)
        if table.geometry is not None:
            with collector_paused():
                from_file = geometry_from_file(table, crs=crs, ward_crs=ward_crs, area=area)
            missing = shapely.is_missing(geom.geoms)
            geom = replace(geom, geoms=np.where(missing, from_file.geoms, geom.geoms))
        return geom
    if table.geometry is not None:
        with collector_paused():
            return geometry_from_file(table, crs=crs, ward_crs=ward_crs, area=area)
    return GeometryRead(np.full(n, None, dtype=object))


def geometry_from_file(
    table: SourceTable,
    *,
    crs: str | None = None,
    ward_crs: str | None = None,
    area: shapely.Geometry | None = None,
) -> GeometryRead:
    """Bring the file's own geometry to EPSG:4326: its CRS, the given one, or detected.

    Metre values in a file without CRS (or one that claims WGS 84) are VN-2000: the zone
    is detected from the values, axes swapped when X holds the northing.
    """
    geoms = np.asarray(table.geometry, dtype=object)
    geoms = np.where(shapely.is_missing(geoms), None, geoms)
    geoms = shapely.force_2d(geoms)
    present = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    detection = None
    source_crs = table.crs
    if crs:
        detection = coordinates.CrsDetection(coordinates.check_crs(crs), "override")
        source_crs = detection.crs
    elif source_crs is not None:
        detection = coordinates.CrsDetection(source_crs, "file")
    bounds = shapely.bounds(geoms[present]) if present.any() else np.zeros((0, 4))
    metric_values = len(bounds) and np.nanmedian(np.abs(bounds[:, [0, 1]])) > 1000
    if (source_crs is None or source_crs == STORAGE_CRS) and metric_values and not crs:
        centres = shapely.centroid(geoms[present])
        x, y = shapely.get_x(centres), shapely.get_y(centres)
        swap_xy = (
            np.median(x) > coordinates.NORTHING_RANGE_M[0]
            and np.median(y) < coordinates.EASTING_RANGE_M[1]
        )
        east, north = (y, x) if swap_xy else (x, y)
        detection = coordinates.detect_projected_crs(east, north, ward_crs=ward_crs, area=area)
        if swap_xy:
            geoms = np.where(present, coordinates.swap_axes(geoms), geoms)
        source_crs = detection.crs
    swapped = 0
    if present.any() and source_crs not in (None, STORAGE_CRS):
        series = gpd.GeoSeries(geoms, crs=source_crs).to_crs(STORAGE_CRS)
        geoms = series.to_numpy()
    if present.any():
        flip = coordinates.swapped_geometries(geoms) & present
        swapped = int(flip.sum())
        if swapped:
            geoms = np.where(flip, coordinates.swap_axes(geoms), geoms)
    return GeometryRead(geoms, detection, source_crs if detection is None else None, swapped)


def _number_pair(
    coords: Mapping[str, pd.Series], rows: RowProblems
) -> tuple[pd.Series | None, pd.Series | None]:
    """Return the two coordinate numbers of each row (lat/lon, X/Y or both in one cell)."""
    for a, b in (("coord_lat", "coord_lon"), ("coord_x", "coord_y")):
        if a in coords and b in coords:
            first, bad_a = coordinates.parse_numbers(coords[a])
            second, bad_b = coordinates.parse_numbers(coords[b])
            for col, bad in ((a, bad_a), (b, bad_b)):
                rows.add(
                    np.flatnonzero(bad.to_numpy()),
                    headers.COORDINATE_TARGETS[col][0],
                    coords[col][bad].tolist(),
                    "tọa độ không đọc được (số thập phân, hoặc độ°phút'giây\")",
                    "unreadable coordinate (decimal number or degrees°minutes'seconds\")",
                )
            return first, second
    if "coord_pair" in coords:
        first, second, bad = coordinates.split_pairs(coords["coord_pair"])
        rows.add(
            np.flatnonzero(bad.to_numpy()),
            headers.COORDINATE_TARGETS["coord_pair"][0],
            coords["coord_pair"][bad].tolist(),
            "không tách được hai tọa độ trong ô",
            "cannot split the two coordinates of the cell",
        )
        return first, second
    return None, None


def _wkt_geometry(wkt: pd.Series, crs: str | None, rows: RowProblems) -> GeometryRead:
    geoms, bad = coordinates.parse_wkt(wkt)
    rows.add(
        np.flatnonzero(bad.to_numpy()),
        "geometry",
        wkt[bad].tolist(),
        "hình học WKT không đọc được",
        "unreadable WKT geometry",
    )
    source_crs = coordinates.check_crs(crs) if crs else STORAGE_CRS
    if source_crs != STORAGE_CRS:
        geoms = gpd.GeoSeries(geoms, crs=source_crs).to_crs(STORAGE_CRS).to_numpy()
    detection = coordinates.CrsDetection(source_crs, "override" if crs else "default")
    return GeometryRead(geoms, detection, problems=tuple(rows.problems))


def geometry_from_columns(
    coords: Mapping[str, pd.Series],
    table: SourceTable,
    *,
    crs: str | None = None,
    ward_crs: str | None = None,
    area: shapely.Geometry | None = None,
) -> GeometryRead:
    """Make points from coordinate columns (or geometries from a WKT column), EPSG:4326."""
    n = len(table.frame)
    rows = RowProblems(n)
    if "coord_wkt" in coords:
        return _wkt_geometry(coords["coord_wkt"], crs, rows)
    first, second = _number_pair(coords, rows)
    if first is None or second is None:
        return GeometryRead(np.full(n, None, dtype=object))
    resolution = coordinates.resolve_points(
        first.to_numpy(),
        second.to_numpy(),
        override=crs,
        prj=table.crs if table.crs not in (None, STORAGE_CRS) else None,
        ward_crs=ward_crs,
        area=area,
    )
    invalid = resolution.kind == "invalid"
    rows.add(
        np.flatnonzero(invalid),
        "geometry",
        [
            f"{a}, {b}"
            for a, b in zip(first.to_numpy()[invalid], second.to_numpy()[invalid], strict=True)
        ],
        "tọa độ không hợp lệ (một giá trị là độ, một giá trị là mét)",
        "invalid coordinates (one value in degrees, the other in metres)",
    )
    ok = np.isfinite(resolution.lon) & np.isfinite(resolution.lat)
    geoms = np.full(n, None, dtype=object)
    with collector_paused():
        geoms[ok] = shapely.points(resolution.lon[ok], resolution.lat[ok])
    return GeometryRead(
        geoms,
        resolution.projected,
        resolution.geographic_crs if (resolution.kind == "degrees").any() else None,
        int(resolution.swapped.sum()),
        resolution.x_is_northing,
        tuple(rows.problems),
    )


def fit_geometry_kind(
    geoms: np.ndarray, kind: str | None
) -> tuple[np.ndarray, np.ndarray, list[Note]]:
    """Bring geometries to a layer's kind; return them, each one's source position, notes.

    Points from polygons or lines take a representative point; MultiLineStrings of a line
    layer are merged, and split into one feature per part when they do not join.
    """
    origin = np.arange(len(geoms))
    notes: list[Note] = []
    if kind is None or not len(geoms):
        return geoms, origin, notes
    types = shapely.get_type_id(geoms)
    if kind == "Point":
        area_like = np.isin(types, [1, 2, 3, 5, 6, 7]) & ~shapely.is_missing(geoms)
        single_multi = (types == 4) & (shapely.get_num_geometries(geoms) == 1)
        if area_like.any():
            geoms = geoms.copy()
            geoms[area_like] = shapely.point_on_surface(geoms[area_like])
            notes.append(
                Note(
                    "representative_point",
                    f"{int(area_like.sum())} đối tượng vùng/đường được thay bằng một điểm bên trong",
                    f"{int(area_like.sum())} polygons/lines were replaced by a point inside them",
                )
            )
        if single_multi.any():
            geoms[single_multi] = shapely.get_geometry(geoms[single_multi], 0)
    elif kind == "LineString":
        geoms, origin, notes = _split_lines(geoms, types)
    return geoms, origin, notes


def _split_lines(geoms: np.ndarray, types: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[Note]]:
    """Merge multi-part lines; split those that do not join into one feature per part."""
    origin = np.arange(len(geoms))
    multi = types == 5
    if not multi.any():
        return geoms, origin, []
    geoms = geoms.copy()
    geoms[multi] = shapely.line_merge(geoms[multi])
    still = shapely.get_type_id(geoms) == 5
    if not still.any():
        return geoms, origin, []
    still_pos = np.flatnonzero(still)
    parts, index = shapely.get_parts(geoms[still_pos], return_index=True)
    origin = np.concatenate([np.flatnonzero(~still), still_pos[index]])
    geoms = np.concatenate([geoms[~still], parts])
    order = np.argsort(origin, kind="stable")
    note = Note(
        "explode",
        f"{int(still.sum())} đường gồm nhiều đoạn rời được tách thành từng đoạn",
        f"{int(still.sum())} multi-part lines were split into their parts",
    )
    return geoms[order], origin[order], [note]


def _stored_geometries(existing: gpd.GeoDataFrame) -> pd.Series:
    """Return the stored geometry of each id (the first one of a repeated id)."""
    if not len(existing):
        return pd.Series(dtype=object)
    stored = pd.Series(existing.geometry.to_numpy(), index=existing["id"].astype(object))
    return stored[~stored.index.duplicated()]


_ADDRESS_STATUS = {
    "unmatched": (
        "thiếu tọa độ; địa chỉ không khớp hộ gia đình hay cơ sở nào đã có",
        "no coordinates; the address matches no stored household or premises",
    ),
    "ambiguous": (
        "thiếu tọa độ; địa chỉ khớp nhiều hộ/cơ sở, không chọn được vị trí",
        "no coordinates; the address matches several households/premises",
    ),
    "other_ward": (
        "thiếu tọa độ; địa chỉ ghi phường khác (không phải phường này)",
        "no coordinates; the address names another ward",
    ),
}


def locate_by_address(
    fields: pd.DataFrame, geoms: np.ndarray, ctx: ImportContext, rows: RowProblems
) -> tuple[np.ndarray, int, list[Note]]:
    """Give rows without coordinates the stored geometry of their id, else of their address."""
    notes: list[Note] = []
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if not missing.any() or ctx.layer.geometry is None:
        return geoms, 0, notes
    geoms = geoms.copy()
    stored_geom = _stored_geometries(ctx.existing)
    if "id" in fields.columns and len(stored_geom):
        stored = fields["id"].map(stored_geom).to_numpy()
        take = missing & ~pd.isna(stored)
        if take.any():
            geoms[take] = stored[take]
            missing &= ~take
            notes.append(
                Note(
                    "kept_geometry",
                    f"{int(take.sum())} dòng không có tọa độ giữ vị trí đã lưu của mã tương ứng",
                    f"{int(take.sum())} rows without coordinates keep the stored position of their id",
                )
            )
    if not missing.any():
        return geoms, 0, notes
    has_address = (
        fields["address"].notna().to_numpy()
        if "address" in fields.columns
        else np.zeros(len(fields), bool)
    )
    todo = missing & has_address
    rows.add(
        np.flatnonzero(missing & ~has_address),
        "geometry",
        None,
        "thiếu tọa độ và không có địa chỉ để tìm vị trí",
        "no coordinates and no address to locate the row",
    )
    if not todo.any():
        return geoms, 0, notes
    located = _match_addresses(fields["address"][todo], np.flatnonzero(todo), geoms, ctx, rows)
    if located:
        notes.append(
            Note(
                "address_match",
                f"{located} dòng không có tọa độ được định vị theo địa chỉ khớp với hộ/cơ sở đã có",
                f"{located} rows without coordinates were located by matching the address of a stored household/premises",
            )
        )
    return geoms, located, notes


def _match_addresses(
    address: pd.Series,
    positions: np.ndarray,
    geoms: np.ndarray,
    ctx: ImportContext,
    rows: RowProblems,
) -> int:
    """Set ``geoms`` at ``positions`` from stored households/premises of the same address."""
    layers = {ctx.layer.name: ctx.existing}
    for name in ("households", "premises"):
        if name not in layers:
            layers[name] = store.read_layer(ctx.ward_dir, name, validate=False)
    index = addresses.AddressIndex.from_layers(layers)
    names = [ctx.config.ward.name, *ctx.config.ingest.former_ward_names.split(";")]
    matches = addresses.match_addresses(address.astype(object), index, ward_names=names)
    matched = matches.status == "matched"
    geoms[positions[matched]] = matches.geometry[matched]
    for status, (vi, en) in _ADDRESS_STATUS.items():
        sel = matches.status == status
        rows.add(positions[sel], "address", address[sel].tolist(), vi, en)
    return int(matched.sum())


def located_notes(located: Located | GeometryRead) -> list[Note]:
    """Return the notes on swapped axes and on an ambiguous VN-2000 zone."""
    notes: list[Note] = []
    if located.swapped:
        notes.append(
            Note(
                "swapped",
                f"{located.swapped} dòng có vĩ độ và kinh độ (hoặc X và Y) bị đổi chỗ: đã đổi lại",
                f"{located.swapped} rows had latitude and longitude (or X and Y) swapped: fixed",
            )
        )
    if located.crs is not None and located.crs.ambiguous:
        notes.append(
            Note(
                "crs_ambiguous",
                f"Nhiều múi chiếu VN-2000 phù hợp với tọa độ; đang dùng {located.crs.crs} "
                f"({coordinates.crs_name(located.crs.crs)}). Hãy chọn hệ tọa độ nếu sai.",
                f"Several VN-2000 zones fit the coordinates; using {located.crs.crs} "
                f"({coordinates.crs_name(located.crs.crs)}). Choose the CRS if this is wrong.",
            )
        )
    return notes
