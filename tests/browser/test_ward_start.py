"""Start a ward in a real browser: upload a boundary and the real Overpass file, see the summary,
open Bản đồ and see the roads drawn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.model.store import init_ward, read_layer
from tests import livetest
from tests.browser.conftest import external_requests, save_screenshot
from tests.browser.test_data import wait_for_text

pytestmark = pytest.mark.browser

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata" / "osm"
ROADS = REAL / "hanoi-hoan-kiem-overpass.json"
BOX = [[105.8430, 21.0075], [105.8665, 21.0075], [105.8665, 21.0415], [105.8430, 21.0415]]


@pytest.mark.skipif(not ROADS.is_file(), reason="shared real data not present")
def test_start_a_ward_from_public_data_and_see_its_roads(page, tmp_path: Path) -> None:
    ward_dir = tmp_path / "moi"
    init_ward(ward_dir, name="Phường mới", crs_metric="EPSG:3405")
    boundary = tmp_path / "ranh_gioi.geojson"
    feature = {
        "type": "Feature",
        "properties": {"name": "Hoàn Kiếm (thử)"},
        "geometry": {"type": "Polygon", "coordinates": [[*BOX, BOX[0]]]},
    }
    boundary.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with livetest.serve(ward_dir) as url:
        page.goto(f"{url}/du-lieu")
        inputs = page.locator('input[type="file"]')
        inputs.first.wait_for(state="attached", timeout=60_000)
        inputs.nth(0).set_input_files(str(boundary))
        wait_for_text(page, "Ranh giới: Hoàn Kiếm (thử)", 60)
        page.locator('input[type="file"]').nth(1).set_input_files(str(ROADS))
        button = page.get_by_role("button", name="Bắt đầu", exact=True)
        button.wait_for(timeout=30_000)
        page.wait_for_function(
            "() => [...document.querySelectorAll('button')].some("
            "b => b.innerText.trim() === 'Bắt đầu' && !b.disabled)",
            timeout=60_000,
        )
        button.click()
        wait_for_text(page, "Đã nhập vào phường", 180)
        wait_for_text(page, "Đường, ngõ: đã lưu 1.495, bị loại 0", 10)
        wait_for_text(page, "Bản đồ: có ranh giới phường (1), đường, ngõ, ngách (1.495)", 10)
        save_screenshot(page, "ward-start-summary")
        assert len(read_layer(ward_dir, "roads")) == 1495

        page.goto(f"{url}/ban-do")
        frame, drawn = livetest.wait_for_layers(
            page, {"roads": 1495, "ward_boundary": 1}, timeout_s=120
        )
        assert drawn["roads"] == 1495
        assert frame.locator(".leaflet-overlay-pane canvas").count() >= 1
        save_screenshot(page, "ward-start-map")
        assert external_requests(page) == []
