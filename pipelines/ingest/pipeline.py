"""Import a user's file into a ward layer: preview first, then commit.

:func:`prepare_import` runs the stages of an import, each in its own module and each
testable alone: *read* (:mod:`.read`), *map columns* (:mod:`.columns`), *convert values*
(:mod:`.values`), *locate* (:mod:`.locate`), *validate* (:mod:`.checks`, with
:mod:`.duplicates`; the rules of :mod:`pipelines.model.validate`) and *compare* with the
store (:mod:`.compare`). It returns an :class:`ImportPreview`; nothing is written.

:func:`commit_import` writes the accepted rows atomically through
:func:`pipelines.model.store.write_layers` (which keeps a backup of the previous store), copies
the original file into the ward's ``imports/`` folder and writes the rejects as CSV and
XLSX next to it.

Every input row ends either accepted (new, updated or unchanged) or rejected with its row
number, the fields at fault and the reasons in Vietnamese and English:
``rows_in = new + updated + unchanged + rejected``.

Updates merge by id: a source identifier column becomes the feature's id; rows without one
get an id derived from their name and position, so importing the same list again changes
nothing. Empty cells of an update keep the stored value; a row without coordinates keeps
the stored geometry of its id.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from pipelines.ingest import headers
from pipelines.ingest.checks import Checked, check_features
from pipelines.ingest.columns import ColumnsMapped, map_columns
from pipelines.ingest.compare import Compared, compare_with_store, count_rows
from pipelines.ingest.context import ImportContext, load_context
from pipelines.ingest.duplicates import flag_duplicates
from pipelines.ingest.formats import column_samples
from pipelines.ingest.groups import assign_groups
from pipelines.ingest.locate import (
    PLACEMENT_FIELDS,
    Located,
    locate,
    located_notes,
    with_placement,
)
from pipelines.ingest.preview import (
    PLACEMENT_COLUMNS,
    ImportCounts,
    ImportOptions,
    ImportPreview,
)
from pipelines.ingest.read import Source, load_bytes, numeric_columns, read_table
from pipelines.ingest.rejects import problem_list, rejects_table
from pipelines.ingest.source import ReadOptions, SourceTable
from pipelines.ingest.values import ValuesConverted, convert_values
from pipelines.model import audit, store, tables
from pipelines.model.files import atomic_write
from pipelines.model.schema import get_layer


@dataclass(frozen=True)
class ImportResult:
    """What :func:`commit_import` wrote.

    ``counts`` are counted against the store at the moment of the write: when the layer
    changed after the preview (``recomputed``), they can differ from the preview's.
    ``version`` is the layer's version after the write.
    """

    counts: ImportCounts
    backup: Path | None
    original: Path
    rejects_csv: Path | None
    rejects_xlsx: Path | None
    summary: Path
    written: int
    recomputed: bool = False
    version: str = ""


@dataclass
class _Clock:
    """Seconds spent in each stage of an import (``ImportPreview.timings``)."""

    laps: dict[str, float] = field(default_factory=dict)
    start: float = field(default_factory=time.perf_counter)

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = now - self.start
        self.start = now


def prepare_import(source: Source, ward_dir: str | Path, options: ImportOptions) -> ImportPreview:
    """Read a file and work out what importing it into ``options.layer`` would do.

    Parameters
    ----------
    source
        A path, or ``(file name, bytes)`` as uploaded.
    ward_dir
        The ward folder (``ward.toml`` + ``ward.gpkg``).
    options
        See :class:`ImportOptions`.

    Returns
    -------
    ImportPreview
        Nothing is written.

    Raises
    ------
    InputFileError
        The file cannot be used at all (format, encoding, sheet, OSM into a layer OSM
        does not describe).
    StoreError
        ``ward_dir`` is not a ward folder.
    """
    clock = _Clock()
    ward_dir = Path(ward_dir)
    name, data = load_bytes(source)
    layer = get_layer(options.layer)
    ctx = load_context(ward_dir, layer)
    saved = headers.load_mapping(ward_dir, layer.name) if options.use_saved_mapping else None
    saved_columns = saved.columns if saved else None
    read_options = ReadOptions(
        layer=layer.name,
        sheet=options.sheet,
        header_row=options.header_row,
        encoding=options.encoding,
        text_mode=options.text_mode,
        numeric_columns=numeric_columns(layer, overrides=options.columns, saved=saved_columns),
        ingest=ctx.config.ingest,
    )
    table = read_table(name, data, read_options)
    clock.lap("read")
    mapped = map_columns(
        table, layer, ctx.config.ingest, overrides=options.columns, saved=saved_columns
    )
    values = convert_values(
        mapped.fields, ctx, value_overrides=options.values, defaults=options.defaults, saved=saved
    )
    clock.lap("columns_values")
    by_hand = _positions(table.row_numbers, options.by_hand)
    located = locate(
        table,
        mapped.coords,
        values.fields,
        ctx,
        crs=options.crs,
        by_hand=by_hand,
        place_by_address=options.place_by_address,
    )
    clock.lap("coordinates")
    values = assign_groups(values, located, ctx)
    problems = values.problems + located.problems
    fields = with_placement(values.fields, located, {f.name for f in layer.fields})
    checked = check_features(fields, located, problems, ctx, table.row_numbers)
    clock.lap("validate")
    checked = flag_duplicates(checked, ctx)
    clock.lap("duplicates")
    provided = values.provided | ({"geometry"} if layer.geometry else set())
    provided |= set(fields.columns) & set(PLACEMENT_FIELDS)
    accepted = checked.frame[checked.accepted].reset_index(drop=True)
    compared = compare_with_store(accepted, ctx.existing, layer, provided)
    clock.lap("compare")
    return _preview(
        (name, data), table, ctx, options, mapped, values, located, checked, compared, clock
    )


def _positions(
    row_numbers: np.ndarray, by_row: Mapping[int, tuple[float, float]]
) -> dict[int, tuple[float, float]]:
    """Turn points placed by hand, keyed by the row number the user sees, into row positions."""
    position = {int(r): i for i, r in enumerate(row_numbers)}
    return {position[int(r)]: xy for r, xy in by_row.items() if int(r) in position}


_BY_ADDRESS_OR_HAND = ("address_alley", "address_street", "residential_group", "by_hand")


def _placements(
    fields: pd.DataFrame, located: Located, checked: Checked, row_numbers: np.ndarray
) -> pd.DataFrame:
    """Rows placed by address or by hand, and rows rejected for want of a position."""
    placing = located.placement
    if placing is None or not len(fields):
        return pd.DataFrame(columns=PLACEMENT_COLUMNS)
    reason: dict[int, str] = {}
    for pos, fname, _, vi, _ in checked.problems:
        if fname in ("address", "geometry") and len(checked.origin):
            reason.setdefault(int(checked.origin[pos]), vi)
    placed = np.isin(placing.source.astype(str), _BY_ADDRESS_OR_HAND)
    unplaced = (
        shapely.is_missing(located.geoms[: len(fields)])
        if len(located.origin) == len(fields)
        else np.zeros(len(fields), bool)
    )
    keep = np.flatnonzero(placed | (unplaced & np.isin(np.arange(len(fields)), list(reason))))
    column = lambda name: (  # noqa: E731
        fields[name].iloc[keep].to_numpy(dtype=object) if name in fields.columns else None
    )
    return pd.DataFrame(
        {
            "row": row_numbers[keep],
            "name": column("name"),
            "address": column("address"),
            "location_source": placing.source[keep],
            "location_error_m": placing.error_m[keep],
            "road": placing.road[keep],
            "reason": [reason.get(int(k), "") for k in keep],
        },
        columns=PLACEMENT_COLUMNS,
    )


def _preview(
    source: tuple[str, bytes],
    table: SourceTable,
    ctx: ImportContext,
    options: ImportOptions,
    mapped: ColumnsMapped,
    values: ValuesConverted,
    located: Located,
    checked: Checked,
    compared: Compared,
    clock: _Clock,
) -> ImportPreview:
    """Gather what every stage found into an :class:`ImportPreview`."""
    accepted, row_rejected = checked.accepted, checked.row_rejected
    notes = [*table.notes, *mapped.notes, *values.notes, *located.notes, *checked.notes]
    return ImportPreview(
        layer=ctx.layer.name,
        source_name=source[0],
        source_data=source[1],
        format=table.format,
        sheet=table.sheet,
        sheets=table.sheets,
        header_row=table.header_row,
        encoding=table.encoding,
        columns=tuple(table.frame.columns),
        mapping=mapped.matches,
        samples=column_samples(table.frame),
        value_maps=values.value_maps,
        crs=located.crs,
        geographic_crs=located.geographic_crs,
        swapped_rows=located.swapped,
        x_is_northing=located.x_is_northing,
        located_by_address=located.located_by_address,
        conversions=table.conversions,
        duplicates=checked.duplicates,
        notes=(*notes, *located_notes(located)),
        frame=compared.frame,
        rows=checked.row_numbers[accepted],
        status=compared.status,
        rejects=rejects_table(table, ctx.layer, checked.problems, checked.origin, row_rejected),
        problems=problem_list(ctx.layer.name, checked.problems, checked.row_numbers),
        counts=count_rows(
            len(table.frame), row_rejected, checked.origin[accepted], compared.status
        ),
        options=options,
        ward_dir=ctx.ward_dir,
        placements=_placements(values.fields, located, checked, table.row_numbers),
        osm=mapped.osm,
        timings=clock.laps,
        based_on=ctx.existing.attrs.get(store.VERSION_ATTR),
    )


# --- Commit ---------------------------------------------------------------------------------


def rejects_bytes(rejects: pd.DataFrame, fmt: str) -> bytes:
    """Return the rejects as a file's bytes: ``fmt`` {"csv", "xlsx"} (the one table writer)."""
    return tables.table_bytes(tables.Sheet(rejects, name="Dòng bị loại"), fmt)


