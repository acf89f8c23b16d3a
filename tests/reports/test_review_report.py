"""The review report: period parsing, the DOCX read back, the PDF's pages and fonts, the CLI."""

from __future__ import annotations

import dataclasses
import subprocess

import pandas as pd
import pytest
from docx import Document as read_docx

from pipelines.cli import main
from pipelines.model.errors import ReportError
from pipelines.reports.document import Document, Masthead, Paragraph, Signature
from pipelines.reports.fonts import VIETNAMESE_LETTERS, missing_letters, report_fonts
from pipelines.reports.indicators import breakdown_by_group, ward_kpis
from pipelines.reports.period import Period, parse_period
from pipelines.reports.plan_status import (
    network_figures,
    plan_indicators,
    plan_indicators_by_group,
)
from pipelines.reports.render_pdf import pdf_bytes
from pipelines.reports.review_report import long_date, report_bytes, review_document
from pipelines.text.formats import format_number
from tests.reports.pdf_glyphs import drawable_characters

TODAY = pd.Timestamp("2026-12-01")  # after every dated record of the sample ward


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026-Q3", "2026-07-01", "2026-09-30", "quý III năm 2026"),
        ("2026-q1", "2026-01-01", "2026-03-31", "quý I năm 2026"),
        ("2026-H1", "2026-01-01", "2026-06-30", "6 tháng đầu năm 2026"),
        ("2025-H2", "2025-07-01", "2025-12-31", "6 tháng cuối năm 2025"),
        (" 2024 ", "2024-01-01", "2024-12-31", "năm 2024"),
    ],
)
def test_periods_parse(text, start, end, label) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (pd.Timestamp(start), pd.Timestamp(end))
    assert period.label("vi") == label
    assert period.same_period_last_year().start == period.start - pd.DateOffset(years=1)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-H3", "Q3-2026", "26", "quý 3", ""])
def test_a_bad_period_says_how_to_write_one_in_vietnamese(text) -> None:
    with pytest.raises(ReportError, match="2026-Q3") as info:
        parse_period(text)
    assert "không hợp lệ" in info.value.message("vi")


def test_document_dates_follow_nd30() -> None:
    assert long_date(pd.Timestamp("2026-02-05")) == "ngày 05 tháng 02 năm 2026"
    assert long_date(pd.Timestamp("2026-11-20")) == "ngày 20 tháng 11 năm 2026"


def test_the_report_font_has_every_vietnamese_letter() -> None:
    family = report_fonts()
    for style in ("regular", "bold", "italic", "bold_italic"):
        assert missing_letters(family.path(style)) == ""
    assert len(VIETNAMESE_LETTERS) == 146  # (12 vowels × (1 + 5 tones) + đ) × 2 cases


def test_liberation_1_is_refused_for_its_missing_glyphs() -> None:
    old = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
    import os

    if not os.path.exists(old):
        pytest.skip("fonts-liberation 1.x not installed")
    assert {"Ơ", "Ư", "ạ", "ả", "ế"} <= set(missing_letters(old))
    assert "liberation2" in str(report_fonts().regular) or "DejaVu" in report_fonts().name


@pytest.fixture(scope="module")
def reports(sample_analysis, tmp_path_factory):
    """The sample's 2026 report in both templates, as DOCX and PDF files (made once)."""
    ward, analysis = sample_analysis
    # the [report] setting map_dpi at its minimum: the same pictures, drawn faster
    ward = dataclasses.replace(ward, config=ward.config.replace("report", map_dpi=72))
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for template in ("party", "state"):
        document = review_document(
            ward, analysis, parse_period("2026"), template=template, today=TODAY
        )
        for fmt in ("docx", "pdf"):
            path = folder / f"{template}.{fmt}"
            path.write_bytes(report_bytes(document, fmt))
            out[template, fmt] = path
    return out


def _docx_text(path) -> tuple[list[str], list[list[list[str]]]]:
    doc = read_docx(str(path))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return [p.text for p in doc.paragraphs], tables


@pytest.mark.parametrize(
    ("template", "left", "right"),
    [
        (
            "party",
            ["ĐẢNG BỘ PHƯỜNG", "CHI BỘ CÔNG AN PHƯỜNG", "*", "-BC/CB"],
            ["ĐẢNG CỘNG SẢN VIỆT NAM"],
        ),
        (
            "state",
            ["ỦY BAN NHÂN DÂN PHƯỜNG", "Số:", "/BC-UBND"],
            ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        ),
    ],
)
def test_docx_header_blocks_follow_the_template(reports, template, left, right) -> None:
    paragraphs, tables = _docx_text(reports[template, "docx"])
    head_left, head_right = tables[0][0]
    for text in left:
        assert text in head_left, (text, head_left)
    for text in right:
        assert text in head_right
    assert "ngày 01 tháng 12 năm 2026" in head_right
    assert "BÁO CÁO" in paragraphs
    assert any("tổng kết" in p and "năm 2026" in p for p in paragraphs)
    placeholders = [p for p in paragraphs if p.startswith("[PHẦN CÁN BỘ TỰ VIẾT")]
    assert len(placeholders) == 4  # kết quả, hạn chế, nguyên nhân, nhiệm vụ
    signature = tables[-1][0][1]
    assert ("T/M CHI BỘ" if template == "party" else "TM. ỦY BAN NHÂN DÂN") in signature
    other = "ĐẢNG CỘNG SẢN VIỆT NAM" if template == "state" else "CỘNG HÒA XÃ HỘI"
    assert other not in head_right


