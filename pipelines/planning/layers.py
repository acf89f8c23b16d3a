"""Web-map layers of the point planner: demand by coverage, working, proposed and candidate points.

Same contract as :mod:`pipelines.maps.layers` (compact GeoJSON with a style table, values
HTML-escaped here, JSON made script-safe), split the same way: :func:`prepare_plan_layers`
formats every feature once per planning problem and language — the demand points once per
possible state — and :func:`plan_layers` picks each feature's text by the current proposal's
coverage, which takes milliseconds, so a map click redraws at once.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import shapely

from pipelines.maps.layers import MapLayer, script_safe
from pipelines.network.risk import RISK_CLASSES
from pipelines.planning.problem import PlanningProblem
from pipelines.planning.scenarios import Scenario, WhatIf, proposal_points
from pipelines.text.formats import check_lang, format_number
from pipelines.text.labels import (
    DEMAND_KINDS,
    DEMAND_STATE_LABELS,
    PLAN_MAP_LABELS,
    SITE_SOURCES,
    pick,
    pick_table,
)

# Demand state → style; order is the style index (labels: pipelines.text.labels.
# DEMAND_STATE_LABELS). Demand points are not clickable (``interactive``): a click on them
# goes to the map and places a point there.
DEMAND_STATES: dict[str, dict] = {
    "covered_now": {"radius": 2.5, "color": "#238b45", "weight": 0.5, "fillColor": "#74c476", "fillOpacity": 0.9, "interactive": False},
    "newly": {"radius": 3, "color": "#08306b", "weight": 0.6, "fillColor": "#2171b5", "fillOpacity": 0.95, "interactive": False},
    "uncovered": {"radius": 2.5, "color": "#7a0177", "weight": 0.5, "fillColor": "#dd3497", "fillOpacity": 0.85, "interactive": False},
    "premises_covered": {"radius": 5, "color": "#000000", "weight": 1.2, "fillColor": "#74c476", "fillOpacity": 0.95, "interactive": False},
    "premises_uncovered": {"radius": 5, "color": "#000000", "weight": 1.2, "fillColor": "#dd3497", "fillOpacity": 0.95, "interactive": False},
}  # fmt: skip
_STATE_INDEX = {k: i for i, k in enumerate(DEMAND_STATES)}

NEW_POINT_STYLE = {
    "radius": 9,
    "color": "#000000",
    "weight": 3,
    "fillColor": "#ffd400",
    "fillOpacity": 1.0,
}
CANDIDATE_STYLE = {
    "radius": 3,
    "color": "#636363",
    "weight": 1,
    "fillColor": "#ffffff",
    "fillOpacity": 0.9,
    "interactive": False,  # a click on a candidate reaches the map and places a point there
}
EXISTING_STYLE = {"className": "pccc-fp pccc-fp-working", "html": "+"}


def _l(key: str, lang: str) -> str:
    return pick(PLAN_MAP_LABELS[key], lang)


@dataclass(frozen=True)
class PreparedPlanLayers:
    """Planner features formatted once: demand texts per state, candidate texts, labels."""

    lang: str
    demand_json: np.ndarray  # state × demand: feature JSON with that state's style index
    demand_fields: tuple[str, ...]
    candidate_json: np.ndarray
    candidate_fields: tuple[str, ...]
    existing_json: np.ndarray
    existing_fields: tuple[str, ...]


def _esc(values) -> list[str]:
    return ["" if v is None or v is pd.NA or v != v else html.escape(str(v)) for v in values]


def _feature_texts(
    geoms: np.ndarray, style: np.ndarray | int, tooltip: list[str], popup: list[list[str]]
) -> np.ndarray:
    geo = shapely.to_geojson(shapely.transform(geoms, lambda xy: np.round(xy, 6)))
    styles = np.broadcast_to(np.asarray(style), (len(geo),))
    out = np.empty(len(geo), dtype=object)
    for i in range(len(geo)):
        props = json.dumps(
            {"k": int(styles[i]), "t": tooltip[i], "p": popup[i]}, ensure_ascii=False
        )
        out[i] = f'{{"type":"Feature","geometry":{geo[i]},"properties":{props}}}'
    return out


def prepare_plan_layers(problem: PlanningProblem, lang: str = "vi") -> PreparedPlanLayers:
    """Format every demand point, candidate and working point of ``problem`` once."""
    check_lang(lang)
    d = problem.demand
    groups = dict(zip(problem.groups_metric["id"], problem.groups_metric["name"], strict=False))
    kinds = pick_table(DEMAND_KINDS, lang)
    risk = {c: r.label(lang) for c, r in RISK_CLASSES.items()}
    labels = _esc(d["label"])
    popup = [
        list(row)
        for row in zip(
            _esc(d["kind"].map(kinds)),
            labels,
            _esc(d["residential_group_id"].map(groups)),
            _esc(d["risk_class"].map(risk)),
            [format_number(w, lang, decimals=2) for w in d["weight"]],
            strict=True,
        )
    ]
    geoms = shapely.points(d[["lon", "lat"]].to_numpy(float))
    demand_json = np.stack(
        [_feature_texts(geoms, i, labels, popup) for i in range(len(DEMAND_STATES))]
    )
    c = problem.candidates
    source = {k: pick((vi, en), lang) for k, (_, vi, en) in SITE_SOURCES.items()}
    c_popup = [
        list(row)
        for row in zip(
            _esc(c["id"]),
            _esc(c["road_name"]),
            _esc(c["near_address"]),
            _esc(c["residential_group_id"].map(groups)),
            [format_number(v, lang) for v in c["households"]],
            _esc(c["source"].map(source)),
            strict=True,
        )
    ]
    c_tip = [f"{i} — {r}" for i, r in zip(_esc(c["id"]), _esc(c["road_name"]), strict=True)]
    f = problem.fixed
    f_popup = [
        list(row)
        for row in zip(
            _esc(f["id"]), _esc(f["name"]), _esc(f["residential_group_id"].map(groups)), strict=True
        )
    ]
    return PreparedPlanLayers(
        lang=lang,
        demand_json=demand_json,
        demand_fields=tuple(html.escape(_l(k, lang)) for k in ("kind", "label", "group", "risk", "weight")),
        candidate_json=_feature_texts(c.geometry.to_numpy(), 0, c_tip, c_popup),
        candidate_fields=tuple(
            html.escape(_l(k, lang)) for k in ("id", "road", "address", "group", "households", "source")
        ),
        existing_json=_feature_texts(f.geometry.to_numpy(), 0, _esc(f["name"]), f_popup),
        existing_fields=tuple(html.escape(_l(k, lang)) for k in ("id", "name", "group")),
    )  # fmt: skip


def inert(layers: Sequence[MapLayer]) -> list[MapLayer]:
    """Return the layers drawn the same but not clickable, so a click reaches the map.

    On the planner map a click places a point; roads, alleys and areas under it must not
    catch the click for their popups (Leaflet's canvas stops a click on a feature).
    """
    return [
        replace(layer, styles=tuple({**style, "interactive": False} for style in layer.styles))
        for layer in layers
    ]


def _collection(features) -> str:
    return script_safe('{"type":"FeatureCollection","features":[' + ",".join(features) + "]}")


def demand_state(problem: PlanningProblem, covered: np.ndarray) -> np.ndarray:
    """Return the :data:`DEMAND_STATES` index of every demand point under a coverage."""
    before = problem.coverage.fixed_covered
    is_h = problem.is_household
    i = _STATE_INDEX
    state = np.where(
        is_h,
        np.where(before, i["covered_now"], np.where(covered, i["newly"], i["uncovered"])),
        np.where(covered, i["premises_covered"], i["premises_uncovered"]),
    )
    return state.astype(np.int64)


def plan_layers(
    prepared: PreparedPlanLayers,
    problem: PlanningProblem,
    scenario: Scenario,
    *,
    candidates: bool = False,
) -> list[MapLayer]:
    """Return the planner's map layers for a proposal, in drawing order (bottom first).

    The candidate sites not in the proposal are drawn only with ``candidates``.
    """
    lang = prepared.lang
    whatif = WhatIf(problem, scenario)
    state = demand_state(problem, whatif.covered())
    texts = prepared.demand_json[state, np.arange(len(state))]
    counts = np.bincount(state, minlength=len(DEMAND_STATES))
    demand = MapLayer(
        key="plan_demand",
        label=_l("demand", lang),
        marker="circle",
        styles=tuple(DEMAND_STATES.values()),
        style_labels=tuple(
            (html.escape(pick(DEMAND_STATE_LABELS[k], lang)),) for k in DEMAND_STATES
        ),
        fields=prepared.demand_fields,
        geojson=_collection(texts),
        count=len(texts),
        style_counts=tuple(int(n) for n in counts),
    )
    chosen = np.array([problem.candidate_index[k] for k in scenario.chosen], dtype=np.int64)
    rest = np.setdiff1d(np.arange(problem.n_candidates), chosen)
    sites = MapLayer(
        key="plan_candidates",
        label=_l("candidates", lang),
        marker="circle",
        styles=(CANDIDATE_STYLE,),
        style_labels=((_l("candidates", lang),),),
        fields=prepared.candidate_fields,
        geojson=_collection(prepared.candidate_json[rest]),
        count=len(rest),
        style_counts=(len(rest),),
    )
    existing = MapLayer(
        key="plan_existing",
        label=_l("existing", lang),
        marker="icon",
        styles=(EXISTING_STYLE,),
        style_labels=((_l("existing", lang),),),
        fields=prepared.existing_fields,
        geojson=_collection(prepared.existing_json),
        count=len(prepared.existing_json),
        style_counts=(len(prepared.existing_json),),
    )
    return [
        *([sites] if candidates else []),
        demand,
        existing,
        _new_points(problem, scenario, lang),
    ]


def _new_points(problem: PlanningProblem, scenario: Scenario, lang: str) -> MapLayer:
    points = proposal_points(problem, scenario)
    groups = dict(zip(problem.groups_metric["id"], problem.groups_metric["name"], strict=False))
    numbers = [str(i) for i in range(1, len(points) + 1)]
    popup = [
        list(row)
        for row in zip(
            _esc(points["id"]),
            _esc(points["road_name"]),
            _esc(points["near_address"]),
            _esc(points["residential_group_id"].map(groups)),
            [format_number(v, lang) for v in points["households"]],
            [format_number(v, lang) for v in points["households_new"]],
            strict=True,
        )
    ]
    tips = [
        f"{n}. {i} — {r}"
        for n, i, r in zip(numbers, _esc(points["id"]), _esc(points["road_name"]), strict=True)
    ]
    texts = _feature_texts(points.geometry.to_numpy(), 0, tips, popup)
    fields = ("id", "road", "address", "group", "households", "households_new")
    return MapLayer(
        key="plan_new",
        label=_l("new", lang),
        marker="circle",
        styles=(NEW_POINT_STYLE,),
        style_labels=((_l("new", lang),),),
        fields=tuple(html.escape(_l(k, lang)) for k in fields),
        geojson=_collection(texts),
        count=len(texts),
        style_counts=(len(texts),),
    )
