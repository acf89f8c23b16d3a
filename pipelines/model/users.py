"""The ward's users: names, roles and argon2id password hashes in ``users.json``.

One store per ward folder, beside ``ward.toml``. The password itself is never stored, only
its argon2id hash (``argon2-cffi``'s recommended parameters). Every change reads, modifies
and writes the file under the ward's lock (:func:`pipelines.model.store.ward_lock`), and
the file is replaced atomically, readable by its owner only.

Roles, least to most: ``viewer`` (sees everything except personal data), ``editor`` (also
sees personal data, imports and changes settings), ``admin`` (also manages users).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pipelines.model.errors import UserError
from pipelines.model.files import atomic_path
from pipelines.model.store import ward_lock

USERS_NAME = "users.json"
ROLES = ("viewer", "editor", "admin")
MIN_PASSWORD_LENGTH = 8
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
_HASHER = PasswordHasher()  # argon2id with the library's recommended parameters (RFC 9106)
_DUMMY: dict[str, str] = {}  # a hash checked when the name is unknown: the same work either way


@dataclass(frozen=True)
class User:
    """One account: its login name, role and password hash (never the password)."""

    name: str
    role: str
    password_hash: str
    created: str  # ISO 8601, UTC


def users_path(ward_dir: str | Path) -> Path:
    return Path(ward_dir) / USERS_NAME


def read_users(ward_dir: str | Path) -> list[User]:
    """The ward's users, by name (an empty list when the ward has none yet)."""
    path = users_path(ward_dir)
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        users = [User(**row) for row in data["users"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise UserError(
            f"Tệp người dùng {path} bị hỏng: {exc}",
            f"the users file {path} is damaged: {exc}",
        ) from exc
    return sorted(users, key=lambda u: u.name)


def _write(ward_dir: Path, users: list[User]) -> None:
    rows = [u.__dict__ for u in sorted(users, key=lambda u: u.name)]
    text = json.dumps({"users": rows}, ensure_ascii=False, indent=2) + "\n"
    with atomic_path(users_path(ward_dir), mode=0o600) as tmp:
        tmp.write_text(text, encoding="utf-8")


def check_name(name: str) -> str:
    """Return the login name if usable (2–32 of a–z, 0–9, '.', '_', '-'); else raise."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise UserError(
            f"Tên đăng nhập '{name}' không hợp lệ: 2–32 ký tự a–z, 0–9, '.', '_', '-' "
            "(không dấu, không khoảng trắng, bắt đầu bằng chữ hoặc số)",
            f"login name '{name}' is not valid: 2–32 of a–z, 0–9, '.', '_', '-' "
            "(no accents or spaces, starting with a letter or digit)",
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(
            f"Vai trò '{role}' không hợp lệ (một trong: {', '.join(ROLES)})",
            f"'role' should be one of {', '.join(ROLES)}, got '{role}' instead",
        )
    return role


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(
            f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự",
            f"the password must have at least {MIN_PASSWORD_LENGTH} characters",
        )
    return _HASHER.hash(password)


def _unknown(name: str) -> UserError:
    return UserError(
        f"Không có người dùng '{name}' trong phường này",
        f"there is no user '{name}' in this ward",
    )


def add_user(ward_dir: str | Path, name: str, role: str, password: str) -> User:
    """Add a user; raise :class:`UserError` if the name exists or a value is not usable."""
    ward_dir = Path(ward_dir)
    check_name(name)
    check_role(role)
    hashed = _hash(password)
    with ward_lock(ward_dir):
        users = read_users(ward_dir)
        if any(u.name == name for u in users):
            raise UserError(f"Đã có người dùng '{name}'", f"there is already a user named '{name}'")
        created = datetime.now(UTC).isoformat(timespec="seconds")
        user = User(name, role, hashed, created)
        _write(ward_dir, [*users, user])
    return user


def remove_user(ward_dir: str | Path, name: str) -> None:
    """Remove a user (raise :class:`UserError` when there is none of that name)."""
    ward_dir = Path(ward_dir)
    with ward_lock(ward_dir):
        users = read_users(ward_dir)
        if not any(u.name == name for u in users):
            raise _unknown(name)
        _write(ward_dir, [u for u in users if u.name != name])


def change_user(
    ward_dir: str | Path, name: str, *, password: str | None = None, role: str | None = None
) -> User:
    """Set a user's new password and/or role; return the changed account."""
    ward_dir = Path(ward_dir)
    hashed = _hash(password) if password is not None else None
    if role is not None:
        check_role(role)
    with ward_lock(ward_dir):
        users = read_users(ward_dir)
        found = [u for u in users if u.name == name]
        if not found:
            raise _unknown(name)
        old = found[0]
        new = User(name, role or old.role, hashed or old.password_hash, old.created)
        _write(ward_dir, [new if u.name == name else u for u in users])
    return new


def verify_password(ward_dir: str | Path, name: str, password: str) -> User | None:
    """The user if ``password`` is theirs, else ``None`` (same work for an unknown name)."""
    found = [u for u in read_users(ward_dir) if u.name == name]
    if not found and "hash" not in _DUMMY:
        _DUMMY["hash"] = _HASHER.hash("pccc-no-such-user")
    stored = found[0].password_hash if found else _DUMMY["hash"]
    try:
        _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    return found[0] if found else None
