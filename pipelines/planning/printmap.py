"""Printable A4 proposal map: the ward's own layers drawn with matplotlib (offline, no tiles).

Drawn in the ward's metric CRS (``ward.toml`` → ``[ward] crs_metric``), so the scale bar is
in true metres; grid north of a VN-2000 TM-3 or UTM zone is within about a degree of true
north inside a ward, which is what the north arrow shows. The page holds a title, the map
(ward boundary, tổ dân phố, water, roads by width class as on the web map, households by
coverage, high-risk premises, working points and the numbered new points), a legend in
Vietnamese (or English), a scale bar, a north arrow, the date and the key figures.
Uses the object-oriented matplotlib API only (no pyplot state), so it is safe in the
dashboard's threads.
"""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon, Rectangle

from pipelines.maps import styles
from pipelines.model.store import Ward
from pipelines.network.projection import metric_geometry
from pipelines.planning.demand import demand_caption
from pipelines.planning.problem import PlanningProblem
from pipelines.planning.scenarios import Scenario, WhatIf, proposal_points
from pipelines.text.formats import check_lang, format_date, format_number, format_percent
from pipelines.text.labels import PRINTMAP_TEXT, pick

A4_IN = (210 / 25.4, 297 / 25.4)  # portrait width, height in inches
PNG_DPI = 200
SCALE_STEPS_M = (20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000)


COLOURS = {
    "covered_now": "#74c476",
    "newly": "#2171b5",
    "uncovered": "#c51b7d",
    "high_risk": "#a50026",
    "existing": "#1a9850",
    "new": "#d7191c",
}


def _plain(text: str) -> str:
    """Keep user text literal: matplotlib reads ``$…$`` as mathematics."""
    return str(text).replace("$", r"\$")


def _t(key: str, lang: str) -> str:
    return pick(PRINTMAP_TEXT[key], lang)


