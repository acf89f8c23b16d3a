"""Sign-in in the app (AppTest): the form, failures logged and limited, roles, expiry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from dashboard import access
from pipelines.model import users as user_store
from pipelines.model.store import init_ward, write_layers
from pipelines.model.users import USERS_NAME, add_user, read_users
from tests.conftest import REPO_ROOT, tiny_layers

APP = str(REPO_ROOT / "dashboard" / "app.py")
PASSWORDS = {"quan": "quan-tri-123", "xem": "chi-xem-456", "khoa": "bi-khoa-789"}


@pytest.fixture(scope="module")
def ward_with_users(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One tiny ward for the module, with an admin, a viewer and a name to lock out."""
    ward_dir = tmp_path_factory.mktemp("access") / "tiny"
    init_ward(ward_dir, name="Phường Thử", crs_metric="EPSG:9214")
    write_layers(ward_dir, tiny_layers(), note="tiny")
    with pytest.MonkeyPatch.context() as mp:
        # Small argon2id costs: verifying reads the costs from the stored hash.
        mp.setattr(user_store, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))
        for name, role in (("quan", "admin"), ("xem", "viewer"), ("khoa", "editor")):
            add_user(ward_dir, name, role, PASSWORDS[name])
        yield ward_dir


def _app(ward_dir: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("PCCC_WARD", str(ward_dir))
    return AppTest.from_file(APP, default_timeout=120)


def _sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="pccc_login_name").input(name)
    next(w for w in at.text_input if w.label == "Mật khẩu").input(password)
    next(b for b in at.button if b.form_id == "pccc_login").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _log(ward_dir: Path) -> list[list[str]]:
    lines = (ward_dir / "dang-nhap.log").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[1:3] for line in lines]


def test_a_viewer_signs_in_and_is_signed_out_at_expiry(ward_with_users: Path, monkeypatch) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr(access, "now", lambda: clock[0])
    at = _app(ward_with_users, monkeypatch).run()
    assert [t.value for t in at.title] == ["Đăng nhập"]
    assert {w.label for w in at.text_input} == {"Tên đăng nhập", "Mật khẩu"}
    assert not at.metric, "nothing of the ward before signing in"

    _sign_in(at, "xem", "sai-mat-khau")
    assert "Sai tên đăng nhập hoặc mật khẩu" in at.error[0].value
    assert not at.metric

    _sign_in(at, "xem", PASSWORDS["xem"])
    assert at.metric, "the overview opens"
    assert any("Đăng nhập: xem (xem)" in c.value for c in at.sidebar.caption)
    assert _log(ward_with_users)[-2:] == [["failed", "xem"], ["ok", "xem"]]

    # (what a viewer sees on Cài đặt and Dữ liệu: tests/browser/test_access.py)
    clock[0] += 8 * 3600  # the default session: 480 minutes
    at.switch_page("app_pages/overview.py").run()
    assert [t.value for t in at.title] == ["Đăng nhập"]
    assert "hết hạn" in at.warning[0].value
    assert not at.metric


def test_failed_sign_ins_lock_the_name_even_with_the_right_password(
    ward_with_users: Path, monkeypatch
) -> None:
    at = _app(ward_with_users, monkeypatch).run()
    for _ in range(5):  # [access] max_failed_logins
        _sign_in(at, "khoa", "doan-sai-mai")
    _sign_in(at, "khoa", PASSWORDS["khoa"])
    assert "tạm khoá" in at.error[0].value
    assert not at.metric
    assert _log(ward_with_users)[-2:] == [["failed", "khoa"], ["locked", "khoa"]]
    _sign_in(at, "xem", PASSWORDS["xem"])  # another name is not locked
    assert at.metric


def test_an_admin_manages_users_on_the_settings_page(ward_with_users: Path, monkeypatch):
    at = _sign_in(_app(ward_with_users, monkeypatch).run(), "quan", PASSWORDS["quan"])
    at.switch_page("app_pages/settings.py").run()
    assert "Người dùng" in [t.label for t in at.tabs]
    form = [w for w in at.text_input if w.label in ("Tên đăng nhập", "Mật khẩu")]
    name, password = form[0], form[1]
    name.input("bien-tap")
    password.input("bien-tap-789")
    role = next(s for s in at.selectbox if s.label == "Vai trò")
    role.set_value("editor")
    next(b for b in at.button if b.form_id == "pccc_users_add").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Đã thêm người dùng bien\\-tap" in s.value for s in at.success), [
        e.value for e in at.error
    ]
    assert {u.name: u.role for u in read_users(ward_with_users)}["bien-tap"] == "editor"

    # A signed-in user an admin removes is signed out at their next page run.
    other = _sign_in(_app(ward_with_users, monkeypatch).run(), "bien-tap", "bien-tap-789")
    assert other.metric
    user_store.remove_user(ward_with_users, "bien-tap")
    other.run()
    assert [t.value for t in other.title] == ["Đăng nhập"]
    assert "vừa được quản trị thay đổi" in other.warning[0].value


def test_no_users_opens_as_local_admin_but_public_strangers_must_sign_in(
    ward_with_users: Path, monkeypatch
) -> None:
    store = ward_with_users / USERS_NAME
    store.rename(store.with_suffix(".bak"))  # the same ward without its users
    try:
        at = _app(ward_with_users, monkeypatch).run()
        assert at.metric
        assert any("quản trị cục bộ" in w.value for w in at.sidebar.warning)
        monkeypatch.setenv("PCCC_PUBLIC", "1")  # AppTest has no connection: not this machine
        at = _app(ward_with_users, monkeypatch).run()
        assert [t.value for t in at.title] == ["Đăng nhập"]
        assert "chưa có người dùng" in at.info[0].value
    finally:
        store.with_suffix(".bak").rename(store)
