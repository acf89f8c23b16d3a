"""Where new public firefighting points go: the planning problem, candidate sites, siting
models, proposals and what-if edits, their map layers, exports and printed maps."""

from pipelines.planning.candidates import SITE_SOURCES
from pipelines.planning.problem import PlanningProblem, kit_cost_vnd, planning_problem
from pipelines.planning.scenarios import (
    Scenario,
    WhatIf,
    compare_scenarios,
    evaluate,
    format_comparison,
    proposal_points,
    propose,
    rule_table,
    scenario_from_result,
)
from pipelines.text.labels import MODELS

__all__ = [
    "MODELS",
    "SITE_SOURCES",
    "PlanningProblem",
    "Scenario",
    "WhatIf",
    "compare_scenarios",
    "evaluate",
    "format_comparison",
    "kit_cost_vnd",
    "planning_problem",
    "proposal_points",
    "propose",
    "rule_table",
    "scenario_from_result",
]
