"""Write a point-planner proposal: GeoJSON, KML, XLSX tables and the printable map (PNG, PDF).

Each proposed point comes with its coordinates (WGS 84, EPSG:4326), the alley or road it
stands on, the nearest address, its tổ dân phố, and the households and premises within its
service radius — all of them, and those not covered by an existing working point today
(*newly covered*). :data:`OUTPUT_FORMATS` maps a file suffix to its writer; the CLI
(``pccc plan --out FILE``) and the dashboard's downloads both go through
:func:`write_proposal` or :func:`proposal_bytes`.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import geopandas as gpd
import pandas as pd

from pipelines.model import tables
from pipelines.model.errors import InputFileError
from pipelines.model.files import atomic_write
from pipelines.model.store import Ward
from pipelines.model.tables import Sheet
from pipelines.planning.candidates import SITE_SOURCES
from pipelines.planning.demand import demand_notice
from pipelines.planning.printmap import proposal_map_bytes
from pipelines.planning.problem import PlanningProblem
from pipelines.planning.scenarios import (
    Scenario,
    WhatIf,
    compare_scenarios,
    format_comparison,
    proposal_points,
    rule_table,
)
from pipelines.text.formats import check_lang
from pipelines.text.labels import (
    PLAN_CURRENT_NAME,
    PLAN_FIGURE_HEADER,
    PLAN_KML_TITLE,
    PLAN_POINT_COLUMNS,
    PLAN_PROPOSAL_NAME,
    PLAN_RULE_COLUMNS,
    PLAN_SHEETS,
    pick,
    pick_table,
)


def proposal_table(
    problem: PlanningProblem, scenario: Scenario, *, lang: str = "vi"
) -> gpd.GeoDataFrame:
    """Return the proposed points with the columns of :data:`PLAN_POINT_COLUMNS` (keys as names).

    Sources are labelled in ``lang`` and tổ dân phố ids replaced by their names; geometry is
    the position on the road (EPSG:4326), numbered from 1 in the order of the scenario.
    """
    check_lang(lang)
    points = proposal_points(problem, scenario)
    groups = dict(zip(problem.groups_metric["id"], problem.groups_metric["name"], strict=False))
    source_labels = {k: v[1] if lang == "vi" else v[2] for k, v in SITE_SOURCES.items()}
    out = points.assign(
        number=range(1, len(points) + 1),
        source=points["source"].map(source_labels),
        residential_group=points["residential_group_id"].map(groups),
        lon=points["lon"].round(7),
        lat=points["lat"].round(7),
    )
    return gpd.GeoDataFrame(out[list(PLAN_POINT_COLUMNS)], geometry=out.geometry, crs=out.crs)


def _labelled(frame: pd.DataFrame, columns: dict[str, tuple[str, str]], lang: str) -> pd.DataFrame:
    return frame[list(columns)].rename(columns=pick_table(columns, lang))


def write_geojson(
    problem: PlanningProblem, scenario: Scenario, path: Path, *, lang: str, ward: Ward | None
) -> None:
    """GeoJSON (RFC 7946, WGS 84) with the column keys of :data:`PLAN_POINT_COLUMNS`."""
    table = proposal_table(problem, scenario, lang=lang)
    text = table.to_json(drop_id=True, ensure_ascii=False, na="null")
    atomic_write(path, json.dumps(json.loads(text), ensure_ascii=False, indent=1).encode())


def write_kml(
    problem: PlanningProblem, scenario: Scenario, path: Path, *, lang: str, ward: Ward | None
) -> None:
    """KML 2.2 for Google Earth or phones: one placemark per point, labelled data."""
    atomic_write(path, kml_text(problem, scenario, lang=lang).encode("utf-8"))


def kml_text(problem: PlanningProblem, scenario: Scenario, *, lang: str = "vi") -> str:
    """Return the proposal as a KML document (every value XML-escaped)."""
    table = proposal_table(problem, scenario, lang=lang)
    labels = pick_table(PLAN_POINT_COLUMNS, lang)
    title = pick(PLAN_KML_TITLE, lang)
    marks = []
    for row in table.drop(columns="geometry").to_dict("records"):
        data = "".join(
            f"<Data name={quoteattr(key)}><displayName>{escape(labels[key])}</displayName>"
            f"<value>{escape(_text(value))}</value></Data>"
            for key, value in row.items()
        )
        name = f"{row['number']}. {row['id']} — {_text(row['road_name'])}"
        marks.append(
            "<Placemark>"
            f"<name>{escape(name)}</name>"
            "<styleUrl>#new-point</styleUrl>"
            f"<ExtendedData>{data}</ExtendedData>"
            f"<Point><coordinates>{row['lon']:.7f},{row['lat']:.7f},0</coordinates></Point>"
            "</Placemark>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<name>{escape(title)}</name>"
        '<Style id="new-point"><IconStyle><color>ff0000d7</color><scale>1.2</scale>'
        "</IconStyle></Style>" + "".join(marks) + "</Document></kml>\n"
    )


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def write_xlsx(
    problem: PlanningProblem, scenario: Scenario, path: Path, *, lang: str, ward: Ward | None
) -> None:
    """XLSX with three sheets: the points, current vs proposal figures, and the rule check."""
    atomic_write(path, xlsx_bytes(problem, scenario, lang=lang))


def xlsx_bytes(problem: PlanningProblem, scenario: Scenario, *, lang: str = "vi") -> bytes:
    """Return the XLSX workbook of :func:`write_xlsx` as bytes."""
    table = proposal_table(problem, scenario, lang=lang).drop(columns="geometry")
    current = Scenario(pick(PLAN_CURRENT_NAME, lang))
    named = Scenario(pick(PLAN_PROPOSAL_NAME, lang), scenario.chosen, scenario.added)
    comparison = format_comparison(compare_scenarios(problem, [current, named]), lang)
    rules = rule_table(problem, WhatIf(problem, scenario), lang)
    labels = pick_table(PLAN_POINT_COLUMNS, lang)
    sheets = [
        Sheet(
            _labelled(table, PLAN_POINT_COLUMNS, lang),
            name=pick(PLAN_SHEETS["points"], lang),
            decimals={labels["lon"]: 7, labels["lat"]: 7},
        ),
        Sheet(
            comparison.rename_axis(pick(PLAN_FIGURE_HEADER, lang)),
            name=pick(PLAN_SHEETS["comparison"], lang),
            index=True,
        ),
        Sheet(
            _labelled(rules, PLAN_RULE_COLUMNS, lang),
            name=pick(PLAN_SHEETS["rules"], lang),
            decimals={pick(PLAN_RULE_COLUMNS["depth_m"], lang): 0},
        ),
    ]
    notice = demand_notice(problem, lang)
    if notice:  # households estimated from buildings, or sited by the rule alone
        header = pick(PLAN_SHEETS["notes"], lang)
        sheets.append(Sheet(pd.DataFrame({header: [notice]}), name=header))
    return tables.xlsx_bytes(sheets, lang=lang)


def write_png(
    problem: PlanningProblem, scenario: Scenario, path: Path, *, lang: str, ward: Ward | None
) -> None:
    """The printable proposal map, A4 PNG at 200 dpi."""
    _write_map(problem, scenario, path, lang=lang, ward=ward, fmt="png")


def write_pdf(
    problem: PlanningProblem, scenario: Scenario, path: Path, *, lang: str, ward: Ward | None
) -> None:
    """The printable proposal map, A4 PDF (vector)."""
    _write_map(problem, scenario, path, lang=lang, ward=ward, fmt="pdf")


def _write_map(
    problem: PlanningProblem,
    scenario: Scenario,
    path: Path,
    *,
    lang: str,
    ward: Ward | None,
    fmt: str,
) -> None:
    if ward is None:
        raise ValueError("'ward' is needed to draw the proposal map, got None instead")
    atomic_write(path, proposal_map_bytes(ward, problem, scenario, fmt=fmt, lang=lang))


Writer = Callable[..., None]

OUTPUT_FORMATS: dict[str, Writer] = {
    ".geojson": write_geojson,
    ".json": write_geojson,
    ".kml": write_kml,
    ".xlsx": write_xlsx,
    ".png": write_png,
    ".pdf": write_pdf,
}


def write_proposal(
    problem: PlanningProblem,
    scenario: Scenario,
    path: str | Path,
    *,
    ward: Ward | None = None,
    lang: str = "vi",
) -> Path:
    """Write a proposal in the format its suffix names (:data:`OUTPUT_FORMATS`).

    ``ward`` is needed for the printable map (``.png``, ``.pdf``). The file is written to a
    temporary name and renamed, so a reader never sees half a file.

    Raises
    ------
    InputFileError
        The suffix is not one of :data:`OUTPUT_FORMATS`.
    """
    path = Path(path)
    writer = OUTPUT_FORMATS.get(path.suffix.lower())
    if writer is None:
        raise InputFileError(
            f"Không ghi được loại tệp '{path.suffix}'; dùng một trong: {', '.join(OUTPUT_FORMATS)}",
            f"'out' should end with one of {', '.join(OUTPUT_FORMATS)}, "
            f"got '{path.suffix}' instead",
        )
    check_lang(lang)
    writer(problem, scenario, path, lang=lang, ward=ward)
    return path


def proposal_bytes(
    problem: PlanningProblem,
    scenario: Scenario,
    suffix: str,
    *,
    ward: Ward | None = None,
    lang: str = "vi",
) -> bytes:
    """Return a proposal file's content for a download button (format by ``suffix``)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_proposal(
            problem, scenario, Path(tmp) / f"de-xuat{suffix}", ward=ward, lang=lang
        )
        return path.read_bytes()
