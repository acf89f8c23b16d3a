"""Popups link to their feature's history: every feature of a ward layer carries its id,
only the live map's layers of the data model get the link, never the saved HTML map."""

from __future__ import annotations

import json

from dashboard.components.map import _spec_json, static_map_html
from pipelines.maps.layers import MapFilter, prepare_layers, select_layers
from pipelines.model.store import open_ward


def test_features_carry_their_ids_and_only_ward_layers_link(tiny_ward) -> None:
    ward = open_ward(tiny_ward)
    layers = {m.key: m for m in select_layers(prepare_layers(ward), MapFilter())}
    premises = json.loads(layers["premises"].geojson)
    assert [f["properties"]["i"] for f in premises["features"]] == ["P1", "P2"]
    groups = json.loads(layers["safety_groups"].geojson)
    assert [f["properties"]["i"] for f in groups["features"]] == ["G1"]

    history = {"path": "/lich-su-thay-doi", "label": "Lịch sử thay đổi"}
    spec = json.loads(_spec_json(layers["premises"], "current", history))
    assert spec["history"] == {**history, "layer": "premises"}
    other = layers["premises"].__class__(**{**layers["premises"].__dict__, "key": "risk_density"})
    assert "history" not in json.loads(_spec_json(other, "risk", history))
    saved = static_map_html(
        list(layers.values()), [[21.27, 106.2], [21.28, 106.21]], legend_title="x"
    )
    assert '"history"' not in saved
