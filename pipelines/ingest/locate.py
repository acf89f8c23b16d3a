"""Stage 4 of an import, *locate*: a geometry for every row, in EPSG:4326.

From coordinate columns (latitude/longitude, VN-2000 X = northing / Y = easting, both in one
cell, WKT; decimal commas and degrees°minutes'seconds" read; swapped axes and the VN-2000
zone detected, :func:`pipelines.ingest.coordinates.resolve_points`) or from the file's own
geometry (its CRS, else detected from the values). Rows without either keep the stored
geometry of their id, else take the position of a stored household or premises whose
address they share, else are placed on the ward's own named roads by their address
(:mod:`pipelines.ingest.geocode`). Rows the user placed by hand on the map take that point.
How each row got its position is recorded (:class:`Placement`: ``location_source`` and an
estimated error in metres). Geometries are then brought to the layer's kind (a point inside
a polygon, multi-part lines split).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from pipelines.ingest import addresses, coordinates, geocode, headers
from pipelines.ingest.address_parse import split_leading_house
from pipelines.ingest.context import ImportContext, RowProblem, RowProblems
from pipelines.ingest.source import Note, SourceTable, collector_paused
from pipelines.model import store
from pipelines.model.schema import STORAGE_CRS
from pipelines.text.formats import format_number


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
class Placement:
    """How each source row got its position.

    ``source`` is a ``location_source`` code per row (``None``: not located), ``error_m``
    the estimated error in metres (NaN: none estimated), ``road`` the road or tổ dân phố an
    address was placed on ("" otherwise).
    """

    source: np.ndarray
    error_m: np.ndarray
    road: np.ndarray

    @classmethod
    def empty(cls, n: int) -> Placement:
        return cls(np.full(n, None, dtype=object), np.full(n, np.nan), np.full(n, "", dtype=object))


# The fields a point layer records its placement in (schema.LOCATION).
PLACEMENT_FIELDS = ("location_source", "location_error_m")


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
    placement
        How each source row got its position (``None`` for a layer without geometry).
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
    placement: Placement | None = None


def locate(
    table: SourceTable,
    coords: Mapping[str, pd.Series],
    fields: pd.DataFrame,
    ctx: ImportContext,
    *,
    crs: str | None = None,
    by_hand: Mapping[int, tuple[float, float]] | None = None,
    place_by_address: bool = True,
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
    by_hand
        Row position → (longitude, latitude) the user clicked on the map (EPSG:4326).
    place_by_address
        Place rows whose address matches no stored feature on the ward's named roads
        (else they are rejected).
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
    placing = Placement.empty(n)
    present = ~(shapely.is_missing(geom.geoms) | shapely.is_empty(geom.geoms))
    placing.source[present] = "coordinates"
    geoms = _place_by_hand(geom.geoms, by_hand or {}, placing, ctx)
    geoms, located, address_notes = locate_by_address(
        fields, geoms, ctx, rows, placing, place_by_address=place_by_address
    )
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
        tuple(p for p in geom.problems if p[0] not in (by_hand or {})) + tuple(rows.problems),
        placing,
    )


def _place_by_hand(
    geoms: np.ndarray,
    by_hand: Mapping[int, tuple[float, float]],
    placing: Placement,
    ctx: ImportContext,
) -> np.ndarray:
    """Put the points the user clicked on the map in place of the rows' geometries."""
    if not by_hand:
        return geoms
    geoms = geoms.copy()
    for pos, (lon, lat) in by_hand.items():
        if 0 <= pos < len(geoms):
            geoms[pos] = shapely.Point(float(lon), float(lat))
            placing.source[pos] = "by_hand"
            placing.error_m[pos] = ctx.config.ingest.by_hand_error_m
    return geoms


def _is(values: np.ndarray, code: str) -> np.ndarray:
    """Per value of an object array (``None``/``NA`` included), whether it equals ``code``."""
    return pd.Series(values, dtype=object).eq(code).fillna(False).to_numpy(dtype=bool)


