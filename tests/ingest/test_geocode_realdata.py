"""Addresses onto the real alleys of Hoàn Kiếm (../shared/realdata/osm).

An address-only premises list written from the real alley names of the roads file (with
misspellings, no diacritics, reversed order, a made-up alley) goes through the importer;
the real points of interest's typed addresses are placed and compared with their true
positions (figures measured on 2026-12-03: 314 of 336 placed, median 69 m, 90th percentile
336 m; the bounds below catch a regression without asserting on chance).
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from pipelines.ingest import ImportOptions, commit_import, prepare_import
from pipelines.ingest.geocode import RoadIndex, geocode_addresses
from pipelines.model import store
from tests.conftest import SHARED

OSM = SHARED / "realdata" / "osm"
ROADS = OSM / "hanoi-hoan-kiem-overpass.json"
POIS = OSM / "hanoi-hoan-kiem-poi-overpass.json"
pytestmark = pytest.mark.skipif(
    not ROADS.is_file(), reason="shared/realdata is not beside the repo"
)

# (address as a ward officer writes it, the road it must land on, location_source)
PREMISES = [
    ("Số 5 ngõ 143 Phúc Tân", "Ngõ 143 Phúc Tân", "address_alley"),
    ("12 Ngõ 20 Hàng Vôi", "Ngõ 20 Hàng Vôi", "address_alley"),
    ("34 Phố Lý Nam Đế", "Phố Lý Nam Đế", "address_street"),
    ("so 8 ngo 193 phuc tan", "Ngõ 193 Phúc Tân", "address_alley"),
    ("Ngõ 36 Lý Nam Đế, số 4", "Ngõ 36 Lý Nam Đế", "address_alley"),
    ("Số 3 ngõ Hàng Hươngg", "Ngõ Hàng Hương", "address_alley"),
    ("15 Ngỏ 183 Phố Phúc Tân", "Ngõ 183 Phố Phúc Tân", "address_alley"),
    ("Ngách 3/15 Phúc Tân, P. Hoàn Kiếm, Hà Nội", "Ngách 3/15 Phúc Tân", "address_alley"),
    ("Số 2 Ngõ 515 Hongg Ha", "Ngõ 515 Đường Hồng Hà", "address_alley"),
    ("SỐ 6 NGÕ 16A LÝ NAM ĐẾ", "Ngõ 16A Phố Lý Nam Đế", "address_alley"),
    ("Số 7 ngõ 88 Hàng Vôi", "Phố Hàng Vôi", "address_street"),
    ("Số 9 ngõ 999 Phố Không Có", None, None),
]


@pytest.fixture(scope="module")
def hoan_kiem(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ward = tmp_path_factory.mktemp("hk") / "hoan-kiem"
    store.init_ward(ward, name="Hoàn Kiếm", crs_metric="EPSG:3405")
    commit_import(prepare_import(ROADS, ward, ImportOptions(layer="roads")))
    return ward


def _premises_csv(folder: Path) -> Path:
    rows = ["Tên cơ sở,Loại hình,Địa chỉ"]
    rows += [f'Cơ sở {i},Karaoke,"{a}"' for i, (a, _, _) in enumerate(PREMISES, start=1)]
    path = folder / "co_so_hoan_kiem.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_address_only_premises_land_on_their_alleys(hoan_kiem: Path, tmp_path: Path) -> None:
    preview = prepare_import(_premises_csv(tmp_path), hoan_kiem, ImportOptions(layer="premises"))
    c = preview.counts
    assert c.rows_in == c.stored + c.rejected == len(PREMISES)
    reasons = preview.rejects.set_index("Dòng")["Lý do"]
    made_up = len(PREMISES) + 1
    assert list(reasons.index) == [made_up]
    assert "không tìm thấy 'ngõ 999 Phố Không Có'" in reasons[made_up]
    assert "gần nhất: Ngõ " in reasons[made_up]
    roads = store.read_layer(hoan_kiem, "roads", validate=False).to_crs("EPSG:3405")
    frame = preview.frame.set_index(preview.rows).to_crs("EPSG:3405")
    for row, (address, road, source) in enumerate(PREMISES, start=2):
        if road is None:
            continue
        got = frame.loc[row]
        assert got["location_source"] == source, address
        line = shapely.union_all(roads.geometry[roads["name"] == road].to_numpy())
        assert shapely.distance(got.geometry, line) < 0.5, address
        assert 0 < got["location_error_m"] < 1000, address
    placements = preview.placements.set_index("row")
    assert len(placements) == len(PREMISES)
    assert pd.isna(placements.loc[made_up, "location_source"])
    assert "không tìm thấy" in placements.loc[made_up, "reason"]
    assert placements.loc[2, "road"] == "Ngõ 143 Phúc Tân"
    commit_import(preview)
    stored = store.read_layer(hoan_kiem, "premises")
    assert stored["location_source"].value_counts().to_dict() == {
        "address_alley": 9,
        "address_street": 2,
    }


def _poi_addresses() -> pd.DataFrame:
    elements = json.loads(POIS.read_text(encoding="utf-8"))["elements"]
    rows = [
        (f"{e['tags'].get('addr:housenumber', '')} {e['tags']['addr:street']}", e["lon"], e["lat"])
        for e in elements
        if "addr:street" in e.get("tags", {})
    ]
    return pd.DataFrame(rows, columns=["address", "lon", "lat"])


def test_real_points_of_interest_are_placed_near_their_true_position(hoan_kiem: Path) -> None:
    pois = _poi_addresses()
    assert len(pois) == 336
    roads = store.read_layer(hoan_kiem, "roads", validate=False)
    result = geocode_addresses(pois["address"], RoadIndex.from_roads(roads, "EPSG:3405"))
    placed = result.geometry != None  # noqa: E711
    assert placed.mean() >= 0.85  # 310 of the 336 street names are roads of the file
    got = gpd.GeoSeries(list(result.geometry[placed]), crs="EPSG:4326").to_crs("EPSG:3405")
    truth = gpd.GeoSeries.from_xy(pois["lon"], pois["lat"], crs="EPSG:4326")[placed]
    distance = got.distance(truth.to_crs("EPSG:3405").set_axis(got.index)).to_numpy()
    assert np.median(distance) < 120
    assert np.percentile(distance, 90) < 450
    # the error stated with each point covers most true positions
    assert (distance <= result.error_m[placed]).mean() >= 0.8
