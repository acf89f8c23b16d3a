"""Bản đồ (map): every layer with filters, legend and layer control."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import cache, state
from dashboard.components.basemap import basemap_setting
from dashboard.components.filters import map_filter
from dashboard.components.map import show_map, static_map_html
from dashboard.components.missing import show_missing
from dashboard.texts import literal, t
from pipelines.maps.layers import MAP_THEME_BY_KEY
from pipelines.text.formats import format_date, format_number
from pipelines.text.labels import MAP_FILTER_LABELS, pick

# The page's title and margins above the map, in pixels: the map takes the rest of the window.
MAP_PAGE_OFFSET_PX = 190

lang = state.lang()
ward_dir = state.ward_dir()
ward = cache.ward(ward_dir)

st.title(t("map_heading", lang))
show_missing(ward_dir, "map", lang)
with st.sidebar:
    # The theme sits with the filters, so that the map starts high enough on the page to
    # be seen whole on a 1280×720 projector.
    theme = (
        st.segmented_control(
            t("map_theme", lang),
            options=list(MAP_THEME_BY_KEY),
            format_func=lambda key: MAP_THEME_BY_KEY[key].label(lang),
            default="current",
            key="pccc_map_theme",
        )
        or "current"
    )
    st.subheader(t("filters", lang))
    flt = map_filter(ward, lang, prefix="pccc_map")
    tiles_url, tiles_attr = basemap_setting(ward, lang)

layers = cache.map_page_layers(ward_dir, lang, flt, theme)
bounds = cache.bounds(ward_dir)
title = f"{t('app_title', lang)} — {ward.name}"
details = (
    f"{pick(MAP_FILTER_LABELS['theme'], lang)}: {MAP_THEME_BY_KEY[theme].label(lang)}",
    cache.filter_text(ward_dir, flt, lang),
)
show_map(
    layers,
    bounds,
    key="pccc_map_main",
    legend_title=t("legend", lang),
    lang=lang,
    tiles_url=tiles_url,
    tiles_attribution=tiles_attr,
    height_px=700,
    theme=theme,
    print_title=title,
    print_details=details,
    print_alone=True,
    window_offset_px=MAP_PAGE_OFFSET_PX,
)
counts = " · ".join(
    f"{literal(layer.label)}: {format_number(layer.count, lang)}"
    for layer in layers
    if layer.count and layer.show
)
st.caption(f"{t('drawn', lang)} — {counts}")
st.download_button(
    t("download_html", lang),
    data=lambda: static_map_html(
        layers,
        bounds,
        legend_title=t("legend", lang),
        lang=lang,
        tiles_url=tiles_url,
        tiles_attribution=tiles_attr,
        title=title,
        details=(
            *details,
            f"{pick(MAP_FILTER_LABELS['made'], lang)}: {format_date(dt.date.today(), lang)}",
        ),
    ),
    file_name="ban-do-pccc.html",
    mime="text/html",
    on_click="ignore",
    icon=":material/download:",
)
