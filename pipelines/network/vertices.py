"""The vertex table a road graph is built from: line vertices in order along their lines,
with the vertices added where a line end touches another line (T-junctions) and where a split
point (a gate, a bollard) is cut in. Metres, metric CRS.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from pipelines.network.arrays import run_starts

NODE_GRID_M = 0.001  # vertices that round to the same millimetre are the same node


def line_attr(values, n: int, fill, dtype) -> np.ndarray:
    if values is None:
        return np.full(n, fill, dtype=dtype)
    if isinstance(values, pd.Series):
        values = values.to_numpy(dtype=dtype, na_value=fill)
    out = np.asarray(values, dtype=dtype).reshape(-1)
    if len(out) != n:
        raise ValueError(f"per-line attributes should have {n} values, got {len(out)} instead")
    return out


@dataclass(frozen=True)
class VertexTable:
    """Line vertices in order along their lines, with node marks and split tags."""

    line: np.ndarray
    m: np.ndarray
    xy: np.ndarray
    forced: np.ndarray
    tag: np.ndarray

    @classmethod
    def from_coordinates(cls, xy: np.ndarray, line: np.ndarray) -> VertexTable:
        step = np.zeros(len(xy))
        if len(xy):
            same = line[1:] == line[:-1]
            step[1:] = np.where(same, np.hypot(*(xy[1:] - xy[:-1]).T), 0.0)
        cum = np.cumsum(step)
        starts = run_starts(line)
        m = cum - cum[np.flatnonzero(starts)][np.cumsum(starts) - 1] if len(xy) else cum
        n = len(xy)
        return cls(line, m, xy, np.zeros(n, bool), np.full(n, -1, np.int64))

    def line_ends(self) -> tuple[np.ndarray, np.ndarray]:
        if not len(self.line):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        first = np.flatnonzero(run_starts(self.line))
        last = np.flatnonzero(np.r_[self.line[1:] != self.line[:-1], True])
        return first, last

    def with_inserts(self, inserts: list[VertexTable]) -> VertexTable:
        parts = [self, *inserts]
        line = np.concatenate([p.line for p in parts])
        m = np.concatenate([p.m for p in parts])
        xy = np.concatenate([p.xy for p in parts]).reshape(-1, 2)
        forced = np.concatenate([p.forced for p in parts])
        tag = np.concatenate([p.tag for p in parts])
        origin = np.concatenate([np.full(len(p.line), i) for i, p in enumerate(parts)])
        order = np.lexsort((origin, m, line))
        line, m, xy, forced, tag = line[order], m[order], xy[order], forced[order], tag[order]
        # drop repeated coordinates along a line, keeping the marks of the dropped rows
        dup = np.zeros(len(line), bool)
        if len(line):
            dup[1:] = (line[1:] == line[:-1]) & (xy[1:] == xy[:-1]).all(axis=1)
        keep_idx = np.where(~dup, np.arange(len(line)), 0)
        leader = np.maximum.accumulate(keep_idx)
        forced = forced.copy()
        np.logical_or.at(forced, leader[dup], forced[dup])
        tag = tag.copy()
        moved = dup & (tag >= 0)
        tag[leader[moved]] = tag[moved]
        keep = ~dup
        line, m, xy, forced, tag = line[keep], m[keep], xy[keep], forced[keep], tag[keep]
        # a line reduced to a single position has no length: drop it
        sizes = np.bincount(line, minlength=line.max() + 1 if len(line) else 0)
        keep = sizes[line] >= 2
        return VertexTable(line[keep], m[keep], xy[keep], forced[keep], tag[keep])


def junction_inserts(
    lines: np.ndarray, tree: shapely.STRtree, table: VertexTable, tol_m: float
) -> VertexTable:
    """Vertices to add where a line end touches another line's interior (T-junctions).

    Each distinct end position is looked up once; lines that already have a vertex at that
    exact position are joined there anyway and get nothing.
    """
    first, last = table.line_ends()
    ends = np.concatenate([first, last])
    empty = VertexTable(
        np.zeros(0, np.int64), np.zeros(0), np.zeros((0, 2)), np.zeros(0, bool), np.zeros(0, int)
    )
    if not len(ends):
        return empty
    key = pd.factorize(position_keys(table.xy))[0]
    end_keys, at = np.unique(key[ends], return_index=True)
    spots = table.xy[ends[at]]
    p_i, l_j = tree.query(shapely.points(spots), predicate="dwithin", distance=tol_m)
    # drop (position, line) pairs where the line already passes through that exact position
    width = len(lines) + 1
    has_vertex = np.isin(end_keys[p_i] * width + l_j, key * width + table.line)
    p_i, l_j = p_i[~has_vertex], l_j[~has_vertex]
    if not len(p_i):
        return empty
    m = shapely.line_locate_point(lines[l_j], shapely.points(spots[p_i]))
    return VertexTable(
        l_j.astype(np.int64),
        m,
        spots[p_i],
        np.ones(len(p_i), bool),
        np.full(len(p_i), -1, np.int64),
    )


def position_keys(xy: np.ndarray) -> np.ndarray:
    """Return an int64 key per coordinate pair, equal for pairs in the same millimetre cell."""
    if not len(xy):
        return np.zeros(0, dtype=np.int64)
    q = np.round(xy / NODE_GRID_M).astype(np.int64)
    q -= q.min(axis=0)
    return q[:, 0] * (q[:, 1].max() + 1) + q[:, 1]


def split_inserts(
    lines: np.ndarray,
    tree: shapely.STRtree,
    points_xy: np.ndarray,
    max_m: float,
    gap_m: float,
    preference: np.ndarray,
) -> tuple[VertexTable, np.ndarray]:
    """Two vertices per split point, ``gap_m`` apart on the nearest line, the first tagged."""
    k = len(points_xy)
    split_line = np.full(k, -1, dtype=np.int64)
    pts = shapely.points(points_xy)
    p_i, l_j = tree.query_nearest(pts, max_distance=max_m, all_matches=True)
    if len(p_i):
        dist = np.round(shapely.distance(pts[p_i], lines[l_j]), 6)
        pref = np.nan_to_num(preference[l_j], nan=np.inf)
        order = np.lexsort((l_j, pref, dist, p_i))
        first = run_starts(p_i[order])
        split_line[p_i[order][first]] = l_j[order][first]
    placed = np.flatnonzero(split_line >= 0)
    line = split_line[placed]
    length = shapely.length(lines[line])
    m = shapely.line_locate_point(lines[line], pts[placed])
    gap = np.minimum(gap_m, length)
    start = np.clip(m - gap / 2, 0.0, length - gap)
    end = start + gap
    xy_start = shapely.get_coordinates(shapely.line_interpolate_point(lines[line], start))
    xy_end = shapely.get_coordinates(shapely.line_interpolate_point(lines[line], end))
    n = len(placed)
    table = VertexTable(
        np.concatenate([line, line]),
        np.concatenate([start, end]),
        np.concatenate([xy_start, xy_end]).reshape(-1, 2),
        np.ones(2 * n, bool),
        np.concatenate([placed, np.full(n, -1)]).astype(np.int64),
    )
    return table, split_line
