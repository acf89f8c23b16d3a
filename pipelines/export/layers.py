"""Export a ward layer as GeoJSON, GeoPackage, KML, CSV or XLSX.

GeoJSON and GeoPackage keep field names and codes (for GIS tools and re-import); KML keeps
them too, with the Vietnamese label as each value's display name (Google Earth, My Maps);
CSV and XLSX are for people: Vietnamese headers, Vietnamese enum labels, Có/Không,
dates as dd/mm/yyyy, points as "Vĩ độ"/"Kinh độ" columns and other shapes as WKT. Every
export imports back through :mod:`pipelines.ingest` (the headers are the schema's labels).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from pipelines.model.files import atomic_write
from pipelines.model.schema import Layer, get_layer
from pipelines.model.store import read_layer
from pipelines.model.tables import Sheet, csv_bytes, xlsx_bytes
from pipelines.model.territory import GROUPED_POINT_LAYERS, with_residential_groups
from pipelines.text.formats import yes_no
from pipelines.text.labels import GEOMETRY_COLUMNS, pick_table

KML_NS = "http://www.opengis.net/kml/2.2"


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its file suffix, MIME type and labels."""

    suffix: str
    mime: str
    vi: str
    en: str


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "geojson": ExportFormat(".geojson", "application/geo+json", "GeoJSON", "GeoJSON"),
    "gpkg": ExportFormat(".gpkg", "application/geopackage+sqlite3", "GeoPackage", "GeoPackage"),
    "kml": ExportFormat(
        ".kml", "application/vnd.google-earth.kml+xml", "KML (Google Earth)", "KML (Google Earth)"
    ),
    "csv": ExportFormat(".csv", "text/csv", "CSV (tiêu đề tiếng Việt)", "CSV (Vietnamese headers)"),
    "xlsx": ExportFormat(
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel XLSX (tiêu đề tiếng Việt)",
        "Excel XLSX (Vietnamese headers)",
    ),
}


def check_format(fmt: str) -> ExportFormat:
    """Return the :class:`ExportFormat` called ``fmt``; raise ``ValueError`` for others."""
    try:
        return EXPORT_FORMATS[fmt]
    except KeyError:
        raise ValueError(
            f"'format' should be one of {', '.join(EXPORT_FORMATS)}, got '{fmt}' instead"
        ) from None


def export_file_name(layer: str, fmt: str) -> str:
    """Return a file name for an export ("premises.xlsx")."""
    return f"{get_layer(layer).name}{check_format(fmt).suffix}"


def people_table(frame: gpd.GeoDataFrame, layer_name: str, lang: str = "vi") -> pd.DataFrame:
    """Return a layer as people read it: labelled headers, enum labels, yes/no, coordinates.

    Dates stay dates (the writer formats them); points give latitude/longitude columns,
    lines and polygons a WKT column.
    """
    layer = get_layer(layer_name)
    out = pd.DataFrame(index=frame.index)
    for f in layer.fields:
        col = frame[f.name]
        if f.kind == "enum" and f.enum is not None:
            col = col.map(f.enum.labels(lang)).where(col.notna())
        elif f.kind == "bool":
            col = col.map({True: yes_no(True, lang), False: yes_no(False, lang)}).where(col.notna())
        out[f.label(lang)] = col.astype(object).where(col.notna(), None)
    if layer.geometry is not None:
        geoms = frame.geometry.to_numpy()
        header = pick_table(GEOMETRY_COLUMNS, lang)
        if layer.geometry == "Point":
            out[header["lat"]] = shapely.get_y(geoms)
            out[header["lon"]] = shapely.get_x(geoms)
        else:
            out[header["wkt"]] = shapely.to_wkt(geoms, rounding_precision=7)
    return out.reset_index(drop=True)


