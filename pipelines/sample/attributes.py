"""Random attributes of the sample's features (ids, shares, names, phones, dates) and the
conformed layer frame they end up in.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from pipelines.model.errors import ValidationError
from pipelines.model.validate import conform_layer
from pipelines.sample.pattern import AS_OF, CRS_METRIC

_FAMILY = (
    ("Nguyễn", 31), ("Trần", 9), ("Lê", 8), ("Phạm", 6), ("Hoàng", 4), ("Vũ", 4), ("Thân", 4),
    ("Đỗ", 3), ("Bùi", 3), ("Ngô", 3), ("Giáp", 2), ("Đặng", 2), ("Dương", 2), ("Hà", 2),
    ("Đào", 2), ("Đinh", 2), ("Phan", 2), ("Lương", 1), ("Trịnh", 1), ("Lý", 1), ("Tạ", 1),
    ("Chu", 1), ("Mai", 1), ("Hồ", 1),
)  # weights: rough shares of Vietnamese family names, with Thân and Giáp of Bắc Giang  # fmt: skip
_MIDDLE = {
    "m": (("Văn", 6), ("Đức", 2), ("Minh", 2), ("Quang", 1), ("Hữu", 1), ("Xuân", 1), ("Thành", 1),
          ("Ngọc", 1), ("Công", 1), ("Mạnh", 1), ("Trọng", 1), ("Tuấn", 1)),
    "f": (("Thị", 8), ("Thu", 1), ("Ngọc", 1), ("Thanh", 1), ("Minh", 1), ("Hồng", 1), ("Phương", 1),
          ("Bích", 1), ("Kim", 1), ("Thùy", 1)),
}  # fmt: skip
_GIVEN = {
    "m": ("Hùng", "Dũng", "Tuấn", "Nam", "Long", "Hải", "Thắng", "Cường", "Trung", "Hiếu", "Sơn",
          "Phong", "Huy", "Khánh", "Tùng", "Quân", "Bình", "An", "Đạt", "Hoàng", "Việt", "Lâm",
          "Toàn", "Thịnh", "Hưng", "Kiên", "Lộc", "Phúc", "Tiến", "Vinh"),
    "f": ("Lan", "Hương", "Hoa", "Mai", "Hằng", "Nga", "Thủy", "Linh", "Trang", "Hà", "Huyền",
          "Thảo", "Yến", "Nhung", "Loan", "Oanh", "Phượng", "Dung", "Hạnh", "Vân", "Ngọc", "Thu",
          "Tâm", "Nhàn", "Liên", "Xuân", "Hiền", "Quyên", "Ánh", "Duyên"),
}  # fmt: skip
_WORDS = {
    "brand": ("Minh Anh", "Thành Đạt", "Phú Thịnh", "Hưng Thịnh", "An Phát", "Tuấn Hương",
              "Hòa Bình", "Đức Long", "Việt Hàn", "Hồng Phúc", "Thanh Tùng", "Ngọc Hà",
              "Phương Nam", "Bảo Ngọc", "Quang Minh", "Sông Thương", "Hoàng Long", "Bình An",
              "Phú Quý", "Thanh Bình"),
    "show": ("Hoàng Gia", "Ánh Sao", "Kim Cương", "Sông Thương", "Nice", "Luxury", "Thiên Đường",
             "Hương Xưa", "Paradise", "Sao Mai", "Bốn Mùa", "Diamond", "Thanh Xuân", "Mây Trắng"),
    "trade": ("Cửa hàng tạp hóa", "Cửa hàng điện máy", "Cửa hàng vật liệu xây dựng",
              "Cửa hàng đồ gỗ", "Cửa hàng sơn", "Cửa hàng xe máy", "Cửa hàng điện thoại", "Quán ăn",
              "Nhà hàng", "Cửa hàng thời trang", "Nhà thuốc", "Cửa hàng đồ gia dụng",
              "Cửa hàng vải", "Cửa hàng chăn ga gối đệm", "Cửa hàng đồ điện nước"),
    "workshop": ("Xưởng mộc", "Xưởng may", "Cơ sở sản xuất bao bì", "Cơ sở in", "Xưởng cơ khí",
                 "Cơ sở sản xuất đồ nhựa", "Xưởng sản xuất đệm mút", "Cơ sở làm bún, bánh"),
    "industry": ("May mặc", "Bao bì", "Cơ khí chính xác", "Điện tử", "Nhựa", "Chế biến gỗ",
                 "Giày da", "Thực phẩm", "In ấn", "Linh kiện ô tô"),
    "goods": ("vật liệu xây dựng", "hàng tiêu dùng", "phân bón", "giấy", "đồ nhựa", "sơn",
              "hàng may mặc", "điện máy"),
    "office": ("Bưu điện văn hóa phường", "Đội quản lý điện lực khu vực",
               "Phòng giao dịch ngân hàng"),
    "other": ("Nhà văn hóa khu dân cư", "Gara ô tô {brand}", "Chùa Phúc Lâm", "Nhà thờ họ {family}",
              "Cửa hàng sửa chữa xe máy {brand}", "Cơ sở rửa xe {brand}", "Quán cà phê {brand}",
              "Trung tâm ngoại ngữ {brand}", "Spa {brand}", "Tiệm cầm đồ {brand}"),
}  # fmt: skip
_NAME_PATTERNS = {
    "karaoke": ("Karaoke {show}",),
    "lodging": ("Nhà nghỉ {brand}", "Khách sạn {brand}", "Nhà nghỉ {given}"),
    "supermarket": ("Siêu thị mini {brand}",),
    "gas": ("Cửa hàng gas {brand}",),
    "clinic": ("Phòng khám đa khoa {brand}", "Phòng khám nha khoa {brand}"),
    "office": ("{office}",),
    "warehouse": ("Kho {goods} {brand}",),
    "boarding": ("Nhà trọ {given}", "Khu nhà trọ {given}", "Nhà trọ công nhân {given}"),
    "workshop": ("{workshop} {brand}",),
    "nursery": ("Nhóm trẻ tư thục {brand}",),
    "shop": ("{trade} {brand}",),
    "other": ("{other}",),
    "factory": ("Công ty TNHH {industry} {brand}",),
    "cluster_warehouse": ("Kho hàng Công ty CP {industry} {brand}",),
}  # fmt: skip


def make_ids(prefix: str, n: int, digits: int) -> np.ndarray:
    width = max(digits, len(str(n)))
    return np.array([f"{prefix}-{k:0{width}d}" for k in range(1, n + 1)], dtype=object)


def weighted_choice(
    rng: np.random.Generator, table: Sequence[tuple[str, float]], n: int
) -> np.ndarray:
    values = np.empty(len(table), dtype=object)
    values[:] = [v for v, _ in table]
    weights = np.array([w for _, w in table], dtype=float)
    return values[rng.choice(len(values), size=n, p=weights / weights.sum())]


def systematic(rng: np.random.Generator, share: np.ndarray) -> np.ndarray:
    """Pick each item with probability ``share`` so that the number picked is within one of
    the expected total (systematic sampling in a random order)."""
    share = np.asarray(share, dtype=float)
    order = rng.permutation(len(share))
    cum = np.cumsum(share[order]) + rng.random()
    picked = np.empty(len(share), dtype=bool)
    picked[order] = np.floor(cum) > np.floor(cum - share[order])
    return picked


def allocate(rng: np.random.Generator, table: Sequence[tuple[str, float]], n: int) -> np.ndarray:
    """``n`` values in the shares of ``table`` (largest remainder), in a random order."""
    weights = np.array([w for _, w in table], dtype=float)
    quota = weights / weights.sum() * n
    counts = np.floor(quota).astype(int)
    counts[np.argsort(counts - quota, kind="stable")[: n - counts.sum()]] += 1
    values = np.empty(len(table), dtype=object)
    values[:] = [v for v, _ in table]
    return rng.permutation(np.repeat(values, counts))


def person_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """Random Vietnamese full names (family, middle and given name), either gender."""
    family = weighted_choice(rng, _FAMILY, n)
    female = rng.random(n) < 0.5
    out = np.empty(n, dtype=object)
    for gender, mask in (("f", female), ("m", ~female)):
        k = int(mask.sum())
        given = np.array(_GIVEN[gender], dtype=object)[rng.integers(0, len(_GIVEN[gender]), k)]
        out[mask] = family[mask] + " " + weighted_choice(rng, _MIDDLE[gender], k) + " " + given
    return out


def phone_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Obviously fictitious phone numbers: ``0000 xxx xxx``."""
    return np.array(
        [f"0000 {a:03d} {b:03d}" for a, b in rng.integers(0, 1000, size=(n, 2))], dtype=object
    )


