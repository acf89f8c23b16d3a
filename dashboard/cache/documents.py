"""The review report and the map book.

Part of the dashboard's one caching boundary (:mod:`dashboard.cache`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from dashboard.cache.core import _analysis, _ward, version

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------------- documents: the review
# report and the map book (pipelines/reports/review_report.py, mapbook.py; piece "docs")


@st.cache_data(max_entries=8, show_spinner=False)
def _review_report(
    ward_dir: str,
    version: tuple[int, ...],
    period: str,
    template: str,
    fmt: str,
    lang: str,
    today: str,
) -> bytes:
    from pipelines.reports.period import parse_period
    from pipelines.reports.review_report import report_bytes, review_document

    document = review_document(
        _ward(ward_dir, version),
        _analysis(ward_dir, version, False),
        parse_period(period),
        template=template,
        lang=lang,
        today=pd.Timestamp(today),
    )
    return report_bytes(document, fmt)


def review_report(ward_dir: Path, *, period: str, template: str, fmt: str, lang: str) -> bytes:
    """The review report of ``period`` ("2026-Q3"…) as {"docx", "pdf"} bytes, dated today."""
    import datetime as dt

    today = dt.date.today().isoformat()
    return _review_report(str(ward_dir), version(ward_dir), period, template, fmt, lang, today)


@st.cache_data(max_entries=4, show_spinner=False)
def _mapbook(
    ward_dir: str, version: tuple[int, ...], paper: str, lang: str, today: str, _on_page: Any
) -> bytes:
    import datetime as dt

    from pipelines.reports.mapbook import mapbook_pdf

    ward = _ward(ward_dir, version)
    analysis = _analysis(ward_dir, version, False)
    day = dt.date.fromisoformat(today)
    return mapbook_pdf(ward, analysis, paper=paper, lang=lang, today=day, on_page=_on_page)


def mapbook(ward_dir: Path, *, paper: str, lang: str, on_page: Any = None) -> bytes:
    """The map book as PDF bytes; ``on_page(done, total)`` reports progress (not when cached)."""
    import datetime as dt

    today = dt.date.today().isoformat()
    return _mapbook(str(ward_dir), version(ward_dir), paper, lang, today, on_page)


def report_periods(lang: str) -> list[tuple[str, str]]:
    """The periods a report can cover, most recent first: (key, name in ``lang``)."""
    from pipelines.reports.period import period_choices

    return [(p.key, p.label(lang)) for p in period_choices(pd.Timestamp.today().normalize())]


# ---------------------------------------------------------------------- users and sign-in
# The ward's users are read on every run (a small file another process may change); the
# login guard is one per ward and server process, shared by every tab.


@st.cache_resource(max_entries=16, show_spinner=False)
def login_guard(ward_dir: str) -> Any:
    """The failed sign-in counter of a ward (:class:`pipelines.model.access.LoginGuard`)."""
    from pipelines.model.access import LoginGuard

    return LoginGuard()


@st.cache_data(max_entries=16, show_spinner=False)
def _access_settings(ward_dir: str, stamp: tuple[int, int]) -> Any:
    from pipelines.model.settings import load_config
    from pipelines.model.store import config_path

    return load_config(config_path(ward_dir)).access


def access_settings(ward_dir: str) -> Any:
    """The ward's ``[access]`` settings (sessions, sign-in limits), read from its settings
    file alone: the sign-in form no longer reads and checks every layer of the ward
    (with editors saving, each sign-in did, at the files' newest version)."""
    from pipelines.model.store import config_path

    stat = config_path(ward_dir).stat()
    return _access_settings(str(ward_dir), (stat.st_mtime_ns, stat.st_size))


@st.cache_resource(max_entries=16, show_spinner=False)
def session_book(ward_dir: str) -> Any:
    """The signed-in sessions of a ward by cookie (:class:`pipelines.model.access.SessionBook`)."""
    from pipelines.model.access import SessionBook

    return SessionBook()
