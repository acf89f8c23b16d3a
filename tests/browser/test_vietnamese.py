"""Vietnamese everywhere: every page in a real browser, Streamlit's own texts included.

The walk opens every page of the menu, the app's bare address and ``/tong-quan``, uploads a
file on the Dữ liệu page (the uploader, the preview tables, rejects), opens an empty
multiselect's menu, and fails on any English word in what the reader sees: visible text,
placeholders, tooltips and accessible names, the cells and headers of every table and the
maps' controls (see :mod:`tests.browser.english` for what counts as English). The ward's
name is written in Markdown and must show literally.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from dashboard.navigation import PAGES
from pipelines.model.store import open_ward, read_layer
from tests import livetest
from tests.browser.conftest import external_requests, import_uploader, save_screenshot
from tests.browser.english import data_words, english_in, words
from tests.conftest import SAMPLE_WARD

pytestmark = pytest.mark.browser

WARD_NAME = "Phường **X** [bấm](http://example.com) :red[Y]"
JS_TEXTS = """
(root) => {
  const out = [];
  const SKIP = '[data-testid="stIconMaterial"], script, style, noscript';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    const text = n.nodeValue.trim();
    if (!el || !text || el.closest(SKIP)) continue;
    // table cells are drawn on a canvas; their accessible copy is what was drawn
    const cell = el.closest('[role="gridcell"], [role="columnheader"]');
    if (!cell && !el.checkVisibility({visibilityProperty: true})) continue;
    out.push(text);
  }
  for (const el of document.querySelectorAll("[placeholder], [aria-label], [title]")) {
    if (el.closest("script, style")) continue;
    for (const name of ["placeholder", "aria-label", "title"]) {
      const value = el.getAttribute(name);
      if (value) out.push(value);
    }
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def markdown_ward_server(tmp_path_factory):
    """The dashboard on a copy of the sample ward whose name is written in Markdown."""
    ward_dir = tmp_path_factory.mktemp("vietnamese") / "sample"
    shutil.copytree(
        SAMPLE_WARD, ward_dir, ignore=shutil.ignore_patterns("backups", "imports", ".lock")
    )
    toml = ward_dir / "ward.toml"
    text = toml.read_text(encoding="utf-8")
    old = 'name = "Phường Mẫu (dữ liệu mô phỏng)"'
    assert old in text
    toml.write_text(text.replace(old, f'name = "{WARD_NAME}"', 1), encoding="utf-8")
    with livetest.serve(ward_dir) as url:
        yield url, ward_dir


def settle(page, *, timeout_s: float = 120) -> None:
    """Wait until the page's script run is over and what it drew has been translated."""
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    time.sleep(0.5)
    while page.locator('[data-testid="stStatusWidget"]').is_visible():
        assert time.monotonic() < deadline, "the page did not finish running"
        time.sleep(0.2)
    time.sleep(1.0)


def texts(page) -> list[str]:
    """What a reader sees or hears on the page, its maps included."""
    found = list(page.evaluate(JS_TEXTS))
    for frame in page.frames:
        if frame is not page.main_frame and "streamlit_folium" in (frame.url or ""):
            try:
                found.extend(frame.evaluate(JS_TEXTS))
            except Exception:  # a map being replaced
                continue
    return found


def sample_file(path: Path, ward_dir: Path) -> Path:
    """A CSV typed in Vietnamese: one good row, one outside the ward, one unknown category."""
    boundary = read_layer(ward_dir, "ward_boundary").geometry.union_all()
    inside = boundary.representative_point()
    path.write_text(
        "Tên cơ sở;Loại hình;Vĩ độ;Kinh độ;Ghi chú\n"
        f"Nhà trọ Hoa Mai;Nhà trọ;{inside.y:.6f};{inside.x:.6f};tầng 3\n"
        "Karaoke Biển Xanh;Karaoke;10,762622;106,660172;ngoài phường\n"
        f"Quán nhậu Ba Lúa;Quán nhậu;{inside.y + 0.0004:.6f};{inside.x:.6f};\n",
        encoding="utf-8",
    )
    return path


def test_every_page_reads_vietnamese(page, markdown_ward_server, tmp_path):
    url, ward_dir = markdown_ward_server
    allowed = data_words(open_ward(ward_dir)) | frozenset(words(WARD_NAME))
    leaks: dict[str, dict[str, str]] = {}

    def check(where: str) -> None:
        found = english_in(texts(page), allowed=allowed)
        if found:
            leaks[where] = found

    for path in ["", "tong-quan", *(p[3] for p in PAGES)]:
        page.goto(f"{url}/{path}")
        settle(page)
        if path == "tong-quan":
            assert page.get_by_role("dialog").count() == 0, "no 'page not found' dialog"
            assert (
                page.locator('[data-testid="stMain"] h1')
                .first.inner_text()
                .startswith("Bản đồ PCCC")
            )
        check(f"/{path}")
        save_screenshot(page, f"vi-{path or 'home'}")

    # an empty multiselect, and its open menu
    page.goto(f"{url}/ban-do")
    settle(page)
    livetest.open_options(page, "Loại hình cơ sở")
    check("/ban-do: menu of a multiselect")
    page.keyboard.press("Escape")

    # the uploader, then a preview with rejects and a value to match
    page.goto(f"{url}/du-lieu")
    settle(page)
    check("/du-lieu: uploader")
    import_uploader(page).set_input_files(str(sample_file(tmp_path / "co-so.csv", ward_dir)))
    page.get_by_text("Dòng trong tệp").first.wait_for(timeout=120_000)
    settle(page)
    check("/du-lieu: preview")
    save_screenshot(page, "vi-du-lieu-preview")

    assert leaks == {}, f"English on Vietnamese pages: {leaks}"
    assert external_requests(page) == []


def test_streamlit_texts_follow_the_language_switch(page, markdown_ward_server):
    url, _ = markdown_ward_server
    page.goto(f"{url}/du-lieu")
    settle(page)
    # the import's uploader (the section "Bắt đầu phường mới" above has two more)
    uploader = page.locator('[data-testid="stTabs"] [data-testid="stFileUploaderDropzone"]').first
    assert "Tải tệp lên" in uploader.inner_text()
    assert "mỗi tệp" in uploader.inner_text()
    page.get_by_text("English", exact=True).click()
    settle(page)
    assert page.locator("h1").first.inner_text() == "Import and export data"
    deadline = time.monotonic() + 10
    while "Upload" not in uploader.inner_text():
        assert time.monotonic() < deadline, uploader.inner_text()
        time.sleep(0.2)
    assert "per file" in uploader.inner_text()
    page.get_by_text("Tiếng Việt", exact=True).click()
    settle(page)
    deadline = time.monotonic() + 10
    while "Tải tệp lên" not in uploader.inner_text():
        assert time.monotonic() < deadline, uploader.inner_text()
        time.sleep(0.2)


def test_ward_name_in_markdown_shows_literally(page, markdown_ward_server):
    url, _ = markdown_ward_server
    page.goto(f"{url}/tong-quan")
    settle(page)
    title = page.locator('[data-testid="stMain"] h1').first
    sidebar = page.locator('[data-testid="stSidebar"] [data-testid="stMarkdown"]').filter(
        has_text="Phường:"
    )
    for where in (title, sidebar.first):
        shown = where.inner_text().replace("\u2060", "")
        assert WARD_NAME in shown, shown
        # no bold, no link, no colour from the name: only our own "Bản đồ PCCC" is bold
        assert where.locator("a[href^='http']").count() == 0
        assert where.locator("span[class*='color'], span[style*='color']").count() == 0
        bold = [b.inner_text() for b in where.locator("strong, b").all()]
        assert all(b == "Bản đồ PCCC" for b in bold), bold
