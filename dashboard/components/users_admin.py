"""The Cài đặt page's "Người dùng" section (admins only): list, add, change, remove users."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.texts import literal, t
from pipelines.model.errors import PcccError, error_message
from pipelines.model.users import ROLES, add_user, change_user, read_users, remove_user
from pipelines.text.formats import format_date
from pipelines.text.labels import ROLE_LABELS, pick

DONE = "pccc_users_done"  # the last change's message, shown after the rerun


def _role(role: str, lang: str) -> str:
    return pick(ROLE_LABELS[role], lang)


def _table(users: list, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("users_name", lang): [u.name for u in users],
            t("users_role", lang): [_role(u.role, lang) for u in users],
            t("users_created", lang): [
                format_date(datetime.fromisoformat(u.created).date(), lang) for u in users
            ],
        }
    )


def _run(action: Callable[[], object], message: str, lang: str) -> None:
    try:
        action()
    except PcccError as exc:
        st.error(f"**{t('users_error', lang)}**\n\n{literal(error_message(exc, lang))}")
        return
    st.session_state[DONE] = message
    st.rerun()


def users_section(ward_dir: Path, lang: str) -> None:
    """Show the ward's users and the forms that change them."""
    st.subheader(t("users_title", lang))
    st.caption(t("users_help", lang))
    done = st.session_state.pop(DONE, None)
    if done:
        st.success(done)
    users = read_users(ward_dir)
    if users:
        st.dataframe(_table(users, lang), hide_index=True)
    else:
        st.info(t("users_none", lang))
    with st.form("pccc_users_add", clear_on_submit=True):
        st.markdown(f"**{t('users_add', lang)}**")
        name = st.text_input(t("users_name", lang))
        role = st.selectbox(t("users_role", lang), ROLES, format_func=lambda r: _role(r, lang))
        password = st.text_input(t("users_password", lang), type="password")
        if st.form_submit_button(t("users_add", lang), icon=":material/person_add:"):
            _run(
                lambda: add_user(ward_dir, name.strip(), role, password),
                t("users_added", lang).format(user=literal(name.strip())),
                lang,
            )
    if not users:
        return
    with st.form("pccc_users_change"):
        st.markdown(f"**{t('users_change', lang)}**")
        names = [u.name for u in users]
        roles = {u.name: u.role for u in users}
        who = st.selectbox(t("users_which", lang), names)
        new_role = st.selectbox(
            t("users_role", lang), ROLES, format_func=lambda r: _role(r, lang), index=None
        )
        new_password = st.text_input(t("users_new_password", lang), type="password")
        save = st.form_submit_button(t("users_save", lang), icon=":material/save:")
        remove = st.form_submit_button(t("users_remove", lang), icon=":material/person_remove:")
    if save and who:
        _run(
            lambda: change_user(
                ward_dir, who, password=new_password or None, role=new_role or roles[who]
            ),
            t("users_saved", lang).format(user=literal(who)),
            lang,
        )
    if remove and who:
        _run(
            lambda: remove_user(ward_dir, who),
            t("users_removed", lang).format(user=literal(who)),
            lang,
        )
