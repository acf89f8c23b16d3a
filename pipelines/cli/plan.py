"""``pccc plan --out FILE``: propose new public firefighting points."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.cli.common import EXIT_OK, EXIT_UNUSABLE, add_ward_argument
from pipelines.ingest import PointsRead, read_points
from pipelines.model.store import open_ward
from pipelines.network.analysis import analyze_ward
from pipelines.planning import (
    MODELS,
    Scenario,
    evaluate,
    planning_problem,
    propose,
    scenario_from_result,
)
from pipelines.planning.demand import demand_notice, rule_options
from pipelines.planning.exports import OUTPUT_FORMATS, write_proposal
from pipelines.planning.siting import greedy_gap
from pipelines.text.formats import format_number, format_percent


def run(args: argparse.Namespace) -> int:
    ward = open_ward(args.ward)
    sites = read_points(args.sites, args.ward) if args.sites else None
    if sites is not None:
        _print_sites(sites)
    analysis = analyze_ward(ward, night=args.night)
    problem = planning_problem(
        ward,
        analysis,
        radius_m=args.radius,
        extra_sites=sites.points if sites is not None else None,
    )
    options = dict(model=args.model, p=args.new_points, share=args.share)
    options["enforce_rules"] = args.enforce_rules
    options = rule_options(problem) or options  # no demand at all: site by the rule
    for lang in ("vi", "en"):
        notice = demand_notice(problem, lang)
        if notice:
            print(notice)
    if options["model"] == "maximal" and options["p"] is None:
        print(
            "Lỗi: mô hình 'maximal' cần --new-points P / "
            "Error: the 'maximal' model needs --new-points P",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    quick = propose(problem, method="greedy", **options)
    best = propose(problem, method="highs", time_limit_s=args.time_limit, **options)
    result = best if best.has_solution else quick
    scenario = scenario_from_result(problem, result, name=str(options["model"]))
    path = write_proposal(problem, scenario, args.out, ward=ward, lang=args.lang)
    now = evaluate(problem, Scenario("now"))
    after = evaluate(problem, scenario)
    gap = greedy_gap(quick, best)
    print(
        f"Mô hình / model: {options['model']} · {result.status_label('vi')} / {result.status_label('en')}"
    )
    n = format_number
    print(
        f"Điểm mới / new points: {n(result.n_new)} · hộ được phủ / households covered: "
        f"{n(now.households_covered)} → {n(after.households_covered)} / "
        f"{n(after.households_total)} · cơ sở nguy cơ cao / high-risk premises: "
        f"{n(now.high_risk_premises_covered)} → {n(after.high_risk_premises_covered)} / "
        f"{n(after.high_risk_premises_total)}"
    )
    print(
        f"Tham lam / greedy: {n(quick.objective, decimals=1)} · tối ưu / optimum: "
        f"{n(best.objective, decimals=1)} · chênh lệch / gap: {format_percent(gap, decimals=2)} · "
        f"thời gian giải / solve time: {n(best.solve_time_s, decimals=2)} giây / s"
    )
    print(f"Đã ghi / written: {path}")
    return EXIT_OK


def _print_sites(sites: PointsRead) -> None:
    """Print how many candidate sites the file gave and which rows were left out, and why."""
    print(
        f"Vị trí ứng viên từ tệp / candidate sites from the file: "
        f"{format_number(len(sites.points), 'vi')} · dòng bị loại / rows rejected: "
        f"{format_number(len(sites.rejects), 'vi')}"
    )
    if len(sites.rejects):
        print(f"  {sites.reasons('vi')}")
        print(f"  {sites.reasons('en')}")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``pccc plan``."""
    p = subparsers.add_parser(
        "plan",
        help="đề xuất vị trí điểm chữa cháy công cộng mới / propose new public firefighting points",
        description=(
            "Đề xuất vị trí đặt điểm chữa cháy công cộng mới: phân tích mạng đường, sinh vị trí "
            "ứng viên dọc các ngõ xe chữa cháy không vào được, giữ nguyên các điểm đang hoạt "
            "động, rồi giải bài toán phủ (HiGHS, chứng minh tối ưu). Phủ nghĩa là đi bộ theo "
            "đường không quá bán kính phục vụ. Tệp kết quả theo đuôi: "
            f"{', '.join(OUTPUT_FORMATS)}; mỗi điểm kèm số hộ và cơ sở được phủ thêm.\n"
            "Propose where to put new public firefighting points: analyse the road network, "
            "generate candidate sites along alleys fire trucks cannot enter, keep the working "
            "points, and solve the covering model (HiGHS, proven optimum). Covered means "
            "within the service radius walking along the roads. Output by suffix: "
            f"{', '.join(OUTPUT_FORMATS)}; each point with the households and premises it "
            "newly covers."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_ward_argument(p)
    p.add_argument(
        "--new-points",
        type=int,
        metavar="P",
        help="số điểm mới (mô hình maximal) / number of new points (maximal model)",
    )
    p.add_argument(
        "--radius",
        type=float,
        metavar="M",
        help="bán kính phục vụ, mét (mặc định theo ward.toml) / service radius in metres "
        "(default from ward.toml)",
    )
    p.add_argument(
        "--model",
        choices=list(MODELS),
        default="maximal",
        help="maximal: phủ nhiều nhất với P điểm / cover the most with P points; cover: ít "
        "điểm nhất phủ toàn bộ / fewest points covering all (mặc định/default: maximal)",
    )
    p.add_argument(
        "--share",
        type=float,
        default=1.0,
        metavar="S",
        help="mô hình cover: tỷ lệ nhu cầu cần phủ, 0–1 / cover model: share of demand to "
        "cover, 0–1 (mặc định/default: 1)",
    )
    p.add_argument(
        "--enforce-rules",
        action="store_true",
        help="bắt buộc mỗi ngõ sâu và mỗi tổ dân phố có điểm / require a point in every deep "
        "alley and residential group",
    )
    p.add_argument(
        "--sites",
        type=Path,
        metavar="FILE",
        help="thêm vị trí ứng viên từ tệp, đọc như khi nhập dữ liệu (CSV/XLSX có kinh độ, vĩ "
        "độ hoặc X, Y VN-2000; GeoJSON, KML, GeoPackage, Shapefile nén) / more candidate sites "
        "from a file, read as imports are (CSV/XLSX with longitude, latitude or VN-2000 X, Y; "
        "GeoJSON, KML, GeoPackage, zipped Shapefile)",
    )
    p.add_argument(
        "--night",
        action="store_true",
        help="xét cổng ngõ đóng ban đêm / with alley gates closed at night",
    )
    p.add_argument(
        "--time-limit",
        type=float,
        default=120.0,
        metavar="S",
        help="giới hạn thời gian giải, giây / solver time limit, seconds (mặc định/default: 120)",
    )
    p.add_argument(
        "--lang",
        choices=["vi", "en"],
        default="vi",
        help="ngôn ngữ tệp kết quả / language of the output (mặc định/default: vi)",
    )
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE",
        help=f"tệp kết quả / output file ({', '.join(OUTPUT_FORMATS)})",
    )
    p.set_defaults(func=run)
