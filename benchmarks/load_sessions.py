"""Benchmark: 20 concurrent sessions on one dashboard server (viewers reading, editors saving).

The script copies the sample ward into a temporary folder, creates its users there
(:mod:`pipelines.model.users`: 18 viewers, 2 editors by default), starts ONE dashboard on
it (:func:`tests.livetest.serve`, localhost only) and runs, bounded in count and time:

* **viewers** — protocol-level clients speaking Streamlit's websocket protocol
  (``/_stcore/stream``, ``BackMsg`` / ``ForwardMsg``), each one browser tab: sign in with the
  form ("Tên đăng nhập", "Mật khẩu"), then ``--rounds`` times open Tổng quan, open Bản đồ and
  change the map's filters twice (the multiselects "Loại hình cơ sở", "Tổ dân phố"). Like
  a browser, a client answers a new map component with its first value (one more rerun)
  and fetches the layer files the map names (``/app/static/layers/<tab>/<hash>.json``) that
  it has not fetched yet. An action has *settled* when the last rerun it caused has sent its
  ``script_finished`` and its new layer files have arrived. Each user has their own
  machine: a real Chromium per session on this machine would measure 20 browsers'
  rendering, not the server, so no browser is used here;
* **editors** — in their own processes, concurrently with the viewers, through the one
  function :func:`save_edit` (the store call of the editing page: ``store.apply_changes(...,
  expected={id: the feature's version read}, actor=Actor(user, "edit"))``). The two
  editors work on the same few public firefighting points, on two fields, so they often
  change the same feature: a save made from a feature the other editor has changed since
  is refused (the page shows both values and lets the editor choose), never merged
  silently.

First a **floor**: one viewer alone, the same actions, no editor. Then the load. It prints,
through the one formatter (:mod:`pipelines.text.formats`), p50/p95/max settle time per
action and over all actions, the ratio of the load's p95 to the floor's, and the edits:
acknowledged, kept (the value is in the final store), merged with a concurrent change,
overwritten by a concurrent save that had not seen them (a lost update the audit trail
still shows), lost (acknowledged but neither in the final store nor in the audit trail)
and refused. Target: p95 ≤ 3 s, 0 lost edits. It prints figures and never asserts on
time.

**Pace.** People pause between actions; a benchmark without pauses measures a queue, not
twenty people. By default a viewer pauses about 5 s after each action (2,5-7,5 s: a page
glanced at, fast for someone reading a dashboard), the viewers arrive one a second (the
ramp, as load tools start users: Locust's default spawn rate is one a second) and an
editor saves about every 15 s (a form filled in and saved, fast for a person). The stress
pace of earlier runs is ``--think-s 1 --edit-pause-s 3 --ramp-s 2``. Run::

    .venv/bin/python benchmarks/load_sessions.py [--sessions 20] [--editors 2]
        [--rounds 3] [--seconds 240] [--think-s 5] [--edit-pause-s 15] [--ramp-s 18]
        [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import os
import random
import re
import shutil
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the live-server harness in tests/

from pipelines.model import audit, store, versions
from pipelines.model.users import add_user
from pipelines.text.formats import format_number
from tests import livetest

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_WARD = REPO_ROOT / "geodata" / "sample"
TARGET_P95_S = 3.0
LANG = "vi"

# What a viewer does, in order (the keys of the figures), with their printed names.
SIGN_IN, OVERVIEW, MAP, FILTER = "sign_in", "overview", "map", "filter"
ACTIONS = {
    SIGN_IN: "đăng nhập / sign in",
    OVERVIEW: "mở Tổng quan / open overview",
    MAP: "mở Bản đồ / open map",
    FILTER: "đổi bộ lọc / change filter",
}
PAGE_PATHS = {OVERVIEW: "tong-quan", MAP: "ban-do"}
FILTER_LABELS = ("Loại hình cơ sở", "Tổ dân phố")  # the map page's multiselects, in Vietnamese
EDIT_LAYER = "firefighting_points"
EDIT_FIELDS = ("note", "address")
EDIT_FEATURES = 3  # the first few points: the editors meet on them often
_LAYER_URL = re.compile(rb"/app/static/layers/[\w-]+/[0-9a-f]+\.json")


# ---------------------------------------------------------------------- figures (pure)


@dataclass(frozen=True)
class Settle:
    """p50, p95 and the largest of a list of settle times (seconds), and how many."""

    n: int
    p50_s: float
    p95_s: float
    max_s: float


def settle_figures(times_s: Sequence[float]) -> Settle:
    """Percentiles of ``times_s`` (linear interpolation between ranks, as numpy's default)."""
    if not len(times_s):
        return Settle(0, float("nan"), float("nan"), float("nan"))
    values = np.asarray(times_s, dtype=float)
    p50, p95 = np.percentile(values, [50, 95])
    return Settle(len(values), float(p50), float(p95), float(values.max()))


@dataclass(frozen=True)
class Edit:
    """One save an editor asked for, and what the store answered.

    ``based_on`` is the layer version the editor read; ``version`` the version the save
    made (empty when refused); ``moved``: the layer had changed since ``based_on`` and the
    save was merged with what was stored then.
    """

    editor: str
    feature_id: str
    field: str
    value: str
    based_on: str
    acknowledged: bool
    version: str = ""
    moved: bool = False
    reason: str = ""


@dataclass(frozen=True)
class EditCounts:
    """What became of the edits (see :func:`count_edits`)."""

    acknowledged: int
    kept: int
    merged: int
    overwritten: int
    lost: int
    refused: int


def version_number(version: str) -> int:
    """The counter of a layer version (``"12-3fa0c1d2"`` → 12; the initial version → 0)."""
    counter = version.split("-", 1)[0]
    return int(counter) if counter.isdigit() else 0


def count_edits(
    edits: Iterable[Edit], final: Mapping[tuple[str, str], str], trail: pd.DataFrame
) -> EditCounts:
    """Count the edits: kept, merged, overwritten, lost, refused.

    ``final`` maps (feature id, field) to the value stored at the end; ``trail`` is the
    audit trail (columns ``user``, ``feature_id``, ``field``, ``new``). An acknowledged edit
    is *kept* when its value is the one stored at the end; else it is *overwritten* when the
    trail records it and a later acknowledged edit of the same cell was based on a version
    older than the one this edit made (it never saw it: a lost update the trail still
    shows), *lost* when the trail does not record it; an edit that a later save which had
    seen it changed again counts as neither. *Merged*: acknowledged edits the store merged
    with a concurrent change (``moved``).
    """
    edits = list(edits)
    done = [e for e in edits if e.acknowledged]
    recorded = {
        (str(r.user), str(r.feature_id), str(r.field), str(r.new))
        for r in trail.itertuples(index=False)
    }
    kept = overwritten = lost = 0
    for e in done:
        if final.get((e.feature_id, e.field)) == e.value:
            kept += 1
            continue
        if (e.editor, e.feature_id, e.field, e.value) not in recorded:
            lost += 1
            continue
        made = version_number(e.version)
        later = [
            o
            for o in done
            if (o.feature_id, o.field) == (e.feature_id, e.field)
            and version_number(o.version) > made
        ]
        if any(version_number(o.based_on) < made for o in later):
            overwritten += 1
    return EditCounts(
        acknowledged=len(done),
        kept=kept,
        merged=sum(e.moved for e in done),
        overwritten=overwritten,
        lost=lost,
        refused=len(edits) - len(done),
    )


# ---------------------------------------------------------------------- editors


def save_edit(ward_dir: Path, editor: str, feature_id: str, field_name: str, value: str) -> Edit:
    """Save one edit as the editing page does (:mod:`pipelines.model.edit`): read the
    layer, change one cell of one feature, ``store.apply_changes(..., expected={id: the
    feature's version read}, actor=Actor(editor, "edit"))``. A feature changed by the other
    editor since it was read refuses the save (a ``ConflictError``, which the page shows
    with both values): refused, never lost."""
    frame = store.read_layer(ward_dir, EDIT_LAYER)
    based_on = str(frame.attrs.get(store.VERSION_ATTR, ""))
    row = frame[frame["id"] == feature_id].copy()
    read = versions.feature_versions(EDIT_LAYER, row)
    row[field_name] = value
    try:
        change = store.apply_changes(
            ward_dir,
            EDIT_LAYER,
            upserts=row,
            based_on=based_on,
            expected={feature_id: str(read[feature_id])},
            actor=audit.Actor(editor, "edit"),
        )
    except Exception as exc:  # refused: a conflict, a validation problem, a lock timeout
        return Edit(editor, feature_id, field_name, value, based_on, False, reason=repr(exc))
    return Edit(editor, feature_id, field_name, value, based_on, True, change.version, change.moved)


def editor_session(
    ward_dir: Path,
    editor: str,
    features: Sequence[str],
    *,
    seed: int,
    edits: int,
    pause_s: float,
    until: float,
) -> list[Edit]:
    """One editor: up to ``edits`` saves, a random feature and field each, a pause of
    about ``pause_s`` between them, until the wall clock reaches ``until``
    (``time.time()``)."""
    rng = random.Random(seed)
    done: list[Edit] = []
    for n in range(edits):
        if time.time() >= until:
            break
        feature = rng.choice(list(features))
        field_name = rng.choice(EDIT_FIELDS)
        done.append(save_edit(ward_dir, editor, feature, field_name, f"{editor} lần {n + 1}"))
        time.sleep(rng.uniform(0.5 * pause_s, 1.5 * pause_s))
    return done


def editor_process(
    ward_dir: Path, editor: str, features: Sequence[str], **options: float
) -> tuple[list[Edit], float]:
    """:func:`editor_session` in its own process; also return the CPU seconds it used."""
    start = time.process_time()
    edits = editor_session(ward_dir, editor, features, **options)
    return edits, time.process_time() - start


def server_cpu_s(url: str) -> float:
    """CPU seconds (user + system) the dashboard serving ``url`` has used so far (/proc)."""
    port = url.rsplit(":", 1)[1]
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
            if b"dashboard" in args and port.encode() in args:
                fields = (cmdline.parent / "stat").read_text().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            continue
    return float("nan")


def final_cells(ward_dir: Path, features: Sequence[str]) -> dict[tuple[str, str], str]:
    frame = store.read_layer(ward_dir, EDIT_LAYER).set_index("id")
    return {(f, c): str(frame.at[f, c]) for f in features for c in EDIT_FIELDS}


# ---------------------------------------------------------------------- viewers


@dataclass
class Run:
    """What one settled rerun sent: widgets by label, component ids, layer URLs, errors."""

    widgets: dict[str, tuple[str, str, list[str]]] = field(default_factory=dict)
    components: list[str] = field(default_factory=list)
    layer_urls: set[bytes] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    reruns: int = 0


class Tab:
    """One browser tab, as Streamlit's frontend speaks to the server (protocol level)."""

    def __init__(self, base_url: str, fetcher: concurrent.futures.Executor, result: ViewerResult):
        self.base_url = base_url
        self.result = result
        self.ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.fetcher = fetcher
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.page = ""
        self.states: dict[str, object] = {}  # widget id -> WidgetState kept across reruns
        self.fetched: set[bytes] = set()  # layer files this tab has (the browser's cache)
        self.last = Run()

    async def __aenter__(self) -> Tab:
        self.ws = await connect(self.ws_url, subprotocols=["streamlit"], max_size=None)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.ws.close()

    def _client_state(self, page: str, extra: Sequence[object]) -> bytes:
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = ""
        if page in self.pages:
            rerun.page_script_hash = self.pages[page]
        else:
            rerun.page_name = page
        ids = {s.id for s in extra}
        rerun.widget_states.widgets.extend(s for i, s in self.states.items() if i not in ids)
        rerun.widget_states.widgets.extend(extra)
        return msg.SerializeToString()

    async def _rerun(self, page: str, extra: Sequence[object] = ()) -> Run:
        """Send one rerun and read until the script has finished (after any st.rerun)."""
        await self.ws.send(self._client_state(page, extra))
        run = Run()
        while True:
            data = await self.ws.recv()
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element, data, run)
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    run = Run(reruns=run.reruns + 1)
                    continue
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.errors.append("compile error")
                self.page = page
                self.last = run
                return run

    def _element(self, element: object, data: bytes, run: Run) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            run.errors.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "component_instance":
            run.components.append(element.component_instance.id)
            run.layer_urls.update(_LAYER_URL.findall(data))
        elif kind in ("multiselect", "text_input", "button"):
            widget = getattr(element, kind)
            options = list(getattr(widget, "options", ()))
            run.widgets[widget.label] = (kind, widget.id, options)

    def _fetch(self, url: bytes) -> int:
        with urllib.request.urlopen(self.base_url + url.decode(), timeout=120) as r:
            return len(r.read())

    async def _settle(self, page: str, extra: Sequence[object] = ()) -> Run:
        """One user action: the rerun, the map component's first value (a browser sends
        it once per new map: one more rerun), and the layer files not fetched yet."""
        run = await self._rerun(page, extra)
        new_components = [c for c in run.components if c not in self.states]
        if new_components:
            states = [_json_state(c, "{}") for c in new_components]
            for state in states:
                self.states[state.id] = state
            run = await self._rerun(page)
        new = sorted(run.layer_urls - self.fetched)
        loop = asyncio.get_running_loop()
        sizes = await asyncio.gather(
            *(loop.run_in_executor(self.fetcher, self._fetch, u) for u in new)
        )
        self.fetched.update(new)
        self.result.bytes_fetched += sum(sizes)
        self._keep_states(run)
        return run

    def _keep_states(self, run: Run) -> None:
        """Keep only the states of widgets the last run drew (as the frontend does)."""
        alive = {wid for _, wid, _ in run.widgets.values()} | set(run.components)
        self.states = {i: s for i, s in self.states.items() if i in alive}

    async def open(self, page: str) -> Run:
        return await self._settle(page)

    async def sign_in(self, name: str, password: str) -> Run:
        form = await self._settle(PAGE_PATHS[OVERVIEW])
        (_, name_id, _), (_, password_id, _) = (
            form.widgets["Tên đăng nhập"],
            form.widgets["Mật khẩu"],
        )
        _, button_id, _ = form.widgets["Đăng nhập"]
        states = [_text_state(name_id, name), _text_state(password_id, password)]
        trigger = _trigger_state(button_id)
        return await self._settle(PAGE_PATHS[OVERVIEW], [*states, trigger])

    async def sign_out(self) -> Run:
        """Click "Đăng xuất": the tab's layer folder goes (a closed tab's stays for a
        session's length, and Streamlit stops serving static files at its next start
        when ``dashboard/static`` passes 1 GB)."""
        _, button_id, _ = self.last.widgets["Đăng xuất"]
        return await self._rerun(self.page, [_trigger_state(button_id)])

    async def choose(self, label: str, values: Sequence[str]) -> Run:
        """Set the multiselect ``label`` of the current page to ``values``."""
        _, widget_id, _ = self.last.widgets[label]
        state = _array_state(widget_id, values)
        self.states[widget_id] = state
        return await self._settle(self.page)


