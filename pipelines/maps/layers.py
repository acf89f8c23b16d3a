"""Turn ward layers into compact, escaped GeoJSON for the web map, and filter it.

Work is split so that the expensive part runs once per data version and language:
:func:`prepare_layers` formats every feature once (labels, Vietnamese numbers and dates,
HTML-escaped values, a style index) into one JSON string per feature, and
:func:`select_layers` applies the user's filters by masking those strings, which is cheap
enough to run on every filter change.

Each feature's properties are ``{"k": style index, "t": tooltip, "p": [popup values]}``;
the layer carries its style table and popup labels once. Every value that comes from user
data is HTML-escaped here, and the final JSON is made safe to embed in a ``<script>``.
"""

from __future__ import annotations

import dataclasses
import html
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import shapely

from pipelines.maps import styles
from pipelines.maps.territories import safety_group_territories
from pipelines.model.schema import EQUIPMENT_STATUS, PREMISES_CATEGORY, get_layer
from pipelines.model.store import Ward
from pipelines.text.formats import format_date, format_number, yes_no
from pipelines.text.labels import ADDRESS_PLACED_LABEL, MAP_FILTER_LABELS, pick, pick_table

MarkerKind = Literal["circle", "icon", "path"]
# How a point was placed and its estimated error, shown in every point layer's popup.
PLACEMENT_FIELDS = ("location_source", "location_error_m")

# Layers in drawing order (bottom first) and whether they are shown when the map opens.
MAP_LAYERS: tuple[tuple[str, bool], ...] = (
    ("ward_boundary", True),
    ("residential_groups", True),
    ("water_bodies", True),
    ("buildings", True),
    ("roads", True),
    ("safety_groups", True),
    ("households", True),
    ("incidents", True),
    ("barriers", True),
    ("water_sources", True),
    ("premises", True),
    ("firefighting_points", True),
)


@dataclass(frozen=True)
class MapTheme:
    """A way of reading the map: which layers it opens with (all stay in the layer control)."""

    key: str
    vi: str
    en: str
    shown: frozenset[str]

    def label(self, lang: str = "vi") -> str:
        return self.vi if lang == "vi" else self.en


_FRAME = frozenset({"ward_boundary", "residential_groups", "water_bodies"})
MAP_THEMES: tuple[MapTheme, ...] = (
    MapTheme(
        "current",
        "Hiện trạng",
        "Current state",
        _FRAME
        | {
            "buildings",
            "roads",
            "safety_groups",
            "households",
            "incidents",
            "barriers",
            "water_sources",
            "premises",
            "firefighting_points",
        },
    ),
    MapTheme(
        "risk",
        "Nguy cơ cháy",
        "Fire risk",
        _FRAME
        | {
            "risk_density",
            "beyond_reach",
            "truck_access",
            "incidents",
            "risk_premises",
            "firefighting_points",
        },
    ),
    MapTheme(
        "coverage",
        "Phủ điểm chữa cháy, nguồn nước",
        "Point and water coverage",
        _FRAME
        | {
            "beyond_reach",
            "truck_access",
            "coverage",
            "water_sources",
            "firefighting_points",
            "barriers",
        },
    ),
)
MAP_THEME_BY_KEY: dict[str, MapTheme] = {theme.key: theme for theme in MAP_THEMES}


def apply_theme(layers: Sequence[MapLayer], theme: MapTheme) -> list[MapLayer]:
    """Return ``layers`` opening as ``theme`` says (layers it does not name start hidden)."""
    return [dataclasses.replace(layer, show=layer.key in theme.shown) for layer in layers]


@dataclass(frozen=True)
class MapFilter:
    """What the user chose to see. Empty tuples mean "all"."""

    categories: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    violations_only: bool = False


