"""Static maps of a ward for the review report and the map book (matplotlib, offline, no tiles).

:func:`map_data` projects the ward's layers and the network analysis' results into the ward's
metric CRS once (``[ward] crs_metric``: the scale bar is in true metres; grid north of a
VN-2000 TM-3 or UTM zone is within about a degree of true north inside a ward); :func:`draw_map`
draws them inside any extent — the whole ward or one tổ dân phố — with only the features in
sight (an STR-tree query per layer), so a page costs what it shows, not the whole ward.
Layers: tổ dân phố, water bodies, roads by width class (as on the web map), beyond-reach
pockets, deep alleys trucks cannot enter, the reach of each working public point (the hull of
the households it serves within its radius along the roads), households in or out of a tổ
liên gia, premises by risk class, water sources and public points. The object-oriented
matplotlib API only (no pyplot state): safe in the dashboard's threads.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from pipelines.maps import styles
from pipelines.model.store import Ward
from pipelines.network.analysis import WardAnalysis
from pipelines.network.projection import metric_geometry
from pipelines.network.risk import RISK_CLASSES
from pipelines.planning import printmap
from pipelines.text.labels import pick
from pipelines.text.labels_reports import MAPDRAW_TEXT

COLOURS = {
    "in_group": "#6a51a3",
    "no_group": "#bdbdbd",
    "point": "#1a9850",
    "point_down": "#7f7f7f",
    "water": "#2171b5",
    "reach": "#a1d99b",
    "deep_alley": "#e6550d",
    "pocket": "#de2d26",
    "group": "#54278f",
    "boundary": "#222222",
}
LAYERS = ("groups", "water_bodies", "roads", "pockets", "reach", "deep_alleys", "households")
LAYERS += ("premises", "water_sources", "points")


@dataclass(frozen=True, eq=False)
class MapData:
    """The ward's geometries in its metric CRS, with what each page colours them by."""

    crs: str
    boundary: np.ndarray
    group_ids: np.ndarray
    group_names: np.ndarray
    groups: np.ndarray
    water_bodies: np.ndarray
    roads: np.ndarray
    road_class: np.ndarray  # index into road_classes
    road_classes: tuple
    pockets: np.ndarray
    deep_alleys: np.ndarray
    reach: np.ndarray
    households_xy: np.ndarray
    households_in_group: np.ndarray
    premises_xy: np.ndarray
    premises_class: np.ndarray
    water_xy: np.ndarray
    water_usable: np.ndarray
    points_xy: np.ndarray
    points_working: np.ndarray

    def extent(self, geoms: np.ndarray | None = None, *, pad: float = 0.04) -> tuple[float, ...]:
        """The box around ``geoms`` (default: the ward), padded; (0, 0, 100, 100) if empty."""
        geoms = self.boundary if geoms is None else geoms
        if not len(geoms) or shapely.is_missing(geoms).all():
            geoms = (
                self.roads
                if len(self.roads)
                else np.array([shapely.points(self.premises_xy)]).ravel()
            )
        geoms = geoms[~shapely.is_missing(geoms)] if len(geoms) else geoms
        if not len(geoms):
            return (0.0, 0.0, 100.0, 100.0)
        x0, y0, x1, y1 = shapely.total_bounds(geoms)
        margin = pad * max(x1 - x0, y1 - y0, 100.0)
        return (x0 - margin, y0 - margin, x1 + margin, y1 + margin)


def _xy(frame: gpd.GeoDataFrame, crs: str) -> np.ndarray:
    if not len(frame):
        return np.zeros((0, 2))
    geoms = metric_geometry(frame, crs).to_numpy()
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    xy = np.full((len(geoms), 2), np.nan)
    xy[ok] = shapely.get_coordinates(shapely.centroid(geoms[ok]))
    return xy


def _geoms(frame: gpd.GeoDataFrame, crs: str) -> np.ndarray:
    if not len(frame):
        return np.zeros(0, dtype=object)
    geoms = metric_geometry(frame, crs).to_numpy()
    return geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]


def _reach(analysis: WardAnalysis, xy: np.ndarray) -> np.ndarray:
    """The hull of the households each working point serves within its radius (roads)."""
    h = analysis.households
    if not len(h) or "nearest_point_id" not in h:
        return np.zeros(0, dtype=object)
    served = h["has_public_point"].fillna(False).to_numpy(bool) & np.isfinite(xy).all(axis=1)
    ids = h["nearest_point_id"].to_numpy(dtype=object)[served]
    pts = shapely.points(xy[served])
    hulls = [
        shapely.buffer(shapely.convex_hull(shapely.multipoints(pts[ids == pid])), 8.0)
        for pid in np.unique(ids.astype(str))
    ]
    return np.array(hulls, dtype=object)


