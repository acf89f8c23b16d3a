"""Rows compared and merged by id: statuses and the three-way merge of cells, on tiny frames."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import MultiPolygon, Point, Polygon

from pipelines.model.merge import (
    aligned,
    isin,
    merge_rows,
    row_statuses,
    same_geometry,
    same_values,
)
from pipelines.model.validate import conform_layer


def premises(rows: list[dict], xy: list[tuple[float, float] | None]) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        pd.DataFrame(rows),
        geometry=[Point(p) if p else None for p in xy],
        crs="EPSG:4326",
    )
    return conform_layer("premises", frame)[0]


STORED = premises(
    [
        {"id": "P1", "name": "Karaoke A", "category": "karaoke", "floors": 3},
        {"id": "P2", "name": "Nhà trọ B", "category": "boarding_house", "floors": 2},
    ],
    [(106.2, 21.27), (106.201, 21.271)],
)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            pd.Series(["x", None, "y"], dtype="string"),
            pd.Series(["x", None, "z"], dtype="string"),
            [True, True, False],
        ),
        (
            pd.Series([1.0, np.nan, 2.0]),
            pd.Series([1.0 + 1e-12, np.nan, np.nan]),
            [True, True, False],
        ),
        (pd.Series([1, None], dtype="Int64"), pd.Series([1, 2], dtype="Int64"), [True, False]),
        (
            pd.Series([True, None], dtype="boolean"),
            pd.Series([True, None], dtype="boolean"),
            [True, True],
        ),
    ],
)
def test_same_values_treats_two_missing_cells_as_equal(a, b, expected):
    assert same_values(a, b).tolist() == expected


def test_same_geometry_ignores_a_one_part_multipolygon_and_tiny_offsets():
    square = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    a = np.array([square, Point(1, 1), None, Point(0, 0)], dtype=object)
    b = np.array([MultiPolygon([square]), Point(1 + 1e-9, 1), None, None], dtype=object)
    assert same_geometry(a, b).tolist() == [True, True, True, False]


def test_aligned_puts_stored_rows_in_the_order_asked():
    ids = pd.Series(["P2", "P9", "P1"], dtype="string")
    rows, found = aligned(STORED, ids)
    assert found.tolist() == [True, False, True]
    assert rows["name"].tolist()[0] == "Nhà trọ B" and rows["name"].isna().tolist()[1]
    assert isin(ids, STORED["id"]).tolist() == [True, False, True]


def test_statuses_are_new_updated_or_unchanged():
    incoming = premises(
        [
            {"id": "P1", "name": "Karaoke A", "category": "karaoke", "floors": 3},
            {"id": "P2", "name": "Nhà trọ B", "category": "boarding_house", "floors": 4},
            {"id": "P3", "name": "Chợ", "category": "market"},
        ],
        [(106.2, 21.27), (106.201, 21.271), (106.202, 21.272)],
    )
    current, known = aligned(STORED, incoming["id"])
    assert row_statuses("premises", incoming, current, known).tolist() == [
        "unchanged",
        "updated",
        "new",
    ]


def test_keep_missing_fills_empty_cells_and_geometry_from_the_store():
    incoming = premises([{"id": "P1", "floors": 5}, {"id": "P3", "name": "Chợ"}], [None, None])
    current, known = aligned(STORED, incoming["id"])
    merged = merge_rows("premises", incoming, current, known, None, keep_missing=True)
    assert merged["name"].tolist()[0] == "Karaoke A" and merged["floors"].tolist() == [5, pd.NA]
    assert merged.geometry.iloc[0].equals(STORED.geometry.iloc[0])
    assert merged.geometry.iloc[1] is None, "a new row takes nothing from the store"
    plain = merge_rows("premises", incoming, current, known, None, keep_missing=False)
    assert pd.isna(plain["name"].iloc[0]), "without keep_missing a missing cell clears"


def test_three_way_merge_keeps_cells_the_change_did_not_touch():
    base = STORED
    now = STORED.copy()
    now.loc[0, "name"] = "Karaoke A (đổi tên)"  # someone else, after our read
    ours = STORED.iloc[[0]].reset_index(drop=True).copy()
    ours.loc[0, "floors"] = 6  # our change
    current, known = aligned(now, ours["id"])
    merged = merge_rows(
        "premises", ours, current, known, aligned(base, ours["id"]), keep_missing=False
    )
    assert merged.loc[0, "name"] == "Karaoke A (đổi tên)"
    assert merged.loc[0, "floors"] == 6
    assert row_statuses("premises", merged, current, known).tolist() == ["updated"]
