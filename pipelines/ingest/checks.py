"""Stage 5 of an import, *validate*: every feature checked against the ward and the data model.

Geometries must lie in Vietnam and within the ward boundary (grown by ``[ingest]
boundary_margin_m``); values are conformed and checked by
:func:`pipelines.model.validate.conform_layer` and :func:`pipelines.model.validate.find_problems`,
so the rules live in one place. Problems found by earlier stages (per source row) apply to
every feature made from the row; a row is rejected when any of its features is.
Duplicates are flagged next (:mod:`pipelines.ingest.duplicates`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from pipelines.ingest import coordinates
from pipelines.ingest.context import ImportContext, RowProblem, RowProblems, rejected_positions
from pipelines.ingest.ids import feature_ids, position_ids
from pipelines.ingest.locate import Located
from pipelines.ingest.preview import ROW
from pipelines.ingest.source import Note
from pipelines.model.errors import Problem
from pipelines.model.schema import STORAGE_CRS, Layer
from pipelines.model.validate import conform_layer, find_problems

DUPLICATE_COLUMNS = [ROW, "id", "kind", "other", "distance_m"]


@dataclass(frozen=True)
class Checked:
    """The features of an import and what is wrong with them.

    Attributes
    ----------
    frame
        Every feature (accepted or not), conformed to the layer, EPSG:4326, with its id.
    row_numbers
        Per feature, the row number the user sees.
    origin
        Per feature, its source row position.
    n_rows
        Rows of the source table.
    problems
        Problems by feature position.
    notes
        What was detected or done.
    duplicates
        Duplicates flagged (:func:`pipelines.ingest.duplicates.flag_duplicates`): row, id,
        kind ``"same_id"`` or ``"same_name_near"``, the other row or id, distance in metres.
    """

    frame: gpd.GeoDataFrame
    row_numbers: np.ndarray
    origin: np.ndarray
    n_rows: int
    problems: tuple[RowProblem, ...] = ()
    notes: tuple[Note, ...] = ()
    duplicates: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=DUPLICATE_COLUMNS)
    )

    @property
    def feature_rejected(self) -> np.ndarray:
        """Per feature, whether a problem names it."""
        return rejected_positions(self.problems, len(self.frame))

    @property
    def row_rejected(self) -> np.ndarray:
        """Per source row, whether any feature made from it is rejected."""
        rejected = np.zeros(self.n_rows, dtype=bool)
        if len(self.origin):
            np.logical_or.at(rejected, self.origin, self.feature_rejected)
        return rejected

    @property
    def accepted(self) -> np.ndarray:
        """Per feature, whether its source row is accepted."""
        if not len(self.origin):
            return ~self.feature_rejected
        return ~self.row_rejected[self.origin]


def check_location(
    geoms: np.ndarray,
    *,
    kind: str | None,
    area: shapely.Geometry | None,
    margin_m: float,
    boundary: bool = False,
) -> tuple[list[RowProblem], list[Note]]:
    """Return the geometries outside Vietnam or outside the ward's ``area``, by position.

    Parameters
    ----------
    geoms
        EPSG:4326 geometries (``None`` for missing ones, not checked here).
    kind
        The layer's geometry kind: points are tested for containment, others for
        intersection.
    area
        The ward boundary grown by ``margin_m`` (``None``: only Vietnam is checked).
    margin_m
        The margin, for the message.
    boundary
        Whether the ward boundary itself is imported (no note about a missing boundary).
    """
    rows = RowProblems(len(geoms))
    notes: list[Note] = []
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if kind is None or not present.any():
        return rows.problems, notes
    inside_vn = np.zeros(len(geoms), dtype=bool)
    inside_vn[present] = coordinates.geometries_inside_vietnam(geoms[present])
    w, s, e, n = coordinates.vietnam_bounds()
    _add_outside(
        rows,
        geoms,
        present & ~inside_vn,
        f"nằm ngoài lãnh thổ Việt Nam (kinh độ {w:g}–{e:g}, vĩ độ {s:g}–{n:g})".replace(".", ","),
        f"outside Vietnam (longitude {w:g}–{e:g}, latitude {s:g}–{n:g})",
    )
    if area is None:
        if not boundary:
            notes.append(
                Note(
                    "no_boundary",
                    "Phường chưa có ranh giới: chỉ kiểm tra tọa độ nằm trong Việt Nam",
                    "The ward has no boundary yet: only checked that coordinates lie in Vietnam",
                )
            )
        return rows.problems, notes
    check = present & inside_vn
    inside = np.zeros(len(geoms), dtype=bool)
    if check.any():
        if kind == "Point":
            pts = geoms[check]
            inside[check] = shapely.contains_xy(area, shapely.get_x(pts), shapely.get_y(pts))
        else:
            inside[check] = shapely.intersects(area, geoms[check])
    _add_outside(
        rows,
        geoms,
        check & ~inside,
        f"nằm ngoài ranh giới phường (xa hơn {margin_m:g} m)",
        f"outside the ward boundary (more than {margin_m:g} m)",
    )
    return rows.problems, notes


def _add_outside(rows: RowProblems, geoms: np.ndarray, where: np.ndarray, vi: str, en: str) -> None:
    centre = shapely.centroid(geoms[where])
    shown = [
        f"{y:.5f}, {x:.5f}"
        for x, y in zip(shapely.get_x(centre), shapely.get_y(centre), strict=True)
    ]
    rows.add(np.flatnonzero(where), "geometry", shown, vi, en)


def check_features(
    fields: pd.DataFrame,
    located: Located,
    row_problems: Sequence[RowProblem],
    ctx: ImportContext,
    row_numbers: np.ndarray,
) -> Checked:
    """Check every feature: location, ids, the data model's rules; gather all problems.

    Parameters
    ----------
    fields
        The converted fields, one row per source row.
    located
        The features' geometries and source positions.
    row_problems
        Problems found by earlier stages, by source row position.
    ctx
        The ward and target layer.
    row_numbers
        Per source row, the row number the user sees.
    """
    n, origin, layer = len(fields), located.origin, ctx.layer
    if len(origin) != n:
        fields = fields.iloc[origin].reset_index(drop=True)
    else:
        fields = fields.copy(deep=False)
    numbers = row_numbers[origin] if n else row_numbers
    location_problems, notes = check_location(
        located.geoms,
        kind=layer.geometry,
        area=ctx.area,
        margin_m=ctx.config.ingest.boundary_margin_m,
        boundary=layer.name == "ward_boundary",
    )
    ids, id_notes = feature_ids(layer.name, fields, located.geoms, origin, n)
    fields["id"] = ids
    conformed, model_problems = _conform(fields, located.geoms, layer, ids)
    located_rows = {p[0] for p in row_problems if p[1] in ("geometry", "address")}
    problems = [
        (int(p.feature_id), p.field, p.value, p.reason_vi, p.reason_en)
        for p in model_problems
        if not (
            p.reason_en == "geometry is missing" and int(origin[int(p.feature_id)]) in located_rows
        )
    ]
    problems += location_problems
    problems += _per_feature(row_problems, origin, n)
    return Checked(conformed, numbers, origin, n, tuple(problems), tuple(notes + id_notes))


def _conform(
    fields: pd.DataFrame, geoms: np.ndarray, layer: Layer, ids: pd.Series
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Conform the features to the layer and list what breaks its rules (ids aside)."""
    geometry = geoms if layer.geometry is not None else [None] * len(fields)
    candidate = gpd.GeoDataFrame(
        fields.reset_index(drop=True),
        geometry=gpd.GeoSeries(geometry, crs=STORAGE_CRS),
        crs=STORAGE_CRS,
    )
    conformed, convert_problems = conform_layer(
        layer.name, candidate.assign(id=position_ids(len(candidate)))
    )
    conformed["id"] = ids.astype("str").str.strip().array
    check = conformed.assign(id=position_ids(len(conformed)))
    rule_problems = [p for p in find_problems(layer.name, check) if p.field != "id"]
    return conformed, list(convert_problems) + rule_problems


def _per_feature(problems: Sequence[RowProblem], origin: np.ndarray, n: int) -> list[RowProblem]:
    """Return source-row problems for every feature made from the row."""
    if len(origin) == n:
        return list(problems)
    features_of: dict[int, list[int]] = {}
    for fpos, pos in enumerate(origin):
        features_of.setdefault(int(pos), []).append(fpos)
    return [
        (fpos, fname, value, vi, en)
        for pos, fname, value, vi, en in problems
        for fpos in features_of.get(pos, [])
    ]
