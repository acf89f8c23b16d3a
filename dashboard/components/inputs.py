"""Number fields that read numbers as the reader writes them (``3,5``, ``1.234,5``).

Streamlit's ``number_input`` shows ``3.50`` and reads ``3,0`` as 30; :func:`number_field`
is a text field read with ``parse_number`` and shown with ``number_text``.
"""

from __future__ import annotations

import streamlit as st

from dashboard.texts import literal, t
from pipelines.text.formats import NumberFormatError, number_text, parse_number


def number_field(
    label: str,
    *,
    value: float,
    key: str,
    lang: str,
    minimum: float | None = None,
    maximum: float | None = None,
    whole: bool = False,
    help: str | None = None,
    disabled: bool = False,
    container: object = st,
) -> float:
    """Show a number field; return what was typed, or ``value`` with an error when unusable.

    A text that is not a number, not whole when ``whole``, or outside ``minimum`` –
    ``maximum`` shows a message naming the field under it, and ``value`` is used.
    """
    st.session_state.setdefault(key, number_text(value, lang))
    typed = container.text_input(label, key=key, help=help, disabled=disabled)
    try:
        number = parse_number(typed, name=label, lang=lang)
    except NumberFormatError as exc:
        container.error(literal(exc.message(lang)))
        return value
    low = minimum if minimum is not None else float("-inf")
    high = maximum if maximum is not None else float("inf")
    if (whole and number != int(number)) or not low <= number <= high:
        shown = (
            number_text(minimum, lang) if minimum is not None else "−∞",
            number_text(maximum, lang) if maximum is not None else "∞",
        )
        key_ = "input_whole_range" if whole else "input_range"
        container.error(t(key_, lang).format(name=literal(label), lo=shown[0], hi=shown[1]))
        return value
    return int(number) if whole else number
