"""Fire history of the sample: five years of fires at households and premises."""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from pipelines.sample.attributes import allocate, as_dates, layer_frame, systematic
from pipelines.sample.pattern import AS_OF, FIRE_HISTORY_DAYS, R

# Relative chance of a fire at premises of each category (others: _INCIDENT_WEIGHT_DEFAULT).
_INCIDENT_WEIGHT = {
    "karaoke": 3.0, "boarding_house": 3.0, "production": 3.0, "warehouse": 2.0,
    "shophouse": 2.0, "market": 2.0, "lodging": 2.0,
}  # fmt: skip
_INCIDENT_WEIGHT_DEFAULT = 0.5
_INDUSTRIAL = ("production", "warehouse", "industrial")  # fires here follow _CAUSES["premises"]
_DEATHS_SHARE = (0.95, 0.04, 0.01)
_INJURIES_SHARE = (0.72, 0.16, 0.08, 0.04)
_DAMAGE_MEDIAN_VND = {"household": 25e6, "premises": 150e6}
_DAMAGE_SIGMA, _DAMAGE_RANGE_VND = 1.1, (2e6, 5e9)
_CAUSES = {  # cause weights at homes and shops; at workshops, warehouses and factories
    "household": (("electrical", 46), ("cooking", 14), ("worship", 10), ("gas", 5), ("vehicle", 12),
                  ("arson", 2), ("unknown", 7), ("other", 4)),
    "premises": (("electrical", 45), ("cooking", 6), ("worship", 4), ("gas", 5), ("vehicle", 6),
                 ("production", 20), ("arson", 2), ("unknown", 8), ("other", 4)),
}  # fmt: skip
_INCIDENT_TEXTS = {
    "electrical": ("Chập điện tại bảng điện tầng 1, cháy lan sang đồ đạc",
                   "Chập dây điện trên trần, cháy tầng áp mái",
                   "Sự cố ổ cắm khi sạc điện thoại, cháy phòng ngủ",
                   "Quá tải đường dây, cháy công tơ và hộp kỹ thuật điện"),
    "cooking": ("Quên tắt bếp gas khi đun nấu, cháy khu bếp", "Chảo dầu bén lửa, cháy tủ bếp"),
    "worship": ("Đốt vàng mã, tàn lửa bay vào đồ đạc", "Nến, hương trên ban thờ đổ, cháy ban thờ"),
    "gas": ("Rò rỉ khí gas, bắt lửa gây cháy khu bếp",),
    "vehicle": ("Sạc xe đạp điện qua đêm, cháy khu để xe tầng 1", "Xe máy điện phát nổ khi sạc"),
    "production": ("Tia lửa hàn bắn vào vật liệu dễ cháy", "Máy móc quá nhiệt, cháy kho nguyên liệu"),
    "arson": ("Mâu thuẫn cá nhân, đối tượng cố ý đốt nhà",),
    "unknown": ("Cháy lúc rạng sáng, chưa xác định nguyên nhân",),
    "other": ("Trẻ em nghịch lửa, cháy đồ đạc", "Đốt rác gần nhà, cháy lan sang kho"),
}  # fmt: skip
_INCIDENT_OUTCOMES = (
    "Người dân và lực lượng tại chỗ dập tắt.",
    "Cảnh sát PCCC&CNCH đến dập tắt sau {minutes} phút.",
    "Tổ liên gia dùng bình chữa cháy dập tắt trước khi lực lượng chức năng đến.",
    "Xe chữa cháy không vào được ngõ, phải triển khai vòi từ đầu ngõ, dập tắt sau {minutes} phút.",
)  # fmt: skip


def incidents_layer(
    households: gpd.GeoDataFrame, premises: gpd.GeoDataFrame, n: int, rng: np.random.Generator
) -> gpd.GeoDataFrame:
    """``n`` fires over the five years up to :data:`AS_OF`, at households and premises."""
    at_premises = systematic(rng, np.full(n, R.incident_premises_share))
    weights = np.array(
        [_INCIDENT_WEIGHT.get(c, _INCIDENT_WEIGHT_DEFAULT) for c in premises["category"]]
    )
    p_idx = rng.choice(
        len(premises), size=int(at_premises.sum()), replace=False, p=weights / weights.sum()
    )
    h_idx = rng.choice(len(households), size=int((~at_premises).sum()), replace=False)
    # One fire in each equal slice of the five years, so the history spans all of them.
    ago = np.floor((np.arange(n) + rng.random(n)) * FIRE_HISTORY_DAYS / n).astype(int)
    date = np.datetime64(AS_OF, "D") - rng.permutation(ago).astype("timedelta64[D]")
    columns = {"geometry": np.empty(n, dtype=object), "address": np.empty(n, dtype=object)}
    columns["premises_id"] = np.full(n, None, dtype=object)
    columns["category"] = np.full(n, "", dtype=object)
    for mask, frame, idx in ((at_premises, premises, p_idx), (~at_premises, households, h_idx)):
        columns["geometry"][mask] = frame.geometry.to_numpy()[idx]
        columns["address"][mask] = frame["address"].to_numpy(dtype=object)[idx]
    columns["premises_id"][at_premises] = premises["id"].to_numpy(dtype=object)[p_idx]
    columns["category"][at_premises] = premises["category"].to_numpy(dtype=object)[p_idx]
    industrial = np.isin(columns["category"], _INDUSTRIAL)
    cause = np.empty(n, dtype=object)
    cause[industrial] = allocate(rng, _CAUSES["premises"], int(industrial.sum()))
    cause[~industrial] = allocate(rng, _CAUSES["household"], int((~industrial).sum()))
    text = rng.integers(0, 12, n)
    outcome = rng.integers(0, len(_INCIDENT_OUTCOMES), n)
    minutes = rng.integers(10, 46, n)
    description = [
        f"{_INCIDENT_TEXTS[c][t % len(_INCIDENT_TEXTS[c])]}. {_INCIDENT_OUTCOMES[o].format(minutes=m)}"
        for c, t, o, m in zip(cause, text, outcome, minutes, strict=True)
    ]
    median = np.where(at_premises, _DAMAGE_MEDIAN_VND["premises"], _DAMAGE_MEDIAN_VND["household"])
    damage = np.clip(median * np.exp(rng.normal(0.0, _DAMAGE_SIGMA, n)), *_DAMAGE_RANGE_VND)
    order = np.argsort(date, kind="stable")
    year = date[order].astype("datetime64[Y]").astype(int) + 1970
    seq = np.concatenate([np.arange(1, c + 1) for c in np.unique(year, return_counts=True)[1]])
    digits = max(2, len(str(int(seq.max()))))
    return layer_frame(
        "incidents",
        {
            "id": [f"VCH-{y}-{k:0{digits}d}" for y, k in zip(year, seq, strict=True)],
            "date": as_dates(date[order]),
            "address": columns["address"][order],
            "cause": cause[order],
            "deaths": rng.choice(len(_DEATHS_SHARE), size=n, p=_DEATHS_SHARE),
            "injuries": rng.choice(len(_INJURIES_SHARE), size=n, p=_INJURIES_SHARE),
            "damage_vnd": np.round(damage[order], -5),
            "premises_id": columns["premises_id"][order],
            "description": np.array(description, dtype=object)[order],
        },
        columns["geometry"][order],
        crs="EPSG:4326",  # the very points of the households and premises
    )
