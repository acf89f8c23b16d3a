"""Web-map layers of the network analysis: truck access, beyond-reach pockets, coverage, risk.

Same contract as :mod:`pipelines.maps.layers`: every feature is formatted once per analysis and
language into compact GeoJSON text (properties ``{"k": style index, "t": tooltip, "p":
[popup values]}``), every value from user data is HTML-escaped here, and the layer carries
its style table and popup labels once; :func:`select_analysis_layers` applies the map filter
by masking those texts. Styles and labels are lookup tables (:data:`ACCESS_STYLES`,
:data:`COVERAGE_STATES`, :data:`RISK_STYLES`, …) so the legend and popups render generically.

The risk breakdown goes into popups as one row per factor of
:data:`pipelines.network.risk.FACTORS` (label → points); rows with no points are empty and the map
script leaves them out, so a popup lists exactly the factors that make up the score.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import shapely

from pipelines.maps.layers import (
    FeatureTable,
    MapFilter,
    MapLayer,
    PreparedLayer,
    masked_layer,
)
from pipelines.model.schema import PREMISES_CATEGORY, ROAD_KIND
from pipelines.network.analysis import WardAnalysis
from pipelines.network.risk import FACTORS, HIGH_CLASSES, RISK_CLASSES
from pipelines.network.tables import group_names
from pipelines.text.formats import check_lang, format_number, yes_no
from pipelines.text.labels import (
    ACCESS_REASONS,
    ANALYSIS_MAP_LABELS,
    COVERAGE_STATE_LABELS,
    PROPOSAL_LEGEND,
    RISK_POINTS_UNIT,
    pick,
    pick_table,
)

# Layers in drawing order (bottom first), and whether the map opens with them on.
ANALYSIS_LAYERS: tuple[tuple[str, bool], ...] = (
    ("risk_density", False),
    ("beyond_reach", True),
    ("truck_access", True),
    ("deep_alleys", False),
    ("gap_proposals", False),
    ("coverage", True),
    ("risk_premises", True),
)

# The analysis layers the main map adds to the ward's own (deep alleys and safety-group
# proposals are drawn on the water & access page).
MAP_ANALYSIS_LAYERS: tuple[str, ...] = (
    "risk_density",
    "beyond_reach",
    "truck_access",
    "coverage",
    "risk_premises",
)


# Fire-truck access reason → line style (order follows pipelines.text.labels.ACCESS_REASONS).
ACCESS_STYLES: dict[str, dict] = {
    "no_width": {"color": "#969696", "weight": 2, "dashArray": "2 4", "opacity": 0.9},
    "narrow": {"color": "#e6550d", "weight": 2.5, "opacity": 0.95},
    "low_clearance": {"color": "#756bb1", "weight": 3, "opacity": 0.95},
    "barrier": {"color": "#de2d26", "weight": 7, "opacity": 1.0},
    "disconnected": {"color": "#74c476", "weight": 3, "dashArray": "6 4", "opacity": 0.95},
    "reachable": {"color": "#006d2c", "weight": 4, "opacity": 0.9},
}

# Household coverage state → circle style; order is the style index (labels:
# pipelines.text.labels.COVERAGE_STATE_LABELS).
COVERAGE_STATES: dict[str, dict] = {
    "hose": {"radius": 2.5, "color": "#006d2c", "weight": 0.5, "fillColor": "#41ab5d", "fillOpacity": 0.9},
    "point": {"radius": 2.5, "color": "#08519c", "weight": 0.5, "fillColor": "#4292c6", "fillOpacity": 0.9},
    "uncovered": {"radius": 3.2, "color": "#67000d", "weight": 0.8, "fillColor": "#ef3b2c", "fillOpacity": 0.95},
    "off_network": {"radius": 2.5, "color": "#525252", "weight": 0.5, "fillColor": "#bdbdbd", "fillOpacity": 0.9},
}  # fmt: skip

# Premises risk class → circle style (colours from pipelines.network.risk.RISK_CLASSES).
RISK_STYLES: dict[str, dict] = {
    code: {
        "radius": 5 + i,
        "color": "#000000" if code in HIGH_CLASSES else "#333333",
        "weight": 1.5 if code in HIGH_CLASSES else 1,
        "fillColor": c.colour,
        "fillOpacity": 0.95,
    }
    for i, (code, c) in enumerate(RISK_CLASSES.items())
}

POCKET_STYLE = {"color": "#a50f15", "weight": 1, "fillColor": "#fb6a4a", "fillOpacity": 0.35}
DEEP_ALLEY_STYLE = {"color": "#fd8d3c", "weight": 8, "opacity": 0.6}
PROPOSAL_STYLE = {"color": "#6a51a3", "weight": 6, "opacity": 0.85, "dashArray": "8 6"}
PROPOSAL_HIGHLIGHT_STYLE = {"color": "#d7301f", "weight": 7, "opacity": 0.9, "dashArray": "8 6"}

# Risk density classes by the sum of risk points in a hexagon: (from, colour).
DENSITY_CLASSES: tuple[tuple[float, str], ...] = (
    (0.0, "#ffffcc"),
    (50.0, "#fed976"),
    (150.0, "#fd8d3c"),
    (300.0, "#e31a1c"),
    (600.0, "#800026"),
)


def label(key: str, lang: str) -> str:
    """Return the label ``key`` of :data:`pipelines.text.labels.ANALYSIS_MAP_LABELS` in ``lang``
    ({"vi", "en"})."""
    return pick(ANALYSIS_MAP_LABELS[key], lang)


def _esc(values: Sequence | pd.Series) -> list[str]:
    return [
        "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else html.escape(str(v))
        for v in values
    ]


def _metres(values: Sequence | pd.Series, lang: str) -> list[str]:
    out = []
    for v in values:
        if v is None or v is pd.NA or v != v:
            out.append("")
        elif np.isinf(v):
            out.append(label("unreached", lang))
        else:
            out.append(f"{format_number(v, lang)} m")
    return out


def _numbers(values: Sequence | pd.Series, lang: str, *, blank_zero: bool = False) -> list[str]:
    return [
        ""
        if v is None or v is pd.NA or v != v or (blank_zero and v == 0)
        else format_number(v, lang, decimals=0 if float(v).is_integer() else 1)
        for v in values
    ]


def _mapped(values: pd.Series, table: Mapping[str, str]) -> list[str]:
    return _esc([None if pd.isna(v) else table.get(v, v) for v in values])


def _features(
    geoms: np.ndarray, style_index: np.ndarray, tooltip: list[str], popup: list[list[str]]
) -> FeatureTable:
    geo = shapely.to_geojson(shapely.transform(geoms, lambda xy: np.round(xy, 6)))
    out = np.empty(len(geo), dtype=object)
    for i in range(len(geo)):
        props = json.dumps(
            {"k": int(style_index[i]), "t": tooltip[i], "p": popup[i]}, ensure_ascii=False
        )
        out[i] = f'{{"type":"Feature","geometry":{geo[i]},"properties":{props}}}'
    return FeatureTable(out, np.asarray(style_index, dtype=int))


def _rows(*columns: list[str]) -> list[list[str]]:
    return [list(row) for row in zip(*columns, strict=True)]


def _filters(n: int, **columns: pd.Series | np.ndarray | None) -> pd.DataFrame:
    base: dict[str, object] = {
        "category": [None] * n,
        "group": [None] * n,
        "status": [None] * n,
        "violation": np.zeros(n, dtype=bool),
    }
    for key, col in columns.items():
        if col is not None:
            base[key] = np.asarray(col, dtype=object if key != "violation" else bool)
    return pd.DataFrame(base)


def breakdown_popup(frame: pd.DataFrame, lang: str) -> tuple[list[list[str]], tuple[str, ...]]:
    """Return popup rows (score, class, then one value per factor) and their labels.

    A factor that gives no points gets an empty value, which the map leaves out; the listed
    points add up to the score.
    """
    classes = {c: r.label(lang) for c, r in RISK_CLASSES.items()}
    columns = [
        _numbers(frame["risk_score"], lang),
        _mapped(frame["risk_class"].astype(object), classes),
        *(_numbers(frame[f.column], lang, blank_zero=True) for f in FACTORS),
    ]
    labels = (
        label("score", lang),
        label("class", lang),
        *(f"+ {html.escape(f.label(lang))}" for f in FACTORS),
    )
    return _rows(*columns), labels


def _risk_premises(a: WardAnalysis, lang: str) -> PreparedLayer:
    p = a.premises
    groups = group_names(a)
    categories = PREMISES_CATEGORY.labels(lang)
    risk_rows, risk_labels = breakdown_popup(p, lang)
    base = _rows(
        _esc(p["name"]),
        _mapped(p["category"].astype(object), categories),
        _mapped(p["residential_group_id"].astype(object), groups),
    )
    distances = _rows(
        _metres(p["hose_distance_m"], lang),
        _metres(p["point_distance_m"], lang),
        _metres(p["water_distance_m"], lang),
    )
    popup = [b + r + d for b, r, d in zip(base, risk_rows, distances, strict=True)]
    codes = list(RISK_STYLES)
    style = p["risk_class"].astype(object).map({c: i for i, c in enumerate(codes)}).fillna(0)
    classes = {c: r.label(lang) for c, r in RISK_CLASSES.items()}
    tooltip = [
        f"{n} — {c} ({s})"
        for n, c, s in zip(
            _esc(p["name"]),
            _mapped(p["risk_class"].astype(object), classes),
            _numbers(p["risk_score"], lang),
            strict=True,
        )
    ]
    violating = (p["open_violations"].fillna(0) > 0) | p[
        "construction_electrical_violation"
    ].fillna(False).astype(bool)
    return PreparedLayer(
        "risk_premises",
        label("risk_premises", lang),
        "circle",
        tuple(RISK_STYLES.values()),
        tuple(html.escape(RISK_CLASSES[c].label(lang)) for c in codes),
        (
            label("name", lang),
            label("category", lang),
            label("group", lang),
            *risk_labels,
            label("hose", lang),
            label("point", lang),
            label("water", lang),
        ),
        _features(p.geometry.to_numpy(), style.to_numpy(dtype=int), tooltip, popup),
        _filters(
            len(p),
            category=p["category"].astype(object),
            group=p["residential_group_id"].astype(object),
            violation=violating.to_numpy(dtype=bool),
        ),
    )


def coverage_state(households: pd.DataFrame) -> np.ndarray:
    """Return the :data:`COVERAGE_STATES` index of each household."""
    h = households
    state = np.full(len(h), list(COVERAGE_STATES).index("uncovered"))
    state[h["has_public_point"].to_numpy(bool)] = list(COVERAGE_STATES).index("point")
    state[h["within_hose_reach"].to_numpy(bool)] = list(COVERAGE_STATES).index("hose")
    state[~h["on_network"].to_numpy(bool)] = list(COVERAGE_STATES).index("off_network")
    return state


def _coverage(a: WardAnalysis, lang: str) -> PreparedLayer:
    h = a.households
    groups = group_names(a)
    risk_rows, risk_labels = breakdown_popup(h, lang)
    near = label("near", lang)

    def with_id(distances: list[str], ids: pd.Series) -> list[str]:
        return [
            d if not d or not i else f"{d} ({near}: {i})"
            for d, i in zip(distances, _esc(ids.astype(object)), strict=True)
        ]

    base = _rows(
        _esc(h["address"]),
        _mapped(h["residential_group_id"].astype(object), groups),
        _metres(h["hose_distance_m"], lang),
        with_id(_metres(h["point_distance_m"], lang), h["nearest_point_id"]),
        with_id(_metres(h["water_distance_m"], lang), h["nearest_water_id"]),
        [yes_no(bool(v), lang) for v in h["in_safety_group"]],
        _esc(h["proposed_group_id"].astype(object)),
        _esc(h["pocket_id"].astype(object)),
    )
    popup = [b + r for b, r in zip(base, risk_rows, strict=True)]
    states = coverage_state(h)
    state_labels = [pick(COVERAGE_STATE_LABELS[k], lang) for k in COVERAGE_STATES]
    tooltip = [
        f"{addr} — {state_labels[s]}" for addr, s in zip(_esc(h["address"]), states, strict=True)
    ]
    return PreparedLayer(
        "coverage",
        label("coverage", lang),
        "circle",
        tuple(COVERAGE_STATES.values()),
        tuple(html.escape(x) for x in state_labels),
        (
            label("address", lang),
            label("group", lang),
            label("hose", lang),
            label("point", lang),
            label("water", lang),
            label("in_group", lang),
            label("proposed", lang),
            label("pocket", lang),
            *risk_labels,
        ),
        _features(h.geometry.to_numpy(), states, tooltip, popup),
        _filters(len(h), group=h["residential_group_id"].astype(object)),
    )


def _truck_access(a: WardAnalysis, lang: str) -> PreparedLayer:
    r = a.roads
    codes = list(ACCESS_REASONS)
    reason_labels = pick_table(ACCESS_REASONS, lang)
    kinds = ROAD_KIND.labels(lang)
    style = r["reason"].astype(object).map({c: i for i, c in enumerate(codes)}).fillna(0)
    popup = _rows(
        _esc(r["name"]),
        _mapped(r["kind"].astype(object), kinds),
        _metres(r["width_m"], lang),
        _metres(r["clearance_m"], lang),
        _metres(r["length_m"], lang),
        _mapped(r["reason"].astype(object), reason_labels),
        _esc(r["barrier_id"].astype(object)),
        _metres(r["hose_distance_max_m"].where(r["hose_distance_max_m"] > 0), lang),
    )
    tooltip = [
        f"{n} — {x}" if n else x
        for n, x in zip(
            _esc(r["name"]), _mapped(r["reason"].astype(object), reason_labels), strict=True
        )
    ]
    return PreparedLayer(
        "truck_access",
        label("truck_access", lang),
        "path",
        tuple(ACCESS_STYLES[c] for c in codes),
        tuple(html.escape(reason_labels[c]) for c in codes),
        tuple(
            label(k, lang)
            for k in (
                "name",
                "kind",
                "width",
                "clearance",
                "length",
                "access",
                "barrier",
                "hose_max",
            )
        ),
        _features(r.geometry.to_numpy(), style.to_numpy(dtype=int), tooltip, popup),
        _filters(len(r)),
    )


def _beyond_reach(a: WardAnalysis, lang: str) -> PreparedLayer:
    pk = a.pockets
    popup = _rows(
        _esc(pk["id"]),
        _numbers(pk["households"], lang),
        _numbers(pk["premises"], lang),
        _metres(pk["road_length_m"], lang),
        _metres(pk["hose_distance_max_m"], lang),
    )
    tooltip = [
        f"{i} — {n} {label('households', lang).lower()}"
        for i, n in zip(_esc(pk["id"]), _numbers(pk["households"], lang), strict=True)
    ]
    return PreparedLayer(
        "beyond_reach",
        label("beyond_reach", lang),
        "path",
        (POCKET_STYLE,),
        (html.escape(label("beyond_reach", lang)),),
        (
            label("pocket", lang),
            label("households", lang),
            label("premises", lang),
            label("road_length", lang),
            label("hose_max", lang),
        ),
        _features(pk.geometry.to_numpy(), np.zeros(len(pk), int), tooltip, popup),
        _filters(len(pk)),
    )


def _deep_alleys(a: WardAnalysis, lang: str) -> PreparedLayer:
    d = a.deep_alleys
    reason_labels = pick_table(ACCESS_REASONS, lang)
    popup = _rows(
        _esc(d["name"]),
        _metres(d["depth_m"], lang),
        _metres(d["width_m"], lang),
        _mapped(d["reason"].astype(object), reason_labels),
        _numbers(d["households"], lang),
        _numbers(d["households_beyond_reach"], lang),
        _numbers(d["working_points"], lang),
    )
    tooltip = [
        f"{n or i} — {x}"
        for n, i, x in zip(
            _esc(d["name"]), _esc(d["road_id"]), _metres(d["depth_m"], lang), strict=True
        )
    ]
    return PreparedLayer(
        "deep_alleys",
        label("deep_alleys", lang),
        "path",
        (DEEP_ALLEY_STYLE,),
        (html.escape(label("deep_alleys", lang)),),
        tuple(
            label(k, lang)
            for k in ("name", "depth", "width", "reason", "households", "beyond", "working_points")
        ),
        _features(d.geometry.to_numpy(), np.zeros(len(d), int), tooltip, popup),
        _filters(len(d)),
    )


def _gap_proposals(a: WardAnalysis, lang: str) -> PreparedLayer:
    g = a.gap_proposals
    groups = group_names(a)
    popup = _rows(
        _esc(g["id"]),
        _mapped(g["residential_group_id"].astype(object), groups),
        _numbers(g["households"], lang),
        _esc(g["household_ids"]),
        _esc(g["business_household_ids"]),
        _esc(g["high_risk_premises_ids"]),
    )
    highlighted = (g["business_households"] > 0) | (g["high_risk_premises"] > 0)
    tooltip = [
        f"{i} — {n} {label('households', lang).lower()}"
        for i, n in zip(_esc(g["id"]), _numbers(g["households"], lang), strict=True)
    ]
    plain = pick(PROPOSAL_LEGEND["plain"], lang)
    marked = pick(PROPOSAL_LEGEND["marked"], lang)
    return PreparedLayer(
        "gap_proposals",
        label("gap_proposals", lang),
        "path",
        (PROPOSAL_STYLE, PROPOSAL_HIGHLIGHT_STYLE),
        (html.escape(plain), html.escape(marked)),
        tuple(
            label(k, lang)
            for k in ("proposed", "group", "households", "members", "business", "high_premises")
        ),
        _features(g.geometry.to_numpy(), highlighted.to_numpy(dtype=int), tooltip, popup),
        _filters(len(g), group=g["residential_group_id"].astype(object)),
    )


def density_class(risk_sum: np.ndarray) -> np.ndarray:
    """Return the :data:`DENSITY_CLASSES` index of each hexagon's sum of risk points."""
    bounds = np.array([lo for lo, _ in DENSITY_CLASSES])
    return np.searchsorted(bounds, np.asarray(risk_sum, float), side="right") - 1


