"""Folium map builders: an offline base map plus one GeoJSON layer per ward layer.

Leaflet and our own script/stylesheet come from the app (``dashboard/static``), never from a
CDN: in ``"url"`` mode through Streamlit's static file serving, in ``"inline"`` mode as
``data:`` URLs (for saved HTML maps and when static serving is off). No base map tiles are
requested unless the ward configured a tile URL.
"""

from __future__ import annotations

import base64
import collections
import contextlib
import datetime as dt
import hashlib
import html
import json
import os
import re
import threading
import time
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from dashboard.texts import t
from pipelines.maps.layers import MapLayer
from pipelines.model.files import atomic_write
from pipelines.model.schema import LAYER_NAMES
from pipelines.text.formats import format_date, format_number
from pipelines.text.labels import MAP_FILTER_LABELS, pick

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
LEAFLET_DIR = "vendor/leaflet-1.9.4"
STATIC_URL_PREFIX = "/app/static"
DRAW_DIR = "vendor/leaflet-draw-1.0.4"
HISTORY_PAGE = "lich-su-thay-doi"  # the audit page's url path (dashboard/navigation.py)

AssetMode = Literal["url", "inline"]

_JS_FILES = (("leaflet", f"{LEAFLET_DIR}/leaflet.js"), ("pccc_map", "pccc-map.js"))
_CSS_FILES = (("leaflet_css", f"{LEAFLET_DIR}/leaflet.css"), ("pccc_map_css", "pccc-map.css"))


def _data_url(path: Path, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@cache
def _inline_css(relative: str) -> str:
    """Return a stylesheet as a data URL with its relative image URLs inlined too."""
    path = STATIC_DIR / relative
    text = path.read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        target = (path.parent / match.group(1)).resolve()
        return f"url({_data_url(target, 'image/png')})"

    text = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, text)
    return "data:text/css;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


@cache
def asset_links(mode: AssetMode, prefix: str = STATIC_URL_PREFIX) -> tuple[tuple, tuple]:
    """Return (js, css) lists of (name, url) for folium's ``default_js``/``default_css``."""
    if mode == "url":
        js = tuple((name, f"{prefix}/{rel}") for name, rel in _JS_FILES)
        css = tuple((name, f"{prefix}/{rel}") for name, rel in _CSS_FILES)
        return js, css
    if mode == "inline":
        js = tuple((n, _data_url(STATIC_DIR / rel, "text/javascript")) for n, rel in _JS_FILES)
        css = tuple((n, _inline_css(rel)) for n, rel in _CSS_FILES)
        return js, css
    raise ValueError(f"'mode' should be one of 'url' or 'inline', got '{mode}' instead")


