"""The form of one inspection (page Kiểm tra cơ sở): widgets in, plain values out.

Returns the values of :func:`pipelines.model.inspection.record_from_form` when submitted;
the checks (Vietnamese messages) are the pipeline's. User text is shown through
:func:`dashboard.texts.literal` (labels) and data frames, never as live Markdown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from dashboard.texts import literal, t
from pipelines.model.schema import CHECK_ANSWER, INSPECTION_KIND, INSPECTION_RESULT
from pipelines.model.settings_inspection import CHECKLIST_ITEMS
from pipelines.text.formats import format_number
from pipelines.text.labels import pick
from pipelines.text.labels_inspection import CHECKLIST_LABELS, INSPECTION_COLUMNS

KEY = "pccc_inspect_form"
ROUND = "pccc_inspect_round"  # forms saved in this session (part of the widgets' keys)
MAX_VIOLATIONS = 10  # violation blocks the form shows at most (a widget's bound, not a rule)


def _violation_fields(
    view: dict[str, Any], lang: str, key: str, n: int, day: dt.date
) -> dict[str, Any]:
    """One violation's widgets (item, description, legal basis, deadline)."""
    col = {k: pick(INSPECTION_COLUMNS[k], lang) for k in INSPECTION_COLUMNS}
    st.markdown(f"**{t('inspect_violation_n', lang).format(n=format_number(n, lang))}**")
    c1, c2 = st.columns([1, 2])
    item = c1.selectbox(
        col["item"],
        ["", *CHECKLIST_ITEMS],
        format_func=lambda c: pick(CHECKLIST_LABELS[c], lang) if c else "–",
        key=f"{key}_item_{n}",
    )
    description = c2.text_input(col["description"], key=f"{key}_description_{n}")
    c3, c4 = st.columns([2, 1])
    basis = c3.text_input(col["legal_basis"], value=view["legal_basis"], key=f"{key}_basis_{n}")
    deadline = c4.date_input(
        col["deadline"],
        value=day + dt.timedelta(days=view["violation_days"]),
        format="DD/MM/YYYY",
        key=f"{key}_deadline_{n}",
    )
    return {"item": item, "description": description, "legal_basis": basis, "deadline": deadline}


def inspection_form(
    view: dict[str, Any], premises_id: str, lang: str, user: str
) -> dict[str, Any] | None:
    """Show the form for ``premises_id``; return its values when submitted, else ``None``."""
    key = f"{KEY}_{premises_id}" + (f"_{n}" if (n := st.session_state.get(ROUND, 0)) else "")
    st.markdown(f"**{t('inspect_form', lang)}**")
    count = st.number_input(
        t("inspect_violation_count", lang), min_value=0, max_value=MAX_VIOLATIONS, key=f"{key}_n"
    )
    with st.form(key, clear_on_submit=False, border=True):
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
        rows = [_violation_fields(view, lang, key, n, day) for n in range(1, int(count) + 1)]
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
        "violations": rows,
    }


def reset_form() -> None:
    """Show an empty form on the next run (after a save: no second save by mistake). The
    widgets get new keys: a form's widgets keep their values in the browser otherwise."""
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
