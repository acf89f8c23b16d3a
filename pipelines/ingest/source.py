"""What a reader hands on: the file as read (:class:`SourceTable`), how to read it, notes.

The types every reader of :mod:`pipelines.ingest` shares (table formats and OpenStreetMap
alike), kept apart so that readers depend on them and not on each other.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipelines.model.settings import IngestSection


@dataclass(frozen=True)
class Note:
    """Something detected or done while reading, in Vietnamese and English."""

    code: str
    vi: str
    en: str

    def text(self, lang: str = "vi") -> str:
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class ReadOptions:
    """How to read a file.

    ``sheet`` names the worksheet (XLSX/XLS), layer (GeoPackage), shapefile (zip) or folder
    (KML); ``header_row`` (1-based) overrides header detection; ``encoding`` forces the
    text encoding of text files; ``text_mode`` is passed to
    :func:`pipelines.ingest.encodings.convert_frame`; ``numeric_columns`` tells a CSV reader
    which columns may be parsed as numbers (all others stay text, keeping leading zeros);
    ``ingest`` is the ward's ``[ingest]`` settings (which OpenStreetMap points of interest
    are premises), the defaults when ``None``.
    """

    layer: str
    sheet: str | None = None
    header_row: int | None = None
    encoding: str | None = None
    text_mode: str = "auto"
    numeric_columns: Callable[[Sequence[str]], set[str]] | None = None
    ingest: IngestSection | None = None


@dataclass
class SourceTable:
    """A file as read: source columns, row numbers, geometry (in ``crs``) and detections."""

    frame: pd.DataFrame
    row_numbers: np.ndarray
    format: str
    geometry: np.ndarray | None = None
    crs: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    header_row: int | None = None
    encoding: str | None = None
    conversions: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            columns=["row", "column", "encoding", "before", "after"]
        )
    )
    osm: bool = False
    notes: list[Note] = field(default_factory=list)
    skipped_rows: int = 0


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many objects are made at once.

    A sheet of 100,000 rows arrives as 100,000 lists, and 100,000 features as 100,000
    shapely geometries: objects the collector tracks, whose creation triggers collections
    that walk the whole heap of the process again and again, although they form no
    reference cycles. Nothing is lost: garbage is collected once the collector is back.

    Yields
    ------
    None
        The collector stays off inside the block and is switched back on afterwards if
        it was on (also when the block raises).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
