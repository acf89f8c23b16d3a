"""Every page in a real browser on partial wards: no exception box, and the line saying
what is missing where the AppTest twin expects it (tests/dashboard/test_partial_pages.py).

The AppTest twin walks all eight partial wards and checks every page's "missing" line on
each; the browser walks the two ends (nothing at all; a boundary with roads and buildings
only, so the pages draw maps with most layers missing), which keeps the CI run inside its
time budget."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from dashboard.navigation import PAGES
from tests import livetest
from tests.browser.conftest import save_screenshot
from tests.dashboard.test_partial_pages import EXPECTED
from tests.partial_wards import VARIANTS, build_ward

pytestmark = pytest.mark.browser

URL_OF = {p[0].split("/")[-1].removesuffix(".py"): p[3] for p in PAGES}
BROWSER_VARIANTS = ["empty", "roads_buildings"]
assert set(BROWSER_VARIANTS) <= set(VARIANTS)
RUNNING = '[data-testid="stStatusWidget"], [data-testid="stSpinner"]'


@pytest.fixture(scope="module")
def partial_server(tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:
    """One server; every partial ward in the work folder, opened by URL (``?phuong=``), as
    wards started on the Dữ liệu page are."""
    root = tmp_path_factory.mktemp("partial-browser")
    work = root / "work"
    folders = {}
    for variant in BROWSER_VARIANTS:
        built = build_ward(variant, work)
        folders[variant] = built.rename(work / variant.replace("_", "-")).name
    server_ward = build_ward("empty", root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PCCC_WORK_DIR", str(work))
        with livetest.serve(server_ward, warm=False, timeout_s=120) as url:
            yield url, folders


def _settled(page, timeout_s: float) -> None:
    """Wait for the page's title, then until the script has stopped running."""
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    quiet = 0
    while time.monotonic() < deadline and quiet < 3:
        quiet = quiet + 1 if not page.locator(RUNNING).first.is_visible() else 0
        time.sleep(0.5)


@pytest.mark.parametrize("variant", BROWSER_VARIANTS)
def test_every_page_in_the_browser_on_partial_data(page, partial_server, variant):
    url, folders = partial_server
    for name, path in URL_OF.items():
        page.goto(f"{url}/{path}?phuong={folders[variant]}")
        _settled(page, timeout_s=180)
        main = page.locator('[data-testid="stMain"]')
        expected = EXPECTED.get((variant, name))
        if expected:
            main.get_by_text(expected, exact=False).first.wait_for(timeout=60_000)
        errors = page.locator('[data-testid="stException"]')
        if errors.count():
            save_screenshot(page, f"partial-{variant}-{name}")
        assert errors.count() == 0, f"{variant}/{name}: {errors.first.inner_text()[:500]}"
        if name in ("overview", "planner"):
            save_screenshot(page, f"partial-{variant}-{name}")
