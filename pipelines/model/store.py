"""The ward store: one folder, one GeoPackage, one ``ward.toml``. Reads validate; writes are atomic.

Layout of a ward folder::

    ward.toml        settings (pipelines.model.settings), commented with units and sources
    ward.gpkg        every layer of pipelines.model.schema, EPSG:4326, plus a ``pccc_meta`` table
    backups/         the previous ward.gpkg of each write (newest ``KEEP_BACKUPS`` kept)
    imports/         original files of each import (written by pipelines.ingest)

A write copies the current GeoPackage to a temporary file in the same folder, writes the
changed layers into the copy, flushes it to disk and renames it over ``ward.gpkg``
(``os.replace`` is atomic on POSIX). A process killed at any point leaves either the old or
the new file, never a half-written one. Writers take an exclusive lock on ``.lock``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from pipelines.model.errors import StoreError, ValidationError
from pipelines.model.schema import LAYER_NAMES, STORAGE_CRS, get_layer
from pipelines.model.settings import (
    WardConfig,
    config_from_dict,
    dumps_config,
    load_config,
    to_dict,
)
from pipelines.model.validate import (
    conform_layer,
    empty_layer,
    find_problems,
    reference_problems,
)

GPKG_NAME = "ward.gpkg"
CONFIG_NAME = "ward.toml"
BACKUP_DIR = "backups"
IMPORT_DIR = "imports"
LOCK_NAME = ".lock"
META_TABLE = "pccc_meta"
SCHEMA_VERSION = "1"
KEEP_BACKUPS = 20
LOCK_TIMEOUT_S = 30.0


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


def read_layer(ward_dir: str | Path, name: str, *, validate: bool = True) -> gpd.GeoDataFrame:
    """Read one layer of a ward, conformed to the data model (empty if absent)."""
    layer = get_layer(name)
    path = gpkg_path(ward_dir)
    if not path.is_file() or name not in _layers_in(path):
        return empty_layer(name)
    try:
        raw = pyogrio.read_dataframe(path, layer=name, use_arrow=False)
    except Exception as exc:  # pyogrio raises DataSourceError / DataLayerError and friends
        raise StoreError(
            f"Không đọc được lớp '{name}' trong {path}: {exc}",
            f"cannot read layer '{name}' from {path}: {exc}",
        ) from exc
    if layer.geometry is None and not isinstance(raw, gpd.GeoDataFrame):
        raw = gpd.GeoDataFrame(raw, geometry=gpd.GeoSeries([None] * len(raw)), crs=STORAGE_CRS)
    frame, problems = conform_layer(name, raw)
    if validate:
        problems += find_problems(name, frame)
        if problems:
            raise ValidationError(problems, context=str(path))
    return frame


def _layers_in(path: Path) -> set[str]:
    try:
        return {str(row[0]) for row in pyogrio.list_layers(path)}
    except Exception as exc:
        raise StoreError(
            f"Tệp {path} không phải GeoPackage đọc được: {exc}",
            f"{path} is not a readable GeoPackage: {exc}",
        ) from exc


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
    return Ward(path=ward_dir, config=config, layers=layers)


@contextlib.contextmanager
def ward_lock(ward_dir: str | Path, *, timeout_s: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the ward's exclusive write lock (``fcntl.flock`` on ``.lock``)."""
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
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_layer_file(path: Path, name: str, frame: gpd.GeoDataFrame) -> None:
    layer = get_layer(name)
    frame = frame.copy()
    for column in frame.columns:
        if str(frame[column].dtype) == "string":
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    if layer.geometry is None:
        table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        pyogrio.write_dataframe(table, path, layer=name, driver="GPKG")
        return
    kwargs = {}
    if layer.geometry == "Polygon":
        kwargs["promote_to_multi"] = True
        geometry_type = "MultiPolygon"
    else:
        geometry_type = layer.geometry
    pyogrio.write_dataframe(
        frame, path, layer=name, driver="GPKG", geometry_type=geometry_type, **kwargs
    )


