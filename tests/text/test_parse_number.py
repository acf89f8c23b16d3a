"""Numbers typed by people: ``parse_number`` reads Vietnamese and English writing alike."""

from __future__ import annotations

import pytest

from pipelines.text.formats import NumberFormatError, number_text, parse_number


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("3,0", "vi", 3.0),
        ("3,5", "vi", 3.5),
        ("3.5", "vi", 3.5),
        (" 3,5 ", "vi", 3.5),
        ("1.234,5", "vi", 1234.5),
        ("1,234.5", "vi", 1234.5),
        ("1.234.567", "vi", 1_234_567.0),
        ("1,234,567", "en", 1_234_567.0),
        ("1 234,5", "vi", 1234.5),
        ("1\u00a0234,5", "vi", 1234.5),
        ("1.500", "vi", 1500.0),  # a lone group of three after the thousands mark
        ("1.500", "en", 1.5),
        ("1,500", "en", 1500.0),
        ("1,500", "vi", 1.5),
        ("0.125", "vi", 0.125),  # "0." never starts a thousands group
        ("-2", "vi", -2.0),
        ("\u22122,5", "vi", -2.5),
        ("+4", "vi", 4.0),
        (",5", "vi", 0.5),
        (7, "vi", 7.0),
        (2.25, "vi", 2.25),
    ],
)
def test_reads_vietnamese_and_english_numbers(text, lang, value):
    assert parse_number(text, lang=lang) == value


@pytest.mark.parametrize(
    "text", ["", "  ", "abc", "3,5x", "1,2,3", "1.2.3", "--3", "1.23,4", "1,2.345", "-", True]
)
def test_rejects_garbage_naming_the_setting(text):
    with pytest.raises(NumberFormatError, match="Bán kính phục vụ") as info:
        parse_number(text, name="Bán kính phục vụ")
    assert "không phải là một số" in info.value.message("vi")
    assert "is not a number" in info.value.message("en")
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (3.0, "3", "3"),
        (3.5, "3,5", "3.5"),
        (0.05, "0,05", "0.05"),
        (4.25, "4,25", "4.25"),
        (1_500_000, "1.500.000", "1,500,000"),
        (1234.5678, "1.234,5678", "1,234.5678"),
    ],
)
def test_number_text_reads_back_to_the_same_value(value, vi, en):
    assert number_text(value, "vi") == vi
    assert number_text(value, "en") == en
    assert parse_number(number_text(value, "vi"), lang="vi") == value
    assert parse_number(number_text(value, "en"), lang="en") == value
