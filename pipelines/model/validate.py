"""Bring frames to the data model and find every problem in them.

:func:`conform_layer` coerces a frame's columns to the types of :mod:`pipelines.model.schema`
(missing optional columns are added empty, unknown columns are dropped) and
:func:`find_problems` lists every value that breaks a rule: required, type, enum, range,
time format, unique id, geometry kind and validity, coordinates inside EPSG:4326 bounds.
Both are used by the store on every load and save and by the importers row by row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from pipelines.model.errors import Problem, ValidationError
from pipelines.model.schema import STORAGE_CRS, Field, Layer, get_layer

_PANDAS_DTYPE = {
    "str": "string",
    "enum": "string",
    "time": "string",
    "int": "Int64",
    "float": "float64",
    "bool": "boolean",
    "date": "datetime64[ms]",
}
_GEOMETRY_TYPES = {
    "Point": {"Point"},
    "LineString": {"LineString"},
    "Polygon": {"Polygon", "MultiPolygon"},
}
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_TIME_ZONE_RE = re.compile(r"^(.*\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|[+-]\d{2}:?\d{2})$")
_TRUE = {"true", "1", "yes", "y", "x", "có", "co", "c", "đúng", "dung", "t"}
_FALSE = {"false", "0", "no", "n", "không", "khong", "k", "sai", "f", ""}


def empty_layer(name: str) -> gpd.GeoDataFrame:
    """Return an empty frame with the layer's columns, dtypes and CRS."""
    layer = get_layer(name)
    data = {f.name: pd.Series([], dtype=_PANDAS_DTYPE[f.kind]) for f in layer.fields}
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs=STORAGE_CRS), crs=STORAGE_CRS)


