"""Restore the ward, or one feature, to an earlier version of its history (audited).

A restore is a change like any other: the layers (or the feature) of a dated version
(:mod:`pipelines.model.history`) are written over what is stored now, under the ward's lock,
in one atomic write whose audit entries say ``how="restore"``. The audit trail is never
rolled back, and the version replaced by the restore joins the history. Settings
(``ward.toml``) are not part of a version and stay as they are.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.model import audit, history, store
from pipelines.model.errors import StoreError
from pipelines.model.schema import LAYER_NAMES, get_layer


def _snapshot_file(ward_dir: Path, snapshot: str | Path) -> Path:
    path = Path(snapshot)
    if not path.is_absolute():
        path = ward_dir / history.BACKUP_DIR / path.name
    if not path.is_file():
        raise StoreError(
            f"Không có phiên bản {path.name} trong lịch sử của phường.",
            f"no version {path.name} in the ward's history",
        )
    return path


def restore_ward(ward_dir: str | Path, snapshot: str | Path, *, user: str = "") -> list[str]:
    """Make every layer what it was in ``snapshot`` (a file of ``backups/``); return the
    layers that changed. Not validated again: the version was valid when it was stored."""
    ward_dir = Path(ward_dir)
    path = _snapshot_file(ward_dir, snapshot)
    actor = audit.Actor(user, "restore", note=path.name)
    layers = {name: store.read_snapshot_layer(path, name) for name in LAYER_NAMES}
    before = {name: store.layer_version(ward_dir, name) for name in LAYER_NAMES}
    store.write_layers(ward_dir, layers, note=f"restore {path.name}", validate=False, actor=actor)
    return [n for n in LAYER_NAMES if store.layer_version(ward_dir, n) != before[n]]


def restore_feature(
    ward_dir: str | Path, layer: str, feature_id: str, snapshot: str | Path, *, user: str = ""
) -> store.LayerChange:
    """Give one feature its value in ``snapshot`` (removed when it did not exist then)."""
    get_layer(layer)
    ward_dir = Path(ward_dir)
    path = _snapshot_file(ward_dir, snapshot)
    actor = audit.Actor(user, "restore", note=path.name)
    frame = store.read_snapshot_layer(path, layer)
    row = frame[frame["id"].astype("string") == str(feature_id)]
    note = f"restore {layer} {feature_id} {path.name}"
    if len(row):
        return store.apply_changes(ward_dir, layer, upserts=row, note=note, actor=actor)
    return store.apply_changes(ward_dir, layer, delete_ids=[feature_id], note=note, actor=actor)
