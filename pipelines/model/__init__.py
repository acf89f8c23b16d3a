"""The data model and the ward store: layers and fields, settings, validation, errors."""

from pipelines.model.errors import (
    ConfigError,
    InputFileError,
    PcccError,
    StoreError,
    ValidationError,
)
from pipelines.model.schema import LAYER_NAMES, STORAGE_CRS, get_layer
from pipelines.model.store import (
    LayerChange,
    Ward,
    apply_changes,
    layer_version,
    open_ward,
    read_layer,
    update_config,
    write_layers,
)

__all__ = [
    "LAYER_NAMES",
    "STORAGE_CRS",
    "ConfigError",
    "InputFileError",
    "LayerChange",
    "PcccError",
    "StoreError",
    "ValidationError",
    "Ward",
    "apply_changes",
    "get_layer",
    "layer_version",
    "open_ward",
    "read_layer",
    "update_config",
    "write_layers",
]
