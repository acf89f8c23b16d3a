"""Tiles of the sample ward: the columns of one tile, its tổ dân phố cells, and the copies
of a tile placed side by side in the ward's metric CRS.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import shapely
from pyproj import Transformer

from pipelines.sample.pattern import (
    CENTRE_LON_LAT,
    CRS_METRIC,
    GRID_ROTATION_DEG,
    TDP_CELLS_M,
    TILE_H_M,
    TILE_W_M,
    R,
)


@dataclass(frozen=True)
class Tile:
    """One copy of the ward pattern in the design frame (metres), as columns per layer."""

    roads: dict[str, np.ndarray]
    households: dict[str, np.ndarray]
    groups: dict[str, np.ndarray]
    premises: dict[str, np.ndarray]
    points: dict[str, np.ndarray]
    water_sources: dict[str, np.ndarray]
    water_bodies: dict[str, np.ndarray]
    barriers: dict[str, np.ndarray]
    entries: dict[str, np.ndarray]  # ends of main roads that may leave the ward


def tdp_of(xy: np.ndarray) -> np.ndarray:
    """Index of the tổ dân phố cell holding each point; -1 on or near a border."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    out = np.full(len(xy), -1)
    m = R.tdp_edge_margin_m
    for k, (x0, y0, x1, y1) in enumerate(TDP_CELLS_M):
        x, y = xy[:, 0], xy[:, 1]
        out[(x > x0 + m) & (x < x1 - m) & (y > y0 + m) & (y < y1 - m)] = k
    return out


def grid_shape(scale: int) -> tuple[int, int]:
    """Tiles across and up for ``scale`` copies: the squarest grid (10 → 5 × 2)."""
    up = max(d for d in range(1, math.isqrt(scale) + 1) if scale % d == 0)
    return scale // up, up


class Place:
    """Moves design-frame coordinates to EPSG:9214, copying tile features to every tile."""

    def __init__(self, nx: int, ny: int) -> None:
        self.offsets = np.array(
            [(i * TILE_W_M, j * TILE_H_M) for j in range(ny) for i in range(nx)]
        )
        a = math.radians(GRID_ROTATION_DEG)
        self.rot_t = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]]).T
        to_metric = Transformer.from_crs("EPSG:4326", CRS_METRIC, always_xy=True)
        centre = np.array(to_metric.transform(*CENTRE_LON_LAT))
        self.origin = centre - np.array([TILE_W_M / 2, (TILE_H_M - 80.0) / 2]) @ self.rot_t

    def __len__(self) -> int:
        return len(self.offsets)

    def design(self, xy: np.ndarray) -> np.ndarray:
        """Metric coordinates of whole-ward design coordinates ``(n, 2)``."""
        return np.asarray(xy, dtype=float).reshape(-1, 2) @ self.rot_t + self.origin

    def xy(self, local: np.ndarray) -> np.ndarray:
        """Every tile's copy of tile points ``(n, 2)`` → ``(tiles × n, 2)``, tile after tile."""
        local = np.asarray(local, dtype=float).reshape(-1, 2)
        return self.design((local[None, :, :] + self.offsets[:, None, :]).reshape(-1, 2))

    def geoms(self, local: np.ndarray) -> np.ndarray:
        """Every tile's copy of tile geometries, tile after tile."""
        copies = [shapely.transform(local, lambda c, o=o: c + o) for o in self.offsets]
        return self.global_geoms(np.concatenate(copies))

    def global_geoms(self, design: Sequence[shapely.Geometry]) -> np.ndarray:
        """Metric geometries of whole-ward design geometries."""
        return shapely.transform(np.asarray(design, dtype=object), self.design)

    def tile_of(self, n_per_tile: int) -> np.ndarray:
        """Tile index of each copy of ``n_per_tile`` features."""
        return np.repeat(np.arange(len(self)), n_per_tile)


class Tdp(NamedTuple):
    """Ids and names of every tổ dân phố of the ward, by global index."""

    ids: np.ndarray
    names: np.ndarray

    def of(self, tile_tdp: np.ndarray, place: Place) -> np.ndarray:
        """Global index of tile-local tổ dân phố indices copied to every tile."""
        return np.tile(tile_tdp, len(place)) + place.tile_of(len(tile_tdp)) * len(TDP_CELLS_M)
