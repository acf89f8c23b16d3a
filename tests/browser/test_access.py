"""Sign-in in a real browser: a viewer's tab never receives a personal value, an editor's
does; layer files live in a per-tab folder that goes at sign-out; the server listens on
127.0.0.1. One live server for the module (a sample ward copy with a viewer and an editor).
"""

from __future__ import annotations

import contextlib
import html
import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from dashboard.access import LAYERS_ROOT
from pipelines.model import users as user_store
from pipelines.model.schema import LAYER_NAMES, get_layer
from pipelines.model.store import open_ward
from pipelines.model.users import add_user
from tests import livetest
from tests.browser.conftest import save_screenshot
from tests.conftest import SAMPLE_WARD

pytestmark = pytest.mark.browser

PASSWORDS = {"xem": "chi-xem-456", "bientap": "bien-tap-789"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    ward_dir = tmp_path_factory.mktemp("access") / "sample"
    shutil.copytree(
        SAMPLE_WARD, ward_dir, ignore=shutil.ignore_patterns("backups", "imports", ".lock")
    )
    with pytest.MonkeyPatch.context() as mp:
        # Small argon2id costs (the server reads the costs from each stored hash).
        mp.setattr(user_store, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))
        add_user(ward_dir, "xem", "viewer", PASSWORDS["xem"])
        add_user(ward_dir, "bientap", "editor", PASSWORDS["bientap"])
    with livetest.serve(ward_dir) as url:
        yield url, ward_dir


def personal_values(ward_dir: Path) -> set[str]:
    """The sample's personal values (names, phones) that appear nowhere else in its data
    (a person's name may also be a street's), at least 6 characters long."""
    ward = open_ward(ward_dir)
    personal, other = set(), []
    for name in LAYER_NAMES:
        frame = ward[name]
        for f in get_layer(name).fields:
            if f.kind != "str" or f.name not in frame.columns:
                continue
            values = {str(v) for v in frame[f.name].dropna()}
            if f.personal:
                personal |= values
            else:
                other.extend(values)
    text = "\n".join(other)
    return {v for v in personal if len(v) >= 6 and v not in text}


WORD = re.compile(r"\w+")
UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


class Recorder:
    """Every HTTP response body and WebSocket frame a tab receives, as text."""

    def __init__(self, page) -> None:
        self.parts: list[str] = []
        self.layer_urls: list[str] = []
        page.on("response", self._response)
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _response(self, response) -> None:
        if "/static/layers/" in response.url:
            self.layer_urls.append(response.url)
        with contextlib.suppress(Exception):  # a redirect, or a body already gone
            self.parts.append(response.body().decode("utf-8", "replace"))

    def _frame(self, payload) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode("utf-8")
        self.parts.append(data.decode("utf-8", "replace"))

    def found(self, values: set[str]) -> set[str]:
        """The values present in what was received, as typed, JSON- or HTML-escaped.

        Compared word by word (a value's words in a row, whatever separates them), so one
        pass over the text serves every value.
        """
        text = "\n".join(self.parts)
        text = html.unescape(UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text))
        words = WORD.findall(text)
        wanted = {tuple(WORD.findall(v)): v for v in values}
        firsts = {key[0] for key in wanted}
        lengths = {len(key) for key in wanted}
        grams = {
            tuple(words[i : i + n]) for i, w in enumerate(words) if w in firsts for n in lengths
        }
        return {v for key, v in wanted.items() if key in grams}


def sign_in(page, url: str, name: str) -> None:
    page.goto(url)
    page.get_by_label("Tên đăng nhập", exact=True).fill(name)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORDS[name])
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Đăng nhập: " + name).wait_for(timeout=180_000)


