"""``pccc init``: an empty ward folder that every command can open, and what it refuses."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pipelines.cli import EXIT_OK, EXIT_UNUSABLE, main
from pipelines.model.schema import LAYER_NAMES
from pipelines.model.store import list_backups, open_ward


def test_init_makes_a_ward_every_command_opens(tmp_path: Path, capsys) -> None:
    target = tmp_path / "phuong-moi"
    code = main(
        [
            "init",
            str(target),
            "--name",
            "Phường Hàng Trống",
            "--crs",
            "EPSG:9210",
            "--province",
            "Hà Nội",
        ]
    )
    assert code == EXIT_OK
    assert "phuong-moi" in capsys.readouterr().out
    config = tomllib.loads((target / "ward.toml").read_text(encoding="utf-8"))
    assert config["ward"]["name"] == "Phường Hàng Trống"
    assert config["ward"]["crs_metric"] == "EPSG:9210"
    assert config["ward"]["province"] == "Hà Nội"
    assert config["ward"]["synthetic"] is False
    ward = open_ward(target)
    assert set(ward.layers) == set(LAYER_NAMES)
    assert all(len(frame) == 0 for frame in ward.layers.values())
    assert list_backups(target) == []
    # The new ward takes an export and an analysis request without error.
    out = tmp_path / "co-so.csv"
    assert (
        main(
            [
                "export",
                "--ward",
                str(target),
                "--layer",
                "premises",
                "--format",
                "csv",
                "--out",
                str(out),
            ]
        )
        == EXIT_OK
    )
    assert out.read_bytes().startswith("\ufeff".encode())


def test_init_refuses_an_existing_ward(tiny_ward: Path, capsys) -> None:
    before = (tiny_ward / "ward.gpkg").read_bytes()
    assert main(["init", str(tiny_ward), "--name", "X"]) == EXIT_UNUSABLE
    err = capsys.readouterr().err
    assert "đã có dữ liệu phường" in err
    assert (tiny_ward / "ward.gpkg").read_bytes() == before


@pytest.mark.parametrize("crs", ["EPSG:4326", "EPSG:999999", "không phải CRS"])
def test_init_refuses_a_crs_not_in_metres(tmp_path: Path, crs: str, capsys) -> None:
    target = tmp_path / "w"
    assert main(["init", str(target), "--name", "X", "--crs", crs]) == EXIT_UNUSABLE
    assert "Lỗi:" in capsys.readouterr().err
    assert not (target / "ward.gpkg").exists()
    assert not (target / "ward.toml").exists()


def test_commands_on_the_sample_work_on_its_copy(tmp_path: Path, monkeypatch, capsys) -> None:
    """``--ward geodata/sample`` (the default) never writes into the tracked sample."""
    from pipelines.model import workcopy
    from tests.conftest import SAMPLE_WARD

    monkeypatch.setenv(workcopy.WORK_DIR_ENV, str(tmp_path / "var"))
    before = {n: (SAMPLE_WARD / n).read_bytes() for n in workcopy.FILES}
    listing = sorted(p.name for p in SAMPLE_WARD.rglob("*"))
    source = tmp_path / "co-so.csv"
    source.write_text(
        'Tên cơ sở,Loại hình,Vĩ độ,Kinh độ\nKaraoke Thử,Karaoke,"21,27","106,2"\n',
        encoding="utf-8",
    )
    assert main(["import", str(source), "--layer", "premises", "--ward", str(SAMPLE_WARD)]) == 0
    assert "bản làm việc" in capsys.readouterr().err
    copy = tmp_path / "var" / "sample"
    assert len(open_ward(copy)["premises"]) == len(open_ward(SAMPLE_WARD)["premises"]) + 1
    assert {n: (SAMPLE_WARD / n).read_bytes() for n in workcopy.FILES} == before
    assert sorted(p.name for p in SAMPLE_WARD.rglob("*")) == listing
