"""The line a page shows for each layer it lacks (which import on the Dữ liệu page fills it)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import cache


def show_missing(ward_dir: Path, page: str, lang: str) -> list[str]:
    """Show one info line per layer ``page`` lacks; return the lines shown."""
    lines = cache.missing_notices(ward_dir, page, lang)
    for line in lines:
        st.info(line, icon=":material/info:")
    return lines
