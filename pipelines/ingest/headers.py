"""Map source columns to schema fields and source values to enum codes.

Headers and values are compared after :func:`fold` (lower case, no diacritics, ``đ`` → ``d``,
punctuation → spaces), so "Tên cơ sở", "ten co so", "TEN_CS" and "Tên cơ sở (*)" meet.
Aliases live in lookup tables: :data:`FIELD_ALIASES` (any layer), :data:`LAYER_ALIASES`
(one layer, taking precedence) and :data:`VALUE_ALIASES` (enum values). Each schema field's
own name and Vietnamese/English labels are aliases too, so exported files import back.

Besides schema fields a column can map to a coordinate role (:data:`COORDINATE_TARGETS`).
A mapping confirmed by the user is saved in the ward folder (``mappings/<layer>.json``)
and applied before the aliases on the next import of that layer.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.model.errors import InputFileError
from pipelines.model.files import atomic_write, sweep_temps
from pipelines.model.schema import ENUMS, Enum, Field, Layer, get_layer
from pipelines.model.store import ward_lock

MAPPINGS_DIR = "mappings"
MAPPING_VERSION = 1

# Coordinate roles a column can take (not schema fields).
COORDINATE_TARGETS: dict[str, tuple[str, str]] = {
    "coord_lat": ("Vĩ độ", "Latitude"),
    "coord_lon": ("Kinh độ", "Longitude"),
    "coord_x": ("Tọa độ X (bắc)", "X (northing, Vietnamese tables)"),
    "coord_y": ("Tọa độ Y (đông)", "Y (easting, Vietnamese tables)"),
    "coord_pair": ("Tọa độ (hai số trong một ô)", "Coordinates (both in one cell)"),
    "coord_wkt": ("Hình học WKT", "WKT geometry"),
}

_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: object) -> str:
    """Return ``text`` lower-cased, without diacritics and with punctuation as single spaces.

    >>> fold("Tên cơ sở (*)")
    'ten co so'
    >>> fold("TEN_CS")
    'ten cs'
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    s = unicodedata.normalize("NFD", str(text).translate(_FOLD))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub(" ", s).strip()


def fold_series(values: pd.Series) -> pd.Series:
    """Fold every value of ``values`` like :func:`fold`, vectorised over the column."""
    text = values.astype("str").where(values.notna())
    text = text.str.normalize("NFD").str.replace("[\u0300-\u036f]", "", regex=True)
    text = text.str.replace("[đĐðÐ]", "d", regex=True).str.lower()
    return text.str.replace("[^0-9a-z]+", " ", regex=True).str.strip()


# --- Column aliases ---------------------------------------------------------------------

