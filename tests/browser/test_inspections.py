"""Kiểm tra cơ sở in a real browser: an editor records an inspection with a violation,
downloads its biên bản (PDF text checked) and finds it in Lịch sử thay đổi as "Kiểm tra cơ
sở". One live server for the module (the tiny ward, with an editor)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from pipelines.model import audit, store
from pipelines.model import users as user_store
from pipelines.model.users import add_user
from tests import livetest
from tests.browser.conftest import save_screenshot

pytestmark = pytest.mark.browser

PASSWORD = "bien-tap-789"


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, _tiny_ward_template: Path
) -> Iterator[tuple[str, Path]]:
    ward_dir = tmp_path_factory.mktemp("inspect-browser") / "tiny"
    shutil.copytree(_tiny_ward_template, ward_dir, ignore=shutil.ignore_patterns(".lock"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(user_store, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))
        add_user(ward_dir, "sua", "editor", PASSWORD)
    with livetest.serve(ward_dir) as url:
        yield url, ward_dir


def _open(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    page.get_by_role("heading", name=title).first.wait_for(timeout=180_000)


def test_an_editor_records_an_inspection_and_downloads_its_record(page, server, tmp_path) -> None:
    url, ward_dir = server
    page.goto(url)
    page.get_by_label("Tên đăng nhập", exact=True).fill("sua")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Đăng nhập: sua").wait_for(timeout=180_000)
    _open(page, "Kiểm tra cơ sở")

    count = page.get_by_label("Số vi phạm phát hiện")
    count.fill("1")
    count.press("Enter")
    page.get_by_text("Vi phạm 1", exact=True).wait_for(timeout=60_000)
    page.get_by_label("Thành phần đoàn kiểm tra").fill("Đại úy Trần Văn Kiểm")
    exits = page.get_by_role("radiogroup", name="Lối thoát nạn, đường thoát nạn")
    exits.get_by_text("Không đạt", exact=True).click()
    page.get_by_label("Nội dung vi phạm").fill("Cửa thoát nạn bị khóa <b>trong giờ</b>")
    livetest.choose(page, "Kết luận", "Không đạt, có vi phạm")
    page.get_by_role("button", name="Lưu kết quả kiểm tra").click()
    page.get_by_text("Đã lưu lần kiểm tra").wait_for(timeout=120_000)
    save_screenshot(page, "inspections-recorded")

    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Tải biên bản (PDF)").click()
    pdf = tmp_path / "bien-ban.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    for expected in ("BIÊN BẢN KIỂM TRA", "Đại úy Trần Văn Kiểm", "<b>trong giờ</b>"):
        assert expected in text, expected

    entries = audit.read_entries(store.gpkg_path(ward_dir))
    assert set(entries.loc[entries["user"] == "sua", "how"]) == {"inspection"}
    _open(page, "Lịch sử thay đổi")
    # the grid is drawn on a canvas; its cells are also in the table kept for screen readers
    how = page.locator('[data-testid="stDataFrame"] td[role="gridcell"]', has_text="Kiểm tra cơ sở")
    how.first.wait_for(state="attached", timeout=60_000)
    save_screenshot(page, "inspections-audit")
