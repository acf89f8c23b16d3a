"""A map made to be shown (issue 9, item 6), in a real browser against one live server.

The ward's bounds are read from the store here and checked against Leaflet's own view
(``map.getBounds()``, ``map.latLngToContainerPoint``); the legend, the layer control and
the page's chrome are checked by their boxes on screen, the printed page by its PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from pipelines.maps.layers import ward_bounds
from pipelines.model.store import open_ward
from tests import livetest
from tests.browser.conftest import save_screenshot

pytestmark = pytest.mark.browser

SIDEBAR = '[data-testid="stSidebar"]'
MAP_IFRAME = 'iframe[src*="streamlit_folium"]'
MM = 96 / 25.4

# The map's view, the ward's box on screen and the boxes of the controls, from Leaflet.
VIEW_JS = """(bounds) => {
  const map = window.map;
  const ward = L.latLngBounds(bounds);
  const box = (el) => {
    if (!el || el.offsetParent === null) return null;
    const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  const origin = map.getContainer().getBoundingClientRect();
  const nw = map.latLngToContainerPoint(ward.getNorthWest());
  const se = map.latLngToContainerPoint(ward.getSouthEast());
  const legend = document.querySelector(".pccc-legend");
  return {
    contains: map.getBounds().contains(ward),
    size: [map.getSize().x, map.getSize().y],
    zoom: map.getZoom(),
    ward: [origin.left + nw.x, origin.top + nw.y, origin.left + se.x, origin.top + se.y],
    legend: box(legend),
    layers: box(document.querySelector(".leaflet-control-layers")),
    legendOpen: legend.querySelector("details").open,
    legendFont: parseFloat(getComputedStyle(legend).fontSize),
    fullscreen: document.fullscreenElement === map.getContainer(),
  };
}"""


def overlap(a: list[float] | None, b: list[float] | None) -> bool:
    if a is None or b is None:
        return False
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture(scope="module")
def ward(sample_server) -> dict:
    _, ward_dir = sample_server
    opened = open_ward(ward_dir)
    return {
        "bounds": ward_bounds(opened),
        "name": opened.name,
        "incidents": int(opened["incidents"].geometry.notna().sum()),
    }


@pytest.fixture
def small_screen(chromium) -> Iterator[object]:
    """A page on a 1280×720 meeting-room projector."""
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN")
    yield context.new_page()
    context.close()


def open_map(page, url: str, path: str) -> object:
    """Go to ``path`` and return the map frame once the ward is drawn and fitted."""
    page.goto(f"{url}{path}")
    frame, _ = livetest.wait_for_layers(page, {"ward_boundary": 1}, timeout_s=90)
    frame.wait_for_function("() => window.map && window.map._pccc", timeout=30_000)
    frame.locator(".pccc-legend").wait_for(timeout=30_000)
    return frame


def view(frame, ward: dict) -> dict:
    return frame.evaluate(VIEW_JS, ward["bounds"])


def test_map_page_fitted_whole_on_a_projector_distinct_symbols_full_screen_print(
    small_screen, sample_server, ward
) -> None:
    url, _ = sample_server
    page = small_screen
    frame = open_map(page, url, "/ban-do")
    livetest.wait_for_layers(page, {"incidents": ward["incidents"]}, timeout_s=60)
    frame.wait_for_function("() => (window.pcccDrawn.households || 0) > 0", timeout=30_000)
    iframe = page.locator(MAP_IFRAME).bounding_box()
    assert iframe["y"] >= 0 and iframe["y"] + iframe["height"] <= 720, iframe
    assert iframe["height"] >= 360
    seen = view(frame, ward)
    assert seen["contains"], seen
    assert not overlap(seen["ward"], seen["legend"]), seen
    assert seen["zoom"] % 1 or seen["zoom"] >= 15, seen

    # Incidents are triangles (marker icons), premises circles on the canvas.
    symbols = frame.evaluate(
        """() => {
          const first = (key) => window.pcccGroups[key].getLayers()[0].getLayers()[0];
          const inc = document.querySelector('.leaflet-marker-pane .pccc-inc');
          return {
            incidents: document.querySelectorAll('.leaflet-marker-pane .pccc-inc').length,
            incidentClip: getComputedStyle(inc).clipPath,
            premisesCircle: first('premises') instanceof L.CircleMarker,
            incidentMarker: first('incidents') instanceof L.Marker,
          };
        }"""
    )
    assert symbols["incidents"] == ward["incidents"]
    assert symbols["incidentClip"].startswith("polygon"), symbols
    assert symbols["premisesCircle"] and symbols["incidentMarker"], symbols

    # Households are drawn under every road (the canvas draws its list in order).
    order = frame.evaluate(
        """() => {
          const roads = new Set(window.pcccGroups.roads.getLayers()[0].getLayers());
          const homes = new Set(window.pcccGroups.households.getLayers()[0].getLayers());
          const renderer = [...roads][0]._renderer;
          let i = 0, lastHome = -1, firstRoad = -1;
          for (let o = renderer._drawFirst; o; o = o.next, i++) {
            if (homes.has(o.layer)) lastHome = i;
            if (firstRoad < 0 && roads.has(o.layer)) firstRoad = i;
          }
          return [lastHome, firstRoad, homes.size];
        }"""
    )
    assert order[2] > 1000 and 0 <= order[0] < order[1], order

    # The unfolded layer control and the legend never overlap.
    frame.locator(".leaflet-control-layers").hover()
    frame.wait_for_selector(".leaflet-control-layers-expanded")
    seen = view(frame, ward)
    assert seen["layers"] and seen["legend"], seen
    assert not overlap(seen["layers"], seen["legend"]), seen
    save_screenshot(page, "map-show-1280x720-layers-open")
    page.mouse.move(5, 700)
    frame.wait_for_function("() => document.querySelector('.pccc-legend details').open")

    # Full screen: the map fills the screen, with the whole ward, and comes back.
    frame.locator(".pccc-fullscreen a").click()
    frame.wait_for_function("() => document.fullscreenElement === window.map.getContainer()")
    frame.wait_for_function(
        "() => window.map.getSize().x === 1280 && window.map.getSize().y === 720"
    )
    seen = view(frame, ward)
    assert seen["fullscreen"] and seen["contains"], seen
    assert frame.locator(".pccc-fullscreen a").get_attribute("title") == "Thoát toàn màn hình"
    save_screenshot(page, "map-show-fullscreen")
    frame.locator(".pccc-fullscreen a").click()
    frame.wait_for_function("() => document.fullscreenElement === null")
    assert frame.locator(".pccc-fullscreen a").get_attribute("title") == "Toàn màn hình"

    # Printed: one A4 landscape page, then the screen view comes back.
    check_print(page, frame, ward)
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    assert pdf_pages(pdf) == 1
    page.emulate_media(media="screen")
    frame.wait_for_function("() => !window.map._pccc.printing")


def test_presentation_mode_shows_the_whole_ward_at_1280_and_1920(
    small_screen, sample_server, ward
) -> None:
    url, _ = sample_server
    page = small_screen
    frame = open_map(page, url, "/ban-do?trinh_chieu=1")
    for width, height in ((1280, 720), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        frame.wait_for_function(
            f"() => window.map.getSize().x === {width} && window.map.getSize().y === {height}",
            timeout=30_000,
        )
        box = page.locator(MAP_IFRAME).bounding_box()
        assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, width, height)
        assert page.locator(SIDEBAR).is_hidden()
        frame.wait_for_function(
            "(b) => window.map.getBounds().contains(L.latLngBounds(b))", arg=ward["bounds"]
        )
        seen = view(frame, ward)
        assert seen["contains"], seen
        assert not seen["legendOpen"], "the legend opens folded"
        assert seen["legendFont"] >= 16, seen
        assert not overlap(seen["ward"], seen["legend"]), seen
        save_screenshot(page, f"map-show-presentation-{width}x{height}")

    # Unfolding the legend re-fits the ward beside it.
    frame.locator(".pccc-legend summary").click()
    frame.wait_for_function("() => document.querySelector('.pccc-legend details').open")
    frame.wait_for_timeout(200)
    seen = view(frame, ward)
    assert seen["contains"] and not overlap(seen["ward"], seen["legend"]), seen

    page.get_by_role("button", name="Thoát trình chiếu").click()
    page.wait_for_url(re.compile(r"/ban-do$"), timeout=30_000)
    page.locator(SIDEBAR).wait_for(state="visible", timeout=30_000)


def check_print(page, frame, ward: dict) -> None:
    """Print media: no sidebar, the head with title, date and filters, the whole ward."""
    page.emulate_media(media="print")
    frame.locator("[data-pccc-print]").wait_for(state="attached", timeout=30_000)
    assert page.locator(SIDEBAR).is_hidden()
    head = page.locator(".pccc-print-head")
    assert head.is_visible()
    text = head.inner_text()
    assert ward["name"] in text and "Lập ngày" in text and "Không lọc" in text, text
    seen = view(frame, ward)
    assert seen["contains"] and not overlap(seen["ward"], seen["legend"]), seen
    assert abs(seen["size"][1] - 150 * MM) < 2, seen  # fits under the head on A4


def test_overview_prints_its_map_whole_on_a_page(small_screen, sample_server, ward) -> None:
    url, _ = sample_server
    frame = open_map(small_screen, url, "/tong-quan")
    check_print(small_screen, frame, ward)
    save_screenshot(small_screen, "map-show-overview-print")