_PHONE = ("điện thoại", "số điện thoại", "sđt", "sdt", "đt", "dt liên hệ", "phone", "tel", "mobile")
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": (
        "mã",
        "mã số",
        "mã cơ sở",
        "mã cs",
        "ma_cs",
        "mã hộ",
        "mã định danh",
        "mã đối tượng",
        "mã trụ",
        "mã điểm",
        "mã tổ",
        "mã nguồn",
        "số hiệu",
        "id",
        "@id",
        "osm_id",
        "code",
        "identifier",
    ),
    "name": (
        "tên",
        "tên cơ sở",
        "ten_cs",
        "tên cs",
        "tên cơ sở kinh doanh",
        "tên đơn vị",
        "tên doanh nghiệp",
        "tên gọi",
        "tên điểm",
        "tên trụ",
        "tên đường",
        "tên tổ",
        "họ tên",
        "name",
        "ten",
    ),
    "category": (
        "loại hình",
        "loại hình cơ sở",
        "loại hình kinh doanh",
        "loại hình hoạt động",
        "ngành nghề",
        "ngành nghề kinh doanh",
        "phân loại",
        "loại cơ sở",
        "lĩnh vực",
        "category",
        "type",
        "loai hinh",
    ),
    "address": ("địa chỉ", "địa chỉ cơ sở", "dia_chi", "địa điểm", "vị trí", "address", "addr"),
    "residential_group_id": (
        "tổ dân phố",
        "tdp",
        "tổ",
        "tổ số",
        "thôn",
        "khu phố",
        "thôn tổ dân phố",
        "residential group",
    ),
    "floors": ("số tầng", "tầng", "số tầng cao", "floors", "levels", "building levels"),
    "floor_area_m2": (
        "diện tích sàn",
        "diện tích",
        "tổng diện tích",
        "diện tích xây dựng",
        "dt sàn",
        "area",
        "floor area",
    ),
    "occupants": ("số người", "số người thường xuyên", "số lao động", "số công nhân", "occupants"),
    "management_level": ("cấp quản lý", "phân cấp quản lý", "đơn vị quản lý", "managed by"),
    "last_inspection": (
        "ngày kiểm tra",
        "ngày kiểm tra gần nhất",
        "lần kiểm tra gần nhất",
        "ngày kt",
        "kiểm tra gần nhất",
    ),
    "inspection_result": ("kết quả kiểm tra", "kết quả", "kq kiểm tra", "kết quả kt"),
    "open_violations": ("số vi phạm", "số vi phạm chưa khắc phục", "số tồn tại"),
    "violation_deadline": ("hạn khắc phục", "thời hạn khắc phục"),
    "construction_electrical_violation": (
        "vi phạm trật tự xây dựng",
        "vi phạm an toàn điện",
        "vi phạm xây dựng",
        "vi phạm ttxd",
    ),
    "violation_note": ("nội dung vi phạm", "vi phạm", "tồn tại", "nội dung tồn tại"),
    "contact_person": (
        "người đại diện",
        "chủ cơ sở",
        "người đứng đầu",
        "người liên hệ",
        "chủ hộ kinh doanh",
        "contact",
    ),
    "contact_phone": _PHONE,
    "phone": _PHONE,
    "responsible_phone": _PHONE,
    "note": ("ghi chú", "ghi chu", "note", "notes", "mô tả", "description", "chú thích"),
    "head_name": ("chủ hộ", "họ tên chủ hộ", "tên chủ hộ", "chủ hộ gia đình"),
    "members": ("số nhân khẩu", "nhân khẩu", "số khẩu", "số người trong hộ"),
    "is_business": ("hộ kinh doanh", "có kinh doanh", "kinh doanh"),
    "business_type": ("ngành nghề kinh doanh", "ngành nghề", "mặt hàng kinh doanh"),
    "safety_group_id": ("tổ liên gia", "mã tổ liên gia"),
    "has_extinguisher": ("có bình chữa cháy", "bình chữa cháy", "có bình", "extinguisher"),
    "extinguishers_powder": ("bình bột", "số bình bột", "bình chữa cháy bột"),
    "extinguishers_co2": ("bình co2", "số bình co2", "bình khí co2", "bình khí"),
    "crowbars": ("xà beng",),
    "hammers": ("búa", "búa tạ"),
    "cutters": ("kìm cộng lực", "kéo thủy lực", "kìm", "kéo cắt"),
    "status": ("tình trạng", "trạng thái", "tình trạng hoạt động", "status"),
    "installed": ("ngày lắp đặt", "lắp đặt", "năm lắp đặt"),
    "last_check": ("ngày kiểm tra", "ngày kiểm tra gần nhất", "kiểm tra gần nhất", "ngày kt"),
    "responsible_person": ("người phụ trách", "người quản lý", "phụ trách"),
    "leader": ("tổ trưởng", "trưởng tổ", "họ tên tổ trưởng"),
    "established": ("ngày thành lập", "thành lập"),
    "linked_alarm": ("chuông báo", "chuông báo liên gia", "có chuông", "chuông báo cháy"),
    "capacity_m3": ("trữ lượng", "dung tích", "thể tích", "capacity"),
    "flow_lps": ("lưu lượng", "flow", "flow rate"),
    "truck_accessible": ("xe tiếp cận", "xe chữa cháy tiếp cận", "xe vào được", "xe tiếp cận được"),
    "width_m": ("bề rộng", "chiều rộng", "rộng", "bề rộng mặt đường", "lòng đường", "width"),
    "clearance_m": ("chiều cao thông thủy", "tĩnh không", "chiều cao", "maxheight", "clearance"),
    "closed_from": ("đóng từ", "giờ đóng", "thời gian đóng"),
    "closed_to": ("đóng đến", "mở lúc", "giờ mở"),
    "date": ("ngày xảy ra", "ngày cháy", "ngày", "thời gian xảy ra", "date"),
    "cause": ("nguyên nhân", "nguyên nhân cháy", "cause"),
    "deaths": ("số người chết", "người chết", "chết", "tử vong"),
    "injuries": ("số người bị thương", "bị thương", "người bị thương"),
    "damage_vnd": ("thiệt hại", "thiệt hại ước tính", "thiệt hại vnđ", "damage"),
    "premises_id": ("cơ sở liên quan", "mã cơ sở liên quan"),
    "description": ("diễn biến", "mô tả", "description", "nội dung"),
    "levels": ("số tầng", "tầng", "building levels", "levels"),
    "use": ("công năng", "mục đích sử dụng", "công năng sử dụng", "use"),
    "kind": ("loại", "phân loại", "kind", "type"),
    "coord_lat": ("vĩ độ", "vido", "lat", "latitude", "y lat", "vĩ độ n"),
    "coord_lon": ("kinh độ", "kinhdo", "lon", "lng", "long", "longitude", "x lon", "kinh độ e"),
    "coord_x": (
        "x",
        "tọa độ x",
        "toạ độ x",
        "x m",
        "x vn2000",
        "x vn 2000",
        "northing",
        "hoành độ",
    ),
    "coord_y": ("y", "tọa độ y", "toạ độ y", "y m", "y vn2000", "y vn 2000", "easting", "tung độ"),
    "coord_pair": ("tọa độ", "toạ độ", "tọa độ gps", "vị trí gps", "gps", "coordinates", "latlon"),
    "coord_wkt": ("wkt", "geometry", "hình học", "geom"),
}

