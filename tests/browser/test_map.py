"""The map page in a real browser: every layer kind drawn, filters redraw, nothing leaves."""

from __future__ import annotations

import pytest

from pipelines.model.store import open_ward
from tests import livetest
from tests.browser.conftest import external_requests, save_screenshot

pytestmark = pytest.mark.browser

LAYER_KINDS = (
    "ward_boundary",
    "residential_groups",
    "water_bodies",
    "roads",
    "safety_groups",
    "households",
    "incidents",
    "barriers",
    "water_sources",
    "premises",
    "firefighting_points",
)


def store_counts(ward_dir, *, category: str | None = None) -> dict[str, int]:
    """Features per layer the map should draw, counted in the store with plain pandas.

    Independent of the page's own layer code: every stored feature with a geometry, one
    territory per tổ liên gia that has member households, and with ``category`` only the
    premises of that category.
    """
    ward = open_ward(ward_dir)
    counts = {}
    for key in LAYER_KINDS:
        if key == "safety_groups":
            members = ward["households"]["safety_group_id"].dropna()
            counts[key] = int(ward[key]["id"].isin(members).sum())
            continue
        frame = ward[key]
        counts[key] = int((frame.geometry.notna() & ~frame.geometry.is_empty).sum())
    if category is not None:
        premises = ward["premises"]
        counts["premises"] = int((premises["category"] == category).sum())
    return counts


def test_map_draws_every_layer_offline_and_filters_redraw(page, sample_server):
    url, ward_dir = sample_server
    everything = store_counts(ward_dir)
    for key in LAYER_KINDS:
        assert everything[key] > 0, f"the sample ward should have features in {key}"

    page.goto(f"{url}/ban-do")
    frame, drawn = livetest.wait_for_layers(page, everything, timeout_s=90)
    assert all(drawn[k] > 0 for k in LAYER_KINDS)
    # the canvas really holds drawn paths, and the point symbols are in the DOM
    assert frame.locator(".leaflet-overlay-pane canvas").count() >= 1
    assert (
        frame.locator(".leaflet-marker-pane .pccc-fp").count() == everything["firefighting_points"]
    )
    assert frame.locator(".pccc-legend").count() == 1
    save_screenshot(page, "map-all-layers")

    # Filter to karaoke only: the premises layer is redrawn with fewer features.
    karaoke = store_counts(ward_dir, category="karaoke")
    assert 0 < karaoke["premises"] < everything["premises"]
    livetest.choose(page, "Loại hình cơ sở", "Karaoke, vũ trường, quán bar")
    frame, drawn = livetest.wait_for_layers(page, {"premises": karaoke["premises"]}, timeout_s=30)
    assert drawn["premises"] == karaoke["premises"]
    assert frame.locator(".pccc-legend").count() == 1, "the legend is replaced, not duplicated"
    save_screenshot(page, "map-karaoke-only")

    assert external_requests(page) == []
