"""Hand-built wards for the network analysis tests, drawn in metres.

Coordinates are metres east/north of an origin in VN-2000 / UTM 48N (EPSG:3405), so a test
can say "120 m up the alley" and mean it; layers are stored in EPSG:4326 like a real ward.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely import affinity
from shapely.geometry import LineString, Point, Polygon

from pipelines.model.schema import LAYER_NAMES
from pipelines.model.settings import WardConfig, config_from_dict, to_dict
from pipelines.model.store import Ward
from pipelines.model.validate import conform_layer, empty_layer

CRS_METRIC = "EPSG:3405"
ORIGIN = (600_000.0, 2_350_000.0)


def at(geom):
    """Move a shape drawn in local metres to the metric CRS origin."""
    return affinity.translate(geom, *ORIGIN)


def layer(rows: list[dict], geoms: list) -> gpd.GeoDataFrame:
    """Return a layer frame in EPSG:4326 from rows and shapes drawn in local metres."""
    shapes = [None if g is None else at(g) for g in geoms]
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=shapes, crs=CRS_METRIC)
    return frame.to_crs("EPSG:4326")


def make_ward(
    layers: Mapping[str, gpd.GeoDataFrame], *, thresholds: Mapping | None = None, risk=None
) -> Ward:
    """Return an in-memory :class:`Ward` (no files) with the given layers and settings."""
    data = to_dict(WardConfig())
    data["ward"]["crs_metric"] = CRS_METRIC
    data["thresholds"].update(thresholds or {})
    data["risk"].update(risk or {})
    config = config_from_dict(data)
    conformed = {}
    for name in LAYER_NAMES:
        if name in layers:
            frame, problems = conform_layer(name, layers[name])
            assert not problems, problems
            conformed[name] = frame
        else:
            conformed[name] = empty_layer(name)
    return Ward(path=Path("."), config=config, layers=conformed)


def box(x0: float, y0: float, x1: float, y1: float) -> Polygon:
    return Polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def alley_ward(
    *,
    alley_width_m: float = 3.0,
    alley_clearance_m: float | None = None,
    depths_m: tuple[float, ...] = (20, 40, 60, 80, 95, 120, 140, 160),
    barriers: list[dict] | None = None,
    households: list[tuple[float, float]] | None = None,
    thresholds: Mapping | None = None,
    extra: Mapping[str, gpd.GeoDataFrame] | None = None,
) -> Ward:
    """A 6 m street along y = 0 entering the ward from the west, and one alley off it.

    The alley runs north from (100, 0) to (100, 200); houses stand 5 m east of it at the
    given depths (ids ``H<depth>``). The ward boundary is the box (0, -100)–(400, 300), so
    the street crosses it at x = 0.
    """
    roads = layer(
        [
            {"id": "street", "name": "Đường Lê Lợi", "kind": "duong", "width_m": 6.0},
            {
                "id": "alley",
                "name": "Ngõ 12",
                "kind": "ngo",
                "width_m": alley_width_m,
                "clearance_m": alley_clearance_m,
            },
        ],
        [LineString([(-100, 0), (300, 0)]), LineString([(100, 0), (100, 200)])],
    )
    houses = households or [(105.0, d) for d in depths_m]
    layers = {
        "ward_boundary": layer([{"id": "W", "name": "Phường Thử"}], [box(0, -100, 400, 300)]),
        "roads": roads,
        "households": layer(
            [
                {"id": f"H{y:g}", "address": f"Số {i + 1} ngõ 12", "is_business": False}
                for i, (_, y) in enumerate(houses)
            ],
            [Point(x, y) for x, y in houses],
        ),
    }
    if barriers:
        layers["barriers"] = layer(
            [{k: v for k, v in b.items() if k != "at"} for b in barriers],
            [Point(*b["at"]) for b in barriers],
        )
    layers.update(extra or {})
    return make_ward(layers, thresholds={"hose_reach_m": 100.0, **(thresholds or {})})
