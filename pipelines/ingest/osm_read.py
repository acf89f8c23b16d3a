"""Read OpenStreetMap files: .osm XML and .osm.pbf (pyosmium), Overpass JSON in every ``out``.

Every reader hands :func:`osm_table` one record of tags per tagged element (with ``@id`` =
``node/1``, ``way/2``, ``relation/3``) and its geometry; :func:`osm_table` keeps the
elements of the target layer (:data:`pipelines.ingest.osm.LAYER_FILTERS`) and says in one
note each what it left out: other elements, ways not built (``highway=construction`` …),
points in a roads import, areas needed but not drawn, points of interest that are not
premises (counted by tag).

* ``.osm`` XML (editor exports) and ``.osm.pbf``: a way whose nodes are missing from the
  file (cut by the export's ``<bounds>``) keeps the parts whose nodes are there.
* Overpass JSON: ``out body`` (with ``>; out skel`` for the nodes), ``out geom``
  (geometry on the ways) and ``out center`` (a centre only: a point for points of
  interest and water points; a road or an area needs its geometry and is skipped).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import shapely

from pipelines.ingest import osm
from pipelines.ingest.source import Note, ReadOptions, SourceTable
from pipelines.model.errors import InputFileError
from pipelines.model.settings import IngestSection
from pipelines.text.formats import format_number

_LINES = ("LineString", "MultiLineString")
_AREAS = ("Polygon", "MultiPolygon")


def _geom_type(geom: object) -> str:
    if geom is None or not isinstance(geom, shapely.Geometry) or geom.is_empty:
        return ""
    return geom.geom_type


def _fit(geoms: np.ndarray, element: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Geometries taken as the layer needs them; masks of points and of shapes that do not fit.

    A missing geometry stays (the row is then rejected for it, with its row number).
    """
    types = np.array([_geom_type(g) for g in geoms], dtype=object)
    is_point = np.isin(types, ["Point", "MultiPoint"])
    drawn = types != ""
    misfit = np.zeros(len(geoms), dtype=bool)
    if element == "way":
        misfit = drawn & ~is_point & ~np.isin(types, _LINES)
    elif element == "area":
        misfit = drawn & ~is_point & ~np.isin(types, _AREAS)
    elif element == "point":
        geoms = geoms.copy()
        for i in np.flatnonzero(drawn & ~is_point):
            geoms[i] = geoms[i].point_on_surface() if types[i] in _AREAS else geoms[i].centroid
        is_point = np.zeros(len(geoms), dtype=bool)
    else:
        is_point = np.zeros(len(geoms), dtype=bool)
    if element not in ("way", "area"):
        is_point = np.zeros(len(geoms), dtype=bool)
    return geoms, is_point, misfit


def _n(value: int, lang: str = "vi") -> str:
    return format_number(value, lang)


def _count_text(counts: Counter, limit: int = 8, lang: str = "vi") -> str:
    parts = [f"{tag}: {_n(n, lang)}" for tag, n in counts.most_common(limit)]
    if len(counts) > limit:
        parts.append(f"… (+{len(counts) - limit})")
    return ", ".join(parts)


