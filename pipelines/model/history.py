"""The ward's history: every committed version of ``ward.gpkg`` kept as a dated snapshot.

Each write hard-links the file it replaces into ``backups/ward-<UTC stamp>.gpkg``; the stamp
is the moment that version stopped being current, and its ``pccc_meta`` ``written_at`` the
moment it became current. Those files are the history: the version in force at any date is
the first snapshot stamped after it (or ``ward.gpkg`` itself).

Retention (:func:`snapshots_to_drop`, applied after each write) keeps the history useful and
bounded — at most about 30 days of writes + 335 + one per month:

- every version replaced in the last :data:`KEEP_ALL_DAYS` days;
- up to :data:`KEEP_DAILY_DAYS` days back, the version in force at the end of each day;
- older, the version in force at the end of each month;
- always the oldest snapshot (the earliest state known).

Days and months are counted in Vietnam time (UTC+7, :data:`LOCAL_OFFSET`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BACKUP_DIR = "backups"
KEEP_ALL_DAYS = 30
KEEP_DAILY_DAYS = 365
LOCAL_OFFSET = dt.timedelta(hours=7)  # Vietnam (ICT), no daylight saving
_PATTERN = "ward-*.gpkg"
_STAMP = "%Y%m%dT%H%M%S%fZ"


def stamp_name(moment: dt.datetime) -> str:
    """File name of the snapshot of the version replaced at ``moment`` (UTC)."""
    return f"ward-{moment.astimezone(dt.UTC).strftime(_STAMP)}.gpkg"


def stamp_of(path: Path) -> dt.datetime | None:
    """The UTC moment in a snapshot's file name (``None`` for a name not made here)."""
    try:
        return dt.datetime.strptime(path.stem.removeprefix("ward-"), _STAMP).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def _local_day(moment: dt.datetime) -> dt.date:
    return (moment + LOCAL_OFFSET).date()


def snapshots_to_drop(stamps: Sequence[dt.datetime], *, now: dt.datetime) -> list[int]:
    """Indices (into ``stamps``, oldest first) of the snapshots the retention lets go.

    A snapshot was in force from the previous stamp to its own: it holds the state at the end
    of a day (month) exactly when the previous snapshot was stamped on an earlier day (month).
    """
    drop = []
    for i, stamp in enumerate(stamps):
        if i == 0:
            continue
        age = now - stamp
        if age <= dt.timedelta(days=KEEP_ALL_DAYS):
            continue
        day, before = _local_day(stamp), _local_day(stamps[i - 1])
        if age <= dt.timedelta(days=KEEP_DAILY_DAYS):
            keep = day != before
        else:
            keep = (day.year, day.month) != (before.year, before.month)
        if not keep:
            drop.append(i)
    return drop


def list_snapshots(ward_dir: str | Path) -> list[Path]:
    """The ward's snapshots, oldest first."""
    return sorted(
        p for p in (Path(ward_dir) / BACKUP_DIR).glob(_PATTERN) if stamp_of(p) is not None
    )


def prune_snapshots(ward_dir: str | Path, *, now: dt.datetime | None = None) -> list[Path]:
    """Delete the snapshots the retention lets go; return them."""
    snapshots = list_snapshots(ward_dir)
    stamps = [stamp_of(p) for p in snapshots]
    now = now or dt.datetime.now(dt.UTC)
    gone = [snapshots[i] for i in snapshots_to_drop(stamps, now=now)]  # type: ignore[arg-type]
    for path in gone:
        with contextlib.suppress(OSError):
            path.unlink()
    return gone


def written_at(path: Path) -> dt.datetime | None:
    """When a GeoPackage version became current (``pccc_meta`` ``written_at``), if recorded."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
            row = con.execute("SELECT value FROM pccc_meta WHERE key = 'written_at'").fetchone()
    except sqlite3.Error:
        return None
    if not row:
        return None
    moment = dt.datetime.fromisoformat(row[0])
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Snapshot:
    """One version of the store: its file and when it was in force (``until`` None: current)."""

    path: Path
    since: dt.datetime | None
    until: dt.datetime | None


def version_at(ward_dir: str | Path, moment: dt.datetime) -> Snapshot | None:
    """The version in force at ``moment`` (UTC-aware), or ``None`` when none was yet."""
    ward_dir = Path(ward_dir)
    for path in list_snapshots(ward_dir):
        until = stamp_of(path)
        if until is not None and until > moment:
            since = written_at(path)
            if since is not None and since > moment:
                return None
            return Snapshot(path, since, until)
    current = ward_dir / "ward.gpkg"
    if not current.is_file():
        return None
    since = written_at(current)
    if since is not None and since > moment:
        return None
    return Snapshot(current, since, None)
