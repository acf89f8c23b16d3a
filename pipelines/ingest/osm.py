"""OpenStreetMap data: read .osm XML, .osm.pbf (pyosmium) and Overpass JSON; map tags to layers.

Only elements relevant to the target layer are rows of the import (:data:`LAYER_FILTERS`):
roads are ``highway=*`` ways, buildings ``building=*`` areas, water bodies
``natural=water`` / ``water=*`` / ``landuse=reservoir|basin`` areas, water sources
``emergency=fire_hydrant|water_tank|suction_point|fire_water_pond`` (and the old
``amenity=fire_hydrant``). :func:`osm_to_layer` turns the tags of those rows into the
layer's fields:

* roads — width from ``width``, else ``lanes`` × the configured lane width, else the
  configured default of the ``highway`` class (``[ingest] osm_highway_width_m``); the note
  says which. Kind from the first word of the name (Ngõ, Ngách, Hẻm, Kiệt, Phố, Đường),
  else from the class; clearance from ``maxheight``.
* water sources — kind from ``emergency`` (and ``water_source``), flow and capacity with
  units, ``fire_hydrant:*`` tags kept in the note, status from ``disused:*`` /
  ``operational_status`` else the configured default (OSM has no status).
* buildings — levels from ``building:levels``, use from the ``building`` value.
* water bodies — kind from ``water`` (or ``landuse``/``waterway``).

Feature ids are ``osm-node-…``, ``osm-way-…``, ``osm-relation-…`` so a fresh extract
updates the features of the previous one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from pipelines.ingest.coordinates import parse_numbers
from pipelines.ingest.headers import fold
from pipelines.ingest.source import Note, ReadOptions, SourceTable
from pipelines.model.errors import InputFileError
from pipelines.model.settings import IngestSection

OSM_ID = "@id"

# Values of ``highway`` that are not roads a vehicle or a person uses.
EXCLUDED_HIGHWAYS = frozenset(
    {
        "proposed",
        "construction",
        "abandoned",
        "razed",
        "platform",
        "bus_stop",
        "elevator",
        "corridor",
        "raceway",
    }
)
WATER_SOURCE_EMERGENCY = {
    "fire_hydrant": "hydrant",
    "water_tank": "tank",
    "fire_water_pond": "pond",
    "suction_point": "pond",
}
WATER_SOURCE_BY_SOURCE_TAG = {
    "water_tank": "tank",
    "pond": "pond",
    "lake": "lake",
    "river": "river",
    "stream": "river",
    "canal": "river",
    "well": "well",
    "groundwater": "well",
}
HIGHWAY_KIND = {
    "footway": "ngo",
    "path": "ngo",
    "steps": "ngo",
    "service": "ngo",
    "living_street": "ngo",
    "pedestrian": "ngo",
    "track": "ngo",
}
NAME_KIND = {
    "ngo": "ngo",
    "ngach": "ngach",
    "hem": "hem",
    "kiet": "kiet",
    "pho": "pho",
    "duong": "duong",
}
WATER_KIND = {
    "pond": "pond",
    "fishpond": "pond",
    "basin": "pond",
    "wastewater": "pond",
    "reflecting_pool": "pond",
    "lake": "lake",
    "reservoir": "lake",
    "oxbow": "lake",
    "lagoon": "lake",
    "river": "river",
    "stream": "river",
    "canal": "canal",
    "ditch": "canal",
    "drain": "canal",
}
BUILDING_USE = {
    "house": "residential",
    "residential": "residential",
    "apartments": "residential",
    "detached": "residential",
    "semidetached_house": "residential",
    "terrace": "residential",
    "dormitory": "residential",
    "commercial": "commercial",
    "retail": "commercial",
    "office": "commercial",
    "hotel": "commercial",
    "supermarket": "commercial",
    "kiosk": "commercial",
    "industrial": "industrial",
    "warehouse": "industrial",
    "factory": "industrial",
    "manufacture": "industrial",
    "school": "public",
    "university": "public",
    "kindergarten": "public",
    "hospital": "public",
    "public": "public",
    "civic": "public",
    "government": "public",
    "temple": "public",
    "pagoda": "public",
    "church": "public",
}
_STATUS_OUT = {"broken", "out_of_order", "not_operational", "disused", "dry"}
_STATUS_SERVICE = {"needs_maintenance", "needs_repair", "restricted"}


def _tag(frame: pd.DataFrame, key: str) -> pd.Series:
    if key in frame.columns:
        return frame[key].astype(object).where(frame[key].notna())
    return pd.Series(None, index=frame.index, dtype=object)


def _has(frame: pd.DataFrame, key: str) -> pd.Series:
    return _tag(frame, key).notna()


def _is_road(frame: pd.DataFrame) -> pd.Series:
    hw = _tag(frame, "highway")
    return hw.notna() & ~hw.isin(EXCLUDED_HIGHWAYS)


def _is_building(frame: pd.DataFrame) -> pd.Series:
    b = _tag(frame, "building")
    return b.notna() & b.ne("no")


def _is_water_body(frame: pd.DataFrame) -> pd.Series:
    return (
        _tag(frame, "natural").eq("water")
        | _has(frame, "water")
        | _tag(frame, "landuse").isin(["reservoir", "basin"])
        | _tag(frame, "waterway").eq("riverbank")
    )


def _is_water_source(frame: pd.DataFrame) -> pd.Series:
    return (
        _tag(frame, "emergency").isin(list(WATER_SOURCE_EMERGENCY))
        | _tag(frame, "amenity").eq("fire_hydrant")
        | _tag(frame, "disused:emergency").eq("fire_hydrant")
    )


@dataclass(frozen=True)
class LayerFilter:
    """Which OSM elements are rows of a layer, and which geometry they take."""

    select: Callable[[pd.DataFrame], pd.Series]
    element: str  # {"node", "way", "area", "any"}


LAYER_FILTERS: dict[str, LayerFilter] = {
    "roads": LayerFilter(_is_road, "way"),
    "buildings": LayerFilter(_is_building, "area"),
    "water_bodies": LayerFilter(_is_water_body, "area"),
    "water_sources": LayerFilter(_is_water_source, "any"),
}


def _require_layer(layer: str) -> LayerFilter:
    try:
        return LAYER_FILTERS[layer]
    except KeyError:
        raise InputFileError(
            f"Dữ liệu OpenStreetMap chỉ nhập được vào các lớp: {', '.join(LAYER_FILTERS)} "
            f"(đã chọn '{layer}')",
            f"OpenStreetMap data imports into {', '.join(LAYER_FILTERS)}, got '{layer}' instead",
        ) from None


# --- Readers --------------------------------------------------------------------------------


def _table(
    records: list[dict[str, object]],
    geoms: list[object],
    fmt: str,
    options: ReadOptions,
    total: int,
) -> SourceTable:
    frame = (
        pd.DataFrame(records) if records else pd.DataFrame({OSM_ID: pd.Series([], dtype=object)})
    )
    rule = _require_layer(options.layer)
    geometry = np.array(geoms, dtype=object)
    keep = rule.select(frame).to_numpy(bool) if len(frame) else np.zeros(0, bool)
    frame = frame[keep].reset_index(drop=True).dropna(axis=1, how="all")
    if OSM_ID not in frame.columns:
        frame[OSM_ID] = pd.Series([], dtype=object)
    table = SourceTable(
        frame=frame,
        row_numbers=np.arange(1, int(keep.sum()) + 1),
        format=fmt,
        geometry=geometry[keep],
        crs="EPSG:4326",
        osm=True,
    )
    table.notes.append(
        Note(
            "osm_filter",
            f"OpenStreetMap: {int(keep.sum())} đối tượng thuộc lớp, bỏ qua {total - int(keep.sum())} đối tượng khác",
            f"OpenStreetMap: {int(keep.sum())} elements belong to the layer, {total - int(keep.sum())} others ignored",
        )
    )
    return table


def read_osm_file(data: bytes, fmt: str, options: ReadOptions) -> SourceTable:
    """Read .osm XML (``fmt="osm_xml"``) or .osm.pbf (``"osm_pbf"``) with pyosmium."""
    import osmium

    rule = _require_layer(options.layer)
    wkb = osmium.geom.WKBFactory()
    records: list[dict[str, object]] = []
    geoms: list[object] = []
    total = 0
    kind = "osm" if fmt == "osm_xml" else "pbf"
    try:
        processor = osmium.FileProcessor(osmium.io.FileBuffer(data, kind)).with_locations()
        if rule.element in ("area", "any"):
            processor = processor.with_areas()
        for obj in processor:
            if not len(obj.tags):
                continue
            if obj.is_area():
                if rule.element not in ("area", "any"):
                    continue
                element = "way" if obj.from_way() else "relation"
                oid = obj.orig_id()
                make = wkb.create_multipolygon
            elif isinstance(obj, osmium.osm.Node):
                if rule.element not in ("node", "any"):
                    continue
                element, oid, make = "node", obj.id, wkb.create_point
            elif isinstance(obj, osmium.osm.Way):
                if rule.element != "way":
                    continue
                element, oid, make = "way", obj.id, wkb.create_linestring
            else:
                continue
            total += 1
            try:
                geom = shapely.from_wkb(bytes.fromhex(make(obj)))
            except (RuntimeError, osmium.InvalidLocationError):
                geom = None
            record = {k: v for k, v in obj.tags}
            record[OSM_ID] = f"{element}/{oid}"
            records.append(record)
            geoms.append(geom)
    except RuntimeError as exc:
        raise InputFileError(
            f"Không đọc được dữ liệu OpenStreetMap: {exc}", f"cannot read OpenStreetMap data: {exc}"
        ) from None
    return _table(records, geoms, fmt, options, total)


def _latlon_line(points: list[Mapping[str, float]]) -> list[tuple[float, float]]:
    return [(p["lon"], p["lat"]) for p in points if p and "lat" in p and "lon" in p]


def _assemble_polygon(outers: list[list], inners: list[list]) -> shapely.Geometry | None:
    def polys(lines: list[list]) -> shapely.Geometry:
        linework = [shapely.LineString(line) for line in lines if len(line) >= 2]
        if not linework:
            return shapely.Polygon()
        return shapely.union_all(shapely.get_parts(shapely.polygonize(linework)))

    outer = polys(outers)
    if outer.is_empty:
        return None
    inner = polys(inners)
    return outer.difference(inner) if not inner.is_empty else outer


def read_overpass_json(doc: Mapping[str, object], options: ReadOptions) -> SourceTable:
    """Read Overpass API JSON (``out geom`` or ``out body; >; out skel``)."""
    rule = _require_layer(options.layer)
    elements = [e for e in doc.get("elements", []) if isinstance(e, dict)]  # type: ignore[union-attr]
    nodes = {
        e["id"]: (e["lon"], e["lat"]) for e in elements if e.get("type") == "node" and "lat" in e
    }
    ways_geom: dict[int, list] = {}
    for e in elements:
        if e.get("type") == "way":
            if "geometry" in e:
                ways_geom[e["id"]] = _latlon_line(e["geometry"])
            else:
                ways_geom[e["id"]] = [nodes[n] for n in e.get("nodes", []) if n in nodes]
    records: list[dict[str, object]] = []
    geoms: list[object] = []
    total = 0
    for e in elements:
        tags = e.get("tags") or {}
        if not tags:
            continue
        kind = e.get("type")
        geom = None
        if kind == "node":
            if rule.element not in ("node", "any"):
                continue
            if e["id"] in nodes:
                geom = shapely.Point(nodes[e["id"]])
        elif kind == "way":
            line = ways_geom.get(e["id"], [])
            closed = len(line) >= 4 and line[0] == line[-1]
            if rule.element == "way" and len(line) >= 2:
                geom = shapely.LineString(line)
            elif rule.element in ("area", "any") and closed:
                geom = shapely.Polygon(line)
            elif rule.element == "area" and not closed:
                continue
        elif kind == "relation":
            if rule.element not in ("area", "any") or tags.get("type") != "multipolygon":
                continue
            outers, inners = [], []
            for member in e.get("members", []):
                if member.get("type") != "way":
                    continue
                line = (
                    _latlon_line(member["geometry"])
                    if "geometry" in member
                    else ways_geom.get(member.get("ref"), [])
                )
                (inners if member.get("role") == "inner" else outers).append(line)
            geom = _assemble_polygon(outers, inners)
        else:
            continue
        total += 1
        record = dict(tags)
        record[OSM_ID] = f"{kind}/{e['id']}"
        records.append(record)
        geoms.append(geom)
    return _table(records, geoms, "overpass_json", options, total)


# --- Tags to fields -------------------------------------------------------------------------


def osm_ids(frame: pd.DataFrame) -> pd.Series:
    """Return feature ids ``osm-node-1`` from ``@id`` values ``node/1`` (or ``id``)."""
    raw = _tag(frame, OSM_ID)
    if raw.isna().all() and "id" in frame.columns:
        raw = _tag(frame, "id")
    if raw.isna().all() and "osm_id" in frame.columns:
        kind = _tag(frame, "osm_type").fillna("node")
        raw = kind.astype("str") + "/" + _tag(frame, "osm_id").astype("str")
    return "osm-" + raw.astype("str").str.replace("/", "-", regex=False).where(raw.notna())


def _name(frame: pd.DataFrame) -> pd.Series:
    return _tag(frame, "name").fillna(_tag(frame, "name:vi"))


def _join_notes(parts: list[pd.Series]) -> pd.Series:
    out = pd.Series("", index=parts[0].index if parts else None, dtype=object)
    for part in parts:
        text = part.fillna("").astype("str")
        out = out.where(text.eq(""), out.where(out.eq(""), out + "; ") + text)
    return out.where(out.ne(""))


def _tagged(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    parts = [
        (_tag(frame, k).astype("str").radd(f"{k}=")).where(_tag(frame, k).notna()) for k in keys
    ]
    return _join_notes(parts) if parts else pd.Series(None, index=frame.index, dtype=object)


def _number(frame: pd.DataFrame, key: str) -> pd.Series:
    values, _ = parse_numbers(_tag(frame, key))
    return values


_FLOW_UNITS = {"l/min": 1 / 60, "lpm": 1 / 60, "l/s": 1.0, "m3/h": 1 / 3.6, "m³/h": 1 / 3.6}


def _flow_lps(frame: pd.DataFrame) -> pd.Series:
    text = _tag(frame, "flow_rate").fillna(_tag(frame, "fire_hydrant:flow_capacity"))
    parts = text.astype("str").str.extract(r"^\s*([\d.,]+)\s*([a-zA-Z/³0-9]*)\s*$")
    numbers, _ = parse_numbers(parts[0].astype(object))
    factor = (
        parts[1].fillna("").str.lower().map(_FLOW_UNITS).fillna(1 / 60)
    )  # OSM default unit: l/min
    return (numbers * factor).where(text.notna())


def _roads(frame: pd.DataFrame, config: IngestSection) -> tuple[pd.DataFrame, dict[str, str]]:
    highway = _tag(frame, "highway")
    name = _name(frame)
    kind = kind_from_name(name).fillna(highway.map(HIGHWAY_KIND)).fillna("duong")
    width_tag, _ = parse_numbers(_tag(frame, "width"))
    lanes, _ = parse_numbers(_tag(frame, "lanes"))
    by_lanes = lanes * config.lane_width_m
    by_class = highway.map({k: float(v) for k, v in config.osm_highway_width_m.items()}).astype(
        "float64"
    )
    width = width_tag.fillna(by_lanes).fillna(by_class)
    how = pd.Series(None, index=frame.index, dtype=object)
    how[by_class.notna()] = ("bề rộng ước tính theo loại đường highway=" + highway.astype("str"))[
        by_class.notna()
    ]
    how[by_lanes.notna()] = (
        "bề rộng ước tính theo số làn lanes=" + _tag(frame, "lanes").astype("str")
    )[by_lanes.notna()]
    how[width_tag.notna()] = None
    out = pd.DataFrame(
        {
            "id": osm_ids(frame),
            "name": name,
            "kind": kind,
            "width_m": width,
            "clearance_m": _number(frame, "maxheight"),
            "note": _join_notes([how, _tagged(frame, ["highway", "surface", "oneway"])]),
        }
    )
    return out, {
        "@id": "id",
        "name": "name",
        "highway / name": "kind",
        "width / lanes / highway": "width_m",
        "maxheight": "clearance_m",
    }


def _water_sources(
    frame: pd.DataFrame, config: IngestSection
) -> tuple[pd.DataFrame, dict[str, str]]:
    emergency = (
        _tag(frame, "emergency")
        .fillna(_tag(frame, "amenity").where(_tag(frame, "amenity").eq("fire_hydrant")))
        .fillna(_tag(frame, "disused:emergency"))
    )
    kind = emergency.map(WATER_SOURCE_EMERGENCY)
    suction = emergency.isin(["suction_point", "fire_water_pond"])
    by_source = _tag(frame, "water_source").map(WATER_SOURCE_BY_SOURCE_TAG)
    kind = kind.where(~(suction & by_source.notna()), by_source)
    operational = _tag(frame, "operational_status").fillna("").astype("str").str.lower()
    status = pd.Series(config.osm_water_source_status, index=frame.index, dtype=object)
    status[operational.isin(_STATUS_SERVICE)] = "needs_service"
    status[operational.isin(_STATUS_OUT) | _has(frame, "disused:emergency")] = "out_of_service"
    hydrant_keys = sorted(c for c in frame.columns if c.startswith("fire_hydrant:"))
    street = _tag(frame, "addr:street")
    house = _tag(frame, "addr:housenumber")
    address = (house.fillna("").astype("str") + " " + street.fillna("").astype("str")).str.strip()
    capacity = (
        _number(frame, "water_tank:volume")
        .fillna(_number(frame, "capacity"))
        .fillna(_number(frame, "volume"))
    )
    out = pd.DataFrame(
        {
            "id": osm_ids(frame),
            "name": _name(frame).fillna(_tag(frame, "ref")),
            "kind": kind,
            "address": address.where(address.ne("")),
            "capacity_m3": capacity,
            "flow_lps": _flow_lps(frame),
            "status": status,
            "note": _tagged(frame, [*hydrant_keys, "ref", "operator", "couplings", "water_source"]),
        }
    )
    return out, {
        "@id": "id",
        "name / ref": "name",
        "emergency / water_source": "kind",
        "addr:*": "address",
        "water_tank:volume / capacity": "capacity_m3",
        "flow_rate / fire_hydrant:flow_capacity": "flow_lps",
        "operational_status / disused:*": "status",
        "fire_hydrant:*": "note",
    }


def _buildings(frame: pd.DataFrame, config: IngestSection) -> tuple[pd.DataFrame, dict[str, str]]:
    building = _tag(frame, "building")
    levels = _number(frame, "building:levels")
    out = pd.DataFrame(
        {
            "id": osm_ids(frame),
            "name": _name(frame),
            "levels": levels.where(levels.isna() | (levels == levels.round())),
            "use": building.map(BUILDING_USE).fillna("other"),
            "note": _tagged(frame, ["building"]),
        }
    )
    return out, {"@id": "id", "name": "name", "building:levels": "levels", "building": "use"}


def _water_bodies(
    frame: pd.DataFrame, config: IngestSection
) -> tuple[pd.DataFrame, dict[str, str]]:
    water = (
        _tag(frame, "water")
        .fillna(_tag(frame, "landuse"))
        .fillna(_tag(frame, "waterway").map({"riverbank": "river"}))
    )
    kind = water.map(WATER_KIND)
    guessed = kind.isna()
    note = pd.Series(None, index=frame.index, dtype=object)
    note[guessed] = "OSM không ghi loại mặt nước: tạm coi là ao"
    out = pd.DataFrame(
        {
            "id": osm_ids(frame),
            "name": _name(frame),
            "kind": kind.fillna("pond"),
            "note": note,
        }
    )
    return out, {"@id": "id", "name": "name", "water / landuse / waterway": "kind"}


TAG_MAPPERS: dict[
    str, Callable[[pd.DataFrame, IngestSection], tuple[pd.DataFrame, dict[str, str]]]
] = {
    "roads": _roads,
    "water_sources": _water_sources,
    "buildings": _buildings,
    "water_bodies": _water_bodies,
}


def osm_to_layer(
    frame: pd.DataFrame, layer: str, config: IngestSection
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Turn OSM tag columns into the fields of ``layer``; return the frame and the tag→field map.

    Raises
    ------
    InputFileError
        ``layer`` has no OpenStreetMap counterpart.
    """
    _require_layer(layer)
    if frame.empty:
        return pd.DataFrame({"id": pd.Series([], dtype=object)}), {}
    return TAG_MAPPERS[layer](frame.reset_index(drop=True), config)


def kind_from_name(names: pd.Series) -> pd.Series:
    """Return the road kind written as the first word of each name ("Ngách 3/5" → ``ngach``)."""
    first = names.map(lambda v: fold(v).split(" ")[0] if isinstance(v, str) and fold(v) else None)
    return first.map(NAME_KIND)
