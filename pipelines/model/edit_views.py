"""What the editing page shows and reads: feature lists, form values, conflicts side by side.

Pure functions for ``dashboard/app_pages/edit.py`` (through ``dashboard/cache``): labels
from the schema, numbers and dates through the one formatter, numbers typed the way they
are written (``3,5``), drawn GeoJSON turned into the layer's geometry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import shape

from pipelines.model.edit import form_fields
from pipelines.model.errors import Problem
from pipelines.model.schema import Field, get_layer
from pipelines.model.versions import GEOMETRY, FeatureConflict
from pipelines.text.formats import (
    NumberFormatError,
    format_date,
    format_number,
    parse_number,
    yes_no,
)
from pipelines.text.labels import EDIT_LABELS, pick, pick_table

# Which drawing Leaflet.draw returns for each geometry kind of the schema.
_DRAWN_TYPES = {"Point": "Point", "LineString": "LineString", "Polygon": "Polygon"}
_NAME_FIELDS = ("name", "address", "kind")


def feature_options(frame: gpd.GeoDataFrame, layer: str, lang: str = "vi") -> dict[str, str]:
    """Each feature's id → "id — name" (or address, or kind), sorted by id, for a list."""
    schema = get_layer(layer)
    label_field = next((n for n in _NAME_FIELDS if schema.has_field(n)), None)
    out = {}
    for _, row in frame.sort_values("id").iterrows():
        text = ""
        if label_field is not None and not _missing(row[label_field]):
            text = value_text(layer, label_field, row[label_field], lang)
        out[str(row["id"])] = f"{row['id']} — {text}" if text else str(row["id"])
    return out


def _missing(value: Any) -> bool:
    if value is None or isinstance(value, shapely.Geometry):
        return value is None
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def geometry_text(geom: Any, lang: str = "vi") -> str:
    """A geometry in words: a point's latitude and longitude, else its kind and vertices."""
    if geom is None or shapely.is_missing(geom) or geom.is_empty:
        return "–"
    if geom.geom_type == "Point":
        lat = format_number(geom.y, lang, decimals=6, grouping=False)
        lon = format_number(geom.x, lang, decimals=6, grouping=False)
        return f"{lat}; {lon}"
    n = format_number(shapely.get_num_coordinates(geom), lang)
    words = pick_table(EDIT_LABELS, lang)
    kind = words["line"] if geom.geom_type == "LineString" else words["area"]
    return f"{kind}, {n} {words['vertices']}"


def value_text(layer: str, name: str, value: Any, lang: str = "vi") -> str:
    """One value as the page shows it (enum label, formatted number or date), as text."""
    if name == GEOMETRY:
        return geometry_text(value, lang)
    if _missing(value):
        return "–"
    f = get_layer(layer).field(name)
    if f.kind == "enum" and f.enum is not None:
        return f.enum.label(str(value), lang)
    if f.kind == "bool":
        return yes_no(bool(value), lang)
    if f.kind == "date":
        return format_date(pd.Timestamp(value), lang)
    if f.kind in ("int", "float"):
        decimals = 0 if f.kind == "int" or float(value).is_integer() else 2
        return format_number(float(value), lang, decimals=decimals) + (
            f" {f.unit}" if f.unit else ""
        )
    return str(value)


def field_label(layer: str, name: str, lang: str = "vi") -> str:
    if name == GEOMETRY:
        return pick(EDIT_LABELS["geometry"], lang)
    return get_layer(layer).field(name).label(lang)


def problem_text(layer: str, problem: Problem, lang: str = "vi") -> tuple[str, str]:
    """Where a problem of an edit is (the field's label, prefixed by the layer and feature
    when it is another layer's, as a removal that breaks a reference) and why."""
    try:
        where = field_label(problem.layer, problem.field, lang)
    except (KeyError, ValueError):
        where = problem.field
    if problem.layer != layer:
        try:
            other = get_layer(problem.layer).label(lang)
        except ValueError:
            other = problem.layer
        where = f"{other} {problem.feature_id} — {where}"
    return where, problem.reason(lang)


def conflict_table(conflict: FeatureConflict, lang: str = "vi") -> pd.DataFrame:
    """The fields that differ, the stored value and the editor's side by side (as text)."""
    theirs, mine = conflict.theirs or {}, conflict.mine or {}
    words = pick_table(EDIT_LABELS, lang)
    gone = words["deleted"]
    heads = (words["field"], words["theirs"], words["mine"])
    rows = [
        (
            field_label(conflict.layer, n, lang),
            value_text(conflict.layer, n, theirs.get(n), lang) if conflict.theirs else gone,
            value_text(conflict.layer, n, mine.get(n), lang) if conflict.mine else gone,
        )
        for n in conflict.fields
    ]
    return pd.DataFrame(rows, columns=list(heads))


def _form_value(f: Field, raw: Any, lang: str) -> Any:
    if isinstance(raw, str):
        raw = raw.strip() or None
    if raw is None:
        return None
    if f.kind in ("int", "float") and isinstance(raw, str):
        return parse_number(raw, name=f.label(lang), lang=lang)
    if f.kind == "date" and isinstance(raw, dt.date):
        return pd.Timestamp(raw)
    return raw


def form_values(
    layer: str, raw: Mapping[str, Any], lang: str = "vi"
) -> tuple[dict[str, Any], list[Problem]]:
    """Read a form's values (numbers typed as text, ``3,5`` or ``3.5``); return them and a
    problem per value that is not a number."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for f in form_fields(layer):
        if f.name not in raw:
            continue
        try:
            values[f.name] = _form_value(f, raw[f.name], lang)
        except NumberFormatError as exc:
            problems.append(
                Problem(layer, "", f.name, str(raw[f.name]), exc.message("vi"), exc.message("en"))
            )
    return values, problems


def drawn_geometry(drawing: Mapping[str, Any] | None, layer: str) -> shapely.Geometry | None:
    """The geometry of a Leaflet.draw feature when it is the layer's kind (else ``None``)."""
    if not drawing or not isinstance(drawing.get("geometry"), Mapping):
        return None
    kind = get_layer(layer).geometry
    geom = shape(drawing["geometry"])
    return geom if kind is not None and geom.geom_type == _DRAWN_TYPES[kind] else None


def clicked_point(clicked: Mapping[str, Any] | None) -> shapely.Geometry | None:
    """The point a map click names (``{"lat": …, "lng": …}``), or ``None``."""
    if not clicked or clicked.get("lat") is None or clicked.get("lng") is None:
        return None
    return shapely.Point(float(clicked["lng"]), float(clicked["lat"]))


def typed_point(lat: str, lon: str, lang: str = "vi") -> shapely.Geometry | None:
    """A point from typed latitude and longitude (``21,27`` or ``21.27``); ``None`` if blank.

    Raises ``NumberFormatError`` for text that is not a number.
    """
    if not lat.strip() and not lon.strip():
        return None
    y = parse_number(lat, name=pick(EDIT_LABELS["latitude"], lang), lang=lang)
    x = parse_number(lon, name=pick(EDIT_LABELS["longitude"], lang), lang=lang)
    return shapely.Point(x, y)