def map_data(ward: Ward, analysis: WardAnalysis) -> MapData:
    """Project everything the maps draw into the ward's metric CRS (once per ward version)."""
    crs = analysis.crs_metric
    groups = ward["residential_groups"]
    roads = ward["roads"]
    classes = tuple(styles.road_classes(ward.config.thresholds.truck_min_width_m))
    width = roads["width_m"].to_numpy(dtype=float, na_value=np.nan)
    bounds = np.array([lo for lo, _ in classes])
    known = np.nan_to_num(width, nan=-1.0)
    which = np.argmax(known[:, None] >= bounds[None, :], axis=1) if len(roads) else np.zeros(0, int)
    which[~(known >= bounds.min())] = len(classes) - 1
    road_geoms = metric_geometry(roads, crs).to_numpy() if len(roads) else np.zeros(0, object)
    ok = ~(shapely.is_missing(road_geoms) | shapely.is_empty(road_geoms))
    group_geoms = metric_geometry(groups, crs).to_numpy() if len(groups) else np.zeros(0, object)
    households_xy = _xy(analysis.households, crs)
    premises = analysis.premises
    return MapData(
        crs=crs,
        boundary=_geoms(ward["ward_boundary"], crs),
        group_ids=groups["id"].astype(str).to_numpy(),
        group_names=groups["name"].astype(str).to_numpy(),
        groups=group_geoms,
        water_bodies=_geoms(ward["water_bodies"], crs),
        roads=road_geoms[ok],
        road_class=which[ok],
        road_classes=classes,
        pockets=_geoms(analysis.pockets, crs),
        deep_alleys=_geoms(analysis.deep_alleys, crs),
        reach=_reach(analysis, households_xy),
        households_xy=households_xy,
        households_in_group=analysis.households["in_safety_group"].fillna(False).to_numpy(bool)
        if len(analysis.households)
        else np.zeros(0, bool),
        premises_xy=_xy(premises, crs),
        premises_class=premises["risk_class"].astype(object).fillna("low").to_numpy()
        if len(premises)
        else np.zeros(0, object),
        water_xy=_xy(analysis.water_sources, crs),
        water_usable=analysis.water_sources["usable"].fillna(False).to_numpy(bool)
        if len(analysis.water_sources)
        else np.zeros(0, bool),
        points_xy=_xy(analysis.public_points, crs),
        points_working=analysis.public_points["working"].fillna(False).to_numpy(bool)
        if len(analysis.public_points)
        else np.zeros(0, bool),
    )


def _in_box(geoms: np.ndarray, box) -> np.ndarray:
    return geoms[shapely.intersects(geoms, box)] if len(geoms) else geoms


def _xy_in_box(xy: np.ndarray, extent) -> np.ndarray:
    x0, y0, x1, y1 = extent
    with np.errstate(invalid="ignore"):
        return (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)


def polygon_patches(geoms: np.ndarray, **style) -> PatchCollection | None:
    parts = shapely.get_parts(geoms) if len(geoms) else geoms
    parts = parts[shapely.get_type_id(parts) == 3] if len(parts) else parts
    if not len(parts):
        return None
    patches = []
    for poly in parts:
        rings = [poly.exterior, *poly.interiors]
        verts = np.concatenate([np.asarray(r.coords) for r in rings])
        codes = np.concatenate(
            [
                [MplPath.MOVETO] + [MplPath.LINETO] * (len(r.coords) - 2) + [MplPath.CLOSEPOLY]
                for r in rings
            ]
        )
        patches.append(PathPatch(MplPath(verts, codes)))
    return PatchCollection(patches, match_original=False, **style)


def line_parts(geoms: np.ndarray) -> list[np.ndarray]:
    parts = shapely.get_parts(geoms) if len(geoms) else geoms
    out = []
    for g in parts:
        if shapely.get_type_id(g) == 3:
            out.append(shapely.get_coordinates(g.exterior))
        else:
            out.append(shapely.get_coordinates(g))
    return out


def _dash(cls) -> object:
    return "solid" if cls.dash is None else (0, tuple(float(v) for v in cls.dash.split()))


