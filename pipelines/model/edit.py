"""Editing one feature on the map: add, move, change attributes, redraw, delete; conflicts.

Each edit is an :class:`Edit`: the layer, the feature, its new row (``None`` to delete) and
the version of the feature the editor read (:mod:`pipelines.model.versions`). Rows are
checked with the import's rules before any write — :func:`pipelines.model.validate.conform_layer`
and :func:`~pipelines.model.validate.find_problems` (required fields, types, enums, ranges,
geometry), references to other layers, and points inside the ward boundary grown by
``[ingest] boundary_margin_m`` — and every problem comes back at once as a
:class:`pipelines.model.errors.ValidationError`, field by field in Vietnamese.

:func:`save` is one :func:`pipelines.model.store.apply_changes` with ``expected`` and an
``Actor(user, "edit")``: under the ward's lock, a feature changed since it was read refuses
the save with a :class:`pipelines.model.errors.ConflictError`; :func:`resolve` turns a
conflict and the editor's choice (keep mine, keep theirs, merge field by field) into the
edit to save next.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import pandas as pd
import shapely

from pipelines.model import audit, store
from pipelines.model.errors import Problem, ValidationError
from pipelines.model.inspection import SUMMARY_FIELDS
from pipelines.model.schema import STORAGE_CRS, Field, get_layer
from pipelines.model.store import Ward
from pipelines.model.validate import conform_layer, find_problems, reference_problems
from pipelines.model.versions import ABSENT, GEOMETRY, FeatureConflict, differing_fields

# The layers edited on the map (the public points are ``firefighting_points``).
EDITABLE_LAYERS: tuple[str, ...] = (
    "premises",
    "firefighting_points",
    "water_sources",
    "barriers",
    "households",
    "roads",
    "residential_groups",
)
# Set by the edit itself, never typed: a point placed on the map is placed by hand.
AUTO_FIELDS = ("location_source", "location_error_m")
# The prefix of new ids, like the sample's own (CS-0001, DCC-01, NN-001 …).
ID_PREFIX = {
    "premises": "CS",
    "firefighting_points": "DCC",
    "water_sources": "NN",
    "barriers": "VC",
    "households": "HO",
    "roads": "D",
    "residential_groups": "TDP",
}
EditKind = Literal["new", "move", "update", "geometry", "delete"]
Resolution = Literal["mine", "theirs", "merge"]


@dataclass(frozen=True)
class Edit:
    """One feature's change: its new row (``None``: delete it) and the version it was read at
    (:data:`pipelines.model.versions.ABSENT` for a new feature)."""

    layer: str
    feature_id: str
    kind: EditKind
    row: gpd.GeoDataFrame | None
    expected: str
    base: Mapping[str, Any] | None = None  # the row as the editor saw it (field → value)


def form_fields(layer: str) -> tuple[Field, ...]:
    """The fields an editor types, in schema order: not the id, not :data:`AUTO_FIELDS`,
    not a premises' inspection summary (recorded on Kiểm tra cơ sở, and recomputed from the
    inspections layer where it has rows: an edit to it would not show)."""
    skip = {"id", *AUTO_FIELDS, *(SUMMARY_FIELDS if layer == "premises" else ())}
    return tuple(f for f in get_layer(layer).fields if f.name not in skip)


def _check_layer(layer: str) -> None:
    if layer not in EDITABLE_LAYERS:
        raise ValueError(
            f"'layer' should be one of {', '.join(EDITABLE_LAYERS)}, got '{layer}' instead"
        )


def new_feature_id(layer: str, existing: Iterable[str]) -> str:
    """A new id for ``layer`` that is not among ``existing`` (``CS-M1A2B3C``)."""
    taken = set(map(str, existing))
    while True:
        candidate = f"{ID_PREFIX[layer]}-M{secrets.token_hex(3).upper()}"
        if candidate not in taken:
            return candidate


def _frame(layer: str, values: Mapping[str, Any], geometry: Any) -> gpd.GeoDataFrame:
    data = {k: [v] for k, v in values.items() if k != GEOMETRY}
    return gpd.GeoDataFrame(
        pd.DataFrame(data), geometry=gpd.GeoSeries([geometry], crs=STORAGE_CRS), crs=STORAGE_CRS
    )


def _boundary_area(ward: Ward) -> shapely.Geometry | None:
    """The ward boundary grown by the import's margin (``None``: the ward has none)."""
    boundary = ward["ward_boundary"]
    if not len(boundary):
        return None
    metric = boundary.to_crs(ward.crs_metric)
    grown = metric.buffer(ward.config.ingest.boundary_margin_m).union_all()
    return gpd.GeoSeries([grown], crs=ward.crs_metric).to_crs(STORAGE_CRS).iloc[0]


def check_row(ward: Ward, layer: str, row: gpd.GeoDataFrame) -> list[Problem]:
    """Every problem of one conformed row: the data model's rules, references to other
    layers (the ids stored in ``ward``), and a point outside the ward boundary."""
    problems = find_problems(layer, row)
    targets = {f.references for f in get_layer(layer).fields if f.references}
    for target in sorted(t for t in targets if t):
        problems += reference_problems({layer: row, target: ward[target]})
    geom = row.geometry.iloc[0]
    area = _boundary_area(ward) if get_layer(layer).geometry == "Point" else None
    present = geom is not None and not shapely.is_missing(geom)
    if area is not None and present and not shapely.contains_xy(area, geom.x, geom.y):
        margin = ward.config.ingest.boundary_margin_m
        problems.append(
            Problem(
                layer,
                str(row["id"].iloc[0]),
                GEOMETRY,
                f"{geom.y:.6f}, {geom.x:.6f}",
                f"nằm ngoài ranh giới phường (xa hơn {margin:g} m)",
                f"outside the ward boundary (more than {margin:g} m)",
            )
        )
    return problems


