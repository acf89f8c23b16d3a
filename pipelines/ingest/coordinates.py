"""Read coordinates as Vietnamese files write them and bring them to EPSG:4326.

* Numbers with dot or comma decimals ("21,2751"), Vietnamese thousands ("2.353.123,4") and
  degree-minute-second text (``21°16'30"N``, ``106 11 40 E``) — :func:`parse_numbers`.
* Two numbers in one cell ("21.2751, 106.1947") — :func:`split_pairs`.
* Per row: degrees or metres. Degrees whose latitude and longitude sit in each other's
  Vietnamese range are swapped back (and counted). Metres are VN-2000 northing/easting:
  Vietnamese tables write X = northing, Y = easting; the assignment follows the values.
* The projected CRS of metre values: the user's choice, else the file's ``.prj``, else the
  VN-2000 zone (UTM 48N/49N, TM-3 EPSG:9205–9218) that puts the points inside the ward
  boundary, else the ward's metric CRS, else the first zone whose area of use holds them.
  Transformations use pyproj with EPSG codes only (the EPSG database carries the published
  VN-2000 → WGS 84 parameters; no hand-written ``+towgs84``).
* Checks: inside Vietnam (the EPSG:4756 area of use) and inside the ward boundary plus a
  margin.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from pipelines.model.errors import InputFileError
from pipelines.model.schema import STORAGE_CRS

VN2000_GEOGRAPHIC = "EPSG:4756"
VN2000_UTM = ("EPSG:3405", "EPSG:3406")
VN2000_TM3 = tuple(f"EPSG:{code}" for code in range(9205, 9219))
VN2000_PROJECTED: tuple[str, ...] = VN2000_UTM + VN2000_TM3
GEOGRAPHIC_CRS: tuple[str, ...] = (STORAGE_CRS, VN2000_GEOGRAPHIC)
CRS_CHOICES: tuple[str, ...] = GEOGRAPHIC_CRS + VN2000_PROJECTED

# Value ranges of VN-2000 metres over Vietnam (UTM and TM-3 alike), with room to spare.
NORTHING_RANGE_M = (800_000.0, 2_700_000.0)
EASTING_RANGE_M = (100_000.0, 900_000.0)
_SAMPLE = 500
_AREA_TOLERANCE_DEG = 0.05


@functools.cache
def vietnam_bounds() -> tuple[float, float, float, float]:
    """Return (west, south, east, north) of Vietnam onshore: the area of use of EPSG:4756."""
    area = CRS.from_user_input(VN2000_GEOGRAPHIC).area_of_use
    return (area.west, area.south, area.east, area.north)


@functools.cache
def _transformer(source: str, target: str = STORAGE_CRS) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def transform_xy(
    x: np.ndarray, y: np.ndarray, target: str, *, source: str = STORAGE_CRS
) -> tuple[np.ndarray, np.ndarray]:
    """Transform coordinate arrays (x = longitude or easting) between two CRS."""
    tx, ty = _transformer(source, target).transform(np.asarray(x), np.asarray(y))
    return np.asarray(tx), np.asarray(ty)


@functools.cache
def _area_of_use(code: str) -> tuple[float, float, float, float]:
    area = CRS.from_user_input(code).area_of_use
    return (area.west, area.south, area.east, area.north)


def crs_name(code: str) -> str:
    """Return the EPSG name of a CRS code ("EPSG:9214" → "VN-2000 / TM-3 107-00")."""
    return CRS.from_user_input(code).name


def check_crs(code: str) -> str:
    """Return ``code`` as ``"EPSG:n"`` if pyproj knows it; raise ``InputFileError`` otherwise."""
    try:
        crs = CRS.from_user_input(code)
    except CRSError:
        raise InputFileError(
            f"Hệ tọa độ '{code}' không hợp lệ (ví dụ đúng: EPSG:9214)",
            f"'crs' should be a CRS such as 'EPSG:9214', got '{code}' instead",
        ) from None
    epsg = crs.to_epsg()
    return f"EPSG:{epsg}" if epsg else crs.to_wkt()


# --- Numbers --------------------------------------------------------------------------------

_DMS_RE = (
    r"^\s*(?P<h1>[NSEWnsew])?\s*"
    r"(?P<d>\d+(?:[.,]\d+)?)\s*(?:°|º|˚|deg|d|:|\s)\s*"
    r"(?:(?P<m>\d+(?:[.,]\d+)?)\s*(?:'|′|’|‘|m|:|\s)\s*)?"
    r"(?:(?P<s>\d+(?:[.,]\d+)?)\s*(?:\"|″|”|“|''|’’|s)?\s*)?"
    r"(?P<h2>[NSEWnsew])?\s*$"
)
_UNIT_SUFFIX = (
    r"\s*(?:m2|m²|m3|m³|km|m|tầng|tang|người|nguoi|l/s|lít/giây|đồng|đ|vnđ|vnd|cái|bình)\.?\s*$"
)


def parse_numbers(values: pd.Series, *, thousands_dot: bool = False) -> tuple[pd.Series, pd.Series]:
    """Parse numbers written with dot or comma decimals, units or as degrees-minutes-seconds.

    Parameters
    ----------
    values
        Numbers or text.
    thousands_dot
        Read a single dot followed by exactly three digits as a thousands separator
        ("1.500" → 1500), as Vietnamese writes whole numbers and amounts of money.

    Returns
    -------
    numbers, bad
        Floats (NaN where empty or unreadable) and a mask of non-empty values that could
        not be read.
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.astype("float64")
        return numbers, pd.Series(False, index=values.index)
    obj = values.astype(object)
    is_number = obj.map(type).isin([int, float]) if len(obj) else pd.Series(dtype=bool)
    numbers = pd.Series(np.nan, index=values.index, dtype="float64")
    if is_number.any():
        numbers[is_number] = obj[is_number].astype("float64")
    text = obj.where(~is_number & obj.notna()).astype("str").str.strip()
    text = text.where(~is_number & obj.notna())
    todo = text.notna() & text.ne("")
    if todo.any():
        numbers[todo] = _parse_text_numbers(text[todo], thousands_dot=thousands_dot)
    bad = todo & numbers.isna()
    return numbers, bad.astype(bool)


