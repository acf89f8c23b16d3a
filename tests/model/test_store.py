"""The ward store: round trips, validation messages, atomic writes, backups, locking."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import Point

from pipelines.model.errors import ConfigError, StoreError, ValidationError
from pipelines.model.files import TEMP_PREFIX
from pipelines.model.schema import LAYER_NAMES
from pipelines.model.settings import section_dict
from pipelines.model.store import (
    VERSION_ATTR,
    apply_changes,
    init_ward,
    layer_version,
    list_backups,
    open_ward,
    read_layer,
    read_meta,
    save_config,
    update_config,
    ward_lock,
    ward_version,
    write_layers,
)
from tests.conftest import REPO_ROOT, tiny_layers


def test_init_creates_an_empty_valid_ward(tmp_path):
    ward_dir = init_ward(tmp_path / "w", name="Phường Trống", crs_metric="EPSG:9214")
    ward = open_ward(ward_dir)
    assert ward.name == "Phường Trống"
    assert ward.crs_metric == "EPSG:9214"
    assert set(ward.layers) == set(LAYER_NAMES)
    assert all(len(frame) == 0 for frame in ward.layers.values())
    assert read_meta(ward_dir)["schema_version"] == "1"


def test_init_refuses_an_existing_ward(tiny_ward):
    with pytest.raises(StoreError, match="already holds a ward"):
        init_ward(tiny_ward, name="X")


def test_open_refuses_a_folder_that_is_not_a_ward(tmp_path):
    with pytest.raises(StoreError, match="not a ward folder") as info:
        open_ward(tmp_path)
    assert "pccc init" in info.value.message("vi")


def test_round_trip_keeps_values_and_types(tiny_ward):
    ward = open_ward(tiny_ward)
    again = open_ward(tiny_ward)
    for name in LAYER_NAMES:
        assert_geodataframe_equal(ward[name], again[name], check_crs=True)
    hh = ward["households"]
    assert str(hh["members"].dtype) == "Int64"
    assert str(hh["is_business"].dtype) == "boolean"
    assert bool(hh.loc[hh["id"] == "H0", "is_business"].item())
    inc = ward["incidents"]
    assert str(inc["date"].dtype).startswith("datetime64")
    assert inc["date"].iloc[0].strftime("%Y-%m-%d") == "2024-03-05"
    assert ward["premises"].crs.to_epsg() == 4326


def test_write_replaces_only_named_layers_and_keeps_a_backup(tiny_ward):
    before = open_ward(tiny_ward)
    hh = before["households"].iloc[:3].copy()
    hh["safety_group_id"] = None
    backup = write_layers(tiny_ward, {"households": hh}, note="trim")
    after = open_ward(tiny_ward)
    assert len(after["households"]) == 3
    assert_geodataframe_equal(after["premises"], before["premises"])
    assert backup is not None and backup in list_backups(tiny_ward)
    restored = open_ward(tiny_ward).layers  # the backup holds the previous households
    import pyogrio

    assert len(pyogrio.read_dataframe(backup, layer="households")) == 8
    assert len(restored["households"]) == 3
    assert read_meta(tiny_ward)["last_change"] == "trim"


def test_validation_collects_every_problem_with_layer_id_and_field(tiny_ward):
    hh = tiny_layers()["households"]
    hh["members"] = hh["members"].astype(object)
    hh.loc[1, "members"] = "ba"
    hh.loc[2, "safety_group_id"] = "G-missing"
    hh.loc[3, "id"] = "H0"
    hh.loc[4, "geometry"] = Point(306.2, 21.27)
    hh.loc[5, "address"] = None
    with pytest.raises(ValidationError) as info:
        write_layers(tiny_ward, {"households": hh})
    problems = {(p.feature_id, p.field) for p in info.value.problems}
    assert ("H1", "members") in problems
    assert ("H2", "safety_group_id") in problems
    assert ("H0", "id") in problems
    assert ("H4", "geometry") in problems
    assert ("H5", "address") in problems
    text = info.value.message("vi")
    assert "lớp 'households', đối tượng 'H1', trường 'members'" in text
    assert "phải là số nguyên" in text
    assert len(open_ward(tiny_ward)["households"]) == 8, "nothing was written"


def test_enum_and_geometry_kind_are_checked(tiny_ward):
    premises = tiny_layers()["premises"]
    premises.loc[0, "category"] = "quán nhậu"
    premises.loc[1, "geometry"] = premises.loc[1, "geometry"].buffer(0.001)
    with pytest.raises(ValidationError) as info:
        write_layers(tiny_ward, {"premises": premises})
    reasons = {p.field: p.reason_vi for p in info.value.problems}
    assert "không thuộc danh mục" in reasons["category"]
    assert "phải là Point" in reasons["geometry"]


def test_loading_a_hand_edited_store_names_the_bad_feature(tiny_ward):
    import pyogrio

    roads = pyogrio.read_dataframe(tiny_ward / "ward.gpkg", layer="roads")
    roads.loc[1, "kind"] = "cao tốc"
    pyogrio.write_dataframe(roads, tiny_ward / "ward.gpkg", layer="roads")
    with pytest.raises(ValidationError, match="layer 'roads', feature 'R2', field 'kind'"):
        open_ward(tiny_ward)


def test_bad_settings_are_refused_with_the_key(tiny_ward):
    toml = tiny_ward / "ward.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        text.replace("truck_min_width_m = 3.5", "truck_min_width_m = -1"), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"thresholds\.truck_min_width_m"):
        open_ward(tiny_ward)
    toml.write_text(text + "\n[thresholds]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        open_ward(tiny_ward)


def test_version_changes_on_every_write(tiny_ward):
    v1 = ward_version(tiny_ward)
    layer_v1 = layer_version(tiny_ward, "incidents")
    premises_v1 = layer_version(tiny_ward, "premises")
    time.sleep(0.01)
    incidents = open_ward(tiny_ward)["incidents"]
    incidents["injuries"] = 2
    write_layers(tiny_ward, {"incidents": incidents})
    assert ward_version(tiny_ward) != v1
    assert layer_version(tiny_ward, "incidents") != layer_v1
    assert layer_version(tiny_ward, "premises") == premises_v1, "only the changed layer moves"
    v2 = ward_version(tiny_ward)
    config = open_ward(tiny_ward).config.replace("thresholds", hose_reach_m=80)
    save_config(tiny_ward, config)
    assert ward_version(tiny_ward) != v2
    assert open_ward(tiny_ward).config.thresholds.hose_reach_m == 80


def test_a_second_writer_waits_for_the_lock_then_gives_up(tiny_ward):
    script = textwrap.dedent(
        f"""
        import time
        from pipelines.model.store import ward_lock
        with ward_lock({str(tiny_ward)!r}):
            print("locked", flush=True)
            time.sleep(30)
        """
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=REPO_ROOT)
    try:
        assert holder.stdout.readline().strip() == b"locked"
        with (
            pytest.raises(StoreError, match="being written by someone else"),
            ward_lock(tiny_ward, timeout_s=0.5),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()
    with ward_lock(tiny_ward, timeout_s=1):
        pass


_WRITER = """
import sys
import geopandas as gpd
import pandas as pd
import numpy as np
from pipelines.model.store import write_layers
from tests.conftest import tiny_layers

