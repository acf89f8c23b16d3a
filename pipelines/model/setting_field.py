"""One setting: a dataclass field whose metadata documents it (labels, unit, source).

Shared by every settings section module (:mod:`pipelines.model.settings` and the
``settings_*`` modules), so each section can live in its own module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import Any

PRODUCT_DEFAULT = "Mặc định của sản phẩm, chưa có nguồn công bố: phường tự điều chỉnh"


def setting(
    default: Any,
    *,
    vi: str,
    en: str,
    source: str,
    unit: str = "",
    confidence: str = "",
    minimum: float | None = None,
    maximum: float | None = None,
    check: Callable[[str, Any], Any] | None = None,
) -> Any:
    """Declare one setting: a dataclass field whose metadata documents it.

    ``check(key, value)`` validates a setting of its own shape (``[plan] indicators``) and
    returns the value to keep; it raises ``ConfigError``.
    """
    meta = {
        "vi": vi,
        "en": en,
        "source": source,
        "unit": unit,
        "confidence": confidence,
        "minimum": minimum,
        "maximum": maximum,
        "check": check,
    }
    if isinstance(default, dict | list):
        return field(default_factory=lambda d=default: copy_value(d), metadata=meta)
    return field(default=default, metadata=meta)


def copy_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: copy_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_value(v) for v in value]
    return value
