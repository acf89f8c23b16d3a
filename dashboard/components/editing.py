"""The parts of Chỉnh sửa bản đồ: the map to draw or click on, the attribute form built from
the schema, the save (with its messages), and the conflict panel (theirs and mine side by
side, keep mine / keep theirs / merge field by field).

Session state (prefixed ``pccc_edit_``): :data:`CONFLICT` holds the conflict a save ran
into until it is settled; :data:`DONE` the message of the last save, shown once;
:data:`NONCE` counts saves, so each save starts a fresh map (no drawing left on it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
import streamlit as st

from dashboard import cache
from dashboard.components.map import show_map
from dashboard.texts import literal, t
from pipelines.maps.layers import MapFilter, highlight_layer
from pipelines.model.edit import Edit, form_fields
from pipelines.model.edit_views import field_label, problem_text
from pipelines.model.errors import ConflictError, Problem, ValidationError
from pipelines.model.schema import Field, get_layer
from pipelines.text.formats import number_text, yes_no

CONFLICT = "pccc_edit_conflict"
DONE = "pccc_edit_done"
NONCE = "pccc_edit_nonce"
# Layers drawn under the one being edited, for orientation.
CONTEXT_LAYERS = ("ward_boundary", "residential_groups", "roads")


def nonce() -> int:
    return int(st.session_state.get(NONCE, 0))


def edit_map(
    ward_dir: Path,
    layer: str,
    marked: list[shapely.Geometry],
    lang: str,
    *,
    mode: str,
    key: str,
) -> dict:
    """The layer over the ward's boundary, tổ dân phố and roads, ``marked`` ringed in red;
    ``mode`` {"draw", "click", "view"}: what the map returns (a drawing, a click, nothing)."""
    keys = {*CONTEXT_LAYERS, layer}
    layers = [m for m in cache.map_layers(ward_dir, lang, MapFilter()) if m.key in keys]
    if marked:
        layers.append(highlight_layer(marked, t("edit_marked", lang)))
    returned = {"draw": ["last_active_drawing"], "click": ["last_clicked"], "view": []}[mode]
    return (
        show_map(
            layers,
            cache.bounds(ward_dir),
            key=f"{key}_{nonce()}",
            legend_title=t("legend", lang),
            lang=lang,
            height_px=520,
            returned_objects=returned,
            presentable=False,
            draw=get_layer(layer).geometry if mode == "draw" else None,
            passive=mode != "view",
        )
        or {}
    )


def seen_feature(ward_dir: Path, layer: str, feature_id: str) -> tuple[gpd.GeoDataFrame, str]:
    """The feature as the editor first saw it (its stored row and version), kept until the
    next save: a change is made from, and expects, what was shown, whatever happened since."""
    key = f"pccc_edit_seen_{layer}_{feature_id}_{nonce()}"
    if key not in st.session_state:
        frame, versions = cache.edit_layer(ward_dir, layer)
        row = frame[frame["id"].astype("string") == feature_id].copy()
        st.session_state[key] = (row, str(versions[feature_id]))
    return st.session_state[key]


def typed_point(lang: str, key: str) -> shapely.Geometry | None:
    """A point typed as latitude and longitude (instead of a click), or ``None``."""
    left, right = st.columns(2)
    lat = left.text_input(t("edit_lat", lang), key=f"{key}_lat")
    lon = right.text_input(t("edit_lon", lang), key=f"{key}_lon")
    try:
        return cache.typed_point(lat, lon, lang)
    except ValueError as exc:
        message = exc.message(lang) if hasattr(exc, "message") else str(exc)
        st.error(literal(message))
        return None


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _widget(ward_dir: Path, f: Field, default: Any, key: str, lang: str) -> Any:
    label = f.label(lang) + (" *" if f.required else "")
    default = None if _missing(default) else default
    if f.references:
        names = cache.edit_options(ward_dir, f.references, lang)
        options = [None, *names]
        index = options.index(default) if default in options else 0
        return st.selectbox(
            label,
            options,
            index=index,
            key=key,
            format_func=lambda i: "—" if i is None else names[i],
        )
    if f.kind == "enum" and f.enum is not None:
        codes = list(f.enum.codes())
        options = codes if f.required else [None, *codes]
        index = options.index(default) if default in options else (None if f.required else 0)
        labels = f.enum.labels(lang)
        return st.selectbox(
            label,
            options,
            index=index,
            key=key,
            format_func=lambda c: "—" if c is None else labels[c],
        )
    if f.kind == "bool":
        options = [None, True, False]
        return st.selectbox(
            label,
            options,
            index=options.index(bool(default)) if default is not None else 0,
            key=key,
            format_func=lambda v: "—" if v is None else yes_no(v, lang),
        )
    if f.kind == "date":
        value = pd.Timestamp(default).date() if default is not None else None
        return st.date_input(
            label, value=value, format="DD/MM/YYYY", key=key, min_value=dt.date(1900, 1, 1)
        )
    if f.kind in ("int", "float"):
        return st.text_input(
            label, value=number_text(default, lang) if default is not None else "", key=key
        )
    return st.text_input(label, value=str(default) if default is not None else "", key=key)


def attribute_form(
    ward_dir: Path, layer: str, defaults: Mapping[str, Any], key: str, lang: str, submit: str
) -> dict[str, Any] | None:
    """The layer's fields (labels from the schema, enums as lists, required ones marked *);
    the typed values when ``submit`` is pressed, else ``None``."""
    with st.form(f"{key}_{nonce()}"):
        raw = {
            f.name: _widget(ward_dir, f, defaults.get(f.name), f"{key}_{nonce()}_{f.name}", lang)
            for f in form_fields(layer)
        }
        st.caption(t("edit_required_note", lang))
        pressed = st.form_submit_button(submit, type="primary")
    return raw if pressed else None


def show_problems(layer: str, problems: list[Problem], lang: str) -> None:
    """One Vietnamese line per problem, naming its field (values shown literally)."""
    lines = []
    for p in problems:
        where, why = problem_text(layer, p, lang)
        shown = f" ({literal(p.value)})" if p.value not in ("", "None") else ""
        lines.append(f"- **{literal(where)}**: {literal(why)}{shown}")
    st.error(t("edit_invalid", lang) + "\n\n" + "\n".join(lines))


def read_form(layer: str, raw: Mapping[str, Any], lang: str) -> dict[str, Any] | None:
    """The form's values, or ``None`` after showing why some cannot be read."""
    values, problems = cache.form_values(layer, raw, lang)
    if problems:
        show_problems(layer, problems, lang)
        return None
    return values


