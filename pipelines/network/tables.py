"""Tables of the network analysis for the dashboard and downloads, in Vietnamese or English.

Pages only orchestrate: every filter, join and relabelling of analysis results is done
here. Each function takes a :class:`pipelines.network.analysis.WardAnalysis` and returns a
:class:`pandas.DataFrame` whose columns carry display labels (numbers stay numbers, so the
table sorts correctly); :func:`table_bytes` turns any of them into CSV (UTF-8 with BOM, for
Excel) or XLSX bytes. Tables are shown as data, never as HTML, so no value needs escaping
here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from pipelines.model import tables
from pipelines.model.schema import (
    EQUIPMENT_STATUS,
    LOCATION_SOURCE,
    PREMISES_CATEGORY,
    ROAD_KIND,
    WATER_SOURCE_KIND,
)
from pipelines.network.analysis import WardAnalysis
from pipelines.network.risk import (
    FACTOR_BY_CODE,
    FACTORS,
    INSPECTION_STATUSES,
    RISK_CLASSES,
    breakdown_text,
    inspections_due,
    risk_split,
)
from pipelines.text.formats import check_lang
from pipelines.text.labels import (
    ACCESS_REASONS,
    ANALYSIS_TABLE_COLUMNS,
    COVERAGE_SUMMARY_COLUMNS,
    FEATURE_TYPES,
    INSPECTION_REASON_LABELS,
    INSPECTION_STATUS_LABELS,
    WATER_GROUPS,
    pick,
    pick_table,
)


def column(key: str, lang: str) -> str:
    """Return the display label of column ``key`` in ``lang`` ({"vi", "en"})."""
    return pick(ANALYSIS_TABLE_COLUMNS[key], lang)


def factor_column(code: str, lang: str) -> str:
    """Return the display label of the points column of factor ``code`` ("+ Loại hình")."""
    return f"+ {FACTOR_BY_CODE[code].label(lang)}"


def group_names(analysis: WardAnalysis) -> dict[str, str]:
    """Return tổ dân phố id → name, as the analysis knows them."""
    c = analysis.coverage.dropna(subset=["residential_group_id"])
    return dict(zip(c["residential_group_id"], c["residential_group"], strict=False))


def _finite(series: pd.Series) -> pd.Series:
    """Distances with ``inf`` (not reached) shown as missing."""
    return series.where(series.abs() != float("inf"))


@dataclass(frozen=True)
class RiskFilter:
    """What the premises table shows. Empty tuples mean "all"."""

    classes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    search: str = ""
    include_households: bool = False


def risk_table(
    analysis: WardAnalysis, lang: str = "vi", flt: RiskFilter | None = None
) -> pd.DataFrame:
    """Return the ranked "inspect next" table with the breakdown of every row.

    Rows are premises (and business households with ``include_households``) in inspection
    order (:func:`pipelines.network.analysis.inspect_next`), filtered by risk class, category,
    tổ dân phố and a case-insensitive search in id and name. Columns: rank, feature, id,
    name, category, tổ dân phố, score, class, the points from the premises itself and from
    its surroundings (:func:`pipelines.network.risk.risk_split`), the breakdown as text, one column of points
    per factor of :data:`pipelines.network.risk.FACTORS`, last inspection and the distances.
    """
    check_lang(lang)
    flt = flt or RiskFilter()
    t = analysis.inspect_next
    keep = pd.Series(True, index=t.index)
    if not flt.include_households:
        keep &= t["feature_type"] == "premises"
    if flt.classes:
        keep &= t["risk_class"].astype(object).isin(flt.classes)
    if flt.categories:
        wanted = set(flt.categories)
        keep &= t["category"].isin(wanted)
    if flt.groups:
        keep &= t["residential_group_id"].astype(object).isin(flt.groups)
    if flt.search.strip():
        needle = flt.search.strip().casefold()
        text = (t["id"].astype(str) + " " + t["name"].astype(str)).str.casefold()
        keep &= text.str.contains(needle, regex=False)
    t = t[keep.to_numpy()]
    categories = {
        **PREMISES_CATEGORY.labels(lang),
        "household_business": pick(FEATURE_TYPES["household"], lang),
    }
    classes = {c: r.label(lang) for c, r in RISK_CLASSES.items()}
    split = risk_split(t)
    out = pd.DataFrame(
        {
            column("rank", lang): t["rank"].to_numpy(),
            column("feature_type", lang): t["feature_type"].map(pick_table(FEATURE_TYPES, lang)),
            column("id", lang): t["id"].astype(str),
            column("name", lang): t["name"].astype(str),
            column("category", lang): t["category"].map(categories),
            column("residential_group", lang): t["residential_group_id"]
            .astype(object)
            .map(group_names(analysis)),
            column("risk_score", lang): t["risk_score"].to_numpy(dtype=float),
            column("risk_class", lang): t["risk_class"].astype(object).map(classes),
            column("risk_own", lang): split["risk_own"].to_numpy(dtype=float),
            column("risk_surroundings", lang): split["risk_surroundings"].to_numpy(dtype=float),
            column("breakdown", lang): breakdown_text(t, lang),
            **{factor_column(f.code, lang): t[f.column].to_numpy(dtype=float) for f in FACTORS},
            column("last_inspection", lang): pd.to_datetime(t["last_inspection"]).dt.date,
            column("hose_distance_m", lang): _finite(t["hose_distance_m"]).round(0),
            column("point_distance_m", lang): _finite(t["point_distance_m"]).round(0),
            column("water_distance_m", lang): _finite(t["water_distance_m"]).round(0),
            **_placement_columns(analysis, t["id"], lang),
        }
    )
    return out.reset_index(drop=True)


def _placement_columns(analysis: WardAnalysis, ids: pd.Series, lang: str) -> dict[str, object]:
    """How each row's point was placed (coordinates, address on the alley …) and its error."""
    frames = [
        f[["id", "location_source", "location_error_m"]]
        for f in (analysis.premises, analysis.households)
        if {"location_source", "location_error_m"} <= set(f.columns)
    ]
    if not frames:
        return {}
    placed = pd.concat(frames).drop_duplicates("id").set_index("id")
    source = ids.map(placed["location_source"]).astype(object)
    error = pd.to_numeric(ids.map(placed["location_error_m"]), errors="coerce")
    return {
        column("location_source", lang): source.map(LOCATION_SOURCE.labels(lang)).to_numpy(),
        column("location_error_m", lang): error.round(0).to_numpy(dtype=float),
    }