def _write_meta(path: Path, note: str) -> None:
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value TEXT)")
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        rows = [("schema_version", SCHEMA_VERSION), ("written_at", now), ("last_change", note)]
        con.executemany(f"INSERT OR REPLACE INTO {META_TABLE} VALUES (?, ?)", rows)
        con.commit()


def read_meta(ward_dir: str | Path) -> dict[str, str]:
    """Return the ``pccc_meta`` table (schema version, last write time and note)."""
    path = gpkg_path(ward_dir)
    if not path.is_file():
        return {}
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        try:
            return dict(con.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
        except sqlite3.OperationalError:
            return {}


def _clean_stale_temps(ward_dir: Path) -> None:
    for tmp in ward_dir.glob(".ward.tmp-*.gpkg"):
        with contextlib.suppress(OSError):
            tmp.unlink()


def _backup(ward_dir: Path, current: Path) -> Path | None:
    if not current.exists():
        return None
    backups = ward_dir / BACKUP_DIR
    backups.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups / f"ward-{stamp}.gpkg"
    try:
        os.link(current, target)
    except OSError:
        shutil.copy2(current, target)
    old = sorted(backups.glob("ward-*.gpkg"))
    for stale in old[:-KEEP_BACKUPS]:
        with contextlib.suppress(OSError):
            stale.unlink()
    return target


def list_backups(ward_dir: str | Path) -> list[Path]:
    """Return the ward's backups, oldest first."""
    return sorted((Path(ward_dir) / BACKUP_DIR).glob("ward-*.gpkg"))


def write_layers(
    ward_dir: str | Path,
    layers: Mapping[str, pd.DataFrame],
    *,
    note: str = "",
    backup: bool = True,
    validate: bool = True,
) -> Path | None:
    """Replace some layers of a ward atomically; return the backup of the previous store.

    Layers not named in ``layers`` are kept as they are. Every frame is conformed and
    validated first (including references between layers) and nothing is written when
    any problem is found.
    """
    ward_dir = Path(ward_dir)
    _require_ward(ward_dir)
    conformed: dict[str, gpd.GeoDataFrame] = {}
    problems = []
    for name, frame in layers.items():
        out, found = conform_layer(name, frame)
        conformed[name] = out
        problems += found
        if validate:
            problems += find_problems(name, out)
    with ward_lock(ward_dir):
        if validate:
            everything = {
                name: conformed.get(name)
                if name in conformed
                else read_layer(ward_dir, name, validate=False)
                for name in LAYER_NAMES
            }
            problems += reference_problems(everything)
        if problems:
            raise ValidationError(problems, context=str(ward_dir))
        current = gpkg_path(ward_dir)
        _clean_stale_temps(ward_dir)
        tmp = ward_dir / f".ward.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}.gpkg"
        try:
            if current.exists():
                shutil.copyfile(current, tmp)
            for name, frame in conformed.items():
                _write_layer_file(tmp, name, frame)
            if not current.exists():
                for name in LAYER_NAMES:
                    if name not in conformed:
                        _write_layer_file(tmp, name, empty_layer(name))
            _write_meta(tmp, note or ", ".join(conformed))
            _fsync_file(tmp)
            saved = _backup(ward_dir, current) if backup else None
            os.replace(tmp, current)
            _fsync_dir(ward_dir)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
    return saved


def save_config(ward_dir: str | Path, config: WardConfig) -> None:
    """Write ``ward.toml`` atomically (temporary file, fsync, rename)."""
    ward_dir = Path(ward_dir)
    target = config_path(ward_dir)
    tmp = ward_dir / f".{CONFIG_NAME}.tmp-{os.getpid()}"
    tmp.write_text(dumps_config(config), encoding="utf-8")
    _fsync_file(tmp)
    os.replace(tmp, target)
    _fsync_dir(ward_dir)


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
