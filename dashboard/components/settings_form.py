"""The ward-settings form: one widget per setting, with its Vietnamese label and source.

Numbers are typed as text, the way the reader writes them (``3,5``), and read back with
``parse_number`` when the form is saved: Streamlit's number input would read ``3,0`` as
30. A table of values (base risk points per category, the kit of a point…) is an editable
table with one labelled row per item, never a Python dict.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.texts import literal, t
from pipelines.reports.settings_view import SettingView
from pipelines.text.formats import NumberFormatError


def _indicators(view: SettingView, lang: str, key: str, *, read_only: bool = False) -> pd.DataFrame:
    """The plan's indicators: target, deadline and responsible unit per row, all rows shown."""
    columns = cache.plan_setting_columns(lang)
    st.markdown(f"**{literal(view.label)}**")
    edited = st.data_editor(
        view.table,
        key=key,
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        height=38 + 35 * len(view.table),  # every indicator in sight, no inner scroll
        disabled=True if read_only else ["code", "label", "unit", "source"],
        column_order=["label", "unit", "target", "deadline", "responsible", "source"],
        column_config={
            "label": st.column_config.TextColumn(columns["label"], width="large"),
            "unit": st.column_config.TextColumn(columns["unit"], width="small"),
            "target": st.column_config.TextColumn(columns["target"], width="small"),
            "deadline": st.column_config.DateColumn(columns["deadline"], format="DD/MM/YYYY"),
            "responsible": st.column_config.SelectboxColumn(
                columns["responsible"], options=cache.responsible_units(lang), required=True
            ),
            "source": st.column_config.TextColumn(columns["source"]),
        },
    )
    st.caption(literal(view.help))
    return edited


def _widget(view: SettingView, lang: str, key: str, *, read_only: bool = False) -> Any:
    label = literal(view.label)
    if view.kind == "indicators":
        return _indicators(view, lang, key, read_only=read_only)
    if view.kind == "bool":
        return st.checkbox(
            label, value=bool(view.value), help=view.help, key=key, disabled=read_only
        )
    if view.kind == "table":
        columns = cache.setting_table_columns(lang)
        st.markdown(f"**{label}**")
        edited = st.data_editor(
            view.table,
            key=key,
            hide_index=True,
            width="stretch",
            num_rows="fixed",
            height=38 + 35 * len(view.table),  # every item in sight, no inner scroll
            disabled=True if read_only else ["code", "label"],
            column_order=["label", "value"],
            column_config={
                "label": st.column_config.TextColumn(columns["label"]),
                "value": st.column_config.TextColumn(columns["value"]),
            },
        )
        st.caption(literal(view.help))
        return edited
    return st.text_input(label, value=view.text, help=view.help, key=key, disabled=read_only)


def settings_form(
    views: list[SettingView], section: str, lang: str, *, read_only: bool = False
) -> dict[str, Any] | None:
    """Show one section's settings as a form; return the new values when the user saves.

    ``read_only`` (a viewer): every widget and the save button are disabled.

    A typed number that is not a number is named in a Vietnamese error and nothing is
    returned (the form keeps what was typed).
    """
    mine = [v for v in views if v.section == section]
    with st.form(f"pccc_settings_{section}"):
        typed = {
            v.key: _widget(v, lang, key=f"pccc_setting_{section}_{v.key}", read_only=read_only)
            for v in mine
        }
        saved = st.form_submit_button(
            t("save", lang), type="primary", icon=":material/save:", disabled=read_only
        )
    if not saved or read_only:
        return None
    values, problems = {}, []
    for view in mine:
        value = typed[view.key]
        if isinstance(value, pd.DataFrame):
            value = value.to_dict("list")
        try:
            values[view.key] = cache.read_setting(view, value, lang)
        except NumberFormatError as exc:
            problems.append(exc.message(lang))
    if problems:
        st.error(
            f"**{t('settings_invalid', lang)}**\n\n"
            + "\n".join(f"- {literal(p)}" for p in problems)
        )
        return None
    return values