def draw_map(ax: Axes, data: MapData, extent: tuple[float, ...], *, detail: bool = True) -> None:
    """Draw the ward's layers inside ``extent`` (x0, y0, x1, y1 in metres) on ``ax``.

    ``detail`` adds households, reach and the point symbols at page scale; the ward overview
    of a large ward leaves households out (a density of dots, not information).
    """
    box = shapely.box(*extent)
    ax.set_aspect("equal", adjustable="box", anchor="C")
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_xticks([])
    ax.set_yticks([])
    add = ax.add_collection
    for geoms, style in (
        (data.water_bodies, {"fc": "#c6e2f5", "ec": "#2b8cbe", "lw": 0.4, "zorder": 1}),
        (data.pockets, {"fc": COLOURS["pocket"], "ec": "none", "alpha": 0.18, "zorder": 2}),
        (
            data.reach if detail else data.reach[:0],
            {"fc": COLOURS["reach"], "ec": "none", "alpha": 0.45, "zorder": 2},
        ),
    ):
        patches = polygon_patches(_in_box(geoms, box), **style)
        if patches is not None:
            add(patches)
    hits = shapely.intersects(data.roads, box) if len(data.roads) else np.zeros(0, bool)
    for k, (_, cls) in enumerate(data.road_classes):
        lines = line_parts(data.roads[hits & (data.road_class == k)])
        if lines:
            add(
                LineCollection(
                    lines,
                    colors=cls.colour,
                    linewidths=max(cls.weight * 0.35, 0.3),
                    linestyles=[_dash(cls)],
                    zorder=3,
                    capstyle="round",
                )
            )
    alleys = line_parts(_in_box(data.deep_alleys, box))
    if alleys:
        add(
            LineCollection(
                alleys, colors=COLOURS["deep_alley"], linewidths=2.2, alpha=0.8, zorder=4
            )
        )
    groups = (
        line_parts(_in_box(data.groups[~shapely.is_missing(data.groups)], box))
        if len(data.groups)
        else []
    )
    if groups:
        add(
            LineCollection(
                groups, colors=COLOURS["group"], linewidths=0.7, linestyles=[(0, (3, 3))], zorder=5
            )
        )
    outline = line_parts(data.boundary)
    if outline:
        add(
            LineCollection(
                outline,
                colors=COLOURS["boundary"],
                linewidths=1.4,
                linestyles=[(0, (8, 4))],
                zorder=5,
            )
        )
    if detail:
        on = _xy_in_box(data.households_xy, extent)
        for mask, key in (
            (on & ~data.households_in_group, "no_group"),
            (on & data.households_in_group, "in_group"),
        ):
            ax.scatter(
                *data.households_xy[mask].T, s=1.5, c=COLOURS[key], lw=0, zorder=6, rasterized=True
            )
    on = _xy_in_box(data.premises_xy, extent)
    for code, cls in RISK_CLASSES.items():
        xy = data.premises_xy[on & (data.premises_class == code)]
        ax.scatter(
            *xy.T, s=22 if detail else 12, marker="^", c=cls.colour, ec="black", lw=0.4, zorder=7
        )
    on = _xy_in_box(data.water_xy, extent)
    ax.scatter(
        *data.water_xy[on & data.water_usable].T,
        s=26 if detail else 14,
        marker="o",
        c=COLOURS["water"],
        ec="white",
        lw=0.6,
        zorder=8,
    )
    ax.scatter(
        *data.water_xy[on & ~data.water_usable].T,
        s=26 if detail else 14,
        marker="o",
        c="white",
        ec=COLOURS["water"],
        lw=0.8,
        zorder=8,
    )
    on = _xy_in_box(data.points_xy, extent)
    for mask, key in (
        (on & data.points_working, "point"),
        (on & ~data.points_working, "point_down"),
    ):
        ax.scatter(
            *data.points_xy[mask].T,
            s=48 if detail else 26,
            marker="s",
            c=COLOURS[key],
            ec="black",
            lw=0.6,
            zorder=9,
        )


def label_groups(ax: Axes, data: MapData, *, size: float = 7) -> None:
    """Write each tổ dân phố's name at a point inside it."""
    ok = ~shapely.is_missing(data.groups) if len(data.groups) else np.zeros(0, bool)
    for name, point in zip(
        data.group_names[ok], shapely.point_on_surface(data.groups[ok]), strict=True
    ):
        ax.text(
            point.x,
            point.y,
            plain(name),
            fontsize=size,
            color=COLOURS["group"],
            ha="center",
            va="center",
            zorder=10,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
        )


def plain(text: str) -> str:
    """Keep user text literal: matplotlib reads ``$…$`` as mathematics."""
    return str(text).replace("$", r"\$")


def scale_bar(ax: Axes, lang: str) -> None:
    """A four-part scale bar in true metres at the map's bottom left (the planner's, a
    little taller)."""
    printmap.scale_bar(ax, lang, height_share=0.01)


def north_arrow(ax: Axes, lang: str) -> None:
    """An arrow to grid north at the map's top right, with "B" (Bắc) or "N" (the planner's)."""
    printmap.north_arrow(ax, lang)


