"""Write the analysis results to a file: one row per household and premises (CSV, GeoPackage)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from pipelines.model import tables
from pipelines.model.errors import InputFileError
from pipelines.model.files import atomic_path, atomic_write
from pipelines.model.schema import PREMISES_CATEGORY, STORAGE_CRS
from pipelines.network.analysis import WardAnalysis
from pipelines.network.risk import FACTOR_COLUMNS, FACTORS, RISK_CLASSES, breakdown_text
from pipelines.network.tables import group_names
from pipelines.text.labels import (
    DEMAND_KINDS,
    GEOMETRY_COLUMNS,
    RESULT_COLUMNS,
    RESULTS_SHEET,
    RISK_POINTS_UNIT,
    pick,
    pick_table,
)


def results_table(analysis: WardAnalysis, *, lang: str = "vi") -> gpd.GeoDataFrame:
    """Return every household's and premises' results as one table (EPSG:4326).

    One row per feature with ``feature_type`` ({"household", "premises"}) and the columns of
    :data:`RESULT_COLUMNS`, the ``risk_<factor>`` breakdown, and ``risk_breakdown`` (the
    breakdown as text in ``lang``). Distances not reached are missing (not ``inf``).
    """
    h = analysis.households
    p = analysis.premises
    h_part = h.assign(feature_type="household", name=h["address"], category=None)
    p_part = p.assign(feature_type="premises", is_business=pd.NA, proposed_group_id=pd.NA)
    columns = [c for c in RESULT_COLUMNS if c != "risk_breakdown"]
    columns = [*columns[: columns.index("risk_score")], *FACTOR_COLUMNS, "risk_score", "risk_class"]
    columns = list(dict.fromkeys(columns))
    table = pd.concat(
        [pd.DataFrame(h_part)[columns], pd.DataFrame(p_part)[columns]], ignore_index=True
    )
    table["risk_breakdown"] = breakdown_text(table, lang)
    distance = [c for c in table.columns if c.endswith("_distance_m")]
    table[distance] = table[distance].replace([np.inf, -np.inf], np.nan)
    table["risk_class_label"] = table["risk_class"].map(
        {code: c.label(lang) for code, c in RISK_CLASSES.items()}
    )
    geometry = pd.concat([h.geometry, p.geometry], ignore_index=True)
    return gpd.GeoDataFrame(table, geometry=geometry.to_numpy(), crs=STORAGE_CRS)


def _write_gpkg(analysis: WardAnalysis, path: Path, lang: str) -> None:
    table = results_table(analysis, lang=lang)
    pyogrio.write_dataframe(_for_file(table), path, layer="results", driver="GPKG")
    extra = {
        "beyond_reach_pockets": analysis.pockets,
        "deep_alleys": analysis.deep_alleys,
        "safety_group_proposals": analysis.gap_proposals,
    }
    for layer, frame in extra.items():
        if len(frame):
            pyogrio.write_dataframe(
                _for_file(frame), path, layer=layer, driver="GPKG", promote_to_multi=True
            )


def results_sheet(analysis: WardAnalysis, *, lang: str = "vi") -> tables.Sheet:
    """Return the results as people read them: labelled headers, labels for codes, tổ dân
    phố names, longitude and latitude, metres without decimals (for CSV and XLSX)."""
    table = results_table(analysis, lang=lang)
    geoms = table.geometry.to_numpy()
    present = ~shapely.is_missing(geoms)
    x = np.full(len(table), np.nan)
    y = np.full(len(table), np.nan)
    x[present], y[present] = shapely.get_x(geoms[present]), shapely.get_y(geoms[present])
    frame = pd.DataFrame(table.drop(columns=["geometry", "risk_class"]))
    frame["feature_type"] = frame["feature_type"].map(pick_table(DEMAND_KINDS, lang))
    categories = PREMISES_CATEGORY.labels(lang)
    frame["category"] = frame["category"].map(lambda c: categories.get(c, c) if pd.notna(c) else c)
    groups = group_names(analysis)
    frame["residential_group_id"] = frame["residential_group_id"].map(
        lambda g: groups.get(g, g) if pd.notna(g) else g
    )
    frame = frame.rename(columns={"risk_class_label": "risk_class"})
    labels = {
        **pick_table(RESULT_COLUMNS, lang),
        **{f.column: f"{f.label(lang)} ({pick(RISK_POINTS_UNIT, lang)})" for f in FACTORS},
    }
    geometry = pick_table(GEOMETRY_COLUMNS, lang)
    frame[geometry["lon"]], frame[geometry["lat"]] = x, y
    metres = [c for c in frame.columns if c.endswith("_m")]
    decimals = {
        **{labels[c]: 0 for c in metres},
        labels["snap_distance_m"]: 1,
        geometry["lon"]: 7,
        geometry["lat"]: 7,
    }
    return tables.Sheet(
        frame.rename(columns=labels), name=pick(RESULTS_SHEET, lang), decimals=decimals
    )


def _write_table(analysis: WardAnalysis, path: Path, lang: str) -> None:
    sheet = results_sheet(analysis, lang=lang)
    atomic_write(path, tables.table_bytes(sheet, path.suffix.lower().lstrip("."), lang=lang))


def _for_file(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = frame.copy()
    for column in out.columns:
        if column == out.geometry.name:
            continue
        if out[column].dtype == object or str(out[column].dtype) == "string":
            out[column] = out[column].astype(object).where(out[column].notna(), None)
        elif out[column].dtype.kind == "f":
            out[column] = out[column].replace([np.inf, -np.inf], np.nan)
    return out


# File suffix → writer (results of every household and premises).
WRITERS: dict[str, Callable[[WardAnalysis, Path, str], None]] = {
    ".gpkg": _write_gpkg,
    ".csv": _write_table,
    ".xlsx": _write_table,
}


def write_results(analysis: WardAnalysis, path: str | Path, *, lang: str = "vi") -> Path:
    """Write the results to a GeoPackage or CSV file, chosen by the file's suffix.

    A GeoPackage (for GIS tools: field names are codes) gets the ``results`` layer (one row
    per household and premises) and the layers ``beyond_reach_pockets``, ``deep_alleys`` and
    ``safety_group_proposals``; CSV and XLSX (for people) get :func:`results_sheet`: the
    headers and labels in ``lang``, longitude and latitude columns, through the one table
    writer.
    """
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise InputFileError(
            f"Không ghi được tệp {path.name}: chỉ hỗ trợ {', '.join(WRITERS)}",
            f"'out' should end with one of {', '.join(WRITERS)}, got '{path.suffix}' instead",
        )
    if writer is _write_gpkg:
        with atomic_path(path) as tmp:
            writer(analysis, tmp, lang)
    else:
        writer(analysis, path, lang)
    return path
