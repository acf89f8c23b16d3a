"""Bản đồ PCCC pipelines: data model, store, import, analysis, siting and reports.

Pure Python: nothing here imports streamlit, so every function runs from tests, the
``pccc`` command and the dashboard alike.
"""
