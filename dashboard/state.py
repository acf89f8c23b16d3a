"""Session state: every key the dashboard keeps, with its default, prefixed ``pccc_``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import streamlit as st

from pipelines.model.workcopy import (
    REPO_ROOT,
    TRACKED_SAMPLE,
    started_ward,
    work_dir,
    working_ward,
)

DEFAULT_WARD_DIR = TRACKED_SAMPLE
WARD_ENV = "PCCC_WARD"
PUBLIC_ENV = "PCCC_PUBLIC"  # "1": the server listens on the office network (--public)

WARD_CHOICE = "pccc_ward"  # the folder name of a started ward open in this session
WARD_SELECT = "pccc_ward_select"  # the sidebar's ward chooser
WARD_PARAM = "phuong"  # URL parameter: a ward started on the Dữ liệu page (its folder name)
LANG = "pccc_lang"
TILES_URL = "pccc_tiles_url"
TILES_ATTR = "pccc_tiles_attr"
ACCESS = "pccc_access"  # who this tab is signed in as (dashboard.access.Access)

__all__ = [
    "DEFAULT_WARD_DIR",
    "LANG",
    "REPO_ROOT",
    "TILES_ATTR",
    "TILES_URL",
    "WARD_ENV",
    "WARD_PARAM",
]


@cache
def _resolved(requested: str, work: str) -> Path:
    return working_ward(requested)


def server_ward_dir() -> Path:
    """The ward folder this server was started on: ``$PCCC_WARD`` or the sample ward.

    The tracked sample (``geodata/sample``) is never opened itself: its working copy is
    (:mod:`pipelines.model.workcopy`), so imports and settings never modify the repository.
    """
    requested = Path(os.environ.get(WARD_ENV) or DEFAULT_WARD_DIR).resolve()
    return _resolved(str(requested), str(work_dir()))


def ward_dir() -> Path:
    """The ward this browser tab works on: a ward started on the Dữ liệu page (kept in the
    session, and in the URL as ``?phuong=<folder>`` so a reload keeps it; only folders under
    the work folder are accepted), else the server's ward."""
    if WARD_CHOICE not in st.session_state:
        st.session_state[WARD_CHOICE] = st.query_params.get(WARD_PARAM) or ""
    folder = st.session_state[WARD_CHOICE]
    chosen = started_ward(folder)
    if chosen is None:
        if WARD_PARAM in st.query_params:  # a name that is no started ward: drop it
            del st.query_params[WARD_PARAM]
        return server_ward_dir()
    if st.query_params.get(WARD_PARAM) != folder:
        st.query_params[WARD_PARAM] = folder  # page links drop it: put it back
    return chosen.resolve()


def choose_ward(folder: str | None) -> None:
    """Open the ward started in ``folder`` (``None``: the server's ward) in this tab."""
    st.session_state[WARD_CHOICE] = folder or ""
    st.session_state.pop(WARD_SELECT, None)  # the sidebar's chooser shows the new choice
    if folder:
        st.query_params[WARD_PARAM] = folder
    elif WARD_PARAM in st.query_params:
        del st.query_params[WARD_PARAM]


# Outside a page run: the view :func:`viewing` chose (the start-up warming thread).
_VIEW: ContextVar[bool | None] = ContextVar("pccc_masked_view", default=None)
# (ward folder, files version) this thread computes with: a viewer's page run, the warming.
_PIN: ContextVar[tuple[str, tuple[int, ...]] | None] = ContextVar("pccc_pin", default=None)


@contextmanager
def viewing(
    *, masked: bool, ward_dir: Path | None = None, files: tuple[int, ...] | None = None
) -> Iterator[None]:
    """Outside a page run, compute as a view with (``masked=False``) or without personal
    data would, at version ``files`` of ``ward_dir``'s files (:func:`pin_version`;
    ``None``: as the files are)."""
    view = _VIEW.set(masked)
    pin = _PIN.set((str(ward_dir), files) if files is not None else None)
    try:
        yield
    finally:
        _PIN.reset(pin)
        _VIEW.reset(view)


def pin_version(ward_dir: Path, files: tuple[int, ...] | None) -> None:
    """Compute the rest of this thread's work (a page run) at version ``files`` of
    ``ward_dir``'s files (``None``: at the files' version when each result is asked for)."""
    _PIN.set((str(ward_dir), files) if files is not None else None)


def pinned_version(ward_dir: Path | str) -> tuple[int, ...] | None:
    """The version :func:`pin_version` set for ``ward_dir`` in this thread, if any."""
    pin = _PIN.get()
    return pin[1] if pin is not None and pin[0] == str(ward_dir) else None


def masked_view() -> bool:
    """Whether this session must not receive personal data (names, phone numbers).

    In a page run: unless the session is signed in (or opened as the local admin) with a
    role that sees personal data. Outside a page run (the start-up warming thread, a
    script) there is no browser to send anything to: the full data, unless
    :func:`viewing` says otherwise.
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return bool(_VIEW.get())
    access = st.session_state.get(ACCESS)
    return access is None or not access.sees_personal


def lang() -> str:
    return st.session_state.setdefault(LANG, "vi")