def _json_state(widget_id: str, value: str) -> object:
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=widget_id, json_value=value)


def _text_state(widget_id: str, value: str) -> object:
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=widget_id, string_value=value)


def _trigger_state(widget_id: str) -> object:
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=widget_id, trigger_value=True)


def _array_state(widget_id: str, values: Sequence[str]) -> object:
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget_id)
    state.string_array_value.data.extend(values)
    return state


@dataclass
class ViewerResult:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    reruns: int = 0
    bytes_fetched: int = 0
    rounds_done: int = 0
    pending: int = 0  # actions started and not settled (at a hard stop)
    editors_cpu_s: float = 0.0
    began: float = field(default_factory=time.perf_counter)
    # (settle time, when it started since ``began``, action, viewer) of every action
    timeline: list[tuple[float, float, str, str]] = field(default_factory=list)


async def viewer_session(
    base_url: str,
    user: str,
    password: str,
    *,
    rounds: int,
    until: float,
    think_s: float,
    seed: int,
    fetcher: concurrent.futures.Executor,
    result: ViewerResult,
    start_s: float = 0.0,
) -> None:
    """One viewer: ``start_s`` after the others began, sign in, then ``rounds`` × (Tổng
    quan, Bản đồ, two filter changes), pausing about ``think_s`` after each action."""
    rng = random.Random(seed)
    await asyncio.sleep(start_s)

    async def timed(action: str, step: object) -> Run:
        start = time.perf_counter()
        result.pending += 1
        run = await step
        result.pending -= 1
        took = time.perf_counter() - start
        result.times[action].append(took)
        result.timeline.append((took, start - result.began, action, user))
        result.errors.extend(run.errors)
        result.reruns += 1 + run.reruns
        await asyncio.sleep(rng.uniform(0.5 * think_s, 1.5 * think_s))
        return run

    async with Tab(base_url, fetcher, result) as tab:
        await timed(SIGN_IN, tab.sign_in(user, password))
        for _ in range(rounds):
            if time.time() >= until:
                break
            await timed(OVERVIEW, tab.open(PAGE_PATHS[OVERVIEW]))
            await timed(MAP, tab.open(PAGE_PATHS[MAP]))
            for label in FILTER_LABELS:
                options = tab.last.widgets[label][2]
                chosen = rng.sample(options, k=rng.randint(1, min(2, len(options))))
                await timed(FILTER, tab.choose(label, chosen))
            result.rounds_done += 1
        await tab.sign_out()