# Aliases that belong to one layer only; they take precedence over FIELD_ALIASES.
LAYER_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "water_sources": {
        "kind": ("loại nguồn nước", "loại nguồn", "loại", "kind", "emergency"),
        "name": ("tên", "tên nguồn nước", "tên trụ", "ký hiệu", "name", "ref"),
    },
    "roads": {"kind": ("loại đường", "cấp đường", "phân loại đường", "loại", "highway")},
    "barriers": {"kind": ("loại vật cản", "vật cản", "loại", "barrier")},
    "water_bodies": {"kind": ("loại", "loại mặt nước", "water")},
    "incidents": {
        "premises_id": ("cơ sở liên quan", "mã cơ sở", "mã cơ sở liên quan"),
        "id": ("mã vụ cháy", "mã vụ", "số vụ", "id", "mã"),
    },
    "ward_boundary": {"name": ("tên phường", "tên", "name", "ten phuong")},
    "residential_groups": {"name": ("tên tổ dân phố", "tên tổ", "tên", "tổ dân phố", "name")},
    "safety_groups": {"name": ("tên tổ liên gia", "tên tổ", "tên", "name")},
    "activities": {
        "date": ("ngày", "ngày tổ chức", "thời gian", "ngày thực hiện", "date"),
        "kind": ("loại hoạt động", "hình thức", "loại", "kind", "type"),
        "title": ("nội dung", "tên hoạt động", "chủ đề", "title"),
        "participants": ("số người tham gia", "người tham gia", "số lượt người", "số người"),
        "id": ("mã hoạt động", "id", "mã"),
    },
    # Inspections and their violations (helper "inspect", issue 10 item 6).
    "inspections": {
        "id": ("mã kiểm tra", "mã lần kiểm tra", "số biên bản", "id", "mã"),
        "premises_id": ("mã cơ sở", "cơ sở", "cơ sở được kiểm tra"),
        "date": ("ngày kiểm tra", "ngày", "date"),
        "kind": ("hình thức", "hình thức kiểm tra", "loại kiểm tra", "kind"),
        "inspectors": ("thành phần đoàn kiểm tra", "đoàn kiểm tra", "người kiểm tra"),
        "officer": ("cán bộ phụ trách", "cán bộ", "officer"),
        "result": ("kết quả", "kết luận", "kết quả kiểm tra", "result"),
        "follow_up_of": ("phúc tra lần", "phúc tra lần kiểm tra"),
    },
    "violations": {
        "id": ("mã vi phạm", "id", "mã"),
        "inspection_id": ("mã kiểm tra", "lần kiểm tra", "số biên bản"),
        "premises_id": ("mã cơ sở", "cơ sở"),
        "item": ("nội dung kiểm tra", "hạng mục"),
        "description": ("nội dung vi phạm", "vi phạm", "mô tả", "description"),
        "legal_basis": ("căn cứ pháp lý", "căn cứ", "điều khoản"),
        "deadline": ("hạn khắc phục", "thời hạn khắc phục", "hạn", "deadline"),
        "fixed_on": ("ngày khắc phục", "đã khắc phục ngày"),
        "status": ("tình trạng", "trạng thái", "status"),
    },
}


