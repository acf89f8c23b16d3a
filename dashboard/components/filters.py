"""Filter widgets: they read the user's choices and return a plain MapFilter."""

from __future__ import annotations

import streamlit as st

from dashboard.texts import t
from pipelines.maps.layers import MapFilter
from pipelines.model.schema import EQUIPMENT_STATUS, PREMISES_CATEGORY
from pipelines.model.store import Ward


def map_filter(ward: Ward, lang: str, *, prefix: str) -> MapFilter:
    """Show the map filters (category, tổ dân phố, status, violations) and return the choice."""
    groups = ward["residential_groups"]
    group_names = dict(zip(groups["id"], groups["name"], strict=True))
    categories = st.multiselect(
        t("filter_category", lang),
        options=list(PREMISES_CATEGORY.codes()),
        format_func=lambda c: PREMISES_CATEGORY.label(c, lang),
        placeholder=t("filter_all", lang),
        key=f"{prefix}_categories",
    )
    chosen_groups = st.multiselect(
        t("filter_group", lang),
        options=list(group_names),
        format_func=lambda g: str(group_names.get(g, g)),
        placeholder=t("filter_all", lang),
        key=f"{prefix}_groups",
    )
    statuses = st.multiselect(
        t("filter_status", lang),
        options=list(EQUIPMENT_STATUS.codes()),
        format_func=lambda c: EQUIPMENT_STATUS.label(c, lang),
        placeholder=t("filter_all", lang),
        key=f"{prefix}_statuses",
    )
    violations = st.toggle(t("filter_violations", lang), key=f"{prefix}_violations")
    return MapFilter(
        categories=tuple(categories),
        groups=tuple(chosen_groups),
        statuses=tuple(statuses),
        violations_only=bool(violations),
    )
