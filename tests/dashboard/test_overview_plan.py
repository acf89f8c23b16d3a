"""Tổng quan opens on the plan (AppTest, one app session for the module): the figures shown
are those of plan_indicators, every table shows all its rows, and Cài đặt edits the plan."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pipelines.model.store import init_ward, open_ward, write_layers
from pipelines.reports import plan_status as ps
from pipelines.reports import plan_view
from tests.conftest import REPO_ROOT, tiny_layers

APP = str(REPO_ROOT / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def ward_dir(tmp_path_factory) -> Path:
    ward_dir = tmp_path_factory.mktemp("plan") / "tiny"
    init_ward(ward_dir, name="Phường Thử", crs_metric="EPSG:9214")
    write_layers(ward_dir, tiny_layers(), note="tiny")
    return ward_dir


@pytest.fixture(scope="module")
def app(ward_dir) -> AppTest:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PCCC_WARD", str(ward_dir))
        at = AppTest.from_file(APP, default_timeout=180)
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_headlines_are_the_plan_indicators(app, ward_dir):
    ward = open_ward(ward_dir)
    expected = ps.plan_indicators(ward, ward.config, as_of=pd.Timestamp.today().normalize())
    shown = {m.label: m.value for m in app.metric}
    for h in plan_view.headlines(expected, "vi"):
        assert shown[h.label] == h.value, h.label
    assert shown["Hộ trong tổ liên gia"] == "62,5 %"  # 5 of the 8 households
    assert shown["Vi phạm quá hạn"] == "0 cơ sở"  # P1's violations have no deadline
    assert shown["Vụ cháy 12 tháng"] == "0 vụ"  # the one fire was in 2024
    assert "Thực hiện kế hoạch" in [s.value for s in app.subheader]


def _dataframe_calls() -> list[ast.Call]:
    tree = ast.parse((REPO_ROOT / "dashboard" / "app_pages" / "overview.py").read_text("utf-8"))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "dataframe"
    ]


def test_every_table_shows_all_its_rows(app):
    tables = app.dataframe
    assert len(tables) == 4  # indicators, ranking, categories, groups
    calls = _dataframe_calls()
    assert len(calls) == len(tables)
    for call in calls:  # height=rows_height(len(<the frame shown>)): no hidden last rows
        height = next(k.value for k in call.keywords if k.arg == "height")
        shown = ast.unparse(call.args[0])
        assert ast.unparse(height) == f"rows_height(len({shown}))", ast.unparse(call)
    indicators = tables[0].value
    assert len(indicators) == 13 and indicators.columns[0] == "Chỉ tiêu"
    assert "Hộ tham gia tổ liên gia" in set(indicators["Chỉ tiêu"])
    ranking = tables[1].value
    assert list(ranking["Tổ dân phố"]) and set(ranking["Hạng"]) == {"1", "2"}
    assert (ranking["Chậm"] == "Chậm").sum() <= 1


def test_settings_page_edits_the_plan(app, ward_dir):
    app.switch_page("app_pages/settings.py").run()
    assert not app.exception, [e.message for e in app.exception]
    table = next(
        df.value for df in app.dataframe if "households_in_groups" in set(df.value.get("code", []))
    )
    assert table.set_index("code").loc["households_in_groups", "responsible"] == "Công an phường"
    next(b for b in app.button if b.form_id == "pccc_settings_plan").click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.success[0].value == "Đã lưu cài đặt."
    assert open_ward(ward_dir).config.plan.indicators["fires"]["deadline"] == "2026-12-31"
