"""Settings as the Cài đặt page shows them, and the overview's tables."""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.model.settings import WardConfig
from pipelines.reports.indicators import WardKpis
from pipelines.reports.overview import category_table, group_table
from pipelines.reports.settings_view import read_setting, settings_views
from pipelines.text.formats import NumberFormatError


def _view(key: str, lang: str = "vi"):
    return next(v for v in settings_views(WardConfig(), lang) if v.key == key)


def test_every_setting_has_a_label_and_a_kind_never_a_raw_key():
    views = settings_views(WardConfig(), "vi")
    assert len(views) > 40
    for view in views:
        assert view.key not in view.label
        assert "{" not in view.help and "_" not in view.help.split("Nguồn:")[0]
        assert view.kind in ("bool", "int", "float", "text", "table", "indicators")


def test_numbers_are_typed_text_and_tables_have_labelled_items():
    radius = _view("public_point_radius_m")
    assert radius.kind == "float" and radius.text == "100"
    assert radius.label.endswith("(m)")
    assert "Mặc định: 100." in radius.help
    base = _view("category_base")
    assert base.kind == "table"
    table = base.table.set_index("code")
    assert table.loc["karaoke", "label"] == "Karaoke, vũ trường, quán bar"
    assert table.loc["household_business", "label"] == "Hộ kinh doanh"
    weights = _view("household_weight_by_class").table.set_index("code")
    assert weights.loc["medium", ["label", "value"]].tolist() == ["Trung bình", "1,5"]
    highway = _view("osm_highway_width_m").table.set_index("code")
    assert highway.loc["footway", ["label", "value"]].tolist() == ["Lối đi bộ", "1,5"]
    assert "Karaoke, vũ trường, quán bar: 30" in base.help
    assert _view("household_weight_by_class", "en").table["value"].iloc[1] == "1.5"


@pytest.mark.parametrize(
    ("key", "typed", "value"),
    [
        ("truck_min_width_m", "3,0", 3.0),
        ("truck_min_width_m", "3.5", 3.5),
        ("public_point_radius_m", "1.234,5", 1234.5),
        ("public_point_radius_m", " 120 ", 120.0),
    ],
)
def test_typed_numbers_are_read_as_written(key, typed, value):
    assert read_setting(_view(key), typed) == value


def test_a_whole_number_setting_refuses_a_fraction_naming_it():
    view = next(v for v in settings_views(WardConfig(), "vi") if v.kind == "int")
    with pytest.raises(NumberFormatError) as info:
        read_setting(view, "2,5")
    assert view.label in info.value.message("vi") and "số nguyên" in info.value.message("vi")
    assert read_setting(view, "7") == 7


def test_a_table_is_read_item_by_item_and_names_the_bad_item():
    view = _view("household_weight_by_class")
    edited = view.table.assign(value=["1", "2,5", "3", "4"]).to_dict("list")
    assert read_setting(view, edited) == {"low": 1.0, "medium": 2.5, "high": 3.0, "very_high": 4.0}
    kit = _view("kit")
    assert read_setting(kit, kit.table.to_dict("list"))["crowbar_vnd"] == 1
    bad = view.table.assign(value=["1", "nhiều", "3", "4"]).to_dict("list")
    with pytest.raises(NumberFormatError, match="Trung bình"):
        read_setting(view, bad)


def test_overview_tables_are_labelled_and_formatted():
    kpis = WardKpis(
        premises=3,
        premises_by_category={"karaoke": 2, "market": 1},
        premises_with_violations=1,
        premises_construction_electrical=0,
        points_working=1,
        points_total=2,
        points_unknown=1,
        households=1_500,
        households_in_group=750,
        safety_groups=3,
        water_working=1,
        water_total=1,
        water_unknown=0,
        hydrants_working=1,
        hydrants_total=1,
        incidents_last_year=0,
    )
    by_category = category_table(kpis, "vi")
    assert list(by_category.columns) == ["Loại hình", "Số lượng"]
    assert by_category.iloc[0].tolist() == ["Karaoke, vũ trường, quán bar", 2]
    breakdown = pd.DataFrame(
        {
            "group_id": ["TDP-1", ""],
            "group_name": ["Tổ dân phố số 1", None],
            "households": [1_400, 100],
            "households_in_group": [700, 50],
            "share_in_group": [0.5, 0.5],
            "premises": [3, 0],
            "premises_with_violations": [1, 0],
            "points_working": [1, 0],
            "points_total": [2, 0],
        }
    )
    shown = group_table(breakdown, "vi")
    assert shown["Tổ dân phố"].tolist() == ["Tổ dân phố số 1", "(chưa gán tổ dân phố)"]
    assert shown["Số hộ"].tolist() == ["1.400", "100"]
    assert shown["Tỷ lệ tham gia"].tolist() == ["50,0 %", "50,0 %"]
    assert shown.iloc[0, -1] == "1 / 2"


def test_osm_poi_category_table_reads_category_labels_back() -> None:
    from pipelines.model.settings import WardConfig
    from pipelines.reports.settings_view import read_setting, settings_views
    from pipelines.text.formats import NumberFormatError

    view = next(v for v in settings_views(WardConfig(), "vi") if v.key == "osm_poi_category")
    assert view.kind == "table"
    shown = view.table.set_index("code")["value"]
    assert shown["amenity=bar"] == "Karaoke, vũ trường, quán bar"
    assert "Karaoke, vũ trường, quán bar" in view.help
    typed = view.table.to_dict("list")
    assert read_setting(view, typed, "vi") == WardConfig().ingest.osm_poi_category
    typed["value"][0] = "Nhà trọ"
    assert read_setting(view, typed, "vi")[typed["code"][0]] == "boarding_house"
    typed["value"][0] = "quán phở"
    with pytest.raises(NumberFormatError, match="không phải loại hình cơ sở"):
        read_setting(view, typed, "vi")
