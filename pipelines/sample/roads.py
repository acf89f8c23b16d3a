"""The sample's road network: main roads, alleys and sub-alleys grown off them, cut into
pieces at their junctions, and the roads layer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely

from pipelines.sample.attributes import layer_frame, make_ids
from pipelines.sample.geometry import XY, Rows, cumulative, left_of, locate, polyline_head, rotate
from pipelines.sample.pattern import ALLEY_KINDS, SKELETON, TILE_H_M, TILE_W_M, TRUCK_KINDS, R
from pipelines.sample.tiles import Place, Tile

_KIND_WORD = {"duong": "Đường", "pho": "Phố", "ngo": "Ngõ", "ngach": "Ngách"}
_ALLEY_WIDTHS_M = {  # kind -> (widths, shares)
    "ngo": ((2.0, 2.2, 2.5, 2.8, 3.0, 3.2, 3.5), (0.1, 0.12, 0.18, 0.15, 0.17, 0.1, 0.18)),
    "ngach": ((1.2, 1.4, 1.5, 1.6, 1.8, 1.9), (0.12, 0.2, 0.22, 0.2, 0.16, 0.1)),
}
_COVERED_NOTE = "Đoạn có nhà cầu (lối đi có mái che) bắc qua ngõ"
_ENTRY_NOTE = "Đường vào phường"


@dataclass(eq=False)
class Road:
    """One road of the tile as a polyline, before it is cut into pieces at its junctions."""

    kind: str
    width_m: float
    base: str  # street name that alleys and sub-alleys inherit
    coords: np.ndarray
    parent: int = -1
    mouth_s: float = 0.0  # position of the mouth along the parent
    mouth_side: int = 0
    depth0_m: float = 0.0  # distance along alleys from the street to this road's mouth
    child_sides: tuple[int, ...] = ()
    hydrant_sides: tuple[int, ...] = ()
    name: str = ""
    number: int = 0  # number of a ngõ or ngách: the house number at its mouth
    cuts: list[tuple[float, XY]] = field(default_factory=list)  # junctions, section ends
    marks: list[tuple[float, XY]] = field(default_factory=list)  # plain vertices (barriers)
    covered: tuple[float, float, float] | None = None  # s0, s1, clearance_m of a nhà cầu
    lot_ends: dict[int, np.ndarray] = field(default_factory=dict)  # side -> end of each lot

    def __post_init__(self) -> None:
        self.cum = cumulative(self.coords)
        self.line = shapely.LineString(self.coords)

    @property
    def length_m(self) -> float:
        return float(self.cum[-1])

    @property
    def half_m(self) -> float:
        return self.width_m / 2.0

    def point(self, s: float) -> XY:
        """The point at ``s``: an existing vertex when ``s`` falls on one, so it is shared exactly."""
        hit = np.flatnonzero(np.abs(self.cum - s) < 1e-9)
        if hit.size:
            return (float(self.coords[hit[0], 0]), float(self.coords[hit[0], 1]))
        p, _ = locate(self.coords, self.cum, s)
        return (float(p[0]), float(p[1]))

    def normal(self, s: float, side: int) -> np.ndarray:
        _, tangent = locate(self.coords, self.cum, s)
        return side * left_of(tangent)

    def clear_of_cuts(self, s: float, gap_m: float) -> bool:
        """Whether ``s`` is at least ``gap_m`` from every cut and from both ends."""
        inside = gap_m <= s <= self.length_m - gap_m
        return inside and all(abs(s - c) >= gap_m for c, _ in self.cuts)

    def number_at(self, side: int, s: float) -> int:
        """House number on ``side`` at ``s``: odd on the left, even on the right."""
        ends = self.lot_ends.get(side, np.zeros(0))
        return 2 * int(np.searchsorted(ends, s)) + (1 if side == 1 else 2)


class Network:
    """Roads of one tile, and the obstacles that a new alley must stay clear of."""

    def __init__(self) -> None:
        self.roads: list[Road] = []
        self._geoms: list[shapely.Geometry] = []
        self._road_of: list[int] = []  # road index of each obstacle; -1 for others
        self._bounds = np.zeros((0, 4))

    def add_obstacle(self, geom: shapely.Geometry, road: int = -1) -> None:
        self._geoms.append(geom)
        self._road_of.append(road)
        self._bounds = np.vstack([self._bounds, shapely.bounds(geom)[None, :]])

    def add_road(self, road: Road) -> int:
        self.roads.append(road)
        index = len(self.roads) - 1
        clear_m = road.half_m + 2 * R.lot_depth_m  # two rows of houses back to back
        self.add_obstacle(shapely.buffer(road.line, clear_m, quad_segs=4), index)
        return index

    def first_hit(self, line: shapely.LineString, exclude: Sequence[int]) -> tuple[float, int]:
        """Distance along ``line`` to the first obstacle, and the obstacle (``inf, -1``: none)."""
        x0, y0, x1, y1 = line.bounds
        b = self._bounds
        near = np.flatnonzero((b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0))
        best, which = math.inf, -1
        for i in near:
            if self._road_of[i] >= 0 and self._road_of[i] in exclude:
                continue
            inside = shapely.intersection(line, self._geoms[i])
            if inside.is_empty:
                continue
            entry = shapely.line_locate_point(line, shapely.points(shapely.get_coordinates(inside)))
            if entry.min() < best:
                best, which = float(entry.min()), int(i)
        return best, which

    def road_of(self, obstacle: int) -> int:
        return self._road_of[obstacle] if obstacle >= 0 else -1

    def lines(self) -> tuple[np.ndarray, np.ndarray]:
        """Every road line and its half width in metres."""
        return np.array([r.line for r in self.roads]), np.array([r.half_m for r in self.roads])


def build_skeleton(net: Network) -> dict[str, int]:
    """Add the main roads and streets; return their indices by key."""
    keys = {}
    for row in SKELETON:
        coords = np.array(row.vertices, dtype=float)
        road = Road(
            row.kind,
            row.width_m,
            row.base,
            coords,
            child_sides=row.child_sides,
            hydrant_sides=row.hydrant_sides,
        )
        road.cuts += [
            (float(road.cum[k]), road.point(road.cum[k])) for k in range(1, len(coords) - 1)
        ]
        keys[row.key] = net.add_road(road)
    return keys


def _grow(
    net: Network,
    parent_index: int,
    s: float,
    side: int,
    kind: str,
    target_m: float,
    rng: np.random.Generator,
) -> bool:
    """Grow one alley of ``kind`` off a road at ``s``; return whether it was kept."""
    parent = net.roads[parent_index]
    start = np.array(parent.point(s))
    heading = rotate(parent.normal(s, side), rng.uniform(-1, 1) * R.jitter_deg)
    bend = rng.random() < R.bend_share
    bend_at = rng.uniform(*R.bend_after_m)
    turn = rng.choice([-1.0, 1.0]) * rng.uniform(*R.bend_deg)
    widths, shares = _ALLEY_WIDTHS_M[kind]
    width = float(rng.choice(widths, p=shares))
    through = rng.random() < R.through_share[ALLEY_KINDS.index(kind)]
    if bend and target_m > bend_at + 20.0:
        knee = start + heading * bend_at
        coords = np.vstack([start, knee, knee + rotate(heading, turn) * (target_m - bend_at)])
    else:
        coords = np.vstack([start, start + heading * target_m])
    line = shapely.LineString(coords)
    hit_m, obstacle = net.first_hit(line, [parent_index])
    joined = None
    if math.isfinite(hit_m):
        joined = _join_through(net, parent_index, coords, line, obstacle) if through else None
        coords = joined[0] if joined else polyline_head(coords, hit_m - 1.0)
    if cumulative(coords)[-1] < (R.alley_min_m if kind == "ngo" else R.sub_min_m):
        return False
    parent.cuts.append((s, (float(start[0]), float(start[1]))))
    if joined:
        net.roads[joined[1]].cuts.append(joined[2])
    net.add_road(
        Road(
            kind,
            width,
            parent.base,
            coords,
            parent=parent_index,
            mouth_s=s,
            mouth_side=side,
            depth0_m=0.0 if parent.kind in TRUCK_KINDS else parent.depth0_m + s,
            child_sides=(1, -1) if kind == "ngo" else (),
        )
    )
    return True


def _join_through(
    net: Network, parent_index: int, coords: np.ndarray, line: shapely.LineString, obstacle: int
) -> tuple[np.ndarray, int, tuple[float, XY]] | None:
    """Run an alley on to the road it meets, when the way there is clear (a through alley).

    Return the alley's vertices, the road it joins and the junction (position, point) on it.
    """
    target_index = net.road_of(obstacle)
    if target_index < 0 or net.roads[target_index].kind == "ngach":
        return None
    target = net.roads[target_index]
    cross = shapely.intersection(line, target.line)
    if cross.is_empty:
        return None
    d = float(shapely.line_locate_point(line, shapely.points(shapely.get_coordinates(cross))).min())
    s = float(target.line.project(shapely.Point(line.interpolate(d))))
    if not target.clear_of_cuts(s, R.junction_gap_m):
        return None
    end = target.point(s)
    head = polyline_head(coords, d)
    head[-1] = end
    hit_m, _ = net.first_hit(shapely.LineString(head), [parent_index, target_index])
    return None if math.isfinite(hit_m) else (head, target_index, (s, end))


def grow_children(
    net: Network, parents: Sequence[int], kind: str, rng: np.random.Generator
) -> None:
    """Grow alleys (``ngo``) or sub-alleys (``ngach``) along both sides of ``parents``."""
    spacing, first = (
        (R.alley_spacing_m, R.alley_first_m) if kind == "ngo" else (R.sub_spacing_m, R.sub_first_m)
    )
    for index in parents:
        parent = net.roads[index]
        for side in parent.child_sides:
            s = rng.uniform(*first)
            while s < parent.length_m - R.junction_gap_m:
                if not parent.clear_of_cuts(s, R.junction_gap_m):
                    s += R.retry_step_m
                    continue
                if kind == "ngo":
                    deep = rng.random() < R.alley_deep_share
                    target = rng.uniform(*(R.alley_deep_m if deep else R.alley_short_m))
                else:
                    target = rng.uniform(*R.sub_depth_m)
                kept = _grow(net, index, s, side, kind, target, rng)
                s += rng.uniform(*spacing) if kept else R.retry_step_m


def name_roads(net: Network) -> None:
    """Name every road; a ngõ or ngách takes the house number at its mouth."""
    for road in net.roads:
        if road.parent < 0:
            road.name = f"{_KIND_WORD[road.kind]} {road.base}"
            continue
        parent = net.roads[road.parent]
        road.number = parent.number_at(road.mouth_side, road.mouth_s)
        number = f"{road.number}/{parent.number}" if road.kind == "ngach" else str(road.number)
        road.name = f"{_KIND_WORD[road.kind]} {number} {road.base}"


def in_address(name: str) -> str:
    """A road name as it reads inside an address: "ngõ 45 Hoàng Văn Thụ"."""
    return name[0].lower() + name[1:]


def cover_some_alleys(net: Network, rng: np.random.Generator) -> list[int]:
    """Give a few alleys a covered section (nhà cầu) with a low clearance; return them."""
    alleys = [i for i, r in enumerate(net.roads) if r.kind == "ngo" and r.length_m >= 40]
    chosen: list[int] = []
    for i in map(int, rng.permutation(alleys)):
        road = net.roads[i]
        length = rng.uniform(*R.covered_length_m)
        s0 = rng.uniform(8.0, road.length_m - length - 8.0)
        if any(s0 - 4.0 <= c <= s0 + length + 4.0 for c, _ in road.cuts):
            continue
        road.covered = (s0, s0 + length, round(float(rng.uniform(*R.covered_clearance_m)), 1))
        road.cuts += [(s0, road.point(s0)), (s0 + length, road.point(s0 + length))]
        chosen.append(i)
        if len(chosen) == R.covered_alleys:
            break
    return chosen


def split_roads(net: Network) -> Rows:
    """Cut every road at its cuts into pieces; vertices at the same point are merged."""
    pieces = Rows("geometry", "road", "s0", "s1", "clearance_m")
    for index, road in enumerate(net.roads):
        vertices: dict[XY, list] = {}  # point -> [s, is_cut]; insertion-ordered
        for k in range(len(road.coords)):
            vertices.setdefault(road.point(road.cum[k]), [float(road.cum[k]), False])
        for s, pt in road.marks:
            vertices.setdefault(pt, [s, False])
        for s, pt in road.cuts:
            vertices.setdefault(pt, [s, False])[1] = True
        ordered = sorted(
            ((s, pt, is_cut) for pt, (s, is_cut) in vertices.items()), key=lambda v: v[0]
        )
        piece = [ordered[0]]
        for k, vertex in enumerate(ordered[1:], start=1):
            piece.append(vertex)
            if (vertex[2] and k < len(ordered) - 1) or k == len(ordered) - 1:
                s0, s1 = piece[0][0], piece[-1][0]
                covered = road.covered
                inside = (
                    covered is not None and covered[0] - 1e-6 <= (s0 + s1) / 2 <= covered[1] + 1e-6
                )
                pieces.add(
                    geometry=shapely.LineString([pt for _, pt, _ in piece]),
                    road=index,
                    s0=s0,
                    s1=s1,
                    clearance_m=covered[2] if inside else math.nan,
                )
                piece = [vertex]
    return pieces


def roads_layer(tile: Tile, place: Place, nx: int, ny: int) -> gpd.GeoDataFrame:
    """Road pieces of every tile, and the entry roads where main roads leave the ward."""
    r, e = tile.roads, tile.entries
    edge_tiles = {
        "west": [(0, j) for j in range(ny)],
        "east": [(nx - 1, j) for j in range(ny)],
        "north": [(i, ny - 1) for i in range(nx)],
    }
    which, lines = [], []
    for k, end in enumerate(e["end"]):
        for i, j in edge_tiles[end]:
            start = e["xy"][k] + np.array([i * TILE_W_M, j * TILE_H_M])
            lines.append(shapely.LineString([start, start + e["direction"][k] * R.entry_road_m]))
            which.append(k)
    clearance = np.tile(r["clearance_m"], len(place))
    geometry = np.concatenate([place.geoms(r["geometry"]), place.global_geoms(lines)])
    return layer_frame(
        "roads",
        {
            "id": make_ids("D", len(geometry), 4),
            "name": np.concatenate([np.tile(r["name"], len(place)), e["name"][which]]),
            "kind": np.concatenate([np.tile(r["kind"], len(place)), e["kind"][which]]),
            "width_m": np.concatenate([np.tile(r["width_m"], len(place)), e["width_m"][which]]),
            "clearance_m": np.concatenate([clearance, np.full(len(which), math.nan)]),
            "note": np.concatenate(
                [
                    np.where(np.isfinite(clearance), _COVERED_NOTE, None),
                    np.full(len(which), _ENTRY_NOTE, dtype=object),
                ]
            ),
        },
        geometry,
    )
