"""Point-planner speed and memory beside spopt on the same instance.

For the sample ward (×1) and the ×10 ward it measures, each side in its own process (so
peak memory is its own; the ward is loaded and analysed first and not counted):

ours
    build   candidate sites, demand and the coverage by one radius-limited network pass
            (:func:`pipelines.planning.problem.planning_problem`);
    solve   maximal covering with ``p`` new points, HiGHS, proven optimum (``mip_rel_gap=0``);
    greedy  the instant greedy answer and its gap to the optimum;
    what-if latency of one edit plus the refreshed figures: add / remove a candidate, and a
            point placed by a click (snap + one radius-limited pass), median and worst.
spopt
    build   the same instance as spopt takes it — a dense demand × site cost matrix (our
            network distances, ``inf`` beyond the radius: same coverage), the existing working
            points as predefined facilities — and ``MCLP.from_cost_matrix``;
    solve   ``MCLP.solve(pulp.HiGHS())`` (the same solver, so the difference is the model).

It prints both objectives (they must be equal), the times, the peak memory above the loaded
ward, and the ratio ours / spopt of build + solve (target ≤ 0.5). spopt at ×10 runs only
within a time and memory cap, printed with the result. It never asserts on time.

    .venv/bin/python benchmarks/siting_speed.py [--scales 1 10] [--p 20] [--spopt-cap-s 300]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "geodata" / "sample"


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> float:
    """Reset the process's peak RSS (Linux ``clear_refs`` 5); return the current RSS in MB."""
    Path("/proc/self/clear_refs").write_text("5")
    return _rss_mb("VmRSS")


def _loaded(ward_dir: str):
    from pipelines.model.store import open_ward
    from pipelines.network.analysis import analyze_ward

    ward = open_ward(ward_dir)
    start = time.perf_counter()
    analysis = analyze_ward(ward)
    return ward, analysis, time.perf_counter() - start


def child_ours(ward_dir: str, p: int) -> dict:
    import numpy as np

    from pipelines.planning import WhatIf, planning_problem, propose
    from pipelines.planning.siting import greedy_gap

    ward, analysis, t_analysis = _loaded(ward_dir)
    base = _reset_peak()
    t0 = time.perf_counter()
    problem = planning_problem(ward, analysis)
    t_build = time.perf_counter() - t0
    quick = propose(problem, p=p, method="greedy")
    best = propose(problem, p=p, time_limit_s=600.0)
    t_solve = best.solve_time_s
    peak = _rss_mb("VmHWM") - base

    # what-if: edits on a proposal starting from the optimum
    rng = np.random.default_rng(7)
    ids = problem.candidates["id"].to_numpy(dtype=object)
    whatif = WhatIf(problem)
    for j in best.chosen:
        whatif.add(ids[j])
    timings: dict[str, list[float]] = {"add": [], "remove": [], "click": []}
    for j in rng.choice(len(ids), size=60, replace=False):
        if ids[j] in whatif.keys:
            continue
        t = time.perf_counter()
        whatif.add(ids[j])
        whatif.figures()
        timings["add"].append(time.perf_counter() - t)
        t = time.perf_counter()
        whatif.remove(ids[j])
        whatif.figures()
        timings["remove"].append(time.perf_counter() - t)
    sites = problem.candidates.geometry
    for j in rng.choice(len(ids), size=40, replace=False):
        t = time.perf_counter()
        change = whatif.place(sites.iat[j].x + 3e-5, sites.iat[j].y + 2e-5)  # a few metres off
        whatif.figures()
        timings["click"].append(time.perf_counter() - t)
        if change.placed:
            whatif.remove(change.key)
    cov = problem.coverage
    return {
        "demand": cov.n_demand,
        "candidates": cov.n_candidates,
        "fixed": len(problem.fixed),
        "pairs": int(cov.covers.nnz),
        "model_rows": cov._reduced.n_rows,
        "radius_m": problem.radius_m,
        "analysis_s": t_analysis,
        "build_s": t_build,
        "solve_s": t_solve,
        "status": best.status,
        "objective": best.objective,
        "greedy_objective": quick.objective,
        "greedy_s": quick.solve_time_s,
        "greedy_gap": greedy_gap(quick, best),
        "peak_mb": peak,
        "whatif": {k: [statistics.median(v), max(v)] for k, v in timings.items() if v},
    }


def child_spopt(ward_dir: str, p: int) -> dict:
    import numpy as np
    import pulp
    from spopt.locate import MCLP

    from pipelines.planning import planning_problem

    ward, analysis, _ = _loaded(ward_dir)
    problem = planning_problem(ward, analysis)
    graph = problem.graph
    # the fixed points' distances: same pass as ours, outside the timed part

    fixed_snap = analysis.snapped["firefighting_points"].take(
        np.flatnonzero(analysis.public_points["working"].to_numpy(bool))
    )
    fixed = graph.distance_matrix(fixed_snap, problem.demand_snapped, limit_m=problem.radius_m)
    sites = problem.coverage.distance_m  # demand × candidate, within the radius
    weights = problem.coverage.weight
    n_fixed = fixed.shape[0]
    del analysis
    base = _reset_peak()
    t0 = time.perf_counter()
    cost = np.full((sites.shape[0], sites.shape[1] + n_fixed), np.inf)
    rows = np.repeat(np.arange(sites.shape[0]), np.diff(sites.indptr))
    cost[rows, sites.indices] = sites.data
    f = fixed.T.tocsr()
    f_rows = np.repeat(np.arange(f.shape[0]), np.diff(f.indptr))
    cost[f_rows, sites.shape[1] + f.indices] = f.data
    predefined = np.r_[np.zeros(sites.shape[1], bool), np.ones(n_fixed, bool)]
    model = MCLP.from_cost_matrix(
        cost, weights, problem.radius_m, p + n_fixed, predefined_facilities_arr=predefined
    )
    t_build = time.perf_counter() - t0
    t1 = time.perf_counter()
    model.solve(pulp.HiGHS(msg=False))
    t_solve = time.perf_counter() - t1
    return {
        "build_s": t_build,
        "solve_s": t_solve,
        "objective": float(pulp.value(model.problem.objective)),
        "peak_mb": _rss_mb("VmHWM") - base,
    }


