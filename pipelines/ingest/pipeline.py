"""Import a user's file into a ward layer: preview first, then commit.

:func:`prepare_import` reads the file, maps columns and values, converts text, resolves
coordinates, matches address-only rows to existing households/premises, checks every row
with :func:`pipelines.model.validate.conform_layer` and :func:`pipelines.model.validate.find_problems`
(so the rules live in one place), flags duplicates and compares the result with the store.
It returns an :class:`ImportPreview`; nothing is written.

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
import hashlib
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from pipelines.ingest import addresses, coordinates, encodings, headers, namekeys, osm
from pipelines.ingest.formats import (
    Note,
    ReadOptions,
    SourceTable,
    collector_paused,
    column_samples,
    read_source,
)
from pipelines.model import store, tables
from pipelines.model.errors import InputFileError, Problem, StoreError
from pipelines.model.files import atomic_write
from pipelines.model.schema import DEFAULT_MANAGEMENT_LEVEL, STORAGE_CRS, Field, Layer, get_layer
from pipelines.model.settings import WardConfig
from pipelines.model.validate import conform_layer, find_problems

ROW = "Dòng"
FIELDS = "Trường"
REASON_VI = "Lý do"
REASON_EN = "Reason"
STATUS_LABELS = {
    "new": ("Mới", "New"),
    "updated": ("Cập nhật", "Updated"),
    "unchanged": ("Không đổi", "Unchanged"),
    "rejected": ("Bị loại", "Rejected"),
}
# Prefix of generated ids (rows whose file has no identifier column).
ID_PREFIX = {
    "ward_boundary": "rg",
    "residential_groups": "tdp",
    "premises": "cs",
    "households": "hgd",
    "firefighting_points": "dcc",
    "safety_groups": "tlg",
    "water_sources": "nn",
    "water_bodies": "mn",
    "roads": "dg",
    "barriers": "vc",
    "incidents": "vu",
    "buildings": "ct",
}
_COORD_NUMERIC = {"coord_lat", "coord_lon", "coord_x", "coord_y"}
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


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

    def mapping_dict(self) -> dict[str, str | None]:
        """Return source column → target, as used (for saving)."""
        return {m.column: m.target for m in self.mapping}

    def accepted_table(self, lang: str = "vi", *, limit: int | None = None) -> pd.DataFrame:
        """Return the accepted rows with row number, status and labelled fields (for display)."""
        layer = get_layer(self.layer)
        head = self.frame if limit is None else self.frame.head(limit)
        rows = self.rows if limit is None else self.rows[:limit]
        status = self.status if limit is None else self.status[:limit]
        idx = 0 if lang == "vi" else 1
        out = pd.DataFrame(
            {
                ROW if lang == "vi" else "Row": rows,
                "Trạng thái" if lang == "vi" else "Status": [STATUS_LABELS[s][idx] for s in status],
            }
        )
        for f in layer.fields:
            col = head[f.name]
            if f.enum is not None:
                col = col.map(f.enum.labels(lang)).fillna(col)
            out[f.label(lang)] = col.to_numpy()
        if layer.geometry == "Point":
            geoms = head.geometry.to_numpy()
            out["Kinh độ" if lang == "vi" else "Longitude"] = shapely.get_x(geoms)
            out["Vĩ độ" if lang == "vi" else "Latitude"] = shapely.get_y(geoms)
        return out


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


# --- Helpers --------------------------------------------------------------------------------


@dataclass
class _Rows:
    """Problems collected per row position while preparing an import."""

    n: int
    problems: list[tuple[int, str, str, str, str]] = field(default_factory=list)

    def add(self, positions: np.ndarray, field_name: str, values: object, vi: str, en: str) -> None:
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
        mask = np.zeros(self.n, dtype=bool)
        if self.problems:
            mask[[p[0] for p in self.problems]] = True
        return mask


@dataclass
class _Clock:
    """Seconds spent in each stage of an import (``ImportPreview.timings``)."""

    laps: dict[str, float] = field(default_factory=dict)
    start: float = field(default_factory=time.perf_counter)

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = now - self.start
        self.start = now


def _load(source: str | Path | tuple[str, bytes]) -> tuple[str, bytes]:
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


def _map_distinct(values: pd.Series, mapping: Mapping[object, object]) -> pd.Series:
    """Return ``values.map(mapping)``, looking each distinct value up once.

    String columns (few distinct values: categories, tổ dân phố) are factorised, their
    distinct values and a missing value mapped, and the results spread back to the rows;
    other columns are mapped directly.
    """
    if values.dtype == object or not pd.api.types.is_string_dtype(values):
        return values.map(mapping)
    codes, uniques = pd.factorize(values)
    distinct = pd.Series(uniques, dtype=values.dtype)
    if (codes < 0).any():
        distinct = pd.concat([distinct, pd.Series([None], dtype=values.dtype)], ignore_index=True)
        codes = np.where(codes < 0, len(distinct) - 1, codes)
    return distinct.map(mapping).iloc[codes].set_axis(values.index).rename(values.name)


def _isin(values: pd.Series, other: pd.Series | pd.Index) -> np.ndarray:
    """Return ``values.isin(other).to_numpy()``; for two Arrow text columns, with one
    Arrow set lookup (pandas makes one Arrow scalar per value of ``other`` first)."""
    if (
        isinstance(values.dtype, pd.StringDtype)
        and values.dtype.storage == "pyarrow"
        and isinstance(other.dtype, pd.StringDtype)
    ):
        if not len(other):
            return np.zeros(len(values), dtype=bool)
        value_set = pa.array(other.array, type=pa.large_string(), from_pandas=True)
        found = pc.is_in(encodings.arrow_strings(values), value_set=value_set)
        return np.asarray(found, dtype=bool)
    return values.isin(other).to_numpy()


def _as_text(values: pd.Series) -> pd.Series:
    """Return values as text; whole floats lose their ``.0`` (ids and codes read as numbers)."""
    if pd.api.types.is_float_dtype(values):
        whole = values.notna() & (values == np.floor(values))
        text = values.astype("str")
        text[whole] = values[whole].astype("int64").astype("str")
        return text.where(values.notna())
    if pd.api.types.is_integer_dtype(values):
        return values.astype("str").where(values.notna())
    if values.dtype == object:

        def one(v: object) -> object:
            if isinstance(v, float):
                return None if np.isnan(v) else (str(int(v)) if v.is_integer() else str(v))
            if isinstance(v, dt.datetime | dt.date | dt.time):
                return v.isoformat()
            return v if v is None or isinstance(v, str) else str(v)

        return values.map(one)
    return values.astype("str").where(values.notna())


def _dates(values: pd.Series) -> pd.Series:
    """Turn Excel serial day numbers into dates; other values pass to ``conform_layer``."""
    if values.dtype != object and not pd.api.types.is_numeric_dtype(values):
        return values  # text or dates already
    obj = values.astype(object)
    serial = obj.map(
        lambda v: isinstance(v, int | float) and not isinstance(v, bool) and 1 < v < 80_000
    )
    if not serial.any():
        return values
    out = obj.copy()
    out[serial] = _EXCEL_EPOCH + pd.to_timedelta(obj[serial].astype("float64"), unit="D")
    return out


def _times(values: pd.Series) -> pd.Series:
    def one(v: object) -> object:
        if isinstance(v, dt.time | dt.datetime):
            return v.strftime("%H:%M")
        if isinstance(v, float) and 0 <= v < 1:
            minutes = round(v * 24 * 60)
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
        if isinstance(v, str):
            m = re.fullmatch(r"\s*(\d{1,2})\s*[:hg]\s*(\d{2})?\s*(?::\d{2})?\s*", v)
            if m:
                return f"{int(m.group(1)):02d}:{m.group(2) or '00'}"
        return v

    return values.astype(object).map(one)


def _reference_key(value: object) -> str:
    """Fold a reference ("TDP 03", "Tổ dân phố số 3", "Tổ 3") to a comparable key ("3")."""
    text = addresses.normalise_address(value)
    text = re.sub(r"\b(?:tdp|to dan pho|to|so|lien gia)\b", " ", text)
    tokens = [(t.lstrip("0") or "0") if t.isdigit() else t for t in text.split()]
    return " ".join(tokens)


def _reference_lookup(frame: gpd.GeoDataFrame) -> dict[str, str]:
    table: dict[str, str] = {}
    for column in ("id", "name"):
        if column not in frame.columns:
            continue
        for key, fid in zip(frame[column].map(_reference_key), frame["id"], strict=True):
            if key:
                table.setdefault(key, str(fid))
    for fid in frame["id"]:
        table[str(fid)] = str(fid)
    return table


# Byte → its two upper-case hexadecimal digits, as one little-endian uint16 (digits in order).
_HEX_PAIRS = np.array(
    [ord(f"{b:02X}"[0]) | (ord(f"{b:02X}"[1]) << 8) for b in range(256)], dtype=np.uint16
)


def _hex_wkb(geoms: np.ndarray) -> pa.LargeStringArray:
    """Return the WKB of each geometry in upper-case hexadecimal ("" for missing ones).

    The same text as ``shapely.to_wkb(geoms, hex=True)``, with the hexadecimal digits
    written for all geometries at once.
    """
    wkb = shapely.to_wkb(geoms)
    present = pd.notna(wkb)
    lengths = np.zeros(len(wkb), dtype=np.int64)
    lengths[present] = [len(b) for b in wkb[present]]
    offsets = np.zeros(len(wkb) + 1, dtype=np.int64)
    np.cumsum(2 * lengths, out=offsets[1:])
    digits = _HEX_PAIRS[np.frombuffer(b"".join(wkb[present]), dtype=np.uint8)]
    return pa.LargeStringArray.from_buffers(len(wkb), pa.py_buffer(offsets), pa.py_buffer(digits))


def _generated_ids(layer: str, frame: pd.DataFrame, geoms: np.ndarray) -> pd.Series:
    """Return ids made from each row's position (WKB to 1e-6°), name and address.

    The id is the layer's prefix and the first 10 hexadecimal digits of the SHA-1 of
    "<hex WKB>|<name>|<address>" (empty text for missing values).
    """
    parts = []
    for c in ("name", "address"):
        if c not in frame.columns:
            continue
        col = frame[c]
        if not isinstance(col.dtype, pd.StringDtype):
            col = col.astype(object).where(col.notna(), "").astype(str)
        parts.append(pc.fill_null(encodings.arrow_strings(col), ""))
    with collector_paused():
        wkb = _hex_wkb(shapely.set_precision(geoms, 1e-6))
    keys = pc.binary_join_element_wise(wkb, *parts, pa.scalar("|", pa.large_string()))
    prefix = ID_PREFIX.get(layer, layer)
    if not len(keys):
        return pd.Series([], index=frame.index, dtype=object)
    _, offset_buffer, data_buffer = keys.buffers()
    offsets = np.frombuffer(offset_buffer, dtype=np.int64)[
        keys.offset : keys.offset + len(keys) + 1
    ]
    text = memoryview(data_buffer if data_buffer is not None else b"")
    ids = [
        f"{prefix}-{hashlib.sha1(text[a:b]).hexdigest()[:10]}"
        for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)
    ]
    return pd.Series(ids, index=frame.index)


def _position_ids(n: int) -> pd.Series:
    """Return row positions as text ids ("0", "1", …) so that problems name positions."""
    return pd.Series(pa.array(np.arange(n)).cast(pa.large_string()), dtype="string")


def _equal(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Return, position by position, whether two columns hold the same value (or both none).

    Floats are equal within 1e-9; text columns are compared as Arrow strings.
    """
    a_na, b_na = a.isna().to_numpy(), b.isna().to_numpy()
    both = ~a_na & ~b_na
    same = np.zeros(len(a), dtype=bool)
    if both.any() and isinstance(a.dtype, pd.StringDtype) and isinstance(b.dtype, pd.StringDtype):
        equal = pc.equal(encodings.arrow_strings(a), encodings.arrow_strings(b))
        same = np.asarray(pc.fill_null(equal, False), dtype=bool) & both
    elif both.any():
        left, right = a.to_numpy()[both], b.to_numpy()[both]
        if pd.api.types.is_float_dtype(a) and pd.api.types.is_float_dtype(b):
            same[both] = np.isclose(left.astype(float), right.astype(float), rtol=0, atol=1e-9)
        else:
            same[both] = left == right
    return same | (a_na & b_na)