# ---------------------------------------------------------------------- the run


def prepare_ward(folder: Path, viewers: int, editors: int) -> tuple[Path, list[str], list[str]]:
    """A copy of the sample ward with ``viewers`` viewer and ``editors`` editor accounts
    (password: the name twice); return the folder and the two lists of names."""
    ward_dir = folder / "sample"
    shutil.copytree(
        SAMPLE_WARD, ward_dir, ignore=shutil.ignore_patterns("backups", "imports", ".lock")
    )
    viewer_names = [f"xem{i:02d}" for i in range(1, viewers + 1)]
    editor_names = [f"sua{i:02d}" for i in range(1, editors + 1)]
    for name in viewer_names:
        add_user(ward_dir, name, "viewer", password(name))
    for name in editor_names:
        add_user(ward_dir, name, "editor", password(name))
    return ward_dir, viewer_names, editor_names


def wait_for_warm(ward_dir: Path, url: str, timeout_s: float = 180.0) -> float:
    """Wait until the server says its caches are warm (its log); return the seconds waited."""
    log = ward_dir.parent / f"streamlit-{url.rsplit(':', 1)[1]}.log"
    start = time.perf_counter()
    while time.perf_counter() - start < timeout_s:
        if "caches warmed" in log.read_text(encoding="utf-8", errors="replace"):
            break
        time.sleep(0.2)
    return time.perf_counter() - start


