"""Cài đặt (settings): every threshold of ward.toml with its source; edit and save."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, state
from dashboard.components.errors import user_errors
from dashboard.components.settings_form import settings_form
from dashboard.texts import t
from pipelines.model.settings import SECTIONS

lang = state.lang()
ward_dir = state.ward_dir()
ward = cache.ward(ward_dir)

st.title(t("settings_title", lang))
st.caption(t("settings_help", lang))
views = cache.settings(ward_dir, lang)
tabs = st.tabs([t(f"section_{name}", lang) for name in SECTIONS])
for tab, section in zip(tabs, SECTIONS, strict=True):
    with tab:
        values = settings_form(views, section, lang)
        if values is not None:
            with user_errors(lang, "settings_invalid"):
                cache.save_settings(ward_dir, section, values, based_on=ward.config)
            st.success(t("settings_saved", lang))
