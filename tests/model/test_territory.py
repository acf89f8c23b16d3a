"""One rule for the tổ dân phố of a point: the polygon that holds it."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point, box

from pipelines.model import store
from pipelines.model.territory import containing_group, with_residential_groups


def _groups() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": ["A", "B"]}, geometry=[box(0, 0, 10, 10), box(10, 0, 20, 10)], crs="EPSG:3405"
    )


def test_containing_group_inside_outside_and_nearest():
    pts = np.array([Point(5, 5), Point(15, 5), Point(25, 5), None], dtype=object)
    assert containing_group(pts, _groups()).tolist() == ["A", "B", None, None]
    near = containing_group(pts, _groups(), max_distance_m=6)
    assert near.tolist() == ["A", "B", "B", None]
    assert containing_group(pts, _groups().iloc[0:0]).tolist() == [None] * 4


def test_with_residential_groups_overrides_stated_values():
    frame = gpd.GeoDataFrame(
        {"id": ["p1", "p2"], "residential_group_id": pd.Series(["B", "A"], dtype="string")},
        geometry=[Point(5, 5), Point(30, 5)],
        crs="EPSG:3405",
    )
    out = with_residential_groups({"premises": frame, "residential_groups": _groups()})
    assert out["premises"]["residential_group_id"].tolist()[0] == "A"
    assert pd.isna(out["premises"]["residential_group_id"].iloc[1])
    assert frame["residential_group_id"].tolist() == ["B", "A"], "the input is not changed"


def test_replacing_the_tdp_layer_moves_every_point(tiny_ward):
    """Map, tables and analysis read the ward through open_ward: they follow the polygons."""
    ward = store.open_ward(tiny_ward)
    assert ward["premises"].set_index("id").loc["P1", "residential_group_id"] == "TDP-2"
    groups = ward["residential_groups"].copy()
    groups["geometry"] = groups.geometry.to_numpy()[::-1]  # swap the two polygons
    store.write_layers(tiny_ward, {"residential_groups": groups})
    moved = store.open_ward(tiny_ward)
    assert moved["premises"].set_index("id").loc["P1", "residential_group_id"] == "TDP-1"
    assert moved["premises"].set_index("id").loc["P2", "residential_group_id"] == "TDP-2"


def test_premises_page_and_map_agree_on_the_tdp(tiny_ward):
    """A list that states the wrong tổ dân phố: the map, the table and the analysis all show the
    polygon's (the issue: the premises page and the map disagreed)."""
    from pipelines.maps.layers import prepare_layers
    from pipelines.network.analysis import analyze_ward
    from pipelines.network.tables import column, risk_table

    premises = store.read_layer(tiny_ward, "premises")
    premises["residential_group_id"] = ["TDP-1", "TDP-2"]  # both wrong: P1 is east, P2 west
    store.write_layers(tiny_ward, {"premises": premises})
    ward = store.open_ward(tiny_ward)
    expected = ["TDP-2", "TDP-1"]
    assert ward["premises"]["residential_group_id"].tolist() == expected
    layer = prepare_layers(ward, "vi")["premises"]
    assert layer.filter_columns["group"].tolist() == expected
    analysis = analyze_ward(ward)
    assert analysis.premises["residential_group_id"].tolist() == expected
    table = risk_table(analysis, lang="vi").set_index(column("id", "vi"))
    groups = table[column("residential_group", "vi")]
    assert (groups["P1"], groups["P2"]) == ("Tổ dân phố số 2", "Tổ dân phố số 1")
