"""Tổng quan's charts: valid Vega-Lite, numbers and dates the reader's way, data as Arrow.

The page sends specs made once per ward version (:func:`chart_spec`), unchecked against
the schema there for speed: the check is here, on charts of every kind of series.
"""

from __future__ import annotations

import io

import altair as alt
import pandas as pd
import pyarrow as pa
import pytest

from dashboard.components.plan_charts import _chart, chart_spec
from pipelines.reports.plan_view import ChartSeries


def _series(target: float, deadline: pd.Timestamp | None) -> ChartSeries:
    months = pd.DataFrame(
        {"month": pd.to_datetime(["2026-08-31", "2026-09-30", "2026-10-31"]), "value": [3, 5, 8]}
    )
    return ChartSeries(
        key="hh_in_groups",
        title="Hộ tham gia tổ liên gia",
        unit="%",
        months=months,
        target=target,
        deadline=deadline,
        lower_is_better=False,
        start=pd.Timestamp("2026-08-31"),
    )


KINDS = {
    "target and deadline": (80.0, pd.Timestamp("2026-12-31")),
    "no target": (float("nan"), pd.Timestamp("2026-12-31")),
    "no deadline": (80.0, None),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_chart_is_valid_vega_lite(kind: str, lang: str) -> None:
    chart = _chart(_series(*KINDS[kind]), lang)
    with alt.theme.enable("none"):
        chart.to_dict(validate=True)  # raises on a spec the schema refuses


def test_the_spec_sends_its_data_as_arrow_and_writes_numbers_the_vietnamese_way() -> None:
    series = _series(*KINDS["target and deadline"])
    spec = chart_spec(series, "vi")
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    datasets = spec["datasets"]
    assert len(datasets) == 3 and all(isinstance(v, bytes) for v in datasets.values())
    tables = [pa.ipc.open_stream(io.BytesIO(v)).read_all() for v in datasets.values()]
    values = next(t for t in tables if "what" in t.column_names).column("value").to_pylist()
    assert values == [3, 5, 8]
    targets = [t.column("value").to_pylist() for t in tables if t.column_names == ["value"]]
    assert targets == [[80.0]]
    # Every dataset the layers name is sent.
    named = {layer["data"]["name"] for layer in spec["layer"]}
    assert named == set(datasets)
