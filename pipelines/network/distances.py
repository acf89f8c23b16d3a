"""Network distances on the road graph: nearest facility, hose distance, radius matrix.

A network distance between two features is: snap distance of the first + distance along the
roads between the two snapped positions + snap distance of the second. Positions in the
middle of an edge are handled exactly, including a source and a target on the same edge.
Nearest-facility distances are one multi-source pass of
:func:`scipy.sparse.csgraph.dijkstra` (``min_only=True``, ``limit``) per facility set, with
each source a virtual node joined to both ends of its edge. The radius-limited
source × target matrix (:meth:`Distances.distance_matrix`) is built in batches of sources,
and stores only the pairs within the limit. All distances are metres.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from pipelines.network.arrays import run_starts
from pipelines.network.snapping import Snapped

_MATRIX_BATCH_CELLS = 4_000_000  # dense cells per Dijkstra batch in distance_matrix


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


class Distances:
    """Network distance methods of :class:`pipelines.network.graph.RoadGraph` (a mixin)."""

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
