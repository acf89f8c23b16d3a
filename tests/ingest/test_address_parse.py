"""The Vietnamese address parser, on a table of real spellings."""

from __future__ import annotations

import pytest

from pipelines.ingest.address_parse import alley_key, parse_address, split_leading_house

# address → (house, alley chain innermost first, street, tổ dân phố)
CASES: list[tuple[str, tuple[str, tuple[tuple[str, str], ...], str, str]]] = [
    ("Số 5 ngõ 143 Phúc Tân", ("5", (("ngo", "143"),), "phuc tan", "")),
    ("12 Ngõ 20 Hàng Vôi", ("12", (("ngo", "20"),), "hang voi", "")),
    ("34 Phố Lý Nam Đế", ("34", (), "ly nam de", "")),
    ("12A Hàng Bạc", ("12a", (), "hang bac", "")),
    ("12/3 Đường Lê Lợi", ("12/3", (), "le loi", "")),
    ("SN 7 P. Hàng Bạc, P. Hàng Buồm, Q. Hoàn Kiếm", ("7", (), "hang bac", "")),
    ("51-53-55 Tô Hiến Thành", ("51-53-55", (), "to hien thanh", "")),
    ("ngách 3/15 Phúc Tân", ("", (("ngach", "3"), ("ngo", "15")), "phuc tan", "")),
    ("ngách 15 ngõ 3 Phúc Tân", ("", (("ngach", "15"), ("ngo", "3")), "phuc tan", "")),
    (
        "hẻm 12 ngách 5 ngõ 40 Xã Đàn",
        ("", (("hem", "12"), ("ngach", "5"), ("ngo", "40")), "xa dan", ""),
    ),
    ("hẻm 45/12 Nguyễn Trãi", ("", (("hem", "45/12"),), "nguyen trai", "")),
    ("kiệt 12 Lê Lợi", ("", (("kiet", "12"),), "le loi", "")),
    ("ngõ 16A Lý Nam Đế", ("", (("ngo", "16a"),), "ly nam de", "")),
    ("Ngõ 16A Phố Lý Nam Đế", ("", (("ngo", "16a"),), "ly nam de", "")),
    ("Ngõ Gạch, số 4", ("4", (("ngo", "gach"),), "", "")),
    ("Ngõ 20, số 4, Hàng Vôi", ("4", (("ngo", "20"),), "hang voi", "")),
    ("SỐ 5 NGÕ 143 PHÚC TÂN", ("5", (("ngo", "143"),), "phuc tan", "")),
    ("so 5 ngo 143 phuc tan", ("5", (("ngo", "143"),), "phuc tan", "")),
    ("Ng. 3 Phúc Tân", ("", (("ngo", "3"),), "phuc tan", "")),
    ("9 Hang Voi St. (2nd Floor)", ("9", (), "hang voi", "")),
    ("1A Hai Ba Trung, Hoan Kiem, Hanoi", ("1a", (), "hai ba trung", "")),
    ("Hai Ba Trung", ("", (), "hai ba trung", "")),
    ("3B", ("3b", (), "", "")),
    ("Số 5, Quán Sứ, Hoàn Kiếm", ("5", (), "quan su", "")),
    ("12 Tô Hiến Thành", ("12", (), "to hien thanh", "")),
    (
        "Số 12/3 Đường Lê Lợi, TDP số 7, Phường Hoàng Văn Thụ, TP Bắc Giang",
        ("12/3", (), "le loi", "7"),
    ),
    ("Tổ 5, phường Trần Phú", ("", (), "", "5")),
    ("Tổ dân phố Đông, Xã Yên Dũng", ("", (), "", "dong")),
    ("Thôn Đông, xã Yên Dũng, tỉnh Bắc Ninh", ("", (), "", "dong")),
    ("Khu 3, số 8 Nguyễn Du", ("8", (), "nguyen du", "3")),
    ("Số 8 Nguyễn Du, Phường Cửa Nam, Thành phố Hà Nội", ("8", (), "nguyen du", "")),
    ("Đ. Trần Phú số 17", ("17", (), "tran phu", "")),
    ("22 Hang Bac Street", ("22", (), "hang bac", "")),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_parse_address(text: str, expected: tuple) -> None:
    p = parse_address(text)
    assert (p.house, p.alleys, p.street, p.group) == expected


def test_ward_tail_is_kept_apart() -> None:
    assert parse_address("SN 7 P. Hàng Bạc, P. Hàng Buồm, Q. Hoàn Kiếm").ward == "hang buom"
    assert parse_address("8 Nguyễn Du, phường Cửa Nam, Hà Nội").ward == "cua nam"
    # "P." read as phường when it names this ward, as phố otherwise
    assert parse_address("P. Hàng Trống", ward_names=["hang trong"]).street == ""
    assert parse_address("P. Hàng Bạc", ward_names=["hang trong"]).street == "hang bac"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Ngõ 16A Phố Lý Nam Đế", "ngo 16a ly nam de"),
        ("Ngõ 515 Đường Hồng Hà", "ngo 515 hong ha"),
        ("Ngách 3/15 Phúc Tân", "ngach 3/15 phuc tan"),
        ("Phố 19 Tháng 12", "19 thang 12"),
        ("Phố Yên Bái 1", "yen bai 1"),
        ("Ngõ Thọ Xương Phố Phủ Doãn", "ngo tho xuong phu doan"),
        ("Đường Trần Quang Khải", "tran quang khai"),
        ("Ngõ Gạch", "ngo gach"),
    ],
)
def test_road_names_and_addresses_share_keys(text: str, key: str) -> None:
    assert parse_address(text, road=True).key() == key


def test_the_same_alley_written_many_ways_has_one_key() -> None:
    spellings = [
        "ngõ 16A Lý Nam Đế",
        "Số 3 Ngõ 16A Phố Lý Nam Đế",
        "3 NGO 16A LY NAM DE",
        "số 3, ngõ 16a, phố Lý Nam Đế, phường Hoàn Kiếm, Hà Nội",
        "So 3 Ngo 16A - Ly Nam De - Hoan Kiem",
        "Ngõ 16A Lý Nam Đế, số 3",
    ]
    assert {parse_address(s).key() for s in spellings} == {"ngo 16a ly nam de"}
    assert {parse_address(s).house for s in spellings[1:]} == {"3"}


def test_road_keys_run_from_the_deepest_alley_to_the_street() -> None:
    p = parse_address("Số 2 hẻm 12 ngách 5 ngõ 40 Xã Đàn")
    assert p.road_keys() == ("hem 12/5/40 xa dan", "ngach 5/40 xa dan", "ngo 40 xa dan", "xa dan")
    assert p.house_number == 2
    assert parse_address("51-53-55 Tô Hiến Thành").house_number == 51
    assert parse_address("Hai Ba Trung").house_number is None
    assert alley_key((("ngo", "gach"),), "") == "ngo gach"


@pytest.mark.parametrize(
    ("text", "house", "rest"),
    [
        ("12A ngõ 5 Lê Lợi", "12a", "ngõ 5 Lê Lợi"),
        ("Số 5, ngõ 143 Phúc Tân", "5", "ngõ 143 Phúc Tân"),
        ("SN 7 Hàng Bạc", "7", "Hàng Bạc"),
        ("ngõ 5 Lê Lợi", "", "ngõ 5 Lê Lợi"),
        ("3B", "", "3B"),
    ],
)
def test_split_leading_house(text: str, house: str, rest: str) -> None:
    assert split_leading_house(text) == (house, rest)