def password(name: str) -> str:
    return f"{name}-{name}"


async def run_viewers(
    base_url: str,
    names: Sequence[str],
    *,
    rounds: int,
    seconds: float,
    think_s: float,
    seed: int,
    ramp_s: float = 0.0,
) -> tuple[ViewerResult, bool]:
    """Run the viewers concurrently, starting one every ``ramp_s / len(names)`` seconds;
    stop them all at ``seconds`` (a hard stop)."""
    result = ViewerResult()
    until = time.time() + seconds
    with concurrent.futures.ThreadPoolExecutor(max_workers=4 * len(names) + 4) as fetcher:
        tasks = [
            viewer_session(
                base_url,
                name,
                password(name),
                rounds=rounds,
                until=until,
                think_s=think_s,
                seed=seed * 1000 + i,
                fetcher=fetcher,
                result=result,
                start_s=ramp_s * i / len(names),
            )
            for i, name in enumerate(names)
        ]
        try:
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + 30)
            stopped = False
        except TimeoutError:
            stopped = True
    return result, stopped


def run_load(
    base_url: str,
    ward_dir: Path,
    viewers: Sequence[str],
    editors: Sequence[str],
    args: argparse.Namespace,
) -> tuple[ViewerResult, bool, list[Edit], list[str], float]:
    """Viewers (this process, asyncio) and editors (their own processes) at the same time."""
    features = feature_ids(ward_dir)
    until = time.time() + args.seconds
    start = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, len(editors))) as pool:
        futures = [
            pool.submit(
                editor_process,
                ward_dir,
                name,
                features,
                seed=args.seed + i,
                edits=args.edits,
                pause_s=args.edit_pause_s,
                until=until,
            )
            for i, name in enumerate(editors)
        ]
        result, stopped = asyncio.run(
            run_viewers(
                base_url,
                viewers,
                rounds=args.rounds,
                seconds=args.seconds,
                think_s=args.think_s,
                seed=args.seed,
                ramp_s=args.ramp_s,
            )
        )
        done = [f.result() for f in futures]
    edits = [e for made, _ in done for e in made]
    result.editors_cpu_s = sum(cpu for _, cpu in done)
    return result, stopped, edits, features, time.perf_counter() - start


