"""Coverage: who is near a working public firefighting point, a usable water source, a hose.

For every household and premises the analysis keeps the network distance (metres, along the
roads, snap distances included) to the nearest *working* public firefighting point and to
the nearest *usable* water source, overall and by kind group (:data:`WATER_GROUPS`), and
turns them into flags with the ``ward.toml`` radii:

* ``within_hose_reach``: hose distance ≤ ``thresholds.hose_reach_m``;
* ``has_public_point``: a working point within ``thresholds.public_point_radius_m``;
* ``has_water``: a usable water source within ``thresholds.water_source_radius_m``;
* ``covered``: within hose reach **or** with a public point in radius — the public point is
  what serves the alleys fire trucks cannot enter (domain.md).

A water source is usable when its status is in :data:`USABLE_STATUS` and, for the kinds a
fire truck has to draw from on the spot (:data:`WATER_KIND_RULES`), a truck can reach it: it
lies on the truck-reachable network at that time of day and is not recorded as
inaccessible. :func:`coverage_summary` totals the flags per tổ dân phố and for the ward.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.model.settings import Thresholds

USABLE_STATUS: frozenset[str] = frozenset({"working"})
WORKING_POINT_STATUS: frozenset[str] = frozenset({"working"})


@dataclass(frozen=True)
class WaterKindRule:
    """How one kind of water source is used: its group and whether a truck must reach it."""

    group: str
    needs_truck: bool


# A hydrant or a tank feeds a hose laid from it; a pond, lake, river or well has to be drawn
# from by a truck pump on the bank (domain.md: natural sources need road access).
WATER_KIND_RULES: dict[str, WaterKindRule] = {
    "hydrant": WaterKindRule("hydrant", needs_truck=False),
    "tank": WaterKindRule("tank", needs_truck=False),
    "pond": WaterKindRule("natural", needs_truck=True),
    "lake": WaterKindRule("natural", needs_truck=True),
    "river": WaterKindRule("natural", needs_truck=True),
    "well": WaterKindRule("natural", needs_truck=True),
}

WATER_GROUPS: dict[str, tuple[str, str]] = {
    "hydrant": ("Trụ nước chữa cháy", "Fire hydrant"),
    "tank": ("Bể nước", "Water tank"),
    "natural": ("Ao, hồ, sông, giếng (xe hút nước)", "Pond, lake, river, well (truck draws)"),
}

# Flag columns of the per-feature results: code → (Vietnamese, English).
FLAGS: dict[str, tuple[str, str]] = {
    "within_hose_reach": ("Trong tầm vòi từ xe chữa cháy", "Within hose reach of a fire truck"),
    "has_public_point": (
        "Có điểm chữa cháy công cộng trong bán kính",
        "Working public point within the radius",
    ),
    "has_water": ("Có nguồn nước dùng được trong bán kính", "Usable water within the radius"),
    "in_safety_group": ("Thuộc tổ liên gia", "In a safety group"),
    "covered": (
        "Được bảo vệ (trong tầm vòi hoặc có điểm chữa cháy công cộng)",
        "Covered (hose reach or a public point)",
    ),
}


def working_points(status: np.ndarray) -> np.ndarray:
    """Return which public points count: status in :data:`WORKING_POINT_STATUS`."""
    return np.isin(np.asarray(status, dtype=object), list(WORKING_POINT_STATUS))


def water_usability(
    kind: np.ndarray,
    status: np.ndarray,
    truck_accessible: np.ndarray,
    on_truck_network: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (usable, truck_access) per water source.

    Parameters
    ----------
    kind, status
        Codes of ``WATER_SOURCE_KIND`` and ``EQUIPMENT_STATUS``.
    truck_accessible
        The recorded flag: ``True``, ``False`` or ``None``/``nan`` (unknown).
    on_truck_network
        Whether the source sits on the truck-reachable network at this time of day.

    Returns
    -------
    tuple of numpy.ndarray
        ``truck_access`` = on the network and not recorded as inaccessible; ``usable`` =
        usable status and, where the kind needs it, truck access.
    """
    kind = np.asarray(kind, dtype=object)
    recorded = pd.array(truck_accessible, dtype="boolean")
    refused = ~np.asarray(recorded.fillna(True), dtype=bool)
    truck_access = np.asarray(on_truck_network, dtype=bool) & ~refused
    needs = np.array([_rule(k).needs_truck for k in kind], dtype=bool)
    usable = np.isin(np.asarray(status, dtype=object), list(USABLE_STATUS)) & (
        ~needs | truck_access
    )
    return usable, truck_access


def water_group(kind: np.ndarray) -> np.ndarray:
    """Return the :data:`WATER_GROUPS` code of each water source kind."""
    return np.array([_rule(k).group for k in np.asarray(kind, dtype=object)], dtype=object)


def _rule(kind: str) -> WaterKindRule:
    return WATER_KIND_RULES.get(kind, WATER_KIND_RULES["well"])


def within_hose_reach(hose_m: np.ndarray, *, thresholds: Thresholds) -> np.ndarray:
    """Return whether each hose distance (metres) is within ``thresholds.hose_reach_m``."""
    return np.asarray(hose_m) <= thresholds.hose_reach_m


def coverage_flags(
    hose_m: np.ndarray,
    point_m: np.ndarray,
    water_m: np.ndarray,
    *,
    thresholds: Thresholds,
) -> dict[str, np.ndarray]:
    """Return the coverage flags from distances in metres (``inf`` = not reached)."""
    within = within_hose_reach(hose_m, thresholds=thresholds)
    point = np.asarray(point_m) <= thresholds.public_point_radius_m
    return {
        "within_hose_reach": within,
        "has_public_point": point,
        "has_water": np.asarray(water_m) <= thresholds.water_source_radius_m,
        "covered": within | point,
    }


