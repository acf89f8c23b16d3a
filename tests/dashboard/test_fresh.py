"""Viewers' page runs read the newest version computed for them; one thread computes the next.

Outside a page run (no browser session) the cache functions run as the warming thread
runs them (:func:`dashboard.state.viewing`).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from dashboard import state
from dashboard.cache import core, fresh
from pipelines.model.store import gpkg_path, ward_version


def _touch(ward_dir: Path) -> tuple[int, ...]:
    """Make the ward's files a new version (as a save does); return it."""
    path = gpkg_path(ward_dir)
    mtime = path.stat().st_mtime_ns + 5_000_000_000
    os.utime(path, ns=(mtime, mtime))
    return ward_version(ward_dir)


def _wait_refreshed(ward_dir: Path, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while fresh._key(ward_dir) in fresh._RUNNING:
        assert time.monotonic() < deadline, "the viewers' view was not refreshed in time"
        time.sleep(0.05)


def test_pinned_version_keys_every_result_of_the_run(tiny_ward: Path) -> None:
    files = ward_version(tiny_ward)
    old = (files[0] - 1, *files[1:])
    with state.viewing(masked=True, ward_dir=tiny_ward, files=old):
        assert core.version(tiny_ward) == (*old, 1)
        assert core.shared_version(tiny_ward) == (*old, 0)  # no personal field: every view's
        assert core.version(tiny_ward.parent) != (*old, 1)  # another ward is not pinned
    with state.viewing(masked=False):
        assert core.version(tiny_ward) == (*files, 0)


def test_warm_view_makes_the_files_version_the_one_viewers_read(tiny_ward: Path) -> None:
    first = ward_version(tiny_ward)
    assert fresh._run_version(tiny_ward, first) == first  # nothing computed: the run computes
    fresh.warm_view(tiny_ward, masked=True, files=first)
    assert fresh._READY[fresh._key(tiny_ward)] == first
    assert fresh._run_version(tiny_ward, first) == first


def _instant_warm(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, ...]]:
    warmed: list[tuple[int, ...]] = []

    def warm(ward_dir: Path, *, masked: bool, files: tuple[int, ...], lang: str = "vi") -> None:
        assert masked  # the viewers' view
        warmed.append(files)
        fresh._READY[fresh._key(ward_dir)] = files

    monkeypatch.setattr(fresh, "warm_view", warm)
    return warmed


def test_a_quiet_ward_shows_a_viewer_the_change_at_once(
    tiny_ward: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warmed = _instant_warm(monkeypatch)
    monkeypatch.setattr(fresh, "WAIT_S", 30.0)
    fresh._READY[fresh._key(tiny_ward)] = ward_version(tiny_ward)
    second = _touch(tiny_ward)
    assert fresh._run_version(tiny_ward, second) == second  # waited for the recompute
    assert warmed == [second]


def test_under_load_viewers_see_the_newest_version_computed_while_one_thread_computes(
    tiny_ward: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warmed = _instant_warm(monkeypatch)
    monkeypatch.setattr(fresh, "WAIT_S", 0.0)  # the wait ends before the recompute
    first = ward_version(tiny_ward)
    fresh._READY[fresh._key(tiny_ward)] = first
    second = _touch(tiny_ward)
    seen = fresh._run_version(tiny_ward, second)
    assert seen in (first, second)  # the one before, unless the recompute already ended
    _wait_refreshed(tiny_ward)
    assert warmed == [second], "one recompute"
    assert fresh._run_version(tiny_ward, second) == second


def test_a_failed_refresh_lets_viewers_compute_and_see_the_error(
    tiny_ward: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(fresh, "warm_view", broken)
    first = ward_version(tiny_ward)
    fresh._READY[fresh._key(tiny_ward)] = first
    second = _touch(tiny_ward)
    assert fresh._run_version(tiny_ward, second) == second  # the failure ended the wait
    _wait_refreshed(tiny_ward)
    assert fresh._key(tiny_ward) not in fresh._READY
    assert fresh._run_version(tiny_ward, second) == second


def test_a_viewer_waits_for_its_own_version_not_for_the_saves_made_after_it(
    tiny_ward: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = fresh._key(tiny_ward)
    warmed: list[tuple[int, ...]] = []

    def warm(ward_dir: Path, *, masked: bool, files: tuple[int, ...], lang: str = "vi") -> None:
        warmed.append(files)
        time.sleep(0.2)
        if len(warmed) < 5:
            _touch(ward_dir)  # an editor saves again while this version is computed
        fresh._READY[key] = files

    monkeypatch.setattr(fresh, "warm_view", warm)
    monkeypatch.setattr(fresh, "WAIT_S", 30.0)
    fresh._READY[key] = ward_version(tiny_ward)
    second = _touch(tiny_ward)
    assert fresh._run_version(tiny_ward, second) == second
    assert len(warmed) <= 2, "the run ended with the recompute of its version"
    _wait_refreshed(tiny_ward)
    assert len(warmed) == 5 and fresh._READY[key] == ward_version(tiny_ward)


def test_under_a_stream_of_saves_the_thread_rests_between_recomputes(
    tiny_ward: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = fresh._key(tiny_ward)
    warmed: list[tuple[int, ...]] = []
    rests: list[float] = []

    def warm(ward_dir: Path, *, masked: bool, files: tuple[int, ...], lang: str = "vi") -> None:
        warmed.append(files)
        time.sleep(0.05)
        if len(warmed) < 3:
            _touch(ward_dir)  # saved again meanwhile
        fresh._READY[key] = files

    monkeypatch.setattr(fresh, "warm_view", warm)
    monkeypatch.setattr(fresh, "_rest", rests.append)
    monkeypatch.setattr(fresh, "WAIT_S", 30.0)
    fresh._READY[key] = ward_version(tiny_ward)
    fresh._run_version(tiny_ward, _touch(tiny_ward))
    _wait_refreshed(tiny_ward)
    assert len(warmed) == 3
    assert len(rests) == 2, "a rest after each recompute the files had moved past, none after"
    assert all(r >= 0.05 * fresh.REST_RATIO for r in rests)


def test_on_a_busy_ward_a_viewer_gets_the_version_computed_at_once(
    tiny_ward: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    key = fresh._key(tiny_ward)
    release = threading.Event()

    def warm(ward_dir: Path, *, masked: bool, files: tuple[int, ...], lang: str = "vi") -> None:
        assert release.wait(60)
        fresh._READY[key] = files

    monkeypatch.setattr(fresh, "warm_view", warm)
    first = ward_version(tiny_ward)
    fresh._READY[key] = first
    monkeypatch.setattr(fresh, "WAIT_S", 0.0)
    second = _touch(tiny_ward)
    assert fresh._run_version(tiny_ward, second) == first  # the recompute is under way
    monkeypatch.setattr(fresh, "WAIT_S", 120.0)
    third = _touch(tiny_ward)
    assert fresh._run_version(tiny_ward, third) == first, "a busy ward: no wait"
    release.set()
    _wait_refreshed(tiny_ward)
    assert fresh._run_version(tiny_ward, third) == third
