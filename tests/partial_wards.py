"""Wards with part of their data, as a real ward has on its first days.

Built from the embedded sample ward by dropping layers, and one from the real Hoàn Kiếm
roads file (``../shared/realdata/osm``) imported into an empty ward. Shared by the AppTest
and browser tests of every page on partial data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipelines.ingest import ImportOptions, commit_import, prepare_import
from pipelines.model import store
from pipelines.model.schema import LAYERS
from tests.conftest import SAMPLE_WARD, SHARED

HOAN_KIEM_ROADS = SHARED / "realdata" / "osm" / "hanoi-hoan-kiem-overpass.json"

# Variant → layers of the sample ward it keeps (None: all of them); "roads" is the real file.
VARIANTS: dict[str, tuple[str, ...] | None] = {
    "empty": (),
    "boundary": ("ward_boundary",),
    "roads": (),
    "roads_buildings": ("ward_boundary", "roads", "buildings"),
    "no_tdp": None,
    "no_households": None,
    "no_water": None,
    "full": None,
}
# Variant → layers dropped from the whole sample.
DROPPED: dict[str, tuple[str, ...]] = {
    "no_tdp": ("residential_groups",),
    "no_households": ("households",),
    "no_water": ("water_sources", "water_bodies"),
}


def _copy_sample(target: Path) -> Path:
    shutil.copytree(
        SAMPLE_WARD, target, ignore=shutil.ignore_patterns("backups", "imports", ".lock")
    )
    return target


def build_ward(variant: str, root: Path) -> Path:
    """Build the ward folder of ``variant`` under ``root``; return its path."""
    if variant not in VARIANTS:
        raise ValueError(f"'variant' should be one of {', '.join(VARIANTS)}, got '{variant}'")
    target = root / variant
    if variant == "full":
        return _copy_sample(target)
    sample = store.open_ward(SAMPLE_WARD)
    if variant in DROPPED:
        _copy_sample(target)
        changed = {name: sample[name].iloc[0:0] for name in DROPPED[variant]}
        if variant == "no_tdp":  # nothing may refer to the dropped groups
            for name in (lay.name for lay in LAYERS if lay.has_field("residential_group_id")):
                frame = sample[name].copy()
                frame["residential_group_id"] = None
                changed[name] = frame
        store.write_layers(target, changed, note=f"partial ward: {variant}")
        return target
    store.init_ward(target, name=f"Phường thử ({variant})", crs_metric=sample.crs_metric)
    kept = {name: sample[name] for name in VARIANTS[variant] or ()}
    if kept:
        store.write_layers(target, kept, note=f"partial ward: {variant}")
    if variant == "roads":
        preview = prepare_import(HOAN_KIEM_ROADS, target, ImportOptions(layer="roads"))
        commit_import(preview)
    return target
