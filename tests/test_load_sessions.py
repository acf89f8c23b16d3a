"""The load benchmark's own arithmetic: settle percentiles and what became of the edits."""

from __future__ import annotations

import importlib.util
import math
import sys

import pandas as pd
import pytest

from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def bench():
    path = REPO_ROOT / "benchmarks" / "load_sessions.py"
    spec = importlib.util.spec_from_file_location("load_sessions", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("load_sessions", module)
    spec.loader.exec_module(module)
    return module


def test_settle_figures_interpolate_between_ranks(bench) -> None:
    s = bench.settle_figures([0.5, 1.0, 1.5, 2.0, 10.0])
    assert (s.n, s.p50_s, s.max_s) == (5, 1.5, 10.0)
    assert s.p95_s == pytest.approx(2.0 + 0.8 * 8.0)  # rank 3.8 of 0..4
    empty = bench.settle_figures([])
    assert empty.n == 0 and math.isnan(empty.p95_s)


def _edit(bench, editor, field, value, based_on, version, *, ack=True, moved=False):
    return bench.Edit(editor, "DCC-01", field, value, based_on, ack, version, moved)


def test_count_edits_tells_kept_merged_overwritten_lost_and_refused(bench) -> None:
    edits = [
        _edit(bench, "sua01", "note", "a1", "2-x", "3-a"),  # later changed by sua01 itself
        _edit(bench, "sua01", "note", "a2", "3-a", "4-b"),  # overwritten by sua02 (based on 3)
        _edit(bench, "sua02", "note", "b1", "3-a", "5-c", moved=True),  # kept, merged
        _edit(bench, "sua02", "address", "b2", "5-c", "6-d"),  # acknowledged, not in trail
        _edit(bench, "sua01", "address", "a3", "5-c", "", ack=False),  # refused
    ]
    final = {("DCC-01", "note"): "b1", ("DCC-01", "address"): "something else"}
    trail = pd.DataFrame(
        [
            ("sua01", "DCC-01", "note", "a1"),
            ("sua01", "DCC-01", "note", "a2"),
            ("sua02", "DCC-01", "note", "b1"),
        ],
        columns=["user", "feature_id", "field", "new"],
    )
    counts = bench.count_edits(edits, final, trail)
    assert counts == bench.EditCounts(
        acknowledged=4, kept=1, merged=1, overwritten=1, lost=1, refused=1
    )


def test_version_number_reads_the_counter(bench) -> None:
    assert bench.version_number("12-3fa0c1d2") == 12
    assert bench.version_number("") == 0
