"""Demand without a household list: households estimated from buildings, and with neither,
points sited by the deep-alley rule (on the real Hoàn Kiếm roads)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Polygon

from pipelines.model import store
from pipelines.network.analysis import analyze_ward
from pipelines.network.demand import demand_source, estimated_households
from pipelines.planning import planning_problem, propose, scenario_from_result
from pipelines.planning.demand import demand_caption, demand_notice, rule_options
from pipelines.planning.exports import proposal_bytes
from tests.conftest import _xy
from tests.partial_wards import HOAN_KIEM_ROADS, build_ward


def _house(east_m: float, north_m: float, side_m: float) -> Polygon:
    return Polygon(
        [
            _xy(east_m, north_m),
            _xy(east_m + side_m, north_m),
            _xy(east_m + side_m, north_m + side_m),
            _xy(east_m, north_m + side_m),
        ]
    )


@pytest.fixture
def ward_with_buildings(tiny_ward):
    import geopandas as gpd

    houses = gpd.GeoDataFrame(
        {
            "id": ["B1", "B2", "B3", "B4"],
            "name": ["Nhà A", None, "Siêu thị", "Xưởng"],
            "levels": [4, None, 2, 1],
            "use": ["residential", None, "commercial", "industrial"],
        },
        geometry=[
            _house(110, 110, 10),
            _house(110, 130, 10),
            _house(200, 50, 30),
            _house(250, 50, 30),
        ],
        crs="EPSG:4326",
    )
    households = store.read_layer(tiny_ward, "households").iloc[0:0]
    store.write_layers(tiny_ward, {"buildings": houses, "households": households})
    return tiny_ward


def test_households_estimated_from_residential_buildings(ward_with_buildings):
    ward = store.open_ward(ward_with_buildings)
    estimated, used = estimated_households(ward)
    assert used == 2, "the supermarket and the workshop are left out"
    area = ward["buildings"].iloc[:2].to_crs(ward.crs_metric).area.to_numpy()
    cfg = ward.config.planner
    levels = np.array([4, cfg.default_building_levels])
    expected = np.maximum(1, np.rint(area * levels / cfg.floor_area_per_household_m2))
    counts = estimated["id"].str.extract(r"uoc-tinh-(B\d)-")[0].value_counts()
    assert [counts.get("B1", 0), counts.get("B2", 0)] == expected.astype(int).tolist()
    assert set(estimated["residential_group_id"]) == {"TDP-1"}
    source = demand_source(ward)
    assert source.kind == "buildings" and source.households == len(estimated)


def test_the_planner_covers_estimated_households_and_says_so(ward_with_buildings):
    ward = store.open_ward(ward_with_buildings)
    analysis = analyze_ward(ward)
    assert len(analysis.households) == analysis.demand.households > 0
    assert any("ước tính" in vi for vi, _ in analysis.notes)
    problem = planning_problem(ward, analysis)
    assert rule_options(problem) is None
    assert "ước tính" in demand_notice(problem, "vi")
    assert "estimated" in demand_caption(problem, "en")
    workbook = pd.read_excel(
        io.BytesIO(
            proposal_bytes(
                problem,
                scenario_from_result(problem, propose(problem, p=1), name="A"),
                ".xlsx",
                ward=ward,
            )
        ),
        sheet_name=None,
    )
    assert "ước tính" in workbook["Ghi chú"].iloc[0, 0]


@pytest.mark.skipif(not HOAN_KIEM_ROADS.is_file(), reason="needs ../shared/realdata")
def test_real_roads_without_households_or_buildings_site_by_the_deep_alley_rule(tmp_path):
    ward_dir = build_ward("roads", tmp_path)
    ward = store.open_ward(ward_dir)
    analysis = analyze_ward(ward)
    problem = planning_problem(ward, analysis)
    assert not len(problem.demand)
    options = rule_options(problem)
    assert options == {"model": "cover", "p": None, "share": 1.0, "enforce_rules": True}
    result = propose(problem, method="highs", **options)
    assert result.has_solution and result.n_new >= 1
    deep = problem.rules["kind"].to_numpy() == "deep_alley"
    assert deep.sum() >= 1
    chosen = np.asarray(result.chosen, dtype=np.int64)
    on_deep_alley = problem.requirements.sites[np.flatnonzero(deep)][:, chosen].sum(axis=0)
    assert (np.asarray(on_deep_alley).ravel() > 0).any(), "a point stands in a deep alley"
    per_alley = problem.requirements.sites[np.flatnonzero(deep)][:, chosen].sum(axis=1)
    enforceable = problem.rules["sites"].to_numpy()[deep] >= 1
    assert (np.asarray(per_alley).ravel()[enforceable] >= 1).all(), "every deep alley served"
    notice = demand_notice(problem, "vi")
    assert "quy tắc" in notice and "50 m" in notice
    assert "Chưa có lớp Hộ gia đình" in notice
