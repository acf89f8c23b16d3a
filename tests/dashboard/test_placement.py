"""The Dữ liệu page's placement section with AppTest: address suggestions, refusing them,
a row placed by hand, committed."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from pipelines.model.store import read_layer
from tests.conftest import REPO_ROOT
from tests.ingest.fixtures import lonlat

APP = str(REPO_ROOT / "dashboard" / "app.py")
PAGE = "app_pages/data.py"
CSV = "\n".join(
    [
        "Tên cơ sở,Loại hình,Địa chỉ",
        'Karaoke Mới,Karaoke,"Số 40 Đường Chính, P. Thử"',
        'Nhà trọ <b>Xa</b>,Nhà trọ,"12 duong chinhh"',
        'Quán lạ,Karaoke,"Số 9 ngõ 77 Phố Không Có"',
    ]
).encode("utf-8")


def _page(ward_dir: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("PCCC_WARD", str(ward_dir))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(PAGE)
    at.session_state["pccc_data_file"] = ("co_so.csv", CSV)
    return at.run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _placements(at: AppTest):
    return next(df.value for df in at.dataframe if "Cách định vị" in df.value.columns)


def test_address_placed_rows_are_listed_and_can_be_refused_or_placed_by_hand(
    tiny_ward: Path, monkeypatch
) -> None:
    at = _page(tiny_ward, monkeypatch)
    assert not at.exception, [e.message for e in at.exception]
    assert "Vị trí theo địa chỉ" in [h.value for h in at.subheader]
    assert (_metrics(at)["Mới"], _metrics(at)["Bị loại"]) == ("2", "1")
    table = _placements(at)
    assert list(table["Dòng"]) == ["2", "3", "4"]
    assert list(table["Cách định vị"][:2]) == ["Theo địa chỉ, chỉ trên phố"] * 2
    assert table["Đặt trên"][0] == "Đường Chính"
    assert table["Sai số ước tính (m)"][0].isdigit()
    assert table["Tên"][1] == "Nhà trọ <b>Xa</b>"  # user text kept as text
    assert "không tìm thấy 'ngõ 77 Phố Không Có'" in table["Lý do chưa định vị được"][2]
    # refusing the suggestions rejects the rows without coordinates
    accept = next(c for c in at.checkbox if c.label == "Nhận các vị trí gợi ý theo địa chỉ")
    accept.uncheck().run()
    assert not at.exception, [e.message for e in at.exception]
    assert _metrics(at)["Bị loại"] == "3"
    accept = next(c for c in at.checkbox if c.label == "Nhận các vị trí gợi ý theo địa chỉ")
    accept.check().run()
    assert _metrics(at)["Bị loại"] == "1"
    # a point placed by hand for the made-up alley (what a map click stores)
    token = next(iter(at.session_state["pccc_data_by_hand"]))
    lon, lat = lonlat(120, 60)
    at.session_state["pccc_data_by_hand"] = {token: {4: (lon, lat)}}
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert (_metrics(at)["Mới"], _metrics(at)["Bị loại"]) == ("3", "0")
    assert _placements(at)["Cách định vị"][2] == "Đặt bằng tay trên bản đồ"
    next(b for b in at.button if b.key == "pccc_data_commit").click().run()
    assert not at.exception, [e.message for e in at.exception]
    stored = read_layer(tiny_ward, "premises").set_index("name")
    assert stored.loc["Quán lạ", "location_source"] == "by_hand"
    assert stored.loc["Karaoke Mới", "location_source"] == "address_street"
    assert stored.loc["Karaoke Mới", "location_error_m"] > 0
    assert abs(stored.loc["Quán lạ"].geometry.x - lon) < 1e-9
