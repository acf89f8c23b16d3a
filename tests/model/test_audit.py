"""The audit trail: an import, a settings change and restores leave the expected entries,
the trail is append-only and survives restores, two writers at once lose no entry, and
``pccc history`` prints it."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pandas as pd
import pytest

from pipelines.cli import EXIT_OK, main
from pipelines.model import audit, history, restore, store


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory, _tiny_ward_template: Path) -> dict:
    """Import (update P1, add P9, delete P2), change a setting, restore the ward, restore P1."""
    ward = tmp_path_factory.mktemp("audit") / "tiny"
    shutil.copytree(_tiny_ward_template, ward, ignore=shutil.ignore_patterns(".lock"))
    premises = store.read_layer(ward, "premises")
    first = premises[premises["id"] == "P1"].copy()
    first["floors"] = 7
    first["contact_person"] = "Trần Thị B"
    added = first.copy()
    added["id"] = "P9"
    store.apply_changes(
        ward,
        "premises",
        upserts=pd.concat([first, added]),
        delete_ids=["P2"],
        actor=audit.Actor("lan", "import"),
    )
    before_import = history.list_snapshots(ward)[-1]
    store.update_config(ward, "ward", {"name": "Phường Đổi Tên"}, user="admin1")
    after_import = store.gpkg_path(ward)
    keep = tmp_path_factory.mktemp("keep") / "after-import.gpkg"
    shutil.copy(after_import, keep)
    store.apply_changes(
        ward, "premises", upserts=first.assign(floors=8), actor=audit.Actor("minh", "import")
    )
    restore.restore_ward(ward, before_import, user="boss")
    restore.restore_feature(ward, "premises", "P1", keep, user="boss")
    return {"ward": ward, "entries": audit.read_entries(store.gpkg_path(ward))}


def test_import_settings_restore_entries(scenario: dict) -> None:
    e = scenario["entries"]
    imp = e[(e["how"] == "import") & (e["user"] == "lan")]
    changes = set(zip(imp["feature_id"], imp["field"].fillna(""), strict=True))
    assert changes == {("P1", "floors"), ("P1", "contact_person"), ("P9", ""), ("P2", "")}
    floors = imp[imp["field"] == "floors"].iloc[0]
    assert (floors["old"], floors["new"]) == ("3", "7")
    assert imp[imp["feature_id"] == "P9"]["new"].tolist() == [audit.CREATED]
    assert imp[imp["feature_id"] == "P2"]["old"].tolist() == [audit.DELETED]
    settings = e[e["how"] == "settings"]
    assert settings[["user", "layer", "feature_id", "field", "new"]].values.tolist() == [
        ["admin1", "settings", "ward", "name", "Phường Đổi Tên"]
    ]
    ward_restore = e[(e["how"] == "restore") & e["note"].str.startswith("ward-")]
    restored = set(zip(ward_restore["feature_id"], ward_restore["field"].fillna(""), strict=True))
    # back to before the import: P1 as it was (floors 8 → old), P9 gone, P2 back
    assert {("P9", ""), ("P2", ""), ("P1", "floors"), ("P1", "contact_person")} <= restored
    assert ward_restore[ward_restore["feature_id"] == "P9"]["old"].tolist() == [audit.DELETED]
    one = e[(e["how"] == "restore") & (e["note"] == "after-import.gpkg")]
    assert set(one["feature_id"]) == {"P1"}
    assert one[one["field"] == "floors"]["new"].tolist() == ["7"]
    assert e["at"].dt.tz is not None and e["seq"].is_monotonic_increasing


def test_store_after_restores(scenario: dict) -> None:
    premises = store.read_layer(scenario["ward"], "premises").set_index("id")
    assert "P2" in premises.index and "P9" not in premises.index
    assert premises.loc["P1", "floors"] == 7


def test_trail_survives_and_is_append_only(scenario: dict) -> None:
    e = scenario["entries"]
    assert {"import", "settings", "restore"} <= set(e["how"])
    assert len(e[e["user"] == "lan"]) == 4  # the restore to before the import kept them
    path = store.gpkg_path(scenario["ward"])
    with sqlite3.connect(path) as con:
        for sql in (f"DELETE FROM {audit.TABLE}", f"UPDATE {audit.TABLE} SET user = 'x'"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                con.execute(sql)
    assert len(audit.read_entries(path)) == len(e)


def test_two_writers_lose_no_entry(tiny_ward: Path) -> None:
    premises = store.read_layer(tiny_ward, "premises")
    row = premises[premises["id"] == "P1"]
    rounds = 4

    def writer(who: str, offset: int) -> None:
        for k in range(rounds):
            new = row.assign(id=f"{who}-{k}", floors=offset + k)
            store.apply_changes(tiny_ward, "premises", upserts=new, actor=audit.Actor(who))
            store.update_config(tiny_ward, "ward", {"province": f"{who}{k}"}, user=who)

    threads = [threading.Thread(target=writer, args=(w, i)) for i, w in enumerate(("an", "binh"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    e = audit.read_entries(store.gpkg_path(tiny_ward))
    for who in ("an", "binh"):
        mine = e[e["user"] == who]
        assert sorted(mine[mine["how"] == "import"]["feature_id"]) == [
            f"{who}-{k}" for k in range(rounds)
        ]
        assert len(mine[mine["how"] == "settings"]) == rounds
    stored = set(store.read_layer(tiny_ward, "premises")["id"])
    assert {f"{w}-{k}" for w in ("an", "binh") for k in range(rounds)} <= stored


def test_masked_for_viewers(scenario: dict) -> None:
    shown = audit.masked(scenario["entries"], "•••")
    personal = shown[shown["field"] == "contact_person"]
    assert len(personal) and set(personal["new"].dropna()) == {"•••"}
    floors = shown[shown["field"] == "floors"]
    assert "7" in set(floors["new"])


def test_cli_history(scenario: dict, capsys: pytest.CaptureFixture[str]) -> None:
    ward = str(scenario["ward"])
    assert main(["history", "--ward", ward, "--layer", "premises", "--feature", "P9"]) == EXIT_OK
    lines = capsys.readouterr().out.strip().splitlines()
    assert "lan  Nhập dữ liệu  Cơ sở" in lines[0] and lines[0].endswith("P9  tạo mới")
    assert "Khôi phục" in lines[1] and lines[1].endswith("đã xoá")
    assert lines[-1] == "2 thay đổi"
    assert lines[0][2] == "/" and lines[0][5] == "/"  # dd/mm/yyyy
    assert main(["history", "--ward", ward, "--layer", "settings"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "admin1  Cài đặt  Cài đặt ward  name:" in out and "→ Phường Đổi Tên" in out
    assert main(["history", "--ward", ward, "--since", "01/01/2999"]) == EXIT_OK
    assert "Chưa có thay đổi nào" in capsys.readouterr().out
