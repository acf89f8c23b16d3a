"""Project exceptions, one module, each subclassing a built-in.

The dashboard maps every :class:`PcccError` to a Vietnamese ``st.error`` in one place
(``dashboard/components/errors.py``) and the CLI to an exit status; nothing else catches
them by message text.
"""

from __future__ import annotations

from dataclasses import dataclass


class PcccError(Exception):
    """Base class of every error the product raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one value: where it is and why, in Vietnamese and English.

    Parameters
    ----------
    layer
        Layer name from :mod:`pipelines.model.schema` (or the file being read).
    feature_id
        The feature's ``id`` or, for input files, the row number as text.
    field
        Field (column) name, or ``"geometry"``.
    value
        The offending value as text (truncated for display).
    reason_vi, reason_en
        Human readable reason.
    """

    layer: str
    feature_id: str
    field: str
    value: str
    reason_vi: str
    reason_en: str

    def reason(self, lang: str = "vi") -> str:
        return self.reason_vi if lang == "vi" else self.reason_en

    def describe(self, lang: str = "vi") -> str:
        if lang == "vi":
            where = f"lớp '{self.layer}', đối tượng '{self.feature_id}', trường '{self.field}'"
        else:
            where = f"layer '{self.layer}', feature '{self.feature_id}', field '{self.field}'"
        shown = f" = {self.value!r}" if self.value != "" else ""
        return f"{where}{shown}: {self.reason(lang)}"


class ValidationError(PcccError, ValueError):
    """Data does not match the data model; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], *, context: str = ""):
        self.problems = tuple(problems)
        self.context = context
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi", *, limit: int = 10) -> str:
        head = {
            "vi": f"Dữ liệu không hợp lệ ({len(self.problems)} lỗi)",
            "en": f"Invalid data ({len(self.problems)} problems)",
        }[lang if lang in ("vi", "en") else "en"]
        if self.context:
            head = f"{head} — {self.context}"
        lines = [p.describe(lang) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            more = len(self.problems) - limit
            lines.append(f"… và {more} lỗi khác" if lang == "vi" else f"… and {more} more")
        return head + ":\n" + "\n".join(f"- {line}" for line in lines)


class _Bilingual:
    """Mixin for errors that carry their message in Vietnamese and English."""

    def __init__(self, message_vi: str, message_en: str):
        self.message_vi = message_vi
        self.message_en = message_en
        super().__init__(message_en)

    def message(self, lang: str = "vi") -> str:
        return self.message_vi if lang == "vi" else self.message_en


class ConfigError(_Bilingual, PcccError, ValueError):
    """A ``ward.toml`` setting is unknown, of the wrong type or out of range."""


class StoreError(_Bilingual, PcccError, OSError):
    """The ward folder is missing, locked, or its GeoPackage cannot be read or written."""


class InputFileError(_Bilingual, PcccError, ValueError):
    """A user file cannot be used at all (unknown format, unreadable, no usable rows)."""


def error_message(exc: BaseException, lang: str = "vi") -> str:
    """Return the user-facing message of a project error in ``lang`` ({"vi", "en"})."""
    message = getattr(exc, "message", None)
    if callable(message):
        return message(lang)
    return str(exc)


class ReportError(_Bilingual, PcccError, ValueError):
    """A report or map book cannot be made as asked (a period that does not parse, a ward
    without what the document needs)."""


class UserError(_Bilingual, PcccError, ValueError):
    """A user account cannot be added, changed or removed (bad name, role, password)."""


class ConflictError(_Bilingual, PcccError, ValueError):
    """Features an editor changes were changed (or removed, or added) by someone else since
    they were read: nothing is written. ``conflicts`` holds one
    :class:`pipelines.model.versions.FeatureConflict` per feature (theirs, mine, the fields
    that differ)."""

    def __init__(self, conflicts: tuple | list):
        self.conflicts = tuple(conflicts)
        ids = ", ".join(f"'{c.feature_id}'" for c in self.conflicts[:5])
        super().__init__(
            f"Không lưu: {ids} đã được người khác thay đổi hoặc xoá sau khi bạn mở. "
            "Hãy xem hai bản và chọn giữ bản nào.",
            f"not saved: {ids} changed or removed by someone else since you opened it; "
            "compare both versions and choose which to keep",
        )
