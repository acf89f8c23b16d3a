"""Parse a Vietnamese address into house number, alley chain, street and tổ dân phố.

The parser works on folded text (lower case, no diacritics; TCVN3/VNI cells are converted
by the import before). It reads, in any order and any case:

- house numbers with letters, slashes and ranges ("12A", "12/3", "số 5", "SN 7", "51-53-55");
- nested alleys, innermost first or written as a slash chain: "ngách 3/15 Phúc Tân" is
  ngách 3 of ngõ 15; "hẻm 12 ngách 5 ngõ 40 X" is hẻm 12 of ngách 5 of ngõ 40; "kiệt 12 Lê Lợi";
  named alleys ("Ngõ Gạch", "Ngõ Huế");
- street prefixes, dropped ("Phố", "Đường", "P.", "Đ.", "St.", "Street");
- tổ dân phố / tổ / thôn / khu / khu phố;
- the administrative tail (phường, xã, quận, huyện, thành phố, tỉnh, with or without the
  word, old or post-2025 names): dropped, the ward written kept apart.

Road names of the ward's roads layer go through the same parser (``road=True``: a leading
number is part of the name, "Phố 19 Tháng 12"), so "Ngõ 16A Phố Lý Nam Đế" and the address
"ngõ 16A Lý Nam Đế" give the same key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Alley words (folded) → the kind of alley. "n."/"h." only count before a number.
ALLEY_WORDS: dict[str, str] = {
    "ngo": "ngo",
    "ng": "ngo",
    "ngach": "ngach",
    "ngh": "ngach",
    "hem": "hem",
    "kiet": "kiet",
}
ALLEY_WORDS_BEFORE_NUMBER: dict[str, str] = {"n": "ngo", "h": "hem", "k": "kiet"}
# Alley kinds from the outermost to the innermost (a slash chain is read child/parent).
ALLEY_DEPTH: tuple[str, ...] = ("ngo", "ngach", "hem")
HOUSE_WORDS: frozenset[str] = frozenset({"so", "sn", "no", "nha", "can"})
STREET_WORDS: frozenset[str] = frozenset(
    {"pho", "duong", "p", "d", "dg", "st", "street", "road", "rd", "str"}
)
# Tổ dân phố and its kin: the words that introduce the group's name or number.
GROUP_WORDS: tuple[tuple[str, ...], ...] = (
    ("to", "dan", "pho"),
    ("khu", "dan", "cu"),
    ("khu", "pho"),
    ("tdp",),
    ("kdc",),
    ("kp",),
    ("thon",),
    ("khu",),
    ("to",),
    ("xom",),
    ("ap",),
)
# These also begin street names ("Tô Hiến Thành", "Xóm Hà Hồi"): a group only before a number.
GROUP_WORDS_BEFORE_NUMBER: frozenset[tuple[str, ...]] = frozenset(
    {("khu",), ("to",), ("xom",), ("ap",)}
)
# Words that may close a street name ("9 Hang Voi St."), dropped.
STREET_SUFFIXES: frozenset[str] = frozenset({"st", "street", "road", "rd", "str"})
# The administrative tail: a part starting with one of these is dropped from here on.
ADMIN_WORDS: tuple[tuple[str, ...], ...] = (
    ("thanh", "pho"),
    ("thi", "tran"),
    ("thi", "xa"),
    ("viet", "nam"),
    ("phuong",),
    ("xa",),
    ("quan",),
    ("huyen",),
    ("tinh",),
    ("tp",),
    ("q",),
    ("tx",),
    ("tt",),
    ("vietnam",),
)
WARD_WORDS: frozenset[tuple[str, ...]] = frozenset({("phuong",), ("xa",), ("p",)})

# An alley letter glued to its number, as central and southern lists write it ("K12/5", "H3").
_GLUED_ALLEY = re.compile(r"^([kh])(\d+[a-z]?(?:/\d+[a-z]?)*)$")
_HOUSE = re.compile(r"^\d+[a-z]{0,2}(?:[/-]\d+[a-z]{0,2})*$")
_NUMBER = re.compile(r"\d+")
_TOKEN = re.compile(r"[a-z0-9]+(?:[/-][a-z0-9]+)*\.?")
_PARTS = re.compile(r"[,;]|\s-\s|\(|\)")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


@dataclass(frozen=True)
class ParsedAddress:
    """A Vietnamese address, folded.

    Attributes
    ----------
    house
        The house number as written ("12a", "12/3", "51-53-55"; "" when none).
    alleys
        The alley chain, innermost first: ``(("ngach", "3"), ("ngo", "15"))``; a named alley
        keeps its name as label (``(("ngo", "gach"),)``).
    street
        The street's name without prefix ("phuc tan"; "" when none).
    group
        The tổ dân phố / thôn / khu written ("3", "dong"; "" when none).
    ward
        The ward (phường/xã) written in the tail ("" when none).
    """

    house: str = ""
    alleys: tuple[tuple[str, str], ...] = ()
    street: str = ""
    group: str = ""
    ward: str = ""

    @property
    def house_number(self) -> int | None:
        """The first whole number of the house number (``None`` when there is none)."""
        m = _NUMBER.match(self.house)
        return int(m.group()) if m else None

    def road_keys(self) -> tuple[str, ...]:
        """Keys of the roads named, deepest first: each alley of the chain, then the street."""
        keys = [alley_key(self.alleys[i:], self.street) for i in range(len(self.alleys))]
        if self.street:
            keys.append(self.street)
        return tuple(k for k in keys if k)

    def key(self) -> str:
        """The key of the deepest road named ("" when none)."""
        keys = self.road_keys()
        return keys[0] if keys else ""


def alley_key(chain: tuple[tuple[str, str], ...], street: str) -> str:
    """Key of the innermost alley of ``chain`` (innermost first) on ``street``.

    >>> alley_key((("ngach", "3"), ("ngo", "15")), "phuc tan")
    'ngach 3/15 phuc tan'
    """
    if not chain:
        return street
    kind, label = chain[0]
    if not label[:1].isdigit():  # a named alley: its name, then the street if written
        return " ".join(x for x in (kind, label, street) if x)
    numbers = [label]
    for _, parent in chain[1:]:
        if not parent[:1].isdigit():
            return " ".join(x for x in (kind, "/".join(numbers), parent, street) if x)
        numbers.append(parent)
    return " ".join(x for x in (kind, "/".join(numbers), street) if x)


def fold_text(text: object) -> str:
    """Lower-case ``text`` and strip diacritics, keeping punctuation."""
    if text is None or (not isinstance(text, str)) or not text:
        return "" if text is None or not isinstance(text, str | int) else str(text)
    s = unicodedata.normalize("NFD", text.translate(_FOLD))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def _tokens(part: str) -> list[str]:
    return _TOKEN.findall(part)


_FIRST_WORDS = frozenset(e[0] for e in (*GROUP_WORDS, *ADMIN_WORDS))


def _starts(words: list[str], i: int, table: Iterable[tuple[str, ...]]) -> int:
    """Length of the entry of ``table`` that ``words[i:]`` starts with (0: none)."""
    if i >= len(words) or words[i] not in _FIRST_WORDS:
        return 0
    for entry in table:
        if tuple(words[i : i + len(entry)]) == entry:
            return len(entry)
    return 0


def _split_chain(kind: str, label: str) -> list[tuple[str, str]]:
    """Split a slash label: "ngách 3/15" → ngách 3 of ngõ 15 (the kinds above ``kind``)."""
    parts = label.split("/")
    if len(parts) == 1 or kind not in ALLEY_DEPTH:
        return [(kind, label)]
    depth = ALLEY_DEPTH.index(kind)
    if len(parts) != depth + 1:
        return [(kind, label)]  # "hẻm 45/12" (southern style): kept as written
    return [(ALLEY_DEPTH[depth - i], p) for i, p in enumerate(parts)]


@dataclass
class _State:
    house: str = ""
    alleys: list[tuple[str, str]] | None = None
    street: list[str] | None = None
    group: str = ""
    ward: str = ""
    done: bool = False  # the administrative tail has begun


def _alley_at(words: list[str], raw: list[str], i: int) -> tuple[str, int] | None:
    """Return (kind, words used) when an alley word starts at ``i``."""
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in ALLEY_WORDS and (w not in ("ng", "ngh") or raw[i].endswith(".")):
        return ALLEY_WORDS[w], 1
    if w in ALLEY_WORDS_BEFORE_NUMBER and raw[i].endswith(".") and nxt[:1].isdigit():
        return ALLEY_WORDS_BEFORE_NUMBER[w], 1
    return None


def _read_part(part: str, st: _State, index: int, *, road: bool, wards: frozenset[str]) -> None:
    """Read one comma-separated part of an address into ``st``."""
    raw = _tokens(part)
    words = [t.rstrip(".") for t in raw]
    if not words:
        return
    n_admin = _starts(words, 0, ADMIN_WORDS)
    p_is_ward = words[0] == "p" and (
        st.street is not None or " ".join(words[1:]) in wards or (index > 0 and st.alleys)
    )
    tail = not road and (st.street is not None or bool(st.alleys) or bool(st.group))
    if (n_admin and tail) or p_is_ward:
        if not st.ward and (tuple(words[:n_admin]) in WARD_WORDS or p_is_ward):
            st.ward = " ".join(words[max(n_admin, 1) :])
        st.done = True
        return
    name: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in HOUSE_WORDS and i + 1 < len(words) and _HOUSE.match(words[i + 1]):
            st.house = st.house or words[i + 1]
            i += 2
            continue
        if w == "so" and i + 2 < len(words) and words[i + 1] == "nha":
            i += 2
            continue
        alley = _alley_at(words, raw, i)
        if alley:
            kind, used = alley
            i += used
            label: list[str] = []
            if i < len(words) and words[i][:1].isdigit():
                label = [words[i]]
                i += 1
            else:
                while i < len(words) and not _is_keyword(words, raw, i):
                    label.append(words[i])
                    i += 1
            if label:
                st.alleys = [*(st.alleys or []), *_split_chain(kind, " ".join(label))]
            continue
        n_group = _group_at(words, i)
        if n_group and i + n_group < len(words) and not name:
            rest = [x for x in words[i + n_group :] if x != "so"]
            st.group = st.group or " ".join(rest)
            return
        if w in STREET_WORDS and not name:
            i += 1
            if i + 1 < len(words) and words[i] == "so" and words[i + 1][:1].isdigit():
                name += words[i : i + 2]  # "Đường số 5": a numbered street, not a house
                i += 2
            elif i < len(words) and words[i][:1].isdigit():
                name.append(words[i])  # "Phố 19 Tháng 12"
                i += 1
            continue
        if not name and not road and _glued_alley(w, st):  # "K12/5": kiệt 12, house 5
            i += 1
            continue
        if _HOUSE.match(w) and not name and not road and not st.house and st.street is None:
            st.house = w
            i += 1
            continue
        if _starts(words, i, ADMIN_WORDS) and name and len(words) - i > 1:
            st.done = True  # "Hàng Bạc phường Hàng Buồm": the tail starts inside the part
            if words[i] in ("phuong", "xa"):
                st.ward = st.ward or " ".join(words[i + 1 :])
            break
        name.append(w)
        i += 1
    while name and name[-1] in STREET_SUFFIXES:
        name.pop()
    if name and st.street is None:
        st.street = name


def _glued_alley(word: str, st: _State) -> bool:
    """Read "K12/5" (kiệt 12, house 5) or "H3" into ``st``; whether ``word`` was one."""
    glued = _GLUED_ALLEY.match(word)
    if not glued:
        return False
    numbers = glued.group(2).split("/")
    kind = ALLEY_WORDS_BEFORE_NUMBER[glued.group(1)]
    st.alleys = [*(st.alleys or []), (kind, numbers[0])]
    if len(numbers) > 1:
        st.house = st.house or numbers[-1]
    return True


def _group_at(words: list[str], i: int) -> int:
    """Length of the tổ dân phố word at ``i`` (0: none)."""
    n = _starts(words, i, GROUP_WORDS)
    if n and tuple(words[i : i + n]) in GROUP_WORDS_BEFORE_NUMBER:
        nxt = words[i + n : i + n + 2]
        if not nxt or not (nxt[0][:1].isdigit() or (nxt[0] == "so" and len(nxt) > 1)):
            return 0
    return n


def _is_keyword(words: list[str], raw: list[str], i: int) -> bool:
    return (
        _alley_at(words, raw, i) is not None
        or words[i] in STREET_WORDS
        or (words[i] in HOUSE_WORDS and i + 1 < len(words) and words[i + 1][:1].isdigit())
    )


def parse_address(
    text: object, *, road: bool = False, ward_names: Iterable[str] = ()
) -> ParsedAddress:
    """Parse one address (or, with ``road=True``, one road's name).

    Parameters
    ----------
    text
        The address as written.
    road
        Read a road name: no house number; a leading number belongs to the name.
    ward_names
        Folded names of this ward (current and former), to tell "P. Hàng Bạc" (phố) from
        "P. Hàng Trống" (phường) when no street has been read yet.

    >>> parse_address("Số 5 ngõ 143 Phúc Tân").key()
    'ngo 143 phuc tan'
    >>> parse_address("ngách 3/15 Phúc Tân, Hoàn Kiếm, Hà Nội").alleys
    (('ngach', '3'), ('ngo', '15'))
    """
    folded = fold_text(text)
    folded = _BRACKETS.sub(" ", folded)
    st = _State()
    wards = frozenset(ward_names)
    for index, part in enumerate(_PARTS.split(folded)):
        if st.done:
            break
        _read_part(part, st, index, road=road, wards=wards)
    return ParsedAddress(
        house=st.house,
        alleys=tuple(st.alleys or ()),
        street=" ".join(st.street or ()),
        group=st.group,
        ward=st.ward,
    )


_LEADING_HOUSE = re.compile(
    r"^\s*(?:(?:s[oố]|sn|s[oố] nh[aà])\.?\s*)?(\d+[a-zA-Z]{0,2}(?:/\d+[a-zA-Z]{0,2})*)[\s,]+(?=\D)",
    re.IGNORECASE,
)


_TRAILING_HOUSE = re.compile(
    r"[\s,]+(?:s[oố]|sn|s[oố] nh[aà])\.?\s*(\d+[a-zA-Z]{0,2}(?:/\d+[a-zA-Z]{0,2})*)\s*$",
    re.IGNORECASE,
)


def _numbered_street(before: str) -> bool:
    """Whether ``before`` ends with a street word: "Đường số 5" names a street."""
    words = fold_text(before).replace(",", " ").split()
    return bool(words) and words[-1].rstrip(".") in STREET_WORDS


def split_leading_house(text: str) -> tuple[str, str]:
    """Split a leading (or trailing "…, số 4") house number off ``text``: ("12A", "ngõ 5 Lê Lợi").

    Used to parse each distinct rest of an address once (a list repeats the same alleys
    with different numbers).
    """
    m = _LEADING_HOUSE.match(text)
    if m:
        return m.group(1).lower(), text[m.end() :]
    m = _TRAILING_HOUSE.search(text)
    if m and m.start() > 0 and not _numbered_street(text[: m.start()]):
        return m.group(1).lower(), text[: m.start()]
    return "", text
