"""Every layer through every export format into a fresh ward: the same values and geometry back.

A part of the sample ward (every layer, every kind of field, references kept consistent) is
exported as GeoJSON, GeoPackage, KML, CSV and XLSX, each file imported into a *new* ward in
reference order, and each stored layer compared field by field and geometry by geometry with
what was exported. Importing into a fresh ward matters: re-importing into the same ward would
keep stored values for empty cells and hide a column an export dropped.

Text values that would be formulas in a spreadsheet are part of the data and must come back
as the same text.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from pipelines.export.layers import EXPORT_FORMATS, export_layer
from pipelines.ingest import ImportOptions, commit_import, prepare_import
from pipelines.model.schema import LAYER_NAMES, get_layer
from pipelines.model.store import init_ward, open_ward, write_layers
from pipelines.model.validate import conform_layer
from tests.conftest import SAMPLE_WARD

# Import order: a layer after the layers it references.
ORDER = (
    "ward_boundary",
    "residential_groups",
    "safety_groups",
    "premises",
    "households",
    "firefighting_points",
    "water_sources",
    "water_bodies",
    "roads",
    "barriers",
    "incidents",
    "buildings",
)
TRICKY = {
    "premises": {
        "name": '=HYPERLINK("http://example.invalid","Bấm vào")',
        "note": "=1+2",
        "violation_note": '-2+3, có dấu phẩy; "ngoặc kép" và <b>thẻ</b>',
        "address": "@SUM(A1:A2)\tcuối",
    },
    "roads": {"note": "+84 ngõ cụt"},
}
# Geometry tolerance in degrees: KML and WKT keep 7 decimals (≈ 1 cm).
GEOMETRY_TOLERANCE = 2e-7


def _subset() -> dict[str, gpd.GeoDataFrame]:
    """A small, consistent part of the sample ward with a few tricky text values."""
    ward = open_ward(SAMPLE_WARD)
    out = {name: ward[name].copy() for name in LAYER_NAMES}
    out["households"] = out["households"].iloc[:120]
    groups = set(out["households"]["safety_group_id"].dropna())
    keep = out["safety_groups"]["id"].isin(groups) | (out["safety_groups"].index < 5)
    out["safety_groups"] = out["safety_groups"][keep]
    involved = set(out["incidents"]["premises_id"].dropna())
    keep = out["premises"]["id"].isin(involved) | (out["premises"].index < 40)
    out["premises"] = out["premises"][keep]
    out["roads"] = out["roads"].iloc[:80]
    out["buildings"] = out["buildings"].iloc[:40]
    for layer, values in TRICKY.items():
        frame = out[layer].reset_index(drop=True)
        for field, value in values.items():
            frame[field] = frame[field].astype(object)
            frame.loc[0, field] = value
        out[layer] = frame
    return {
        name: conform_layer(name, frame.reset_index(drop=True))[0] for name, frame in out.items()
    }


@pytest.fixture(scope="module")
def subset() -> dict[str, gpd.GeoDataFrame]:
    return _subset()


def _assert_same_values(layer: str, fmt: str, got: pd.DataFrame, want: pd.DataFrame) -> None:
    for f in get_layer(layer).fields:
        a, b = got[f.name], want[f.name]
        missing = a.isna().to_numpy() != b.isna().to_numpy()
        assert not missing.any(), (
            f"{fmt} {layer}.{f.name}: empty in one and not the other at ids "
            f"{list(want['id'][missing][:5])}: {list(a[missing][:3])} vs {list(b[missing][:3])}"
        )
        both = a.notna().to_numpy()
        if f.kind == "float":
            np.testing.assert_allclose(
                a[both].astype(float),
                b[both].astype(float),
                rtol=1e-12,
                err_msg=f"{fmt} {layer}.{f.name}",
            )
        else:
            left, right = a[both].astype(str).tolist(), b[both].astype(str).tolist()
            assert left == right, f"{fmt} {layer}.{f.name}: {left[:3]} vs {right[:3]}"


def _assert_same_geometry(
    layer: str, fmt: str, got: gpd.GeoDataFrame, want: gpd.GeoDataFrame
) -> None:
    if get_layer(layer).geometry is None:
        return
    a, b = got.geometry.to_numpy(), want.geometry.to_numpy()
    a = np.where(shapely.get_num_geometries(a) == 1, shapely.get_geometry(a, 0), a)
    b = np.where(shapely.get_num_geometries(b) == 1, shapely.get_geometry(b, 0), b)
    same = shapely.equals_exact(a, b, tolerance=GEOMETRY_TOLERANCE)
    assert same.all(), f"{fmt} {layer}: geometry differs at ids {list(want['id'][~same][:5])}"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_every_layer_round_trips_through_every_format(
    fmt: str, subset: dict[str, gpd.GeoDataFrame], tmp_path: Path
) -> None:
    fresh = init_ward(
        tmp_path / "fresh", name="Phường Mẫu (dữ liệu mô phỏng)", crs_metric="EPSG:9214"
    )
    write_layers(fresh, {"ward_boundary": subset["ward_boundary"]}, note="ranh giới")
    for layer in ORDER:
        frame = subset[layer]
        path = tmp_path / f"{layer}{EXPORT_FORMATS[fmt].suffix}"
        path.write_bytes(export_layer(frame, layer, fmt))
        preview = prepare_import(path, fresh, ImportOptions(layer=layer, use_saved_mapping=False))
        counts = preview.counts
        assert counts.rejected == 0, (
            f"{fmt} {layer}: {preview.rejects.iloc[:3, :4].to_dict('records')}"
        )
        assert counts.rows_in == len(frame), f"{fmt} {layer}: {counts}"
        commit_import(preview)
    stored = open_ward(fresh)
    for layer in ORDER:
        got = stored[layer].sort_values("id").reset_index(drop=True)
        want = subset[layer].sort_values("id").reset_index(drop=True)
        assert got["id"].tolist() == want["id"].tolist(), f"{fmt} {layer}: ids differ"
        _assert_same_values(layer, fmt, got, want)
        _assert_same_geometry(layer, fmt, got, want)
