"""Parse KML (Google Earth, Google My Maps): placemarks, their folders, attributes and geometry.

Attributes come from ``<name>``, the placemark id, ``ExtendedData`` (``Data`` and
``SimpleData``) and, when a description holds an HTML table of field/value pairs (as My Maps
and QGIS write), from that table. :func:`pipelines.ingest.formats.read_kml` turns the rows
into a :class:`pipelines.ingest.source.SourceTable`.
"""

from __future__ import annotations

import html
import re
from xml.etree import ElementTree as ET

import shapely

from pipelines.model.errors import InputFileError

Placemark = tuple[str, dict[str, object], shapely.Geometry | None]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in element if _local(c.tag) == name]


def _coords(element: ET.Element | None) -> list[tuple[float, float]]:
    if element is None or not element.text:
        return []
    out = []
    for chunk in element.text.split():
        parts = chunk.split(",")
        if len(parts) >= 2:
            out.append((float(parts[0]), float(parts[1])))
    return out


def _find(element: ET.Element, name: str) -> ET.Element | None:
    return next((e for e in element.iter() if _local(e.tag) == name), None)


def _kml_geometry(element: ET.Element) -> shapely.Geometry | None:
    kind = _local(element.tag)
    if kind == "Point":
        pts = _coords(_find(element, "coordinates"))
        return shapely.Point(pts[0]) if pts else None
    if kind == "LineString":
        pts = _coords(_find(element, "coordinates"))
        return shapely.LineString(pts) if len(pts) >= 2 else None
    if kind == "LinearRing":
        pts = _coords(_find(element, "coordinates"))
        return shapely.Polygon(pts) if len(pts) >= 3 else None
    if kind == "Polygon":
        outer = [_coords(_find(b, "coordinates")) for b in _children(element, "outerBoundaryIs")]
        inner = [_coords(_find(b, "coordinates")) for b in _children(element, "innerBoundaryIs")]
        if not outer or len(outer[0]) < 3:
            return None
        return shapely.Polygon(outer[0], [r for r in inner if len(r) >= 3])
    if kind == "MultiGeometry":
        parts = [g for g in (_kml_geometry(c) for c in element) if g is not None]
        if not parts:
            return None
        kinds = {p.geom_type for p in parts}
        if kinds == {"Polygon"}:
            return shapely.MultiPolygon(parts)
        if kinds == {"LineString"}:
            return shapely.MultiLineString(parts)
        if kinds == {"Point"}:
            return shapely.MultiPoint(parts)
        return shapely.GeometryCollection(parts)
    return None


_GEOMETRY_TAGS = {"Point", "LineString", "LinearRing", "Polygon", "MultiGeometry"}
_HTML_PAIR = re.compile(
    r"<t[dh][^>]*>\s*(?P<k>[^<]{1,80}?)\s*</t[dh]>\s*<td[^>]*>\s*(?P<v>[^<]*?)\s*</td>", re.I
)


def _kml_rows(root: ET.Element) -> list[Placemark]:
    rows: list[Placemark] = []

    def walk(element: ET.Element, folder: str) -> None:
        for child in element:
            kind = _local(child.tag)
            if kind in ("Folder", "Document"):
                name = _find_text(child, "name")
                walk(child, f"{folder}/{name}".strip("/") if kind == "Folder" and name else folder)
            elif kind == "Placemark":
                rows.append((folder, _placemark_attributes(child), _placemark_geometry(child)))

    walk(root, "")
    return rows


def _find_text(element: ET.Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _placemark_attributes(placemark: ET.Element) -> dict[str, object]:
    attrs: dict[str, object] = {}
    pid = placemark.get("id")
    if pid:
        attrs["id"] = pid
    name = _find_text(placemark, "name")
    if name:
        attrs["name"] = name
    description = _find_text(placemark, "description")
    for ext in _children(placemark, "ExtendedData"):
        for data in ext.iter():
            tag = _local(data.tag)
            if tag == "Data" and data.get("name"):
                value = next((c.text for c in data if _local(c.tag) == "value"), None)
                attrs[data.get("name")] = (value or "").strip()  # type: ignore[index]
            elif tag == "SimpleData" and data.get("name"):
                attrs[data.get("name")] = (data.text or "").strip()  # type: ignore[index]
    if description:
        pairs = {
            html.unescape(k).strip(): html.unescape(v).strip()
            for k, v in _HTML_PAIR.findall(description)
        }
        if pairs and len(attrs) <= 2:
            for k, v in pairs.items():
                attrs.setdefault(k, v)
        else:
            plain = html.unescape(re.sub(r"<[^>]+>", " ", description))
            attrs.setdefault("description", re.sub(r"\s+", " ", plain).strip())
    return attrs


def _placemark_geometry(placemark: ET.Element) -> shapely.Geometry | None:
    for child in placemark:
        if _local(child.tag) in _GEOMETRY_TAGS:
            return _kml_geometry(child)
    return None


def placemarks(data: bytes, name: str) -> list[Placemark]:
    """Return ``(folder, attributes, geometry)`` of every placemark of a KML document.

    ``folder`` is the path of nested folder names ("" outside any folder); geometry is in
    the KML's longitude, latitude order (WGS 84), ``None`` when missing or unreadable.

    Raises
    ------
    InputFileError
        The document is not well-formed XML.
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputFileError(
            f"Tệp KML {name} bị lỗi: {exc}", f"KML {name} is malformed: {exc}"
        ) from None
    return _kml_rows(root)
