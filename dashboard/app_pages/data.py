"""Dữ liệu (data): upload a file, preview the import, fix the mapping, commit; export layers.

The page only orchestrates: :mod:`pipelines.ingest` reads, maps, converts, validates and
writes, :mod:`pipelines.ingest.preview_views` says what to show of a preview, and
:mod:`dashboard.cache` holds them. User values are shown through dataframes and escaped
Markdown (:func:`dashboard.texts.literal`), never as HTML or live Markdown.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from dashboard import access, cache, state
from dashboard.components.errors import user_errors
from dashboard.components.inputs import number_field
from dashboard.components.missing import show_missing
from dashboard.components.placement import placement_options, placement_section
from dashboard.components.ward_start import start_expanded, ward_start_section
from dashboard.texts import literal, t
from pipelines.export.layers import EXPORT_FORMATS
from pipelines.ingest import ImportOptions
from pipelines.ingest.coordinates import CRS_CHOICES, crs_name
from pipelines.ingest.headers import target_label, target_names
from pipelines.model.schema import LAYER_NAMES, get_layer
from pipelines.text.formats import format_number
from pipelines.text.labels import COMMIT_LABELS, pick

FILE = "pccc_data_file"  # (name, bytes) of the file being previewed
UPLOAD = "pccc_data_upload"
LAYER = "pccc_data_layer"
SHEET = "pccc_data_sheet"
HEADER_ROW = "pccc_data_header_row"
CRS = "pccc_data_crs"
TEXT = "pccc_data_text"
MAPPING = "pccc_data_mapping"  # {"digest:layer": {source column: target or ""}}
VALUES = "pccc_data_values"  # {"digest:layer": {field: {source value: code or ""}}}
DEFAULTS = "pccc_data_defaults"  # {"digest:layer": {field: value}}
RESULT = "pccc_data_result"  # the last commit's message lines
EXPORT_LAYER = "pccc_data_export_layer"
EXPORT_FORMAT = "pccc_data_export_format"
SUFFIXES = [
    "csv",
    "tsv",
    "txt",
    "xlsx",
    "xlsm",
    "xls",
    "ods",
    "geojson",
    "json",
    "gpkg",
    "zip",
    "kml",
    "kmz",
    "osm",
    "pbf",
    "htm",
    "html",
    "xml",
]
lang = state.lang()
ward_dir = state.ward_dir()
ward = cache.ward(ward_dir)


def coded(label: str, code: str) -> str:
    """A label, followed in English by the code the ``pccc`` command uses."""
    return pick((label, f"{label} ({code})"), lang)


def _remember_upload() -> None:
    upload = st.session_state.get(UPLOAD)
    if upload is None:
        st.session_state.pop(FILE, None)
    else:
        st.session_state[FILE] = (upload.name, upload.getvalue())


def _remember_mapping(token: str, column: str, key: str) -> None:
    st.session_state.setdefault(MAPPING, {}).setdefault(token, {})[column] = st.session_state[key]


def _remember_value(token: str, field_name: str, value: str, key: str) -> None:
    table = st.session_state.setdefault(VALUES, {}).setdefault(token, {}).setdefault(field_name, {})
    table[value] = st.session_state[key]


def _remember_default(token: str, field_name: str, key: str) -> None:
    st.session_state.setdefault(DEFAULTS, {}).setdefault(token, {})[field_name] = st.session_state[
        key
    ]


def export_section() -> None:
    """Export one layer as a file (for a viewer, with personal data masked)."""
    export_layer = st.selectbox(
        t("data_export_layer", lang),
        LAYER_NAMES,
        format_func=lambda name: coded(get_layer(name).label(lang), name),
        key=EXPORT_LAYER,
    )
    st.caption(t("data_export_count", lang).format(n=format_number(len(ward[export_layer]), lang)))
    fmt = st.radio(
        t("data_export_format", lang),
        list(EXPORT_FORMATS),
        format_func=lambda f: pick((EXPORT_FORMATS[f].vi, EXPORT_FORMATS[f].en), lang),
        horizontal=True,
        key=EXPORT_FORMAT,
    )
    file_name = cache.export_name(export_layer, fmt)
    st.download_button(
        t("data_export_download", lang).format(file=file_name),
        cache.export_file(ward_dir, export_layer, fmt),
        file_name=file_name,
        mime=EXPORT_FORMATS[fmt].mime,
        key="pccc_data_export_download",
    )


st.title(t("data_title", lang))
st.caption(t("data_help", lang))
if not access.current().can_edit:  # a viewer: exports only, masked
    st.info(t("data_viewer_only", lang), icon=":material/lock:")
    st.subheader(t("data_export", lang))
    export_section()
    st.stop()
with st.expander(t("start_title", lang), expanded=start_expanded(len(ward["roads"]))):
    fresh = not ward.config.ward.synthetic and not any(
        len(ward[n]) for n in ("ward_boundary", "roads", "premises", "households")
    )
    ward_start_section(ward_dir, ward.name, ward.crs_metric, lang, fresh=fresh)
if cache.missing_notices(ward_dir, "data", lang):
    with st.expander(t("data_missing", lang), expanded=True):
        show_missing(ward_dir, "data", lang)
tab_import, tab_export = st.tabs([t("data_import", lang), t("data_export", lang)])

with tab_import:
    for line in st.session_state.pop(RESULT, []):
        st.success(line)
    st.file_uploader(t("data_file", lang), type=SUFFIXES, key=UPLOAD, on_change=_remember_upload)
    layer_name = st.selectbox(
        t("data_layer", lang),
        LAYER_NAMES,
        index=LAYER_NAMES.index("premises"),
        format_func=lambda name: coded(get_layer(name).label(lang), name),
        key=LAYER,
    )
    layer = get_layer(layer_name)
    current = st.session_state.get(FILE)
    if current is None:
        st.info(t("data_no_file", lang))
    else:
        name, content = current
        digest = hashlib.sha256(content).hexdigest()[:16]
        token = f"{digest}:{layer_name}"
        with st.expander(t("data_options", lang)):
            crs_options = ["", *CRS_CHOICES]
            crs = st.selectbox(
                t("data_crs", lang),
                crs_options,
                format_func=lambda c: t("data_crs_auto", lang) if not c else f"{c} — {crs_name(c)}",
                key=CRS,
            )
            text_mode = st.selectbox(
                t("data_text_mode", lang),
                ["auto", "tcvn3", "vni", "unicode"],
                format_func=lambda m: t(f"text_{m}", lang),
                key=TEXT,
            )
            header_row = number_field(
                t("data_header_row", lang),
                value=0,
                key=HEADER_ROW,
                lang=lang,
                minimum=0,
                maximum=1000,
                whole=True,
            )
            sheet_slot = st.empty()
        overrides = st.session_state.get(MAPPING, {}).get(token, {})
        chosen_values = st.session_state.get(VALUES, {}).get(token, {})
        defaults = st.session_state.get(DEFAULTS, {}).get(token, {})
        options = ImportOptions(
            layer=layer_name,
            sheet=st.session_state.get(SHEET) or None,
            header_row=int(header_row) or None,
            text_mode=text_mode,
            columns={c: (v or None) for c, v in overrides.items()},
            values={f: {v: c for v, c in table.items() if c} for f, table in chosen_values.items()},
            defaults={f: v for f, v in defaults.items() if v},
            crs=crs or None,
            **placement_options(token),
        )
        with user_errors(lang, "data_preview_error"), st.spinner("…"):
            preview = cache.import_preview(ward_dir, name, content, options)
        if len(preview.sheets) > 1:
            sheet_slot.selectbox(
                t("data_sheet", lang),
                ["", *preview.sheets],
                format_func=lambda s: s or f"({preview.sheet})",
                key=SHEET,
            )

        views = cache.import_views(preview, lang, chosen_values)

        # Detections and conversions
        st.subheader(t("data_detected", lang))
        st.markdown("\n".join(f"- {literal(fact)}" for fact in views["facts"]))
        for note in views["notes"]:
            st.info(literal(note))
        if len(views["conversions"]):
            n_converted = format_number(len(preview.conversions), lang)
            with st.expander(t("data_conversions", lang).format(n=n_converted)):
                st.dataframe(views["conversions"], hide_index=True)

        # Counts
        c = preview.counts
        cols = st.columns(5)
        for col, key, value in zip(
            cols,
            ("data_rows_in", "data_new", "data_updated", "data_unchanged", "data_rejected"),
            (c.rows_in, c.new, c.updated, c.unchanged, c.rejected),
            strict=True,
        ):
            col.metric(t(key, lang), format_number(value, lang))

        # Column mapping
        st.subheader(t("data_mapping", lang))
        if preview.osm:
            st.caption(t("data_osm_mapping", lang))
            st.dataframe(
                {
                    "OSM": [m.column for m in preview.mapping],
                    "→": [target_label(m.target, layer, lang) for m in preview.mapping],
                },
                hide_index=True,
            )
        else:
            st.caption(t("data_mapping_help", lang))
            targets = ["", *target_names(layer)]

            def label(target: str) -> str:
                if not target:
                    return t("data_ignore", lang)
                return coded(target_label(target, layer, lang), target)

            grid = st.columns(3)
            for i, match in enumerate(preview.mapping):
                key = f"pccc_data_map_{digest}_{layer_name}_{i}"
                examples = ", ".join(preview.samples.get(match.column, []))
                st.session_state[key] = match.target or ""  # the mapping in force, choices included
                grid[i % 3].selectbox(
                    literal(match.column),
                    targets,
                    format_func=label,
                    key=key,
                    help=f"{t('data_examples', lang)}: {literal(examples)}" if examples else None,
                    on_change=_remember_mapping,
                    args=(token, match.column, key),
                )
            if st.button(t("data_save_mapping", lang), key="pccc_data_save_mapping"):
                path = cache.save_import_mapping(preview)
                st.success(t("data_mapping_saved", lang).format(path=literal(path)))
        # Values that match no code, and defaults for required fields the file lacks
        missing = views["missing"]
        for group in views["open_values"]:
            f = group.field
            mine = chosen_values.get(f.name, {})
            st.warning(
                literal(
                    t("data_unmatched_values", lang).format(
                        field=f.label(lang), values="; ".join(group.values)
                    )
                )
            )
            codes = ["", *f.enum.codes()]
            grid = st.columns(3)
            for i, value in enumerate(group.values):
                key = f"pccc_data_value_{digest}_{layer_name}_{f.name}_{i}"
                st.session_state[key] = mine.get(value, "")
                grid[i % 3].selectbox(
                    literal(value),
                    codes,
                    format_func=lambda c, f=f: (
                        f.enum.label(c, lang) if c else t("data_ignore", lang)
                    ),
                    key=key,
                    on_change=_remember_value,
                    args=(token, f.name, value, key),
                )
        if missing:
            st.caption(t("data_defaults_help", lang))
            grid = st.columns(3)
            for i, f in enumerate(missing):
                key = f"pccc_data_default_{digest}_{layer_name}_{f.name}"
                st.session_state[key] = defaults.get(f.name, "")
                if f.enum is not None:
                    grid[i % 3].selectbox(
                        f.label(lang),
                        ["", *f.enum.codes()],
                        format_func=lambda c, f=f: f.enum.label(c, lang) if c else "—",
                        key=key,
                        on_change=_remember_default,
                        args=(token, f.name, key),
                    )
                else:
                    grid[i % 3].text_input(
                        f.label(lang),
                        key=key,
                        on_change=_remember_default,
                        args=(token, f.name, key),
                    )

        placement_section(preview, ward_dir, token, lang)

        # Rows
        st.subheader(t("data_accepted", lang))
        st.dataframe(views["accepted"], hide_index=True)
        if len(views["duplicates"]):
            n_duplicates = format_number(len(views["duplicates"]), lang)
            with st.expander(t("data_duplicates", lang).format(n=n_duplicates)):
                st.dataframe(views["duplicates"], hide_index=True)
        if c.rejected:
            st.subheader(t("data_rejects", lang))
            st.dataframe(views["rejects"], hide_index=True)
            stem = name.rsplit(".", 1)[0]
            left, right = st.columns(2)
            left.download_button(
                t("data_rejects_csv", lang),
                cache.rejects_file(preview, "csv"),
                file_name=f"{stem}.rejects.csv",
                mime="text/csv",
                key="pccc_data_rejects_csv",
            )
            right.download_button(
                t("data_rejects_xlsx", lang),
                cache.rejects_file(preview, "xlsx"),
                file_name=f"{stem}.rejects.xlsx",
                mime=EXPORT_FORMATS["xlsx"].mime,
                key="pccc_data_rejects_xlsx",
            )

        # Commit
        if not views["can_commit"]:
            st.caption(t("data_commit_nothing", lang))
        if st.button(
            t("data_commit", lang),
            type="primary",
            key="pccc_data_commit",
            disabled=not views["can_commit"],
        ):
            with user_errors(lang, "data_preview_error"):
                result = cache.commit_import(preview, access.current().user)
            done = result.counts  # counted at the write: may differ from the preview's
            lines = [
                t("data_committed", lang).format(
                    written=format_number(result.written, lang),
                    layer=layer.label(lang),
                    new=format_number(done.new, lang),
                    updated=format_number(done.updated, lang),
                    unchanged=format_number(done.unchanged, lang),
                    rejected=format_number(done.rejected, lang),
                )
                if result.written
                else t("data_nothing_to_write", lang)
            ]
            if result.recomputed:
                lines.append(pick(COMMIT_LABELS["recomputed"], lang))
            if result.backup:
                lines.append(f"{t('data_backup', lang)}: {literal(result.backup)}")
            lines.append(f"{t('data_original', lang)}: {literal(result.original)}")
            if result.rejects_csv:
                lines.append(
                    f"{t('data_rejects_saved', lang)}: {literal(result.rejects_csv)}, {literal(result.rejects_xlsx)}"
                )
            st.session_state[RESULT] = lines
            st.rerun()

with tab_export:
    export_section()
