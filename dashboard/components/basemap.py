"""Base-map setting: off by default; an XYZ tile URL when the office is online.

Every map of the dashboard draws the same base map: the one set in the sidebar expander
(on the pages that show it) or, before anyone changed it, the ward's ``[map]`` setting.
"""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.texts import t
from pipelines.model.store import Ward


def _defaults(ward: Ward) -> None:
    st.session_state.setdefault(state.TILES_URL, ward.config.map.tiles_url)
    st.session_state.setdefault(state.TILES_ATTR, ward.config.map.tiles_attribution)


def basemap_tiles(ward: Ward) -> tuple[str, str]:
    """Return the base map in force (tile URL, attribution) without showing the setting."""
    _defaults(ward)
    url = st.session_state[state.TILES_URL] or ""
    return url.strip(), (st.session_state[state.TILES_ATTR] or "").strip()


def _keep(key: str) -> None:
    # Widget values are forgotten on pages that do not show the widget; keep a copy.
    st.session_state[key] = st.session_state[f"{key}_widget"]


def basemap_setting(ward: Ward, lang: str) -> tuple[str, str]:
    """Show the base-map expander; return (tile URL, attribution). Empty URL = no tiles."""
    _defaults(ward)
    with st.expander(t("basemap", lang)):
        st.caption(t("basemap_help", lang))
        for key, label in ((state.TILES_URL, "basemap_url"), (state.TILES_ATTR, "basemap_attr")):
            st.session_state[f"{key}_widget"] = st.session_state[key]
            st.text_input(t(label, lang), key=f"{key}_widget", on_change=_keep, args=(key,))
    return basemap_tiles(ward)
