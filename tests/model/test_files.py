"""The one atomic-write helper: whole new content or the old file, never a half."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipelines.model.files import TEMP_PREFIX, atomic_path, atomic_write, sweep_temps


def test_atomic_write_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.txt"
    atomic_write(target, "cũ")
    atomic_write(target, "mới")
    assert target.read_text(encoding="utf-8") == "mới"
    assert [p.name for p in target.parent.iterdir()] == ["b.txt"]


def test_failure_inside_the_block_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "b.bin"
    atomic_write(target, b"old")
    with pytest.raises(RuntimeError, match="boom"), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("boom")
    assert target.read_bytes() == b"old"
    assert not any(p.name.startswith(TEMP_PREFIX) for p in tmp_path.iterdir())


def test_nothing_written_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nothing was written"), atomic_path(tmp_path / "x"):
        pass
    assert not (tmp_path / "x").exists()


def test_a_killed_writer_leaves_the_old_file_and_the_next_write_sweeps(tmp_path: Path) -> None:
    target = tmp_path / "ward.toml"
    atomic_write(target, "old")
    code = textwrap.dedent(
        f"""
        import os, signal
        from pipelines.model.files import atomic_path
        with atomic_path({str(target)!r}) as tmp:
            tmp.write_text("half")
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], check=False)
    assert proc.returncode == -signal.SIGKILL
    assert target.read_text() == "old"
    assert any(p.name.startswith(TEMP_PREFIX) for p in tmp_path.iterdir())
    sweep_temps(target)
    assert [p.name for p in tmp_path.iterdir()] == ["ward.toml"]
    assert os.stat(target).st_mode & 0o777 == 0o644
