"""``pccc user add|list|remove|passwd``: argon2id hashes stored, never the password.

The user store needs only the ward folder, so a bare temporary folder stands for one.
"""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from pipelines.cli import EXIT_OK, EXIT_UNUSABLE, main
from pipelines.model import users as user_store
from pipelines.model.users import USERS_NAME, read_users, verify_password

PRODUCT_HASHER = user_store._HASHER  # before the fixture below swaps it


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """argon2id with small costs: the same code path, milliseconds instead of a second."""
    monkeypatch.setattr(user_store, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))
    monkeypatch.setattr(user_store, "_DUMMY", {})


def test_the_product_hashes_with_the_recommended_argon2id_parameters() -> None:
    from argon2 import Type
    from argon2.profiles import RFC_9106_LOW_MEMORY

    hasher = PRODUCT_HASHER
    assert hasher.type is Type.ID
    assert (hasher.time_cost, hasher.memory_cost) == (
        RFC_9106_LOW_MEMORY.time_cost,
        RFC_9106_LOW_MEMORY.memory_cost,
    )


def _run(args: list[str], monkeypatch, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(args)


def test_user_commands_store_hashes_never_passwords(tmp_path: Path, monkeypatch, capsys) -> None:
    ward = ["--ward", str(tmp_path)]
    add = ["user", "add", "lan", "--role", "editor", "--password-stdin", *ward]
    assert _run(add, monkeypatch, "mat-khau-lan-1\n") == EXIT_OK
    assert "Đã thêm người dùng" in capsys.readouterr().out
    path = tmp_path / USERS_NAME
    text = path.read_text(encoding="utf-8")
    assert "mat-khau-lan-1" not in text
    (row,) = json.loads(text)["users"]
    assert row["name"] == "lan" and row["role"] == "editor"
    assert row["password_hash"].startswith("$argon2id$")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert verify_password(tmp_path, "lan", "mat-khau-lan-1").name == "lan"
    assert verify_password(tmp_path, "lan", "sai-mat-khau") is None
    assert verify_password(tmp_path, "khong-co", "mat-khau-lan-1") is None

    # the same name twice, a bad role, a bad name, a short password: refused, in Vietnamese
    assert _run(add, monkeypatch, "mat-khau-khac-2\n") == EXIT_UNUSABLE
    assert "Đã có người dùng 'lan'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        _run(["user", "add", "an", "--role", "boss", "--password-stdin", *ward], monkeypatch)
    bad = ["user", "add", "Nguyễn An", "--role", "viewer", "--password-stdin", *ward]
    assert _run(bad, monkeypatch, "mat-khau-an-12\n") == EXIT_UNUSABLE
    assert "Tên đăng nhập 'Nguyễn An' không hợp lệ" in capsys.readouterr().err
    short = ["user", "add", "an", "--role", "viewer", "--password-stdin", *ward]
    assert _run(short, monkeypatch, "ngan\n") == EXIT_UNUSABLE
    assert "ít nhất 8 ký tự" in capsys.readouterr().err

    assert _run(["user", "add", "binh", "--role", "viewer", "--password-stdin", *ward],
                monkeypatch, "mat-khau-binh-3\n") == EXIT_OK  # fmt: skip
    capsys.readouterr()
    assert _run(["user", "list", *ward], monkeypatch) == EXIT_OK
    listed = capsys.readouterr().out
    assert "Tên đăng nhập" in listed and "binh" in listed and "lan" in listed
    assert "2 người dùng" in listed and "argon2" not in listed

    old_hash = read_users(tmp_path)[1].password_hash
    passwd = ["user", "passwd", "lan", "--password-stdin", *ward]
    assert _run(passwd, monkeypatch, "mat-khau-moi-4\n") == EXIT_OK
    assert read_users(tmp_path)[1].password_hash != old_hash
    assert verify_password(tmp_path, "lan", "mat-khau-lan-1") is None
    assert verify_password(tmp_path, "lan", "mat-khau-moi-4") is not None

    assert _run(["user", "remove", "binh", *ward], monkeypatch) == EXIT_OK
    assert [u.name for u in read_users(tmp_path)] == ["lan"]
    assert _run(["user", "remove", "binh", *ward], monkeypatch) == EXIT_UNUSABLE
    assert "Không có người dùng 'binh'" in capsys.readouterr().err
    assert not list(tmp_path.glob(".tmp-*")), "written atomically: no temporary file left"


def test_prompted_password_must_be_typed_twice_alike(tmp_path: Path, monkeypatch, capsys):
    typed = iter(["mat-khau-mot-1", "mat-khau-hai-2"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    code = main(["user", "add", "chi", "--role", "admin", "--ward", str(tmp_path)])
    assert code == EXIT_UNUSABLE
    assert "không khớp" in capsys.readouterr().err
    assert read_users(tmp_path) == []


def test_help_is_vietnamese_first(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["user", "add", "--help"])
    out = capsys.readouterr().out
    assert "--password-stdin" in out and "đọc mật khẩu" in out and "vai trò" in out