def write_rejects(rejects: pd.DataFrame, base: Path) -> tuple[Path, Path]:
    """Write the rejects as ``<base>.csv`` (UTF-8 with BOM, for Excel) and ``<base>.xlsx``."""
    csv_path = atomic_write(base.parent / f"{base.name}.csv", rejects_bytes(rejects, "csv"))
    xlsx_path = atomic_write(base.parent / f"{base.name}.xlsx", rejects_bytes(rejects, "xlsx"))
    return csv_path, xlsx_path


_UNSAFE = re.compile(r"[^\w.\-]+")


def _recount(preview: ImportPreview, status: np.ndarray) -> ImportCounts:
    """Count the file's rows by the features' statuses at the write; a row split into
    several features counts once, by its strongest status (updated > new > unchanged)."""
    rank = pd.Series(np.select([status == "new", status == "updated"], [1, 2], 0))
    counts = rank.groupby(np.asarray(preview.rows)).max().value_counts()
    return ImportCounts(
        rows_in=preview.counts.rows_in,
        new=int(counts.get(1, 0)),
        updated=int(counts.get(2, 0)),
        unchanged=int(counts.get(0, 0)),
        rejected=preview.counts.rejected,
    )


def _write_history(
    preview: ImportPreview,
    ward_dir: Path,
    counts: ImportCounts,
    change: store.LayerChange,
    recomputed: bool,
) -> tuple[Path, tuple[Path, Path] | tuple[None, None], Path]:
    """Keep the original file, the rejects and a JSON summary in ``imports/``."""
    history = ward_dir / store.IMPORT_DIR
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    safe = _UNSAFE.sub("_", preview.source_name) or "input"
    base = f"{stamp}-{preview.layer}-{Path(safe).stem}"
    original = atomic_write(history / f"{stamp}-{preview.layer}-{safe}", preview.source_data)
    rejects: tuple[Path, Path] | tuple[None, None] = (None, None)
    if len(preview.rejects):
        rejects = write_rejects(preview.rejects, history / f"{base}.rejects")
    summary = {
        "layer": preview.layer,
        "source": preview.source_name,
        "format": preview.format,
        "sheet": preview.sheet,
        "counts": counts.as_dict(),
        "preview_counts": preview.counts.as_dict(),
        "recomputed": recomputed,
        "based_on": preview.based_on,
        "version": change.version,
        "mapping": preview.mapping_dict(),
        "crs": preview.crs.crs if preview.crs else preview.geographic_crs,
        "backup": str(change.backup) if change.backup else None,
        "notes": [n.vi for n in preview.notes],
    }
    path = atomic_write(
        history / f"{base}.summary.json", json.dumps(summary, ensure_ascii=False, indent=2)
    )
    return original, rejects, path