def deep_alleys_table(analysis: WardAnalysis, lang: str = "vi") -> pd.DataFrame:
    """Return the alleys trucks cannot enter, deepest first (those calling for a point)."""
    d = analysis.deep_alleys
    reasons = pick_table(ACCESS_REASONS, lang)
    return pd.DataFrame(
        {
            column("id", lang): d["road_id"].astype(str),
            column("road", lang): d["name"],
            column("kind", lang): d["kind"].map(ROAD_KIND.labels(lang)),
            column("width_m", lang): d["width_m"],
            column("depth_m", lang): _finite(d["depth_m"]).round(0),
            column("length_m", lang): d["length_m"].round(0),
            column("reason", lang): d["reason"].map(reasons),
            column("households", lang): d["households"],
            column("households_beyond_reach", lang): d["households_beyond_reach"],
            column("premises", lang): d["premises"],
            column("working_points", lang): d["working_points"],
            column("alley_system", lang): d["alley_system"] + 1,
        }
    ).reset_index(drop=True)


def water_table(analysis: WardAnalysis, lang: str = "vi") -> pd.DataFrame:
    """Return every water source with its usability, truck access and households served."""
    w = analysis.water_sources
    return pd.DataFrame(
        {
            column("id", lang): w["id"].astype(str),
            column("name", lang): w["name"],
            column("kind", lang): w["kind"].map(WATER_SOURCE_KIND.labels(lang)),
            column("status", lang): w["status"].map(EQUIPMENT_STATUS.labels(lang)),
            column("usable", lang): w["usable"],
            column("truck_access", lang): w["truck_access"],
            column("households_served", lang): w["households_served"],
        }
    ).reset_index(drop=True)


def water_groups_table(analysis: WardAnalysis, lang: str = "vi") -> pd.DataFrame:
    """Return, per water source group, how many sources there are, are usable, and the share
    of households with one within ``thresholds.water_source_radius_m``."""
    w = analysis.water_sources
    h = analysis.households
    radius = analysis.config.thresholds.water_source_radius_m
    names = pick_table(WATER_GROUPS, lang)
    rows = []
    for g in WATER_GROUPS:
        of_group = w["group"] == g
        near = (h[f"water_{g}_distance_m"] <= radius).mean() if len(h) else float("nan")
        rows.append(
            {
                column("water_kind_group", lang): names[g],
                column("sources", lang): int(of_group.sum()),
                column("sources_usable", lang): int((of_group & w["usable"]).sum()),
                column("share_households_near", lang): near,
            }
        )
    return pd.DataFrame(rows)


