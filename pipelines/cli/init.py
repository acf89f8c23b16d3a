"""``pccc init DIR --name NAME [--boundary FILE [--feature NAME]] [--osm FILE] [--yes]``.

Creates the ward folder (or uses it when it already holds a ward), writes the boundary
chosen from any file the import reads and imports an OpenStreetMap file into roads,
buildings, water bodies, water sources and premises candidates in one step
(:mod:`pipelines.ingest.start`), then prints what came in and what each page can show.
A boundary larger than ``[ingest] max_boundary_km2`` or one replacing a stored boundary
needs ``--yes``. Exit status: 0 done; 1 some OSM rows rejected; 2 nothing written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines.cli.common import EXIT_OK, EXIT_REJECTS
from pipelines.ingest.start import read_boundary, start_ward
from pipelines.model.store import init_ward, open_ward
from pipelines.reports.missing import page_lines


def run(args: argparse.Namespace) -> int:
    if args.boundary is None and args.osm is None:
        init_ward(args.dir, name=args.name, crs_metric=args.crs, province=args.province)
        print(f"Đã tạo thư mục dữ liệu phường / created ward folder: {args.dir}")
        return EXIT_OK
    boundary = (
        read_boundary(args.boundary, args.feature, crs_metric=args.crs)
        if args.boundary is not None
        else None
    )
    summary = start_ward(
        args.dir,
        name=args.name,
        crs_metric=args.crs,
        province=args.province,
        boundary=boundary,
        osm=args.osm,
        confirmed=args.yes,
    )
    print(f"Phường / ward: {args.name} — {args.dir}")
    if boundary is not None:
        print(f"Ranh giới / boundary: {boundary.name}")
    for vi, en in zip(summary.layer_lines("vi"), summary.layer_lines("en"), strict=True):
        print(f"  {vi}  /  {en}")
    for layer in summary.layers:
        for note in layer.notes:
            print(f"    {note.vi}")
    print("Các trang / pages:")
    ward = open_ward(args.dir, validate=False)
    for vi, en in zip(page_lines(ward, "vi"), page_lines(ward, "en"), strict=True):
        print(f"  {vi}\n    {en}")
    return EXIT_REJECTS if any(o.rejected for o in summary.layers) else EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``pccc init``."""
    p = subparsers.add_parser(
        "init",
        help="bắt đầu phường: thư mục, ranh giới, dữ liệu OSM / start a ward folder",
        description=(
            "Tạo thư mục dữ liệu phường mới (ward.toml với mọi ngưỡng mặc định kèm nguồn, "
            "GeoPackage trống); với --boundary và --osm: ghi ranh giới và nhập đường, nhà, mặt "
            "nước, nguồn nước, cơ sở từ tệp OpenStreetMap trong một bước.\n"
            "Create a new ward folder (ward.toml with every default threshold and its source, "
            "an empty GeoPackage); with --boundary and --osm: write the boundary and import "
            "roads, buildings, water bodies, water sources and premises from an OpenStreetMap "
            "file in one step. On an existing ward folder only the files are imported."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("dir", type=Path, metavar="DIR", help="thư mục phường / ward folder")
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
    p.add_argument(
        "--boundary",
        type=Path,
        help="tệp ranh giới (GeoJSON, GPKG, KML, SHP zip, OSM, dvhcvn) / boundary file",
    )
    p.add_argument(
        "--feature",
        help="tên vùng cần chọn trong tệp nhiều vùng / name of the area to use",
    )
    p.add_argument("--osm", type=Path, help="tệp OpenStreetMap (mọi dạng) / OSM file")
    p.add_argument(
        "--yes",
        action="store_true",
        help="xác nhận ranh giới lớn hoặc thay ranh giới cũ / confirm a large or replacing boundary",
    )
    p.set_defaults(func=run)
