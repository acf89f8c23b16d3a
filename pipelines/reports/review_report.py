"""The review report (báo cáo sơ kết / tổng kết) of a period, as a document model filled from data.

:func:`review_document` builds the :class:`~pipelines.reports.document.Document` — masthead
and signature from ``[report]`` in ``ward.toml`` (Party format, Hướng dẫn 36-HD/VPTW, or state
format, NĐ 30/2020), then: I. results (the plan's indicators against their targets and the
same period last year, the table per tổ dân phố, high-risk premises and their violations,
tổ liên gia and public points added in the period, fires against the same period last year,
the ward map and the risk map) with a marked place for the officer's own account; II.
shortcomings and causes; III. tasks ahead (the lagging tổ dân phố named) — the last two as
marked places. :func:`report_bytes` renders it to DOCX or PDF.
"""

from __future__ import annotations

import math

import pandas as pd

from pipelines.model.errors import ReportError
from pipelines.model.schema import PREMISES_CATEGORY
from pipelines.model.settings_report import TEMPLATES, ReportSection, recipients
from pipelines.model.store import Ward
from pipelines.network.analysis import WardAnalysis
from pipelines.network.risk import RISK_CLASSES
from pipelines.reports.document import (
    Block,
    Document,
    Heading,
    Image,
    Masthead,
    OfficerText,
    PageSetup,
    Paragraph,
    Signature,
    Table,
    roman,
)
from pipelines.reports.mapdraw import map_data, risk_map_png, ward_map_png
from pipelines.reports.period import Period
from pipelines.reports.review import ReviewFacts, review_facts
from pipelines.text.formats import check_lang, format_date, format_number, format_vnd
from pipelines.text.labels import pick
from pipelines.text.labels_reports import REPORT_TEXT, REVIEW_VIOLATION

FORMATS = ("docx", "pdf")


def _t(key: str, lang: str, **values: object) -> str:
    text = pick(REPORT_TEXT[key], lang)
    return text.format(**values) if values else text


def long_date(day: pd.Timestamp, lang: str = "vi") -> str:
    """ "ngày 05 tháng 02 năm 2026" (NĐ 30/2020: a zero before days under 10 and months 1–2)."""
    dd, mm, yyyy = format_date(day, "vi").split("/")
    month = mm if int(mm) < 3 else str(int(mm))
    return _t("long_date", lang, day=dd, month=month, year=yyyy, date=format_date(day, lang))


def _n(value: float, lang: str, decimals: int = 0) -> str:
    return (
        "–"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else format_number(value, lang, decimals=decimals)
    )


def _masthead(
    ward: Ward, cfg: ReportSection, template: str, today: pd.Timestamp, lang: str
) -> Masthead:
    name = ward.name
    place = cfg.place or name
    if template == "party":
        return Masthead(
            "party",
            cfg.party_superior or f"ĐẢNG BỘ {name.upper()}",
            cfg.party_issuer,
            f"{' ' * 6}{cfg.party_number}",
            f"{place}, {long_date(today, lang)}",
        )
    return Masthead(
        "state",
        cfg.state_superior,
        cfg.state_issuer or f"ỦY BAN NHÂN DÂN {name.upper()}",
        f"{' ' * 6}{cfg.state_number}",
        f"{place}, {long_date(today, lang)}",
    )


def _signature(cfg: ReportSection, template: str, lang: str) -> Signature:
    side = "party" if template == "party" else "state"
    return Signature(
        on_behalf=getattr(cfg, f"{side}_on_behalf"),
        title=getattr(cfg, f"{side}_signer_title"),
        name=getattr(cfg, f"{side}_signer_name") or _t("signer_blank", lang),
        recipients_label=_t("recipients", lang),
        recipients=tuple(recipients(getattr(cfg, f"{side}_recipients"))),
    )


def _change(now: float, before: float, lang: str) -> str:
    if math.isnan(before):
        return "–"
    diff = now - before
    if diff == 0:
        return _t("same", lang)
    return _t(
        "up" if diff > 0 else "down",
        lang,
        n=format_number(abs(diff), lang, decimals=1 if diff % 1 else 0),
    )


def _indicator_table(facts: ReviewFacts, lang: str) -> Table:
    rows = []
    for i, row in enumerate(facts.indicators.itertuples(index=False), start=1):
        pct = row.unit_vi == "%"
        d = 1 if pct else 0
        target = row.target
        on_track = row.on_track
        if math.isnan(target):
            verdict = _t("no_target", lang)
        elif pd.isna(on_track):  # no figure (a layer or a field the ward has not filled)
            verdict = _t("no_data", lang)
        else:
            verdict = _t("met" if bool(on_track) else "not_met", lang)
        rows.append(
            (
                str(i),
                getattr(row, f"label_{lang}"),
                getattr(row, f"unit_{lang}"),
                _n(row.value, lang, d),
                _n(target, lang, d),
                _n(row.previous, lang, d),
                verdict,
            )
        )
    return Table(
        tuple(
            _t(k, lang)
            for k in (
                "col_no",
                "col_indicator",
                "col_unit",
                "col_value",
                "col_target",
                "col_previous",
                "col_verdict",
            )
        ),
        tuple(rows),
        (0.8, 4.8, 1.1, 1.4, 1.4, 1.6, 1.8),
        numeric=(3, 4, 5),
    )