# A file of points read without a target layer (candidate sites for the planner): besides
# the coordinate roles, only an identifier, a name and a note are looked for.
POINTS = Layer(
    "points",
    "Điểm",
    "Points",
    "Point",
    (
        Field("id", "str", "Mã", "ID"),
        Field("name", "str", "Tên", "Name"),
        Field("note", "str", "Ghi chú", "Note"),
    ),
)


def target_layer(name: str) -> Layer:
    """Return the layer whose columns are looked for: a layer of the store, or :data:`POINTS`."""
    return POINTS if name == POINTS.name else get_layer(name)


@dataclass(frozen=True)
class ColumnMatch:
    """How one source column was mapped: its target (or ``None``) and the other candidates."""

    column: str
    target: str | None
    score: int
    alternatives: tuple[str, ...] = ()
    source: str = "alias"  # {"alias", "saved", "user", "none"}


def target_names(layer: Layer) -> tuple[str, ...]:
    """Return every target a column of ``layer`` can map to: fields, then coordinate roles."""
    coords = () if layer.geometry is None else tuple(COORDINATE_TARGETS)
    return layer.field_names + coords


def target_label(name: str, layer: Layer, lang: str = "vi") -> str:
    """Return the label of a mapping target (a field of ``layer`` or a coordinate role)."""
    if name in COORDINATE_TARGETS:
        vi, en = COORDINATE_TARGETS[name]
        return vi if lang == "vi" else en
    return layer.field(name).label(lang)


@functools.cache
def _aliases(layer: Layer) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Return each target's folded aliases as token tuples, longest first."""
    specific = LAYER_ALIASES.get(layer.name, {})
    out: dict[str, tuple[tuple[str, ...], ...]] = {}
    for target in target_names(layer):
        words = list(specific.get(target, FIELD_ALIASES.get(target, ())))
        if target in layer.field_names:
            f = layer.field(target)
            words += [f.name, f.vi, f.en, f.label("vi")]
        tokens = {tuple(fold(w).split()) for w in words if fold(w)}
        out[target] = tuple(sorted(tokens, key=len, reverse=True))
    return out


# Coordinate labels usually end a header ("Tọa độ X", "Vị trí - Vĩ độ"): a suffix match on
# a coordinate role beats a prefix match on another target.
_COORDINATE_SUFFIX_BONUS = 15


def _score(header: tuple[str, ...], alias: tuple[str, ...]) -> int:
    n = len(alias)
    if header == alias:
        return 100 + n
    short = n == 1 and len(alias[0]) < 3
    if header[:n] == alias:
        return 0 if short else 50 + n
    if header[-n:] == alias:
        return 40 + n
    if n >= 2 and any(header[i : i + n] == alias for i in range(1, len(header) - n)):
        return 20 + n
    return 0


