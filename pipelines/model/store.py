"""The ward store: one folder, one GeoPackage, one ``ward.toml``. Reads validate; writes are atomic.

Layout of a ward folder::

    ward.toml        settings (pipelines.model.settings), commented with units and sources
    ward.gpkg        every layer of pipelines.model.schema, EPSG:4326, plus a ``pccc_meta`` table
    backups/         the previous ward.gpkg of each write: the dated history (pipelines.model.history)
    imports/         original files of each import (written by pipelines.ingest)

Every write is one store operation that takes a *change*, never a layer merged by the
caller: :func:`apply_changes` (rows to insert or update by id, ids to delete, or a whole
layer to replace), :func:`write_layers` (whole-layer replaces, built on it) and
:func:`update_config` (some settings of one section). Each holds the ward's exclusive lock
(``fcntl.flock`` on ``.lock``) from the read of what is stored, through the merge and the
validation (cross-layer references included), to the atomic replace of the file, so two
writers never lose each other's work.

A GeoPackage write copies the current file to a temporary file beside it, applies the
changed rows to the copy (deletes of replaced rows and an Arrow append, or a whole-layer
write), records the new layer versions in ``pccc_meta``, hard-links the current file into
``backups/`` and renames the copy over ``ward.gpkg`` (:func:`pipelines.model.files.atomic_path`:
fsync, ``os.replace``, fsync of the folder). A process killed at any point leaves either
the old or the new file, never a half-written one.

Each layer has a version (``pccc_meta``: ``layer_version:<layer>``, a counter and a random
token) that changes whenever its content does. A change made from an earlier read passes
that version as ``based_on``; when the layer has moved since, the change is merged with
what is stored now, cell by cell against the version it was based on (found in
``backups/``), and its statuses (new, updated, unchanged) are counted against the store
as it is now.

Each feature has a version too, a hash of its content (:mod:`pipelines.model.versions`): an
edit passes the versions it read as ``expected``, and a feature changed since refuses the
whole change with a :class:`pipelines.model.errors.ConflictError` (nothing is written).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import secrets
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from pipelines.model import audit, gpkg, history, merge
from pipelines.model.errors import ConflictError, Problem, StoreError, ValidationError
from pipelines.model.files import atomic_path, atomic_write, sweep_temps
from pipelines.model.schema import LAYER_NAMES, STORAGE_CRS, get_layer
from pipelines.model.settings import (
    SECTIONS,
    WardConfig,
    config_from_dict,
    dumps_config,
    load_config,
    section_dict,
    to_dict,
)
from pipelines.model.territory import with_residential_groups
from pipelines.model.validate import (
    conform_layer,
    empty_layer,
    find_problems,
    reference_problems,
)
from pipelines.model.versions import FeatureConflict, feature_conflicts

GPKG_NAME = "ward.gpkg"
CONFIG_NAME = "ward.toml"
BACKUP_DIR = history.BACKUP_DIR
IMPORT_DIR = "imports"
LOCK_NAME = ".lock"
META_TABLE = "pccc_meta"
SCHEMA_VERSION = "1"
LOCK_TIMEOUT_S = 30.0
# The version of a layer no write has recorded yet (a store written before versions existed).
INITIAL_VERSION = "0"
# ``frame.attrs`` key under which :func:`read_layer` records the version it read.
VERSION_ATTR = "pccc_version"
_VERSION_KEY = "layer_version:"
# Read stored rows by fid when fewer than this share of the layer is wanted, else read all.
_FID_READ_SHARE = 0.25


@dataclass(frozen=True)
class Ward:
    """A loaded ward: its folder, settings and every layer (empty frames for absent ones)."""

    path: Path
    config: WardConfig
    layers: Mapping[str, gpd.GeoDataFrame]

    def __getitem__(self, name: str) -> gpd.GeoDataFrame:
        get_layer(name)
        return self.layers[name]

    @property
    def name(self) -> str:
        return self.config.ward.name

    @property
    def crs_metric(self) -> str:
        return self.config.ward.crs_metric


@dataclass(frozen=True)
class LayerChange:
    """What :func:`apply_changes` did to one layer, counted against the store as it was.

    Attributes
    ----------
    layer
        The layer changed.
    status
        For each row of ``upserts`` (in the order given): ``"new"`` (its id was not
        stored), ``"updated"`` or ``"unchanged"``; counted against what was stored under
        the lock, not against what the caller saw.
    new, updated, unchanged
        The counts of ``status``.
    deleted
        Stored features removed (``delete_ids`` found, or ids a replace left out).
    backup
        The hard-linked copy of the previous ``ward.gpkg`` (``None`` when nothing was
        written or no backup was asked for).
    version, previous_version
        The layer's version after and before the operation (equal when nothing changed).
    moved
        The layer had changed since ``based_on``: the change was merged with what is
        stored now.
    merged_with_base
        The layer had moved and the version it was based on was found in ``backups/``:
        cells the change left as they were in that version take the values stored now.
    """

    layer: str
    status: np.ndarray = field(repr=False)
    new: int
    updated: int
    unchanged: int
    deleted: int
    backup: Path | None
    version: str
    previous_version: str
    moved: bool
    merged_with_base: bool

    @property
    def written(self) -> int:
        """Features inserted or replaced (new + updated)."""
        return self.new + self.updated


def gpkg_path(ward_dir: str | Path) -> Path:
    return Path(ward_dir) / GPKG_NAME


def config_path(ward_dir: str | Path) -> Path:
    return Path(ward_dir) / CONFIG_NAME


def ward_version(ward_dir: str | Path) -> tuple[int, int, int, int]:
    """Return a cheap fingerprint of the ward's files (mtime and size of gpkg and toml).

    Used as a cache key: it changes whenever either file is replaced.
    """
    out: list[int] = []
    for p in (gpkg_path(ward_dir), config_path(ward_dir)):
        try:
            st = p.stat()
            out += [st.st_mtime_ns, st.st_size]
        except FileNotFoundError:
            out += [0, 0]
    return tuple(out)  # type: ignore[return-value]


def _require_ward(ward_dir: Path) -> None:
    if not config_path(ward_dir).is_file():
        raise StoreError(
            f"Thư mục {ward_dir} không phải thư mục dữ liệu phường (thiếu {CONFIG_NAME}). "
            "Tạo mới bằng lệnh: pccc init THƯ_MỤC --name TÊN_PHƯỜNG",
            f"{ward_dir} is not a ward folder (no {CONFIG_NAME}); create one with "
            "'pccc init DIR --name NAME'",
        )


# --- Versions and metadata ------------------------------------------------------------------


def _meta_of(path: Path) -> dict[str, str]:
    """Return the ``pccc_meta`` table of a GeoPackage file (empty when absent)."""
    if not path.is_file():
        return {}
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        try:
            return dict(con.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
        except sqlite3.OperationalError:
            return {}


def read_meta(ward_dir: str | Path) -> dict[str, str]:
    """Return the ``pccc_meta`` table (schema version, last write time and note, versions)."""
    return _meta_of(gpkg_path(ward_dir))


def layer_version(ward_dir: str | Path, name: str) -> str:
    """Return the version of one layer: it changes whenever the layer's content changes.

    A cheap read of ``pccc_meta`` (no layer is read); :data:`INITIAL_VERSION` for a layer
    no write has versioned yet.
    """
    get_layer(name)
    return read_meta(ward_dir).get(_VERSION_KEY + name, INITIAL_VERSION)


def _next_version(previous: str) -> str:
    counter = previous.split("-", 1)[0]
    number = int(counter) + 1 if counter.isdigit() else 1
    return f"{number}-{secrets.token_hex(4)}"


def _write_meta(path: Path, meta: Mapping[str, str], changed: Iterable[str], note: str) -> dict:
    """Record the write in ``pccc_meta``; return the new version of each changed layer."""
    versions = {
        name: _next_version(meta.get(_VERSION_KEY + name, INITIAL_VERSION)) for name in changed
    }
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    rows = [("schema_version", SCHEMA_VERSION), ("written_at", now), ("last_change", note)]
    rows += [(_VERSION_KEY + name, version) for name, version in versions.items()]
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value TEXT)")
        con.executemany(f"INSERT OR REPLACE INTO {META_TABLE} VALUES (?, ?)", rows)
        con.commit()
    return versions


# --- Reading --------------------------------------------------------------------------------


def _layers_in(path: Path) -> set[str]:
    try:
        return {str(row[0]) for row in pyogrio.list_layers(path)}
    except Exception as exc:
        raise StoreError(
            f"Tệp {path} không phải GeoPackage đọc được: {exc}",
            f"{path} is not a readable GeoPackage: {exc}",
        ) from exc


def _read_frame(
    path: Path, name: str, *, fids: np.ndarray | None = None
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Read a layer (or the features ``fids`` of it) with Arrow and conform it."""
    if not path.is_file() or name not in _layers_in(path):
        return empty_layer(name), []
    try:
        raw = pyogrio.read_dataframe(path, layer=name, fids=fids, use_arrow=True)
    except Exception as exc:  # pyogrio raises DataSourceError / DataLayerError and friends
        raise StoreError(
            f"Không đọc được lớp '{name}' trong {path}: {exc}",
            f"cannot read layer '{name}' from {path}: {exc}",
        ) from exc
    if not isinstance(raw, gpd.GeoDataFrame):  # an attribute table (safety_groups)
        geometry = gpd.GeoSeries([None] * len(raw), crs=STORAGE_CRS)
        raw = gpd.GeoDataFrame(raw.reset_index(drop=True), geometry=geometry, crs=STORAGE_CRS)
    return conform_layer(name, raw)


