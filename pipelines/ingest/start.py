"""Start a ward from public data: its boundary from any file, then OpenStreetMap in one step.

:func:`read_boundary` reads the boundary from any file the import reads (GeoJSON, GPKG,
KML, zipped Shapefile, an OSM ``boundary=administrative`` relation) or from the dvhcvn
JSON format, and picks one feature of a multi-feature file by name (without diacritics or
case). :func:`boundary_warnings` says what needs the user's confirmation (a polygon larger
than ``[ingest] max_boundary_km2``, a boundary already stored). :func:`start_ward` creates
the ward folder (or uses the existing one), writes the boundary and imports the OSM file
into roads, buildings, water bodies, water sources and premises candidates, each layer
through the normal import (every row stored or rejected, one store change per layer under
the ward's lock), and returns a :class:`StartSummary`: counts per layer and what each page
can now show or still lacks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import shapely.geometry

from pipelines.ingest import headers
from pipelines.ingest.pipeline import ImportOptions, commit_import, prepare_import
from pipelines.ingest.read import Source, load_bytes, read_table
from pipelines.ingest.source import Note, ReadOptions
from pipelines.model import store
from pipelines.model.errors import InputFileError
from pipelines.model.settings import WardConfig, load_config
from pipelines.text.formats import format_number
from pipelines.text.labels import (
    WARD_START_LAYERS,
    pick,
)

OSM_LAYERS = tuple(WARD_START_LAYERS)


@dataclass(frozen=True)
class Boundary:
    """The chosen boundary polygon (EPSG:4326), its name and area, and the file's names."""

    geometry: shapely.Geometry
    name: str
    area_km2: float
    names: tuple[str, ...]


@dataclass(frozen=True)
class LayerOutcome:
    """One layer of the OSM step: rows stored and rejected, notes on what was skipped."""

    layer: str
    stored: int
    rejected: int
    notes: tuple[Note, ...] = ()
    error: str | None = None


@dataclass
class StartSummary:
    """What :func:`start_ward` did (what each page can now show is
    :func:`pipelines.reports.missing.page_lines`)."""

    ward_dir: Path
    boundary: Boundary | None
    layers: list[LayerOutcome] = field(default_factory=list)

    def layer_lines(self, lang: str = "vi") -> list[str]:
        lines = []
        for o in self.layers:
            label = pick(WARD_START_LAYERS[o.layer], lang)
            if o.error:
                lines.append(f"{label}: {o.error}")
                continue
            stored, rejected = format_number(o.stored, lang), format_number(o.rejected, lang)
            word = ("đã lưu", "bị loại") if lang == "vi" else ("stored", "rejected")
            lines.append(f"{label}: {word[0]} {stored}, {word[1]} {rejected}")
        return lines


# --- Boundary -------------------------------------------------------------------------------


def _dvhcvn(doc: object) -> list[tuple[str, shapely.Geometry]] | None:
    """Units of the dvhcvn JSON format (``level1_id``, ``level2s``/``level3s``), else ``None``."""
    if not isinstance(doc, dict) or "level1_id" not in doc:
        return None
    units = []
    for unit in [doc, *doc.get("level2s", []), *doc.get("level3s", [])]:
        for sub in [unit, *unit.get("level3s", [])] if unit is not doc else [unit]:
            if sub.get("coordinates") and sub.get("type"):
                geom = shapely.geometry.shape(
                    {"type": sub["type"], "coordinates": sub["coordinates"]}
                )
                units.append((str(sub.get("name", "")), geom))
    return list(dict(units).items())


