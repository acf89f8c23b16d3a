"""The [plan] section: indicators with target, deadline and responsible unit; round trip
through ward.toml and the Cài đặt table; refusal of bad values in Vietnamese."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from pipelines.model.errors import ConfigError
from pipelines.model.settings import WardConfig, config_from_dict, dumps_config
from pipelines.model.settings_plan import INDICATORS, RESPONSIBLE_UNIT
from pipelines.model.store import open_ward, update_config
from pipelines.reports.plan_settings import indicator_table, read_indicator_table
from pipelines.reports.settings_view import read_setting, settings_views
from pipelines.text.formats import NumberFormatError


def test_defaults_cover_the_issue_list_with_sources():
    keys = {s.key for s in INDICATORS}
    assert {
        "households_in_groups", "safety_groups_per_group", "points_working",
        "deep_alleys_with_point", "high_risk_inspected", "violations_fixed_on_time",
        "households_with_extinguisher", "propaganda_per_group", "trainings_per_group",
        "drills_per_group", "fires",
    } <= keys  # fmt: skip
    assert all(s.source for s in INDICATORS)
    assert all(s.responsible in RESPONSIBLE_UNIT for s in INDICATORS)
    assert RESPONSIBLE_UNIT.labels("vi")["police"] == "Công an phường"
    assert len(RESPONSIBLE_UNIT.codes()) == 6


def test_plan_round_trips_through_ward_toml():
    indicators = WardConfig().plan.indicators
    indicators["fires"] = {"target": 3.0, "deadline": "2027-06-30", "responsible": "tdp"}
    indicators["households_in_groups"]["target"] = None  # no target
    config = WardConfig().replace("plan", indicators=indicators)
    text = dumps_config(config)
    assert 'indicators.fires.deadline = "2027-06-30"' in text
    assert 'indicators.households_in_groups.target = ""' in text
    again = config_from_dict(tomllib.loads(text))
    assert again == config
    assert again.plan.indicators["fires"]["responsible"] == "tdp"


def test_a_partial_plan_keeps_the_other_defaults_and_accepts_a_toml_date():
    data = tomllib.loads("[plan]\nindicators.fires.deadline = 2027-01-31\n")
    config = config_from_dict(data)
    assert config.plan.indicators["fires"]["deadline"] == "2027-01-31"
    assert (
        config.plan.indicators["points_working"] == WardConfig().plan.indicators["points_working"]
    )


@pytest.mark.parametrize(
    ("toml", "match"),
    [
        ("indicators.points_working.target = 120.0", "nằm ngoài khoảng cho phép"),
        ("indicators.fires.target = -1", "nằm ngoài khoảng cho phép"),
        ('indicators.fires.target = "nhiều"', "phải là một số"),
        ('indicators.fires.deadline = "31/13/2026"', "phải là một ngày"),
        ('indicators.fires.responsible = "xyz"', "Đơn vị chủ trì"),
        ("indicators.unknown.target = 1", "Không có chỉ tiêu 'unknown'"),
        ("indicators.fires.owner = 1", "chỉ có các mục"),
    ],
)
def test_bad_values_are_refused_in_vietnamese(toml: str, match: str):
    with pytest.raises(ConfigError) as caught:
        config_from_dict(tomllib.loads(f"[plan]\n{toml}\n"))
    assert match in caught.value.message("vi")


def test_the_settings_table_reads_back_what_was_typed():
    value = WardConfig().plan.indicators
    table = indicator_table(value, "vi")
    assert len(table) == len(INDICATORS)
    row = table.set_index("code").loc["households_in_groups"]
    assert (row["label"], row["target"], row["responsible"]) == (
        "Hộ tham gia tổ liên gia",
        "70",
        "Công an phường",
    )
    table.loc[table["code"] == "households_in_groups", "target"] = "72,5"
    table.loc[table["code"] == "fires", "responsible"] = "Tổ dân phố"
    table.loc[table["code"] == "fires", "deadline"] = pd.Timestamp("2027-03-31")
    got = read_indicator_table(table.to_dict("list"), "vi")
    assert got["households_in_groups"]["target"] == 72.5
    assert got["fires"] == {"target": None, "deadline": "2027-03-31", "responsible": "tdp"}
    view = next(v for v in settings_views(WardConfig(), "vi") if v.section == "plan")
    assert view.kind == "indicators"
    assert read_setting(view, table, "vi")["households_in_groups"]["target"] == 72.5


def test_the_settings_table_names_every_faulty_row():
    table = indicator_table(WardConfig().plan.indicators, "vi")
    table.loc[table["code"] == "fires", "target"] = "ba"
    table.loc[table["code"] == "points_working", "responsible"] = "Hội phụ nữ"
    table.loc[table["code"] == "drills_per_group", "deadline"] = None
    with pytest.raises(NumberFormatError) as caught:
        read_indicator_table(table, "vi")
    message = caught.value.message("vi")
    assert "Vụ cháy (12 tháng)" in message and "không phải là một số" in message
    assert "'Hội phụ nữ' không phải đơn vị chủ trì" in message
    assert "không phải một ngày" in message


def test_saved_through_the_store_under_its_lock(tiny_ward: Path):
    ward = open_ward(tiny_ward)
    indicators = copy.deepcopy(ward.config.plan.indicators)
    indicators["points_working"]["target"] = 90.0
    update_config(tiny_ward, "plan", {"indicators": indicators}, based_on=ward.config)
    assert open_ward(tiny_ward).config.plan.indicators["points_working"]["target"] == 90.0
    indicators["points_working"]["target"] = 150.0
    with pytest.raises(ConfigError) as caught:
        update_config(tiny_ward, "plan", {"indicators": indicators}, based_on=ward.config)
    assert "nằm ngoài khoảng cho phép" in caught.value.message("vi")
    assert open_ward(tiny_ward).config.plan.indicators["points_working"]["target"] == 90.0
