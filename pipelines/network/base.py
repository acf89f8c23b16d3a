"""The network base of a ward: its road graph and every point layer placed on it, built once.

Building the graph, projecting every layer to the metric CRS and snapping the points onto the
roads is most of the work of an analysis, and none of it depends on the time of day, the
risk weights or the radii. :func:`network_base` does it once per ward version; a warm
re-analysis (:func:`pipelines.network.analysis.analyze_ward` with ``base=``) — the day/night
switch, a changed risk weight or radius — reuses it. Only the settings in
:func:`network_settings` move the base (the metric CRS and the snap distance, which also
places the barriers); a base is built from one ward's layers and fits only a ward with the
same layers and those settings.

Coordinates are metres in the ward's ``crs_metric``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import shapely

from pipelines.model.settings import WardConfig
from pipelines.model.store import Ward
from pipelines.network.demand import with_estimated_households
from pipelines.network.graph import RoadGraph, road_graph_from_frame
from pipelines.network.projection import metric_geometry, metric_xy
from pipelines.network.snapping import Snapped

# Point layers projected once; the first four are also placed on the network.
POINT_LAYERS: tuple[str, ...] = (
    "households",
    "premises",
    "firefighting_points",
    "water_sources",
    "incidents",
)
SNAPPED_LAYERS: tuple[str, ...] = POINT_LAYERS[:4]


@dataclass(frozen=True, eq=False)
class NetworkBase:
    """The road graph of a ward and its point layers projected and snapped (shared, read-only).

    Attributes
    ----------
    graph
        The road graph with the barriers cut in (metric CRS).
    xy
        Metric coordinates (n × 2, ``nan`` for missing points) of every layer of
        :data:`POINT_LAYERS`.
    snapped
        Positions on the graph of every layer of :data:`SNAPPED_LAYERS`.
    targets
        Households then premises, snapped together: the targets of every distance pass.
    boundary
        The ward boundary in the metric CRS (``None`` without a usable polygon).
    settings
        What the base was built with (:func:`network_settings`).
    sizes
        Row count of every layer the base holds positions of (``barriers`` and the point
        layers), to refuse a base built from other data.
    """

    graph: RoadGraph
    xy: Mapping[str, np.ndarray]
    snapped: Mapping[str, Snapped]
    targets: Snapped
    boundary: shapely.Geometry | None
    settings: tuple[str, float]
    sizes: Mapping[str, int]

    def check(self, ward: Ward) -> NetworkBase:
        """Return the base if it fits ``ward`` (same network settings, same layer sizes).

        Raises
        ------
        ValueError
            The base was built with other network settings or from layers of other sizes.
        """
        settings = network_settings(ward.config)
        sizes = _sizes(ward)
        if settings != self.settings or sizes != dict(self.sizes):
            raise ValueError(
                "'base' should be built from this ward's layers and network settings "
                f"{settings} with sizes {sizes}, got a base with {self.settings} and sizes "
                f"{dict(self.sizes)} instead"
            )
        return self


def network_settings(config: WardConfig) -> tuple[str, float, float, int]:
    """Return the settings that move the network base: metric CRS, snap distance (m), and the
    floor area per household (m²) and default levels of households estimated from buildings
    (:mod:`pipelines.network.demand`)."""
    return (
        str(config.ward.crs_metric),
        float(config.thresholds.max_snap_distance_m),
        float(config.planner.floor_area_per_household_m2),
        int(config.planner.default_building_levels),
    )


def network_base(ward: Ward) -> NetworkBase:
    """Build the road graph of a ward and place its point layers on it (the cold part).

    The graph is built in the ward's metric CRS with the barriers cut in (placed within
    ``thresholds.max_snap_distance_m`` of a road); households, premises, public points and
    water sources are snapped within the same distance; incidents are only projected.
    """
    ward = with_estimated_households(ward)  # no household list: estimated from buildings
    crs, max_snap, *_ = network_settings(ward.config)
    graph = road_graph_from_frame(
        ward["roads"],
        crs_metric=crs,
        split_points=ward["barriers"].geometry,
        split_max_m=max_snap,
    )
    xy = {name: metric_xy(ward[name], crs) for name in POINT_LAYERS}
    n_h = len(ward["households"])
    # households and premises are the targets of every pass: snap them together
    targets = graph.snap(np.concatenate([xy["households"], xy["premises"]]), max_m=max_snap)
    snapped = {
        "households": targets.take(slice(0, n_h)),
        "premises": targets.take(slice(n_h, None)),
        "firefighting_points": graph.snap(xy["firefighting_points"], max_m=max_snap),
        "water_sources": graph.snap(xy["water_sources"], max_m=max_snap),
    }
    return NetworkBase(
        graph=graph,
        xy=xy,
        snapped=snapped,
        targets=targets,
        boundary=_boundary(ward, crs),
        settings=network_settings(ward.config),
        sizes=_sizes(ward),
    )


def _sizes(ward: Ward) -> dict[str, int]:
    return {name: len(ward[name]) for name in ("roads", "barriers", *POINT_LAYERS)}


def _boundary(ward: Ward, crs: str) -> shapely.Geometry | None:
    frame = ward["ward_boundary"]
    if frame.empty:
        return None
    geoms = metric_geometry(frame, crs).to_numpy()
    geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    return shapely.union_all(geoms) if len(geoms) else None
