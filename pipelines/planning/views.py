"""What the Quy hoạch điểm chữa cháy page shows and does, without Streamlit.

The page keeps the proposal being edited (a :class:`Scenario`) in its session and lays out
what these functions return: the scenario a solve starts from, the edits a map click or a
removal makes, the figures and display tables of a proposal (every cell formatted), and
the side-by-side comparison. Everything here reads a :class:`PlanningProblem` and never
changes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.planning.exports import proposal_table
from pipelines.planning.problem import PlanningProblem
from pipelines.planning.scenarios import (
    Scenario,
    ScenarioFigures,
    WhatIf,
    compare_scenarios,
    format_comparison,
    rule_table,
    scenario_from_result,
)
from pipelines.planning.siting import SitingResult, greedy_gap
from pipelines.text.display import display_frame
from pipelines.text.formats import check_lang
from pipelines.text.labels import (
    PLAN_POINT_COLUMNS,
    PLAN_RULE_COLUMNS,
    PLAN_RULE_MET,
    pick,
    pick_table,
)

POINT_KINDS = {"lon": "coordinate", "lat": "coordinate"}
RULE_KINDS = {"depth_m": "metres"}


@dataclass(frozen=True)
class SolveSummary:
    """The two solves of a proposal side by side: quick (greedy) and optimal (HiGHS)."""

    greedy_objective: float
    optimal_objective: float
    has_optimum: bool
    greedy_gap: float
    status: str
    bound: float
    mip_gap: float
    solve_time_s: float
    candidates: int
    demand: int
    rules_left_out: int


def solve_summary(
    problem: PlanningProblem,
    quick: SitingResult,
    best: SitingResult,
    *,
    enforce_rules: bool,
    lang: str = "vi",
) -> SolveSummary:
    """Summarise a greedy and an optimal solve of the same model for the page's header."""
    check_lang(lang)
    left_out = len(problem.rules) - len(problem.enforceable) if enforce_rules else 0
    return SolveSummary(
        greedy_objective=float(quick.objective),
        optimal_objective=float(best.objective),
        has_optimum=best.has_solution,
        greedy_gap=float(greedy_gap(quick, best)),
        status=best.status_label(lang),
        bound=float(best.bound),
        mip_gap=float(best.mip_gap),
        solve_time_s=float(best.solve_time_s),
        candidates=int(problem.n_candidates),
        demand=int(problem.coverage.n_demand),
        rules_left_out=max(0, left_out),
    )


def starting_scenario(
    problem: PlanningProblem, quick: SitingResult, best: SitingResult, *, name: str
) -> Scenario:
    """The proposal an edit starts from: the optimum, else the quick answer, else no point."""
    chosen = best if best.has_solution else quick
    if not chosen.has_solution:
        return Scenario(name)
    return scenario_from_result(problem, chosen, name=name)


@dataclass(frozen=True)
class Edit:
    """The proposal after a map click, and what the click did.

    ``placed`` is False when the click was farther than ``max_snap_m`` from every road
    (nothing changed; ``snap_distance_m`` says how far it was).
    """

    scenario: Scenario
    placed: bool
    key: str
    households_gained: int
    snap_distance_m: float
    max_snap_m: float


def click_point(
    problem: PlanningProblem,
    scenario: Scenario,
    lon: float,
    lat: float,
    *,
    move: str | None = None,
) -> Edit:
    """Add a point where the map was clicked, or move point ``move`` there (snapped to a road)."""
    whatif = WhatIf(problem, scenario)
    change = whatif.move(move, lon, lat) if move else whatif.place(lon, lat)
    return Edit(
        scenario=whatif.scenario(scenario.name),
        placed=change.placed,
        key=change.key,
        households_gained=change.households_gained,
        snap_distance_m=change.snap_distance_m,
        max_snap_m=float(problem.max_snap_m),
    )


def remove_points(problem: PlanningProblem, scenario: Scenario, keys: Sequence[str]) -> Scenario:
    """Return the proposal without the points ``keys``."""
    whatif = WhatIf(problem, scenario)
    for key in keys:
        whatif.remove(key)
    return whatif.scenario(scenario.name)


@dataclass(frozen=True)
class ProposalView:
    """A proposal as the page shows it.

    ``figures`` are the proposal's, ``current`` those of today (no new point); ``points``
    and ``rules`` are display tables (rules not met first; ``rule_met`` says which).
    """

    keys: tuple[str, ...]
    figures: ScenarioFigures
    current: ScenarioFigures
    points: pd.DataFrame
    rules: pd.DataFrame
    rule_met: np.ndarray

    @property
    def rules_unmet(self) -> int:
        return int((~self.rule_met).sum())

    def rules_shown(self, *, only_unmet: bool) -> pd.DataFrame:
        """The rule table, or only its rows not met."""
        return self.rules[~self.rule_met] if only_unmet else self.rules


def proposal_view(problem: PlanningProblem, scenario: Scenario, lang: str = "vi") -> ProposalView:
    """Figures, point table and rule table of ``scenario`` in ``lang`` ({"vi", "en"})."""
    check_lang(lang)
    whatif = WhatIf(problem, scenario)
    points = proposal_table(problem, scenario, lang=lang).drop(columns="geometry")
    rules = rule_table(problem, whatif, lang)
    met = rules["satisfied"].to_numpy(dtype=bool)
    rules = rules.assign(satisfied=[pick(PLAN_RULE_MET[bool(m)], lang) for m in met])
    return ProposalView(
        keys=whatif.keys,
        figures=whatif.figures(),
        current=WhatIf(problem).figures(),
        points=display_frame(
            points, lang, kinds=POINT_KINDS, labels=pick_table(PLAN_POINT_COLUMNS, lang)
        ),
        rules=display_frame(
            rules, lang, kinds=RULE_KINDS, labels=pick_table(PLAN_RULE_COLUMNS, lang)
        ),
        rule_met=met,
    )


def comparison_view(
    problem: PlanningProblem, scenarios: Sequence[Scenario], lang: str = "vi"
) -> pd.DataFrame:
    """The figures of several proposals side by side, formatted (one column per proposal)."""
    return format_comparison(compare_scenarios(problem, scenarios), lang)
