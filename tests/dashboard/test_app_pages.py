"""Page flow with streamlit.testing.v1.AppTest: every page runs in both languages."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.navigation import PAGES
from tests.conftest import REPO_ROOT

APP = str(REPO_ROOT / "dashboard" / "app.py")


def _app(ward_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("PCCC_WARD", str(ward_dir))
    return AppTest.from_file(APP, default_timeout=120)


@pytest.mark.parametrize("page", [p[0] for p in PAGES])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_runs_without_exception(tiny_ward, monkeypatch, page, lang):
    at = _app(tiny_ward, monkeypatch)
    at.session_state["pccc_lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title, "every page has a title"


def test_overview_shows_kpis(tiny_ward, monkeypatch):
    at = _app(tiny_ward, monkeypatch).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Cơ sở thuộc diện quản lý"] == "2"
    assert metrics["Cơ sở có vi phạm"] == "1"
    assert metrics["Điểm chữa cháy công cộng hoạt động"] == "1 / 1"
    assert metrics["Hộ tham gia tổ liên gia"] == "62,5 %"


def test_map_filter_changes_what_is_drawn(tiny_ward, monkeypatch):
    at = _app(tiny_ward, monkeypatch).run()
    at.switch_page("app_pages/map.py").run()
    assert "Cơ sở thuộc diện quản lý PCCC: 2" in at.caption[0].value
    at.multiselect(key="pccc_map_categories").select("karaoke").run()
    assert not at.exception
    assert "Cơ sở thuộc diện quản lý PCCC: 1" in at.caption[0].value
    at.toggle(key="pccc_map_violations").set_value(True).run()
    at.multiselect(key="pccc_map_categories").unselect("karaoke").run()
    assert "Cơ sở thuộc diện quản lý PCCC: 1" in at.caption[0].value


def test_english_switch_translates_the_chrome(tiny_ward, monkeypatch):
    at = _app(tiny_ward, monkeypatch).run()
    at.radio(key="pccc_lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value.startswith("Fire-safety map")
    assert "Premises under management" in [m.label for m in at.metric]


def test_a_broken_store_shows_a_vietnamese_error(tiny_ward, monkeypatch):
    (tiny_ward / "ward.toml").write_text("[thresholds]\ntruck_min_width_m = -2\n", encoding="utf-8")
    at = _app(tiny_ward, monkeypatch).run()
    assert not at.exception
    assert "Không mở được dữ liệu phường" in at.error[0].value
    assert "thresholds.truck_min_width_m" in at.error[0].value


def _settings_page(ward_dir, monkeypatch) -> AppTest:
    at = _app(ward_dir, monkeypatch).run()
    at.switch_page("app_pages/settings.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _save(at: AppTest, section: str) -> AppTest:
    next(b for b in at.button if b.form_id == f"pccc_settings_{section}").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_settings_page_reads_numbers_as_vietnamese_write_them(tiny_ward, monkeypatch):
    at = _settings_page(tiny_ward, monkeypatch)
    radius = at.text_input(key="pccc_setting_thresholds_public_point_radius_m")
    assert radius.value == "100"
    radius.set_value("120,5")
    at.text_input(key="pccc_setting_thresholds_truck_min_width_m").set_value("3,0")
    _save(at, "thresholds")
    assert at.success[0].value == "Đã lưu cài đặt."
    from pipelines.model.store import open_ward

    saved = open_ward(tiny_ward).config.thresholds
    assert saved.public_point_radius_m == 120.5
    assert saved.truck_min_width_m == 3.0  # Streamlit's number input read "3,0" as 30
    # and shows them back the Vietnamese way
    at = _settings_page(tiny_ward, monkeypatch)
    assert at.text_input(key="pccc_setting_thresholds_public_point_radius_m").value == "120,5"


def test_settings_page_names_a_setting_that_is_not_a_number(tiny_ward, monkeypatch):
    at = _settings_page(tiny_ward, monkeypatch)
    at.text_input(key="pccc_setting_thresholds_public_point_radius_m").set_value("một trăm")
    _save(at, "thresholds")
    assert not at.success
    message = at.error[0].value
    assert "Cài đặt không hợp lệ" in message
    assert "Bán kính phục vụ của điểm chữa cháy công cộng" in message
    assert "không phải là một số" in message
    from pipelines.model.store import open_ward

    assert open_ward(tiny_ward).config.thresholds.public_point_radius_m == 100.0


def test_settings_show_labels_and_tables_never_keys_or_dicts(tiny_ward, monkeypatch):
    at = _settings_page(tiny_ward, monkeypatch)
    shown = [
        *(w.label for w in at.text_input),
        *(w.help or "" for w in at.text_input),
        *(m.value for m in at.markdown),
        *(c.value for c in at.caption),
    ]
    text = "\n".join(shown).replace("\\", "")  # Markdown escapes of literal text
    assert "{'" not in text and "public_point_radius_m" not in text
    assert "Karaoke, vũ trường, quán bar: 30" in text  # a table's default, item by item
    assert "Mặc định: 100." in text
    tables = {tuple(df.value.columns) for df in at.dataframe}
    assert ("code", "label", "value") in tables, "table settings are editable tables"
    category = next(df.value for df in at.dataframe if "karaoke" in set(df.value["code"]))
    assert category.set_index("code").loc["karaoke", "label"] == "Karaoke, vũ trường, quán bar"


def test_settings_page_refuses_an_invalid_value(tiny_ward, monkeypatch):
    at = _settings_page(tiny_ward, monkeypatch)
    at.text_input(key="pccc_setting_ward_crs_metric").set_value("EPSG:4326")
    _save(at, "ward")
    assert "Cài đặt không hợp lệ" in at.error[0].value
    from pipelines.model.store import open_ward

    assert open_ward(tiny_ward).config.ward.crs_metric == "EPSG:9214"
