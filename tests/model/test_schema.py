"""The data model is one consistent table: ids, labels, enums, references, geometry kinds."""

from __future__ import annotations

import unicodedata

import pytest

from pipelines.model.schema import (
    DEFAULT_MANAGEMENT_LEVEL,
    ENUMS,
    LAYER_NAMES,
    LAYERS,
    PREMISES_CATEGORY,
    get_layer,
)
from pipelines.model.validate import empty_layer


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.name)
def test_every_layer_starts_with_a_required_text_id(layer):
    first = layer.fields[0]
    assert (first.name, first.kind, first.required) == ("id", "str", True)
    assert len(set(layer.field_names)) == len(layer.field_names), "field names are unique"


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.name)
def test_labels_are_vietnamese_nfc_and_english(layer):
    for text in [layer.vi, layer.en, *(f.vi for f in layer.fields), *(f.en for f in layer.fields)]:
        assert text and unicodedata.is_normalized("NFC", text), text
    assert any(ord(c) > 127 for c in layer.vi), f"{layer.name}: Vietnamese label has diacritics"


def test_enums_have_unique_codes_and_both_labels():
    for enum in ENUMS.values():
        codes = enum.codes()
        assert len(set(codes)) == len(codes), enum.name
        for member in enum:
            assert member.vi and member.en and member.code.isascii(), member


def test_enum_fields_name_their_enum_and_references_exist():
    for layer in LAYERS:
        for f in layer.fields:
            assert (f.kind == "enum") == (f.enum is not None), (layer.name, f.name)
            if f.references is not None:
                assert f.references in LAYER_NAMES, (layer.name, f.name)


def test_premises_categories_cover_the_domain_list():
    # shared/domain.md: the categories the product must know at least
    required = {
        "karaoke", "boarding_house", "lodging", "market", "shophouse", "production",
        "warehouse", "industrial", "fuel_gas", "school", "healthcare", "office", "apartment",
    }  # fmt: skip
    assert required <= set(PREMISES_CATEGORY.codes())
    assert set(DEFAULT_MANAGEMENT_LEVEL) == set(PREMISES_CATEGORY.codes())
    premises = get_layer("premises")
    assert premises.field("construction_electrical_violation").kind == "bool"
    assert premises.field("contact_phone").personal


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_empty_layers_carry_the_schema_columns_and_crs(name):
    frame = empty_layer(name)
    assert list(frame.columns[:-1]) == list(get_layer(name).field_names)
    assert frame.crs.to_epsg() == 4326


def test_unknown_layer_names_are_refused_with_the_choices():
    with pytest.raises(ValueError, match=r"'layer' should be one of .*premises.*got 'co_so'"):
        get_layer("co_so")
