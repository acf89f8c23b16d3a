"""What the Dữ liệu page shows of the rows an import placed by address or by hand.

:func:`placement_view` turns :attr:`pipelines.ingest.preview.ImportPreview.placements` into
a display table (Vietnamese headers, labels, numbers through the one formatter; user text
kept as text, shown literally by the page). :func:`placement_points` gives the suggested
points with what their popups say, for the map the user clicks to place a row by hand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.ingest.preview import ImportPreview
from pipelines.model.schema import LOCATION_SOURCE
from pipelines.text.formats import format_number
from pipelines.text.labels import pick, pick_table

PLACEMENT_VIEW_COLUMNS: dict[str, tuple[str, str]] = {
    "row": ("Dòng", "Row"),
    "name": ("Tên", "Name"),
    "address": ("Địa chỉ", "Address"),
    "location_source": ("Cách định vị", "Placed by"),
    "road": ("Đặt trên", "Placed on"),
    "location_error_m": ("Sai số ước tính (m)", "Estimated error (m)"),
    "reason": ("Lý do chưa định vị được", "Why it is not placed"),
}
NOT_PLACED: tuple[str, str] = ("Chưa định vị được", "Not placed")


def placement_view(preview: ImportPreview, lang: str = "vi") -> pd.DataFrame:
    """Rows placed by address or by hand, and rows still without a position, for display."""
    p = preview.placements
    headers = pick_table(PLACEMENT_VIEW_COLUMNS, lang)
    labels = LOCATION_SOURCE.labels(lang)
    source = p["location_source"].astype(object)
    shown = source.map(
        lambda s: (
            labels.get(s, pick(NOT_PLACED, lang)) if isinstance(s, str) else pick(NOT_PLACED, lang)
        )
    )
    error = pd.to_numeric(p["location_error_m"], errors="coerce")
    return pd.DataFrame(
        {
            headers["row"]: [format_number(r, lang, grouping=False) for r in p["row"]],
            headers["name"]: p["name"].astype(object).fillna("").astype(str).to_numpy(),
            headers["address"]: p["address"].astype(object).fillna("").astype(str).to_numpy(),
            headers["location_source"]: shown.to_numpy(),
            headers["road"]: p["road"].astype(object).fillna("").astype(str).to_numpy(),
            headers["location_error_m"]: [
                format_number(e, lang) if np.isfinite(e) else "" for e in error
            ],
            headers["reason"]: p["reason"].astype(object).fillna("").astype(str).to_numpy(),
        }
    )


def placement_points(preview: ImportPreview) -> pd.DataFrame:
    """Row number, longitude and latitude of every accepted row placed by address or by hand."""
    p = preview.placements
    placed = p["location_source"].astype(object).notna().to_numpy()
    rows = set(p["row"][placed].astype(int))
    frame = preview.frame
    keep = np.isin(np.asarray(preview.rows, dtype=int), list(rows))
    geoms = frame.geometry.to_numpy()[keep]
    return pd.DataFrame(
        {
            "row": np.asarray(preview.rows, dtype=int)[keep],
            "lon": [g.x for g in geoms],
            "lat": [g.y for g in geoms],
        }
    )
