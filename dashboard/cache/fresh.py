"""Viewers' pages while editors save: the newest version computed, one recompute at a time.

Every cached result is keyed on the version of the ward's files (:func:`core.version`), so
each save makes every page compute the ward again: reading and validating it, the network
analysis, the plan's figures, the map layers — seconds of the server's one Python process.
With two editors saving every few seconds and twenty people reading, each viewer's page
run chased the newest version and none finished for minutes
(``benchmarks/load_sessions.py``). So:

- :func:`warm_view` computes what Tổng quan and Bản đồ open with, for one view (an
  editor's, or a viewer's with personal fields masked) at one version of the files (at
  start-up: :mod:`dashboard.warm`);
- :func:`begin_run` pins each page run to one version, so that every figure of a page
  comes from the same data. A viewer's run (viewers change nothing) is pinned to the
  newest version computed for viewers; when the files are newer, ONE background thread
  computes their newest version and the run waits for the recompute that covers its
  files, up to :data:`WAIT_S` seconds (a quiet ward: the viewer sees the change at once);
  it never waits for the recomputes of saves made after it started. Under load the wait ends first:
  the run shows the version before, with a line saying the newest is being computed
  (:func:`stale`), and the next page run shows it. Editors' and admins' runs read the
  files as they are (they see their own saves at once).
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import pandas as pd

from dashboard import state
from dashboard.cache import core, plan, views
from pipelines.maps.layers import MapFilter
from pipelines.model.store import ward_version

LOG = logging.getLogger("pccc.fresh")
# How long a viewer's page run waits for the newest version before showing the one before
# (a product default: about twice a recompute of the sample ward on an idle machine).
WAIT_S = float(os.environ.get("PCCC_FRESH_WAIT_S", "6"))
_LOCK = threading.Lock()
_READY: dict[str, tuple[int, ...]] = {}  # ward folder -> newest version warmed for viewers
_RUNNING: dict[str, threading.Thread] = {}  # ward folder -> the thread warming it now
_CHANGED = threading.Condition(_LOCK)  # notified when a recompute ends
_STARTED: dict[str, int] = {}  # ward folder -> recomputes started (a sequence number)
_DONE: dict[str, int] = {}  # ward folder -> the sequence number of the last one finished
_COMPUTING: dict[str, tuple[int, ...]] = {}  # ward folder -> the files being computed now


def warm_view(ward_dir: Path, *, masked: bool, files: tuple[int, ...], lang: str = "vi") -> None:
    """Compute what Tổng quan and Bản đồ (no filter) open with, for the view ``masked``
    at version ``files`` of the ward's files; a viewer's view is then served (see above)."""
    flt = MapFilter()
    today = pd.Timestamp.today().normalize()
    with state.viewing(masked=masked, ward_dir=ward_dir, files=files):
        core.ward(ward_dir)
        core.bounds(ward_dir)
        core.kpis(ward_dir)
        plan.plan_page(ward_dir, lang, today)
        plan.plan_charts(ward_dir, lang, today)
        views.overview_tables(ward_dir, lang)
        core.map_layers(ward_dir, lang, flt)
        views.map_page_layers(ward_dir, lang, flt, "current")
    if masked:
        with _LOCK:
            _READY[_key(ward_dir)] = files


def _key(ward_dir: Path) -> str:
    return str(Path(ward_dir).resolve())


def begin_run(ward_dir: Path) -> bool:
    """Pin this page run to one version of ``ward_dir``'s files (see above); return whether
    it shows a version older than the files (the newest is being computed)."""
    if not state.masked_view():
        state.pin_version(ward_dir, None)
        return False
    files = ward_version(ward_dir)
    pinned = _run_version(ward_dir, files)
    state.pin_version(ward_dir, pinned)
    return pinned != files


def _run_version(ward_dir: Path, files: tuple[int, ...]) -> tuple[int, ...]:
    """The version a viewer's run at files ``files`` shows: ``files`` once computed, waiting
    for it up to :data:`WAIT_S` seconds, else the newest computed before.

    The run waits for the one recompute that covers ``files`` (the one under way if it read
    them, else the next), never for the recomputes of later saves."""
    key = _key(ward_dir)
    with _CHANGED:
        ready = _READY.get(key)
        if ready is None or ready == files:  # nothing warmed yet: the run computes it
            return files
        running = key in _RUNNING
        if not running:
            thread = threading.Thread(
                target=_refresh, args=(ward_dir,), name="pccc-refresh", daemon=True
            )
            _RUNNING[key] = thread
            thread.start()
        started = _STARTED.get(key, 0)
        needed = started if running and _COMPUTING.get(key) == files else started + 1
        _CHANGED.wait_for(
            lambda: _DONE.get(key, 0) >= needed or key not in _RUNNING, timeout=WAIT_S
        )
        return _READY.get(key) or files


def _refresh(ward_dir: Path) -> None:
    """Warm the viewers' view until it is at the files' newest version."""
    key = _key(ward_dir)
    try:
        while True:
            files = ward_version(ward_dir)
            with _LOCK:
                if _READY.get(key) == files:
                    return
                seq = _STARTED[key] = _STARTED.get(key, 0) + 1
                _COMPUTING[key] = files
            warm_view(ward_dir, masked=True, files=files)
            with _CHANGED:
                _DONE[key] = seq
                _CHANGED.notify_all()
    except Exception:  # viewers compute the ward themselves again, and see the error
        LOG.exception("computing the viewers' view failed")
        with _LOCK:
            _READY.pop(key, None)
    finally:
        with _CHANGED:
            _RUNNING.pop(key, None)
            _COMPUTING.pop(key, None)
            _CHANGED.notify_all()