class _Text(Element):
    """Rendered text as it is: what branca's ``MacroElement.render`` adds to the figure,
    without compiling it as a Jinja template first (branca does, for every element)."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs: object) -> str:
        return self._text


class _Macro(MacroElement):
    """A macro element rendered without a template compile per element (see :class:`_Text`);
    a tenth of a map's page run went to those compiles (py-spy, one viewer)."""

    def render(self, **kwargs: object) -> None:
        figure = self.get_root()
        module = self._template.module.__dict__
        for part, section in (("header", figure.header), ("html", figure.html)):
            if part in module:
                section.add_child(_Text(module[part](self, kwargs)), name=self.get_name())
        if "script" in module:
            figure.script.add_child(_Text(module["script"](self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class _Layer(_Macro):
    """One ward layer drawn by ``pcccLayer`` (dashboard/static/pccc-map.js).

    ``source`` is either the GeoJSON itself (inline) or the URL of a published copy, which the
    browser fetches once and keeps, with the Leaflet layers built from it, across reruns.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = pcccLayer({{ this.source }}, {{ this.spec }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        layer: MapLayer,
        *,
        publish: Path | None = None,
        theme: str = "",
        history: dict | None = None,
        passive: bool = False,
    ):
        super().__init__()
        self._name = "PcccLayer"
        spec = _spec_json(layer, theme, history, passive)
        if publish is None:
            self.source = layer.geojson
        else:
            self.source = _script_json(_publish(publish, layer.geojson, spec))
        self.spec = spec


def _spec_json(
    layer: MapLayer, theme: str, history: dict | None = None, passive: bool = False
) -> str:
    spec = {**_layer_spec(layer), "show": layer.show, "theme": theme}
    if passive:
        spec["passive"] = True
    if history is not None and layer.key in LAYER_NAMES:
        spec["history"] = {**history, "layer": layer.key}
    return _script_json(spec)


def history_link(lang: str) -> dict | None:
    """What a popup needs to link to its feature's history: the page's path and the link's
    text (``None`` when the dashboard has no such page)."""
    import streamlit as st

    from dashboard.navigation import PAGES

    if not any(url == HISTORY_PAGE for *_, url in PAGES):
        return None
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    path = f"/{base}/{HISTORY_PAGE}" if base else f"/{HISTORY_PAGE}"
    return {"path": path, "label": html.escape(t("map_history_link", lang))}


# Layers drawn under everything else on the canvas, so that they never hide the road
# classes: 6,943 household dots on the sample ward.
BELOW_LAYERS = frozenset({"households"})


def _layer_spec(layer: MapLayer) -> dict:
    spec = {
        "key": layer.key,
        "label": html.escape(layer.label),
        "marker": layer.marker,
        "styles": list(layer.styles),
        "fields": list(layer.fields),
    }
    if layer.key in BELOW_LAYERS:
        spec["below"] = True
    return spec


PUBLISH_DIR = STATIC_DIR / "layers"
# Every published layer's content once, beside (never under) the static folder: each
# session's folder holds hard links to it, so twenty viewers share one copy on disk.
POOL_DIR = STATIC_DIR.parent / ".layer-pool"
PUBLISH_KEEP_S = 24 * 3600
PUBLISH_MAX_BYTES = 512 * 1024 * 1024
SWEEP_EVERY_S = 30.0  # a folder is swept at most this often
_SWEPT: dict[Path, float] = {}  # folder -> when it was last swept (time.monotonic())


def _publish(directory: Path, geojson: str, spec: str) -> str:
    """Publish a layer's GeoJSON under a name made of its content hash; return its URL.

    The same content always gets the same URL, so the browser reuses what it has already
    fetched and built; only layers whose content changed (a filter, an edit) travel again.
    The content is written once, atomically (:func:`pipelines.model.files.atomic_write`),
    to the pool (:data:`POOL_DIR`); ``directory`` gets a hard link to it (a copy where the
    file system has no links). New files make the folders be swept (:func:`_sweep`, at
    most every :data:`SWEEP_EVERY_S`). Republishing the same content touches the file, so
    it counts as recently used.
    """
    name = f"{_digest(spec, geojson)}.json"
    target = directory / name
    if not target.exists():
        _link_from_pool(POOL_DIR / name, target, geojson)
        _sweep_soon(directory)
    else:
        with contextlib.suppress(OSError):  # swept by another server process meanwhile
            os.utime(target)
    return f"{_folder_url(directory)}{target.name}"


def _link_from_pool(pooled: Path, target: Path, geojson: str) -> None:
    # Made again from the cached layer whenever it is missing: not worth a disk flush.
    target.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        if not pooled.exists():
            atomic_write(pooled, geojson, durable=False)
            _sweep_soon(pooled.parent)
        try:
            os.link(pooled, target)
            return
        except FileExistsError:  # another run of the same session published it meanwhile
            return
        except FileNotFoundError:  # swept from the pool meanwhile: write it again
            continue
        except OSError:  # no hard links here (another file system): a copy of its own
            break
    atomic_write(target, geojson, durable=False)


def _sweep_soon(directory: Path) -> None:
    now = time.monotonic()
    if now - _SWEPT.get(directory, -SWEEP_EVERY_S) < SWEEP_EVERY_S:
        return
    _SWEPT[directory] = now
    _sweep(directory)


@lru_cache(maxsize=128)
def _digest(spec: str, geojson: str) -> str:
    """The content hash naming a published layer. Remembered: the cached layers are the
    same string objects on every page run (Python keeps a string's own hash), so a run
    no longer hashes megabytes of GeoJSON per layer."""
    return hashlib.sha256((spec + "\n" + geojson).encode("utf-8")).hexdigest()[:32]


def _sweep(
    directory: Path, *, keep_s: float = PUBLISH_KEEP_S, max_bytes: int = PUBLISH_MAX_BYTES
) -> list[Path]:
    """Remove published files older than ``keep_s`` or beyond ``max_bytes``; return them.

    Files are taken newest first (by modification time); a file goes when it is older than
    ``keep_s`` seconds or when it and the newer ones together exceed ``max_bytes``. The
    newest file always stays, whatever its size.
    """
    files = []
    for path in directory.glob("*.json"):
        with contextlib.suppress(OSError):
            stat = path.stat()
            files.append((stat.st_mtime, stat.st_size, path))
    files.sort(key=lambda f: f[0], reverse=True)
    now = time.time()
    total = 0
    removed = []
    for i, (mtime, size, path) in enumerate(files):
        total += size
        if i > 0 and (now - mtime > keep_s or total > max_bytes):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def publish_dir() -> Path | None:
    """The folder layer files are published to, or ``None`` when they cannot be."""
    return PUBLISH_DIR if os.access(STATIC_DIR, os.W_OK) else None


# A4 landscape (297 × 210 mm) less 8 mm margins: the map printed from the dashboard leaves
# room above it for the title, date and filters; the saved HTML map takes the whole page.
PRINT_MARGIN_MM = 8
PRINT_MAP_MM = (281, 150)
PRINT_STATIC_MAP_MM = (281, 194)


class _Setup(_Macro):
    """Fit the map to the ward and add what showing it needs (``pcccSetup`` in pccc-map.js):
    the full-screen button, presentation mode, the print layout."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        pcccSetup({{ this._parent.get_name() }}, {{ this.config }});
        {% endmacro %}
        """
    )

    def __init__(self, config: dict):
        super().__init__()
        self._name = "PcccSetup"
        self.config = _script_json(config)


class _MetricScale(_Macro):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, maxWidth: 160}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class _Legend(_Macro):
    """The legend, shown while its (hidden from the layer control) feature group is on the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        pcccLegend({{ this._parent.get_name() }}, {{ this.html }});
        {% endmacro %}
        """
    )

    def __init__(self, legend_html: str):
        super().__init__()
        self._name = "PcccLegend"
        self.html = _script_json(legend_html)


def _script_json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _swatch(layer: MapLayer, style: dict) -> str:
    if layer.marker == "icon":
        return (
            f'<span class="{html.escape(style["className"])}">{html.escape(style["html"])}</span>'
        )
    if layer.marker == "circle":
        return (
            f'<span class="sw dot" style="background:{style["fillColor"]};'
            f"border:{min(style.get('weight', 1), 3)}px "
            f'{"dashed" if style.get("dashArray") else "solid"} {style["color"]}"></span>'
        )
    if "fillColor" in style and style.get("fill", True):
        return (
            f'<span class="sw" style="background:{style["fillColor"]};'
            f'border:1px solid {style["color"]}"></span>'
        )
    dash = "dashed" if style.get("dashArray") else "solid"
    return f'<span class="sw line" style="border-top-color:{style["color"]};border-top-style:{dash}"></span>'


def legend_html(layers: Sequence[MapLayer], *, title: str, lang: str = "vi") -> str:
    """Build the legend: each symbol in use with its label and count (labels are escaped).

    Layers drawn with a single symbol come first, one line each; layers with several symbols
    (premises by category, roads by width, water sources by kind) follow under a heading.
    """
    single, multi = [], []
    for layer in layers:
        entries: dict[str, tuple[dict, int]] = {}
        for style, labels, n in zip(
            layer.styles, layer.style_labels, layer.style_counts, strict=True
        ):
            for label in labels:
                first, total = entries.get(label, (style, 0))
                entries[label] = (first, total + n)
        used = {label: v for label, v in entries.items() if v[1] > 0}
        if not used:
            continue
        # Each layer's part carries its key: the map script shows it only while the layer is on.
        section = f'<div data-layer="{html.escape(layer.key)}"'
        if len(entries) == 1:
            style, n = next(iter(used.values()))
            row = _legend_row(layer, style, html.escape(layer.label), n, lang)
            single.append(f"{section}>{row}</div>")
            continue
        rows = "".join(
            _legend_row(layer, style, label, n, lang) for label, (style, n) in used.items()
        )
        multi.append(f"{section}><h4>{html.escape(layer.label)}</h4>{rows}</div>")
    body = "".join(single) + "".join(multi)
    return (
        f"<details open><summary>{html.escape(title)}</summary>"
        f'<div class="pccc-legend-body">{body}</div></details>'
    )


def _legend_row(layer: MapLayer, style: dict, label: str, n: int, lang: str) -> str:
    return (
        f'<div class="row">{_swatch(layer, style)}<span>{label} '
        f'<span class="n">({format_number(n, lang)})</span></span></div>'
    )


def base_map(
    bounds: list[list[float]],
    *,
    assets: AssetMode = "url",
    tiles_url: str = "",
    tiles_attribution: str = "",
    height_px: int = 650,
    lang: str = "vi",
    presentation: bool = False,
    fill: bool = False,
    print_mm: tuple[float, float] = PRINT_MAP_MM,
) -> folium.Map:
    """Create the offline base map fitted to ``bounds`` ([[south, west], [north, east]]).

    With ``tiles_url`` empty no tile layer is added, so the map makes no request at all.
    Leaflet's control texts (zoom, layers, full screen) are in ``lang`` ({"vi", "en"}).
    The map opens fitted to the ward at a fractional zoom, clear of its controls; it has a
    full-screen button; ``presentation`` gives it larger type and a folded legend; ``fill``
    makes it as tall as its frame; printed, it is ``print_mm`` (width, height) in size.
    """
    js, css = asset_links(assets)

    (s, w), (n, e) = bounds
    fmap = folium.Map(
        location=[(s + n) / 2, (w + e) / 2],
        zoom_start=15,
        tiles=None,
        prefer_canvas=True,
        control_scale=False,
        height=height_px,
        max_zoom=21,
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    # Replace folium's CDN links (jQuery, Bootstrap, Font Awesome, Leaflet) by our own files.
    fmap.default_js = list(js)
    fmap.default_css = list(css)
    # Read by static/pccc-map.js when it loads (the header renders before the script links).
    controls = {
        "zoomIn": t("map_zoom_in", lang),
        "zoomOut": t("map_zoom_out", lang),
        "layers": t("map_layers", lang),
        "leaflet": t("map_leaflet", lang),
        "fullscreen": t("map_fullscreen", lang),
        "fullscreenExit": t("map_fullscreen_exit", lang),
    }
    fmap.get_root().header.add_child(
        Element(f"<script>window.pcccControlTexts = {_script_json(controls)};</script>"),
        name="pccc_controls",
    )
    if tiles_url:
        folium.TileLayer(
            tiles=tiles_url,
            attr=tiles_attribution or tiles_url,
            name="Bản đồ nền",
            max_zoom=21,
            max_native_zoom=19,
            overlay=False,
            control=False,
        ).add_to(fmap)
    _MetricScale().add_to(fmap)
    config = {
        "bounds": bounds,
        "presentation": presentation,
        "fill": fill,
        "printMm": list(print_mm),
    }
    _Setup(config).add_to(fmap)
    return fmap


def feature_groups(
    layers: Sequence[MapLayer],
    *,
    legend_title: str,
    lang: str = "vi",
    publish: Path | None = None,
    theme: str = "",
    history: dict | None = None,
    passive: bool = False,
) -> list[folium.FeatureGroup]:
    """Wrap each layer in a feature group named with its count, plus one for the legend.

    The layer control lists the layer groups; the legend group is not listed, so the legend
    stays while layers are switched, and is replaced with the layers when filters change.
    With ``publish`` (a folder under ``dashboard/static``) layer data goes out as files;
    with ``history`` (:func:`history_link`) each popup links to its feature's history;
    ``passive`` layers let the pointer through to the map (no popup, no tooltip).
    """
    groups = []
    for layer in layers:
        name = f"{layer.label} ({format_number(layer.count, lang)})"
        group = folium.FeatureGroup(name=html.escape(name), show=layer.show)
        _Layer(layer, publish=publish, theme=theme, history=history, passive=passive).add_to(group)
        groups.append(group)
    legend = folium.FeatureGroup(name="legend", control=False)
    _Legend(legend_html(layers, title=legend_title, lang=lang)).add_to(legend)
    groups.append(legend)
    return groups


def static_map_html(
    layers: Sequence[MapLayer],
    bounds: list[list[float]],
    *,
    legend_title: str,
    lang: str = "vi",
    tiles_url: str = "",
    tiles_attribution: str = "",
    title: str = "",
    details: Sequence[str] = (),
) -> str:
    """Render a self-contained HTML map (assets inlined) of ``layers``: opens with no server.

    ``title`` becomes the page title and, with the ``details`` lines (theme, filters in
    force, date), a box at the top left of the map, clear of the zoom buttons, the layer
    control and the legend. Every text is HTML-escaped.
    """
    fmap = base_map(
        bounds,
        assets="inline",
        tiles_url=tiles_url,
        tiles_attribution=tiles_attribution,
        lang=lang,
        fill=True,
        print_mm=PRINT_STATIC_MAP_MM,
    )
    if title:
        root = fmap.get_root()
        root.title = html.escape(title)
        lines = "".join(f"<div>{html.escape(line)}</div>" for line in details)
        root.html.add_child(
            Element(
                f'<div class="pccc-print-title"><strong>{html.escape(title)}</strong>{lines}</div>'
            )
        )
    for group in feature_groups(layers, legend_title=legend_title, lang=lang):
        group.add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)  # folded, so never under the legend
    return fmap.get_root().render()


def show_map(
    layers: Sequence[MapLayer],
    bounds: list[list[float]],
    *,
    key: str,
    legend_title: str,
    lang: str = "vi",
    tiles_url: str = "",
    tiles_attribution: str = "",
    height_px: int = 650,
    returned_objects: Sequence[str] = (),
    theme: str = "",
    print_title: str = "",
    print_details: Sequence[str] = (),
    print_alone: bool = False,
    window_offset_px: int | None = None,
    presentable: bool = True,
    draw: str | None = None,
    passive: bool = False,
) -> dict:
    """Draw ``layers`` with streamlit-folium; return only ``returned_objects`` of the map state.

    Showing: with ``window_offset_px`` the map is as tall as the window less that many
    pixels (at least ``MIN_HEIGHT_PX``), so a page shows the whole map on a projector; in
    presentation mode (:func:`presentation_mode`) it fills the screen. Printing: with
    ``print_title`` the page prints without the sidebar, the map whole on one A4 landscape
    page under the title, the ``print_details`` lines (the filters in force) and today's
    date; ``print_alone`` prints nothing else of the page. A map that is a tool rather than
    a picture (``presentable=False``: placing points by hand) has no presentation mode.
    With ``draw`` ({"Point", "LineString", "Polygon"}) the map has Leaflet.draw's tool for
    that kind of geometry (served from ``static/vendor``); ask for ``"last_active_drawing"``
    in ``returned_objects`` to receive what is drawn. ``passive`` layers let every click
    through to the map (no popup, no tooltip): a map to click a position on. Popups link
    to their feature's history (:func:`history_link`).

    The base map (tiles, extent, scale) stays the same across reruns, so the layers go in as
    dynamic feature groups: the browser swaps them without reloading the map, and pan or
    zoom never reruns the script (``returned_objects`` is empty by default). When Streamlit
    serves static files, layer data is published as content-addressed files and the browser
    keeps what it has: a filter that changes one layer moves and redraws only that layer.
    """
    import streamlit as st
    from streamlit_folium import st_folium

    from dashboard.access import layer_dir

    static = bool(st.get_option("server.enableStaticServing"))
    # Each tab's layers go to its own unguessable folder, removed at sign-out or expiry.
    publish = layer_dir() if static and publish_dir() is not None else None
    presentation = presentable and presentation_mode(lang)
    if print_title:
        made = f"{pick(MAP_FILTER_LABELS['made'], lang)}: {format_date(dt.date.today(), lang)}"
        st.html(print_head_html(print_title, (*print_details, made)))
    st.html(
        page_css(presentation=presentation, window_offset_px=window_offset_px, alone=print_alone)
    )
    history = history_link(lang)
    options = {
        "bounds": bounds,
        "assets": "url" if static else "inline",
        "tiles_url": tiles_url,
        "tiles_attribution": tiles_attribution,
        "height_px": height_px,
        "lang": lang,
        "presentation": presentation,
        "fill": presentation or window_offset_px is not None,
    }
    # What the map is made of, layers by content: the same map is rendered once, then sent
    # as it was to every session, each with its own layer folder (:func:`_rendered`).
    fingerprint, specs, prefix = None, [], ""
    if publish is not None:
        specs = [_spec_json(layer, theme, history, passive) for layer in layers]
        made_of = {**options, "key": key, "legend_title": legend_title, "draw": draw}
        made_of["returned_objects"] = list(returned_objects)  # theme, history, passive: in specs
        made_of["layers"] = [
            _layer_fingerprint(la, sp) for la, sp in zip(layers, specs, strict=True)
        ]
        fingerprint = hashlib.sha256(json.dumps(made_of, default=str).encode()).hexdigest()
        prefix = _folder_url(publish)
    args = _rendered(fingerprint)
    if args is not None:  # this session's folder gets the layer files (links from the pool)
        for layer, spec in zip(layers, specs, strict=True):
            _publish(publish, layer.geojson, spec)
    else:

        def build() -> None:
            fmap = base_map(**options)
            groups = feature_groups(
                layers,
                legend_title=legend_title,
                lang=lang,
                publish=publish,
                theme=theme,
                history=history,
                passive=passive,
            )
            for element in draw_control(draw, assets=options["assets"], lang=lang) if draw else ():
                element.add_to(fmap)
            st_folium(
                fmap,
                key=key,
                height=height_px,
                use_container_width=True,
                feature_group_to_add=groups,
                layer_control=folium.LayerControl(collapsed=True),
                returned_objects=list(returned_objects),
            )

        args = _capture_component_args(build)
        if fingerprint is None:
            return _COMPONENT_CALL[0](**args)
        args = _remember(fingerprint, args, prefix)
    return _COMPONENT_CALL[0](**_in_folder(args, prefix))


def _layer_fingerprint(layer: MapLayer, spec: str) -> list:
    """What of ``layer`` its part of the map is made of: its published file's content hash
    (``spec``, its :func:`_spec_json`, and data), its name with its count, and its legend's
    symbols."""
    return [
        _digest(spec, layer.geojson),
        layer.label,
        layer.count,
        list(layer.style_labels),
        list(layer.style_counts),
    ]


# ---- The rendered map, once per content, for every session ----------------------------
#
# Rendering a folium map (templates, element ids, streamlit-folium's strings) was half of
# Bản đồ's page run once Streamlit's per-run garbage collection was off (py-spy, 18 viewers),
# and every session rendered the same maps: Tổng quan's, Bản đồ's before any filter, each
# again after a save. The arguments streamlit-folium gives its component are kept per
# fingerprint (everything the map is made of, its layers by content hash), with the URL of
# the session's layer folder replaced by a mark; a session gets them with its own folder
# put back, and its folder gets the layer files (hard links from the pool).

_RENDER_KEEP = 256  # maps kept, the least recently used go first (each a few tens of kB)
_FOLDER_MARK = "\u0000pccc-layer-folder\u0000"
_RENDER_LOCK = threading.Lock()
_RENDERS: collections.OrderedDict[str, dict] = collections.OrderedDict()
_CAPTURE = threading.local()
_COMPONENT_CALL: list = []  # streamlit-folium's component function, once patched


def _folder_url(directory: Path) -> str:
    return f"{STATIC_URL_PREFIX}/{directory.relative_to(STATIC_DIR).as_posix()}/"


def _rendered(fingerprint: str | None) -> dict | None:
    """The component arguments kept for ``fingerprint`` (with the folder mark), if any."""
    if fingerprint is None:
        return None
    with _RENDER_LOCK:
        args = _RENDERS.get(fingerprint)
        if args is not None:
            _RENDERS.move_to_end(fingerprint)
    return args


def _remember(fingerprint: str, args: dict, prefix: str) -> dict:
    """Keep ``args`` for ``fingerprint``, the session's folder ``prefix`` marked; return them."""
    marked = {
        k: v.replace(prefix, _FOLDER_MARK) if isinstance(v, str) else v for k, v in args.items()
    }
    with _RENDER_LOCK:
        _RENDERS[fingerprint] = marked
        _RENDERS.move_to_end(fingerprint)
        while len(_RENDERS) > _RENDER_KEEP:
            _RENDERS.popitem(last=False)
    return marked


def _in_folder(args: dict, prefix: str) -> dict:
    return {
        k: v.replace(_FOLDER_MARK, prefix) if isinstance(v, str) else v for k, v in args.items()
    }


def _capture_component_args(build) -> dict:
    """Run ``build`` (which calls ``st_folium``) and return the arguments streamlit-folium
    gave its component, without drawing it; the caller draws it with them."""
    import streamlit_folium

    with _RENDER_LOCK:
        if not _COMPONENT_CALL:
            original = streamlit_folium._component_func

            def component(**kwargs):
                if getattr(_CAPTURE, "args", None) is not None:
                    _CAPTURE.args.update(kwargs)
                    return None
                return original(**kwargs)

            streamlit_folium._component_func = component
            _COMPONENT_CALL.append(original)
    _CAPTURE.args = {}
    try:
        build()
        args = _CAPTURE.args
    finally:
        _CAPTURE.args = None
    if not args:
        raise RuntimeError("streamlit-folium did not call its component function")
    return args


# Leaflet.draw's tool per geometry kind (the others are off; no editing of drawn shapes:
# a new drawing replaces the last one).
_DRAW_TOOLS = {"Point": "marker", "LineString": "polyline", "Polygon": "polygon"}


class _DrawTexts(_Macro):
    """Leaflet.draw's texts in the map's language (it ships them in English only)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (t) {
          var d = L.drawLocal.draw;
          d.toolbar.actions = {title: t.cancel, text: t.cancel};
          d.toolbar.finish = {title: t.finish, text: t.finish};
          d.toolbar.undo = {title: t.undo, text: t.undo};
          d.toolbar.buttons.marker = t.marker;
          d.toolbar.buttons.polyline = t.polyline;
          d.toolbar.buttons.polygon = t.polygon;
          d.handlers.marker.tooltip.start = t.marker_start;
          d.handlers.polyline.tooltip = {start: t.line_start, cont: t.line_cont, end: t.line_end};
          d.handlers.polygon.tooltip = {start: t.line_start, cont: t.line_cont, end: t.polygon_end};
        })({{ this.texts }});
        {% endmacro %}
        """
    )

    def __init__(self, texts: dict):
        super().__init__()
        self._name = "PcccDrawTexts"
        self.texts = _script_json(texts)


def draw_control(kind: str, *, assets: AssetMode = "url", lang: str = "vi") -> list[MacroElement]:
    """Leaflet.draw's texts in ``lang`` and its toolbar with the one tool for ``kind``, its
    script and stylesheet served by the app (``static/vendor``); add both, in this order."""
    from folium.plugins import Draw

    if kind not in _DRAW_TOOLS:
        raise ValueError(f"'kind' should be one of {', '.join(_DRAW_TOOLS)}, got '{kind}' instead")
    tools = {tool: False for tool in ("polyline", "polygon", "rectangle", "circle", "marker")}
    tools["circlemarker"] = False
    tools[_DRAW_TOOLS[kind]] = {"repeatMode": False}
    control = Draw(
        draw_options=tools,
        edit_options={"edit": False, "remove": False},
        show_geometry_on_click=False,
    )
    js = f"{DRAW_DIR}/leaflet.draw.js"
    css = f"{DRAW_DIR}/leaflet.draw.css"
    if assets == "url":
        control.default_js = [("leaflet_draw_js", f"{STATIC_URL_PREFIX}/{js}")]
        control.default_css = [("leaflet_draw_css", f"{STATIC_URL_PREFIX}/{css}")]
    else:
        control.default_js = [("leaflet_draw_js", _data_url(STATIC_DIR / js, "text/javascript"))]
        control.default_css = [("leaflet_draw_css", _inline_css(css))]
    keys = ("cancel", "finish", "undo", "marker", "polyline", "polygon", "marker_start")
    keys += ("line_start", "line_cont", "line_end", "polygon_end")
    return [_DrawTexts({k: html.escape(t(f"draw_{k}", lang)) for k in keys}), control]


# ---- Presentation mode and the printed page -------------------------------------------------

PRESENTATION_PARAM = "trinh_chieu"
_PRESENTATION_KEY = "pccc_presentation"
MIN_HEIGHT_PX = 360
TOP_PADDING_REM = 3  # Streamlit's is 6: a page whose map follows the window starts higher
_MAP_IFRAME = 'iframe[src*="streamlit_folium"]'
_MAP_BLOCK = f'[data-testid="stElementContainer"]:has({_MAP_IFRAME})'
_CHROME = (
    '[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], '
    '[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"]'
)


def presentation_mode(lang: str = "vi") -> bool:
    """Whether the page is shown in presentation mode; draw its switch (sidebar) and exit.

    The URL says it (``?trinh_chieu=1``), so a presentation can be bookmarked; the sidebar
    switch and the exit button (the sidebar is hidden while presenting) change the URL.
    """
    import streamlit as st

    on = st.query_params.get(PRESENTATION_PARAM) == "1"

    def switch(value: bool) -> None:
        if value:
            st.query_params[PRESENTATION_PARAM] = "1"
        else:
            st.query_params.pop(PRESENTATION_PARAM, None)
        st.session_state[_PRESENTATION_KEY] = value

    st.session_state[_PRESENTATION_KEY] = on
    st.sidebar.toggle(
        t("presentation_mode", lang),
        key=_PRESENTATION_KEY,
        help=t("presentation_help", lang),
        on_change=lambda: switch(bool(st.session_state[_PRESENTATION_KEY])),
    )
    if on:
        with st.container(key="pccc_present_exit"):
            st.button(
                t("presentation_exit", lang),
                on_click=switch,
                args=(False,),
                icon=":material/close_fullscreen:",
            )
    return on


def print_head_html(title: str, details: Sequence[str]) -> str:
    """The block printed above the map (hidden on screen): title and lines, escaped."""
    lines = "".join(f"<div>{html.escape(line)}</div>" for line in details)
    return f'<div class="pccc-print-head"><strong>{html.escape(title)}</strong>{lines}</div>'


def page_css(
    *, presentation: bool = False, window_offset_px: int | None = None, alone: bool = False
) -> str:
    """The page's stylesheet for its map: height, presentation mode and the printed page."""
    rules = [
        ".pccc-print-head { display: none; }",
        "@media print {",
        f"  @page {{ size: A4 landscape; margin: {PRINT_MARGIN_MM}mm; }}",
        f"  {_CHROME}, .stDownloadButton, .stButton, [data-testid='stSegmentedControl'] "
        "{ display: none !important; }",
        "  [data-testid='stMain'], [data-testid='stAppViewContainer'] "
        "{ margin: 0 !important; padding: 0 !important; overflow: visible !important; }",
        "  [data-testid='stMainBlockContainer'] "
        "{ padding: 0 !important; max-width: none !important; }",
        "  .pccc-print-head { display: block; font: 12px/1.4 sans-serif; "
        f"{'' if alone else 'break-before: page; '}break-after: avoid; }}",
        "  .pccc-print-head strong { display: block; font-size: 16px; }",
        # the page's heading right above the map: the print head titles the map instead
        "  [data-testid='stElementContainer']:has(h1, h2, h3)"
        ":has(+ [data-testid='stElementContainer'] .pccc-print-head) { display: none !important; }",
        f"  {_MAP_BLOCK} {{ break-inside: avoid; }}",
        f"  {_MAP_IFRAME} {{ position: static !important; width: {PRINT_MAP_MM[0]}mm !important;"
        f" height: {PRINT_MAP_MM[1]}mm !important; }}",
    ]
    if alone:
        rules.append(
            "  [data-testid='stMainBlockContainer'] [data-testid='stElementContainer']"
            f":not(:has(.pccc-print-head)):not(:has({_MAP_IFRAME})) {{ display: none !important; }}"
        )
    rules.append("}")
    if window_offset_px is not None and not presentation:
        rules += [
            "@media screen {",
            f"  [data-testid='stMainBlockContainer'] {{ padding-top: {TOP_PADDING_REM}rem; }}",
            f"  {_MAP_IFRAME} {{ height: max({MIN_HEIGHT_PX}px, "
            f"calc(100vh - {window_offset_px}px)) !important; }}",
            "}",
        ]
    if presentation:
        rules += [
            "@media screen {",
            f"  {_CHROME} {{ display: none !important; }}",
            f"  {_MAP_IFRAME} {{ position: fixed !important; inset: 0 !important; "
            "width: 100vw !important; height: 100vh !important; z-index: 999990; "
            "background: #ffffff; }",
            "  .st-key-pccc_present_exit { position: fixed; top: 10px; left: 60px; "
            "z-index: 999991; width: auto !important; }",
            "}",
        ]
    return "<style>\n" + "\n".join(rules) + "\n</style>"
