"""Dữ liệu page, "Bắt đầu phường mới": the boundary and an OSM file into this ward in one step.

The same path as ``pccc init --boundary … --osm …``: the boundary is read from the upload
(one area chosen by name in a multi-area file), a polygon larger than ``[ingest]
max_boundary_km2`` or one replacing the stored boundary is written only after the user
confirms, then the OSM file goes into every layer it describes through the normal import
(:mod:`pipelines.ingest.start`, called through :mod:`dashboard.cache`). The summary lists
the counts per layer and what each page can now show or still lacks. File names and area
names are user text: shown through :func:`dashboard.texts.literal`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import cache, state
from dashboard.texts import literal, t
from pipelines.model.errors import PcccError, error_message
from pipelines.text.formats import format_number

NAME = "pccc_start_name"
BOUNDARY = "pccc_start_boundary"
FEATURE = "pccc_start_feature"
OSM = "pccc_start_osm"
CONFIRM = "pccc_start_confirm"
WHERE = "pccc_start_where"
BOUNDARY_FILE = "pccc_start_boundary_file"  # (name, bytes) of the boundary upload
OSM_FILE = "pccc_start_osm_file"  # (name, bytes) of the OSM upload
SUMMARY = "pccc_start_summary"  # (title, layer lines, page lines) of the last start
BOUNDARY_SUFFIXES = ["geojson", "json", "gpkg", "kml", "kmz", "zip", "osm", "pbf"]
OSM_SUFFIXES = ["osm", "pbf", "json", "geojson", "gpkg"]


def _remember(upload_key: str, file_key: str) -> None:
    upload = st.session_state.get(upload_key)
    if upload is None:
        st.session_state.pop(file_key, None)
    else:
        st.session_state[file_key] = (upload.name, upload.getvalue())


def _upload(label: str, suffixes: list[str], upload_key: str, file_key: str) -> tuple | None:
    st.file_uploader(
        label, type=suffixes, key=upload_key, on_change=_remember, args=(upload_key, file_key)
    )
    return st.session_state.get(file_key)


def _error(lang: str, exc: PcccError) -> None:
    st.error(f"**{t('start_error', lang)}**: {literal(error_message(exc, lang))}")


def _boundary(ward_dir: Path, lang: str, crs: str) -> tuple[object | None, bool]:
    """The boundary read from the upload (or ``None``) and whether it may be written."""
    upload = _upload(t("start_boundary", lang), BOUNDARY_SUFFIXES, BOUNDARY, BOUNDARY_FILE)
    if upload is None:
        return None, True
    file_name, content = upload
    try:
        names = cache.boundary_names(file_name, content)
        feature = (
            st.selectbox(t("start_feature", lang), names, key=FEATURE) if len(names) > 1 else None
        )
        boundary = cache.read_boundary(file_name, content, feature, crs)
    except PcccError as exc:
        _error(lang, exc)
        return None, False
    area = format_number(boundary.area_km2, lang, decimals=1)  # type: ignore[attr-defined]
    st.caption(
        t("start_boundary_read", lang).format(name=literal(boundary.name), area=area)  # type: ignore[attr-defined]
    )
    warnings = cache.boundary_warnings(ward_dir, boundary)
    for note in warnings:
        st.warning(literal(note.text(lang)))
    confirmed = not warnings or st.checkbox(t("start_confirm", lang), key=CONFIRM)
    return boundary, confirmed


def start_expanded(road_count: int) -> bool:
    """Open the section while the ward has no roads, and to show the summary of a start."""
    return road_count == 0 or SUMMARY in st.session_state


def _target(ward_dir: Path, name: str, ward_name: str, fresh: bool, lang: str) -> Path:
    """Where the start goes: a new folder (the default unless the ward open is still empty)
    or the ward open now."""
    new_dir = cache.new_ward_dir(name or ward_name)
    options = ["new", "here"]
    where = st.radio(
        t("start_where", lang),
        options,
        index=1 if fresh else 0,
        format_func=lambda o: (
            t("start_new", lang).format(path=literal(new_dir))
            if o == "new"
            else t("start_here", lang).format(name=literal(ward_name))
        ),
        key=WHERE,
    )
    return new_dir if where == "new" else ward_dir


def ward_start_section(
    ward_dir: Path, ward_name: str, crs: str, lang: str, *, fresh: bool = False
) -> None:
    """The "Bắt đầu phường mới" section; expanded while the ward has no roads. ``fresh``: the
    ward open now is empty and not the sample, so the start fills it by default."""
    done = st.session_state.pop(SUMMARY, None)
    if done is not None:
        title, layer_lines, page_lines = done
        st.success(title)
        st.markdown(f"**{t('start_layers', lang)}**")
        st.markdown("\n".join(f"- {literal(line)}" for line in layer_lines))
        st.markdown(f"**{t('start_pages', lang)}**")
        st.markdown("\n".join(f"- {literal(line)}" for line in page_lines))
    st.caption(t("start_help", lang))
    name = st.text_input(t("start_name", lang), value=ward_name, key=NAME)
    target = _target(ward_dir, name, ward_name, fresh, lang)
    boundary, confirmed = _boundary(target, lang, crs)
    osm_upload = _upload(t("start_osm", lang), OSM_SUFFIXES, OSM, OSM_FILE)
    ready = (boundary is not None or osm_upload is not None) and confirmed
    if boundary is None and osm_upload is None:
        st.info(t("start_nothing", lang))
    if st.button(t("start_run", lang), type="primary", disabled=not ready, key="pccc_start_run"):
        osm = osm_upload
        with st.spinner(t("start_run", lang)):
            try:
                summary = cache.start_ward(target, name=name, boundary=boundary, osm=osm)
            except PcccError as exc:
                _error(lang, exc)
                return
        if target != ward_dir:
            state.choose_ward(target.name)  # the new ward opens in this tab
        st.session_state[SUMMARY] = (
            t("start_done", lang).format(name=literal(name)),
            summary.layer_lines(lang),  # type: ignore[attr-defined]
            cache.page_lines(target, lang),
        )
        st.rerun()