# --- The preparation ------------------------------------------------------------------------


@dataclass
class _Context:
    layer: Layer
    config: WardConfig
    existing: gpd.GeoDataFrame
    boundary: gpd.GeoDataFrame
    area: shapely.Geometry | None
    ward_dir: Path


def _context(ward_dir: Path, layer_name: str) -> _Context:
    layer = get_layer(layer_name)
    if not store.config_path(ward_dir).is_file():
        raise StoreError(
            f"Thư mục {ward_dir} không phải thư mục dữ liệu phường (thiếu {store.CONFIG_NAME})",
            f"{ward_dir} is not a ward folder (no {store.CONFIG_NAME})",
        )
    config = store.load_config(store.config_path(ward_dir))
    with collector_paused():  # a stored layer of many features
        existing = store.read_layer(ward_dir, layer_name, validate=False)
        boundary = store.read_layer(ward_dir, "ward_boundary", validate=False)
    area = None
    if layer_name != "ward_boundary":
        area = coordinates.boundary_area(
            boundary, crs_metric=config.ward.crs_metric, margin_m=config.ingest.boundary_margin_m
        )
    return _Context(layer, config, existing, boundary, area, ward_dir)


def _source_fields(
    table: SourceTable, ctx: _Context, options: ImportOptions, saved: headers.SavedMapping | None
) -> tuple[pd.DataFrame, list[headers.ColumnMatch], dict[str, pd.Series]]:
    """Return the frame of schema fields, the column mapping and the coordinate columns."""
    matches = headers.match_columns(
        table.frame.columns,
        ctx.layer.name,
        saved=saved.columns if saved else None,
        overrides=options.columns,
    )
    fields = pd.DataFrame(index=table.frame.index)
    coords: dict[str, pd.Series] = {}
    for m in matches:
        if m.target is None:
            continue
        if m.target in headers.COORDINATE_TARGETS:
            coords[m.target] = table.frame[m.column]
        else:
            fields[m.target] = table.frame[m.column]
    return fields, matches, coords