def _fixed_targets(
    columns: list[str],
    allowed: set[str],
    saved: Mapping[str, str | None],
    overrides: Mapping[str, str | None],
) -> dict[str, tuple[str | None, str]]:
    """Return the columns whose target the user chose now or before: column → (target, how)."""
    for column, target in overrides.items():
        if target and target not in allowed:
            raise ValueError(
                f"column '{column}' should map to one of {', '.join(sorted(allowed))}, "
                f"got '{target}' instead"
            )
    fixed: dict[str, tuple[str | None, str]] = {}
    for column in columns:
        if column in overrides:
            fixed[column] = (overrides[column] or None, "user")
        elif fold(column) in saved and (saved[fold(column)] in allowed or not saved[fold(column)]):
            fixed[column] = (saved[fold(column)] or None, "saved")
    return fixed


def _column_scores(columns: list[str], layer: Layer) -> dict[str, dict[str, int]]:
    """Return, per column, the best alias score of each target it resembles."""
    aliases = _aliases(layer)
    scores: dict[str, dict[str, int]] = {}
    for column in columns:
        tokens = tuple(fold(column).split())
        row = {}
        for target, alias_list in aliases.items():
            best = max((_score(tokens, a) for a in alias_list), default=0)
            if target in COORDINATE_TARGETS and 40 <= best < 50:
                best += _COORDINATE_SUFFIX_BONUS  # "Tọa độ VN-2000 X": the last word decides
            if best:
                row[target] = best
        scores[column] = row
    return scores


def match_columns(
    columns: Iterable[str],
    layer_name: str,
    *,
    saved: Mapping[str, str | None] | None = None,
    overrides: Mapping[str, str | None] | None = None,
) -> list[ColumnMatch]:
    """Map each source column to at most one target; each target takes at most one column.

    Parameters
    ----------
    columns
        Source column names in file order.
    layer_name
        Layer being imported (or :data:`POINTS`' name for a file of points).
    saved
        A saved mapping keyed by the folded column name (see :func:`save_mapping`).
    overrides
        Choices made now by the user, keyed by the column name as in the file; ``None``
        or ``""`` ignores the column.

    Returns
    -------
    list of ColumnMatch
        In column order. User choices win, then saved ones, then the best alias score
        (exact name, then prefix, suffix, inner words; ties go to the earlier column).
    """
    layer = target_layer(layer_name)
    columns = list(columns)
    fixed = _fixed_targets(columns, set(target_names(layer)), saved or {}, overrides or {})
    taken = {t for t, _ in fixed.values() if t}
    scores = _column_scores(columns, layer)
    chosen: dict[str, str] = {}
    pairs = sorted(
        (-s, i, t, c) for i, c in enumerate(columns) if c not in fixed for t, s in scores[c].items()
    )
    for _, _, target, column in pairs:
        if column in chosen or target in taken:
            continue
        chosen[column] = target
        taken.add(target)
    out = []
    for column in columns:
        ranked = sorted(scores[column], key=lambda t: -scores[column][t])
        if column in fixed:
            target, how = fixed[column]
            out.append(ColumnMatch(column, target, 0, tuple(t for t in ranked if t != target), how))
        elif column in chosen:
            target = chosen[column]
            others = tuple(t for t in ranked if t != target)
            out.append(ColumnMatch(column, target, scores[column][target], others))
        else:
            out.append(ColumnMatch(column, None, 0, tuple(ranked), "none"))
    return out


@functools.cache
def _alias_index(layer: Layer) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Return the layer's aliases indexed by each of their words (to prune comparisons)."""
    index: dict[str, set[tuple[str, ...]]] = {}
    for alias_list in _aliases(layer).values():
        for alias in alias_list:
            for word in alias:
                index.setdefault(word, set()).add(alias)
    return {word: tuple(aliases) for word, aliases in index.items()}


