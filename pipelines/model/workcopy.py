"""The dashboard and `pccc` never write into the tracked sample ward: they work on a copy.

``geodata/sample`` is part of the repository. When the dashboard is asked to open it, it
opens a working copy instead (``var/wards/sample``, git-ignored; ``$PCCC_WORK_DIR`` moves
it), made on first use. Imports, settings and backups then land in the copy and ``git
status`` stays clean. The copy is refreshed from the tracked sample only while nobody has
changed it (the tracked sample was regenerated and the copy is still as it was copied);
deleting the folder starts again from the sample.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from pipelines.model.files import atomic_path, atomic_write

REPO_ROOT = Path(__file__).resolve().parents[2]
TRACKED_SAMPLE = REPO_ROOT / "geodata" / "sample"
WORK_DIR_ENV = "PCCC_WORK_DIR"
DEFAULT_WORK_DIR = REPO_ROOT / "var" / "wards"
MARKER = ".working-copy.json"
FILES = ("ward.toml", "ward.gpkg")  # what a ward folder holds in the repository


def work_dir() -> Path:
    """The folder working copies go in: ``$PCCC_WORK_DIR`` or ``var/wards`` in the repository."""
    return Path(os.environ.get(WORK_DIR_ENV) or DEFAULT_WORK_DIR).resolve()


def is_tracked_sample(ward_dir: str | Path) -> bool:
    """Whether ``ward_dir`` is the repository's own sample ward."""
    return Path(ward_dir).resolve() == TRACKED_SAMPLE.resolve()


def is_working_copy(ward_dir: str | Path) -> bool:
    """Whether ``ward_dir`` is a working copy made by :func:`working_ward`."""
    return (Path(ward_dir) / MARKER).is_file()


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for name in FILES:
        path = folder / name
        h.update(name.encode())
        h.update(path.read_bytes() if path.is_file() else b"-")
    return h.hexdigest()


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".copy.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_marker(target: Path) -> dict:
    try:
        return json.loads((target / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _copy(source: Path, target: Path, source_digest: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        with atomic_path(target / name) as tmp:
            shutil.copyfile(source / name, tmp)
    marker = {"source": str(source), "source_digest": source_digest, "copy_digest": _digest(target)}
    atomic_write(target / MARKER, json.dumps(marker, indent=2) + "\n")


def working_ward(ward_dir: str | Path) -> Path:
    """Return the folder to open for ``ward_dir``: itself, or the working copy of the sample.

    For the tracked sample the copy is made on first use and refreshed when the sample
    changed and the copy did not; a copy someone worked in is never overwritten.
    """
    ward_dir = Path(ward_dir).resolve()
    if not is_tracked_sample(ward_dir):
        return ward_dir
    target = work_dir() / ward_dir.name
    with _locked(target.parent):
        source_digest = _digest(ward_dir)
        marker = _read_marker(target)
        present = all((target / name).is_file() for name in FILES)
        untouched = present and marker.get("copy_digest") == _digest(target)
        if not present or (untouched and marker.get("source_digest") != source_digest):
            _copy(ward_dir, target, source_digest)
    return target
