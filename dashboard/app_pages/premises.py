"""Cơ sở nguy cơ (risk premises): ranked for inspection, the risk breakdown on every row."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, state
from dashboard.components.missing import show_missing
from dashboard.texts import t
from pipelines.model.schema import PREMISES_CATEGORY
from pipelines.network.risk import RISK_CLASSES
from pipelines.network.tables import TABLE_FORMATS, RiskFilter, column
from pipelines.text.formats import format_number

lang = state.lang()
ward_dir = state.ward_dir()

st.title(t("premises_heading", lang))
st.caption(t("premises_intro", lang))
st.caption(t("premises_split", lang))
show_missing(ward_dir, "premises", lang)

options = cache.analysis_summary(ward_dir, "risk_options")
groups = options["group_names"]
with st.sidebar:
    st.subheader(t("filters", lang))
    classes = st.multiselect(
        t("risk_class_filter", lang),
        options["classes"],
        format_func=lambda c: RISK_CLASSES[c].label(lang),
        key="pccc_premises_classes",
        placeholder=t("filter_all", lang),
    )
    categories = st.multiselect(
        t("category_filter", lang),
        options["categories"],
        format_func=lambda c: PREMISES_CATEGORY.label(c, lang),
        key="pccc_premises_categories",
        placeholder=t("filter_all", lang),
    )
    chosen_groups = st.multiselect(
        t("group_filter", lang),
        options["groups"],
        format_func=lambda g: str(groups.get(g, g)),
        key="pccc_premises_groups",
        placeholder=t("filter_all", lang),
    )
    search = st.text_input(t("search_filter", lang), key="pccc_premises_search")
    households = st.toggle(t("include_households", lang), key="pccc_premises_households")

summary = cache.analysis_summary(ward_dir, "risk")
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("kpi_very_high", lang), format_number(summary.very_high, lang))
c2.metric(t("kpi_high", lang), format_number(summary.high, lang))
c3.metric(t("kpi_never_inspected", lang), format_number(summary.never_inspected, lang))
c4.metric(t("kpi_beyond_reach_premises", lang), format_number(summary.beyond_reach, lang))

flt = RiskFilter(
    classes=tuple(classes),
    categories=tuple(categories),
    groups=tuple(chosen_groups),
    search=search,
    include_households=households,
)
table = cache.analysis_display(ward_dir, lang, "risk", flt=flt)
st.caption(t("rows_shown", lang).format(n=format_number(len(table), lang)))
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=560,
    key="pccc_premises_table",
    column_config={column("breakdown", lang): st.column_config.TextColumn(width="large")},
)
left, right, _ = st.columns([1, 1, 4])
for area, fmt, label in ((left, "csv", "download_csv"), (right, "xlsx", "download_xlsx")):
    area.download_button(
        t(label, lang),
        data=cache.analysis_table_file(ward_dir, lang, "risk", fmt, flt=flt),
        file_name=f"co-so-nguy-co{TABLE_FORMATS[fmt][1]}",
        mime=TABLE_FORMATS[fmt][0],
        key=f"pccc_premises_download_{fmt}",
        icon=":material/download:",
    )

st.subheader(t("inspections_heading", lang))
due = cache.analysis_summary(ward_dir, "inspections")
st.caption(t("inspections_intro", lang).format(days=format_number(due.due_soon_days, lang)))
d1, d2, d3, d4 = st.columns(4)
d1.metric(t("kpi_inspection_overdue", lang), format_number(due.overdue, lang))
d2.metric(t("kpi_never_inspected", lang), format_number(due.never, lang))
d3.metric(t("kpi_inspection_due_soon", lang), format_number(due.due_soon, lang))
d4.metric(t("kpi_inspection_groups", lang), format_number(due.groups, lang))
due_table = cache.analysis_display(ward_dir, lang, "inspections_due")
st.caption(t("rows_shown", lang).format(n=format_number(len(due_table), lang)))
st.dataframe(due_table, hide_index=True, width="stretch", key="pccc_inspections_due_table")
left, right, _ = st.columns([1, 1, 4])
for area, fmt, label in ((left, "csv", "download_csv"), (right, "xlsx", "download_xlsx")):
    area.download_button(
        t(label, lang),
        data=cache.analysis_table_file(ward_dir, lang, "inspections_due", fmt),
        file_name=f"kiem-tra-den-han{TABLE_FORMATS[fmt][1]}",
        mime=TABLE_FORMATS[fmt][0],
        key=f"pccc_inspections_download_{fmt}",
        icon=":material/download:",
    )
