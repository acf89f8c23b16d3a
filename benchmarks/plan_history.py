"""Benchmark: the plan's indicators on the sample ward, now and month by month from a history.

On a copy of ``geodata/sample`` the script times

* the network figures (risk classes, deep alleys: one network analysis),
* :func:`pipelines.reports.plan_status.plan_indicators` and ``plan_indicators_by_group``,
* :func:`indicators_by_month` over 24 months from the dated records only, then with
  ``--snapshots`` dated snapshots in ``backups/`` (one per month, the sample's own file) —
  first with every snapshot read (what a cold cache costs), then with the figures of each
  snapshot served from a dictionary keyed by file identity (what Tổng quan's cache serves),

and prints the medians of ``--repeat`` runs. It prints figures and never asserts on time::

    .venv/bin/python benchmarks/plan_history.py [--snapshots 12] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from pipelines.model import history
from pipelines.model.store import gpkg_path, open_snapshot, open_ward
from pipelines.reports import plan_status as ps

SAMPLE = Path(__file__).resolve().parents[1] / "geodata" / "sample"
AS_OF = pd.Timestamp("2026-11-01")


def _median(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def _dated_snapshots(ward_dir: Path, n: int) -> None:
    """``n`` snapshots, one in force over each of the ``n`` months before AS_OF."""
    backups = ward_dir / history.BACKUP_DIR
    backups.mkdir(exist_ok=True)
    for k in range(n, 0, -1):
        since = (AS_OF - pd.DateOffset(months=k)).to_pydatetime().replace(tzinfo=dt.UTC)
        until = since + dt.timedelta(days=30)
        target = backups / history.stamp_name(until)
        shutil.copy2(gpkg_path(ward_dir), target)
        with contextlib.closing(sqlite3.connect(target)) as con:
            con.execute(
                "UPDATE pccc_meta SET value = ? WHERE key = 'written_at'",
                (since.isoformat(timespec="seconds"),),
            )
            con.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshots", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ward_dir = Path(tmp) / "sample"
        shutil.copytree(SAMPLE, ward_dir, ignore=shutil.ignore_patterns("backups", "imports"))
        ward = open_ward(ward_dir)
        t_net, network = _median(lambda: ps.compute_network(ward), 1)
        print(f"network figures (one analysis):           {t_net:7.2f} s")
        t_ind, _ = _median(
            lambda: ps.plan_indicators(ward, ward.config, as_of=AS_OF, network=network),
            args.repeat,
        )
        print(f"plan_indicators:                          {t_ind:7.2f} s")
        t_grp, _ = _median(
            lambda: ps.plan_indicators_by_group(ward, ward.config, as_of=AS_OF, network=network),
            args.repeat,
        )
        print(f"plan_indicators_by_group:                 {t_grp:7.2f} s")
        t_rec, _ = _median(
            lambda: ps.indicators_by_month(ward, ward.config, as_of=AS_OF), args.repeat
        )
        print(f"24 months from dated records:             {t_rec:7.2f} s")
        _dated_snapshots(ward_dir, args.snapshots)
        t_cold, monthly = _median(
            lambda: ps.indicators_by_month(ward, ward.config, as_of=AS_OF), args.repeat
        )
        shown = (monthly.drop_duplicates("month")["source"] == "snapshot").sum()
        print(f"24 months, {shown:2d} from snapshots, each read:  {t_cold:7.2f} s")
        cache: dict[tuple, dict[str, float]] = {}

        def cached(path: object, month: pd.Timestamp) -> dict[str, float]:
            stat = os.stat(str(path))
            key = (str(path), stat.st_size, stat.st_mtime_ns, month)
            if key not in cache:
                snap = open_snapshot(ward_dir, path)
                cache[key] = ps.indicators_at(snap, snap.config, month, dated_only=False)
            return cache[key]

        ps.indicators_by_month(ward, ward.config, as_of=AS_OF, figures_of=cached)
        t_warm, _ = _median(
            lambda: ps.indicators_by_month(ward, ward.config, as_of=AS_OF, figures_of=cached),
            args.repeat,
        )
        print(f"the same, snapshot figures cached:        {t_warm:7.2f} s")


if __name__ == "__main__":
    main()
