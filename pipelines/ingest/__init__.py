"""Import the ward's real files into the store, and nothing lost on the way.

Public surface:

* :func:`prepare_import` → :class:`ImportPreview` (counts new/updated/unchanged/rejected,
  rejects with Vietnamese reasons, column mapping and alternatives, detections) and
  :func:`commit_import` → :class:`ImportResult` (atomic write, backup, history).
* :func:`save_mapping` / :func:`load_mapping`: the user's confirmed column mapping.

Modules: :mod:`.formats` (readers), :mod:`.encodings` (UTF-8/16, CP1258, TCVN3, VNI),
:mod:`.headers` (column and value aliases), :mod:`.coordinates` (numbers, DMS, VN-2000),
:mod:`.addresses` (normalise and match), :mod:`.osm` (OpenStreetMap), :mod:`.pipeline`.
"""

from pipelines.ingest.headers import COORDINATE_TARGETS, load_mapping, save_mapping
from pipelines.ingest.pipeline import (
    ImportCounts,
    ImportOptions,
    ImportPreview,
    ImportResult,
    commit_import,
    copy_rejects,
    prepare_import,
)

__all__ = [
    "COORDINATE_TARGETS",
    "ImportCounts",
    "ImportOptions",
    "ImportPreview",
    "ImportResult",
    "commit_import",
    "copy_rejects",
    "load_mapping",
    "prepare_import",
    "save_mapping",
]
