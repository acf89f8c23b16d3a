"""Layer styles as lookup tables, shared by the web map and printed maps.

Colours are chosen to read on a plain white background (no base map, the default) and to
stay distinguishable in greyscale print where it matters (roads by width and dash).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# Premises category → fill colour (14 categories; warm colours for the categories the plan
# singles out: karaoke, boarding houses, markets, shop-houses, fuel).
CATEGORY_COLOURS: dict[str, str] = {
    "karaoke": "#d7191c",
    "boarding_house": "#fdae61",
    "lodging": "#f46d43",
    "market": "#9e0142",
    "shophouse": "#fee08b",
    "production": "#8c510a",
    "warehouse": "#bf812d",
    "industrial": "#543005",
    "fuel_gas": "#e7298a",
    "school": "#1a9850",
    "healthcare": "#66c2a5",
    "office": "#3288bd",
    "apartment": "#5e4fa2",
    "other": "#999999",
}

VIOLATION_STROKE = "#b00020"
# A point placed from its address (an estimate) is drawn with a dashed, thicker outline.
ADDRESS_PLACED_STROKE = {"dashArray": "3 2", "weight": 2.5, "radius": 7}
ADDRESS_SOURCES = ("address_alley", "address_street", "residential_group")


def placed_by_address(source: pd.Series) -> np.ndarray:
    """Per feature, whether its position was estimated from its address."""
    return source.astype(object).isin(ADDRESS_SOURCES).to_numpy()


NO_VIOLATION_STROKE = "#333333"

STATUS_COLOURS: dict[str, str] = {
    "working": "#1a9850",
    "needs_service": "#fdae61",
    "out_of_service": "#d7191c",
    "unknown": "#969696",  # "Chưa rõ": drawn apart, never as working
}

WATER_SOURCE_SYMBOLS: dict[str, str] = {
    # kind → (letter shown in the symbol); the CSS class is "pccc-ws pccc-ws-<kind>"
    "hydrant": "T",
    "tank": "B",
    "pond": "A",
    "lake": "H",
    "river": "S",
    "well": "G",
}

WATER_BODY_STYLE = {"color": "#2b8cbe", "weight": 1, "fillColor": "#a6d8f0", "fillOpacity": 0.7}
BOUNDARY_STYLE = {"color": "#222222", "weight": 3, "fill": False, "dashArray": "8 4"}
GROUP_STYLE = {"color": "#6a51a3", "weight": 1.2, "fill": False, "dashArray": "3 3"}
TERRITORY_STYLE = {"color": "#238b45", "weight": 1, "fillColor": "#74c476", "fillOpacity": 0.25}
INCIDENT_STYLE = {
    "radius": 6,
    "color": "#000000",
    "weight": 1.5,
    "fillColor": "#ff7f00",
    "fillOpacity": 0.9,
}
BARRIER_STYLE = {
    "radius": 5,
    "color": "#000000",
    "weight": 2,
    "fillColor": "#ffffff",
    "fillOpacity": 1,
}
BUILDING_STYLE = {"color": "#636363", "weight": 0.8, "fillColor": "#d9d9d9", "fillOpacity": 0.6}
# Households: small muted dots, drawn under the roads (the web map sends them to the back),
# so that thousands of them never hide the alley classes.
HOUSEHOLD_STYLES = {
    "in_group": {
        "radius": 1.8,
        "color": "#74c476",
        "weight": 0,
        "fillColor": "#74c476",
        "fillOpacity": 0.6,
    },
    "no_group": {
        "radius": 1.8,
        "color": "#a3a3a3",
        "weight": 0,
        "fillColor": "#a3a3a3",
        "fillOpacity": 0.6,
    },
}
# Fire incidents on the web map: a triangle (CSS class in dashboard/static/pccc-map.css), a
# shape no premises risk class or category takes (those are circles).
INCIDENT_ICON = {"className": "pccc-inc", "html": "!"}


@dataclass(frozen=True)
class RoadClass:
    """A width class of road: which widths it holds and how it is drawn."""

    key: str
    vi: str
    en: str
    colour: str
    weight: float
    dash: str | None


def road_classes(truck_min_width_m: float) -> tuple[tuple[float, RoadClass], ...]:
    """Return (lower width bound in m, class) pairs, widest first.

    The truck threshold comes from settings (``thresholds.truck_min_width_m``) so the split
    between passable and impassable roads follows the ward's configuration.
    """
    w = truck_min_width_m
    street_from = max(4.0, w)
    classes = (
        (7.0, RoadClass("main", "Đường chính (≥ 7 m)", "Main road (≥ 7 m)", "#252525", 6.0, None)),
        (
            street_from,
            RoadClass(
                "street",
                f"Đường phố ({street_from:g}–7 m)".replace(".", ","),
                f"Street ({street_from:g}–7 m)",
                "#525252",
                4.0,
                None,
            ),
        ),
        (
            w,
            RoadClass(
                "passable_alley",
                f"Ngõ xe chữa cháy vào được (≥ {w:g} m)".replace(".", ","),
                f"Alley passable by fire trucks (≥ {w:g} m)",
                "#2171b5",
                3.0,
                None,
            ),
        ),
        (
            2.0,
            RoadClass(
                "alley",
                f"Ngõ xe chữa cháy không vào được (2–{w:g} m)".replace(".", ","),
                f"Alley fire trucks cannot enter (2–{w:g} m)",
                "#e6550d",
                2.2,
                "6 3",
            ),
        ),
        (
            0.0,
            RoadClass(
                "sub_alley", "Ngách, hẻm (< 2 m)", "Sub-alley (< 2 m)", "#d7301f", 1.4, "2 3"
            ),
        ),
    )
    # A passable-alley band exists only when the truck threshold is below the street band.
    return tuple((lo, c) for lo, c in classes if c.key != "passable_alley" or w < street_from)