def _skip_notes(
    frame: pd.DataFrame,
    layer: str,
    selected: np.ndarray,
    points: np.ndarray,
    misfit: np.ndarray,
    ingest: IngestSection,
) -> list[Note]:
    notes: list[Note] = []
    if layer == "roads" and len(frame):
        lifecycle = osm.is_lifecycle(frame).to_numpy(bool)
        if lifecycle.any():
            counts = Counter(frame.loc[lifecycle, "highway"].astype("str"))
            notes.append(
                Note(
                    "osm_lifecycle",
                    f"OpenStreetMap: bỏ qua {_n(int(lifecycle.sum()), 'vi')} đường chưa xây hoặc đã bỏ "
                    f"({_count_text(counts)})",
                    f"OpenStreetMap: {_n(int(lifecycle.sum()), 'en')} ways not (or no longer) built skipped "
                    f"({_count_text(counts, lang='en')})",
                )
            )
    if points.any():
        notes.append(
            Note(
                "osm_points",
                f"OpenStreetMap: bỏ qua {_n(int(points.sum()), 'vi')} điểm (nút giao, lối qua đường…) — "
                "lớp này cần đường hoặc vùng",
                f"OpenStreetMap: {_n(int(points.sum()), 'en')} points (junctions, crossings…) skipped — "
                "this layer needs lines or areas",
            )
        )
    if misfit.any():
        notes.append(
            Note(
                "osm_shape",
                f"OpenStreetMap: bỏ qua {_n(int(misfit.sum()), 'vi')} đối tượng vẽ không đúng dạng của lớp "
                "(vùng trong lớp đường, đường hở trong lớp vùng)",
                f"OpenStreetMap: {_n(int(misfit.sum()), 'en')} elements of the wrong shape for the layer "
                "skipped (areas among roads, open ways among areas)",
            )
        )
    if layer == "premises" and len(frame):
        kinds = osm.poi_kinds(frame)
        other = kinds.notna().to_numpy(bool) & ~selected
        if other.any():
            counts = Counter(kinds[other].astype("str"))
            notes.append(
                Note(
                    "osm_poi_other",
                    f"OpenStreetMap: {_n(int(other.sum()), 'vi')} điểm không thuộc loại cơ sở quản lý PCCC "
                    f"([ingest] osm_poi_category), không nhập: {_count_text(counts)}",
                    f"OpenStreetMap: {_n(int(other.sum()), 'en')} points of interest are not premises under "
                    f"management ([ingest] osm_poi_category), not imported: {_count_text(counts, lang='en')}",
                )
            )
    return notes


def osm_table(
    records: list[dict[str, object]],
    geoms: list[object],
    fmt: str,
    options: ReadOptions,
    notes: Iterable[Note] = (),
) -> SourceTable:
    """Keep the elements of the target layer, geometry as the layer needs it; notes on the rest."""
    ingest = options.ingest or IngestSection()
    rule = osm.require_layer(options.layer)
    frame = (
        pd.DataFrame(records)
        if records
        else pd.DataFrame({osm.OSM_ID: pd.Series([], dtype=object)})
    )
    geometry, points, misfit = _fit(np.array([*geoms, None], dtype=object)[:-1], rule.element)
    selected = rule.select(frame, ingest).to_numpy(bool) if len(frame) else np.zeros(0, bool)
    if options.layer == "roads" and len(frame):
        # every tagged point of the road network (junctions, crossings, signals…) is skipped
        points &= frame["highway"].notna().to_numpy(bool) if "highway" in frame else selected
    else:
        points &= selected
    misfit &= selected
    keep = selected & ~points & ~misfit
    total = len(frame) - int((points & ~selected).sum())
    skip_notes = _skip_notes(frame, options.layer, selected, points, misfit, ingest)
    frame = frame[keep].reset_index(drop=True).dropna(axis=1, how="all")
    if osm.OSM_ID not in frame.columns:
        frame[osm.OSM_ID] = pd.Series([], dtype=object)
    table = SourceTable(
        frame=frame,
        row_numbers=np.arange(1, int(keep.sum()) + 1),
        format=fmt,
        geometry=geometry[keep],
        crs="EPSG:4326",
        osm=True,
    )
    n = int(keep.sum())
    others = total - int(selected.sum())
    table.notes.append(
        Note(
            "osm_filter",
            f"OpenStreetMap: {_n(n, 'vi')} đối tượng thuộc lớp, bỏ qua {_n(others, 'vi')} đối tượng khác",
            f"OpenStreetMap: {_n(n, 'en')} elements belong to the layer, {_n(others, 'en')} others ignored",
        )
    )
    table.notes.extend(skip_notes)
    table.notes.extend(notes)
    return table


