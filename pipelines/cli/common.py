"""What every ``pccc`` command shares: exit statuses and the ``--ward DIR`` option."""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_OK = 0
EXIT_REJECTS = 1
EXIT_UNUSABLE = 2

DEFAULT_WARD = Path("geodata/sample")


def add_ward_argument(parser: argparse.ArgumentParser) -> None:
    """Add the shared ``--ward DIR`` option (default: the sample ward)."""
    parser.add_argument(
        "--ward",
        type=Path,
        default=DEFAULT_WARD,
        metavar="DIR",
        help=f"thư mục dữ liệu phường / ward folder (mặc định/default: {DEFAULT_WARD})",
    )
