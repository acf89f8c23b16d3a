"""Fill the caches the first pages need while the server starts (a background thread).

The first visitor after a start would otherwise wait for the ward to be read and
validated, analysed and turned into map layers. (Layer files are published per tab, in a
folder only that tab knows, so none is published here.) :func:`warm_caches` does that work once, in the process that
serves the pages, through the same cached functions the pages call (``dashboard.cache``),
for the Vietnamese pages as they open: Tổng quan and Bản đồ with no filter.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

LOG = logging.getLogger("pccc.warm")


def warm_caches(ward_dir: Path, lang: str = "vi") -> float:
    """Compute and cache what the overview and map pages open with; return the seconds taken.

    Never raises: a ward that cannot be opened is reported by the page itself.
    """
    t0 = time.perf_counter()
    try:
        from dashboard import cache
        from pipelines.maps.layers import MapFilter

        flt = MapFilter()
        cache.ward(ward_dir)
        cache.bounds(ward_dir)
        cache.kpis(ward_dir)
        cache.overview_tables(ward_dir, lang)
        cache.map_layers(ward_dir, lang, flt)
        cache.map_page_layers(ward_dir, lang, flt, "current")
    except Exception:  # the page shows the error to the user; here it is only logged
        LOG.exception("warming the caches failed")
    elapsed = time.perf_counter() - t0
    print(f"Đã nạp sẵn dữ liệu / caches warmed: {elapsed:.1f} s", flush=True)
    return elapsed