def header_score(cells: Iterable[object], layer_name: str) -> int:
    """Score how much a row of cells looks like a header row of ``layer_name``."""
    index = _alias_index(target_layer(layer_name))
    score = 0
    for cell in cells:
        if not isinstance(cell, str) or not cell.strip():
            continue
        tokens = tuple(fold(cell).split())
        if not tokens or all(t.isdigit() for t in tokens) or len(tokens) > 12:
            continue
        score += 1
        candidates = {a for t in set(tokens) for a in index.get(t, ())}
        best = max((_score(tokens, a) for a in candidates), default=0)
        if best >= 100:
            score += 10
        elif best >= 40:
            score += 5
    return score


# --- Value aliases (enum codes) -----------------------------------------------------------

VALUE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "premises_category": {
        "karaoke": ("karaoke", "kara", "vũ trường", "quán bar", "bar", "pub", "quán hát", "hát"),
        "boarding_house": (
            "nhà trọ",
            "phòng trọ",
            "khu trọ",
            "cho thuê trọ",
            "trọ",
            "nhà cho thuê",
        ),
        "lodging": ("nhà nghỉ", "khách sạn", "homestay", "nhà khách", "lưu trú", "hotel", "motel"),
        "market": (
            "chợ",
            "trung tâm thương mại",
            "tttm",
            "siêu thị",
            "chợ đêm",
            "market",
            "supermarket",
        ),
        "shophouse": (
            "nhà ở kết hợp kinh doanh",
            "nhà ở kết hợp sản xuất kinh doanh",
            "nhà ở kết hợp sản xuất",
            "nhà ở kết hợp",
            "hộ kinh doanh",
            "kinh doanh",
            "cửa hàng",
            "shop",
        ),
        "production": ("cơ sở sản xuất", "sản xuất", "xưởng", "nhà xưởng", "gia công", "workshop"),
        "warehouse": ("kho", "kho hàng", "kho bãi", "warehouse"),
        "industrial": ("khu công nghiệp", "cụm công nghiệp", "kcn", "ccn"),
        "fuel_gas": (
            "xăng dầu",
            "cây xăng",
            "cửa hàng xăng dầu",
            "khí đốt",
            "gas",
            "khí hóa lỏng",
            "lpg",
            "petrol",
        ),
        "school": (
            "trường học",
            "trường",
            "mầm non",
            "nhà trẻ",
            "mẫu giáo",
            "tiểu học",
            "thcs",
            "thpt",
        ),
        "healthcare": ("bệnh viện", "trạm y tế", "phòng khám", "y tế", "hospital", "clinic"),
        "office": ("cơ quan", "công sở", "trụ sở", "ubnd", "văn phòng", "office"),
        "apartment": ("chung cư", "nhà tập thể", "tập thể", "apartment"),
        "other": ("khác", "loại khác", "other"),
    },
    "management_level": {
        "ward": ("phường", "ubnd phường", "ubnd", "cấp phường", "xã", "ward"),
        "police": ("công an", "ca", "cảnh sát pccc", "police"),
    },
    "inspection_result": {
        "passed": ("đạt", "tốt", "passed", "pass"),
        "remarks": ("đạt có kiến nghị", "có kiến nghị", "kiến nghị"),
        "failed": ("không đạt", "vi phạm", "có vi phạm", "failed", "fail"),
    },
    "equipment_status": {
        "working": ("tốt", "hoạt động", "hoạt động tốt", "bình thường", "sử dụng được", "ok"),
        "needs_service": ("cần bảo dưỡng", "bảo dưỡng", "cần sửa chữa", "hư hỏng nhẹ", "yếu"),
        "out_of_service": (
            "hỏng",
            "hư hỏng",
            "không hoạt động",
            "ngừng sử dụng",
            "ngừng hoạt động",
            "không sử dụng được",
            "mất nước",
        ),
    },
    "water_source_kind": {
        "hydrant": (
            "trụ",
            "trụ nước",
            "trụ cứu hỏa",
            "trụ nước chữa cháy",
            "họng nước",
            "fire hydrant",
        ),
        "tank": ("bể", "bể nước", "bể chứa", "téc nước", "water tank"),
        "pond": ("ao", "ao nước", "fire water pond"),
        "lake": ("hồ", "hồ nước", "hồ điều hòa"),
        "river": ("sông", "kênh", "mương", "suối", "rạch"),
        "well": ("giếng", "giếng khoan", "water well"),
    },
    "water_body_kind": {
        "pond": ("ao", "ao nước", "pond"),
        "lake": ("hồ", "hồ nước", "hồ điều hòa", "reservoir", "lake"),
        "river": ("sông", "suối", "river", "stream"),
        "canal": ("kênh", "mương", "rạch", "canal", "ditch"),
    },
    "road_kind": {
        "duong": ("đường", "road"),
        "pho": ("phố", "street"),
        "ngo": ("ngõ", "alley"),
        "ngach": ("ngách",),
        "hem": ("hẻm",),
        "kiet": ("kiệt",),
    },
    "barrier_kind": {
        "gate": ("cổng", "barie", "barrier", "gate"),
        "bollard": ("cột chắn", "cọc chắn", "bollard"),
        "low_wires": ("dây điện", "dây cáp", "cáp treo", "dây"),
        "passage": ("lối đi có mái", "nhà cầu", "mái che", "cầu nối"),
        "other": ("khác", "other"),
    },
    "incident_cause": {
        "electrical": ("điện", "chập điện", "sự cố điện", "chập", "electrical"),
        "cooking": ("đun nấu", "nấu ăn", "nấu", "cooking"),
        "worship": ("thắp hương", "hương", "vàng mã", "đốt vàng mã"),
        "gas": ("rò rỉ khí", "khí gas", "gas", "khí đốt"),
        "vehicle": ("xe", "xe điện", "xe máy", "ô tô", "phương tiện"),
        "production": ("sản xuất", "sự cố sản xuất"),
        "arson": ("cố ý", "đốt phá", "arson"),
        "unknown": ("chưa rõ", "không rõ", "chưa xác định", "unknown"),
        "other": ("khác", "other"),
    },
    "building_use": {
        "residential": ("nhà ở", "ở", "residential", "house"),
        "commercial": ("thương mại", "dịch vụ", "commercial", "retail"),
        "industrial": ("công nghiệp", "nhà xưởng", "kho", "industrial", "warehouse"),
        "public": ("công cộng", "công trình công cộng", "public"),
        "other": ("khác", "other"),
    },
    "activity_kind": {
        "propaganda": ("tuyên truyền", "tuyen truyen", "phổ biến", "propaganda"),
        "training": ("tập huấn", "huấn luyện", "bồi dưỡng", "training"),
        "drill": ("diễn tập", "thực tập phương án", "drill"),
        "inspection": ("kiểm tra", "inspection"),
    },
}


