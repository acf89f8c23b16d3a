"""What the Dữ liệu page shows of an import preview: facts, choices left, tables to read.

The page only lays these out. Each function reads an :class:`ImportPreview` (never changes
it) and returns plain values or display frames (every cell formatted, labels in the
reader's language, no empty-value markers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import shapely

from pipelines.ingest.coordinates import crs_name
from pipelines.ingest.encodings import encoding_label
from pipelines.ingest.formats import FORMAT_LABELS
from pipelines.ingest.preview import (
    FIELDS,
    REASON_EN,
    REASON_VI,
    ROW,
    STATUS_LABELS,
    ImportPreview,
)
from pipelines.model.schema import Field, get_layer
from pipelines.text.display import display_frame
from pipelines.text.formats import check_lang
from pipelines.text.labels import (
    PREVIEW_COLUMNS,
    PREVIEW_CRS_SOURCES,
    PREVIEW_DUPLICATE_KINDS,
    PREVIEW_FACTS,
    PREVIEW_OTHER_ROW,
    PREVIEW_STORED_ID,
    pick,
    pick_table,
)

MAX_OPEN_VALUES = 20  # unmatched values offered for a choice, per field


def detected_facts(preview: ImportPreview, lang: str = "vi") -> list[str]:
    """Return what was found about the file, one line each: format, encoding, sheet, CRS…"""
    facts = pick_table(PREVIEW_FACTS, lang)
    fmt = FORMAT_LABELS.get(preview.format, (preview.format, preview.format))
    lines = [f"{facts['format']}: {pick(fmt, lang)}"]
    if preview.encoding:
        lines.append(f"{facts['encoding']}: {encoding_label(preview.encoding, lang)}")
    if preview.sheet:
        lines.append(f"{facts['sheet']}: {preview.sheet}")
    if preview.header_row:
        lines.append(f"{facts['header_row']}: {preview.header_row}")
    if preview.crs is not None:
        source = pick(PREVIEW_CRS_SOURCES.get(preview.crs.source, (preview.crs.source,) * 2), lang)
        lines.append(
            f"{facts['crs']}: {preview.crs.crs} ({crs_name(preview.crs.crs)}), "
            f"{facts['crs_from']} {source}"
        )
    for code, count in preview.conversions["encoding"].value_counts().items():
        lines.append(f"{facts['converted'].format(n=count)}: {encoding_label(str(code), lang)}")
    if preview.x_is_northing is not None:
        lines.append(facts["x_northing" if preview.x_is_northing else "x_easting"])
    return lines


@dataclass(frozen=True)
class OpenValues:
    """Values of an enum field that match no code (or that the user already chose for)."""

    field: Field
    values: tuple[str, ...]


def open_values(
    preview: ImportPreview, chosen: Mapping[str, Mapping[str, str]] | None = None
) -> list[OpenValues]:
    """Return, per enum field, the source values still to match (at most 20 each).

    A value stays listed once the user chose a code for it (``chosen``: field → value →
    code), so the choice can be changed.
    """
    layer = get_layer(preview.layer)
    chosen = chosen or {}
    out = []
    for name, table in preview.value_maps.items():
        mine = chosen.get(name, {})
        values = [v for v, code in table.items() if code is None or v in mine][:MAX_OPEN_VALUES]
        if values:
            out.append(OpenValues(layer.field(name), tuple(values)))
    return out


def missing_fields(preview: ImportPreview) -> list[Field]:
    """Return the required fields no column goes to (a default value can fill them).

    Empty for OpenStreetMap data, whose tags fill what they can.
    """
    if preview.osm:
        return []
    mapped = {m.target for m in preview.mapping}
    layer = get_layer(preview.layer)
    return [f for f in layer.fields if f.required and f.name not in mapped and f.name != "id"]


def can_commit(preview: ImportPreview) -> bool:
    """Whether writing would store anything: some row is new or updated."""
    return preview.counts.new + preview.counts.updated > 0


def accepted_view(preview: ImportPreview, lang: str = "vi", *, limit: int = 50) -> pd.DataFrame:
    """The first accepted rows as they will be stored: status, labelled fields and values."""
    check_lang(lang)
    layer = get_layer(preview.layer)
    head = preview.frame.head(limit)
    columns = pick_table(PREVIEW_COLUMNS, lang)
    out = pd.DataFrame(
        {
            columns["row"]: preview.rows[:limit],
            columns["status"]: [pick(STATUS_LABELS[s], lang) for s in preview.status[:limit]],
        }
    )
    kinds = {}
    for f in layer.fields:
        col = head[f.name]
        if f.enum is not None:
            col = col.map(f.enum.labels(lang)).fillna(col)
        out[f.label(lang)] = col.to_numpy()
    if layer.geometry == "Point":
        geoms = head.geometry.to_numpy()
        lon, lat = columns["lon"], columns["lat"]
        out[lon] = shapely.get_x(geoms)
        out[lat] = shapely.get_y(geoms)
        kinds = {lon: "coordinate", lat: "coordinate"}
    return display_frame(out, lang, kinds=kinds)


def rejects_view(preview: ImportPreview, lang: str = "vi", *, limit: int = 500) -> pd.DataFrame:
    """The rejected rows: row, field, the reason in ``lang`` only, then the original cells."""
    check_lang(lang)
    columns = pick_table(PREVIEW_COLUMNS, lang)
    rejects = preview.rejects.head(limit)
    reason = pick((REASON_VI, REASON_EN), lang)
    originals = [c for c in rejects.columns if c not in (ROW, FIELDS, REASON_VI, REASON_EN)]
    shown = rejects[[ROW, FIELDS, reason, *originals]].astype(object)
    shown = shown.where(shown.notna(), None)
    return display_frame(
        shown,
        lang,
        kinds={ROW: "count", FIELDS: "text", reason: "text"} | dict.fromkeys(originals, "exact"),
        labels={ROW: columns["row"], FIELDS: columns["field"], reason: columns["reason"]},
    )


def duplicates_view(preview: ImportPreview, lang: str = "vi") -> pd.DataFrame:
    """Rows flagged as duplicates, labelled: row, id, kind, which row or stored id, distance."""
    check_lang(lang)
    dup = preview.duplicates
    kinds = pick_table(PREVIEW_DUPLICATE_KINDS, lang)

    def other(value: object) -> str:
        text = str(value)
        if text.startswith("id "):
            return pick(PREVIEW_STORED_ID, lang).format(id=text[3:])
        return pick(PREVIEW_OTHER_ROW, lang).format(row=text)

    frame = pd.DataFrame(
        {
            "row": dup[ROW].to_numpy(),
            "id": dup["id"].astype(object).to_numpy(),
            "kind": [kinds.get(k, k) for k in dup["kind"]],
            "other": [other(v) for v in dup["other"]],
            "distance_m": dup["distance_m"].to_numpy(dtype=float),
        }
    )
    return display_frame(
        frame, lang, kinds={"distance_m": "decimal1"}, labels=pick_table(PREVIEW_COLUMNS, lang)
    )


def conversions_view(preview: ImportPreview, lang: str = "vi", *, limit: int = 500) -> pd.DataFrame:
    """Text cells converted from a legacy encoding: row, column, encoding, before, after."""
    check_lang(lang)
    conv = preview.conversions.head(limit)
    row = "row" if "row" in conv.columns else "position"
    frame = pd.DataFrame(
        {
            "row": conv[row].to_numpy(),
            "column": conv["column"].astype(str).to_numpy(),
            "encoding": [encoding_label(str(e), lang) for e in conv["encoding"]],
            "before": conv["before"].astype(object).to_numpy(),
            "after": conv["after"].astype(object).to_numpy(),
        }
    )
    return display_frame(frame, lang, labels=pick_table(PREVIEW_COLUMNS, lang))
