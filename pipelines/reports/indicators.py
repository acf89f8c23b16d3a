"""Overview figures for ward leadership: KPIs and the breakdown by tổ dân phố."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipelines.model.schema import PREMISES_CATEGORY
from pipelines.model.store import Ward

UNKNOWN = "unknown"  # EQUIPMENT_STATUS "Chưa rõ"


@dataclass(frozen=True)
class WardKpis:
    """Headline figures of one ward (counts are whole numbers, shares are 0–1 or None).

    Equipment of status "Chưa rõ" (``unknown``, a list without a status column) is never
    counted as working: ``points_unknown`` and ``water_unknown`` count it apart.
    """

    premises: int
    premises_by_category: dict[str, int]
    premises_with_violations: int
    premises_construction_electrical: int
    points_working: int
    points_total: int
    points_unknown: int
    households: int
    households_in_group: int
    safety_groups: int
    water_working: int
    water_total: int
    water_unknown: int
    hydrants_working: int
    hydrants_total: int
    incidents_last_year: int

    @property
    def households_in_group_share(self) -> float | None:
        return self.households_in_group / self.households if self.households else None


def _violating(premises: pd.DataFrame) -> pd.Series:
    open_ = premises["open_violations"].fillna(0) > 0
    flag = premises["construction_electrical_violation"].fillna(False).astype(bool)
    return open_ | flag


def ward_kpis(ward: Ward, *, today: pd.Timestamp | None = None) -> WardKpis:
    """Compute the overview KPIs of ``ward``."""
    today = today or pd.Timestamp.today().normalize()
    premises = ward["premises"]
    points = ward["firefighting_points"]
    households = ward["households"]
    water = ward["water_sources"]
    incidents = ward["incidents"]
    by_category = premises["category"].value_counts()
    hydrants = water[water["kind"] == "hydrant"]
    return WardKpis(
        premises=len(premises),
        premises_by_category={c: int(by_category.get(c, 0)) for c in PREMISES_CATEGORY.codes()},
        premises_with_violations=int(_violating(premises).sum()),
        premises_construction_electrical=int(
            premises["construction_electrical_violation"].fillna(False).astype(bool).sum()
        ),
        points_working=int((points["status"] == "working").sum()),
        points_total=len(points),
        points_unknown=int((points["status"] == UNKNOWN).sum()),
        households=len(households),
        households_in_group=int(households["safety_group_id"].notna().sum()),
        safety_groups=len(ward["safety_groups"]),
        water_working=int((water["status"] == "working").sum()),
        water_total=len(water),
        water_unknown=int((water["status"] == UNKNOWN).sum()),
        hydrants_working=int((hydrants["status"] == "working").sum()),
        hydrants_total=len(hydrants),
        incidents_last_year=int((incidents["date"] >= today - pd.DateOffset(years=1)).sum()),
    )


def breakdown_by_group(ward: Ward) -> pd.DataFrame:
    """Return one row per tổ dân phố (plus "no group") with counts and shares.

    Columns: ``group_id``, ``group_name``, ``households``, ``households_in_group``,
    ``share_in_group`` (0–1), ``premises``, ``premises_with_violations``, ``points_working``,
    ``points_total``. Rows follow the order of the residential_groups layer.
    """
    groups = ward["residential_groups"][["id", "name"]].rename(
        columns={"id": "group_id", "name": "group_name"}
    )
    hh = ward["households"]
    premises = ward["premises"]
    points = ward["firefighting_points"]
    key = "residential_group_id"

    def count(frame: pd.DataFrame, mask: pd.Series | None = None) -> pd.Series:
        sub = frame if mask is None else frame[mask.to_numpy()]
        return sub.groupby(sub[key].fillna(""), sort=False).size()

    table = pd.DataFrame(
        {
            "households": count(hh),
            "households_in_group": count(hh, hh["safety_group_id"].notna()),
            "premises": count(premises),
            "premises_with_violations": count(premises, _violating(premises)),
            "points_working": count(points, points["status"] == "working"),
            "points_total": count(points),
        }
    )
    table = table.fillna(0).astype(int)
    ids = pd.concat([groups["group_id"].astype(object), pd.Series([""], dtype=object)])
    table = table.reindex(ids.to_numpy(), fill_value=0)
    table.index.name = "group_id"
    table = table.reset_index()
    names = dict(zip(groups["group_id"], groups["group_name"], strict=True))
    table.insert(1, "group_name", table["group_id"].map(names).astype(object))
    table = table[(table["group_id"] != "") | (table[table.columns[2:]].sum(axis=1) > 0)]
    share = table["households_in_group"] / table["households"].where(table["households"] > 0)
    table.insert(4, "share_in_group", share)
    return table.reset_index(drop=True)
