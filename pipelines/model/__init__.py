"""The data model and the ward store: layers and fields, settings, validation, errors."""

from pipelines.model.errors import (
    ConfigError,
    InputFileError,
    PcccError,
    StoreError,
    ValidationError,
)
from pipelines.model.schema import LAYER_NAMES, STORAGE_CRS, get_layer
from pipelines.model.store import Ward, open_ward, read_layer, write_layers

__all__ = [
    "LAYER_NAMES",
    "STORAGE_CRS",
    "ConfigError",
    "InputFileError",
    "PcccError",
    "StoreError",
    "ValidationError",
    "Ward",
    "get_layer",
    "open_ward",
    "read_layer",
    "write_layers",
]
