"""Coverage: who is near a working public firefighting point, a usable water source, a hose.

For every household and premises the analysis keeps the network distance (metres, along the
roads, snap distances included) to the nearest *working* public firefighting point and to
the nearest *usable* water source, overall and by kind group
(:data:`pipelines.text.labels.WATER_GROUPS`), and turns them into flags with the ``ward.toml``
radii:

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
from pipelines.text.labels import COVERAGE_SUMMARY_COLUMNS, NO_RESIDENTIAL_GROUP, WARD_TOTAL, pick

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
    """Return the :data:`pipelines.text.labels.WATER_GROUPS` code of each water source kind."""
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
        ward-total row (id ``None``), with the columns of
        :data:`pipelines.text.labels.COVERAGE_SUMMARY_COLUMNS`; shares are fractions 0–1
        (``nan`` where there are no features).
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
    names = {
        **{g: groups.get(g, g) for g in order},
        _NO_GROUP: pick(NO_RESIDENTIAL_GROUP, lang),
        _TOTAL: pick(WARD_TOTAL, lang),
    }
    table["residential_group"] = [names[g] for g in table.index]
    table["residential_group_id"] = [None if g in (_NO_GROUP, _TOTAL) else g for g in table.index]
    return table.reset_index(drop=True)[list(COVERAGE_SUMMARY_COLUMNS)]


_NO_GROUP = "\x00no-group"
_TOTAL = "\x00total"
