"""A chart per plan indicator: its monthly figure against its target and deadline (altair,
drawn by Streamlit offline), numbers and dates written the reader's way.

Building an altair chart and validating it against the Vega-Lite schema takes about 60 ms
of CPU per chart, in the server's one Python process: Tổng quan's dozen charts made every
run of the page cost most of a second. :func:`chart_spec` turns a chart into its Vega-Lite
spec once (cached per ward version in :mod:`dashboard.cache`), and
:func:`show_plan_charts` draws the specs as they are.
"""

from __future__ import annotations

import math
import threading
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from streamlit import dataframe_util

from dashboard.texts import t
from pipelines.reports.plan_view import ChartSeries

# Vega's number and time locale: "1.234,5" and dd/mm/yyyy in Vietnamese.
_LOCALE = {
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " VND"]},
}
_DATE = {"vi": "%m/%Y", "en": "%Y-%m"}
_LINE, _TARGET, _DEADLINE = "#1f5fa8", "#1a9850", "#d73027"


def _chart(series: ChartSeries, lang: str) -> alt.LayerChart:
    months = series.months.assign(what=t("plan_chart_value", lang))
    ends = [d for d in (series.start, months["month"].max(), series.deadline) if d is not None]
    domain = [min(ends).isoformat(), max(ends).isoformat()]  # the whole window, to the deadline
    x = alt.X(
        "month:T",
        title=None,
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(format=_DATE[lang], labelAngle=0),
    )
    y = alt.Y("value:Q", title=series.unit, axis=alt.Axis(format=",.4~f"))
    tooltip = [
        alt.Tooltip("month:T", title=t("plan_chart_month", lang), format="%d/%m/%Y"),
        alt.Tooltip("value:Q", title=series.unit, format=",.1~f"),
    ]
    layers = [
        alt.Chart(months)
        .mark_line(point=alt.OverlayMarkDef(size=40), color=_LINE)
        .encode(x, y, tooltip=tooltip)
    ]
    if not math.isnan(series.target):
        target = pd.DataFrame({"value": [series.target]})
        layers.append(
            alt.Chart(target).mark_rule(color=_TARGET, strokeDash=[6, 3]).encode(y="value:Q")
        )
    if series.deadline is not None:
        deadline = pd.DataFrame({"month": [series.deadline]})
        layers.append(
            alt.Chart(deadline)
            .mark_rule(color=_DEADLINE, strokeDash=[2, 2])
            .encode(
                x=alt.X("month:T", scale=alt.Scale(domain=domain)),
                tooltip=[alt.Tooltip("month:T", format="%d/%m/%Y")],
            )
        )
    return (
        alt.layer(*layers)
        .properties(title=series.title, height=200)
        # aria=False: Vega's generated descriptions of axes and marks are English only
        .configure(locale={"number": _LOCALE[lang]}, aria=False)
    )


# altair's theme switch is global to the process: one conversion at a time.
_ALTAIR_LOCK = threading.Lock()


def chart_spec(series: ChartSeries, lang: str) -> dict[str, Any]:
    """The Vega-Lite spec of ``series``' chart, its datasets as Arrow bytes (what
    ``st.altair_chart`` would send, without altair's default theme: Streamlit's theme sizes
    the chart)."""
    chart = _chart(series, lang)
    with _ALTAIR_LOCK, alt.theme.enable("none"):
        # Not checked against the Vega-Lite schema on every recompute (most of its
        # time); tests/dashboard/test_plan_charts.py checks the charts' specs once.
        spec = chart.to_dict(validate=False)
    # Each dataset as the Arrow bytes Streamlit would make of it on every page run: it
    # sends bytes as they are (``st.vega_lite_chart``), so the conversion is done once here.
    datasets = spec.get("datasets") or {}
    spec["datasets"] = {
        name: dataframe_util.convert_anything_to_arrow_bytes(pd.DataFrame(values))
        for name, values in datasets.items()
    }
    return spec


def show_plan_charts(specs: list[dict[str, Any]], lang: str, *, per_row: int = 3) -> None:
    """Every indicator's chart (:func:`chart_spec`), ``per_row`` side by side, with one
    legend line above."""
    st.caption(t("plan_chart_legend", lang))
    for first in range(0, len(specs), per_row):
        columns = st.columns(per_row)
        for column, spec in zip(columns, specs[first : first + per_row], strict=False):
            with column:
                st.vega_lite_chart(spec, width="stretch")
