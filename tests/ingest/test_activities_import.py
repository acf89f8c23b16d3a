"""The activities list as a ward office writes it: Vietnamese headers, dd/mm/yyyy dates, kinds
by their names; bad rows in the rejects with row number and reason; a re-import changes nothing."""

from __future__ import annotations

from pathlib import Path

from pipelines.ingest import ImportOptions, commit_import, prepare_import
from pipelines.model.store import read_layer

CSV = (
    "Ngày,Tổ dân phố,Loại hoạt động,Nội dung,Số người tham gia,Ghi chú\n"
    "05/03/2026,Tổ dân phố số 1,Tuyên truyền,Tuyên truyền PCCC mùa khô,45,\n"
    "12/04/2026,TDP-2,Diễn tập,Thực tập phương án 4 tại chỗ,30,có xe chữa cháy\n"
    "12/04/2026,TDP-2,Tập huấn,Thực tập phương án 4 tại chỗ,30,\n"
    "2026-13-40,TDP-2,Tập huấn,Sai ngày,10,\n"
    "20/05/2026,TDP-1,Họp dân,Không rõ loại,10,\n"
)


def test_activities_import_from_a_vietnamese_list(tiny_ward: Path, tmp_path: Path) -> None:
    path = tmp_path / "hoat-dong.csv"
    path.write_text(CSV, encoding="utf-8")
    preview = prepare_import(path, tiny_ward, ImportOptions(layer="activities"))
    c = preview.counts
    assert (c.rows_in, c.new, c.rejected) == (5, 3, 2)
    reasons = preview.rejects.set_index("Dòng")["Lý do"]
    assert "không phải ngày hợp lệ" in reasons[5]
    assert "không thuộc danh mục 'Loại hoạt động'" in reasons[6]
    commit_import(preview)
    stored = read_layer(tiny_ward, "activities").set_index("title")
    assert len(stored) == 2 + 3  # the tiny ward's two, and three new
    drill = stored.loc["Thực tập phương án 4 tại chỗ"].set_index("kind").loc["drill"]
    assert (drill["residential_group_id"], drill["participants"]) == ("TDP-2", 30)
    assert stored.loc["Tuyên truyền PCCC mùa khô", "residential_group_id"] == "TDP-1"
    again = prepare_import(path, tiny_ward, ImportOptions(layer="activities")).counts
    assert (again.new, again.unchanged) == (0, 3)
