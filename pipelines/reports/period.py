"""The period a review report covers: a quarter, a half-year or a year (``2026-Q3``, ``2026-H1``,
``2026``), its first and last day, its name in words and the same period one year earlier."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from pipelines.model.errors import ReportError
from pipelines.text.labels import pick
from pipelines.text.labels_reports import PERIOD_TEXT

_PATTERN = re.compile(r"^\s*(\d{4})(?:-(Q[1-4]|H[12]))?\s*$", re.IGNORECASE)
_ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Period:
    """A reporting period: ``year`` and ``part`` ("Q1"…"Q4", "H1", "H2" or "" for the year).

    ``start`` is its first day, ``end`` its last day (both at midnight).
    """

    year: int
    part: str = ""

    @property
    def start(self) -> pd.Timestamp:
        first_month = {"": 1, "H1": 1, "H2": 7}.get(self.part) or 3 * int(self.part[1:]) - 2
        return pd.Timestamp(self.year, first_month, 1)

    @property
    def end(self) -> pd.Timestamp:
        months = 12 if not self.part else (6 if self.part[0] == "H" else 3)
        return self.start + pd.DateOffset(months=months) - pd.Timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.part}" if self.part else str(self.year)

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.part)

    def label(self, lang: str = "vi") -> str:
        """The period in words: "quý III năm 2026", "6 tháng đầu năm 2026", "năm 2026"."""
        if not self.part:
            return pick(PERIOD_TEXT["year"], lang).format(year=self.year)
        if self.part[0] == "Q":
            q = int(self.part[1:])
            text = pick(PERIOD_TEXT["quarter"], lang)
            return text.format(roman=_ROMAN[q - 1], q=q, year=self.year)
        return pick(PERIOD_TEXT[self.part], lang).format(year=self.year)

    def review_kind(self, lang: str = "vi") -> str:
        """ "sơ kết" (interim review) for part of a year, "tổng kết" (final review) for a year."""
        return pick(PERIOD_TEXT["kind_part" if self.part else "kind_year"], lang)


def parse_period(text: str) -> Period:
    """Read ``2026-Q3``, ``2026-H1`` or ``2026`` (case does not matter).

    Raises
    ------
    ReportError
        The text is none of these forms (the message gives the forms, in Vietnamese and English).
    """
    match = _PATTERN.match(str(text))
    year = int(match.group(1)) if match else 0
    if not match or not 1900 <= year <= 2200:
        raise ReportError(
            f"Kỳ báo cáo {text!r} không hợp lệ: viết theo dạng 2026-Q3 (quý), 2026-H1 "
            "(6 tháng đầu năm), 2026-H2 (6 tháng cuối năm) hoặc 2026 (cả năm)",
            f"'period' should be like 2026-Q3, 2026-H1, 2026-H2 or 2026, got {text!r} instead",
        )
    return Period(year, (match.group(2) or "").upper())


def period_choices(today: pd.Timestamp, *, years: int = 3) -> list[Period]:
    """Periods a user may pick, most recent first: this year's quarters and halves up to the
    current one, then the whole years and their parts before it."""
    out = []
    for year in range(today.year, today.year - years, -1):
        parts = ["Q4", "H2", "Q3", "Q2", "H1", "Q1"]
        candidates = [Period(year, p) for p in parts] + [Period(year)]
        out.extend(p for p in candidates if p.start <= today)
    return sorted(out, key=lambda p: (p.end, -len(p.part)), reverse=True)
