"""The form of one inspection (page Kiểm tra cơ sở): widgets in, plain values out.

Returns the values of :func:`pipelines.model.inspection.record_from_form` when submitted;
the checks (Vietnamese messages) are the pipeline's. User text is shown through
:func:`dashboard.texts.literal` (labels) and data frames, never as live Markdown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.texts import literal, t
from pipelines.model.schema import CHECK_ANSWER, INSPECTION_KIND, INSPECTION_RESULT
from pipelines.model.settings_inspection import CHECKLIST_ITEMS
from pipelines.text.formats import format_number
from pipelines.text.labels import pick
from pipelines.text.labels_inspection import CHECKLIST_LABELS, INSPECTION_COLUMNS

KEY = "pccc_inspect_form"


def _violations_editor(view: dict[str, Any], lang: str, key: str) -> pd.DataFrame:
    col = {k: pick(INSPECTION_COLUMNS[k], lang) for k in INSPECTION_COLUMNS}
    empty = pd.DataFrame(
        {
            "item": pd.Series([], dtype=object),
            "description": pd.Series([], dtype=object),
            "legal_basis": pd.Series([], dtype=object),
            "deadline": pd.Series([], dtype="datetime64[ns]"),
        }
    )
    return st.data_editor(
        empty,
        num_rows="dynamic",
        width="stretch",
        key=key,
        column_config={
            "item": st.column_config.SelectboxColumn(
                col["item"],
                options=list(CHECKLIST_ITEMS),
                format_func=lambda c: pick(CHECKLIST_LABELS[c], lang),
            ),
            "description": st.column_config.TextColumn(col["description"], width="large"),
            "legal_basis": st.column_config.TextColumn(
                col["legal_basis"], default=view["legal_basis"], width="medium"
            ),
            "deadline": st.column_config.DateColumn(col["deadline"], format="DD/MM/YYYY"),
        },
    )


def inspection_form(
    view: dict[str, Any], premises_id: str, lang: str, user: str
) -> dict[str, Any] | None:
    """Show the form for ``premises_id``; return its values when submitted, else ``None``."""
    key = f"{KEY}_{premises_id}"
    with st.form(key, clear_on_submit=False, border=True):
        st.markdown(f"**{t('inspect_form', lang)}**")
        c1, c2, c3 = st.columns(3)
        day = c1.date_input(
            t("inspect_date", lang), value=dt.date.today(), format="DD/MM/YYYY", key=f"{key}_date"
        )
        kind = c2.selectbox(
            t("inspect_kind", lang),
            INSPECTION_KIND.codes(),
            index=2 if view["open_ids"] else 0,
            format_func=lambda c: INSPECTION_KIND.label(c, lang),
            key=f"{key}_kind",
        )
        officer = c3.text_input(t("inspect_officer", lang), value=user, key=f"{key}_officer")
        inspectors = st.text_input(t("inspect_inspectors", lang), key=f"{key}_inspectors")
        st.caption(t("inspect_checklist", lang))
        answers = {}
        for item in view["checklist"]:
            answers[item] = st.radio(
                pick(CHECKLIST_LABELS[item], lang),
                CHECK_ANSWER.codes(),
                format_func=lambda c: CHECK_ANSWER.label(c, lang),
                horizontal=True,
                key=f"{key}_check_{item}",
            )
        fixed = []
        if view["open_ids"]:
            st.caption(t("inspect_fixed", lang))
            texts = view["open"][pick(INSPECTION_COLUMNS["description"], lang)]
            for vid, text in zip(view["open_ids"], texts, strict=True):
                if st.checkbox(literal(f"{vid} — {text}"), key=f"{key}_fixed_{vid}"):
                    fixed.append(vid)
        days = format_number(view["violation_days"], lang)
        st.caption(t("inspect_new_violations", lang).format(days=days))
        rows = _violations_editor(view, lang, f"{key}_violations")
        result = st.selectbox(
            t("inspect_result", lang),
            INSPECTION_RESULT.codes(),
            format_func=lambda c: INSPECTION_RESULT.label(c, lang),
            key=f"{key}_result",
        )
        note = st.text_area(t("inspect_note", lang), key=f"{key}_note")
        if not st.form_submit_button(t("inspect_save", lang), type="primary"):
            return None
    return {
        "date": day,
        "kind": kind,
        "result": result,
        "inspectors": inspectors,
        "officer": officer,
        "checklist": answers,
        "fixed": tuple(fixed),
        "note": note,
        "violations": rows.to_dict("records"),
    }
