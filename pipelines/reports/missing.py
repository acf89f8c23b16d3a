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
from pipelines.text.formats import check_lang
from pipelines.text.labels import LAYER_FILLS, MISSING_LAYER, pick

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
