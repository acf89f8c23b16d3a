"""What every stage of an import shares: the ward it goes into and the problems found per row.

:func:`load_context` reads, once, what the stages need to know about the ward: its settings,
the features already stored in the target layer and the area its boundary covers (with the
``[ingest] boundary_margin_m`` margin). :class:`RowProblems` collects the problems a stage
finds, by row position; each stage hands them on as a tuple of :data:`RowProblem`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from pipelines.ingest import coordinates
from pipelines.ingest.source import collector_paused
from pipelines.model import store
from pipelines.model.errors import StoreError
from pipelines.model.schema import LAYER_NAMES, STORAGE_CRS, Layer
from pipelines.model.settings import WardConfig

# One problem: (row or feature position, field, value as shown, reason in Vietnamese, in English).
RowProblem = tuple[int, str, str, str, str]


@dataclass(frozen=True)
class ImportContext:
    """The ward an import goes into.

    Attributes
    ----------
    layer
        The target layer (or :data:`pipelines.ingest.headers.POINTS` for a file of points).
    config
        The ward's settings (``ward.toml``).
    existing
        The features stored in ``layer`` now (EPSG:4326; empty for a layer the store does not
        hold).
    area
        The ward boundary grown by ``[ingest] boundary_margin_m`` (EPSG:4326), ``None`` when
        the ward has no boundary yet or the boundary itself is imported.
    ward_dir
        The ward folder.
    """

    layer: Layer
    config: WardConfig
    existing: gpd.GeoDataFrame
    area: shapely.Geometry | None
    ward_dir: Path


def load_context(ward_dir: Path, layer: Layer) -> ImportContext:
    """Read the ward's settings, the stored features of ``layer`` and the boundary's area.

    Raises
    ------
    StoreError
        ``ward_dir`` is not a ward folder.
    """
    if not store.config_path(ward_dir).is_file():
        raise StoreError(
            f"Thư mục {ward_dir} không phải thư mục dữ liệu phường (thiếu {store.CONFIG_NAME})",
            f"{ward_dir} is not a ward folder (no {store.CONFIG_NAME})",
        )
    config = store.load_config(store.config_path(ward_dir))
    with collector_paused():  # a stored layer of many features
        if layer.name in LAYER_NAMES:
            existing = store.read_layer(ward_dir, layer.name, validate=False)
        else:
            existing = gpd.GeoDataFrame(
                {"id": pd.Series([], dtype=object)}, geometry=[], crs=STORAGE_CRS
            )
        boundary = store.read_layer(ward_dir, "ward_boundary", validate=False)
    area = None
    if layer.name != "ward_boundary":
        area = coordinates.boundary_area(
            boundary, crs_metric=config.ward.crs_metric, margin_m=config.ingest.boundary_margin_m
        )
    return ImportContext(layer, config, existing, area, ward_dir)


@dataclass
class RowProblems:
    """Problems collected per row position while a stage works."""

    n: int
    problems: list[RowProblem] = field(default_factory=list)

    def add(
        self, positions: Iterable[int], field_name: str, values: object, vi: str, en: str
    ) -> None:
        """Add one problem for each position; ``values`` is one value or one per position."""
        positions = np.asarray(positions, dtype=int)
        if not len(positions):
            return
        shown = (
            values
            if isinstance(values, list | np.ndarray | pd.Series)
            else [values] * len(positions)
        )
        for pos, value in zip(positions, shown, strict=True):
            text = (
                ""
                if value is None or (not isinstance(value, str) and pd.isna(value))
                else str(value)
            )
            self.problems.append((int(pos), field_name, text[:80], vi, en))

    def rejected(self) -> np.ndarray:
        """Return, per position, whether it has a problem."""
        return rejected_positions(self.problems, self.n)


def rejected_positions(problems: Iterable[RowProblem], n: int) -> np.ndarray:
    """Return, for positions ``0 … n-1``, whether any problem names it."""
    mask = np.zeros(n, dtype=bool)
    positions = [p[0] for p in problems]
    if positions:
        mask[positions] = True
    return mask
