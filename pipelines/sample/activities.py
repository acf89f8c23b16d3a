"""The sample's year of plan work: propaganda, trainings, drills and inspections per tổ dân phố,
and which households keep an extinguisher. Invented (the ward is synthetic).

Drawn from their own random stream (``seed``, :data:`STREAM`) so the rest of the sample ward
stays what it was before these were added.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from pipelines.sample.attributes import as_dates, layer_frame, make_ids
from pipelines.sample.pattern import AS_OF

STREAM = 31  # second word of the seed sequence of this module's generator
_DAYS = 730  # two years of activities up to AS_OF, so "cùng kỳ năm trước" has figures
# Sessions per tổ dân phố and year (mean of a Poisson draw), participants (low, high).
_KINDS = {
    "propaganda": (2.0, (30, 120)),
    "training": (0.8, (15, 45)),
    "drill": (0.6, (20, 80)),
    "inspection": (1.5, (3, 8)),
}
_TITLES = {
    "propaganda": (
        "Tuyên truyền Chỉ thị 31-CT/TU tại nhà văn hóa",
        "Tuyên truyền an toàn điện, sạc xe điện trong nhà ở",
        "Phát tờ rơi kỹ năng thoát nạn cho hộ gia đình",
        "Tuyên truyền trên loa truyền thanh tổ dân phố",
    ),
    "training": (
        "Tập huấn sử dụng bình chữa cháy cho tổ liên gia",
        "Tập huấn kỹ năng thoát nạn, cứu nạn cứu hộ",
    ),
    "drill": (
        "Thực tập phương án chữa cháy và CNCH theo 4 tại chỗ",
        "Diễn tập chữa cháy tại điểm chữa cháy công cộng",
    ),
    "inspection": (
        "Kiểm tra an toàn PCCC nhà ở kết hợp kinh doanh",
        "Kiểm tra điểm chữa cháy công cộng và tổ liên gia",
    ),
}
_EXTINGUISHER_SHARE = {True: 0.7, False: 0.35}  # households in a tổ liên gia, others


def activities_layer(group_ids: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Two years of activities up to :data:`AS_OF`, each in one tổ dân phố."""
    kind, tdp, date, people = [], [], [], []
    for code, (per_year, (low, high)) in _KINDS.items():
        counts = rng.poisson(per_year * _DAYS / 365, len(group_ids))
        total = int(counts.sum())
        kind += [code] * total
        tdp += list(np.repeat(group_ids, counts))
        date.append(rng.integers(0, _DAYS, total))
        people.append(rng.integers(low, high + 1, total))
    ago = np.concatenate(date).astype("timedelta64[D]")
    n = len(kind)
    order = np.argsort(-ago.astype(int), kind="stable")  # oldest first
    titles = np.array([_TITLES[k][int(rng.integers(len(_TITLES[k])))] for k in kind], dtype=object)
    return layer_frame(
        "activities",
        {
            "id": make_ids("HD", n, 4),
            "date": as_dates((np.datetime64(AS_OF, "D") - ago)[order]),
            "residential_group_id": np.array(tdp, dtype=object)[order],
            "kind": np.array(kind, dtype=object)[order],
            "title": titles[order],
            "participants": np.concatenate(people)[order],
            "note": np.full(n, "Dữ liệu mô phỏng", dtype=object),
        },
        None,
    )


def with_extinguishers(households: gpd.GeoDataFrame, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """``households`` with ``has_extinguisher`` drawn (more often in a tổ liên gia)."""
    in_group = households["safety_group_id"].notna().to_numpy()
    share = np.where(in_group, _EXTINGUISHER_SHARE[True], _EXTINGUISHER_SHARE[False])
    out = households.copy()
    out["has_extinguisher"] = pd.array(rng.random(len(out)) < share, dtype="boolean")
    return out
