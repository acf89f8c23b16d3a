"""Planner map layers: states follow the proposal, values are escaped, JSON is script-safe."""

from __future__ import annotations

import json

from pipelines.model.store import open_ward
from pipelines.network.analysis import analyze_ward
from pipelines.planning import Scenario, WhatIf, planning_problem
from pipelines.planning.layers import DEMAND_STATES, plan_layers, prepare_plan_layers
from tests.conftest import _xy


def test_layers_follow_the_proposal_and_escape_user_values(tiny_ward):
    ward = open_ward(tiny_ward)
    problem = planning_problem(ward, analyze_ward(ward))
    prepared = prepare_plan_layers(problem, "vi")
    layers = {layer.key: layer for layer in plan_layers(prepared, problem, Scenario("x"))}
    assert list(layers) == ["plan_demand", "plan_existing", "plan_new"]
    with_sites = plan_layers(prepared, problem, Scenario("x"), candidates=True)
    assert with_sites[0].key == "plan_candidates"
    assert with_sites[0].count == problem.n_candidates
    demand = layers["plan_demand"]
    assert demand.count == problem.coverage.n_demand
    assert sum(demand.style_counts) == demand.count
    assert dict(zip(DEMAND_STATES, demand.style_counts, strict=True))["newly"] == 0
    assert "<b>" not in demand.geojson and "\\u003cb\\u003e" not in demand.geojson
    features = json.loads(demand.geojson)["features"]
    karaoke = next(f for f in features if "Karaoke" in f["properties"]["t"])
    assert karaoke["properties"]["t"] == "Karaoke &lt;b&gt;Hoa&lt;/b&gt; &amp; Sao"
    assert layers["plan_new"].count == 0
    assert layers["plan_existing"].count == 1

    whatif = WhatIf(problem)
    change = whatif.place(*_xy(250, 102))  # on the main road by the karaoke
    assert change.placed
    after = {layer.key: layer for layer in plan_layers(prepared, problem, whatif.scenario("x"))}
    assert after["plan_new"].count == 1
    states = dict(zip(DEMAND_STATES, after["plan_demand"].style_counts, strict=True))
    assert states["premises_covered"] == 2