def _partial_note(partial: int, missing: int) -> list[Note]:
    if not partial and not missing:
        return []
    return [
        Note(
            "osm_partial",
            f"OpenStreetMap: {_n(partial, 'vi')} đường thiếu một phần nút trong tệp (ngoài phạm vi tải về): "
            f"giữ phần có đủ nút; {_n(missing, 'vi')} đường không còn đoạn nào",
            f"OpenStreetMap: {_n(partial, 'en')} ways lack some of their nodes in the file (outside the "
            f"exported bounds): the parts with nodes are kept; {_n(missing, 'en')} ways have no part left",
        )
    ]


def line_parts(points: list[tuple[float, float] | None]) -> tuple[object, bool]:
    """A line from a way's node positions (``None`` = node missing); whether parts were lost.

    The runs of two or more known nodes are kept: one run is a LineString, several a
    MultiLineString; none gives ``None``.
    """
    runs: list[list[tuple[float, float]]] = [[]]
    for p in points:
        if p is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(p)
    kept = [r for r in runs if len(r) >= 2]
    lost = any(p is None for p in points)
    if not kept:
        return None, lost
    if len(kept) == 1:
        return shapely.LineString(kept[0]), lost
    return shapely.MultiLineString(kept), lost


def read_osm_file(data: bytes, fmt: str, options: ReadOptions) -> SourceTable:
    """Read .osm XML (``fmt="osm_xml"``) or .osm.pbf (``"osm_pbf"``) with pyosmium."""
    import osmium

    rule = osm.require_layer(options.layer)
    wkb = osmium.geom.WKBFactory()
    records: list[dict[str, object]] = []
    geoms: list[object] = []
    index: dict[str, int] = {}
    partial = missing = 0
    kind = "osm" if fmt == "osm_xml" else "pbf"
    areas = rule.element in ("area", "any", "point")
    try:
        processor = osmium.FileProcessor(osmium.io.FileBuffer(data, kind)).with_locations()
        if areas:
            processor = processor.with_areas()
        for obj in processor:
            if not len(obj.tags):
                continue
            geom: object = None
            if obj.is_area():
                element, oid = ("way" if obj.from_way() else "relation"), obj.orig_id()
                try:
                    geom = shapely.from_wkb(bytes.fromhex(wkb.create_multipolygon(obj)))
                except (RuntimeError, osmium.InvalidLocationError):
                    geom = None
                at = index.get(f"way/{oid}") if element == "way" else None
                if at is not None:  # the way itself came first: give it its area
                    if geom is not None and _needs_area(records[at]):
                        geoms[at] = geom
                    continue
            elif isinstance(obj, osmium.osm.Node):
                element, oid = "node", obj.id
                loc = obj.location
                geom = shapely.Point(loc.lon, loc.lat) if loc.valid() else None
            elif isinstance(obj, osmium.osm.Way):
                element, oid = "way", obj.id
                pts = [(n.lon, n.lat) if n.location.valid() else None for n in obj.nodes]
                geom, lost = line_parts(pts)
                partial += int(lost and geom is not None)
                missing += int(geom is None)
            else:
                continue
            record = {k: v for k, v in obj.tags}
            record[osm.OSM_ID] = f"{element}/{oid}"
            index[record[osm.OSM_ID]] = len(records)
            records.append(record)
            geoms.append(geom)
    except RuntimeError as exc:
        raise InputFileError(
            f"Không đọc được dữ liệu OpenStreetMap: {exc}", f"cannot read OpenStreetMap data: {exc}"
        ) from None
    return osm_table(records, geoms, fmt, options, _partial_note(partial, missing))


def _needs_area(tags: Mapping[str, object]) -> bool:
    """A closed way is an area unless it is a road (a roundabout, a ring of alley)."""
    return "highway" not in tags or tags.get("area") == "yes"


def _latlon_line(points: list[Mapping[str, float]]) -> list[tuple[float, float] | None]:
    return [(p["lon"], p["lat"]) if p and "lat" in p and "lon" in p else None for p in points]


