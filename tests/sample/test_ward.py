"""Tests of the synthetic sample ward (pipelines.sample.ward) and the committed geodata/sample."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from pipelines.cli import EXIT_OK, EXIT_UNUSABLE, main
from pipelines.model.schema import LAYER_NAMES, PREMISES_CATEGORY, get_layer
from pipelines.model.settings import Thresholds
from pipelines.model.store import open_ward
from pipelines.model.validate import find_problems, reference_problems
from pipelines.network.analysis import analyze_ward
from pipelines.network.tables import access_summary
from pipelines.sample.ward import AS_OF, CRS_METRIC, WARD_NAME, build_sample_ward, generate_ward

SAMPLE_WARD = Path(__file__).resolve().parents[2] / "geodata" / "sample"
ALLEY_KINDS = ("ngo", "ngach", "hem", "kiet")
T = Thresholds()


@pytest.fixture(scope="module")
def ward() -> dict[str, gpd.GeoDataFrame]:
    return generate_ward()


@pytest.fixture(scope="module")
def metric(ward) -> dict[str, gpd.GeoDataFrame]:
    return {k: v.to_crs(CRS_METRIC) for k, v in ward.items() if get_layer(k).geometry}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    return build_sample_ward(tmp_path_factory.mktemp("sample") / "ward")


def _nearest_road(metric, layer: str) -> pd.DataFrame:
    """Nearest road (kind, width, distance in metres) of every feature of ``layer``."""
    roads = metric["roads"][["kind", "width_m", "geometry"]]
    roads = roads.rename(columns={"kind": "road_kind", "width_m": "road_width_m"})
    joined = gpd.sjoin_nearest(metric[layer], roads, distance_col="road_m")
    return joined[~joined.index.duplicated()]


def _graph(roads: gpd.GeoDataFrame) -> tuple[int, np.ndarray, np.ndarray]:
    """Components of the graph whose nodes are exact line ends; return count, ends, degree."""
    coords = [shapely.get_coordinates(g) for g in roads.geometry]
    ends = np.array([[tuple(c[0]), tuple(c[-1])] for c in coords])
    keys, node = np.unique(ends.reshape(-1, 2), axis=0, return_inverse=True)
    node = node.reshape(-1, 2)
    n = len(keys)
    adjacency = coo_matrix((np.ones(len(node)), (node[:, 0], node[:, 1])), shape=(n, n))
    count, _ = connected_components(adjacency, directed=False)
    degree = np.bincount(node.ravel(), minlength=n)
    return count, node, degree


# ------------------------------------------------------------------ the data model


def test_every_layer_is_conformed_and_valid(ward):
    assert tuple(ward) == LAYER_NAMES
    for name, frame in ward.items():
        layer = get_layer(name)
        assert list(frame.columns) == [*layer.field_names, "geometry"], name
        assert frame.crs.to_epsg() == 4326, name
        assert find_problems(name, frame) == [], name
        assert frame["id"].is_unique, name
    assert reference_problems(ward) == []


def test_same_seed_gives_the_same_ward(ward):
    again = generate_ward()
    for name in LAYER_NAMES:
        assert_geodataframe_equal(ward[name], again[name], check_crs=True)


def test_another_seed_gives_another_ward(ward):
    other = generate_ward(seed=7)
    assert (
        not ward["roads"]
        .geometry.geom_equals(other["roads"].geometry.reindex(ward["roads"].index))
        .all()
    )
    assert not ward["households"]["head_name"].equals(other["households"]["head_name"])


@pytest.mark.parametrize(
    ("scale", "error"), [(0, ValueError), (-3, ValueError), (1.5, TypeError), (True, TypeError)]
)
def test_scale_must_be_a_positive_int(scale, error):
    with pytest.raises(error, match="'scale' should be"):
        generate_ward(scale=scale)


# ------------------------------------------------------------------ counts


def test_counts_match_an_urban_ward(ward):
    assert len(ward["ward_boundary"]) == 1
    assert ward["ward_boundary"]["name"].iloc[0] == WARD_NAME
    assert len(ward["households"]) >= 3000
    assert 10 <= len(ward["residential_groups"]) <= 15
    assert len(ward["premises"]) >= 200
    assert set(ward["premises"]["category"]) == set(PREMISES_CATEGORY.codes())
    sources = ward["water_sources"]
    assert (sources["kind"] == "hydrant").sum() >= 20
    assert {"tank", "lake", "pond", "river", "well"} <= set(sources["kind"])
    assert {"river", "lake", "pond"} <= set(ward["water_bodies"]["kind"])
    assert len(ward["firefighting_points"]) >= 10
    assert len(ward["safety_groups"]) >= 40
    assert 5 <= len(ward["barriers"]) <= 10
    assert 25 <= len(ward["incidents"]) <= 50


def test_ward_is_about_two_square_kilometres_near_bac_giang(ward, metric):
    area_km2 = metric["ward_boundary"].area.iloc[0] / 1e6
    assert 1.6 <= area_km2 <= 2.6
    centre = ward["ward_boundary"].geometry.iloc[0].centroid
    assert abs(centre.x - 106.20) < 0.01 and abs(centre.y - 21.27) < 0.01
    outline = metric["ward_boundary"].geometry.iloc[0]
    assert len(shapely.get_coordinates(outline.exterior)) > 20  # not a rectangle


def test_premises_shares_look_realistic(ward, metric):
    premises = ward["premises"]
    violating = (premises["open_violations"] > 0).mean()
    assert 0.15 <= violating <= 0.25
    overdue = premises["violation_deadline"] < pd.Timestamp(AS_OF)
    assert overdue.any() and (premises["violation_deadline"] >= pd.Timestamp(AS_OF)).any()
    assert premises["construction_electrical_violation"].any()
    assert premises["last_inspection"].isna().any()
    inspected = premises["last_inspection"].dropna()
    assert inspected.max() <= pd.Timestamp(AS_OF)
    assert inspected.min() >= pd.Timestamp(AS_OF) - pd.Timedelta(days=3 * 366)
    near = _nearest_road(metric, "premises")
    boarding = near[near["category"] == "boarding_house"]
    assert boarding["road_kind"].isin(ALLEY_KINDS).mean() >= 0.8
    for category in ("karaoke", "lodging", "fuel_gas"):
        assert near[near["category"] == category]["road_kind"].isin(("duong", "pho")).mean() >= 0.8
    business = ward["households"]["is_business"].mean()
    assert 0.10 <= business <= 0.15


# ------------------------------------------------------------------ places


def test_households_premises_and_points_lie_in_the_ward_and_one_group(ward):
    boundary = ward["ward_boundary"].geometry.iloc[0]
    groups = ward["residential_groups"]
    for layer in ("households", "premises", "firefighting_points"):
        frame = ward[layer]
        assert frame.within(boundary).all(), layer
        hits = gpd.sjoin(
            frame[["id", "residential_group_id", "geometry"]], groups, predicate="within"
        )
        assert hits.index.is_unique and len(hits) == len(frame), layer
        assert (hits["residential_group_id"] == hits["id_right"]).all(), layer


def test_residential_groups_partition_the_ward(metric):
    boundary = metric["ward_boundary"].geometry.iloc[0]
    groups = metric["residential_groups"].geometry
    union = shapely.union_all(groups.to_numpy())
    assert union.area == pytest.approx(boundary.area, rel=1e-9)
    assert groups.area.sum() == pytest.approx(boundary.area, rel=1e-9)
    assert shapely.symmetric_difference(union, boundary).area < 1e-3


def test_nothing_stands_in_water_and_no_road_crosses_it(metric):
    water = shapely.union_all(metric["water_bodies"].geometry.to_numpy())
    for layer in ("households", "premises", "firefighting_points", "barriers", "water_sources"):
        assert not metric[layer].intersects(water).any(), layer
    assert not metric["roads"].intersects(water).any()


def test_households_stand_beside_roads_not_on_them(metric):
    near = _nearest_road(metric, "households")
    assert (near["road_m"] >= near["road_width_m"] / 2 + 1.0).all()
    assert (near["road_m"] <= 12.0).all()


def test_household_addresses_name_the_road_they_stand_on(metric):
    roads = metric["roads"][["name", "geometry"]].rename(columns={"name": "road_name"})
    near = gpd.sjoin_nearest(metric["households"], roads)
    near = near[~near.index.duplicated()]
    road = near["road_name"].str.slice(0, 1).str.lower() + near["road_name"].str.slice(1)
    named = [f", {r}, " in a for r, a in zip(road, near["address"], strict=True)]
    assert all(named)


# ------------------------------------------------------------------ roads


def test_road_widths_follow_their_kind(ward):
    roads = ward["roads"]
    width = roads.set_index("kind")["width_m"]
    assert (width.loc["duong"] >= 7).all()
    assert width.loc["pho"].between(4, 6).all()
    assert width.loc["ngo"].between(2, 3.5).all()
    sub = width[width.index.isin(["ngach", "hem"])]
    assert len(sub) and (sub < 2).all()
    covered = roads["clearance_m"].notna()
    assert covered.any() and covered.mean() < 0.05
    assert roads.loc[covered, "clearance_m"].between(2.5, 3.8).all()
    assert roads.loc[covered, "kind"].eq("ngo").all()


def test_roads_form_one_network_joined_at_shared_vertices(ward):
    roads = ward["roads"]
    count, _, _ = _graph(roads)
    assert count == 1
    # No line ends in the middle of another line: junctions are shared vertices.
    ends = shapely.points(
        np.unique(np.vstack([shapely.get_coordinates(g)[[0, -1]] for g in roads.geometry]), axis=0)
    )
    tree = shapely.STRtree(roads.geometry.to_numpy())
    point_i, line_i = tree.query(ends, predicate="dwithin", distance=1e-9)
    line_ends = {
        i: {tuple(c[0]), tuple(c[-1])}
        for i, c in enumerate(shapely.get_coordinates(g) for g in roads.geometry)
    }
    pts = shapely.get_coordinates(ends)
    for p, li in zip(point_i, line_i, strict=True):
        assert tuple(pts[p]) in line_ends[li]


def test_main_roads_enter_the_ward_across_its_boundary(ward):
    boundary = ward["ward_boundary"].geometry.iloc[0]
    roads = ward["roads"]
    crossing = roads[roads.crosses(boundary.exterior)]
    assert len(crossing) >= 4
    assert crossing["kind"].eq("duong").all()


def test_some_sub_alleys_are_dead_ends_deeper_than_50_m(ward, metric):
    roads = metric["roads"]
    _, node, degree = _graph(ward["roads"])
    dead = (degree[node] == 1).any(axis=1)
    sub = roads.assign(dead=dead, length_m=roads.length)[roads["kind"].isin(["ngach", "hem"])]
    per_name = sub.groupby("name").agg(length_m=("length_m", "sum"), dead=("dead", "any"))
    deep = per_name[per_name["dead"] & (per_name["length_m"] > T.deep_alley_min_m)]
    assert len(deep) >= 3


def test_alleys_go_deep(metric):
    roads = metric["roads"]
    alleys = (
        roads[roads["kind"] == "ngo"]
        .assign(length_m=lambda f: f.length)
        .groupby("name")["length_m"]
        .sum()
    )
    assert (alleys.between(60, 200)).sum() >= 30


def test_barriers_are_vertices_of_alley_lines(ward):
    roads = ward["roads"]
    vertices = {
        tuple(c) for g in roads[roads["kind"] == "ngo"].geometry for c in shapely.get_coordinates(g)
    }
    barriers = ward["barriers"]
    assert all(tuple(c) in vertices for c in shapely.get_coordinates(barriers.geometry))
    gates = barriers[barriers["kind"] == "gate"]
    assert (
        len(gates)
        and (gates["closed_from"] == "22:00").all()
        and (gates["closed_to"] == "05:00").all()
    )
    wires = barriers[barriers["kind"] == "low_wires"]
    assert wires["clearance_m"].between(3.0, 4.0).all()


def test_one_gate_is_wide_enough_for_a_truck_on_a_dead_end_alley(metric):
    barriers = metric["barriers"]
    wide = barriers[(barriers["kind"] == "gate") & (barriers["width_m"] >= T.truck_min_width_m)]
    assert len(wide) == 1
    assert (wide["closed_from"] == "22:00").all() and (wide["closed_to"] == "05:00").all()
    near = _nearest_road(metric, "barriers").loc[wide.index]
    assert near["road_kind"].eq("ngo").all()
    assert (near["road_width_m"] >= T.truck_min_width_m).all()


# ------------------------------------------------------------------ fire-safety features


def test_public_points_stand_in_alleys_trucks_cannot_enter(ward, metric):
    near = _nearest_road(metric, "firefighting_points")
    assert (near["road_width_m"] < T.truck_min_width_m).all()
    assert near["road_kind"].isin(ALLEY_KINDS).all()
    assert (near["road_m"] < 3.0).all()
    points = ward["firefighting_points"]
    assert (points["status"] == "working").mean() >= 0.6
    assert 1 <= (points["status"] == "out_of_service").sum() <= 2
    kit = {
        "extinguishers_powder": 2,
        "extinguishers_co2": 2,
        "crowbars": 1,
        "hammers": 1,
        "cutters": 1,
    }
    full_kit = np.logical_and.reduce([points[k] == v for k, v in kit.items()])
    assert full_kit.any() and not full_kit.all()
    assert (points["last_check"] >= points["installed"]).all()


def test_hydrants_stand_beside_truck_roads(metric):
    near = _nearest_road(metric, "water_sources")
    hydrants = near[near["kind"] == "hydrant"]
    assert hydrants["road_kind"].isin(("duong", "pho")).all()
    assert (hydrants["road_m"] <= hydrants["road_width_m"] / 2 + 2.5).all()
    assert hydrants["flow_lps"].between(10, 20).all()
    assert (hydrants["status"] != "working").any()


def test_safety_groups_are_neighbours_on_one_road(ward, metric):
    households = ward["households"]
    groups = ward["safety_groups"].set_index("id")
    size = households["safety_group_id"].value_counts()
    assert set(size.index) == set(groups.index)
    assert size.between(T.safety_group_min_households, T.safety_group_max_households).all()
    assert 0.2 <= households["safety_group_id"].notna().mean() <= 0.4
    members = metric["households"].dropna(subset=["safety_group_id"])
    for group_id, rows in members.groupby("safety_group_id"):
        group = groups.loc[group_id]
        road = group["name"].split(" – ", 1)[1]
        road = road[0].lower() + road[1:]
        assert rows["address"].str.contains(f", {road}, ", regex=False).all(), group_id
        assert (rows["residential_group_id"] == group["residential_group_id"]).all()
        xy = shapely.get_coordinates(rows.geometry)
        assert np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)).max() < 120.0
    assert groups["linked_alarm"].any() and not groups["linked_alarm"].all()
    assert groups["established"].dt.year.between(2022, 2026).all()


def test_incidents_cover_five_years_at_homes_and_premises(ward):
    incidents = ward["incidents"]
    span = incidents["date"].max() - incidents["date"].min()
    assert span >= pd.Timedelta(days=round(4.5 * 365))
    assert incidents["date"].max() <= pd.Timestamp(AS_OF)
    assert incidents["cause"].value_counts().index[0] == "electrical"
    assert (incidents["deaths"] == 0).mean() >= 0.8
    at = incidents.dropna(subset=["premises_id"]).merge(
        ward["premises"][["id", "geometry"]],
        left_on="premises_id",
        right_on="id",
        suffixes=("", "_p"),
    )
    assert len(at) and at.geometry.geom_equals(gpd.GeoSeries(at["geometry_p"])).all()
    homes = incidents[incidents["premises_id"].isna()]
    assert homes.geometry.isin(ward["households"].geometry).all()


def test_texts_are_nfc_and_phones_fictitious(ward):
    phone = re.compile(r"^0000 \d{3} \d{3}$")
    for name, frame in ward.items():
        for f in get_layer(name).fields:
            if f.kind != "str":
                continue
            values = frame[f.name].dropna()
            assert all(unicodedata.is_normalized("NFC", v) for v in values), (name, f.name)
            if "phone" in f.name:
                assert values.str.match(phone).all(), (name, f.name)
    assert ward["households"]["address"].str.match(r"^Số \d+, .+, Tổ dân phố số \d+$").all()


# ------------------------------------------------------------------ folders, CLI, scale


def test_written_folder_opens_and_validates(written, ward):
    opened = open_ward(written)
    assert opened.config.ward.synthetic is True
    assert opened.config.ward.crs_metric == CRS_METRIC
    assert opened.name == WARD_NAME
    assert "Bắc Giang" in opened.config.ward.province
    for name in LAYER_NAMES:
        assert len(opened[name]) == len(ward[name]), name


def test_committed_sample_matches_the_generator(ward):
    committed = open_ward(SAMPLE_WARD)
    assert committed.config.ward.synthetic is True
    for name in LAYER_NAMES:
        stored, fresh = committed[name], ward[name]
        assert stored["id"].tolist() == fresh["id"].tolist(), name
        pd.testing.assert_frame_equal(
            pd.DataFrame(stored.drop(columns="geometry")),
            pd.DataFrame(fresh.drop(columns="geometry")),
            obj=name,
        )
        if get_layer(name).geometry:
            gap = shapely.hausdorff_distance(stored.geometry.to_numpy(), fresh.geometry.to_numpy())
            assert np.all(gap <= 1e-7), name


def test_cli_builds_and_refuses_to_overwrite_without_force(written, capsys):
    assert main(["sample", str(written)]) == EXIT_UNUSABLE
    assert "đã có dữ liệu phường" in capsys.readouterr().err


def test_cli_help_is_bilingual(capsys):
    with pytest.raises(SystemExit):
        main(["sample", "--help"])
    text = capsys.readouterr().out
    assert "mô phỏng" in text and "synthetic" in text and "--force" in text


def test_cli_force_rebuilds_with_another_seed(tmp_path):
    target = tmp_path / "w"
    assert main(["sample", str(target), "--seed", "5"]) == EXIT_OK
    first = open_ward(target)["households"]
    assert main(["sample", str(target), "--seed", "6", "--force"]) == EXIT_OK
    assert not open_ward(target)["households"]["head_name"].equals(first["head_name"])


def test_scale_ten_has_ten_times_the_features(ward):
    big = generate_ward(scale=10)
    for layer in (
        "households",
        "premises",
        "firefighting_points",
        "safety_groups",
        "residential_groups",
    ):
        assert len(big[layer]) == 10 * len(ward[layer]), layer
    assert len(big["roads"]) >= 9.5 * len(ward["roads"])
    assert len(big["ward_boundary"]) == 1
    assert big["households"]["id"].is_unique and big["roads"]["id"].is_unique
    count, _, _ = _graph(big["roads"])
    assert count == 1
    assert big["households"].within(big["ward_boundary"].geometry.iloc[0]).all()


def test_night_switch_changes_truck_access_on_the_committed_sample():
    ward = open_ward(SAMPLE_WARD)
    day = analyze_ward(ward, today=AS_OF)
    night = analyze_ward(ward, today=AS_OF, night=True, base=day.base)
    d, n = access_summary(day), access_summary(night)
    lost_m = d.reachable_road_m - n.reachable_road_m
    assert lost_m >= 100, (
        f"truck-reachable roads: {d.reachable_road_m:.0f} m by day, "
        f"{n.reachable_road_m:.0f} m at night ({lost_m:.0f} m fewer; at least 100 m expected)"
    )
    newly_beyond = d.households_within_reach - n.households_within_reach
    assert newly_beyond >= 20, (
        f"households within hose reach: {d.households_within_reach} by day, "
        f"{n.households_within_reach} at night ({newly_beyond} newly beyond reach; "
        "at least 20 expected)"
    )
    assert n.deep_alleys > d.deep_alleys, (
        f"deep alleys trucks cannot enter: {d.deep_alleys} by day, {n.deep_alleys} at night"
    )
    assert n.barriers_blocking == d.barriers_blocking + 1, (
        f"blocking barriers: {d.barriers_blocking} by day, {n.barriers_blocking} at night"
    )
    gate = night.barriers["blocking"].to_numpy() & ~day.barriers["blocking"].to_numpy()
    assert night.barriers.loc[gate, "kind"].tolist() == ["gate"]
