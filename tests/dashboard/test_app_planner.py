"""The point-planner page with AppTest: solve, remove points, save scenarios, compare, rules."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT

APP = str(REPO_ROOT / "dashboard" / "app.py")
PAGE = "app_pages/planner.py"


def _planner(ward_dir, monkeypatch, lang: str = "vi") -> AppTest:
    monkeypatch.setenv("PCCC_WARD", str(ward_dir))
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["pccc_lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_planner_solves_and_shows_coverage(sample_ward_copy, monkeypatch):
    at = _planner(sample_ward_copy, monkeypatch)
    assert at.title[0].value == "Quy hoạch điểm chữa cháy công cộng"
    assert "Tối ưu (đã chứng minh)" in at.caption[1].value
    assert _metric(at, "Điểm mới (chi phí ở chú thích)") == "10"
    covered = int(_metric(at, "Hộ được phủ").replace(".", ""))
    assert covered > 0
    # the comparison starts with the current state and the proposal being edited
    comparison = at.dataframe[1].value
    assert list(comparison.columns) == ["Hiện trạng", "Đang sửa"]
    assert comparison.loc["Số điểm đặt mới", "Đang sửa"] == "10"


def test_removing_points_lowers_the_coverage_and_scenarios_compare(sample_ward_copy, monkeypatch):
    at = _planner(sample_ward_copy, monkeypatch)
    before = int(_metric(at, "Hộ được phủ").replace(".", ""))
    at.button(key="pccc_plan_save_A").click().run()
    remove = at.multiselect(key="pccc_plan_remove")
    first, second = remove.options[:2]
    remove.select(first).select(second).run()
    at.button(key="pccc_plan_remove_btn").click().run()
    assert not at.exception, [e.message for e in at.exception]
    after = int(_metric(at, "Hộ được phủ").replace(".", ""))
    assert after < before
    assert _metric(at, "Điểm mới (chi phí ở chú thích)") == "8"
    at.button(key="pccc_plan_save_B").click().run()
    comparison = at.dataframe[1].value
    assert list(comparison.columns) == ["Hiện trạng", "Đang sửa", "Phương án A", "Phương án B"]
    assert comparison.loc["Số điểm đặt mới", "Phương án A"] == "10"
    assert comparison.loc["Số điểm đặt mới", "Phương án B"] == "8"
    assert comparison.loc["Chi phí ước tính", "Phương án B"].endswith(" đ")
    # back to the optimum
    at.button(key="pccc_plan_reset").click().run()
    assert int(_metric(at, "Hộ được phủ").replace(".", "")) == before


def test_rule_check_lists_unmet_rules_and_the_cover_model_runs(sample_ward_copy, monkeypatch):
    at = _planner(sample_ward_copy, monkeypatch, lang="en")
    summary = next(c.value for c in at.caption if "rules are not met" in c.value)
    unmet = int(summary.split(" of ")[0].replace(",", ""))
    assert unmet > 0
    rules = at.dataframe[2].value
    assert len(rules) == unmet and (rules["Met"] == "Not met").all()
    at.radio(key="pccc_plan_model").set_value("cover").run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Optimal (proven)" in at.caption[1].value
    at.toggle(key="pccc_plan_enforce").set_value(True).run()
    assert not at.exception, [e.message for e in at.exception]
    summary = next(c.value for c in at.caption if "rules are not met" in c.value)
    assert int(summary.split(" of ")[0].replace(",", "")) < unmet


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_planner_runs_on_a_tiny_ward(tiny_ward, monkeypatch, lang):
    at = _planner(tiny_ward, monkeypatch, lang)
    assert at.title
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["GEOJSON", "KML", "XLSX", "PNG", "PDF"]