def test_docx_indicators_equal_the_dashboard(reports, sample_analysis) -> None:
    """The report's indicator table is the plan follow-up's (Tổng quan's figures), period
    counts over the period; its per-tổ dân phố table is the plan's ranking."""
    ward, analysis = sample_analysis
    start = pd.Timestamp("2026-01-01")
    network = network_figures(analysis)
    plan = plan_indicators(ward, ward.config, as_of=TODAY, start=start, network=network)
    _, tables = _docx_text(reports["party", "docx"])
    shown = {row[1]: row[3] for row in tables[1][1:]}
    assert len(shown) == len(plan) == len(ward.config.plan.indicators)
    for row in plan.itertuples(index=False):
        decimals = 1 if row.unit_vi == "%" else 0
        expected = "–" if pd.isna(row.value) else format_number(row.value, decimals=decimals)
        assert shown[row.label_vi] == expected, row.key
    kpis = ward_kpis(ward, today=TODAY)
    in_groups = plan.set_index("key").loc["households_in_groups", "value"]
    assert format_number(in_groups, decimals=1) == format_number(
        100 * kpis.households_in_group_share, decimals=1
    )
    fires = plan.set_index("key").loc["fires", "value"]
    assert fires == int((ward["incidents"]["date"] >= start).sum())
    groups = tables[2]
    ranking = plan_indicators_by_group(ward, ward.config, as_of=TODAY, start=start, network=network)
    assert [r[1].rstrip(" *") for r in groups[1:]] == list(ranking["group_name"])
    lagging = [r[1].endswith(" *") for r in groups[1:]]
    assert lagging == list(ranking["lagging"])
    breakdown = breakdown_by_group(ward).set_index("group_name")
    assert [r[2] for r in groups[1:]] == [
        format_number(breakdown.loc[name, "households"]) for name in ranking["group_name"]
    ]


def test_pdf_pages_render_and_embed_fonts_that_draw_vietnamese(reports) -> None:
    from pypdf import PdfReader

    for template in ("party", "state"):
        path = reports[template, "pdf"]
        pages = len(PdfReader(str(path)).pages)
        assert pages >= 3
        out = path.parent / f"{template}-page"
        subprocess.run(["pdftoppm", "-png", "-r", "10", str(path), str(out)], check=True)
        assert len(list(path.parent.glob(f"{template}-page*.png"))) == pages
        listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
        rows = listed.stdout.splitlines()[2:]
        assert rows and all(" yes yes " in row for row in rows), listed.stdout  # embedded, subset
        drawn = drawable_characters(path)
        assert set("ƯạảếộữđĐỘ") <= {c for c, ok in drawn.items() if ok}
        assert not [c for c, ok in drawn.items() if not ok and c.isprintable() and not c.isspace()]


def test_every_vietnamese_letter_is_drawn_in_a_pdf() -> None:
    document = Document(
        Masthead("state", "", "ỦY BAN NHÂN DÂN", "/BC-UBND", "Hà Nội, ngày 01 tháng 12 năm 2026"),
        "BÁO CÁO",
        "Thử phông chữ",
        (Paragraph(VIETNAMESE_LETTERS), Paragraph(VIETNAMESE_LETTERS, bold=True)),
        Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Ơn", "Nơi nhận:", ("Lưu: VT",)),
    )
    path = __import__("pathlib").Path(__import__("tempfile").mkdtemp()) / "letters.pdf"
    path.write_bytes(pdf_bytes(document))
    drawn = drawable_characters(path)
    assert not [c for c in VIETNAMESE_LETTERS if not drawn.get(c)]


def test_cli_report_writes_a_docx_and_refuses_a_bad_period(tiny_ward, tmp_path, capsys) -> None:
    out = tmp_path / "bao-cao.docx"
    args = ["report", "--ward", str(tiny_ward), "--period", "2026-H1", "--format", "docx"]
    assert main([*args, "--template", "state", "--out", str(out)]) == 0
    paragraphs, tables = _docx_text(out)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in tables[0][0][1]
    assert any("6 tháng đầu năm 2026" in p for p in paragraphs)
    assert "Đã ghi / written" in capsys.readouterr().out
    bad = ["report", "--ward", str(tiny_ward), "--period", "2026-Q7", "--format", "pdf"]
    assert main([*bad, "--out", str(tmp_path / "x.pdf")]) == 2
    assert "Kỳ báo cáo '2026-Q7' không hợp lệ" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_period_not_started_is_refused(sample_analysis) -> None:
    ward, analysis = sample_analysis
    with pytest.raises(ReportError) as info:
        review_document(ward, analysis, Period(2027, "Q1"), today=TODAY)
    assert "quý I năm 2027 chưa bắt đầu" in info.value.message("vi")


def test_without_liberation_2_the_fonts_matplotlib_ships_are_used(monkeypatch, tmp_path) -> None:
    from pipelines.reports import fonts

    real = fonts._candidates()
    missing = [(name, [tmp_path / "none"], files) for name, _, files in real[:1]]
    monkeypatch.setattr(fonts, "_candidates", lambda: [*missing, real[1]])
    fonts.report_fonts.cache_clear()
    try:
        family = fonts.report_fonts()
        assert family.name == "DejaVu Serif"
        assert "matplotlib" in str(family.regular)
        assert not any(fonts.missing_letters(family.path(s)) for s in fonts.STYLES)
    finally:
        fonts.report_fonts.cache_clear()
