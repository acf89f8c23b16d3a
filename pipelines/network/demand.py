"""Where the demand of a ward comes from: its household list, its buildings, or the rule.

A real ward often has no household list on day one. The analysis and the planner then
estimate households from the residential buildings (:func:`with_estimated_households`):

    households of a building = footprint area × levels ÷ ``[planner] floor_area_per_household_m2``

rounded, at least one per building; levels from the building, else ``[planner]
default_building_levels``. Buildings whose use is commercial, industrial or public
(:data:`EXCLUDED_USES`; OSM ``building=*`` values are mapped to a use on import) are left
out; buildings of unknown use count as housing. Each estimated household is a point at its
building's representative point, with the address "Nhà … (ước tính)" and the tổ dân phố of
the polygon holding it.

With neither households nor buildings there is no demand to cover: the planner sites by the
rule alone — a point in every alley trucks cannot enter that is at least
``thresholds.deep_alley_min_m`` deep (:func:`pipelines.planning.demand.rule_plan`).
:func:`demand_source` says which case a ward is in; every page, export and printed map says
it too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import pandas as pd

from pipelines.model.schema import STORAGE_CRS
from pipelines.model.store import Ward
from pipelines.model.territory import containing_group
from pipelines.model.validate import conform_layer
from pipelines.text.formats import format_number

EXCLUDED_USES = frozenset({"commercial", "industrial", "public"})
ESTIMATED_PREFIX = "uoc-tinh-"  # id prefix of an estimated household

# Demand kinds (labels: pipelines.text.labels.DEMAND_SOURCES).
HOUSEHOLDS, BUILDINGS, RULE = "households", "buildings", "rule"


@dataclass(frozen=True)
class DemandSource:
    """Where the ward's demand comes from.

    Attributes
    ----------
    kind
        {"households", "buildings", "rule"}: the household list, households estimated from
        buildings, or no demand (the planner sites by the deep-alley rule).
    households
        Households in the list, or estimated.
    buildings
        Residential buildings the estimate used (0 for the other kinds).
    floor_area_per_household_m2, default_levels
        The settings the estimate used.
    """

    kind: str
    households: int
    buildings: int = 0
    floor_area_per_household_m2: float = 0.0
    default_levels: int = 0

    @property
    def estimated(self) -> bool:
        return self.kind == BUILDINGS

    @property
    def by_rule(self) -> bool:
        """No demand at all: the planner sites by the deep-alley rule."""
        return self.kind == RULE

    def text(self, lang: str = "vi") -> str:
        """One sentence saying where the demand comes from (pages, exports, printed map)."""
        n = format_number(self.households, lang)
        if self.kind == HOUSEHOLDS:
            return (
                f"Nhu cầu theo danh sách hộ gia đình ({n} hộ)."
                if lang == "vi"
                else f"Demand from the household list ({n} households)."
            )
        if self.kind == BUILDINGS:
            b = format_number(self.buildings, lang)
            area = format_number(self.floor_area_per_household_m2, lang)
            levels = format_number(self.default_levels, lang)
            if lang == "vi":
                return (
                    f"Chưa có danh sách hộ gia đình: ước tính {n} hộ từ {b} nhà ở "
                    f"(diện tích nền × số tầng ÷ {area} m²/hộ; nhà không ghi số tầng tính "
                    f"{levels} tầng; bỏ nhà thương mại, công nghiệp, công cộng)."
                )
            return (
                f"No household list: {n} households estimated from {b} residential buildings "
                f"(footprint × levels ÷ {area} m² per household; {levels} levels where none "
                "is given; commercial, industrial and public buildings left out)."
            )
        if lang == "vi":
            return (
                "Chưa có danh sách hộ gia đình và lớp nhà: đề xuất theo quy tắc — một điểm "
                "trong mỗi ngõ xe chữa cháy không vào được và sâu từ ngưỡng trở lên."
            )
        return (
            "No household list and no buildings: points are sited by the rule — one in every "
            "alley fire trucks cannot enter that is at least the threshold deep."
        )


def _residential(buildings: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    use = buildings["use"].astype(object)
    keep = ~use.isin(EXCLUDED_USES).to_numpy() & buildings.geometry.notna().to_numpy()
    return buildings[keep]


def estimated_households(ward: Ward) -> tuple[gpd.GeoDataFrame, int]:
    """Return households estimated from the ward's residential buildings, and the buildings used.

    The frame is conformed to the households layer (EPSG:4326); see the module docstring.
    """
    cfg = ward.config.planner
    houses = _residential(ward["buildings"])
    if houses.empty:
        return conform_layer("households", _empty())[0], 0
    metric = houses.to_crs(ward.crs_metric)
    levels = houses["levels"].astype("float64").to_numpy(na_value=np.nan)
    levels = np.where(np.isfinite(levels) & (levels > 0), levels, cfg.default_building_levels)
    floor_m2 = metric.geometry.area.to_numpy() * levels
    count = np.maximum(1, np.rint(floor_m2 / cfg.floor_area_per_household_m2)).astype(np.int64)
    where = houses.geometry.representative_point().to_numpy()
    rows = np.repeat(np.arange(len(houses)), count)
    k = np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
    ids = houses["id"].astype(str).to_numpy()[rows]
    names = houses["name"].astype(object).to_numpy()[rows]
    label = np.where(pd.isna(names), ids, names)
    frame = gpd.GeoDataFrame(
        {
            "id": [f"{ESTIMATED_PREFIX}{i}-{j + 1}" for i, j in zip(ids, k, strict=True)],
            "address": [f"Nhà {x} (ước tính)" for x in label],
            "residential_group_id": containing_group(where[rows], ward["residential_groups"]),
            "note": "Ước tính từ lớp nhà (chưa có danh sách hộ)",
        },
        geometry=gpd.GeoSeries(where[rows], crs=STORAGE_CRS),
        crs=STORAGE_CRS,
    )
    return conform_layer("households", frame)[0], len(houses)


def _empty() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": pd.Series([], dtype=object)}, geometry=[], crs=STORAGE_CRS)


def estimate_demand(ward: Ward) -> tuple[Ward, DemandSource]:
    """Return the ward the analysis runs on and where its demand comes from.

    ``ward`` itself when it has households (or no residential building); else a copy whose
    households layer holds the estimate from its buildings.
    """
    cfg = ward.config.planner
    if len(ward["households"]):
        return ward, DemandSource(HOUSEHOLDS, len(ward["households"]))
    if _residential(ward["buildings"]).empty:
        return ward, DemandSource(RULE, 0)
    estimated, used = estimated_households(ward)
    source = DemandSource(
        BUILDINGS,
        len(estimated),
        used,
        cfg.floor_area_per_household_m2,
        cfg.default_building_levels,
    )
    return replace(ward, layers={**ward.layers, "households": estimated}), source


def demand_source(ward: Ward) -> DemandSource:
    """Say where the ward's demand comes from (:func:`estimate_demand`)."""
    return estimate_demand(ward)[1]


def with_estimated_households(ward: Ward) -> Ward:
    """Return the ward the analysis runs on (:func:`estimate_demand`)."""
    return estimate_demand(ward)[0]