def _stored_ids(path: Path, name: str) -> pd.Series:
    """Return the ids of a stored layer, indexed by feature id (``fid``); empty if absent."""
    if not path.is_file() or name not in _layers_in(path):
        return pd.Series([], dtype="string", index=pd.Index([], dtype="int64", name="fid"))
    raw = pyogrio.read_dataframe(
        path, layer=name, columns=["id"], read_geometry=False, fid_as_index=True, use_arrow=True
    )
    return raw["id"].astype("string").set_axis(pd.Index(raw.index.to_numpy("int64"), name="fid"))


def read_layer(ward_dir: str | Path, name: str, *, validate: bool = True) -> gpd.GeoDataFrame:
    """Read one layer of a ward, conformed to the data model (empty if absent).

    ``frame.attrs[VERSION_ATTR]`` holds the layer's version the frame was read at (see
    :func:`layer_version`; ``None`` if the layer kept changing during the read): pass it as
    ``based_on`` to :func:`apply_changes` with a change computed from this frame.
    """
    get_layer(name)
    path = gpkg_path(ward_dir)
    version: str | None = None
    for _ in range(3):
        before = layer_version(ward_dir, name)
        frame, problems = _read_frame(path, name)
        if layer_version(ward_dir, name) == before:
            version = before
            break
    if validate:
        problems += find_problems(name, frame)
        if problems:
            raise ValidationError(problems, context=str(path))
    frame.attrs[VERSION_ATTR] = version
    return frame