def legend_entries(data: MapData, lang: str, *, detail: bool = True) -> list[tuple[object, str]]:
    """(handle, label) of every symbol :func:`draw_map` uses."""

    def marker(shape: str, face: str, edge: str = "black", size: float = 6) -> Line2D:
        return Line2D([], [], ls="none", marker=shape, ms=size, mfc=face, mec=edge, mew=0.5)

    def t(key: str) -> str:
        return pick(MAPDRAW_TEXT[key], lang)

    entries: list[tuple[object, str]] = [
        (marker("s", COLOURS["point"], size=7), t("point")),
        (marker("s", COLOURS["point_down"], size=7), t("point_down")),
        (marker("o", COLOURS["water"], "white"), t("water")),
        (marker("o", "white", COLOURS["water"]), t("water_down")),
    ]
    entries += [
        (marker("^", cls.colour), f"{t('premises')}: {cls.label(lang)}")
        for cls in RISK_CLASSES.values()
    ]
    if detail:
        entries += [
            (marker("o", COLOURS["in_group"], "none", 4), t("in_group")),
            (marker("o", COLOURS["no_group"], "none", 4), t("no_group")),
            (Patch(fc=COLOURS["reach"], alpha=0.6), t("reach")),
        ]
    entries += [
        (Patch(fc=COLOURS["pocket"], alpha=0.3), t("pocket")),
        (Line2D([], [], color=COLOURS["deep_alley"], lw=2.2), t("deep_alley")),
        (Line2D([], [], color=COLOURS["group"], lw=0.8, ls=(0, (3, 3))), t("group")),
        (Line2D([], [], color=COLOURS["boundary"], lw=1.4, ls=(0, (8, 4))), t("boundary")),
        (Patch(fc="#c6e2f5", ec="#2b8cbe"), t("water_body")),
    ]
    entries += [
        (
            Line2D([], [], color=cls.colour, lw=max(cls.weight * 0.45, 0.8), ls=_dash(cls)),
            pick((cls.vi, cls.en), lang),
        )
        for _, cls in data.road_classes
    ]
    return entries


def draw_legend(
    ax: Axes, data: MapData, lang: str, *, detail: bool = True, ncol: int = 1, size: float = 7
) -> None:
    entries = legend_entries(data, lang, detail=detail)
    ax.axis("off")
    ax.legend(
        [h for h, _ in entries],
        [label for _, label in entries],
        loc="upper left",
        ncol=ncol,
        fontsize=size,
        frameon=False,
        title=pick(MAPDRAW_TEXT["legend"], lang),
        title_fontsize=size + 1.5,
        alignment="left",
        handlelength=2.4,
    )


def ward_map_png(data: MapData, lang: str, *, dpi: int = 150, detail: bool = True) -> bytes:
    """The ward on one picture (16 × 13 cm): its map, the tổ dân phố named, legend, scale bar
    and north arrow, as PNG bytes (for the report)."""
    fig = Figure(figsize=(16 / 2.54, 13 / 2.54))
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0.0, 0.0, 0.68, 1.0])
    draw_map(ax, data, data.extent(), detail=detail)
    label_groups(ax, data, size=5.5)
    scale_bar(ax, lang)
    north_arrow(ax, lang)
    draw_legend(fig.add_axes([0.69, 0.0, 0.31, 1.0]), data, lang, detail=detail, size=5.5)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


def risk_map_png(data: MapData, density: gpd.GeoDataFrame, lang: str, *, dpi: int = 150) -> bytes:
    """The risk map (16 × 13 cm): hexagons shaded by their high-risk features, the premises by
    risk class and the beyond-reach pockets, as PNG bytes."""
    fig = Figure(figsize=(16 / 2.54, 13 / 2.54))
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0.0, 0.0, 0.68, 1.0])
    draw_map(ax, data, data.extent(), detail=False)
    if len(density):
        hexes = metric_geometry(density, data.crs).to_numpy()
        high = density["high_risk"].to_numpy(dtype=float)
        patches = polygon_patches(hexes, cmap="OrRd", alpha=0.55, zorder=2, ec="none")
        if patches is not None:
            patches.set_array(high)
            ax.add_collection(patches)
            bar = fig.colorbar(patches, ax=ax, shrink=0.5, location="left", pad=0.01)
            bar.set_label(pick(MAPDRAW_TEXT["hex_high"], lang), fontsize=6)
            bar.ax.tick_params(labelsize=6)
    scale_bar(ax, lang)
    north_arrow(ax, lang)
    draw_legend(fig.add_axes([0.69, 0.0, 0.31, 1.0]), data, lang, detail=False, size=5.5)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()
