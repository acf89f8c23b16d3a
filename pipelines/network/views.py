"""The analysis tables as the pages show them: every cell through the one formatter.

:mod:`pipelines.network.tables` builds labelled tables with numbers as numbers (for files);
:func:`display_table` formats one for reading: shares as percentages, lengths in whole
metres, yes / no in words, a dash for a missing value. The kind of a column comes from
its key (``share_…`` is a share, ``…_m`` a length), found through its label.
"""

from __future__ import annotations

import pandas as pd

from pipelines.text.display import display_frame
from pipelines.text.labels import ANALYSIS_TABLE_COLUMNS, COVERAGE_SUMMARY_COLUMNS, pick


def _kind(key: str) -> str | None:
    if key.startswith("share_"):
        return "percent"
    if key.endswith("_m"):
        return "number"
    return None


def column_kinds(frame: pd.DataFrame, lang: str = "vi") -> dict[str, str]:
    """Kinds of the labelled columns of an analysis table (see :mod:`pipelines.text.display`)."""
    by_label = {
        pick(label, lang): key
        for key, label in {**COVERAGE_SUMMARY_COLUMNS, **ANALYSIS_TABLE_COLUMNS}.items()
    }
    kinds = {}
    for name in frame.columns:
        kind = _kind(by_label.get(name, ""))
        if kind:
            kinds[name] = kind
    return kinds


def display_table(frame: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Format a labelled analysis table for reading in ``lang`` ({"vi", "en"})."""
    return display_frame(frame, lang, kinds=column_kinds(frame, lang))
