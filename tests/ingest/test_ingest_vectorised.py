"""Vectorised ingest steps give what their row-by-row definitions give.

The import works on whole columns (Arrow string kernels, byte filters, distinct values
mapped back to rows); each test compares such a step with the plain definition it
replaced, on values chosen for their edge cases (diacritics, decomposed text, "đ", legacy
letters, blank and missing cells, line breaks).
"""

from __future__ import annotations

import gc
import hashlib
import re
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from pipelines.ingest import ImportOptions, encodings, prepare_import
from pipelines.ingest.compare import equal as _equal
from pipelines.ingest.compare import isin as _isin
from pipelines.ingest.formats import _first_lines, collector_paused
from pipelines.ingest.ids import ID_PREFIX
from pipelines.ingest.ids import generated_ids as _generated_ids
from pipelines.ingest.ids import hex_wkb as _hex_wkb
from pipelines.ingest.ids import position_ids as _position_ids
from pipelines.ingest.namekeys import name_keys
from pipelines.ingest.values import map_distinct as _map_distinct
from pipelines.model import validate
from tests.ingest.fixtures import lonlat, to_tcvn3, to_vni

NAMES = [
    "Nhà trọ An",
    "NHA TRO AN",
    "Nhà  trọ-An!",
    unicodedata.normalize("NFD", "Nhà trọ Ân"),
    "Đại lý Đức",
    "dai ly duc",
    "Ðại lý",  # Ð (U+00D0, Icelandic eth) is not Đ (U+0110)
    "Cửa hàng số 1",
    "Karaoke <b>Hoa</b> & Sao",
    "\u212a\u212b",  # Kelvin and Ångström signs decompose to K and A + ring
    "ﬁ ① ² Ａ",  # compatibility forms: NFD keeps them, so they drop out
    "中文 한국",
    "tab\tand\nnewline",
    "",
    "   ",
]


def _reference_name_keys(names: pd.Series) -> list[str]:
    text = names.astype("str").str.normalize("NFD").str.replace("[đĐ]", "d", regex=True)
    return text.str.replace("[^0-9A-Za-z]+", "", regex=True).str.lower().tolist()


@pytest.mark.parametrize("dtype", ["str", "string", object])
@pytest.mark.parametrize("extra", ["", "😀 Ánh"])  # a character beyond the BMP: decomposed
def test_name_keys_match_the_reference(dtype: object, extra: str) -> None:
    names = pd.Series([*NAMES, extra], dtype=dtype)
    assert name_keys(names).to_pylist() == _reference_name_keys(names)
    part = names.iloc[3:11]  # a slice: its text starts inside the Arrow buffer
    assert name_keys(part).to_pylist() == _reference_name_keys(part)


@pytest.mark.parametrize("names", [[], [""], ["", " - "], ["đ"], ["\U0001d400"]])
def test_name_keys_of_short_columns(names: list[str]) -> None:
    series = pd.Series(names, dtype="str")
    assert name_keys(series).to_pylist() == _reference_name_keys(series)


@pytest.mark.parametrize(("low", "high"), [(1, 0xD800), (0xE000, 0x10000), (0x10000, 0x30000)])
def test_name_keys_of_every_character(low: int, high: int) -> None:
    names = pd.Series([f"{chr(c)}x{chr(c)}" for c in range(low, high)], dtype="str")
    assert name_keys(names).to_pylist() == _reference_name_keys(names)


def test_same_name_written_differently_is_flagged(tiny_ward: Path, tmp_path: Path) -> None:
    lon, lat = lonlat(100, 100)
    path = tmp_path / "names.csv"
    pd.DataFrame(
        {
            "Mã": ["A", "B", "C", "D", "E"],
            "Tên cơ sở": [
                "Nhà trọ Đông An",
                "NHA TRO DONG AN",
                unicodedata.normalize("NFD", "Nhà trọ Đông-An"),
                "Nhà trọ Đông Anh",
                "Nhà trọ Đông An",
            ],
            "Loại hình": ["nhà trọ"] * 5,
            "Vĩ độ": [lat, lat + 1e-5, lat + 2e-5, lat, lat + 0.0015],  # E is ~160 m away
            "Kinh độ": [lon] * 5,
        }
    ).to_csv(path, index=False)
    preview = prepare_import(path, tiny_ward, ImportOptions(layer="premises"))
    pairs = set(zip(preview.duplicates["Dòng"], preview.duplicates["other"], strict=True))
    assert pairs == {(2, "3"), (2, "4"), (3, "4")}
    assert (preview.duplicates["kind"] == "same_name_near").all()


