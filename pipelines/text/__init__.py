"""Every label in both languages and every number and date format (the ground floor)."""

from pipelines.text.formats import (
    check_lang,
    format_date,
    format_distance,
    format_number,
    format_percent,
    format_vnd,
    yes_no,
)

__all__ = [
    "check_lang",
    "format_date",
    "format_distance",
    "format_number",
    "format_percent",
    "format_vnd",
    "yes_no",
]