def proposal_figure(
    ward: Ward,
    problem: PlanningProblem,
    scenario: Scenario,
    *,
    lang: str = "vi",
    today: dt.date | None = None,
) -> Figure:
    """Draw the proposal on an A4 page (portrait or landscape, whichever fits the ward).

    Parameters
    ----------
    ward
        The ward, for its boundary, tổ dân phố, water bodies, roads and buildings.
    problem, scenario
        The planning problem and the proposal to draw.
    lang
        {"vi", "en"}: language of every text on the page.
    today
        Date printed on the map (default: the current date).
    """
    check_lang(lang)
    today = dt.date.today() if today is None else today
    crs = problem.crs_metric
    layers = {
        name: metric_geometry(ward[name], crs).to_numpy()
        for name in ("ward_boundary", "residential_groups", "water_bodies", "buildings", "roads")
    }
    demand_xy = _demand_xy(problem)
    extent = _extent(layers, demand_xy)
    landscape = (extent[2] - extent[0]) > 1.1 * (extent[3] - extent[1])
    size = (A4_IN[1], A4_IN[0]) if landscape else A4_IN
    fig = Figure(figsize=size)
    FigureCanvasAgg(fig)
    caption = demand_caption(problem, lang)
    lower = 0.025 if caption else 0.0  # room for the caption under the facts
    map_box = [0.05, 0.2, 0.9, 0.7 - lower] if not landscape else [0.04, 0.14, 0.62, 0.76 - lower]
    ax = fig.add_axes(map_box)
    ax.set_aspect("equal", adjustable="box", anchor="C")
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_xticks([])
    ax.set_yticks([])

    _polygons(ax, layers["water_bodies"], face="#c6e2f5", edge="#2b8cbe", lw=0.4, z=1)
    _polygons(ax, layers["buildings"], face="#e0e0e0", edge="#9e9e9e", lw=0.3, z=2)
    _roads(ax, layers["roads"], ward)
    _outlines(ax, layers["residential_groups"], colour="#6a51a3", lw=0.6, dash=(0, (3, 3)), z=4)
    _group_labels(ax, layers["residential_groups"], ward)
    _outlines(ax, layers["ward_boundary"], colour="#222222", lw=1.4, dash=(0, (8, 4)), z=5)

    whatif = WhatIf(problem, scenario)
    covered = whatif.covered()
    before = problem.coverage.fixed_covered
    is_h = problem.is_household
    groups = {
        "covered_now": is_h & before,
        "newly": is_h & covered & ~before,
        "uncovered": is_h & ~covered,
    }
    for key, mask in groups.items():
        ax.scatter(*demand_xy[mask].T, s=1.2, c=COLOURS[key], lw=0, zorder=6, rasterized=True)
    high = problem.is_high_risk
    ax.scatter(
        *demand_xy[high].T, s=16, marker="^", c=COLOURS["high_risk"], ec="white", lw=0.4, zorder=7
    )
    fixed_xy = _xy(metric_geometry(problem.fixed, crs).to_numpy())
    ax.scatter(*fixed_xy.T, s=42, marker="s", c=COLOURS["existing"], ec="black", lw=0.6, zorder=8)
    new = proposal_points(problem, scenario)
    new_xy = _xy(metric_geometry(new, crs).to_numpy())
    ax.scatter(*new_xy.T, s=90, marker="*", c=COLOURS["new"], ec="black", lw=0.5, zorder=9)
    for i, (x, y) in enumerate(new_xy, start=1):
        ax.annotate(
            str(i),
            (x, y),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=6.5,
            weight="bold",
            color="black",
            zorder=10,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
        )

    scale_bar(ax, lang)
    north_arrow(ax, lang)
    figures = whatif.figures()
    now = WhatIf(problem).figures()
    fig.text(
        0.05 if not landscape else 0.04,
        0.955,
        f"{_t('title', lang)} — {_plain(ward.name)}",
        fontsize=14,
        weight="bold",
        va="top",
    )
    facts = [
        f"{_t('date', lang)}: {format_date(today, lang)}",
        f"{_t('radius', lang)}: {format_number(problem.radius_m, lang)} m",
        f"{_t('points', lang)}: {format_number(figures.points_added, lang)}",
        f"{_t('households', lang)}: {format_number(now.households_covered, lang)} → "
        f"{format_number(figures.households_covered, lang)} / "
        f"{format_number(figures.households_total, lang)} "
        f"({format_percent(figures.households_share, lang)})",
        f"{_t('crs', lang)}: {crs}",
    ]
    if ward.config.ward.synthetic:
        facts.append(_t("synthetic", lang))
    fig.text(0.05 if not landscape else 0.04, 0.925, " · ".join(facts[:3]), fontsize=8.5, va="top")
    fig.text(0.05 if not landscape else 0.04, 0.905, " · ".join(facts[3:]), fontsize=8.5, va="top")
    if caption:  # households estimated from buildings, or sited by the rule alone
        style = {"fontsize": 7.5, "style": "italic", "color": "#b30000", "va": "top"}
        fig.text(0.05 if not landscape else 0.04, 0.885, _plain(caption), **style)
    _legend(fig, ward, landscape, lang)
    return fig


def proposal_map_bytes(
    ward: Ward,
    problem: PlanningProblem,
    scenario: Scenario,
    *,
    fmt: str = "png",
    lang: str = "vi",
    today: dt.date | None = None,
) -> bytes:
    """Render :func:`proposal_figure` to PNG (200 dpi) or PDF bytes, per ``fmt``.

    Raises
    ------
    ValueError
        ``fmt`` is not ``"png"`` or ``"pdf"``.
    """
    if fmt not in ("png", "pdf"):
        raise ValueError(f"'fmt' should be one of 'png' or 'pdf', got '{fmt}' instead")
    fig = proposal_figure(ward, problem, scenario, lang=lang, today=today)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata={"Title": _t("title", lang)})
    return buffer.getvalue()


# ---------------------------------------------------------------------- drawing helpers


