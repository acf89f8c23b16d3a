"""The dashboard writes through the store's locked operations, beside other writers.

The Cài đặt page saves through :func:`pipelines.model.store.update_config` (not a cached
copy of ward.toml); the Dữ liệu page's commit beside a ``pccc import`` in another process
loses nothing.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.cache import data as cache_data
from pipelines.model.store import open_ward, read_layer, update_config
from tests.conftest import REPO_ROOT
from tests.model.test_concurrency import SPAWN, WAIT_S, _import_when_told, premises_csv

APP = str(REPO_ROOT / "dashboard" / "app.py")


def test_settings_page_saves_through_update_config(tiny_ward: Path, monkeypatch) -> None:
    calls: list[tuple[str, dict]] = []
    real = cache_data.update_config

    def spy(ward_dir, section, values, **kwargs):
        calls.append((section, dict(values)))
        return real(ward_dir, section, values, **kwargs)

    monkeypatch.setattr(cache_data, "update_config", spy)
    monkeypatch.setenv("PCCC_WARD", str(tiny_ward))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("app_pages/settings.py").run()
    assert not at.exception, [e.message for e in at.exception]
    # Someone else saves another section after this page was drawn.
    update_config(tiny_ward, "ward", {"province": "Bắc Ninh"})
    at.text_input(key="pccc_setting_thresholds_public_point_radius_m").set_value("120")
    next(b for b in at.button if b.form_id == "pccc_settings_thresholds").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [section for section, _ in calls] == ["thresholds"]
    assert calls[0][1]["public_point_radius_m"] == 120.0
    config = open_ward(tiny_ward).config
    assert config.thresholds.public_point_radius_m == 120.0
    assert config.ward.province == "Bắc Ninh", "the other person's save survives"


def test_a_dashboard_commit_beside_a_pccc_import_loses_nothing(
    sample_ward_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    ward = sample_ward_copy
    before = len(read_layer(ward, "premises"))
    mine = premises_csv(tmp_path / "tren-web.csv", ward, "W", n=50)
    theirs = premises_csv(tmp_path / "dong-lenh.csv", ward, "X", n=50)
    previewed, go, queue = SPAWN.Event(), SPAWN.Event(), SPAWN.Queue()
    worker = SPAWN.Process(
        target=_import_when_told, args=(str(ward), str(theirs), previewed, go, queue)
    )
    worker.start()
    try:
        assert previewed.wait(WAIT_S), "the other import never finished its preview"
        monkeypatch.setenv("PCCC_WARD", str(ward))
        at = AppTest.from_file(APP, default_timeout=120).run()
        at.switch_page("app_pages/data.py")
        at.session_state["pccc_data_file"] = (mine.name, mine.read_bytes())
        at.run()
        next(b for b in at.button if b.key == "pccc_data_commit").click().run()
        assert not at.exception, [e.message for e in at.exception]
        assert any("Đã ghi 50 đối tượng" in s.value for s in at.success)
    finally:
        go.set()
        worker.join(WAIT_S)
    assert worker.exitcode == 0
    _, theirs_result = queue.get(timeout=WAIT_S)
    assert (theirs_result["new"], theirs_result["recomputed"]) == (50, True)
    assert len(read_layer(ward, "premises")) == before + 100
