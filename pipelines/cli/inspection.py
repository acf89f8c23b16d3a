"""``pccc inspection ID --format docx|pdf --out FILE``: the biên bản kiểm tra of an inspection."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines.cli.common import EXIT_OK, EXIT_UNUSABLE, add_ward_argument
from pipelines.model.files import atomic_write
from pipelines.model.store import open_ward
from pipelines.reports.inspection_record import record_document
from pipelines.reports.review_report import FORMATS, report_bytes


def run(args: argparse.Namespace) -> int:
    ward = open_ward(args.ward)
    if args.id not in set(ward["inspections"]["id"].astype(str)):
        print(
            f"Không có lần kiểm tra '{args.id}' / no inspection '{args.id}' in {ward.path}",
        )
        return EXIT_UNUSABLE
    document = record_document(ward, args.id, args.lang)
    path = atomic_write(args.out, report_bytes(document, args.format))
    print(f"Biên bản kiểm tra / inspection record {args.id}")
    print(f"Đã ghi / written: {path}")
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``pccc inspection``."""
    r = subparsers.add_parser(
        "inspection",
        help="biên bản kiểm tra một lần kiểm tra (Word, PDF) / inspection record (Word, PDF)",
        description=(
            "Lập biên bản kiểm tra an toàn PCCC của một lần kiểm tra đã ghi (trang Kiểm tra cơ "
            "sở): thành phần, kết quả theo nội dung kiểm tra, vi phạm với căn cứ pháp lý và hạn "
            "khắc phục, chữ ký.\n"
            "Write the record of one inspection: parties, checklist, violations with their legal "
            "basis and deadline, signatures."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_ward_argument(r)
    r.add_argument("id", metavar="ID", help="mã lần kiểm tra / inspection id (KT-…)")
    r.add_argument("--format", required=True, choices=FORMATS, help="docx (Word) hoặc / or pdf")
    r.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="ngôn ngữ / language (mặc định/default: vi)",
    )
    r.add_argument(
        "--out", required=True, type=Path, metavar="FILE", help="tệp ghi ra / output file"
    )
    r.set_defaults(func=run)
