"""Labels: one pair per concept, picked by language."""

from __future__ import annotations

import pytest

from pipelines.text.labels import pick, pick_table


def test_pick_and_pick_table() -> None:
    assert pick(("Có", "Yes"), "vi") == "Có"
    assert pick(("Có", "Yes"), "en") == "Yes"
    assert pick_table({"a": ("Một", "One")}, "en") == {"a": "One"}
    with pytest.raises(ValueError, match="got 'fr' instead"):
        pick(("Có", "Yes"), "fr")
