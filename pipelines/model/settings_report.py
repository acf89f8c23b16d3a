"""Settings of the review report ([report] in ``ward.toml``): template, header, signature, page.

Two document formats (``../shared/domain.md`` → "Document formats"): ``party`` — a Party
document, Hướng dẫn 36-HD/VPTW (2018), for a report to the Đảng ủy — and ``state`` — an
administrative document, Nghị định 30/2020/NĐ-CP Phụ lục I, for the UBND. Each has its own
issuing body, number, signature block and "Nơi nhận"; an empty issuing body is made from
the ward's name. Lists ("Nơi nhận") are written one item after another, separated by ``;``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.model.errors import ConfigError
from pipelines.model.setting_field import PRODUCT_DEFAULT as _PRODUCT
from pipelines.model.setting_field import setting

TEMPLATES = ("party", "state")
_ND30 = "NĐ 30/2020/NĐ-CP, Phụ lục I"
_HD36 = "Hướng dẫn 36-HD/VPTW (2018)"
_OFFICE = "Văn bản của phường: phường tự điền"


def _text(default: str, vi: str, en: str, source: str = _OFFICE) -> str:
    return setting(default, vi=vi, en=en, source=source)


@dataclass(frozen=True)
class ReportSection:
    template: str = setting(
        "party",
        vi="Thể thức báo cáo: 'party' (văn bản của Đảng, gửi Đảng ủy) hoặc 'state' "
        "(văn bản hành chính, gửi UBND)",
        en="Report format: 'party' (Party document, to the Party committee) or 'state' "
        "(administrative document, to the People's Committee)",
        source=f"{_HD36}; {_ND30}",
    )
    place: str = _text(
        "",
        "Địa danh ghi trước ngày tháng (để trống: tên phường)",
        "Place before the date (empty: the ward's name)",
    )
    party_superior: str = _text(
        "",
        "Văn bản Đảng — cơ quan cấp trên (để trống: ĐẢNG BỘ + tên phường)",
        "Party document — superior body (empty: ĐẢNG BỘ + the ward's name)",
        _HD36,
    )
    party_issuer: str = _text(
        "CHI BỘ CÔNG AN PHƯỜNG",
        "Văn bản Đảng — cơ quan ban hành (có dấu sao dưới tên)",
        "Party document — issuing body (an asterisk under it)",
        _HD36,
    )
    party_number: str = _text(
        "-BC/CB",
        "Văn bản Đảng — số, ký hiệu (số để trống, điền khi vào sổ)",
        "Party document — number and code (number left blank for the register)",
        _HD36,
    )
    party_on_behalf: str = _text(
        "T/M CHI BỘ",
        "Văn bản Đảng — thẩm quyền ký (T/M …)",
        "Party document — signing for (T/M …)",
        _HD36,
    )
    party_signer_title: str = _text(
        "BÍ THƯ", "Văn bản Đảng — chức vụ người ký", "Party document — signer's title", _HD36
    )
    party_signer_name: str = _text(
        "", "Văn bản Đảng — họ tên người ký", "Party document — signer's name"
    )
    party_recipients: str = _text(
        "Đảng ủy phường (để báo cáo); Văn phòng Đảng ủy phường; Lưu Chi bộ",
        "Văn bản Đảng — nơi nhận (các mục cách nhau bằng dấu ;)",
        "Party document — recipients (items separated by ;)",
    )
    state_superior: str = _text(
        "",
        "Văn bản hành chính — cơ quan chủ quản (để trống nếu không có)",
        "Administrative document — superior body (empty if none)",
        _ND30,
    )
    state_issuer: str = _text(
        "",
        "Văn bản hành chính — cơ quan ban hành (để trống: ỦY BAN NHÂN DÂN + tên phường)",
        "Administrative document — issuing body (empty: ỦY BAN NHÂN DÂN + the ward's name)",
        _ND30,
    )
    state_number: str = _text(
        "/BC-UBND",
        "Văn bản hành chính — số, ký hiệu (số để trống, điền khi vào sổ)",
        "Administrative document — number and code (number left blank for the register)",
        _ND30,
    )
    state_on_behalf: str = _text(
        "TM. ỦY BAN NHÂN DÂN",
        "Văn bản hành chính — thẩm quyền ký (TM. …, KT. …)",
        "Administrative document — signing for (TM. …, KT. …)",
        _ND30,
    )
    state_signer_title: str = _text(
        "CHỦ TỊCH",
        "Văn bản hành chính — chức vụ người ký",
        "Administrative document — signer's title",
        _ND30,
    )
    state_signer_name: str = _text(
        "", "Văn bản hành chính — họ tên người ký", "Administrative document — signer's name"
    )
    state_recipients: str = _text(
        "Đảng ủy phường (để báo cáo); Công an phường; Lưu: VT",
        "Văn bản hành chính — nơi nhận (các mục cách nhau bằng dấu ;)",
        "Administrative document — recipients (items separated by ;)",
    )
    margin_top_mm: float = setting(
        20.0,
        unit="mm",
        vi="Lề trên",
        en="Top margin",
        source=f"{_ND30}: 20–25 mm",
        minimum=10.0,
        maximum=40.0,
    )
    margin_bottom_mm: float = setting(
        20.0,
        unit="mm",
        vi="Lề dưới",
        en="Bottom margin",
        source=f"{_ND30}: 20–25 mm",
        minimum=10.0,
        maximum=40.0,
    )
    margin_left_mm: float = setting(
        30.0,
        unit="mm",
        vi="Lề trái",
        en="Left margin",
        source=f"{_ND30}: 30–35 mm",
        minimum=10.0,
        maximum=50.0,
    )
    margin_right_mm: float = setting(
        15.0,
        unit="mm",
        vi="Lề phải",
        en="Right margin",
        source=f"{_ND30}: 15–20 mm",
        minimum=10.0,
        maximum=40.0,
    )
    font_size_pt: float = setting(
        14.0,
        unit="pt",
        vi="Cỡ chữ phần nội dung",
        en="Body font size",
        source=f"{_ND30}: 13–14 pt",
        minimum=11.0,
        maximum=14.0,
    )
    first_line_indent_cm: float = setting(
        1.27,
        unit="cm",
        vi="Thụt đầu dòng",
        en="First-line indent",
        source=f"{_ND30}: 1–1,27 cm",
        minimum=0.0,
        maximum=2.0,
    )
    map_dpi: int = setting(
        150,
        unit="dpi",
        vi="Độ phân giải ảnh bản đồ trong báo cáo",
        en="Resolution of the maps in the report",
        source=_PRODUCT,
        minimum=72,
        maximum=300,
    )

    def __post_init__(self) -> None:
        if self.template not in TEMPLATES:
            raise ConfigError(
                f"Cài đặt 'report.template' phải là 'party' hoặc 'state', nhận được {self.template!r}",
                f"'report.template' should be one of 'party' or 'state', got {self.template!r} instead",
            )


def recipients(text: str) -> list[str]:
    """The "Nơi nhận" items of a setting: split on ``;``, blanks dropped."""
    return [item.strip() for item in text.split(";") if item.strip()]
