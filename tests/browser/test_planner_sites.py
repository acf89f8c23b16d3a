"""The planner's candidate-site upload in a real browser: read like an import, rejects shown."""

from __future__ import annotations

import pytest
import shapely
from pyproj import Transformer

from pipelines.model.store import read_layer
from tests.browser.conftest import save_screenshot

pytestmark = pytest.mark.browser


def test_a_vn2000_site_file_is_read_and_its_rejected_rows_are_shown(page, sample_server, tmp_path):
    url, ward_dir = sample_server
    boundary = read_layer(ward_dir, "ward_boundary").geometry.iloc[0]
    inside = shapely.Point(boundary.representative_point())
    to_vn2000 = Transformer.from_crs("EPSG:4326", "EPSG:9214", always_xy=True)
    east, north = to_vn2000.transform(inside.x, inside.y)
    path = tmp_path / "vi-tri-ung-vien.csv"
    # VN-2000 X = northing, Y = easting, decimal commas; the second row is 50 km north
    rows = [(north, east), (north + 50_000, east)]
    lines = ["Tên;X;Y"] + [
        f"Điểm {i};{x:.2f};{y:.2f}".replace(".", ",") for i, (x, y) in enumerate(rows, 1)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    page.goto(f"{url}/quy-hoach-diem")
    page.get_by_text("Thêm vị trí ứng viên từ tệp").first.click(timeout=180_000)
    upload = page.locator('input[type="file"]').first
    upload.wait_for(state="attached", timeout=60_000)
    upload.set_input_files(str(path))
    page.get_by_text("Đọc được 1 vị trí ứng viên từ tệp").wait_for(timeout=180_000)
    warning = page.get_by_text("1 dòng của tệp vị trí ứng viên bị loại")
    warning.wait_for(timeout=30_000)
    text = warning.inner_text()
    assert "Dòng 3 — Tọa độ: nằm ngoài" in text
    save_screenshot(page, "planner-sites-upload")