def feature_ids(ward_dir: Path) -> list[str]:
    frame = store.read_layer(ward_dir, EDIT_LAYER)
    return sorted(str(i) for i in frame["id"])[:EDIT_FEATURES]


# ---------------------------------------------------------------------- printing


def n(value: float, decimals: int = 0) -> str:
    return format_number(value, LANG, decimals=decimals)


def print_settle(title: str, times: Mapping[str, list[float]]) -> Settle:
    """Print p50/p95/max per action and over all; return the figures over all."""
    print(title)
    print(f"  {'hành động / action':<34} {'số lần':>7} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    rows = [(ACTIONS[a], times.get(a, [])) for a in ACTIONS]
    everything = settle_figures([t for a in ACTIONS for t in times.get(a, [])])
    for label, values in [*rows, ("tất cả / all", None)]:
        s = settle_figures(values) if values is not None else everything
        print(f"  {label:<34} {n(s.n):>7} {n(s.p50_s, 2):>7} {n(s.p95_s, 2):>7} {n(s.max_s, 2):>7}")
    return everything


def print_edits(counts: EditCounts, edits: Sequence[Edit]) -> None:
    print("Sửa dữ liệu / edits:")
    for label, value in (
        ("được ghi nhận / acknowledged", counts.acknowledged),
        ("giữ trong dữ liệu cuối / kept in the final store", counts.kept),
        ("gộp với thay đổi đồng thời / merged with a concurrent change", counts.merged),
        ("bị ghi đè không hay biết / silently overwritten", counts.overwritten),
        ("bị mất / lost", counts.lost),
        ("bị từ chối / refused", counts.refused),
    ):
        print(f"  {label:<62} {n(value):>5}")
    for reason in sorted({e.reason for e in edits if not e.acknowledged})[:5]:
        print(f"    từ chối vì / refused because: {reason[:160]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="sessions in all (default 20)")
    parser.add_argument("--editors", type=int, default=2, help="of which editors (default 2)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per viewer (default 3)")
    parser.add_argument("--edits", type=int, default=40, help="most saves per editor")
    parser.add_argument(
        "--edit-pause-s",
        type=float,
        default=15.0,
        help="mean pause between an editor's saves (default 15: a form filled in and saved)",
    )
    parser.add_argument("--seconds", type=float, default=240.0, help="hard stop of the load")
    parser.add_argument(
        "--think-s",
        type=float,
        default=5.0,
        help="mean pause between a viewer's actions (default 5: a page looked at, briefly)",
    )
    parser.add_argument(
        "--ramp-s",
        type=float,
        default=None,
        help="the viewers start one after another over this time (default: one a second)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-floor", action="store_true", help="skip the one-session floor")
    args = parser.parse_args(argv)
    if args.ramp_s is None:
        args.ramp_s = float(args.sessions - args.editors)
    if not 0 <= args.editors < args.sessions:
        parser.error(f"--editors should be from 0 to {args.sessions - 1}, got {args.editors}")
    with tempfile.TemporaryDirectory() as tmp:
        ward_dir, viewers, editors = prepare_ward(
            Path(tmp), args.sessions - args.editors, args.editors
        )
        print(
            f"Phiên / sessions: {n(len(viewers))} người xem / viewers (giao thức websocket / "
            f"websocket protocol) + {n(len(editors))} người sửa / editors (store.apply_changes), "
            f"{n(args.rounds)} vòng / rounds, dừng sau / hard stop {n(args.seconds)} s"
        )
        print(
            f"Nhịp / pace: người xem nghỉ / viewers pause ~{n(args.think_s, 1)} s giữa hai thao "
            f"tác / between actions, vào dần trong / arrive over {n(args.ramp_s, 1)} s; người "
            f"sửa lưu / editors save ~{n(args.edit_pause_s, 1)} s một lần / apart"
        )
        with livetest.serve(ward_dir) as url:
            warmed_s = wait_for_warm(ward_dir, url)
            print(f"Máy chủ đã nạp sẵn / server warmed: {n(warmed_s, 1)} s")
            floor = None
            if not args.no_floor:
                alone, _ = asyncio.run(
                    run_viewers(
                        url,
                        viewers[:1],
                        rounds=args.rounds,
                        seconds=args.seconds,
                        think_s=args.think_s,
                        seed=args.seed,
                    )
                )
                floor = print_settle(
                    "Nền: một phiên một mình / floor: one session alone", alone.times
                )
            cpu = (server_cpu_s(url), time.process_time())
            result, stopped, edits, features, wall_s = run_load(
                url, ward_dir, viewers, editors, args
            )
            cpu = (server_cpu_s(url) - cpu[0], time.process_time() - cpu[1])
        load = print_settle(
            f"Tải: {n(args.sessions)} phiên đồng thời / load: {n(args.sessions)} concurrent sessions",
            result.times,
        )
        slowest = sorted(result.timeline, reverse=True)[:5]
        print(
            "  chậm nhất / slowest: "
            + "; ".join(
                f"{ACTIONS[a].split(' / ')[0]} {n(t, 1)} s lúc / at {n(at, 0)} s ({who})"
                for t, at, a, who in slowest
            )
        )
        print(
            f"  {n(result.reruns)} lượt chạy trang / page runs, "
            f"{n(result.bytes_fetched / 1e6, 1)} MB tệp lớp / layer files, "
            f"{n(result.rounds_done)} vòng xong / rounds done, {n(wall_s, 1)} s"
            + (
                f"; DỪNG CỨNG / HARD STOP: {n(result.pending)} hành động chưa xong / "
                "actions unsettled"
                if stopped
                else ""
            )
        )
        print(
            f"  {n(result.reruns / wall_s, 1)} lượt chạy trang/s / page runs per second; CPU "
            f"(s): máy chủ / server {n(cpu[0], 1)}, khách giả lập / simulated clients "
            f"{n(cpu[1], 1)}, người sửa / editors {n(result.editors_cpu_s, 1)} "
            f"— trong / in {n(wall_s, 1)} s × {n(os.cpu_count() or 1)} lõi / cores"
        )
        if result.errors:
            print(f"  lỗi trên trang / page errors: {n(len(result.errors))}")
            for error in sorted(set(result.errors))[:5]:
                print(f"    {error[:200]}")
        trail = audit.read_entries(store.gpkg_path(ward_dir), layer=EDIT_LAYER)
        counts = count_edits(edits, final_cells(ward_dir, features), trail)
        print_edits(counts, edits)
        verdict = "đạt / meets" if load.p95_s <= TARGET_P95_S else "chưa đạt / misses"
        ratio = (
            f"; p95 tải / p95 nền (load / floor): {n(load.p95_s / floor.p95_s, 1)}" if floor else ""
        )
        print(
            f"p95 = {n(load.p95_s, 2)} s (mục tiêu / target ≤ {n(TARGET_P95_S)} s: {verdict})"
            f"{ratio}; bị mất / lost: {n(counts.lost)} (mục tiêu / target 0)"
        )


if __name__ == "__main__":
    main()
