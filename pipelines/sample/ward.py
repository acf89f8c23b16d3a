"""Build the synthetic sample ward: a deterministic, realistic-looking urban ward of Bắc Giang.

Everything here is invented (``ward.toml`` says ``synthetic = true``); nothing describes a real
place, person or telephone number. The ward is laid out once as a *tile* in a local design
frame in metres (x east, y north, origin at the south-west corner of the built-up area;
:mod:`.layout`):

1. A skeleton of main roads (đường) and streets (phố) from :data:`.pattern.SKELETON`, sites of
   large premises (:data:`.pattern.SITES`, the industrial cluster), a lake and ponds.
2. Alleys (ngõ) grown off the skeleton and sub-alleys (ngách) off the alleys (:mod:`.roads`).
   Each runs until it comes within two lot depths of another road, or near water, a site or
   the tile edge; some run through to the road they reach. Junctions are shared vertices and
   every road is cut into pieces at its junctions, so the pieces form a graph.
3. House lots along both sides of every road (:mod:`.lots`). The lots clear of roads, water,
   sites and each other become households and premises; runs of neighbouring households form
   tổ liên gia (:mod:`.households`). Public points, hydrants and other water sources
   (:mod:`.water`), barriers (:mod:`.barriers`) and fires (:mod:`.incidents`) follow.

``scale = k`` lays ``k`` copies of the tile side by side (a grid of tiles whose main roads join
at the seams; :mod:`.tiles`) under one ward boundary, with the river along the southern edge;
geometry is copied with numpy, attributes are drawn for all copies at once
(:mod:`.attributes`). This module assembles the layers. The design frame is turned by
:data:`.pattern.GRID_ROTATION_DEG`, placed in VN-2000 / TM-3 107°00' (EPSG:9214) around
21.27 N, 106.20 E, and stored in EPSG:4326. All randomness comes from one
``numpy.random.default_rng(seed)``, drawn in a fixed order: the same seed and scale give the
same ward.
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from pipelines.model.schema import LAYER_NAMES
from pipelines.model.store import config_path, gpkg_path, init_ward, write_layers
from pipelines.sample import activities, inspections
from pipelines.sample.attributes import layer_frame, make_ids, person_names, phone_numbers
from pipelines.sample.barriers import barriers_layer
from pipelines.sample.households import households_layer, safety_groups_layer
from pipelines.sample.incidents import incidents_layer
from pipelines.sample.layout import build_tile
from pipelines.sample.lots import premises_layer
from pipelines.sample.pattern import (
    AS_OF,
    CRS_METRIC,
    DEFAULT_SEED,
    INCIDENTS_PER_TILE,
    PROVINCE,
    TDP_CELLS_M,
    TILE_H_M,
    TILE_W_M,
    WARD_NAME,
    R,
)
from pipelines.sample.roads import roads_layer
from pipelines.sample.tiles import Place, Tdp, grid_shape
from pipelines.sample.water import points_layer, water_sources_layer

__all__ = ["AS_OF", "CRS_METRIC", "DEFAULT_SEED", "WARD_NAME", "build_sample_ward", "generate_ward"]


_BUILDING_USE = {
    "karaoke": "commercial", "boarding_house": "residential", "lodging": "commercial",
    "market": "commercial", "shophouse": "commercial", "production": "industrial",
    "warehouse": "industrial", "industrial": "industrial", "fuel_gas": "commercial",
    "school": "public", "healthcare": "public", "office": "public", "apartment": "residential",
    "other": "other",
}  # fmt: skip


def _river_centre(x: np.ndarray, phase: tuple[float, float]) -> np.ndarray:
    """Mid-line of the meandering river south of the ward (design frame)."""
    return (
        -80.0
        + 14.0 * np.sin(2 * math.pi * x / 1100.0 + phase[0])
        + 7.0 * np.sin(2 * math.pi * x / 430.0 + phase[1])
    )


def _ward_outline(
    width_m: float, height_m: float, phase: tuple[float, float], rng: np.random.Generator
) -> shapely.Polygon:
    """An irregular boundary around the built-up area, along the river's mid-line in the south."""

    def steps(length: float) -> np.ndarray:
        out = [rng.uniform(*R.boundary_step_m)]
        while out[-1] < length - R.boundary_step_m[0] / 2:
            out.append(out[-1] + rng.uniform(*R.boundary_step_m))
        return np.array(out[:-1])

    def offset(n: int = 1) -> np.ndarray:
        return rng.uniform(*R.boundary_offset_m, n)

    west0, east0 = offset()[0], offset()[0]
    south_x = np.concatenate(
        [[-west0], np.arange(math.ceil(-west0 / 25) * 25, width_m + east0, 25.0), [width_m + east0]]
    )
    east_y = steps(height_m)
    north_x = width_m - steps(width_m)
    west_y = height_m - steps(height_m)
    ring = np.vstack(
        [
            np.column_stack([south_x, _river_centre(south_x, phase)]),
            np.column_stack([width_m + offset(len(east_y)), east_y]),
            [[width_m + offset()[0], height_m + offset()[0]]],
            np.column_stack([north_x, height_m + offset(len(north_x))]),
            [[-offset()[0], height_m + offset()[0]]],
            np.column_stack([-offset(len(west_y)), west_y]),
        ]
    )
    return shapely.Polygon(ring)


