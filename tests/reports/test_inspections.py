"""Recording inspections: one audited write, the premises' summary, follow-ups, fixed
violations, refusals; the history feeding the score, the due list and the plan indicators;
the biên bản kiểm tra (Word and PDF text)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines.model import audit, store
from pipelines.model.errors import ConfigError, ValidationError
from pipelines.model.inspection import (
    FoundViolation,
    InspectionRecord,
    decode_checklist,
    record_from_form,
    record_inspection,
    with_inspection_history,
)
from pipelines.model.settings import RiskSection, WardConfig
from pipelines.model.settings_inspection import checklist_for
from pipelines.model.validate import conform_layer
from pipelines.network.risk import inspections_due, premises_risk_inputs
from pipelines.reports import plan_status as ps
from pipelines.reports.inspection_record import record_document
from pipelines.reports.render_docx import docx_bytes
from pipelines.reports.render_pdf import pdf_bytes
from tests.reports.test_plan_status import AS_OF, NETWORK, _hand_ward

DAY = dt.date(2026, 3, 10)


def _record(**values) -> InspectionRecord:
    base = {
        "premises_id": "P1",
        "date": DAY,
        "kind": "periodic",
        "result": "failed",
        "inspectors": "Đại úy Trần Văn Kiểm, Lê Thị Tra",
        "officer": "sua",
        "checklist": {"extinguishers": "fail", "exits": "pass", "alarm": "na"},
        "violations": (
            FoundViolation(
                "Bình chữa cháy hết hạn", "extinguishers", "NĐ 105/2025", DAY.replace(day=30)
            ),
            FoundViolation(
                "Lối thoát nạn <b>bị chắn</b>", "exits", "Luật 55/2024", dt.date(2026, 5, 1)
            ),
        ),
    }
    return InspectionRecord(**{**base, **values})


@pytest.fixture(scope="module")
def recorded(tmp_path_factory, _tiny_ward_template: Path):
    """The tiny ward after an inspection of P1 (two violations), then its follow-up."""
    ward_dir = tmp_path_factory.mktemp("inspect") / "tiny"
    shutil.copytree(_tiny_ward_template, ward_dir, ignore=shutil.ignore_patterns(".lock"))
    backups = len(store.list_backups(ward_dir))
    first = record_inspection(ward_dir, _record(), user="sua", today=DAY)
    after_first = {
        "backups": len(store.list_backups(ward_dir)) - backups,
        "premises": store.read_layer(ward_dir, "premises").set_index("id").loc["P1"],
    }
    follow = record_inspection(
        ward_dir,
        _record(
            date=dt.date(2026, 4, 2),
            kind="follow_up",
            violations=(),
            fixed=(first.violation_ids[0],),
            checklist={"extinguishers": "pass", "exits": "fail"},
        ),
        user="sua",
        today=dt.date(2026, 4, 2),
    )
    return ward_dir, first, after_first, follow


def test_one_audited_write_updates_the_summary_and_schedules_the_follow_up(recorded):
    ward_dir, first, after_first, _ = recorded
    assert after_first["backups"] == 1  # three layers, one atomic write
    assert {k: c.new for k, c in first.changes.items()} == {
        "inspections": 1,
        "violations": 2,
        "premises": 0,
    }
    p1 = after_first["premises"]
    assert p1["last_inspection"] == pd.Timestamp(DAY)
    assert (p1["inspection_result"], p1["open_violations"]) == ("failed", 2)
    assert p1["violation_deadline"] == pd.Timestamp("2026-03-30")  # the earliest open deadline
    assert first.follow_up == dt.date(2026, 3, 30)
    entries = audit.read_entries(store.gpkg_path(ward_dir))
    mine = entries[entries["note"] == "kiểm tra P1"]
    assert set(mine["how"]) == {"inspection"} and set(mine["user"]) == {"sua"}
    assert {"inspections", "violations", "premises"} <= set(mine["layer"])
    created = mine[(mine["layer"] == "violations") & (mine["new"] == "created")]
    assert set(created["feature_id"]) >= set(first.violation_ids)


def test_follow_up_marks_fixed_and_keeps_the_rest_open(recorded):
    ward_dir, first, _, follow = recorded
    v = store.read_layer(ward_dir, "violations").set_index("id")
    fixed, still = first.violation_ids
    assert (v.loc[fixed, "status"], v.loc[fixed, "fixed_on"]) == (
        "fixed",
        pd.Timestamp("2026-04-02"),
    )
    assert v.loc[still, "status"] == "open"
    ins = store.read_layer(ward_dir, "inspections").set_index("id")
    assert ins.loc[follow.inspection_id, "follow_up_of"] == first.inspection_id
    assert decode_checklist(ins.loc[follow.inspection_id, "checklist"]) == {
        "extinguishers": "pass",
        "exits": "fail",
    }
    p1 = store.read_layer(ward_dir, "premises").set_index("id").loc["P1"]
    assert (p1["open_violations"], p1["violation_deadline"]) == (1, pd.Timestamp("2026-05-01"))
    assert follow.follow_up == dt.date(2026, 5, 1)


def test_a_refused_record_names_every_problem_and_writes_nothing(tiny_ward: Path):
    wrong = _record(
        premises_id="P9",
        date=dt.date(2026, 12, 1),
        result="passed",
        checklist={"alarm": "maybe"},
        violations=(FoundViolation("  "), FoundViolation("x", deadline=dt.date(2026, 1, 1))),
        fixed=("KHONG-CO",),
    )
    before = store.ward_version(tiny_ward)
    with pytest.raises(ValidationError) as caught:
        record_inspection(tiny_ward, wrong, user="sua", today=dt.date(2026, 6, 1))
    reasons = "\n".join(p.reason_vi for p in caught.value.problems)
    for reason in (
        "Ngày kiểm tra ở tương lai",
        "Kết quả 'Đạt' nhưng có vi phạm mới",
        "Vi phạm thứ 1: cần ghi nội dung vi phạm",
        "Vi phạm thứ 2: hạn khắc phục trước ngày kiểm tra",
        "Không phải vi phạm đang mở",
        "Không có cơ sở này",
        "câu trả lời kiểm tra không hợp lệ",
    ):
        assert reason in reasons, reason
    assert store.ward_version(tiny_ward) == before
    with pytest.raises(ValidationError, match="at least one violation"):
        record_inspection(tiny_ward, _record(violations=()), user="sua", today=DAY)


def test_form_values_skip_blank_rows_and_take_the_default_deadline(tiny_ward: Path):
    entry = record_from_form(
        "P2",
        date=DAY,
        kind="unscheduled",
        result="remarks",
        violations=[
            {"item": None, "description": None, "legal_basis": "", "deadline": None},
            {"item": "storage", "description": "Hàng sát bảng điện", "deadline": pd.NaT},
        ],
    )
    assert len(entry.violations) == 1 and entry.violations[0].deadline is None
    done = record_inspection(tiny_ward, entry, user="sua", today=DAY)
    v = store.read_layer(tiny_ward, "violations").set_index("id").loc[done.violation_ids[0]]
    assert v["deadline"] == pd.Timestamp(DAY) + pd.Timedelta(days=30)  # [inspection] violation_days


def test_checklist_per_category_is_a_checked_setting():
    section = WardConfig().inspection
    assert "alarm" in checklist_for(section, "karaoke")
    assert "storage" not in checklist_for(section, "school")
    assert checklist_for(section, "office")[:3] == ("extinguishers", "exits", "electrical")
    changed = WardConfig().replace("inspection", item_alarm=" school,  market ")
    assert changed.inspection.item_alarm == "school, market"
    with pytest.raises(ConfigError, match="unknown category codes vu-truong"):
        WardConfig().replace("inspection", item_alarm="karaoke, vu-truong")


def _hand_with_history():
    ward = _hand_ward()
    ins, _ = conform_layer(
        "inspections",
        pd.DataFrame(
            {
                "id": ["K1", "K2"],
                "premises_id": ["P1", "P2"],
                "date": ["2026-02-01", "2025-12-01"],
                "kind": "periodic",
                "result": ["failed", "failed"],
            }
        ),
    )
    vio, _ = conform_layer(
        "violations",
        pd.DataFrame(
            {
                "id": ["V1", "V2", "V3", "V4"],
                "inspection_id": ["K1", "K1", "K1", "K2"],
                "premises_id": ["P1", "P1", "P1", "P2"],
                "description": "x",
                "deadline": ["2026-03-01", "2026-04-01", "2026-05-15", "2025-01-01"],
                "fixed_on": ["2026-02-20", "2026-05-01", None, "2024-12-01"],
                "status": ["fixed", "fixed", "open", "fixed"],
            }
        ),
    )
    return dataclasses.replace(ward, layers={**ward.layers, "inspections": ins, "violations": vio})


def test_history_feeds_the_score_and_the_due_list():
    ward = _hand_with_history()
    premises = with_inspection_history(ward)["premises"].set_index("id")
    # P1's stored summary said 2 open (deadline 01/03); the layer says 1 open, due 15/05
    assert (premises.loc["P1", "open_violations"], premises.loc["P1", "violation_deadline"]) == (
        1,
        pd.Timestamp("2026-05-15"),
    )
    assert premises.loc["P3", "open_violations"] == 1  # no inspection recorded: kept
    frame = premises.reset_index()
    n = len(frame)
    flags = {k: np.ones(n, bool) for k in ("within_hose_reach", "has_public_point", "has_water")}

    def inputs(rows):
        return premises_risk_inputs(
            rows,
            flags=flags,
            nearby_incidents=np.zeros(n),
            today=dt.date(2026, 4, 1),
            inspection_interval_months=3,
        )

    # on 01/04: the stored summary has P1 past its deadline (01/03); its history says 15/05
    assert inputs(ward["premises"]).violation_overdue.tolist() == [True, False, False, False]
    assert inputs(frame).violation_overdue.tolist() == [False, False, False, False]
    assert inputs(frame).inspection_overdue.tolist() == [False, True, False, False]  # P2
    frame["risk_class"] = pd.Categorical(["high", "low", "very_high", "low"])
    due = inspections_due(frame, RiskSection(), today=dt.date(2026, 5, 20)).set_index(frame["id"])
    # P1: 6 months after 01/02 is 01/08, but the open violation's follow-up comes first
    assert due.loc["P1", "inspection_reason"] == "follow_up"
    assert due.loc["P1", "inspection_due"] == pd.Timestamp("2026-05-15")
    assert due.loc["P1", "inspection_status"] == "overdue"
    assert due.loc["P2", "inspection_reason"] == "periodic"


def test_plan_indicators_are_exact_from_the_violations_layer():
    ward = _hand_with_history()
    ind = ps.plan_indicators(ward, ward.config, as_of=AS_OF, network=NETWORK).set_index("key")
    # due in the period (from 30/06/2025): V1 fixed on time, V2 fixed late, V3 open → 1 of 3
    assert ind.loc["violations_fixed_on_time", "value"] == pytest.approx(100 / 3)
    assert ind.loc["violations_overdue", "value"] == 1  # P1 (V3 past 15/05); P3 due 01/12
    assert ind.loc["high_risk_inspected", "value"] == pytest.approx(200 / 3)  # P1, P3 of P1–P3


def _docx_text(data: bytes) -> str:
    import docx

    doc = docx.Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_bien_ban_in_word_and_pdf(recorded):
    ward_dir, first, _, follow = recorded
    ward = store.open_ward(ward_dir)
    document = record_document(ward, first.inspection_id, "vi", today=DAY)
    word = _docx_text(docx_bytes(document))
    for text in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BIÊN BẢN KIỂM TRA",
        "CÔNG AN PHƯỜNG THỬ",  # karaoke: managed by the police
        "Karaoke <b>Hoa</b> & Sao",  # as typed
        "Đại úy Trần Văn Kiểm",
        "Phương tiện chữa cháy (bình chữa cháy…)",
        "Không đạt",
        "Lối thoát nạn <b>bị chắn</b>",
        "Luật 55/2024",
        "30/03/2026",
        "ĐẠI DIỆN CƠ SỞ",
        "ĐẠI DIỆN ĐOÀN KIỂM TRA",
    ):
        assert text in word, text
    later = _docx_text(docx_bytes(record_document(ward, follow.inspection_id, "vi")))
    assert first.inspection_id in later and "Đã khắc phục" in later  # earlier violations checked
    pdf = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=pdf_bytes(document),
        capture_output=True,
        check=True,
    ).stdout.decode()
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BIÊN BẢN KIỂM TRA", "Luật 55/2024"):
        assert text in pdf, text
    with pytest.raises(ValueError, match="inspection_id"):
        record_document(ward, "KT-KHONG-CO")


def test_the_command_line_writes_the_record(recorded, tmp_path, capsys):
    from pipelines.cli import main

    ward_dir, first, _, _ = recorded
    out = tmp_path / "bien-ban.docx"
    args = ["inspection", first.inspection_id, "--format", "docx", "--out", str(out)]
    assert main([*args, "--ward", str(ward_dir)]) == 0
    assert "BIÊN BẢN KIỂM TRA" in _docx_text(out.read_bytes())
    assert (
        main(
            [
                "inspection",
                "KT-KHONG-CO",
                "--format",
                "pdf",
                "--out",
                str(out),
                "--ward",
                str(ward_dir),
            ]
        )
        == 2
    )
    assert "Không có lần kiểm tra 'KT-KHONG-CO'" in capsys.readouterr().out
