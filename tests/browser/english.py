"""Which words on a Vietnamese page are English: a vocabulary built from the product itself.

A word (a run of ASCII letters; Vietnamese words carry diacritics or are listed below) is
English when it is in :func:`english_words` and in none of the exceptions:

* ``english_words`` — the English side of every (Vietnamese, English) label of the product
  (dashboard texts, label tables, enum labels, settings), the English of Streamlit's own
  widgets (:data:`dashboard.texts.STREAMLIT_VI`), and :data:`COMMON_ENGLISH`, a short list
  of English function words and interface verbs. Any of these on a Vietnamese page is a
  leak: either our English label or Streamlit's untranslated text.
* ``vietnamese_words`` — words the Vietnamese side of those labels uses (``an`` in "an
  toàn", ``ban`` in "ban đêm", ``karaoke``, ``bar``): a Vietnamese text may contain them.
* ``data_words`` — words in the ward's own data (names, addresses): user data, shown as
  typed, is not the interface's language.
* :data:`NAMES` — names of formats, standards and products that Vietnamese writes as is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import import_module


def _listed(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Names Vietnamese keeps as they are: file formats, standards, products, units, acronyms.
NAMES = _listed(
    """
    openstreetmap osm overpass geojson geopackage gpkg shapefile csv tsv txt xlsx xlsm xls ods
    json zip kml kmz pbf xml wkt pdf png html excel google earth my maps epsg wgs utm tm vn
    highs mip leaflet xyz http https www tcvn tcvn3 vni unicode nfc utf mb kb gb pccc cnch
    cccc qcvn ubnd ct tu nd cp hcm id
    mm dd yyyy
    """
) | {
    # the language switch names both languages so that each reader finds theirs
    "language",
    "english",
    # OSM tag keys quoted in a setting's label ("khi không có thẻ width, lanes")
    "width",
    "lanes",
}

# English function words and interface words that no Vietnamese text uses.
COMMON_ENGLISH = _listed(
    """
    the of and or to in on for with by at from as is are be was not all any this that
    these those it its per here there more less none null nan true false yes
    file files page pages found upload browse drag drop limit search download show hide
    close open clear add remove delete edit save cancel submit apply press enter loading
    running stop reason row rows status column columns value values name total count error
    warning view help link heading sidebar collapse expand fullscreen sort ascending
    descending pin unpin format results result select choose option options zoom layers
    """
)

LABEL_MODULES = (
    "dashboard.texts",
    "pipelines.text.labels",
    "pipelines.model.schema",
    "pipelines.ingest.formats",
    "pipelines.ingest.preview",
    "pipelines.maps.layers",
    "pipelines.network.tables",
    "pipelines.network.coverage",
    "pipelines.network.risk",
    "pipelines.network.access",
    "pipelines.planning.candidates",
    "pipelines.planning.scenarios",
    "pipelines.planning.exports",
    "pipelines.planning.siting",
    "pipelines.planning.layers",
)

SKIPPED = {"STREAMLIT_VI_PATTERNS"}  # (regular expression, replacement), not labels
_WORD = re.compile(r"\w+")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")  # "{n} rows": a format field, not a word
# File names, paths, addresses and ward.toml sections are names, not words of a sentence.
_NOT_WORDS = re.compile(
    r"\w+://\S+|\S*/\S+|[\w.-]+\.(?:toml|gpkg|json|csv|xlsx|png|html|js|py|org|vn)\b|\[[a-z_]+\]"
)


def words(text: str) -> Iterator[str]:
    """Lower-case words of ``text`` made of ASCII letters only (Vietnamese words are not)."""
    text = _NOT_WORDS.sub(" ", text.replace("\u2060", ""))
    for token in _WORD.findall(text):
        if token.isascii() and token.isalpha() and len(token) > 1:
            yield token.lower()


def _pairs(value: object, depth: int = 0) -> Iterator[tuple[str, str]]:
    """Every (Vietnamese, English) pair reachable from ``value`` (tuples, dicts, labels)."""
    if depth > 4:
        return
    if isinstance(value, tuple) and len(value) >= 2 and all(isinstance(v, str) for v in value[:2]):
        yield value[0], value[1]
        return
    if isinstance(value, dict):
        for item in value.values():
            yield from _pairs(item, depth + 1)
        return
    if isinstance(value, list | tuple):
        for item in value:
            yield from _pairs(item, depth + 1)
        return
    vi, en = getattr(value, "vi", None), getattr(value, "en", None)
    if isinstance(vi, str) and isinstance(en, str):
        yield vi, en
    members = getattr(value, "members", None)
    if isinstance(members, tuple):
        yield from _pairs(members, depth + 1)


@cache
def label_pairs() -> tuple[tuple[str, str], ...]:
    """Every (Vietnamese, English) label pair of the product."""
    from pipelines.model.settings import describe_settings

    pairs = []
    for name in LABEL_MODULES:
        module = import_module(name)
        for attr, value in vars(module).items():
            if not attr.startswith("__") and attr not in SKIPPED:
                pairs.extend(_pairs(value))
    vi_rows, en_rows = describe_settings("vi"), describe_settings("en")
    pairs.extend((v["label"], e["label"]) for v, e in zip(vi_rows, en_rows, strict=True))
    return tuple(pairs)


@cache
def english_words() -> frozenset[str]:
    """Words of the product's English labels, of Streamlit's English and common English."""
    from dashboard.texts import STREAMLIT_VI

    found = set(COMMON_ENGLISH)
    for _, en in label_pairs():
        found.update(words(_PLACEHOLDER.sub(" ", en)))
    for en in STREAMLIT_VI:
        found.update(words(en))
    return frozenset(found)


@cache
def vietnamese_words() -> frozenset[str]:
    """ASCII words the product's Vietnamese texts use (they may appear on a Vietnamese page)."""
    from dashboard.texts import STREAMLIT_VI

    found = set()
    for vi, _ in label_pairs():
        found.update(words(_PLACEHOLDER.sub(" ", vi)))
    for vi in STREAMLIT_VI.values():
        found.update(words(vi))
    return frozenset(found)


def data_words(ward: object) -> frozenset[str]:
    """Words in the text cells of every layer of a ward (user data, shown as typed)."""
    found = set()
    for frame in ward.layers.values():  # type: ignore[attr-defined]
        for column in frame.columns:
            if frame[column].dtype == object or str(frame[column].dtype).startswith("str"):
                for cell in frame[column].dropna().astype(str).unique():
                    found.update(words(cell))
    return frozenset(found)


def english_in(texts: Iterable[str], *, allowed: frozenset[str] = frozenset()) -> dict[str, str]:
    """Return English word → the text it was found in, for ``texts`` of a Vietnamese page."""
    english = english_words() - vietnamese_words() - NAMES - allowed
    found = {}
    for text in texts:
        for word in words(text):
            if word in english and word not in found:
                found[word] = text[:160]
    return found
