"""The map page's HTML download opens in a browser with no network and no server.

Downloaded through the page's own button with a filter in force, then opened from disk in a
browser context that is offline and aborts any request that is not to the file itself:
the title box says the ward, theme, filter and date, the legend is there, and every layer
is drawn with the counts the store gives.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.model.store import open_ward
from pipelines.text.formats import format_date
from tests import livetest
from tests.browser.conftest import save_screenshot
from tests.browser.test_map import LAYER_KINDS, store_counts

pytestmark = pytest.mark.browser


def test_the_html_download_works_offline(chromium, page, sample_server, tmp_path: Path) -> None:
    url, ward_dir = sample_server
    karaoke = store_counts(ward_dir, category="karaoke")
    page.goto(f"{url}/ban-do")
    livetest.wait_for_layers(page, {"premises": store_counts(ward_dir)["premises"]}, timeout_s=90)
    livetest.choose(page, "Loại hình cơ sở", "Karaoke, vũ trường, quán bar")
    page.keyboard.press("Escape")  # the open options list hides the rest of the page from ARIA
    livetest.wait_for_layers(page, {"premises": karaoke["premises"]}, timeout_s=30)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Tải bản đồ HTML").click()
    saved = tmp_path / "ban-do-pccc.html"
    download.value.save_as(saved)

    offline = chromium.new_context(offline=True, viewport={"width": 1280, "height": 800})
    asked: list[str] = []

    def guard(route) -> None:
        if route.request.url.startswith(("file://", "data:", "about:", "blob:")):
            route.continue_()
        else:
            asked.append(route.request.url)
            route.abort()

    offline.route("**/*", guard)
    try:
        view = offline.new_page()
        view.goto(saved.as_uri())
        expected = {k: karaoke[k] for k in LAYER_KINDS}
        drawn: dict[str, int] = {}
        for _ in range(300):
            drawn = view.evaluate("() => Object.assign({}, window.pcccDrawn || {})")
            if all(drawn.get(k) == v for k, v in expected.items()):
                break
            view.wait_for_timeout(100)
        assert all(drawn.get(k) == v for k, v in expected.items()), (expected, drawn)

        ward = open_ward(ward_dir)
        assert ward.name in view.title()
        box = view.locator(".pccc-print-title").inner_text()
        assert ward.name in box
        assert "Karaoke, vũ trường, quán bar" in box, box
        assert format_date(dt.date.today(), "vi") in box
        legend = view.locator(".pccc-legend")
        assert legend.count() == 1 and "Cơ sở" in legend.inner_text()
        # The title box, the legend and the (unfolded) layer control never overlap.
        view.locator(".leaflet-control-layers").hover()
        view.wait_for_selector(".leaflet-control-layers-expanded")
        boxes = [
            view.locator(s).bounding_box()
            for s in (".pccc-print-title", ".pccc-legend", ".leaflet-control-layers")
        ]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = (
                    a["x"] + a["width"] <= b["x"]
                    or b["x"] + b["width"] <= a["x"]
                    or a["y"] + a["height"] <= b["y"]
                    or b["y"] + b["height"] <= a["y"]
                )
                assert apart, boxes
        save_screenshot(view, "map-download-offline")
    finally:
        offline.close()
    assert asked == [], f"the offline file asked the network for {asked}"
