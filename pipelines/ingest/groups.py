"""Stage 4b of an import, *tổ dân phố*: every located point takes the polygon that holds it.

The rule is :func:`pipelines.model.territory.containing_group`'s, the one the map, the
tables and the reports use. When the ward has tổ dân phố polygons:

* a point inside one takes its id, whatever the file's "Tổ" column says; rows where the two
  differ are counted in one note (the polygon wins: it is what the map draws, and a list's
  column is often out of date after renumbering), and a "Tổ" value the ward does not know is
  no reason to reject a row the polygon places;
* a point inside none gets no tổ dân phố and is counted in one note ("ngoài tổ dân phố").

A ward without polygons keeps what the file says (resolved by
:func:`pipelines.ingest.values.resolve_references`).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from pipelines.ingest.context import ImportContext
from pipelines.ingest.locate import Located
from pipelines.ingest.source import Note, collector_paused
from pipelines.ingest.values import ValuesConverted
from pipelines.model import store
from pipelines.model.territory import containing_group, disagreements
from pipelines.text.formats import format_number

FIELD = "residential_group_id"


def assign_groups(values: ValuesConverted, located: Located, ctx: ImportContext) -> ValuesConverted:
    """Return ``values`` with each point's tổ dân phố taken from the ward's polygons."""
    layer = ctx.layer
    if layer.geometry != "Point" or not layer.has_field(FIELD) or not len(values.fields):
        return values
    if len(located.origin) != len(values.fields):
        return values  # points are one feature per row; anything else is left as it is
    with collector_paused():
        polygons = store.read_layer(ctx.ward_dir, "residential_groups", validate=False)
    if polygons.empty:
        return values
    computed = containing_group(np.asarray(located.geoms, dtype=object), polygons)
    fields = values.fields.copy(deep=False)
    stated = fields[FIELD] if FIELD in fields.columns else pd.Series(None, index=fields.index)
    differ = disagreements(stated.astype(object), computed)
    placed = ~pd.isna(computed)
    outside = int(np.sum(~placed & ~pd.isna(np.asarray(located.geoms, dtype=object))))
    fields[FIELD] = pd.Series(computed, index=fields.index, dtype=object)
    placed_rows = set(np.flatnonzero(placed).tolist())
    problems = tuple(p for p in values.problems if not (p[1] == FIELD and p[0] in placed_rows))
    notes = [
        Note(
            "residential_group",
            "Tổ dân phố của mỗi điểm lấy theo vùng tổ dân phố chứa điểm đó",
            "Each point's residential group is the polygon that holds it",
        )
    ]
    if differ:
        notes.append(
            Note(
                "residential_group_differs",
                f"{format_number(differ)} dòng ghi tổ dân phố khác với vùng chứa điểm: "
                "lấy theo vùng trên bản đồ",
                f"{format_number(differ, 'en')} rows state another residential group than "
                "the polygon holding the point: the polygon's is kept",
            )
        )
    if outside:
        notes.append(
            Note(
                "residential_group_outside",
                f"{format_number(outside)} điểm nằm ngoài mọi vùng tổ dân phố: "
                "ghi là ngoài tổ dân phố",
                f"{format_number(outside, 'en')} points lie outside every residential group "
                "polygon: recorded as outside any group",
            )
        )
    return replace(
        values,
        fields=fields,
        provided=values.provided | {FIELD},
        notes=(*values.notes, *notes),
        problems=problems,
    )