def _convert_values(
    fields: pd.DataFrame,
    layer: Layer,
    options: ImportOptions,
    saved: headers.SavedMapping | None,
    rows: _Rows,
) -> tuple[pd.DataFrame, dict[str, dict[str, str | None]]]:
    value_maps: dict[str, dict[str, str | None]] = {}
    out = pd.DataFrame(index=fields.index)
    for name in fields.columns:
        f = layer.field(name)
        col = fields[name]
        if f.kind == "enum" and f.enum is not None:
            overrides = {
                **(saved.values.get(name, {}) if saved else {}),
                **options.values.get(name, {}),
            }
            text = _as_text(col)
            table = headers.match_values(text, f.enum.name, overrides=overrides)
            value_maps[name] = {str(k): v for k, v in table.items()}
            mapped = _map_distinct(text, table)
            out[name] = mapped.where(mapped.notna(), text)
        elif f.kind in ("int", "float"):
            numbers, bad = _field_numbers(col, f)
            rows.add(
                np.flatnonzero(bad.to_numpy()),
                name,
                col[bad].tolist(),
                "phải là số" if f.kind == "float" else "phải là số nguyên",
                "should be a number" if f.kind == "float" else "should be a whole number",
            )
            out[name] = numbers
        elif f.kind == "str":
            out[name] = _as_text(col)
        elif f.kind == "date":
            out[name] = _dates(col)
        elif f.kind == "time":
            out[name] = _times(col)
        else:
            out[name] = col
    return out, value_maps


def _field_numbers(values: pd.Series, f: Field) -> tuple[pd.Series, pd.Series]:
    """Parse a numeric field (thousands dots allowed for whole numbers and money)."""
    return coordinates.parse_numbers(values, thousands_dot=f.kind == "int" or f.unit == "VNĐ")


def _apply_defaults(
    fields: pd.DataFrame, ctx: _Context, options: ImportOptions, saved: headers.SavedMapping | None
) -> tuple[pd.DataFrame, list[Note]]:
    notes: list[Note] = []
    defaults = {**(saved.defaults if saved else {}), **dict(options.defaults)}
    if ctx.layer.name == "ward_boundary":
        defaults.setdefault("name", ctx.config.ward.name)
    for name, value in defaults.items():
        if not ctx.layer.has_field(name):
            raise InputFileError(
                f"Lớp '{ctx.layer.name}' không có trường '{name}' để đặt giá trị mặc định",
                f"'defaults' should name fields of '{ctx.layer.name}', got '{name}' instead",
            )
        if value is None or value == "":
            continue
        if name not in fields.columns:
            fields[name] = pd.Series(value, index=fields.index, dtype=object)
        else:
            fields[name] = fields[name].astype(object).where(fields[name].notna(), value)
        notes.append(
            Note(
                "default",
                f"Ô trống của '{ctx.layer.field(name).vi}' nhận giá trị mặc định '{value}'",
                f"Empty cells of '{name}' take the default '{value}'",
            )
        )
    return fields, notes


def _layer_defaults(fields: pd.DataFrame, layer: Layer) -> tuple[pd.DataFrame, list[Note]]:
    """Fill fields the source lacks that the data model derives from others.

    Premises without a "management level" column take the default of their category
    (:data:`pipelines.model.schema.DEFAULT_MANAGEMENT_LEVEL`); roads without a kind take the
    one written at the start of their name (Ngõ, Ngách, Hẻm, Kiệt, Phố, Đường).
    """
    notes: list[Note] = []
    if (
        layer.name == "premises"
        and "category" in fields.columns
        and "management_level" not in fields.columns
    ):
        fields["management_level"] = _map_distinct(fields["category"], DEFAULT_MANAGEMENT_LEVEL)
        notes.append(
            Note(
                "management_level",
                "Tệp không có cột cấp quản lý: lấy theo loại hình (NĐ 105/2025/NĐ-CP)",
                "No management-level column: derived from the category (Decree 105/2025)",
            )
        )
    if layer.name == "roads" and "name" in fields.columns:
        derived = osm.kind_from_name(fields["name"].astype(object))
        current = fields["kind"] if "kind" in fields.columns else None
        fields["kind"] = derived if current is None else current.where(current.notna(), derived)
    return fields, notes


def _resolve_references(fields: pd.DataFrame, ctx: _Context, rows: _Rows) -> pd.DataFrame:
    for f in ctx.layer.fields:
        if f.references is None or f.name not in fields.columns:
            continue
        col = _as_text(fields[f.name])
        present = col.notna() & col.astype("str").str.strip().ne("")
        if not present.any():
            continue
        target = store.read_layer(ctx.ward_dir, f.references, validate=False)
        lookup = _reference_lookup(target)
        keys = {v: v if v in lookup else _reference_key(v) for v in pd.unique(col.dropna())}
        resolved = _map_distinct(_map_distinct(col, keys), lookup)
        missing = present & resolved.isna()
        ref = get_layer(f.references)
        rows.add(
            np.flatnonzero(missing.to_numpy()),
            f.name,
            col[missing].tolist(),
            f"không có trong lớp '{ref.vi}' của phường",
            f"is not in the ward's layer '{ref.en}'",
        )
        fields[f.name] = resolved.where(present)
    return fields


@dataclass
class _Geometry:
    geoms: np.ndarray
    crs: coordinates.CrsDetection | None = None
    geographic_crs: str | None = None
    swapped: int = 0
    x_is_northing: bool | None = None
    notes: list[Note] = field(default_factory=list)