def open_ward(ward_dir: str | Path, *, validate: bool = True) -> Ward:
    """Load a ward folder: settings and every layer, validated together.

    Raises
    ------
    StoreError
        The folder is not a ward or its GeoPackage cannot be read.
    ValidationError
        Any value breaks the data model; the error lists every problem with layer,
        feature id and field.
    ConfigError
        ``ward.toml`` has an unknown, mistyped or out-of-range setting.
    """
    ward_dir = Path(ward_dir)
    _require_ward(ward_dir)
    config = load_config(config_path(ward_dir))
    problems = []
    layers: dict[str, gpd.GeoDataFrame] = {}
    for name in LAYER_NAMES:
        try:
            layers[name] = read_layer(ward_dir, name, validate=validate)
        except ValidationError as exc:
            problems.extend(exc.problems)
    if validate:
        problems += reference_problems(layers)
        if problems:
            raise ValidationError(problems, context=str(gpkg_path(ward_dir)))
    # The tổ dân phố of a point is the polygon holding it (one rule, pipelines.model.territory).
    return Ward(path=ward_dir, config=config, layers=with_residential_groups(layers))


def open_snapshot(ward_dir: str | Path, snapshot: str | Path) -> Ward:
    """Load one dated version of the ward (a file of ``backups/``) with today's settings.

    Not validated: an old version is read as it was kept (layers added since come empty).
    """
    ward_dir = Path(ward_dir)
    config = load_config(config_path(ward_dir))
    layers = {name: _read_frame(Path(snapshot), name)[0] for name in LAYER_NAMES}
    return Ward(path=ward_dir, config=config, layers=with_residential_groups(layers))


def read_snapshot_layer(snapshot: str | Path, name: str) -> gpd.GeoDataFrame:
    """One layer of a dated version as it was stored (not validated; empty if absent)."""
    get_layer(name)
    return _read_frame(Path(snapshot), name)[0]


# --- The lock -------------------------------------------------------------------------------

_held = threading.local()


