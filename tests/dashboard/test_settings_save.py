"""The Cài đặt page saves through the store's locked update, not a cached copy of ward.toml."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import cache
from pipelines.model.store import open_ward, update_config
from tests.conftest import REPO_ROOT

APP = str(REPO_ROOT / "dashboard" / "app.py")


def test_settings_page_saves_through_update_config(tiny_ward: Path, monkeypatch) -> None:
    calls: list[tuple[str, dict]] = []
    real = cache.update_config

    def spy(ward_dir, section, values, **kwargs):
        calls.append((section, dict(values)))
        return real(ward_dir, section, values, **kwargs)

    monkeypatch.setattr(cache, "update_config", spy)
    monkeypatch.setenv("PCCC_WARD", str(tiny_ward))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("app_pages/settings.py").run()
    assert not at.exception, [e.message for e in at.exception]
    # Someone else saves another section after this page was drawn.
    update_config(tiny_ward, "ward", {"province": "Bắc Ninh"})
    at.number_input(key="pccc_setting_thresholds_public_point_radius_m").set_value(120.0)
    next(b for b in at.button if b.form_id == "pccc_settings_thresholds").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [section for section, _ in calls] == ["thresholds"]
    assert calls[0][1]["public_point_radius_m"] == 120.0
    config = open_ward(tiny_ward).config
    assert config.thresholds.public_point_radius_m == 120.0
    assert config.ward.province == "Bắc Ninh", "the other person's save survives"
