"""Labels of the inspection workflow (page Kiểm tra cơ sở, biên bản kiểm tra), (vi, en).

Kept apart from :mod:`pipelines.text.labels` so that neither module grows past the size
limit; same conventions (``pick``, ``Label``). Piece "inspect", issue 10 item 6.
"""

from __future__ import annotations

from pipelines.text.labels import Label

CHECKLIST_LABELS: dict[str, Label] = {
    "extinguishers": ("Phương tiện chữa cháy (bình chữa cháy…)", "Extinguishers and equipment"),
    "exits": ("Lối thoát nạn, đường thoát nạn", "Exits and escape routes"),
    "electrical": ("An toàn điện", "Electrical safety"),
    "storage": ("Bảo quản hàng hóa, chất dễ cháy, nhiên liệu", "Storage of goods and fuel"),
    "alarm": ("Hệ thống báo cháy", "Fire alarm"),
    "separation": ("Ngăn cháy, chống cháy lan", "Fire separation"),
}
VIOLATION_STATE_LABELS: dict[str, Label] = {
    "open": ("Trong hạn khắc phục", "Open, within its deadline"),
    "overdue": ("Quá hạn khắc phục", "Past its deadline"),
    "fixed": ("Đã khắc phục", "Fixed"),
}
# Columns of the page's tables (history, open violations).
INSPECTION_COLUMNS: dict[str, Label] = {
    "id": ("Mã", "ID"),
    "date": ("Ngày kiểm tra", "Date"),
    "kind": ("Hình thức", "Kind"),
    "result": ("Kết quả", "Result"),
    "inspectors": ("Đoàn kiểm tra", "Inspectors"),
    "officer": ("Cán bộ phụ trách", "Officer"),
    "violations": ("Số vi phạm", "Violations"),
    "note": ("Ghi chú", "Note"),
    "item": ("Nội dung kiểm tra", "Checklist item"),
    "description": ("Nội dung vi phạm", "Violation"),
    "legal_basis": ("Căn cứ pháp lý", "Legal basis"),
    "deadline": ("Hạn khắc phục", "Deadline"),
    "fixed_on": ("Ngày khắc phục", "Fixed on"),
    "state": ("Tình trạng", "Status"),
    "answer": ("Đánh giá", "Assessment"),
    "order": ("TT", "No."),
}
# The biên bản kiểm tra (pipelines/reports/inspection_record.py).
RECORD_TEXT: dict[str, Label] = {
    "kind": ("BIÊN BẢN KIỂM TRA", "INSPECTION RECORD"),
    "subject": (
        "Về an toàn phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        "Fire safety, firefighting and rescue",
    ),
    "number": ("{n}/BB-KT", "{n}/BB-KT"),
    "opening": (
        "Hôm nay, {date}, tại {place}, đoàn kiểm tra tiến hành kiểm tra an toàn phòng cháy, "
        "chữa cháy và cứu nạn, cứu hộ ({kind}).",
        "On {date}, at {place}, the inspection team inspected fire safety, firefighting and "
        "rescue ({kind}).",
    ),
    "basis": ("Căn cứ: {text}.", "Legal basis: {text}."),
    "parties": ("Thành phần", "Parties"),
    "team": ("Đoàn kiểm tra: {names}", "Inspection team: {names}"),
    "officer": ("Cán bộ phụ trách cơ sở: {name}", "Officer in charge: {name}"),
    "premises": ("Cơ sở được kiểm tra: {name} ({category})", "Premises: {name} ({category})"),
    "address": ("Địa chỉ: {text}", "Address: {text}"),
    "representative": ("Người đại diện cơ sở: {name}", "Representative: {name}"),
    "follow_up": (
        "Phúc tra lần kiểm tra {id}: các vi phạm trước đây được đối chiếu dưới đây.",
        "Follow-up of inspection {id}: earlier violations are checked below.",
    ),
    "checklist": ("Kết quả kiểm tra", "Findings"),
    "violations": ("Vi phạm và yêu cầu khắc phục", "Violations and remedies required"),
    "none": ("Không phát hiện vi phạm.", "No violation found."),
    "earlier": ("Vi phạm của lần kiểm tra trước", "Violations of earlier inspections"),
    "result": ("Kết luận: {text}.", "Conclusion: {text}."),
    "note": ("Ghi chú: {text}", "Note: {text}"),
    "closing": (
        "Biên bản lập xong hồi …… giờ …… cùng ngày, đã đọc lại cho những người có tên trên "
        "nghe, công nhận đúng và cùng ký tên.",
        "The record was read to those named above, who agreed and signed it.",
    ),
    "sign_premises": ("ĐẠI DIỆN CƠ SỞ", "FOR THE PREMISES"),
    "sign_team": ("ĐẠI DIỆN ĐOÀN KIỂM TRA", "FOR THE INSPECTION TEAM"),
    "sign_hint": ("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
    "blank": ("……………", "……………"),
    "issuer_police": ("CÔNG AN {ward}", "POLICE OF {ward}"),
    "issuer_ward": ("ỦY BAN NHÂN DÂN {ward}", "PEOPLE'S COMMITTEE OF {ward}"),
}
