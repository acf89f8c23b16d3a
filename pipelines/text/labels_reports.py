"""Labels of the review report and the map book, in (Vietnamese, English).

Kept apart from :mod:`pipelines.text.labels` (which has the tables every page uses) so that
neither module grows past the size limit; same conventions (``pick``, ``Label``).
"""

from __future__ import annotations

from pipelines.text.labels import Label

# ---------------------------------------------------------------------- reports: the review report
# and the map book (pipelines/reports/review.py, period.py, review_report.py, mapdraw.py,
# mapbook.py; piece "docs", issue 9)

REVIEW_VIOLATION: dict[str, Label] = {
    "open": ("Đang trong hạn khắc phục", "Open, within its deadline"),
    "overdue": ("Quá hạn khắc phục", "Past its deadline"),
    "fixed": ("Đã khắc phục", "Fixed"),
    "none": ("Không có vi phạm", "No violation"),
}
PERIOD_TEXT: dict[str, Label] = {
    "year": ("năm {year}", "{year}"),
    "quarter": ("quý {roman} năm {year}", "Q{q} {year}"),
    "H1": ("6 tháng đầu năm {year}", "first half of {year}"),
    "H2": ("6 tháng cuối năm {year}", "second half of {year}"),
    "kind_year": ("tổng kết", "annual review"),
    "kind_part": ("sơ kết", "interim review"),
}
MAPDRAW_TEXT: dict[str, Label] = {
    "legend": ("Chú giải", "Legend"),
    "point": ("Điểm chữa cháy công cộng đang hoạt động", "Public point, working"),
    "point_down": ("Điểm chữa cháy công cộng hỏng / chưa rõ", "Public point, broken / unknown"),
    "water": ("Nguồn nước dùng được", "Usable water source"),
    "water_down": ("Nguồn nước không dùng được", "Water source not usable"),
    "premises": ("Cơ sở", "Premises"),
    "in_group": ("Hộ trong tổ liên gia", "Household in a safety group"),
    "no_group": ("Hộ chưa vào tổ liên gia", "Household in no safety group"),
    "reach": ("Vùng phục vụ của điểm chữa cháy", "Reach of a public point"),
    "pocket": ("Vùng ngoài tầm vòi chữa cháy", "Beyond hose reach"),
    "deep_alley": ("Ngõ sâu xe chữa cháy không vào được", "Deep alley trucks cannot enter"),
    "group": ("Ranh giới tổ dân phố", "Residential group boundary"),
    "boundary": ("Ranh giới phường", "Ward boundary"),
    "water_body": ("Ao, hồ, sông", "Water body"),
    "hex_high": ("Số cơ sở, hộ nguy cơ cao", "High-risk premises and households"),
}
REPORT_TEXT: dict[str, Label] = {
    "long_date": ("ngày {day} tháng {month} năm {year}", "{date}"),
    "kind": ("BÁO CÁO", "REPORT"),
    "subject": (
        "{kind} công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ {period}",
        "Fire prevention, fire fighting and rescue: {kind}, {period}",
    ),
    "intro": (
        "Thực hiện kế hoạch về công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ trên địa bàn "
        "{ward}, báo cáo kết quả {period} như sau (số liệu lấy từ cơ sở dữ liệu bản đồ PCCC của "
        "phường):",
        "Under the ward's fire prevention and rescue plan, this reports the results for {period} "
        "in {ward} (figures from the ward's fire-safety map database):",
    ),
    "part_results": ("Kết quả thực hiện", "Results"),
    "part_limits": ("Hạn chế và nguyên nhân", "Shortcomings and causes"),
    "part_tasks": ("Nhiệm vụ, giải pháp thời gian tới", "Tasks and solutions ahead"),
    "sec_indicators": ("Các chỉ tiêu của kế hoạch", "The plan's indicators"),
    "sec_groups": ("Kết quả theo tổ dân phố", "By residential group"),
    "sec_premises": ("Cơ sở nguy cơ cháy cao và vi phạm", "High-risk premises and violations"),
    "sec_added": (
        "Tổ liên gia và điểm chữa cháy công cộng xây dựng trong kỳ",
        "Safety groups and public points added in the period",
    ),
    "sec_fires": ("Tình hình cháy", "Fires"),
    "sec_maps": ("Bản đồ", "Maps"),
    "indicators_intro": (
        "Số liệu tính đến ngày {as_of}; cột “Cùng kỳ năm trước” là cùng chỉ tiêu một năm trước "
        "(chỉ khi dữ liệu có ngày tháng cho biết).",
        "Figures as of {as_of}; “Same period last year” is the same figure one year earlier "
        "(only where dated records tell it).",
    ),
    "premises_intro": (
        "Toàn phường có {n} cơ sở nguy cơ cháy cao và rất cao. Theo dõi vi phạm của các cơ sở: "
        "{open} cơ sở đang trong hạn khắc phục, {overdue} cơ sở quá hạn khắc phục, {fixed} cơ sở "
        "đã khắc phục vi phạm phát hiện khi kiểm tra. Bảng dưới liệt kê các cơ sở nguy cơ cao có "
        "vi phạm, quá hạn khắc phục trước.",
        "The ward has {n} premises of high or very high fire risk. Violations: {open} premises "
        "within their remedy deadline, {overdue} past it, {fixed} fixed since the inspection "
        "that found them. The table lists the high-risk premises with violations, overdue first.",
    ),
    "added_groups": (
        "Trong {period} thành lập mới {n} tổ liên gia an toàn PCCC.",
        "{n} new safety groups were set up in {period}.",
    ),
    "added_points": (
        "Trong {period} lắp đặt mới {n} điểm chữa cháy công cộng.",
        "{n} new public firefighting points were installed in {period}.",
    ),
    "fires": (
        "Trong kỳ xảy ra {n} vụ cháy ({change} so với cùng kỳ năm trước: {before} vụ), làm chết "
        "{deaths} người (cùng kỳ: {deaths_before}), bị thương {injuries} người (cùng kỳ: "
        "{injuries_before}), thiệt hại ước tính {damage}.",
        "{n} fires in the period ({change} against the same period last year: {before}), "
        "{deaths} deaths (last year: {deaths_before}), {injuries} injured (last year: "
        "{injuries_before}), estimated damage {damage}.",
    ),
    "up": ("tăng {n}", "up {n}"),
    "down": ("giảm {n}", "down {n}"),
    "same": ("không đổi", "unchanged"),
    "fig_ward": (
        "Hình 1. Bản đồ hiện trạng PCCC của phường",
        "Figure 1. The ward's fire-safety map",
    ),
    "fig_risk": ("Hình 2. Bản đồ nguy cơ cháy", "Figure 2. Fire-risk map"),
    "no_map": (
        "Phường chưa có ranh giới và đường giao thông: chưa vẽ được bản đồ (nhập tại trang Dữ "
        "liệu).",
        "The ward has no boundary and no roads yet: no map can be drawn (import them on the "
        "Data page).",
    ),
    "no_groups": (
        "Phường chưa có lớp tổ dân phố: chưa thống kê được theo tổ dân phố.",
        "The ward has no residential groups layer: no breakdown by group.",
    ),
    "lagging_note": (
        "Xếp theo số chỉ tiêu kế hoạch đã đạt, tổ đạt nhiều nhất trước. (*) Tổ dân phố chậm: "
        "nhóm cuối bảng xếp hạng, chưa đạt đủ chỉ tiêu (như trang Tổng quan).",
        "Ranked by the plan targets met, best first. (*) Lagging residential groups: the "
        "bottom of the ranking, missing targets (as on the Overview page).",
    ),
    "lagging": (
        "Các tổ dân phố cần tập trung chỉ đạo: {groups}.",
        "Residential groups to focus on: {groups}.",
    ),
    "ph_results": ("PHẦN CÁN BỘ TỰ VIẾT — Kết quả nổi bật", "OFFICER'S TEXT — Main results"),
    "ph_results_hint": (
        "công tác lãnh đạo, chỉ đạo, tuyên truyền, kết quả nổi bật trong kỳ",
        "leadership, propaganda, the main results of the period",
    ),
    "ph_limits": ("PHẦN CÁN BỘ TỰ VIẾT — Hạn chế", "OFFICER'S TEXT — Shortcomings"),
    "ph_limits_hint": ("những việc chưa làm được", "what was not achieved"),
    "ph_causes": ("PHẦN CÁN BỘ TỰ VIẾT — Nguyên nhân", "OFFICER'S TEXT — Causes"),
    "ph_causes_hint": ("nguyên nhân khách quan, chủ quan", "objective and subjective causes"),
    "ph_tasks": (
        "PHẦN CÁN BỘ TỰ VIẾT — Nhiệm vụ thời gian tới",
        "OFFICER'S TEXT — Tasks ahead",
    ),
    "ph_tasks_hint": (
        "nhiệm vụ, giải pháp, đề xuất, kiến nghị",
        "tasks, solutions, proposals, requests",
    ),
    "synthetic": (
        "Ghi chú: số liệu của phường mẫu là dữ liệu mô phỏng, không mô tả người hay nơi có thật.",
        "Note: the sample ward's figures are synthetic and describe no real people or places.",
    ),
    "recipients": ("Nơi nhận:", "Recipients:"),
    "signer_blank": ("(Họ và tên)", "(Full name)"),
    "col_no": ("TT", "No."),
    "col_indicator": ("Chỉ tiêu", "Indicator"),
    "col_unit": ("Đơn vị", "Unit"),
    "col_value": ("Kết quả", "Result"),
    "col_target": ("Mục tiêu", "Target"),
    "col_previous": ("Cùng kỳ năm trước", "Same period last year"),
    "col_verdict": ("Đánh giá", "Assessment"),
    "no_target": ("Chưa đặt mục tiêu", "No target set"),
    "met": ("Đạt", "Met"),
    "not_met": ("Chưa đạt", "Not met"),
    "no_data": ("Chưa đủ dữ liệu", "Not enough data"),
    "col_group": ("Tổ dân phố", "Residential group"),
    "col_households": ("Số hộ", "Households"),
    "col_share": ("Hộ trong tổ liên gia (%)", "In a safety group (%)"),
    "col_safety_groups": ("Tổ liên gia", "Safety groups"),
    "col_points": ("Điểm chữa cháy hoạt động", "Points working"),
    "col_premises": ("Cơ sở", "Premises"),
    "col_violations": ("Cơ sở có vi phạm", "Premises with violations"),
    "col_premises_name": ("Tên cơ sở", "Premises"),
    "col_category": ("Loại hình", "Category"),
    "col_risk": ("Mức nguy cơ", "Risk"),
    "col_open": ("Vi phạm chưa khắc phục", "Open violations"),
    "col_deadline": ("Hạn khắc phục", "Deadline"),
    "col_status": ("Tình trạng", "Status"),
    "col_name": ("Tên", "Name"),
    "col_date": ("Ngày", "Date"),
}
MAPBOOK_TEXT: dict[str, Label] = {
    "title": ("SỔ BẢN ĐỒ PHÒNG CHÁY, CHỮA CHÁY", "FIRE-SAFETY MAP BOOK"),
    "subtitle": ("theo tổ dân phố", "by residential group"),
    "made": ("Lập ngày {date}", "Made on {date}"),
    "contents": ("Nội dung", "Contents"),
    "overview": ("Toàn phường", "The whole ward"),
    "group_page": ("{name}", "{name}"),
    "page": ("Trang {n}", "Page {n}"),
    "figures": ("Số liệu", "Figures"),
    "date": ("Ngày lập: {date}", "Date: {date}"),
    "synthetic": ("Dữ liệu mô phỏng", "Synthetic data"),
    "no_groups": (
        "Phường chưa có lớp tổ dân phố: sổ chỉ có trang bìa và bản đồ toàn phường (nhập lớp tổ "
        "dân phố tại trang Dữ liệu).",
        "The ward has no residential groups: the book has the cover and the ward map only "
        "(import the groups on the Data page).",
    ),
    "households": ("Số hộ", "Households"),
    "in_group": ("Hộ trong tổ liên gia", "Households in a safety group"),
    "points": ("Điểm chữa cháy công cộng hoạt động / tổng", "Public points working / total"),
    "water": ("Nguồn nước dùng được / tổng", "Water sources usable / total"),
    "premises": ("Cơ sở quản lý PCCC", "Premises under management"),
    "high_risk": ("Cơ sở nguy cơ cao, rất cao", "High and very high risk premises"),
    "violations": ("Cơ sở còn vi phạm (quá hạn)", "Premises with open violations (overdue)"),
    "deep_alleys": ("Ngõ sâu xe chữa cháy không vào được", "Deep alleys trucks cannot enter"),
    "beyond": ("Hộ ngoài tầm vòi chữa cháy", "Households beyond hose reach"),
    "uncovered": (
        "Hộ chưa có điểm chữa cháy trong bán kính",
        "Households without a point in reach",
    ),
}


# The two report formats ([report] template), as the CLI and the page name them.
REPORT_TEMPLATE_LABELS: dict[str, tuple[str, str]] = {
    "party": ("thể thức văn bản của Đảng, HD 36-HD/VPTW", "Party document format, HD 36-HD/VPTW"),
    "state": ("thể thức văn bản hành chính, NĐ 30/2020", "administrative format, ND 30/2020"),
}
