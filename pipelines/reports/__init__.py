"""Figures for ward leadership: headline indicators and the breakdown by tổ dân phố."""

from pipelines.reports.indicators import WardKpis, breakdown_by_group, ward_kpis

__all__ = ["WardKpis", "breakdown_by_group", "ward_kpis"]
