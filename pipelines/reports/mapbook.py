"""The map book: a cover, the ward overview, then one page per tổ dân phố, as one PDF.

Each tổ dân phố page shows its map — premises by risk class, public points and their reach,
households in or out of a tổ liên gia, water sources, deep alleys trucks cannot enter and the
pockets beyond hose reach, from the network analysis the dashboard computes — with the rest of
the ward veiled around it, a legend, a scale bar, a north arrow, the date and a table of its
figures (:func:`group_figures`). Drawn with matplotlib (:mod:`pipelines.reports.mapdraw`,
shared with the review report), fonts embedded as TrueType (DejaVu Sans, every Vietnamese
glyph), A4 or A3 landscape.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import matplotlib
import numpy as np
import pandas as pd
import shapely
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from pipelines.model.store import Ward
from pipelines.network.analysis import WardAnalysis
from pipelines.network.risk import HIGH_CLASSES
from pipelines.reports.mapdraw import (
    COLOURS,
    MapData,
    draw_legend,
    draw_map,
    label_groups,
    line_parts,
    map_data,
    north_arrow,
    plain,
    polygon_patches,
    scale_bar,
)
from pipelines.text.formats import check_lang, format_date, format_number, format_percent
from pipelines.text.labels import pick
from pipelines.text.labels_reports import MAPBOOK_TEXT

PAPERS_MM = {"a4": (297.0, 210.0), "a3": (420.0, 297.0)}  # landscape width, height
FIGURE_KEYS = (
    "households",
    "in_group",
    "points",
    "water",
    "premises",
    "high_risk",
    "violations",
    "deep_alleys",
    "beyond",
    "uncovered",
)
Progress = Callable[[int, int], None]
FONTTYPE = 42


def _t(key: str, lang: str, **values: object) -> str:
    text = pick(MAPBOOK_TEXT[key], lang)
    return text.format(**values) if values else text


def _count_in(polygons: np.ndarray, xy: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """How many of the points ``xy`` (where ``mask``) fall in each polygon."""
    out = np.zeros(len(polygons), dtype=int)
    ok = np.isfinite(xy).all(axis=1) if len(xy) else np.zeros(0, bool)
    if mask is not None:
        ok &= mask
    for i, poly in enumerate(polygons):
        if poly is not None and len(xy):
            out[i] = int(shapely.contains_xy(poly, xy[ok, 0], xy[ok, 1]).sum())
    return out


def _masks(analysis: WardAnalysis) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The households and the premises each figure counts (one boolean array per figure)."""
    h, p = analysis.households, analysis.premises

    def flag(frame: pd.DataFrame, column: str) -> np.ndarray:
        return frame[column].fillna(False).to_numpy(bool) if len(frame) else np.zeros(0, bool)

    open_ = p["open_violations"].fillna(0).to_numpy() > 0 if len(p) else np.zeros(0, bool)
    deadline = pd.to_datetime(p["violation_deadline"]) if len(p) else pd.Series(dtype="M8[ns]")
    households = {
        "households": np.ones(len(h), bool),
        "in_group": flag(h, "in_safety_group"),
        "beyond": ~flag(h, "within_hose_reach"),
        "uncovered": ~flag(h, "has_public_point"),
    }
    premises = {
        "premises": np.ones(len(p), bool),
        "high_risk": p["risk_class"].isin(HIGH_CLASSES).to_numpy(bool) if len(p) else open_,
        "violations": open_,
        "overdue": open_ & (deadline < pd.Timestamp(analysis.today)).to_numpy(),
    }
    return households, premises


def group_figures(analysis: WardAnalysis, data: MapData) -> pd.DataFrame:
    """One row per tổ dân phố (``group_id``, ``group_name``) with the book's figures.

    Households and premises count by their ``residential_group_id``; water sources, public
    points and deep alleys by the tổ dân phố polygon that holds (or crosses) them.
    Columns: ``households``, ``in_group``, ``points_working``, ``points``, ``water_usable``,
    ``water``, ``premises``, ``high_risk``, ``violations``, ``overdue``, ``deep_alleys``,
    ``beyond`` (households beyond hose reach), ``uncovered`` (no public point in reach).
    """
    ids = data.group_ids

    def per_group(frame: pd.DataFrame, mask: np.ndarray) -> np.ndarray:
        if not len(frame):
            return np.zeros(len(ids), dtype=int)
        sub = frame["residential_group_id"].astype(object)[mask]
        return sub.value_counts().reindex(ids, fill_value=0).to_numpy(dtype=int)

    households, premises = _masks(analysis)
    polygons, alleys = data.groups, data.deep_alleys
    crossing = [
        int(shapely.intersects(poly, alleys).sum()) if poly is not None and len(alleys) else 0
        for poly in polygons
    ]
    columns = {k: per_group(analysis.households, m) for k, m in households.items()}
    columns |= {k: per_group(analysis.premises, m) for k, m in premises.items()}
    columns |= {
        "points_working": _count_in(polygons, data.points_xy, data.points_working),
        "points": _count_in(polygons, data.points_xy),
        "water_usable": _count_in(polygons, data.water_xy, data.water_usable),
        "water": _count_in(polygons, data.water_xy),
        "deep_alleys": np.array(crossing, dtype=int),
    }
    return pd.DataFrame({"group_id": ids, "group_name": data.group_names, **columns})


