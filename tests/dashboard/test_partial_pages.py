"""Every page on partial data: no traceback, and the line saying what is missing and where
to import it (AppTest; the browser twin is tests/browser/test_partial_pages.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.navigation import PAGES
from tests.conftest import REPO_ROOT
from tests.partial_wards import VARIANTS, build_ward

APP = str(REPO_ROOT / "dashboard" / "app.py")

# (variant, page) → text that page shows; every page of every variant runs without exception.
EXPECTED = {
    ("empty", "overview"): "Chưa có lớp Ranh giới phường — nhập tại trang Dữ liệu",
    ("empty", "data"): "Chưa có lớp Đường, ngõ, ngách",
    ("boundary", "map"): "Chưa có lớp Đường, ngõ, ngách",
    ("roads", "planner"): "Đề xuất theo quy tắc",
    ("roads", "overview"): "Chưa có lớp Hộ gia đình",
    ("roads_buildings", "premises"): "Chưa có lớp Cơ sở thuộc diện quản lý PCCC",
    ("roads_buildings", "planner"): "ước tính",
    ("no_tdp", "overview"): "Chưa có lớp Tổ dân phố",
    ("no_households", "planner"): "Chưa có danh sách hộ gia đình: ước tính",
    ("no_water", "water_access"): "Chưa có lớp Nguồn nước chữa cháy",
}
PAGE_OF = {p[0].split("/")[-1].removesuffix(".py"): p[0] for p in PAGES}


@pytest.fixture(scope="module")
def wards(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("partial")
    return {variant: build_ward(variant, root) for variant in VARIANTS}


def _texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.info, *at.warning, *at.markdown, *at.caption)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_page_on_partial_data(wards, monkeypatch, variant):
    """One app session per ward, every page in turn (as a user clicks through the menu)."""
    monkeypatch.setenv("PCCC_WARD", str(wards[variant]))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    for page, path in PAGE_OF.items():
        at.switch_page(path).run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert not at.error, (page, [e.value for e in at.error])
        assert at.title, f"{page}: every page has a title"
        expected = EXPECTED.get((variant, page))
        if expected:
            assert expected in _texts(at), page
        if variant == "full" and page != "data":
            assert "Chưa có lớp" not in _texts(at), page
        if page == "inspections" and variant in ("empty", "roads"):  # no premises at all
            assert not at.get("download_button") and not at.subheader, "only the notice"
