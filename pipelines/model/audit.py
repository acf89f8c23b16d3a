"""The audit trail: an append-only table ``pccc_audit`` in ``ward.gpkg``.

Every change to the ward's data or settings leaves entries — who, when (UTC), layer, feature
id, field, old → new (as text) and how (:data:`HOWS`). A new feature is one entry
``created``, a removed one one entry ``deleted`` (no field), an updated one an entry per
changed field (``geometry`` as WKT). Settings changes name their layer ``settings``, their
feature the section and their field the key.

Entries of a data change are written into the copy of the store that then replaces
``ward.gpkg`` (the same atomic write, under the ward's lock). SQLite triggers refuse any
UPDATE or DELETE of an entry; a whole-ward restore writes the old layers into the current
file as a change like any other (:mod:`pipelines.model.restore`): the trail is kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from pipelines.model.merge import same_geometry, same_values
from pipelines.model.schema import get_layer

TABLE = "pccc_audit"
HOWS = ("import", "settings", "restore", "edit", "inspection")
SETTINGS_LAYER = "settings"
CREATED = "created"
DELETED = "deleted"
COLUMNS = ("seq", "at", "user", "how", "layer", "feature_id", "field", "old", "new", "note")
_WKT_DIGITS = 7

_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    "seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL, "
    "how TEXT NOT NULL, layer TEXT NOT NULL, feature_id TEXT, field TEXT, old TEXT, new TEXT, "
    "note TEXT)",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'pccc_audit is append-only'); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'pccc_audit is append-only'); END",
    # (no index: it would double the cost of a 100,000-row import; reads scan the table)
)


@dataclass(frozen=True)
class Actor:
    """Who changes the ward and how (one of :data:`HOWS`)."""

    user: str = ""
    how: str = "import"
    note: str = ""

    def __post_init__(self) -> None:
        if self.how not in HOWS:
            raise ValueError(f"'how' should be one of {', '.join(HOWS)}, got '{self.how}' instead")

    @property
    def name(self) -> str:
        return self.user or os_user()


def os_user() -> str:
    """The operating system's user name (the CLI's default author)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


def now_text() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _text(value: Any) -> str | None:
    if value is None or (not isinstance(value, (list, tuple, np.ndarray)) and pd.isna(value)):
        return None
    if isinstance(value, shapely.Geometry):
        return shapely.to_wkt(value, rounding_precision=_WKT_DIGITS)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def layer_entries(
    name: str,
    rows: gpd.GeoDataFrame,
    current: gpd.GeoDataFrame,
    status: np.ndarray,
    removed_ids: Iterable[str],
) -> list[tuple[str, str | None, str | None, str | None]]:
    """Entries (feature id, field, old, new) of one layer's change.

    ``rows`` are the rows written, ``current`` the stored rows aligned to them (as
    :func:`pipelines.model.merge.row_statuses` compares them), ``status`` their statuses.
    """
    ids = rows["id"].astype("string").to_numpy(dtype=object)
    out: list[tuple[str, str | None, str | None, str | None]] = []
    out += [(str(i), None, None, CREATED) for i in ids[status == "new"]]
    updated = np.flatnonzero(status == "updated")
    if len(updated):
        new = rows.iloc[updated].reset_index(drop=True)
        old = current.iloc[updated].reset_index(drop=True)
        layer = get_layer(name)
        columns = [f.name for f in layer.fields if f.name != "id"]
        for column in columns:
            differs = ~same_values(new[column], old[column])
            for k in np.flatnonzero(differs):
                out.append(
                    (str(ids[updated[k]]), column, _text(old[column][k]), _text(new[column][k]))
                )
        if layer.geometry is not None:
            moved = ~same_geometry(new.geometry.to_numpy(), old.geometry.to_numpy())
            for k in np.flatnonzero(moved):
                old_geom, new_geom = old.geometry.iloc[k], new.geometry.iloc[k]
                out.append((str(ids[updated[k]]), "geometry", _text(old_geom), _text(new_geom)))
    out += [(str(i), None, DELETED, None) for i in removed_ids]
    return out


def write_entries(
    con: sqlite3.Connection,
    actor: Actor,
    entries: Mapping[str, Sequence[tuple[str, str | None, str | None, str | None]]],
    *,
    at: str | None = None,
) -> int:
    """Append entries (per layer) on an open connection (the caller commits); return count."""
    for statement in _CREATE:
        con.execute(statement)
    at = at or now_text()
    user = actor.name
    rows = (
        (at, user, actor.how, layer, fid, field, old, new, actor.note or None)
        for layer, items in entries.items()
        for fid, field, old, new in items
    )
    before = con.total_changes
    con.executemany(
        f"INSERT INTO {TABLE} (at, user, how, layer, feature_id, field, old, new, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return con.total_changes - before


def append(path: Path, actor: Actor, entries: Mapping[str, Sequence[tuple]]) -> int:
    """Append entries to the GeoPackage at ``path`` in one transaction."""
    with contextlib.closing(sqlite3.connect(path)) as con:
        count = write_entries(con, actor, entries)
        con.commit()
    return count


def settings_entries(
    section: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> list[tuple[str, str | None, str | None, str | None]]:
    """Entries (section, key, old, new) of the settings of one section that changed."""
    return [
        (section, key, _text_setting(before.get(key)), _text_setting(value))
        for key, value in after.items()
        if before.get(key) != value
    ]


def _text_setting(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple, dict)):
        return repr(value)
    return _text(value)


def read_entries(
    path: Path,
    *,
    since: dt.datetime | None = None,
    layer: str | None = None,
    feature_id: str | None = None,
    user: str | None = None,
) -> pd.DataFrame:
    """The trail (oldest first), filtered; ``at`` as UTC-aware timestamps."""
    where, params = [], []
    for column, value in (("layer", layer), ("feature_id", feature_id), ("user", user)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if since is not None:
        where.append("at >= ?")
        params.append(since.astimezone(dt.UTC).isoformat(timespec="seconds"))
    sql = f"SELECT {', '.join(COLUMNS)} FROM {TABLE}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY seq"
    frame = pd.DataFrame(columns=list(COLUMNS))
    if path.is_file():
        uri = f"file:{path}?mode=ro"
        with (
            contextlib.closing(sqlite3.connect(uri, uri=True)) as con,
            contextlib.suppress(sqlite3.OperationalError),  # no entry yet
        ):
            frame = pd.DataFrame(con.execute(sql, params).fetchall(), columns=list(COLUMNS))
    frame["at"] = pd.to_datetime(frame["at"], utc=True, format="ISO8601")
    return frame


def personal_mask(entries: pd.DataFrame) -> np.ndarray:
    """Which entries change a personal field (their old and new values are masked for viewers)."""
    out = np.zeros(len(entries), dtype=bool)
    for i, (layer, column) in enumerate(zip(entries["layer"], entries["field"], strict=True)):
        if layer == SETTINGS_LAYER or not isinstance(column, str):
            continue
        try:
            fields = {f.name: f for f in get_layer(layer).fields}
        except (KeyError, ValueError):
            continue
        out[i] = column in fields and fields[column].personal
    return out


def masked(entries: pd.DataFrame, mask_text: str) -> pd.DataFrame:
    """A copy of ``entries`` whose personal values (old and new) read ``mask_text``."""
    out = entries.copy()
    hide = personal_mask(out)
    for column in ("old", "new"):
        out[column] = out[column].astype(object)
        out.loc[hide & out[column].notna().to_numpy(), column] = mask_text
    return out