def _value_aliases(enum: Enum) -> tuple[dict[str, str], list[tuple[tuple[str, ...], str]]]:
    exact: dict[str, str] = {}
    keywords: list[tuple[tuple[str, ...], str]] = []
    table = VALUE_ALIASES.get(enum.name, {})
    for member in enum:
        for word in (member.code, member.vi, member.en, *table.get(member.code, ())):
            folded = fold(word)
            if folded:
                exact.setdefault(folded, member.code)
        for word in table.get(member.code, ()):
            keywords.append((tuple(fold(word).split()), member.code))
    keywords.sort(key=lambda kv: -len(kv[0]))
    return exact, keywords


def _contains(tokens: tuple[str, ...], keyword: tuple[str, ...]) -> bool:
    n = len(keyword)
    return any(tokens[i : i + n] == keyword for i in range(len(tokens) - n + 1))


def match_values(
    values: pd.Series,
    enum_name: str,
    *,
    overrides: Mapping[str, str] | None = None,
) -> dict[object, str | None]:
    """Map each distinct value of ``values`` to a code of enum ``enum_name`` (or ``None``).

    Order: the user's overrides (keyed by the value as written or folded), an exact alias
    or label, then the longest keyword contained in the value ("Quán hát karaoke" →
    ``karaoke``, "Cửa hàng xăng dầu" → ``fuel_gas`` rather than ``shophouse``).
    """
    enum = ENUMS[enum_name]
    exact, keywords = _value_aliases(enum)
    folded_overrides = {fold(k): v for k, v in (overrides or {}).items()}
    out: dict[object, str | None] = {}
    for value in pd.unique(values.dropna()):
        folded = fold(value)
        if not folded:
            continue
        if folded in folded_overrides:
            out[value] = folded_overrides[folded] or None
            continue
        if folded in exact:
            out[value] = exact[folded]
            continue
        tokens = tuple(folded.split())
        out[value] = next((code for kw, code in keywords if _contains(tokens, kw)), None)
    return out


