"""The map book: TDP + 2 pages, rendered; Vietnamese drawn by embedded fonts; the CLI; a ward
without tổ dân phố gets a shorter book and a Vietnamese line, never a traceback."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from pypdf import PdfReader

from pipelines.cli import main
from pipelines.model.store import update_config
from pipelines.reports.fonts import VIETNAMESE_LETTERS
from pipelines.reports.mapbook import group_figures, mapbook_pdf, ward_figures
from pipelines.reports.mapdraw import map_data
from tests.partial_wards import build_ward
from tests.reports.pdf_glyphs import drawable_characters


@pytest.fixture(scope="module")
def book(sample_analysis, tmp_path_factory):
    ward, analysis = sample_analysis
    progress: list[tuple[int, int]] = []
    data = mapbook_pdf(
        ward, analysis, today=dt.date(2026, 12, 1), on_page=lambda d, t: progress.append((d, t))
    )
    path = tmp_path_factory.mktemp("book") / "so-ban-do.pdf"
    path.write_bytes(data)
    return path, progress


def test_the_book_has_a_page_per_group_plus_cover_and_overview(book, sample_analysis) -> None:
    path, progress = book
    ward, _ = sample_analysis
    n = len(ward["residential_groups"]) + 2
    assert len(PdfReader(str(path)).pages) == n
    subprocess.run(
        ["pdftoppm", "-png", "-r", "10", str(path), str(path.with_suffix(""))], check=True
    )
    assert len(list(path.parent.glob("*.png"))) == n
    assert progress == [(i, n) for i in range(1, n + 1)]
    text = subprocess.run(
        ["pdftotext", "-f", "3", "-l", "3", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    first = ward["residential_groups"]["name"].iloc[0]
    for expected in (
        first,
        "Chú giải",
        "Số liệu",
        "Ngày lập: 01/12/2026",
        "Ngõ sâu xe chữa cháy không vào được",
    ):
        assert expected in text


def test_the_book_draws_vietnamese_with_embedded_fonts(book) -> None:
    path, _ = book
    listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = listed.stdout.splitlines()[2:]
    assert rows and all(" yes yes " in row for row in rows), listed.stdout
    drawn = drawable_characters(path)
    assert set("ạảộữđĐỔ") <= {c for c, ok in drawn.items() if ok}
    assert not [c for c, ok in drawn.items() if not ok and c.isprintable() and not c.isspace()]


def test_group_figures_add_up_to_the_ward(sample_analysis) -> None:
    ward, analysis = sample_analysis
    figures = group_figures(analysis, map_data(ward, analysis))
    households = analysis.households
    in_groups = households["residential_group_id"].isin(figures["group_id"])
    assert figures["households"].sum() == in_groups.sum()
    assert figures["in_group"].sum() == households.loc[in_groups, "in_safety_group"].sum()
    assert (figures["points_working"] <= figures["points"]).all()
    assert figures["points"].sum() <= len(analysis.public_points)
    assert (figures["overdue"] <= figures["violations"]).all()
    ward_wide = ward_figures(analysis, map_data(ward, analysis))
    assert ward_wide["households"] == len(households) >= figures["households"].sum()
    assert ward_wide["points"] == len(analysis.public_points)
    assert ward_wide["premises"] == len(analysis.premises)


def test_a_ward_without_groups_gets_a_shorter_book_in_every_letter(tmp_path, capsys) -> None:
    folder = build_ward("empty", tmp_path)
    name = f"Phường {VIETNAMESE_LETTERS}"
    update_config(folder, "ward", {"name": name})
    out = tmp_path / "so.pdf"
    assert main(["mapbook", "--ward", str(folder), "--paper", "a3", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Phường chưa có lớp tổ dân phố" in printed
    assert len(PdfReader(str(out)).pages) == 2
    drawn = drawable_characters(out)
    assert not [c for c in VIETNAMESE_LETTERS if not drawn.get(c)]