def _demand_xy(problem: PlanningProblem) -> np.ndarray:
    from pyproj import Transformer

    to_metric = Transformer.from_crs("EPSG:4326", problem.crs_metric, always_xy=True)
    x, y = to_metric.transform(
        problem.demand["lon"].to_numpy(float), problem.demand["lat"].to_numpy(float)
    )
    return np.column_stack([x, y]).reshape(-1, 2)


def _xy(points: np.ndarray) -> np.ndarray:
    if not len(points):
        return np.zeros((0, 2))
    return shapely.get_coordinates(points).reshape(-1, 2)


def _extent(layers: dict[str, np.ndarray], demand_xy: np.ndarray) -> tuple[float, ...]:
    frames = layers["ward_boundary"] if len(layers["ward_boundary"]) else layers["roads"]
    geoms = frames[~shapely.is_missing(frames)] if len(frames) else frames
    if len(geoms):
        x0, y0, x1, y1 = shapely.total_bounds(geoms)
    else:
        ok = demand_xy[np.isfinite(demand_xy).all(axis=1)]
        x0, y0 = ok.min(axis=0) if len(ok) else (0.0, 0.0)
        x1, y1 = ok.max(axis=0) if len(ok) else (100.0, 100.0)
    pad = 0.03 * max(x1 - x0, y1 - y0, 100.0)
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)


def _rings(geoms: np.ndarray) -> list[np.ndarray]:
    geoms = geoms[~shapely.is_missing(geoms)] if len(geoms) else geoms
    if not len(geoms):
        return []
    parts = shapely.get_parts(geoms)
    rings = shapely.get_exterior_ring(parts[shapely.get_type_id(parts) == 3])
    return [shapely.get_coordinates(r) for r in rings]


def _polygons(ax, geoms: np.ndarray, *, face: str, edge: str, lw: float, z: int) -> None:
    for ring in _rings(geoms):
        ax.add_patch(Polygon(ring, closed=True, fc=face, ec=edge, lw=lw, zorder=z))


def _outlines(ax, geoms: np.ndarray, *, colour: str, lw: float, dash, z: int) -> None:
    rings = _rings(geoms)
    if rings:
        ax.add_collection(
            LineCollection(rings, colors=colour, linewidths=lw, linestyles=[dash], zorder=z)
        )


def _group_labels(ax, geoms: np.ndarray, ward: Ward) -> None:
    names = ward["residential_groups"]["name"].astype(str).to_numpy()
    ok = ~shapely.is_missing(geoms) if len(geoms) else np.zeros(0, bool)
    for name, point in zip(names[ok], shapely.point_on_surface(geoms[ok]), strict=True):
        ax.text(
            point.x,
            point.y,
            _plain(name),
            fontsize=6,
            color="#54278f",
            alpha=0.75,
            ha="center",
            va="center",
            zorder=4,
        )


def _road_class(ward: Ward) -> list[tuple[float, styles.RoadClass]]:
    return list(styles.road_classes(ward.config.thresholds.truck_min_width_m))


def _roads(ax, geoms: np.ndarray, ward: Ward) -> None:
    width = ward["roads"]["width_m"].to_numpy(dtype=float, na_value=np.nan)
    classes = _road_class(ward)
    bounds = np.array([lo for lo, _ in classes])
    # the widest class whose lower bound the width reaches; unknown widths: the last class
    which = np.argmax(np.nan_to_num(width, nan=-1.0)[:, None] >= bounds[None, :], axis=1)
    which[~(np.nan_to_num(width, nan=-1.0) >= bounds.min())] = len(classes) - 1
    ok = ~shapely.is_missing(geoms) if len(geoms) else np.zeros(0, bool)
    for k, (_, cls) in enumerate(classes):
        lines = [shapely.get_coordinates(g) for g in geoms[ok & (which == k)]]
        if not lines:
            continue
        dash = "solid" if cls.dash is None else (0, tuple(float(v) for v in cls.dash.split()))
        ax.add_collection(
            LineCollection(
                lines,
                colors=cls.colour,
                linewidths=cls.weight * 0.35,
                linestyles=[dash],
                zorder=3,
                capstyle="round",
            )
        )


