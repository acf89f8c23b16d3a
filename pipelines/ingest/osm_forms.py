"""OpenStreetMap data saved as features: GeoJSON and GeoPackage in the forms people get them.

The same tags and ids as the Overpass form (:mod:`pipelines.ingest.osm_read`), so a
re-import in another form updates rather than duplicates:

* Overpass turbo GeoJSON: flat tags in ``properties``, ``@id`` = ``way/123``;
* osmtogeojson and similar: ``id`` = ``way/123`` on the feature, ``properties`` =
  ``{type, id, tags: {...}, meta, relations}``;
* ogr2ogr / QGIS (GeoJSON, GeoPackage, Shapefile): some tags promoted to columns
  (``highway``, ``name`` …), the others in an ``other_tags`` hstore string
  (``"surface"=>"asphalt","name:en"=>"Alley 5"``); ids in ``osm_id`` (a node for a point,
  a way for a line, a relation for an area unless ``osm_way_id`` names its way) or
  ``osm_id`` + ``osm_type`` (QuickOSM).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import shapely
import shapely.geometry

from pipelines.ingest.osm import LAYER_FILTERS
from pipelines.ingest.osm_read import osm_table
from pipelines.ingest.source import ReadOptions, SourceTable

_OSM_REF = re.compile(r"^(node|way|relation)/(\d+)$")
_HSTORE = re.compile(r'"((?:[^"\\]|\\.)*)"\s*=>\s*(?:"((?:[^"\\]|\\.)*)"|NULL)')
_UNESCAPE = re.compile(r"\\(.)")
# Properties that describe the element, not its tags.
META_KEYS = frozenset(
    {
        "@id",
        "@type",
        "@relations",
        "@timestamp",
        "@version",
        "@changeset",
        "@user",
        "@uid",
        "meta",
        "relations",
        "timestamp",
        "version",
        "changeset",
        "user",
        "uid",
        "osm_id",
        "osm_way_id",
        "osm_type",
        "other_tags",
        "z_order",
        "tags",
        "fid",
        "ogc_fid",
    }
)
_ELEMENTS = ("node", "way", "relation")


def parse_hstore(text: object) -> dict[str, str]:
    """Tags from an ogr2ogr ``other_tags`` string: ``"a"=>"b","c"=>"d"`` → ``{"a": "b", …}``."""
    if not isinstance(text, str):
        return {}
    return {
        _UNESCAPE.sub(r"\1", m.group(1)): _UNESCAPE.sub(r"\1", m.group(2))
        for m in _HSTORE.finditer(text)
        if m.group(2) is not None
    }


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def _whole(value: object) -> int | None:
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def osm_ref(props: Mapping[str, object], feature_id: object, geom_type: str) -> str | None:
    """The element's ``node/1`` · ``way/2`` · ``relation/3`` from whatever the form carries."""
    for candidate in (props.get("@id"), feature_id, props.get("id")):
        if isinstance(candidate, str) and _OSM_REF.match(candidate.strip()):
            return candidate.strip()
    kind = props.get("type") if props.get("type") in _ELEMENTS else props.get("osm_type")
    number = _whole(props.get("id")) if props.get("type") in _ELEMENTS else None
    if kind in _ELEMENTS and number is None:
        number = _whole(props.get("osm_id"))
    if kind in _ELEMENTS and number is not None:
        return f"{kind}/{number}"
    if not _blank(props.get("osm_way_id")) and _whole(props.get("osm_way_id")) is not None:
        return f"way/{_whole(props.get('osm_way_id'))}"
    number = _whole(props.get("osm_id")) if not _blank(props.get("osm_id")) else None
    if number is None:
        return None
    if geom_type in ("Point", "MultiPoint"):
        return f"node/{number}"
    if geom_type == "LineString":
        return f"way/{number}"
    return f"relation/{number}"


