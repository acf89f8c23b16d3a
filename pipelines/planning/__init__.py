"""Where new public firefighting points go: siting models, planner, layers, exports, maps."""

from pipelines.planning.planner import PlanningProblem, Scenario, planning_problem, propose

__all__ = ["PlanningProblem", "Scenario", "planning_problem", "propose"]