def days_before(rng: np.random.Generator, low: int, high: int, n: int) -> np.ndarray:
    """Dates between ``high`` and ``low`` days before :data:`AS_OF`."""
    return np.datetime64(AS_OF, "D") - rng.integers(low, high + 1, n).astype("timedelta64[D]")


def as_dates(values: np.ndarray) -> pd.Series:
    return pd.Series(np.asarray(values, dtype="datetime64[D]").astype("datetime64[ms]"))


def premises_names(rng: np.random.Generator, keys: Sequence[str]) -> list[str]:
    """Premises names from :data:`_NAME_PATTERNS`, filled in with words from :data:`_WORDS`."""
    words = {
        **_WORDS,
        "given": _GIVEN["f"] + _GIVEN["m"],
        "family": tuple(name for name, _ in _FAMILY),
    }
    out = []
    for key in keys:
        text = _NAME_PATTERNS[key][int(rng.integers(len(_NAME_PATTERNS[key])))]
        while fields := [f for _, f, _, _ in string.Formatter().parse(text) if f]:
            text = text.format(**{f: words[f][int(rng.integers(len(words[f])))] for f in fields})
        out.append(text)
    return out


def layer_frame(
    name: str, columns: dict[str, Any], geometry: np.ndarray | None, *, crs: str = CRS_METRIC
) -> gpd.GeoDataFrame:
    """Build layer ``name`` from geometry in ``crs`` and conform it (to EPSG:4326)."""
    data = pd.DataFrame(columns)
    frame = data if geometry is None else gpd.GeoDataFrame(data, geometry=geometry, crs=crs)
    out, problems = conform_layer(name, frame)
    if problems:
        raise ValidationError(problems, context=f"sample_ward: {name}")
    return out