def with_placement(fields: pd.DataFrame, located: Located, layer_fields: set[str]) -> pd.DataFrame:
    """Return ``fields`` with ``location_source``/``location_error_m`` set where the file
    leaves them empty (for layers that have these fields).

    A file that has a ``location_source`` column says how its located rows were placed,
    even by leaving a cell empty (an exported layer re-imported): "coordinates" is only
    written when the file has no such column. Rows placed here by address or by hand are
    always recorded.
    """
    placing = located.placement
    if placing is None or not set(PLACEMENT_FIELDS) <= layer_fields or not len(fields):
        return fields
    fields = fields.copy()
    source = placing.source.copy()
    if "location_source" in fields.columns:
        source[_is(source, "coordinates")] = None
    for name, values in zip(PLACEMENT_FIELDS, (source, placing.error_m), strict=True):
        given = fields[name] if name in fields.columns else pd.Series(None, index=fields.index)
        fields[name] = given.where(given.notna(), pd.Series(values, index=fields.index))
    by_hand = _is(placing.source, "by_hand")
    if by_hand.any():
        fields.loc[by_hand, "location_source"] = "by_hand"
        fields.loc[by_hand, "location_error_m"] = placing.error_m[by_hand]
    return fields


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
    fields: pd.DataFrame,
    geoms: np.ndarray,
    ctx: ImportContext,
    rows: RowProblems,
    placing: Placement | None = None,
    *,
    place_by_address: bool = True,
) -> tuple[np.ndarray, int, list[Note]]:
    """Give rows without coordinates the stored geometry of their id, else of their address
    (a stored household/premises, else the ward's named roads); record how in ``placing``."""
    notes: list[Note] = []
    placing = placing if placing is not None else Placement.empty(len(geoms))
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
            _copy_placement(placing, take, fields["id"][take], ctx.existing)
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
    unplaced = missing & has_address
    rows.add(
        np.flatnonzero(missing & ~has_address),
        "geometry",
        None,
        "thiếu tọa độ và không có địa chỉ để tìm vị trí",
        "no coordinates and no address to locate the row",
    )
    if not unplaced.any():
        return geoms, 0, notes
    located, geo_notes = _match_addresses(
        fields["address"][unplaced],
        np.flatnonzero(unplaced),
        geoms,
        ctx,
        rows,
        placing,
        place_by_address,
    )
    if located:
        notes.append(
            Note(
                "address_match",
                f"{located} dòng không có tọa độ được định vị theo địa chỉ khớp với hộ/cơ sở đã có",
                f"{located} rows without coordinates were located by matching the address of a stored household/premises",
            )
        )
    return geoms, located + int(geo_notes[1]), notes + geo_notes[0]


def _copy_placement(
    placing: Placement, where: np.ndarray, ids: pd.Series, stored: gpd.GeoDataFrame
) -> None:
    """Record, for rows that take a stored feature's position, how that feature was placed."""
    if "location_source" not in stored.columns:
        return
    first = stored.drop_duplicates("id").set_index(
        stored.drop_duplicates("id")["id"].astype(object)
    )
    source = ids.map(first["location_source"]).astype(object)
    placing.source[where] = source.where(source.notna(), None).to_numpy(dtype=object)
    if "location_error_m" in first.columns:
        placing.error_m[where] = ids.map(first["location_error_m"]).to_numpy(dtype=float)


def _match_addresses(
    address: pd.Series,
    positions: np.ndarray,
    geoms: np.ndarray,
    ctx: ImportContext,
    rows: RowProblems,
    placing: Placement,
    on_roads: bool = True,
) -> tuple[int, tuple[list[Note], int]]:
    """Set ``geoms`` at ``positions`` from stored households/premises of the same address,
    else from the ward's roads; return the count matched to stored features and the
    geocoder's notes and count."""
    layers = {ctx.layer.name: ctx.existing}
    for name in ("households", "premises"):
        if name not in layers:
            layers[name] = store.read_layer(ctx.ward_dir, name, validate=False)
    index = addresses.AddressIndex.from_layers(layers)
    names = [ctx.config.ward.name, *ctx.config.ingest.former_ward_names.split(";")]
    matches = addresses.match_addresses(address.astype(object), index, ward_names=names)
    matched = matches.status == "matched"
    geoms[positions[matched]] = matches.geometry[matched]
    for name, frame in layers.items():
        sel = matched & (matches.layer == name)
        if sel.any():
            ids = pd.Series(matches.feature_id[sel], dtype=object)
            where = np.zeros(len(geoms), dtype=bool)
            where[positions[sel]] = True
            _copy_placement(placing, where, ids, frame)
    unmatched = matches.status == "unmatched"
    geo: tuple[list[Note], int] = ([], 0)
    on_roads = on_roads and ctx.layer.geometry == "Point"
    if unmatched.any() and on_roads:
        geo = _geocode(address[unmatched], positions[unmatched], geoms, ctx, rows, placing)
    for status, (vi, en) in _ADDRESS_STATUS.items():
        sel = matches.status == status
        if status == "unmatched" and on_roads:
            continue  # told by the geocoder, with the closest road names
        rows.add(positions[sel], "address", address[sel].tolist(), vi, en)
    return int(matched.sum()), geo


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


_GEOCODE_REJECT = {
    "unmatched": (
        "thiếu tọa độ; không tìm thấy '{road}' trong các đường, ngõ của phường{near}",
        "no coordinates; '{road}' is not among the ward's roads and alleys{near_en}",
    ),
    "ambiguous": (
        "thiếu tọa độ; '{road}' giống nhiều đường như nhau, không chọn được{near}",
        "no coordinates; '{road}' is equally close to several roads{near_en}",
    ),
    "empty": (
        "thiếu tọa độ; địa chỉ không ghi tên đường, ngõ hay tổ dân phố",
        "no coordinates; the address names no road, alley nor residential group",
    ),
    "no_roads": (
        "thiếu tọa độ; phường chưa có lớp đường có tên để định vị theo địa chỉ "
        "(nhập lớp Đường, ngõ, ngách trước)",
        "no coordinates; the ward has no named roads to place addresses on "
        "(import the roads layer first)",
    ),
}
_INDEX_CACHE: dict[tuple[str, str, str], geocode.RoadIndex] = {}