n = 150_000
rng = np.random.default_rng(1)
xs = 106.2 + rng.random(n) * 0.003
ys = 21.27 + rng.random(n) * 0.002
hh = gpd.GeoDataFrame(
    {"id": [f"K{i}" for i in range(n)], "address": ["Số 1, ngõ 2"] * n, "members": 3},
    geometry=gpd.points_from_xy(xs, ys),
    crs="EPSG:4326",
)
print("start", flush=True)
members = 3
while True:  # every write changes the layer (an unchanged layer is not written)
    members = 7 - members
    write_layers(sys.argv[1], {"households": hh.assign(members=members)}, backup=False)
"""


@pytest.mark.parametrize("delay_s", [0.0, 0.3, 0.8])
def test_killing_a_writer_mid_write_leaves_a_complete_store(tiny_ward, delay_s):
    """SIGKILL at several moments of a write: the store is the old one or the new one, whole."""
    before = open_ward(tiny_ward)
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(tiny_ward)], stdout=subprocess.PIPE, cwd=REPO_ROOT
    )
    try:
        assert writer.stdout.readline().strip() == b"start"
        deadline = time.monotonic() + 60
        while not list(tiny_ward.glob(f"{TEMP_PREFIX}ward.gpkg.*")):  # a write is under way
            assert time.monotonic() < deadline, "the writer never started writing"
            assert writer.poll() is None
            time.sleep(0.005)
        time.sleep(delay_s)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    after = open_ward(tiny_ward)  # validates every layer: no half-written file
    assert len(after["households"]) in (len(before["households"]), 150_000)
    for name in LAYER_NAMES:
        if name != "households":
            assert_geodataframe_equal(after[name], before[name], check_crs=True)
    if len(after["households"]) == len(before["households"]):
        assert_geodataframe_equal(after["households"], before["households"], check_crs=True)
    # The next write succeeds and sweeps the dead writer's temporary file away.
    write_layers(tiny_ward, {"incidents": after["incidents"]})
    assert list(tiny_ward.glob(f"{TEMP_PREFIX}ward.gpkg.*")) == []


def test_write_accepts_frames_in_another_crs(tiny_ward):
    hh = tiny_layers()["households"].to_crs("EPSG:9214")
    write_layers(tiny_ward, {"households": hh})
    stored = open_ward(tiny_ward)["households"]
    assert stored.crs.to_epsg() == 4326
    original = tiny_layers()["households"]
    offsets = stored.geometry.to_crs("EPSG:9214").distance(original.geometry.to_crs("EPSG:9214"))
    assert offsets.max() < 0.01  # metres


def test_empty_frames_are_written_with_their_geometry_type(tmp_path):
    ward_dir = init_ward(tmp_path / "w", name="X")
    import pyogrio

    info = {row[0]: row[1] for row in pyogrio.list_layers(ward_dir / "ward.gpkg")}
    assert info["roads"] == "LineString"
    assert info["premises"] == "Point"
    assert info["residential_groups"] == "MultiPolygon"
    assert info["safety_groups"] is None


def test_geodataframe_helpers_keep_crs(tiny_ward):
    ward = open_ward(tiny_ward)
    assert isinstance(ward["roads"], gpd.GeoDataFrame)
    with pytest.raises(ValueError, match="'layer' should be one of"):
        ward["streets"]


def test_dates_with_mixed_time_zones_keep_the_written_calendar_date(tiny_ward):
    incidents = tiny_layers()["incidents"]
    incidents = pd.concat([incidents] * 3, ignore_index=True)
    incidents["id"] = ["I1", "I2", "I3"]
    incidents["premises_id"] = None
    incidents["date"] = ["2024-03-05T10:00:00Z", "2024-03-06T23:30:00+07:00", "07/03/2024"]
    write_layers(tiny_ward, {"incidents": incidents})
    stored = open_ward(tiny_ward)["incidents"]
    assert list(stored["date"].dt.strftime("%Y-%m-%d")) == [
        "2024-03-05",
        "2024-03-06",
        "2024-03-07",
    ]


# --- One change, under the lock -------------------------------------------------------------


def _premises(rows: list[dict], xy: list[tuple[float, float]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=[Point(p) for p in xy], crs="EPSG:4326")


def test_apply_changes_adds_updates_and_counts_against_the_store(tiny_ward):
    stored = open_ward(tiny_ward)["premises"]
    p1 = stored[stored["id"] == "P1"].copy()
    p1["floors"] = 4  # updated
    p2 = stored[stored["id"] == "P2"].copy()  # unchanged
    new = _premises([{"id": "P3", "name": "Chợ Mới", "category": "market"}], [(106.2015, 21.271)])
    change = apply_changes(
        tiny_ward, "premises", upserts=pd.concat([p1, p2, new]), note="three rows"
    )
    assert list(change.status) == ["updated", "unchanged", "new"]
    assert (change.new, change.updated, change.unchanged, change.written) == (1, 1, 1, 2)
    assert change.backup is not None and change.backup in list_backups(tiny_ward)
    assert change.version == layer_version(tiny_ward, "premises") != change.previous_version
    after = open_ward(tiny_ward)["premises"].set_index("id")
    assert list(after.index) == ["P2", "P1", "P3"], "replaced rows move to the end"
    assert after.loc["P1", "floors"] == 4 and after.loc["P3", "name"] == "Chợ Mới"
    assert read_meta(tiny_ward)["last_change"] == "three rows"


def test_a_change_that_changes_nothing_writes_nothing(tiny_ward):
    before = (ward_version(tiny_ward), len(list_backups(tiny_ward)))
    premises = open_ward(tiny_ward)["premises"]
    change = apply_changes(tiny_ward, "premises", upserts=premises)
    assert (change.unchanged, change.written, change.backup) == (2, 0, None)
    assert change.version == change.previous_version
    assert (ward_version(tiny_ward), len(list_backups(tiny_ward))) == before


def test_keep_missing_keeps_stored_values_and_geometry(tiny_ward):
    row = _premises([{"id": "P1", "floors": 6}], [(0, 0)]).assign(geometry=None)
    with pytest.raises(ValidationError, match="category"):
        apply_changes(tiny_ward, "premises", upserts=row)  # a whole row: category missing
    change = apply_changes(tiny_ward, "premises", upserts=row, keep_missing=True)
    assert list(change.status) == ["updated"]
    after = open_ward(tiny_ward)["premises"].set_index("id")
    assert after.loc["P1", "floors"] == 6
    assert after.loc["P1", "name"] == "Karaoke <b>Hoa</b> & Sao"
    assert after.geometry["P1"].equals(tiny_layers()["premises"].geometry.iloc[0])


def test_references_are_checked_both_ways(tiny_ward):
    orphan = _premises(
        [{"id": "P9", "name": "X", "category": "karaoke", "residential_group_id": "TDP-9"}],
        [(106.2015, 21.271)],
    )
    with pytest.raises(ValidationError, match="refers to an id missing from layer"):
        apply_changes(tiny_ward, "premises", upserts=orphan)
    with pytest.raises(ValidationError) as info:  # incident I1 refers to P1
        apply_changes(tiny_ward, "premises", delete_ids=["P1"])
    assert {(p.layer, p.feature_id, p.field) for p in info.value.problems} == {
        ("incidents", "I1", "premises_id")
    }
    change = apply_changes(tiny_ward, "premises", delete_ids=["P2", "P-none"])
    assert change.deleted == 1
    assert list(open_ward(tiny_ward)["premises"]["id"]) == ["P1"]
    with pytest.raises(ValueError, match="'delete_ids' should not name rows of 'upserts'"):
        apply_changes(tiny_ward, "premises", upserts=orphan, delete_ids=["P9"])


def test_replace_counts_and_removes_what_it_leaves_out(tiny_ward):
    groups = open_ward(tiny_ward)["safety_groups"]
    extra = groups.assign(id="G2", name="Tổ liên gia số 2")
    change = apply_changes(
        tiny_ward, "safety_groups", upserts=pd.concat([groups, extra]), replace=True
    )
    assert (change.new, change.unchanged, change.deleted) == (1, 1, 0)
    with pytest.raises(ValidationError, match="safety_group_id"):  # households refer to G1
        apply_changes(tiny_ward, "safety_groups", upserts=extra, replace=True)
    assert sorted(open_ward(tiny_ward)["safety_groups"]["id"]) == ["G1", "G2"]


def test_a_change_based_on_an_older_version_merges_cell_by_cell(tiny_ward):
    """Someone else changed P1's name after our read; our change (floors) keeps theirs."""
    ours = read_layer(tiny_ward, "premises")
    based_on = ours.attrs[VERSION_ATTR]
    assert based_on == layer_version(tiny_ward, "premises")
    theirs = ours[ours["id"] == "P1"].assign(name="Karaoke Mới", contact_phone="0912")
    apply_changes(tiny_ward, "premises", upserts=theirs)
    mine = ours[ours["id"] == "P1"].assign(floors=7)
    change = apply_changes(tiny_ward, "premises", upserts=mine, based_on=based_on)
    assert change.moved and change.merged_with_base
    assert list(change.status) == ["updated"]
    p1 = open_ward(tiny_ward)["premises"].set_index("id").loc["P1"]
    assert (p1["name"], p1["contact_phone"], p1["floors"]) == ("Karaoke Mới", "0912", 7)