def _reference_has_signal(text: pd.Series) -> bool:
    if text.str.contains(encodings._RE_COMBINING, regex=True).any():
        return True
    unicode_only = text.str.contains(encodings._RE_UNICODE_VI, regex=True)
    rest = text[~unicode_only.fillna(False).astype(bool)]
    signal = f"{encodings._RE_STRONG_TCVN3}|{encodings._RE_VNI_PAIR}|{encodings._RE_COMBINING}"
    return bool(len(rest)) and bool(rest.str.contains(signal, regex=True).any())


SIGNAL_CELLS = [
    "Nguyễn Văn Đức",
    to_tcvn3("Nguyễn Văn Đức"),
    to_vni("Xin chào các bạn"),
    "hoà khoá loã",  # Unicode spellings that look like VNI pairs
    unicodedata.normalize("NFD", "Phường"),
    to_tcvn3("Phường") + " Phường",  # a Unicode-only letter makes the cell Unicode
    to_vni("Đức") + "\nđ",
    "Ô tô, ê, ô",
    "plain ascii",
    "",
    None,
]


@pytest.mark.parametrize("cell", SIGNAL_CELLS)
def test_signal_check_matches_the_reference(cell: str | None) -> None:
    text = pd.Series([cell, "abc", None], dtype="str")
    assert encodings._has_signal(text) == _reference_has_signal(text)


def test_signal_check_of_mixed_columns() -> None:
    rng = np.random.default_rng(4)
    pool = np.array([c for c in SIGNAL_CELLS if c is not None], dtype=object)
    for _ in range(50):
        text = pd.Series(rng.choice(pool, rng.integers(1, 6)), dtype="str")
        assert encodings._has_signal(text) == _reference_has_signal(text)


@pytest.mark.parametrize("cell", SIGNAL_CELLS)
def test_signal_check_of_long_columns(cell: str | None) -> None:
    distinct = pd.Series([f"Phường {i}" for i in range(3000)] + [cell], dtype="str")
    repeated = pd.Series(["Chợ", "Kho", None] * 1000 + [cell], dtype="str")
    for text in (distinct, repeated, distinct[::-1]):
        assert encodings._has_signal(text) == _reference_has_signal(text)


def _reference_dates(text: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
    retry = parsed.isna() & text.notna() & text.ne("")
    if retry.any():
        parsed[retry] = pd.to_datetime(text[retry], errors="coerce", dayfirst=True, format="mixed")
    return parsed


DATES = [
    "2024-01-05",
    "05/01/2024",
    "5/1/24",
    "2024-13-01",
    "31/02/2024",
    "x",
    "",
    None,
    "2024-05-06T10:20:30",
    "2024-05-06 10:20",
    "12.03.2023",
    "1 Jan 2020",
    "2024-02-29",
    "2023-02-29",
]


def test_dates_are_parsed_once_per_value_as_row_by_row() -> None:
    rng = np.random.default_rng(5)
    pool = np.array(DATES, dtype=object)
    for size in (0, 1, 3, 8, 200):
        text = pd.Series(rng.choice(pool, size), dtype="string", name="d").str.strip()
        text.index = text.index + 7
        pd.testing.assert_series_equal(validate._parse_dates(text), _reference_dates(text))


def _decoded(text: str) -> list[encodings.DecodedText]:
    return [
        encodings.DecodedText(text, "utf-8"),
        encodings.DecodedText(None, "utf-8", utf8=text.encode()),
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_first_lines_match_splitlines(newline: str) -> None:
    rng = np.random.default_rng(6)
    for _ in range(20):
        widths = rng.integers(0, 9000, 60)
        text = newline.join("xẫ"[i % 2] * int(w) for i, w in enumerate(widths))
        for decoded in _decoded(text):
            for n in (1, 10, 50, 70):
                assert _first_lines(decoded, n) == text.splitlines()[:n]


@pytest.mark.parametrize("head", ["a" * ((1 << 16) - 1), "ẫ" * 21845, "ẫ" * 21844 + "a"])
def test_first_lines_when_a_break_or_character_straddles_the_chunk(head: str) -> None:
    text = head + "\r\n" + "\n".join(["b"] * 60)
    for decoded in _decoded(text):
        assert _first_lines(decoded, 50) == text.splitlines()[:50]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Tổ dân phố\nSố 1".encode(), "utf-8"),
        ("Tổ dân phố\nSố 1".encode("utf-8-sig"), "utf-8-sig"),
        (b"", "utf-8"),
    ],
)
def test_utf8_files_decode_lazily_to_the_same_text(data: bytes, encoding: str) -> None:
    decoded = encodings.decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text == data.decode("utf-8-sig")
    assert data.decode("utf-8-sig").startswith(decoded.prefix(5))
    assert decoded.prefix(len(data)) == data.decode("utf-8-sig")


def test_bom_with_invalid_utf8_still_raises() -> None:
    with pytest.raises(UnicodeDecodeError):
        encodings.decode_bytes(b"\xef\xbb\xbfabc\xff")