def _group_table(facts: ReviewFacts, lang: str) -> Table:
    g = facts.groups
    rows = tuple(
        (
            str(i),
            str(r.group_name) + (" *" if r.lagging else ""),
            _n(r.households, lang),
            _n(r.households_in_group, lang, 1),
            _n(r.safety_groups, lang),
            _n(r.points_working, lang),
            _n(r.premises, lang),
            _n(r.violations_open, lang),
        )
        for i, r in enumerate(g.itertuples(index=False), start=1)
    )
    header = tuple(
        _t(k, lang)
        for k in (
            "col_no",
            "col_group",
            "col_households",
            "col_share",
            "col_safety_groups",
            "col_points",
            "col_premises",
            "col_violations",
        )
    )
    return Table(
        header,
        rows,
        (0.8, 2.6, 1.2, 1.4, 1.2, 1.3, 1.1, 1.3),
        numeric=(2, 3, 4, 5, 6, 7),
        caption=_t("lagging_note", lang),
    )


_VIOLATION_ORDER = {"overdue": 0, "open": 1, "fixed": 2}


def _premises_table(facts: ReviewFacts, lang: str) -> Table:
    """The high-risk premises with a violation (overdue first, then open, then fixed)."""
    frame = facts.high_risk[facts.high_risk["violation"].isin(list(_VIOLATION_ORDER))]
    frame = frame.sort_values("violation", key=lambda s: s.map(_VIOLATION_ORDER), kind="stable")
    rows = tuple(
        (
            str(i),
            str(r.name),
            PREMISES_CATEGORY.label(r.category, lang) if isinstance(r.category, str) else "",
            str(r.group_name) if isinstance(r.group_name, str) else "",
            RISK_CLASSES[r.risk_class].label(lang),
            _n(r.open_violations, lang),
            format_date(r.violation_deadline, lang) if not pd.isna(r.violation_deadline) else "",
            pick(REVIEW_VIOLATION[r.violation], lang),
        )
        for i, r in enumerate(frame.itertuples(index=False), start=1)
    )
    keys = ("col_no", "col_premises_name", "col_category", "col_group", "col_risk", "col_open")
    header = tuple(_t(k, lang) for k in (*keys, "col_deadline", "col_status"))
    return Table(header, rows, (1.0, 3.0, 2.0, 1.7, 1.1, 1.2, 2.3, 1.8), numeric=(5,))


def _added_table(frame: pd.DataFrame, lang: str) -> Table:
    rows = tuple(
        (
            str(i),
            str(r.name),
            str(r.group_name) if isinstance(r.group_name, str) else "",
            format_date(r.date, lang),
        )
        for i, r in enumerate(frame.itertuples(index=False), start=1)
    )
    header = tuple(_t(k, lang) for k in ("col_no", "col_name", "col_group", "col_date"))
    return Table(header, rows, (0.8, 5.0, 2.5, 1.8))


def _fires_paragraph(facts: ReviewFacts, lang: str) -> Paragraph:
    now, before = facts.fires, facts.fires_before
    return Paragraph(
        _t(
            "fires",
            lang,
            n=format_number(now.fires, lang),
            deaths=format_number(now.deaths, lang),
            injuries=format_number(now.injuries, lang),
            damage=format_vnd(now.damage_vnd, lang),
            before=format_number(before.fires, lang),
            change=_change(float(now.fires), float(before.fires), lang),
            deaths_before=format_number(before.deaths, lang),
            injuries_before=format_number(before.injuries, lang),
        )
    )


