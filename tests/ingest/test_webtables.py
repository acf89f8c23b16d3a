"""Spreadsheets from web portals: an HTML table saved as .xls and Excel 2003 XML, made in code.

Title rows above the header, merged header cells (colspan/rowspan, ss:MergeAcross/
ss:MergeDown), several tables or worksheets, Vietnamese text and comma decimals: read like
any workbook, recognised by their content whatever the file is called.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from pipelines.ingest import ImportOptions, prepare_import
from pipelines.ingest.formats import read_source
from pipelines.ingest.source import ReadOptions
from pipelines.ingest.webtables import read_html_tables, read_spreadsheetml, sniff
from tests.ingest.fixtures import lonlat

POINTS = [(40, 40), (100, 120), (240, 60)]
NAMES = ["Karaoke Hoàng Gia", "Nhà trọ Bình Minh", "Cửa hàng xăng dầu số 1"]
KINDS = ["Karaoke", "Nhà trọ", "Xăng dầu"]


def _comma(value: float) -> str:
    return f"{value:.6f}".replace(".", ",")


def _rows() -> list[list[str]]:
    out = []
    for i, ((e, n), name, kind) in enumerate(zip(POINTS, NAMES, KINDS, strict=True), start=1):
        lon, lat = lonlat(e, n)
        out.append([str(i), name, kind, f"Số {i}, ngõ 5", _comma(lon), _comma(lat)])
    return out


def html_xls() -> bytes:
    """A portal's "Xuất Excel": a summary table first, then the list with a two-row header."""
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in _rows()
    )
    page = f"""<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>
<body>
<table><tr><td>Tổng số cơ sở</td><td>3</td></tr></table>
<table border="1">
<tr><td colspan="6" align="center"><b>DANH SÁCH CƠ SỞ THUỘC DIỆN QUẢN LÝ PCCC</b></td></tr>
<tr><td colspan="6">Phường Thử &ndash; ngày 01/03/2025</td></tr>
<tr><th rowspan="2">STT</th><th rowspan="2">Tên cơ sở</th><th rowspan="2">Loại hình</th>
<th rowspan="2">Địa chỉ</th><th colspan="2">Tọa độ</th></tr>
<tr><th>Kinh độ</th><th>Vĩ độ</th></tr>
{body}
</table></body></html>"""
    return page.encode("utf-8")


def spreadsheetml() -> bytes:
    def cell(value: str, extra: str = "") -> str:
        kind = "Number" if value.isdigit() else "String"
        return f'<Cell{extra}><Data ss:Type="{kind}">{escape(value)}</Data></Cell>'

    body = "".join("<Row>" + "".join(cell(c) for c in row) + "</Row>" for row in _rows())
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Worksheet ss:Name="Ghi chú"><Table><Row>{cell("Xuất từ cổng dịch vụ công")}</Row></Table></Worksheet>
<Worksheet ss:Name="Danh sách"><Table>
<Row>{cell("DANH SÁCH CƠ SỞ THUỘC DIỆN QUẢN LÝ PCCC", ' ss:MergeAcross="5"')}</Row>
<Row ss:Index="3">{cell("STT", ' ss:MergeDown="1"')}{cell("Tên cơ sở", ' ss:MergeDown="1"')}\
{cell("Loại hình", ' ss:MergeDown="1"')}{cell("Địa chỉ", ' ss:MergeDown="1"')}\
{cell("Tọa độ", ' ss:MergeAcross="1"')}</Row>
<Row><Cell ss:Index="5"><Data ss:Type="String">Kinh độ</Data></Cell>{cell("Vĩ độ")}</Row>
{body}
</Table></Worksheet>
</Workbook>""".encode()


def test_sniffed_by_content() -> None:
    assert sniff(html_xls()) == "html_table"
    assert sniff(b"\xef\xbb\xbf<table><tr><td>a</td></tr></table>") == "html_table"
    assert sniff(spreadsheetml()) == "spreadsheetml"
    assert sniff(b"\xd0\xcf\x11\xe0 real xls") is None
    assert sniff(b'{"type": "FeatureCollection"}') is None
    assert sniff(b"<?xml version='1.0'?><kml></kml>") is None


def test_html_grid_places_merged_cells() -> None:
    sheets = read_html_tables(html_xls(), "x.xls")
    assert len(sheets) == 2
    rows = sheets[1].rows
    assert rows[2][:4] == ["STT", "Tên cơ sở", "Loại hình", "Địa chỉ"]
    assert rows[3][4:6] == ["Kinh độ", "Vĩ độ"] and rows[3][0] == ""
    assert ((0, 0), (0, 5)) in sheets[1].merged and ((2, 4), (2, 5)) in sheets[1].merged
    assert rows[1][0] == "Phường Thử – ngày 01/03/2025"


def test_spreadsheetml_grid_places_merged_cells() -> None:
    sheets = read_spreadsheetml(spreadsheetml(), "x.xml")
    assert [s.name for s in sheets] == ["Ghi chú", "Danh sách"]
    rows = sheets[1].rows
    assert rows[1] == [""] * 6  # ss:Index skipped a row
    assert rows[2][:5] == ["STT", "Tên cơ sở", "Loại hình", "Địa chỉ", "Tọa độ"]
    assert rows[3][4:6] == ["Kinh độ", "Vĩ độ"]
    assert ((2, 0), (3, 0)) in sheets[1].merged and ((2, 4), (2, 5)) in sheets[1].merged
    assert rows[4][0] == 1  # a Number cell


@pytest.mark.parametrize("maker", [html_xls, spreadsheetml])
@pytest.mark.parametrize("name", ["danh_sach.xls", "danh_sach.xml", "danh_sach"])
def test_web_workbooks_import_like_any_workbook(
    maker, name: str, tmp_path: Path, tiny_ward: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(maker())
    preview = prepare_import(path, tiny_ward, ImportOptions(layer="premises"))
    assert preview.format in ("html_table", "spreadsheetml")
    assert preview.counts.rows_in == 3 and preview.counts.rejected == 0, preview.rejects
    mapping = preview.mapping_dict()
    assert mapping["Tên cơ sở"] == "name"
    assert mapping["Tọa độ Kinh độ"] == "coord_lon" and mapping["Tọa độ Vĩ độ"] == "coord_lat"
    assert preview.header_row == 3
    frame = preview.frame.sort_values("name").reset_index(drop=True)
    assert sorted(NAMES) == list(frame["name"])
    by_name = dict(zip(frame["name"], frame["geometry"], strict=True))
    for (e, n), label in zip(POINTS, NAMES, strict=True):
        lon, lat = lonlat(e, n)
        assert by_name[label].x == pytest.approx(lon, abs=1e-6)
        assert by_name[label].y == pytest.approx(lat, abs=1e-6)
    assert any(n.code == "sheet" for n in preview.notes)


def test_comma_decimals_stay_text_until_parsed() -> None:
    table = read_source(html_xls(), "a.xls", ReadOptions(layer="premises"))
    assert table.frame["Tọa độ Kinh độ"].map(type).eq(str).all()
    assert table.frame["Tọa độ Kinh độ"].str.contains(",").all()
    assert list(table.row_numbers) == [5, 6, 7]


def test_sheet_chosen_by_name() -> None:
    table = read_source(spreadsheetml(), "a.xml", ReadOptions(layer="premises", sheet="Ghi chú"))
    assert table.sheet == "Ghi chú" and table.sheets == ("Ghi chú", "Danh sách")