def _features(name: str, data: bytes) -> list[tuple[str, shapely.Geometry]]:
    """(name, polygon in EPSG:4326) of every feature of a boundary file."""
    if data.lstrip()[:1] == b"{":
        try:
            units = _dvhcvn(json.loads(data))
        except (json.JSONDecodeError, UnicodeDecodeError):
            units = None
        if units is not None:
            return units
    table = read_table(name, data, ReadOptions(layer="ward_boundary"))
    frame = table.frame
    if table.osm:
        from pipelines.ingest.osm import osm_to_layer

        frame, _ = osm_to_layer(frame, "ward_boundary", WardConfig().ingest)
        names = frame["name"]
    else:
        matches = headers.match_columns(frame.columns, "ward_boundary")
        column = next((m.column for m in matches if m.target == "name"), None)
        if column is None:
            text = [c for c in frame.columns if frame[c].dtype == object]
            column = text[0] if text else None
        names = frame[column] if column is not None else None
    geoms = gpd.GeoSeries(np.asarray(table.geometry, dtype=object), crs=table.crs or "EPSG:4326")
    if geoms.crs is not None and geoms.crs.to_epsg() != 4326:
        geoms = geoms.to_crs("EPSG:4326")
    out = []
    for i, geom in enumerate(geoms):
        if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        label = names.iloc[i] if names is not None else None
        out.append((str(label) if isinstance(label, str) and label else f"#{i + 1}", geom))
    return out


def boundary_names(source: Source) -> list[str]:
    """The names of the areas (polygons) in a boundary file, in file order."""
    name, data = load_bytes(source)
    return [n for n, _ in _features(name, data)]


def read_boundary(
    source: Source, feature: str | None = None, *, crs_metric: str = "EPSG:3405"
) -> Boundary:
    """The boundary polygon of a file: its only feature, or the one named ``feature``.

    Raises
    ------
    InputFileError
        No polygon in the file; several and no ``feature``; ``feature`` matches none or
        several (the message lists the names).
    """
    name, data = load_bytes(source)
    units = _features(name, data)
    if not units:
        raise InputFileError(
            f"Tệp {name} không có vùng (polygon) nào làm ranh giới",
            f"{name} holds no polygon to use as a boundary",
        )
    names = tuple(n for n, _ in units)
    listed = "; ".join(names[:40]) + (" …" if len(names) > 40 else "")
    if feature is None and len(units) > 1:
        raise InputFileError(
            f"Tệp {name} có {len(units)} vùng: chọn một bằng tên (--feature): {listed}",
            f"{name} holds {len(units)} areas: choose one by name (--feature): {listed}",
        )
    if feature is not None:
        want = headers.fold(feature)
        hits = [u for u in units if headers.fold(u[0]) == want]
        if not hits:
            hits = [u for u in units if want and want in headers.fold(u[0])]
        if len(hits) != 1:
            why = (
                ("không khớp vùng nào", "matches none")
                if not hits
                else ("khớp nhiều vùng", "matches several")
            )
            raise InputFileError(
                f"Tên '{feature}' {why[0]} trong {name}; các vùng: {listed}",
                f"'{feature}' {why[1]} of the areas in {name}: {listed}",
            )
        units = hits
    label, geom = units[0]
    area = float(gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(crs_metric).area.iloc[0]) / 1e6
    return Boundary(geometry=geom, name=label, area_km2=area, names=names)


def boundary_warnings(ward_dir: Path | None, boundary: Boundary, config: WardConfig) -> list[Note]:
    """What the user must confirm before the boundary is written (empty: nothing)."""
    notes = []
    limit = config.ingest.max_boundary_km2
    if boundary.area_km2 > limit:
        area_vi, area_en = (
            format_number(boundary.area_km2, "vi", decimals=1),
            format_number(boundary.area_km2, "en", decimals=1),
        )
        notes.append(
            Note(
                "boundary_large",
                f"Vùng '{boundary.name}' rộng {area_vi} km², lớn hơn {format_number(limit, 'vi')} km² "
                "([ingest] max_boundary_km2): có phải ranh giới quận, huyện?",
                f"Area '{boundary.name}' covers {area_en} km², more than "
                f"{format_number(limit, 'en')} km² ([ingest] max_boundary_km2): a district?",
            )
        )
    if ward_dir is not None and store.config_path(ward_dir).exists():
        stored = store.read_layer(ward_dir, "ward_boundary", validate=False)
        if len(stored):
            notes.append(
                Note(
                    "boundary_replace",
                    "Phường đã có ranh giới: ranh giới mới sẽ thay thế ranh giới cũ",
                    "The ward already has a boundary: the new one replaces it",
                )
            )
    return notes


