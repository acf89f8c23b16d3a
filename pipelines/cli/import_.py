"""``pccc import FILE --layer LAYER``: a user's file into a ward layer, with preview and rejects.

Exit status (see :mod:`pipelines.cli`): 0 every row stored; 1 some rows rejected (the
rejects file was written, CSV and XLSX); 2 the file or the ward cannot be used.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from pipelines.cli.common import EXIT_OK, EXIT_REJECTS, add_user_argument, add_ward_argument
from pipelines.ingest import coordinates
from pipelines.ingest.encodings import encoding_label
from pipelines.ingest.formats import FORMAT_LABELS
from pipelines.ingest.headers import save_mapping
from pipelines.ingest.pipeline import (
    ImportCounts,
    ImportOptions,
    ImportPreview,
    commit_import,
    copy_rejects,
    prepare_import,
)
from pipelines.model.errors import InputFileError
from pipelines.model.schema import LAYER_NAMES
from pipelines.text.formats import format_number
from pipelines.text.labels import COMMIT_LABELS


def _pairs(values: list[str] | None, option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputFileError(
                f"{option} phải có dạng TÊN=GIÁ_TRỊ, nhận được '{item}'",
                f"{option} should read NAME=VALUE, got '{item}' instead",
            )
        out[key.strip()] = value.strip()
    return out


def _values(items: list[str] | None) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for key, code in _pairs(items, "--value").items():
        field_name, sep, value = key.partition(":")
        if not sep or not value:
            raise InputFileError(
                f"--value phải có dạng TRƯỜNG:GIÁ_TRỊ=MÃ, nhận được '{key}={code}'",
                f"--value should read FIELD:VALUE=CODE, got '{key}={code}' instead",
            )
        out.setdefault(field_name.strip(), {})[value.strip()] = code
    return out


def _counts_line(c: ImportCounts) -> str:
    return (
        f"{format_number(c.rows_in)} — mới / new {format_number(c.new)}, "
        f"cập nhật / updated {format_number(c.updated)}, không đổi / unchanged "
        f"{format_number(c.unchanged)}, bị loại / rejected {format_number(c.rejected)}"
    )


def _print_preview(preview: ImportPreview) -> None:
    c = preview.counts
    fmt_vi, fmt_en = FORMAT_LABELS.get(preview.format, (preview.format, preview.format))
    print(f"Tệp / file: {preview.source_name} — {fmt_vi} / {fmt_en}")
    if preview.sheet:
        print(f"Trang / sheet: {preview.sheet}")
    if preview.header_row:
        print(f"Dòng tiêu đề / header row: {preview.header_row}")
    if preview.encoding:
        print(
            f"Bảng mã / encoding: {encoding_label(preview.encoding, 'vi')} / "
            f"{encoding_label(preview.encoding, 'en')}"
        )
    if len(preview.conversions):
        counts = preview.conversions["encoding"].value_counts()
        shown = ", ".join(f"{encoding_label(k)}: {format_number(v)}" for k, v in counts.items())
        print(f"Ô đã chuyển mã / converted cells: {shown}")
        for _, row in preview.conversions.head(5).iterrows():
            print(
                f"  dòng {format_number(row['row'])}, {row['column']}: "
                f"{row['before']!r} → {row['after']!r}"
            )
    if preview.crs is not None:
        print(
            f"Hệ tọa độ / CRS: {preview.crs.crs} ({coordinates.crs_name(preview.crs.crs)}), "
            f"theo / from: {preview.crs.source}"
        )
    print("Ánh xạ cột / column mapping:")
    for m in preview.mapping:
        target = m.target or "— (bỏ qua / ignored)"
        print(f"  {m.column} → {target}")
    for note in preview.notes:
        print(f"- {note.vi} / {note.en}")
    print(f"Số dòng / rows: {_counts_line(c)}")
    if len(preview.duplicates):
        print(
            "Trùng lặp được đánh dấu / duplicates flagged: "
            f"{format_number(len(preview.duplicates))}"
        )
    for problem in preview.problems[:10]:
        print(
            f"  dòng / row {problem.feature_id}: {problem.field} = {problem.value!r}: {problem.reason_vi}"
        )
    if len(preview.problems) > 10:
        more = format_number(len(preview.problems) - 10)
        print(f"  … và {more} lỗi khác / and {more} more")


def run(args: argparse.Namespace) -> int:
    options = ImportOptions(
        layer=args.layer,
        sheet=args.sheet,
        header_row=args.header_row,
        encoding=args.encoding,
        text_mode=args.text,
        columns={k: (v or None) for k, v in _pairs(args.map, "--map").items()},
        values=_values(args.value),
        crs=args.crs,
        defaults=_pairs(args.default, "--default"),
        use_saved_mapping=not args.no_saved_mapping,
    )
    preview = prepare_import(args.file, args.ward, options)
    _print_preview(preview)
    if args.save_mapping:
        path = save_mapping(
            args.ward,
            args.layer,
            columns=preview.mapping_dict(),
            values=options.values,
            crs=args.crs,
            defaults=options.defaults,
        )
        print(f"Đã lưu ánh xạ cột / mapping saved: {path}")
    if args.dry_run:
        directory = args.rejects_dir or Path(tempfile.mkdtemp(prefix="pccc-rejects-"))
        written = copy_rejects(preview, directory)
        print("Chạy thử: chưa ghi gì vào dữ liệu phường / dry run: nothing written to the ward")
        if written:
            print(f"Dòng bị loại / rejects: {written[0]} ; {written[1]}")
        return EXIT_REJECTS if preview.counts.rejected else EXIT_OK
    result = commit_import(preview, user=args.user)
    print(f"Đã ghi / written: {format_number(result.written)} đối tượng / features")
    print(f"Khi ghi / at the write: {_counts_line(result.counts)}")
    if result.recomputed:
        vi, en = COMMIT_LABELS["recomputed"]
        print(f"{vi} / {en}")
    if result.backup:
        print(f"Bản sao lưu / backup: {result.backup}")
    print(f"Tệp gốc lưu tại / original kept at: {result.original}")
    if result.rejects_csv:
        print(f"Dòng bị loại / rejects: {result.rejects_csv} ; {result.rejects_xlsx}")
        return EXIT_REJECTS
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``pccc import``."""
    p = subparsers.add_parser(
        "import",
        help="nhập tệp vào một lớp dữ liệu của phường / import a file into a ward layer",
        description=(
            "Nhập một tệp (CSV/TSV, XLSX, XLS, GeoJSON, GeoPackage, Shapefile nén .zip, KML/KMZ, "
            "OpenStreetMap .osm, .osm.pbf, Overpass JSON) vào một lớp. Tự nhận bảng mã (UTF-8, "
            "UTF-16, Windows-1258, TCVN3, VNI), dòng tiêu đề, cột theo tên tiếng Việt/Anh, tọa độ "
            "WGS 84 hoặc VN-2000 (X = bắc, Y = đông). Mỗi dòng được lưu hoặc ghi vào tệp dòng bị "
            "loại (CSV và XLSX) kèm lý do. Nhập lớp ward_boundary sẽ đặt ranh giới phường.\n"
            "Import a file into a layer. Detects the encoding (UTF-8, UTF-16, Windows-1258, TCVN3, "
            "VNI), the header row, columns by Vietnamese/English names, WGS 84 or VN-2000 "
            "coordinates (X = northing, Y = easting). Every row is stored or written to the "
            "rejects file (CSV and XLSX) with its reason. Importing ward_boundary sets the ward's "
            "boundary."
        ),
        epilog=(
            "Mã thoát / exit status: 0 mọi dòng đã lưu / every row stored; 1 có dòng bị loại "
            "(đã ghi tệp dòng bị loại) / some rows rejected (rejects file written); 2 tệp không "
            "dùng được / unusable input."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", type=Path, metavar="FILE", help="tệp cần nhập / file to import")
    add_user_argument(p)
    p.add_argument(
        "--layer",
        required=True,
        choices=LAYER_NAMES,
        metavar="LAYER",
        help=f"lớp đích / target layer: {', '.join(LAYER_NAMES)}",
    )
    add_ward_argument(p)
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="chỉ xem trước, không ghi / preview only, write nothing",
    )
    p.add_argument("--sheet", help="trang, lớp hoặc thư mục trong tệp / sheet, layer or folder")
    p.add_argument(
        "--header-row",
        type=int,
        metavar="N",
        help="số dòng tiêu đề (tính từ 1) / header row number (1-based)",
    )
    p.add_argument(
        "--crs",
        metavar="EPSG",
        help="hệ tọa độ của tọa độ trong tệp / CRS of the file's coordinates, e.g. EPSG:9214",
    )
    p.add_argument(
        "--encoding",
        metavar="CODEC",
        help="bảng mã của tệp văn bản / text file encoding (utf-8, utf-16, cp1258, cp1252)",
    )
    p.add_argument(
        "--text",
        choices=("auto", "tcvn3", "vni", "unicode"),
        default="auto",
        help="chuyển mã từng ô / per-cell conversion (mặc định/default: auto)",
    )
    p.add_argument(
        "--map",
        action="append",
        metavar="CỘT=TRƯỜNG",
        help="ánh xạ cột / map a column: 'Tên cơ sở=name'; 'Cột=' bỏ qua / ignores",
    )
    p.add_argument(
        "--default",
        action="append",
        metavar="TRƯỜNG=GIÁ_TRỊ",
        help="giá trị cho ô trống / value for empty cells: 'category=other'",
    )
    p.add_argument(
        "--value",
        action="append",
        metavar="TRƯỜNG:GIÁ_TRỊ=MÃ",
        help="ánh xạ giá trị danh mục / map a category value: 'category:Nhà hàng=other'",
    )
    p.add_argument(
        "--save-mapping",
        action="store_true",
        help="lưu ánh xạ cột cho lần sau / save the column mapping for next time",
    )
    p.add_argument(
        "--no-saved-mapping",
        action="store_true",
        help="không dùng ánh xạ đã lưu / ignore the saved mapping",
    )
    p.add_argument(
        "--rejects-dir",
        type=Path,
        metavar="DIR",
        help="thư mục ghi dòng bị loại khi chạy thử / rejects folder for --dry-run",
    )
    p.set_defaults(func=run)
