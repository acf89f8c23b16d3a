"""Rejected rows as the user reads them: one line per row, its fields and reasons.

:func:`rejects_table` gives ``Dòng`` (the row number the user sees), ``Trường`` (the fields
at fault), ``Lý do`` and ``Reason`` (every reason, in Vietnamese and English), then the
row's original cells; :func:`problem_list` gives the same problems as
:class:`pipelines.model.errors.Problem` records.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from pipelines.ingest.context import RowProblem
from pipelines.ingest.preview import FIELDS, REASON_EN, REASON_VI, ROW
from pipelines.ingest.source import SourceTable
from pipelines.model.errors import Problem
from pipelines.model.schema import Layer
from pipelines.text.labels import IMPORT_COORDINATES, pick


def problem_list(
    layer: str, problems: Sequence[RowProblem], row_numbers: np.ndarray
) -> tuple[Problem, ...]:
    """Return the problems by row number (``feature_id``), each (row, field, reason) once."""
    seen = set()
    out = []
    for pos, fname, value, vi, en in sorted(problems, key=lambda p: p[0]):
        key = (int(row_numbers[pos]), fname, vi)
        if key in seen:
            continue
        seen.add(key)
        out.append(Problem(layer, str(row_numbers[pos]), fname, value, vi, en))
    return tuple(out)


def field_label(layer: Layer, name: str, lang: str) -> str:
    """Return the label of a field of ``layer``, of the geometry, or the name itself."""
    if layer.has_field(name):
        return layer.field(name).label(lang)
    if name == "geometry":
        return pick(IMPORT_COORDINATES, lang)
    return name


def rejects_table(
    table: SourceTable,
    layer: Layer,
    problems: Sequence[RowProblem],
    origin: np.ndarray,
    row_rejected: np.ndarray,
) -> pd.DataFrame:
    """Return one line per rejected source row: row, fields, reasons, original cells.

    Parameters
    ----------
    table
        The file as read.
    layer
        The target layer (labels of the fields).
    problems
        Problems by feature position.
    origin
        Per feature, its source row position.
    row_rejected
        Per source row, whether it is rejected.
    """
    originals = table.frame.reset_index(drop=True)
    positions = np.flatnonzero(row_rejected)
    by_row: dict[int, list[tuple[str, str, str]]] = {}
    for fpos, fname, _, vi, en in problems:
        pos = int(origin[fpos]) if len(origin) else fpos
        entries = by_row.setdefault(pos, [])
        if (fname, vi, en) not in entries:
            entries.append((fname, vi, en))

    def joined(pos: int, lang: str) -> str:
        return "; ".join(
            f"{field_label(layer, f, lang)}: {pick((vi, en), lang)}"
            for f, vi, en in by_row.get(pos, [])
        )

    def fields_at_fault(pos: int) -> str:
        return "; ".join(
            dict.fromkeys(field_label(layer, f, "vi") for f, _, _ in by_row.get(pos, []))
        )

    out = pd.DataFrame(
        {
            ROW: table.row_numbers[positions],
            FIELDS: pd.Series([fields_at_fault(p) for p in positions], dtype=object),
            REASON_VI: pd.Series([joined(p, "vi") for p in positions], dtype=object),
            REASON_EN: pd.Series([joined(p, "en") for p in positions], dtype=object),
        }
    )
    original = originals.iloc[positions].reset_index(drop=True).astype(object)
    original.columns = [c if c not in out.columns else f"{c} (gốc)" for c in original.columns]
    return pd.concat([out, original], axis=1)