def scale_bar(ax, lang: str, *, height_share: float = 0.008) -> None:
    """A four-part scale bar in true metres at the map's bottom left (the map's axes are in
    metres); ``height_share`` of the map's height tall. Shared with the review report's and
    the map book's maps (:mod:`pipelines.reports.mapdraw`)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    span = x1 - x0
    length = max((s for s in SCALE_STEPS_M if s <= span / 4), default=SCALE_STEPS_M[0])
    left, base = x0 + 0.04 * span, y0 + 0.04 * (y1 - y0)
    height = height_share * (y1 - y0)
    for i in range(4):
        ax.add_patch(
            Rectangle(
                (left + i * length / 4, base),
                length / 4,
                height,
                fc="black" if i % 2 == 0 else "white",
                ec="black",
                lw=0.6,
                zorder=11,
            )
        )
    unit = (
        f"{format_number(length, lang)} m"
        if length < 1000
        else f"{format_number(length / 1000, lang)} km"
    )
    for pos, text in ((0, "0"), (length, unit)):
        ax.text(left + pos, base + 2.2 * height, text, fontsize=7, ha="center", zorder=11)


def north_arrow(ax, lang: str) -> None:
    """An arrow to grid north at the map's top right, with "B" (Bắc) or "N". Shared with the
    review report's and the map book's maps (:mod:`pipelines.reports.mapdraw`)."""
    ax.annotate(
        "",
        xy=(0.95, 0.95),
        xytext=(0.95, 0.86),
        xycoords="axes fraction",
        arrowprops={"arrowstyle": "-|>,head_width=0.5,head_length=0.9", "lw": 1.6, "color": "k"},
        zorder=11,
    )
    ax.text(
        0.95,
        0.96,
        _t("north", lang),
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=11,
        weight="bold",
        zorder=11,
    )


def _legend(fig: Figure, ward: Ward, landscape: bool, lang: str) -> None:
    def dot(key: str, marker: str = "o", size: float = 5) -> Line2D:
        return Line2D(
            [], [], ls="none", marker=marker, ms=size, mfc=COLOURS[key], mec="black", mew=0.4
        )

    def line(colour: str, lw: float, dash) -> Line2D:
        return Line2D([], [], color=colour, lw=lw, ls=dash)

    handles = [
        (dot("new", "*", 11), _t("new", lang)),
        (dot("existing", "s", 7), _t("existing", lang)),
        (dot("high_risk", "^", 6), _t("high_risk", lang)),
        (dot("newly", "o", 4), _t("newly", lang)),
        (dot("covered_now", "o", 4), _t("covered_now", lang)),
        (dot("uncovered", "o", 4), _t("uncovered", lang)),
        (line("#222222", 1.4, (0, (8, 4))), _t("boundary", lang)),
        (line("#6a51a3", 0.8, (0, (3, 3))), _t("group", lang)),
        (Patch(fc="#c6e2f5", ec="#2b8cbe"), _t("water", lang)),
    ]
    for _, cls in _road_class(ward):
        dash = "solid" if cls.dash is None else (0, tuple(float(v) for v in cls.dash.split()))
        handles.append(
            (
                line(cls.colour, max(cls.weight * 0.45, 0.8), dash),
                pick((cls.vi, cls.en), lang),
            )
        )
    box = [0.05, 0.02, 0.9, 0.16] if not landscape else [0.68, 0.14, 0.3, 0.76]
    lax = fig.add_axes(box)
    lax.axis("off")
    lax.legend(
        [h for h, _ in handles],
        [label for _, label in handles],
        loc="upper left",
        ncol=1 if landscape else 2,
        fontsize=7.5,
        frameon=False,
        title=_t("legend", lang),
        title_fontsize=9,
        alignment="left",
        handlelength=2.6,
    )
