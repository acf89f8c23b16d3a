"""What the browser draws: ward layers as escaped GeoJSON, their styles and filters."""

from pipelines.maps.layers import MapFilter, MapLayer, PreparedLayer, prepare_layers, select_layers

__all__ = ["MapFilter", "MapLayer", "PreparedLayer", "prepare_layers", "select_layers"]
