"""The ``pccc`` command line: one module per command, each calling pipelines.

Each command module exposes ``add_parser(subparsers)``, which adds its subparser and sets
``func`` to a callable taking the parsed arguments and returning an exit status.
Exit status: 0 success; 1 done, but some rows were rejected (a rejects file was written);
2 unusable input or settings (the message says why, in Vietnamese and English).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pipelines.cli import (
    analyze,
    export,
    history,
    import_,
    init,
    inspection,
    mapbook,
    plan,
    report,
    sample,
    user,
)
from pipelines.cli.common import EXIT_OK, EXIT_REJECTS, EXIT_UNUSABLE, add_ward_argument
from pipelines.model.errors import PcccError, error_message

# Command modules in the order --help lists them.
COMMANDS = (
    init, sample, analyze, import_, export, plan, report, inspection, mapbook, user, history,
)  # fmt: skip

__all__ = ["EXIT_OK", "EXIT_REJECTS", "EXIT_UNUSABLE", "add_ward_argument", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pccc",
        description=(
            "Bản đồ PCCC — công cụ dữ liệu của phường về phòng cháy, chữa cháy và cứu nạn, cứu hộ.\n"
            "Bản đồ PCCC — the ward's fire-safety (PCCC&CNCH) data tool."
        ),
        epilog=(
            "Mã thoát / exit status: 0 thành công / success; 1 có dòng bị loại (đã ghi tệp dòng "
            "lỗi) / some rows rejected (rejects file written); 2 dữ liệu không dùng được / "
            "unusable input."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subparsers = parser.add_subparsers(dest="command", metavar="LỆNH/COMMAND", required=True)
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except PcccError as exc:
        print(f"Lỗi: {error_message(exc, 'vi')}", file=sys.stderr)
        print(f"Error: {error_message(exc, 'en')}", file=sys.stderr)
        return EXIT_UNUSABLE


if __name__ == "__main__":
    sys.exit(main())
