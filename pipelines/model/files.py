"""Files written whole or not at all: the one atomic-write helper of the product.

Every file the product writes for keeps (the store's GeoPackage and ``ward.toml``, saved
column mappings, exports written by the CLI, published map layers, proposal files) goes
through :func:`atomic_path` or :func:`atomic_write`: the content goes to a temporary file
in the target's folder, is flushed to disk (``fsync``), renamed over the target
(``os.replace``, atomic on POSIX) and the folder itself is flushed so the rename survives
a power cut. A process killed at any moment leaves the old file or the new one, never a
half-written one, and no temporary file once the next write of the same target sweeps.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

TEMP_PREFIX = ".tmp-"


def fsync_path(path: str | Path) -> None:
    """Flush a file's or a folder's content and metadata to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_path_for(path: str | Path) -> Path:
    """Return a fresh temporary path beside ``path`` (same folder, so the rename is atomic).

    The name ends with the target's suffix, so libraries that check it (GDAL wants
    ``.gpkg``) accept the temporary file.
    """
    path = Path(path)
    token = f"{os.getpid()}.{secrets.token_hex(4)}"
    return path.parent / f"{TEMP_PREFIX}{path.name}.{token}{path.suffix}"


def sweep_temps(path: str | Path) -> None:
    """Remove temporary files that killed writers of ``path`` left behind."""
    path = Path(path)
    for stale in path.parent.glob(f"{TEMP_PREFIX}{path.name}.*"):
        with contextlib.suppress(OSError):
            stale.unlink()


@contextlib.contextmanager
def atomic_path(path: str | Path, *, mode: int = 0o644, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path`` atomically.

    The caller writes the whole new content to the yielded path (by any means: a library
    that wants a file name, a copy, several writes). When the block ends without error the
    file is flushed, renamed over ``path`` and the folder flushed; when it raises, the
    temporary file is removed and ``path`` is left as it was. ``durable=False`` skips the
    flushes (a file made again from the data if a power cut loses it: a published map
    layer): still atomic for readers, no longer waiting for the disk.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path_for(path)
    try:
        yield tmp
        if not tmp.exists():
            raise FileNotFoundError(f"nothing was written to the temporary file of {path}")
        os.chmod(tmp, mode)
        if durable:
            fsync_path(tmp)
        os.replace(tmp, path)
        if durable:
            fsync_path(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write(
    path: str | Path, data: bytes | str, *, encoding: str = "utf-8", durable: bool = True
) -> Path:
    """Write ``data`` (bytes, or text in ``encoding``) to ``path`` atomically; return ``path``
    (``durable``: see :func:`atomic_path`)."""
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    with atomic_path(path, durable=durable) as tmp:
        tmp.write_bytes(payload)
    return Path(path)
