"""A real ward from its real files, end to end through ``pccc`` (issue 8).

Hoàn Kiếm's real OpenStreetMap roads (``../shared/realdata/osm``) and a boundary drawn around
them start a ward with ``pccc init --boundary --osm``; then the lists a ward really has: an
address-only premises list written from the file's real alley names (misspelt, without
diacritics, in reversed order, upper case, one alley made up, no category column) and a list
of public firefighting points without a status column. Every row is stored or rejected with a
reason; the analysis finds the deep alleys trucks cannot enter, and the plan puts at least one
new point in one of them although the ward has no household list and no buildings.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from pipelines.cli import main
from pipelines.model import store
from tests.conftest import SHARED

ROADS = SHARED / "realdata" / "osm" / "hanoi-hoan-kiem-overpass.json"
pytestmark = pytest.mark.skipif(not ROADS.is_file(), reason="needs ../shared/realdata")

# name (no category column: the category comes from the name), address as police write it,
# and whether the row must be placed
PREMISES = [
    ("Karaoke Hoa Mai", "Số 5 ngõ 143 Phúc Tân", True),
    ("Nhà trọ Bình An", "12 Ngõ 20 Hàng Vôi", True),
    ("Khách sạn Phố Cổ", "34 Phố Lý Nam Đế", True),
    ("Cửa hàng tạp hoá Lan", "so 8 ngo 193 phuc tan", True),
    ("Xưởng may Thành Công", "Ngõ 36 Lý Nam Đế, số 4", True),
    ("Quán bar Đêm Xanh", "15 Ngỏ 183 Phố Phúc Tân", True),
    ("Nha nghi Hong Ha", "Số 2 Ngõ 515 Hongg Ha, P. Hoàn Kiếm, TP Hà Nội", True),
    ("KARAOKE SAO VÀNG", "SỐ 6 NGÕ 16A LÝ NAM ĐẾ", True),
    ("Cơ sở không có thật", "Số 9 ngõ 999 Phố Không Có", False),
]
POINTS = [
    ("Điểm CCCC ngõ 143", "Ngõ 143 Phúc Tân"),
    ("Điểm CCCC ngõ 20 Hàng Vôi", "ngõ 20 hang voi"),
]


def _run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def _boundary(folder: Path) -> Path:
    """A polygon around the roads file's nodes: the ward as a user would draw it."""
    doc = json.loads(ROADS.read_text(encoding="utf-8"))
    nodes = [(e["lon"], e["lat"]) for e in doc["elements"] if e["type"] == "node"]
    hull = shapely.MultiPoint(nodes).convex_hull.buffer(0.0005)
    path = folder / "ranh-gioi.geojson"
    gpd.GeoDataFrame({"name": ["Phường Hoàn Kiếm"]}, geometry=[hull], crs="EPSG:4326").to_file(
        path, driver="GeoJSON"
    )
    return path


def _csv(folder: Path, name: str, header: str, rows: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_real_ward_from_public_osm_and_an_address_only_list(tmp_path, capsys):
    ward = tmp_path / "hoan-kiem"
    code, out = _run(
        "init",
        str(ward),
        "--name",
        "Phường Hoàn Kiếm",
        "--province",
        "Hà Nội",
        "--boundary",
        str(_boundary(tmp_path)),
        "--osm",
        str(ROADS),
        capsys=capsys,
    )
    assert code in (0, 1), out
    roads = store.read_layer(ward, "roads")
    assert len(roads) == 1495, out  # every real way stored: none rejected for a missing width
    assert roads["width_m"].notna().all()
    assert "1.495" in out  # the summary counts through the formatter

    premises_csv = _csv(
        tmp_path,
        "co-so.csv",
        "STT,Tên cơ sở,Địa chỉ",
        [f'{i},{n},"{a}"' for i, (n, a, _) in enumerate(PREMISES, start=1)],
    )
    code, out = _run(
        "import", str(premises_csv), "--ward", str(ward), "--layer", "premises", capsys=capsys
    )
    assert code == 1, out  # one row rejected, the rest stored
    stored = store.read_layer(ward, "premises")
    rejects_line = next(line for line in out.splitlines() if line.startswith("Dòng bị loại"))
    rejects_csv = rejects_line.split(":", 1)[1].split(" ; ")[0].strip()
    rejected = pd.read_csv(rejects_csv, encoding="utf-8-sig")
    assert len(stored) + len(rejected) == len(PREMISES)  # rows in = stored + rejected
    assert sorted(stored["name"]) == sorted(n for n, _, placed in PREMISES if placed)
    assert stored["location_source"].isin(["address_alley", "address_street"]).all()
    assert (stored["location_error_m"] > 0).all()
    by_name = stored.set_index("name")
    assert by_name.loc["Karaoke Hoa Mai", "category"] == "karaoke"
    assert by_name.loc["Nhà trọ Bình An", "category"] == "boarding_house"
    assert by_name.loc["KARAOKE SAO VÀNG", "category"] == "karaoke"
    reason = " ".join(rejected.astype(str).to_numpy().ravel())
    assert "ngõ 999" in reason.lower() and "gần nhất" in reason
    boundary = store.read_layer(ward, "ward_boundary").geometry.union_all()
    assert stored.geometry.within(boundary).all()

    points_csv = _csv(tmp_path, "diem.csv", "Tên điểm,Địa chỉ", [f'{n},"{a}"' for n, a in POINTS])
    code, out = _run(
        "import", str(points_csv), "--ward", str(ward), "--layer", "firefighting_points",
        capsys=capsys,
    )  # fmt: skip
    assert code == 0, out
    points = store.read_layer(ward, "firefighting_points")
    assert len(points) == len(POINTS)
    assert (points["status"] == "unknown").all()  # no status column: "Chưa rõ", never rejected

    results = tmp_path / "ket-qua.gpkg"
    code, out = _run("analyze", "--ward", str(ward), "--out", str(results), capsys=capsys)
    assert code == 0, out
    deep = pyogrio.read_dataframe(results, layer="deep_alleys")
    assert len(deep) >= 1

    plan = tmp_path / "de-xuat.geojson"
    code, out = _run(
        "plan", "--ward", str(ward), "--new-points", "5", "--out", str(plan), capsys=capsys
    )
    assert code == 0, out
    proposed = gpd.read_file(plan)
    new = proposed[proposed.geometry.geom_type == "Point"]
    assert len(new) >= 1
    metric = deep.to_crs("EPSG:3405")
    near = new.to_crs("EPSG:3405").geometry.apply(lambda p: metric.distance(p).min())
    assert (near < 1.0).any(), "at least one new point stands in a deep alley"