def commit_import(
    preview: ImportPreview, ward_dir: str | Path | None = None, *, user: str = ""
) -> ImportResult:
    """Write an import's accepted rows into the ward store and keep its history.

    ``user`` is recorded in the audit trail (empty: the OS user).

    New and updated features replace features with the same id; other stored features are
    kept (importing ``ward_boundary`` replaces the boundary). The rows go to the store as
    one change (:func:`pipelines.model.store.apply_changes`), merged under the ward's lock
    with what is stored at that moment: when another writer changed the layer after the
    preview, an id it added is updated (or left unchanged), never duplicated, empty cells
    keep the values stored now, and the counts are recomputed (``ImportResult.counts``,
    ``recomputed``). The write is atomic and keeps a backup of the previous store; the
    original file, the rejects (CSV and XLSX) and a JSON summary go to ``imports/``.

    Raises
    ------
    ValidationError
        The rows break the data model or a reference between layers (nothing is written).
    StoreError
        The ward is locked or cannot be written.
    """
    ward_dir = Path(ward_dir) if ward_dir is not None else preview.ward_dir
    replace = preview.layer == "ward_boundary"
    sent = np.ones(len(preview.frame), dtype=bool) if replace else preview.status != "unchanged"
    change = store.apply_changes(
        ward_dir,
        preview.layer,
        upserts=preview.frame[sent],
        replace=replace,
        keep_missing=True,
        based_on=preview.based_on,
        note=f"import {preview.layer} ← {preview.source_name}",
        actor=audit.Actor(user, "import", note=preview.source_name),
    )
    status = np.asarray(preview.status, dtype=object).copy()
    status[sent] = change.status
    counts = _recount(preview, status)
    recomputed = change.moved or counts != preview.counts
    original, (rejects_csv, rejects_xlsx), summary = _write_history(
        preview, ward_dir, counts, change, recomputed
    )
    return ImportResult(
        counts=counts,
        backup=change.backup,
        original=original,
        rejects_csv=rejects_csv,
        rejects_xlsx=rejects_xlsx,
        summary=summary,
        written=change.written,
        recomputed=recomputed,
        version=change.version,
    )


def copy_rejects(preview: ImportPreview, directory: str | Path) -> tuple[Path, Path] | None:
    """Write a preview's rejects into ``directory`` (for dry runs); ``None`` when there are none."""
    if not len(preview.rejects):
        return None
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    base = directory / f"{Path(_UNSAFE.sub('_', preview.source_name)).stem}.rejects"
    return write_rejects(preview.rejects, base)


__all__ = [
    "ImportCounts",
    "ImportOptions",
    "ImportPreview",
    "ImportResult",
    "commit_import",
    "copy_rejects",
    "prepare_import",
    "rejects_bytes",
    "write_rejects",
]