def test_a_change_from_an_unknown_version_still_never_duplicates(tiny_ward):
    ours = read_layer(tiny_ward, "premises")
    row = ours[ours["id"] == "P2"].assign(floors=9)
    change = apply_changes(tiny_ward, "premises", upserts=row, based_on="3-unknown")
    assert change.moved and not change.merged_with_base
    after = open_ward(tiny_ward)["premises"]
    assert len(after) == 2 and after.set_index("id").loc["P2", "floors"] == 9


def test_a_small_change_to_a_big_layer_keeps_the_spatial_index(tiny_ward):
    import pyogrio

    n = 2_000
    rng = np.random.default_rng(3)
    households = gpd.GeoDataFrame(
        {"id": [f"K{i}" for i in range(n)], "address": "Số 1", "members": 3},
        geometry=gpd.points_from_xy(106.2 + rng.random(n) * 0.0029, 21.27 + rng.random(n) * 0.0018),
        crs="EPSG:4326",
    )
    write_layers(tiny_ward, {"households": households})
    moved = households.iloc[[5]].set_geometry(gpd.points_from_xy([106.20001], [21.27001]))
    change = apply_changes(tiny_ward, "households", upserts=moved)
    assert (change.updated, change.new) == (1, 0)
    near = pyogrio.read_dataframe(
        tiny_ward / "ward.gpkg", layer="households", bbox=(106.2, 21.27, 106.20002, 21.27002)
    )
    assert list(near["id"]) == ["K5"], "the GeoPackage's spatial index follows the update"
    assert len(read_layer(tiny_ward, "households")) == n


