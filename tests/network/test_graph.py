"""The road graph core: building, snapping, split points and network distances."""

from __future__ import annotations

import itertools

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.spatial import Delaunay
from shapely.geometry import LineString

from pipelines.network.graph import RoadGraph, road_graph_from_frame, snap_frame
from pipelines.network.snapping import Snapped


def three_nodes() -> RoadGraph:
    """A → B → C: 100 m east then 50 m north (nodes at the ends and the bend's junction)."""
    return RoadGraph.from_lines(
        [LineString([(0, 0), (100, 0)]), LineString([(100, 0), (100, 50)])],
        road_id=["ab", "bc"],
        width_m=[6.0, 3.0],
    )


def test_three_node_graph_has_nodes_at_ends_and_junction():
    g = three_nodes()
    assert g.n_nodes == 3
    assert g.n_edges == 2
    np.testing.assert_allclose(sorted(g.edge_length_m), [50.0, 100.0])
    assert list(g.edge_road_id) == ["ab", "bc"]
    np.testing.assert_allclose(g.edge_width_m, [6.0, 3.0])
    adj = g.adjacency()
    assert adj.shape == (3, 3)
    assert adj.nnz == 4  # two undirected edges


def test_interior_vertices_do_not_make_nodes_and_lengths_follow_the_line():
    g = RoadGraph.from_lines([LineString([(0, 0), (30, 40), (60, 0)])])
    assert g.n_nodes == 2
    assert g.n_edges == 1
    assert g.edge_length_m[0] == pytest.approx(100.0)


def test_t_junction_without_shared_vertex_is_joined():
    street = LineString([(0, 0), (200, 0)])
    alley = LineString([(100, 0.4), (100, 80)])  # ends 0.4 m short of the street
    g = RoadGraph.from_lines([street, alley])
    assert g.n_nodes == 4
    assert g.n_edges == 3
    src = g.snap(np.array([[0.0, 0.0]]), max_m=1)
    dst = g.snap(np.array([[100.0, 80.0]]), max_m=1)
    d = g.distances_from(src, dst, limit_m=1000).distance_m[0]
    assert d == pytest.approx(100.0 + 79.6, abs=0.01)


def test_crossing_without_shared_vertex_is_a_bridge():
    g = RoadGraph.from_lines([LineString([(0, 0), (100, 0)]), LineString([(50, -50), (50, 50)])])
    a = g.snap(np.array([[0.0, 0.0]]), max_m=1)
    b = g.snap(np.array([[50.0, 50.0]]), max_m=1)
    assert np.isinf(g.distances_from(a, b, limit_m=10_000).distance_m[0])


def test_snap_projects_onto_the_edge_not_the_nearest_node():
    g = three_nodes()
    s = g.snap(np.array([[40.0, 7.0], [100.0 + 3.0, 20.0]]), max_m=10)
    assert list(g.edge_road_id[s.edge]) == ["ab", "bc"]
    np.testing.assert_allclose(s.distance_m, [7.0, 3.0])
    np.testing.assert_allclose(s.xy, [[40.0, 0.0], [100.0, 20.0]])
    bc = int(np.flatnonzero(g.edge_road_id == "bc")[0])
    expected = 20.0 if g.node_xy[g.edge_u[bc]][1] == 0 else 30.0
    assert s.offset_m[1] == pytest.approx(expected)


def test_snap_reports_too_far_instead_of_crossing_a_block():
    # two alleys 80 m apart; a house in the middle of the block is 40 m from both
    g = RoadGraph.from_lines([LineString([(0, 0), (0, 100)]), LineString([(80, 0), (80, 100)])])
    s = g.snap(np.array([[40.0, 50.0], [10.0, 50.0], [np.nan, np.nan]]), max_m=30)
    assert list(s.too_far) == [True, False, True]
    assert s.distance_m[0] == pytest.approx(40.0)
    assert np.isnan(s.offset_m[0])
    assert np.isnan(s.distance_m[2])


