"""The Dữ liệu page's "Bắt đầu phường mới" with AppTest: boundary, OSM, confirmation, summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.model.store import init_ward, read_layer
from tests.conftest import REPO_ROOT

APP = str(REPO_ROOT / "dashboard" / "app.py")
PAGE = "app_pages/data.py"
SHARED = REPO_ROOT / ".." / "shared" / "realdata"
ROADS = SHARED / "osm" / "hanoi-hoan-kiem-overpass.json"
DVHCVN = SHARED / "admin" / "dvhcvn_gis_24_bac_giang_districts.json"
BOX = [[105.8430, 21.0075], [105.8665, 21.0075], [105.8665, 21.0415], [105.8430, 21.0415]]

pytestmark = pytest.mark.skipif(not ROADS.is_file(), reason="shared real data not present")


def box_geojson() -> bytes:
    feature = {
        "type": "Feature",
        "properties": {"name": "Hoàn Kiếm (thử)"},
        "geometry": {"type": "Polygon", "coordinates": [[*BOX, BOX[0]]]},
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def _page(ward_dir: Path, monkeypatch, state: dict) -> AppTest:
    monkeypatch.setenv("PCCC_WARD", str(ward_dir))
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page(PAGE)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def test_start_a_ward_from_a_boundary_and_the_real_osm_file(tmp_path: Path, monkeypatch) -> None:
    ward_dir = tmp_path / "w"
    init_ward(ward_dir, name="Phường mới", crs_metric="EPSG:3405")
    at = _page(
        ward_dir,
        monkeypatch,
        {
            "pccc_start_boundary_file": ("ranh_gioi.geojson", box_geojson()),
            "pccc_start_osm_file": (ROADS.name, ROADS.read_bytes()),
        },
    )
    assert not at.exception, [e.message for e in at.exception]
    assert any("Hoàn Kiếm \\(thử\\) — " in c.value for c in at.caption)
    assert not at.main.warning  # a small polygon, no boundary yet: nothing to confirm
    at.text_input(key="pccc_start_name").set_value("Phường Hoàn Kiếm")
    at.button(key="pccc_start_run").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Đã nhập vào phường" in s.value for s in at.success)
    shown = "\n".join(m.value.replace("\\", "") for m in at.markdown)
    assert "Đường, ngõ: đã lưu 1.495, bị loại 0" in shown
    assert "Bản đồ: có ranh giới phường (1), đường, ngõ, ngách (1.495)" in shown
    assert len(read_layer(ward_dir, "roads")) == 1495
    assert len(read_layer(ward_dir, "ward_boundary")) == 1


def test_multi_area_file_asks_which_and_a_large_one_needs_confirmation(
    tmp_path: Path, monkeypatch
) -> None:
    ward_dir = tmp_path / "w"
    init_ward(ward_dir, name="Phường mới", crs_metric="EPSG:3405")
    at = _page(
        ward_dir,
        monkeypatch,
        {"pccc_start_boundary_file": (DVHCVN.name, DVHCVN.read_bytes())},
    )
    assert not at.exception, [e.message for e in at.exception]
    choice = at.selectbox(key="pccc_start_feature")
    assert "Thành phố Bắc Giang" in choice.options and len(choice.options) == 11
    choice.set_value("Thành phố Bắc Giang").run()
    assert any("max\\_boundary\\_km2" in w.value for w in at.main.warning)
    assert at.button(key="pccc_start_run").disabled
    at.checkbox(key="pccc_start_confirm").check().run()
    assert not at.button(key="pccc_start_run").disabled
    at.button(key="pccc_start_run").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(read_layer(ward_dir, "ward_boundary")) == 1


def test_a_ward_with_data_starts_the_new_ward_in_its_own_folder(
    tiny_ward: Path, tmp_path: Path, monkeypatch
) -> None:
    """From a ward that already holds data (the sample, say), the start makes a new folder
    under the work folder, leaves the open ward alone and opens the new one in this tab."""
    work = tmp_path / "work"
    monkeypatch.setenv("PCCC_WORK_DIR", str(work))
    roads_before = len(read_layer(tiny_ward, "roads"))
    at = _page(
        tiny_ward,
        monkeypatch,
        {
            "pccc_start_boundary_file": ("ranh_gioi.geojson", box_geojson()),
            "pccc_start_osm_file": (ROADS.name, ROADS.read_bytes()),
        },
    )
    assert not at.exception, [e.message for e in at.exception]
    at.text_input(key="pccc_start_name").set_value("Phường Hoàn Kiếm").run()
    assert at.radio(key="pccc_start_where").value == "new"
    assert not at.main.warning  # a new folder: no boundary to replace
    at.button(key="pccc_start_run").click().run()
    assert not at.exception, [e.message for e in at.exception]
    new_dir = work / "phuong-hoan-kiem"
    assert len(read_layer(new_dir, "roads")) == 1495
    assert len(read_layer(tiny_ward, "roads")) == roads_before  # the open ward is untouched
    assert at.session_state["pccc_ward"] == "phuong-hoan-kiem"
    assert at.query_params["phuong"] in ("phuong-hoan-kiem", ["phuong-hoan-kiem"])
    chooser = at.sidebar.selectbox(key="pccc_ward_select")
    assert chooser.value == "phuong-hoan-kiem"
    assert "Phường Hoàn Kiếm" in chooser.format_func("phuong-hoan-kiem")
    chooser.set_value("").run()  # back to the server's ward
    assert not at.exception
    assert at.session_state["pccc_ward"] == ""
