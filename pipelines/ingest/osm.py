"""OpenStreetMap tags → the fields of a ward layer, whatever file the tags came in.

The readers (:mod:`pipelines.ingest.osm_read` for .osm XML, .osm.pbf and Overpass JSON,
:mod:`pipelines.ingest.osm_forms` for GeoJSON and GeoPackage exports) hand on one frame of
tags with ``@id`` = ``way/123``; only elements relevant to the target layer are rows of
the import (:data:`LAYER_FILTERS`): roads are ``highway=*`` ways, buildings ``building=*``
areas, water bodies ``natural=water`` / ``water=*`` / ``landuse=reservoir|basin`` areas,
water sources ``emergency=fire_hydrant|water_tank|suction_point|fire_water_pond`` (and the
old ``amenity=fire_hydrant``), premises the points of interest of ``[ingest]
osm_poi_category``. :func:`osm_to_layer` turns the tags of those rows into the layer's
fields:

* roads — width from ``width``, else ``lanes`` × the configured lane width, else the
  configured default of the ``highway`` class (``[ingest] osm_highway_width_m``: a
  ``*_link`` takes its main class, ``service=alley|driveway|parking_aisle`` its own, any
  other value ``other``); the note says which. Kind from the first word of the name as
  people write it (:func:`kind_from_name`), else from the class; clearance from
  ``maxheight``.
* water sources — kind from ``emergency`` (and ``water_source``), flow and capacity with
  units, ``fire_hydrant:*`` tags kept in the note, status from ``disused:*`` /
  ``operational_status`` else the configured default (OSM has no status).
* buildings — levels from ``building:levels``, use from the ``building`` value.
* water bodies — kind from ``water`` (or ``landuse``/``waterway``).
* premises — category from the tag table, origin "từ OSM — cần xác minh", name from
  ``name``/``name:vi`` (else the category and address), address from ``addr:*``.

Feature ids are ``osm-node-…``, ``osm-way-…``, ``osm-relation-…`` so a fresh extract
updates the features of the previous one, in whichever form it comes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from pipelines.ingest.coordinates import parse_numbers
from pipelines.ingest.headers import fold
from pipelines.model.errors import InputFileError
from pipelines.model.schema import PREMISES_CATEGORY
from pipelines.model.settings import IngestSection

OSM_ID = "@id"

# Values of ``highway`` that are not roads a vehicle or a person uses.
EXCLUDED_HIGHWAYS = frozenset(
    {
        "platform",
        "bus_stop",
        "elevator",
        "corridor",
        "raceway",
        "street_lamp",
        "traffic_signals",
        "crossing",
        "turning_circle",
        "turning_loop",
        "motorway_junction",
        "give_way",
        "stop",
        "speed_camera",
        "milestone",
        "emergency_access_point",
        "rest_area",
        "services",
    }
)
# Ways not (or no longer) built: skipped with one summary note (``highway=*`` or a
# ``construction=*`` / lifecycle prefix on the way).
LIFECYCLE_HIGHWAYS = frozenset({"proposed", "construction", "abandoned", "razed", "disused"})
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
    "cycleway": "ngo",
    "bridleway": "ngo",
}
# The first word of a road's name as people write it (folded: lower case, no diacritics)
# → road kind: full words, abbreviations and the typos met in real lists and maps.
NAME_KIND = {
    "ngo": "ngo",
    "ngho": "ngo",
    "ngoo": "ngo",
    "ngox": "ngo",
    "ng": "ngo",
    "n": "ngo",
    "ngach": "ngach",
    "nghach": "ngach",
    "ngac": "ngach",
    "ngachh": "ngach",
    "ngacch": "ngach",
    "ngch": "ngach",
    "hem": "hem",
    "hemm": "hem",
    "h": "hem",
    "kiet": "kiet",
    "kiiet": "kiet",
    "k": "kiet",
    "pho": "pho",
    "p": "pho",
    "duong": "duong",
    "d": "duong",
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


def _is_road(frame: pd.DataFrame, ingest: IngestSection) -> pd.Series:
    hw = _tag(frame, "highway")
    return hw.notna() & ~hw.isin(EXCLUDED_HIGHWAYS) & ~is_lifecycle(frame)


def is_lifecycle(frame: pd.DataFrame) -> pd.Series:
    """Ways that are not (or no longer) built: ``highway=construction|proposed|…``."""
    return _tag(frame, "highway").isin(LIFECYCLE_HIGHWAYS)


def _is_building(frame: pd.DataFrame, ingest: IngestSection) -> pd.Series:
    b = _tag(frame, "building")
    return b.notna() & b.ne("no")


def _is_water_body(frame: pd.DataFrame, ingest: IngestSection) -> pd.Series:
    return (
        _tag(frame, "natural").eq("water")
        | _has(frame, "water")
        | _tag(frame, "landuse").isin(["reservoir", "basin"])
        | _tag(frame, "waterway").eq("riverbank")
    )


def _is_water_source(frame: pd.DataFrame, ingest: IngestSection) -> pd.Series:
    return (
        _tag(frame, "emergency").isin(list(WATER_SOURCE_EMERGENCY))
        | _tag(frame, "amenity").eq("fire_hydrant")
        | _tag(frame, "disused:emergency").eq("fire_hydrant")
    )


def poi_category(frame: pd.DataFrame, ingest: IngestSection) -> pd.Series:
    """The premises category of each element by ``[ingest] osm_poi_category`` (else NA).

    The first ``key=value`` of the table that an element carries decides.
    """
    out = pd.Series(None, index=frame.index, dtype=object)
    for tag_value, category in ingest.osm_poi_category.items():
        key, _, value = tag_value.partition("=")
        hit = out.isna() & _tag(frame, key).eq(value)
        out[hit] = category
    return out


POI_KEYS = ("amenity", "shop", "tourism", "leisure", "healthcare", "office", "craft")


def poi_kinds(frame: pd.DataFrame) -> pd.Series:
    """``key=value`` of the first point-of-interest tag of each element (else NA)."""
    out = pd.Series(None, index=frame.index, dtype=object)
    for key in POI_KEYS:
        values = _tag(frame, key)
        out = out.fillna((key + "=" + values.astype("str")).where(values.notna()))
    return out


def _is_premises(frame: pd.DataFrame, ingest: IngestSection) -> pd.Series:
    return poi_category(frame, ingest).notna()


def _is_admin_boundary(frame: pd.DataFrame, ingest: IngestSection) -> pd.Series:
    return _tag(frame, "boundary").eq("administrative")


@dataclass(frozen=True)
class LayerFilter:
    """Which OSM elements are rows of a layer, and which geometry they take.

    ``element``: ``"way"`` (lines), ``"area"`` (polygons), ``"any"`` (as drawn) or
    ``"point"`` (a point, a way or an area taken at its centre).
    """

    select: Callable[[pd.DataFrame, IngestSection], pd.Series]
    element: str


LAYER_FILTERS: dict[str, LayerFilter] = {
    "roads": LayerFilter(_is_road, "way"),
    "buildings": LayerFilter(_is_building, "area"),
    "water_bodies": LayerFilter(_is_water_body, "area"),
    "water_sources": LayerFilter(_is_water_source, "any"),
    "premises": LayerFilter(_is_premises, "point"),
    "ward_boundary": LayerFilter(_is_admin_boundary, "area"),
}


def require_layer(layer: str) -> LayerFilter:
    try:
        return LAYER_FILTERS[layer]
    except KeyError:
        raise InputFileError(
            f"Dữ liệu OpenStreetMap chỉ nhập được vào các lớp: {', '.join(LAYER_FILTERS)} "
            f"(đã chọn '{layer}')",
            f"OpenStreetMap data imports into {', '.join(LAYER_FILTERS)}, got '{layer}' instead",
        ) from None


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


def _class_widths(
    highway: pd.Series, service: pd.Series, ingest: IngestSection
) -> tuple[pd.Series, pd.Series]:
    """Default width of each way by its class (and ``service=*``), and the note saying how."""
    table = {k: float(v) for k, v in ingest.osm_highway_width_m.items()}
    main = highway.astype("str").str.removesuffix("_link").where(highway.notna())
    service_key = ("service=" + service.astype("str")).where(highway.eq("service"))
    by_service = service_key.map(table)
    by_class = highway.map(table)
    by_main = main.map(table)
    width = by_service.fillna(by_class).fillna(by_main)
    other = highway.notna() & width.isna()
    width = width.where(~other, table.get("other", 3.0))
    text = highway.astype("str")
    how = pd.Series(None, index=highway.index, dtype=object)
    for mask, note in (
        (
            other,
            "loại đường highway=" + text + " chưa có trong bảng: dùng bề rộng mặc định 'other'",
        ),
        (by_main.notna(), "bề rộng ước tính theo loại đường chính highway=" + main.astype("str")),
        (by_class.notna(), "bề rộng ước tính theo loại đường highway=" + text),
        (by_service.notna(), "bề rộng ước tính theo highway=service, " + service_key.astype("str")),
    ):
        how[mask] = note[mask]
    return width.astype("float64"), how


def _roads(frame: pd.DataFrame, config: IngestSection) -> tuple[pd.DataFrame, dict[str, str]]:
    highway = _tag(frame, "highway")
    name = _name(frame)
    kind = kind_from_name(name).fillna(highway.map(HIGHWAY_KIND)).fillna("duong")
    width_tag, width_bad = parse_numbers(_tag(frame, "width"))
    width_tag = width_tag.where(width_tag > 0)
    lanes, _ = parse_numbers(_tag(frame, "lanes"))
    by_lanes = (lanes * config.lane_width_m).where(lanes > 0)
    by_class, class_how = _class_widths(highway, _tag(frame, "service"), config)
    width = width_tag.fillna(by_lanes).fillna(by_class)
    how = class_how.copy()
    how[by_lanes.notna()] = (
        "bề rộng ước tính theo số làn lanes=" + _tag(frame, "lanes").astype("str")
    )[by_lanes.notna()]
    how[width_tag.notna()] = None
    unreadable = width_bad & width_tag.isna()
    if unreadable.any():
        written = _tag(frame, "width").astype(object).astype("str")
        reason = ("không đọc được width=" + written + "; ").astype(object)
        how[unreadable] = reason[unreadable] + how[unreadable].fillna("").astype(object)
    out = pd.DataFrame(
        {
            "id": osm_ids(frame),
            "name": name,
            "kind": kind,
            "width_m": width,
            "clearance_m": _number(frame, "maxheight"),
            "note": _join_notes([how, _tagged(frame, ["highway", "service", "surface", "oneway"])]),
        }
    )
    return out, {
        "@id": "id",
        "name": "name",
        "highway / name": "kind",
        "width / lanes / highway / service": "width_m",
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


def _address(frame: pd.DataFrame) -> pd.Series:
    full = _tag(frame, "addr:full")
    parts = [_tag(frame, k) for k in ("addr:housenumber", "addr:street", "addr:subdistrict")]
    joined = parts[0].fillna("").astype("str")
    for part in parts[1:]:
        text = part.fillna("").astype("str")
        joined = joined.where(text.eq(""), (joined + " " + text).str.strip())
    joined = joined.str.strip().str.strip(",").str.strip()
    return full.fillna(joined.where(joined.ne("")))


def _premises(frame: pd.DataFrame, config: IngestSection) -> tuple[pd.DataFrame, dict[str, str]]:
    category = poi_category(frame, config)
    labels = category.map(PREMISES_CATEGORY.labels("vi"))
    address = _address(frame)
    unnamed = labels + (" — " + address.fillna("").astype("str")).where(address.notna(), "")
    levels = _number(frame, "building:levels")
    out = pd.DataFrame(
        {
            "id": osm_ids(frame),
            "name": _name(frame).fillna(unnamed),
            "category": category,
            "address": address,
            "floors": levels.where(levels.isna() | (levels == levels.round())),
            "origin": "osm",
            "location_source": "coordinates",
            "note": _join_notes(
                [
                    poi_kinds(frame),
                    pd.Series("từ OpenStreetMap, cần xác minh", index=frame.index, dtype=object),
                    _tagged(frame, ["opening_hours", "operator"]),
                ]
            ),
        }
    )
    return out, {
        "@id": "id",
        "name / name:vi": "name",
        "amenity / shop / tourism": "category",
        "addr:*": "address",
        "building:levels": "floors",
    }


def _ward_boundary(
    frame: pd.DataFrame, config: IngestSection
) -> tuple[pd.DataFrame, dict[str, str]]:
    out = pd.DataFrame(
        {
            "id": osm_ids(frame),
            "name": _tag(frame, "name:vi").fillna(_name(frame)),
            "note": _tagged(frame, ["admin_level", "ref"]),
        }
    )
    return out, {"@id": "id", "name:vi / name": "name", "admin_level": "note"}


TAG_MAPPERS: dict[
    str, Callable[[pd.DataFrame, IngestSection], tuple[pd.DataFrame, dict[str, str]]]
] = {
    "roads": _roads,
    "water_sources": _water_sources,
    "buildings": _buildings,
    "water_bodies": _water_bodies,
    "premises": _premises,
    "ward_boundary": _ward_boundary,
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
    require_layer(layer)
    if frame.empty:
        return pd.DataFrame({"id": pd.Series([], dtype=object)}), {}
    return TAG_MAPPERS[layer](frame.reset_index(drop=True), config)


_KIND_WORD = re.compile(r"^([a-z]+?)(?=\d|$)")


def _kind_of(name: object) -> str | None:
    if not isinstance(name, str):
        return None
    words = fold(name).split(" ")
    if not words or not words[0]:
        return None
    first = words[0]
    if first in NAME_KIND:
        # a lone letter ("N.", "H.", "K.", "P.", "Đ.") is an abbreviation only before more words
        if len(first) == 1 and len(words) < 2:
            return None
        return NAME_KIND[first]
    glued = _KIND_WORD.match(first)  # "Ngõ5", "ngach3"
    if glued and glued.group(1) in NAME_KIND and len(glued.group(1)) > 1:
        return NAME_KIND[glued.group(1)]
    return None


def kind_from_name(names: pd.Series) -> pd.Series:
    """Return the road kind written as the first word of each name ("Ngách 3/5" → ``ngach``).

    Accepts the words with or without diacritics and in any case ("NGÕ", "ngo 5"), the
    abbreviations ("Ng.", "N.", "H.", "K.", "P.", "Đ."), the typos met in real lists ("Ngỏ",
    "Nghõ", "Ngach", "Nghách") and a number glued to the word ("Ngõ5"). Names starting with
    anything else give NA.
    """
    return names.map(_kind_of).astype(object)
