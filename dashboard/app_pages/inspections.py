"""Kiểm tra cơ sở: inspections due per officer and tổ dân phố, a premises' history, the form
(editors and admins) and the biên bản kiểm tra (Word, PDF)."""

from __future__ import annotations

import streamlit as st

from dashboard import access, cache, state
from dashboard.components.errors import user_errors
from dashboard.components.inspection_form import inspection_form, reset_form
from dashboard.components.missing import show_missing
from dashboard.texts import literal, t
from pipelines.model.errors import ValidationError
from pipelines.network.tables import TABLE_FORMATS, DueFilter
from pipelines.text.formats import format_date, format_number

LAST = "pccc_inspect_last"  # (premises id, inspection id) of the inspection just recorded
SAVED = "pccc_inspect_saved"  # the message of the inspection just recorded


lang = state.lang()
ward_dir = state.ward_dir()
user = access.current()

st.title(t("inspect_title", lang))
st.caption(t("inspect_intro", lang))
show_missing(ward_dir, "premises", lang)

choices = cache.due_choices(ward_dir)
if not choices["premises"]:  # no premises: nothing is due, nothing to record or download
    st.stop()
groups = choices["groups"]
c1, c2, c3 = st.columns([1, 2, 3])
mine = c1.toggle(t("inspect_mine", lang), key="pccc_inspect_mine")
officer = c2.selectbox(
    t("inspect_officer_filter", lang),
    ["", *choices["officers"]],
    format_func=lambda o: o or t("filter_all", lang),
    key="pccc_inspect_officer",
    disabled=mine,
)
chosen = c3.multiselect(
    t("group_filter", lang),
    list(groups),
    format_func=lambda g: str(groups.get(g, g)),
    key="pccc_inspect_groups",
    placeholder=t("filter_all", lang),
)
flt = DueFilter(officer=user.user if mine else officer, groups=tuple(chosen))
due = cache.due_list(ward_dir, lang, flt)
st.caption(t("rows_shown", lang).format(n=format_number(len(due), lang)))
if len(due):
    st.dataframe(
        cache.due_display(ward_dir, lang, flt),
        hide_index=True,
        width="stretch",
        height=320,
        key="pccc_inspect_due",
    )
else:  # a Vietnamese line, not Streamlit's English "empty" grid
    st.caption(t("inspect_none_due", lang))
left, right, _ = st.columns([1, 1, 4])
for area, fmt, label in ((left, "csv", "download_csv"), (right, "xlsx", "download_xlsx")):
    area.download_button(
        t(label, lang),
        data=cache.due_file(ward_dir, lang, flt, fmt),
        file_name=f"kiem-tra-den-han{TABLE_FORMATS[fmt][1]}",
        mime=TABLE_FORMATS[fmt][0],
        key=f"pccc_inspect_download_{fmt}",
        icon=":material/download:",
    )

st.subheader(t("inspect_premises", lang))
names = choices["premises"]
last = st.session_state.get(LAST)
premises_id = st.selectbox(
    t("inspect_choose", lang),
    list(names),
    index=list(names).index(last[0]) if last and last[0] in names else 0,
    format_func=lambda i: f"{i} — {names[i]}",  # options are plain text, not Markdown
    key="pccc_inspect_premises",
)
view = cache.premises_view(ward_dir, premises_id, lang)
st.markdown(f"**{t('inspect_history', lang)}**")
if len(view["history"]):
    st.dataframe(view["history"], hide_index=True, width="stretch", key="pccc_inspect_history")
else:
    st.info(t("inspect_no_history", lang))
st.markdown(f"**{t('inspect_open', lang)}**")
if len(view["open"]):
    st.dataframe(view["open"], hide_index=True, width="stretch", key="pccc_inspect_open")
else:
    st.info(t("inspect_no_open", lang))

if view["inspection_ids"]:
    ids = view["inspection_ids"]
    pick_id = st.selectbox(
        t("inspect_record_of", lang),
        ids,
        index=ids.index(last[1]) if last and last[1] in ids else 0,
        key="pccc_inspect_record_id",
    )
    left, right, _ = st.columns([1, 1, 4])
    for area, fmt, mime in (
        (left, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (right, "pdf", "application/pdf"),
    ):
        area.download_button(
            t(f"inspect_download_{fmt}", lang),
            data=cache.record_file(ward_dir, pick_id, lang, fmt),
            file_name=f"bien-ban-kiem-tra-{pick_id}.{fmt}",
            mime=mime,
            key=f"pccc_inspect_record_{fmt}",
            icon=":material/description:",
        )

if not user.can_edit:
    st.info(t("inspect_read_only", lang), icon=":material/lock:")
    st.stop()
if saved := st.session_state.pop(SAVED, None):
    st.success(literal(saved), icon=":material/check_circle:")
values = inspection_form(view, premises_id, lang, user.user)
if values is not None:
    with user_errors(lang, "inspect_error"):
        try:
            done = cache.record(ward_dir, premises_id, values, user.user)
        except ValidationError as exc:  # every problem, in the reader's language
            st.error(t("inspect_invalid", lang))
            for problem in exc.problems:
                st.error(literal(problem.reason(lang)))
            st.stop()
    st.session_state[LAST] = (premises_id, done.inspection_id)
    reset_form()
    follow = format_date(done.follow_up, lang) if done.follow_up else "–"
    st.session_state[SAVED] = t("inspect_saved", lang).format(
        id=done.inspection_id, n=format_number(len(done.violation_ids), lang), date=follow
    )
    st.rerun()
