"""Editing in a real browser (one live server on a sample ward copy with two editors and a
viewer): an editor moves a public point by choosing it and clicking the map, and its popup
links to the move in Lịch sử thay đổi; two editors change the same point, the second save
is refused with both values and merged field by field; a viewer then sees the moved point
and receives no personal value.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from playwright.sync_api import expect

from pipelines.model import audit, store
from pipelines.model import users as user_store
from pipelines.model.users import add_user
from tests import livetest
from tests.browser.conftest import external_requests, save_screenshot
from tests.browser.test_access import Recorder, personal_values
from tests.conftest import SAMPLE_WARD

pytestmark = pytest.mark.browser

PASSWORDS = {"an": "bien-tap-an-1", "binh": "bien-tap-binh-2", "xem": "chi-xem-3"}
POINTS = "Điểm chữa cháy công cộng"
MOVED = "DCC-01"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    ward_dir = tmp_path_factory.mktemp("edit") / "sample"
    shutil.copytree(
        SAMPLE_WARD, ward_dir, ignore=shutil.ignore_patterns("backups", "imports", ".lock")
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(user_store, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))
        add_user(ward_dir, "an", "editor", PASSWORDS["an"])
        add_user(ward_dir, "binh", "editor", PASSWORDS["binh"])
        add_user(ward_dir, "xem", "viewer", PASSWORDS["xem"])
    # The viewer below checks the saved move on the first page it opens: it waits for the
    # recompute however slow this machine is (the default shows the version before).
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PCCC_FRESH_WAIT_S", "120")
        with livetest.serve(ward_dir) as url:
            yield url, ward_dir


def sign_in(chromium, url: str, name: str, *, record: bool = False):
    """A new browser context signing in as ``name`` (not waited for: see
    :func:`signed_in`), its responses recorded with ``record``."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.pccc_requests = requests
    page.pccc_seen = Recorder(page) if record else None
    page.goto(url)
    page.get_by_label("Tên đăng nhập", exact=True).fill(name)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORDS[name])
    page.get_by_role("button", name="Đăng nhập").click()
    return context, page


def signed_in(page, name: str) -> None:
    page.get_by_text("Đăng nhập: " + name).wait_for(timeout=120_000)