def _river(width_m: float, phase: tuple[float, float]) -> tuple[shapely.Polygon, np.ndarray]:
    """The river band along the southern edge, and its north bank as (x, y) samples."""
    x = np.arange(-250.0, width_m + 250.0 + 1e-9, 20.0)
    centre = _river_centre(x, phase)
    north = np.column_stack([x, centre + R.river_half_width_m])
    south = np.column_stack([x, centre - R.river_half_width_m])
    return shapely.Polygon(np.vstack([north, south[::-1]])), north


def _tdp_polygons(nx: int, ny: int, outline: shapely.Polygon) -> np.ndarray:
    """Tổ dân phố of every tile; cells on the edge of the grid reach out to the boundary."""
    far = 5000.0
    cells = []
    for j in range(ny):
        for i in range(nx):
            for x0, y0, x1, y1 in TDP_CELLS_M:
                cells.append(
                    shapely.box(
                        -far if i == 0 and x0 == 0 else x0 + i * TILE_W_M,
                        -far if j == 0 and y0 == 0 else y0 + j * TILE_H_M,
                        nx * TILE_W_M + far
                        if i == nx - 1 and x1 == TILE_W_M
                        else x1 + i * TILE_W_M,
                        ny * TILE_H_M + far
                        if j == ny - 1 and y1 == TILE_H_M
                        else y1 + j * TILE_H_M,
                    )
                )
    return shapely.intersection(np.array(cells), outline)


