"""Editing one feature: per-feature versions, conflicts refused under the lock, resolutions,
validation messages field by field (pipelines.model.versions and pipelines.model.edit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from shapely.geometry import Point

from pipelines.model import audit, edit, store
from pipelines.model.errors import ConflictError, ValidationError
from pipelines.model.versions import ABSENT, feature_versions
from tests.conftest import _xy


def _read(ward_dir: Path, layer: str):
    frame = store.read_layer(ward_dir, layer)
    return frame, feature_versions(layer, frame)


def test_versions_survive_a_round_trip_and_follow_the_content(tiny_ward: Path) -> None:
    frame, before = _read(tiny_ward, "premises")
    assert before.index.tolist() == ["P1", "P2"] and before.str.len().eq(12).all()
    # Writing the rows as read changes nothing, not even a version.
    store.apply_changes(tiny_ward, "premises", upserts=frame.copy(), replace=True)
    assert _read(tiny_ward, "premises")[1].equals(before)
    assert feature_versions("premises", frame.iloc[::-1]).sort_index().equals(before)
    store.apply_changes(tiny_ward, "premises", upserts=frame[frame["id"] == "P2"].assign(floors=5))
    after = _read(tiny_ward, "premises")[1]
    assert after["P1"] == before["P1"] and after["P2"] != before["P2"]
    # Polygons are stored as MultiPolygon: one read → write → read keeps their versions.
    groups, versions = _read(tiny_ward, "residential_groups")
    store.apply_changes(tiny_ward, "residential_groups", upserts=groups.assign(note="x"))
    store.apply_changes(tiny_ward, "residential_groups", upserts=groups)
    assert _read(tiny_ward, "residential_groups")[1].equals(versions)


def test_a_stale_save_is_refused_with_both_rows_and_nothing_written(tiny_ward: Path) -> None:
    ward = store.open_ward(tiny_ward)
    stored, versions = _read(tiny_ward, "water_sources")
    mine = edit.update_feature(
        ward, "water_sources", stored, "N1", versions["N1"], values={"capacity_m3": 12.5}
    )
    theirs = edit.update_feature(
        ward, "water_sources", stored, "N1", versions["N1"], values={"status": "out_of_service"}
    )
    edit.save(tiny_ward, theirs, user="an")
    gpkg_before = store.ward_version(tiny_ward)
    with pytest.raises(ConflictError, match="changed or removed") as caught:
        edit.save(tiny_ward, mine, user="binh")
    assert "người khác" in caught.value.message("vi")
    assert store.ward_version(tiny_ward) == gpkg_before
    (conflict,) = caught.value.conflicts
    assert conflict.feature_id == "N1" and conflict.expected == versions["N1"]
    assert conflict.theirs["status"] == "out_of_service" and conflict.mine["status"] == "working"
    assert conflict.mine["capacity_m3"] == 12.5 and conflict.theirs["capacity_m3"] is None
    assert conflict.fields == ("capacity_m3", "status")
    assert conflict.version == _read(tiny_ward, "water_sources")[1]["N1"]

    # Merge field by field: my capacity, their status; one audited edit. A merge starts at
    # mine where I changed what I saw, theirs elsewhere.
    assert edit.merge_defaults(conflict, mine.base) == {"capacity_m3": "mine", "status": "theirs"}
    assert edit.merge_defaults(conflict, None) == {"capacity_m3": "theirs", "status": "theirs"}
    merged = edit.resolve(conflict, "merge", {"capacity_m3": "mine"})
    change = edit.save(tiny_ward, merged, user="binh")
    row = store.read_layer(tiny_ward, "water_sources").set_index("id").loc["N1"]
    assert (row["capacity_m3"], row["status"]) == (12.5, "out_of_service")
    assert change.updated == 1
    trail = audit.read_entries(store.gpkg_path(tiny_ward), feature_id="N1")
    assert trail[["user", "how", "field"]].values.tolist() == [
        ["an", "edit", "status"],
        ["binh", "edit", "capacity_m3"],
    ]


def test_keep_mine_keep_theirs_and_deleted_features(tiny_ward: Path) -> None:
    ward = store.open_ward(tiny_ward)
    stored, versions = _read(tiny_ward, "barriers")
    first = edit.update_feature(
        ward, "barriers", stored, "B1", versions["B1"], values={"width_m": 2}
    )
    second = edit.update_feature(
        ward, "barriers", stored, "B1", versions["B1"], values={"width_m": 3}
    )
    edit.save(tiny_ward, first, user="an")
    with pytest.raises(ConflictError) as caught:
        edit.save(tiny_ward, second, user="binh")
    conflict = caught.value.conflicts[0]
    assert edit.resolve(conflict, "theirs") is None
    edit.save(tiny_ward, edit.resolve(conflict, "mine"), user="binh")
    assert store.read_layer(tiny_ward, "barriers")["width_m"].tolist() == [3.0]

    # Deleting what someone else changed is a conflict; deleting it anyway is "mine".
    stale = edit.delete_feature("barriers", "B1", versions["B1"])
    with pytest.raises(ConflictError) as caught:
        edit.save(tiny_ward, stale, user="an")
    conflict = caught.value.conflicts[0]
    assert conflict.mine is None and conflict.theirs["width_m"] == 3.0
    with pytest.raises(ValueError, match="both rows"):
        edit.resolve(conflict, "merge")
    edit.save(tiny_ward, edit.resolve(conflict, "mine"), user="an")
    assert not len(store.read_layer(tiny_ward, "barriers"))
    # Changing a feature removed meanwhile: theirs is None; keeping mine brings it back.
    with pytest.raises(ConflictError) as caught:
        edit.save(tiny_ward, second, user="binh")
    assert caught.value.conflicts[0].theirs is None
    assert caught.value.conflicts[0].version == ABSENT
    edit.save(tiny_ward, edit.resolve(caught.value.conflicts[0], "mine"), user="binh")
    assert store.read_layer(tiny_ward, "barriers")["id"].tolist() == ["B1"]


def test_new_move_and_validation_messages(tiny_ward: Path) -> None:
    ward = store.open_ward(tiny_ward)
    with pytest.raises(ValidationError) as caught:
        edit.new_feature(
            ward,
            "water_sources",
            {"name": "Bể mới", "capacity_m3": -4, "residential_group_id": "TDP-9"},
            Point(_xy(60, 60)),
        )
    fields = {p.field: p.reason_vi for p in caught.value.problems}
    assert set(fields) == {"kind", "status", "capacity_m3"}, fields
    assert "bắt buộc" in fields["kind"] or "thiếu" in fields["kind"]
    with pytest.raises(ValidationError) as caught:
        edit.new_feature(
            ward, "premises", {"name": "X", "category": "karaoke", "residential_group_id": "TDP-9"},
            Point(_xy(900, 60)),
        )  # fmt: skip
    reasons = {p.field: p.reason_vi for p in caught.value.problems}
    assert "ngoài ranh giới phường" in reasons["geometry"]
    assert "tham chiếu" in reasons["residential_group_id"]

    new = edit.new_feature(
        ward,
        "water_sources",
        {"name": "Bể mới", "kind": "tank", "status": "working"},
        Point(_xy(60, 60)),
    )
    assert new.feature_id.startswith("NN-M") and new.expected == ABSENT
    edit.save(tiny_ward, new, user="an")
    with pytest.raises(ConflictError):  # the same id added twice
        edit.save(tiny_ward, new, user="binh")

    stored, versions = _read(tiny_ward, "firefighting_points")
    moved = edit.update_feature(
        ward, "firefighting_points", stored, "D1", versions["D1"], geometry=Point(_xy(120, 140))
    )
    assert moved.kind == "move"
    edit.save(tiny_ward, moved, user="an")
    row = store.read_layer(tiny_ward, "firefighting_points").iloc[0]
    assert row["location_source"] == "by_hand" and row.geometry.equals_exact(
        Point(_xy(120, 140)), 1e-7
    )
    trail = audit.read_entries(store.gpkg_path(tiny_ward), feature_id="D1")
    assert "geometry" in set(trail["field"]) and set(trail["how"]) == {"edit"}


def test_the_inspection_summary_is_not_typed_on_the_edit_form(tiny_ward: Path) -> None:
    """Recorded on Kiểm tra cơ sở and recomputed from the inspections: not in the form, and
    an attribute edit keeps the stored summary."""
    names = {f.name for f in edit.form_fields("premises")}
    assert "name" in names and "officer" in names
    assert names.isdisjoint({"id", "last_inspection", "inspection_result", "open_violations"})
    stored = store.read_layer(tiny_ward, "premises")
    before = stored.set_index("id").loc["P1", "last_inspection"]
    ward = store.open_ward(tiny_ward)
    version = feature_versions("premises", stored)["P1"]
    change = edit.update_feature(ward, "premises", stored, "P1", version, values={"floors": 7})
    edit.save(tiny_ward, change, user="sua")
    after = store.read_layer(tiny_ward, "premises").set_index("id").loc["P1"]
    assert after["floors"] == 7
    assert str(after["last_inspection"]) == str(before)