def ward_figures(analysis: WardAnalysis, data: MapData) -> pd.Series:
    """The book's figures for the whole ward (the columns of :func:`group_figures`), counted
    over every feature — those outside any tổ dân phố too."""
    households, premises = _masks(analysis)
    values = {k: int(m.sum()) for k, m in (households | premises).items()}
    values |= {
        "points_working": int(data.points_working.sum()),
        "points": len(data.points_xy),
        "water_usable": int(data.water_usable.sum()),
        "water": len(data.water_xy),
        "deep_alleys": len(data.deep_alleys),
    }
    return pd.Series(values)


def _figure_rows(row: pd.Series, lang: str) -> list[tuple[str, str]]:
    n = lambda v: format_number(v, lang)  # noqa: E731
    share = row["in_group"] / row["households"] if row["households"] else None
    values = {
        "households": n(row["households"]),
        "in_group": f"{n(row['in_group'])} ({format_percent(share, lang)})",
        "points": f"{n(row['points_working'])} / {n(row['points'])}",
        "water": f"{n(row['water_usable'])} / {n(row['water'])}",
        "premises": n(row["premises"]),
        "high_risk": n(row["high_risk"]),
        "violations": f"{n(row['violations'])} ({n(row['overdue'])})",
        "deep_alleys": n(row["deep_alleys"]),
        "beyond": n(row["beyond"]),
        "uncovered": n(row["uncovered"]),
    }
    return [(_t(k, lang), values[k]) for k in FIGURE_KEYS]


def _figures_table(ax, rows: list[tuple[str, str]], lang: str, size: float) -> None:
    ax.axis("off")
    ax.set_title(_t("figures", lang), loc="left", fontsize=size + 2, weight="bold")
    table = ax.table(
        cellText=[list(r) for r in rows], colWidths=[0.7, 0.3], loc="upper left", cellLoc="left"
    )
    table.auto_set_font_size(False)
    table.set_fontsize(size)
    table.scale(1, 1.35)
    for (_, col), cell in table.get_celld().items():
        cell.set_linewidth(0.3)
        if col == 1:
            cell.set_text_props(ha="right")


def _page(paper: str) -> Figure:
    w, h = PAPERS_MM[paper]
    return Figure(figsize=(w / 25.4, h / 25.4))


def _header(fig: Figure, title: str, subtitle: str, size: float) -> None:
    fig.text(0.03, 0.965, plain(title), fontsize=size + 6, weight="bold", va="top")
    fig.text(0.03, 0.925, plain(subtitle), fontsize=size + 1, va="top", color="#444444")