@pytest.mark.parametrize(
    "data", [b"\xed\xa0\x80", b"\xc0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"ok \xf0\x9f\x98\x80"]
)
def test_utf8_check_agrees_with_the_codec(data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        valid = False
    else:
        valid = True
    assert encodings.is_utf8(data) == valid


def test_wrong_geometry_kind_is_reported_per_feature() -> None:
    point, line = shapely.Point(106.2, 21.27), shapely.LineString([(106.2, 21.27), (106.3, 21.3)])
    frame = gpd.GeoDataFrame(
        {"id": ["a", "b", "c", "d"], "name": ["A", "B", "C", "D"], "category": ["karaoke"] * 4},
        geometry=[point, line, None, shapely.Polygon()],
        crs="EPSG:4326",
    )
    conformed, _ = validate.conform_layer("premises", frame)
    kinds = [
        (p.feature_id, p.value, p.reason_en)
        for p in validate.find_problems("premises", conformed)
        if p.field == "geometry"
    ]
    assert ("b", "LineString", "should be Point, got LineString") in kinds
    assert {k[0] for k in kinds if k[2].startswith("should be")} == {"b"}


def test_position_ids() -> None:
    ids = _position_ids(3)
    assert ids.tolist() == ["0", "1", "2"] and str(ids.dtype) == "string"
    assert _position_ids(0).empty


@pytest.mark.parametrize("dtype", ["str", "string", object])
def test_values_are_mapped_once_per_distinct_value(dtype: object) -> None:
    values = pd.Series(["Chợ", "Kho", None, "Chợ", "", "Nhà trọ"] * 50, dtype=dtype)
    values.index = values.index * 3
    for mapping in ({"Chợ": "market", "Kho": None}, {"Kho": "warehouse"}, {}):
        pd.testing.assert_series_equal(_map_distinct(values, mapping), values.map(mapping))
    empty = pd.Series([], dtype=dtype)
    pd.testing.assert_series_equal(_map_distinct(empty, {"a": "b"}), empty.map({"a": "b"}))


def test_collector_pause_restores_the_collector() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left off when it was off
    finally:
        gc.enable()


def _reference_evidence(data: bytes) -> tuple[int, int, int]:
    cp1258 = re.compile(
        rb"[aeiouyAEIOUY\xc2\xca\xd4\xe2\xea\xf4\xc3\xe3\xd5\xf5\xdd\xfd][\xcc\xec\xd2\xde\xf2]"
    )
    strong = b"".join(re.escape(bytes([b])) for b in encodings._TCVN3_STRONG_BYTES)
    tcvn3 = re.compile(b"[" + strong + b"]")
    vni = re.compile("|".join(re.escape(p) for p in encodings._VNI_PAIRS).encode("latin-1"))
    return len(cp1258.findall(data)), len(tcvn3.findall(data)), len(vni.findall(data))


def test_legacy_evidence_counts_as_the_patterns_do() -> None:
    rng = np.random.default_rng(7)
    alphabet = np.frombuffer(
        b"aeoiuyAEOUYd \xc2\xca\xd4\xe2\xea\xf4\xc3\xe3\xd5\xf5\xdd\xfd\xcc\xec\xd2\xde\xf2"
        + encodings._TCVN3_STRONG_BYTES
        + b"".join(encodings._VNI_PAIR_BYTES),
        dtype=np.uint8,
    )
    samples = [b"", b"a", b"\xcc", to_vni("Xin chào các bạn").encode("latin-1")]
    samples += [to_tcvn3("Nguyễn Văn Đức").encode("latin-1")]
    samples += [rng.choice(alphabet, rng.integers(1, 400)).tobytes() for _ in range(300)]
    for data in samples:
        assert encodings._legacy_evidence(data) == _reference_evidence(data)


def test_cp1252_table_decodes_every_byte_as_before() -> None:
    data = bytes(range(256)) * 3
    expected = data.decode("latin-1").translate(encodings._CP1252_HIGH)
    assert encodings._cp1252(data) == expected
    assert encodings.decode_bytes(data, encoding="tcvn3").text == expected


def test_cells_of_repeating_columns_are_classified_and_converted_as_one_by_one() -> None:
    cells = [c for c in SIGNAL_CELLS if c is not None] + [to_tcvn3("Chợ"), to_vni("Kho hàng")]
    rng = np.random.default_rng(8)
    for size in (3, 40, 2500):
        values = pd.Series(rng.choice(np.array(cells, dtype=object), size), dtype="str")
        values[::7] = None
        kinds = encodings.classify_cells(values)
        text = values.astype("str").where(values.notna(), "")
        expected = encodings._classify_text(text).tolist()
        assert kinds.tolist() == expected and kinds.index.equals(values.index)
        todo = [(k, v) for k, v in zip(expected, text, strict=True) if k in ("tcvn3", "vni", "nfc")]
        converted = encodings._convert_cells([k for k, _ in todo], [v for _, v in todo])
        assert converted == [encodings._CONVERTERS[k](v) for k, v in todo]


@pytest.mark.parametrize(
    "values",
    [
        ["a", None, " b ", "", "a", "\u00a0 y \u3000", "\t"],
        [],
        [None, None],
        [1.5, "x", None, " ", 7],
    ],
)
def test_text_fields_are_stripped_as_before(values: list[object]) -> None:
    dtype = "str" if all(isinstance(v, str | type(None)) for v in values) else object
    series = pd.Series(values, dtype=dtype, name="n", index=np.arange(len(values)) + 5)
    expected = series.astype("string").str.strip()
    expected = expected.mask(expected.eq("").fillna(False).astype(bool))
    pd.testing.assert_series_equal(validate._stripped_text(series), expected)


GEOMETRIES = [
    shapely.Point(106.2, 21.27),
    shapely.Point(1, 2, 3),
    None,
    shapely.LineString([(0, 0), (1, 1)]),
    shapely.Polygon([(0, 0), (1, 0), (1, 1)], [[(0.1, 0.1), (0.5, 0.1), (0.5, 0.5)]]),
    shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(2, 2, 3, 3)]),
    shapely.Point(),
    shapely.GeometryCollection(),
]


