"""The ward's layers out as files: GeoJSON, GeoPackage, KML, CSV and XLSX."""

from pipelines.export.layers import EXPORT_FORMATS, export_layer, export_ward_layer

__all__ = ["EXPORT_FORMATS", "export_layer", "export_ward_layer"]