def _geometry_from_file(
    table: SourceTable, ctx: _Context, options: ImportOptions, rows: _Rows
) -> _Geometry:
    geoms = np.asarray(table.geometry, dtype=object)
    geoms = np.where(shapely.is_missing(geoms), None, geoms)
    geoms = shapely.force_2d(geoms)
    present = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    detection = None
    source_crs = table.crs
    if options.crs:
        detection = coordinates.CrsDetection(coordinates.check_crs(options.crs), "override")
        source_crs = detection.crs
    elif source_crs is not None:
        detection = coordinates.CrsDetection(source_crs, "file")
    bounds = shapely.bounds(geoms[present]) if present.any() else np.zeros((0, 4))
    metric_values = len(bounds) and np.nanmedian(np.abs(bounds[:, [0, 1]])) > 1000
    if (source_crs is None or source_crs == STORAGE_CRS) and metric_values and not options.crs:
        centres = shapely.centroid(geoms[present])
        x, y = shapely.get_x(centres), shapely.get_y(centres)
        swap_xy = (
            np.median(x) > coordinates.NORTHING_RANGE_M[0]
            and np.median(y) < coordinates.EASTING_RANGE_M[1]
        )
        east, north = (y, x) if swap_xy else (x, y)
        detection = coordinates.detect_projected_crs(
            east, north, ward_crs=ctx.config.ward.crs_metric, area=ctx.area
        )
        if swap_xy:
            geoms = np.where(present, coordinates.swap_axes(geoms), geoms)
        source_crs = detection.crs
    swapped = 0
    if present.any() and source_crs not in (None, STORAGE_CRS):
        series = gpd.GeoSeries(geoms, crs=source_crs).to_crs(STORAGE_CRS)
        geoms = series.to_numpy()
    if present.any():
        flip = coordinates.swapped_geometries(geoms) & present
        swapped = int(flip.sum())
        if swapped:
            geoms = np.where(flip, coordinates.swap_axes(geoms), geoms)
    out = _Geometry(geoms, detection, source_crs if detection is None else None, swapped)
    return out


def _geometry_from_columns(
    coords: dict[str, pd.Series],
    table: SourceTable,
    ctx: _Context,
    options: ImportOptions,
    rows: _Rows,
) -> _Geometry:
    n = len(table.frame)
    if "coord_wkt" in coords:
        geoms, bad = coordinates.parse_wkt(coords["coord_wkt"])
        rows.add(
            np.flatnonzero(bad.to_numpy()),
            "geometry",
            coords["coord_wkt"][bad].tolist(),
            "hình học WKT không đọc được",
            "unreadable WKT geometry",
        )
        crs = coordinates.check_crs(options.crs) if options.crs else STORAGE_CRS
        if crs != STORAGE_CRS:
            geoms = gpd.GeoSeries(geoms, crs=crs).to_crs(STORAGE_CRS).to_numpy()
        detection = coordinates.CrsDetection(crs, "override" if options.crs else "default")
        return _Geometry(geoms, detection)
    pairs = (("coord_lat", "coord_lon"), ("coord_x", "coord_y"))
    first = second = None
    for a, b in pairs:
        if a in coords and b in coords:
            first, bad_a = coordinates.parse_numbers(coords[a])
            second, bad_b = coordinates.parse_numbers(coords[b])
            for col, bad in ((a, bad_a), (b, bad_b)):
                rows.add(
                    np.flatnonzero(bad.to_numpy()),
                    headers.COORDINATE_TARGETS[col][0],
                    coords[col][bad].tolist(),
                    "tọa độ không đọc được (số thập phân, hoặc độ°phút'giây\")",
                    "unreadable coordinate (decimal number or degrees°minutes'seconds\")",
                )
            break
    if first is None and "coord_pair" in coords:
        first, second, bad = coordinates.split_pairs(coords["coord_pair"])
        rows.add(
            np.flatnonzero(bad.to_numpy()),
            headers.COORDINATE_TARGETS["coord_pair"][0],
            coords["coord_pair"][bad].tolist(),
            "không tách được hai tọa độ trong ô",
            "cannot split the two coordinates of the cell",
        )
    if first is None:
        return _Geometry(np.full(n, None, dtype=object))
    resolution = coordinates.resolve_points(
        first.to_numpy(),
        second.to_numpy(),
        override=options.crs,
        prj=table.crs if table.crs not in (None, STORAGE_CRS) else None,
        ward_crs=ctx.config.ward.crs_metric,
        area=ctx.area,
    )
    invalid = resolution.kind == "invalid"
    rows.add(
        np.flatnonzero(invalid),
        "geometry",
        [
            f"{a}, {b}"
            for a, b in zip(first.to_numpy()[invalid], second.to_numpy()[invalid], strict=True)
        ],
        "tọa độ không hợp lệ (một giá trị là độ, một giá trị là mét)",
        "invalid coordinates (one value in degrees, the other in metres)",
    )
    ok = np.isfinite(resolution.lon) & np.isfinite(resolution.lat)
    geoms = np.full(n, None, dtype=object)
    with collector_paused():
        geoms[ok] = shapely.points(resolution.lon[ok], resolution.lat[ok])
    return _Geometry(
        geoms,
        resolution.projected,
        resolution.geographic_crs if (resolution.kind == "degrees").any() else None,
        int(resolution.swapped.sum()),
        resolution.x_is_northing,
    )


def _fit_geometry_kind(
    geom: _Geometry, layer: Layer, rows_numbers: np.ndarray
) -> tuple[_Geometry, np.ndarray]:
    """Bring geometries to the layer's kind; return them and, per feature, its source position.

    Points from polygons or lines take a representative point; MultiLineStrings of a line
    layer are merged, and split into one feature per part when they do not join.
    """
    geoms = geom.geoms
    origin = np.arange(len(geoms))
    if layer.geometry is None or not len(geoms):
        return geom, origin
    types = shapely.get_type_id(geoms)
    if layer.geometry == "Point":
        area_like = np.isin(types, [1, 2, 3, 5, 6, 7]) & ~shapely.is_missing(geoms)
        single_multi = (types == 4) & (shapely.get_num_geometries(geoms) == 1)
        if area_like.any():
            geoms = geoms.copy()
            geoms[area_like] = shapely.point_on_surface(geoms[area_like])
            geom.notes.append(
                Note(
                    "representative_point",
                    f"{int(area_like.sum())} đối tượng vùng/đường được thay bằng một điểm bên trong",
                    f"{int(area_like.sum())} polygons/lines were replaced by a point inside them",
                )
            )
        if single_multi.any():
            geoms[single_multi] = shapely.get_geometry(geoms[single_multi], 0)
    elif layer.geometry == "LineString":
        multi = types == 5
        if multi.any():
            geoms = geoms.copy()
            geoms[multi] = shapely.line_merge(geoms[multi])
            types = shapely.get_type_id(geoms)
            still = types == 5
            if still.any():
                still_pos = np.flatnonzero(still)
                parts, index = shapely.get_parts(geoms[still_pos], return_index=True)
                origin = np.concatenate([np.flatnonzero(~still), still_pos[index]])
                geoms = np.concatenate([geoms[~still], parts])
                order = np.argsort(origin, kind="stable")
                origin, geoms = origin[order], geoms[order]
                geom.notes.append(
                    Note(
                        "explode",
                        f"{int(still.sum())} đường gồm nhiều đoạn rời được tách thành từng đoạn",
                        f"{int(still.sum())} multi-part lines were split into their parts",
                    )
                )
    geom.geoms = geoms
    return geom, origin