def test_snap_is_exact_among_many_short_segments():
    rng = np.random.default_rng(3)
    # a zig-zag of 400 short segments, and points close to it
    xs = np.arange(401) * 2.0
    ys = np.where(np.arange(401) % 2 == 0, 0.0, 1.5)
    line = LineString(np.column_stack([xs, ys]))
    g = RoadGraph.from_lines([line])
    pts = np.column_stack([rng.uniform(0, 800, 500), rng.uniform(-20, 20, 500)])
    s = g.snap(pts, max_m=100)
    truth = shapely.distance(shapely.points(pts), line)
    np.testing.assert_allclose(s.distance_m, truth, atol=1e-9)


def test_source_and_target_on_the_same_edge():
    g = RoadGraph.from_lines([LineString([(0, 0), (100, 0)])])
    src = g.snap(np.array([[30.0, 2.0]]), max_m=5)
    dst = g.snap(np.array([[70.0, 1.0], [10.0, 0.0]]), max_m=5)
    found = g.distances_from(src, dst, limit_m=1000)
    np.testing.assert_allclose(found.distance_m, [2.0 + 40.0 + 1.0, 2.0 + 20.0])
    assert list(found.source) == [0, 0]


def test_limit_and_unsnapped_targets_give_inf():
    g = three_nodes()
    src = g.snap(np.array([[0.0, 0.0]]), max_m=1)
    dst = g.snap(np.array([[100.0, 50.0], [500.0, 500.0]]), max_m=1)
    found = g.distances_from(src, dst, limit_m=120)
    assert np.isinf(found.distance_m).all()
    assert list(found.source) == [-1, -1]
    assert g.distances_from(src, dst, limit_m=200).distance_m[0] == pytest.approx(150.0)


def test_passable_mask_closes_edges():
    g = three_nodes()
    src = g.snap(np.array([[0.0, 0.0]]), max_m=1)
    dst = g.snap(np.array([[100.0, 40.0], [60.0, 0.0]]), max_m=1)
    wide = g.edge_width_m >= 3.5
    found = g.distances_from(src, dst, limit_m=1000, passable_mask=wide)
    assert np.isinf(found.distance_m[0])
    assert found.distance_m[1] == pytest.approx(60.0)


def test_edge_mask_is_checked():
    with pytest.raises(ValueError, match="boolean array of 2 edges"):
        three_nodes().adjacency(np.array([1, 0]))


def test_lines_must_be_linestrings():
    with pytest.raises(TypeError, match="LineStrings only"):
        RoadGraph.from_lines([shapely.Point(0, 0)])


def test_split_point_becomes_its_own_short_edge():
    g = RoadGraph.from_lines(
        [LineString([(0, 0), (100, 0)])], split_points_xy=np.array([[40.0, 2.0], [500.0, 0.0]])
    )
    e = g.split_edge[0]
    assert e >= 0
    assert g.edge_length_m[e] == pytest.approx(0.5)
    assert g.split_edge[1] == -1
    # blocking the split edge separates the two sides, the road before it stays usable
    mask = np.ones(g.n_edges, dtype=bool)
    mask[e] = False
    src = g.snap(np.array([[0.0, 0.0]]), max_m=1)
    dst = g.snap(np.array([[39.0, 0.0], [41.0, 0.0]]), max_m=1)
    found = g.distances_from(src, dst, limit_m=1000, passable_mask=mask)
    assert found.distance_m[0] == pytest.approx(39.0)
    assert np.isinf(found.distance_m[1])


def test_split_point_at_a_junction_goes_to_the_narrower_road():
    street = LineString([(0, 0), (200, 0)])
    alley = LineString([(100, 0), (100, 80)])
    g = RoadGraph.from_lines(
        [street, alley], width_m=[8.0, 2.5], split_points_xy=np.array([[100.0, 0.0]])
    )
    assert g.edge_line[g.split_edge[0]] == 1


def test_edge_substrings_and_lines_cover_the_edges():
    g = three_nodes()
    lines = g.edge_lines()
    np.testing.assert_allclose(shapely.length(lines), g.edge_length_m)
    e = int(np.flatnonzero(g.edge_road_id == "ab")[0])
    part = g.edge_substrings(np.array([e]), np.array([10.0]), np.array([35.0]))[0]
    assert shapely.length(part) == pytest.approx(25.0)