def save(ward_dir: Path, change: Edit, user: str, lang: str) -> None:
    """Write an edit; on success note the new layer version and start afresh; on a conflict
    keep it for the conflict panel; a rule of the store shows its problems."""
    try:
        result = cache.save_edit(ward_dir, change, user)
    except ConflictError as exc:
        # one feature per edit; with the row the editor saw, for the merge's defaults
        st.session_state[CONFLICT] = (exc.conflicts[0], change.base)
        st.rerun()
    except ValidationError as exc:
        show_problems(change.layer, list(exc.problems), lang)
        return
    if result.written or result.deleted:
        message = t(f"edit_saved_{change.kind}", lang).format(
            id=literal(change.feature_id), version=literal(result.version)
        )
    else:
        message = t("edit_unchanged", lang)
    st.session_state[DONE] = message
    st.session_state[NONCE] = nonce() + 1
    st.rerun()


def validated(build: Any, layer: str, lang: str) -> Edit | None:
    """Run an edit builder; show its problems field by field when the row breaks a rule."""
    try:
        return build()
    except ValidationError as exc:
        show_problems(layer, list(exc.problems), lang)
        return None


def conflict_panel(ward_dir: Path, user: str, lang: str) -> None:
    """Both versions side by side and the three ways out of a conflict."""
    conflict, base = st.session_state[CONFLICT]
    defaults = cache.merge_defaults(conflict, base)
    st.error(t("edit_conflict", lang).format(id=literal(conflict.feature_id)))
    st.dataframe(cache.conflict_table(conflict, lang), hide_index=True, width="stretch")
    both = conflict.mine is not None and conflict.theirs is not None
    choices = {}
    if both and conflict.fields:
        st.caption(t("edit_merge_help", lang))
        for name in conflict.fields:
            choices[name] = st.radio(
                literal(field_label(conflict.layer, name, lang)),
                ["theirs", "mine"],
                index=1 if defaults[name] == "mine" else 0,
                format_func=lambda side: t(f"edit_side_{side}", lang),
                horizontal=True,
                key=f"pccc_edit_merge_{name}",
            )
    columns = st.columns(3)
    if columns[0].button(t("edit_keep_mine", lang), key="pccc_edit_keep_mine", type="primary"):
        _settle(ward_dir, cache.resolve_conflict(conflict, "mine"), user, lang)
    if columns[1].button(t("edit_keep_theirs", lang), key="pccc_edit_keep_theirs"):
        _settle(ward_dir, None, user, lang)
    if both and columns[2].button(t("edit_merge", lang), key="pccc_edit_merge"):
        _settle(ward_dir, cache.resolve_conflict(conflict, "merge", choices), user, lang)


def _settle(ward_dir: Path, change: Edit | None, user: str, lang: str) -> None:
    st.session_state.pop(CONFLICT, None)
    if change is None:
        st.session_state[DONE] = t("edit_kept_theirs", lang)
        st.session_state[NONCE] = nonce() + 1
        st.rerun()
    save(ward_dir, change, user, lang)


def position_caption(geom: shapely.Geometry | None, lang: str) -> None:
    if geom is not None:
        st.caption(t("edit_new_position", lang).format(where=cache.geometry_text(geom, lang)))
