"""Stage 3 of an import, *convert values*: cells as read into values of the layer's fields.

Per field kind: enum values through their aliases (:func:`pipelines.ingest.headers.match_values`,
user and saved choices first), numbers with Vietnamese separators, text (whole numbers lose
their ``.0``), Excel serial dates, times ("7h30", 0.3125). Empty cells take the user's
defaults; premises without a management level take their category's; roads without a kind
take the one their name starts with; references to other layers ("TDP 03") become ids.
Cells that cannot be converted are problems of their row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from pipelines.ingest import addresses, coordinates, headers, osm
from pipelines.ingest.context import ImportContext, RowProblem, RowProblems
from pipelines.ingest.fill import fill_absent
from pipelines.ingest.source import Note
from pipelines.model import store
from pipelines.model.errors import InputFileError
from pipelines.model.schema import DEFAULT_MANAGEMENT_LEVEL, Field, Layer, get_layer

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


@dataclass(frozen=True)
class ValuesConverted:
    """The fields' values, ready for :func:`pipelines.model.validate.conform_layer`.

    Attributes
    ----------
    fields
        One column per field the file provides (or a default or rule fills), row positions
        of the source table; ``id`` as stripped text.
    value_maps
        Per enum field, source value → code (``None`` when no code matched).
    provided
        The fields the file (or a default) gives: an update keeps the stored value of the
        others.
    notes
        Defaults applied, values derived.
    problems
        Cells that could not be converted, by row position.
    """

    fields: pd.DataFrame
    value_maps: dict[str, dict[str, str | None]]
    provided: frozenset[str]
    notes: tuple[Note, ...] = ()
    problems: tuple[RowProblem, ...] = ()


def convert_values(
    fields: pd.DataFrame,
    ctx: ImportContext,
    *,
    value_overrides: Mapping[str, Mapping[str, str]] | None = None,
    defaults: Mapping[str, str] | None = None,
    saved: headers.SavedMapping | None = None,
) -> ValuesConverted:
    """Convert the mapped cells of ``fields`` into values of ``ctx.layer``'s fields.

    Parameters
    ----------
    fields
        The mapped source cells (:attr:`pipelines.ingest.columns.ColumnsMapped.fields`);
        left unchanged.
    ctx
        The ward and target layer.
    value_overrides
        Per field, source value → enum code chosen by the user.
    defaults
        Per field, a value for empty cells (the saved mapping's defaults apply first).
    saved
        The mapping saved for the layer (value choices and defaults).

    Raises
    ------
    InputFileError
        A default names a field the layer does not have.
    """
    rows = RowProblems(len(fields))
    fields, notes = apply_defaults(fields.copy(deep=False), ctx, defaults or {}, saved)
    fields, value_maps = _convert_kinds(fields, ctx.layer, value_overrides or {}, saved, rows)
    fields, filled = fill_absent(fields, ctx.layer)  # a required column the file lacks
    fields, derived = layer_defaults(fields, ctx.layer)
    fields = resolve_references(fields, ctx, rows)
    provided = frozenset(fields.columns)
    if "id" in fields.columns and len(fields):
        fields["id"] = as_text(fields["id"]).str.strip()
    return ValuesConverted(
        fields, value_maps, provided, tuple(notes + filled + derived), tuple(rows.problems)
    )


def map_distinct(values: pd.Series, mapping: Mapping[object, object]) -> pd.Series:
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


def as_text(values: pd.Series) -> pd.Series:
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


def excel_dates(values: pd.Series) -> pd.Series:
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


def clock_times(values: pd.Series) -> pd.Series:
    """Turn times ("7h30", "7:30", 0.3125 of a day, ``datetime.time``) into "HH:MM"."""

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


def _field_numbers(values: pd.Series, f: Field) -> tuple[pd.Series, pd.Series]:
    """Parse a numeric field (thousands dots allowed for whole numbers and money)."""
    return coordinates.parse_numbers(values, thousands_dot=f.kind == "int" or f.unit == "VNĐ")


def _convert_kinds(
    fields: pd.DataFrame,
    layer: Layer,
    value_overrides: Mapping[str, Mapping[str, str]],
    saved: headers.SavedMapping | None,
    rows: RowProblems,
) -> tuple[pd.DataFrame, dict[str, dict[str, str | None]]]:
    value_maps: dict[str, dict[str, str | None]] = {}
    out = pd.DataFrame(index=fields.index)
    for name in fields.columns:
        f = layer.field(name)
        col = fields[name]
        if f.kind == "enum" and f.enum is not None:
            overrides = {
                **(saved.values.get(name, {}) if saved else {}),
                **value_overrides.get(name, {}),
            }
            text = as_text(col)
            table = headers.match_values(text, f.enum.name, overrides=overrides)
            value_maps[name] = {str(k): v for k, v in table.items()}
            mapped = map_distinct(text, table)
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
            out[name] = as_text(col)
        elif f.kind == "date":
            out[name] = excel_dates(col)
        elif f.kind == "time":
            out[name] = clock_times(col)
        else:
            out[name] = col
    return out, value_maps


def apply_defaults(
    fields: pd.DataFrame,
    ctx: ImportContext,
    defaults: Mapping[str, str],
    saved: headers.SavedMapping | None,
) -> tuple[pd.DataFrame, list[Note]]:
    """Fill empty cells (and absent fields) with the saved, then the given, defaults."""
    notes: list[Note] = []
    defaults = {**(saved.defaults if saved else {}), **dict(defaults)}
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


def layer_defaults(fields: pd.DataFrame, layer: Layer) -> tuple[pd.DataFrame, list[Note]]:
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
        fields["management_level"] = map_distinct(fields["category"], DEFAULT_MANAGEMENT_LEVEL)
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


def reference_key(value: object) -> str:
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
        for key, fid in zip(frame[column].map(reference_key), frame["id"], strict=True):
            if key:
                table.setdefault(key, str(fid))
    for fid in frame["id"]:
        table[str(fid)] = str(fid)
    return table


def resolve_references(fields: pd.DataFrame, ctx: ImportContext, rows: RowProblems) -> pd.DataFrame:
    """Turn references to features of other layers (by id, name or number) into their ids."""
    for f in ctx.layer.fields:
        if f.references is None or f.name not in fields.columns:
            continue
        col = as_text(fields[f.name])
        present = col.notna() & col.astype("str").str.strip().ne("")
        if not present.any():
            continue
        target = store.read_layer(ctx.ward_dir, f.references, validate=False)
        lookup = _reference_lookup(target)
        keys = {v: v if v in lookup else reference_key(v) for v in pd.unique(col.dropna())}
        resolved = map_distinct(map_distinct(col, keys), lookup)
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
