"""Kiểm tra cơ sở (AppTest): a viewer sees the lists, masked names and no form; an editor
records an inspection with a violation (one audited write) and gets its biên bản."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.model import audit, store
from pipelines.model.inspection import InspectionRecord, record_inspection
from tests.dashboard.signin import APP, add_test_users, sign_in

PAGE = "app_pages/inspections.py"
FORM = "pccc_inspect_form_P1"


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory, _tiny_ward_template: Path) -> Iterator[Path]:
    """The tiny ward with a viewer, an editor and one inspection of P2 by "sua"."""
    ward_dir = tmp_path_factory.mktemp("inspect-page") / "tiny"
    shutil.copytree(_tiny_ward_template, ward_dir, ignore=shutil.ignore_patterns(".lock"))
    record_inspection(
        ward_dir,
        InspectionRecord(
            "P2", dt.date.today(), "periodic", "remarks", inspectors="Trần Bí Mật", officer="sua"
        ),
        user="sua",
    )
    add_test_users(ward_dir)
    yield ward_dir


def _sign_in(at: AppTest, name: str) -> AppTest:
    return sign_in(at, name, PAGE, "Kiểm tra cơ sở")


def test_viewer_then_editor(ward: Path, monkeypatch) -> None:
    """One app session (one boot): a viewer signs in and out, then an editor."""
    monkeypatch.setenv("PCCC_WARD", str(ward))
    at = AppTest.from_file(APP, default_timeout=120).run()
    _viewer_sees_lists_without_personal_fields_and_no_form(_sign_in(at, "xem"))
    at.button(key="pccc_logout").click().run()
    _editor_records_an_inspection_with_a_violation(_sign_in(at, "sua"), ward)


def _viewer_sees_lists_without_personal_fields_and_no_form(at: AppTest) -> None:
    due = at.dataframe[0].value
    assert "P1" in set(due["Mã"])  # never inspected: due now
    assert "Cán bộ phụ trách" in due.columns
    at.selectbox(key="pccc_inspect_premises").select("P2").run()
    history = at.dataframe[1].value
    assert history["Đoàn kiểm tra"].tolist() == ["•••"]
    assert "Trần Bí Mật" not in history.to_string()
    assert not [b for b in at.button if (b.form_id or "").startswith("pccc_inspect_form")]
    assert any("Chỉ cán bộ biên tập" in i.value for i in at.info)


def _editor_records_an_inspection_with_a_violation(at: AppTest, ward: Path) -> None:
    at.selectbox(key="pccc_inspect_premises").select("P1").run()
    at.number_input(key=f"{FORM}_n").set_value(1).run()
    at.text_input(key=f"{FORM}_inspectors").input("Đại úy Kiểm, <i>Tra</i>")
    at.radio(key=f"{FORM}_check_exits").set_value("fail")
    at.selectbox(key=f"{FORM}_item_1").set_value("exits")
    at.text_input(key=f"{FORM}_description_1").input("Lối thoát nạn bị khóa")
    at.selectbox(key=f"{FORM}_result").set_value("failed")
    next(b for b in at.button if b.form_id == FORM).click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Đã lưu lần kiểm tra" in s.value for s in at.success), [e.value for e in at.error]
    v = store.read_layer(ward, "violations")
    assert v["description"].tolist() == ["Lối thoát nạn bị khóa"]
    assert v["premises_id"].tolist() == ["P1"]
    entries = audit.read_entries(store.gpkg_path(ward))
    assert set(entries.loc[entries["note"] == "kiểm tra P1", "how"]) == {"inspection"}
    history = at.dataframe[1].value
    assert history["Đoàn kiểm tra"].tolist() == ["Đại úy Kiểm, <i>Tra</i>"]  # as typed
    assert at.selectbox(key="pccc_inspect_record_id").value.startswith("KT-")
    # the form is empty again; a violation without its description is refused in
    # Vietnamese and nothing is written
    form = f"{FORM}_1"
    assert at.text_input(key=f"{form}_inspectors").value == ""
    before = store.ward_version(ward)
    at.number_input(key=f"{form}_n").set_value(1).run()
    at.selectbox(key=f"{form}_result").set_value("failed")
    next(b for b in at.button if b.form_id == form).click().run()
    assert any("cần ghi nội dung vi phạm" in e.value for e in at.error)
    assert store.ward_version(ward) == before