def _checked(ward: Ward, layer: str, values: Mapping[str, Any], geometry: Any) -> gpd.GeoDataFrame:
    row, problems = conform_layer(layer, _frame(layer, values, geometry))
    problems += check_row(ward, layer, row)
    if problems:
        raise ValidationError(problems)
    return row


def _stored_values(frame: gpd.GeoDataFrame, feature_id: str) -> dict[str, Any]:
    match = frame[frame["id"].astype("string") == feature_id]
    if not len(match):
        raise KeyError(f"'feature_id' should name a stored feature, got '{feature_id}' instead")
    row = match.iloc[0]
    return {
        **{c: row[c] for c in match.columns if c != match.geometry.name},
        GEOMETRY: row.geometry,
    }


def new_feature(
    ward: Ward, layer: str, values: Mapping[str, Any], geometry: shapely.Geometry
) -> Edit:
    """Add a feature drawn on the map (a new id; a point is placed by hand)."""
    _check_layer(layer)
    feature_id = str(values.get("id") or new_feature_id(layer, ward[layer]["id"].dropna()))
    values = {**values, "id": feature_id}
    if get_layer(layer).has_field("location_source"):
        values.update(location_source="by_hand", location_error_m=None)
    return Edit(layer, feature_id, "new", _checked(ward, layer, values, geometry), ABSENT)


def update_feature(
    ward: Ward,
    layer: str,
    stored: gpd.GeoDataFrame,
    feature_id: str,
    version: str,
    *,
    values: Mapping[str, Any] | None = None,
    geometry: shapely.Geometry | None = None,
) -> Edit:
    """Change a stored feature's attributes (``values``) or its geometry (moved or redrawn).

    ``stored`` is the layer as stored (:func:`pipelines.model.store.read_layer`, not the
    ward's view of it), ``version`` the feature's version the editor read.
    """
    _check_layer(layer)
    row = _stored_values(stored, feature_id)
    base = dict(row)
    row.update(values or {})
    kind: EditKind = "update"
    if geometry is not None:
        row[GEOMETRY] = geometry
        kind = "move" if get_layer(layer).geometry == "Point" else "geometry"
        if get_layer(layer).has_field("location_source"):
            row.update(location_source="by_hand", location_error_m=None)
    row["id"] = feature_id
    checked = _checked(ward, layer, row, row.pop(GEOMETRY))
    return Edit(layer, feature_id, kind, checked, version, base)


def delete_feature(layer: str, feature_id: str, version: str) -> Edit:
    """Remove a stored feature (refused as a conflict when it changed since ``version``)."""
    _check_layer(layer)
    return Edit(layer, feature_id, "delete", None, version)


def save(ward_dir: str | Path, edit: Edit, *, user: str) -> store.LayerChange:
    """Write one edit: one locked, atomic, audited (``how="edit"``) store change.

    Raises
    ------
    ConflictError
        The feature changed since ``edit.expected`` (nothing is written).
    ValidationError
        The row breaks a rule of the store (another feature's id, a reference).
    """
    note = f"edit {edit.kind} {edit.layer} {edit.feature_id}"
    return store.apply_changes(
        ward_dir,
        edit.layer,
        upserts=edit.row,
        delete_ids=[edit.feature_id] if edit.row is None else (),
        expected={edit.feature_id: edit.expected},
        note=note,
        actor=audit.Actor(user, "edit", note=edit.kind),
    )


def merge_defaults(
    conflict: FeatureConflict, base: Mapping[str, Any] | None
) -> dict[str, Literal["mine", "theirs"]]:
    """For each field of a conflict, the side a merge keeps unless the editor says
    otherwise: mine where the editor changed the value they saw (``base``), else theirs."""
    changed = set(differing_fields(conflict.layer, base, conflict.mine)) if base else set()
    return {name: "mine" if name in changed else "theirs" for name in conflict.fields}


def resolve(
    conflict: FeatureConflict,
    how: Resolution,
    choices: Mapping[str, Literal["mine", "theirs"]] | None = None,
) -> Edit | None:
    """The edit that settles a conflict: ``None`` when nothing is left to write.

    ``"mine"`` saves the editor's row (or delete) over the stored one; ``"theirs"`` drops
    the editor's change; ``"merge"`` takes, for each field of ``conflict.fields``, the side
    ``choices`` names (theirs when not named). Each new edit expects the version stored now,
    so a third change meanwhile is a new conflict.
    """
    layer, fid, version = conflict.layer, conflict.feature_id, conflict.version
    if how == "theirs":
        return None
    if how == "mine":
        if conflict.mine is None:
            return None if conflict.theirs is None else delete_feature(layer, fid, version)
        return Edit(layer, fid, "update", _row(layer, conflict.mine), version)
    if how != "merge":
        raise ValueError(f"'how' should be one of 'mine', 'theirs' or 'merge', got '{how}' instead")
    if conflict.mine is None or conflict.theirs is None:
        raise ValueError("'merge' needs both rows, got a deleted feature: keep mine or theirs")
    merged = dict(conflict.theirs)
    for name in conflict.fields:
        if (choices or {}).get(name, "theirs") == "mine":
            merged[name] = conflict.mine.get(name)
    return Edit(layer, fid, "update", _row(layer, merged), version)


def _row(layer: str, values: Mapping[str, Any]) -> gpd.GeoDataFrame:
    row, problems = conform_layer(layer, _frame(layer, values, values.get(GEOMETRY)))
    if problems:
        raise ValidationError(problems)
    return row