def open_edit(page, action: str, feature: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Chỉnh sửa bản đồ").click()
    page.get_by_role("heading", name="Chỉnh sửa bản đồ").first.wait_for(timeout=120_000)
    livetest.choose(page, "Lớp cần sửa", POINTS)
    points_map(page)  # the page has rerun for the layer: its own action buttons are there
    livetest.pick_segment(page, "Việc cần làm", action)
    page.get_by_role("combobox", name="Chọn đối tượng").wait_for(timeout=60_000)
    livetest.choose(page, "Chọn đối tượng", feature)


def points_map(page, *, marked: bool = False, timeout_s: float = 60.0):
    """The map frame once it draws the public points (and, with ``marked``, the feature
    being edited), retried while reruns replace it."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            frame = livetest.map_frame(page)
            frame.locator(".pccc-fp").first.wait_for(timeout=5_000)
            if marked:
                frame.wait_for_function("() => window.pcccDrawn.edit_chosen === 1", timeout=5_000)
            return frame
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stored_point(ward_dir: Path, feature_id: str):
    return store.read_layer(ward_dir, "firefighting_points").set_index("id").loc[feature_id]


def test_move_conflict_merge_and_what_a_viewer_receives(chromium, server) -> None:
    url, ward_dir = server
    before = stored_point(ward_dir, MOVED)
    name = before["name"]

    # Two editors sign in at once; the first moves a public point: choose it, then click
    # the new place.
    ctx_a, a = sign_in(chromium, url, "an")
    ctx_b, b = sign_in(chromium, url, "binh")
    signed_in(a, "an")
    open_edit(a, "Di chuyển", f"{MOVED} — {name}")
    points_map(a, marked=True)
    box = a.locator('iframe[src*="streamlit_folium"]').bounding_box()
    a.mouse.click(box["x"] + box["width"] * 0.40, box["y"] + box["height"] * 0.55)
    try:
        a.get_by_text("Vị trí mới:").wait_for(timeout=30_000)
    except Exception:
        save_screenshot(a, "edit-move-failed")
        raise
    a.get_by_role("button", name="Lưu vị trí mới").click()
    a.get_by_text(f"Đã lưu vị trí mới của {MOVED}").wait_for(timeout=30_000)
    after = stored_point(ward_dir, MOVED)
    assert after.geometry.distance(before.geometry) > 1e-4  # > 10 m
    assert after["location_source"] == "by_hand"
    trail = audit.read_entries(store.gpkg_path(ward_dir), feature_id=MOVED)
    assert set(trail["user"]) == {"an"} and set(trail["how"]) == {"edit"}
    assert "geometry" in set(trail["field"])
    save_screenshot(a, "edit-moved")

    # Both editors open the moved point; the second save is refused and merged.
    signed_in(b, "binh")
    open_edit(b, "Sửa thông tin", f"{MOVED} — {name}")
    b.get_by_role("button", name="Lưu thay đổi").wait_for(timeout=30_000)
    livetest.pick_segment(a, "Việc cần làm", "Sửa thông tin")  # the point stays chosen
    a.get_by_role("button", name="Lưu thay đổi").wait_for(timeout=30_000)
    a.get_by_label("Tên điểm *").fill("Điểm CC đổi tên")
    a.get_by_role("button", name="Lưu thay đổi").click()
    a.get_by_text(f"Đã lưu {MOVED}").wait_for(timeout=30_000)
    b.get_by_label("Bình bột").fill("9")
    b.get_by_role("button", name="Lưu thay đổi").click()
    b.get_by_text("vừa được người khác thay đổi").wait_for(timeout=30_000)
    table = b.locator('[data-testid="stDataFrame"]').first
    table.wait_for()
    save_screenshot(b, "edit-conflict")
    for shown in ("Điểm CC đổi tên", str(name), "Bình bột"):
        b.get_by_text(shown, exact=False).first.wait_for(state="attached", timeout=10_000)
    b.get_by_role("radiogroup", name="Bình bột").get_by_text("Bản của tôi").click()
    time.sleep(0.5)  # the radio's rerun
    b.get_by_role("button", name="Gộp từng trường").click()
    b.get_by_text(f"Đã lưu {MOVED}").wait_for(timeout=30_000)
    merged = stored_point(ward_dir, MOVED)
    assert (merged["name"], merged["extinguishers_powder"]) == ("Điểm CC đổi tên", 9)
    assert not external_requests(a) and not external_requests(b)
    ctx_a.close()
    ctx_b.close()

    # A viewer sees the moved point and receives no personal value.
    ctx_c, c = sign_in(chromium, url, "xem", record=True)
    signed_in(c, "xem")
    c.locator('[data-testid="stSidebarNav"] a').filter(has_text="Bản đồ").first.click()
    n_points = len(store.read_layer(ward_dir, "firefighting_points"))
    frame, _ = livetest.wait_for_layers(c, {"firefighting_points": n_points}, timeout_s=90)
    position = frame.evaluate(
        """(id) => {
            let out = null;
            window.pcccGroups.firefighting_points.eachLayer((fg) => fg.eachLayer((l) => {
                if (l.feature && l.feature.properties.i === id) { out = l.getLatLng(); }
            }));
            return out;
        }""",
        MOVED,
    )
    assert position is not None
    assert abs(position["lat"] - after.geometry.y) < 2e-6
    assert abs(position["lng"] - after.geometry.x) < 2e-6
    # Its popup links to its history, opened in the same tab (the sign-in stays).
    frame.evaluate(
        """(id) => {
            window.pcccGroups.firefighting_points.eachLayer((fg) => fg.eachLayer((l) => {
                if (l.feature && l.feature.properties.i === id) { l.fire("click", {latlng: l.getLatLng()}, true); }
            }));
        }""",
        MOVED,
    )
    frame.locator("a[data-pccc-history]").click()
    c.get_by_role("heading", name="Lịch sử thay đổi").first.wait_for(timeout=60_000)
    expect(c.get_by_label("Mã đối tượng")).to_have_value(MOVED, timeout=30_000)
    c.get_by_text("Sửa trên bản đồ").first.wait_for(state="attached", timeout=30_000)
    c.locator('[data-testid="stSidebarNav"] a').filter(has_text="Chỉnh sửa bản đồ").click()
    c.get_by_text("Chỉ cán bộ biên tập hoặc quản trị mới được chỉnh sửa").wait_for()
    assert c.get_by_role("button", name="Lưu thay đổi").count() == 0
    leaked = c.pccc_seen.found(personal_values(ward_dir))
    assert not leaked, f"personal values reached a viewer, e.g. {sorted(leaked)[:3]}"
    ctx_c.close()
