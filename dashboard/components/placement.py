"""Placing import rows on the map: the address suggestions, their precision, and by hand.

The Dữ liệu page calls :func:`placement_options` before it builds the import options (the
points placed by hand and whether the address suggestions are taken, per file and layer),
and :func:`placement_section` after the preview: a table of the rows placed by address (how,
on which road, the estimated error) and of the rows still without a position, a switch to
take the suggestions (the default), and a map to click for a chosen row. A click places the
row there (``location_source = "by_hand"``); the preview is recomputed with it before any
commit.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import streamlit as st

from dashboard import cache
from dashboard.components.map import show_map
from dashboard.texts import t
from pipelines.ingest.placement_views import placement_points, placement_view
from pipelines.ingest.preview import ImportPreview
from pipelines.maps.layers import MapFilter, MapLayer
from pipelines.text.formats import format_number

BY_HAND = "pccc_data_by_hand"  # {"digest:layer": {row number: (lon, lat)}}
ACCEPT = "pccc_data_accept_address"  # {"digest:layer": bool}
ROW = "pccc_data_place_row"
CONSUMED = "pccc_data_place_consumed"  # {"token:row": the map click already applied}
SUGGESTED_STYLE = {
    "radius": 6,
    "color": "#6a3d9a",
    "weight": 2.5,
    "dashArray": "3 2",
    "fillColor": "#cab2d6",
    "fillOpacity": 0.9,
}
CHOSEN_STYLE = {
    "radius": 9,
    "color": "#b00020",
    "weight": 3,
    "fillColor": "#fb9a99",
    "fillOpacity": 1,
}


def placement_options(token: str) -> dict:
    """Keyword arguments of :class:`pipelines.ingest.ImportOptions` for this file and layer."""
    by_hand = st.session_state.get(BY_HAND, {}).get(token, {})
    return {
        "by_hand": {int(r): (float(x), float(y)) for r, (x, y) in by_hand.items()},
        "place_by_address": bool(st.session_state.get(ACCEPT, {}).get(token, True)),
    }


def _remember_accept(token: str, key: str) -> None:
    st.session_state.setdefault(ACCEPT, {})[token] = bool(st.session_state[key])


def _points_layer(preview: ImportPreview, chosen: int | None, lang: str) -> MapLayer:
    points = placement_points(preview)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(x, 7), round(y, 7)]},
            "properties": {
                "k": int(r == chosen),
                "t": html.escape(
                    f"{t('place_row', lang)} {format_number(r, lang, grouping=False)}"
                ),
                "p": [],
            },
        }
        for r, x, y in zip(points["row"], points["lon"], points["lat"], strict=True)
    ]
    n_chosen = sum(f["properties"]["k"] for f in features)
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return MapLayer(
        "placements",
        t("place_layer", lang),
        "circle",
        (SUGGESTED_STYLE, CHOSEN_STYLE),
        ((t("place_suggested", lang),), (t("place_chosen", lang),)),
        (),
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"),
        len(features),
        (len(features) - n_chosen, n_chosen),
    )


def placement_section(preview: ImportPreview, ward_dir: Path, token: str, lang: str) -> None:
    """Show the rows placed by address, take or refuse the suggestions, place rows by hand."""
    view = placement_view(preview, lang)
    by_hand = st.session_state.setdefault(BY_HAND, {}).setdefault(token, {})
    accepted = st.session_state.get(ACCEPT, {}).get(token, True)
    if not len(view) and not by_hand and accepted:
        return
    st.subheader(t("place_title", lang))
    st.caption(t("place_rule", lang))
    key = f"pccc_data_accept_{token}"
    st.checkbox(
        t("place_accept", lang),
        value=accepted,
        key=key,
        on_change=_remember_accept,
        args=(token, key),
    )
    st.dataframe(view, hide_index=True)
    rows = [int(r) for r in preview.placements["row"]]
    if not rows:
        return
    chosen = st.selectbox(
        t("place_choose", lang),
        [None, *rows],
        format_func=lambda r: "—" if r is None else _row_label(preview, r, lang),
        key=f"{ROW}_{token}",
    )
    if chosen is None:
        return
    st.caption(t("place_click", lang))
    layers = [
        layer for layer in cache.map_layers(ward_dir, lang, MapFilter()) if layer.key == "roads"
    ]
    state = show_map(
        [*layers, _points_layer(preview, chosen, lang)],
        cache.bounds(ward_dir),
        key=f"pccc_data_place_map_{token}_{chosen}",
        legend_title=t("place_layer", lang),
        lang=lang,
        height_px=450,
        returned_objects=["last_clicked"],
        presentable=False,
    )
    clicked = (state or {}).get("last_clicked")
    consumed = st.session_state.setdefault(CONSUMED, {})
    if clicked:
        point = (float(clicked["lng"]), float(clicked["lat"]))
        if consumed.get(f"{token}:{chosen}") != point:
            consumed[f"{token}:{chosen}"] = point
            by_hand[chosen] = point
            st.rerun()
    if chosen in by_hand and st.button(t("place_undo", lang), key=f"pccc_data_place_undo_{token}"):
        del by_hand[chosen]
        st.rerun()


def _row_label(preview: ImportPreview, row: int, lang: str) -> str:
    p = preview.placements.set_index("row")
    name = p.at[row, "name"] if "name" in p.columns else ""
    address = p.at[row, "address"] if "address" in p.columns else ""
    parts = [str(x) for x in (name, address) if isinstance(x, str) and x]
    return f"{t('place_row', lang)} {format_number(row, lang, grouping=False)}: " + " — ".join(
        parts
    )