def gaps_table(analysis: WardAnalysis, lang: str = "vi") -> pd.DataFrame:
    """Return the proposed new safety groups (business households and high-risk premises
    listed with each)."""
    g = analysis.gap_proposals
    return pd.DataFrame(
        {
            column("proposal", lang): g["id"],
            column("road", lang): g["road_id"].astype(str),
            column("residential_group", lang): g["residential_group_id"].map(group_names(analysis)),
            column("households", lang): g["households"],
            column("business_households", lang): g["business_households"],
            column("high_risk_premises", lang): g["high_risk_premises"],
            column("stretch_m", lang): g["length_m"].round(0),
            column("household_ids", lang): g["household_ids"],
            column("business_household_ids", lang): g["business_household_ids"],
            column("high_risk_premises_ids", lang): g["high_risk_premises_ids"],
        }
    ).reset_index(drop=True)


def coverage_table(analysis: WardAnalysis, lang: str = "vi") -> pd.DataFrame:
    """Return the coverage summary per tổ dân phố and for the ward, with display labels."""
    c = analysis.coverage.drop(columns=["residential_group_id"])
    labels = pick_table(COVERAGE_SUMMARY_COLUMNS, lang)
    return c.rename(columns=labels)


# Download format → (MIME type, file suffix).
TABLE_FORMATS: dict[str, tuple[str, str]] = tables.TABLE_FORMATS


def table_bytes(frame: pd.DataFrame, fmt: str, *, sheet: str = "PCCC", lang: str = "vi") -> bytes:
    """Return a table as file bytes, ``fmt`` one of {"csv", "xlsx"} (the one table writer)."""
    return tables.table_bytes(tables.Sheet(frame, name=sheet), fmt, lang=lang)


def risk_filter_options(analysis: WardAnalysis) -> dict[str, Sequence[str] | dict[str, str]]:
    """Return the values the premises table can be filtered on (codes, in display order),
    and ``group_names`` (tổ dân phố id → name)."""
    p = analysis.premises
    present = set(p["category"].dropna())
    names = group_names(analysis)
    return {
        "classes": list(RISK_CLASSES),
        "categories": [m.code for m in PREMISES_CATEGORY if m.code in present],
        "groups": list(names),
        "group_names": names,
    }


def _due_rows(analysis: WardAnalysis) -> pd.DataFrame:
    """Premises whose inspection is due (never inspected, overdue, or due soon), sorted by
    tổ dân phố, then urgency, then due date."""
    p = analysis.premises
    due = inspections_due(p, analysis.config.risk, today=analysis.today)
    t = pd.concat([p.drop(columns=p.geometry.name, errors="ignore"), due], axis=1)
    t = t[t["inspection_status"] != "scheduled"].copy()
    t["_urgency"] = t["inspection_status"].map({s: i for i, s in enumerate(INSPECTION_STATUSES)})
    names = group_names(analysis)
    gid = t["residential_group_id"].astype(object)
    t["_group"] = gid.map(names)
    t["_group_order"] = gid.map({g: i for i, g in enumerate(names)})
    return t.sort_values(
        ["_group_order", "_urgency", "inspection_due", "id"], na_position="last", kind="stable"
    )


@dataclass(frozen=True)
class DueFilter:
    """Which inspections due a list shows. Empty means "all"; ``officer`` ``""`` = all."""

    officer: str = ""
    groups: tuple[str, ...] = ()