def _locate_by_address(
    fields: pd.DataFrame, geoms: np.ndarray, ctx: _Context, rows: _Rows, existing_geom: pd.Series
) -> tuple[np.ndarray, int, list[Note]]:
    """Give rows without coordinates the stored geometry of their id, else of their address."""
    notes: list[Note] = []
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if not missing.any() or ctx.layer.geometry is None:
        return geoms, 0, notes
    geoms = geoms.copy()
    if "id" in fields.columns and len(existing_geom):
        stored = fields["id"].map(existing_geom).to_numpy()
        take = missing & ~pd.isna(stored)
        if take.any():
            geoms[take] = stored[take]
            missing &= ~take
            notes.append(
                Note(
                    "kept_geometry",
                    f"{int(take.sum())} dòng không có tọa độ giữ vị trí đã lưu của mã tương ứng",
                    f"{int(take.sum())} rows without coordinates keep the stored position of their id",
                )
            )
    if not missing.any():
        return geoms, 0, notes
    has_address = (
        fields["address"].notna().to_numpy()
        if "address" in fields.columns
        else np.zeros(len(fields), bool)
    )
    todo = missing & has_address
    rows.add(
        np.flatnonzero(missing & ~has_address),
        "geometry",
        None,
        "thiếu tọa độ và không có địa chỉ để tìm vị trí",
        "no coordinates and no address to locate the row",
    )
    if not todo.any():
        return geoms, 0, notes
    layers = {ctx.layer.name: ctx.existing}
    for name in ("households", "premises"):
        if name not in layers:
            layers[name] = store.read_layer(ctx.ward_dir, name, validate=False)
    index = addresses.AddressIndex.from_layers(layers)
    names = [ctx.config.ward.name, *ctx.config.ingest.former_ward_names.split(";")]
    matches = addresses.match_addresses(
        fields["address"][todo].astype(object), index, ward_names=names
    )
    positions = np.flatnonzero(todo)
    matched = matches.status == "matched"
    geoms[positions[matched]] = matches.geometry[matched]
    labels = {
        "unmatched": (
            "thiếu tọa độ; địa chỉ không khớp hộ gia đình hay cơ sở nào đã có",
            "no coordinates; the address matches no stored household or premises",
        ),
        "ambiguous": (
            "thiếu tọa độ; địa chỉ khớp nhiều hộ/cơ sở, không chọn được vị trí",
            "no coordinates; the address matches several households/premises",
        ),
        "other_ward": (
            "thiếu tọa độ; địa chỉ ghi phường khác (không phải phường này)",
            "no coordinates; the address names another ward",
        ),
    }
    for status, (vi, en) in labels.items():
        sel = matches.status == status
        rows.add(positions[sel], "address", fields["address"][todo][sel].tolist(), vi, en)
    located = int(matched.sum())
    if located:
        notes.append(
            Note(
                "address_match",
                f"{located} dòng không có tọa độ được định vị theo địa chỉ khớp với hộ/cơ sở đã có",
                f"{located} rows without coordinates were located by matching the address of a stored household/premises",
            )
        )
    return geoms, located, notes


def _check_location(geoms: np.ndarray, ctx: _Context, rows: _Rows) -> list[Note]:
    notes: list[Note] = []
    if ctx.layer.geometry is None:
        return notes
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if not present.any():
        return notes
    inside_vn = np.zeros(len(geoms), dtype=bool)
    inside_vn[present] = coordinates.geometries_inside_vietnam(geoms[present])
    outside = present & ~inside_vn
    w, s, e, n = coordinates.vietnam_bounds()
    centre = shapely.centroid(geoms[outside])
    rows.add(
        np.flatnonzero(outside),
        "geometry",
        [
            f"{y:.5f}, {x:.5f}"
            for x, y in zip(shapely.get_x(centre), shapely.get_y(centre), strict=True)
        ],
        f"nằm ngoài lãnh thổ Việt Nam (kinh độ {w:g}–{e:g}, vĩ độ {s:g}–{n:g})".replace(".", ","),
        f"outside Vietnam (longitude {w:g}–{e:g}, latitude {s:g}–{n:g})",
    )
    if ctx.area is None:
        if ctx.layer.name != "ward_boundary":
            notes.append(
                Note(
                    "no_boundary",
                    "Phường chưa có ranh giới: chỉ kiểm tra tọa độ nằm trong Việt Nam",
                    "The ward has no boundary yet: only checked that coordinates lie in Vietnam",
                )
            )
        return notes
    check = present & inside_vn
    inside = np.zeros(len(geoms), dtype=bool)
    if check.any():
        if ctx.layer.geometry == "Point":
            pts = geoms[check]
            inside[check] = shapely.contains_xy(ctx.area, shapely.get_x(pts), shapely.get_y(pts))
        else:
            inside[check] = shapely.intersects(ctx.area, geoms[check])
    far = check & ~inside
    margin = ctx.config.ingest.boundary_margin_m
    centre = shapely.centroid(geoms[far])
    rows.add(
        np.flatnonzero(far),
        "geometry",
        [
            f"{y:.5f}, {x:.5f}"
            for x, y in zip(shapely.get_x(centre), shapely.get_y(centre), strict=True)
        ],
        f"nằm ngoài ranh giới phường (xa hơn {margin:g} m)",
        f"outside the ward boundary (more than {margin:g} m)",
    )
    return notes


def _to_metric(geoms: np.ndarray, crs_metric: str) -> np.ndarray:
    """Project EPSG:4326 geometries to the metric CRS (points straight through pyproj)."""
    if len(geoms) and (shapely.get_type_id(geoms) == 0).all():
        x, y = coordinates.transform_xy(shapely.get_x(geoms), shapely.get_y(geoms), crs_metric)
        with collector_paused():
            return shapely.points(x, y)
    return gpd.GeoSeries(geoms, crs=STORAGE_CRS).to_crs(crs_metric).to_numpy()


