"""Starting a ward from public data: the boundary from any file, OSM in one step, the summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely

from pipelines.cli import EXIT_OK, EXIT_UNUSABLE, main
from pipelines.ingest.start import boundary_warnings, read_boundary, start_ward
from pipelines.model.errors import InputFileError
from pipelines.model.settings import WardConfig
from pipelines.model.store import open_ward

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata"
DVHCVN = SHARED / "admin" / "dvhcvn_gis_24_bac_giang_districts.json"
DERIVED = SHARED / "admin" / "derived_dvhcvn_24_bac_giang_districts.geojson"
ROADS = SHARED / "osm" / "hanoi-hoan-kiem-overpass.json"
POIS = SHARED / "osm" / "hanoi-hoan-kiem-poi-overpass.json"
BOX = [[105.8430, 21.0075], [105.8665, 21.0075], [105.8665, 21.0415], [105.8430, 21.0415]]

pytestmark = pytest.mark.skipif(not ROADS.is_file(), reason="shared real data not present")


def _box_file(tmp_path: Path, name: str = "Hoàn Kiếm (thử)", scale: float = 1.0) -> Path:
    ring = [
        [x0 + (x - BOX[0][0]) * scale, y] for (x, y), x0 in zip(BOX, [BOX[0][0]] * 4, strict=True)
    ]
    feature = {
        "type": "Feature",
        "properties": {"name": name},
        "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
    }
    path = tmp_path / f"boundary-{scale}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8")
    return path


def test_dvhcvn_feature_by_name_without_diacritics() -> None:
    boundary = read_boundary(DVHCVN, "thanh pho BAC GIANG")
    assert boundary.name == "Thành phố Bắc Giang"
    assert 60 < boundary.area_km2 < 75
    assert len(boundary.names) == 11  # the province and its 10 districts
    same = read_boundary(DERIVED, "Thành phố Bắc Giang")
    assert shapely.equals_exact(same.geometry, boundary.geometry, tolerance=1e-9)
    warnings = boundary_warnings(None, boundary, WardConfig())
    assert [w.code for w in warnings] == ["boundary_large"] and "66,5 km²" in warnings[0].vi


@pytest.mark.parametrize(
    ("feature", "says"),
    [(None, "chọn một bằng tên"), ("Huyện", "khớp nhiều vùng"), ("Hoàn Kiếm", "không khớp")],
)
def test_boundary_choice_errors_list_the_names(feature: str | None, says: str) -> None:
    with pytest.raises(InputFileError) as info:
        read_boundary(DVHCVN, feature)
    assert says in info.value.message_vi and "Huyện Yên Thế" in info.value.message_vi


def test_osm_administrative_relation_is_a_boundary(tmp_path: Path) -> None:
    ring = [{"lon": x, "lat": y} for x, y in [*BOX, BOX[0]]]
    doc = {
        "elements": [
            {
                "type": "relation",
                "id": 9,
                "members": [{"type": "way", "ref": 1, "role": "outer", "geometry": ring}],
                "tags": {
                    "type": "boundary",
                    "boundary": "administrative",
                    "admin_level": "8",
                    "name": "Phường Hàng Trống",
                },
            },
            {"type": "node", "id": 5, "lat": 21.02, "lon": 105.85, "tags": {"amenity": "bar"}},
        ]
    }
    path = tmp_path / "boundary.json"
    path.write_text(json.dumps(doc), "utf-8")
    boundary = read_boundary(path)
    assert boundary.name == "Phường Hàng Trống"
    assert boundary.geometry.geom_type in ("Polygon", "MultiPolygon")
    assert 5 < boundary.area_km2 < 12


def test_large_or_replacing_boundary_needs_confirmation(tmp_path: Path) -> None:
    ward_dir = tmp_path / "w"
    big = read_boundary(DVHCVN, "Thành phố Bắc Giang")
    with pytest.raises(InputFileError, match="max_boundary_km2"):
        start_ward(ward_dir, name="Phường Thử", boundary=big)
    assert not ward_dir.exists()  # nothing written
    start_ward(ward_dir, name="Phường Thử", boundary=big, confirmed=True)
    assert len(open_ward(ward_dir)["ward_boundary"]) == 1
    small = read_boundary(_box_file(tmp_path))
    with pytest.raises(InputFileError, match="replaces it"):
        start_ward(ward_dir, name="Phường Thử", boundary=small)
    start_ward(ward_dir, name="Phường Thử", boundary=small, confirmed=True)
    stored = open_ward(ward_dir)["ward_boundary"]
    assert len(stored) == 1 and stored.geometry.iloc[0].area < big.geometry.area / 5


def test_init_from_public_data_in_one_step(tmp_path: Path, capsys) -> None:
    ward_dir = tmp_path / "hoan-kiem"
    code = main(
        [
            "init",
            str(ward_dir),
            "--name",
            "Phường Hoàn Kiếm (thử)",
            "--boundary",
            str(_box_file(tmp_path)),
            "--osm",
            str(ROADS),
        ]
    )
    out = capsys.readouterr().out
    assert code == EXIT_OK, out
    ward = open_ward(ward_dir)
    assert len(ward["roads"]) >= 1495 and len(ward["ward_boundary"]) == 1
    assert "Đường, ngõ: đã lưu 1.495, bị loại 0" in out
    assert "Bản đồ: có ranh giới phường (1), đường, ngõ, ngách (" in out
    assert "chưa có hộ gia đình — nhập để" in out
    assert "Roads and alleys: stored 1,495, rejected 0" in out
    # the same command on the existing ward imports the points of interest
    code = main(["init", str(ward_dir), "--name", "Phường Hoàn Kiếm (thử)", "--osm", str(POIS)])
    out = capsys.readouterr().out
    assert code == EXIT_OK, out
    premises = open_ward(ward_dir)["premises"]
    assert len(premises) == 110 and set(premises["origin"]) == {"osm"}
    assert "Cơ sở (từ OSM, cần xác minh): đã lưu 110, bị loại 0" in out
    assert "amenity=restaurant: 400" in out
    # a second boundary needs --yes
    other = _box_file(tmp_path, "Khác", scale=0.5)
    args = ["init", str(ward_dir), "--name", "X", "--boundary", str(other)]
    assert main(args) == EXIT_UNUSABLE
    assert "thay thế" in capsys.readouterr().err
    assert main([*args, "--yes"]) == EXIT_OK
