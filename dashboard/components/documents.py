"""Downloads of Tổng quan: the review report (Word, PDF) and the map book (PDF).

The period and the template are chosen here; the report is made when its button is clicked
(Streamlit runs the generation then, through :mod:`dashboard.cache`); the map book, longer to
draw, shows a progress bar page by page and then its download button.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import cache
from dashboard.components.errors import user_errors
from dashboard.texts import t
from pipelines.model.settings_report import TEMPLATES

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _report_button(ward_dir: Path, period: str, template: str, fmt: str, lang: str) -> None:
    def make() -> bytes:
        return cache.review_report(ward_dir, period=period, template=template, fmt=fmt, lang=lang)

    st.download_button(
        t(f"docs_report_{fmt}", lang),
        data=make,
        file_name=f"bao-cao-{period}-{template}.{fmt}",
        mime=MIME[fmt],
        on_click="ignore",
        icon=":material/description:",
        key=f"pccc_docs_{fmt}",
    )


def _book(ward_dir: Path, lang: str) -> None:
    key = f"pccc_docs_book_{ward_dir}_{cache.version(ward_dir)}_{lang}"
    if st.button(t("docs_book", lang), icon=":material/menu_book:", key="pccc_docs_book"):
        bar = st.progress(0.0, text=t("docs_book_progress", lang).format(done=0, total="…"))

        def on_page(done: int, total: int) -> None:
            bar.progress(
                done / total, text=t("docs_book_progress", lang).format(done=done, total=total)
            )

        with user_errors(lang):
            st.session_state[key] = cache.mapbook(ward_dir, paper="a4", lang=lang, on_page=on_page)
        bar.progress(1.0, text=t("docs_book_ready", lang))
    if key in st.session_state:
        st.download_button(
            t("docs_book_save", lang),
            data=st.session_state[key],
            file_name="so-ban-do-pccc.pdf",
            mime=MIME["pdf"],
            on_click="ignore",
            icon=":material/download:",
            key="pccc_docs_book_save",
        )


def show_documents(ward_dir: Path, lang: str) -> None:
    """The Documents section: period, template and the three downloads."""
    st.subheader(t("docs_heading", lang))
    st.caption(t("docs_intro", lang))
    periods = dict(cache.report_periods(lang))
    left, right = st.columns(2)
    period = left.selectbox(
        t("docs_period", lang), list(periods), format_func=periods.get, key="pccc_docs_period"
    )
    default = cache.ward(ward_dir).config.report.template
    template = right.radio(
        t("docs_template", lang),
        TEMPLATES,
        index=TEMPLATES.index(default),
        format_func=lambda v: t(f"docs_template_{v}", lang),
        horizontal=True,
        key="pccc_docs_template",
    )
    word, pdf, book = st.columns(3)
    with word:
        _report_button(ward_dir, period, template, "docx", lang)
    with pdf:
        _report_button(ward_dir, period, template, "pdf", lang)
    with book:
        _book(ward_dir, lang)
