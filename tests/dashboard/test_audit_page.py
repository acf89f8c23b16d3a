"""Lịch sử thay đổi (AppTest): filters, a viewer sees personal values masked and cannot
restore, an editor restores one feature (itself audited)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.model import audit, store
from pipelines.model.store import init_ward, write_layers
from tests.conftest import tiny_layers
from tests.dashboard.signin import add_test_users, open_signed_in

PAGE = "app_pages/audit.py"


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A tiny ward with a viewer and an editor, an import by "lan" and a settings change."""
    ward_dir = tmp_path_factory.mktemp("audit-page") / "tiny"
    init_ward(ward_dir, name="Phường Thử", crs_metric="EPSG:9214")
    write_layers(ward_dir, tiny_layers(), note="tiny")
    premises = store.read_layer(ward_dir, "premises")
    changed = premises[premises["id"] == "P1"].assign(floors=6, contact_person="Lê Văn Bí Mật")
    store.apply_changes(ward_dir, "premises", upserts=changed, actor=audit.Actor("lan"))
    store.update_config(ward_dir, "ward", {"province": "Hà Nội"}, user="quan")
    add_test_users(ward_dir)
    yield ward_dir


def _page(ward_dir: Path, monkeypatch, name: str) -> AppTest:
    return open_signed_in(ward_dir, monkeypatch, name, PAGE, "Lịch sử thay đổi")


def _table(at: AppTest):
    return at.dataframe[0].value


def test_viewer_sees_masked_values_filters_and_cannot_restore(ward: Path, monkeypatch) -> None:
    at = _page(ward, monkeypatch, "xem")
    table = _table(at)
    personal = table[table["Trường"] == "Người đại diện"]
    assert personal["Giá trị mới"].tolist() == ["•••"]
    assert "Lê Văn Bí Mật" not in table.to_string()
    assert table[table["Trường"] == "Số tầng"]["Giá trị mới"].tolist() == ["6"]
    at.multiselect(key="audit_users").select("quan").run()
    assert _table(at)["Người thực hiện"].tolist() == ["quan"]
    assert any(c.value == "1 thay đổi" for c in at.caption)
    assert not [b for b in at.button if b.key and b.key.startswith("audit_restore")]
    assert "Chỉ cán bộ biên tập" in at.info[0].value


def test_editor_restores_one_feature(ward: Path, monkeypatch) -> None:
    at = _page(ward, monkeypatch, "sua")
    assert "Lê Văn Bí Mật" in _table(at).to_string()
    at.selectbox[0].select("premises").run()
    at.text_input(key="audit_feature").input("P1").run()
    assert set(_table(at)["Mã đối tượng"]) == {"P1"}
    at.button(key="audit_restore_feature").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Đã khôi phục 1 đối tượng" in at.success[0].value
    assert store.read_layer(ward, "premises").set_index("id").loc["P1", "floors"] == 3
    table = _table(at.run())  # the next run reads the trail with the restore
    restored = table[table["Cách"] == "Khôi phục"]
    assert set(restored["Người thực hiện"]) == {"sua"}
    assert set(restored["Trường"]) == {"Số tầng", "Người đại diện"}
