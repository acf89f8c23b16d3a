"""Bản đồ PCCC pipelines: data model, store, import, analysis, siting and reports.

Pure Python: nothing here imports streamlit, so every function runs from tests, the
``pccc`` command and the dashboard alike. Packages, bottom first (an arrow only points
down; ``tests/test_architecture.py`` checks it):

* :mod:`pipelines.text` — every label in both languages, every number and date format;
* :mod:`pipelines.model` — data model, settings, the ward store, validation, errors, files;
* :mod:`pipelines.ingest` — the one door for user files; :mod:`pipelines.export` — layers out;
* :mod:`pipelines.maps` — what the browser draws;
* :mod:`pipelines.network` — the road graph and everything measured along it;
* :mod:`pipelines.planning` — where new public firefighting points go;
* :mod:`pipelines.reports` — figures for leadership;
* :mod:`pipelines.sample` — the synthetic sample ward; :mod:`pipelines.cli` — ``pccc``.
"""