def _duplicates(
    frame: gpd.GeoDataFrame,
    row_numbers: np.ndarray,
    ctx: _Context,
    rows: _Rows,
    accepted: np.ndarray,
) -> pd.DataFrame:
    """Reject repeated ids (keeping the first) and flag same-name features a few metres apart."""
    records: list[dict[str, object]] = []
    ids = frame["id"]
    dup = (ids.duplicated(keep="first") & ids.notna()).to_numpy() & accepted
    if dup.any():
        first_row = (
            pd.Series(row_numbers, index=ids.index).groupby(ids).transform("first").to_numpy()
        )
        for pos in np.flatnonzero(dup):
            rows.add(
                [pos],
                "id",
                ids.iloc[pos],
                f"trùng mã với dòng {first_row[pos]}",
                f"same id as row {first_row[pos]}",
            )
            records.append(
                {
                    ROW: row_numbers[pos],
                    "id": ids.iloc[pos],
                    "kind": "same_id",
                    "other": f"{first_row[pos]}",
                    "distance_m": 0.0,
                }
            )
    if "name" not in frame.columns or ctx.layer.geometry is None:
        return pd.DataFrame(records, columns=[ROW, "id", "kind", "other", "distance_m"])
    distance = ctx.config.ingest.duplicate_distance_m
    keep = (
        accepted
        & ~dup
        & frame["name"].notna().to_numpy()
        & ~shapely.is_missing(frame.geometry.to_numpy())
    )
    n_new = int(keep.sum())
    if n_new == 0 or distance <= 0:
        return pd.DataFrame(records, columns=[ROW, "id", "kind", "other", "distance_m"])
    existing = ctx.existing
    if "name" in existing.columns and len(existing):
        existing = existing[existing["name"].notna().to_numpy() & ~_isin(existing["id"], ids[keep])]
    else:
        existing = existing.iloc[0:0]
    names = pd.concat([frame["name"][keep], existing["name"]], ignore_index=True)
    # Compare names without case, diacritics, spaces or punctuation (as integer codes, equal
    # for equal keys); only names that occur more than once go on to the distance test.
    keys = pc.dictionary_encode(namekeys.name_keys(names)).indices.to_numpy().astype(np.int64)
    counts = np.bincount(keys, minlength=1)
    repeated = counts[keys] > 1
    in_new = np.zeros(len(counts), dtype=bool)
    in_new[keys[:n_new][repeated[:n_new]]] = True
    repeated[n_new:] &= in_new[keys[n_new:]]
    if not repeated[:n_new].any():
        return pd.DataFrame(records, columns=[ROW, "id", "kind", "other", "distance_m"])
    fids = np.concatenate([ids[keep].to_numpy(dtype=object), existing["id"].to_numpy(dtype=object)])
    labels = np.concatenate([row_numbers[keep], np.zeros(len(existing), dtype=int)])
    where = np.flatnonzero(repeated)
    geoms = _to_metric(
        np.concatenate([frame.geometry.to_numpy()[keep], existing.geometry.to_numpy()])[where],
        ctx.config.ward.crs_metric,
    )
    new_part = where < n_new
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms[new_part], predicate="dwithin", distance=distance)
    left = np.flatnonzero(new_part)[left]
    li, ri = where[left], where[right]
    sel = (li != ri) & (keys[li] == keys[ri]) & (fids[li] != fids[ri]) & ((ri >= n_new) | (li < ri))
    for a, b, i, j in zip(left[sel], right[sel], li[sel], ri[sel], strict=True):
        records.append(
            {
                ROW: labels[i],
                "id": fids[i],
                "kind": "same_name_near",
                "other": str(labels[j]) if j < n_new else f"id {fids[j]}",
                "distance_m": round(float(shapely.distance(geoms[a], geoms[b])), 2),
            }
        )
    return pd.DataFrame(records, columns=[ROW, "id", "kind", "other", "distance_m"])


def _single(geoms: np.ndarray) -> np.ndarray:
    """Return one-part multi-geometries as their single part (the store writes MultiPolygon)."""
    types = shapely.get_type_id(geoms)
    one = np.isin(types, [4, 5, 6]) & (shapely.get_num_geometries(geoms) == 1)
    if not one.any():
        return geoms
    out = geoms.copy()
    out[one] = shapely.get_geometry(geoms[one], 0)
    return out


def _compare(
    frame: gpd.GeoDataFrame, existing: gpd.GeoDataFrame, layer: Layer, provided: set[str]
) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Merge empty cells with stored values and return each feature's status."""
    status = np.full(len(frame), "new", dtype=object)
    if existing.empty or not len(frame):
        return frame, status
    stored = existing.drop_duplicates("id").set_index("id")
    known = _isin(frame["id"], stored.index)
    if not known.any():
        return frame, status
    old = stored.reindex(frame["id"])
    old.index = frame.index
    merged = frame.copy()
    same = np.ones(len(frame), dtype=bool)
    for f in layer.fields:
        if f.name == "id":
            continue
        new_col = merged[f.name]
        old_col = old[f.name].astype(new_col.dtype) if f.name in old.columns else new_col
        if f.name not in provided:
            merged[f.name] = old_col.where(pd.Series(known, index=frame.index), new_col)
        else:
            merged[f.name] = new_col.where(
                new_col.notna() | ~pd.Series(known, index=frame.index), old_col
            )
        same &= _equal(merged[f.name], old_col)
    if layer.geometry is not None:
        new_geom = merged.geometry.to_numpy()
        old_geom = (
            old.geometry.to_numpy() if "geometry" in old.columns else np.full(len(frame), None)
        )
        missing_new = shapely.is_missing(new_geom)
        new_geom = np.where(missing_new & known, old_geom, new_geom)
        merged = merged.set_geometry(gpd.GeoSeries(new_geom, index=frame.index, crs=STORAGE_CRS))
        same_geom = shapely.equals_exact(_single(new_geom), _single(old_geom), tolerance=1e-7)
        same_geom = np.where(
            shapely.is_missing(new_geom) & shapely.is_missing(old_geom), True, same_geom
        )
        same &= same_geom.astype(bool)
    status[known & same] = "unchanged"
    status[known & ~same] = "updated"
    return merged, status


