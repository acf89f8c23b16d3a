"""Place addresses on the ward's own named roads (an offline geocoder; nothing leaves the machine).

:class:`RoadIndex` groups the pieces of the roads layer by the key of their name
(:func:`pipelines.ingest.address_parse.parse_address` with ``road=True``: "Ngõ 16A Phố Lý Nam
Đế" and "ngõ 16A Lý Nam Đế" share one key) into one named line each.
:func:`geocode_addresses` parses each distinct address once, matches each distinct key once
and places every row:

1. the deepest alley of the address's chain that the ward has, exact key first, then a
   rapidfuzz match of the same alley kind and the same numbers above ``min_score``
   → ``address_alley``;
2. else the street → ``address_street`` ("address on the street only" when an alley was
   named and is not in the layer);
3. else the tổ dân phố polygon the address names → ``residential_group``;
4. else rejected, with the closest names. Two roads scoring the same are ambiguous: rejected,
   never one picked silently.

Placement rules (stated on the page and in the notes):

- on an alley whose start is known (the end nearest the road it leaves), at house number *n*
  ⌈n/2⌉ × ``frontage_m`` from the start (odd numbers one side, even the other), error
  ``frontage_m`` + ``number_error_share`` × that distance;
- on a street with numbered alleys on it, at the position those alleys' junctions give the
  number (a straight-line fit of junction position on alley number), same error rule;
- otherwise at the middle of the road (half its length along it), error half the length;
- a tổ dân phố at a point inside its polygon, error the radius of a disc of its area.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from rapidfuzz import fuzz, process

from pipelines.ingest.address_parse import (
    ParsedAddress,
    alley_key,
    parse_address,
    split_leading_house,
)
from pipelines.model.schema import STORAGE_CRS

_NUMBERS = re.compile(r"\d+[a-z]*")
_ALLEY_KINDS = frozenset({"ngo", "ngach", "hem", "kiet"})
# How far past a road's end a house number may fall before the numbers are not trusted.
_NUMBER_OVERRUN = 1.25


@dataclass(frozen=True)
class RoadIndex:
    """The ward's named roads, one merged line per key (metric CRS ``crs``).

    Attributes
    ----------
    keys
        Folded keys, one per named line.
    names
        The name as written in the layer (the first piece's), per key.
    lines
        Merged geometry per key (``crs``).
    is_alley
        Per key, whether the road is an alley (ngõ, ngách, hẻm, kiệt).
    start
        Per key, the distance origin of house numbers: the point where the alley leaves its
        parent road (``None`` when unknown).
    street_fit
        Per key, (metres at number 0, metres per number) along the line from its numbered
        alleys (NaN when fewer than two).
    lookup
        Key → position, including aliases (a named alley also under its name alone).
    """

    keys: tuple[str, ...]
    names: tuple[str, ...]
    lines: np.ndarray
    is_alley: np.ndarray
    start: np.ndarray
    street_fit: np.ndarray
    lookup: Mapping[str, int]
    crs: str

    @classmethod
    def from_roads(cls, roads: gpd.GeoDataFrame, crs_metric: str) -> RoadIndex:
        """Index the named roads of a roads layer (any CRS) in ``crs_metric``."""
        named = roads[roads["name"].notna() & roads.geometry.notna()] if len(roads) else roads
        if not len(named):
            empty = np.array([], dtype=object)
            return cls((), (), empty, np.array([], bool), empty, np.zeros((0, 2)), {}, crs_metric)
        metric = named.to_crs(crs_metric)
        parsed = {n: parse_address(n, road=True) for n in pd.unique(metric["name"].astype(str))}
        key_of = metric["name"].astype(str).map({n: p.key() for n, p in parsed.items()})
        frame = pd.DataFrame({"key": key_of, "name": metric["name"].astype(str)})
        frame["geometry"] = metric.geometry.to_numpy()
        frame = frame[frame["key"] != ""]
        groups = frame.groupby("key", sort=True)
        keys = tuple(groups.groups)
        names = tuple(groups["name"].first())
        lines = np.array(
            [shapely.line_merge(shapely.union_all(g.to_numpy())) for _, g in groups["geometry"]],
            dtype=object,
        )
        by_key = {p.key(): p for p in parsed.values()}
        lookup = {k: i for i, k in enumerate(keys)}
        _add_aliases(lookup, keys, by_key)
        is_alley = np.array([bool(by_key[k].alleys) for k in keys])
        start = _alley_starts(keys, lines, by_key, lookup)
        fit = _street_fits(keys, lines, by_key, lookup)
        return cls(keys, names, lines, is_alley, start, fit, lookup, crs_metric)

    def __len__(self) -> int:
        return len(self.keys)


def _add_aliases(lookup: dict[str, int], keys: tuple[str, ...], by_key: Mapping) -> None:
    """Let a named alley be found by its name alone ("ngõ Thọ Xương") when that is unique."""
    seen: dict[str, int] = {}
    for i, key in enumerate(keys):
        p: ParsedAddress = by_key[key]
        if p.alleys and p.street and not p.alleys[0][1][:1].isdigit():
            alias = f"{p.alleys[0][0]} {p.alleys[0][1]}"
            seen[alias] = -1 if alias in seen else i
    for alias, i in seen.items():
        if i >= 0 and alias not in lookup:
            lookup[alias] = i


def _parent_key(p: ParsedAddress) -> str:
    keys = p.road_keys()
    return keys[1] if len(keys) > 1 else ""


def _alley_starts(
    keys: tuple[str, ...], lines: np.ndarray, by_key: Mapping, lookup: Mapping[str, int]
) -> np.ndarray:
    """Per alley, the end of its line nearest the road it leaves (``None`` when unknown)."""
    start = np.full(len(keys), None, dtype=object)
    for i, key in enumerate(keys):
        parent = lookup.get(_parent_key(by_key[key]))
        line = lines[i]
        if parent is None or shapely.get_type_id(line) != 1:
            continue
        ends = shapely.points(shapely.get_coordinates(line)[[0, -1]])
        d = shapely.distance(ends, lines[parent])
        start[i] = ends[int(np.argmin(d))]
    return start


def _street_fits(
    keys: tuple[str, ...], lines: np.ndarray, by_key: Mapping, lookup: Mapping[str, int]
) -> np.ndarray:
    """Per street, a straight-line fit of position along it on the numbers of its alleys."""
    fit = np.full((len(keys), 2), np.nan)
    junctions: dict[int, list[tuple[int, float]]] = {}
    for i, key in enumerate(keys):
        p: ParsedAddress = by_key[key]
        if len(p.alleys) != 1 or not p.alleys[0][1][:1].isdigit() or not p.street:
            continue
        street = lookup.get(p.street)
        number = _NUMBERS.match(p.alleys[0][1])
        if street is None or number is None or shapely.get_type_id(lines[street]) != 1:
            continue
        junction = shapely.get_point(shapely.shortest_line(lines[street], lines[i]), 0)
        d = shapely.line_locate_point(lines[street], junction)
        junctions.setdefault(street, []).append((int(re.match(r"\d+", number.group())[0]), d))
    for street, pairs in junctions.items():
        numbers, dist = np.array(pairs, dtype=float).T
        if len(np.unique(numbers)) < 2:
            continue
        slope, offset = np.polyfit(numbers, dist, 1)
        if slope != 0 and np.isfinite(slope):
            fit[street] = offset, slope
    return fit


@dataclass(frozen=True)
class Geocoded:
    """Where each address was placed, one value per input row.

    ``status`` is ``"alley"``, ``"street"``, ``"street_only"`` (an alley was named but is not
    in the layer), ``"group"``, ``"unmatched"``, ``"ambiguous"`` or ``"empty"``; ``source`` the
    ``location_source`` code (``None`` when not placed); ``error_m`` the estimated error in
    metres; ``geometry`` a point in EPSG:4326; ``road`` the road's name as written in the
    layer (or the tổ dân phố's); ``candidates`` the closest names for rejected rows.
    """

    status: np.ndarray
    source: np.ndarray
    error_m: np.ndarray
    geometry: np.ndarray
    road: np.ndarray
    candidates: np.ndarray
    written: np.ndarray


_SOURCE = {
    "alley": "address_alley",
    "street": "address_street",
    "street_only": "address_street",
    "group": "residential_group",
}


@dataclass(frozen=True)
class _Match:
    status: str
    road: int = -1
    candidates: str = ""
    depth: int = 0  # 0: the road the house is on; more: a road it leaves from


class _Matcher:
    """Match road keys to the index once each: exact, then fuzzy within the same kind/numbers."""

    def __init__(self, index: RoadIndex, min_score: float) -> None:
        self.index = index
        self.min_score = min_score
        self.memo: dict[str, tuple[int, bool]] = {}
        self.near: dict[str, str] = {}
        self.pools: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        for key in index.lookup:
            self.pools.setdefault(_signature(key), []).append(key)
        self.kinds: dict[str, dict[int, str]] = {}
        for i, key in enumerate(index.keys):
            self.kinds.setdefault(_signature(key)[0], {})[i] = key

    def one(self, key: str) -> tuple[int, bool]:
        """Return (road position or -1, ambiguous) for one key."""
        if key in self.memo:
            return self.memo[key]
        hit = self.index.lookup.get(key)
        result = (hit, False) if hit is not None else self._fuzzy(key)
        self.memo[key] = result
        return result

    def _fuzzy(self, key: str) -> tuple[int, bool]:
        pool = self.pools.get(_signature(key), [])
        found = process.extract(
            key, pool, scorer=fuzz.ratio, limit=2, score_cutoff=self.min_score, processor=None
        )
        if not found:
            return -1, False
        roads = {self.index.lookup[k] for k, score, _ in found if score == found[0][1]}
        if len(roads) > 1:
            return -1, True
        return self.index.lookup[found[0][0]], False

    def closest(self, key: str, limit: int = 3) -> str:
        """The names of the ``limit`` closest roads, for a reject message."""
        if not key or not self.index.keys:
            return ""
        if key not in self.near:
            pool = self.kinds.get(_signature(key)[0]) or dict(enumerate(self.index.keys))
            found = process.extract(key, pool, scorer=fuzz.ratio, limit=limit, processor=None)
            self.near[key] = ", ".join(self.index.names[i] for _, _, i in found)
        return self.near[key]


def _signature(key: str) -> tuple[str, tuple[str, ...]]:
    """Keys compared by fuzzy matching share the alley kind and every number."""
    first = key.split(" ", 1)[0]
    return (first if first in _ALLEY_KINDS else "", tuple(_NUMBERS.findall(key)))


def _match_parsed(p: ParsedAddress, matcher: _Matcher) -> _Match:
    """Match the deepest road of ``p`` the ward has."""
    keys = p.road_keys()
    n_alleys = len(keys) - (1 if p.street else 0)
    for depth, key in enumerate(keys):
        road, ambiguous = matcher.one(key)
        if ambiguous:
            return _Match("ambiguous", candidates=matcher.closest(key))
        if road >= 0:
            if depth < n_alleys:
                return _Match("alley", road, depth=depth)
            return _Match("street_only" if n_alleys else "street", road, depth=depth)
    return _Match("unmatched", candidates=matcher.closest(keys[0] if keys else ""))


# Alley kinds a southern/central slash number may stand for: "123/45 Lê Văn Sỹ" is house 45
# in hẻm 123 (Hồ Chí Minh City), "K12/5 Lê Lợi" house 5 in kiệt 12 (Huế, Đà Nẵng).
_SLASH_KINDS: tuple[str, ...] = ("hem", "kiet", "ngo", "ngach")


def _slash_house(house: str, street: str, matcher: _Matcher, match: _Match) -> tuple[_Match, str]:
    """Read "123/45 X" as house 45 in the alley numbered 123 of X when the ward has exactly
    one such alley; otherwise keep ``match`` (the street) and the number as written."""
    parts = house.split("/")
    found = set()
    for kind in _SLASH_KINDS:
        road, ambiguous = matcher.one(alley_key(((kind, parts[0]),), street))
        if road >= 0 and not ambiguous:
            found.add(road)
    if len(found) != 1:
        return match, house
    return _Match("alley", found.pop(), depth=0), parts[-1]


def _group_points(
    groups: gpd.GeoDataFrame | None, crs_metric: str
) -> dict[str, tuple[object, float, str]]:
    """Tổ dân phố name key → (point inside, radius of its area in metres, name)."""
    if groups is None or not len(groups) or "name" not in groups.columns:
        return {}
    metric = groups[groups.geometry.notna()].to_crs(crs_metric)
    out: dict[str, tuple[object, float, str]] = {}
    for name, geom in zip(metric["name"], metric.geometry, strict=True):
        # "Tổ dân phố số 4" → "4"; a bare name ("Đông") is read as the group's name
        key = parse_address(name).group or parse_address(f"tdp {name}").group
        if key:
            out[key] = (shapely.point_on_surface(geom), float(np.sqrt(geom.area / np.pi)), name)
    return out


def geocode_addresses(
    values: pd.Series,
    index: RoadIndex,
    *,
    groups: gpd.GeoDataFrame | None = None,
    min_score: float = 88.0,
    frontage_m: float = 4.0,
    number_error_share: float = 0.25,
    ward_names: Iterable[str] = (),
) -> Geocoded:
    """Place every address of ``values`` on the ward's roads (see the module's rules).

    Parameters
    ----------
    values
        Addresses as written, one per row.
    index
        The ward's named roads (:meth:`RoadIndex.from_roads`).
    groups
        The ward's tổ dân phố polygons (any CRS), for addresses naming only a group.
    min_score
        rapidfuzz ``ratio`` (0–100) a misspelt key must reach.
    frontage_m
        Metres along the road per house on one side (numbers odd one side, even the other).
    number_error_share
        Estimated error of a number-placed point, as a share of its distance along the road.
    ward_names
        Folded names of the ward, to read "P. …" in the tail as the ward.
    """
    codes, uniques = pd.factorize(values.astype(object).fillna(""), sort=False)
    matcher = _Matcher(index, min_score)
    group_points = _group_points(groups, index.crs)
    wards = tuple(ward_names)
    parsed_rest: dict[str, ParsedAddress] = {}
    match_rest: dict[str, _Match] = {}
    m = len(uniques)
    road = np.full(m, -1)
    status = np.full(m, "empty", dtype=object)
    number = np.full(m, np.nan)
    cands = np.full(m, "", dtype=object)
    written = np.full(m, "", dtype=object)
    group_hit = np.full(m, None, dtype=object)
    for u, text in enumerate(uniques):
        text = str(text).strip()
        if not text:
            continue
        house, rest = split_leading_house(text)
        p = parsed_rest.get(rest)
        if p is None:
            p = parsed_rest[rest] = parse_address(rest, ward_names=wards)
            match_rest[rest] = _match_parsed(p, matcher)
        match = match_rest[rest]
        house = house or p.house
        if "/" in house and not p.alleys and p.street:
            match, house = _slash_house(house, p.street, matcher, match)
        written[u] = p.ward
        status[u], road[u], cands[u] = match.status, match.road, match.candidates
        lead = _NUMBERS.match(house)
        if lead and match.road >= 0 and match.depth == 0:
            number[u] = float(re.match(r"\d+", lead.group())[0])
        if match.status in ("unmatched", "empty") and p.group in group_points:
            status[u], group_hit[u] = "group", group_points[p.group]
    geoms, error, road_name = _place(index, road, status, number, group_hit, frontage_m,
                                     number_error_share)  # fmt: skip
    source = np.array([_SOURCE.get(s) for s in status], dtype=object)
    return Geocoded(
        status[codes],
        source[codes],
        error[codes],
        geoms[codes],
        road_name[codes],
        cands[codes],
        written[codes],
    )


def _place(
    index: RoadIndex,
    road: np.ndarray,
    status: np.ndarray,
    number: np.ndarray,
    group_hit: np.ndarray,
    frontage_m: float,
    share: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points (EPSG:4326), errors in metres and road names for matched unique addresses."""
    m = len(road)
    geoms = np.full(m, None, dtype=object)
    error = np.full(m, np.nan)
    names = np.full(m, "", dtype=object)
    on_road = road >= 0
    metric = np.full(m, None, dtype=object)
    if on_road.any():
        r = road[on_road]
        lines = index.lines[r]
        length = shapely.length(lines)
        along = _number_position(index, r, number[on_road], frontage_m)
        overrun = length * (_NUMBER_OVERRUN - 1)
        ok = np.isfinite(along) & (along <= length + overrun) & (along >= -overrun)
        along = np.where(ok, np.clip(along, 0, length), length / 2)
        err = np.where(ok, frontage_m + share * along, length / 2)
        from_start = _from_start_distance(index, r, lines, along, ok)
        metric[on_road] = shapely.line_interpolate_point(lines, from_start)
        error[on_road] = err
        names[on_road] = np.array(index.names, dtype=object)[r]
    in_group = status == "group"
    for u in np.flatnonzero(in_group):
        metric[u], error[u], names[u] = group_hit[u]
    placed = on_road | in_group
    if placed.any():
        pts = metric[placed]
        to_wgs = Transformer.from_crs(index.crs, STORAGE_CRS, always_xy=True)
        x, y = to_wgs.transform(shapely.get_x(pts), shapely.get_y(pts))
        geoms[placed] = shapely.points(x, y)
    return geoms, error, names


def _number_position(
    index: RoadIndex, r: np.ndarray, number: np.ndarray, frontage_m: float
) -> np.ndarray:
    """Metres from the numbering origin for each house number (NaN when not usable)."""
    plots = np.ceil(number / 2)
    alley = index.is_alley[r] & (index.start[r] != None)  # noqa: E711 (object array)
    offset, slope = index.street_fit[r, 0], index.street_fit[r, 1]
    street = ~index.is_alley[r] & np.isfinite(slope)
    along = np.full(len(r), np.nan)
    along[alley] = plots[alley] * frontage_m
    # On a street the fit gives the distance from the line's first vertex directly.
    along[street] = (offset + slope * number)[street]
    return along


def _from_start_distance(
    index: RoadIndex, r: np.ndarray, lines: np.ndarray, along: np.ndarray, ok: np.ndarray
) -> np.ndarray:
    """Turn distances from the numbering origin into distances from each line's first vertex."""
    out = along.copy()
    starts = index.start[r]
    flip = np.zeros(len(r), dtype=bool)
    has_start = ok & (starts != None)  # noqa: E711 (object array)
    if has_start.any():
        first = shapely.get_point(lines[has_start], 0)
        flip[has_start] = shapely.distance(first, starts[has_start].astype(object)) > 1e-6
    length = shapely.length(lines)
    out[flip] = length[flip] - along[flip]
    return out
