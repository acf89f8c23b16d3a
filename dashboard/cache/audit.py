"""The Lịch sử thay đổi page: the audit trail (masked for viewers), versions, restores.

Part of the dashboard's one caching boundary (:mod:`dashboard.cache`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.cache.core import version
from pipelines.model import audit
from pipelines.model.access import MASK
from pipelines.model.history import list_snapshots, stamp_of
from pipelines.model.restore import restore_feature as _restore_feature
from pipelines.model.restore import restore_ward as _restore_ward
from pipelines.model.store import gpkg_path


@st.cache_data(max_entries=8, show_spinner=False)
def _entries(ward_dir: str, version: tuple[int, ...]) -> pd.DataFrame:
    entries = audit.read_entries(gpkg_path(ward_dir))
    return audit.masked(entries, MASK) if version[-1] else entries


def audit_entries(ward_dir: Path) -> pd.DataFrame:
    """The whole trail, oldest first; personal values masked in a viewer's session."""
    return _entries(str(ward_dir), version(ward_dir))


def audit_versions(ward_dir: Path) -> list[tuple[str, pd.Timestamp]]:
    """The ward's earlier versions, newest first: (snapshot file name, when it was replaced)."""
    out = [(p.name, pd.Timestamp(stamp_of(p))) for p in list_snapshots(ward_dir)]
    return out[::-1]


def restore_ward(ward_dir: Path, snapshot: str, user: str) -> list[str]:
    """Restore every layer to a version (not cached; audited as ``restore``)."""
    return _restore_ward(ward_dir, snapshot, user=user)


def restore_feature(ward_dir: Path, layer: str, feature_id: str, snapshot: str, user: str) -> int:
    """Restore one feature to a version; return how many features changed."""
    change = _restore_feature(ward_dir, layer, feature_id, snapshot, user=user)
    return change.new + change.updated + change.deleted
