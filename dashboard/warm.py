"""Fill the caches the first pages need while the server starts (a background thread).

The first visitor after a start would otherwise wait for the ward to be read and
validated, analysed and turned into map layers, and for Tổng quan's plan figures and
charts. (Layer files are published per tab, in a folder only that tab knows, so none is
published here.) :func:`warm_caches` does that work once, in the process that serves the
pages, through the same cached functions the pages call (``dashboard.cache``), for the
Vietnamese pages as they open: Tổng quan and Bản đồ with no filter, as an editor sees
them and as a viewer does (personal fields masked).
"""

from __future__ import annotations

import gc
import logging
import time
from pathlib import Path

from pipelines.text.formats import format_number

LOG = logging.getLogger("pccc.warm")


def warm_caches(ward_dir: Path, lang: str = "vi") -> float:
    """Compute and cache what the overview and map pages open with; return the seconds taken.

    Never raises: a ward that cannot be opened is reported by the page itself.
    """
    t0 = time.perf_counter()
    try:
        from dashboard import cache
        from pipelines.model.store import ward_version

        files = ward_version(ward_dir)
        for masked in (False, True):  # an editor's view, then a viewer's (masked)
            cache.warm_view(ward_dir, masked=masked, files=files, lang=lang)
    except Exception:  # the page shows the error to the user; here it is only logged
        LOG.exception("warming the caches failed")
    # What is loaded now stays for the server's life: keep the collector from walking it
    # on every full collection.
    gc.collect()
    gc.freeze()
    elapsed = time.perf_counter() - t0
    print(f"Đã nạp sẵn dữ liệu / caches warmed: {format_number(elapsed, decimals=1)} s", flush=True)
    return elapsed
