"""The ward planner: demand, candidates, rules, what-if, scenarios, exports and ``pccc plan``."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pulp
import pytest
from shapely.geometry import LineString, Point
from spopt.locate import MCLP

from pipelines import cli
from pipelines.maps.layers import MapFilter
from pipelines.model.errors import InputFileError
from pipelines.model.store import init_ward, open_ward, write_layers
from pipelines.network.analysis import analyze_ward
from pipelines.network.layers import prepare_analysis_layers, select_analysis_layers
from pipelines.network.tables import access_summary
from pipelines.planning import (
    PlanningProblem,
    Scenario,
    WhatIf,
    compare_scenarios,
    evaluate,
    format_comparison,
    kit_cost_vnd,
    planning_problem,
    proposal_points,
    propose,
    rule_table,
    scenario_from_result,
)
from pipelines.planning.exports import (
    OUTPUT_FORMATS,
    kml_text,
    proposal_bytes,
    write_proposal,
    xlsx_bytes,
)
from pipelines.planning.siting import CoverageMatrix, greedy_gap, solve_maximal_covering
from pipelines.text.labels import PLAN_POINT_COLUMNS
from tests.conftest import SAMPLE_WARD, _xy, tiny_layers

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:pulp")


def _problem(ward_dir: Path, **options) -> tuple[object, PlanningProblem]:
    ward = open_ward(ward_dir)
    return ward, planning_problem(ward, analyze_ward(ward), **options)


@pytest.fixture(scope="module")
def sample() -> tuple[object, PlanningProblem]:
    return _problem(SAMPLE_WARD)


@pytest.fixture
def planted_ward(tmp_path: Path) -> Path:
    """The tiny ward plus an unpointed 90 m alley 1.8 m wide off the main road at x = 250 m."""
    layers = tiny_layers()
    roads = layers["roads"]
    extra = gpd.GeoDataFrame(
        [{"id": "R9", "name": "Ngõ 9", "kind": "ngo", "width_m": 1.8}],
        geometry=[LineString([_xy(250, 100), _xy(250, 190)])],
        crs="EPSG:4326",
    )
    layers["roads"] = pd.concat([roads, extra], ignore_index=True)
    houses = gpd.GeoDataFrame(
        [
            {"id": f"N9-{i}", "address": f"Số {i}, ngõ 9", "residential_group_id": "TDP-2"}
            for i in range(6)
        ],
        geometry=[Point(_xy(254, 130 + 10 * i)) for i in range(6)],
        crs="EPSG:4326",
    )
    layers["households"] = pd.concat([layers["households"], houses], ignore_index=True)
    ward_dir = tmp_path / "planted"
    init_ward(ward_dir, name="Phường Thử", crs_metric="EPSG:9214")
    write_layers(ward_dir, layers, note="planted deep alley")
    return ward_dir


# ---------------------------------------------------------------------- demand and candidates


def test_demand_weights_follow_risk_class_and_hose_reach(tiny_ward):
    ward, problem = _problem(tiny_ward)
    cfg = ward.config.planner
    d = problem.demand
    assert d["kind"].tolist() == ["household"] * 8 + ["premises"] * 2
    p2 = d.set_index("id").loc["P2"]
    assert p2["weight"] == cfg.premises_weight_by_class[p2["risk_class"]]  # beyond hose reach
    h7 = d.set_index("id").loc["H7"]
    assert not h7["within_hose_reach"]
    assert h7["weight"] == cfg.household_weight_by_class["low"]
    h1 = d.set_index("id").loc["H1"]
    assert h1["within_hose_reach"]
    assert h1["weight"] == cfg.household_weight_by_class["low"] * cfg.within_hose_reach_factor


def test_candidates_lie_on_alleys_trucks_cannot_enter_and_never_at_a_premises(tiny_ward):
    ward, problem = _problem(tiny_ward)
    c = problem.candidates
    assert set(c["road_id"]) == {"R2", "R3"}  # never on the 8 m main road R1
    assert (c["source"] == "generated").all()
    metric = c.to_crs(ward.crs_metric)
    premises = ward["premises"].to_crs(ward.crs_metric)
    clearance = ward.config.planner.candidate_premises_clearance_m
    assert metric.geometry.distance(premises.geometry.iloc[1]).min() >= clearance
    # spacing 25 m along 20 + 29.5 + 30 m of Ngõ 5 (gate cut out) minus the one at Nhà trọ
    assert (c["road_id"] == "R2").sum() == 4
    allowed = planning_problem(ward, analyze_ward(ward), on_truck_roads=True).candidates
    assert "R1" in set(allowed["road_id"])


def test_working_points_are_fixed_and_cover_their_alley(tiny_ward):
    _, problem = _problem(tiny_ward)
    assert problem.fixed["id"].tolist() == ["D1"]
    assert "D1" not in " ".join(problem.candidates["id"])
    covered_now = problem.demand.set_index("id")["covered_now"]
    assert covered_now[[f"H{i}" for i in range(8)]].all()
    assert not covered_now["P1"]
    result = propose(problem, p=1)
    # D1 already covers Ngõ 5: nothing there can cover more; the karaoke on the main road
    # has no candidate within 100 m walking (candidates stop at the alley mouth)
    assert result.covered_weight == pytest.approx(problem.coverage.fixed_weight)
    assert (
        WhatIf(problem, scenario_from_result(problem, result, name="A"))
        .covered()[problem.coverage.fixed_covered]
        .all()
    )


# ---------------------------------------------------------------------- rules


def test_rule_check_finds_a_planted_uncovered_deep_alley(planted_ward):
    _, problem = _problem(planted_ward)
    rules = problem.rules.set_index("key")
    assert rules.loc["R9", "kind"] == "deep_alley"
    assert rules.loc["R9", "depth_m"] == pytest.approx(90.0, abs=2.0)
    whatif = WhatIf(problem)
    table = rule_table(problem, whatif, "en").set_index("name")
    assert not table.loc["Ngõ 9", "satisfied"]
    assert table.loc["Ngõ 5", "satisfied"]  # D1 stands on it
    assert not table.iloc[0]["satisfied"], "unmet rules come first"
    # one point on Ngõ 9 meets the rule; the solver enforcing rules puts one there
    change = whatif.place(*_xy(251, 160))
    assert change.placed and change.households_gained > 0
    assert rule_table(problem, whatif, "en").set_index("name").loc["Ngõ 9", "satisfied"]
    enforced = propose(problem, p=3, enforce_rules=True)
    roads = set(problem.candidates["road_id"].iloc[enforced.chosen])
    assert {"R9", "R3"} <= roads


def test_rules_can_be_turned_off(planted_ward):
    _, problem = _problem(planted_ward, deep_alley_min_m=float("inf"), points_per_group_min=0)
    assert len(problem.rules) == 0


# ---------------------------------------------------------------------- what-if and scenarios


def test_what_if_edits_agree_with_the_coverage(sample):
    _, problem = sample
    cov = problem.coverage
    whatif = WhatIf(problem)
    ids = problem.candidates["id"].iloc[[10, 200, 400]].tolist()
    for key in ids:
        whatif.add(key)
    expected = cov.covered_by([10, 200, 400])
    assert (whatif.covered() == expected).all()
    change = whatif.remove(ids[1])
    assert (whatif.covered() == cov.covered_by([10, 400])).all()
    assert change.households_lost == int(problem.is_household[change.newly_uncovered].sum())
    again = whatif.add(ids[1])
    assert set(again.newly_covered) == set(change.newly_uncovered)
    assert whatif.keys == (ids[0], ids[2], ids[1])
    restored = WhatIf(problem, whatif.scenario("A"))
    assert (restored.covered() == whatif.covered()).all()
    with pytest.raises(ValueError, match="should be a candidate id"):
        whatif.add("UV-99999")
    with pytest.raises(ValueError, match="should be a point of the proposal"):
        whatif.remove("BD-404")


def test_a_placed_point_covers_like_the_candidate_at_the_same_place(sample):
    _, problem = sample
    j = 321
    site = problem.candidates.geometry.iloc[j]
    whatif = WhatIf(problem)
    change = whatif.place(site.x, site.y)
    assert change.placed
    assert (whatif.covered() == problem.coverage.covered_by([j])).all()
    moved = whatif.move(change.key, site.x + 0.02, site.y)  # about 2 km east: off the ward
    assert not moved.placed and moved.snap_distance_m > problem.max_snap_m
    assert whatif.keys == (change.key,), "a point moved off the network stays where it was"
    other = problem.candidates.geometry.iloc[j + 40]
    moved = whatif.move(change.key, other.x, other.y)
    assert moved.placed and whatif.keys == (moved.key,)
    assert (whatif.covered() == problem.coverage.covered_by([j + 40])).all()
    whatif.remove(moved.key)
    assert (whatif.covered() == problem.coverage.fixed_covered).all()


def test_scenario_comparison_counts_points_cost_and_coverage(sample):
    ward, problem = sample
    now = Scenario("Hiện trạng")
    a = scenario_from_result(problem, propose(problem, p=5), name="A")
    b = scenario_from_result(problem, propose(problem, p=10), name="B")
    table = compare_scenarios(problem, [now, a, b])
    assert list(table.columns) == ["Hiện trạng", "A", "B"]
    assert table.loc["points_added"].tolist() == [0, 5, 10]
    assert table.loc["cost_vnd", "B"] == pytest.approx(10 * kit_cost_vnd(ward.config.costs))
    covered = table.loc["households_covered"]
    assert covered["Hiện trạng"] < covered["A"] <= covered["B"]
    assert table.loc["weight_share"].is_monotonic_increasing
    shown = format_comparison(table, "vi")
    assert shown.loc["Chi phí ước tính", "B"].endswith(" đ")
    assert "%" in shown.loc["Tỷ lệ hộ được phủ", "A"]


def test_kit_cost_is_the_kit_times_unit_prices(tiny_ward):
    costs = open_ward(tiny_ward).config.costs
    expected = (
        2 * costs.extinguisher_powder_vnd
        + 2 * costs.extinguisher_co2_vnd
        + costs.crowbar_vnd
        + costs.hammer_vnd
        + costs.cutter_vnd
        + costs.cabinet_vnd
    )
    assert kit_cost_vnd(costs) == expected


# ---------------------------------------------------------------------- models on the sample ward


def test_greedy_never_beats_the_optimum_on_the_sample_ward(sample):
    _, problem = sample
    for p in (3, 12, 30):
        quick = propose(problem, p=p, method="greedy")
        best = propose(problem, p=p)
        assert best.status == "optimal"
        assert quick.objective <= best.objective + 1e-9
        assert 0.0 <= greedy_gap(quick, best) < 0.2
    cover_quick = propose(problem, model="cover", method="greedy")
    cover_best = propose(problem, model="cover")
    assert cover_best.covered_weight == pytest.approx(problem.coverage.coverable_weight)
    assert cover_quick.objective >= cover_best.objective


def test_sample_ward_optimum_equals_spopt_on_one_residential_group(sample):
    """Real network distances: the demand and candidates of one tổ dân phố."""
    _, problem = sample
    demand = np.flatnonzero(problem.demand["residential_group_id"].to_numpy() == "TDP-05")
    sites = np.flatnonzero(problem.candidates["residential_group_id"].to_numpy() == "TDP-05")
    cost = problem.coverage.distance_m[demand][:, sites].toarray()
    cost[problem.coverage.covers[demand][:, sites].toarray() == 0] = np.inf
    weights = problem.coverage.weight[demand]
    cov = CoverageMatrix.from_cost_matrix(cost, weights=weights, radius_m=problem.radius_m)
    ours = solve_maximal_covering(cov, 6)
    theirs = MCLP.from_cost_matrix(cost, weights, problem.radius_m, 6).solve(pulp.HiGHS(msg=False))
    assert ours.status == "optimal"
    assert ours.objective == pytest.approx(pulp.value(theirs.problem.objective), abs=1e-6)


# ---------------------------------------------------------------------- exports


@pytest.fixture(scope="module")
def proposal(sample) -> tuple[object, PlanningProblem, Scenario]:
    ward, problem = sample
    scenario = scenario_from_result(problem, propose(problem, p=4), name="A")
    whatif = WhatIf(problem, scenario)
    far = problem.candidates.geometry.iloc[700]
    whatif.place(far.x, far.y)
    return ward, problem, whatif.scenario("A")


def test_proposal_points_count_what_each_newly_covers(proposal):
    _, problem, scenario = proposal
    points = proposal_points(problem, scenario)
    assert len(points) == 5
    assert points["id"].iloc[-1] == "BD-001"
    assert (points["households_new"] <= points["households"]).all()
    first = problem.candidate_index[points["id"].iloc[0]]
    rows = problem.coverage.by_candidate[first].indices
    new = rows[~problem.coverage.fixed_covered[rows]]
    assert points["households_new"].iloc[0] == problem.is_household[new].sum()
    assert points.crs.to_epsg() == 4326


@pytest.mark.parametrize("suffix", sorted(OUTPUT_FORMATS))
def test_every_output_format_writes_a_readable_file(proposal, tmp_path, suffix):
    ward, problem, scenario = proposal
    path = write_proposal(problem, scenario, tmp_path / f"plan{suffix}", ward=ward)
    data = path.read_bytes()
    readers = {
        ".geojson": lambda: len(gpd.read_file(path)) == 5,
        ".json": lambda: json.loads(data)["type"] == "FeatureCollection",
        ".kml": lambda: len(ET.fromstring(data).findall(".//{*}Placemark")) == 5,
        ".xlsx": lambda: len(pd.read_excel(path, sheet_name=None, engine="calamine")) == 3,
        ".png": lambda: data.startswith(b"\x89PNG"),
        ".pdf": lambda: data.startswith(b"%PDF"),
    }
    assert readers[suffix]()


def test_geojson_has_coordinates_address_and_new_coverage(proposal, tmp_path):
    ward, problem, scenario = proposal
    frame = gpd.read_file(write_proposal(problem, scenario, tmp_path / "p.geojson", ward=ward))
    assert set(PLAN_POINT_COLUMNS) <= set(frame.columns)
    assert np.allclose(frame["lon"], frame.geometry.x) and np.allclose(
        frame["lat"], frame.geometry.y
    )
    assert frame["road_name"].str.len().gt(0).all()
    assert frame["households_new"].sum() > 0


def test_kml_and_xlsx_are_labelled_and_escaped(proposal):
    _, problem, scenario = proposal
    text = kml_text(problem, scenario, lang="vi")
    root = ET.fromstring(text.encode("utf-8"))
    names = [e.text for e in root.iter("{http://www.opengis.net/kml/2.2}displayName")]
    assert "Hộ được phủ thêm" in names
    sheets = pd.read_excel(
        io.BytesIO(xlsx_bytes(problem, scenario, lang="en")), sheet_name=None, engine="calamine"
    )
    assert list(sheets) == ["Proposed points", "Comparison", "Rules"]
    assert "Households newly covered" in sheets["Proposed points"].columns
    assert list(sheets["Comparison"].columns)[1:] == ["Current", "Proposal"]


def test_printable_map_is_a4(proposal):
    ward, problem, scenario = proposal
    from PIL import Image

    png = Image.open(io.BytesIO(proposal_bytes(problem, scenario, ".png", ward=ward)))
    long_side, short_side = max(png.size), min(png.size)
    assert long_side / short_side == pytest.approx(297 / 210, rel=0.01)
    assert short_side == pytest.approx(210 / 25.4 * 200, abs=2)
    pdf = proposal_bytes(problem, scenario, ".pdf", ward=ward, lang="en")
    media = re.search(rb"MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", pdf)
    assert media, "the PDF has a media box"
    size_pt = sorted(float(v) for v in media.groups())
    assert size_pt == pytest.approx([595.28, 841.89], abs=0.5), "A4 in points"


def test_unknown_output_suffix_is_refused(proposal, tmp_path):
    ward, problem, scenario = proposal
    with pytest.raises(InputFileError, match="should end with one of"):
        write_proposal(problem, scenario, tmp_path / "plan.docx", ward=ward)


# ---------------------------------------------------------------------- CLI


def test_pccc_plan_writes_the_proposal(tmp_path, capsys):
    out = tmp_path / "plan.geojson"
    status = cli.main(
        [
            "plan",
            "--ward",
            str(SAMPLE_WARD),
            "--new-points",
            "3",
            "--radius",
            "80",
            "--out",
            str(out),
        ]
    )
    assert status == 0
    frame = gpd.read_file(out)
    assert len(frame) == 3
    printed = capsys.readouterr().out
    assert "Tối ưu (đã chứng minh)" in printed and "Optimal (proven)" in printed
    assert "Running HiGHS" not in printed


def test_pccc_plan_cover_model_and_missing_points(tmp_path, capsys):
    out = tmp_path / "plan.xlsx"
    assert (
        cli.main(["plan", "--ward", str(SAMPLE_WARD), "--model", "cover", "--out", str(out)]) == 0
    )
    assert len(pd.read_excel(out, sheet_name=None, engine="calamine")) == 3
    assert cli.main(["plan", "--ward", str(SAMPLE_WARD), "--out", str(out)]) == 2
    assert "--new-points" in capsys.readouterr().err


def test_pccc_plan_help_is_bilingual(capsys):
    with pytest.raises(SystemExit):
        cli.main(["plan", "--help"])
    text = capsys.readouterr().out
    assert "Đề xuất vị trí đặt điểm chữa cháy công cộng mới" in text
    assert "Propose where to put new public firefighting points" in text


@pytest.mark.parametrize("night", [False, True])
def test_beyond_reach_pockets_are_one_figure_on_every_page_and_layer(night):
    ward = open_ward(SAMPLE_WARD)
    a = analyze_ward(ward, night=night)
    prepared = prepare_analysis_layers(a, "vi", keys=["beyond_reach"])
    (layer,) = select_analysis_layers(prepared, MapFilter())
    figures = evaluate(planning_problem(ward, a), Scenario("now"))
    named = pd.concat([a.households["pocket_id"], a.premises["pocket_id"]]).dropna().nunique()
    counts = {
        "water & access page (access summary)": access_summary(a).pockets,
        "map layer (legend count)": layer.count,
        "pockets table": len(a.pockets),
        "planner page (pockets total)": figures.pockets_total,
        "households and premises naming a pocket": named,
    }
    assert len(set(counts.values())) == 1, counts
    assert a.n_pockets == counts["map layer (legend count)"] > 0
