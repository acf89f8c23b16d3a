"""A first run that never stops: no prompt, no terminal needed, the tracked sample untouched.

``python -m dashboard`` (and ``make run``) started as a service would start them — stdin
closed, a home folder Streamlit has never seen — must serve the app without printing
Streamlit's first-run e-mail prompt. Importing on the Dữ liệu page with the default ward
must leave ``geodata/sample`` exactly as committed (the dashboard works on a copy).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.model import workcopy
from pipelines.model.store import read_layer
from tests import livetest
from tests.conftest import REPO_ROOT, SAMPLE_WARD

APP = str(REPO_ROOT / "dashboard" / "app.py")


def _env(tmp_path: Path) -> dict[str, str]:
    """A service's environment: a fresh home, no display, the default ward, a private copy."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PCCC_WARD", "DISPLAY")}
    env.update({"HOME": str(home), workcopy.WORK_DIR_ENV: str(tmp_path / "wards")})
    return env


def _serve_and_stop(command: list[str], env: dict[str, str], port: int, log: Path) -> str:
    """Start ``command`` with stdin closed, wait for the app, stop it; return its output."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out
        )
        try:
            deadline = time.monotonic() + 240
            while True:
                assert proc.poll() is None, f"exited with {proc.returncode}: {log.read_text()}"
                try:
                    with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health") as r:
                        assert r.status == 200
                        break
                except OSError:
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.3)
            with urllib.request.urlopen(f"http://localhost:{port}/") as r:
                page = r.read().decode("utf-8")
            assert r.status == 200 and "<html" in page.lower()
            with urllib.request.urlopen(f"http://localhost:{port}/tong-quan") as r:
                assert r.status == 200
            assert proc.poll() is None, "the server keeps running"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return log.read_text(encoding="utf-8", errors="replace")


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_python_m_dashboard_starts_with_stdin_closed_and_no_prompt(tmp_path):
    before = _digests(SAMPLE_WARD)
    port = livetest.free_port()
    output = _serve_and_stop(
        [sys.executable, "-m", "dashboard", "--port", str(port)],
        _env(tmp_path),
        port,
        tmp_path / "run.log",
    )
    assert "Email" not in output and "email" not in output.lower()
    assert "working on the copy" in output
    copy = tmp_path / "wards" / "sample"
    assert _digests(copy).keys() >= {"ward.toml", "ward.gpkg"}
    assert _digests(SAMPLE_WARD) == before


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_starts_under_nohup_with_stdin_closed(tmp_path):
    port = livetest.free_port()
    nohup = ["nohup"] if shutil.which("nohup") else []
    output = _serve_and_stop(
        [*nohup, "make", "run", f"PORT={port}"], _env(tmp_path), port, tmp_path / "make.log"
    )
    assert "Email" not in output
    assert f"localhost:{port}" in output


def test_an_import_on_the_data_page_leaves_the_tracked_sample_unchanged(tmp_path, monkeypatch):
    before = _digests(SAMPLE_WARD)
    monkeypatch.delenv("PCCC_WARD", raising=False)
    monkeypatch.setenv(workcopy.WORK_DIR_ENV, str(tmp_path / "wards"))
    boundary = read_layer(SAMPLE_WARD, "ward_boundary").geometry.union_all()
    inside = boundary.representative_point()
    upload = (
        "Tên cơ sở,Loại hình,Vĩ độ,Kinh độ\n"
        f"Nhà trọ Thử Nghiệm,Nhà trọ,{inside.y:.6f},{inside.x:.6f}\n"
    ).encode()
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page("app_pages/data.py")
    at.session_state["pccc_data_file"] = ("thu-nghiem.csv", upload)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    next(b for b in at.button if b.key == "pccc_data_commit").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Đã ghi 1 đối tượng" in s.value for s in at.success)

    copy = tmp_path / "wards" / "sample"
    stored = read_layer(copy, "premises")
    assert "Nhà trọ Thử Nghiệm" in set(stored["name"])
    assert "Nhà trọ Thử Nghiệm" not in set(read_layer(SAMPLE_WARD, "premises")["name"])
    assert _digests(SAMPLE_WARD) == before
    assert not (SAMPLE_WARD / "imports").exists() and not (SAMPLE_WARD / "backups").exists()
    if shutil.which("git") and (REPO_ROOT / ".git").exists():
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", "geodata/sample"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        assert status.stdout == ""
