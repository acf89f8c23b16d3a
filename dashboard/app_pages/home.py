"""The app's address without a path: open the overview at its own address (/tong-quan)."""

from __future__ import annotations

import streamlit as st

from dashboard.navigation import PAGES

st.switch_page(PAGES[0][0])
