"""Map render benchmark in Chromium: the dashboard's map page against its floors.

For the sample ward (×1) and the ×10 ward it measures, medians of several runs:

- T_boot   opening a bare Streamlit page (one title, same server settings) until it is drawn;
- T_app    opening the map page until every layer is drawn (``window.pcccDrawn`` matches);
- T_static opening a static HTML map of the same layers (assets inlined) until drawn — the
           floor for the map itself;
- T_filter changing a filter (premises category → karaoke) until the map is redrawn;
- T_cold   the first open of the map page right after a server start (its /_stcore/health
           answers), nothing cached: a fresh server process, no published layer files, a
           new browser context — with the caches warmed at start (the default) and, for
           reference, without (``--no-warm``); T_warm is the median of the opens after it
           on the same server.

and prints (T_app − T_boot) / T_static (target ≤ 2.0), T_filter (target ≤ 1 s at ×1) and
T_cold / T_warm (target ≤ 2.0 at ×1). It prints figures; it never asserts on time.

    .venv/bin/python benchmarks/map_render.py [--runs 5] [--scales 1 10] [--cold-runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the live-server harness in tests/

from dashboard.__main__ import SERVER_OPTIONS
from dashboard.components.map import POOL_DIR, PUBLISH_DIR, static_map_html
from pipelines.maps.layers import (
    MAP_THEME_BY_KEY,
    MapFilter,
    MapLayer,
    apply_theme,
    prepare_layers,
    select_layers,
    ward_bounds,
)
from pipelines.model.store import open_ward
from pipelines.network.analysis import analyze_ward
from pipelines.network.layers import (
    MAP_ANALYSIS_LAYERS,
    merge_map_layers,
    prepare_analysis_layers,
    select_analysis_layers,
)
from pipelines.sample.ward import build_sample_ward
from tests import livetest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "geodata" / "sample"
BARE_APP = 'import streamlit as st\nst.title("Bare page")\n'


def page_layers(ward_dir: Path, flt: MapFilter) -> list[MapLayer]:
    """The layers the map page sends (the ward's and the analysis'), opening as theme "current"."""
    ward = open_ward(ward_dir)
    analysis = prepare_analysis_layers(analyze_ward(ward), "vi")
    layers = merge_map_layers(
        select_layers(prepare_layers(ward, "vi"), flt),
        select_analysis_layers({k: analysis[k] for k in MAP_ANALYSIS_LAYERS}, flt),
    )
    return apply_theme(layers, MAP_THEME_BY_KEY["current"])


def expected_counts(ward_dir: Path, flt: MapFilter) -> dict[str, int]:
    """Features per layer the map draws when it opens (layers the theme keeps off: none)."""
    return {layer.key: layer.count for layer in page_layers(ward_dir, flt) if layer.show}


def time_bare_boot(browser, workdir: Path, runs: int) -> list[float]:
    script = workdir / "bare.py"
    script.write_text(BARE_APP, encoding="utf-8")
    port = livetest.free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), f"--server.port={port}",
         "--server.headless=true", *SERVER_OPTIONS],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_health(f"http://localhost:{port}")
        times = []
        for _ in range(runs + 1):
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            t0 = time.perf_counter()
            page.goto(f"http://localhost:{port}/")
            page.get_by_role("heading", name="Bare page").wait_for()
            times.append(time.perf_counter() - t0)
            ctx.close()
        return times[1:]  # the first run warms the server
    finally:
        proc.terminate()
        proc.wait()


def _wait_health(url: str) -> None:
    import urllib.request

    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(url)


def time_static(browser, html_path: Path, expected: dict[str, int], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(html_path.as_uri())
        page.wait_for_function(
            "(want) => { const d = window.pcccDrawn || {};"
            " return Object.keys(want).every(k => d[k] === want[k]); }",
            arg=expected,
            timeout=120_000,
            polling=10,
        )
        page.wait_for_function("() => document.documentElement.getAttribute('data-pccc-draw-seq')")
        times.append(time.perf_counter() - t0)
        ctx.close()
    return times


def time_app(
    browser, url: str, expected: dict[str, int], karaoke: int, runs: int
) -> tuple[list[float], list[float], float]:
    app_times, filter_times = [], []
    cold = None
    for i in range(runs + 1):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(f"{url}/ban-do")
        livetest.wait_for_layers(page, expected, timeout_s=300)
        elapsed = time.perf_counter() - t0
        if i == 0:
            cold = elapsed
        else:
            app_times.append(elapsed)
            # T_filter: choose "karaoke" in the category filter until the map is redrawn
            page.get_by_role("combobox", name="Loại hình cơ sở").click()
            option = page.get_by_role("option", name="Karaoke, vũ trường, quán bar")
            option.wait_for()
            t1 = time.perf_counter()
            option.click()
            livetest.wait_for_layers(page, {"premises": karaoke}, timeout_s=120)
            filter_times.append(time.perf_counter() - t1)
        ctx.close()
    return app_times, filter_times, cold or float("nan")


def open_map(browser, url: str, expected: dict[str, int]) -> float:
    """Open the map page in a new browser context; return the seconds until it is drawn."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    t0 = time.perf_counter()
    page.goto(f"{url}/ban-do")
    livetest.wait_for_layers(page, expected, timeout_s=300)
    elapsed = time.perf_counter() - t0
    ctx.close()
    return elapsed


