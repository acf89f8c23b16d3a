"""Cài đặt (settings): every threshold of ward.toml with its source; edit and save."""

from __future__ import annotations

import streamlit as st

from dashboard import access, cache, state
from dashboard.components.errors import user_errors
from dashboard.components.settings_form import settings_form
from dashboard.components.users_admin import users_section
from dashboard.texts import t
from pipelines.model.settings import SECTIONS

lang = state.lang()
ward_dir = state.ward_dir()
ward = cache.ward(ward_dir)

st.title(t("settings_title", lang))
st.caption(t("settings_help", lang))
user = access.current()
if not user.can_edit:
    st.info(t("settings_read_only", lang), icon=":material/lock:")
views = cache.settings(ward_dir, lang)
labels = [t(f"section_{name}", lang) for name in SECTIONS]
tabs = st.tabs([*labels, t("users_title", lang)] if user.is_admin else labels)
if user.is_admin:  # the ward's users: in the server's ward folder
    with tabs[-1]:
        users_section(state.server_ward_dir(), lang)
for tab, section in zip(tabs, SECTIONS, strict=False):
    with tab:
        values = settings_form(views, section, lang, read_only=not user.can_edit)
        if values is not None:
            with user_errors(lang, "settings_invalid"):
                cache.save_settings(ward_dir, section, values, based_on=ward.config, user=user.user)
            st.success(t("settings_saved", lang))
