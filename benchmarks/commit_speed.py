"""Benchmark: commit 100,000 imported premises into a copy of the sample ward.

The script generates a premises list of ``--rows`` rows inside the sample ward's boundary
(CSV, Vietnamese headers, WGS 84 coordinates), previews it once with
:func:`pipelines.ingest.prepare_import` and then, on a fresh copy of ``geodata/sample`` each
time, times

* the floor: a bare ``pyogrio.write_dataframe`` of the same rows (the preview's accepted
  features, object columns) to a new GeoPackage, default arguments (the target is set
  against it), and the same write through Arrow (``use_arrow=True``, the fastest bare
  write, shown for reference), and
* :func:`pipelines.ingest.commit_import` (merge with the stored layer under the ward's lock,
  cross-layer reference checks, atomic GeoPackage replace with a hard-linked backup, the
  import history: original file and summary),

and prints the median of ``--repeat`` runs of each, their ratio and the target (≤ 2.0). It
prints figures and never asserts on time. Run::

    .venv/bin/python benchmarks/commit_speed.py [--rows 100000] [--repeat 5] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import shapely

from pipelines.ingest import ImportOptions, commit_import, prepare_import
from pipelines.model.store import read_layer

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_WARD = REPO_ROOT / "geodata" / "sample"
TARGET_RATIO = 2.0
CATEGORIES = ("KD karaoke", "Nhà trọ", "Quán hát karaoke", "Nhà ở kết hợp kinh doanh", "Chợ", "Kho")


def make_premises(boundary: shapely.Geometry, rows: int, seed: int = 1) -> pd.DataFrame:
    """Return a premises list inside ``boundary`` as a ward would type it."""
    rng = np.random.default_rng(seed)
    west, south, east, north = boundary.bounds
    lon = np.empty(0)
    lat = np.empty(0)
    while len(lon) < rows:
        x = rng.uniform(west, east, rows)
        y = rng.uniform(south, north, rows)
        inside = shapely.contains_xy(boundary, x, y)
        lon = np.concatenate([lon, x[inside]])
        lat = np.concatenate([lat, y[inside]])
    lon, lat = lon[:rows], lat[:rows]
    return pd.DataFrame(
        {
            "Mã cơ sở": [f"BM{i:06d}" for i in range(rows)],
            "Tên cơ sở": [f"Cơ sở kinh doanh Nguyễn Văn {i}" for i in range(rows)],
            "Loại hình": rng.choice(CATEGORIES, rows),
            "Địa chỉ": [f"Số {i % 300}, ngõ {i % 40}, đường Lê Lợi" for i in range(rows)],
            "Số tầng": rng.integers(1, 8, rows),
            "Diện tích sàn (m²)": rng.uniform(20, 800, rows).round(1),
            "Vĩ độ": np.round(lat, 7),
            "Kinh độ": np.round(lon, 7),
            "Ngày kiểm tra gần nhất": (
                pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 600, rows), unit="D")
            ).strftime("%d/%m/%Y"),
            "Người đại diện": [f"Trần Thị {i % 997}" for i in range(rows)],
            "Điện thoại": [f"09{i:08d}" for i in range(rows)],
        }
    )


def fresh_ward(folder: Path, run: int) -> Path:
    """Copy the sample ward (``ward.toml`` and ``ward.gpkg`` only) into ``folder``."""
    target = folder / f"ward-{run}"
    target.mkdir()
    for name in ("ward.toml", "ward.gpkg"):
        shutil.copy2(SAMPLE_WARD / name, target / name)
    return target


def floor_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the preview's rows with object text columns (what pyogrio writes as given)."""
    out = frame.copy()
    for column in out.columns:
        if str(out[column].dtype) == "string":
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one commit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        boundary = read_layer(SAMPLE_WARD, "ward_boundary").geometry.iloc[0]
        source = folder / "premises.csv"
        make_premises(boundary, args.rows).to_csv(source, index=False)
        start = time.perf_counter()
        preview = prepare_import(source, fresh_ward(folder, -1), ImportOptions(layer="premises"))
        counts = preview.counts
        print(
            f"rows: {args.rows:,}; preview in {time.perf_counter() - start:.1f} s: "
            f"{counts.new:,} new, {counts.rejected:,} rejected"
        )
        rows = floor_frame(preview.frame)
        floor_s: list[float] = []
        arrow_s: list[float] = []
        commit_s: list[float] = []
        for run in range(args.repeat):
            target = folder / f"floor-{run}.gpkg"
            start = time.perf_counter()
            pyogrio.write_dataframe(rows, target, layer="premises", driver="GPKG")
            floor_s.append(time.perf_counter() - start)
            target = folder / f"arrow-{run}.gpkg"
            start = time.perf_counter()
            pyogrio.write_dataframe(rows, target, layer="premises", driver="GPKG", use_arrow=True)
            arrow_s.append(time.perf_counter() - start)
            ward = fresh_ward(folder, run)
            start = time.perf_counter()
            result = commit_import(preview, ward)
            commit_s.append(time.perf_counter() - start)
            assert result.counts.new == counts.new, "every row of the preview is new"
        if args.profile:
            ward = fresh_ward(folder, args.repeat)
            profile = cProfile.Profile()
            profile.runcall(commit_import, preview, ward)
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        floor, commit = statistics.median(floor_s), statistics.median(commit_s)
        arrow = statistics.median(arrow_s)
        print(f"{'':<48} {'median s':>9}  runs (s)")
        for label, times in (
            ("floor: pyogrio.write_dataframe", floor_s),
            ("bare write through Arrow (use_arrow=True)", arrow_s),
            ("commit_import (lock, merge, checks, write)", commit_s),
        ):
            runs = " ".join(f"{s:.2f}" for s in times)
            print(f"{label:<48} {statistics.median(times):>9.3f}  {runs}")
        verdict = "meets" if commit / floor <= TARGET_RATIO else "misses"
        print(
            f"ratio commit / floor: {commit / floor:.2f} (target ≤ {TARGET_RATIO:.1f}: {verdict}); "
            f"commit / Arrow write: {commit / arrow:.2f}"
        )


if __name__ == "__main__":
    main()
