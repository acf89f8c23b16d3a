"""The sample's inspection history: officers in charge, inspections and violations.

Invented (the ward is synthetic), and consistent with the premises' summary fields drawn in
:mod:`pipelines.sample.lots`: each inspected premises gets an inspection on its
``last_inspection`` with its ``inspection_result`` and one open violation per
``open_violations`` (deadline ``violation_deadline``, text from ``violation_note``); some also
get an earlier inspection whose violations were fixed (on time or late), so the history
recomputes the same summary and the risk score does not change.

Drawn from their own random stream (``seed``, :data:`STREAM`) so the rest of the sample ward
stays what it was before these were added.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from pipelines.model.inspection import encode_checklist
from pipelines.model.settings_inspection import InspectionSection, checklist_for
from pipelines.sample.attributes import layer_frame, person_names

STREAM = 37  # second word of the seed sequence of this module's generator
OFFICERS = ("canbo.an", "canbo.binh", "canbo.cuong")  # synthetic user names, by tổ dân phố
_EARLIER_SHARE = 0.5  # inspected premises with an earlier inspection on record
_EARLIER_MONTHS = (10, 14)  # how long before the last one
_LATE_SHARE = 0.25  # earlier violations fixed after their deadline
# Checklist item of each violation text of the sample (pipelines.sample.lots._VIOLATION_NOTES).
_NOTE_ITEM = {
    "Bình chữa cháy hết hạn": "extinguishers",
    "Chưa trang bị đủ bình": "extinguishers",
    "Lối thoát nạn": "exits",
    "Cửa thoát nạn": "exits",
    "Hệ thống báo cháy": "alarm",
    "Đèn chiếu sáng sự cố": "exits",
    "Để hàng hóa dễ cháy": "storage",
}
_SYNTHETIC = "Dữ liệu mô phỏng"


def _item(text: str) -> str | None:
    return next((item for key, item in _NOTE_ITEM.items() if text.startswith(key)), None)


def _checklist(category: str, failed: set[str], section: InspectionSection) -> str:
    items = checklist_for(section, category)
    return encode_checklist({i: "fail" if i in failed else "pass" for i in items})


def _violation(vid: str, iid: str, pid: str, text: str, deadline, basis: str) -> dict:
    return {
        "id": vid,
        "inspection_id": iid,
        "premises_id": pid,
        "item": _item(text),
        "description": text,
        "legal_basis": basis,
        "deadline": deadline,
        "status": "open",
        "note": _SYNTHETIC,
    }


def inspection_layers(
    premises: gpd.GeoDataFrame, rng: np.random.Generator
) -> tuple[gpd.GeoDataFrame, pd.DataFrame, pd.DataFrame]:
    """Return the premises with an ``officer``, and the ``inspections`` and ``violations``."""
    section = InspectionSection()
    groups = premises["residential_group_id"].astype(str)
    order = {g: i for i, g in enumerate(sorted(set(groups)))}
    out = premises.copy()
    out["officer"] = pd.array([OFFICERS[order[g] % len(OFFICERS)] for g in groups], dtype="string")
    teams = person_names(rng, 2 * len(OFFICERS)).reshape(len(OFFICERS), 2)
    team = {o: ", ".join(t) for o, t in zip(OFFICERS, teams, strict=True)}
    inspections, violations = [], []
    for row in out[out["last_inspection"].notna()].itertuples():
        last = pd.Timestamp(row.last_inspection)
        text = row.violation_note if isinstance(row.violation_note, str) else ""
        count = 0 if pd.isna(row.open_violations) else int(row.open_violations)
        found = [s.strip() for s in text.split(";") if s.strip()][:count]  # construction: last
        if rng.random() < _EARLIER_SHARE:
            before = last - pd.DateOffset(months=int(rng.integers(*_EARLIER_MONTHS)))
            iid = f"KT-{before:%Y%m%d}-{row.id}"
            text = "Bình chữa cháy hết hạn, chưa nạp lại"
            deadline = before + pd.Timedelta(days=section.violation_days)
            late = rng.random() < _LATE_SHARE
            fixed = deadline + pd.Timedelta(days=20) if late else deadline - pd.Timedelta(days=7)
            failed = {"extinguishers"}
            inspections.append(
                (iid, row, before, "periodic", "failed", _checklist(row.category, failed, section))
            )
            v = _violation(f"{iid}-VP1", iid, row.id, text, deadline, section.legal_basis)
            violations.append({**v, "status": "fixed", "fixed_on": min(fixed, last)})
        iid = f"KT-{last:%Y%m%d}-{row.id}"
        failed = {_item(n) for n in found} - {None}
        check = _checklist(row.category, failed, section)
        inspections.append((iid, row, last, "periodic", row.inspection_result, check))
        deadline = row.violation_deadline
        violations += [
            _violation(f"{iid}-VP{k}", iid, row.id, n, deadline, section.legal_basis)
            for k, n in enumerate(found, start=1)
        ]
    ins = layer_frame(
        "inspections",
        {
            "id": [i[0] for i in inspections],
            "premises_id": [i[1].id for i in inspections],
            "date": [i[2] for i in inspections],
            "kind": [i[3] for i in inspections],
            "inspectors": [team[i[1].officer] for i in inspections],
            "officer": [i[1].officer for i in inspections],
            "result": [i[4] for i in inspections],
            "checklist": [i[5] for i in inspections],
            "note": _SYNTHETIC,
        },
        None,
    )
    return out, ins, layer_frame("violations", pd.DataFrame(violations).to_dict("list"), None)
