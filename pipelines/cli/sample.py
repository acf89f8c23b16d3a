"""``pccc sample DIR [--scale N] [--seed S] [--force]``: build the synthetic sample ward."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines.cli.common import EXIT_OK
from pipelines.sample.ward import DEFAULT_SEED, build_sample_ward


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"phải là số nguyên dương / should be a positive whole number, got '{text}'"
        )
    return value


def run(args: argparse.Namespace) -> int:
    build_sample_ward(args.dir, seed=args.seed, scale=args.scale, overwrite=args.force)
    print(f"Đã tạo phường mẫu (dữ liệu mô phỏng) / built the synthetic sample ward: {args.dir}")
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``pccc sample DIR [--scale N] [--seed S] [--force]`` command."""
    p = subparsers.add_parser(
        "sample",
        help="tạo phường mẫu (dữ liệu mô phỏng) / build the synthetic sample ward",
        description=(
            "Tạo thư mục dữ liệu của một phường mẫu hoàn toàn mô phỏng quanh thành phố Bắc Giang: "
            "đường, ngõ, ngách, hộ gia đình, cơ sở, nguồn nước, điểm chữa cháy công cộng, tổ liên "
            "gia, vật cản và vụ cháy. Cùng --seed và --scale cho cùng một phường.\n"
            "Build a ward folder holding an entirely synthetic sample ward near Bắc Giang city: "
            "roads, alleys, households, premises, water sources, public firefighting points, "
            "safety groups, barriers and fires. The same --seed and --scale give the same ward."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("dir", type=Path, metavar="DIR", help="thư mục cần tạo / folder to create")
    p.add_argument(
        "--scale",
        type=_positive_int,
        default=1,
        metavar="N",
        help="số bản sao của mẫu phường, ví dụ 10 hoặc 100 để đo hiệu năng / copies of the ward "
        "pattern, e.g. 10 or 100 for benchmarks (mặc định/default: 1)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="S",
        help=f"hạt giống ngẫu nhiên / random seed (mặc định/default: {DEFAULT_SEED})",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="ghi đè ward.toml và ward.gpkg đã có trong DIR / overwrite the ward.toml and "
        "ward.gpkg already in DIR",
    )
    p.set_defaults(func=run)