@contextlib.contextmanager
def ward_lock(ward_dir: str | Path, *, timeout_s: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the ward's exclusive write lock (``fcntl.flock`` on ``.lock``).

    The lock excludes other processes and other threads; a thread that already holds it
    may enter again (the inner block does not lock twice).
    """
    key = os.path.realpath(ward_dir)
    held: set[str] = _held.__dict__.setdefault("dirs", set())
    if key in held:
        yield
        return
    lock = Path(ward_dir) / LOCK_NAME
    with open(lock, "a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"Dữ liệu phường {ward_dir} đang được người khác ghi; hãy thử lại sau.",
                        f"ward {ward_dir} is being written by someone else; try again later",
                    ) from None
                time.sleep(0.05)
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- Reading rows by id ---------------------------------------------------------------------


def _stored_rows(
    path: Path, name: str, stored_ids: pd.Series, ids: pd.Series
) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Return the stored features with ``ids``, aligned to ``ids``, and which were found.

    When none is stored the frame is empty (callers look at rows only where found).
    """
    wanted = stored_ids[merge.isin(stored_ids, ids)]
    if not len(wanted):
        return empty_layer(name), np.zeros(len(ids), dtype=bool)
    if len(wanted) < _FID_READ_SHARE * len(stored_ids):
        stored, _ = _read_frame(path, name, fids=np.sort(wanted.index.to_numpy()))
    else:
        stored, _ = _read_frame(path, name)
    return merge.aligned(stored, ids)


# --- Planning a change under the lock -------------------------------------------------------


@dataclass(frozen=True)
class _Request:
    """One layer's change as the caller gave it (rows conformed)."""

    rows: gpd.GeoDataFrame
    delete_ids: tuple[str, ...] = ()
    replace: bool = False
    keep_missing: bool = False
    based_on: str | None = None
    expected: Mapping[str, str] | None = None


@dataclass
class _Plan:
    """One layer's change worked out against what is stored now."""

    name: str
    rows: gpd.GeoDataFrame  # the incoming rows after merging, in the order given
    status: np.ndarray
    replace: bool
    exists: bool  # the layer is in the GeoPackage
    stored_ids: pd.Series  # fid → id of the layer as stored
    drop_fids: np.ndarray  # stored features to delete before the append
    removed_ids: pd.Series  # ids the layer loses
    previous: str
    moved: bool
    merged_with_base: bool
    current: gpd.GeoDataFrame  # the stored rows aligned to ``rows`` (for the audit trail)

    @property
    def write_rows(self) -> gpd.GeoDataFrame:
        """The rows the write stores: every row for a replace, else new and updated ones."""
        if self.replace:
            return self.rows
        return self.rows[self.status != "unchanged"]

    @property
    def changes(self) -> bool:
        if self.replace:
            return not self.exists or bool(
                (self.status != "unchanged").any() or len(self.removed_ids)
            )
        return bool((self.status != "unchanged").any() or len(self.drop_fids))

    def after_ids(self) -> pd.Series:
        """The layer's ids once the change is written."""
        if self.replace:
            return self.rows["id"]
        kept = self.stored_ids[~np.isin(self.stored_ids.index, self.drop_fids)]
        return pd.concat([kept, self.write_rows["id"]], ignore_index=True)


def _base_rows(
    ward_dir: Path, name: str, based_on: str, ids: pd.Series
) -> tuple[gpd.GeoDataFrame, np.ndarray] | None:
    """Return the rows with ``ids`` as they were at version ``based_on`` (from a backup)."""
    if based_on == INITIAL_VERSION:
        return None  # backups made before versions existed cannot be told apart
    for backup in reversed(list_backups(ward_dir)):
        if _meta_of(backup).get(_VERSION_KEY + name, INITIAL_VERSION) == based_on:
            return _stored_rows(backup, name, _stored_ids(backup, name), ids)
    return None


def _plan(
    ward_dir: Path, name: str, request: _Request, meta: Mapping[str, str], present: set[str]
) -> _Plan:
    """Work out one layer's change against the store as it is now (under the lock)."""
    path = gpkg_path(ward_dir)
    previous = meta.get(_VERSION_KEY + name, INITIAL_VERSION)
    moved = request.based_on is not None and request.based_on != previous
    stored_ids = _stored_ids(path, name)
    rows = request.rows
    current, known = _stored_rows(path, name, stored_ids, rows["id"])
    base = None
    if moved and not request.replace and known.any():
        base = _base_rows(ward_dir, name, str(request.based_on), rows["id"])
    if not request.replace:
        rows = merge.merge_rows(name, rows, current, known, base, request.keep_missing)
    status = merge.row_statuses(name, rows, current, known)
    if request.replace:
        removed = stored_ids[~merge.isin(stored_ids, rows["id"])]
        drop = np.zeros(0, dtype="int64")
    else:
        deleted = merge.isin(stored_ids, pd.Series(request.delete_ids, dtype="string"))
        updated = merge.isin(stored_ids, rows["id"][status == "updated"])
        removed = stored_ids[deleted]
        drop = stored_ids.index.to_numpy()[deleted | updated]
    return _Plan(
        name=name,
        rows=rows,
        status=status,
        replace=request.replace,
        exists=name in present,
        stored_ids=stored_ids,
        drop_fids=drop,
        removed_ids=removed.drop_duplicates(),
        previous=previous,
        moved=moved,
        merged_with_base=base is not None,
        current=current,
    )


def _ids_frame(name: str, ids: pd.Series) -> gpd.GeoDataFrame:
    """Return a frame of layer ``name`` holding only ``ids`` (other fields empty)."""
    frame = empty_layer(name).reindex(range(len(ids)))
    frame["id"] = ids.astype("string").to_numpy()
    return frame


def _rows_after(ward_dir: Path, name: str, plans: Mapping[str, _Plan]) -> gpd.GeoDataFrame:
    """Return a layer's features once the change is written (for reference checks)."""
    plan = plans.get(name)
    if plan is not None and plan.replace:
        return plan.rows
    stored, _ = _read_frame(gpkg_path(ward_dir), name)
    if plan is None:
        return stored
    dropped = plan.stored_ids[np.isin(plan.stored_ids.index, plan.drop_fids)]
    kept = stored[~merge.isin(stored["id"], dropped)]
    return pd.concat([kept, plan.write_rows], ignore_index=True)


def _reference_check(ward_dir: Path, plans: Mapping[str, _Plan]) -> list[Problem]:
    """Check the references the change could break: from the rows it writes, and to the
    ids it removes (using :func:`pipelines.model.validate.reference_problems`)."""
    path = gpkg_path(ward_dir)
    ids: dict[str, pd.Series] = {}

    def ids_frame(name: str) -> gpd.GeoDataFrame:
        if name not in ids:
            plan = plans.get(name)
            ids[name] = plan.after_ids() if plan is not None else _stored_ids(path, name)
        return _ids_frame(name, ids[name])

    problems: list[Problem] = []
    for name, plan in plans.items():
        rows = plan.write_rows
        for target in {f.references for f in get_layer(name).fields if f.references}:
            if len(rows):
                problems += reference_problems({name: rows, target: ids_frame(target)})
    for name, plan in plans.items():
        if not len(plan.removed_ids):
            continue
        for other in LAYER_NAMES:
            if any(f.references == name for f in get_layer(other).fields):
                rows = _rows_after(ward_dir, other, plans)
                problems += reference_problems({other: rows, name: ids_frame(name)})
    return list(dict.fromkeys(problems))


# --- Writing --------------------------------------------------------------------------------


def _write_plan(path: Path, plan: _Plan) -> None:
    """Write one layer's change into the copy of the store at ``path``.

    A replace writes the layer anew. Otherwise replaced and deleted features are deleted
    and the new rows appended, unless the rows outnumber the features kept: then the layer
    is written anew (kept features, then the rows), which builds its spatial index once
    instead of updating it feature by feature.
    """
    if plan.replace or not plan.exists:
        gpkg.write_layer_file(path, plan.name, plan.write_rows, append=False)
        return
    kept = len(plan.stored_ids) - len(plan.drop_fids)
    if len(plan.write_rows) >= kept or gpkg.lacks_fields(path, plan.name):
        rows = plan.write_rows
        if kept:
            stored, _ = _read_frame(path, plan.name)
            dropped = plan.stored_ids[np.isin(plan.stored_ids.index, plan.drop_fids)]
            stored = stored[~merge.isin(stored["id"], dropped)]
            rows = pd.concat([stored, rows], ignore_index=True)
        gpkg.write_layer_file(path, plan.name, rows, append=False)
        return
    if len(plan.drop_fids):
        gpkg.delete_fids(path, plan.name, plan.drop_fids)
    if len(plan.write_rows):
        gpkg.write_layer_file(path, plan.name, plan.write_rows, append=True)


def _backup(ward_dir: Path, current: Path) -> Path | None:
    """Keep the version being replaced as a dated snapshot (see :mod:`pipelines.model.history`)."""
    if not current.exists():
        return None
    backups = ward_dir / BACKUP_DIR
    backups.mkdir(exist_ok=True)
    target = backups / history.stamp_name(dt.datetime.now(dt.UTC))
    try:
        os.link(current, target)
    except OSError:
        shutil.copy2(current, target)
    history.prune_snapshots(ward_dir)
    return target


def list_backups(ward_dir: str | Path) -> list[Path]:
    """Return the ward's backups (its dated snapshots), oldest first."""
    return history.list_snapshots(ward_dir)


def _requests_conformed(
    requests: Mapping[str, tuple[pd.DataFrame | None, dict[str, Any]]],
) -> tuple[dict[str, _Request], list[Problem]]:
    """Conform each layer's rows (before taking the lock); return the values that did not
    convert. The rules are checked on the rows once merged with the store."""
    out: dict[str, _Request] = {}
    problems: list[Problem] = []
    for name, (frame, options) in requests.items():
        rows, found = conform_layer(name, frame if frame is not None else empty_layer(name))
        problems += found
        overlap = merge.isin(rows["id"], pd.Series(options.get("delete_ids", ()), dtype="string"))
        if overlap.any():
            raise ValueError(
                f"'delete_ids' should not name rows of 'upserts', got "
                f"{', '.join(map(str, rows['id'][overlap][:5]))} in both"
            )
        out[name] = _Request(rows=rows, **options)
    return out, problems


def _apply(
    ward_dir: str | Path,
    requests: Mapping[str, tuple[pd.DataFrame | None, dict[str, Any]]],
    *,
    note: str,
    backup: bool,
    validate: bool,
    actor: audit.Actor | None = None,
) -> dict[str, LayerChange]:
    """Apply changes to several layers in one atomic write (the one write path)."""
    ward_dir = Path(ward_dir)
    _require_ward(ward_dir)
    checked, problems = _requests_conformed(requests)
    with ward_lock(ward_dir):
        path = gpkg_path(ward_dir)
        exists = path.is_file()
        meta = _meta_of(path)
        present = _layers_in(path) if exists else set()
        _refuse_conflicts(path, checked)
        plans = {name: _plan(ward_dir, name, r, meta, present) for name, r in checked.items()}
        if validate:
            for plan in plans.values():
                problems += find_problems(plan.name, plan.rows)
            problems += _reference_check(ward_dir, plans)
        if problems:
            raise ValidationError(problems, context=str(ward_dir))
        changed = [plan for plan in plans.values() if plan.changes]
        versions = {name: plan.previous for name, plan in plans.items()}
        saved = None
        sweep_temps(path)  # of writers killed before they could clean up
        if changed or not exists:
            with atomic_path(path) as tmp:
                if exists:
                    shutil.copyfile(path, tmp)
                for plan in changed:
                    _write_plan(tmp, plan)
                written = [plan.name for plan in changed]
                for name in [] if exists else [n for n in LAYER_NAMES if n not in written]:
                    gpkg.write_layer_file(tmp, name, empty_layer(name), append=False)
                versions.update(_write_meta(tmp, meta, written, note or ", ".join(written)))
                if actor is not None and exists:
                    _write_trail(tmp, actor, changed)
                saved = _backup(ward_dir, path) if backup else None
    return {
        name: _result(plan, saved if plan.changes else None, versions[name])
        for name, plan in plans.items()
    }


def _refuse_conflicts(path: Path, requests: Mapping[str, _Request]) -> None:
    """Raise :class:`ConflictError` when a feature's stored version is not the expected one."""
    found: list[FeatureConflict] = []
    for name, r in requests.items():
        if r.expected:
            ids = pd.Series(list(r.expected), dtype="string")
            stored, known = _stored_rows(path, name, _stored_ids(path, name), ids)
            stored = stored[known] if known.any() else empty_layer(name)
            found += feature_conflicts(name, stored, r.rows, r.delete_ids, r.expected)
    if found:
        raise ConflictError(found)


def _write_trail(path: Path, actor: audit.Actor, plans: Iterable[_Plan]) -> None:
    entries = {
        p.name: audit.layer_entries(
            p.name, p.write_rows, _aligned_current(p), _written_status(p), p.removed_ids
        )
        for p in plans
    }
    audit.append(path, actor, entries)


def _written_status(plan: _Plan) -> np.ndarray:
    return plan.status if plan.replace else plan.status[plan.status != "unchanged"]


def _aligned_current(plan: _Plan) -> gpd.GeoDataFrame:
    if len(plan.current) != len(plan.rows):  # nothing stored: every row is new
        return plan.current
    return plan.current if plan.replace else plan.current[plan.status != "unchanged"]


def _result(plan: _Plan, backup: Path | None, version: str) -> LayerChange:
    counts = pd.Series(plan.status).value_counts()
    return LayerChange(
        layer=plan.name,
        status=plan.status,
        new=int(counts.get("new", 0)),
        updated=int(counts.get("updated", 0)),
        unchanged=int(counts.get("unchanged", 0)),
        deleted=len(plan.removed_ids),
        backup=backup,
        version=version,
        previous_version=plan.previous,
        moved=plan.moved,
        merged_with_base=plan.merged_with_base,
    )


def apply_changes(
    ward_dir: str | Path,
    layer: str,
    *,
    upserts: pd.DataFrame | None = None,
    delete_ids: Iterable[str] = (),
    replace: bool = False,
    keep_missing: bool = False,
    based_on: str | None = None,
    note: str = "",
    backup: bool = True,
    validate: bool = True,
    actor: audit.Actor | None = None,
    expected: Mapping[str, str] | None = None,
) -> LayerChange:
    """Apply one change to one layer under the ward's lock; return what it did.

    Holds the ward's lock from the read of the stored layer, through the merge and the
    validation (the rows' own rules, then references between layers), to the atomic
    replace of ``ward.gpkg`` with a backup of the previous file. Nothing is written when
    the change changes nothing, or when any problem is found.

    Parameters
    ----------
    ward_dir
        The ward folder.
    layer
        The layer to change (:data:`pipelines.model.schema.LAYER_NAMES`).
    upserts
        Rows to store, by ``id``: a row whose id is stored replaces that feature, others
        are added. Conformed to the layer first (any CRS; EPSG:4326 is stored).
    delete_ids
        Ids of features to remove (ids not stored are ignored).
    replace
        Make ``upserts`` the layer's whole content (features left out are removed).
    keep_missing
        A missing value (or geometry) in an upserted row keeps the stored value of its id
        instead of clearing it (the import's rule for empty cells).
    based_on
        The layer version the change was computed from (:func:`layer_version`, or
        ``frame.attrs[VERSION_ATTR]`` of :func:`read_layer`). When the layer has moved
        since, each cell the change left as it was in that version takes the value stored
        now (the version is looked up in ``backups/``; without it, only ``keep_missing``
        applies), and the statuses are counted against what is stored now. ``None``: the
        change does not depend on an earlier read.
    note
        Recorded in ``pccc_meta`` as the last change.
    backup
        Keep the previous ``ward.gpkg`` in ``backups/`` (a hard link).
    validate
        Check the rows against the data model and the references between layers.
    actor
        Who makes the change and how, for the audit trail (:mod:`pipelines.model.audit`,
        written in the same atomic write); ``None``: an import by the OS user.
    expected
        Feature id → the version the change was made from
        (:func:`pipelines.model.versions.feature_versions`; ``versions.ABSENT``: must not
        be stored). Checked under the lock: any other stored version refuses the change.

    Returns
    -------
    LayerChange

    Raises
    ------
    ValidationError
        A row breaks the data model or a reference (nothing is written).
    ConflictError
        A feature of ``expected`` changed since (nothing is written).
    StoreError
        The ward is locked for longer than :data:`LOCK_TIMEOUT_S` or cannot be written.
    ValueError
        ``delete_ids`` names a row of ``upserts``, or ``replace`` with ``delete_ids``.
    """
    get_layer(layer)
    delete_ids = tuple(str(i) for i in delete_ids)
    if replace and delete_ids:
        raise ValueError("'delete_ids' should be empty with 'replace=True', got ids to delete")
    options = {
        "delete_ids": delete_ids,
        "replace": replace,
        "keep_missing": keep_missing,
        "based_on": based_on,
        "expected": dict(expected) if expected is not None else None,
    }
    results = _apply(
        ward_dir,
        {layer: (upserts, options)},
        note=note,
        backup=backup,
        validate=validate,
        actor=actor or audit.Actor(note=note),
    )
    return results[layer]


def write_layers(
    ward_dir: str | Path,
    layers: Mapping[str, pd.DataFrame],
    *,
    note: str = "",
    backup: bool = True,
    validate: bool = True,
    actor: audit.Actor | None = None,
) -> Path | None:
    """Replace some layers of a ward atomically; return the backup of the previous store.

    Layers not named in ``layers`` are kept as they are. Every frame is conformed and
    validated first (including references between layers) and nothing is written when
    any problem is found. The same locked write as :func:`apply_changes` with
    ``replace=True``, for several layers at once. Audited only with an ``actor`` (a new
    or sample ward's first content is not a change anyone made).
    """
    requests = {name: (frame, {"replace": True}) for name, frame in layers.items()}
    results = _apply(
        ward_dir,
        requests,
        note=note or ", ".join(layers),
        backup=backup,
        validate=validate,
        actor=actor,
    )
    return next((r.backup for r in results.values() if r.backup is not None), None)


def apply_layer_changes(
    ward_dir: str | Path, changes: Mapping[str, Mapping[str, Any]], *, actor: audit.Actor
) -> dict[str, LayerChange]:
    """Apply changes to several layers in ONE atomic, audited write (an inspection: its
    record, its violations and the premises' summary). ``changes`` maps a layer to
    :func:`apply_changes` options (``upserts``, ``delete_ids``, ``based_on``)."""
    requests = {
        name: (opts.get("upserts"), {k: v for k, v in opts.items() if k != "upserts"})
        for name, opts in changes.items()
    }
    return _apply(ward_dir, requests, note=actor.note, backup=True, validate=True, actor=actor)


# --- Settings -------------------------------------------------------------------------------


def save_config(ward_dir: str | Path, config: WardConfig) -> None:
    """Replace ``ward.toml`` as a whole, atomically and under the ward's lock.

    For a change to some settings, use :func:`update_config` (it re-reads the file under
    the lock, so another person's saved settings survive).
    """
    ward_dir = Path(ward_dir)
    with ward_lock(ward_dir):
        sweep_temps(config_path(ward_dir))
        atomic_write(config_path(ward_dir), dumps_config(config))


def update_config(
    ward_dir: str | Path,
    section: str,
    values: Mapping[str, Any],
    *,
    based_on: WardConfig | None = None,
    user: str = "",
) -> WardConfig:
    """Change some settings of one section of ``ward.toml``; return the saved settings.

    Under the ward's lock: re-read ``ward.toml``, apply ``values``, validate, write
    atomically. Settings saved meanwhile by someone else (other sections, other keys)
    are kept.

    Parameters
    ----------
    section
        A section of :data:`pipelines.model.settings.SECTIONS` (``"thresholds"`` …).
    values
        Setting name → new value.
    based_on
        The settings the values were edited from (a form's starting point): only the
        values that differ from it are applied, so a key the user left alone keeps what
        another person saved meanwhile.
    user
        Who changes them (audit trail, ``how="settings"``); empty: the OS user.

    Raises
    ------
    ConfigError
        A value is unknown, mistyped or out of range (nothing is written).
    """
    ward_dir = Path(ward_dir)
    _require_ward(ward_dir)
    if section not in SECTIONS:
        raise ValueError(
            f"'section' should be one of {', '.join(SECTIONS)}, got '{section}' instead"
        )
    with ward_lock(ward_dir):
        current = load_config(config_path(ward_dir))
        if based_on is not None:
            seen = section_dict(based_on, section)
            values = {k: v for k, v in values.items() if k not in seen or seen[k] != v}
        if not values:
            return current
        updated = current.replace(section, **values)
        entries = audit.settings_entries(
            section, section_dict(current, section), section_dict(updated, section)
        )
        sweep_temps(config_path(ward_dir))
        # The entries are committed right after the settings file is replaced, in place in
        # ward.gpkg (still under the lock; the current file is shared with no snapshot).
        with contextlib.closing(sqlite3.connect(gpkg_path(ward_dir))) as con:
            audit.write_entries(con, audit.Actor(user, "settings"), {audit.SETTINGS_LAYER: entries})
            atomic_write(config_path(ward_dir), dumps_config(updated))
            con.commit()
    return updated


def init_ward(
    ward_dir: str | Path,
    *,
    name: str,
    crs_metric: str = "EPSG:3405",
    province: str = "",
    synthetic: bool = False,
    config: WardConfig | None = None,
) -> Path:
    """Create an empty ward folder: ``ward.toml`` with every default and an empty GeoPackage.

    Refuses a folder that already holds a ward.
    """
    ward_dir = Path(ward_dir)
    if config_path(ward_dir).exists() or gpkg_path(ward_dir).exists():
        raise StoreError(
            f"Thư mục {ward_dir} đã có dữ liệu phường; không ghi đè.",
            f"{ward_dir} already holds a ward; refusing to overwrite it",
        )
    base = config if config is not None else WardConfig()
    data = to_dict(base)
    data["ward"].update(name=name, crs_metric=crs_metric, province=province, synthetic=synthetic)
    cfg = config_from_dict(data)
    ward_dir.mkdir(parents=True, exist_ok=True)
    save_config(ward_dir, cfg)
    write_layers(ward_dir, {n: empty_layer(n) for n in LAYER_NAMES}, note="init", backup=False)
    return ward_dir