def _assemble_polygon(outers: list[list], inners: list[list]) -> shapely.Geometry | None:
    def polys(lines: list[list]) -> shapely.Geometry:
        linework = [
            shapely.LineString([p for p in line if p is not None])
            for line in lines
            if sum(p is not None for p in line) >= 2
        ]
        if not linework:
            return shapely.Polygon()
        return shapely.union_all(shapely.get_parts(shapely.polygonize(linework)))

    outer = polys(outers)
    if outer.is_empty:
        return None
    inner = polys(inners)
    return outer.difference(inner) if not inner.is_empty else outer


def _center(e: Mapping[str, object]) -> shapely.Geometry | None:
    c = e.get("center")
    if isinstance(c, dict) and "lat" in c and "lon" in c:
        return shapely.Point(c["lon"], c["lat"])
    return None


def _way_geometry(line: list, tags: Mapping[str, object], element: str) -> object:
    known = [p for p in line if p is not None]
    closed = len(known) >= 4 and line[0] is not None and line[0] == line[-1]
    if closed and element in ("area", "any", "point") and _needs_area(tags):
        return shapely.Polygon(known)
    geom, _ = line_parts(line)
    return geom


def _relation_geometry(e: Mapping, ways_geom: Mapping[int, list]) -> object:
    outers: list[list] = []
    inners: list[list] = []
    for member in e.get("members", []):
        if member.get("type") != "way":
            continue
        line = (
            _latlon_line(member["geometry"])
            if "geometry" in member
            else ways_geom.get(member.get("ref"), [])
        )
        (inners if member.get("role") == "inner" else outers).append(line)
    return _assemble_polygon(outers, inners)


def read_overpass_json(doc: Mapping[str, object], options: ReadOptions) -> SourceTable:
    """Read Overpass API JSON: ``out body`` (+ ``>; out skel``), ``out geom``, ``out center``."""
    rule = osm.require_layer(options.layer)
    elements = [e for e in doc.get("elements", []) if isinstance(e, dict)]  # type: ignore[union-attr]
    nodes = {
        e["id"]: (e["lon"], e["lat"]) for e in elements if e.get("type") == "node" and "lat" in e
    }
    ways_geom: dict[int, list] = {}
    for e in elements:
        if e.get("type") == "way":
            if "geometry" in e:
                ways_geom[e["id"]] = _latlon_line(e["geometry"])
            elif e.get("nodes"):
                ways_geom[e["id"]] = [nodes.get(n) for n in e["nodes"]]
    records: list[dict[str, object]] = []
    geoms: list[object] = []
    partial = missing = centre_only = 0
    for e in elements:
        tags = e.get("tags") or {}
        kind = e.get("type")
        if not tags or kind not in ("node", "way", "relation"):
            continue
        geom = None
        if kind == "node":
            geom = shapely.Point(nodes[e["id"]]) if e["id"] in nodes else None
        elif kind == "way" and any(p is not None for p in ways_geom.get(e["id"], [])):
            line = ways_geom[e["id"]]
            geom = _way_geometry(line, tags, rule.element)
            partial += int(geom is not None and any(p is None for p in line))
            missing += int(geom is None)
        elif kind == "relation" and tags.get("type") in ("multipolygon", "boundary"):
            geom = _relation_geometry(e, ways_geom)
        if geom is None and _center(e) is not None:
            if rule.element in ("point", "any"):
                geom = _center(e)
            else:
                centre_only += 1
                continue
        record = dict(tags)
        record[osm.OSM_ID] = f"{kind}/{e['id']}"
        records.append(record)
        geoms.append(geom)
    notes = _partial_note(partial, missing)
    if centre_only:
        notes.append(
            Note(
                "osm_center",
                f"Overpass 'out center': bỏ qua {_n(centre_only, 'vi')} đường/vùng chỉ có điểm giữa — "
                "lớp này cần hình dạng; hãy tải lại bằng 'out geom'",
                f"Overpass 'out center': {_n(centre_only, 'en')} ways/areas with a centre only skipped — "
                "this layer needs their shape; download again with 'out geom'",
            )
        )
    return osm_table(records, geoms, "overpass_json", options, notes)
