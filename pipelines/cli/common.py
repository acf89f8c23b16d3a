"""What every ``pccc`` command shares: exit statuses and the ``--ward DIR`` option."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.model.workcopy import is_tracked_sample, working_ward

EXIT_OK = 0
EXIT_REJECTS = 1
EXIT_UNUSABLE = 2

DEFAULT_WARD = Path("geodata/sample")


def ward_folder(text: str) -> Path:
    """Return the folder ``--ward`` names; the tracked sample ward becomes its working copy.

    ``geodata/sample`` belongs to the repository: commands that write (import) and those
    that only read alike work on ``var/wards/sample`` (:mod:`pipelines.model.workcopy`), so
    the sample in git is never modified.
    """
    path = Path(text)
    if not is_tracked_sample(path):
        return path
    copy = working_ward(path)
    print(
        f"Phường mẫu: dùng bản làm việc / sample ward: using the working copy {copy}",
        file=sys.stderr,
    )
    return copy


def add_ward_argument(parser: argparse.ArgumentParser) -> None:
    """Add the shared ``--ward DIR`` option (default: the sample ward's working copy)."""
    parser.add_argument(
        "--ward",
        type=ward_folder,
        default=str(DEFAULT_WARD),
        metavar="DIR",
        help=(
            f"thư mục dữ liệu phường / ward folder (mặc định/default: bản làm việc của / "
            f"the working copy of {DEFAULT_WARD})"
        ),
    )


def add_user_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--user NAME``: who the audit trail records (default: the OS user)."""
    parser.add_argument(
        "--user",
        default="",
        metavar="NAME",
        help=(
            "người thực hiện, ghi vào lịch sử thay đổi / who makes the change, for the audit "
            "trail (mặc định/default: người dùng hệ điều hành / the OS user)"
        ),
    )
