"""Benchmark: place 10,000 and 100,000 addresses on the ×10 sample ward's named roads.

For each size the script prints

* the time of :func:`pipelines.ingest.geocode.geocode_addresses` (parse each distinct
  address once, match each distinct road key once, place every row), the road index's
  build apart;
* the share placed on the alley, on the street (the address names no alley), on the street
  only (the alley written is not in the roads layer) and rejected;
* the time of a bare ``rapidfuzz.process.extractOne`` (its defaults) of every address over
  the same road names (no parsing, no placement), and the ratio (target ≤ 3×; 100,000 ≤
  10 s). extractOne takes about 2 ms an address here: beyond ``--bare-max`` addresses it is
  timed on the first ``--bare-max`` and scaled linearly (said so in the output).

Then the real points of interest of ``../shared/realdata/osm/hanoi-hoan-kiem-poi-overpass.json``:
their typed ``addr:housenumber`` + ``addr:street`` placed on the roads of
``hanoi-hoan-kiem-overpass.json``; share placed and distance to the true position (median,
90th percentile), and how often the stated error covers it.

It prints figures and never asserts on time. Run::

    .venv/bin/python benchmarks/geocode_speed.py [--sizes 10000 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from rapidfuzz import process

from pipelines.ingest import ImportOptions, commit_import, prepare_import
from pipelines.ingest.address_parse import fold_text
from pipelines.ingest.geocode import RoadIndex, geocode_addresses
from pipelines.model import store
from pipelines.sample.ward import generate_ward
from pipelines.text.formats import format_number, format_percent

CRS = "EPSG:9214"
REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "osm"


def make_addresses(names: list[str], n: int, seed: int = 1) -> pd.Series:
    """Addresses as lists carry them: house numbers, cases, no diacritics, typos, made-up alleys."""
    rng = np.random.default_rng(seed)
    pick = rng.choice(np.array(names, dtype=object), n)
    house = rng.integers(1, 120, n)
    style = rng.choice(6, n, p=[0.35, 0.2, 0.15, 0.1, 0.1, 0.1])
    out = np.empty(n, dtype=object)
    for i, (name, h, s) in enumerate(zip(pick, house, style, strict=True)):
        if s == 0:
            out[i] = f"Số {h} {name}"
        elif s == 1:
            out[i] = f"{h} {fold_text(name)}, P. Trần Phú, TP. Bắc Giang"
        elif s == 2:
            out[i] = f"{name.upper()}, số {h}"
        elif s == 3:  # a letter doubled
            k = 1 + int(rng.integers(0, max(1, len(name) - 1)))
            out[i] = f"SN {h} {name[:k]}{name[k - 1 :]}"
        elif s == 4:
            out[i] = f"Số {h} ngõ {900 + h} Phố Không Có"
        else:
            out[i] = f"Số {h}, ngõ {h % 7 + 300}, {name.split(' ', 1)[-1]}"
    return pd.Series(out)


def _shares(status: np.ndarray) -> str:
    counts = pd.Series(status).value_counts(normalize=True)
    parts = [
        ("ngõ", counts.get("alley", 0.0)),
        ("phố", counts.get("street", 0.0)),
        ("chỉ trên phố", counts.get("street_only", 0.0)),
        (
            "loại",
            1 - counts.get("alley", 0) - counts.get("street", 0) - counts.get("street_only", 0),
        ),
    ]
    return ", ".join(f"{k} {format_percent(v)}" for k, v in parts)


def bench_sizes(sizes: list[int], repeat: int, bare_max: int) -> None:
    roads = generate_ward(scale=10)["roads"]
    t0 = time.perf_counter()
    index = RoadIndex.from_roads(roads, CRS)
    build = time.perf_counter() - t0
    names = sorted(roads["name"].dropna().unique())
    print(
        f"Đường của phường mô phỏng ×10: {format_number(len(roads))} đoạn, "
        f"{format_number(len(names))} tên; lập chỉ mục {format_number(build, decimals=2)} s"
    )
    print(f"{'địa chỉ':>9} {'định vị':>9} {'extractOne':>11} {'tỉ lệ':>6}  kết quả")
    for n in sizes:
        values = make_addresses(names, n)
        best = np.inf
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = geocode_addresses(values, index)
            best = min(best, time.perf_counter() - t0)
        timed = values.iloc[: min(n, bare_max)]
        t0 = time.perf_counter()
        for text in timed:
            process.extractOne(text, names)
        bare = (time.perf_counter() - t0) * n / len(timed)
        scaled = "" if len(timed) == n else f" (đo {format_number(len(timed))}, nhân theo tỉ lệ)"
        print(
            f"{format_number(n):>9} {format_number(best, decimals=2):>8}s "
            f"{format_number(bare, decimals=2):>10}s {format_number(best / bare, decimals=2):>6}  "
            f"{_shares(result.status)}{scaled}"
        )


def bench_pois() -> None:
    roads_file, pois_file = (
        REAL / "hanoi-hoan-kiem-overpass.json",
        REAL / "hanoi-hoan-kiem-poi-overpass.json",
    )
    if not pois_file.is_file():
        print(f"(không có {pois_file}: bỏ qua phần điểm thật)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        ward = Path(tmp) / "hk"
        store.init_ward(ward, name="Hoàn Kiếm", crs_metric="EPSG:3405")
        commit_import(prepare_import(roads_file, ward, ImportOptions(layer="roads")))
        roads = store.read_layer(ward, "roads", validate=False)
    elements = json.loads(pois_file.read_text(encoding="utf-8"))["elements"]
    rows = [
        (f"{e['tags'].get('addr:housenumber', '')} {e['tags']['addr:street']}", e["lon"], e["lat"])
        for e in elements
        if "addr:street" in e.get("tags", {})
    ]
    pois = pd.DataFrame(rows, columns=["address", "lon", "lat"])
    result = geocode_addresses(pois["address"], RoadIndex.from_roads(roads, "EPSG:3405"))
    placed = result.geometry != None  # noqa: E711
    got = gpd.GeoSeries(list(result.geometry[placed]), crs="EPSG:4326").to_crs("EPSG:3405")
    truth = gpd.GeoSeries.from_xy(pois["lon"], pois["lat"], crs="EPSG:4326")[placed]
    d = got.distance(truth.to_crs("EPSG:3405").set_axis(got.index)).to_numpy()
    print(
        f"Điểm thật Hoàn Kiếm: {format_number(int(placed.sum()))}/{format_number(len(pois))} được "
        f"định vị ({format_percent(placed.mean())}; {_shares(result.status)}); khoảng cách tới vị "
        f"trí thật: trung vị {format_number(np.median(d))} m, phân vị 90 "
        f"{format_number(np.percentile(d, 90))} m; sai số ước tính bao được "
        f"{format_percent((d <= result.error_m[placed]).mean())}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bare-max", type=int, default=10_000)
    args = parser.parse_args()
    bench_sizes(args.sizes, args.repeat, args.bare_max)
    bench_pois()


if __name__ == "__main__":
    main()
