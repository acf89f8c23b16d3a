"""Settings of the plan follow-up ([plan] in ``ward.toml``): indicators, targets, deadlines.

The plan the product serves (Chỉ thị 31-CT/TU, ``shared/seed``) asks the ward to report
where its tasks stand at the sơ kết and tổng kết reviews. Each indicator here is computed
from the ward's data (:mod:`pipelines.reports.plan_status`); the ward only sets its target,
its deadline and the unit responsible. In ``ward.toml`` they read, one line each::

    [plan]
    indicators.households_in_groups.target = 70.0
    indicators.households_in_groups.deadline = "2026-12-31"
    indicators.households_in_groups.responsible = "police"

An indicator left out of ``ward.toml`` keeps its default; an empty target (``""``, ``None``
in Python) means "no target" (the figure is still followed, against the same period last
year).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipelines.model.errors import ConfigError
from pipelines.model.schema import Enum, Member
from pipelines.model.setting_field import PRODUCT_DEFAULT as _PRODUCT
from pipelines.model.setting_field import setting

RESPONSIBLE_UNIT = Enum(
    "responsible_unit",
    (
        Member("ubnd", "UBND phường", "Ward People's Committee"),
        Member("police", "Công an phường", "Ward police"),
        Member("mttq", "Ủy ban MTTQ phường", "Fatherland Front committee"),
        Member("propaganda", "Ban Tuyên giáo", "Propaganda board"),
        Member("party_cell", "Chi bộ", "Party cell"),
        Member("tdp", "Tổ dân phố", "Residential group"),
    ),
)


@dataclass(frozen=True)
class IndicatorSpec:
    """What an indicator is: labels, unit, which way is better, its default target and source.

    ``higher_is_better`` decides ``on_track`` (value ≥ target, or ≤ target when false);
    ``percent`` bounds its target to 0–100.
    """

    key: str
    vi: str
    en: str
    unit_vi: str
    unit_en: str
    higher_is_better: bool
    target: float | None
    deadline: str
    responsible: str
    source: str
    percent: bool = False


_YEAR_END = "2026-12-31"
_C07 = "Cục C07: tổ liên gia 5–15 hộ liền kề, mỗi nhà ≥ 1 bình chữa cháy (domain.md)"

INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "high_risk_premises", "Cơ sở nguy cơ cao, rất cao", "High and very high risk premises",
        "cơ sở", "premises", False, None, _YEAR_END, "police",
        _PRODUCT + "; theo dõi so với cùng kỳ, không đặt chỉ tiêu",
    ),
    IndicatorSpec(
        "high_risk_inspected", "Cơ sở nguy cơ cao đã kiểm tra trong năm",
        "High-risk premises inspected this year", "%", "%", True, 100.0, _YEAR_END, "police",
        _PRODUCT + "; NĐ 136/2020 kiểm tra định kỳ 1 lần/năm (đối chiếu NĐ 105/2025, TT 36/2025)",
        percent=True,
    ),
    IndicatorSpec(
        "violations_fixed_on_time", "Cơ sở đã khắc phục vi phạm (hạn trong kỳ)",
        "Premises that fixed their violations (deadline in the period)", "%", "%", True, 100.0,
        _YEAR_END, "ubnd", _PRODUCT, percent=True,
    ),
    IndicatorSpec(
        "violations_overdue", "Cơ sở quá hạn khắc phục vi phạm", "Premises with overdue violations",
        "cơ sở", "premises", False, 0.0, _YEAR_END, "ubnd", _PRODUCT,
    ),
    IndicatorSpec(
        "households_in_groups", "Hộ tham gia tổ liên gia", "Households in a safety group",
        "%", "%", True, 70.0, _YEAR_END, "police", _PRODUCT + "; " + _C07, percent=True,
    ),
    IndicatorSpec(
        "safety_groups_per_group", "Tổ liên gia bình quân mỗi tổ dân phố",
        "Safety groups per residential group", "tổ/TDP", "groups/RG", True, 10.0, _YEAR_END,
        "police", _PRODUCT + "; khoảng một nửa số hộ của một tổ dân phố 300 hộ, tổ 15 hộ",
    ),
    IndicatorSpec(
        "households_with_extinguisher", "Hộ có bình chữa cháy", "Households with an extinguisher",
        "%", "%", True, 80.0, _YEAR_END, "tdp", _PRODUCT + "; " + _C07, percent=True,
    ),
    IndicatorSpec(
        "points_working", "Điểm chữa cháy công cộng hoạt động tốt",
        "Public firefighting points working", "%", "%", True, 100.0, _YEAR_END, "ubnd",
        _PRODUCT, percent=True,
    ),
    IndicatorSpec(
        "deep_alleys_with_point", "Ngõ sâu xe chữa cháy không vào được có điểm chữa cháy",
        "Deep truck-impassable alleys with a public point", "%", "%", True, 100.0,
        "2027-12-31", "ubnd",
        _PRODUCT + "; ngõ ≥ 50 m xe chữa cháy không vào được cần điểm chữa cháy công cộng "
        "(TP.HCM Chỉ thị 05/CT-UBND, Đồng Nai, Hải Phòng)",
        percent=True,
    ),
    IndicatorSpec(
        "propaganda_per_group", "Buổi tuyên truyền bình quân mỗi tổ dân phố (12 tháng)",
        "Propaganda sessions per residential group (12 months)", "buổi/TDP", "sessions/RG",
        True, 2.0, _YEAR_END, "propaganda", _PRODUCT,
    ),
    IndicatorSpec(
        "trainings_per_group", "Buổi tập huấn bình quân mỗi tổ dân phố (12 tháng)",
        "Trainings per residential group (12 months)", "buổi/TDP", "sessions/RG", True, 1.0,
        _YEAR_END, "police", _PRODUCT,
    ),
    IndicatorSpec(
        "drills_per_group", "Buổi diễn tập bình quân mỗi tổ dân phố (12 tháng)",
        "Drills per residential group (12 months)", "buổi/TDP", "drills/RG", True, 1.0,
        _YEAR_END, "police", _PRODUCT + "; phương án 4 tại chỗ",
    ),
    IndicatorSpec(
        "fires", "Vụ cháy (12 tháng)", "Fires (12 months)", "vụ", "fires", False, None,
        _YEAR_END, "police", _PRODUCT + "; so với cùng kỳ năm trước, không đặt chỉ tiêu",
    ),
)  # fmt: skip

INDICATOR_BY_KEY: dict[str, IndicatorSpec] = {s.key: s for s in INDICATORS}
INDICATOR_FIELDS = ("target", "deadline", "responsible")


def default_indicators() -> dict[str, dict[str, Any]]:
    return {
        s.key: {"target": s.target, "deadline": s.deadline, "responsible": s.responsible}
        for s in INDICATORS
    }


def _refuse(vi: str, en: str) -> ConfigError:
    return ConfigError(vi, en)


def parse_deadline(value: Any, name: str) -> str:
    """Return a deadline as ``YYYY-MM-DD`` text; refuse anything that is not a calendar date."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip() if value is not None else ""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise _refuse(
        f"Thời hạn của chỉ tiêu '{name}' phải là một ngày (dd/mm/yyyy), nhận được {text!r}",
        f"the deadline of indicator '{name}' should be a date (yyyy-mm-dd), got {text!r} instead",
    )


