"""Lịch sử thay đổi: the audit trail filtered by user, layer, dates and feature; restores."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import access, cache, state
from dashboard.components.errors import user_errors
from dashboard.texts import t
from pipelines.model.schema import LAYER_NAMES, get_layer
from pipelines.text.formats import LOCAL_OFFSET, format_moment, format_number
from pipelines.text.labels import AUDIT_HOW, AUDIT_LABELS, pick

LAYER_PARAM = "lop"  # URL parameters a popup's history link sets
FEATURE_PARAM = "doi_tuong"

lang = state.lang()
ward_dir = state.ward_dir()
user = access.current()
entries = cache.audit_entries(ward_dir)

st.title(t("audit_title", lang))
st.caption(t("audit_help", lang))


def layer_text(code: str) -> str:
    return (
        pick(AUDIT_LABELS["settings"], lang) if code == "settings" else get_layer(code).label(lang)
    )


layers = [n for n in (*LAYER_NAMES, "settings") if n in set(entries["layer"])]
# A map popup's link "Lịch sử thay đổi" opens ?lop=<layer>&doi_tuong=<id>: the filters start there.
if LAYER_PARAM in st.query_params or FEATURE_PARAM in st.query_params:
    asked = st.query_params.get(LAYER_PARAM)
    st.session_state["audit_layer"] = asked if asked in layers else None
    st.session_state["audit_feature"] = st.query_params.get(FEATURE_PARAM, "")
    for param in (LAYER_PARAM, FEATURE_PARAM):
        st.query_params.pop(param, None)
c1, c2, c3, c4 = st.columns(4)
users = c1.multiselect(t("audit_user", lang), sorted(set(entries["user"])), key="audit_users")
layer = c2.selectbox(
    t("audit_layer", lang),
    [None, *layers],
    format_func=lambda c: "–" if c is None else layer_text(c),
    key="audit_layer",
)
dates = c3.date_input(t("audit_dates", lang), value=(), format="DD/MM/YYYY", key="audit_dates")
feature = c4.text_input(t("audit_feature", lang), key="audit_feature").strip()

local_day = (entries["at"] + LOCAL_OFFSET).dt.date
shown = pd.Series(True, index=entries.index)
if users:
    shown &= entries["user"].isin(users)
if layer:
    shown &= entries["layer"] == layer
if len(dates) >= 1:
    shown &= local_day >= dates[0]
    shown &= local_day <= dates[-1]
if feature:
    shown &= entries["feature_id"] == feature
rows = entries[shown].iloc[::-1]


def field_text(code: str, field: object) -> str:
    """A field's label in the language (a setting's key, or geometry, as stored)."""
    if code == "settings" or not isinstance(field, str):
        return field if isinstance(field, str) else ""
    labels = {f.name: f.label(lang) for f in get_layer(code).fields}
    return labels.get(field, field)


def change(row: pd.Series, column: str) -> str:
    if isinstance(row["field"], str):
        return "–" if pd.isna(row[column]) else str(row[column])
    kind = "created" if row["new"] == "created" else "deleted"
    return pick(AUDIT_LABELS[kind], lang) if column == "new" else ""


table = pd.DataFrame(
    {
        pick(AUDIT_LABELS["at"], lang): [format_moment(m, lang) for m in rows["at"]],
        pick(AUDIT_LABELS["user"], lang): rows["user"],
        pick(AUDIT_LABELS["how"], lang): [pick(AUDIT_HOW[h], lang) for h in rows["how"]],
        pick(AUDIT_LABELS["layer"], lang): [layer_text(c) for c in rows["layer"]],
        pick(AUDIT_LABELS["feature_id"], lang): rows["feature_id"].fillna(""),
        pick(AUDIT_LABELS["field"], lang): [
            field_text(c, f) for c, f in zip(rows["layer"], rows["field"], strict=True)
        ],
        pick(AUDIT_LABELS["old"], lang): [change(r, "old") for _, r in rows.iterrows()],
        pick(AUDIT_LABELS["new"], lang): [change(r, "new") for _, r in rows.iterrows()],
    }
)
st.caption(t("audit_count", lang).format(n=format_number(len(table), lang)))
if len(table):
    st.dataframe(table, hide_index=True, width="stretch")
else:  # Streamlit's own placeholder for an empty table is English ("empty")
    st.info(pick(AUDIT_LABELS["none"], lang))

st.subheader(t("audit_restore_heading", lang))
versions = cache.audit_versions(ward_dir)
if not user.can_edit:
    st.info(t("audit_read_only", lang), icon=":material/lock:")
elif not versions:
    st.info(t("audit_no_versions", lang))
else:
    names = [name for name, _ in versions]
    when = dict(versions)
    snapshot = st.selectbox(  # numbered: two versions may be replaced in the same minute
        t("audit_version", lang),
        names,
        format_func=lambda n: (
            f"{format_number(len(names) - names.index(n), lang)} — {format_moment(when[n], lang)}"
        ),
    )
    left, right = st.columns(2)
    if left.button(t("audit_restore_ward", lang), key="audit_restore_ward"):
        with user_errors(lang, "audit_restore_error"):
            done = cache.restore_ward(ward_dir, snapshot, user.user)
            st.success(t("audit_restored", lang).format(layers=", ".join(map(layer_text, done))))
    if (
        feature
        and layer
        and layer != "settings"
        and right.button(t("audit_restore_feature", lang), key="audit_restore_feature")
    ):
        with user_errors(lang, "audit_restore_error"):
            n = cache.restore_feature(ward_dir, layer, feature, snapshot, user.user)
            st.success(t("audit_restored_feature", lang).format(n=format_number(n, lang)))