# Columns of the coverage summary: code → (Vietnamese, English). Counts, then shares (0–1).
SUMMARY_COLUMNS: dict[str, tuple[str, str]] = {
    "residential_group_id": ("Mã tổ dân phố", "Residential group id"),
    "residential_group": ("Tổ dân phố", "Residential group"),
    "households": ("Số hộ", "Households"),
    "households_within_hose_reach": ("Hộ trong tầm vòi", "Households within hose reach"),
    "households_has_public_point": ("Hộ có điểm CCCC gần", "Households near a public point"),
    "households_has_water": ("Hộ có nguồn nước gần", "Households near usable water"),
    "households_in_safety_group": ("Hộ thuộc tổ liên gia", "Households in a safety group"),
    "households_covered": ("Hộ được bảo vệ", "Households covered"),
    "premises": ("Số cơ sở", "Premises"),
    "premises_within_hose_reach": ("Cơ sở trong tầm vòi", "Premises within hose reach"),
    "premises_has_public_point": ("Cơ sở có điểm CCCC gần", "Premises near a public point"),
    "premises_has_water": ("Cơ sở có nguồn nước gần", "Premises near usable water"),
    "premises_covered": ("Cơ sở được bảo vệ", "Premises covered"),
    "share_households_within_hose_reach": ("% hộ trong tầm vòi", "% households within reach"),
    "share_households_has_public_point": ("% hộ có điểm CCCC gần", "% households near a point"),
    "share_households_has_water": ("% hộ có nguồn nước gần", "% households near water"),
    "share_households_in_safety_group": ("% hộ thuộc tổ liên gia", "% households in a group"),
    "share_households_covered": ("% hộ được bảo vệ", "% households covered"),
    "share_premises_within_hose_reach": ("% cơ sở trong tầm vòi", "% premises within reach"),
    "share_premises_has_public_point": ("% cơ sở có điểm CCCC gần", "% premises near a point"),
    "share_premises_has_water": ("% cơ sở có nguồn nước gần", "% premises near water"),
    "share_premises_covered": ("% cơ sở được bảo vệ", "% premises covered"),
}
WARD_TOTAL: tuple[str, str] = ("Toàn phường", "Whole ward")
_HOUSEHOLD_FLAGS = ("within_hose_reach", "has_public_point", "has_water", "in_safety_group")
_PREMISES_FLAGS = ("within_hose_reach", "has_public_point", "has_water")


def coverage_summary(
    households: pd.DataFrame,
    premises: pd.DataFrame,
    groups: Mapping[str, str],
    *,
    lang: str = "vi",
) -> pd.DataFrame:
    """Total the coverage flags per tổ dân phố and for the whole ward.

    Parameters
    ----------
    households, premises
        Frames with ``residential_group_id`` and boolean flag columns (``within_hose_reach``,
        ``has_public_point``, ``has_water``, ``covered``; households also
        ``in_safety_group``).
    groups
        Residential group id → name, in display order (groups with no features get zeros).
    lang
        Language of the names of the ward-total and "no group" rows, {"vi", "en"}.

    Returns
    -------
    pandas.DataFrame
        One row per group (then one for features without a group, if any), then the
        ward-total row (id ``None``), with the columns of :data:`SUMMARY_COLUMNS`; shares are
        fractions 0–1 (``nan`` where there are no features).
    """
    flags = {
        "households": (*_HOUSEHOLD_FLAGS, "covered"),
        "premises": (*_PREMISES_FLAGS, "covered"),
    }
    codes = {
        kind: pd.factorize(frame["residential_group_id"])
        for kind, frame in (("households", households), ("premises", premises))
    }
    present = pd.Index([*codes["households"][1], *codes["premises"][1]]).unique()
    extra = sorted(str(g) for g in present if g not in groups)
    has_none = any((c[0] < 0).any() for c in codes.values())
    order = [*groups, *extra] + ([_NO_GROUP] if has_none else [])
    row_of = {g: i for i, g in enumerate(order)}
    n_rows = len(order)
    columns: dict[str, np.ndarray] = {}
    for kind, frame in (("households", households), ("premises", premises)):
        code, uniques = codes[kind]
        to_row = np.array([row_of[g] for g in uniques] + [row_of.get(_NO_GROUP, 0)], np.int64)
        row = to_row[np.where(code >= 0, code, len(uniques))]
        columns[kind] = np.bincount(row, minlength=n_rows)
        for flag in flags[kind]:
            hit = frame[flag].fillna(False).to_numpy(dtype=bool)
            columns[f"{kind}_{flag}"] = np.bincount(row[hit], minlength=n_rows)
    table = pd.DataFrame(columns, index=pd.Index(order, dtype=object))
    total = table.sum().to_frame().T
    total.index = [_TOTAL]
    table = pd.concat([table, total]).astype(np.int64)
    for kind, kind_flags in flags.items():
        n = table[kind].to_numpy(dtype=float)
        for flag in kind_flags:
            with np.errstate(invalid="ignore", divide="ignore"):
                table[f"share_{kind}_{flag}"] = np.where(n > 0, table[f"{kind}_{flag}"] / n, np.nan)
    vi = lang == "vi"
    names = {
        **{g: groups.get(g, g) for g in order},
        _NO_GROUP: "(chưa gán tổ dân phố)" if vi else "(no residential group)",
        _TOTAL: WARD_TOTAL[0] if vi else WARD_TOTAL[1],
    }
    table["residential_group"] = [names[g] for g in table.index]
    table["residential_group_id"] = [None if g in (_NO_GROUP, _TOTAL) else g for g in table.index]
    return table.reset_index(drop=True)[list(SUMMARY_COLUMNS)]


_NO_GROUP = "\x00no-group"
_TOTAL = "\x00total"