def _write_boundary(ward_dir: Path, boundary: Boundary, ward_name: str) -> None:
    feature = {
        "type": "Feature",
        "properties": {"name": ward_name or boundary.name, "note": f"Nguồn: {boundary.name}"},
        "geometry": shapely.geometry.mapping(boundary.geometry),
    }
    doc = json.dumps({"type": "FeatureCollection", "features": [feature]}, ensure_ascii=False)
    preview = prepare_import(
        ("ranh_gioi.geojson", doc.encode("utf-8")), ward_dir, ImportOptions(layer="ward_boundary")
    )
    if preview.counts.rejected:
        reason = "; ".join(preview.rejects["Lý do"].astype(str).head(3))
        raise InputFileError(
            f"Ranh giới không dùng được: {reason}", f"the boundary cannot be used: {reason}"
        )
    commit_import(preview)


# --- OSM in one step ------------------------------------------------------------------------


def import_osm_layers(ward_dir: Path, source: Source) -> list[LayerOutcome]:
    """Import one OSM file into every layer it describes, each through the normal import."""
    name, data = load_bytes(source)
    outcomes = []
    for layer in OSM_LAYERS:
        try:
            preview = prepare_import((name, data), ward_dir, ImportOptions(layer=layer))
        except InputFileError as exc:
            outcomes.append(LayerOutcome(layer, 0, 0, error=exc.message_vi))
            continue
        if not preview.osm:
            raise InputFileError(
                f"Tệp {name} không phải dữ liệu OpenStreetMap",
                f"{name} is not OpenStreetMap data",
            )
        c = preview.counts
        if c.rows_in:
            result = commit_import(preview, ward_dir)
            c = result.counts
        skipped = tuple(
            n
            for n in preview.notes
            if n.code.startswith("osm_")
            and n.code != "osm_filter"
            and (c.rows_in or n.code != "osm_status")
        )
        outcomes.append(LayerOutcome(layer, c.rows_in - c.rejected, c.rejected, skipped))
    return outcomes


def start_ward(
    ward_dir: str | Path,
    *,
    name: str,
    crs_metric: str = "EPSG:3405",
    province: str = "",
    boundary: Boundary | None = None,
    osm: Source | None = None,
    confirmed: bool = False,
) -> StartSummary:
    """Create (or reuse) a ward folder, write its boundary, import an OSM file in one step.

    Raises
    ------
    InputFileError
        The boundary needs confirmation (:func:`boundary_warnings`) and ``confirmed`` is
        false (nothing is written), or a file cannot be used.
    """
    ward_dir = Path(ward_dir)
    exists = store.config_path(ward_dir).exists()
    config = load_config(store.config_path(ward_dir)) if exists else WardConfig()
    if boundary is not None and not confirmed:
        warnings = boundary_warnings(ward_dir if exists else None, boundary, config)
        if warnings:
            raise InputFileError(
                " ".join(w.vi for w in warnings) + " — xác nhận để tiếp tục (--yes)",
                " ".join(w.en for w in warnings) + " — confirm to go on (--yes)",
            )
    if not exists:
        store.init_ward(ward_dir, name=name, crs_metric=crs_metric, province=province)
    elif name and name != config.ward.name:
        store.update_config(ward_dir, "ward", {"name": name}, based_on=config)
    if boundary is not None:
        _write_boundary(ward_dir, boundary, name)
    summary = StartSummary(ward_dir, boundary)
    if osm is not None:
        summary.layers = import_osm_layers(ward_dir, osm)
    return summary
