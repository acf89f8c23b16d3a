"""Lịch sử thay đổi (AppTest): filters, a viewer sees personal values masked and cannot
restore, an editor restores one feature (itself audited)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from pipelines.model import audit, store
from pipelines.model import users as user_store
from pipelines.model.store import init_ward, write_layers
from pipelines.model.users import add_user
from tests.conftest import REPO_ROOT, tiny_layers

APP = str(REPO_ROOT / "dashboard" / "app.py")
PAGE = "app_pages/audit.py"
PASSWORDS = {"xem": "chi-xem-456", "sua": "bien-tap-789"}


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
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(user_store, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))
        add_user(ward_dir, "xem", "viewer", PASSWORDS["xem"])
        add_user(ward_dir, "sua", "editor", PASSWORDS["sua"])
        yield ward_dir


def _page(ward_dir: Path, monkeypatch, name: str) -> AppTest:
    monkeypatch.setenv("PCCC_WARD", str(ward_dir))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_input(key="pccc_login_name").input(name)
    next(w for w in at.text_input if w.label == "Mật khẩu").input(PASSWORDS[name])
    next(b for b in at.button if b.form_id == "pccc_login").click().run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    assert [t.value for t in at.title] == ["Lịch sử thay đổi"]
    return at


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
