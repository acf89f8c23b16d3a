"""Entry script: page config, shared sidebar chrome, and navigation over app_pages/.

Run with ``python -m dashboard`` (sets the server options the map needs) or
``streamlit run dashboard/app.py``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import access as auth
from dashboard import cache, state
from dashboard.components.chrome import translate_streamlit
from dashboard.components.errors import user_errors
from dashboard.navigation import HOME, PAGES
from dashboard.texts import literal, t
from pipelines.model.workcopy import is_working_copy

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
    translate_streamlit(lang)

user = auth.require_access(lang)  # the sign-in form, and a stop, when the tab has no access
with st.sidebar:
    auth.sidebar(user, lang)

ward_dir = state.ward_dir()
# One version of the ward for the whole run (a viewer's: the newest computed for viewers).
if cache.begin_run(ward_dir):
    st.info(t("viewer_version_behind", lang), icon=":material/sync:")
with user_errors(lang):
    ward = cache.ward(ward_dir)

with st.sidebar:
    st.markdown(f"**{t('app_title', lang)}** · {t('ward', lang)}: {literal(ward.name)}")
    if ward.config.ward.synthetic:
        st.warning(t("synthetic_banner", lang), icon=":material/science:")
    if is_working_copy(ward_dir):
        st.caption(t("working_copy", lang).format(path=literal(ward_dir)))
    started = cache.started_wards()
    if started:
        server = cache.ward(state.server_ward_dir()).name
        options = ["", *started]
        current = st.session_state.get(state.WARD_CHOICE, "")
        st.selectbox(
            t("ward_open", lang),
            options,
            index=options.index(current) if current in options else 0,
            format_func=lambda f: started[f] if f else server,
            key=state.WARD_SELECT,
            on_change=lambda: state.choose_ward(st.session_state[state.WARD_SELECT]),
        )

pages = [
    st.Page(file, title=t(key, lang), icon=icon, url_path=url) for file, key, icon, url in PAGES
]
home = st.Page(HOME, title=t(PAGES[0][1], lang), default=True, visibility="hidden")
st.navigation([home, *pages]).run()