def test_the_lock_is_reentrant_in_a_thread_and_exclusive_between_threads(tiny_ward):
    import threading

    order: list[str] = []

    def other() -> None:
        with ward_lock(tiny_ward, timeout_s=5):
            order.append("b")

    with ward_lock(tiny_ward), ward_lock(tiny_ward, timeout_s=0.5):  # the same thread again
        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.3)
        order.append("a")
    thread.join(10)
    assert order == ["a", "b"]


def test_update_config_applies_only_what_changed_to_the_file_as_it_is(tiny_ward):
    seen = open_ward(tiny_ward).config
    update_config(tiny_ward, "thresholds", {"hose_reach_m": 75})  # someone else, meanwhile
    values = dict(section_dict(seen, "thresholds"), public_point_radius_m=111.0)
    saved = update_config(tiny_ward, "thresholds", values, based_on=seen)
    assert saved.thresholds.hose_reach_m == 75, "a key left alone keeps the other's value"
    assert saved.thresholds.public_point_radius_m == 111.0
    assert open_ward(tiny_ward).config == saved
    with pytest.raises(ConfigError, match="truck_min_width_m"):
        update_config(tiny_ward, "thresholds", {"truck_min_width_m": -1})
    assert open_ward(tiny_ward).config == saved
    with pytest.raises(ValueError, match="'section' should be one of"):
        update_config(tiny_ward, "ngưỡng", {})
