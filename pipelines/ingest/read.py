"""Stage 1 of an import, *read*: the file's bytes into a :class:`SourceTable`.

The file arrives as a path or as ``(name, bytes)`` (an upload); :func:`read_table` picks the
reader by format (:mod:`pipelines.ingest.formats`) and is told which columns may be parsed as
numbers (those mapped to numeric fields or coordinates), so that every other column stays
text and keeps its leading zeros.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from pipelines.ingest import headers
from pipelines.ingest.formats import read_source
from pipelines.ingest.source import ReadOptions, SourceTable
from pipelines.model.errors import InputFileError
from pipelines.model.schema import Layer
from pipelines.model.tables import NEUTRALISER, unneutralise

# A file to read: a path, or (file name, bytes) as uploaded.
Source = str | Path | tuple[str, bytes]
TEXT_MODES = ("auto", "tcvn3", "vni", "unicode")
_COORD_NUMERIC = {"coord_lat", "coord_lon", "coord_x", "coord_y"}


def load_bytes(source: Source) -> tuple[str, bytes]:
    """Return the file's name (without folders) and its bytes.

    Raises
    ------
    InputFileError
        The path cannot be read.
    """
    if isinstance(source, tuple):
        name, data = source
        return Path(name).name, bytes(data)
    path = Path(source)
    try:
        return path.name, path.read_bytes()
    except OSError as exc:
        raise InputFileError(
            f"Không đọc được tệp {path}: {exc.strerror or exc}", f"cannot read {path}: {exc}"
        ) from None


def _is_numeric_target(target: str | None, layer: Layer) -> bool:
    if target in _COORD_NUMERIC:
        return True
    return bool(target and layer.has_field(target) and layer.field(target).kind in ("int", "float"))


def numeric_columns(
    layer: Layer,
    *,
    overrides: Mapping[str, str | None] | None = None,
    saved: Mapping[str, str | None] | None = None,
) -> Callable[[Sequence[str]], set[str]]:
    """Return a function naming the columns that map to numeric fields or coordinates."""

    def numeric(names: Sequence[str]) -> set[str]:
        matches = headers.match_columns(names, layer.name, saved=saved, overrides=overrides)
        return {m.column for m in matches if _is_numeric_target(m.target, layer)}

    return numeric


def read_table(name: str, data: bytes, options: ReadOptions) -> SourceTable:
    """Read a file (its name and bytes) into a :class:`SourceTable`, columns as given.

    Raises
    ------
    InputFileError
        An unknown ``options.text_mode``, an unknown format or an unreadable file.
    """
    if options.text_mode not in TEXT_MODES:
        raise InputFileError(
            f"Chế độ chuyển mã '{options.text_mode}' không hợp lệ (auto, tcvn3, vni, unicode)",
            f"'text_mode' should be one of 'auto', 'tcvn3', 'vni' or 'unicode', got '{options.text_mode}' instead",
        )
    table = read_source(data, name, options)
    if table.format == "csv":
        table.frame = unneutralised(table.frame)
    return table


def unneutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo the apostrophe our CSV writer puts before a formula-like cell ("'=1+2" → "=1+2").

    Only an apostrophe followed by a formula trigger (:func:`pipelines.model.tables.neutralise`)
    is removed, so "'abc" stays as written.
    """
    out = frame
    for column in frame.columns:
        values = frame[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        marked = values.str.startswith(NEUTRALISER, na=False)
        if marked.any():
            if out is frame:
                out = frame.copy()
            out[column] = values.where(~marked, values[marked].map(unneutralise))
    out.columns = [unneutralise(c) if isinstance(c, str) else c for c in out.columns]
    return out