def open_page(page, title: str, heading: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    page.get_by_role("heading", name=heading).first.wait_for(timeout=180_000)


def map_counts(ward_dir: Path) -> dict[str, int]:
    ward = open_ward(ward_dir)
    keys = ("premises", "firefighting_points", "residential_groups")
    return {k: int((ward[k].geometry.notna() & ~ward[k].geometry.is_empty).sum()) for k in keys}


def test_the_server_listens_on_this_machine_only(server) -> None:
    url, _ = server
    port = int(url.rsplit(":", 1)[1])
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                listening.append(address)
    assert listening == ["0100007F"], f"listening on {listening} (want 127.0.0.1 only)"


def test_a_viewer_receives_no_personal_value_and_an_editor_does(chromium, server) -> None:
    url, ward_dir = server
    values = personal_values(ward_dir)
    assert len(values) > 100
    counts = map_counts(ward_dir)

    viewer = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    page = viewer.new_page()
    seen = Recorder(page)
    sign_in(page, url, "xem")
    page.reload()  # the browser keeps the session: a reloaded tab is still signed in
    page.get_by_text("Đăng nhập: xem").wait_for(timeout=60_000)
    assert page.get_by_label("Mật khẩu", exact=True).count() == 0
    open_page(page, "Bản đồ", "Bản đồ phường")
    livetest.wait_for_layers(page, counts, timeout_s=90)
    save_screenshot(page, "access-viewer-map")
    open_page(page, "Cơ sở nguy cơ", "Cơ sở nguy cơ — thứ tự cần kiểm tra")
    open_page(page, "Dữ liệu", "Nhập và xuất dữ liệu")
    page.get_by_text("Nhập dữ liệu và bắt đầu phường mới cần vai trò").wait_for()
    assert page.locator('[data-testid="stFileUploader"]').count() == 0, "no import"
    page.locator('[data-testid="stDownloadButton"]').first.wait_for(timeout=60_000)
    assert page.locator('[data-testid="stDownloadButton"]').count() == 1, "export (masked)"
    open_page(page, "Cài đặt", "Cài đặt của phường")
    page.get_by_text("Chỉ người dùng vai trò biên tập").wait_for()
    saves = page.locator('[data-testid="stFormSubmitButton"] button')
    saves.first.wait_for(timeout=60_000)  # the forms render after the page's first lines
    assert saves.count() > 0 and all(b.is_disabled() for b in saves.all())
    assert page.get_by_role("tab", name="Người dùng").count() == 0
    leaked = seen.found(values)
    assert not leaked, f"{len(leaked)} personal values reached a viewer, e.g. {sorted(leaked)[:3]}"
    assert "•••" in "\n".join(seen.parts), "the masked fields did reach the viewer"

    # Layer files: only in this tab's folder; no listing; gone at sign-out.
    assert seen.layer_urls
    folders = {u.split("/static/layers/")[1].split("/")[0] for u in seen.layer_urls}
    assert len(folders) == 1 and len(next(iter(folders))) >= 32
    assert all(p.is_dir() for p in LAYERS_ROOT.iterdir()), "no layer file outside a tab folder"
    some = seen.layer_urls[0]
    token = next(iter(folders))
    for guess in (some.replace(f"/{token}/", "/"), some.rsplit("/", 1)[0] + "/"):
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(guess, timeout=10)
    other = viewer.new_page()  # another tab of the same browser shares the session
    other.goto(url)
    other.get_by_text("Đăng nhập: xem").wait_for(timeout=60_000)
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_label("Tên đăng nhập", exact=True).wait_for(timeout=30_000)
    other.locator('[data-testid="stSidebarNav"] a').filter(has_text="Bản đồ").first.click()
    other.get_by_text("đã đăng xuất ở một thẻ khác").wait_for(timeout=30_000)
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(some, timeout=10)
    assert not (LAYERS_ROOT / token).exists()
    page.reload()  # signed out: the cookie no longer signs this browser in
    page.get_by_label("Tên đăng nhập", exact=True).wait_for(timeout=30_000)
    assert page.get_by_text("Đăng nhập: xem").count() == 0
    viewer.close()

    editor = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    page = editor.new_page()
    seen_editor = Recorder(page)
    sign_in(page, url, "bientap")
    open_page(page, "Bản đồ", "Bản đồ phường")
    livetest.wait_for_layers(page, counts, timeout_s=90)
    shown = seen_editor.found(values)
    assert len(shown) > 50, "the editor's map carries names and phone numbers"
    editor_folders = {u.split("/static/layers/")[1].split("/")[0] for u in seen_editor.layer_urls}
    assert editor_folders.isdisjoint(folders)
    editor.close()
