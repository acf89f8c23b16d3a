"""The road network as a graph of junctions and road pieces, in metres.

Everything here works in metres in one projected CRS — the ward's ``crs_metric`` — and never
sees degrees. :meth:`RoadGraph.from_lines` is the array core (shapely LineStrings and numpy
arrays in, arrays out); :func:`road_graph_from_frame` is the GeoDataFrame adapter that checks
and reprojects a roads layer first (:mod:`.projection`). Placing points on the graph is in
:mod:`.snapping`, network distances in :mod:`.distances`; :class:`RoadGraph` carries both as
methods.

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
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely

from pipelines.network.arrays import run_starts
from pipelines.network.distances import Distances
from pipelines.network.projection import metric_geometry, metric_xy
from pipelines.network.snapping import Snapped, Snapping
from pipelines.network.vertices import (
    VertexTable,
    junction_inserts,
    line_attr,
    position_keys,
    split_inserts,
)

JUNCTION_TOLERANCE_M = 1.0  # a line end this close to another line joins it (T-junction)
SPLIT_GAP_M = 0.5  # length of the edge that stands for a split point (a gate, a bollard)


@dataclass(frozen=True, eq=False)
class RoadGraph(Snapping, Distances):
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
        ids = line_attr(road_id, n_lines, None, object)
        if road_id is None:
            ids = np.arange(n_lines).astype(str).astype(object)
        widths = line_attr(width_m, n_lines, np.nan, float)
        clearances = line_attr(clearance_m, n_lines, np.nan, float)
        kinds = line_attr(kind, n_lines, None, object)
        split_xy = (
            np.empty((0, 2)) if split_points_xy is None else np.asarray(split_points_xy, float)
        ).reshape(-1, 2)

        xy, line_of = shapely.get_coordinates(lines, return_index=True)
        xy = xy.astype(float)
        table = VertexTable.from_coordinates(xy, line_of)
        tree = shapely.STRtree(lines)
        inserts = [junction_inserts(lines, tree, table, junction_tolerance_m)]
        split_line = np.full(len(split_xy), -1, dtype=np.int64)
        if len(split_xy):
            pref = widths if split_preference is None else np.asarray(split_preference, float)
            ins, split_line = split_inserts(lines, tree, split_xy, split_max_m, split_gap_m, pref)
            inserts.append(ins)
        table = table.with_inserts(inserts)
        return cls._from_table(
            table, ids, widths, clearances, kinds, n_splits=len(split_xy), split_line=split_line
        )

    @classmethod
    def _from_table(
        cls,
        t: VertexTable,
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
        key_id, _ = pd.factorize(position_keys(t.xy))
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


# ---------------------------------------------------------------------- GeoDataFrame adapter


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
