"""The dashboard and `pccc` never write into the tracked sample ward: they work on a copy.

``geodata/sample`` is part of the repository. When the dashboard is asked to open it, it
opens a working copy instead (``var/wards/sample``, git-ignored; ``$PCCC_WORK_DIR`` moves
it), made on first use. Imports, settings and backups then land in the copy and ``git
status`` stays clean. The copy is refreshed from the tracked sample only while nobody has
changed it (the tracked sample was regenerated and the copy is still as it was copied);
deleting the folder starts again from the sample.

Wards started from public data on the Dữ liệu page get their own folder beside it
(:func:`new_ward_dir`, listed by :func:`started_wards`).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from pipelines.model.errors import InputFileError
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


# --- Wards started from the dashboard -------------------------------------------------------

_FOLDER = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def folder_name(ward_name: str) -> str:
    """A folder name for a ward: "Phường Hoàn Kiếm" → ``phuong-hoan-kiem``."""
    text = unicodedata.normalize("NFD", ward_name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:48].strip("-")
    return slug or "phuong"


def new_ward_dir(ward_name: str) -> Path:
    """A folder under :func:`work_dir` for a new ward, not used yet (``-2``, ``-3`` … added)."""
    base = folder_name(ward_name)
    root = work_dir()
    for n in range(1, 1000):
        name = base if n == 1 else f"{base}-{n}"
        if name != "sample" and not (root / name).exists():
            return root / name
    raise InputFileError(
        f"Đã có quá nhiều thư mục phường tên '{base}' trong {root}",
        f"Too many ward folders named '{base}' in {root}",
    )


def started_wards() -> list[str]:
    """Folders under :func:`work_dir` that hold a ward other than the sample's working copy."""
    root = work_dir()
    if not root.is_dir():
        return []
    return sorted(
        p.name
        for p in root.iterdir()
        if _FOLDER.match(p.name) and (p / "ward.toml").is_file() and not is_working_copy(p)
    )


def started_ward(name: str | None) -> Path | None:
    """The folder of a ward listed by :func:`started_wards` (``None`` for any other name:
    a name from a URL never reaches outside :func:`work_dir`)."""
    if not name or not _FOLDER.match(name):
        return None
    path = work_dir() / name
    return path if (path / "ward.toml").is_file() and not is_working_copy(path) else None
