"""Recording inspections of premises: the inspection, its violations and the premises' summary.

An inspection is one row of the ``inspections`` layer (date, inspectors, officer, kind,
result, checklist answers as text ``item=answer; …``, note, the inspection it follows up);
the violations it finds are rows of ``violations`` (item, description, legal basis, deadline,
status, fixed_on). The premises keeps a summary of its history — ``last_inspection``,
``inspection_result``, ``open_violations``, ``violation_deadline`` (the earliest open
violation's deadline: the date its follow-up falls due) — which the risk score and the lists
read. :func:`record_inspection` writes the three layers in ONE atomic write under the ward's
lock, audited with ``how="inspection"``.

Where the inspections layer has rows for a premises, they are the truth:
:func:`with_inspection_history` recomputes the summary from them (a ward that imported its
inspection history gets the same score as one that recorded it here).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from pipelines.model import audit, store
from pipelines.model.errors import Problem, ValidationError
from pipelines.model.schema import CHECK_ANSWER, INSPECTION_KIND, INSPECTION_RESULT
from pipelines.model.settings import load_config
from pipelines.model.settings_inspection import CHECKLIST_ITEMS
from pipelines.model.store import LayerChange, Ward

SUMMARY_FIELDS = ("last_inspection", "inspection_result", "open_violations", "violation_deadline")


@dataclass(frozen=True)
class FoundViolation:
    """A violation found at an inspection: what, under which rule, fixed by when."""

    description: str
    item: str = ""
    legal_basis: str = ""
    deadline: dt.date | None = None


@dataclass(frozen=True)
class InspectionRecord:
    """What an officer records for one inspection of one premises.

    ``checklist`` maps checklist items (:data:`CHECKLIST_ITEMS`) to an answer code of
    :data:`pipelines.model.schema.CHECK_ANSWER`; ``fixed`` names the premises' earlier open
    violations found fixed (the others stay open); ``violations`` are the new ones.
    """

    premises_id: str
    date: dt.date
    kind: str
    result: str
    inspectors: str = ""
    officer: str = ""
    checklist: Mapping[str, str] = field(default_factory=dict)
    violations: tuple[FoundViolation, ...] = ()
    fixed: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Recorded:
    """What :func:`record_inspection` wrote: ids, the follow-up date, the layer changes."""

    inspection_id: str
    violation_ids: tuple[str, ...]
    follow_up: dt.date | None
    changes: Mapping[str, LayerChange]


def encode_checklist(answers: Mapping[str, str]) -> str:
    """Return the checklist as stored: ``item=answer`` pairs in form order, ``; `` between."""
    return "; ".join(f"{i}={answers[i]}" for i in CHECKLIST_ITEMS if answers.get(i))


def decode_checklist(text: object) -> dict[str, str]:
    """Return the answers of a stored checklist (unknown pairs are skipped)."""
    if not isinstance(text, str):
        return {}
    pairs = (part.split("=", 1) for part in text.split(";") if "=" in part)
    out = {k.strip(): v.strip() for k, v in pairs}
    return {k: v for k, v in out.items() if k in CHECKLIST_ITEMS and v in CHECK_ANSWER}


def _problem(field_name: str, value: object, vi: str, en: str) -> Problem:
    return Problem("inspections", "", field_name, str(value)[:80], vi, en)


def _check_values(record: InspectionRecord, *, today: dt.date) -> list[Problem]:
    out = []
    if record.date > today:
        out.append(_problem("date", record.date, "Ngày kiểm tra ở tương lai", "Date in the future"))
    if record.kind not in INSPECTION_KIND:
        out.append(_problem("kind", record.kind, "Hình thức không hợp lệ", "Unknown kind"))
    if record.result not in INSPECTION_RESULT:
        out.append(_problem("result", record.result, "Kết quả không hợp lệ", "Unknown result"))
    for item, answer in record.checklist.items():
        if item not in CHECKLIST_ITEMS or answer not in CHECK_ANSWER:
            out.append(
                _problem(
                    "checklist",
                    f"{item}={answer}",
                    "Nội dung hoặc câu trả lời kiểm tra không hợp lệ",
                    "Unknown checklist item or answer",
                )
            )
    for n, v in enumerate(record.violations, start=1):
        if not v.description.strip():
            out.append(
                _problem(
                    "violations",
                    n,
                    f"Vi phạm thứ {n}: cần ghi nội dung vi phạm",
                    f"Violation {n}: a description is needed",
                )
            )
        if v.deadline is not None and v.deadline < record.date:
            out.append(
                _problem(
                    "violations",
                    v.deadline,
                    f"Vi phạm thứ {n}: hạn khắc phục trước ngày kiểm tra",
                    f"Violation {n}: the deadline is before the inspection date",
                )
            )
        if v.item and v.item not in CHECKLIST_ITEMS:
            out.append(_problem("violations", v.item, "Nội dung kiểm tra không hợp lệ", "Bad item"))
    return out


def _check_outcome(record: InspectionRecord, still_open: int) -> list[Problem]:
    if record.result == "passed" and record.violations:
        return [
            _problem(
                "result",
                record.result,
                "Kết quả 'Đạt' nhưng có vi phạm mới: chọn 'Không đạt, có vi phạm'",
                "Result 'Passed' with new violations: choose 'Failed'",
            )
        ]
    if record.result == "failed" and not record.violations and not still_open:
        return [
            _problem(
                "result",
                record.result,
                "Kết quả 'Không đạt, có vi phạm' cần ít nhất một vi phạm",
                "Result 'Failed' needs at least one violation",
            )
        ]
    return []


def open_violations(violations: pd.DataFrame, premises_id: str) -> pd.DataFrame:
    """Return the open violations of one premises, earliest deadline first."""
    mine = violations[(violations["premises_id"] == premises_id) & (violations["status"] == "open")]
    return mine.sort_values(["deadline", "id"], na_position="last", kind="stable")


def premises_history(inspections: pd.DataFrame, premises_id: str) -> pd.DataFrame:
    """Return the inspections of one premises, newest first."""
    mine = inspections[inspections["premises_id"] == premises_id]
    return mine.sort_values(["date", "id"], ascending=False, kind="stable")


def inspection_summary(inspections: pd.DataFrame, violations: pd.DataFrame) -> pd.DataFrame:
    """Return per premises id (the index) its summary from the inspection history.

    Columns :data:`SUMMARY_FIELDS`: the latest inspection's date and result, the number of
    open violations and the earliest open deadline (``NaT`` when none is open). Only premises
    with at least one inspection are in it.
    """
    if not len(inspections):
        return pd.DataFrame(columns=list(SUMMARY_FIELDS), index=pd.Index([], dtype="string"))
    latest = inspections.sort_values(["date", "id"], kind="stable").groupby("premises_id").last()
    out = pd.DataFrame(
        {"last_inspection": latest["date"], "inspection_result": latest["result"]},
        index=latest.index,
    )
    live = violations[violations["status"] == "open"]
    grouped = live.groupby("premises_id")
    out["open_violations"] = grouped.size().reindex(out.index).fillna(0).astype("Int64")
    out["violation_deadline"] = grouped["deadline"].min().reindex(out.index)
    return out


def with_inspection_history(ward: Ward) -> Ward:
    """Return ``ward`` with the summary of premises that have inspections recomputed from them."""
    inspections, premises = ward["inspections"], ward["premises"]
    if not len(inspections) or not len(premises):
        return ward
    summary = inspection_summary(inspections, ward["violations"])
    rows = premises["id"].isin(summary.index).to_numpy()
    if not rows.any():
        return ward
    out = premises.copy()
    ids = out.loc[rows, "id"]
    for name in SUMMARY_FIELDS:
        out.loc[rows, name] = summary[name].reindex(ids).to_numpy()
    return dataclasses.replace(ward, layers={**ward.layers, "premises": out})


def _new_id(taken: pd.Series, record: InspectionRecord) -> str:
    base = f"KT-{record.date:%Y%m%d}-{record.premises_id}"
    used = set(taken.astype(str))
    n, out = 1, base
    while out in used:
        n += 1
        out = f"{base}-{n}"
    return out


def _violation_rows(record: InspectionRecord, inspection_id: str, days: int) -> pd.DataFrame:
    default = pd.Timestamp(record.date) + pd.Timedelta(days=days)
    return pd.DataFrame(
        {
            "id": [f"{inspection_id}-VP{n}" for n in range(1, len(record.violations) + 1)],
            "inspection_id": inspection_id,
            "premises_id": record.premises_id,
            "item": [v.item or None for v in record.violations],
            "description": [v.description.strip() for v in record.violations],
            "legal_basis": [v.legal_basis.strip() or None for v in record.violations],
            "deadline": [
                default if v.deadline is None else pd.Timestamp(v.deadline)
                for v in record.violations
            ],
            "fixed_on": pd.NaT,
            "status": "open",
        }
    )


def _inspection_row(record: InspectionRecord, inspection_id: str, follow_up_of: str | None):
    return pd.DataFrame(
        {
            "id": [inspection_id],
            "premises_id": record.premises_id,
            "date": pd.Timestamp(record.date),
            "kind": record.kind,
            "inspectors": record.inspectors.strip() or None,
            "officer": record.officer.strip() or None,
            "result": record.result,
            "checklist": encode_checklist(record.checklist) or None,
            "follow_up_of": follow_up_of,
            "note": record.note.strip() or None,
        }
    )


def _fixed_rows(
    record: InspectionRecord, still: pd.DataFrame
) -> tuple[pd.DataFrame, list[Problem]]:
    unknown = [i for i in record.fixed if i not in set(still["id"])]
    problems = [
        Problem(
            "violations",
            i,
            "id",
            i,
            "Không phải vi phạm đang mở của cơ sở này",
            "Not an open violation of this premises",
        )
        for i in unknown
    ]
    fixed = pd.DataFrame(
        still[still["id"].isin(record.fixed)].drop(columns="geometry", errors="ignore")
    )
    fixed["status"] = "fixed"
    fixed["fixed_on"] = pd.Timestamp(record.date)
    return fixed, problems


def record_inspection(
    ward_dir: str | Path, record: InspectionRecord, *, user: str, today: dt.date | None = None
) -> Recorded:
    """Record one inspection: its row, its violations, the earlier violations found fixed and
    the premises' summary, in one atomic write under the ward's lock (audited
    ``how="inspection"``). The follow-up falls due at the earliest open deadline; a new
    violation without a deadline gets ``[inspection] violation_days`` after the inspection.

    Raises
    ------
    ValidationError
        Every problem found (Vietnamese and English reasons); nothing is written.
    """
    today = dt.date.today() if today is None else today
    with store.ward_lock(ward_dir):
        premises = store.read_layer(ward_dir, "premises")
        inspections = store.read_layer(ward_dir, "inspections")
        violations = store.read_layer(ward_dir, "violations")
        problems = _check_values(record, today=today)
        target = premises[premises["id"] == record.premises_id]
        if not len(target):
            problems.append(
                _problem(
                    "premises_id", record.premises_id, "Không có cơ sở này", "No such premises"
                )
            )
        still = open_violations(violations, record.premises_id)
        fixed, found = _fixed_rows(record, still)
        problems += found + _check_outcome(record, len(still) - len(fixed))
        if problems:
            raise ValidationError(problems, context=str(ward_dir))
        earlier = premises_history(inspections, record.premises_id)
        with_open = earlier[earlier["id"].isin(still["inspection_id"])]
        follow_up_of = str(with_open["id"].iloc[0]) if len(with_open) else None
        inspection_id = _new_id(inspections["id"], record)
        row = _inspection_row(record, inspection_id, follow_up_of)
        days = load_config(store.config_path(ward_dir)).inspection.violation_days
        new = _violation_rows(record, inspection_id, days)
        written = pd.concat([fixed, new], ignore_index=True) if len(fixed) else new
        after_v = pd.concat(
            [
                violations[~violations["id"].isin(written["id"])].drop(
                    columns="geometry", errors="ignore"
                ),
                written,
            ],
            ignore_index=True,
        )
        after_i = pd.concat(
            [inspections.drop(columns="geometry", errors="ignore"), row], ignore_index=True
        )
        summary = inspection_summary(after_i, after_v).loc[record.premises_id]
        summed = gpd.GeoDataFrame(target.copy())
        for name in SUMMARY_FIELDS:
            summed[name] = [summary[name]]
        changes = {"inspections": {"upserts": row}, "premises": {"upserts": summed}}
        if len(written):
            changes["violations"] = {"upserts": written}
        actor = audit.Actor(user, "inspection", note=f"kiểm tra {record.premises_id}")
        done = store.apply_layer_changes(ward_dir, changes, actor=actor)
    deadline = summary["violation_deadline"]
    return Recorded(
        inspection_id=inspection_id,
        violation_ids=tuple(new["id"]),
        follow_up=None if pd.isna(deadline) else pd.Timestamp(deadline).date(),
        changes=done,
    )


def _day(value: object) -> dt.date | None:
    if isinstance(value, str):
        return dt.date.fromisoformat(value) if value.strip() else None
    if value is None or pd.isna(value):  # pd.NaT is a datetime too
        return None
    return pd.Timestamp(value).date()


def record_from_form(
    premises_id: str,
    *,
    violations: Iterable[Mapping[str, object]] = (),
    **values: object,
) -> InspectionRecord:
    """Build an :class:`InspectionRecord` from a form's plain values: ``violations`` are rows
    ``{item, description, legal_basis, deadline}`` (blank rows are skipped; a row with only
    some cells is kept, for the check to name what it lacks)."""
    found = []
    for row in violations:
        cells = {k: row.get(k) for k in ("item", "description", "legal_basis", "deadline")}
        text = {k: str(v).strip() if isinstance(v, str) else "" for k, v in cells.items()}
        if not any(text.values()) and _day(cells["deadline"]) is None:
            continue
        found.append(
            FoundViolation(
                description=text["description"],
                item=text["item"],
                legal_basis=text["legal_basis"],
                deadline=_day(cells["deadline"]),
            )
        )
    return InspectionRecord(premises_id=premises_id, violations=tuple(found), **values)


def violation_state(violations: pd.DataFrame, *, today: dt.date) -> np.ndarray:
    """Return per violation "fixed", "overdue" (open past its deadline) or "open"."""
    deadline = pd.to_datetime(violations["deadline"])
    overdue = (deadline < pd.Timestamp(today)).fillna(False).to_numpy(dtype=bool)
    fixed = (violations["status"] == "fixed").fillna(False).to_numpy(dtype=bool)
    return np.where(fixed, "fixed", np.where(overdue, "overdue", "open"))
