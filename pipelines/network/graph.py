"""The road network: a graph of junctions and road pieces, snapping onto it, network distances.

Everything here works in metres in one projected CRS — the ward's ``crs_metric`` — and never
sees degrees. :meth:`RoadGraph.from_lines` is the array core (shapely LineStrings and numpy
arrays in, arrays out); :func:`road_graph_from_frame` is the GeoDataFrame adapter that checks
and reprojects a roads layer first.

Model
-----
* **Nodes** are line ends and junctions: vertices shared by two or more lines, and line ends
  lying within ``junction_tolerance_m`` of another line's interior (a T-junction drawn
  without a shared vertex; the other line gets a vertex there). Lines that cross without a
  shared vertex do not meet (a bridge or an underpass), as in OpenStreetMap.
* **Edges** are the pieces of lines between nodes, with their length along the line, and the
  attributes of their line (road id, width, clearance, kind).
* **Split points** (for example gates and bollards) are cut into their line as a short edge of
  ``split_gap_m`` between two new nodes, so that blocking the point is blocking one edge, while
  the road on either side of it stays usable up to the point.
* A **snapped point** is a position on an edge: edge index, offset along the edge from its
  first node (``edge_u``) and the straight-line distance from the original point. Points
  farther than ``max_m`` from every road are *too far* (edge ``-1``), never silently moved
  across a block.

Distances
---------
A network distance between two features is: snap distance of the first + distance along the
roads between the two snapped positions + snap distance of the second. Positions in the
middle of an edge are handled exactly, including a source and a target on the same edge.
Nearest-facility distances are one multi-source pass of
:func:`scipy.sparse.csgraph.dijkstra` (``min_only=True``, ``limit``) per facility set, with
each source a virtual node joined to both ends of its edge. The radius-limited
source × target matrix (:meth:`RoadGraph.distance_matrix`) is built in batches of sources,
and stores only the pairs within the limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely
from pyproj import Transformer
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

JUNCTION_TOLERANCE_M = 1.0  # a line end this close to another line joins it (T-junction)
SPLIT_GAP_M = 0.5  # length of the edge that stands for a split point (a gate, a bollard)
NODE_GRID_M = 0.001  # vertices that round to the same millimetre are the same node
_SNAP_PIECE_M = 5.0  # road segments are cut into pieces this long for the KD-tree
_SNAP_CANDIDATES = 4  # nearest pieces first examined per point (more when in doubt)
_MATRIX_BATCH_CELLS = 4_000_000  # dense cells per Dijkstra batch in distance_matrix


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


@dataclass(frozen=True)
class Nearest:
    """Distance from each target to its nearest source.

    Attributes
    ----------
    distance_m
        Network distance in metres, snap distances included; ``inf`` when no source is within
        the limit or the target is not snapped.
    source
        Index of the nearest source (into the sources given), ``-1`` when none.
    """

    distance_m: np.ndarray
    source: np.ndarray


@dataclass(frozen=True, eq=False)
class RoadGraph:
    """An undirected road graph with edges cut at junctions; coordinates in metres.

    Build it with :meth:`from_lines` or :func:`road_graph_from_frame`; do not fill the fields
    by hand. Arrays are read-only by convention: a graph is shared by cached analyses.

    Attributes
    ----------
    node_xy
        Node coordinates (n_nodes × 2), metric CRS.
    edge_u, edge_v
        First and last node of each edge (int64). ``offset_m`` of a snapped point counts from
        ``edge_u``.
    edge_length_m
        Length of each edge along its line, in metres.
    edge_line
        Index of the input line each edge comes from.
    edge_line_offset_m
        Position of the edge's first node along its line, in metres.
    seg_edge, seg_xy0, seg_xy1, seg_offset_m
        The straight segments of every edge, in order along the edge: owning edge, start and
        end coordinates, and position of the start along the edge (metres).
    line_id, line_width_m, line_clearance_m, line_kind
        Attributes of the input lines (id, width and clear height in metres with ``nan`` for
        unknown, kind code).
    split_edge
        For each split point given to :meth:`from_lines`, the short edge that stands for it;
        ``-1`` when the point was farther than ``split_max_m`` from every line.
    """

    node_xy: np.ndarray
    edge_u: np.ndarray
    edge_v: np.ndarray
    edge_length_m: np.ndarray
    edge_line: np.ndarray
    edge_line_offset_m: np.ndarray
    seg_edge: np.ndarray
    seg_xy0: np.ndarray
    seg_xy1: np.ndarray
    seg_offset_m: np.ndarray
    line_id: np.ndarray
    line_width_m: np.ndarray
    line_clearance_m: np.ndarray
    line_kind: np.ndarray
    split_edge: np.ndarray

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_lines(
        cls,
        lines: np.ndarray | list,
        *,
        road_id: np.ndarray | list | None = None,
        width_m: np.ndarray | list | None = None,
        clearance_m: np.ndarray | list | None = None,
        kind: np.ndarray | list | None = None,
        split_points_xy: np.ndarray | None = None,
        split_max_m: float = 10.0,
        split_preference: np.ndarray | None = None,
        split_gap_m: float = SPLIT_GAP_M,
        junction_tolerance_m: float = JUNCTION_TOLERANCE_M,
    ) -> RoadGraph:
        """Build the graph from road centre lines in a metric CRS.

        Parameters
        ----------
        lines
            Shapely LineStrings, coordinates in metres (metric CRS). Missing or empty
            geometries and lines of zero length are skipped.
        road_id, width_m, clearance_m, kind
            Per-line attributes carried to the edges; widths and clearances in metres,
            ``nan``/``None`` for unknown.
        split_points_xy
            Points (k × 2, metres) to cut into the nearest line as a ``split_gap_m`` edge of
            their own (see :attr:`split_edge`).
        split_max_m
            A split point farther than this from every line, in metres, is not placed.
        split_preference
            Per-line rank used when a split point is equally near to several lines (at a
            junction): the line with the lowest value gets it. Default: the narrowest line.
        split_gap_m
            Length in metres of the edge standing for each split point.
        junction_tolerance_m
            A line end within this distance (metres) of another line's interior joins it.
        """
        lines = np.asarray(lines, dtype=object).reshape(-1)
        n_lines = len(lines)
        present = ~(shapely.is_missing(lines) | shapely.is_empty(lines))
        types = shapely.get_type_id(lines[present])
        if np.any(types != shapely.GeometryType.LINESTRING):
            raise TypeError(
                "'lines' should hold LineStrings only, got geometry type ids "
                f"{sorted(set(types.tolist()))} instead"
            )
        ids = _line_attr(road_id, n_lines, None, object)
        if road_id is None:
            ids = np.arange(n_lines).astype(str).astype(object)
        widths = _line_attr(width_m, n_lines, np.nan, float)
        clearances = _line_attr(clearance_m, n_lines, np.nan, float)
        kinds = _line_attr(kind, n_lines, None, object)
        split_xy = (
            np.empty((0, 2)) if split_points_xy is None else np.asarray(split_points_xy, float)
        ).reshape(-1, 2)

        xy, line_of = shapely.get_coordinates(lines, return_index=True)
        xy = xy.astype(float)
        table = _VertexTable.from_coordinates(xy, line_of)
        tree = shapely.STRtree(lines)
        inserts = [_junction_inserts(lines, tree, table, junction_tolerance_m)]
        split_line = np.full(len(split_xy), -1, dtype=np.int64)
        if len(split_xy):
            pref = widths if split_preference is None else np.asarray(split_preference, float)
            ins, split_line = _split_inserts(lines, tree, split_xy, split_max_m, split_gap_m, pref)
            inserts.append(ins)
        table = table.with_inserts(inserts)
        return cls._from_table(
            table, ids, widths, clearances, kinds, n_splits=len(split_xy), split_line=split_line
        )

    @classmethod
    def _from_table(
        cls,
        t: _VertexTable,
        ids: np.ndarray,
        widths: np.ndarray,
        clearances: np.ndarray,
        kinds: np.ndarray,
        *,
        n_splits: int,
        split_line: np.ndarray,
    ) -> RoadGraph:
        n = len(t.line)
        if n:
            first = np.r_[True, t.line[1:] != t.line[:-1]]
            last = np.r_[t.line[1:] != t.line[:-1], True]
        else:
            first = last = np.zeros(0, dtype=bool)
        key_id, _ = pd.factorize(_position_keys(t.xy))
        count = np.bincount(key_id, minlength=key_id.max() + 1 if n else 0)
        is_node = t.forced | first | last | (count[key_id] >= 2)
        node_of_key = np.full(len(count), -1, dtype=np.int64)
        node_keys, first_row = np.unique(key_id[is_node], return_index=True)
        node_of_key[node_keys] = np.arange(len(node_keys))
        node_xy = t.xy[np.flatnonzero(is_node)[first_row]].reshape(-1, 2)

        start = np.flatnonzero(~last)  # segment k runs from row start[k] to start[k] + 1
        seg_len = np.hypot(*(t.xy[start + 1] - t.xy[start]).T) if len(start) else np.zeros(0)
        new_edge = is_node[start]
        seg_edge = np.cumsum(new_edge) - 1
        n_edges = int(seg_edge[-1] + 1) if len(start) else 0
        first_seg = np.flatnonzero(new_edge)
        last_seg = np.r_[first_seg[1:] - 1, len(start) - 1] if n_edges else first_seg
        edge_u = node_of_key[key_id[start[first_seg]]]
        edge_v = node_of_key[key_id[start[last_seg] + 1]]
        edge_len = np.bincount(seg_edge, seg_len, minlength=n_edges)
        cum = np.cumsum(seg_len) - seg_len
        seg_offset = cum - cum[first_seg][seg_edge] if n_edges else cum
        seg_line = t.line[start]
        line_first_seg = run_starts(seg_line)
        line_start_cum = cum[np.flatnonzero(line_first_seg)]
        line_rank = np.cumsum(line_first_seg) - 1
        seg_line_offset = cum - line_start_cum[line_rank] if len(start) else cum
        edge_line = seg_line[first_seg]
        edge_line_offset = seg_line_offset[first_seg]

        split_edge = np.full(n_splits, -1, dtype=np.int64)
        tagged = np.flatnonzero(t.tag >= 0)
        if len(tagged):
            seg_pos = np.searchsorted(start, tagged)
            ok = (seg_pos < len(start)) & (start[np.minimum(seg_pos, len(start) - 1)] == tagged)
            split_edge[t.tag[tagged[ok]]] = seg_edge[seg_pos[ok]]
        split_edge[split_line < 0] = -1
        return cls(
            node_xy=node_xy,
            edge_u=edge_u.astype(np.int64),
            edge_v=edge_v.astype(np.int64),
            edge_length_m=edge_len,
            edge_line=edge_line.astype(np.int64),
            edge_line_offset_m=edge_line_offset,
            seg_edge=seg_edge.astype(np.int64),
            seg_xy0=t.xy[start].reshape(-1, 2),
            seg_xy1=t.xy[start + 1].reshape(-1, 2),
            seg_offset_m=seg_offset,
            line_id=ids,
            line_width_m=widths,
            line_clearance_m=clearances,
            line_kind=kinds,
            split_edge=split_edge,
        )

    # ------------------------------------------------------------------ edge attributes

    @property
    def n_nodes(self) -> int:
        return len(self.node_xy)

    @property
    def n_edges(self) -> int:
        return len(self.edge_u)

    @property
    def edge_road_id(self) -> np.ndarray:
        """Road id of each edge (from ``road_id`` of the input lines)."""
        return self.line_id[self.edge_line]

    @property
    def edge_width_m(self) -> np.ndarray:
        """Width of each edge in metres (``nan`` unknown)."""
        return self.line_width_m[self.edge_line]

    @property
    def edge_clearance_m(self) -> np.ndarray:
        """Clear height of each edge in metres (``nan`` unknown)."""
        return self.line_clearance_m[self.edge_line]

    @property
    def edge_kind(self) -> np.ndarray:
        """Kind code of each edge's road."""
        return self.line_kind[self.edge_line]

    @cached_property
    def _seg_len(self) -> np.ndarray:
        return np.hypot(*(self.seg_xy1 - self.seg_xy0).T) if len(self.seg_edge) else np.zeros(0)

    @cached_property
    def _edge_first_seg(self) -> np.ndarray:
        return np.searchsorted(self.seg_edge, np.arange(self.n_edges), side="left")

    @cached_property
    def _full_adjacency(self) -> sp.csr_matrix:
        return self._build_adjacency(None)

    def adjacency(self, edge_mask: np.ndarray | None = None) -> sp.csr_matrix:
        """Return the symmetric CSR adjacency (n_nodes × n_nodes), weights in metres.

        Parallel edges keep the shortest; self-loops are dropped. ``edge_mask`` (boolean per
        edge) keeps only the edges where it is true (for example truck-passable edges).
        """
        if edge_mask is None:
            return self._full_adjacency
        return self._build_adjacency(self._check_edge_mask(edge_mask))

    def _build_adjacency(self, edge_mask: np.ndarray | None) -> sp.csr_matrix:
        keep = self.edge_u != self.edge_v
        if edge_mask is not None:
            keep &= edge_mask
        u, v, w = self.edge_u[keep], self.edge_v[keep], self.edge_length_m[keep]
        rows = np.concatenate([u, v])
        cols = np.concatenate([v, u])
        weights = np.concatenate([w, w])
        order = np.lexsort((weights, cols, rows))
        rows, cols, weights = rows[order], cols[order], weights[order]
        first = run_starts(rows, cols)
        rows, cols, weights = rows[first], cols[first], weights[first]
        n = self.n_nodes
        indptr = np.r_[0, np.cumsum(np.bincount(rows, minlength=n))]
        return sp.csr_matrix((weights, cols.astype(np.int32), indptr), shape=(n, n))

    def _check_edge_mask(self, edge_mask: np.ndarray) -> np.ndarray:
        mask = np.asarray(edge_mask)
        if mask.dtype != bool or mask.shape != (self.n_edges,):
            raise ValueError(
                f"'edge_mask' should be a boolean array of {self.n_edges} edges, got "
                f"dtype {mask.dtype} and shape {mask.shape} instead"
            )
        return mask

    # ------------------------------------------------------------------ geometry

    def edge_lines(self) -> np.ndarray:
        """Return every edge as a shapely LineString (metric CRS), in edge order."""
        if not self.n_edges:
            return np.empty(0, dtype=object)
        n_seg = len(self.seg_edge)
        last_seg = np.r_[self._edge_first_seg[1:] - 1, n_seg - 1]
        pts = np.empty((n_seg + self.n_edges, 2))
        pts[np.arange(n_seg) + self.seg_edge] = self.seg_xy0
        pts[last_seg + np.arange(self.n_edges) + 1] = self.seg_xy1[last_seg]
        index = np.empty(len(pts), dtype=np.int64)
        index[np.arange(n_seg) + self.seg_edge] = self.seg_edge
        index[last_seg + np.arange(self.n_edges) + 1] = np.arange(self.n_edges)
        return shapely.linestrings(pts, indices=index)

    def interpolate(self, edge: np.ndarray, offset_m: np.ndarray) -> np.ndarray:
        """Return the coordinates (n × 2) of positions given as edge and offset in metres."""
        edge = np.asarray(edge, dtype=np.int64)
        offset = np.asarray(offset_m, dtype=float)
        seg = self._segment_at(edge, offset)
        length = np.where(self._seg_len[seg] > 0, self._seg_len[seg], 1.0)
        frac = np.clip((offset - self.seg_offset_m[seg]) / length, 0.0, 1.0)
        return self.seg_xy0[seg] + frac[:, None] * (self.seg_xy1[seg] - self.seg_xy0[seg])

    def _segment_at(self, edge: np.ndarray, offset: np.ndarray) -> np.ndarray:
        key = edge.astype(float) * (self.edge_length_m.max(initial=0.0) + 1.0) + offset
        seg_key = self.seg_edge * (self.edge_length_m.max(initial=0.0) + 1.0) + self.seg_offset_m
        seg = np.searchsorted(seg_key, key, side="right") - 1
        return np.clip(np.maximum(seg, self._edge_first_seg[edge]), 0, len(self.seg_edge) - 1)

    def edge_substrings(
        self,
        edge: np.ndarray,
        start_m: np.ndarray,
        end_m: np.ndarray,
        *,
        group: np.ndarray | None = None,
    ) -> np.ndarray:
        """Return the parts of edges between two offsets as shapely MultiLineStrings.

        Parameters
        ----------
        edge
            Edge index per part.
        start_m, end_m
            Offsets in metres along each edge from ``edge_u`` (``start_m < end_m``).
        group
            Group number (0, 1, …) per part: parts of one group come out as one
            MultiLineString. Default: one output per part.

        Returns
        -------
        numpy.ndarray
            One MultiLineString (metric CRS) per group, ``None`` for an empty group.
        """
        edge = np.asarray(edge, dtype=np.int64)
        first = self._edge_first_seg
        ends = np.r_[first[1:], len(self.seg_edge)]
        return self._clip(first[edge], ends[edge], start_m, end_m, self.seg_offset_m, group)

    def line_substrings(
        self,
        line: np.ndarray,
        start_m: np.ndarray,
        end_m: np.ndarray,
        *,
        group: np.ndarray | None = None,
    ) -> np.ndarray:
        """Return the parts of input lines (roads) between two positions along them.

        Same as :meth:`edge_substrings` with positions measured in metres from the start of
        the input line (``edge_line_offset_m`` + offset along the edge).
        """
        line = np.asarray(line, dtype=np.int64)
        seg_line = self.edge_line[self.seg_edge]
        bounds = np.searchsorted(seg_line, np.arange(len(self.line_id) + 1))
        position = self.edge_line_offset_m[self.seg_edge] + self.seg_offset_m
        return self._clip(bounds[line], bounds[line + 1], start_m, end_m, position, group)

    def _clip(
        self,
        first: np.ndarray,
        stop: np.ndarray,
        start_m: np.ndarray,
        end_m: np.ndarray,
        seg_position: np.ndarray,
        group: np.ndarray | None,
    ) -> np.ndarray:
        """Clip runs of segments ``first:stop`` to positions ``start_m``–``end_m``."""
        start = np.asarray(start_m, dtype=float)
        end = np.asarray(end_m, dtype=float)
        n = len(first)
        group = np.arange(n) if group is None else np.asarray(group, dtype=np.int64)
        out = np.full(int(group.max(initial=-1) + 1), None, dtype=object)
        if not n:
            return out
        count = stop - first
        part = np.repeat(np.arange(n), count)
        seg = first[part] + (np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count))
        s0 = seg_position[seg]
        lo = np.maximum(s0, start[part])
        hi = np.minimum(s0 + self._seg_len[seg], end[part])
        ok = hi > lo
        part, seg, lo, hi, s0 = part[ok], seg[ok], lo[ok], hi[ok], s0[ok]
        length = np.where(self._seg_len[seg] > 0, self._seg_len[seg], 1.0)
        d = self.seg_xy1[seg] - self.seg_xy0[seg]
        a = self.seg_xy0[seg] + ((lo - s0) / length)[:, None] * d
        b = self.seg_xy0[seg] + ((hi - s0) / length)[:, None] * d
        if len(seg):
            pieces = shapely.linestrings(np.stack([a, b], axis=1))
            owner = group[part]
            order = np.argsort(owner, kind="stable")
            shapely.multilinestrings(pieces[order], indices=owner[order], out=out)
        return out

    # ------------------------------------------------------------------ snapping

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

    # ------------------------------------------------------------------ distances

    def _augmented(self, base: sp.csr_matrix, sources: Snapped) -> sp.csr_matrix:
        """Append one virtual node per source, with arcs to both ends of its edge."""
        n = base.shape[0]
        k = len(sources)
        e = sources.edge
        length = self.edge_length_m[e]
        offset = np.clip(sources.offset_m, 0.0, length)
        snap = sources.distance_m
        data = np.concatenate(
            [base.data, np.column_stack([snap + offset, snap + length - offset]).ravel()]
        )
        indices = np.concatenate(
            [base.indices, np.column_stack([self.edge_u[e], self.edge_v[e]]).ravel()]
        )
        indptr = np.concatenate([base.indptr, base.indptr[-1] + 2 * np.arange(1, k + 1)])
        return sp.csr_matrix((data, indices.astype(np.int32), indptr), shape=(n + k, n + k))

    def _usable(self, points: Snapped, edge_mask: np.ndarray | None) -> np.ndarray:
        ok = points.edge >= 0
        if edge_mask is not None:
            ok[ok] = edge_mask[points.edge[ok]]
        return ok

    def node_distances(
        self,
        sources: Snapped,
        *,
        limit_m: float,
        edge_mask: np.ndarray | None = None,
    ) -> Nearest:
        """Return every node's network distance to the nearest source (one Dijkstra pass).

        Distances include the source's snap distance; nodes beyond ``limit_m`` metres get
        ``inf`` and source ``-1``. Only edges where ``edge_mask`` is true are used; sources on
        other edges are ignored.
        """
        mask = None if edge_mask is None else self._check_edge_mask(edge_mask)
        n = self.n_nodes
        ok = np.flatnonzero(self._usable(sources, mask))
        if not len(ok) or not n:
            return Nearest(np.full(n, np.inf), np.full(n, -1, dtype=np.int64))
        graph = self._augmented(self.adjacency(mask), sources.take(ok))
        dist, _, origin = dijkstra(
            graph,
            directed=True,
            indices=n + np.arange(len(ok)),
            min_only=True,
            limit=limit_m,
            return_predecessors=True,
        )
        source = np.where(origin >= n, ok[np.clip(origin - n, 0, len(ok) - 1)], -1)
        return Nearest(dist[:n], source[:n].astype(np.int64))

    def distances_from(
        self,
        sources: Snapped,
        targets: Snapped,
        *,
        limit_m: float,
        passable_mask: np.ndarray | None = None,
    ) -> Nearest:
        """Return each target's network distance to its nearest source.

        One multi-source Dijkstra pass over the graph (limited to ``limit_m`` metres), then
        each target takes the better of its edge's two ends, or a source on its own edge
        reached directly along the edge.

        Parameters
        ----------
        sources, targets
            Snapped points; unsnapped ones are ignored (targets get ``inf``).
        limit_m
            Distances above this many metres are reported as ``inf`` with source ``-1``.
        passable_mask
            Boolean per edge: only these edges may be used (sources and targets on other
            edges are unreachable). Default: every edge.

        Returns
        -------
        Nearest
            Distance in metres (snap distances of both included) and source index.
        """
        return self.nearest_each([sources], targets, limit_m=limit_m, passable_mask=passable_mask)[
            0
        ]

    def nearest_each(
        self,
        source_sets: list[Snapped],
        targets: Snapped,
        *,
        limit_m: float,
        passable_mask: np.ndarray | None = None,
    ) -> list[Nearest]:
        """Return :meth:`distances_from` for several source sets and the same targets.

        One Dijkstra pass per source set (for example one per facility type); the targets
        are prepared once.
        """
        mask = None if passable_mask is None else self._check_edge_mask(passable_mask)
        prepared = self._prepare_targets(targets, mask)
        out = []
        for sources in source_sets:
            nodes = self.node_distances(sources, limit_m=limit_m, edge_mask=mask)
            out.append(self._targets_from_nodes(nodes, sources, prepared, limit_m=limit_m))
        return out

    def _prepare_targets(self, targets: Snapped, mask: np.ndarray | None) -> _Targets:
        ok = np.flatnonzero(self._usable(targets, mask))
        e = targets.edge[ok]
        length = self.edge_length_m[e]
        s = np.clip(targets.offset_m[ok], 0.0, length)
        order = np.argsort(e, kind="stable")
        return _Targets(
            n=len(targets),
            ok=ok,
            edge=e,
            u=self.edge_u[e],
            v=self.edge_v[e],
            offset=s,
            rest=length - s,
            snap=targets.distance_m[ok],
            order=order,
            sorted_edge=e[order],
            mask=mask,
        )

    def _targets_from_nodes(
        self, nodes: Nearest, sources: Snapped, t: _Targets, *, limit_m: float
    ) -> Nearest:
        dist = np.full(t.n, np.inf)
        src = np.full(t.n, -1, dtype=np.int64)
        if not len(t.ok):
            return Nearest(dist, src)
        du = nodes.distance_m[t.u]
        du += t.offset
        dv = nodes.distance_m[t.v]
        dv += t.rest
        via_u = du <= dv
        best = np.where(via_u, du, dv)
        best_src = np.where(via_u, nodes.source[t.u], nodes.source[t.v])
        # sources on a target's own edge reach it directly along the edge
        s_ok = np.flatnonzero(self._usable(sources, t.mask))
        lo = np.searchsorted(t.sorted_edge, sources.edge[s_ok], side="left")
        hi = np.searchsorted(t.sorted_edge, sources.edge[s_ok], side="right")
        cnt = hi - lo
        if cnt.sum():
            s_rep = np.repeat(s_ok, cnt)
            t_pos = t.order[
                np.repeat(lo, cnt) + (np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt))
            ]
            direct = np.abs(t.offset[t_pos] - sources.offset_m[s_rep]) + sources.distance_m[s_rep]
            order = np.lexsort((direct, t_pos))
            pick = order[run_starts(t_pos[order])]
            better = direct[pick] < best[t_pos[pick]]
            best[t_pos[pick][better]] = direct[pick][better]
            best_src[t_pos[pick][better]] = s_rep[pick][better]
        best += t.snap
        far = ~(best <= limit_m)
        best[far] = np.inf
        best_src[far] = -1
        dist[t.ok] = best
        src[t.ok] = best_src
        return Nearest(dist, src)

    def node_distances_to_edges(
        self,
        edge_set: np.ndarray,
        *,
        limit_m: float,
        walk_mask: np.ndarray | None = None,
    ) -> np.ndarray:
        """Return every node's network distance in metres to the nearest edge of ``edge_set``.

        Nodes of the set are at 0. ``walk_mask`` restricts the edges walked (default: all).
        """
        edge_set = self._check_edge_mask(edge_set)
        mask = None if walk_mask is None else self._check_edge_mask(walk_mask)
        if not edge_set.any():
            return np.full(self.n_nodes, np.inf)
        nodes = np.unique(np.concatenate([self.edge_u[edge_set], self.edge_v[edge_set]]))
        return dijkstra(
            self.adjacency(mask), directed=True, indices=nodes, min_only=True, limit=limit_m
        )

    def distances_to_edges(
        self,
        edge_set: np.ndarray,
        targets: Snapped,
        *,
        limit_m: float,
        walk_mask: np.ndarray | None = None,
        node_distance_m: np.ndarray | None = None,
    ) -> np.ndarray:
        """Return each target's network distance in metres to the nearest edge of ``edge_set``.

        A target on an edge of the set is at its snap distance. Used for the hose distance
        (``edge_set`` = the truck-reachable network). ``node_distance_m`` reuses the result of
        :meth:`node_distances_to_edges` for the same set and limit. Beyond ``limit_m``, or
        unsnapped: ``inf``.
        """
        edge_set = self._check_edge_mask(edge_set)
        mask = None if walk_mask is None else self._check_edge_mask(walk_mask)
        if node_distance_m is None:
            node_distance_m = self.node_distances_to_edges(
                edge_set, limit_m=limit_m, walk_mask=mask
            )
        out = np.full(len(targets), np.inf)
        ok = np.flatnonzero(self._usable(targets, mask))
        e = targets.edge[ok]
        s = np.clip(targets.offset_m[ok], 0.0, self.edge_length_m[e])
        along = np.minimum(
            node_distance_m[self.edge_u[e]] + s,
            node_distance_m[self.edge_v[e]] + self.edge_length_m[e] - s,
        )
        along[edge_set[e]] = 0.0
        total = along + targets.distance_m[ok]
        total[~(total <= limit_m)] = np.inf
        out[ok] = total
        return out

    def distance_matrix(
        self,
        sources: Snapped,
        targets: Snapped,
        *,
        limit_m: float,
        passable_mask: np.ndarray | None = None,
    ) -> sp.csr_matrix:
        """Return the sparse source × target network distances within ``limit_m`` metres.

        Rows are sources, columns targets, values metres (snap distances included). Only the
        pairs within the limit are stored — a stored ``0`` means the same place — so memory
        follows the number of pairs, never sources × targets. Sources are run through
        Dijkstra in batches sized to keep each dense batch under a few million cells.

        Parameters
        ----------
        sources, targets
            Snapped points (for example candidate sites and demand points); unsnapped ones
            get empty rows or columns.
        limit_m
            Radius in metres along the network.
        passable_mask
            Boolean per edge: only these edges may be used. Default: every edge.
        """
        mask = None if passable_mask is None else self._check_edge_mask(passable_mask)
        shape = (len(sources), len(targets))
        s_ok = np.flatnonzero(self._usable(sources, mask))
        t_ok = np.flatnonzero(self._usable(targets, mask))
        if not len(s_ok) or not len(t_ok):
            return sp.csr_matrix(shape)
        base = self.adjacency(mask)
        n = self.n_nodes
        te = targets.edge[t_ok]
        ts = np.clip(targets.offset_m[t_ok], 0.0, self.edge_length_m[te])
        tsnap = targets.distance_m[t_ok]
        # node → targets on its incident edges, with the distance from the node to the target
        inc_node = np.concatenate([self.edge_u[te], self.edge_v[te]])
        inc_target = np.concatenate([np.arange(len(t_ok)), np.arange(len(t_ok))])
        inc_extra = np.concatenate([ts, self.edge_length_m[te] - ts]) + np.concatenate(
            [tsnap, tsnap]
        )
        order = np.argsort(inc_node, kind="stable")
        inc_target, inc_extra = inc_target[order], inc_extra[order]
        inc_ptr = np.r_[0, np.cumsum(np.bincount(inc_node, minlength=n))]

        batch = max(1, min(len(s_ok), _MATRIX_BATCH_CELLS // max(n, 1)))
        rows, cols, vals = [], [], []
        for lo in range(0, len(s_ok), batch):
            chunk = s_ok[lo : lo + batch]
            part = sources.take(chunk)
            graph = self._augmented(base, part)
            dist = dijkstra(graph, directed=True, indices=n + np.arange(len(chunk)), limit=limit_m)[
                :, :n
            ]
            r, node = np.nonzero(np.isfinite(dist))
            d0 = dist[r, node]
            cnt = inc_ptr[node + 1] - inc_ptr[node]
            rep = np.repeat(np.arange(len(node)), cnt)
            pos = inc_ptr[node][rep] + (np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt))
            rows.append(chunk[r[rep]])
            cols.append(inc_target[pos])
            vals.append(d0[rep] + inc_extra[pos])
            t_pos, s_idx, direct = _same_edge_pairs(
                te, ts, part.edge, part.offset_m, part.distance_m
            )
            rows.append(chunk[s_idx])
            cols.append(t_pos)
            vals.append(direct + tsnap[t_pos])
        row = np.concatenate(rows)
        col = np.concatenate(cols)
        val = np.concatenate(vals)
        keep = val <= limit_m
        row, col, val = row[keep], col[keep], val[keep]
        order = np.lexsort((val, col, row))
        row, col, val = row[order], col[order], val[order]
        first = run_starts(row, col)
        row, col, val = row[first], t_ok[col[first]], val[first]
        indptr = np.r_[0, np.cumsum(np.bincount(row, minlength=shape[0]))]
        return sp.csr_matrix((val, col.astype(np.int32), indptr), shape=shape)


@dataclass(frozen=True)
class _Targets:
    """Targets prepared once for several nearest-source passes (usable ones only)."""

    n: int
    ok: np.ndarray
    edge: np.ndarray
    u: np.ndarray
    v: np.ndarray
    offset: np.ndarray
    rest: np.ndarray
    snap: np.ndarray
    order: np.ndarray
    sorted_edge: np.ndarray
    mask: np.ndarray | None


def run_starts(*keys: np.ndarray) -> np.ndarray:
    """Return a mask of the rows where any of the (sorted) keys changes; the first row is one."""
    n = len(keys[0])
    out = np.ones(n, dtype=bool)
    if n > 1:
        change = np.zeros(n - 1, dtype=bool)
        for key in keys:
            change |= key[1:] != key[:-1]
        out[1:] = change
    return out


def _same_edge_pairs(
    target_edge: np.ndarray,
    target_offset: np.ndarray,
    source_edge: np.ndarray,
    source_offset: np.ndarray,
    source_snap: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (target position, source position, distance) for every pair on one edge.

    The distance runs along the edge between the two offsets plus the source's snap distance.
    """
    order = np.argsort(source_edge, kind="stable")
    sorted_edge = source_edge[order]
    lo = np.searchsorted(sorted_edge, target_edge, side="left")
    hi = np.searchsorted(sorted_edge, target_edge, side="right")
    cnt = hi - lo
    total = int(cnt.sum())
    if not total:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    t_pos = np.repeat(np.arange(len(target_edge)), cnt)
    s_pos = order[lo[t_pos] + (np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt))]
    direct = np.abs(target_offset[t_pos] - source_offset[s_pos]) + source_snap[s_pos]
    return t_pos, s_pos, direct


def _line_attr(values, n: int, fill, dtype) -> np.ndarray:
    if values is None:
        return np.full(n, fill, dtype=dtype)
    if isinstance(values, pd.Series):
        values = values.to_numpy(dtype=dtype, na_value=fill)
    out = np.asarray(values, dtype=dtype).reshape(-1)
    if len(out) != n:
        raise ValueError(f"per-line attributes should have {n} values, got {len(out)} instead")
    return out


@dataclass(frozen=True)
class _VertexTable:
    """Line vertices in order along their lines, with node marks and split tags."""

    line: np.ndarray
    m: np.ndarray
    xy: np.ndarray
    forced: np.ndarray
    tag: np.ndarray

    @classmethod
    def from_coordinates(cls, xy: np.ndarray, line: np.ndarray) -> _VertexTable:
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

    def with_inserts(self, inserts: list[_VertexTable]) -> _VertexTable:
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
        return _VertexTable(line[keep], m[keep], xy[keep], forced[keep], tag[keep])


def _junction_inserts(
    lines: np.ndarray, tree: shapely.STRtree, table: _VertexTable, tol_m: float
) -> _VertexTable:
    """Vertices to add where a line end touches another line's interior (T-junctions).

    Each distinct end position is looked up once; lines that already have a vertex at that
    exact position are joined there anyway and get nothing.
    """
    first, last = table.line_ends()
    ends = np.concatenate([first, last])
    empty = _VertexTable(
        np.zeros(0, np.int64), np.zeros(0), np.zeros((0, 2)), np.zeros(0, bool), np.zeros(0, int)
    )
    if not len(ends):
        return empty
    key = pd.factorize(_position_keys(table.xy))[0]
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
    return _VertexTable(
        l_j.astype(np.int64),
        m,
        spots[p_i],
        np.ones(len(p_i), bool),
        np.full(len(p_i), -1, np.int64),
    )


def _position_keys(xy: np.ndarray) -> np.ndarray:
    """Return an int64 key per coordinate pair, equal for pairs in the same millimetre cell."""
    if not len(xy):
        return np.zeros(0, dtype=np.int64)
    q = np.round(xy / NODE_GRID_M).astype(np.int64)
    q -= q.min(axis=0)
    return q[:, 0] * (q[:, 1].max() + 1) + q[:, 1]


def _split_inserts(
    lines: np.ndarray,
    tree: shapely.STRtree,
    points_xy: np.ndarray,
    max_m: float,
    gap_m: float,
    preference: np.ndarray,
) -> tuple[_VertexTable, np.ndarray]:
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
    table = _VertexTable(
        np.concatenate([line, line]),
        np.concatenate([start, end]),
        np.concatenate([xy_start, xy_end]).reshape(-1, 2),
        np.ones(2 * n, bool),
        np.concatenate([placed, np.full(n, -1)]).astype(np.int64),
    )
    return table, split_line


# ---------------------------------------------------------------------- GeoDataFrame adapter


def metric_geometry(frame: gpd.GeoDataFrame | gpd.GeoSeries, crs_metric: str) -> gpd.GeoSeries:
    """Return the frame's geometry in ``crs_metric``, refusing a frame without a CRS.

    Raises
    ------
    ValueError
        The frame has no CRS (distances would be meaningless).
    """
    geometry = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    if geometry.crs is None:
        raise ValueError(
            "'frame' should have a CRS before distances are computed, got a frame without "
            f"one instead (metric CRS wanted: {crs_metric})"
        )
    return geometry.to_crs(crs_metric)


@lru_cache(maxsize=32)
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def metric_xy(frame: gpd.GeoDataFrame | gpd.GeoSeries, crs_metric: str) -> np.ndarray:
    """Return point coordinates (n × 2) in ``crs_metric``; ``nan`` rows for missing points.

    Same result as ``point_coordinates(metric_geometry(frame, crs_metric))`` without building
    new geometries (non-point shapes give their centroid in the frame's CRS).

    Raises
    ------
    ValueError
        The frame has no CRS.
    """
    geometry = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    if geometry.crs is None:
        raise ValueError(
            "'frame' should have a CRS before distances are computed, got a frame without "
            f"one instead (metric CRS wanted: {crs_metric})"
        )
    xy = point_coordinates(geometry)
    ok = np.isfinite(xy).all(axis=1)
    if ok.any():
        x, y = _transformer(geometry.crs.to_wkt(), str(crs_metric)).transform(xy[ok, 0], xy[ok, 1])
        xy[ok] = np.column_stack([x, y])
    return xy


def point_coordinates(geometry: gpd.GeoSeries) -> np.ndarray:
    """Return point coordinates (n × 2); ``nan`` rows for missing or empty points."""
    geoms = geometry.to_numpy()
    xy, index = shapely.get_coordinates(geoms, return_index=True)
    if len(xy) == len(geoms) and (index == np.arange(len(geoms))).all():
        return xy  # one coordinate per row: every row is a non-empty point
    out = np.full((len(geoms), 2), np.nan)
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if ok.any():
        present = geoms[ok]
        points = shapely.get_type_id(present) == shapely.GeometryType.POINT
        if not points.all():
            present = np.where(points, present, shapely.centroid(present))
        out[ok] = shapely.get_coordinates(present)
    return out


def road_graph_from_frame(
    roads: gpd.GeoDataFrame,
    *,
    crs_metric: str,
    split_points: gpd.GeoSeries | None = None,
    split_max_m: float = 10.0,
    junction_tolerance_m: float = JUNCTION_TOLERANCE_M,
) -> RoadGraph:
    """Build a :class:`RoadGraph` from a roads layer (any CRS; projected to ``crs_metric``).

    Parameters
    ----------
    roads
        Frame with LineString geometry and the roads layer's fields (``id``, ``width_m``,
        ``clearance_m``, ``kind``; missing ones are unknown).
    crs_metric
        Projected CRS in metres used for the graph (the ward's ``crs_metric``).
    split_points
        Points (for example barriers) cut into the nearest road as their own short edge;
        see :attr:`RoadGraph.split_edge`.
    split_max_m
        A split point farther than this from every road (metres) is not placed.
    """
    lines = metric_geometry(roads, crs_metric).to_numpy()

    def column(name: str, dtype, fill):
        if name not in roads.columns:
            return None
        return roads[name].to_numpy(dtype=dtype, na_value=fill)

    split_xy = None
    if split_points is not None and len(split_points):
        split_xy = metric_xy(split_points, crs_metric)
        split_xy = np.where(np.isfinite(split_xy), split_xy, 1e30)
    return RoadGraph.from_lines(
        lines,
        road_id=column("id", object, None),
        width_m=column("width_m", float, np.nan),
        clearance_m=column("clearance_m", float, np.nan),
        kind=column("kind", object, None),
        split_points_xy=split_xy,
        split_max_m=split_max_m,
        junction_tolerance_m=junction_tolerance_m,
    )


def snap_frame(
    graph: RoadGraph, frame: gpd.GeoDataFrame, *, crs_metric: str, max_m: float
) -> Snapped:
    """Snap a point layer (any CRS; projected to ``crs_metric``) onto the graph."""
    return graph.snap(metric_xy(frame, crs_metric), max_m=max_m)
