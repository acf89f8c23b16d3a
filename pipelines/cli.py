"""The ``pccc`` command: one entry point, one subcommand per module.

Each command module exposes ``register(subparsers)`` which adds its subparser and sets
``func`` to a callable taking the parsed arguments and returning an exit status.
Exit status: 0 success; 1 done, but some rows were rejected (a rejects file was written);
2 unusable input or settings (the message says why, in Vietnamese and English).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from pipelines.errors import PcccError, error_message

EXIT_OK = 0
EXIT_REJECTS = 1
EXIT_UNUSABLE = 2

DEFAULT_WARD = Path("geodata/sample")

# Modules that add subcommands, in the order --help lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "pipelines.cli",
    "pipelines.sample_ward",
    "pipelines.analysis",
    "pipelines.ingest.cli",
    "pipelines.planner",
)


def add_ward_argument(parser: argparse.ArgumentParser) -> None:
    """Add the shared ``--ward DIR`` option (default: the sample ward)."""
    parser.add_argument(
        "--ward",
        type=Path,
        default=DEFAULT_WARD,
        metavar="DIR",
        help=f"thư mục dữ liệu phường / ward folder (mặc định/default: {DEFAULT_WARD})",
    )


def _init(args: argparse.Namespace) -> int:
    from pipelines.store import init_ward

    init_ward(args.dir, name=args.name, crs_metric=args.crs, province=args.province)
    print(f"Đã tạo thư mục dữ liệu phường / created ward folder: {args.dir}")
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "init",
        help="tạo thư mục dữ liệu phường trống / create an empty ward folder",
        description=(
            "Tạo thư mục dữ liệu phường mới: ward.toml với mọi ngưỡng mặc định (kèm nguồn) và "
            "GeoPackage trống. Sau đó nhập ranh giới phường và các danh sách bằng 'pccc import'.\n"
            "Create a new ward folder: ward.toml with every default threshold (and its source) "
            "and an empty GeoPackage. Then import the ward boundary and lists with 'pccc import'."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("dir", type=Path, metavar="DIR", help="thư mục cần tạo / folder to create")
    p.add_argument("--name", required=True, help="tên phường / ward name")
    p.add_argument(
        "--crs",
        default="EPSG:3405",
        help=(
            "hệ tọa độ phẳng tính khoảng cách / metric CRS for distances "
            "(mặc định/default EPSG:3405 VN-2000 / UTM 48N; Bắc Giang TM-3: EPSG:9214)"
        ),
    )
    p.add_argument("--province", default="", help="tỉnh, thành phố / province")
    p.set_defaults(func=_init)


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
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
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
