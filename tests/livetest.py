"""Drive the live dashboard in Debian's Chromium: shared by browser tests and benchmarks.

Nothing here runs in the app itself. :func:`serve` starts ``python -m dashboard`` on a free
port for a given ward folder; :func:`launch_chromium` starts Chromium with the flags this
closed network needs; :func:`wait_for_layers` waits until the map has drawn the expected
layers (``window.pcccDrawn``, maintained by ``static/pccc-map.js``).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
LOCAL_PREFIXES = (
    "http://localhost",
    "http://127.0.0.1",
    "ws://localhost",
    "ws://127.0.0.1",
    "data:",
    "blob:",
    "about:",
)


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(
    ward_dir: str | Path, *, port: int | None = None, timeout_s: float = 60.0, warm: bool = True
) -> Iterator[str]:
    """Run the dashboard on ``ward_dir``; yield its base URL; stop it afterwards.

    The server starts as a service would (stdin closed); ``warm=False`` starts it without
    filling its caches in the background (``--no-warm``).
    """
    port = port or free_port()
    env = {**os.environ, "PCCC_WARD": str(Path(ward_dir).resolve())}
    log = open(Path(ward_dir).parent / f"streamlit-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dashboard",
            "--headless",
            "--port",
            str(port),
            "--ward",
            str(ward_dir),
            *([] if warm else ["--no-warm"]),
        ],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"dashboard exited with {proc.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"dashboard did not start within {timeout_s} s; see {log.name}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def launch_chromium(playwright: Any) -> Any:
    """Launch Debian's Chromium headless through Playwright (no downloaded browser)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS)
    )


def is_local(url: str) -> bool:
    return url.startswith(LOCAL_PREFIXES)


def map_frame(page: Any, *, timeout_s: float = 60.0, index: int = 0) -> Any:
    """Return the frame of the page's ``index``-th streamlit-folium map once it exists."""
    iframe = page.locator('iframe[src*="streamlit_folium"]').nth(index)
    iframe.wait_for(state="attached", timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        frame = iframe.element_handle().content_frame()
        if frame is not None:
            return frame
        time.sleep(0.05)
    raise TimeoutError("the map iframe did not load")


def drawn(frame: Any) -> dict[str, int]:
    """Features drawn per layer key, as reported by the map script."""
    return frame.evaluate("() => Object.assign({}, window.pcccDrawn || {})")


def wait_for_layers(
    page: Any,
    expected: Mapping[str, int],
    *,
    timeout_s: float = 60.0,
) -> tuple[Any, dict[str, int]]:
    """Wait until every layer in ``expected`` is drawn with exactly that many features.

    Returns the map frame and the drawn counts. Raises ``TimeoutError`` with the last counts.
    """
    deadline = time.monotonic() + timeout_s
    frame = map_frame(page, timeout_s=timeout_s)
    counts: dict[str, int] = {}
    while time.monotonic() < deadline:
        try:
            counts = drawn(frame)
        except Exception:  # the frame may be navigating while the component remounts
            frame = map_frame(page, timeout_s=max(0.1, deadline - time.monotonic()))
            continue
        if all(counts.get(k) == v for k, v in expected.items()):
            return frame, counts
        time.sleep(0.02)
    raise TimeoutError(f"map layers not drawn as expected: want {dict(expected)}, got {counts}")


def _open_list(page: Any, label: str, target: Any, *, click: bool, attempts: int) -> None:
    """Open the list of the combobox labelled ``label`` until ``target`` (an option) shows,
    then click it when ``click``. A rerun still in flight (the map component reports its
    first state) can redraw the widget and close its list right after it opened: the list
    is opened again then."""
    for attempt in range(attempts):
        page.get_by_role("combobox", name=label).click()
        try:
            target.wait_for(state="visible", timeout=5_000)
            if click:
                target.click(timeout=5_000)
        except Exception:  # the list closed under a rerun: open it again
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
            continue
        return


def choose(page: Any, label: str, option: str, *, attempts: int = 4) -> None:
    """Pick ``option`` in the Streamlit multiselect or selectbox labelled ``label``."""
    wanted = page.get_by_role("option", name=option)
    _open_list(page, label, wanted, click=True, attempts=attempts)


def open_options(page: Any, label: str, *, attempts: int = 4) -> None:
    """Open the list of the Streamlit multiselect or selectbox labelled ``label`` and wait
    for its first option."""
    _open_list(page, label, page.get_by_role("option").first, click=False, attempts=attempts)


def pick_segment(page: Any, label: str, option: str) -> None:
    """Click ``option`` in the Streamlit segmented control (radio group) labelled ``label``."""
    page.get_by_role("radiogroup", name=label).get_by_role("radio", name=option).click()
