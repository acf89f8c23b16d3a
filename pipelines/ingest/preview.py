"""What an import will do, before it does it: its options, counts and preview.

:class:`ImportOptions` are the user's choices (CLI or dashboard); :func:`pipelines.ingest.prepare_import`
returns an :class:`ImportPreview` holding the accepted features, the rejects and every
detection, and :func:`pipelines.ingest.commit_import` writes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from pipelines.ingest import coordinates, headers
from pipelines.ingest.source import Note
from pipelines.model.errors import Problem
from pipelines.text.labels import (
    IMPORT_STATUS_LABELS,
)

# Columns of the rejects table (:attr:`ImportPreview.rejects`), then the original cells.
ROW = "Dòng"
FIELDS = "Trường"
REASON_VI = "Lý do"
REASON_EN = "Reason"
STATUS_LABELS = IMPORT_STATUS_LABELS


@dataclass(frozen=True)
class ImportOptions:
    """Choices for one import; every one can come from the CLI or the dashboard.

    Parameters
    ----------
    layer
        Target layer (:data:`pipelines.model.schema.LAYER_NAMES`).
    sheet
        Worksheet, GeoPackage layer, shapefile in a zip or KML folder.
    header_row
        1-based header row, when detection should be overridden.
    encoding
        Force the text encoding of a text file (``"utf-8"``, ``"cp1258"``, ``"cp1252"`` …).
    text_mode
        {"auto", "tcvn3", "vni", "unicode"}: how legacy text cells are converted.
    columns
        Column → target overrides (``None`` or ``""`` ignores the column).
    values
        Per field, source value → enum code overrides.
    crs
        CRS of the coordinates (``"EPSG:9214"`` …), overriding detection and ``.prj``.
    defaults
        Per field, a value for empty cells (``{"category": "other"}``).
    use_saved_mapping
        Apply the mapping saved for this layer in the ward folder.
    by_hand
        Row number (as the user sees it) → (longitude, latitude) clicked on the map: the row
        is placed there (``location_source = "by_hand"``).
    place_by_address
        Place rows without coordinates on the ward's named roads by their address (the
        suggestions); ``False`` rejects them instead.
    """

    layer: str
    sheet: str | None = None
    header_row: int | None = None
    encoding: str | None = None
    text_mode: str = "auto"
    columns: Mapping[str, str | None] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    crs: str | None = None
    defaults: Mapping[str, str] = field(default_factory=dict)
    use_saved_mapping: bool = True
    by_hand: Mapping[int, tuple[float, float]] = field(default_factory=dict)
    place_by_address: bool = True


@dataclass(frozen=True)
class ImportCounts:
    """Rows of the file by outcome; ``rows_in == new + updated + unchanged + rejected``."""

    rows_in: int
    new: int
    updated: int
    unchanged: int
    rejected: int

    @property
    def stored(self) -> int:
        return self.new + self.updated + self.unchanged

    def as_dict(self) -> dict[str, int]:
        return {
            "rows_in": self.rows_in,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


PLACEMENT_COLUMNS = [
    "row", "name", "address", "location_source", "location_error_m", "road", "reason"
]  # fmt: skip


@dataclass(frozen=True)
class ImportPreview:
    """Everything :func:`prepare_import` found; :func:`commit_import` writes ``frame``.

    Attributes
    ----------
    frame
        The accepted features, conformed to the layer, EPSG:4326 (unchanged ones included).
    rows, status
        For each feature of ``frame``: the source row number and ``"new"``,
        ``"updated"`` or ``"unchanged"``.
    rejects
        One row per rejected source row: ``Dòng``, ``Trường``, ``Lý do``, ``Reason``, then
        the original cells.
    problems
        Every problem found (``feature_id`` is the row number as text).
    mapping
        How each source column was mapped (with alternatives); for OpenStreetMap data, the
        tags used.
    value_maps
        Per enum field, source value → code (``None`` when no code matched).
    conversions
        Text cells converted from TCVN3, VNI or decomposed Unicode: row, column,
        encoding, before, after.
    duplicates
        Rows flagged as duplicates: same id as an earlier row (rejected) or same name within
        ``[ingest] duplicate_distance_m`` of another feature (kept, flagged).
    placements
        Rows placed by address or by hand, and rows rejected for want of a position: ``row``,
        ``name``, ``address``, ``location_source`` (``None``: not placed),
        ``location_error_m``, ``road`` (the road or tổ dân phố placed on), ``reason``.
    based_on
        The version of the stored layer the rows were compared with
        (:func:`pipelines.model.store.layer_version`); :func:`commit_import` recounts the
        statuses when the layer has moved since.
    """

    layer: str
    source_name: str
    source_data: bytes = field(repr=False)
    format: str
    sheet: str | None
    sheets: tuple[str, ...]
    header_row: int | None
    encoding: str | None
    columns: tuple[str, ...]
    mapping: tuple[headers.ColumnMatch, ...]
    samples: dict[str, list[str]]
    value_maps: dict[str, dict[str, str | None]]
    crs: coordinates.CrsDetection | None
    geographic_crs: str | None
    swapped_rows: int
    x_is_northing: bool | None
    located_by_address: int
    conversions: pd.DataFrame
    duplicates: pd.DataFrame
    notes: tuple[Note, ...]
    frame: gpd.GeoDataFrame
    rows: np.ndarray
    status: np.ndarray
    rejects: pd.DataFrame
    problems: tuple[Problem, ...]
    counts: ImportCounts
    options: ImportOptions
    ward_dir: Path
    osm: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    based_on: str | None = None
    placements: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=PLACEMENT_COLUMNS)
    )

    def mapping_dict(self) -> dict[str, str | None]:
        """Return source column → target, as used (for saving)."""
        return {m.column: m.target for m in self.mapping}