def _to_bool(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = values.astype("string").str.strip().str.lower()
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[text.isin(_TRUE).fillna(False).astype(bool)] = True
    out[text.isin(_FALSE).fillna(False).astype(bool) & text.ne("").fillna(False).astype(bool)] = (
        False
    )
    bad = text.notna() & ~text.isin(_TRUE | _FALSE)
    return out, bad.fillna(False).astype(bool)


def _coerce(series: pd.Series, f: Field) -> tuple[pd.Series, pd.Series]:
    """Coerce ``series`` to the field's dtype; return it and a mask of values that failed."""
    kind = f.kind
    if kind in ("str", "enum", "time"):
        return _stripped_text(series), pd.Series(False, index=series.index)
    if kind == "bool":
        if pd.api.types.is_bool_dtype(series):
            return series.astype("boolean"), pd.Series(False, index=series.index)
        if pd.api.types.is_numeric_dtype(series):
            bad = series.notna() & ~series.isin([0, 1])
            return series.where(~bad).astype("boolean"), bad
        return _to_bool(series)
    if kind in ("int", "float"):
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            numbers = series.astype("float64")
            bad = pd.Series(False, index=series.index)
        else:
            text = series.astype("string").str.strip()
            numbers = pd.to_numeric(text, errors="coerce").astype("float64")
            bad = (text.notna() & text.ne("") & numbers.isna()).fillna(False).astype(bool)
        if kind == "int":
            frac = numbers.notna() & (numbers != np.round(numbers))
            bad = bad | frac
            return numbers.where(~frac).round().astype("Int64"), bad
        return numbers, bad
    if kind == "date":
        if pd.api.types.is_datetime64_any_dtype(series):
            parsed = series
            if getattr(series.dt, "tz", None) is not None:
                parsed = series.dt.tz_localize(None)
            bad = pd.Series(False, index=series.index)
        else:
            text = series.astype("string").str.strip()
            parsed = _parse_dates(text)
            bad = (text.notna() & text.ne("") & parsed.isna()).fillna(False).astype(bool)
        return parsed.dt.normalize().astype("datetime64[ms]"), bad
    raise TypeError(f"unsupported field kind {kind!r}")


def _stripped_text(series: pd.Series) -> pd.Series:
    """Return ``series`` as text without surrounding whitespace, blank cells missing."""
    text = series.astype("string")
    if text.dtype.storage != "pyarrow":
        out = text.str.strip()
        return out.mask(out.eq("").fillna(False).astype(bool))
    # the same steps as Arrow kernels on the column's Arrow array
    values = pc.utf8_trim_whitespace(pa.array(text))
    values = pc.if_else(pc.equal(values, ""), pa.scalar(None, values.type), values)
    return pd.Series(values, dtype=text.dtype, index=text.index, name=text.name)


def _parse_dates(text: pd.Series) -> pd.Series:
    """Parse date text: ISO 8601 first, then day-first in any layout (NaT where neither fits).

    Each distinct value is parsed once and the results are spread back to the rows (a
    column holds few distinct dates); every value is parsed on its own, so the result is
    the same as parsing the rows one by one.
    """
    codes, uniques = pd.factorize(text)
    values = pd.Series(uniques, dtype=text.dtype)
    if (codes < 0).any():  # missing cells take the parse of a missing value (NaT)
        values = pd.concat([values, pd.Series([pd.NA], dtype=text.dtype)], ignore_index=True)
        codes = np.where(codes < 0, len(values) - 1, codes)
    # A date field holds the calendar date as written: drop a time zone after a time of day
    # ("…T10:00Z", "… 10:00+07:00"), so mixed zones parse instead of raising.
    values = values.str.replace(_TIME_ZONE_RE, r"\1", regex=True)
    parsed = pd.to_datetime(values, errors="coerce", format="ISO8601")
    retry = parsed.isna() & values.notna() & values.ne("")
    if retry.any():
        parsed[retry] = pd.to_datetime(
            values[retry], errors="coerce", dayfirst=True, format="mixed"
        )
    return parsed.iloc[codes].set_axis(text.index).rename(text.name)


def conform_layer(name: str, frame: pd.DataFrame) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Coerce ``frame`` to layer ``name``; return the frame and the values that did not convert.

    Values that cannot be converted become missing and are reported as problems (with
    ``feature_id`` the row's id, or its position when it has none). Geometry is
    reprojected to EPSG:4326 when the frame has another CRS.
    """
    layer = get_layer(name)
    problems: list[Problem] = []
    frame = frame.reset_index(drop=True)
    ids = _ids(frame)
    data: dict[str, pd.Series] = {}
    for f in layer.fields:
        if f.name not in frame.columns:
            data[f.name] = pd.Series(index=frame.index, dtype=_PANDAS_DTYPE[f.kind])
            continue
        coerced, bad = _coerce(frame[f.name], f)
        data[f.name] = coerced
        for pos in np.flatnonzero(bad.to_numpy()):
            problems.append(
                _problem(layer, ids[pos], f, frame[f.name].iloc[pos], *_TYPE_REASON[f.kind])
            )
    if isinstance(frame, gpd.GeoDataFrame) and frame.geometry.name in frame.columns:
        geometry = frame.geometry
        if geometry.crs is None:
            geometry = geometry.set_crs(STORAGE_CRS)
        elif not geometry.crs.equals(STORAGE_CRS):
            geometry = geometry.to_crs(STORAGE_CRS)
        geometry = gpd.GeoSeries(geometry.to_numpy(), index=frame.index, crs=STORAGE_CRS)
    else:
        geometry = gpd.GeoSeries([None] * len(frame), index=frame.index, crs=STORAGE_CRS)
    out = gpd.GeoDataFrame(data, geometry=geometry, crs=STORAGE_CRS)
    return out, problems


_TYPE_REASON = {
    "int": ("phải là số nguyên", "should be a whole number"),
    "float": ("phải là số", "should be a number"),
    "bool": ("phải là Có/Không", "should be yes/no"),
    "date": ("không phải ngày hợp lệ (ngày/tháng/năm)", "is not a valid date"),
}


class _Ids:
    """Feature ids by row position, looked up only for rows that have a problem.

    A row without an id is named by its 1-based position (``#12``).
    """

    def __init__(self, frame: pd.DataFrame):
        self._ids = frame["id"] if "id" in frame.columns else None

    def __getitem__(self, pos: int) -> str:
        value = None if self._ids is None else self._ids.iloc[pos]
        return f"#{pos + 1}" if value is None or pd.isna(value) else str(value)


def _ids(frame: pd.DataFrame) -> _Ids:
    return _Ids(frame)


def _problem(
    layer: Layer, feature_id: str, f: Field | str, value: object, vi: str, en: str
) -> Problem:
    name = f if isinstance(f, str) else f.name
    shown = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    return Problem(layer.name, feature_id, name, shown[:80], vi, en)


def find_problems(name: str, frame: gpd.GeoDataFrame) -> list[Problem]:
    """List every rule that a conformed frame of layer ``name`` breaks, row by row."""
    layer = get_layer(name)
    problems: list[Problem] = []
    ids = _ids(frame)
    for f in layer.fields:
        col = frame[f.name]
        if f.required:
            for pos in np.flatnonzero(col.isna().to_numpy()):
                problems.append(
                    _problem(
                        layer,
                        ids[pos],
                        f,
                        None,
                        "thiếu giá trị bắt buộc",
                        "required value is missing",
                    )
                )
        present = col.notna().to_numpy()
        if f.kind == "enum" and f.enum is not None:
            ok = col.isin(f.enum.codes()).fillna(False).to_numpy()
            for pos in np.flatnonzero(present & ~ok):
                problems.append(
                    _problem(
                        layer,
                        ids[pos],
                        f,
                        col.iloc[pos],
                        f"không thuộc danh mục '{f.vi}' ({', '.join(f.enum.labels('vi').values())})",
                        f"is not one of {', '.join(f.enum.codes())}",
                    )
                )
        if f.kind == "time":
            ok = col.fillna("").str.match(_TIME_RE).to_numpy()
            for pos in np.flatnonzero(present & ~ok):
                problems.append(
                    _problem(
                        layer,
                        ids[pos],
                        f,
                        col.iloc[pos],
                        "giờ phải có dạng HH:MM",
                        "time should read HH:MM",
                    )
                )
        if f.kind in ("int", "float") and (f.minimum is not None or f.maximum is not None):
            values = col.astype("float64").to_numpy()
            low = values < f.minimum if f.minimum is not None else np.zeros(len(col), bool)
            high = values > f.maximum if f.maximum is not None else np.zeros(len(col), bool)
            for pos in np.flatnonzero(present & (low | high)):
                rng = f"{f.minimum if f.minimum is not None else '-∞'}–{f.maximum if f.maximum is not None else '∞'}"
                problems.append(
                    _problem(
                        layer,
                        ids[pos],
                        f,
                        col.iloc[pos],
                        f"nằm ngoài khoảng cho phép {rng}",
                        f"is outside {rng}",
                    )
                )
    id_col = frame["id"]
    dup = id_col.duplicated(keep="first") & id_col.notna()
    for pos in np.flatnonzero(dup.to_numpy()):
        problems.append(
            _problem(
                layer,
                ids[pos],
                "id",
                id_col.iloc[pos],
                "mã bị trùng trong lớp",
                "duplicate id in layer",
            )
        )
    problems.extend(_geometry_problems(layer, frame, ids))
    return problems


def _geometry_problems(layer: Layer, frame: gpd.GeoDataFrame, ids: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    geoms = frame.geometry.to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if layer.geometry is None:
        return problems
    if layer.geometry_required:
        for pos in np.flatnonzero(missing):
            problems.append(
                _problem(
                    layer,
                    ids[pos],
                    "geometry",
                    None,
                    "thiếu tọa độ / hình học",
                    "geometry is missing",
                )
            )
    types = shapely.get_type_id(geoms)
    names = np.array(
        [
            "Point",
            "LineString",
            "LinearRing",
            "Polygon",
            "MultiPoint",
            "MultiLineString",
            "MultiPolygon",
            "GeometryCollection",
        ]
    )
    allowed = _GEOMETRY_TYPES[layer.geometry]
    allowed_type = np.isin(names, list(allowed))
    wrong_kind = ~missing & ~allowed_type[np.where(missing, 0, types)]
    for pos in np.flatnonzero(wrong_kind):
        kind = names[types[pos]]
        problems.append(
            _problem(
                layer,
                ids[pos],
                "geometry",
                kind,
                f"phải là {layer.geometry}, nhận được {kind}",
                f"should be {layer.geometry}, got {kind}",
            )
        )
    present = ~missing
    if present.any():
        valid = shapely.is_valid(geoms)
        for pos in np.flatnonzero(present & ~valid):
            reason = shapely.is_valid_reason(geoms[pos])
            problems.append(
                _problem(
                    layer, ids[pos], "geometry", reason, "hình học không hợp lệ", "invalid geometry"
                )
            )
        bounds = shapely.bounds(geoms)
        with np.errstate(invalid="ignore"):
            outside = (
                (bounds[:, 0] < -180)
                | (bounds[:, 2] > 180)
                | (bounds[:, 1] < -90)
                | (bounds[:, 3] > 90)
            )
        for pos in np.flatnonzero(present & outside):
            problems.append(
                _problem(
                    layer,
                    ids[pos],
                    "geometry",
                    f"{bounds[pos, 0]:.3f}, {bounds[pos, 1]:.3f}",
                    "tọa độ không phải kinh độ/vĩ độ WGS 84",
                    "coordinates are not WGS 84 longitude/latitude",
                )
            )
    return problems


def reference_problems(layers: Mapping[str, gpd.GeoDataFrame]) -> list[Problem]:
    """List values that refer to a feature id missing from the referenced layer."""
    problems: list[Problem] = []
    for name, frame in layers.items():
        layer = get_layer(name)
        for f in layer.fields:
            if f.references is None or f.references not in layers:
                continue
            known = set(layers[f.references]["id"].dropna())
            col = frame[f.name]
            bad = col.notna() & ~col.isin(known)
            ids = _ids(frame)
            for pos in np.flatnonzero(bad.to_numpy()):
                problems.append(
                    _problem(
                        layer,
                        ids[pos],
                        f,
                        col.iloc[pos],
                        f"tham chiếu đến mã không có trong lớp '{f.references}'",
                        f"refers to an id missing from layer '{f.references}'",
                    )
                )
    return problems


def validated_layer(name: str, frame: pd.DataFrame, *, context: str = "") -> gpd.GeoDataFrame:
    """Conform ``frame`` to layer ``name`` and raise :class:`ValidationError` on any problem."""
    conformed, problems = conform_layer(name, frame)
    problems += find_problems(name, conformed)
    if problems:
        raise ValidationError(problems, context=context)
    return conformed