def inspections_due_table(
    analysis: WardAnalysis, lang: str = "vi", flt: DueFilter | None = None
) -> pd.DataFrame:
    """Return the inspections due: premises never inspected, past their due date (by risk
    class, or the follow-up of an open violation, :func:`pipelines.network.risk.inspections_due`)
    or due within ``risk.inspect_due_soon_days``, per tổ dân phố, with the officer in charge;
    ``flt`` keeps one officer's premises and some tổ dân phố."""
    check_lang(lang)
    t = _due_rows(analysis)
    flt = flt or DueFilter()
    if flt.officer:
        t = t[t["officer"].astype(object) == flt.officer]
    if flt.groups:
        t = t[t["residential_group_id"].astype(object).isin(flt.groups)]
    return pd.DataFrame(
        {
            column("residential_group", lang): t["_group"].to_numpy(dtype=object),
            column("inspection_status", lang): t["inspection_status"].map(
                pick_table(INSPECTION_STATUS_LABELS, lang)
            ),
            column("inspection_due", lang): pd.to_datetime(t["inspection_due"]).dt.date,
            column("inspection_reason", lang): t["inspection_reason"].map(
                pick_table(INSPECTION_REASON_LABELS, lang)
            ),
            column("id", lang): t["id"].astype(str),
            column("name", lang): t["name"].astype(str),
            column("category", lang): t["category"].map(PREMISES_CATEGORY.labels(lang)),
            column("officer", lang): t["officer"].astype(object).fillna(""),
            column("risk_class", lang): t["risk_class"]
            .astype(object)
            .map({c: r.label(lang) for c, r in RISK_CLASSES.items()}),
            column("risk_score", lang): t["risk_score"].to_numpy(dtype=float),
            column("inspection_interval_months", lang): t["inspection_interval_months"],
            column("last_inspection", lang): pd.to_datetime(t["last_inspection"]).dt.date,
        }
    ).reset_index(drop=True)


def due_officers(analysis: WardAnalysis) -> list[str]:
    """Return the officers in charge of some premises (sorted), for the list's filter."""
    names = analysis.premises["officer"].dropna().astype(str)
    return sorted(set(names[names != ""]))


@dataclass(frozen=True)
class InspectionSummary:
    """Counts of premises by inspection status, and of tổ dân phố with any inspection due."""

    never: int
    overdue: int
    due_soon: int
    groups: int
    due_soon_days: int


def inspections_summary(analysis: WardAnalysis) -> InspectionSummary:
    """Count premises never inspected, overdue and due soon, and the tổ dân phố concerned."""
    t = _due_rows(analysis)
    counts = t["inspection_status"].value_counts()
    return InspectionSummary(
        never=int(counts.get("never", 0)),
        overdue=int(counts.get("overdue", 0)),
        due_soon=int(counts.get("due_soon", 0)),
        groups=int(t["_group"].nunique()),
        due_soon_days=analysis.config.risk.inspect_due_soon_days,
    )


# Tables by name, for the cache module and the pages (all take the analysis and a language).
TABLES: dict[str, Callable[[WardAnalysis, str], pd.DataFrame]] = {
    "deep_alleys": deep_alleys_table,
    "water": water_table,
    "water_groups": water_groups_table,
    "gaps": gaps_table,
    "coverage": coverage_table,
    "inspections_due": inspections_due_table,
}


@dataclass(frozen=True)
class RiskSummary:
    """Headline risk figures: premises counts by class and the inspection backlog."""

    premises: int
    very_high: int
    high: int
    never_inspected: int
    beyond_reach: int


def risk_summary(analysis: WardAnalysis) -> RiskSummary:
    """Count premises by risk class, never inspected and beyond hose reach."""
    p = analysis.premises
    cls = p["risk_class"].astype(object)
    return RiskSummary(
        premises=len(p),
        very_high=int((cls == "very_high").sum()),
        high=int((cls == "high").sum()),
        never_inspected=int((p["risk_never_inspected"] > 0).sum()),
        beyond_reach=int((~p["within_hose_reach"].astype(bool)).sum()),
    )


@dataclass(frozen=True)
class AccessSummary:
    """Headline access figures at one time of day (lengths in metres, shares 0–1)."""

    night: bool
    reachable_road_m: float
    road_m: float
    households: int
    households_within_reach: int
    pockets: int
    deep_alleys: int
    barriers_blocking: int
    households_left_out: int

    @property
    def share_within_reach(self) -> float:
        return self.households_within_reach / self.households if self.households else float("nan")


def access_summary(analysis: WardAnalysis) -> AccessSummary:
    """Sum up truck access, pockets, deep alleys, blocking barriers and ungrouped households."""
    g, access = analysis.graph, analysis.access
    h = analysis.households
    return AccessSummary(
        night=analysis.night,
        reachable_road_m=float(g.edge_length_m[access.reachable].sum()),
        road_m=float(g.edge_length_m.sum()),
        households=len(h),
        households_within_reach=int(h["within_hose_reach"].sum()),
        pockets=analysis.n_pockets,
        deep_alleys=len(analysis.deep_alleys),
        barriers_blocking=int(analysis.barriers["blocking"].sum()),
        households_left_out=int(h["gap_reason"].isin(["too_few", "left_over"]).sum()),
    )