def _results(
    ward: Ward, analysis: WardAnalysis, facts: ReviewFacts, dpi: int, lang: str
) -> list[Block]:
    v = facts.violations
    n = len(facts.high_risk)
    blocks: list[Block] = [
        Heading(f"{roman(1)}. {_t('part_results', lang)}"),
        OfficerText(_t("ph_results", lang), _t("ph_results_hint", lang)),
        Heading(f"1. {_t('sec_indicators', lang)}", 2),
        Paragraph(_t("indicators_intro", lang, as_of=format_date(facts.as_of, lang))),
        _indicator_table(facts, lang),
        Heading(f"2. {_t('sec_groups', lang)}", 2),
    ]
    blocks.append(
        _group_table(facts, lang) if len(facts.groups) else Paragraph(_t("no_groups", lang))
    )
    blocks += [
        Heading(f"3. {_t('sec_premises', lang)}", 2),
        Paragraph(
            _t(
                "premises_intro",
                lang,
                n=format_number(n, lang),
                open=format_number(v["open"], lang),
                overdue=format_number(v["overdue"], lang),
                fixed=format_number(v["fixed"], lang),
            )
        ),
    ]
    if (facts.high_risk["violation"] != "none").any():
        blocks.append(_premises_table(facts, lang))
    blocks.append(Heading(f"4. {_t('sec_added', lang)}", 2))
    for frame, key in (
        (facts.new_safety_groups, "added_groups"),
        (facts.new_points, "added_points"),
    ):
        blocks.append(
            Paragraph(
                _t(key, lang, n=format_number(len(frame), lang), period=facts.period.label(lang))
            )
        )
        if len(frame):
            blocks.append(_added_table(frame, lang))
    blocks += [Heading(f"5. {_t('sec_fires', lang)}", 2), _fires_paragraph(facts, lang)]
    blocks.append(Heading(f"6. {_t('sec_maps', lang)}", 2))
    if len(ward["ward_boundary"]) or len(ward["roads"]):
        data = map_data(ward, analysis)
        blocks += [
            Image(
                ward_map_png(data, lang, dpi=dpi, detail=len(analysis.households) < 20000),
                16.0,
                _t("fig_ward", lang),
            ),
            Image(
                risk_map_png(data, analysis.risk_density, lang, dpi=dpi), 16.0, _t("fig_risk", lang)
            ),
        ]
    else:
        blocks.append(Paragraph(_t("no_map", lang)))
    return blocks


def review_document(
    ward: Ward,
    analysis: WardAnalysis,
    period: Period,
    *,
    template: str | None = None,
    lang: str = "vi",
    today: pd.Timestamp | None = None,
) -> Document:
    """The review report of ``period`` as a document model.

    Parameters
    ----------
    ward, analysis
        The ward and its network analysis (:func:`pipelines.network.analysis.analyze_ward`).
    period
        The period reviewed (:func:`pipelines.reports.period.parse_period`).
    template
        {"party", "state"}; default: ``[report] template`` of ``ward.toml``.
    lang
        {"vi", "en"}: the language of every text written (the masthead stays Vietnamese).
    today
        The date of the report (default: the current date); figures are cut there when the
        period is not over.

    Raises
    ------
    ReportError
        The period has not started yet on ``today``.
    """
    check_lang(lang)
    cfg = ward.config.report
    template = template or cfg.template
    if template not in TEMPLATES:
        raise ValueError(
            f"'template' should be one of 'party' or 'state', got '{template}' instead"
        )
    today = pd.Timestamp.today().normalize() if today is None else pd.Timestamp(today).normalize()
    if period.start > today:
        raise ReportError(
            f"Kỳ báo cáo {period.label('vi')} chưa bắt đầu (hôm nay {format_date(today, 'vi')})",
            f"the period {period.label('en')} has not started yet (today is {format_date(today, 'en')})",
        )
    facts = review_facts(ward, analysis, period, today=today)
    lagging = [str(g) for g in facts.groups.loc[facts.groups["lagging"], "group_name"]]
    blocks: list[Block] = [
        Paragraph(_t("intro", lang, period=period.label(lang), ward=ward.name)),
        *_results(ward, analysis, facts, cfg.map_dpi, lang),
        Heading(f"{roman(2)}. {_t('part_limits', lang)}"),
        OfficerText(_t("ph_limits", lang), _t("ph_limits_hint", lang)),
        OfficerText(_t("ph_causes", lang), _t("ph_causes_hint", lang)),
        Heading(f"{roman(3)}. {_t('part_tasks', lang)}"),
    ]
    if lagging:
        blocks.append(Paragraph(_t("lagging", lang, groups=", ".join(lagging))))
    blocks.append(OfficerText(_t("ph_tasks", lang), _t("ph_tasks_hint", lang)))
    if ward.config.ward.synthetic:
        blocks.append(Paragraph(_t("synthetic", lang), italic=True))
    page = PageSetup(
        cfg.margin_top_mm,
        cfg.margin_bottom_mm,
        cfg.margin_left_mm,
        cfg.margin_right_mm,
        cfg.font_size_pt,
        cfg.first_line_indent_cm,
    )
    subject = _t("subject", lang, kind=period.review_kind(lang), period=period.label(lang))
    return Document(
        masthead=_masthead(ward, cfg, template, today, lang),
        kind=_t("kind", lang),
        subject=subject,
        blocks=tuple(blocks),
        signature=_signature(cfg, template, lang),
        page=page,
        meta_title=f"{_t('kind', lang)} {subject}",
    )


def report_bytes(document: Document, fmt: str) -> bytes:
    """Render ``document`` to {"docx", "pdf"} bytes."""
    if fmt == "docx":
        from pipelines.reports.render_docx import docx_bytes

        return docx_bytes(document)
    if fmt == "pdf":
        from pipelines.reports.render_pdf import pdf_bytes

        return pdf_bytes(document)
    raise ValueError(f"'fmt' should be one of 'docx' or 'pdf', got '{fmt}' instead")
