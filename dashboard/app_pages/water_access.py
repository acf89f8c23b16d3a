"""Nguồn nước & giao thông (water & access): truck access by day or night, deep alleys,
water coverage, and proposals for new safety groups."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, state
from dashboard.components.map import show_map
from dashboard.texts import t
from pipelines.maps.layers import MapFilter
from pipelines.network.layers import merge_map_layers
from pipelines.network.tables import TABLE_FORMATS
from pipelines.text.formats import format_distance, format_number, format_percent

lang = state.lang()
ward_dir = state.ward_dir()
ward = cache.ward(ward_dir)
th = ward.config.thresholds

st.title(t("water_heading", lang))
night = st.toggle(
    t("night_switch", lang),
    key="pccc_access_night",
    help=t("night_help", lang).format(
        start=f"{th.night_from_hour:g}h", end=f"{th.night_to_hour:g}h"
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
ward_layers = [
    layer
    for layer in cache.map_layers(ward_dir, lang, MapFilter())
    if layer.key
    in ("ward_boundary", "water_bodies", "barriers", "water_sources", "firefighting_points")
]
access_layers = cache.analysis_layers(
    ward_dir,
    lang,
    MapFilter(),
    night=night,
    keys=("beyond_reach", "truck_access", "deep_alleys", "gap_proposals"),
    show=(("deep_alleys", True), ("gap_proposals", True)),
)
show_map(
    merge_map_layers(ward_layers, access_layers),
    cache.bounds(ward_dir),
    key="pccc_access_map",
    legend_title=t("legend", lang),
    lang=lang,
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


st.subheader(t("deep_alleys_heading", lang).format(m=f"{th.deep_alley_min_m:g}"))
st.caption(t("deep_alleys_intro", lang).format(m=f"{th.deep_alley_min_m:g}"))
st.dataframe(
    cache.analysis_table(ward_dir, lang, "deep_alleys", night=night),
    hide_index=True,
    width="stretch",
    height=320,
    key="pccc_access_deep_alleys",
)
downloads("deep_alleys", "ngo-sau-xe-khong-vao-duoc")

left, right = st.columns([2, 3])
with left:
    st.subheader(t("water_groups_heading", lang))
    groups = cache.analysis_table(ward_dir, lang, "water_groups", night=night)
    share = groups.columns[-1]
    st.dataframe(
        groups.style.format({share: lambda v: format_percent(v, lang)}),
        hide_index=True,
        width="stretch",
    )
with right:
    st.subheader(t("water_sources_heading", lang))
    st.dataframe(
        cache.analysis_table(ward_dir, lang, "water", night=night),
        hide_index=True,
        width="stretch",
        height=260,
    )

st.subheader(t("coverage_heading", lang))
coverage = cache.analysis_table(ward_dir, lang, "coverage", night=night)
shares = [c for c in coverage.columns if c.startswith("%")]
st.dataframe(
    coverage.style.format({c: lambda v: format_percent(v, lang) for c in shares}),
    hide_index=True,
    width="stretch",
)
downloads("coverage", "do-phu-theo-to-dan-pho")

st.subheader(t("gaps_heading", lang))
st.caption(
    t("gaps_intro", lang).format(
        lo=th.safety_group_min_households, hi=th.safety_group_max_households
    )
)
st.dataframe(
    cache.analysis_table(ward_dir, lang, "gaps", night=night),
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
        for vi, en in notes:
            st.info(vi if lang == "vi" else en)
