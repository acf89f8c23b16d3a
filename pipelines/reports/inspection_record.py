"""The biên bản kiểm tra of one inspection, and the page's tables of a premises' history.

The biên bản is a :class:`pipelines.reports.document.Document` (rendered to Word and PDF by
the review report's renderers): the state masthead (NĐ 30/2020: issuer top left — the ward
police for premises the police manage, else the UBND phường — Quốc hiệu and Tiêu ngữ top
right), the parties, the checklist with the answer for each item of the premises' category,
the violations found with their legal basis and deadline, the earlier violations checked at
this inspection, the conclusion, and the two signatures (the premises and the team).

Every value from the data is put in the reader's language; user text is kept as typed
(the renderers escape it).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pipelines.model.inspection import decode_checklist, premises_history, violation_state
from pipelines.model.schema import (
    CHECK_ANSWER,
    DEFAULT_MANAGEMENT_LEVEL,
    INSPECTION_KIND,
    INSPECTION_RESULT,
    PREMISES_CATEGORY,
)
from pipelines.model.settings_inspection import checklist_for
from pipelines.model.store import Ward
from pipelines.reports.document import Document, Heading, Masthead, Paragraph, Signature, Table
from pipelines.reports.review_report import long_date
from pipelines.text.formats import check_lang, format_date, format_number
from pipelines.text.labels import pick
from pipelines.text.labels_inspection import (
    CHECKLIST_LABELS,
    INSPECTION_COLUMNS,
    RECORD_TEXT,
    VIOLATION_STATE_LABELS,
)


def _t(key: str, lang: str, **values: object) -> str:
    text = pick(RECORD_TEXT[key], lang)
    return text.format(**values) if values else text


def _c(key: str, lang: str) -> str:
    return pick(INSPECTION_COLUMNS[key], lang)


def _text(value: object, lang: str) -> str:
    return _t("blank", lang) if value is None or pd.isna(value) or value == "" else str(value)


def _date(value: object, lang: str) -> str:
    return "" if value is None or pd.isna(value) else format_date(pd.Timestamp(value), lang)


def _one(frame: pd.DataFrame, key: str, value: str, what: str) -> pd.Series:
    rows = frame[frame[key] == value]
    if not len(rows):
        raise ValueError(f"'{what}' should be a stored id, got '{value}' instead")
    return rows.iloc[0]


def violations_table(violations: pd.DataFrame, lang: str, *, today: dt.date) -> pd.DataFrame:
    """Return violations for reading: item, description, legal basis, deadline, state."""
    check_lang(lang)
    states = violation_state(violations, today=today)
    return pd.DataFrame(
        {
            _c("id", lang): violations["id"].astype(str).to_numpy(),
            _c("item", lang): [
                pick(CHECKLIST_LABELS[i], lang)
                if isinstance(i, str) and i in CHECKLIST_LABELS
                else ""
                for i in violations["item"]
            ],
            _c("description", lang): violations["description"].astype(object).fillna(""),
            _c("legal_basis", lang): violations["legal_basis"].astype(object).fillna(""),
            _c("deadline", lang): [_date(d, lang) for d in violations["deadline"]],
            _c("fixed_on", lang): [_date(d, lang) for d in violations["fixed_on"]],
            _c("state", lang): [pick(VIOLATION_STATE_LABELS[s], lang) for s in states],
        }
    ).reset_index(drop=True)


def history_table(ward: Ward, premises_id: str, lang: str) -> pd.DataFrame:
    """Return the inspections of one premises for reading, newest first."""
    check_lang(lang)
    rows = premises_history(ward["inspections"], premises_id)
    found = ward["violations"].groupby("inspection_id").size()
    return pd.DataFrame(
        {
            _c("id", lang): rows["id"].astype(str).to_numpy(),
            _c("date", lang): [_date(d, lang) for d in rows["date"]],
            _c("kind", lang): [INSPECTION_KIND.label(k, lang) for k in rows["kind"]],
            _c("result", lang): [INSPECTION_RESULT.label(r, lang) for r in rows["result"]],
            _c("violations", lang): [format_number(int(found.get(i, 0)), lang) for i in rows["id"]],
            _c("inspectors", lang): rows["inspectors"].astype(object).fillna("").to_numpy(),
            _c("officer", lang): rows["officer"].astype(object).fillna("").to_numpy(),
            _c("note", lang): rows["note"].astype(object).fillna("").to_numpy(),
        }
    )


def _checklist_table(inspection: pd.Series, category: str, ward: Ward, lang: str) -> Table:
    answers = decode_checklist(inspection["checklist"])
    items = checklist_for(ward.config.inspection, category)
    items += tuple(i for i in answers if i not in items)
    rows = tuple(
        (
            format_number(n, lang),
            pick(CHECKLIST_LABELS[item], lang),
            CHECK_ANSWER.label(answers[item], lang) if item in answers else "–",
        )
        for n, item in enumerate(items, start=1)
    )
    return Table(
        (_c("order", lang), _c("item", lang), _c("answer", lang)), rows, (0.8, 6.0, 2.6), (0,)
    )


def _violation_block(frame: pd.DataFrame, lang: str, *, today: dt.date) -> Table:
    shown = violations_table(frame, lang, today=today)
    keys = ("item", "description", "legal_basis", "deadline", "state")
    rows = tuple(
        (format_number(n, lang), *(str(r[_c(k, lang)]) for k in keys))
        for n, (_, r) in enumerate(shown.iterrows(), start=1)
    )
    header = (_c("order", lang), *(_c(k, lang) for k in keys))
    return Table(header, rows, (0.8, 2.2, 3.4, 2.8, 2.1, 2.0), (0,))


def _parties(inspection: pd.Series, premises: pd.Series, lang: str) -> list[Paragraph]:
    category = PREMISES_CATEGORY.label(premises["category"], lang)
    lines = [
        _t("team", lang, names=_text(inspection["inspectors"], lang)),
        _t("officer", lang, name=_text(inspection["officer"], lang)),
        _t("premises", lang, name=_text(premises["name"], lang), category=category),
        _t("address", lang, text=_text(premises["address"], lang)),
        _t("representative", lang, name=_text(premises["contact_person"], lang)),
    ]
    return [Paragraph(f"- {line}", plain=True) for line in lines]


def _masthead(ward: Ward, premises: pd.Series, day: pd.Timestamp, number: str, lang: str):
    report = ward.config.report
    level = premises["management_level"]
    if not isinstance(level, str):  # not recorded: the category's default (NĐ 105/2025)
        level = DEFAULT_MANAGEMENT_LEVEL.get(premises["category"], "ward")
    key = "issuer_police" if level == "police" else "issuer_ward"
    place = report.place or ward.name
    return Masthead(
        "state",
        report.state_superior,
        _t(key, lang, ward=ward.name.upper()),
        _t("number", lang, n=number),
        f"{place}, {long_date(day, lang)}",
    )


def record_document(
    ward: Ward, inspection_id: str, lang: str = "vi", *, today: dt.date | None = None
) -> Document:
    """Return the biên bản kiểm tra of inspection ``inspection_id`` as a document model.

    Raises
    ------
    ValueError
        ``inspection_id`` (or its premises) is not stored.
    """
    check_lang(lang)
    today = dt.date.today() if today is None else today
    inspection = _one(ward["inspections"], "id", inspection_id, "inspection_id")
    premises = _one(ward["premises"], "id", inspection["premises_id"], "premises_id")
    day = pd.Timestamp(inspection["date"])
    violations = ward["violations"]
    found = violations[violations["inspection_id"] == inspection_id]
    history = premises_history(ward["inspections"], premises["id"])
    before = set(history.loc[pd.to_datetime(history["date"]) <= day, "id"]) - {inspection_id}
    fixed_here = pd.to_datetime(violations["fixed_on"]) == day
    checked = violations[
        violations["inspection_id"].isin(before) & (fixed_here | (violations["status"] == "open"))
    ]
    kind = INSPECTION_KIND.label(inspection["kind"], lang).lower()
    place = ", ".join(str(v) for v in (premises["name"], premises["address"]) if pd.notna(v))
    blocks: list = [
        Paragraph(_t("opening", lang, date=long_date(day, lang), place=place, kind=kind)),
        Paragraph(_t("basis", lang, text=ward.config.inspection.legal_basis)),
        Heading(_t("parties", lang), level=2),
        *_parties(inspection, premises, lang),
    ]
    if pd.notna(inspection["follow_up_of"]):
        blocks.append(Paragraph(_t("follow_up", lang, id=inspection["follow_up_of"])))
    blocks += [
        Heading(_t("checklist", lang), level=2),
        _checklist_table(inspection, premises["category"], ward, lang),
        Heading(_t("violations", lang), level=2),
    ]
    when = day.date()
    blocks.append(
        _violation_block(found, lang, today=when) if len(found) else Paragraph(_t("none", lang))
    )
    if len(checked):
        blocks += [
            Heading(_t("earlier", lang), level=2),
            _violation_block(checked, lang, today=when),
        ]
    result = INSPECTION_RESULT.label(inspection["result"], lang)
    blocks.append(Paragraph(_t("result", lang, text=result), bold=True))
    if pd.notna(inspection["note"]) and inspection["note"]:
        blocks.append(Paragraph(_t("note", lang, text=inspection["note"])))
    blocks.append(Paragraph(_t("closing", lang)))
    blank = _t("blank", lang)
    return Document(
        masthead=_masthead(ward, premises, day, blank, lang),
        kind=_t("kind", lang),
        subject=_t("subject", lang),
        blocks=tuple(blocks),
        signature=Signature(
            on_behalf=_t("sign_team", lang),
            title=_t("sign_hint", lang),
            name=blank,  # the team's head signs: a name, not the officer's user name
            recipients_label=_t("sign_premises", lang),
            recipients=(),
        ),
        meta_title=f"{_t('kind', lang)} {inspection_id}",
    )
