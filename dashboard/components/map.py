"""Folium map builders: an offline base map plus one GeoJSON layer per ward layer.

Leaflet and our own script/stylesheet come from the app (``dashboard/static``), never from a
CDN: in ``"url"`` mode through Streamlit's static file serving, in ``"inline"`` mode as
``data:`` URLs (for saved HTML maps and when static serving is off). No base map tiles are
requested unless the ward configured a tile URL.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Literal

import folium
from branca.element import MacroElement
from jinja2 import Template

from pipelines.i18n import format_number
from pipelines.mapdata import MapLayer

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
LEAFLET_DIR = "vendor/leaflet-1.9.4"
STATIC_URL_PREFIX = "/app/static"

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


class _Layer(MacroElement):
    """One ward layer drawn by ``pcccLayer`` (dashboard/static/pccc-map.js)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = pcccLayer({{ this.geojson }}, {{ this.spec }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, layer: MapLayer):
        super().__init__()
        self._name = "PcccLayer"
        self.geojson = layer.geojson
        spec = {
            "key": layer.key,
            "label": html.escape(layer.label),
            "marker": layer.marker,
            "styles": list(layer.styles),
            "fields": list(layer.fields),
        }
        self.spec = _script_json(spec)


class _MetricScale(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, maxWidth: 160}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class _Legend(MacroElement):
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
            f'border:{min(style.get("weight", 1), 3)}px solid {style["color"]}"></span>'
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
        if len(entries) == 1:
            style, n = next(iter(used.values()))
            single.append(_legend_row(layer, style, html.escape(layer.label), n, lang))
            continue
        multi.append(f"<h4>{html.escape(layer.label)}</h4>")
        multi.extend(
            _legend_row(layer, style, label, n, lang) for label, (style, n) in used.items()
        )
    body = "".join(single) + "".join(multi)
    return f"<details open><summary>{html.escape(title)}</summary>{body}</details>"


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
) -> folium.Map:
    """Create the offline base map fitted to ``bounds`` ([[south, west], [north, east]]).

    With ``tiles_url`` empty no tile layer is added, so the map makes no request at all.
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
    )
    # Replace folium's CDN links (jQuery, Bootstrap, Font Awesome, Leaflet) by our own files.
    fmap.default_js = list(js)
    fmap.default_css = list(css)
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
    fmap.fit_bounds(bounds)
    _MetricScale().add_to(fmap)
    return fmap


def feature_groups(
    layers: Sequence[MapLayer], *, legend_title: str, lang: str = "vi"
) -> list[folium.FeatureGroup]:
    """Wrap each layer in a feature group named with its count, plus one for the legend.

    The layer control lists the layer groups; the legend group is not listed, so the legend
    stays while layers are switched, and is replaced with the layers when filters change.
    """
    groups = []
    for layer in layers:
        name = f"{layer.label} ({format_number(layer.count, lang)})"
        group = folium.FeatureGroup(name=html.escape(name), show=layer.show)
        _Layer(layer).add_to(group)
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
) -> str:
    """Render a self-contained HTML map (assets inlined) of ``layers``: opens with no server."""
    fmap = base_map(
        bounds, assets="inline", tiles_url=tiles_url, tiles_attribution=tiles_attribution
    )
    for group in feature_groups(layers, legend_title=legend_title, lang=lang):
        group.add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
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
) -> dict:
    """Draw ``layers`` with streamlit-folium; return only ``returned_objects`` of the map state.

    The base map (tiles, legend, extent) stays the same across filter changes, so the layers
    go in as dynamic feature groups: the browser swaps them without reloading the map, and
    pan or zoom never reruns the script (``returned_objects`` is empty by default).
    """
    import streamlit as st
    from streamlit_folium import st_folium

    assets: AssetMode = "url" if st.get_option("server.enableStaticServing") else "inline"
    fmap = base_map(
        bounds,
        assets=assets,
        tiles_url=tiles_url,
        tiles_attribution=tiles_attribution,
        height_px=height_px,
    )
    return st_folium(
        fmap,
        key=key,
        height=height_px,
        use_container_width=True,
        feature_group_to_add=feature_groups(layers, legend_title=legend_title, lang=lang),
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=list(returned_objects),
    )