def describe_filter(flt: MapFilter, ward: Ward, lang: str = "vi") -> str:
    """Say in words which features a map filter keeps ("Loại hình: Karaoke…; Tổ dân phố: …")."""
    words = pick_table(MAP_FILTER_LABELS, lang)
    groups = dict(
        zip(ward["residential_groups"]["id"], ward["residential_groups"]["name"], strict=True)
    )
    parts = []
    if flt.categories:
        names = ", ".join(PREMISES_CATEGORY.label(c, lang) for c in flt.categories)
        parts.append(f"{words['categories']}: {names}")
    if flt.groups:
        parts.append(f"{words['groups']}: {', '.join(str(groups.get(g, g)) for g in flt.groups)}")
    if flt.statuses:
        names = ", ".join(EQUIPMENT_STATUS.label(c, lang) for c in flt.statuses)
        parts.append(f"{words['statuses']}: {names}")
    if flt.violations_only:
        parts.append(words["violations_only"])
    return "; ".join(parts) if parts else words["none"]


@dataclass(frozen=True)
class FeatureTable:
    """Features formatted once: their JSON text and the index of their style."""

    json: np.ndarray
    style_index: np.ndarray


@dataclass(frozen=True)
class PreparedLayer:
    """One layer, formatted once: a JSON string per feature plus the columns filters use."""

    key: str
    label: str
    marker: MarkerKind
    styles: tuple[dict, ...]
    style_labels: tuple[tuple[str, ...], ...]
    fields: tuple[str, ...]
    features: FeatureTable
    filter_columns: pd.DataFrame
    show: bool = True

    def __post_init__(self) -> None:
        # Each style names the legend entries it counts towards; a bare label is one entry.
        labels = tuple((x,) if isinstance(x, str) else tuple(x) for x in self.style_labels)
        object.__setattr__(self, "style_labels", labels)


@dataclass(frozen=True)
class MapLayer:
    """A filtered layer ready for the map: a FeatureCollection as script-safe JSON text."""

    key: str
    label: str
    marker: MarkerKind
    styles: tuple[dict, ...]
    style_labels: tuple[tuple[str, ...], ...]
    fields: tuple[str, ...]
    geojson: str
    count: int
    style_counts: tuple[int, ...]
    show: bool = True


