"""AppTest of the analysis pages: Cơ sở nguy cơ and Nguồn nước & giao thông."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.maps.layers import MapFilter, prepare_layers, select_layers
from pipelines.model.store import open_ward
from pipelines.network.analysis import analyze_ward
from pipelines.network.layers import (
    ANALYSIS_LAYERS,
    merge_map_layers,
    prepare_analysis_layers,
    select_analysis_layers,
)
from pipelines.network.risk import FACTORS
from pipelines.network.tables import RiskFilter, risk_table, table_bytes
from tests.conftest import REPO_ROOT

APP = str(REPO_ROOT / "dashboard" / "app.py")
PREMISES = "app_pages/premises.py"
WATER = "app_pages/water_access.py"


def _app(ward_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("PCCC_WARD", str(ward_dir))
    return AppTest.from_file(APP, default_timeout=120)


def test_premises_page_ranks_with_breakdowns_and_filters(tiny_ward, monkeypatch):
    at = _app(tiny_ward, monkeypatch).run()
    at.switch_page(PREMISES).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Cơ sở nguy cơ — thứ tự cần kiểm tra"
    table = at.dataframe[0].value
    assert list(table["Mã"]) == ["P1", "P2"]
    assert "Loại hình: 30" in table["Chi tiết điểm"].iloc[0]
    factors = [f"+ {f.vi}" for f in FACTORS]
    assert (table[factors].sum(axis=1) == table["Điểm nguy cơ"]).all()
    own, around = table["Điểm tại cơ sở"], table["Điểm do xung quanh"]
    assert (own + around == table["Điểm nguy cơ"]).all() and (own > 0).all()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Cơ sở nguy cơ cao"] == "1"  # P1 (65); P2 (58) is medium since 45/65/80
    # inspections due: neither premises was ever inspected, so both are listed, by tổ dân phố
    assert "Lịch kiểm tra đến hạn" in [h.value for h in at.subheader]
    assert metrics["Quá hạn kiểm tra"] == "0" and metrics["Sắp đến hạn"] == "0"
    assert metrics["Tổ dân phố có cơ sở đến hạn"] == "2"
    due = at.dataframe[1].value
    assert list(due["Mã"]) == ["P2", "P1"]  # TDP-1 before TDP-2
    assert set(due["Tình trạng kiểm tra"]) == {"Chưa từng kiểm tra"}
    assert list(due["Chu kỳ (tháng)"]) == [12, 6]
    # search narrows the table; the business household joins on request
    at.text_input(key="pccc_premises_search").set_value("trọ").run()
    assert list(at.dataframe[0].value["Mã"]) == ["P2"]
    at.text_input(key="pccc_premises_search").set_value("").run()
    at.toggle(key="pccc_premises_households").set_value(True).run()
    assert "H0" in list(at.dataframe[0].value["Mã"])
    at.multiselect(key="pccc_premises_classes").select("very_high").run()
    assert at.dataframe[0].value.empty
    assert len(at.dataframe[1].value) == 2  # the due list is not filtered
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Tải CSV", "Tải Excel (XLSX)"] * 2


def test_water_access_page_switches_day_and_night(tiny_ward, monkeypatch):
    at = _app(tiny_ward, monkeypatch).run()
    at.switch_page(WATER).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.caption[0].value == "Đang tính cho ban ngày."
    day = {m.label: m.value for m in at.metric}
    at.toggle(key="pccc_access_night").set_value(True).run()
    assert not at.exception
    assert at.caption[0].value == "Đang tính cho ban đêm."
    night = {m.label: m.value for m in at.metric}
    # the tiny ward's alley gate is locked from 22:00 to 05:00: it blocks only at night
    assert day["Vật cản đang chặn xe"] == "0" and night["Vật cản đang chặn xe"] == "1"
    subheaders = [s.value for s in at.subheader]
    assert "Đề xuất tổ liên gia mới" in subheaders
    assert any(s.startswith("Ngõ sâu từ 50 m") for s in subheaders)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_analysis_map_layers_escape_and_count(tiny_ward, lang):
    ward = open_ward(tiny_ward)
    a = analyze_ward(ward)
    prepared = prepare_analysis_layers(a, lang)
    assert list(prepared) == [k for k, _ in ANALYSIS_LAYERS]
    layers = select_analysis_layers(prepared, MapFilter())
    by_key = {layer.key: layer for layer in layers}
    assert by_key["risk_premises"].count == 2
    assert by_key["coverage"].count == len(ward["households"])
    # user values are escaped before they reach a popup or tooltip, and the JSON is script-safe
    text = by_key["risk_premises"].geojson
    assert "<b>" not in text and "\\u003cb\\u003e" not in text
    assert "\\u0026lt;b\\u0026gt;" in text  # html.escape, then made script-safe
    # a category filter applies to the risk layer, groups to the coverage layer
    karaoke = select_analysis_layers(prepared, MapFilter(categories=("karaoke",)))
    assert {x.key: x.count for x in karaoke}["risk_premises"] == 1
    merged = merge_map_layers(select_layers(prepare_layers(ward, lang), MapFilter()), layers)
    keys = [layer.key for layer in merged]
    assert keys.index("beyond_reach") < keys.index("households") < keys.index("risk_premises")


def test_risk_table_exports(tiny_ward):
    a = analyze_ward(open_ward(tiny_ward))
    table = risk_table(a, "en", RiskFilter(include_households=True))
    assert {"Risk score", "Score breakdown", "+ Category"} <= set(table.columns)
    assert table_bytes(table, "csv").startswith("\ufeff".encode())
    assert table_bytes(table, "xlsx")[:2] == b"PK"
    with pytest.raises(ValueError, match="'fmt' should be one of"):
        table_bytes(table, "pdf")
