"""The point planner in a real browser: a click on the map places a point and the figures move."""

from __future__ import annotations

import time

import numpy as np
import pytest

from pipelines.model.store import open_ward
from pipelines.network.analysis import analyze_ward
from pipelines.planning import WhatIf, planning_problem, propose, scenario_from_result
from tests import livetest
from tests.browser.conftest import external_requests, save_screenshot

pytestmark = pytest.mark.browser

DEFAULT_P = 10  # the page's default number of new points
METRIC = "Hộ được phủ"

# Container pixel of a position on the page's Leaflet map (folium keeps the map in a global).
LATLNG_TO_PIXEL = """([lat, lon]) => {
  const map = Object.values(window).find((v) => v instanceof L.Map);
  const p = map.latLngToContainerPoint([lat, lon]);
  return [p.x, p.y];
}"""


def best_click(ward_dir) -> tuple[float, float, int]:
    """The candidate site adding the most households to the page's first proposal."""
    ward = open_ward(ward_dir)
    problem = planning_problem(ward, analyze_ward(ward))
    scenario = scenario_from_result(problem, propose(problem, p=DEFAULT_P), name="x")
    gains = []
    for j in range(problem.n_candidates):
        whatif = WhatIf(problem, scenario)
        key = problem.candidates["id"].iat[j]
        gains.append(0 if key in scenario.chosen else whatif.add(key).households_gained)
    j = int(np.argmax(gains))
    site = problem.candidates.geometry.iat[j]
    return site.y, site.x, gains[j]


def metric_value(page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def wait_for_change(page, label: str, old: str, timeout_s: float) -> str:
    deadline = time.monotonic() + timeout_s
    value = old
    while time.monotonic() < deadline:
        value = metric_value(page, label)
        if value != old:
            return value
        time.sleep(0.05)
    raise TimeoutError(f"'{label}' stayed at {old}")


def test_clicking_the_map_places_a_point_and_updates_the_coverage(page, sample_server):
    url, ward_dir = sample_server
    lat, lon, gain = best_click(ward_dir)
    assert gain > 0

    page.goto(f"{url}/quy-hoach-diem")
    frame, drawn = livetest.wait_for_layers(page, {"plan_new": DEFAULT_P}, timeout_s=120)
    assert drawn["plan_demand"] > 0
    before = metric_value(page, METRIC)
    save_screenshot(page, "planner-before-click")

    x, y = frame.evaluate(LATLNG_TO_PIXEL, [lat, lon])
    start = time.monotonic()
    frame.locator(".leaflet-container").first.click(position={"x": x, "y": y})
    after = wait_for_change(page, METRIC, before, timeout_s=60)
    seconds = time.monotonic() - start
    assert int(after.replace(".", "")) > int(before.replace(".", ""))
    page.get_by_text("Đã đặt điểm BD-001").wait_for(timeout=30_000)
    livetest.wait_for_layers(page, {"plan_new": DEFAULT_P + 1}, timeout_s=60)
    save_screenshot(page, "planner-after-click")
    print(f"click → coverage figure updated in {seconds:.2f} s ({before} → {after})")

    # the placed point is in the proposal table and the comparison
    assert page.get_by_text("BD-001").count() >= 1
    assert external_requests(page) == []
