"""Entry script: page config, shared sidebar chrome, and navigation over app_pages/.

Run with ``python -m dashboard`` (sets the server options the map needs) or
``streamlit run dashboard/app.py``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import cache, state
from dashboard.components.errors import user_errors
from dashboard.navigation import PAGES
from dashboard.texts import t

st.set_page_config(
    # A local file: a Material or emoji page icon makes the browser fetch it from a CDN.
    page_title="Bản đồ PCCC",
    page_icon=str(Path(__file__).parent / "static" / "icon.png"),
    layout="wide",
)

lang = state.lang()
with st.sidebar:
    st.radio(
        t("language", lang),
        options=["vi", "en"],
        format_func={"vi": "Tiếng Việt", "en": "English"}.get,
        horizontal=True,
        key=state.LANG,
    )
    lang = state.lang()

ward_dir = state.ward_dir()
with user_errors(lang):
    ward = cache.ward(ward_dir)

with st.sidebar:
    st.markdown(f"**{t('app_title', lang)}** · {t('ward', lang)}: {ward.name}")
    if ward.config.ward.synthetic:
        st.warning(t("synthetic_banner", lang), icon=":material/science:")

pages = [
    st.Page(file, title=t(key, lang), icon=icon, url_path=url, default=i == 0)
    for i, (file, key, icon, url) in enumerate(PAGES)
]
st.navigation(pages).run()
