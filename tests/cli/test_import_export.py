"""``pccc import`` / ``pccc export``: help texts, exit statuses, dry run, rejects files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.cli import EXIT_OK, EXIT_REJECTS, EXIT_UNUSABLE, main
from pipelines.ingest.headers import load_mapping
from pipelines.model.store import list_backups, read_layer
from tests.ingest.fixtures import FIXTURES


def test_help_is_vietnamese_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("import", "export"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = capsys.readouterr().out
        assert "lớp" in out and "layer" in out


def test_import_all_rows_exits_0(
    tiny_ward: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = FIXTURES["tsv_utf16"](tmp_path)
    status = main(["import", str(case.path), "--layer", "water_sources", "--ward", str(tiny_ward)])
    out = capsys.readouterr().out
    assert status == EXIT_OK
    assert "mới / new 3" in out and "Bản sao lưu / backup" in out
    assert len(read_layer(tiny_ward, "water_sources")) == 2 + 3


def test_dry_run_with_rejects_exits_1_and_writes_nothing(
    tiny_ward: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = FIXTURES["csv_semicolon"](tmp_path)
    backups = list_backups(tiny_ward)
    status = main(
        [
            "import",
            str(case.path),
            "--layer",
            "premises",
            "--ward",
            str(tiny_ward),
            "--dry-run",
            "--rejects-dir",
            str(tmp_path / "rejects"),
        ]
    )
    out = capsys.readouterr().out
    assert status == EXIT_REJECTS
    assert "bị loại / rejected 3" in out and "Chạy thử" in out
    assert (tmp_path / "rejects" / "co_so.rejects.csv").is_file()
    assert (tmp_path / "rejects" / "co_so.rejects.xlsx").is_file()
    assert list_backups(tiny_ward) == backups
    assert len(read_layer(tiny_ward, "premises")) == 2


def test_commit_with_rejects_exits_1(tiny_ward: Path, tmp_path: Path) -> None:
    case = FIXTURES["csv_semicolon"](tmp_path)
    status = main(
        [
            "import",
            str(case.path),
            "--layer",
            "premises",
            "--ward",
            str(tiny_ward),
            "--map",
            "Số tầng=",
            "--save-mapping",
        ]
    )
    assert status == EXIT_REJECTS
    assert len(read_layer(tiny_ward, "premises")) == 2 + 4  # "ba" floors no longer read
    assert load_mapping(tiny_ward, "premises").columns["so tang"] is None
    assert list((tiny_ward / "imports").glob("*.rejects.xlsx"))


def test_unusable_input_exits_2(
    tiny_ward: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "x.bin"
    bad.write_bytes(b"\x00\x01")
    assert (
        main(["import", str(bad), "--layer", "premises", "--ward", str(tiny_ward)]) == EXIT_UNUSABLE
    )
    assert "Lỗi:" in capsys.readouterr().err
    assert (
        main(["import", str(bad), "--layer", "premises", "--ward", str(tmp_path / "none")])
        == EXIT_UNUSABLE
    )
    case = FIXTURES["tsv_utf16"](tmp_path)
    assert (
        main(
            [
                "import",
                str(case.path),
                "--layer",
                "water_sources",
                "--ward",
                str(tiny_ward),
                "--default",
                "oops",
            ]
        )
        == EXIT_UNUSABLE
    )


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "kml", "csv", "xlsx"])
def test_export_command(tiny_ward: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"premises.{fmt}"
    assert (
        main(
            [
                "export",
                "--layer",
                "premises",
                "--format",
                fmt,
                "--ward",
                str(tiny_ward),
                "--out",
                str(out),
            ]
        )
        == EXIT_OK
    )
    assert out.stat().st_size > 0


def test_value_mapping_option(tiny_ward: Path, tmp_path: Path) -> None:
    case = FIXTURES["csv_semicolon"](tmp_path)
    args = ["import", str(case.path), "--layer", "premises", "--ward", str(tiny_ward), "--dry-run"]
    args += ["--rejects-dir", str(tmp_path / "r"), "--value", "category:Nhà hàng=other"]
    assert main(args) == EXIT_REJECTS
    rejects = (tmp_path / "r" / "co_so.rejects.csv").read_text(encoding="utf-8-sig")
    assert "Nhà hàng Phở" not in rejects
    assert main([*args[:-1], "category-Nhà hàng=other"]) == EXIT_UNUSABLE
