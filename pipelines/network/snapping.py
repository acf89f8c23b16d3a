"""Snapping: points placed on the road graph, exactly on the nearest edge.

A **snapped point** is a position on an edge: edge index, offset along the edge from its
first node (``edge_u``) and the straight-line distance from the original point. Points
farther than ``max_m`` from every road are *too far* (edge ``-1``), never silently moved
across a block. The nearest road pieces are found with a KD-tree of short pieces of every
segment and projected on exactly. Coordinates are metres in the ward's metric CRS.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.spatial import cKDTree

_SNAP_PIECE_M = 5.0  # road segments are cut into pieces this long for the KD-tree
_SNAP_CANDIDATES = 4  # nearest pieces first examined per point (more when in doubt)


@dataclass(frozen=True)
class Snapped:
    """Points placed on the road graph.

    Attributes
    ----------
    edge
        Edge index per point (int64); ``-1`` when the point is farther than ``max_m`` from every
        road (or has no coordinates).
    offset_m
        Distance in metres along the edge from its first node ``edge_u`` to the snapped
        position (``nan`` when not snapped).
    distance_m
        Straight-line distance in metres from the point to the nearest road, also for points
        that are too far (``nan`` for points without coordinates or on an empty graph).
    xy
        Snapped position (n × 2, metric CRS); the nearest road position even when too far.
    max_m
        The maximum snap distance used, in metres.
    """

    edge: np.ndarray
    offset_m: np.ndarray
    distance_m: np.ndarray
    xy: np.ndarray
    max_m: float

    def __len__(self) -> int:
        return len(self.edge)

    @property
    def too_far(self) -> np.ndarray:
        """Boolean mask of points that were not snapped (farther than ``max_m`` or no position)."""
        return self.edge < 0

    def take(self, index: np.ndarray | slice) -> Snapped:
        """Return the points selected by an integer index, a boolean mask or a slice (a view)."""
        if not isinstance(index, slice):
            index = np.asarray(index)
        return Snapped(
            self.edge[index],
            self.offset_m[index],
            self.distance_m[index],
            self.xy[index],
            self.max_m,
        )

    @classmethod
    def concat(cls, parts: list[Snapped]) -> Snapped:
        """Join several snapped sets (in order) into one."""
        if not parts:
            return _empty_snapped(0.0)
        return cls(
            np.concatenate([p.edge for p in parts]),
            np.concatenate([p.offset_m for p in parts]),
            np.concatenate([p.distance_m for p in parts]),
            np.concatenate([p.xy for p in parts]).reshape(-1, 2),
            max(p.max_m for p in parts),
        )


def _empty_snapped(max_m: float, n: int = 0) -> Snapped:
    return Snapped(
        np.full(n, -1, dtype=np.int64),
        np.full(n, np.nan),
        np.full(n, np.nan),
        np.full((n, 2), np.nan),
        float(max_m),
    )


class Snapping:
    """Snapping methods of :class:`pipelines.network.graph.RoadGraph` (a mixin)."""

    @cached_property
    def _pieces(self) -> tuple[cKDTree, np.ndarray, float]:
        seg_len = self._seg_len
        n_piece = np.maximum(1, np.ceil(seg_len / _SNAP_PIECE_M)).astype(np.int64)
        piece_seg = np.repeat(np.arange(len(seg_len)), n_piece)
        rank = np.arange(len(piece_seg)) - np.repeat(np.cumsum(n_piece) - n_piece, n_piece)
        frac = (rank + 0.5) / n_piece[piece_seg]
        mid = self.seg_xy0[piece_seg] + frac[:, None] * (
            self.seg_xy1[piece_seg] - self.seg_xy0[piece_seg]
        )
        half = float((seg_len / n_piece).max(initial=0.0)) / 2.0 + 1e-9
        return cKDTree(mid), piece_seg, half

    @property
    def snap_pieces_xy(self) -> np.ndarray:
        """Midpoints (n × 2, metres) of the short road pieces the snapping KD-tree holds."""
        return self._pieces[0].data

    @cached_property
    def _seg_parts(self) -> tuple[np.ndarray, ...]:
        """Segment start x, y, direction x, y and 1 / squared length (0 for a point)."""
        d = self.seg_xy1 - self.seg_xy0
        len2 = np.einsum("ij,ij->i", d, d)
        inv = np.divide(1.0, len2, out=np.zeros_like(len2), where=len2 > 0)
        return (
            self.seg_xy0[:, 0].copy(),
            self.seg_xy0[:, 1].copy(),
            d[:, 0].copy(),
            d[:, 1].copy(),
            inv,
        )

    def snap(self, points_xy: np.ndarray, *, max_m: float) -> Snapped:
        """Place points on the nearest edge (the exact nearest position, not the nearest node).

        The nearest road pieces are found with a KD-tree and projected on exactly; a point
        whose answer the nearest pieces cannot guarantee is checked against every piece
        within reach.

        Parameters
        ----------
        points_xy
            Point coordinates (n × 2) in metres, metric CRS; rows with ``nan`` are not snapped.
        max_m
            Maximum snap distance in metres: farther points get edge ``-1`` (too far).

        Returns
        -------
        Snapped
            Edge, offset along the edge, snap distance and snapped position per point.
        """
        pts = np.asarray(points_xy, dtype=float).reshape(-1, 2)
        valid = np.isfinite(pts).all(axis=1)
        if not len(self.seg_edge) or not valid.any():
            return _empty_snapped(max_m, len(pts))
        every = bool(valid.all())
        p = pts if every else pts[valid]
        tree, piece_seg, half = self._pieces
        k = min(_SNAP_CANDIDATES, tree.n)
        d_mid, idx = tree.query(p, k=k)
        seg, dist, t = self._project(p, piece_seg[idx.reshape(len(p), k)])
        np.sqrt(dist, out=dist)
        # a piece not among the k nearest is at least d_k - half from the point: when that
        # bound does not settle it, look at more pieces
        bound = d_mid.reshape(len(p), k)[:, -1] - half
        todo = np.flatnonzero((dist > bound) & (bound <= max_m))
        while len(todo) and k < tree.n:
            k = min(4 * k, tree.n)
            d_mid, idx = tree.query(p[todo], k=k)
            s_, d2_, t_ = self._project(p[todo], piece_seg[idx.reshape(len(todo), k)])
            seg[todo], dist[todo], t[todo] = s_, np.sqrt(d2_), t_
            bound = d_mid.reshape(len(todo), k)[:, -1] - half
            todo = todo[(dist[todo] > bound) & (bound <= max_m)]
        x0, y0, dx, dy, _ = self._seg_parts
        edge = self.seg_edge[seg]
        offset = np.minimum(
            self.seg_offset_m[seg] + t * self._seg_len[seg], self.edge_length_m[edge]
        )
        near = dist <= max_m
        xy = np.empty((len(p), 2))
        xy[:, 0] = x0[seg] + t * dx[seg]
        xy[:, 1] = y0[seg] + t * dy[seg]
        edge = np.where(near, edge, -1)
        offset = np.where(near, offset, np.nan)
        if every:
            return Snapped(edge, offset, dist, xy, float(max_m))
        out = _empty_snapped(max_m, len(pts))
        out.edge[valid] = edge
        out.offset_m[valid] = offset
        out.distance_m[valid] = dist
        out.xy[valid] = xy
        return out

    def _project(
        self, p: np.ndarray, cand: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the nearest of the candidate segments per point: segment, squared distance,
        and position along the segment as a fraction 0–1."""
        x0, y0, dx, dy, inv = self._seg_parts
        sx, sy, ex, ey = dx[cand], dy[cand], x0[cand], y0[cand]
        np.subtract(p[:, :1], ex, out=ex)
        np.subtract(p[:, 1:], ey, out=ey)
        t = (ex * sx + ey * sy) * inv[cand]
        np.clip(t, 0.0, 1.0, out=t)
        ex -= t * sx
        ey -= t * sy
        d2 = ex * ex + ey * ey
        best = np.argmin(d2, axis=1)
        rows = np.arange(len(p))
        return cand[rows, best], d2[rows, best], t[rows, best]

    def sample_along_edges(
        self, spacing_m: float, *, edge_mask: np.ndarray | None = None
    ) -> Snapped:
        """Return positions every ``spacing_m`` metres along edges (candidate sites).

        Each selected edge gets ``ceil(length / spacing_m)`` positions, evenly spaced and
        centred (an edge shorter than the spacing gets its midpoint). Snap distance is 0.
        """
        if spacing_m <= 0:
            raise ValueError(f"'spacing_m' should be positive, got {spacing_m} instead")
        edges = np.arange(self.n_edges)
        if edge_mask is not None:
            edges = edges[self._check_edge_mask(edge_mask)]
        length = self.edge_length_m[edges]
        count = np.maximum(1, np.ceil(length / spacing_m)).astype(np.int64)
        edge = np.repeat(edges, count)
        rank = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        offset = (rank + 0.5) * np.repeat(length / count, count)
        xy = self.interpolate(edge, offset) if len(edge) else np.zeros((0, 2))
        return Snapped(edge, offset, np.zeros(len(edge)), xy, 0.0)
