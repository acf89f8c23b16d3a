"""Sign-in rules: session expiry and the failed sign-in limit (clock injected), masking."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.export.layers import export_layer
from pipelines.model.access import (
    MASK,
    LoginGuard,
    SessionBook,
    log_login,
    mask_personal,
    start_session,
)
from pipelines.model.schema import LAYER_NAMES, get_layer
from pipelines.model.settings_access import AccessSection
from pipelines.model.store import open_ward


class Clock:
    def __init__(self, t: float = 1_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_a_session_expires_after_the_setting() -> None:
    settings = AccessSection(session_minutes=30.0)
    session = start_session("lan", "editor", settings, now=1000.0)
    assert not session.expired(1000.0 + 29 * 60)
    assert session.expired(1000.0 + 30 * 60)
    assert session.sees_personal
    assert not start_session("an", "viewer", settings, now=0.0).sees_personal
    other = start_session("lan", "editor", settings, now=1000.0)
    assert len(session.token) >= 32 and other.token != session.token


def test_the_book_finds_a_session_by_cookie_until_it_expires_or_is_removed() -> None:
    settings = AccessSection(session_minutes=30)
    book = SessionBook()
    first = start_session("an", "editor", settings, now=1_000.0)
    second = start_session("binh", "viewer", settings, now=1_500.0)
    book.add(first)
    book.add(second)
    assert first.cookie != first.token, "the cookie is not the layer folder's token"
    assert book.find(first.cookie, 1_001.0) is first
    assert book.find(first.token, 1_001.0) is None, "a layer address signs nobody in"
    assert book.find("", 1_001.0) is None and book.find(None, 1_001.0) is None
    assert book.find(first.cookie, 1_000.0 + 30 * 60) is None, "expired"
    assert not book.holds(first), "an expired session is dropped"
    assert book.holds(second)
    book.remove(second)
    assert book.find(second.cookie, 1_501.0) is None and not book.holds(second)


def test_too_many_failures_lock_the_name_for_a_while() -> None:
    clock = Clock()
    guard = LoginGuard(clock)
    settings = AccessSection(max_failed_logins=3, lockout_minutes=10.0)
    assert not guard.failed("lan", settings)
    assert not guard.failed("lan", settings)
    assert guard.locked_for("lan") == 0.0
    assert guard.failed("lan", settings), "the third failure locks"
    assert guard.locked_for("lan") == pytest.approx(600.0)
    assert guard.locked_for("binh") == 0.0, "other names are not locked"
    clock.t += 599
    assert guard.locked_for("lan") == pytest.approx(1.0)
    clock.t += 2
    assert guard.locked_for("lan") == 0.0
    guard.failed("lan", settings)
    guard.succeeded("lan")  # a success clears the count
    guard.failed("lan", settings)
    guard.failed("lan", settings)
    assert guard.locked_for("lan") == 0.0


def test_attempts_are_logged_one_line_each(tmp_path: Path) -> None:
    log_login(tmp_path, "lan", "failed", "10.0.0.7", now=0.0)
    log_login(tmp_path, "x\ny", "ok", "127.0.0.1", now=60.0)
    lines = (tmp_path / "dang-nhap.log").read_text(encoding="utf-8").splitlines()
    assert lines == [
        "1970-01-01T00:00:00+00:00\tfailed\tlan\t10.0.0.7",
        "1970-01-01T00:01:00+00:00\tok\tx y\t127.0.0.1",
    ]


def personal_values(ward) -> set[str]:
    """Every personal value of a ward (names, phone numbers) as text."""
    found = set()
    for name in LAYER_NAMES:
        for f in get_layer(name).fields:
            if f.personal and f.name in ward[name].columns:
                found |= {str(v) for v in ward[name][f.name].dropna() if str(v)}
    return found


def test_masked_ward_keeps_no_personal_value_even_in_exports(sample_ward_copy: Path) -> None:
    ward = open_ward(sample_ward_copy)
    values = personal_values(ward)
    assert len(values) > 100, "the sample has names and phone numbers to hide"
    masked = mask_personal(ward)
    assert personal_values(masked) == {MASK}
    assert len(masked["premises"]) == len(ward["premises"])
    assert ward["premises"]["contact_phone"].notna().any(), "the stored ward is untouched"
    phones = {v for v in values if v.startswith("0000")}
    for layer in ("premises", "firefighting_points", "residential_groups"):
        for fmt in ("csv", "geojson"):
            text = export_layer(masked[layer], layer, fmt).decode("utf-8-sig")
            assert not [v for v in phones if v in text], (layer, fmt)
        full = export_layer(ward[layer], layer, "csv").decode("utf-8-sig")
        assert any(v in full for v in phones), "the editor's export has them"