def test_sample_along_edges_spacing():
    g = three_nodes()
    s = g.sample_along_edges(25.0)
    assert len(s) == 4 + 2
    assert (s.distance_m == 0).all()
    np.testing.assert_allclose(np.bincount(s.edge), [4, 2] if g.edge_length_m[0] > 60 else [2, 4])


def test_distance_matrix_is_sparse_and_matches_nearest():
    g = three_nodes()
    sources = g.snap(np.array([[0.0, 0.0], [100.0, 50.0], [50.0, 1.0]]), max_m=2)
    targets = g.snap(np.array([[10.0, 0.0], [100.0, 10.0], [90.0, 0.0], [999.0, 0.0]]), max_m=2)
    m = g.distance_matrix(sources, targets, limit_m=60)
    assert m.shape == (3, 4)
    dense = m.toarray()
    expected = np.array(
        [
            [10.0, 0.0, 0.0, 0.0],  # 110 and 90 beyond 60 m
            [0.0, 40.0, 0.0, 0.0],  # 60 m to (90, 0): exactly the limit
            [41.0, 0.0, 41.0, 0.0],
        ]
    )
    expected[1, 2] = 60.0
    np.testing.assert_allclose(dense, expected)
    assert m.nnz == 5


def test_distance_matrix_keeps_zero_distance_pairs():
    g = three_nodes()
    p = g.snap(np.array([[20.0, 0.0]]), max_m=1)
    m = g.distance_matrix(p, p, limit_m=10)
    assert m.nnz == 1
    assert m[0, 0] == 0.0


def test_frame_adapter_projects_and_refuses_missing_crs():
    roads = gpd.GeoDataFrame(
        {"id": ["r"], "width_m": [5.0]},
        geometry=[LineString([(106.2, 21.27), (106.201, 21.27)])],
        crs="EPSG:4326",
    )
    g = road_graph_from_frame(roads, crs_metric="EPSG:3405")
    assert 100 < g.edge_length_m[0] < 110
    with pytest.raises(ValueError, match="should have a CRS"):
        road_graph_from_frame(roads.set_crs(None, allow_override=True), crs_metric="EPSG:3405")
    pts = gpd.GeoDataFrame(geometry=[shapely.Point(106.2005, 21.27)], crs="EPSG:4326")
    s = snap_frame(g, pts, crs_metric="EPSG:3405", max_m=5)
    assert not s.too_far[0]


# ---------------------------------------------------------------------- random networks


def random_network(seed: int, n_points: int = 40) -> tuple[RoadGraph, list[LineString]]:
    """A Delaunay mesh over random points in a 500 m square, with some edges bent."""
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 500, size=(n_points, 2))
    tri = Delaunay(pts)
    edges = set()
    for simplex in tri.simplices:
        for i in range(3):
            a, b = sorted((simplex[i], simplex[(i + 1) % 3]))
            edges.add((a, b))
    lines = []
    for a, b in sorted(edges):
        if rng.random() < 0.15:
            continue
        mid = (pts[a] + pts[b]) / 2 + rng.normal(0, 5, 2)
        coords = [pts[a], mid, pts[b]] if rng.random() < 0.4 else [pts[a], pts[b]]
        lines.append(LineString(coords))
    widths = rng.choice([2.0, 3.0, 4.0, 6.0], size=len(lines))
    return RoadGraph.from_lines(lines, width_m=widths), lines


