"""Base-map setting: off by default; an XYZ tile URL when the office is online."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.texts import t
from pipelines.model.store import Ward


def basemap_setting(ward: Ward, lang: str) -> tuple[str, str]:
    """Show the base-map expander; return (tile URL, attribution). Empty URL = no tiles."""
    st.session_state.setdefault(state.TILES_URL, ward.config.map.tiles_url)
    st.session_state.setdefault(state.TILES_ATTR, ward.config.map.tiles_attribution)
    with st.expander(t("basemap", lang)):
        st.caption(t("basemap_help", lang))
        url = st.text_input(t("basemap_url", lang), key=state.TILES_URL)
        attribution = st.text_input(t("basemap_attr", lang), key=state.TILES_ATTR)
    return url.strip(), attribution.strip()
