"""Import the ward's real files into the store, and nothing lost on the way.

Public surface:

* :func:`prepare_import` → :class:`ImportPreview` (counts new/updated/unchanged/rejected,
  rejects with Vietnamese reasons, column mapping and alternatives, detections) and
  :func:`commit_import` → :class:`ImportResult` (atomic write, backup, history).
* :func:`read_points` → :class:`PointsRead`: a file of points (the planner's candidate
  sites) read by the same stages, without a target layer.
* :func:`save_mapping` / :func:`load_mapping`: the user's confirmed column mapping.

The stages of an import, one module each: :mod:`.read` → :mod:`.columns` (map columns) →
:mod:`.values` (convert values) → :mod:`.locate` → :mod:`.checks` and :mod:`.duplicates`
(validate) → :mod:`.compare`; :mod:`.pipeline` runs them and commits. Shared by the stages:
:mod:`.context` (the ward, problems per row), :mod:`.preview` (options and preview),
:mod:`.ids`, :mod:`.rejects`. Underneath: :mod:`.formats` and :mod:`.kml` (readers),
:mod:`.encodings` (UTF-8/16, CP1258, TCVN3, VNI), :mod:`.headers` (column and value
aliases), :mod:`.coordinates` (numbers, DMS, VN-2000), :mod:`.addresses` (normalise and
match to stored features), :mod:`.address_parse` (house number, alley chain, street, tổ dân
phố) and :mod:`.geocode` (addresses placed on the ward's own named roads, offline),
:mod:`.placement_views` (what the Dữ liệu page shows of them), :mod:`.osm` (OpenStreetMap).
"""

from pipelines.ingest.headers import COORDINATE_TARGETS, load_mapping, save_mapping
from pipelines.ingest.pipeline import ImportResult, commit_import, copy_rejects, prepare_import
from pipelines.ingest.points import POINT_SUFFIXES, PointsRead, read_points
from pipelines.ingest.preview import ImportCounts, ImportOptions, ImportPreview

__all__ = [
    "COORDINATE_TARGETS",
    "POINT_SUFFIXES",
    "ImportCounts",
    "ImportOptions",
    "ImportPreview",
    "ImportResult",
    "PointsRead",
    "commit_import",
    "copy_rejects",
    "load_mapping",
    "prepare_import",
    "read_points",
    "save_mapping",
]
