"""The Tổng quan page's tables: premises by category and the breakdown by tổ dân phố.

Display tables (every cell formatted, labels in the reader's language) built from
:func:`pipelines.reports.indicators.ward_kpis` and :func:`breakdown_by_group`.
"""

from __future__ import annotations

import pandas as pd

from pipelines.model.schema import PREMISES_CATEGORY
from pipelines.reports.indicators import WardKpis
from pipelines.text.display import display_frame
from pipelines.text.formats import check_lang, format_number
from pipelines.text.labels import OVERVIEW_COLUMNS, OVERVIEW_NO_GROUP, pick, pick_table


def category_table(kpis: WardKpis, lang: str = "vi") -> pd.DataFrame:
    """Premises by category: category label and count."""
    check_lang(lang)
    frame = pd.DataFrame(
        {
            "category": [PREMISES_CATEGORY.label(c, lang) for c in kpis.premises_by_category],
            "count": pd.Series(list(kpis.premises_by_category.values()), dtype="int64"),
        }
    )
    return display_frame(frame, lang, labels=pick_table(OVERVIEW_COLUMNS, lang))


def group_table(breakdown: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The breakdown by tổ dân phố: households, share in a tổ liên gia, premises, points."""
    check_lang(lang)
    points = [
        f"{format_number(w, lang)} / {format_number(t, lang)}"
        for w, t in zip(breakdown["points_working"], breakdown["points_total"], strict=True)
    ]
    frame = pd.DataFrame(
        {
            "group": breakdown["group_name"].fillna(pick(OVERVIEW_NO_GROUP, lang)).to_numpy(),
            "households": breakdown["households"].to_numpy(),
            "in_group": breakdown["households_in_group"].to_numpy(),
            "share": breakdown["share_in_group"].to_numpy(dtype=float),
            "premises": breakdown["premises"].to_numpy(),
            "violations": breakdown["premises_with_violations"].to_numpy(),
            "points": points,
        }
    )
    return display_frame(
        frame, lang, kinds={"share": "percent"}, labels=pick_table(OVERVIEW_COLUMNS, lang)
    )