CHILDREN = {"ours": child_ours, "spopt": child_spopt}


def run_child(kind: str, ward_dir: Path, p: int, *, cap_s: float, mem_gb: float) -> dict:
    """Run one side in a fresh process; return its figures or why it did not finish."""

    def limit_memory() -> None:
        cap = int(mem_gb * 1024**3)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    cmd = [sys.executable, __file__, "--child", kind, "--ward", str(ward_dir), "--p", str(p)]
    try:
        done = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=cap_s,
            preexec_fn=limit_memory,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
    except subprocess.TimeoutExpired:
        return {"unfinished": f"did not finish within {cap_s:g} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"unfinished": f"failed under a {mem_gb:g} GB memory cap: {last}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def ward_for(scale: int, workdir: Path) -> Path:
    if scale == 1:
        return SAMPLE
    from pipelines.sample.ward import build_sample_ward

    return build_sample_ward(workdir / f"x{scale}", scale=scale)


def report(scale: int, p: int, ours: dict, theirs: dict, cap_s: float, mem_gb: float) -> None:
    ms = 1000.0
    print(f"\n=== sample ward ×{scale}: p = {p} new points, radius {ours['radius_m']:g} m ===")
    print(
        f"instance: {ours['demand']:,} demand points, {ours['candidates']:,} candidate sites, "
        f"{ours['fixed']} working points kept; {ours['pairs']:,} pairs within the radius; "
        f"{ours['model_rows']:,} demand rows in the model after merging"
    )
    print(f"ward analysis (shared, not counted): {ours['analysis_s']:.2f} s")
    print(
        f"ours   build {ours['build_s']:7.2f} s · solve {ours['solve_s']:7.2f} s "
        f"({ours['status']}) · peak {ours['peak_mb']:7.1f} MB · objective {ours['objective']:.3f}"
    )
    print(
        f"greedy {ours['greedy_s'] * ms:7.1f} ms · objective {ours['greedy_objective']:.3f} · "
        f"gap to the optimum {ours['greedy_gap']:.2%}"
    )
    for op, (med, worst) in ours["whatif"].items():
        print(f"what-if {op:6s} median {med * ms:6.1f} ms · worst {worst * ms:6.1f} ms")
    if "unfinished" in theirs:
        print(f"spopt  (cap {cap_s:g} s, {mem_gb:g} GB): {theirs['unfinished']}; no ratio to print")
        return
    print(
        f"spopt  build {theirs['build_s']:7.2f} s · solve {theirs['solve_s']:7.2f} s · "
        f"peak {theirs['peak_mb']:7.1f} MB · objective {theirs['objective']:.3f} "
        f"(cap {cap_s:g} s, {mem_gb:g} GB)"
    )
    same = abs(theirs["objective"] - ours["objective"]) <= 1e-6 * max(1.0, ours["objective"])
    print(f"objectives equal: {'yes' if same else 'NO'}")
    ratio = (ours["build_s"] + ours["solve_s"]) / (theirs["build_s"] + theirs["solve_s"])
    print(
        f"ratio ours / spopt (build + solve): {ratio:.3f} (target ≤ 0.5) · "
        f"build {ours['build_s'] / theirs['build_s']:.3f} · "
        f"solve {ours['solve_s'] / theirs['solve_s']:.3f} · "
        f"memory {ours['peak_mb'] / max(theirs['peak_mb'], 1e-9):.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--p", type=int, default=20, help="new points at ×1 (×scale beyond)")
    parser.add_argument("--spopt-cap-s", type=float, default=300.0)
    parser.add_argument("--spopt-mem-gb", type=float, default=10.0)
    parser.add_argument("--child", choices=list(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--ward", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](str(args.ward), args.p)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales:
            ward_dir = ward_for(scale, Path(tmp))
            p = args.p * scale
            ours = run_child("ours", ward_dir, p, cap_s=3600.0, mem_gb=16.0)
            if "unfinished" in ours:
                print(f"\n=== ×{scale}: ours {ours['unfinished']} ===")
                continue
            cap = args.spopt_cap_s if scale > 1 else max(args.spopt_cap_s, 1800.0)
            theirs = run_child("spopt", ward_dir, p, cap_s=cap, mem_gb=args.spopt_mem_gb)
            report(scale, p, ours, theirs, cap, args.spopt_mem_gb)


if __name__ == "__main__":
    main()
