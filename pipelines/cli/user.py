"""``pccc user add|list|remove|passwd``: the ward's users and their roles."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime

from pipelines.cli.common import EXIT_OK, add_ward_argument
from pipelines.model.errors import UserError
from pipelines.model.users import (
    ROLES,
    add_user,
    change_user,
    read_users,
    remove_user,
)
from pipelines.text.formats import format_date, format_number
from pipelines.text.labels import ROLE_LABELS


def _password(args: argparse.Namespace) -> str:
    """The new password: one line of standard input, or typed twice at a prompt."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mật khẩu / password: ")
    again = getpass.getpass("Nhập lại mật khẩu / password again: ")
    if first != again:
        raise UserError("Hai lần nhập mật khẩu không khớp", "the two passwords differ")
    return first


def _add(args: argparse.Namespace) -> int:
    user = add_user(args.ward, args.name, args.role, _password(args))
    print(f"Đã thêm người dùng / user added: {user.name} ({ROLE_LABELS[user.role][0]})")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    users = read_users(args.ward)
    if not users:
        print(
            "Phường chưa có người dùng: máy chủ mở cho máy này với quyền quản trị cục bộ.\n"
            "The ward has no users: the server opens to this machine as a local admin."
        )
        return EXIT_OK
    print(f"{'Tên đăng nhập':<24}{'Vai trò':<10}Ngày tạo")
    for user in users:
        created = format_date(datetime.fromisoformat(user.created).date())
        print(f"{user.name:<24}{user.role:<10}{created}")
    print(f"{format_number(len(users))} người dùng / users")
    return EXIT_OK


def _remove(args: argparse.Namespace) -> int:
    remove_user(args.ward, args.name)
    print(f"Đã xoá người dùng / user removed: {args.name}")
    return EXIT_OK


def _passwd(args: argparse.Namespace) -> int:
    change_user(args.ward, args.name, password=_password(args))
    print(f"Đã đổi mật khẩu / password changed: {args.name}")
    return EXIT_OK


def _name(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="tên đăng nhập / login name")


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="đọc mật khẩu từ dòng đầu của đầu vào chuẩn (không hỏi) / read the password "
        "from the first line of standard input (no prompt)",
    )


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``pccc user`` and its subcommands."""
    u = subparsers.add_parser(
        "user",
        help="người dùng và vai trò / users and roles",
        description=(
            "Quản lý người dùng của phường (lưu trong users.json của thư mục phường; mật khẩu "
            "chỉ lưu dạng băm argon2id). Vai trò: viewer (xem, không thấy dữ liệu cá nhân), "
            "editor (thấy dữ liệu cá nhân, nhập dữ liệu, cài đặt), admin (thêm quản lý người "
            "dùng).\n"
            "Manage the ward's users (users.json in the ward folder; passwords stored only as "
            "argon2id hashes). Roles: viewer (no personal data), editor (personal data, "
            "imports, settings), admin (also users)."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = u.add_subparsers(dest="user_command", metavar="LỆNH/COMMAND", required=True)
    add = sub.add_parser("add", help="thêm người dùng / add a user")
    _name(add)
    add.add_argument(
        "--role",
        required=True,
        choices=ROLES,
        help="vai trò / role: " + ", ".join(f"{r} — {ROLE_LABELS[r][0]}" for r in ROLES),
    )
    _password_option(add)
    add.set_defaults(func=_add)
    lst = sub.add_parser("list", help="liệt kê người dùng / list the users")
    lst.set_defaults(func=_list)
    rm = sub.add_parser("remove", help="xoá người dùng / remove a user")
    _name(rm)
    rm.set_defaults(func=_remove)
    pw = sub.add_parser("passwd", help="đổi mật khẩu / change a password")
    _name(pw)
    _password_option(pw)
    pw.set_defaults(func=_passwd)
    for parser in (add, lst, rm, pw):
        add_ward_argument(parser)
