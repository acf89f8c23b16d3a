"""``pccc report --period P --format docx|pdf --out FILE``: the review report of a period."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines.cli.common import EXIT_OK, add_ward_argument
from pipelines.model.files import atomic_write
from pipelines.model.settings_report import TEMPLATES
from pipelines.model.store import open_ward
from pipelines.network.analysis import analyze_ward
from pipelines.reports.period import parse_period
from pipelines.reports.review_report import FORMATS, report_bytes, review_document
from pipelines.text.labels import pick
from pipelines.text.labels_reports import REPORT_TEMPLATE_LABELS


def run(args: argparse.Namespace) -> int:
    period = parse_period(args.period)
    ward = open_ward(args.ward)
    document = review_document(
        ward, analyze_ward(ward), period, template=args.template, lang=args.lang
    )
    path = atomic_write(args.out, report_bytes(document, args.format))
    template = args.template or ward.config.report.template
    print(
        f"Báo cáo {period.review_kind('vi')} {period.label('vi')} "
        f"({pick(REPORT_TEMPLATE_LABELS[template], 'vi')}) / "
        f"{period.review_kind('en')} report, {period.label('en')} "
        f"({pick(REPORT_TEMPLATE_LABELS[template], 'en')})"
    )
    print(f"Đã ghi / written: {path}")
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``pccc report``."""
    r = subparsers.add_parser(
        "report",
        help="báo cáo sơ kết, tổng kết (Word, PDF) / review report (Word, PDF)",
        description=(
            "Lập báo cáo sơ kết (quý, 6 tháng) hoặc tổng kết (năm) công tác PCCC&CNCH từ dữ liệu "
            "của phường: các chỉ tiêu, bảng theo tổ dân phố, cơ sở nguy cơ cao và vi phạm, tổ "
            "liên gia và điểm chữa cháy mới, tình hình cháy so với cùng kỳ, bản đồ; có chỗ đánh "
            "dấu để cán bộ tự viết. Thể thức văn bản của Đảng (HD 36-HD/VPTW) hoặc hành chính "
            "(NĐ 30/2020), cơ quan ban hành, số, nơi nhận, người ký trong mục [report] của "
            "ward.toml (trang Cài đặt).\n"
            "Write the interim (quarter, half-year) or annual review of the ward's fire-safety "
            "work from its data, in the Party or the state document format; header, number, "
            "recipients and signer come from [report] in ward.toml."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_ward_argument(r)
    r.add_argument(
        "--period",
        required=True,
        metavar="P",
        help="kỳ báo cáo / period: 2026-Q3 (quý / quarter), 2026-H1 (6 tháng / half), 2026 (năm / year)",
    )
    r.add_argument(
        "--format",
        required=True,
        choices=FORMATS,
        help="docx (Word, sửa được / editable) hoặc / or pdf",
    )
    r.add_argument(
        "--template",
        choices=TEMPLATES,
        default=None,
        help="thể thức / format: party (Đảng), state (hành chính) (mặc định/default: [report] template)",
    )
    r.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="ngôn ngữ của báo cáo / language of the report (mặc định/default: vi)",
    )
    r.add_argument(
        "--out", required=True, type=Path, metavar="FILE", help="tệp ghi ra / output file"
    )
    r.set_defaults(func=run)
