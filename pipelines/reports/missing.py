"""What a page lacks: the layers it needs that the ward does not have yet, and which import
fills each gap.

A ward built from public data has a boundary and roads on day one, and no household list,
no tổ dân phố, no water sources. Every page asks :func:`missing_notices` which of the layers
it uses are empty and shows one line each ("Chưa có lớp Hộ gia đình — nhập tại trang Dữ liệu
…"), the way a GIS greys out a tool instead of failing. The table of what each page uses is
:data:`PAGE_LAYERS`; what each layer brings is :data:`pipelines.text.labels.LAYER_FILLS`.
"""

from __future__ import annotations

from pipelines.model.schema import get_layer
from pipelines.model.store import Ward
from pipelines.text.formats import check_lang, format_number
from pipelines.text.labels import (
    LAYER_FILLS,
    MISSING_LAYER,
    PAGE_HAS,
    PAGE_LACKS,
    WARD_START_PAGES,
    pick,
)

# Page → the layers it uses, in the order their notices are shown.
PAGE_LAYERS: dict[str, tuple[str, ...]] = {
    "overview": (
        "ward_boundary",
        "premises",
        "households",
        "residential_groups",
        "firefighting_points",
        "water_sources",
    ),
    "map": ("ward_boundary", "roads", "premises", "households", "water_sources"),
    "premises": ("roads", "premises"),
    "water_access": ("ward_boundary", "roads", "water_sources", "households"),
    "planner": ("roads", "households", "buildings", "residential_groups"),
    "data": (
        "ward_boundary",
        "roads",
        "buildings",
        "residential_groups",
        "premises",
        "households",
        "firefighting_points",
        "water_sources",
    ),
}


def missing_layers(ward: Ward, page: str) -> tuple[str, ...]:
    """Return the layers ``page`` uses that hold no feature in ``ward``.

    On the planner, buildings are only missing when households are too (households are
    then estimated from buildings, :mod:`pipelines.network.demand`).
    """
    if page not in PAGE_LAYERS:
        raise ValueError(f"'page' should be one of {', '.join(PAGE_LAYERS)}, got '{page}' instead")
    empty = tuple(name for name in PAGE_LAYERS[page] if not len(ward[name]))
    if page == "planner" and "households" not in empty:  # buildings only stand in for them
        empty = tuple(n for n in empty if n != "buildings")
    return empty


def missing_notices(ward: Ward, page: str, lang: str = "vi") -> list[str]:
    """One line per layer ``page`` lacks: the layer, where to import it and what it brings."""
    check_lang(lang)
    return [
        pick(MISSING_LAYER, lang).format(
            layer=get_layer(name).vi if lang == "vi" else get_layer(name).en,
            fills=pick(LAYER_FILLS[name], lang),
        )
        for name in missing_layers(ward, page)
    ]


def _layer_name(name: str, lang: str) -> str:
    label = get_layer(name).vi if lang == "vi" else get_layer(name).en
    return label[:1].lower() + label[1:]


def page_lines(ward: Ward, lang: str = "vi") -> list[str]:
    """One line per page of what it can show now and what it still lacks, from the same
    table as the pages' own notices (:data:`PAGE_LAYERS`, :func:`missing_layers`):
    ``Bản đồ: có ranh giới phường (1), đường, ngõ, ngách (1.495); chưa có hộ gia đình —
    nhập để …``. Said after a ward is started from public data."""
    check_lang(lang)
    out = []
    for page, page_label in WARD_START_PAGES.items():
        missing = missing_layers(ward, page)
        present = [n for n in PAGE_LAYERS[page] if n not in missing and len(ward[n])]
        parts = []
        if present:
            names = ", ".join(
                f"{_layer_name(n, lang)} ({format_number(len(ward[n]), lang)})" for n in present
            )
            parts.append(pick(PAGE_HAS, lang).format(layers=names))
        parts += [
            pick(PAGE_LACKS, lang).format(
                layer=_layer_name(n, lang), fills=pick(LAYER_FILLS[n], lang)
            )
            for n in missing
        ]
        out.append(f"{pick(page_label, lang)}: {'; '.join(parts)}")
    return out