def time_cold(
    browser, ward_dir: Path, expected: dict[str, int], runs: int, *, warm: bool
) -> tuple[list[float], list[float]]:
    """First opens after fresh server starts (cold), and the opens after them (warm)."""
    cold, warm_times = [], []
    for _ in range(runs):
        for folder in (PUBLISH_DIR, POOL_DIR):  # no layer file from an earlier server
            shutil.rmtree(folder, ignore_errors=True)
        with livetest.serve(ward_dir, warm=warm, timeout_s=120) as url:
            cold.append(open_map(browser, url, expected))
            warm_times.extend(open_map(browser, url, expected) for _ in range(2))
    return cold, warm_times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--cold-runs", type=int, default=3, help="server starts per scale")
    args = parser.parse_args()
    med = statistics.median
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        tmp_dir = Path(tmp)
        browser = livetest.launch_chromium(pw)
        boot = time_bare_boot(browser, tmp_dir, args.runs)
        print(
            f"T_boot (bare Streamlit page): median {med(boot):.3f} s  runs {[round(t, 3) for t in boot]}"
        )
        for scale in args.scales:
            ward_dir = tmp_dir / f"ward-x{scale}"
            if scale == 1:
                shutil.copytree(
                    SAMPLE, ward_dir, ignore=shutil.ignore_patterns("backups", "imports")
                )
            else:
                t0 = time.perf_counter()
                build_sample_ward(ward_dir, scale=scale)
                print(f"[×{scale}] generated in {time.perf_counter() - t0:.1f} s")
            ward = open_ward(ward_dir)
            layers = page_layers(ward_dir, MapFilter())
            expected = expected_counts(ward_dir, MapFilter())
            karaoke = expected_counts(ward_dir, MapFilter(categories=("karaoke",)))["premises"]
            html_path = tmp_dir / f"static-x{scale}.html"
            html_path.write_text(
                static_map_html(layers, ward_bounds(ward), legend_title="Chú giải"),
                encoding="utf-8",
            )
            static = time_static(browser, html_path, expected, args.runs)
            with livetest.serve(ward_dir) as url:
                app, filt, cold = time_app(browser, url, expected, karaoke, args.runs)
            features = sum(expected.values())
            hidden = sum(layer.count for layer in layers if not layer.show)
            ratio = (med(app) - med(boot)) / med(static)
            print(
                f"[×{scale}] {features:,} features drawn ({hidden:,} more in layers the theme "
                f"keeps off), static HTML {html_path.stat().st_size / 1e6:.1f} MB"
            )
            print(
                f"[×{scale}] T_app    median {med(app):.3f} s (first open, cold cache: {cold:.3f} s)"
            )
            print(f"[×{scale}] T_static median {med(static):.3f} s")
            print(
                f"[×{scale}] T_filter median {med(filt):.3f} s  runs {[round(t, 3) for t in filt]}"
            )
            print(f"[×{scale}] (T_app − T_boot) / T_static = {ratio:.2f}  (target ≤ 2.0)")
            for warm in (True, False):
                cold, warm_opens = time_cold(browser, ward_dir, expected, args.cold_runs, warm=warm)
                how = "caches warmed at start" if warm else "no warming (--no-warm)"
                print(
                    f"[×{scale}] T_cold {med(cold):.3f} s  runs {[round(t, 3) for t in cold]}"
                    f"  T_warm {med(warm_opens):.3f} s  ({how})"
                )
                print(
                    f"[×{scale}] T_cold / T_warm = {med(cold) / med(warm_opens):.2f}"
                    f"  (target ≤ 2.0{'' if warm else ', reference'})"
                )
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