# --- Saved mappings -----------------------------------------------------------------------


@dataclass(frozen=True)
class SavedMapping:
    """A mapping confirmed by the user for one layer, stored in ``mappings/<layer>.json``.

    ``columns`` and ``values`` are keyed by folded text, so the same sheet exported again
    (or re-encoded) is recognised.
    """

    layer: str
    columns: dict[str, str | None] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    crs: str | None = None
    defaults: dict[str, str] = field(default_factory=dict)


def mapping_path(ward_dir: str | Path, layer: str) -> Path:
    get_layer(layer)
    return Path(ward_dir) / MAPPINGS_DIR / f"{layer}.json"


def load_mapping(ward_dir: str | Path, layer: str) -> SavedMapping | None:
    """Return the saved mapping of ``layer`` in the ward folder, or ``None``."""
    path = mapping_path(ward_dir, layer)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputFileError(
            f"Tệp ánh xạ cột {path} bị hỏng: {exc}", f"mapping file {path} is unreadable: {exc}"
        ) from None
    if data.get("version") != MAPPING_VERSION or data.get("layer") != layer:
        raise InputFileError(
            f"Tệp ánh xạ cột {path} không đúng định dạng (phiên bản {data.get('version')!r})",
            f"mapping file {path} should be version {MAPPING_VERSION} for layer '{layer}', "
            f"got version {data.get('version')!r} for '{data.get('layer')}' instead",
        )
    return SavedMapping(
        layer=layer,
        columns=dict(data.get("columns", {})),
        values={k: dict(v) for k, v in data.get("values", {}).items()},
        crs=data.get("crs"),
        defaults=dict(data.get("defaults", {})),
    )


def save_mapping(
    ward_dir: str | Path,
    layer: str,
    *,
    columns: Mapping[str, str | None],
    values: Mapping[str, Mapping[str, str]] | None = None,
    crs: str | None = None,
    defaults: Mapping[str, str] | None = None,
) -> Path:
    """Save a confirmed mapping for ``layer`` (merged over the saved one); return its path.

    ``columns`` maps source column names (as in the file) to targets (``None`` ignores the
    column); ``values`` maps, per field, source values to enum codes. The saved mapping is
    read, merged and written atomically under the ward's lock, so two people saving
    mappings of the same layer at once both keep theirs.
    """
    path = mapping_path(ward_dir, layer)
    with ward_lock(ward_dir):
        previous = load_mapping(ward_dir, layer) or SavedMapping(layer)
        merged_columns = {
            **previous.columns,
            **{fold(k): (v or None) for k, v in columns.items()},
        }
        merged_values = {k: dict(v) for k, v in previous.values.items()}
        for name, table in (values or {}).items():
            merged_values.setdefault(name, {}).update({fold(k): v for k, v in table.items()})
        data = {
            "version": MAPPING_VERSION,
            "layer": layer,
            "columns": merged_columns,
            "values": merged_values,
            "crs": crs if crs is not None else previous.crs,
            "defaults": {**previous.defaults, **dict(defaults or {})},
        }
        sweep_temps(path)
        atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2))
    return path
