"""The line a page shows for each layer it lacks (which import on the Dữ liệu page fills it)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import cache


def show_missing(ward_dir: Path, page: str, lang: str) -> list[str]:
    """Show the layers ``page`` lacks in one info box (a line each); return the lines shown.

    The lines are the product's own texts (layer names and where to import them), no user data.
    """
    lines = cache.missing_notices(ward_dir, page, lang)
    if lines:
        st.info("\n".join(f"- {line}" for line in lines), icon=":material/info:")
    return lines
