"""Geometry helpers of the sample generator (design frame, metres) and a row collector."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely

XY = tuple[float, float]


def rotate(v: np.ndarray, degrees: float) -> np.ndarray:
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    return np.array([c * v[0] - s * v[1], s * v[0] + c * v[1]])


def left_of(tangent: np.ndarray) -> np.ndarray:
    """Unit normals to the left of unit tangents (``(n, 2)`` or ``(2,)``)."""
    return np.stack([-tangent[..., 1], tangent[..., 0]], axis=-1)


def cumulative(coords: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(coords, axis=0).T))])


def locate(coords: np.ndarray, cum: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return points and unit tangents at distances ``s`` along a polyline (vectorised)."""
    s = np.clip(np.asarray(s, dtype=float), 0.0, cum[-1])
    i = np.clip(np.searchsorted(cum, s, side="right") - 1, 0, len(cum) - 2)
    seg = coords[i + 1] - coords[i]
    seg_len = cum[i + 1] - cum[i]
    pts = coords[i] + seg * ((s - cum[i]) / seg_len)[..., None]
    return pts, seg / seg_len[..., None]


def polyline_head(coords: np.ndarray, length_m: float) -> np.ndarray:
    """Return the first ``length_m`` metres of a polyline."""
    cum = cumulative(coords)
    end, _ = locate(coords, cum, length_m)
    return np.vstack([coords[cum < length_m], end[None, :]])


def blob(
    centre: tuple[float, float], radii: tuple[float, float], rng: np.random.Generator
) -> shapely.Polygon:
    """Return an irregular ellipse: a natural-looking lake or pond."""
    angles = np.linspace(0.0, 2 * math.pi, 24, endpoint=False)
    wobble = 1.0 + rng.uniform(-0.07, 0.07, len(angles))
    x = centre[0] + radii[0] * wobble * np.cos(angles)
    y = centre[1] + radii[1] * wobble * np.sin(angles)
    return shapely.Polygon(np.column_stack([x, y]))


def lot_footprint(
    base: np.ndarray, along: np.ndarray, across: np.ndarray, frontage_m: float, d0: float, d1: float
) -> shapely.Polygon:
    """Rectangle ``frontage_m`` wide along a road, from ``d0`` to ``d1`` metres off its centreline."""
    half = along * frontage_m / 2
    ring = [base - half + across * d0, base + half + across * d0, base + half + across * d1]
    return shapely.Polygon([*ring, base - half + across * d1])


class Rows:
    """Collect features one at a time and hand them out as columns."""

    def __init__(self, *names: str) -> None:
        self._columns: dict[str, list[Any]] = {name: [] for name in names}

    def add(self, **values: Any) -> None:
        if values.keys() != self._columns.keys():
            raise KeyError(f"expected the columns {list(self._columns)}, got {list(values)}")
        for name, value in values.items():
            self._columns[name].append(value)

    def __len__(self) -> int:
        return len(next(iter(self._columns.values())))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._columns)

    def __getitem__(self, name: str) -> list[Any]:
        return self._columns[name]

    def array(self, name: str, dtype: Any = None) -> np.ndarray:
        values = self._columns[name]
        if dtype is object:
            out = np.empty(len(values), dtype=object)
            out[:] = values
            return out
        return np.array(values, dtype=dtype)
