"""``pccc mapbook --out FILE.pdf``: the map book, one page per tổ dân phố."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.cli.common import EXIT_OK, add_ward_argument
from pipelines.model.files import atomic_write
from pipelines.model.store import open_ward
from pipelines.network.analysis import analyze_ward
from pipelines.reports.mapbook import PAPERS_MM, mapbook_pdf
from pipelines.text.formats import format_number


def run(args: argparse.Namespace) -> int:
    ward = open_ward(args.ward)
    analysis = analyze_ward(ward)

    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        # one line rewritten in a terminal, a line per page in a log
        line = f"Trang / page {format_number(done)} / {format_number(total)}"
        print(f"\r{line}" if tty else line, end="" if tty else "\n", file=sys.stderr)

    data = mapbook_pdf(ward, analysis, paper=args.paper, lang=args.lang, on_page=progress)
    if tty:
        print(file=sys.stderr)
    path = atomic_write(args.out, data)
    groups = len(ward["residential_groups"])
    if not groups:
        print(
            "Phường chưa có lớp tổ dân phố: sổ chỉ có trang bìa và bản đồ toàn phường / "
            "the ward has no residential groups: cover and ward map only"
        )
    print(
        f"Sổ bản đồ / map book: {format_number(groups + 2)} trang / pages "
        f"({format_number(groups)} tổ dân phố / residential groups)"
    )
    print(f"Đã ghi / written: {path}")
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``pccc mapbook``."""
    m = subparsers.add_parser(
        "mapbook",
        help="sổ bản đồ theo tổ dân phố (PDF) / map book by residential group (PDF)",
        description=(
            "Lập sổ bản đồ PCCC: trang bìa, bản đồ toàn phường, rồi mỗi tổ dân phố một trang "
            "(cơ sở theo mức nguy cơ, điểm chữa cháy công cộng và vùng phục vụ, hộ trong tổ "
            "liên gia, nguồn nước, ngõ sâu xe chữa cháy không vào được, vùng ngoài tầm vòi), có "
            "chú giải, thước tỷ lệ, hướng bắc, ngày lập và bảng số liệu.\n"
            "Draw the map book: a cover, the ward overview, then one page per residential group "
            "with its map, legend, scale bar, north arrow, date and figures."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_ward_argument(m)
    m.add_argument(
        "--paper",
        choices=tuple(PAPERS_MM),
        default="a4",
        help="khổ giấy, nằm ngang / paper, landscape (mặc định/default: a4)",
    )
    m.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="ngôn ngữ / language (mặc định/default: vi)",
    )
    m.add_argument(
        "--out", required=True, type=Path, metavar="FILE", help="tệp PDF ghi ra / output PDF file"
    )
    m.set_defaults(func=run)
