"""The Dữ liệu page in a real browser: upload a TCVN3 / VN-2000 sheet, fix a mapping, commit."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import shapely
import xlsxwriter
from pyproj import Transformer

from pipelines.model.store import read_layer
from tests.browser.conftest import external_requests, import_uploader, save_screenshot
from tests.ingest.fixtures import to_tcvn3

pytestmark = pytest.mark.browser

HEADERS = ("Tên cơ sở", "Loại hình", "Địa chỉ", "Số ĐKKD", "Tọa độ X", "Tọa độ Y")
ROWS = (
    ("Karaoke Hoàng Gia", "KD karaoke", "Số 1, ngõ 5"),
    ("Nhà trọ Bình Minh", "Nhà trọ", "Số 2, ngõ 5"),
    ("Cửa hàng xăng dầu Tân Tiến", "Xăng dầu", "Số 3, ngõ 5"),
)


def points_inside(ward_dir: Path, n: int) -> list[tuple[float, float]]:
    """Return ``n`` lon/lat points inside the ward boundary, a few hundred metres apart."""
    boundary = shapely.union_all(read_layer(ward_dir, "ward_boundary").geometry.to_numpy())
    centre = boundary.representative_point()
    out = []
    for dx in np.linspace(-0.002, 0.002, 9):
        candidate = shapely.Point(centre.x + dx, centre.y + dx / 2)
        if boundary.contains(candidate):
            out.append((candidate.x, candidate.y))
    assert len(out) >= n
    return out[:: max(1, len(out) // n)][:n]


def government_sheet(path: Path, ward_dir: Path) -> list[tuple[float, float]]:
    """An XLSX typed in TCVN3 with VN-2000 TM-3 107°00' coordinates, X = northing, Y = easting."""
    points = points_inside(ward_dir, len(ROWS))
    to_tm3 = Transformer.from_crs("EPSG:4326", "EPSG:9214", always_xy=True)
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("DS co so")
    sheet.merge_range(0, 0, 0, len(HEADERS) - 1, to_tcvn3("danh sách cơ sở kinh doanh"))
    sheet.write_row(2, 0, [to_tcvn3(h) for h in HEADERS])
    for i, ((name, kind, address), (lon, lat)) in enumerate(zip(ROWS, points, strict=True)):
        east, north = to_tm3.transform(lon, lat)
        cells = [to_tcvn3(name), to_tcvn3(kind), to_tcvn3(address), f"ĐKKD-{i + 1:03d}"]
        sheet.write_row(3 + i, 0, [*cells, round(north, 2), round(east, 2)])
    book.close()
    return points


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def wait_for_text(page, text: str, timeout_s: float) -> None:
    page.get_by_text(text, exact=False).first.wait_for(timeout=timeout_s * 1000)


def wait_until_idle(page, timeout_s: float) -> None:
    """Wait for the script run triggered by the last widget change to finish."""
    time.sleep(0.5)
    page.locator('[data-testid="stStatusWidget"]').wait_for(
        state="hidden", timeout=timeout_s * 1000
    )


def test_upload_preview_fix_mapping_and_commit(page, sample_server, tmp_path):
    url, ward_dir = sample_server
    before = read_layer(ward_dir, "premises")
    path = tmp_path / "co_so_tcvn3_vn2000.xlsx"
    points = government_sheet(path, ward_dir)

    page.goto(f"{url}/du-lieu")
    import_uploader(page).wait_for(state="attached", timeout=60_000)
    import_uploader(page).set_input_files(str(path))
    wait_for_text(page, "Dòng trong tệp", 90)
    deadline = time.monotonic() + 60
    while metric(page, "Dòng trong tệp") != "3" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert metric(page, "Dòng trong tệp") == "3"
    assert metric(page, "Mới") == "3"
    # detections: TCVN3 cells converted, VN-2000 TM-3 found from the ward boundary
    wait_for_text(page, "TCVN3", 10)
    wait_for_text(page, "EPSG:9214", 10)
    save_screenshot(page, "data-preview")

    # the registration-number column is not a field the importer knows: send it to the note
    combobox = page.get_by_role("combobox", name="Số ĐKKD")
    assert "bỏ qua" in combobox.inner_text() or "bỏ qua" in (combobox.input_value() or "")
    combobox.click()
    page.keyboard.type("Ghi chú")  # the list is long and virtualised: filter it first
    page.get_by_role("option", name="Ghi chú", exact=True).click()
    deadline = time.monotonic() + 60
    while "Ghi chú" not in page.get_by_role("combobox", name="Số ĐKKD").input_value():
        assert time.monotonic() < deadline, "the mapping did not change"
        time.sleep(0.2)
    wait_until_idle(page, 60)

    page.get_by_role("button", name="Ghi vào dữ liệu phường").click()
    wait_for_text(page, "Đã ghi 3 đối tượng", 90)
    deadline = time.monotonic() + 60
    while metric(page, "Không đổi") != "3":  # the preview is recomputed on the new store
        assert time.monotonic() < deadline, "the preview did not follow the commit"
        time.sleep(0.2)
    save_screenshot(page, "data-committed")

    after = read_layer(ward_dir, "premises")
    assert len(after) == len(before) + 3
    added = after[~after["id"].isin(before["id"])].set_index("name")
    assert sorted(added["note"]) == ["ĐKKD-001", "ĐKKD-002", "ĐKKD-003"]
    assert added.loc["Karaoke Hoàng Gia", "category"] == "karaoke"
    to_tm3 = Transformer.from_crs("EPSG:4326", "EPSG:9214", always_xy=True)
    for (name, _, _), (lon, lat) in zip(ROWS, points, strict=True):
        stored = added.geometry[name]
        ex, ny = to_tm3.transform(lon, lat)
        sx, sy = to_tm3.transform(stored.x, stored.y)
        assert np.hypot(ex - sx, ny - sy) < 1.0
    assert list((ward_dir / "imports").glob("*co_so_tcvn3_vn2000.xlsx"))
    assert external_requests(page) == []
