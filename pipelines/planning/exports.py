"""Write a point-planner proposal: GeoJSON, KML, XLSX tables and the printable map (PNG, PDF).

Each proposed point comes with its coordinates (WGS 84, EPSG:4326), the alley or road it
stands on, the nearest address, its tổ dân phố, and the households and premises within its
service radius — all of them, and those not covered by an existing working point today
(*newly covered*). :data:`OUTPUT_FORMATS` maps a file suffix to its writer; the CLI
(``pccc plan --out FILE``) and the dashboard's downloads both go through
:func:`write_proposal` or :func:`proposal_bytes`.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import geopandas as gpd
import pandas as pd

from pipelines.model.errors import InputFileError
from pipelines.model.store import Ward
from pipelines.planning.candidates import SITE_SOURCES
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

# Columns of an exported point: key → (Vietnamese, English).
POINT_COLUMNS: dict[str, tuple[str, str]] = {
    "number": ("STT", "No."),
    "id": ("Mã điểm", "Point id"),
    "source": ("Nguồn vị trí", "Site source"),
    "lon": ("Kinh độ", "Longitude"),
    "lat": ("Vĩ độ", "Latitude"),
    "road_name": ("Ngõ, đường", "Alley or road"),
    "near_address": ("Địa chỉ gần nhất", "Nearest address"),
    "residential_group": ("Tổ dân phố", "Residential group"),
    "households_new": ("Hộ được phủ thêm", "Households newly covered"),
    "premises_new": ("Cơ sở được phủ thêm", "Premises newly covered"),
    "high_risk_premises_new": (
        "Cơ sở nguy cơ cao được phủ thêm",
        "High-risk premises newly covered",
    ),
    "households": ("Hộ trong bán kính", "Households within the radius"),
    "premises": ("Cơ sở trong bán kính", "Premises within the radius"),
    "high_risk_premises": ("Cơ sở nguy cơ cao trong bán kính", "High-risk premises within"),
}

RULE_COLUMNS: dict[str, tuple[str, str]] = {
    "kind": ("Quy tắc", "Rule"),
    "name": ("Tên", "Name"),
    "depth_m": ("Độ sâu (m)", "Depth (m)"),
    "minimum": ("Số điểm cần", "Points required"),
    "existing": ("Điểm hiện có", "Existing points"),
    "count": ("Điểm sau đề xuất", "Points with the proposal"),
    "satisfied": ("Đạt", "Met"),
    "sites": ("Vị trí ứng viên", "Candidate sites"),
}

SHEETS: dict[str, tuple[str, str]] = {
    "points": ("Điểm đề xuất", "Proposed points"),
    "comparison": ("So sánh", "Comparison"),
    "rules": ("Quy tắc", "Rules"),
}

CURRENT_NAME: tuple[str, str] = ("Hiện trạng", "Current")
PROPOSAL_NAME: tuple[str, str] = ("Đề xuất", "Proposal")


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def proposal_table(
    problem: PlanningProblem, scenario: Scenario, *, lang: str = "vi"
) -> gpd.GeoDataFrame:
    """Return the proposed points with the columns of :data:`POINT_COLUMNS` (keys as names).

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
    return gpd.GeoDataFrame(out[list(POINT_COLUMNS)], geometry=out.geometry, crs=out.crs)


def _labelled(frame: pd.DataFrame, columns: dict[str, tuple[str, str]], lang: str) -> pd.DataFrame:
    return frame[list(columns)].rename(columns={k: _pick(v, lang) for k, v in columns.items()})


def write_geojson(
    problem: PlanningProblem, scenario: Scenario, path: Path, *, lang: str, ward: Ward | None
) -> None:
    """GeoJSON (RFC 7946, WGS 84) with the column keys of :data:`POINT_COLUMNS`."""
    table = proposal_table(problem, scenario, lang=lang)
    text = table.to_json(drop_id=True, ensure_ascii=False, na="null")
    _write_atomic(path, json.dumps(json.loads(text), ensure_ascii=False, indent=1).encode())


def write_kml(
    problem: PlanningProblem, scenario: Scenario, path: Path, *, lang: str, ward: Ward | None
) -> None:
    """KML 2.2 for Google Earth or phones: one placemark per point, labelled data."""
    _write_atomic(path, kml_text(problem, scenario, lang=lang).encode("utf-8"))


def kml_text(problem: PlanningProblem, scenario: Scenario, *, lang: str = "vi") -> str:
    """Return the proposal as a KML document (every value XML-escaped)."""
    table = proposal_table(problem, scenario, lang=lang)
    labels = {k: _pick(v, lang) for k, v in POINT_COLUMNS.items()}
    title = _pick(("Đề xuất điểm chữa cháy công cộng", "Proposed public firefighting points"), lang)
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
    _write_atomic(path, xlsx_bytes(problem, scenario, lang=lang))


def xlsx_bytes(problem: PlanningProblem, scenario: Scenario, *, lang: str = "vi") -> bytes:
    """Return the XLSX workbook of :func:`write_xlsx` as bytes."""
    table = proposal_table(problem, scenario, lang=lang).drop(columns="geometry")
    current = Scenario(_pick(CURRENT_NAME, lang))
    named = Scenario(_pick(PROPOSAL_NAME, lang), scenario.chosen, scenario.added)
    comparison = format_comparison(compare_scenarios(problem, [current, named]), lang)
    rules = rule_table(problem, WhatIf(problem, scenario), lang)
    yes_no = {True: "Có", False: "Không"} if lang == "vi" else {True: "Yes", False: "No"}
    rules = rules.assign(satisfied=rules["satisfied"].map(yes_no))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        sheets = {
            "points": _labelled(table, POINT_COLUMNS, lang),
            "comparison": comparison.rename_axis(_pick(("Chỉ tiêu", "Figure"), lang)),
            "rules": _labelled(rules, RULE_COLUMNS, lang),
        }
        for key, frame in sheets.items():
            name = _pick(SHEETS[key], lang)
            frame.to_excel(writer, sheet_name=name, index=key == "comparison")
            sheet = writer.sheets[name]
            sheet.freeze_panes(1, 0)
            sheet.set_column(0, max(len(frame.columns), 1), 18)
    return buffer.getvalue()


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
    _write_atomic(path, proposal_map_bytes(ward, problem, scenario, fmt=fmt, lang=lang))


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


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
