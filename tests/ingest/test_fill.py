"""A column the file lacks never rejects a row: status 'Chưa rõ', category from the name,
and the tổ dân phố of each point from the polygon that holds it."""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.ingest import ImportOptions, commit_import, prepare_import
from pipelines.model.categories import category_from_name
from pipelines.model.store import open_ward, read_layer
from tests.conftest import _xy


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Karaoke Hoa Mai", "karaoke"),
        ("KARAOKE HOA MAI", "karaoke"),
        ("Nhà trọ Bình An", "boarding_house"),
        ("nha tro binh an", "boarding_house"),
        ("Khách sạn Sông Thương", "lodging"),
        ("Nhà nghỉ Hoa Hồng", "lodging"),
        ("Chợ Hàng Da", "market"),
        ("Siêu thị Winmart", "market"),
        ("Trường Mầm non Hoa Sen", "school"),
        ("Truong tieu hoc Le Loi", "school"),
        ("Cửa hàng xăng dầu số 5", "fuel_gas"),
        ("Đại lý Gas Minh Anh", "fuel_gas"),
        ("Cụm công nghiệp Đồng Sơn", "industrial"),
        ("Xưởng mộc Tân Phát", "production"),
        ("Bệnh viện Đa khoa", "healthcare"),
        ("Chung cư 15 tầng", "apartment"),
        ("Kho hàng Minh Phát", "warehouse"),
        ("Cửa hàng tạp hóa Lan", "shophouse"),
        ("Ông Nguyễn Văn A", "other"),
        ("", "other"),
        (None, "other"),
    ],
)
def test_category_from_name(name, code):
    assert category_from_name(name) == code


def _csv(rows: list[str]) -> bytes:
    return ("\n".join(rows) + "\n").encode("utf-8")


def test_points_without_status_column_are_kept_as_unknown(tiny_ward):
    lon1, lat1 = _xy(60, 120)
    lon2, lat2 = _xy(220, 60)
    data = _csv(["Tên điểm,Kinh độ,Vĩ độ", f"Điểm A,{lon1},{lat1}", f"Điểm B,{lon2},{lat2}"])
    preview = prepare_import(
        ("diem.csv", data), tiny_ward, ImportOptions(layer="firefighting_points")
    )
    assert preview.counts.rejected == 0
    assert set(preview.frame["status"]) == {"unknown"}
    notes = [n.vi for n in preview.notes if n.code == "status_absent"]
    assert len(notes) == 1 and "Chưa rõ" in notes[0]
    commit_import(preview)
    stored = read_layer(tiny_ward, "firefighting_points")
    assert (stored["status"] == "unknown").sum() == 2


def test_a_status_column_empty_in_some_rows_still_rejects_those_rows(tiny_ward):
    lon, lat = _xy(60, 120)
    data = _csv(
        [
            "Tên điểm,Tình trạng,Kinh độ,Vĩ độ",
            f"Điểm A,Hoạt động tốt,{lon},{lat}",
            f"Điểm B,,{lon},{lat}",
        ]
    )
    preview = prepare_import(
        ("diem.csv", data), tiny_ward, ImportOptions(layer="firefighting_points")
    )
    assert preview.counts.rejected == 1
    assert not [n for n in preview.notes if n.code == "status_absent"]


def test_premises_without_category_take_it_from_the_name(tiny_ward):
    lon, lat = _xy(60, 120)
    data = _csv(
        [
            "Tên cơ sở,Kinh độ,Vĩ độ",
            f"Karaoke Hoa Mai,{lon},{lat}",
            f"Nhà trọ Minh Anh,{lon + 0.0003},{lat}",
            f"Ông Ba,{lon + 0.0006},{lat}",
        ]
    )
    preview = prepare_import(("coso.csv", data), tiny_ward, ImportOptions(layer="premises"))
    assert preview.counts.rejected == 0
    frame = preview.frame.set_index("name")
    assert frame.loc["Karaoke Hoa Mai", "category"] == "karaoke"
    assert frame.loc["Karaoke Hoa Mai", "management_level"] == "police"
    assert frame.loc["Nhà trọ Minh Anh", "category"] == "boarding_house"
    assert frame.loc["Nhà trọ Minh Anh", "management_level"] == "ward"
    assert frame.loc["Ông Ba", "category"] == "other"
    assert len([n for n in preview.notes if n.code == "category_from_name"]) == 1


def test_import_takes_the_tdp_of_the_polygon_and_counts_disagreements(tiny_ward):
    west = _xy(60, 120)  # inside TDP-1
    east = _xy(220, 60)  # inside TDP-2
    outside = _xy(320, 100)  # east of the ward, within the boundary margin
    data = _csv(
        [
            "Tên cơ sở,Loại hình,Tổ dân phố,Kinh độ,Vĩ độ",
            f"Karaoke Tây,karaoke,TDP-2,{west[0]},{west[1]}",
            f"Karaoke Đông,karaoke,Tổ 9,{east[0]},{east[1]}",
            f"Karaoke Ngoài,karaoke,TDP-1,{outside[0]},{outside[1]}",
        ]
    )
    preview = prepare_import(("coso.csv", data), tiny_ward, ImportOptions(layer="premises"))
    assert preview.counts.rejected == 0, preview.problems
    groups = dict(zip(preview.frame["name"], preview.frame["residential_group_id"], strict=True))
    assert groups["Karaoke Tây"] == "TDP-1"
    assert groups["Karaoke Đông"] == "TDP-2"
    assert pd.isna(groups["Karaoke Ngoài"])
    codes = {n.code for n in preview.notes}
    assert {"residential_group_differs", "residential_group_outside"} <= codes
    commit_import(preview)
    ward = open_ward(tiny_ward)
    stored = dict(
        zip(ward["premises"]["name"], ward["premises"]["residential_group_id"], strict=True)
    )
    assert stored["Karaoke Tây"] == "TDP-1"
    assert pd.isna(stored["Karaoke Ngoài"])


def test_unknown_status_is_counted_apart_and_drawn_apart(tiny_ward):
    from pipelines.maps.layers import prepare_layers
    from pipelines.reports.indicators import ward_kpis

    lon, lat = _xy(60, 120)
    data = _csv(["Tên điểm,Kinh độ,Vĩ độ", f"Điểm mới,{lon},{lat}"])
    commit_import(
        prepare_import(("diem.csv", data), tiny_ward, ImportOptions(layer="firefighting_points"))
    )
    ward = open_ward(tiny_ward)
    kpis = ward_kpis(ward)
    assert (kpis.points_working, kpis.points_total, kpis.points_unknown) == (1, 2, 1)
    layer = prepare_layers(ward, "vi")["firefighting_points"]
    assert ("Chưa rõ",) in layer.style_labels
    assert len(set(layer.style_labels)) == len(layer.style_labels), "one legend entry per status"
    assert any("pccc-fp-unknown" in s["className"] for s in layer.styles)
