"""Browser fixtures: Debian's Chromium driven by Playwright against a live dashboard.

With ``CI=true`` a missing Chromium fails the run; elsewhere the browser tests are skipped
with the reason printed (never silently). Screenshots go to ``artifacts/`` at the repo root.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import livetest
from tests.conftest import REPO_ROOT, SAMPLE_WARD

ARTIFACTS = Path(os.environ.get("PCCC_ARTIFACTS", REPO_ROOT / "artifacts"))


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not Path(livetest.CHROMIUM).exists():
        message = f"Chromium not found at {livetest.CHROMIUM}: install Debian's 'chromium' package"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = livetest.launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: object) -> Iterator[object]:
    """A fresh browser page that records every request URL in ``page.pccc_requests``."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    pg = context.new_page()
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.pccc_requests = requests
    yield pg
    context.close()


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The dashboard serving a private copy of the sample ward: (base URL, ward folder)."""
    ward_dir = tmp_path_factory.mktemp("browser") / "sample"
    shutil.copytree(
        SAMPLE_WARD, ward_dir, ignore=shutil.ignore_patterns("backups", "imports", ".lock")
    )
    with livetest.serve(ward_dir) as url:
        yield url, ward_dir


def save_screenshot(page: object, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def external_requests(page: object) -> list[str]:
    return [u for u in page.pccc_requests if not livetest.is_local(u)]


def import_uploader(page: object) -> object:
    """The Dữ liệu page's import file input ("Tệp cần nhập"), not the ones of the section
    "Bắt đầu phường mới" above it."""
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Tệp cần nhập")  # type: ignore[attr-defined]
    return uploader.locator('input[type="file"]').first
