"""What the planner does for the demand a ward has: cover it, or site by the rule alone.

With a household list, or households estimated from buildings
(:mod:`pipelines.network.demand`), the planner covers that demand. With neither there is
nothing to cover: a coverage model would propose no point at all and say nothing. The
planner then sites by the rule (:func:`rule_options`): the covering model with the rules
enforced, which places the fewest points that give every alley trucks cannot enter and at
least ``thresholds.deep_alley_min_m`` deep a point (and every tổ dân phố its minimum);
:func:`demand_notice` says so on the page, in the command's output and beside the files.
"""

from __future__ import annotations

from pipelines.network.demand import HOUSEHOLDS, RULE
from pipelines.planning.problem import PlanningProblem
from pipelines.text.formats import format_number


def sites_by_rule(problem: PlanningProblem) -> bool:
    """True when the ward has no demand to cover (no households, no residential buildings)."""
    return problem.demand_source.kind == RULE or not len(problem.demand)


def rule_options(problem: PlanningProblem) -> dict[str, object] | None:
    """The solve options that site by the rule, ``None`` when the ward has demand to cover."""
    if not sites_by_rule(problem):
        return None
    return {"model": "cover", "p": None, "share": 1.0, "enforce_rules": True}


def demand_notice(problem: PlanningProblem, lang: str = "vi") -> str:
    """One paragraph: where the demand comes from and, without any, the rule used and why.

    Empty for a ward with a household list (the usual case says nothing).
    """
    source = problem.demand_source
    if source.kind == HOUSEHOLDS and len(problem.demand):
        return ""
    if not sites_by_rule(problem):
        return source.text(lang)
    alleys = int((problem.rules["kind"] == "deep_alley").sum())
    n, depth = format_number(alleys, lang), format_number(problem.deep_alley_min_m, lang)
    if lang == "vi":
        return (
            "Chưa có lớp Hộ gia đình và lớp Nhà (nhập tại trang Dữ liệu) nên không có nhu cầu "
            "để tính độ phủ. Đề xuất theo quy tắc: mỗi ngõ xe chữa cháy không vào được và sâu "
            f"từ {depth} m trở lên cần một điểm chữa cháy công cộng — phường có {n} ngõ như vậy; "
            "mô hình phủ với quy tắc bắt buộc chọn ít điểm nhất đáp ứng mọi ngõ."
        )
    return (
        "No household layer and no buildings (import them on the Data page): there is no "
        "demand to cover. Points are sited by the rule: every alley fire trucks cannot enter "
        f"that is at least {depth} m deep needs a public firefighting point — the ward has {n} "
        "such alleys; the covering model with the rules enforced picks the fewest points that "
        "meet every one."
    )


def demand_caption(problem: PlanningProblem, lang: str = "vi") -> str:
    """A short line for the printed map and the files: ``""`` with a household list."""
    source = problem.demand_source
    if source.kind == HOUSEHOLDS and len(problem.demand):
        return ""
    depth = format_number(problem.deep_alley_min_m, lang)
    if sites_by_rule(problem):
        return (
            f"Đề xuất theo quy tắc: một điểm cho mỗi ngõ xe chữa cháy không vào được sâu từ "
            f"{depth} m (chưa có lớp hộ gia đình và lớp nhà)"
            if lang == "vi"
            else f"Sited by the rule: one point for every alley trucks cannot enter at least "
            f"{depth} m deep (no household or building layer)"
        )
    area = format_number(source.floor_area_per_household_m2, lang)
    if lang == "vi":
        return (
            f"Hộ gia đình ước tính từ {format_number(source.buildings, lang)} nhà ở "
            f"(diện tích nền × số tầng ÷ {area} m²/hộ) — chưa có danh sách hộ"
        )
    return (
        f"Households estimated from {format_number(source.buildings, lang)} residential "
        f"buildings (footprint × levels ÷ {area} m² each) — no household list"
    )
