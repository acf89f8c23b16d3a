"""What the Dữ liệu page shows of an import preview (pipelines/ingest/preview_views.py)."""

from __future__ import annotations

from pathlib import Path

from pipelines.ingest import ImportOptions, prepare_import
from pipelines.ingest.preview_views import (
    accepted_view,
    can_commit,
    conversions_view,
    detected_facts,
    duplicates_view,
    missing_fields,
    open_values,
    rejects_view,
)
from tests.ingest.fixtures import FIXTURES, lonlat


def _preview(ward_dir: Path, text: str, layer: str = "premises", **options):
    data = ("danh-sach.csv", text.encode("utf-8"))
    return prepare_import(data, ward_dir, ImportOptions(layer=layer, **options))


def test_facts_values_and_missing_fields(tiny_ward):
    lon, lat = lonlat(100, 100)
    preview = _preview(
        tiny_ward,
        f"Tên,Loại,Vĩ độ,Kinh độ\nTrụ A,Trụ nước,{lat},{lon}\nBể B,Téc inox,{lat + 1e-4},{lon}\n",
        layer="water_sources",
    )
    facts = detected_facts(preview, "vi")
    assert facts[0] == "Định dạng: Bảng văn bản CSV/TSV"
    assert any(f.startswith("Bảng mã: ") for f in facts)
    assert detected_facts(preview, "en")[0] == "Format: CSV/TSV text table"
    [kinds] = open_values(preview)
    assert kinds.field.name == "kind" and kinds.values == ("Téc inox",)
    # a value already given a code stays offered, so the choice can change
    assert open_values(preview, {"kind": {"Trụ nước": "hydrant"}})[0].values == (
        "Trụ nước",
        "Téc inox",
    )
    assert [f.name for f in missing_fields(preview)] == ["status"]
    # no status column: the rows are kept as "Chưa rõ" with one note (issue 8), and the
    # page still offers a default for the field
    assert can_commit(preview)
    assert set(preview.frame["status"]) == {"unknown"}


def test_rejects_show_one_language_and_the_original_cells(tiny_ward):
    lon, lat = lonlat(100, 100)
    preview = _preview(
        tiny_ward,
        "Tên cơ sở,Loại hình,Vĩ độ,Kinh độ,Ghi chú\n"
        f"Nhà trọ Gần,Nhà trọ,{lat},{lon},\n"
        "Karaoke Xa,Karaoke,10.762622,106.660172,ngoài phường\n",
    )
    assert can_commit(preview)
    vi = rejects_view(preview, "vi")
    assert list(vi.columns[:3]) == ["Dòng", "Trường", "Lý do"]
    assert "Reason" not in vi.columns
    assert "ngoài ranh giới phường" in vi["Lý do"].iloc[0]
    assert vi["Vĩ độ"].iloc[0] == "10,762622"  # the cell as typed, Vietnamese decimals
    assert not vi.isna().any().any()
    en = rejects_view(preview, "en")
    assert list(en.columns[:3]) == ["Row", "Field", "Reason"] and "Lý do" not in en.columns
    accepted = accepted_view(preview, "vi")
    assert accepted["Trạng thái"].iloc[0] == "Mới"
    assert accepted["Kinh độ"].iloc[0].startswith("106,")
    assert not accepted.isna().any().any()


def test_duplicates_and_conversions_are_labelled(tiny_ward, tmp_path):
    lon, lat = lonlat(100, 100)
    preview = _preview(
        tiny_ward,
        "Mã,Tên cơ sở,Loại hình,Vĩ độ,Kinh độ\n"
        f"X1,Nhà trọ Gần,Nhà trọ,{lat},{lon}\n"
        f"X1,Nhà trọ Gần,Nhà trọ,{lat},{lon}\n",
    )
    dup = duplicates_view(preview, "vi")
    assert list(dup.columns) == ["Dòng", "Mã", "Loại trùng", "Trùng với", "Khoảng cách (m)"]
    assert dup["Loại trùng"].iloc[0] == "Trùng mã (dòng bị loại)"
    assert dup["Trùng với"].iloc[0] == "dòng 2"

    case = FIXTURES["csv_tcvn3"](tmp_path)
    converted = prepare_import(case.path, tiny_ward, ImportOptions(layer=case.layer))
    shown = conversions_view(converted, "vi")
    assert list(shown.columns) == ["Dòng", "Cột", "Bảng mã", "Trước", "Sau"]
    assert len(shown) and shown["Bảng mã"].str.contains("TCVN3").all()
    assert not shown.isna().any().any()
