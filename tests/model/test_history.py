"""The dated history of a ward: retention of snapshots, the version in force at a date, and
"cùng kỳ năm trước" read from a snapshot."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd

from pipelines.model import history
from pipelines.model.store import apply_changes, list_backups, open_ward, read_layer
from pipelines.reports import plan_status as ps

NOW = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)


def _at(days: float, hour: int = 3) -> dt.datetime:
    return (NOW - dt.timedelta(days=days)).replace(hour=hour, minute=0)


def test_retention_keeps_recent_all_then_days_then_months():
    stamps = sorted(
        [
            _at(800), _at(798), _at(796),  # over a year ago, one month: keep the first only
            _at(400), _at(399, 4),  # another old month
            _at(200, 1), _at(200, 2), _at(200, 5),  # one day within the year: keep the first
            _at(100), _at(99),  # two days: both
            _at(10, 1), _at(10, 2), _at(10, 5),  # recent: all
        ]
    )  # fmt: skip
    dropped = {stamps[i] for i in history.snapshots_to_drop(stamps, now=NOW)}
    assert dropped == {_at(798), _at(796), _at(399, 4), _at(200, 2), _at(200, 5)}
    assert history.snapshots_to_drop([_at(900), _at(860)], now=NOW) == []  # months apart


def test_retention_is_bounded():
    # a write every hour for three years
    stamps = [NOW - dt.timedelta(hours=h) for h in range(3 * 365 * 24, 0, -1)]
    kept = len(stamps) - len(history.snapshots_to_drop(stamps, now=NOW))
    assert kept <= 30 * 24 + 336 + 25  # all of 30 days, one a day for the year, one a month


def _set_written_at(path: Path, moment: dt.datetime) -> None:
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute(
            "UPDATE pccc_meta SET value = ? WHERE key = 'written_at'",
            (moment.isoformat(timespec="seconds"),),
        )
        con.commit()


def test_every_write_leaves_a_dated_snapshot_read_as_the_year_before(tiny_ward: Path):
    snapshots = list_backups(tiny_ward)  # the fixture's write replaced the empty store
    assert len(snapshots) == 1
    groups = read_layer(tiny_ward, "households")
    moved = groups.assign(safety_group_id="G1")  # every household joins the tổ liên gia
    apply_changes(tiny_ward, "households", upserts=moved)
    snapshots = list_backups(tiny_ward)
    assert len(snapshots) == 2
    # Date the tiny ward's first version back: in force from 2025-01-01 to 2026-01-01.
    old = snapshots[-1]
    dated = old.with_name(history.stamp_name(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
    old.rename(dated)
    _set_written_at(dated, dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    snapshots[0].unlink()
    version = history.version_at(tiny_ward, dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    assert version is not None and version.path == dated
    assert history.version_at(tiny_ward, dt.datetime(2024, 6, 1, tzinfo=dt.UTC)) is None
    now = history.version_at(tiny_ward, dt.datetime.now(dt.UTC))
    assert now is not None and now.until is None

    ward = open_ward(tiny_ward)
    network = ps.NetworkFigures(frozenset(), 0, 0)
    ind = ps.plan_indicators(
        ward, ward.config, as_of=pd.Timestamp("2026-06-01"), network=network
    ).set_index("key")
    assert ind.loc["households_in_groups", "value"] == 100.0  # 8 of 8 today
    assert ind.loc["points_working", "previous"] == 100.0  # from the snapshot: D1 worked
    monthly = ps.indicators_by_month(ward, ward.config, as_of=pd.Timestamp("2026-06-01"), months=12)
    sources = monthly.drop_duplicates("month").set_index("month")["source"]
    assert sources[pd.Timestamp("2025-07-31")] == "snapshot"
    assert sources[pd.Timestamp("2026-06-01")] == "records"
    in_groups = monthly[monthly["key"] == "households_in_groups"].set_index("month")["value"]
    assert in_groups[pd.Timestamp("2025-07-31")] == 62.5  # 5 of 8 in that version
