"""The orchestration: analyze_ward results, exports by suffix, and ``pccc analyze``."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point

from pipelines.cli import main
from pipelines.model.errors import InputFileError
from pipelines.model.store import init_ward, open_ward, write_layers
from pipelines.network.analysis import analyze_ward
from pipelines.network.results import results_table, write_results
from pipelines.network.risk import FACTOR_COLUMNS
from pipelines.text.labels import RESULT_COLUMNS
from tests.network.wards import CRS_METRIC, alley_ward, layer


@pytest.fixture
def ward():
    premises = layer(
        [
            {"id": "K1", "name": "Karaoke Ánh Sao", "category": "karaoke", "floors": 3},
            {"id": "S1", "name": "Tạp hóa <b>Hà</b>", "category": "shophouse"},
        ],
        [Point(105, 150), Point(150, 6)],
    )
    points = layer(
        [{"id": "P1", "name": "Điểm 1", "status": "working"}],
        [Point(98, 60)],
    )
    water = layer(
        [{"id": "T1", "name": "Trụ 1", "kind": "hydrant", "status": "working"}],
        [Point(20, 3)],
    )
    far = layer([{"id": "FAR", "address": "Giữa khối nhà"}], [Point(200, 150)])
    base = alley_ward(
        extra={"premises": premises, "firefighting_points": points, "water_sources": water}
    )
    layers = dict(base.layers)
    layers["households"] = pd.concat([layers["households"], far.to_crs(4326)], ignore_index=True)
    return dataclasses.replace(base, layers=layers)


def test_analysis_frames_are_documented_and_consistent(ward):
    a = analyze_ward(ward)
    assert len(a.households) == len(ward["households"])
    assert len(a.premises) == 2
    assert a.households.crs == "EPSG:4326" and a.roads.crs == "EPSG:4326"
    assert a.crs_metric == CRS_METRIC
    assert list(a.households["id"]) == list(ward["households"]["id"])
    far = a.households.set_index("id").loc["FAR"]
    assert not far["on_network"]
    assert far["snap_distance_m"] == pytest.approx(100.0, abs=0.01)  # to the alley
    assert np.isinf(far["hose_distance_m"])
    assert a.snap_problems.to_dict("records")[0]["id"] == "FAR"
    assert any("40 m" in en for _, en in a.notes)
    # every premises row carries the breakdown and it adds up
    np.testing.assert_allclose(
        a.premises[list(FACTOR_COLUMNS)].sum(axis=1), a.premises["risk_score"]
    )
    assert (
        a.pockets["households"].sum()
        == ((~a.households["within_hose_reach"]) & a.households["on_network"]).sum()
    )
    assert set(a.coverage.columns) >= {"households", "share_households_covered"}
    assert a.public_points["households_served"].sum() == a.households["has_public_point"].sum()
    # results never carry personal data (names, phone numbers)
    assert "head_name" not in a.households.columns
    assert "contact_phone" not in a.premises.columns
    assert "responsible_phone" not in a.public_points.columns


def test_results_table_and_exports(ward, tmp_path):
    a = analyze_ward(ward)
    table = results_table(a, lang="vi")
    assert len(table) == len(a.households) + len(a.premises)
    assert set(table["feature_type"]) == {"household", "premises"}
    for column in RESULT_COLUMNS:
        assert column in table.columns
    assert not np.isinf(table.select_dtypes("number").to_numpy(dtype=float)).any()
    k1 = table.set_index("id").loc["K1"]
    assert "Loại hình: 30" in k1["risk_breakdown"]
    csv = write_results(a, tmp_path / "ketqua.csv")
    back = pd.read_csv(csv, encoding="utf-8-sig", dtype=str)
    assert len(back) == len(table)
    assert {"Kinh độ", "Vĩ độ", "Điểm nguy cơ", "Mức nguy cơ", "Loại đối tượng"} <= set(
        back.columns
    )
    assert not [c for c in back.columns if "_" in c], "headers are Vietnamese labels, not codes"
    k1 = back[back["Mã"] == "K1"].iloc[0]
    assert k1["Loại đối tượng"] == "Cơ sở" and k1["Loại hình"] == "Karaoke, vũ trường, quán bar"
    distances = back["Khoảng cách vòi từ điểm xe vào được (m)"].dropna()
    assert distances.str.fullmatch(r"\d+").all(), "metres are whole numbers"
    assert back["Vĩ độ"].str.contains(",").all(), "decimal comma"
    xlsx = write_results(a, tmp_path / "ketqua.xlsx", lang="en")
    sheet = pd.read_excel(xlsx, engine="calamine")
    assert len(sheet) == len(table) and {"Longitude", "Risk score"} <= set(sheet.columns)
    gpkg = write_results(a, tmp_path / "ketqua.gpkg")
    layers = {row[0] for row in pyogrio.list_layers(gpkg)}
    assert {"results", "beyond_reach_pockets", "deep_alleys", "safety_group_proposals"} <= layers
    results = gpd.read_file(gpkg, layer="results")
    assert len(results) == len(table)
    with pytest.raises(InputFileError, match="should end with one of"):
        write_results(a, tmp_path / "ketqua.docx")


def test_day_and_night_are_both_available(ward):
    day = analyze_ward(ward)
    night = analyze_ward(ward, night=True)
    assert not day.night and night.night
    pd.testing.assert_series_equal(
        day.households["hose_distance_m"], night.households["hose_distance_m"]
    )


@pytest.fixture
def stored_ward(ward, tmp_path):
    folder = tmp_path / "ward"
    init_ward(folder, name="Phường Thử", crs_metric=CRS_METRIC)
    write_layers(folder, {k: v for k, v in ward.layers.items() if len(v)}, note="test")
    cfg = open_ward(folder).config
    assert cfg.ward.crs_metric == CRS_METRIC
    return folder


def test_cli_analyze_writes_by_suffix(stored_ward, tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["analyze", "--ward", str(stored_ward), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Đã ghi / wrote" in printed
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert {
        "Khoảng cách vòi từ điểm xe vào được (m)",
        "Đến điểm CCCC hoạt động gần nhất (m)",
        "Điểm nguy cơ",
    } <= set(frame.columns)
    assert not [c for c in frame.columns if c.startswith("'")], "no header looks like a formula"
    assert (
        main(["analyze", "--ward", str(stored_ward), "--out", str(tmp_path / "o.gpkg"), "--night"])
        == 0
    )
    assert main(["analyze", "--ward", str(stored_ward), "--out", str(tmp_path / "o.txt")]) == 2
    assert "should end with one of" in capsys.readouterr().err


def test_cli_analyze_help_is_bilingual(capsys):
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    text = capsys.readouterr().out
    assert "Phân tích mạng đường" in text and "Analyse the ward's road network" in text
    assert "--out FILE" in text and "--night" in text


def _same_results(warm, cold) -> None:
    for name in ("households", "premises", "water_sources", "public_points", "barriers"):
        pd.testing.assert_frame_equal(getattr(warm, name), getattr(cold, name), obj=name)
    for name in ("coverage", "inspect_next", "snap_problems", "pockets", "deep_alleys"):
        pd.testing.assert_frame_equal(getattr(warm, name), getattr(cold, name), obj=name)


def test_warm_reanalysis_reuses_the_base_and_matches_a_cold_one(ward):
    gate = {"id": "G1", "kind": "gate", "closed_from": "22:00", "closed_to": "05:00"}
    gated = alley_ward(alley_width_m=4.0, barriers=[{**gate, "at": (100, 10)}])
    day = analyze_ward(gated)
    night = analyze_ward(gated, night=True, base=day.base)
    assert night.base is day.base and night.graph is day.graph
    _same_results(night, analyze_ward(gated, night=True))
    assert night.households["within_hose_reach"].sum() < day.households["within_hose_reach"].sum()
    # a changed risk weight does not move the network: same base, new scores
    heavier = dataclasses.replace(
        ward,
        config=dataclasses.replace(
            ward.config,
            risk=dataclasses.replace(ward.config.risk, beyond_hose_reach=50.0),
        ),
    )
    first = analyze_ward(ward)
    warm = analyze_ward(heavier, base=first.base)
    _same_results(warm, analyze_ward(heavier))
    assert warm.premises["risk_score"].sum() > first.premises["risk_score"].sum()


def test_a_base_from_other_layers_or_settings_is_refused(ward):
    base = analyze_ward(ward).base
    other = alley_ward()
    with pytest.raises(ValueError, match="'base' should be built from this ward"):
        analyze_ward(other, base=base)
    moved = dataclasses.replace(
        ward,
        config=dataclasses.replace(
            ward.config,
            thresholds=dataclasses.replace(ward.config.thresholds, max_snap_distance_m=25.0),
        ),
    )
    with pytest.raises(ValueError, match=r"25\.0"):
        analyze_ward(moved, base=base)
