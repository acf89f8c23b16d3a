"""Analysis tables formatted for reading (pipelines/network/views.py)."""

from __future__ import annotations

import numpy as np

from pipelines.model.store import open_ward
from pipelines.network import tables
from pipelines.network.analysis import analyze_ward
from pipelines.network.views import column_kinds, display_table


def test_every_analysis_table_reads_as_formatted_text(tiny_ward):
    analysis = analyze_ward(open_ward(tiny_ward))
    for name, build in tables.TABLES.items():
        raw = build(analysis, "vi")
        shown = display_table(raw, "vi")
        assert list(shown.columns) == list(raw.columns), name
        assert not shown.isna().any().any(), name
        assert not any(np.issubdtype(t, np.floating) for t in shown.dtypes), name
        assert not any(np.issubdtype(t, np.bool_) for t in shown.dtypes), name


def test_shares_become_percentages_and_lengths_whole_metres(tiny_ward):
    analysis = analyze_ward(open_ward(tiny_ward))
    coverage = tables.coverage_table(analysis, "vi")
    kinds = column_kinds(coverage, "vi")
    shares = [c for c in coverage.columns if c.startswith("%")]
    assert shares and all(kinds[c] == "percent" for c in shares)
    shown = display_table(coverage, "vi")
    for share in shares:
        assert shown[share].map(lambda v: v.endswith(" %") or v == "–").all(), share
    assert shown[shares[0]].str.endswith(" %").any()
    alleys = tables.deep_alleys_table(analysis, "en")
    metres = [c for c in alleys.columns if c.endswith("(m)")]
    assert metres and all(column_kinds(alleys, "en")[c] == "number" for c in metres)