def prepare_import(
    source: str | Path | tuple[str, bytes], ward_dir: str | Path, options: ImportOptions
) -> ImportPreview:
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
    name, data = _load(source)
    ctx = _context(ward_dir, options.layer)
    layer = ctx.layer
    saved = headers.load_mapping(ward_dir, layer.name) if options.use_saved_mapping else None
    if options.text_mode not in ("auto", "tcvn3", "vni", "unicode"):
        raise InputFileError(
            f"Chế độ chuyển mã '{options.text_mode}' không hợp lệ (auto, tcvn3, vni, unicode)",
            f"'text_mode' should be one of 'auto', 'tcvn3', 'vni' or 'unicode', got '{options.text_mode}' instead",
        )

    def numeric_columns(names: list[str]) -> set[str]:
        matches = headers.match_columns(
            names, layer.name, saved=saved.columns if saved else None, overrides=options.columns
        )
        return {m.column for m in matches if _is_numeric_target(m.target, layer)}

    table = read_source(
        data,
        name,
        ReadOptions(
            layer=layer.name,
            sheet=options.sheet,
            header_row=options.header_row,
            encoding=options.encoding,
            text_mode=options.text_mode,
            numeric_columns=numeric_columns,
        ),
    )
    n = len(table.frame)
    rows = _Rows(n)
    clock.lap("read")
    notes: list[Note] = list(table.notes)
    use_osm = table.osm and layer.name in osm.LAYER_FILTERS
    if use_osm:
        fields, tag_map = osm.osm_to_layer(table.frame, layer.name, ctx.config.ingest)
        matches = [
            headers.ColumnMatch(tag, target, 100, (), "osm") for tag, target in tag_map.items()
        ]
        coords: dict[str, pd.Series] = {}
        if layer.name == "water_sources" and ctx.config.ingest.osm_water_source_status:
            notes.append(
                Note(
                    "osm_status",
                    "OpenStreetMap không ghi tình trạng nguồn nước: đặt theo [ingest] "
                    f"osm_water_source_status = '{ctx.config.ingest.osm_water_source_status}'; hãy kiểm tra thực tế",
                    "OpenStreetMap has no status for water sources: set from [ingest] "
                    f"osm_water_source_status = '{ctx.config.ingest.osm_water_source_status}'; check on site",
                )
            )
    else:
        fields, matches, coords = _source_fields(table, ctx, options, saved)
    fields, default_notes = _apply_defaults(fields, ctx, options, saved)
    notes += default_notes
    fields, value_maps = _convert_values(fields, layer, options, saved, rows)
    fields, derived_notes = _layer_defaults(fields, layer)
    notes += derived_notes
    fields = _resolve_references(fields, ctx, rows)
    provided = set(fields.columns)

    clock.lap("columns_values")
    # Geometry
    if layer.geometry is None:
        geom = _Geometry(np.full(n, None, dtype=object))
    elif coords:
        geom = _geometry_from_columns(coords, table, ctx, options, rows)
        if table.geometry is not None:
            with collector_paused():
                from_file = _geometry_from_file(table, ctx, options, rows)
            missing = shapely.is_missing(geom.geoms)
            geom.geoms = np.where(missing, from_file.geoms, geom.geoms)
    elif table.geometry is not None:
        with collector_paused():
            geom = _geometry_from_file(table, ctx, options, rows)
    else:
        geom = _Geometry(np.full(n, None, dtype=object))
        if "address" not in fields.columns and n:
            notes.append(
                Note(
                    "no_coordinates",
                    "Không tìm thấy cột tọa độ (vĩ độ/kinh độ, X/Y) hay cột địa chỉ",
                    "No coordinate columns (latitude/longitude, X/Y) nor an address column found",
                )
            )
    existing_geom = (
        pd.Series(ctx.existing.geometry.to_numpy(), index=ctx.existing["id"].astype(object))
        if layer.geometry is not None and len(ctx.existing)
        else pd.Series(dtype=object)
    )
    existing_geom = existing_geom[~existing_geom.index.duplicated()]
    if "id" in fields.columns:
        fields["id"] = _as_text(fields["id"]).str.strip() if len(fields) else fields["id"]
    geoms, located, address_notes = _locate_by_address(fields, geom.geoms, ctx, rows, existing_geom)
    geom.geoms = geoms
    notes += address_notes + geom.notes
    geom, origin = _fit_geometry_kind(geom, layer, table.row_numbers)
    notes += [x for x in geom.notes if x not in notes]
    if len(origin) != n:
        fields = fields.iloc[origin].reset_index(drop=True)
    row_numbers = table.row_numbers[origin] if n else table.row_numbers
    location_rows = _Rows(len(origin))
    notes += _check_location(geom.geoms, ctx, location_rows)

    clock.lap("coordinates")
    # Ids
    ids = (
        fields["id"]
        if "id" in fields.columns
        else pd.Series(None, index=fields.index, dtype=object)
    )
    no_id = ids.isna() | ids.astype("str").str.strip().eq("")
    if no_id.any():
        generated = _generated_ids(
            layer.name, fields[no_id.to_numpy()], geom.geoms[no_id.to_numpy()]
        )
        ids = ids.astype(object).where(~no_id, generated)
        if len(origin) != n:
            parts = pd.Series(origin).groupby(origin).cumcount().to_numpy()
            multi = pd.Series(origin).duplicated(keep=False).to_numpy()
            ids = ids.where(~multi, ids.astype("str") + "-" + (parts + 1).astype(str))
        notes.append(
            Note(
                "generated_ids",
                f"{int(no_id.sum())} dòng không có mã: mã được tạo từ tên và vị trí (nhập lại sẽ không bị trùng)",
                f"{int(no_id.sum())} rows have no id: ids were made from name and position (re-imports do not duplicate)",
            )
        )
    fields["id"] = ids

    # Validation (rules of pipelines.model.validate), problems mapped back to row positions
    candidate = (
        gpd.GeoDataFrame(
            fields.reset_index(drop=True),
            geometry=gpd.GeoSeries(geom.geoms, crs=STORAGE_CRS),
            crs=STORAGE_CRS,
        )
        if layer.geometry is not None
        else gpd.GeoDataFrame(
            fields.reset_index(drop=True),
            geometry=gpd.GeoSeries([None] * len(fields), crs=STORAGE_CRS),
        )
    )
    conformed, convert_problems = conform_layer(
        layer.name, candidate.assign(id=_position_ids(len(candidate)))
    )
    conformed["id"] = ids.astype("str").str.strip().array
    check = conformed.assign(id=_position_ids(len(conformed)))
    rule_problems = [p for p in find_problems(layer.name, check) if p.field != "id"]
    # Per-feature problem lists (features may outnumber rows when lines were split)
    feature_rows = _Rows(len(conformed))
    located_rows = {p[0] for p in rows.problems if p[1] in ("geometry", "address")}
    feature_rows.problems = [
        (int(p.feature_id), p.field, p.value, p.reason_vi, p.reason_en)
        for p in convert_problems + rule_problems
        if not (
            p.reason_en == "geometry is missing" and int(origin[int(p.feature_id)]) in located_rows
        )
    ]
    feature_rows.problems += location_rows.problems
    # Source-row problems apply to every feature made from the row
    if len(origin) == n:
        feature_rows.problems += rows.problems
    else:
        features_of: dict[int, list[int]] = {}
        for fpos, pos in enumerate(origin):
            features_of.setdefault(int(pos), []).append(fpos)
        for pos, fname, value, vi, en in rows.problems:
            for fpos in features_of.get(pos, []):
                feature_rows.problems.append((fpos, fname, value, vi, en))
    accepted = ~feature_rows.rejected()
    clock.lap("validate")
    duplicates = _duplicates(conformed, row_numbers, ctx, feature_rows, accepted)
    clock.lap("duplicates")
    accepted = ~feature_rows.rejected()
    # A source row is rejected if any of its features is
    row_rejected = np.zeros(n, dtype=bool)
    if len(origin):
        np.logical_or.at(row_rejected, origin, ~accepted)
    accepted = ~row_rejected[origin] if len(origin) else accepted
    frame = conformed[accepted].reset_index(drop=True)
    merged, status = _compare(
        frame, ctx.existing, layer, provided | ({"geometry"} if layer.geometry else set())
    )
    problems = _problems(layer.name, feature_rows, row_numbers)
    clock.lap("compare")
    rejects = _rejects_table(table, layer, feature_rows, origin, row_rejected)
    counts = _counts(n, row_rejected, origin[accepted], status)
    if geom.swapped:
        notes.append(
            Note(
                "swapped",
                f"{geom.swapped} dòng có vĩ độ và kinh độ (hoặc X và Y) bị đổi chỗ: đã đổi lại",
                f"{geom.swapped} rows had latitude and longitude (or X and Y) swapped: fixed",
            )
        )
    if geom.crs is not None and geom.crs.ambiguous:
        notes.append(
            Note(
                "crs_ambiguous",
                f"Nhiều múi chiếu VN-2000 phù hợp với tọa độ; đang dùng {geom.crs.crs} "
                f"({coordinates.crs_name(geom.crs.crs)}). Hãy chọn hệ tọa độ nếu sai.",
                f"Several VN-2000 zones fit the coordinates; using {geom.crs.crs} "
                f"({coordinates.crs_name(geom.crs.crs)}). Choose the CRS if this is wrong.",
            )
        )
    return ImportPreview(
        layer=layer.name,
        source_name=name,
        source_data=data,
        format=table.format,
        sheet=table.sheet,
        sheets=table.sheets,
        header_row=table.header_row,
        encoding=table.encoding,
        columns=tuple(table.frame.columns),
        mapping=tuple(matches),
        samples=column_samples(table.frame),
        value_maps=value_maps,
        crs=geom.crs,
        geographic_crs=geom.geographic_crs,
        swapped_rows=geom.swapped,
        x_is_northing=geom.x_is_northing,
        located_by_address=located,
        conversions=table.conversions,
        duplicates=duplicates,
        notes=tuple(notes),
        frame=merged,
        rows=row_numbers[accepted],
        status=status,
        rejects=rejects,
        problems=problems,
        counts=counts,
        options=options,
        ward_dir=ward_dir,
        osm=use_osm,
        timings=clock.laps,
        based_on=ctx.existing.attrs.get(store.VERSION_ATTR),
    )


