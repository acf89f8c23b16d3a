"""Shared fixtures: a tiny ward built in code, and copies of the embedded sample ward."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, Polygon

from pipelines.model.store import init_ward, write_layers

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_WARD = REPO_ROOT / "geodata" / "sample"
SHARED = REPO_ROOT.parent / "shared"

# A 300 m × 200 m ward near Bắc Giang (21.27 N, 106.20 E); 1e-5 degrees ≈ 1.04 m east, 1.11 m north.
X0, Y0 = 106.200, 21.270


def _xy(east_m: float, north_m: float) -> tuple[float, float]:
    return (X0 + east_m * 9.65e-6, Y0 + north_m * 9.04e-6)


def tiny_layers() -> dict[str, gpd.GeoDataFrame]:
    """Return a handful of features for every layer: small enough to reason about by hand."""

    def gdf(rows: list[dict], geoms: list) -> gpd.GeoDataFrame:
        return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms, crs="EPSG:4326")

    box = Polygon([_xy(0, 0), _xy(300, 0), _xy(300, 200), _xy(0, 200)])
    west = Polygon([_xy(0, 0), _xy(150, 0), _xy(150, 200), _xy(0, 200)])
    east = Polygon([_xy(150, 0), _xy(300, 0), _xy(300, 200), _xy(150, 200)])
    return {
        "ward_boundary": gdf([{"id": "W", "name": "Phường Thử"}], [box]),
        "residential_groups": gdf(
            [
                {"id": "TDP-1", "name": "Tổ dân phố số 1"},
                {"id": "TDP-2", "name": "Tổ dân phố số 2"},
            ],
            [west, east],
        ),
        "roads": gdf(
            [
                {"id": "R1", "name": "Đường Chính", "kind": "duong", "width_m": 8.0},
                {"id": "R2", "name": "Ngõ 5", "kind": "ngo", "width_m": 3.0},
                {"id": "R3", "name": "Ngách 5/2", "kind": "ngach", "width_m": 1.5},
            ],
            [
                LineString([_xy(0, 100), _xy(300, 100)]),
                LineString([_xy(100, 100), _xy(100, 180)]),
                LineString([_xy(100, 150), _xy(40, 150)]),
            ],
        ),
        "households": gdf(
            [
                {
                    "id": f"H{i}",
                    "address": f"Số {i}, ngõ 5",
                    "residential_group_id": "TDP-1",
                    "members": 3 + i % 3,
                    "is_business": i == 0,
                    "safety_group_id": "G1" if i < 5 else None,
                }
                for i in range(8)
            ],
            [Point(_xy(104, 110 + 9 * i)) for i in range(8)],
        ),
        "safety_groups": gdf(
            [
                {
                    "id": "G1",
                    "name": "Tổ liên gia số 1",
                    "residential_group_id": "TDP-1",
                    "linked_alarm": True,
                }
            ],
            [None],
        ),
        "premises": gdf(
            [
                {
                    "id": "P1",
                    "name": "Karaoke <b>Hoa</b> & Sao",
                    "category": "karaoke",
                    "residential_group_id": "TDP-2",
                    "floors": 3,
                    "open_violations": 2,
                },
                {
                    "id": "P2",
                    "name": "Nhà trọ Bình An",
                    "category": "boarding_house",
                    "residential_group_id": "TDP-1",
                    "floors": 2,
                    "open_violations": 0,
                },
            ],
            [Point(_xy(200, 106)), Point(_xy(96, 160))],
        ),
        "firefighting_points": gdf(
            [{"id": "D1", "name": "Điểm CC ngõ 5", "status": "working", "extinguishers_powder": 2}],
            [Point(_xy(102, 140))],
        ),
        "water_sources": gdf(
            [
                {
                    "id": "N1",
                    "name": "Trụ 1",
                    "kind": "hydrant",
                    "status": "working",
                    "truck_accessible": True,
                },
                {"id": "N2", "name": "Ao sau", "kind": "pond", "status": "needs_service"},
            ],
            [Point(_xy(150, 104)), Point(_xy(250, 170))],
        ),
        "water_bodies": gdf(
            [{"id": "WB1", "name": "Ao sau", "kind": "pond"}],
            [Polygon([_xy(240, 160), _xy(280, 160), _xy(280, 190), _xy(240, 190)])],
        ),
        "barriers": gdf(
            [{"id": "B1", "kind": "gate", "closed_from": "22:00", "closed_to": "05:00"}],
            [Point(_xy(100, 120))],
        ),
        "incidents": gdf(
            [{"id": "I1", "date": "2024-03-05", "cause": "electrical", "premises_id": "P1"}],
            [Point(_xy(200, 106))],
        ),
        "activities": gdf(
            [
                {
                    "id": "A1",
                    "date": "2024-05-10",
                    "residential_group_id": "TDP-1",
                    "kind": "propaganda",
                    "title": "Tuyên truyền <i>Chỉ thị</i> 31",
                    "participants": 40,
                },
                {
                    "id": "A2",
                    "date": "2024-06-02",
                    "residential_group_id": "TDP-2",
                    "kind": "drill",
                },
            ],
            [None, None],
        ),
    }


@pytest.fixture(scope="session")
def _tiny_ward_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny ward built once per session (building it through the store takes seconds)."""
    ward_dir = tmp_path_factory.mktemp("tiny-template") / "tiny"
    init_ward(ward_dir, name="Phường Thử", crs_metric="EPSG:9214")
    write_layers(ward_dir, tiny_layers(), note="tiny")
    return ward_dir


@pytest.fixture
def tiny_ward(tmp_path: Path, _tiny_ward_template: Path) -> Path:
    """A private ward folder holding :func:`tiny_layers` (a copy: tests may write to it)."""
    ward_dir = tmp_path / "tiny"
    shutil.copytree(_tiny_ward_template, ward_dir, ignore=shutil.ignore_patterns(".lock"))
    return ward_dir


@pytest.fixture
def sample_ward_copy(tmp_path: Path) -> Path:
    """A private copy of the embedded sample ward (tests may write to it)."""
    target = tmp_path / "sample"
    shutil.copytree(
        SAMPLE_WARD, target, ignore=shutil.ignore_patterns("backups", "imports", ".lock")
    )
    return target
