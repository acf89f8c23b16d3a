"""Session state: every key the dashboard keeps, with its default, prefixed ``pccc_``."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import streamlit as st

from pipelines.model.workcopy import REPO_ROOT, TRACKED_SAMPLE, work_dir, working_ward

DEFAULT_WARD_DIR = TRACKED_SAMPLE
WARD_ENV = "PCCC_WARD"

LANG = "pccc_lang"
TILES_URL = "pccc_tiles_url"
TILES_ATTR = "pccc_tiles_attr"

__all__ = ["DEFAULT_WARD_DIR", "LANG", "REPO_ROOT", "TILES_ATTR", "TILES_URL", "WARD_ENV"]


@cache
def _resolved(requested: str, work: str) -> Path:
    return working_ward(requested)


def ward_dir() -> Path:
    """The ward folder this server works on: ``$PCCC_WARD`` or the sample ward.

    The tracked sample (``geodata/sample``) is never opened itself: its working copy is
    (:mod:`pipelines.model.workcopy`), so imports and settings never modify the repository.
    """
    requested = Path(os.environ.get(WARD_ENV) or DEFAULT_WARD_DIR).resolve()
    return _resolved(str(requested), str(work_dir()))


def lang() -> str:
    return st.session_state.setdefault(LANG, "vi")