def road_index(ctx: ImportContext) -> geocode.RoadIndex:
    """The ward's named roads, indexed once per version of the roads layer."""
    key = (
        str(ctx.ward_dir),
        store.layer_version(ctx.ward_dir, "roads"),
        ctx.config.ward.crs_metric,
    )
    if key not in _INDEX_CACHE:
        with collector_paused():
            roads = store.read_layer(ctx.ward_dir, "roads", validate=False)
        _INDEX_CACHE.clear()
        _INDEX_CACHE[key] = geocode.RoadIndex.from_roads(roads, ctx.config.ward.crs_metric)
    return _INDEX_CACHE[key]


def _geocode(
    address: pd.Series,
    positions: np.ndarray,
    geoms: np.ndarray,
    ctx: ImportContext,
    rows: RowProblems,
    placing: Placement,
) -> tuple[list[Note], int]:
    """Place addresses on the ward's roads; reject the others with the closest names."""
    index = road_index(ctx)
    if not len(index):
        vi, en = _GEOCODE_REJECT["no_roads"]
        rows.add(positions, "address", address.tolist(), vi, en)
        return [], 0
    ingest = ctx.config.ingest
    groups = store.read_layer(ctx.ward_dir, "residential_groups", validate=False)
    result = geocode.geocode_addresses(
        address.astype(object).reset_index(drop=True),
        index,
        groups=groups,
        min_score=ingest.geocode_min_score,
        frontage_m=ingest.geocode_frontage_m,
        number_error_share=ingest.geocode_number_error_share,
        ward_names=[
            headers.fold(n).removeprefix("phuong ").removeprefix("xa ")
            for n in (ctx.config.ward.name, *ingest.former_ward_names.split(";"))
            if headers.fold(n)
        ],
    )
    placed = result.geometry != None  # noqa: E711 (object array)
    at = positions[placed]
    geoms[at] = result.geometry[placed]
    placing.source[at] = result.source[placed]
    placing.error_m[at] = result.error_m[placed]
    placing.road[at] = result.road[placed]
    _reject_unplaced(address, positions, result, placed, rows)
    return _geocode_notes(result.status[placed], ingest.geocode_frontage_m), int(placed.sum())


def _reject_unplaced(
    address: pd.Series,
    positions: np.ndarray,
    result: geocode.Geocoded,
    placed: np.ndarray,
    rows: RowProblems,
) -> None:
    """Reject the rows the geocoder could not place, one reason per distinct address."""
    frame = pd.DataFrame(
        {"pos": positions, "text": address.astype(str).to_numpy(), "status": result.status}
    )
    frame["near"] = result.candidates
    for (text, status, near), group in frame[~placed].groupby(["text", "status", "near"]):
        vi, en = _GEOCODE_REJECT.get(str(status), _GEOCODE_REJECT["unmatched"])
        road = (split_leading_house(str(text).strip())[1] or str(text)).strip()[:60]
        vi = vi.format(road=road, near=f"; gần nhất: {near}" if near else "")
        en = en.format(road=road, near_en=f"; closest: {near}" if near else "")
        rows.add(group["pos"].to_numpy(), "address", str(text), vi, en)


def _geocode_notes(status: np.ndarray, frontage_m: float) -> list[Note]:
    """One note on what the geocoder did and by which rule."""
    if not len(status):
        return []
    counts = pd.Series(status).value_counts()
    alley, street = int(counts.get("alley", 0)), int(counts.get("street", 0))
    street_only, group = int(counts.get("street_only", 0)), int(counts.get("group", 0))
    f = format_number
    return [
        Note(
            "geocoded",
            f"{f(len(status))} dòng được đặt theo địa chỉ trên đường của phường: {f(alley)} trên "
            f"ngõ, {f(street)} trên phố, {f(street_only)} chỉ trên phố (ngõ ghi trong địa chỉ "
            f"không có trong lớp đường), {f(group)} chỉ theo tổ dân phố. Vị trí là ước tính: theo "
            f"số nhà (mỗi nhà {f(frontage_m, decimals=1)} m, số lẻ một bên, số chẵn một bên) khi "
            "biết đầu ngõ, nếu không thì ở giữa đoạn đường; sai số ước tính ghi theo từng dòng.",
            f"{f(len(status), 'en')} rows were placed by address on the ward's roads: "
            f"{f(alley, 'en')} on the alley, {f(street, 'en')} on the street, "
            f"{f(street_only, 'en')} on the street only (the alley written is not in the roads "
            f"layer), {f(group, 'en')} by residential group only. Positions are estimates: by "
            f"house number ({f(frontage_m, 'en', decimals=1)} m per house, odd one side, even "
            "the other) when the "
            "alley's start is known, else the middle of the road; each row has its error.",
        )
    ]
