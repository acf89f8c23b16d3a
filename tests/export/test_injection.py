"""No file we write carries a live spreadsheet formula from user data (CSV/Excel injection).

XLSX: user text is a string cell, never a formula cell. CSV: a text cell beginning with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return starts with an apostrophe (OWASP).
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipelines.ingest.pipeline import rejects_bytes
from pipelines.model.tables import Sheet, csv_bytes, neutralise, unneutralise, xlsx_bytes

DANGEROUS = [
    '=HYPERLINK("http://example.invalid","Bấm vào")',
    "=1+2",
    "+1+2",
    "-1+2",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
]


def _xlsx_cells(data: bytes) -> list[openpyxl.cell.Cell]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def _assert_safe_xlsx(data: bytes) -> None:
    cells = _xlsx_cells(data)
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    assert not formulas, f"formula cells: {formulas}"
    # openpyxl leaves xlsxwriter's escape of a carriage return as written.
    values = {
        c.value.replace("_x000D_", "\r") if isinstance(c.value, str) else c.value for c in cells
    }
    for text in DANGEROUS:
        assert text in values, f"{text!r} should be kept as text"


def _assert_safe_csv(data: bytes) -> None:
    cells = _csv_cells(data)
    live = [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r")) or c.startswith("-1+")]
    assert not live, f"cells a spreadsheet would run: {live}"
    for text in DANGEROUS:
        assert neutralise(text) in cells


def test_neutralise_round_trips() -> None:
    for text in [*DANGEROUS, "Karaoke", "'bình thường", "", "-"]:
        assert unneutralise(neutralise(text)) == text
    assert neutralise("Karaoke") == "Karaoke"
    assert unneutralise("'abc") == "'abc"


def test_the_table_writer_never_writes_a_formula() -> None:
    frame = pd.DataFrame({"Tên": DANGEROUS, "Số": range(len(DANGEROUS))})
    _assert_safe_xlsx(xlsx_bytes(Sheet(frame)))
    _assert_safe_csv(csv_bytes(Sheet(frame)))
    # The headers are user text too (an imported file's own columns in a rejects file).
    headers = pd.DataFrame({text: [1] for text in DANGEROUS})
    assert not [c for c in _xlsx_cells(xlsx_bytes(headers)) if c.data_type == "f"]
    assert all(neutralise(h) in _csv_cells(csv_bytes(headers)) for h in DANGEROUS)


def test_rejects_files_never_carry_a_formula() -> None:
    rejects = pd.DataFrame(
        {"Dòng": range(2, 2 + len(DANGEROUS)), "Lý do": "thiếu tọa độ", "Tên cơ sở": DANGEROUS}
    )
    _assert_safe_xlsx(rejects_bytes(rejects, "xlsx"))
    _assert_safe_csv(rejects_bytes(rejects, "csv"))


@pytest.mark.slow
def test_imported_names_come_out_of_pccc_export_as_text(
    sample_ward_copy: Path, tmp_path: Path
) -> None:
    """The issue's case: a CSV list with a formula name and note, then ``pccc export``."""
    source = tmp_path / "co-so.csv"
    rows = [
        {
            "Tên cơ sở": text,
            "Loại hình": "Karaoke",
            "Ghi chú": "=1+2",
            "Vĩ độ": f"21,27{i:02d}",
            "Kinh độ": "106,2",
        }
        for i, text in enumerate(DANGEROUS)
    ]
    pd.DataFrame(rows).to_csv(source, index=False)
    pccc = [sys.executable, "-m", "pipelines.cli"]
    run = subprocess.run(
        [*pccc, "import", str(source), "--layer", "premises", "--ward", str(sample_ward_copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    for fmt in ("xlsx", "csv"):
        out = tmp_path / f"co-so.{fmt}"
        done = subprocess.run(
            [
                *pccc,
                "export",
                "--layer",
                "premises",
                "--format",
                fmt,
                "--out",
                str(out),
                "--ward",
                str(sample_ward_copy),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        data = out.read_bytes()
        stored = [t for t in DANGEROUS if not t.startswith(("\t", "\r"))]
        if fmt == "xlsx":
            cells = _xlsx_cells(data)
            assert not [c.coordinate for c in cells if c.data_type == "f"]
            assert set(stored) <= {c.value for c in cells}
        else:
            cells = _csv_cells(data)
            assert {neutralise(t) for t in stored} <= set(cells)
            assert "'=1+2" in cells


def test_the_import_removes_only_our_own_apostrophe() -> None:
    from pipelines.ingest.read import unneutralised

    frame = pd.DataFrame({"'=cột": ["'=1+2", "'abc", "'-5", None, "x"], "Số": [1, 2, 3, 4, 5]})
    out = unneutralised(frame)
    assert list(out.columns) == ["=cột", "Số"]
    assert out["=cột"].tolist()[:3] == ["=1+2", "'abc", "-5"]
    assert out["=cột"].isna().tolist()[3] and out["Số"].tolist() == [1, 2, 3, 4, 5]
