"""Nguồn nước & giao thông (water & access): truck access by day or night, deep alleys,
water coverage, and proposals for new safety groups."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, state
from dashboard.components.basemap import basemap_setting
from dashboard.components.map import show_map
from dashboard.components.missing import show_missing
from dashboard.texts import t
from pipelines.network.tables import TABLE_FORMATS
from pipelines.text.formats import format_distance, format_number, format_percent, number_text
from pipelines.text.labels import pick

lang = state.lang()
ward_dir = state.ward_dir()
ward = cache.ward(ward_dir)
th = ward.config.thresholds

st.title(t("water_heading", lang))
show_missing(ward_dir, "water_access", lang)
with st.sidebar:
    tiles_url, tiles_attr = basemap_setting(ward, lang)
night = st.toggle(
    t("night_switch", lang),
    key="pccc_access_night",
    help=t("night_help", lang).format(
        start=f"{number_text(th.night_from_hour, lang)}h",
        end=f"{number_text(th.night_to_hour, lang)}h",
    ),
)
st.caption(t("when_night" if night else "when_day", lang))
s = cache.analysis_summary(ward_dir, "access", night=night)
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric(
    t("kpi_reachable_roads", lang),
    format_distance(s.reachable_road_m, lang),
    help=f"/ {format_distance(s.road_m, lang)}",
)
c2.metric(t("kpi_within_reach", lang), format_percent(s.share_within_reach, lang))
c3.metric(t("kpi_pockets", lang), format_number(s.pockets, lang))
c4.metric(t("kpi_deep_alleys", lang), format_number(s.deep_alleys, lang))
c5.metric(t("kpi_blocking", lang), format_number(s.barriers_blocking, lang))

st.subheader(t("access_map_heading", lang))
show_map(
    cache.access_map_layers(ward_dir, lang, night=night),
    cache.bounds(ward_dir),
    key="pccc_access_map",
    legend_title=t("legend", lang),
    lang=lang,
    tiles_url=tiles_url,
    tiles_attribution=tiles_attr,
    height_px=600,
)


def downloads(name: str, stem: str) -> None:
    cols = st.columns([1, 1, 4])
    for area, fmt, label in ((cols[0], "csv", "download_csv"), (cols[1], "xlsx", "download_xlsx")):
        area.download_button(
            t(label, lang),
            data=cache.analysis_table_file(ward_dir, lang, name, fmt, night=night),
            file_name=f"{stem}{TABLE_FORMATS[fmt][1]}",
            mime=TABLE_FORMATS[fmt][0],
            key=f"pccc_access_{name}_{fmt}",
            icon=":material/download:",
        )


deep_m = number_text(th.deep_alley_min_m, lang)
st.subheader(t("deep_alleys_heading", lang).format(m=deep_m))
st.caption(t("deep_alleys_intro", lang).format(m=deep_m))
st.dataframe(
    cache.analysis_display(ward_dir, lang, "deep_alleys", night=night),
    hide_index=True,
    width="stretch",
    height=320,
    key="pccc_access_deep_alleys",
)
downloads("deep_alleys", "ngo-sau-xe-khong-vao-duoc")

left, right = st.columns([2, 3])
with left:
    st.subheader(t("water_groups_heading", lang))
    st.dataframe(
        cache.analysis_display(ward_dir, lang, "water_groups", night=night),
        hide_index=True,
        width="stretch",
    )
with right:
    st.subheader(t("water_sources_heading", lang))
    st.dataframe(
        cache.analysis_display(ward_dir, lang, "water", night=night),
        hide_index=True,
        width="stretch",
        height=260,
    )

st.subheader(t("coverage_heading", lang))
st.dataframe(
    cache.analysis_display(ward_dir, lang, "coverage", night=night),
    hide_index=True,
    width="stretch",
)
downloads("coverage", "do-phu-theo-to-dan-pho")

st.subheader(t("gaps_heading", lang))
st.caption(
    t("gaps_intro", lang).format(
        lo=format_number(th.safety_group_min_households, lang),
        hi=format_number(th.safety_group_max_households, lang),
    )
)
st.dataframe(
    cache.analysis_display(ward_dir, lang, "gaps", night=night),
    hide_index=True,
    width="stretch",
    height=320,
    key="pccc_access_gaps",
)
if s.households_left_out:
    st.caption(t("gaps_left", lang).format(n=format_number(s.households_left_out, lang)))
downloads("gaps", "de-xuat-to-lien-gia")

notes = cache.analysis(ward_dir, night=night).notes
if notes:
    with st.expander(t("analysis_notes", lang)):
        for note in notes:
            st.info(pick(note, lang))
