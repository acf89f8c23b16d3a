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
  computes their newest version. On a quiet ward the run waits for it up to
  :data:`WAIT_S` seconds, so the viewer sees the change at once; on a busy one (a
  recompute already under way) it does not wait. Either way a run that shows the version
  before says so, with a line (``viewer_version_behind``), and a later run shows the new
  one. Under a stream of saves the thread rests between recomputes (:data:`REST_RATIO`),
  so that viewers' pages keep about half of the server's one Python process. Editors' and
  admins' runs read the files as they are (they see their own saves at once).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

import pandas as pd

from dashboard import state
from dashboard.cache import core, plan, views
from pipelines.maps.layers import MapFilter
from pipelines.model.store import ward_version

LOG = logging.getLogger("pccc.fresh")
# How long a viewer's page run on a quiet ward waits for the newest version before showing
# the one before (a product default: about twice a recompute of the sample ward on an
# idle machine). On a busy ward (a recompute already under way) a run does not wait.
WAIT_S = float(os.environ.get("PCCC_FRESH_WAIT_S", "6"))
# After a recompute, while the files are newer still, the thread rests this fraction of the
# time the recompute took before the next: under a stream of saves the recomputes take at
# most about half of the server's one Python process, the viewers' pages the rest.
REST_RATIO = 1.0
_LOCK = threading.Lock()
_READY: dict[str, tuple[int, ...]] = {}  # ward folder -> newest version warmed for viewers
_RUNNING: dict[str, threading.Thread] = {}  # ward folder -> the thread warming it now
_CHANGED = threading.Condition(_LOCK)  # notified when a recompute ends
_STARTED: dict[str, int] = {}  # ward folder -> recomputes started (a sequence number)
_DONE: dict[str, int] = {}  # ward folder -> the sequence number of the last one finished


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
    """The version a viewer's run at files ``files`` shows.

    On a quiet ward (no recompute under way) it starts the recompute of ``files`` and
    waits for it up to :data:`WAIT_S` seconds, never for the recomputes of later saves; on
    a busy ward it shows the newest version computed, at once: waiting there kept every
    viewer's page seconds behind while editors saved (``benchmarks/load_sessions.py``)."""
    key = _key(ward_dir)
    with _CHANGED:
        ready = _READY.get(key)
        if ready is None or ready == files:  # nothing warmed yet: the run computes it
            return files
        if key in _RUNNING:  # a busy ward: the version computed last, at once
            return ready
        thread = threading.Thread(
            target=_refresh, args=(ward_dir,), name="pccc-refresh", daemon=True
        )
        _RUNNING[key] = thread
        thread.start()
        needed = _STARTED.get(key, 0) + 1  # the thread's first recompute reads ``files``
        _CHANGED.wait_for(
            lambda: _DONE.get(key, 0) >= needed or key not in _RUNNING, timeout=WAIT_S
        )
        return _READY.get(key) or files


def _rest(seconds: float) -> None:
    time.sleep(seconds)


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
            began = time.monotonic()
            warm_view(ward_dir, masked=True, files=files)
            took = time.monotonic() - began
            with _CHANGED:
                _DONE[key] = seq
                _CHANGED.notify_all()
            if ward_version(ward_dir) != files:
                _rest(took * REST_RATIO)
    except Exception:  # viewers compute the ward themselves again, and see the error
        LOG.exception("computing the viewers' view failed")
        with _LOCK:
            _READY.pop(key, None)
    finally:
        with _CHANGED:
            _RUNNING.pop(key, None)
            _CHANGED.notify_all()
