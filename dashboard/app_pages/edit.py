"""Chỉnh sửa bản đồ: add, move, change, redraw and delete features on the map (editors)."""

from __future__ import annotations

import streamlit as st

from dashboard import access, cache, state
from dashboard.components.editing import (
    CONFLICT,
    DONE,
    attribute_form,
    conflict_panel,
    edit_map,
    position_caption,
    read_form,
    save,
    seen_feature,
    typed_point,
    validated,
)
from dashboard.texts import literal, t
from pipelines.model.edit import EDITABLE_LAYERS
from pipelines.model.schema import get_layer

# What can be done to each kind of feature: points are moved, lines and areas redrawn.
ACTIONS = {
    "Point": ("add", "move", "attributes", "delete"),
    "LineString": ("add", "redraw", "attributes", "delete"),
    "Polygon": ("add", "redraw", "attributes", "delete"),
}

lang = state.lang()
ward_dir = state.ward_dir()
user = access.current()

st.title(t("edit_title", lang))
if not user.can_edit:
    st.info(t("edit_not_allowed", lang), icon=":material/lock:")
    st.stop()
st.caption(t("edit_help", lang))
done = st.session_state.pop(DONE, None)
if done:
    st.success(done)
if st.session_state.get(CONFLICT) is not None:
    conflict_panel(ward_dir, user.user, lang)
    st.stop()

layer = st.selectbox(
    t("edit_layer", lang),
    EDITABLE_LAYERS,
    format_func=lambda name: get_layer(name).label(lang),
    key="pccc_edit_layer",
)
kind = get_layer(layer).geometry or "Point"
action = (
    st.segmented_control(
        t("edit_action", lang),
        ACTIONS[kind],
        format_func=lambda a: t(f"edit_action_{a}", lang),
        default="add",
        key=f"pccc_edit_action_{layer}",
    )
    or "add"
)
key = f"pccc_edit_{layer}_{action}"

if action == "add":
    st.caption(t(f"edit_draw_{kind}", lang))
    drawing = edit_map(ward_dir, layer, [], lang, mode="draw", key=f"{key}_map")
    geometry = cache.drawn_geometry(drawing.get("last_active_drawing"), layer)
    if kind == "Point":
        geometry = typed_point(lang, key) or geometry
    position_caption(geometry, lang)
    if geometry is None:
        st.stop()
    raw = attribute_form(ward_dir, layer, {}, f"{key}_form", lang, t("edit_save_new", lang))
    values = read_form(layer, raw, lang) if raw is not None else None
    if values is not None:
        change = validated(lambda: cache.edit_new(ward_dir, layer, values, geometry), layer, lang)
        if change is not None:
            save(ward_dir, change, user.user, lang)
    st.stop()

options = cache.edit_options(ward_dir, layer, lang)
chosen = st.selectbox(
    t("edit_choose", lang),
    [None, *options],
    format_func=lambda i: "—" if i is None else options[i],
    key=f"pccc_edit_chosen_{layer}",
)
if chosen is None:
    edit_map(ward_dir, layer, [], lang, mode="view", key=f"{key}_map")
    st.stop()
seen, version = seen_feature(ward_dir, layer, chosen)
row = seen.iloc[0]

if action in ("move", "redraw"):
    st.caption(t(f"edit_{action}_help", lang))
    mode = "click" if action == "move" else "draw"
    picked = edit_map(ward_dir, layer, [row.geometry], lang, mode=mode, key=f"{key}_{chosen}_map")
    if action == "move":
        geometry = typed_point(lang, f"{key}_{chosen}") or cache.clicked_point(
            picked.get("last_clicked")
        )
    else:
        geometry = cache.drawn_geometry(picked.get("last_active_drawing"), layer)
    position_caption(geometry, lang)
    if geometry is not None and st.button(t(f"edit_save_{action}", lang), type="primary"):
        change = validated(
            lambda: cache.edit_update(ward_dir, layer, seen, version, geometry=geometry),
            layer,
            lang,
        )
        if change is not None:
            save(ward_dir, change, user.user, lang)
elif action == "attributes":
    edit_map(ward_dir, layer, [row.geometry], lang, mode="view", key=f"{key}_{chosen}_map")
    raw = attribute_form(ward_dir, layer, row, f"{key}_{chosen}", lang, t("edit_save", lang))
    values = read_form(layer, raw, lang) if raw is not None else None
    if values is not None:
        change = validated(
            lambda: cache.edit_update(ward_dir, layer, seen, version, values=values), layer, lang
        )
        if change is not None:
            save(ward_dir, change, user.user, lang)
else:
    edit_map(ward_dir, layer, [row.geometry], lang, mode="view", key=f"{key}_{chosen}_map")
    st.warning(t("edit_delete_warning", lang).format(id=literal(options[chosen])))
    sure = st.checkbox(t("edit_delete_confirm", lang), key=f"{key}_{chosen}_sure")
    if st.button(t("edit_delete", lang), disabled=not sure, type="primary"):
        save(ward_dir, cache.edit_delete(layer, chosen, version), user.user, lang)