def _risk_density(a: WardAnalysis, lang: str) -> PreparedLayer:
    d = a.risk_density
    popup = _rows(
        _numbers(d["risk_sum"], lang),
        _numbers(d["high_risk"], lang),
        _numbers(d["households"], lang),
        _numbers(d["households_uncovered"], lang),
        _numbers(d["households_beyond_reach"], lang),
        _numbers(d["premises"], lang),
    )
    tooltip = [f"{label('risk_sum', lang)}: {s}" for s in _numbers(d["risk_sum"], lang)]
    styles = tuple(
        {"color": colour, "weight": 0.3, "fillColor": colour, "fillOpacity": 0.3}
        for _, colour in DENSITY_CLASSES
    )
    unit = pick(RISK_POINTS_UNIT, lang)
    bounds = [lo for lo, _ in DENSITY_CLASSES]
    names = [
        f"{format_number(lo, lang)}–{format_number(hi, lang)} {unit}"
        for lo, hi in itertools.pairwise(bounds)
    ] + [f"≥ {format_number(bounds[-1], lang)} {unit}"]
    return PreparedLayer(
        "risk_density",
        label("risk_density", lang),
        "path",
        styles,
        tuple(html.escape(n) for n in names),
        tuple(
            label(k, lang)
            for k in ("risk_sum", "high_risk", "households", "uncovered", "beyond", "premises")
        ),
        _features(d.geometry.to_numpy(), density_class(d["risk_sum"].to_numpy()), tooltip, popup),
        _filters(len(d)),
    )


