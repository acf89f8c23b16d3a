"""``pccc analyze --out FILE [--night]``: the network analysis of a ward, written to a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines.cli.common import EXIT_OK, add_ward_argument
from pipelines.model.store import open_ward
from pipelines.network.analysis import analyze_ward
from pipelines.network.results import write_results
from pipelines.text.formats import format_number, format_percent


def run(args: argparse.Namespace) -> int:
    ward = open_ward(args.ward)
    analysis = analyze_ward(ward, night=args.night)
    write_results(analysis, args.out, lang=args.lang)
    total = analysis.coverage.iloc[-1]
    lang = args.lang
    print(
        f"Đã ghi / wrote {args.out}: {format_number(len(analysis.households), lang)} hộ / "
        f"households, {format_number(len(analysis.premises), lang)} cơ sở / premises"
    )
    print(
        f"Ngoài tầm vòi / beyond hose reach: "
        f"{format_percent(1 - total['share_households_within_hose_reach'], lang)} hộ / households; "
        f"ngõ sâu xe không vào được / deep alleys trucks cannot enter: "
        f"{format_number(len(analysis.deep_alleys), lang)}"
    )
    for vi, en in analysis.notes:
        print(f"Lưu ý: {vi}\nNote: {en}")
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``pccc analyze``."""
    p = subparsers.add_parser(
        "analyze",
        help="phân tích mạng đường: xe chữa cháy, độ phủ, nguy cơ / network analysis",
        description=(
            "Phân tích mạng đường của phường: đường xe chữa cháy vào được, khoảng cách vòi, "
            "khoảng cách đến điểm chữa cháy công cộng và nguồn nước, điểm nguy cơ từng cơ sở "
            "và hộ kinh doanh (kèm chi tiết điểm). Ghi kết quả của mọi hộ và cơ sở ra "
            "GeoPackage (.gpkg, tên trường là mã) hoặc bảng CSV/XLSX (.csv, .xlsx, tiêu đề theo --lang) theo đuôi tệp.\n"
            "Analyse the ward's road network: where fire trucks can go, hose distances, "
            "distances to public firefighting points and water sources, and the risk score of "
            "every premises and business household (with its breakdown). Writes every "
            "household's and premises' results to GeoPackage (.gpkg, field codes) or a CSV/XLSX table "
            "(.csv, .xlsx, headers in --lang) by the "
            "file's suffix."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_ward_argument(p)
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE",
        help="tệp kết quả .gpkg, .csv hoặc .xlsx / output file, .gpkg, .csv or .xlsx",
    )
    p.add_argument(
        "--night",
        action="store_true",
        help="tính theo giờ ban đêm (cổng ngõ khóa) / use night-time barrier hours",
    )
    p.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="ngôn ngữ của nhãn trong tệp / language of labels in the file (mặc định/default vi)",
    )
    p.set_defaults(func=run)
