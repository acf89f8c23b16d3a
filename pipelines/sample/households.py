"""Households of the sample and their tổ liên gia (safety groups of neighbouring houses)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from pipelines.model.settings import Thresholds
from pipelines.sample.attributes import (
    as_dates,
    layer_frame,
    make_ids,
    person_names,
    phone_numbers,
    systematic,
    weighted_choice,
)
from pipelines.sample.geometry import Rows
from pipelines.sample.pattern import ALLEY_KINDS, AS_OF, R
from pipelines.sample.roads import Network
from pipelines.sample.tiles import Place, Tdp, Tile

_MEMBERS_SHARE = (0.08, 0.15, 0.22, 0.25, 0.15, 0.09, 0.04, 0.02)  # households of 1..8 people
_BUSINESS_TYPES = (
    ("Tạp hóa", 18), ("Ăn uống", 14), ("Cà phê, giải khát", 10), ("Cắt tóc, gội đầu", 7),
    ("Sửa chữa xe máy", 7), ("May đo", 5), ("Quần áo, giày dép", 8), ("Điện thoại, điện tử", 5),
    ("Vật liệu xây dựng", 4), ("Thuốc tân dược", 3), ("Chế biến thực phẩm", 5), ("Bán gas", 2),
    ("In ấn, photocopy", 3), ("Đồ gỗ nội thất", 3), ("Sạc, sửa xe đạp điện", 3),
    ("Xưởng may gia đình", 3),
)  # fmt: skip
_HOUSEHOLD_NOTES = (  # note, share of households
    ("Ban công, cửa sổ bịt lồng sắt, không có lối thoát nạn thứ hai", 0.03),
    ("Người cao tuổi sống một mình", 0.02),
    ("Sạc xe đạp điện trong nhà qua đêm", 0.02),
)  # fmt: skip


def _group_sizes(n: int, rng: np.random.Generator) -> list[int]:
    """Split a run of ``n`` neighbouring houses into tổ liên gia of the allowed sizes."""
    t = Thresholds()
    low, high = t.safety_group_min_households, t.safety_group_max_households
    sizes: list[int] = []
    while n >= low:
        size = n if n <= high else int(rng.integers(low, min(high, n - low) + 1))
        sizes.append(size)
        n -= size
    return sizes


def safety_groups(
    lots: dict[str, np.ndarray],
    houses: np.ndarray,
    tdp: np.ndarray,
    net: Network,
    pieces: Rows,
    rng: np.random.Generator,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Form tổ liên gia of neighbouring houses on one road piece; return membership and groups.

    Neighbours are consecutive houses on both sides of an alley piece, or on one side of a
    street piece, in one tổ dân phố, with no gap wider than ``group_max_gap_m``. Membership is
    each house's group index (-1: none).
    """
    road, s = lots["road"][houses], lots["s"][houses]
    scale = 1.0 / (max(r.length_m for r in net.roads) + 1.0)  # pieces sort by road, then position
    piece_key = pieces.array("road") + pieces.array("s0") * scale
    piece = np.searchsorted(piece_key, road + s * scale, side="right") - 1
    alley = np.isin([net.roads[r].kind for r in road], ALLEY_KINDS)
    side = np.where(alley, 0, lots["side"][houses])
    order = np.lexsort((s, tdp, side, piece))
    key = np.column_stack([piece, side, tdp])[order]
    runs = np.split(order, np.flatnonzero(np.any(np.diff(key, axis=0) != 0, axis=1)) + 1)
    member = np.full(len(houses), -1)
    groups = Rows("road", "tdp", "first")
    for run in runs:
        if rng.random() >= R.group_share[0 if alley[run[0]] else 1]:
            continue
        for chunk in np.split(run, np.flatnonzero(np.diff(s[run]) > R.group_max_gap_m) + 1):
            start = 0
            for size in _group_sizes(len(chunk), rng):
                members = chunk[start : start + size]
                member[members] = len(groups)
                groups.add(
                    road=int(road[members[0]]), tdp=int(tdp[members[0]]), first=int(members[0])
                )
                start += size
    return member, {name: groups.array(name, int) for name in ("road", "tdp", "first")}


def households_layer(
    tile: Tile, place: Place, tdp: Tdp, rng: np.random.Generator
) -> gpd.GeoDataFrame:
    h = tile.households
    n = len(h["xy"]) * len(place)
    where = tdp.of(h["tdp"], place)
    n_groups = len(tile.groups["first"])
    group = np.tile(h["group"], len(place))
    group_ids = make_ids("TLG", n_groups * len(place), 3)
    business = systematic(rng, np.where(np.tile(h["on_street"], len(place)), *R.business_share))
    note = np.full(n, None, dtype=object)
    for text, share in _HOUSEHOLD_NOTES:
        note[(rng.random(n) < share) & pd.isna(note)] = text
    return layer_frame(
        "households",
        {
            "id": make_ids("HGD", n, 6),
            "address": np.tile(h["address"], len(place)) + ", " + tdp.names[where],
            "residential_group_id": tdp.ids[where],
            "head_name": person_names(rng, n),
            "members": rng.choice(np.arange(1, len(_MEMBERS_SHARE) + 1), size=n, p=_MEMBERS_SHARE),
            "is_business": business,
            "business_type": np.where(business, weighted_choice(rng, _BUSINESS_TYPES, n), None),
            "safety_group_id": np.where(
                group >= 0,
                group_ids[np.maximum(group, 0) + place.tile_of(len(h["xy"])) * n_groups],
                None,
            ),
            "note": note,
        },
        shapely.points(place.xy(h["xy"])),
    )


def safety_groups_layer(
    tile: Tile, place: Place, tdp: Tdp, households: gpd.GeoDataFrame, rng: np.random.Generator
) -> gpd.GeoDataFrame:
    g = tile.groups
    n = len(g["first"]) * len(place)
    first = np.tile(g["first"], len(place)) + place.tile_of(len(g["first"])) * len(
        tile.households["xy"]
    )
    since = (np.datetime64("2022-01-01") - np.datetime64(AS_OF, "D")).astype(int)
    established = np.datetime64(AS_OF, "D") + rng.integers(since, -1, n).astype("timedelta64[D]")
    roads = np.tile(g["road_name"], len(place))
    return layer_frame(
        "safety_groups",
        {
            "id": make_ids("TLG", n, 3),
            "name": [f"Tổ liên gia số {k} – {road}" for k, road in enumerate(roads, start=1)],
            "residential_group_id": tdp.ids[tdp.of(g["tdp"], place)],
            "leader": households["head_name"].to_numpy(dtype=object)[first],  # one of its heads
            "phone": phone_numbers(rng, n),
            "established": as_dates(established),
            "linked_alarm": systematic(rng, np.full(n, R.linked_alarm_share)),
        },
        None,
    )