def test_hex_wkb_is_shapely_hex_wkb() -> None:
    geoms = np.array(GEOMETRIES * 3, dtype=object)
    expected = shapely.to_wkb(geoms, hex=True)
    assert _hex_wkb(geoms).to_pylist() == [e if e is not None else "" for e in expected]
    assert _hex_wkb(np.array([], dtype=object)).to_pylist() == []


def _reference_generated_ids(layer: str, frame: pd.DataFrame, geoms: np.ndarray) -> pd.Series:
    parts = [
        frame[c].astype(object).where(frame[c].notna(), "").astype(str)
        for c in ("name", "address")
        if c in frame.columns
    ]
    wkb = shapely.to_wkb(shapely.set_precision(geoms, 1e-6), hex=True)
    keys = pd.Series(np.where(pd.isna(wkb), "", wkb), index=frame.index, dtype=object)
    for part in parts:
        keys = keys + "|" + part.astype(object)
    prefix = ID_PREFIX.get(layer, layer)
    return keys.map(lambda k: f"{prefix}-{hashlib.sha1(k.encode()).hexdigest()[:10]}")


@pytest.mark.parametrize("dtype", ["str", "string", object])
def test_generated_ids_are_the_same_hashes(dtype: object) -> None:
    n = len(GEOMETRIES)
    frame = pd.DataFrame(
        {
            "name": pd.Series(["Nhà trọ An", None, "", "Đức", 5, "a|b", " x ", "ẫ"], dtype=object),
            "address": pd.Series(["Số 1", "Ngõ 2", None, "", "x", "y", "z", "ngách 3/4"]),
        },
        index=np.arange(n) * 2,
    )
    if dtype is not object:
        frame["name"] = frame["name"].map(lambda v: v if v is None else str(v)).astype(dtype)
    geoms = np.array(GEOMETRIES, dtype=object)
    for columns in (["name", "address"], ["address"], []):
        part = frame[columns]
        expected = _reference_generated_ids("premises", part, geoms)
        pd.testing.assert_series_equal(_generated_ids("premises", part, geoms), expected)


TEXT_PAIRS = [
    (["a", None, "b", "c", "Đức", ""], ["b", None, "Đức"]),
    (["a", None], ["x"]),
    (["a"], []),
    ([None, "a"], ["a"]),
    (["a", "b"], [None]),
]


@pytest.mark.parametrize(("values", "other"), TEXT_PAIRS)
@pytest.mark.parametrize(
    "dtypes", [("str", "str"), ("string", "str"), ("str", "string"), ("string", object)]
)
def test_text_membership_as_pandas(values: list, other: list, dtypes: tuple) -> None:
    left = pd.Series(values, dtype=dtypes[0], index=np.arange(len(values)) + 3)
    right = pd.Series(other, dtype=dtypes[1])
    for candidates in (right, pd.Index(right)):
        assert (_isin(left, candidates) == left.isin(candidates).to_numpy()).all()


@pytest.mark.parametrize("dtypes", [("str", "str"), ("string", "str"), ("string", "string")])
def test_text_columns_compare_as_python_strings(dtypes: tuple) -> None:
    a = pd.Series(["a", None, "b", "", "Đ", None, "x"], dtype=dtypes[0], index=range(10, 17))
    b = pd.Series(["a", None, "c", "", "Đ", "y", None], dtype=dtypes[1])
    expected = [True, True, False, True, True, False, False]
    assert _equal(a, b).tolist() == expected
    assert _equal(a.astype(object), b.astype(object)).tolist() == expected
