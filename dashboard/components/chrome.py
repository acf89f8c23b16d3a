"""Streamlit's own texts in the reader's language (Streamlit 1.67 has no translation).

:func:`translate_streamlit` puts ``static/st-i18n.js`` in the page with the table of
:data:`dashboard.texts.STREAMLIT_VI`: the file uploader, multiselect placeholders, the
dataframe toolbar, sidebar buttons and dialogs read Vietnamese, and English again when the
reader switches. The script is inlined (it works with or without static file serving and
needs no network); Streamlit re-runs it only when the language changes.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import streamlit as st

from dashboard.texts import STREAMLIT_VI, STREAMLIT_VI_PATTERNS

SCRIPT = Path(__file__).resolve().parents[1] / "static" / "st-i18n.js"


@cache
def _script() -> str:
    return SCRIPT.read_text(encoding="utf-8")


def i18n_config(lang: str) -> dict:
    """The translation table the browser script applies for ``lang`` ({"vi", "en"})."""
    if lang == "vi":
        return {"lang": "vi", "exact": STREAMLIT_VI, "patterns": list(STREAMLIT_VI_PATTERNS)}
    return {"lang": lang, "exact": {}, "patterns": []}


def i18n_html(lang: str) -> str:
    """The ``<script>`` element that applies :func:`i18n_config` in the app's document."""
    config = json.dumps(i18n_config(lang), ensure_ascii=False)
    config = config.replace("<", "\\u003c").replace(">", "\\u003e")
    return f"<script data-pccc-i18n>window.pcccI18nConfig = {config};\n{_script()}</script>"


def translate_streamlit(lang: str) -> None:
    """Show Streamlit's own texts in ``lang`` on this page (call once per run, in the sidebar)."""
    st.html(i18n_html(lang), unsafe_allow_javascript=True, width="content")
