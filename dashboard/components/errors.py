"""Show project errors to the user in their language, in one place."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import streamlit as st

from dashboard.texts import t
from pipelines.model.errors import PcccError, error_message


@contextlib.contextmanager
def user_errors(lang: str, title_key: str = "error_title") -> Iterator[None]:
    """Turn a :class:`PcccError` raised inside the block into an ``st.error`` and stop the page."""
    try:
        yield
    except PcccError as exc:
        st.error(f"**{t(title_key, lang)}**\n\n{error_message(exc, lang)}")
        st.stop()
