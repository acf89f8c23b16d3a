"""Stage 2 of an import, *map columns*: source columns to the layer's fields and coordinates.

Columns are matched by their header (:func:`pipelines.ingest.headers.match_columns`: the
user's choices, then the mapping saved for the layer, then aliases); OpenStreetMap data
is mapped by its tags (:func:`pipelines.ingest.osm.osm_to_layer`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from pipelines.ingest import headers, osm
from pipelines.ingest.source import Note, SourceTable
from pipelines.model.schema import EQUIPMENT_STATUS, Layer
from pipelines.model.settings import IngestSection


@dataclass(frozen=True)
class ColumnsMapped:
    """The source cells under the layer's names.

    Attributes
    ----------
    fields
        One column per mapped field, named by the field, cells as read (row positions of
        the source table).
    matches
        How each source column was mapped; for OpenStreetMap data, the tags used.
    coords
        Coordinate role (:data:`pipelines.ingest.headers.COORDINATE_TARGETS`) → its source
        column.
    notes
        What the mapping did that the user should know.
    osm
        Whether the fields come from OpenStreetMap tags.
    """

    fields: pd.DataFrame
    matches: tuple[headers.ColumnMatch, ...]
    coords: Mapping[str, pd.Series]
    notes: tuple[Note, ...] = ()
    osm: bool = False


def map_columns(
    table: SourceTable,
    layer: Layer,
    ingest: IngestSection,
    *,
    overrides: Mapping[str, str | None] | None = None,
    saved: Mapping[str, str | None] | None = None,
) -> ColumnsMapped:
    """Map the columns of ``table`` to the fields of ``layer`` and to coordinate roles.

    Parameters
    ----------
    table
        The file as read.
    layer
        The target layer (or :data:`pipelines.ingest.headers.POINTS`).
    ingest
        The ward's ``[ingest]`` settings (OpenStreetMap water-source status).
    overrides, saved
        The user's column choices now, and the mapping saved for the layer (see
        :func:`pipelines.ingest.headers.match_columns`).
    """
    if table.osm and layer.name in osm.LAYER_FILTERS:
        return _map_osm(table, layer, ingest)
    matches = headers.match_columns(
        table.frame.columns, layer.name, saved=saved, overrides=overrides
    )
    fields = pd.DataFrame(index=table.frame.index)
    coords: dict[str, pd.Series] = {}
    for m in matches:
        if m.target is None:
            continue
        if m.target in headers.COORDINATE_TARGETS:
            coords[m.target] = table.frame[m.column]
        else:
            fields[m.target] = table.frame[m.column]
    return ColumnsMapped(fields, tuple(matches), coords)


def _map_osm(table: SourceTable, layer: Layer, ingest: IngestSection) -> ColumnsMapped:
    fields, tag_map = osm.osm_to_layer(table.frame, layer.name, ingest)
    matches = tuple(
        headers.ColumnMatch(tag, target, 100, (), "osm") for tag, target in tag_map.items()
    )
    notes: list[Note] = []
    if layer.name == "water_sources" and ingest.osm_water_source_status:
        notes.append(
            Note(
                "osm_status",
                "OpenStreetMap không ghi tình trạng nguồn nước: đặt là "
                f"'{EQUIPMENT_STATUS.label(ingest.osm_water_source_status, 'vi')}' theo [ingest] "
                "osm_water_source_status; hãy kiểm tra thực tế",
                "OpenStreetMap has no status for water sources: set to "
                f"'{EQUIPMENT_STATUS.label(ingest.osm_water_source_status, 'en')}' from [ingest] "
                "osm_water_source_status; check on site",
            )
        )
    return ColumnsMapped(fields, matches, {}, tuple(notes), osm=True)
