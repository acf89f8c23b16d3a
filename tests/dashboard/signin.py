"""Signing in on the dashboard's pages in AppTest: a viewer "xem" and an editor "sua"."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from pipelines.model import users as user_store
from pipelines.model.users import add_user
from tests.conftest import REPO_ROOT

APP = str(REPO_ROOT / "dashboard" / "app.py")
PASSWORDS = {"xem": "chi-xem-456", "sua": "bien-tap-789"}


def add_test_users(ward_dir: Path) -> None:
    """Give ``ward_dir`` the viewer "xem" and the editor "sua" (quick hashes for tests)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(user_store, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))
        add_user(ward_dir, "xem", "viewer", PASSWORDS["xem"])
        add_user(ward_dir, "sua", "editor", PASSWORDS["sua"])


def sign_in(at: AppTest, name: str, page: str, title: str) -> AppTest:
    """Sign ``name`` in on the app's form, open ``page`` and check its ``title``."""
    at.text_input(key="pccc_login_name").input(name)
    next(w for w in at.text_input if w.label == "Mật khẩu").input(PASSWORDS[name])
    next(b for b in at.button if b.form_id == "pccc_login").click().run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert [t.value for t in at.title] == [title]
    return at


def open_signed_in(
    ward_dir: Path, monkeypatch: pytest.MonkeyPatch, name: str, page: str, title: str
) -> AppTest:
    """A new app session on ``ward_dir`` with ``name`` signed in on ``page``."""
    monkeypatch.setenv("PCCC_WARD", str(ward_dir))
    return sign_in(AppTest.from_file(APP, default_timeout=120).run(), name, page, title)
