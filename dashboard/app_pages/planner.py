"""Quy hoạch điểm chữa cháy (point planner): solve, edit on the map, compare, check rules, export.

The page keeps the proposal being edited (a ``Scenario``) in its session; solving, editing,
figures and tables come from :mod:`pipelines.planning.views` through :mod:`dashboard.cache`.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from dashboard import cache, state
from dashboard.components.basemap import basemap_setting
from dashboard.components.errors import user_errors
from dashboard.components.inputs import number_field
from dashboard.components.map import show_map
from dashboard.components.missing import show_missing
from dashboard.texts import literal, t
from pipelines.ingest import POINT_SUFFIXES
from pipelines.planning import MODELS, Scenario
from pipelines.text.formats import format_distance, format_number, format_percent, format_vnd
from pipelines.text.labels import SITES_READ, SITES_REJECTED, pick

MIME = {
    ".geojson": "application/geo+json",
    ".kml": "application/vnd.google-earth.kml+xml",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".pdf": "application/pdf",
}
WORK = "pccc_plan_work"  # the proposal being edited (a Scenario)
WORK_KEY = "pccc_plan_work_key"  # the solve it started from
SAVED = "pccc_plan_saved"  # {"A": Scenario, "B": Scenario}
SAVED_KEY = "pccc_plan_saved_key"  # the problem the saved scenarios belong to
CLICK = "pccc_plan_click"  # the last map click handled
LAST = "pccc_plan_last_change"  # the last map click's Edit

lang = state.lang()
ward_dir = state.ward_dir()
ward = cache.ward(ward_dir)
cfg = ward.config

st.title(t("planner_title", lang))
st.caption(
    t("planner_help", lang).format(radius=format_number(cfg.thresholds.public_point_radius_m, lang))
)

show_missing(ward_dir, "planner", lang)
if cache.analysis(ward_dir).demand.by_rule:  # nothing to cover: site by the deep-alley rule
    st.session_state.setdefault("pccc_plan_model", "cover")
    st.session_state.setdefault("pccc_plan_enforce", True)
with st.sidebar:
    tiles_url, tiles_attr = basemap_setting(ward, lang)

# ---------------------------------------------------------------------- parameters
c1, c2, c3, c4, c5 = st.columns([1.4, 1, 1, 1.2, 1.2])
model = c1.radio(
    t("plan_model", lang),
    options=list(MODELS),
    format_func=lambda m: pick(MODELS[m], lang),
    key="pccc_plan_model",
)
p = number_field(
    t("plan_p", lang),
    value=10,
    key="pccc_plan_p",
    lang=lang,
    minimum=0,
    maximum=2000,
    whole=True,
    disabled=model != "maximal",
    container=c2,
)
radius = number_field(
    t("plan_radius", lang),
    value=float(cfg.thresholds.public_point_radius_m),
    key="pccc_plan_radius",
    lang=lang,
    minimum=10.0,
    maximum=1000.0,
    container=c3,
)
share = (
    c4.slider(
        t("plan_share", lang),
        min_value=50,
        max_value=100,
        value=100,
        step=5,
        format="%d %%",
        key="pccc_plan_share",
        disabled=model != "cover",
    )
    / 100
)
enforce = c5.toggle(
    t("plan_enforce", lang), key="pccc_plan_enforce", help=t("plan_enforce_help", lang)
)
with st.expander(t("plan_sites_file", lang)):
    upload = st.file_uploader(
        t("plan_sites_file_help", lang),
        type=[s.lstrip(".") for s in POINT_SUFFIXES],
        key="pccc_plan_sites",
    )
sites = (upload.getvalue(), upload.name) if upload is not None else (b"", "")
sites_digest = hashlib.sha1(sites[0]).hexdigest()

with user_errors(lang, "plan_error"):
    sites_read = cache.candidate_sites(ward_dir, sites)
    cache.planning(ward_dir, radius_m=radius, sites=sites)
if sites_read is not None:
    st.caption(pick(SITES_READ, lang).format(n=format_number(len(sites_read.points), lang)))
    if len(sites_read.rejects):
        st.warning(
            literal(
                pick(SITES_REJECTED, lang).format(
                    n=format_number(len(sites_read.rejects), lang),
                    reasons=sites_read.reasons(lang),
                )
            )
        )
_, demand_text = cache.plan_notice(ward_dir, radius_m=radius, sites=sites, lang=lang)
if demand_text:  # households estimated from buildings, or the rule and why
    st.info(demand_text, icon=":material/info:")
problem_key = dict(radius_m=radius, sites=sites)
options = dict(
    **problem_key,
    model=model,
    p=p if model == "maximal" else 0,
    share=share if model == "cover" else 1.0,
    enforce_rules=enforce,
)

# ---------------------------------------------------------------------- solve: greedy, then optimal
with st.spinner(t("plan_solving", lang)):
    summary = cache.plan_summary(ward_dir, lang=lang, **options)
unit = t("plan_objective_maximal" if model == "maximal" else "plan_objective_cover", lang)
decimals = 1 if model == "maximal" else 0
s1, s2, s3 = st.columns(3)
s1.metric(
    t("plan_greedy", lang),
    format_number(summary.greedy_objective, lang, decimals=decimals),
    help=unit,
)
s2.metric(
    t("plan_optimal", lang),
    format_number(summary.optimal_objective, lang, decimals=decimals)
    if summary.has_optimum
    else "–",
    help=unit,
)
s3.metric(t("plan_greedy_gap", lang), format_percent(summary.greedy_gap, lang))
st.caption(
    t("plan_status", lang).format(
        status=summary.status,
        bound=format_number(summary.bound, lang, decimals=1),
        gap=format_percent(summary.mip_gap, lang),
        seconds=format_number(summary.solve_time_s, lang, decimals=1),
        candidates=format_number(summary.candidates, lang),
        demand=format_number(summary.demand, lang),
    )
)
if summary.rules_left_out:
    st.info(t("plan_rules_left_out", lang).format(n=format_number(summary.rules_left_out, lang)))

# ---------------------------------------------------------------------- the proposal being edited
solve_key = (radius, sites_digest, model, options["p"], options["share"], enforce)
if st.session_state.get(WORK_KEY) != solve_key:
    st.session_state[WORK] = cache.plan_start(ward_dir, name=t("plan_working", lang), **options)
    st.session_state[WORK_KEY] = solve_key
if st.session_state.get(SAVED_KEY) != (radius, sites_digest):
    st.session_state[SAVED] = {}
    st.session_state[SAVED_KEY] = (radius, sites_digest)
work: Scenario = st.session_state[WORK]
view = cache.plan_view(ward_dir, scenario=work, lang=lang, **problem_key)
fig, now = view.figures, view.current

m1, m2, m3, m4 = st.columns(4)
m1.metric(
    t("plan_households_covered", lang),
    format_number(fig.households_covered, lang),
    delta=format_number(fig.households_covered - now.households_covered, lang),
    help=t("plan_households_covered_help", lang).format(
        total=format_number(fig.households_total, lang),
        share=format_percent(fig.households_share, lang),
    ),
)
m2.metric(
    t("plan_high_risk_covered", lang),
    f"{format_number(fig.high_risk_premises_covered, lang)} / "
    f"{format_number(fig.high_risk_premises_total, lang)}",
    delta=format_number(fig.high_risk_premises_covered - now.high_risk_premises_covered, lang),
)
all_pockets = cache.analysis_summary(ward_dir, "access").pockets
m3.metric(
    t("plan_pockets_served", lang),
    f"{format_number(fig.pockets_served, lang)} / {format_number(fig.pockets_total, lang)}",
    delta=format_number(fig.pockets_served - now.pockets_served, lang),
    help=t("plan_pockets_help", lang).format(
        with_people=format_number(fig.pockets_total, lang),
        all=format_number(all_pockets, lang),
        empty=format_number(max(0, all_pockets - fig.pockets_total), lang),
    ),
)
m4.metric(
    t("plan_points_cost", lang),
    format_number(fig.points_added, lang),
    help=format_vnd(fig.cost_vnd, lang),
)

last = st.session_state.pop(LAST, None)
if last is not None:
    if last.placed:
        st.success(
            t("plan_placed", lang).format(
                key=last.key, n=format_number(last.households_gained, lang)
            )
        )
    else:
        st.warning(
            t("plan_too_far", lang).format(
                distance=format_distance(last.snap_distance_m, lang),
                limit=format_distance(last.max_snap_m, lang),
            )
        )

# ---------------------------------------------------------------------- the map: click to add / move
mode_col, move_col, show_col = st.columns([1.2, 2, 1])
mode = mode_col.radio(
    t("plan_click_mode", lang),
    options=["add", "move"],
    format_func=lambda m: t(f"plan_click_{m}", lang),
    horizontal=True,
    key="pccc_plan_mode",
)
move_key = move_col.selectbox(
    t("plan_move_which", lang),
    options=list(view.keys),
    key="pccc_plan_move_key",
    disabled=mode != "move" or not view.keys,
    placeholder=t("plan_no_point", lang),
)
show_sites = show_col.toggle(t("plan_show_candidates", lang), key="pccc_plan_show_sites")
layers = cache.plan_base_layers(ward_dir, lang) + cache.plan_map_layers(
    ward_dir, lang=lang, scenario=work, candidates=show_sites, **problem_key
)
out = show_map(
    layers,
    cache.bounds(ward_dir),
    key="pccc_plan_map",
    legend_title=t("legend", lang),
    lang=lang,
    tiles_url=tiles_url,
    tiles_attribution=tiles_attr,
    height_px=620,
    returned_objects=["last_clicked"],
)
click = (out or {}).get("last_clicked")
if click and click != st.session_state.get(CLICK):
    st.session_state[CLICK] = click
    edit = cache.plan_click(
        ward_dir,
        scenario=work,
        lon=click["lng"],
        lat=click["lat"],
        move=move_key if mode == "move" and move_key else None,
        **problem_key,
    )
    st.session_state[LAST] = edit
    st.session_state[WORK] = edit.scenario
    st.rerun()

# ---------------------------------------------------------------------- points of the proposal
st.subheader(t("plan_points", lang))
st.dataframe(
    view.points,
    hide_index=True,
    width="stretch",
    height=min(420, 38 + 35 * max(len(view.points), 1)),
)
r1, r2 = st.columns([3, 1])
to_remove = r1.multiselect(
    t("plan_remove_which", lang),
    options=list(view.keys),
    key="pccc_plan_remove",
    placeholder=t("plan_remove_placeholder", lang),
)
if r2.button(t("plan_remove", lang), disabled=not to_remove, key="pccc_plan_remove_btn"):
    st.session_state[WORK] = cache.plan_remove(
        ward_dir, scenario=work, keys=list(to_remove), **problem_key
    )
    st.session_state.pop("pccc_plan_remove", None)
    st.rerun()

b1, b2, b3 = st.columns(3)
for column, name in ((b1, "A"), (b2, "B")):
    if column.button(t("plan_save_as", lang).format(name=name), key=f"pccc_plan_save_{name}"):
        st.session_state[SAVED] = {
            **st.session_state[SAVED],
            name: Scenario(t("plan_option", lang).format(name=name), work.chosen, work.added),
        }
if b3.button(t("plan_reset", lang), key="pccc_plan_reset"):
    st.session_state.pop(WORK_KEY, None)
    st.rerun()

# ---------------------------------------------------------------------- comparison
st.subheader(t("plan_compare", lang))
scenarios = [Scenario(t("plan_current", lang)), work, *st.session_state[SAVED].values()]
st.dataframe(
    cache.plan_comparison(ward_dir, scenarios=scenarios, lang=lang, **problem_key),
    width="stretch",
)

# ---------------------------------------------------------------------- rules
st.subheader(t("plan_rules", lang))
st.caption(
    t("plan_rules_summary", lang).format(
        unmet=format_number(view.rules_unmet, lang), total=format_number(len(view.rules), lang)
    )
)
only_unmet = st.toggle(t("plan_rules_only_unmet", lang), value=True, key="pccc_plan_only_unmet")
st.dataframe(
    view.rules_shown(only_unmet=only_unmet),
    hide_index=True,
    width="stretch",
    height=320,
)

# ---------------------------------------------------------------------- downloads
st.subheader(t("plan_downloads", lang))
columns = st.columns(len(MIME))
for column, suffix in zip(columns, MIME, strict=True):
    column.download_button(
        suffix.lstrip(".").upper(),
        data=lambda s=suffix: cache.plan_file(
            ward_dir, scenario=work, suffix=s, lang=lang, **problem_key
        ),
        file_name=f"de-xuat-diem-chua-chay{suffix}",
        mime=MIME[suffix],
        on_click="ignore",
        icon=":material/download:",
        key=f"pccc_plan_download_{suffix.lstrip('.')}",
    )
