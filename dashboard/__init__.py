"""Bản đồ PCCC dashboard (Streamlit). Start it with ``python -m dashboard``."""
