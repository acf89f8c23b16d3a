"""Chỉnh sửa bản đồ (AppTest): a viewer is refused; an editor adds a water source, changes a
field, and a stale save shows both values and is merged field by field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.model import audit, edit, store
from pipelines.model.store import init_ward, write_layers
from pipelines.model.versions import feature_versions
from tests.conftest import tiny_layers
from tests.dashboard.signin import add_test_users, open_signed_in

PAGE = "app_pages/edit.py"


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    ward_dir = tmp_path_factory.mktemp("edit-page") / "tiny"
    init_ward(ward_dir, name="Phường Thử", crs_metric="EPSG:9214")
    write_layers(ward_dir, tiny_layers(), note="tiny")
    add_test_users(ward_dir)
    yield ward_dir


def _page(ward_dir: Path, monkeypatch, name: str) -> AppTest:
    return open_signed_in(ward_dir, monkeypatch, name, PAGE, "Chỉnh sửa bản đồ")


def _shown(element) -> str:
    """An element's text as the reader sees it (Markdown escapes removed)."""
    return element.value.replace("\\", "")


def _submit(at: AppTest) -> AppTest:
    next(b for b in at.button if b.form_id).click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_viewer_may_not_edit(ward: Path, monkeypatch) -> None:
    at = _page(ward, monkeypatch, "xem")
    assert "Chỉ cán bộ biên tập hoặc quản trị mới được chỉnh sửa" in at.info[0].value
    assert not at.selectbox and not [b for b in at.button if b.form_id]


def test_an_editor_adds_changes_and_settles_a_conflict(ward: Path, monkeypatch) -> None:
    at = _page(ward, monkeypatch, "sua")
    at.selectbox(key="pccc_edit_layer").select("water_sources").run()
    # A point typed as latitude / longitude (the map's click is the browser test's part).
    at.text_input(key="pccc_edit_water_sources_add_lat").input("21,2705").run()
    at.text_input(key="pccc_edit_water_sources_add_lon").input("106,2006").run()
    form = "pccc_edit_water_sources_add_form_0"
    labels = {w.label for w in at.selectbox if w.key and w.key.startswith(form)}
    assert {"Loại nguồn nước *", "Tình trạng *"} <= labels
    at.text_input(key=f"{form}_name").input("Bể <b>mới</b>")
    at.text_input(key=f"{form}_capacity_m3").input("-3")
    _submit(at)
    assert "Trữ lượng" in at.error[0].value  # a message per field, nothing written
    assert "Loại nguồn nước" in at.error[0].value
    assert len(store.read_layer(ward, "water_sources")) == 2
    at.selectbox(key=f"{form}_kind").select("tank")
    at.selectbox(key=f"{form}_status").select("working")
    at.text_input(key=f"{form}_capacity_m3").input("12,5")
    _submit(at)
    assert "Đã thêm NN-M" in _shown(at.success[0]) and "phiên bản lớp" in _shown(at.success[0])
    added = store.read_layer(ward, "water_sources").set_index("id")
    new = added[added["name"] == "Bể <b>mới</b>"].iloc[0]
    assert (new["capacity_m3"], new["location_source"]) == (12.5, "by_hand")

    # Change one field of N2.
    at.session_state["pccc_edit_action_water_sources"] = "attributes"
    at.run()
    at.selectbox(key="pccc_edit_chosen_water_sources").select("N2").run()
    form = "pccc_edit_water_sources_attributes_N2_1"
    at.text_input(key=f"{form}_flow_lps").input("7,5")
    _submit(at)
    assert "Đã lưu N2" in _shown(at.success[0])
    assert store.read_layer(ward, "water_sources").set_index("id").loc["N2", "flow_lps"] == 7.5

    # Someone else changes N2 while the form is open: the save is refused, both shown.
    form = "pccc_edit_water_sources_attributes_N2_2"
    at.text_input(key=f"{form}_name").input("Ao sau (đã nạo vét)")
    stored = store.read_layer(ward, "water_sources")
    other = edit.update_feature(
        store.open_ward(ward),
        "water_sources",
        stored,
        "N2",
        feature_versions("water_sources", stored)["N2"],
        values={"name": "Ao sau <i>nhà văn hoá</i>", "status": "working"},
    )
    edit.save(ward, other, user="an")
    _submit(at)
    table = at.dataframe[0].value
    assert table.columns.tolist() == ["Trường", "Bản đã lưu", "Bản của tôi"]
    rows = table.set_index("Trường")
    assert rows.loc["Tên", "Bản đã lưu"] == "Ao sau <i>nhà văn hoá</i>"
    assert rows.loc["Tên", "Bản của tôi"] == "Ao sau (đã nạo vét)"
    assert rows.loc["Tình trạng", "Bản của tôi"] == "Cần bảo dưỡng"
    at.radio(key="pccc_edit_merge_name").set_value("mine")
    at.button(key="pccc_edit_merge").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Đã lưu N2" in _shown(at.success[0])
    row = store.read_layer(ward, "water_sources").set_index("id").loc["N2"]
    assert (row["name"], row["status"]) == ("Ao sau (đã nạo vét)", "working")
    trail = audit.read_entries(store.gpkg_path(ward), feature_id="N2")
    assert trail["user"].tolist()[-1] == "sua" and set(trail["how"]) == {"edit"}

    # Deleting a premises a fire incident refers to is refused, naming the incident.
    at.selectbox(key="pccc_edit_layer").select("premises").run()
    at.session_state["pccc_edit_action_premises"] = "delete"
    at.run()
    at.selectbox(key="pccc_edit_chosen_premises").select("P1").run()
    delete = next(b for b in at.button if b.label == "Xoá đối tượng")
    assert delete.disabled  # until the confirmation is ticked
    at.checkbox(key="pccc_edit_premises_delete_P1_sure").check().run()
    next(b for b in at.button if b.label == "Xoá đối tượng").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Vụ cháy đã xảy ra I1" in _shown(at.error[0])
    assert "P1" in set(store.read_layer(ward, "premises")["id"])
    at.selectbox(key="pccc_edit_layer").select("barriers").run()
    at.session_state["pccc_edit_action_barriers"] = "delete"
    at.run()
    at.selectbox(key="pccc_edit_chosen_barriers").select("B1").run()
    at.checkbox(key="pccc_edit_barriers_delete_B1_sure").check().run()
    next(b for b in at.button if b.label == "Xoá đối tượng").click().run()
    assert "Đã xoá B1" in _shown(at.success[0])
    assert not len(store.read_layer(ward, "barriers"))
