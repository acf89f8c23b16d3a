"""Map data: every layer formatted, user values escaped, filters select the right features."""

from __future__ import annotations

import json

import pytest

from pipelines.maps.layers import (
    MAP_LAYERS,
    MapFilter,
    prepare_layers,
    script_safe,
    select_layers,
    ward_bounds,
)
from pipelines.maps.territories import safety_group_territories
from pipelines.model.store import open_ward
from pipelines.reports.indicators import breakdown_by_group, ward_kpis


@pytest.fixture
def ward(tiny_ward):
    return open_ward(tiny_ward)


def _layers(ward, flt=None, lang="vi"):
    layers = select_layers(prepare_layers(ward, lang), flt or MapFilter())
    return {layer.key: layer for layer in layers}


def test_every_layer_is_prepared_in_drawing_order(ward):
    layers = select_layers(prepare_layers(ward, "vi"), MapFilter())
    assert [layer.key for layer in layers] == [key for key, _ in MAP_LAYERS]
    counts = {layer.key: layer.count for layer in layers}
    assert counts["households"] == 8
    assert counts["premises"] == 2
    assert counts["safety_groups"] == 1


def test_geojson_is_valid_and_script_safe(ward):
    layers = _layers(ward)
    for layer in layers.values():
        assert "<" not in layer.geojson and ">" not in layer.geojson
        data = json.loads(layer.geojson)
        assert len(data["features"]) == layer.count
        for feature in data["features"]:
            assert 0 <= feature["properties"]["k"] < len(layer.styles)
            assert len(feature["properties"]["p"]) == len(layer.fields)


def test_user_values_are_html_escaped(ward):
    premises = json.loads(_layers(ward)["premises"].geojson)
    karaoke = next(f for f in premises["features"] if "Karaoke" in f["properties"]["t"])
    assert karaoke["properties"]["p"][0] == "Karaoke &lt;b&gt;Hoa&lt;/b&gt; &amp; Sao"
    assert "<b>" not in karaoke["properties"]["t"]


def test_values_are_formatted_in_the_language(ward):
    incidents = json.loads(_layers(ward)["incidents"].geojson)
    assert incidents["features"][0]["properties"]["p"][0] == "05/03/2024"
    assert "Sự cố hệ thống, thiết bị điện" in incidents["features"][0]["properties"]["p"]
    english = json.loads(_layers(ward, lang="en")["incidents"].geojson)
    assert english["features"][0]["properties"]["p"][0] == "2024-03-05"


def test_filters_select_features(ward):
    assert _layers(ward, MapFilter(categories=("karaoke",)))["premises"].count == 1
    assert _layers(ward, MapFilter(violations_only=True))["premises"].count == 1
    by_group = _layers(ward, MapFilter(groups=("TDP-2",)))
    assert by_group["premises"].count == 1
    assert by_group["households"].count == 0
    assert by_group["roads"].count == 3, "roads have no group and stay"
    by_status = _layers(ward, MapFilter(statuses=("needs_service",)))
    assert by_status["water_sources"].count == 1
    assert by_status["firefighting_points"].count == 0


def test_style_counts_follow_the_filter(ward):
    premises = _layers(ward)["premises"]
    assert sum(premises.style_counts) == 2
    roads = _layers(ward)["roads"]
    assert sum(roads.style_counts) == 3
    labels_with_features = [
        labels for labels, n in zip(roads.style_labels, roads.style_counts, strict=True) if n
    ]
    assert any("Đường chính" in lab[0] for lab in labels_with_features)


def test_territories_wrap_their_households(ward):
    territories = safety_group_territories(ward)
    assert list(territories["id"]) == ["G1"]
    assert territories["households"].item() == 5
    members = ward["households"].dropna(subset=["safety_group_id"])
    assert members.within(territories.geometry.iloc[0]).all()


def test_bounds_and_script_safe():
    assert script_safe('{"a":"</script>"}') == '{"a":"\\u003c/script\\u003e"}'


def test_ward_bounds(ward):
    (s, w), (n, e) = ward_bounds(ward)
    assert s < n and w < e
    assert 21.26 < s < 21.28 and 106.19 < w < 106.21


def test_kpis_and_breakdown(ward):
    k = ward_kpis(ward)
    assert k.premises == 2
    assert k.premises_with_violations == 1
    assert (k.points_working, k.points_total) == (1, 1)
    assert k.households_in_group_share == pytest.approx(5 / 8)
    assert (k.water_working, k.water_total) == (1, 2)
    table = breakdown_by_group(ward)
    row = table.set_index("group_id").loc["TDP-1"]
    assert row["households"] == 8
    assert row["share_in_group"] == pytest.approx(5 / 8)
    assert table.set_index("group_id").loc["TDP-2", "premises_with_violations"] == 1