def _problems(layer: str, rows: _Rows, row_numbers: np.ndarray) -> tuple[Problem, ...]:
    seen = set()
    out = []
    for pos, fname, value, vi, en in sorted(rows.problems, key=lambda p: p[0]):
        key = (int(row_numbers[pos]), fname, vi)
        if key in seen:
            continue
        seen.add(key)
        out.append(Problem(layer, str(row_numbers[pos]), fname, value, vi, en))
    return tuple(out)


def _field_label(layer: Layer, name: str, lang: str) -> str:
    if layer.has_field(name):
        return layer.field(name).label(lang)
    if name == "geometry":
        return "Tọa độ" if lang == "vi" else "Coordinates"
    return name


def _rejects_table(
    table: SourceTable, layer: Layer, rows: _Rows, origin: np.ndarray, row_rejected: np.ndarray
) -> pd.DataFrame:
    originals = table.frame.reset_index(drop=True)
    positions = np.flatnonzero(row_rejected)
    by_row: dict[int, list[tuple[str, str, str]]] = {}
    for fpos, fname, _, vi, en in rows.problems:
        pos = int(origin[fpos]) if len(origin) else fpos
        entries = by_row.setdefault(pos, [])
        if (fname, vi, en) not in entries:
            entries.append((fname, vi, en))

    def joined(pos: int, lang: str) -> str:
        return "; ".join(
            f"{_field_label(layer, f, lang)}: {vi if lang == 'vi' else en}"
            for f, vi, en in by_row.get(pos, [])
        )

    out = pd.DataFrame(
        {
            ROW: table.row_numbers[positions],
            FIELDS: pd.Series(
                [
                    "; ".join(
                        dict.fromkeys(_field_label(layer, f, "vi") for f, _, _ in by_row.get(p, []))
                    )
                    for p in positions
                ],
                dtype=object,
            ),
            REASON_VI: pd.Series([joined(p, "vi") for p in positions], dtype=object),
            REASON_EN: pd.Series([joined(p, "en") for p in positions], dtype=object),
        }
    )
    original = originals.iloc[positions].reset_index(drop=True).astype(object)
    original.columns = [c if c not in out.columns else f"{c} (gốc)" for c in original.columns]
    return pd.concat([out, original], axis=1)


def _counts(
    n: int, row_rejected: np.ndarray, accepted_origin: np.ndarray, status: np.ndarray
) -> ImportCounts:
    """Count source rows by outcome; a row split into several features counts once, by its
    strongest status (updated > new > unchanged)."""
    rank = pd.Series(np.select([status == "new", status == "updated"], [1, 2], 0), dtype="int64")
    per_row = rank.groupby(np.asarray(accepted_origin)).max()
    counts = per_row.value_counts()
    return ImportCounts(
        rows_in=n,
        new=int(counts.get(1, 0)),
        updated=int(counts.get(2, 0)),
        unchanged=int(counts.get(0, 0)),
        rejected=int(row_rejected.sum()),
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


def commit_import(preview: ImportPreview, ward_dir: str | Path | None = None) -> ImportResult:
    """Write an import's accepted rows into the ward store and keep its history.

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
