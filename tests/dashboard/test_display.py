"""Every table on every page is formatted for reading: no empty-value marker, no raw float.

A browser draws a missing value as ``None`` and a float as it is (``261.139073995776``);
the pages show display tables (``pipelines.text.display``) instead. Checked with AppTest on
the tiny ward and, for the planner's tables, on the sample ward; plus the Dữ liệu page's
preview tables and its commit button.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.navigation import PAGES
from tests.conftest import REPO_ROOT
from tests.ingest.fixtures import lonlat

APP = str(REPO_ROOT / "dashboard" / "app.py")
DATA = "app_pages/data.py"


def _open(ward_dir: Path, monkeypatch, page: str, lang: str = "vi", **state) -> AppTest:
    monkeypatch.setenv("PCCC_WARD", str(ward_dir))
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["pccc_lang"] = lang
    at.run()
    at.switch_page(page)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def problems(frame: pd.DataFrame) -> list[str]:
    """What in a shown table is not formatted for reading."""
    found = []
    for name in frame.columns:
        values = frame[name]
        if values.isna().any():
            found.append(f"{name}: missing values (drawn as None)")
        if pd.api.types.is_float_dtype(values.dtype):
            found.append(f"{name}: raw floats {list(values.head(3))}")
        if pd.api.types.is_bool_dtype(values.dtype):
            found.append(f"{name}: true/false")
        if pd.api.types.is_integer_dtype(values.dtype) and (values.abs() >= 1000).any():
            found.append(f"{name}: numbers from 1 000 up without separators")
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            text = values.dropna().astype(str)
            if text.str.match(r"^\d{4}-\d{2}-\d{2}").any():
                found.append(f"{name}: ISO dates, not dd/mm/yyyy")
            # "1.613" groups thousands; "261.1391" or "0.6" are decimals with a point
            if text.str.match(r"^-?\d+\.(\d{1,2}|\d{4,})$").any():
                found.append(f"{name}: decimals with a point")
    return found


def _shown_tables(at: AppTest) -> list[pd.DataFrame]:
    # the settings page's editors hold typed text and item codes, checked in their own test
    return [df.value for df in at.dataframe if "code" not in df.value.columns]


@pytest.mark.parametrize("page", [p[0] for p in PAGES])
def test_every_table_on_every_page_is_formatted(tiny_ward, monkeypatch, page):
    at = _open(tiny_ward, monkeypatch, page)
    found = {i: problems(df) for i, df in enumerate(_shown_tables(at))}
    assert {i: p for i, p in found.items() if p} == {}


def test_planner_tables_show_rounded_vietnamese_figures(sample_ward_copy, monkeypatch):
    at = _open(sample_ward_copy, monkeypatch, "app_pages/planner.py")
    tables = _shown_tables(at)
    assert all(problems(df) == [] for df in tables), [problems(df) for df in tables]
    points, _, rules = tables
    lon = points["Kinh độ"].iloc[0]
    assert lon.startswith("106,") and len(lon.split(",")[1]) == 6, lon  # 0,1 m, comma
    depth = rules["Độ sâu (m)"].iloc[0]
    assert "." not in depth and "," not in depth, depth  # whole metres: 261, not 261.1391
    assert set(rules["Đạt"]) <= {"Đạt", "Chưa đạt"}
    caption = next(c.value for c in at.caption if "khoảng cách MIP" in c.value)
    assert "0,00 %" not in caption and "." not in caption.split("·")[2]


def _csv(tmp_path: Path, rows: list[str]) -> tuple[str, bytes]:
    path = tmp_path / "co-so.csv"
    path.write_text("Tên cơ sở,Loại hình,Vĩ độ,Kinh độ,Ghi chú\n" + "\n".join(rows) + "\n")
    return path.name, path.read_bytes()


def test_every_row_rejected_disables_the_commit(tiny_ward, tmp_path, monkeypatch):
    upload = _csv(
        tmp_path,
        [
            "Karaoke Xa,Karaoke,10.762622,106.660172,ngoài phường",
            "Nhà trọ Xa,Nhà trọ,10.762900,106.660500,",
        ],
    )
    at = _open(tiny_ward, monkeypatch, DATA, pccc_data_file=upload)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Bị loại"] == "2" and metrics["Mới"] == "0"
    commit = next(b for b in at.button if b.key == "pccc_data_commit")
    assert commit.disabled
    assert any("chưa có gì để ghi" in c.value for c in at.caption)


def test_preview_tables_read_vietnamese(tiny_ward, tmp_path, monkeypatch):
    lon, lat = lonlat(100, 100)
    upload = _csv(
        tmp_path,
        [
            f"Nhà trọ Gần,Nhà trọ,{lat},{lon},",
            "Karaoke Xa,Karaoke,10.762622,106.660172,ngoài phường",
        ],
    )
    at = _open(tiny_ward, monkeypatch, DATA, pccc_data_file=upload)
    commit = next(b for b in at.button if b.key == "pccc_data_commit")
    assert not commit.disabled
    accepted, rejects = _shown_tables(at)[:2]
    assert problems(accepted) == [] and problems(rejects) == []
    assert "Reason" not in rejects.columns and "Lý do" in rejects.columns
    assert accepted["Kinh độ"].iloc[0].count(",") == 1  # 106,200965: Vietnamese decimals
    assert (accepted == "None").sum().sum() == 0

    at = _open(tiny_ward, monkeypatch, DATA, lang="en", pccc_data_file=upload)
    rejects = _shown_tables(at)[1]
    assert "Reason" in rejects.columns and "Lý do" not in rejects.columns
