"""``pccc init DIR --name NAME``: create an empty ward folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines.cli.common import EXIT_OK
from pipelines.model.store import init_ward


def run(args: argparse.Namespace) -> int:
    init_ward(args.dir, name=args.name, crs_metric=args.crs, province=args.province)
    print(f"Đã tạo thư mục dữ liệu phường / created ward folder: {args.dir}")
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``pccc init``."""
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
    p.set_defaults(func=run)
