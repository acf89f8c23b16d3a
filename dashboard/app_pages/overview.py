"""Tổng quan (overview) for ward leadership: where the plan stands against its targets and how
it moved, the tổ dân phố ranked, today's counts, and the map."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache, state
from dashboard.components.basemap import basemap_tiles
from dashboard.components.documents import show_documents
from dashboard.components.map import show_map
from dashboard.components.missing import show_missing
from dashboard.components.plan_charts import show_plan_charts
from dashboard.texts import literal, t
from pipelines.maps.layers import MapFilter
from pipelines.text.formats import format_date, format_number, format_percent

lang = state.lang()
ward_dir = state.ward_dir()
ward = cache.ward(ward_dir)
k = cache.kpis(ward_dir)
as_of = pd.Timestamp.today().normalize()


def n(value: float) -> str:
    return format_number(value, lang)


def rows_height(rows: int) -> int:
    """Height of a table that shows every row (header + rows, no inner scroll)."""
    return 38 + 35 * max(rows, 1)


st.title(f"{t('app_title', lang)} — {literal(ward.name)}")
st.caption(t("app_subtitle", lang))
show_missing(ward_dir, "overview", lang)
if k.premises + k.households + k.points_total == 0:
    st.info(t("empty_ward", lang))

# --- The plan: what a leader asks first, each with its target and its trend -------------------
headlines, indicators, ranking, _, lagging = cache.plan_page(ward_dir, lang, as_of)
st.subheader(t("plan_heading", lang))
st.caption(t("plan_as_of", lang).format(date=format_date(as_of, lang)))
for column, h in zip(st.columns(len(headlines)), headlines, strict=True):
    column.metric(
        h.label,  # the product's own labels and figures, not user text
        h.value,
        delta=h.change,
        delta_color="inverse" if h.lower_is_better else "normal",
        delta_arrow="off" if h.flat else "auto",
        delta_description=t("plan_delta_description", lang) if h.change else None,
        help=h.help,
        chart_data=list(h.trend) or None,
        border=True,
    )
st.caption(t("plan_delta_help", lang))

st.subheader(t("plan_table_heading", lang))
st.dataframe(indicators, hide_index=True, width="stretch", height=rows_height(len(indicators)))

st.subheader(t("plan_charts_heading", lang))
charts = cache.plan_charts(ward_dir, lang, as_of)
if charts:
    show_plan_charts(charts, lang)
else:
    st.info(t("plan_charts_empty", lang))

st.subheader(t("plan_ranking_heading", lang))
if len(ranking):
    st.caption(t("plan_ranking_help", lang).format(lagging=n(lagging)))
    st.dataframe(ranking, hide_index=True, width="stretch", height=rows_height(len(ranking)))
else:  # Streamlit's own placeholder for an empty table is English ("empty")
    st.info(t("by_group_empty", lang))

# --- Today's counts ---------------------------------------------------------------------------
st.subheader(t("plan_counts_heading", lang))
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric(t("kpi_premises", lang), n(k.premises))
c2.metric(
    t("kpi_violations", lang),
    n(k.premises_with_violations),
    help=f"{n(k.premises_construction_electrical)} {t('construction_electrical', lang)}",
)
c3.metric(
    t("kpi_points", lang),
    f"{n(k.points_working)} / {n(k.points_total)}",
    help=f"{n(k.points_unknown)} {t('status_unknown_count', lang)}",
)
c4.metric(
    t("kpi_groups", lang),
    format_percent(k.households_in_group_share, lang),
    help=f"{n(k.households_in_group)} / {n(k.households)} · {n(k.safety_groups)} {t('groups_count', lang)}",
)
c5.metric(
    t("kpi_water", lang),
    f"{n(k.water_working)} / {n(k.water_total)}",
    help=f"{n(k.hydrants_working)} / {n(k.hydrants_total)} {t('hydrants', lang)} · "
    f"{n(k.water_unknown)} {t('status_unknown_count', lang)}",
)

by_category, by_group = cache.overview_tables(ward_dir, lang)
left, right = st.columns([2, 3])
with left:
    st.subheader(t("by_category", lang))
    st.dataframe(
        by_category, hide_index=True, width="stretch", height=rows_height(len(by_category))
    )
with right:
    st.subheader(t("by_group", lang))
    if len(by_group):
        st.dataframe(by_group, hide_index=True, width="stretch", height=rows_height(len(by_group)))
    else:  # Streamlit's own placeholder for an empty table is English ("empty")
        st.info(t("by_group_empty", lang))

st.subheader(t("map_heading", lang))
tiles_url, tiles_attr = basemap_tiles(ward)
show_map(
    cache.map_layers(ward_dir, lang, MapFilter()),
    cache.bounds(ward_dir),
    key="pccc_overview_map",
    legend_title=t("legend", lang),
    lang=lang,
    tiles_url=tiles_url,
    tiles_attribution=tiles_attr,
    height_px=520,
    print_title=f"{t('app_title', lang)} — {ward.name}",
    print_details=(cache.filter_text(ward_dir, MapFilter(), lang),),
)
show_documents(ward_dir, lang)
