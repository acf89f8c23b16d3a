"""Benchmark: import 100,000 premises from XLSX and from CSV; compare with a bare read.

For each format the script prints the time of

* the bare read of the same file with the importer's underlying reader
  (python-calamine for XLSX, ``pandas.read_csv`` for CSV), and
* :func:`pipelines.ingest.prepare_import` (read, map columns and values, convert text,
  resolve VN-2000 and WGS 84 coordinates, check the ward boundary, validate with
  :mod:`pipelines.model.validate`, compare with the store), with their ratio (target ≤ 2.0),
* :func:`pipelines.ingest.commit_import` (atomic GeoPackage write of 100,000 features with
  a backup, original file and history), shown separately: it is the store's write cost.

It prints figures and never asserts on time. Run::

    .venv/bin/python benchmarks/import_speed.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import python_calamine
import shapely
from pyproj import Transformer

from pipelines.ingest import ImportOptions, commit_import, prepare_import
from pipelines.model.store import init_ward, write_layers

CENTRE = (106.195, 21.275)  # lon, lat
# 100,000 premises is a district or province list: spread them over about 6 × 6 km.
SPREAD_DEG = 0.03
CATEGORIES = ("KD karaoke", "Nhà trọ", "Quán hát karaoke", "Nhà ở kết hợp kinh doanh", "Chợ", "Kho")


def make_premises(rows: int, seed: int = 1) -> pd.DataFrame:
    """Return a premises list as a ward would type it: Vietnamese headers, mixed coordinates."""
    rng = np.random.default_rng(seed)
    lon = CENTRE[0] + rng.uniform(-SPREAD_DEG, SPREAD_DEG, rows)
    lat = CENTRE[1] + rng.uniform(-SPREAD_DEG, SPREAD_DEG, rows)
    east, north = Transformer.from_crs("EPSG:4326", "EPSG:9214", always_xy=True).transform(lon, lat)
    metres = rng.random(rows) < 0.5
    x = np.where(metres, np.round(north, 2), np.round(lat, 7))
    y = np.where(metres, np.round(east, 2), np.round(lon, 7))
    return pd.DataFrame(
        {
            "Mã cơ sở": [f"CS{i:06d}" for i in range(rows)],
            "Tên cơ sở": [f"Cơ sở kinh doanh Nguyễn Văn {i}" for i in range(rows)],
            "Loại hình": rng.choice(CATEGORIES, rows),
            "Địa chỉ": [f"Số {i % 300}, ngõ {i % 40}, đường Lê Lợi" for i in range(rows)],
            "Số tầng": rng.integers(1, 8, rows),
            "Diện tích sàn (m²)": rng.uniform(20, 800, rows).round(1),
            "Tọa độ X": x,
            "Tọa độ Y": y,
            "Ngày kiểm tra gần nhất": (
                pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 600, rows), unit="D")
            ).strftime("%d/%m/%Y"),
            "Người đại diện": [f"Trần Thị {i % 997}" for i in range(rows)],
            "Điện thoại": [f"09{i:08d}" for i in range(rows)],
        }
    )


def make_ward(folder: Path) -> Path:
    ward = init_ward(folder / "ward", name="Phường Mẫu", crs_metric="EPSG:9214")
    boundary = shapely.box(
        CENTRE[0] - SPREAD_DEG,
        CENTRE[1] - SPREAD_DEG,
        CENTRE[0] + SPREAD_DEG,
        CENTRE[1] + SPREAD_DEG,
    )
    write_layers(
        ward,
        {
            "ward_boundary": gpd.GeoDataFrame(
                {"id": ["ward"], "name": ["Phường Mẫu"]}, geometry=[boundary], crs="EPSG:4326"
            )
        },
    )
    return ward


def _best(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def bare_xlsx(path: Path) -> pd.DataFrame:
    rows = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    return pd.DataFrame(rows[1:], columns=rows[0])


def bare_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--commit", action="store_true", help="also time commit_import once")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        frame = make_premises(args.rows)
        xlsx = folder / "premises.xlsx"
        csv = folder / "premises.csv"
        start = time.perf_counter()
        frame.to_excel(xlsx, index=False, engine="xlsxwriter")
        frame.to_csv(csv, index=False)
        print(f"rows: {args.rows:,}; files written in {time.perf_counter() - start:.1f} s")
        ward = make_ward(folder)
        options = ImportOptions(layer="premises")
        print(f"{'format':<6} {'bare read s':>12} {'import s':>10} {'ratio':>7}  stored/rejected")
        for label, path, bare in (("xlsx", xlsx, bare_xlsx), ("csv", csv, bare_csv)):
            bare_s, _ = _best(lambda p=path, b=bare: b(p), args.repeat)
            prep_s, preview = _best(lambda p=path: prepare_import(p, ward, options), args.repeat)
            counts = preview.counts
            print(
                f"{label:<6} {bare_s:>12.3f} {prep_s:>10.3f} {prep_s / bare_s:>7.2f}  "
                f"{counts.stored:,}/{counts.rejected:,}"
            )
            stages = ", ".join(f"{k} {v:.2f}" for k, v in preview.timings.items())
            print(f"       stages of the last run (s): {stages}")
        if args.commit:
            start = time.perf_counter()
            result = commit_import(preview)
            print(
                f"commit (GeoPackage write of {result.written:,} features, backup, history): "
                f"{time.perf_counter() - start:.2f} s"
            )


if __name__ == "__main__":
    main()