def _parse_text_numbers(text: pd.Series, *, thousands_dot: bool) -> pd.Series:
    if thousands_dot:
        text = text.str.replace(r"^([-+]?\d{1,3})\.(\d{3})$", r"\1\2", regex=True)
    out = pd.to_numeric(text, errors="coerce").astype("float64")
    rest = out.isna()
    if not rest.any():
        return out
    t = text[rest].str.replace(_UNIT_SUFFIX, "", regex=True, case=False)
    t = t.str.replace(r"[\s\u00a0]", "", regex=True)
    many_dots = t.str.fullmatch(r"[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
    many_commas = t.str.fullmatch(
        r"[-+]?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|[-+]?\d{1,3}(?:,\d{3})+\.\d+"
    )
    one_comma = t.str.fullmatch(r"[-+]?\d*,\d+")
    cleaned = t.copy()
    cleaned[many_dots] = t[many_dots].str.replace(".", "", regex=False).str.replace(",", ".")
    cleaned[many_commas] = t[many_commas].str.replace(",", "", regex=False)
    cleaned[one_comma] = t[one_comma].str.replace(",", ".", regex=False)
    parsed = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    left = parsed.isna()
    if left.any():
        parsed[left] = _parse_dms(text[rest][left])
    out[rest] = parsed
    return out


def _parse_dms(text: pd.Series) -> pd.Series:
    parts = text.str.extract(_DMS_RE)
    if parts.empty:
        return pd.Series(np.nan, index=text.index)

    def number(col: str) -> pd.Series:
        return pd.to_numeric(
            parts[col].astype("str").str.replace(",", ".", regex=False), errors="coerce"
        ).astype("float64")

    d, m, s = number("d"), number("m").fillna(0.0), number("s").fillna(0.0)
    ok = d.notna() & (m < 60) & (s < 60)
    hemi = parts["h1"].fillna(parts["h2"]).astype("str").str.upper()
    sign = np.where(hemi.isin(["S", "W"]), -1.0, 1.0)
    value = (d + m / 60.0 + s / 3600.0) * sign
    return value.where(ok)


_PAIR_SPLITTERS = (
    re.compile(r"^\s*(.+?[NSns])\s*[,;]?\s*(.+?[EWew])\s*$"),
    re.compile(r"^\s*([^;]+?)\s*;\s*([^;]+?)\s*$"),
    re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*,\s*([-+]?\d+(?:\.\d+)?)\s*$"),
    re.compile(r"^\s*([-+]?\d+,\d+)\s*,\s*([-+]?\d+,\d+)\s*$"),
    re.compile(r"^\s*(\S+)\s+(\S+)\s*$"),
)


def _split_pair(text: str) -> tuple[str, str] | None:
    text = text.strip().strip("()[]{}")
    for pattern in _PAIR_SPLITTERS:
        m = pattern.match(text)
        if m:
            return m.group(1), m.group(2)
    return None


def split_pairs(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Split cells holding two coordinates into two number series and a mask of failures."""
    text = values.astype(object).where(values.notna())
    table = {v: _split_pair(str(v)) for v in pd.unique(text.dropna())}
    pairs = text.map(table)
    first = pairs.map(lambda p: p[0] if isinstance(p, tuple) else None)
    second = pairs.map(lambda p: p[1] if isinstance(p, tuple) else None)
    a, bad_a = parse_numbers(first.astype(object))
    b, bad_b = parse_numbers(second.astype(object))
    unsplit = text.notna() & text.astype("str").str.strip().ne("") & pairs.isna()
    return a, b, (bad_a | bad_b | unsplit).astype(bool)


def parse_wkt(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Parse WKT text into geometries; return them and a mask of unreadable non-empty cells."""
    text = values.astype(object).where(values.notna())
    strings = np.array(
        [v if isinstance(v, str) and v.strip() else None for v in text], dtype=object
    )
    geoms = shapely.from_wkt(strings, on_invalid="ignore")
    bad = pd.Series((strings != None) & shapely.is_missing(geoms), index=values.index)  # noqa: E711
    return geoms, bad


# --- CRS detection -------------------------------------------------------------------------


@dataclass(frozen=True)
class CrsDetection:
    """The CRS chosen for coordinates and why.

    ``source`` is one of {"override", "prj", "file", "boundary", "ward", "area_of_use",
    "default"}; ``candidates`` lists every zone whose area of use holds the points;
    ``ambiguous`` is true when several did and nothing else decided.
    """

    crs: str
    source: str
    candidates: tuple[str, ...] = ()
    ambiguous: bool = False


def _in_area(lon: np.ndarray, lat: np.ndarray, bounds: Sequence[float]) -> np.ndarray:
    w, s, e, n = bounds
    t = _AREA_TOLERANCE_DEG
    with np.errstate(invalid="ignore"):
        return (lon >= w - t) & (lon <= e + t) & (lat >= s - t) & (lat <= n + t)


def _sample(n: int) -> np.ndarray:
    return np.unique(np.linspace(0, n - 1, min(n, _SAMPLE)).astype(int)) if n else np.array([], int)


def detect_projected_crs(
    easting: np.ndarray,
    northing: np.ndarray,
    *,
    override: str | None = None,
    prj: str | None = None,
    ward_crs: str | None = None,
    area: shapely.Geometry | None = None,
) -> CrsDetection:
    """Choose the VN-2000 projected CRS of metre coordinates.

    Parameters
    ----------
    easting, northing
        Metres (NaN allowed).
    override
        The user's choice; always wins.
    prj
        The CRS read from the file (``.prj``, GeoPackage); wins over detection.
    ward_crs
        The ward's metric CRS (``ward.toml``), preferred among equally good zones.
    area
        The ward boundary plus margin in EPSG:4326; the zone putting most points inside it
        wins.
    """
    if override:
        return CrsDetection(check_crs(override), "override")
    if prj:
        return CrsDetection(prj, "prj")
    ok = ~(np.isnan(easting) | np.isnan(northing))
    idx = np.flatnonzero(ok)[_sample(int(ok.sum()))]
    e, n = easting[idx], northing[idx]
    plausible: list[str] = []
    inside: dict[str, float] = {}
    for code in VN2000_PROJECTED:
        lon, lat = _transformer(code).transform(e, n)
        lon, lat = np.asarray(lon), np.asarray(lat)
        if len(lon) and _in_area(lon, lat, _area_of_use(code)).mean() >= 0.8:
            plausible.append(code)
        if area is not None and len(lon):
            inside[code] = float(shapely.contains_xy(area, lon, lat).mean())
    order = [ward_crs] if ward_crs in VN2000_PROJECTED else []
    order += [c for c in VN2000_PROJECTED if c not in order]
    if inside and max(inside.values()) > 0:
        best = max(inside.values())
        winners = [c for c in order if inside.get(c, 0) == best]
        return CrsDetection(winners[0], "boundary", tuple(plausible), len(winners) > 1)
    if ward_crs in plausible:
        return CrsDetection(ward_crs, "ward", tuple(plausible), len(plausible) > 1)  # type: ignore[arg-type]
    if plausible:
        return CrsDetection(plausible[0], "area_of_use", tuple(plausible), len(plausible) > 1)
    return CrsDetection(ward_crs or VN2000_UTM[0], "default", (), True)


def identify_vn2000(crs: CRS) -> str | None:
    """Return the EPSG code of a VN-2000 CRS described without one (an ESRI ``.prj``).

    Matches the datum name and the projection parameters (central meridian, scale,
    false easting) against the EPSG VN-2000 zones, so the EPSG transformation applies.
    """
    epsg = crs.to_epsg(min_confidence=70)
    if epsg:
        return f"EPSG:{epsg}"
    datum = (crs.datum.name if crs.datum else "").lower().replace("_", "").replace("-", "")
    if "vn2000" not in datum and "vietnam2000" not in datum:
        return None
    if crs.is_geographic:
        return VN2000_GEOGRAPHIC
    params = {p.name.lower(): p.value for p in crs.coordinate_operation.params}
    lon0 = params.get("longitude of natural origin", params.get("central meridian"))
    k = params.get("scale factor at natural origin", params.get("scale factor"))
    x0 = params.get("false easting")
    for code in VN2000_PROJECTED:
        ref = {
            p.name.lower(): p.value for p in CRS.from_user_input(code).coordinate_operation.params
        }
        if (
            lon0 is not None
            and abs(ref["longitude of natural origin"] - lon0) < 1e-6
            and k is not None
            and abs(ref["scale factor at natural origin"] - k) < 1e-9
            and x0 is not None
            and abs(ref["false easting"] - x0) < 1e-3
        ):
            return code
    return None


def crs_from_file(crs: CRS | str | None) -> str | None:
    """Return an EPSG code for a file's CRS (VN-2000 recognised from its parameters)."""
    if crs is None:
        return None
    crs = CRS.from_user_input(crs)
    found = identify_vn2000(crs)
    if found:
        return found
    epsg = crs.to_epsg(min_confidence=50)
    return f"EPSG:{epsg}" if epsg else crs.to_wkt()


# --- Rows to points --------------------------------------------------------------------------


@dataclass(frozen=True)
class PointResolution:
    """Coordinates of each row in EPSG:4326 and what was detected on the way.

    ``lon``/``lat`` are NaN for rows without usable coordinates. ``kind`` per row is
    ``"degrees"``, ``"metres"``, ``"invalid"`` (values present but unusable) or ``""``
    (no values). ``swapped`` marks rows whose latitude and longitude (or northing and
    easting) were exchanged relative to the columns' labels.
    """

    lon: np.ndarray
    lat: np.ndarray
    kind: np.ndarray
    swapped: np.ndarray
    geographic_crs: str
    projected: CrsDetection | None
    x_is_northing: bool | None


def _between(values: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (values >= bounds[0]) & (values <= bounds[1])


def resolve_points(
    first: np.ndarray,
    second: np.ndarray,
    *,
    override: str | None = None,
    prj: str | None = None,
    ward_crs: str | None = None,
    area: shapely.Geometry | None = None,
) -> PointResolution:
    """Turn two coordinate columns into WGS 84 longitude/latitude, row by row.

    Parameters
    ----------
    first, second
        The column labelled latitude or X (northing in Vietnamese tables) and the one
        labelled longitude or Y.
    override
        A CRS chosen by the user (geographic or projected) for every row.
    prj, ward_crs, area
        See :func:`detect_projected_crs`.
    """
    first = np.asarray(first, dtype="float64")
    second = np.asarray(second, dtype="float64")
    n = len(first)
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    kind = np.full(n, "", dtype=object)
    swapped = np.zeros(n, dtype=bool)
    present = ~(np.isnan(first) | np.isnan(second))
    with np.errstate(invalid="ignore"):
        degrees = present & (np.abs(first) <= 180) & (np.abs(second) <= 180)
        metres = present & (np.abs(first) > 1000) & (np.abs(second) > 1000)
    override_crs = CRS.from_user_input(check_crs(override)) if override else None
    if override_crs is not None:
        degrees = present & override_crs.is_geographic
        metres = present & (not override_crs.is_geographic)
    kind[present] = "invalid"
    kind[degrees] = "degrees"
    kind[metres] = "metres"
    geographic = (
        check_crs(override)
        if override_crs is not None and override_crs.is_geographic
        else STORAGE_CRS
    )
    if degrees.any():
        w, s, e, nn = vietnam_bounds()
        normal = _between(first, (s, nn)) & _between(second, (w, e))
        reverse = _between(second, (s, nn)) & _between(first, (w, e))
        impossible = np.abs(first) > 90
        swap = degrees & ((~normal & reverse) | impossible)
        la = np.where(swap, second, first)
        lo = np.where(swap, first, second)
        swapped |= swap
        x, y = _transformer(geographic).transform(lo[degrees], la[degrees])
        lon[degrees], lat[degrees] = x, y
    projected = None
    x_is_northing = None
    if metres.any():
        a, b = first[metres], second[metres]
        a_north = _between(a, NORTHING_RANGE_M) & _between(b, EASTING_RANGE_M)
        b_north = _between(b, NORTHING_RANGE_M) & _between(a, EASTING_RANGE_M) & ~a_north
        x_is_northing = bool(a_north.sum() >= b_north.sum())
        swap_rows = b_north if x_is_northing else a_north
        north = np.where(swap_rows, b, a) if x_is_northing else np.where(swap_rows, a, b)
        east = np.where(swap_rows, a, b) if x_is_northing else np.where(swap_rows, b, a)
        swapped[np.flatnonzero(metres)[swap_rows]] = True
        projected = detect_projected_crs(
            east,
            north,
            override=override
            if override_crs is not None and not override_crs.is_geographic
            else None,
            prj=prj,
            ward_crs=ward_crs,
            area=area,
        )
        x, y = _transformer(projected.crs).transform(east, north)
        lon[metres], lat[metres] = x, y
    return PointResolution(lon, lat, kind, swapped, geographic, projected, x_is_northing)


# --- Checks ---------------------------------------------------------------------------------


def inside_vietnam(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Return which points lie in Vietnam's onshore bounds (EPSG:4756 area of use)."""
    return _in_area(np.asarray(lon), np.asarray(lat), vietnam_bounds())


def geometries_inside_vietnam(geoms: np.ndarray) -> np.ndarray:
    """Return which geometries have their bounding box centre in Vietnam's bounds."""
    bounds = shapely.bounds(geoms)
    return inside_vietnam((bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2)


def boundary_area(
    boundary: gpd.GeoDataFrame, *, crs_metric: str, margin_m: float
) -> shapely.Geometry | None:
    """Return the ward boundary grown by ``margin_m`` metres, in EPSG:4326 (``None`` if empty).

    The buffer is computed in the ward's metric CRS.
    """
    geoms = boundary.geometry.dropna()
    geoms = geoms[~geoms.is_empty]
    if geoms.empty:
        return None
    metric = geoms.to_crs(crs_metric)
    grown = shapely.union_all(metric.buffer(margin_m).to_numpy())
    area = gpd.GeoSeries([grown], crs=crs_metric).to_crs(STORAGE_CRS).iloc[0]
    shapely.prepare(area)
    return area


def swap_axes(geoms: np.ndarray) -> np.ndarray:
    """Return ``geoms`` with x and y exchanged."""
    return shapely.transform(geoms, lambda c: c[:, ::-1])


def swapped_geometries(geoms: np.ndarray) -> np.ndarray:
    """Return which geometries look like (latitude, longitude) in Vietnam instead of (lon, lat)."""
    bounds = shapely.bounds(geoms)
    w, s, e, n = vietnam_bounds()
    with np.errstate(invalid="ignore"):
        as_is = (
            (bounds[:, 0] >= w) & (bounds[:, 2] <= e) & (bounds[:, 1] >= s) & (bounds[:, 3] <= n)
        )
        flipped = (
            (bounds[:, 1] >= w) & (bounds[:, 3] <= e) & (bounds[:, 0] >= s) & (bounds[:, 2] <= n)
        )
    return ~as_is & flipped