def generate_ward(*, seed: int = DEFAULT_SEED, scale: int = 1) -> dict[str, gpd.GeoDataFrame]:
    """Generate every layer of the synthetic sample ward.

    Parameters
    ----------
    seed
        Seed of ``numpy.random.default_rng``; the same seed and scale give the same ward.
    scale
        Copies of the ward pattern laid side by side under one boundary: 1 for the embedded
        sample, 10 or 100 for benchmarks (about ``scale`` times the features).

    Returns
    -------
    dict of str to geopandas.GeoDataFrame
        Every layer of :mod:`pipelines.model.schema`, in its order, conformed, in EPSG:4326.

    Raises
    ------
    TypeError
        ``seed`` or ``scale`` is not an int.
    ValueError
        ``scale`` is less than 1.
    """
    if isinstance(scale, bool) or not isinstance(scale, int):
        raise TypeError(f"'scale' should be an int, got {type(scale).__name__} instead")
    if scale < 1:
        raise ValueError(f"'scale' should be a positive whole number, got {scale} instead")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"'seed' should be an int, got {type(seed).__name__} instead")
    rng = np.random.default_rng(seed)
    tile = build_tile(rng)
    nx, ny = grid_shape(scale)
    place = Place(nx, ny)
    phase = (float(rng.uniform(0, 2 * math.pi)), float(rng.uniform(0, 2 * math.pi)))
    outline = _ward_outline(nx * TILE_W_M, ny * TILE_H_M, phase, rng)
    n_tdp = scale * len(TDP_CELLS_M)
    tdp = Tdp(
        make_ids("TDP", n_tdp, 2),
        np.array([f"Tổ dân phố số {k}" for k in range(1, n_tdp + 1)], dtype=object),
    )

    layers = {
        "ward_boundary": layer_frame(
            "ward_boundary",
            {
                "id": ["PHUONG-MAU"],
                "name": [WARD_NAME],
                "note": [f"Dữ liệu mô phỏng, không phải ranh giới thật (seed {seed}, ×{scale})"],
            },
            place.global_geoms([outline]),
        ),
        "residential_groups": layer_frame(
            "residential_groups",
            {
                "id": tdp.ids,
                "name": tdp.names,
                "leader": person_names(rng, n_tdp),
                "phone": phone_numbers(rng, n_tdp),
            },
            place.global_geoms(_tdp_polygons(nx, ny, outline)),
        ),
    }
    layers["households"] = households_layer(tile, place, tdp, rng)
    layers["premises"], footprints = premises_layer(tile, place, tdp, rng)
    layers["firefighting_points"] = points_layer(tile, place, tdp, rng)
    layers["safety_groups"] = safety_groups_layer(tile, place, tdp, layers["households"], rng)
    river, bank = _river(nx * TILE_W_M, phase)
    layers["water_sources"] = water_sources_layer(tile, place, bank, rng)
    bodies = tile.water_bodies
    layers["water_bodies"] = layer_frame(
        "water_bodies",
        {
            "id": make_ids("MN", 1 + scale * len(bodies["kind"]), 2),
            "name": ["Sông Thương (mô phỏng)", *np.tile(bodies["name"], scale)],
            "kind": ["river", *np.tile(bodies["kind"], scale)],
        },
        np.concatenate([place.global_geoms([river]), place.geoms(bodies["geometry"])]),
    )
    layers["roads"] = roads_layer(tile, place, nx, ny)
    layers["barriers"] = barriers_layer(tile, place)
    layers["incidents"] = incidents_layer(
        layers["households"], layers["premises"], INCIDENTS_PER_TILE * scale, rng
    )
    premises = layers["premises"]
    layers["buildings"] = layer_frame(
        "buildings",
        {
            "id": make_ids("CT", len(premises), 4),
            "name": premises["name"].to_numpy(dtype=object),
            "levels": premises["floors"].to_numpy(dtype=float),
            "use": [_BUILDING_USE[c] for c in premises["category"]],
        },
        footprints,
    )
    extra = np.random.default_rng([seed, activities.STREAM])  # the rest of the ward unchanged
    layers["households"] = activities.with_extinguishers(layers["households"], extra)
    layers["activities"] = activities.activities_layer(tdp.ids, extra)
    history = np.random.default_rng([seed, inspections.STREAM])
    layers["premises"], layers["inspections"], layers["violations"] = inspections.inspection_layers(
        layers["premises"], history
    )
    return {name: layers[name] for name in LAYER_NAMES}


def build_sample_ward(
    ward_dir: str | Path, *, seed: int = DEFAULT_SEED, scale: int = 1, overwrite: bool = False
) -> Path:
    """Write the synthetic sample ward into a new ward folder.

    Parameters
    ----------
    ward_dir
        Folder to create.
    seed, scale
        As for :func:`generate_ward`.
    overwrite
        Replace the ``ward.toml`` and ``ward.gpkg`` already in ``ward_dir`` (other files in the
        folder are left alone).

    Returns
    -------
    pathlib.Path
        The ward folder.

    Raises
    ------
    pipelines.model.errors.StoreError
        ``ward_dir`` already holds a ward and ``overwrite`` is false.
    """
    ward_dir = Path(ward_dir)
    if overwrite:
        for path in (gpkg_path(ward_dir), config_path(ward_dir)):
            path.unlink(missing_ok=True)
    init_ward(ward_dir, name=WARD_NAME, crs_metric=CRS_METRIC, province=PROVINCE, synthetic=True)
    layers = generate_ward(seed=seed, scale=scale)
    write_layers(ward_dir, layers, note=f"sample seed={seed} scale={scale}", backup=False)
    return ward_dir
