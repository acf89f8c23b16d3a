"""The ward-settings form: one widget per setting, typed by its default, with its source."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.texts import t
from pipelines.text.formats import format_number


def _widget(row: dict[str, Any], lang: str, key: str) -> Any:
    unit = f" ({row['unit']})" if row["unit"] else ""
    label = f"{row['label']}{unit}"
    conf = f" — {t('confidence', lang)}: {row['confidence']}" if row["confidence"] else ""
    help_text = (
        f"{t('source', lang)}: {row['source']}{conf}. {t('default', lang)}: {row['default']}"
    )
    value = row["value"]
    if isinstance(value, bool):
        return st.checkbox(label, value=value, help=help_text, key=key)
    if isinstance(value, int):
        return int(st.number_input(label, value=value, step=1, help=help_text, key=key))
    if isinstance(value, float):
        return float(
            st.number_input(label, value=value, step=0.05, format="%g", help=help_text, key=key)
        )
    if isinstance(value, str):
        return st.text_input(label, value=value, help=help_text, key=key)
    shown = ", ".join(
        f"{k} = {format_number(v, lang, decimals=1 if v % 1 else 0)}" for k, v in value.items()
    )
    st.markdown(f"**{label}**")
    st.caption(f"{shown}  \n{help_text}. {t('edit_in_toml', lang)}")
    return value


def settings_form(rows: list[dict[str, Any]], section: str, lang: str) -> dict[str, Any] | None:
    """Show one section's settings as a form; return the new values when the user saves."""
    with st.form(f"pccc_settings_{section}"):
        values = {
            row["key"]: _widget(row, lang, key=f"pccc_setting_{section}_{row['key']}")
            for row in rows
            if row["section"] == section
        }
        if st.form_submit_button(t("save", lang), type="primary", icon=":material/save:"):
            return values
    return None