def _target(spec: IndicatorSpec, value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _refuse(
            f"Chỉ tiêu '{spec.vi}' phải là một số, nhận được {value!r}",
            f"the target of '{spec.key}' should be a number, got {value!r} instead",
        )
    value = float(value)
    if math.isnan(value):
        return None
    high = 100.0 if spec.percent else math.inf
    if not 0.0 <= value <= high:
        shown = "0–100 %" if spec.percent else "≥ 0"
        raise _refuse(
            f"Chỉ tiêu '{spec.vi}' = {value:g} nằm ngoài khoảng cho phép ({shown})",
            f"the target of '{spec.key}' should be within {shown}, got {value:g} instead",
        )
    return value


def check_indicators(key: str, value: Any) -> dict[str, dict[str, Any]]:
    """Validate ``[plan] indicators`` (as read from TOML or the Cài đặt table) over the defaults.

    Raises
    ------
    ConfigError
        An unknown indicator or field, a target that is not a number or out of range, a
        deadline that is not a date, a responsible unit not in :data:`RESPONSIBLE_UNIT`.
    """
    if not isinstance(value, Mapping):
        raise _refuse(
            f"Cài đặt '{key}' phải là bảng các chỉ tiêu, nhận được {value!r}",
            f"'{key}' should be a table of indicators, got {value!r} instead",
        )
    merged = default_indicators()
    for name, fields in value.items():
        spec = INDICATOR_BY_KEY.get(name)
        if spec is None:
            raise _refuse(
                f"Không có chỉ tiêu '{name}' (các chỉ tiêu: {', '.join(INDICATOR_BY_KEY)})",
                f"'{key}' has no indicator '{name}'; expected one of {', '.join(INDICATOR_BY_KEY)}",
            )
        if not isinstance(fields, Mapping) or set(fields) - set(INDICATOR_FIELDS):
            raise _refuse(
                f"Chỉ tiêu '{name}' chỉ có các mục {', '.join(INDICATOR_FIELDS)}, nhận được {fields!r}",
                f"indicator '{name}' takes only {', '.join(INDICATOR_FIELDS)}, got {fields!r}",
            )
        row = merged[name]
        if "target" in fields:
            row["target"] = _target(spec, fields["target"])
        if "deadline" in fields:
            row["deadline"] = parse_deadline(fields["deadline"], spec.vi)
        if "responsible" in fields:
            unit = fields["responsible"]
            if unit not in RESPONSIBLE_UNIT:
                raise _refuse(
                    f"Đơn vị chủ trì của chỉ tiêu '{spec.vi}' không hợp lệ: {unit!r} "
                    f"(chọn một trong: {'; '.join(RESPONSIBLE_UNIT.labels('vi').values())})",
                    f"the responsible unit of '{name}' should be one of "
                    f"{', '.join(RESPONSIBLE_UNIT.codes())}, got {unit!r} instead",
                )
            row["responsible"] = unit
    return merged


@dataclass(frozen=True)
class PlanSection:
    indicators: dict = setting(
        default_indicators(),
        vi="Chỉ tiêu của kế hoạch: mục tiêu, thời hạn, đơn vị chủ trì",
        en="Plan indicators: target, deadline, responsible unit",
        source=_PRODUCT + " (mỗi chỉ tiêu ghi nguồn riêng trên trang Cài đặt)",
        check=check_indicators,
    )