def osm_tags(props: Mapping[str, object]) -> dict[str, str]:
    """The element's tags: nested ``tags``, else the flat properties, plus ``other_tags``."""
    nested = props.get("tags")
    if isinstance(nested, str):
        try:
            nested = json.loads(nested)
        except json.JSONDecodeError:
            nested = None
    if isinstance(nested, dict):
        tags = {str(k): v for k, v in nested.items()}
    else:
        osmtogeojson = props.get("type") in _ELEMENTS and _whole(props.get("id")) is not None
        skip = META_KEYS | ({"type", "id"} if osmtogeojson else {"id"})
        tags = {str(k): v for k, v in props.items() if k not in skip}
    tags.update({k: v for k, v in parse_hstore(props.get("other_tags")).items() if k not in tags})
    return {k: _text(v) for k, v in tags.items() if not _blank(v)}


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def looks_osm(props_list: Iterable[Mapping[str, object]], ids: Iterable[object] = ()) -> bool:
    """Whether features carry OpenStreetMap elements (ids or tags of one of the known forms)."""
    for fid in ids:
        if isinstance(fid, str) and _OSM_REF.match(fid):
            return True
    for props in props_list:
        if not isinstance(props, Mapping):
            continue
        if "@id" in props or "other_tags" in props or "osm_id" in props or "osm_way_id" in props:
            return True
        if props.get("type") in _ELEMENTS and isinstance(props.get("tags"), dict | str):
            return True
        if isinstance(props.get("id"), str) and _OSM_REF.match(props["id"]):
            return True
    return False


def _geometry(value: object) -> object:
    if isinstance(value, shapely.Geometry):
        return value
    if isinstance(value, Mapping) and value.get("type"):
        try:
            return shapely.geometry.shape(value)
        except (ValueError, TypeError, AttributeError, shapely.errors.GEOSException):
            return None
    return None


def read_osm_features(
    rows: Sequence[tuple[object, Mapping[str, object], object]], fmt: str, options: ReadOptions
) -> SourceTable:
    """Read features ``(feature id, properties, geometry)`` of OpenStreetMap elements."""
    records: list[dict[str, object]] = []
    geoms: list[object] = []
    for feature_id, props, geometry in rows:
        geom = _geometry(geometry)
        geom_type = geom.geom_type if isinstance(geom, shapely.Geometry) else ""
        ref = osm_ref(props, feature_id, geom_type)
        tags = osm_tags(props)
        if not tags:
            continue
        tags["@id"] = ref
        records.append(tags)
        geoms.append(geom)
    return osm_table(records, geoms, fmt, options)


def geojson_rows(features: Sequence[object]) -> list[tuple[object, Mapping[str, object], object]]:
    """``(id, properties, geometry)`` of each GeoJSON feature."""
    return [
        (f.get("id"), f.get("properties") or {}, f.get("geometry"))
        for f in features
        if isinstance(f, dict)
    ]


def osm_frame(frame: pd.DataFrame, fmt: str, options: ReadOptions) -> SourceTable | None:
    """An ogr2ogr/QGIS export of OpenStreetMap (``osm_id``, ``other_tags``) read by its tags."""
    if options.layer not in LAYER_FILTERS or not looks_osm([dict.fromkeys(frame.columns)]):
        return None
    geometry = frame["geometry"] if "geometry" in frame.columns else [None] * len(frame)
    props = frame.drop(columns="geometry", errors="ignore").to_dict("records")
    return read_osm_features(
        list(zip([None] * len(frame), props, geometry, strict=False)), fmt, options
    )


OGR_OSM_LAYER = {
    "roads": "lines",
    "buildings": "multipolygons",
    "water_bodies": "multipolygons",
    "water_sources": "points",
    "premises": "points",
}


def flatten_tags(frame: pd.DataFrame) -> pd.DataFrame:
    """Spread a ``tags`` column of JSON objects (osmtogeojson output) into columns."""
    if "tags" not in frame.columns:
        return frame

    def parse(value: object) -> dict:
        if isinstance(value, dict):
            return value
        try:
            parsed = json.loads(value) if isinstance(value, str) else {}
        except json.JSONDecodeError:
            return {}
        return parsed if isinstance(parsed, dict) else {}

    tags = pd.DataFrame([parse(v) for v in frame["tags"]], index=frame.index)
    rest = frame.drop(columns="tags")
    return pd.concat([rest, tags[[c for c in tags.columns if c not in rest.columns]]], axis=1)


def looks_osm_frame(frame: pd.DataFrame, generator: str = "") -> bool:
    if "@id" in frame.columns or "osm_id" in frame.columns:
        return True
    if "overpass" in generator.lower() or "osmtogeojson" in generator.lower():
        return True
    if "id" in frame.columns and len(frame):
        sample = frame["id"].dropna().astype("str").head(20)
        return bool(len(sample)) and bool(sample.str.match(r"^(node|way|relation)/\d+$").all())
    return False