_BUILDERS: dict[str, Callable[[WardAnalysis, str], PreparedLayer]] = {
    "risk_density": _risk_density,
    "beyond_reach": _beyond_reach,
    "truck_access": _truck_access,
    "deep_alleys": _deep_alleys,
    "gap_proposals": _gap_proposals,
    "coverage": _coverage,
    "risk_premises": _risk_premises,
}


def prepare_analysis_layers(
    analysis: WardAnalysis, lang: str = "vi", *, keys: Sequence[str] | None = None
) -> dict[str, PreparedLayer]:
    """Format the analysis layers once, in ``lang`` ({"vi", "en"}), in drawing order.

    ``keys`` picks some of :data:`ANALYSIS_LAYERS` (default: all).
    """
    check_lang(lang)
    wanted = set(keys) if keys is not None else {k for k, _ in ANALYSIS_LAYERS}
    unknown = wanted - set(_BUILDERS)
    if unknown:
        raise ValueError(
            f"'keys' should be among {', '.join(_BUILDERS)}, got {', '.join(sorted(unknown))}"
        )
    out = {}
    for key, show in ANALYSIS_LAYERS:
        if key in wanted:
            prepared = _BUILDERS[key](analysis, lang)
            out[key] = PreparedLayer(**{**prepared.__dict__, "show": show})
    return out


