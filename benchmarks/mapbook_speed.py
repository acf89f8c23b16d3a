"""Map book benchmark: the sample ward (×1, 12 tổ dân phố) and the ×10 ward (120), against a floor.

For each scale it measures:

- T_analysis  the network analysis the book draws from (the dashboard caches it);
- T_book      :func:`pipelines.reports.mapbook.mapbook_pdf` — cover, overview and one page per
              tổ dân phố, written to PDF with fonts embedded;
- T_floor     the bare matplotlib drawing of the same geometries in the same extents (one axes
              per page, no legend, table, text or page furniture), saved to a PDF the same way;

and prints T_analysis + T_book against its target (×1 ≤ 30 s, ×10 ≤ 5 min) and T_book / T_floor,
in wall-clock time and in this process's CPU time (on a shared machine the two differ).
It prints figures; it never asserts on time.

    .venv/bin/python benchmarks/mapbook_speed.py [--scales 1 10]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

import matplotlib
import numpy as np
import shapely
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.model.store import open_ward
from pipelines.network.analysis import analyze_ward
from pipelines.reports.mapbook import mapbook_pdf
from pipelines.reports.mapdraw import MapData, draw_map, map_data
from pipelines.sample.ward import build_sample_ward
from pipelines.text.formats import format_number

REPO = Path(__file__).resolve().parents[1]
TARGET_S = {1: 30.0, 10: 300.0}


def floor_pdf(data: MapData) -> bytes:
    """The same geometries drawn bare: the ward, then each tổ dân phố's extent."""
    extents = [data.extent()]
    extents += [
        data.extent(np.array([g]), pad=0.08)
        for g in data.groups
        if g is not None and not shapely.is_empty(g)
    ]
    out = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(out) as pdf:
        for extent in extents:
            fig = Figure(figsize=(297 / 25.4, 210 / 25.4))
            draw_map(fig.add_axes([0.03, 0.04, 0.62, 0.84]), data, extent)
            pdf.savefig(fig)
    return out.getvalue()


def measure(ward_dir: Path, scale: int) -> None:
    ward = open_ward(ward_dir)
    t0 = time.perf_counter()
    analysis = analyze_ward(ward)
    t_analysis = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    book = mapbook_pdf(ward, analysis)
    t_book, c_book = time.perf_counter() - t0, time.process_time() - c0
    data = map_data(ward, analysis)
    t0, c0 = time.perf_counter(), time.process_time()
    floor = floor_pdf(data)
    t_floor, c_floor = time.perf_counter() - t0, time.process_time() - c0
    n = len(ward["residential_groups"])
    f = lambda v, d=1: format_number(v, decimals=d)  # noqa: E731
    total = t_analysis + t_book
    print(
        f"×{scale}: {f(n, 0)} tổ dân phố, {f(n + 2, 0)} trang / pages, "
        f"{f(len(book) / 1e6)} MB (sàn / floor {f(len(floor) / 1e6)} MB)"
    )
    print(
        f"  T_analysis {f(t_analysis)} s · T_book {f(t_book)} s ({f(t_book / (n + 2), 2)} s/trang) · "
        f"tổng / total {f(total)} s (mục tiêu / target ≤ {f(TARGET_S.get(scale, float('nan')), 0)} s)"
    )
    print(f"  T_floor {f(t_floor)} s · T_book / T_floor = {f(t_book / t_floor, 2)}")
    print(
        f"  CPU (this process): book {f(c_book)} s, floor {f(c_floor)} s, ratio "
        f"{f(c_book / c_floor, 2)} (wall much above CPU: the machine was busy)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    args = parser.parse_args()
    for scale in args.scales:
        if scale == 1:
            measure(REPO / "geodata" / "sample", 1)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            ward_dir = build_sample_ward(Path(tmp) / f"x{scale}", scale=scale)
            measure(ward_dir, scale)


if __name__ == "__main__":
    main()