def script_safe(text: str) -> str:
    """Escape ``<``, ``>`` and ``&`` in JSON text so it can sit inside a ``<script>``."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _esc(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if v is None or v is pd.NA or v != v else html.escape(str(v)))


def _fmt_number(values: pd.Series, lang: str, decimals: int = 0, unit: str = "") -> pd.Series:
    suffix = f" {unit}" if unit else ""
    text = values.map(
        lambda v: (
            ""
            if v is None or v is pd.NA or v != v
            else format_number(v, lang, decimals=decimals) + suffix
        )
    )
    return text.astype(object)  # text even for an empty layer (joined with other text)


def _fmt_date(values: pd.Series, lang: str) -> pd.Series:
    return values.map(lambda v: "" if v is pd.NaT or v is None or v != v else format_date(v, lang))


def _fmt_bool(values: pd.Series, lang: str) -> pd.Series:
    return values.map(lambda v: "" if v is None or v is pd.NA else yes_no(bool(v), lang))


def _fmt_enum(values: pd.Series, layer: str, name: str, lang: str) -> pd.Series:
    enum = get_layer(layer).field(name).enum
    assert enum is not None
    labels = enum.labels(lang)
    return values.map(
        lambda v: "" if v is None or v is pd.NA else html.escape(labels.get(v, str(v)))
    )


def _column(frame: pd.DataFrame, layer: str, name: str, lang: str) -> pd.Series:
    """Format one schema field for display, by its kind (a lookup, not a chain of cases)."""
    f = get_layer(layer).field(name)
    values = frame[name]
    formatters: dict[str, Callable[[], pd.Series]] = {
        "str": lambda: _esc(values),
        "time": lambda: _esc(values),
        "int": lambda: _fmt_number(values, lang, 0, f.unit),
        "float": lambda: _fmt_number(values, lang, 1 if name.endswith("_m") else 0, f.unit),
        "bool": lambda: _fmt_bool(values, lang),
        "date": lambda: _fmt_date(values, lang),
        "enum": lambda: _fmt_enum(values, layer, name, lang),
    }
    return formatters[f.kind]()


def _rounded_geojson(geoms: np.ndarray) -> np.ndarray:
    rounded = shapely.transform(geoms, lambda xy: np.round(xy, 6))
    return shapely.to_geojson(rounded)


def _features(
    geoms: np.ndarray,
    style_index: np.ndarray,
    tooltip: pd.Series,
    popup: pd.DataFrame,
    ids: pd.Series | None = None,
) -> FeatureTable:
    """Each feature as GeoJSON text; ``ids`` (the features' ids, as stored) go in ``"i"``
    for the popup's link to the feature's history (the map script escapes them)."""
    geo = _rounded_geojson(geoms)
    values = popup.to_numpy(dtype=object)
    tips = tooltip.to_numpy(dtype=object)
    keys = None if ids is None else ids.astype(object).where(ids.notna(), "").to_numpy()
    out = np.empty(len(geo), dtype=object)
    for i in range(len(geo)):
        feature = {"k": int(style_index[i]), "t": tips[i], "p": list(values[i])}
        if keys is not None:
            feature["i"] = str(keys[i])
        props = json.dumps(feature, ensure_ascii=False)
        out[i] = f'{{"type":"Feature","geometry":{geo[i]},"properties":{props}}}'
    return FeatureTable(out, np.asarray(style_index, dtype=int))


def _group_names(ward: Ward) -> dict[str, str]:
    groups = ward["residential_groups"]
    return dict(zip(groups["id"], groups["name"], strict=True))


def _lookup(values: pd.Series, table: Mapping[str, str]) -> pd.Series:
    return _esc(values.map(lambda v: table.get(v, v) if isinstance(v, str) else v))


def _popup(
    frame: pd.DataFrame, layer: str, names: Sequence[str], lang: str
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    schema = get_layer(layer)
    columns = {n: _column(frame, layer, n, lang) for n in names}
    labels = tuple(html.escape(schema.field(n).label(lang)) for n in names)
    return pd.DataFrame(columns, index=frame.index), labels


def _filters(frame: pd.DataFrame, **columns: pd.Series | None) -> pd.DataFrame:
    n = len(frame)
    base = {
        "category": pd.Series([None] * n, index=frame.index, dtype=object),
        "group": pd.Series([None] * n, index=frame.index, dtype=object),
        "status": pd.Series([None] * n, index=frame.index, dtype=object),
        "violation": pd.Series([False] * n, index=frame.index, dtype=bool),
    }
    for key, col in columns.items():
        if col is not None:
            base[key] = col
    return pd.DataFrame(base).reset_index(drop=True)


def _premises(ward: Ward, lang: str) -> PreparedLayer:
    frame = ward["premises"]
    fields_ = (
        "name", "category", "address", "residential_group_id", "floors", "floor_area_m2",
        "occupants", "management_level", "last_inspection", "inspection_result",
        "open_violations", "violation_deadline", "construction_electrical_violation",
        "violation_note", "contact_person", "contact_phone", *PLACEMENT_FIELDS,
    )  # fmt: skip
    popup, labels = _popup(frame, "premises", fields_, lang)
    popup["residential_group_id"] = _lookup(frame["residential_group_id"], _group_names(ward))
    cats = list(styles.CATEGORY_COLOURS)
    violating = (frame["open_violations"].fillna(0) > 0) | frame[
        "construction_electrical_violation"
    ].fillna(False).astype(bool)
    cat_idx = (
        frame["category"].map({c: i for i, c in enumerate(cats)}).fillna(len(cats) - 1).astype(int)
    )
    by_address = styles.placed_by_address(frame["location_source"])
    # Address-placed styles come after the others, categories reversed, so the legend's
    # dashed-outline entry is drawn with the neutral "other" fill and listed last.
    n_cats = len(cats)
    plain = cat_idx * 2 + violating.astype(int)
    placed_index = 2 * n_cats + (n_cats - 1 - cat_idx) * 2 + violating.astype(int)
    style_index = np.where(by_address, placed_index, plain).astype(int)
    style_table: list[dict] = []
    style_labels: list[tuple[str, ...]] = []
    enum = get_layer("premises").field("category").enum
    assert enum is not None
    violation_label = (
        "Viền đỏ: có vi phạm chưa khắc phục / vi phạm xây dựng, điện"
        if lang == "vi"
        else "Red ring: open violations / construction or electrical violation"
    )
    address_label = html.escape(pick(ADDRESS_PLACED_LABEL, lang))
    for placed, order in ((False, cats), (True, cats[::-1])):
        for c in order:
            for bad in (False, True):
                style = {
                    "radius": 6 if bad else 5,
                    "color": styles.VIOLATION_STROKE if bad else styles.NO_VIOLATION_STROKE,
                    "weight": 3 if bad else 1,
                    "fillColor": styles.CATEGORY_COLOURS[c],
                    "fillOpacity": 0.95,
                }
                style_table.append({**style, **styles.ADDRESS_PLACED_STROKE} if placed else style)
                # legend: every premises counts in its category, violating ones also in the
                # ring entry, address-placed ones also in the dashed-outline entry
                labels_ = [html.escape(enum.label(c, lang))]
                labels_ += [violation_label] if bad else []
                labels_ += [address_label] if placed else []
                style_labels.append(tuple(labels_))
    tooltip = (
        _esc(frame["name"]) + " — " + _fmt_enum(frame["category"], "premises", "category", lang)
    )
    return PreparedLayer(
        "premises",
        get_layer("premises").label(lang),
        "circle",
        tuple(style_table),
        tuple(style_labels),
        labels,
        _features(frame.geometry.to_numpy(), style_index, tooltip, popup, frame["id"]),
        _filters(
            frame,
            category=frame["category"].astype(object),
            group=frame["residential_group_id"].astype(object),
            violation=violating.astype(bool),
        ),
    )


def _households(ward: Ward, lang: str) -> PreparedLayer:
    frame = ward["households"]
    names = (
        "address",
        "residential_group_id",
        "members",
        "is_business",
        "business_type",
        "safety_group_id",
        *PLACEMENT_FIELDS,
    )
    popup, labels = _popup(frame, "households", names, lang)
    popup["residential_group_id"] = _lookup(frame["residential_group_id"], _group_names(ward))
    sg = ward["safety_groups"]
    popup["safety_group_id"] = _lookup(
        frame["safety_group_id"], dict(zip(sg["id"], sg["name"], strict=True))
    )
    in_group = frame["safety_group_id"].notna().to_numpy()
    style_index = np.where(in_group, 0, 1)
    label_in = "Thuộc tổ liên gia" if lang == "vi" else "In a safety group"
    label_out = "Chưa thuộc tổ liên gia" if lang == "vi" else "Not in a safety group"
    return PreparedLayer(
        "households",
        get_layer("households").label(lang),
        "circle",
        (styles.HOUSEHOLD_STYLES["in_group"], styles.HOUSEHOLD_STYLES["no_group"]),
        (label_in, label_out),
        labels,
        _features(
            frame.geometry.to_numpy(), style_index, _esc(frame["address"]), popup, frame["id"]
        ),
        _filters(frame, group=frame["residential_group_id"].astype(object)),
    )


def _points(ward: Ward, lang: str) -> PreparedLayer:
    frame = ward["firefighting_points"]
    names = (
        "name", "address", "residential_group_id", "status", "extinguishers_powder",
        "extinguishers_co2", "crowbars", "hammers", "cutters", "installed", "last_check",
        "responsible_person", "responsible_phone", *PLACEMENT_FIELDS,
    )  # fmt: skip
    popup, labels = _popup(frame, "firefighting_points", names, lang)
    popup["residential_group_id"] = _lookup(frame["residential_group_id"], _group_names(ward))
    statuses = list(styles.STATUS_COLOURS)
    enum = get_layer("firefighting_points").field("status").enum
    assert enum is not None
    style_index = (
        frame["status"].map({s: i for i, s in enumerate(statuses)}).fillna(0).astype(int).to_numpy()
    )
    table = tuple({"className": f"pccc-fp pccc-fp-{s}", "html": "+"} for s in statuses)
    tooltip = (
        _esc(frame["name"])
        + " — "
        + _fmt_enum(frame["status"], "firefighting_points", "status", lang)
    )
    return PreparedLayer(
        "firefighting_points",
        get_layer("firefighting_points").label(lang),
        "icon",
        table,
        tuple(html.escape(enum.label(s, lang)) for s in statuses),
        labels,
        _features(frame.geometry.to_numpy(), style_index, tooltip, popup, frame["id"]),
        _filters(
            frame,
            group=frame["residential_group_id"].astype(object),
            status=frame["status"].astype(object),
        ),
    )


def _water_sources(ward: Ward, lang: str) -> PreparedLayer:
    frame = ward["water_sources"]
    names = (
        "name",
        "kind",
        "status",
        "capacity_m3",
        "flow_lps",
        "truck_accessible",
        "address",
        "last_check",
        *PLACEMENT_FIELDS,
    )
    popup, labels = _popup(frame, "water_sources", names, lang)
    kinds = list(styles.WATER_SOURCE_SYMBOLS)
    statuses = list(styles.STATUS_COLOURS)
    kind_idx = frame["kind"].map({k: i for i, k in enumerate(kinds)}).fillna(0).astype(int)
    status_idx = frame["status"].map({s: i for i, s in enumerate(statuses)}).fillna(0).astype(int)
    style_index = (kind_idx * len(statuses) + status_idx).to_numpy()
    kind_enum = get_layer("water_sources").field("kind").enum
    status_enum = get_layer("water_sources").field("status").enum
    assert kind_enum is not None and status_enum is not None
    table = []
    table_labels = []
    for k in kinds:
        for s in statuses:
            table.append(
                {
                    "className": f"pccc-ws pccc-ws-{k} pccc-st-{s}",
                    "html": styles.WATER_SOURCE_SYMBOLS[k],
                }
            )
            # legend: every source counts in its kind, degraded ones also in their status
            kind_label = html.escape(kind_enum.label(k, lang))
            status_label = html.escape(status_enum.label(s, lang))
            table_labels.append((kind_label,) if s == "working" else (kind_label, status_label))
    tooltip = _fmt_enum(frame["kind"], "water_sources", "kind", lang) + " " + _esc(frame["name"])
    return PreparedLayer(
        "water_sources",
        get_layer("water_sources").label(lang),
        "icon",
        tuple(table),
        tuple(table_labels),
        labels,
        _features(frame.geometry.to_numpy(), style_index, tooltip, popup, frame["id"]),
        _filters(frame, status=frame["status"].astype(object)),
    )


def _roads(ward: Ward, lang: str) -> PreparedLayer:
    frame = ward["roads"]
    names = ("name", "kind", "width_m", "clearance_m")
    popup, labels = _popup(frame, "roads", names, lang)
    classes = styles.road_classes(ward.config.thresholds.truck_min_width_m)
    bounds = np.array([lo for lo, _ in classes])
    widths = frame["width_m"].fillna(0).to_numpy(dtype=float)
    # classes are widest first: the first bound a width reaches is its class
    style_index = np.argmax(widths[:, None] >= bounds[None, :], axis=1)
    table = tuple(
        {"color": c.colour, "weight": c.weight, "dashArray": c.dash, "opacity": 0.95}
        for _, c in classes
    )
    tooltip = (
        _esc(frame["name"].fillna("")) + " (" + _fmt_number(frame["width_m"], lang, 1, "m") + ")"
    )
    return PreparedLayer(
        "roads",
        get_layer("roads").label(lang),
        "path",
        table,
        tuple(html.escape(c.vi if lang == "vi" else c.en) for _, c in classes),
        labels,
        _features(frame.geometry.to_numpy(), style_index, tooltip, popup, frame["id"]),
        _filters(frame),
    )


def _simple(
    ward: Ward, layer: str, names: Sequence[str], style: dict, tooltip_field: str, lang: str,
    marker: MarkerKind = "path", group_column: str | None = None,
) -> PreparedLayer:  # fmt: skip
    frame = ward[layer]
    popup, labels = _popup(frame, layer, names, lang)
    if "residential_group_id" in names:
        popup["residential_group_id"] = _lookup(frame["residential_group_id"], _group_names(ward))
    tooltip = _column(frame, layer, tooltip_field, lang)
    return PreparedLayer(
        layer,
        get_layer(layer).label(lang),
        marker,
        (style,),
        (html.escape(get_layer(layer).label(lang)),),
        labels,
        _features(
            frame.geometry.to_numpy(), np.zeros(len(frame), int), tooltip, popup, frame["id"]
        ),
        _filters(frame, group=frame[group_column].astype(object) if group_column else None),
    )


def _territories(ward: Ward, lang: str) -> PreparedLayer:
    terr = safety_group_territories(ward)
    names = ("name", "leader", "phone", "established", "linked_alarm")
    popup, labels = _popup(terr, "safety_groups", names, lang)
    members_label = "Số hộ" if lang == "vi" else "Households"
    popup["members"] = _fmt_number(terr["households"], lang)
    labels = (*labels, members_label)
    return PreparedLayer(
        "safety_groups",
        get_layer("safety_groups").label(lang),
        "path",
        (styles.TERRITORY_STYLE,),
        (html.escape(get_layer("safety_groups").label(lang)),),
        labels,
        _features(
            terr.geometry.to_numpy(),
            np.zeros(len(terr), int),
            _esc(terr["name"]),
            popup,
            terr["id"],
        ),
        _filters(terr, group=terr["residential_group_id"].astype(object)),
    )


def prepare_layers(ward: Ward, lang: str = "vi") -> dict[str, PreparedLayer]:
    """Format every map layer of ``ward`` once, in ``lang`` ({"vi", "en"})."""
    builders: dict[str, Callable[[], PreparedLayer]] = {
        "ward_boundary": lambda: _simple(ward, "ward_boundary", ("name",), styles.BOUNDARY_STYLE, "name", lang),
        "residential_groups": lambda: _simple(
            ward, "residential_groups", ("name", "leader", "phone"), styles.GROUP_STYLE, "name", lang,
            group_column="id",
        ),
        "water_bodies": lambda: _simple(ward, "water_bodies", ("name", "kind"), styles.WATER_BODY_STYLE, "kind", lang),
        "buildings": lambda: _simple(ward, "buildings", ("name", "levels", "use"), styles.BUILDING_STYLE, "name", lang),
        "roads": lambda: _roads(ward, lang),
        "safety_groups": lambda: _territories(ward, lang),
        "households": lambda: _households(ward, lang),
        "incidents": lambda: _simple(
            ward, "incidents", ("date", "address", "cause", "deaths", "injuries", "damage_vnd", "description"),
            styles.INCIDENT_ICON, "date", lang, marker="icon",
        ),
        "barriers": lambda: _simple(
            ward, "barriers", ("kind", "clearance_m", "width_m", "closed_from", "closed_to", "note"),
            styles.BARRIER_STYLE, "kind", lang, marker="circle",
        ),
        "water_sources": lambda: _water_sources(ward, lang),
        "premises": lambda: _premises(ward, lang),
        "firefighting_points": lambda: _points(ward, lang),
    }  # fmt: skip
    out = {}
    for key, show in MAP_LAYERS:
        prepared = builders[key]()
        out[key] = PreparedLayer(**{**prepared.__dict__, "show": show})
    return out


def _mask(columns: pd.DataFrame, flt: MapFilter, key: str) -> np.ndarray:
    mask = np.ones(len(columns), dtype=bool)
    if flt.categories and key == "premises":
        mask &= columns["category"].isin(flt.categories).to_numpy()
    if flt.groups and columns["group"].notna().any():
        mask &= columns["group"].isin(flt.groups).to_numpy()
    if flt.statuses and columns["status"].notna().any():
        mask &= columns["status"].isin(flt.statuses).to_numpy()
    if flt.violations_only and key == "premises":
        mask &= columns["violation"].to_numpy()
    return mask


def masked_layer(layer: PreparedLayer, mask: np.ndarray, *, show: bool | None = None) -> MapLayer:
    """Keep the features of ``layer`` where ``mask`` is true: a map layer with its counts."""
    chosen = layer.features.json[mask]
    style_counts = np.bincount(layer.features.style_index[mask], minlength=len(layer.styles))
    text = '{"type":"FeatureCollection","features":[' + ",".join(chosen) + "]}"
    return MapLayer(
        key=layer.key,
        label=layer.label,
        marker=layer.marker,
        styles=layer.styles,
        style_labels=layer.style_labels,
        fields=layer.fields,
        geojson=script_safe(text),
        count=int(mask.sum()),
        style_counts=tuple(int(c) for c in style_counts),
        show=layer.show if show is None else show,
    )


def select_layers(prepared: Mapping[str, PreparedLayer], flt: MapFilter) -> list[MapLayer]:
    """Apply ``flt`` to prepared layers; return them in drawing order with their counts."""
    return [
        masked_layer(layer, _mask(layer.filter_columns, flt, key))
        for key, layer in prepared.items()
    ]


def ward_bounds(ward: Ward) -> list[list[float]]:
    """Return ``[[south, west], [north, east]]`` of the ward (boundary, else all features)."""
    frames = [ward["ward_boundary"]] if len(ward["ward_boundary"]) else list(ward.layers.values())
    geoms = np.concatenate([f.geometry.to_numpy() for f in frames]) if frames else np.array([])
    geoms = geoms[~shapely.is_missing(geoms)] if len(geoms) else geoms
    if len(geoms) == 0:
        return [[8.3, 102.1], [23.4, 109.5]]  # Vietnam, when the ward has no data yet
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    return [[float(y0), float(x0)], [float(y1), float(x1)]]


def layer_counts(layers: Sequence[MapLayer]) -> dict[str, int]:
    return {layer.key: layer.count for layer in layers}


# The feature being edited, drawn over everything (Chỉnh sửa bản đồ).
HIGHLIGHT_POINT_STYLE = {
    "radius": 11,
    "color": "#b00020",
    "weight": 4,
    "fillColor": "#ffeb3b",
    "fillOpacity": 0.9,
}
HIGHLIGHT_PATH_STYLE = {"color": "#b00020", "weight": 6, "opacity": 0.9, "fillOpacity": 0.15}


def highlight_layer(geoms: Sequence[shapely.Geometry], label: str) -> MapLayer:
    """The features being edited (a point ringed in red, a line or area outlined)."""
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    point = bool(geoms) and geoms[0].geom_type == "Point"
    style = HIGHLIGHT_POINT_STYLE if point else HIGHLIGHT_PATH_STYLE
    tip = html.escape(label)
    features = [
        f'{{"type":"Feature","geometry":{geo},"properties":{json.dumps({"k": 0, "t": tip, "p": []})}}}'
        for geo in _rounded_geojson(np.array(geoms, dtype=object))
    ]
    text = '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
    return MapLayer(
        key="edit_chosen",
        label=tip,
        marker="circle" if point else "path",
        styles=(style,),
        style_labels=((tip,),),
        fields=(),
        geojson=script_safe(text),
        count=len(features),
        style_counts=(len(features),),
    )
