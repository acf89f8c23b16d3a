"""Settings of sign-in ([access] in ``ward.toml``): session lifetime and the login rate limit."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.model.setting_field import PRODUCT_DEFAULT as _PRODUCT
from pipelines.model.setting_field import setting


@dataclass(frozen=True)
class AccessSection:
    session_minutes: float = setting(
        480.0,
        unit="phút",
        vi="Phiên đăng nhập hết hạn sau (phải đăng nhập lại)",
        en="A sign-in session expires after (sign in again)",
        source=_PRODUCT + " (một ca làm việc, 8 giờ)",
        minimum=1.0,
        maximum=10080.0,
    )
    max_failed_logins: int = setting(
        5,
        vi="Số lần đăng nhập sai liên tiếp trước khi tạm khoá tên đăng nhập",
        en="Failed sign-ins in a row before a user name is locked for a while",
        source=_PRODUCT,
        minimum=1,
        maximum=100,
    )
    lockout_minutes: float = setting(
        15.0,
        unit="phút",
        vi="Thời gian tạm khoá sau quá nhiều lần đăng nhập sai",
        en="How long a user name stays locked after too many failed sign-ins",
        source=_PRODUCT,
        minimum=0.1,
        maximum=1440.0,
    )
