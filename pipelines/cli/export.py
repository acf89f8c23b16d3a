"""``pccc export --layer LAYER --format FMT --out FILE``: one ward layer out as a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines.cli.common import EXIT_OK, add_ward_argument
from pipelines.export.layers import EXPORT_FORMATS, export_ward_layer
from pipelines.model.schema import LAYER_NAMES


def run(args: argparse.Namespace) -> int:
    path = export_ward_layer(args.ward, args.layer, args.format, args.out)
    print(f"Đã xuất / exported: {path}")
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``pccc export``."""
    e = subparsers.add_parser(
        "export",
        help="xuất một lớp dữ liệu / export a layer",
        description=(
            "Xuất một lớp ra GeoJSON, GeoPackage, KML, CSV hoặc XLSX (CSV/XLSX có tiêu đề tiếng "
            "Việt, nhập lại được).\n"
            "Export a layer as GeoJSON, GeoPackage, KML, CSV or XLSX (CSV/XLSX with Vietnamese "
            "headers, re-importable)."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    e.add_argument(
        "--layer",
        required=True,
        choices=LAYER_NAMES,
        metavar="LAYER",
        help=f"lớp / layer: {', '.join(LAYER_NAMES)}",
    )
    e.add_argument(
        "--format",
        required=True,
        choices=tuple(EXPORT_FORMATS),
        metavar="FMT",
        help=f"định dạng / format: {', '.join(EXPORT_FORMATS)}",
    )
    add_ward_argument(e)
    e.add_argument(
        "--out", required=True, type=Path, metavar="FILE", help="tệp ghi ra / output file"
    )
    e.set_defaults(func=run)
