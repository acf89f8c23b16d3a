"""Session state: every key the dashboard keeps, with its default, prefixed ``pccc_``."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WARD_DIR = REPO_ROOT / "geodata" / "sample"
WARD_ENV = "PCCC_WARD"

LANG = "pccc_lang"
TILES_URL = "pccc_tiles_url"
TILES_ATTR = "pccc_tiles_attr"


def ward_dir() -> Path:
    """The ward folder this server works on: ``$PCCC_WARD`` or the embedded sample ward."""
    return Path(os.environ.get(WARD_ENV) or DEFAULT_WARD_DIR).resolve()


def lang() -> str:
    return st.session_state.setdefault(LANG, "vi")