def _for_ogr(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = frame.copy()
    for column in out.columns:
        if column != out.geometry.name and (
            str(out[column].dtype) in ("string", "str") or pd.api.types.is_string_dtype(out[column])
        ):
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def _ogr_bytes(frame: gpd.GeoDataFrame, layer: Layer, driver: str, suffix: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{layer.name}{suffix}"
        data = _for_ogr(frame)
        if layer.geometry is None:
            table = pd.DataFrame(data.drop(columns=data.geometry.name))
            if driver == "GeoJSON":
                data = gpd.GeoDataFrame(table, geometry=[None] * len(table), crs=frame.crs)
                pyogrio.write_dataframe(data, path, driver=driver, layer=layer.name)
            else:
                pyogrio.write_dataframe(table, path, driver=driver, layer=layer.name)
        else:
            geometry_type = "MultiPolygon" if layer.geometry == "Polygon" else layer.geometry
            pyogrio.write_dataframe(
                data,
                path,
                driver=driver,
                layer=layer.name,
                geometry_type=geometry_type,
                promote_to_multi=layer.geometry == "Polygon",
            )
        return path.read_bytes()


def _kml_value(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _kml_coords(coords: np.ndarray) -> str:
    return " ".join(f"{x:.7f},{y:.7f}" for x, y in coords[:, :2])


def _kml_geometry(parent: ET.Element, geom: shapely.Geometry) -> None:
    kind = geom.geom_type
    if kind == "Point":
        ET.SubElement(ET.SubElement(parent, "Point"), "coordinates").text = _kml_coords(
            shapely.get_coordinates(geom)
        )
    elif kind == "LineString":
        ET.SubElement(ET.SubElement(parent, "LineString"), "coordinates").text = _kml_coords(
            shapely.get_coordinates(geom)
        )
    elif kind == "Polygon":
        poly = ET.SubElement(parent, "Polygon")
        outer = ET.SubElement(ET.SubElement(poly, "outerBoundaryIs"), "LinearRing")
        ET.SubElement(outer, "coordinates").text = _kml_coords(
            shapely.get_coordinates(geom.exterior)
        )
        for ring in geom.interiors:
            inner = ET.SubElement(ET.SubElement(poly, "innerBoundaryIs"), "LinearRing")
            ET.SubElement(inner, "coordinates").text = _kml_coords(shapely.get_coordinates(ring))
    else:
        multi = ET.SubElement(parent, "MultiGeometry")
        for part in shapely.get_parts(geom):
            _kml_geometry(multi, part)


def _kml_bytes(frame: gpd.GeoDataFrame, layer: Layer) -> bytes:
    root = ET.Element("kml", xmlns=KML_NS)
    doc = ET.SubElement(root, "Document")
    ET.SubElement(doc, "name").text = layer.vi
    for _, row in frame.iterrows():
        placemark = ET.SubElement(doc, "Placemark", id=_kml_value(row["id"]))
        title = row["name"] if "name" in frame.columns and pd.notna(row["name"]) else row["id"]
        ET.SubElement(placemark, "name").text = _kml_value(title)
        extended = ET.SubElement(placemark, "ExtendedData")
        for f in layer.fields:
            data = ET.SubElement(extended, "Data", name=f.name)
            ET.SubElement(data, "displayName").text = f.label("vi")
            ET.SubElement(data, "value").text = _kml_value(row[f.name])
        geom = row.geometry
        if geom is not None and not geom.is_empty:
            _kml_geometry(placemark, geom)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _sheet(frame: gpd.GeoDataFrame, layer: Layer) -> Sheet:
    """The layer as people read it, every number written exactly as stored."""
    table = people_table(frame, layer.name)
    return Sheet(table, name=layer.vi, decimals=dict.fromkeys(table.columns))


def _csv_bytes(frame: gpd.GeoDataFrame, layer: Layer) -> bytes:
    return csv_bytes(_sheet(frame, layer))


def _xlsx_bytes(frame: gpd.GeoDataFrame, layer: Layer) -> bytes:
    return xlsx_bytes(_sheet(frame, layer))


_WRITERS = {
    "geojson": lambda frame, layer: _ogr_bytes(frame, layer, "GeoJSON", ".geojson"),
    "gpkg": lambda frame, layer: _ogr_bytes(frame, layer, "GPKG", ".gpkg"),
    "kml": _kml_bytes,
    "csv": _csv_bytes,
    "xlsx": _xlsx_bytes,
}


def export_layer(frame: gpd.GeoDataFrame, layer: str, fmt: str) -> bytes:
    """Return the bytes of ``frame`` (a conformed layer, EPSG:4326) written as ``fmt``.

    Parameters
    ----------
    frame
        A layer frame as :func:`pipelines.model.store.read_layer` returns it.
    layer
        Its layer name.
    fmt
        {"geojson", "gpkg", "kml", "csv", "xlsx"}
    """
    check_format(fmt)
    return _WRITERS[fmt](frame, get_layer(layer))


def export_ward_layer(ward_dir: str | Path, layer: str, fmt: str, out: str | Path) -> Path:
    """Write one layer of a ward to ``out`` as ``fmt``; return the path written."""
    check_format(fmt)
    frame = read_layer(ward_dir, layer)
    if layer in GROUPED_POINT_LAYERS:  # the tổ dân phố the map shows: the polygon's
        groups = read_layer(ward_dir, "residential_groups")
        frame = with_residential_groups({layer: frame, "residential_groups": groups})[layer]
    return atomic_write(out, export_layer(frame, layer, fmt))