def _cover(ward: Ward, figures: pd.DataFrame, today: dt.date, paper: str, lang: str) -> Figure:
    fig = _page(paper)
    scale = 1.0 if paper == "a4" else 1.35
    fig.text(0.5, 0.78, _t("title", lang), fontsize=26 * scale, weight="bold", ha="center")
    fig.text(0.5, 0.71, plain(ward.name), fontsize=20 * scale, ha="center")
    fig.text(0.5, 0.66, _t("subtitle", lang), fontsize=14 * scale, ha="center", style="italic")
    if ward.config.ward.province:
        fig.text(0.5, 0.62, plain(ward.config.ward.province), fontsize=13 * scale, ha="center")
    fig.text(
        0.5, 0.56, _t("made", lang, date=format_date(today, lang)), fontsize=12 * scale, ha="center"
    )
    lines = [f"{_t('page', lang, n=2)} — {_t('overview', lang)}"]
    lines += [
        f"{_t('page', lang, n=i)} — {plain(name)}"
        for i, name in enumerate(figures["group_name"], start=3)
    ]
    if not len(figures):
        lines.append(_t("no_groups", lang))
    columns = max(1, (len(lines) + 29) // 30)
    fig.text(0.1, 0.48, _t("contents", lang), fontsize=12 * scale, weight="bold")
    per = (len(lines) + columns - 1) // columns
    for c in range(columns):
        chunk = lines[c * per : (c + 1) * per]
        fig.text(
            0.1 + c * 0.8 / columns,
            0.45,
            "\n".join(chunk),
            fontsize=min(9, 300 / max(per, 1)) * scale,
            va="top",
            linespacing=1.4,
        )
    if ward.config.ward.synthetic:
        fig.text(0.5, 0.04, _t("synthetic", lang), fontsize=9 * scale, ha="center", color="#b30000")
    return fig


def _map_page(
    data: MapData,
    extent: tuple[float, ...],
    title: str,
    subtitle: str,
    rows: list[tuple[str, str]],
    paper: str,
    lang: str,
    *,
    detail: bool,
    focus: object = None,
) -> Figure:
    fig = _page(paper)
    size = 7.5 if paper == "a4" else 10
    _header(fig, title, subtitle, size)
    ax = fig.add_axes([0.03, 0.04, 0.62, 0.84])
    draw_map(ax, data, extent, detail=detail)
    if focus is not None:  # veil the rest of the ward, outline the tổ dân phố
        veil = polygon_patches(
            np.array([shapely.box(*extent).difference(focus)]),
            fc="white",
            ec="none",
            alpha=0.55,
            zorder=9.5,
        )
        if veil is not None:
            ax.add_collection(veil)
        ax.add_collection(
            LineCollection(
                line_parts(np.array([focus])), colors=COLOURS["group"], linewidths=2.0, zorder=9.6
            )
        )
    else:
        label_groups(ax, data, size=size)
    scale_bar(ax, lang)
    north_arrow(ax, lang)
    _figures_table(fig.add_axes([0.67, 0.56, 0.32, 0.32]), rows, lang, size)
    draw_legend(fig.add_axes([0.68, 0.02, 0.3, 0.5]), data, lang, detail=detail, size=size - 0.5)
    return fig


def mapbook_pdf(
    ward: Ward,
    analysis: WardAnalysis,
    *,
    paper: str = "a4",
    lang: str = "vi",
    today: dt.date | None = None,
    on_page: Progress | None = None,
) -> bytes:
    """Draw the map book of ``ward`` and return the PDF's bytes.

    Parameters
    ----------
    ward, analysis
        The ward and its network analysis (:func:`pipelines.network.analysis.analyze_ward`).
    paper
        {"a4", "a3"}, landscape.
    lang
        {"vi", "en"}.
    today
        The date printed on every page (default: the current date).
    on_page
        Called with (pages done, pages in all) after each page, for a progress bar.
    """
    check_lang(lang)
    if paper not in PAPERS_MM:
        raise ValueError(f"'paper' should be one of 'a4' or 'a3', got '{paper}' instead")
    today = dt.date.today() if today is None else today
    data = map_data(ward, analysis)
    figures = group_figures(analysis, data)
    total = 2 + len(figures)
    date = _t("date", lang, date=format_date(today, lang))
    out = io.BytesIO()
    style = {"pdf.fonttype": FONTTYPE, "font.family": "DejaVu Sans", "svg.fonttype": "none"}
    with matplotlib.rc_context(style), PdfPages(out, metadata={"Title": _t("title", lang)}) as pdf:
        pages = [lambda: _cover(ward, figures, today, paper, lang)]
        detail = len(analysis.households) < 20000
        pages.append(
            lambda: _map_page(
                data,
                data.extent(),
                _t("overview", lang),
                f"{plain(ward.name)} · {date}",
                _figure_rows(ward_figures(analysis, data), lang),
                paper,
                lang,
                detail=detail,
            )
        )
        for i in range(len(figures)):
            pages.append(lambda i=i: _group_page(ward, data, figures.iloc[i], i, date, paper, lang))
        for done, make in enumerate(pages, start=1):
            pdf.savefig(make())
            if on_page is not None:
                on_page(done, total)
    return out.getvalue()


def _group_page(
    ward: Ward, data: MapData, row: pd.Series, i: int, date: str, paper: str, lang: str
) -> Figure:
    polygon = data.groups[i]
    has_shape = polygon is not None and not shapely.is_empty(polygon)
    extent = data.extent(np.array([polygon]), pad=0.08) if has_shape else data.extent()
    title = _t("group_page", lang, name=row["group_name"])
    return _map_page(
        data,
        extent,
        title,
        f"{plain(ward.name)} · {date}",
        _figure_rows(row, lang),
        paper,
        lang,
        detail=True,
        focus=polygon if has_shape else None,
    )