def _mask(columns: pd.DataFrame, flt: MapFilter) -> np.ndarray:
    mask = np.ones(len(columns), dtype=bool)
    if flt.categories and columns["category"].notna().any():
        mask &= columns["category"].isin(flt.categories).to_numpy()
    if flt.groups and columns["group"].notna().any():
        mask &= columns["group"].isin(flt.groups).to_numpy()
    if flt.violations_only and columns["category"].notna().any():
        mask &= columns["violation"].to_numpy(dtype=bool)
    return mask


def select_analysis_layers(
    prepared: Mapping[str, PreparedLayer],
    flt: MapFilter,
    *,
    show: Mapping[str, bool] | None = None,
) -> list[MapLayer]:
    """Apply the map filter to prepared analysis layers; return them in drawing order.

    Categories and "violations only" apply to the premises layer, residential groups to
    every layer that has them. ``show`` overrides which layers the map opens with.
    """
    show = show or {}
    return [
        masked_layer(layer, _mask(layer.filter_columns, flt), show=show.get(key))
        for key, layer in prepared.items()
    ]


# Drawing order when the analysis layers join the ward's layers (bottom first): areas and
# roads under the points, the analysis' points over the ward's own.
DRAW_ORDER: tuple[str, ...] = (
    "ward_boundary",
    "residential_groups",
    "water_bodies",
    "buildings",
    "risk_density",
    "beyond_reach",
    "roads",
    "truck_access",
    "deep_alleys",
    "safety_groups",
    "gap_proposals",
    "households",
    "coverage",
    "incidents",
    "barriers",
    "water_sources",
    "premises",
    "risk_premises",
    "firefighting_points",
)


def merge_map_layers(*groups: Sequence[MapLayer]) -> list[MapLayer]:
    """Merge lists of map layers into one list in :data:`DRAW_ORDER` (unknown keys last)."""
    rank = {key: i for i, key in enumerate(DRAW_ORDER)}
    layers = [layer for group in groups for layer in group]
    return sorted(layers, key=lambda layer: rank.get(layer.key, len(rank)))