def reference_distances(
    g: RoadGraph, sources: Snapped, targets: Snapped, mask: np.ndarray | None = None
) -> np.ndarray:
    """Nearest-source distances with networkx, every snapped point a node of its own."""
    graph = nx.Graph()
    points = []  # (edge, offset, node name)
    for kind, snapped in (("s", sources), ("t", targets)):
        for i in range(len(snapped)):
            if snapped.edge[i] >= 0:
                points.append((snapped.edge[i], snapped.offset_m[i], (kind, i)))
    by_edge: dict[int, list] = {}
    for e, off, name in points:
        by_edge.setdefault(int(e), []).append((off, name))
    for e in range(g.n_edges):
        if mask is not None and not mask[e]:
            continue
        chain = [(0.0, ("n", int(g.edge_u[e])))]
        chain += sorted(by_edge.get(e, []), key=lambda p: p[0])
        chain.append((float(g.edge_length_m[e]), ("n", int(g.edge_v[e]))))
        for (o1, n1), (o2, n2) in itertools.pairwise(chain):
            w = max(o2 - o1, 0.0)
            if n1 == n2:
                continue
            if graph.has_edge(n1, n2):
                w = min(w, graph[n1][n2]["weight"])
            graph.add_edge(n1, n2, weight=w)
    starts = {("s", i) for i in range(len(sources)) if sources.edge[i] >= 0 and ("s", i) in graph}
    out = np.full(len(targets), np.inf)
    if not starts:
        return out
    # snap legs: a super source joined to each source point by its snap distance
    for i in starts:
        graph.add_edge("S", i, weight=float(sources.distance_m[i[1]]))
    lengths = nx.single_source_dijkstra_path_length(graph, "S")
    for j in range(len(targets)):
        name = ("t", j)
        if name in lengths:
            out[j] = lengths[name] + targets.distance_m[j]
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n_src=st.integers(1, 6), masked=st.booleans())
def test_distances_match_networkx_reference(seed, n_src, masked):
    g, _ = random_network(seed)
    rng = np.random.default_rng(seed + 1)
    src = g.snap(rng.uniform(0, 500, size=(n_src, 2)), max_m=60)
    dst = g.snap(rng.uniform(0, 500, size=(80, 2)), max_m=60)
    mask = g.edge_width_m >= 3.5 if masked else None
    found = g.distances_from(src, dst, limit_m=1e9, passable_mask=mask)
    expected = reference_distances(g, src, dst, mask)
    np.testing.assert_allclose(found.distance_m, expected, rtol=1e-9, atol=1e-6)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n_src=st.integers(1, 5))
def test_network_distance_is_at_least_straight_line(seed, n_src):
    g, _ = random_network(seed)
    rng = np.random.default_rng(seed + 2)
    src_xy = rng.uniform(0, 500, size=(n_src, 2))
    dst_xy = rng.uniform(0, 500, size=(60, 2))
    src = g.snap(src_xy, max_m=80)
    dst = g.snap(dst_xy, max_m=80)
    m = g.distance_matrix(src, dst, limit_m=5000).tocoo()
    straight = np.hypot(*(src_xy[m.row] - dst_xy[m.col]).T)
    assert (m.data >= straight - 1e-6).all()
    found = g.distances_from(src, dst, limit_m=5000)
    ok = np.isfinite(found.distance_m)
    straight_nearest = np.hypot(*(src_xy[found.source[ok]] - dst_xy[ok]).T)
    assert (found.distance_m[ok] >= straight_nearest - 1e-6).all()


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), limit=st.floats(50, 800))
def test_distance_matrix_agrees_with_nearest_search(seed, limit):
    g, _ = random_network(seed)
    rng = np.random.default_rng(seed + 3)
    src = g.snap(rng.uniform(0, 500, size=(12, 2)), max_m=60)
    dst = g.snap(rng.uniform(0, 500, size=(50, 2)), max_m=60)
    m = g.distance_matrix(src, dst, limit_m=limit)
    assert (m.data <= limit + 1e-9).all()
    dense = np.where(m.toarray() > 0, m.toarray(), np.inf)
    dense[m.tocoo().row, m.tocoo().col] = m.tocoo().data
    found = g.distances_from(src, dst, limit_m=limit)
    np.testing.assert_allclose(dense.min(axis=0), found.distance_m, rtol=1e-9, atol=1e-6)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_adding_a_source_never_lengthens_a_distance(seed):
    g, _ = random_network(seed)
    rng = np.random.default_rng(seed + 4)
    src = g.snap(rng.uniform(0, 500, size=(4, 2)), max_m=60)
    more = Snapped.concat([src, g.snap(rng.uniform(0, 500, size=(1, 2)), max_m=60)])
    dst = g.snap(rng.uniform(0, 500, size=(80, 2)), max_m=60)
    before = g.distances_from(src, dst, limit_m=300).distance_m
    after = g.distances_from(more, dst, limit_m=300).distance_m
    assert (after <= before).all()
