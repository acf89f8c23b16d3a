"""UI strings, Vietnamese first, English second: one table, looked up by key.

Also the Vietnamese for Streamlit's own texts (:data:`STREAMLIT_VI`, applied in the browser
by ``static/st-i18n.js``) and :func:`literal`, which makes a user's value safe to put in
Streamlit Markdown (titles, captions, labels) so that it shows as typed.
"""

from __future__ import annotations

import re

from pipelines.text.labels import pick

TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("Bản đồ PCCC", "Fire-safety map"),
    "app_subtitle": (
        "Phòng cháy, chữa cháy và cứu nạn, cứu hộ (PCCC&CNCH) của phường",
        "The ward's fire prevention, fire fighting and rescue programme",
    ),
    "language": ("Ngôn ngữ / Language", "Ngôn ngữ / Language"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_map": ("Bản đồ", "Map"),
    "ward": ("Phường", "Ward"),
    "synthetic_banner": (
        "Dữ liệu mô phỏng — không phải dữ liệu thật của phường nào.",
        "Synthetic data — not the real data of any ward.",
    ),
    "ward_open": ("Phường đang mở", "Ward open"),
    "working_copy": (
        "Đang làm việc trên bản sao của phường mẫu ({path}); dữ liệu mẫu gốc geodata/sample "
        "không bị sửa. Xóa thư mục này để bắt đầu lại từ mẫu gốc.",
        "Working on a copy of the sample ward ({path}); the original geodata/sample is never "
        "changed. Delete this folder to start again from the sample.",
    ),
    "input_range": (
        "'{name}' phải từ {lo} đến {hi}.",
        "'{name}' should be from {lo} to {hi}.",
    ),
    "input_whole_range": (
        "'{name}' phải là số nguyên từ {lo} đến {hi}.",
        "'{name}' should be a whole number from {lo} to {hi}.",
    ),
    "basemap": ("Bản đồ nền", "Base map"),
    "basemap_help": (
        "Để trống: không dùng bản đồ nền và không truy cập Internet. Khi có mạng, dán địa chỉ "
        "lớp XYZ, ví dụ https://tile.openstreetmap.org/{z}/{x}/{y}.png hoặc máy chủ bản đồ của tỉnh.",
        "Empty: no base map and no Internet access. When online, paste an XYZ tile URL, e.g. "
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png or the province's tile server.",
    ),
    "basemap_url": ("Địa chỉ lớp nền XYZ", "XYZ tile URL"),
    "basemap_attr": ("Ghi công bản đồ nền", "Base map attribution"),
    "kpi_premises": ("Cơ sở thuộc diện quản lý", "Premises under management"),
    "kpi_violations": ("Cơ sở có vi phạm", "Premises with violations"),
    "kpi_points": ("Điểm chữa cháy công cộng hoạt động", "Public points working"),
    "kpi_groups": ("Hộ tham gia tổ liên gia", "Households in a safety group"),
    "kpi_water": ("Nguồn nước dùng được", "Water sources usable"),
    "kpi_incidents": ("Vụ cháy 12 tháng qua", "Fires, last 12 months"),
    "of_total": ("trên tổng", "of"),
    "groups_count": ("tổ liên gia", "safety groups"),
    "construction_electrical": (
        "vi phạm trật tự xây dựng / an toàn điện",
        "construction-order / electrical-safety violations",
    ),
    "hydrants": ("trụ nước hoạt động", "hydrants working"),
    "by_category": ("Cơ sở theo loại hình", "Premises by category"),
    "by_group": ("Theo tổ dân phố", "By residential group"),
    "by_group_empty": (
        "Chưa có tổ dân phố, hộ hay cơ sở nào để tổng hợp theo tổ.",
        "No residential group, household or premises to sum up by group yet.",
    ),
    "no_group": ("(chưa gán tổ dân phố)", "(no residential group)"),
    "col_group": ("Tổ dân phố", "Residential group"),
    "col_households": ("Số hộ", "Households"),
    "col_in_group": ("Hộ trong tổ liên gia", "In a safety group"),
    "col_share": ("Tỷ lệ tham gia", "Share"),
    "col_premises": ("Cơ sở", "Premises"),
    "col_violations": ("Cơ sở có vi phạm", "With violations"),
    "col_points": ("Điểm CC công cộng (hoạt động / tổng)", "Public points (working / total)"),
    "col_category": ("Loại hình", "Category"),
    "col_count": ("Số lượng", "Count"),
    "map_heading": ("Bản đồ phường", "Ward map"),
    "map_theme": ("Chủ đề bản đồ", "Map theme"),
    "legend": ("Chú giải", "Legend"),
    "map_zoom_in": ("Phóng to", "Zoom in"),
    "map_zoom_out": ("Thu nhỏ", "Zoom out"),
    "map_layers": ("Lớp bản đồ", "Layers"),
    "map_leaflet": (
        "Thư viện bản đồ tương tác Leaflet",
        "A JavaScript library for interactive maps",
    ),
    "filters": ("Lọc bản đồ", "Map filters"),
    "filter_category": ("Loại hình cơ sở", "Premises category"),
    "filter_group": ("Tổ dân phố", "Residential group"),
    "filter_status": (
        "Tình trạng điểm chữa cháy, nguồn nước",
        "Status of points and water sources",
    ),
    "filter_violations": ("Chỉ cơ sở có vi phạm", "Only premises with violations"),
    "filter_all": ("Tất cả", "All"),
    "drawn": ("Đang hiển thị", "Showing"),
    "download_html": ("Tải bản đồ HTML (mở không cần mạng)", "Download HTML map (works offline)"),
    "data_missing": ("Lớp dữ liệu còn thiếu", "Layers still missing"),
    "status_unknown_count": (
        "chưa rõ tình trạng (không tính là hoạt động)",
        "of unknown status (not counted as working)",
    ),
    "empty_ward": (
        "Phường chưa có dữ liệu. Hãy nhập ranh giới phường và các danh sách ở trang Dữ liệu.",
        "The ward has no data yet. Import its boundary and lists on the Data page.",
    ),
    "error_title": ("Không mở được dữ liệu phường", "Cannot open the ward's data"),
    "page_settings": ("Cài đặt", "Settings"),
    "settings_title": ("Cài đặt của phường", "Ward settings"),
    "settings_help": (
        "Mọi ngưỡng kỹ thuật, trọng số và đơn giá mà các phân tích dùng, kèm nguồn. Thay đổi được "
        "lưu vào ward.toml của phường (ghi an toàn, không mất dữ liệu).",
        "Every threshold, weight and unit price the analyses use, with its source. Changes are "
        "saved to the ward's ward.toml (written atomically).",
    ),
    "settings_saved": ("Đã lưu cài đặt.", "Settings saved."),
    "settings_invalid": ("Cài đặt không hợp lệ, chưa lưu", "Invalid settings, not saved"),
    "save": ("Lưu", "Save"),
    "source": ("Nguồn", "Source"),
    "default": ("Mặc định", "Default"),
    "confidence": ("độ tin cậy", "confidence"),
    "edit_in_toml": ("Sửa bảng này trong tệp ward.toml.", "Edit this table in ward.toml."),
    "section_ward": ("Thông tin phường", "Ward"),
    "section_thresholds": ("Ngưỡng kỹ thuật", "Thresholds"),
    "section_risk": ("Trọng số nguy cơ", "Risk weights"),
    "section_costs": ("Đơn giá", "Unit prices"),
    "section_planner": ("Quy hoạch điểm chữa cháy", "Point planner"),
    "section_map": ("Bản đồ", "Map"),
    "section_ingest": ("Nhập dữ liệu", "Data import"),
    "page_planner": ("Quy hoạch điểm chữa cháy", "Point planner"),
    "planner_title": ("Quy hoạch điểm chữa cháy công cộng", "Public firefighting point planner"),
    "planner_help": (
        "Đề xuất nơi đặt điểm chữa cháy công cộng mới. Một hộ, cơ sở được phủ khi đi bộ theo "
        "đường, ngõ không quá bán kính phục vụ (mặc định {radius} m) đến một điểm. Các điểm "
        "đang hoạt động được giữ nguyên. Nhấp lên bản đồ để thêm hoặc di chuyển điểm.",
        "Propose where to put new public firefighting points. A household or premises is "
        "covered when a point is within the service radius walking along roads and alleys "
        "(default {radius} m). Working points are kept. Click the map to add or move a point.",
    ),
    "plan_error": ("Không lập được bài toán quy hoạch", "Cannot set up the planning problem"),
    "plan_model": ("Mô hình", "Model"),
    "plan_p": ("Số điểm mới", "New points"),
    "plan_radius": ("Bán kính phục vụ (m)", "Service radius (m)"),
    "plan_share": ("Tỷ lệ cần phủ", "Share to cover"),
    "plan_enforce": ("Bắt buộc theo quy tắc", "Enforce the rules"),
    "plan_enforce_help": (
        "Mỗi ngõ sâu xe chữa cháy không vào được có một điểm; mỗi tổ dân phố đủ số điểm tối "
        "thiểu (ngưỡng trong Cài đặt).",
        "A point in every deep alley fire trucks cannot enter; every residential group has "
        "its minimum number of points (thresholds in Settings).",
    ),
    "plan_sites_file": ("Thêm vị trí ứng viên từ tệp", "Add candidate sites from a file"),
    "plan_sites_file_help": (
        "CSV/XLSX có cột kinh độ, vĩ độ (WGS 84) hoặc X, Y (VN-2000), GeoJSON, KML, GeoPackage, "
        "Shapefile nén: đọc như khi nhập dữ liệu",
        "CSV/XLSX with longitude and latitude (WGS 84) or X, Y (VN-2000), GeoJSON, KML, "
        "GeoPackage, zipped Shapefile: read as imports are",
    ),
    "plan_objective_maximal": (
        "Nhu cầu có trọng số được phủ (hộ, cơ sở theo mức nguy cơ)",
        "Weighted demand covered (households and premises by risk class)",
    ),
    "plan_objective_cover": ("Số điểm mới cần đặt", "New points needed"),
    "plan_greedy": ("Lời giải nhanh (tham lam)", "Quick (greedy) solution"),
    "plan_solving": ("Đang tìm lời giải tối ưu…", "Finding the optimum…"),
    "plan_optimal": ("Lời giải tối ưu (HiGHS)", "Optimal solution (HiGHS)"),
    "plan_greedy_gap": ("Chênh lệch của lời giải nhanh", "Gap of the quick solution"),
    "plan_status": (
        "{status} · cận: {bound} · khoảng cách MIP: {gap} · {seconds} giây · "
        "{candidates} vị trí ứng viên, {demand} hộ và cơ sở",
        "{status} · bound: {bound} · MIP gap: {gap} · {seconds} s · "
        "{candidates} candidate sites, {demand} households and premises",
    ),
    "plan_rules_left_out": (
        "{n} quy tắc không có đủ vị trí ứng viên nên không đưa vào ràng buộc (xem bảng quy tắc).",
        "{n} rules have too few candidate sites and are not enforced (see the rule table).",
    ),
    "plan_working": ("Đang sửa", "Being edited"),
    "plan_households_covered": ("Hộ được phủ", "Households covered"),
    "plan_households_covered_help": (
        "trên tổng {total} hộ ({share}); thay đổi so với hiện trạng",
        "of {total} households ({share}); change from the current state",
    ),
    "plan_high_risk_covered": ("Cơ sở nguy cơ cao được phủ", "High-risk premises covered"),
    "plan_pockets_served": (
        "Vùng ngoài tầm vòi có người được phục vụ",
        "Beyond-reach pockets with people, served",
    ),
    "plan_pockets_help": (
        "Chỉ tính vùng có hộ hoặc cơ sở: {with_people} trong {all} vùng ngoài tầm vòi của "
        "trang Nguồn nước & giao thông; {empty} vùng còn lại không có ai.",
        "Only pockets with households or premises: {with_people} of the {all} pockets on the "
        "Water & access page; the other {empty} have nobody in them.",
    ),
    "plan_points_cost": ("Điểm mới (chi phí ở chú thích)", "New points (cost in the tooltip)"),
    "plan_placed": (
        "Đã đặt điểm {key}: thêm {n} hộ được phủ.",
        "Placed {key}: {n} more households covered.",
    ),
    "plan_too_far": (
        "Vị trí cách đường, ngõ gần nhất {distance} (tối đa {limit}): chưa đặt điểm.",
        "The position is {distance} from the nearest road (at most {limit}): no point placed.",
    ),
    "plan_click_mode": ("Nhấp bản đồ để", "A map click will"),
    "plan_click_add": ("Thêm điểm mới", "Add a new point"),
    "plan_click_move": ("Di chuyển điểm đã chọn", "Move the chosen point"),
    "plan_move_which": ("Điểm cần di chuyển", "Point to move"),
    "plan_show_candidates": ("Hiện vị trí ứng viên", "Show candidate sites"),
    "plan_points": ("Các điểm của đề xuất", "Points of the proposal"),
    "plan_remove_which": ("Chọn điểm để bỏ", "Choose points to remove"),
    "plan_remove": ("Bỏ các điểm đã chọn", "Remove chosen points"),
    "plan_remove_placeholder": ("Chọn một hoặc nhiều điểm", "Choose one or more points"),
    "plan_no_point": ("Chưa có điểm nào", "No point yet"),
    "plan_save_as": ("Lưu thành phương án {name}", "Save as proposal {name}"),
    "plan_option": ("Phương án {name}", "Proposal {name}"),
    "plan_reset": ("Quay về lời giải tối ưu", "Back to the optimal solution"),
    "plan_compare": ("So sánh các phương án", "Compare proposals"),
    "plan_current": ("Hiện trạng", "Current"),
    "plan_rules": ("Kiểm tra quy tắc", "Rule check"),
    "plan_rules_summary": (
        "{unmet} trên {total} quy tắc chưa đạt với đề xuất đang sửa.",
        "{unmet} of {total} rules are not met by the proposal being edited.",
    ),
    "plan_rules_only_unmet": ("Chỉ hiện quy tắc chưa đạt", "Only rules not met"),
    "plan_downloads": ("Tải đề xuất", "Download the proposal"),
    "page_data": ("Dữ liệu", "Data"),
    "data_title": ("Nhập và xuất dữ liệu", "Import and export data"),
    "data_help": (
        "Nhập danh sách của phường (Excel, CSV, GeoJSON, GeoPackage, Shapefile nén, KML/KMZ, "
        "OpenStreetMap). Xem trước, sửa ánh xạ cột rồi mới ghi. Mỗi dòng được lưu hoặc ghi vào "
        "tệp dòng bị loại kèm lý do; bản sao lưu và tệp gốc được giữ trong thư mục phường.",
        "Import the ward's lists (Excel, CSV, GeoJSON, GeoPackage, zipped Shapefile, KML/KMZ, "
        "OpenStreetMap). Preview, fix the column mapping, then commit. Every row is stored or "
        "written to the rejects file with its reason; a backup and the original file are kept "
        "in the ward folder.",
    ),
    "data_import": ("Nhập dữ liệu", "Import"),
    "data_export": ("Xuất dữ liệu", "Export"),
    "start_title": ("Bắt đầu phường mới từ dữ liệu công khai", "Start a ward from public data"),
    "start_help": (
        "Ranh giới phường (GeoJSON, GPKG, KML, SHP nén, OSM, dvhcvn) và một tệp OpenStreetMap "
        "(mọi dạng): đường, nhà, mặt nước, nguồn nước và cơ sở được nhập trong một bước, mỗi "
        "dòng được lưu hoặc đưa vào danh sách bị loại.",
        "The ward boundary (GeoJSON, GPKG, KML, zipped SHP, OSM, dvhcvn) and one OpenStreetMap "
        "file (any form): roads, buildings, water bodies, water sources and premises are "
        "imported in one step, every row stored or listed as rejected.",
    ),
    "start_name": ("Tên phường", "Ward name"),
    "start_where": ("Nhập vào", "Import into"),
    "start_new": ("Phường mới, thư mục riêng ({path})", "A new ward in its own folder ({path})"),
    "start_here": ("Phường đang mở ({name})", "The ward open now ({name})"),
    "start_boundary": ("Tệp ranh giới (không bắt buộc)", "Boundary file (optional)"),
    "start_feature": ("Vùng dùng làm ranh giới", "Area to use as the boundary"),
    "start_osm": ("Tệp OpenStreetMap (không bắt buộc)", "OpenStreetMap file (optional)"),
    "start_boundary_read": (
        "Ranh giới: {name} — {area} km²",
        "Boundary: {name} — {area} km²",
    ),
    "start_confirm": ("Tôi xác nhận, tiếp tục", "I confirm, go on"),
    "start_run": ("Bắt đầu", "Start"),
    "start_nothing": (
        "Chọn tệp ranh giới hoặc tệp OpenStreetMap.",
        "Choose a boundary file or an OpenStreetMap file.",
    ),
    "start_error": ("Không bắt đầu được", "Cannot start"),
    "start_done": ("Đã nhập vào phường {name}", "Imported into ward {name}"),
    "start_layers": ("Các lớp", "Layers"),
    "start_pages": ("Các trang bây giờ", "The pages now"),
    "data_file": ("Tệp cần nhập", "File to import"),
    "data_layer": ("Lớp dữ liệu đích", "Target layer"),
    "data_sheet": ("Trang (sheet), lớp hoặc thư mục trong tệp", "Sheet, layer or folder"),
    "data_header_row": ("Dòng tiêu đề (0 = tự nhận)", "Header row (0 = detect)"),
    "data_crs": ("Hệ tọa độ của tọa độ trong tệp", "CRS of the file's coordinates"),
    "data_crs_auto": (
        "Tự nhận (theo giá trị, .prj, ranh giới phường)",
        "Detect (values, .prj, ward boundary)",
    ),
    "data_text_mode": ("Chuyển mã chữ", "Text conversion"),
    "text_auto": ("Tự nhận từng ô (TCVN3, VNI, Unicode)", "Detect per cell (TCVN3, VNI, Unicode)"),
    "text_tcvn3": ("Mọi ô chữ cũ là TCVN3", "Every legacy cell is TCVN3"),
    "text_vni": ("Mọi ô chữ cũ là VNI", "Every legacy cell is VNI"),
    "text_unicode": ("Không chuyển (chỉ chuẩn hóa NFC)", "No conversion (NFC only)"),
    "data_options": ("Tùy chọn đọc tệp", "Reading options"),
    "data_no_file": (
        "Chọn một tệp để xem trước. Chưa có gì được ghi cho đến khi bấm “Ghi vào dữ liệu phường”.",
        "Choose a file to preview. Nothing is written until you press “Write into the ward”.",
    ),
    "data_preview_error": ("Không dùng được tệp này", "This file cannot be used"),
    "data_detected": ("Đã nhận ra", "Detected"),
    "data_format": ("Định dạng", "Format"),
    "data_encoding": ("Bảng mã", "Encoding"),
    "data_header_at": ("Dòng tiêu đề", "Header row"),
    "data_crs_used": ("Hệ tọa độ", "CRS"),
    "data_crs_source": ("theo", "from"),
    "crs_source_override": ("lựa chọn của bạn", "your choice"),
    "crs_source_prj": ("tệp .prj", "the .prj file"),
    "crs_source_file": ("tệp", "the file"),
    "crs_source_boundary": ("ranh giới phường", "the ward boundary"),
    "crs_source_ward": ("hệ tọa độ của phường", "the ward's CRS"),
    "crs_source_area_of_use": ("phạm vi áp dụng của múi", "the zone's area of use"),
    "crs_source_default": ("mặc định", "default"),
    "data_x_northing": (
        "X là hướng bắc, Y là hướng đông (kiểu bảng Việt Nam)",
        "X is northing, Y easting (Vietnamese tables)",
    ),
    "data_x_easting": (
        "X là hướng đông, Y là hướng bắc (kiểu GIS)",
        "X is easting, Y northing (GIS order)",
    ),
    "data_conversions": ("Ô chữ đã chuyển mã ({n})", "Text cells converted ({n})"),
    "data_rows_in": ("Dòng trong tệp", "Rows in the file"),
    "data_new": ("Mới", "New"),
    "data_updated": ("Cập nhật", "Updated"),
    "data_unchanged": ("Không đổi", "Unchanged"),
    "data_rejected": ("Bị loại", "Rejected"),
    "data_mapping": ("Ánh xạ cột", "Column mapping"),
    "data_mapping_help": (
        "Mỗi cột của tệp ứng với một trường của lớp (hoặc tọa độ). Sửa nếu chưa đúng; bấm "
        "“Lưu ánh xạ” để lần sau tự dùng.",
        "Each column of the file goes to a field of the layer (or to coordinates). Fix it if "
        "wrong; “Save mapping” reuses it next time.",
    ),
    "data_ignore": ("— bỏ qua —", "— ignore —"),
    "data_examples": ("ví dụ", "e.g."),
    "data_save_mapping": ("Lưu ánh xạ", "Save mapping"),
    "data_mapping_saved": ("Đã lưu ánh xạ cột: {path}", "Column mapping saved: {path}"),
    "data_osm_mapping": (
        "Dữ liệu OpenStreetMap: các thẻ được chuyển thành trường như sau.",
        "OpenStreetMap data: tags become fields as follows.",
    ),
    "data_unmatched_values": (
        "Giá trị chưa khớp danh mục của '{field}': {values}",
        "Values not in the list of '{field}': {values}",
    ),
    "data_accepted": ("Các dòng sẽ được lưu (50 dòng đầu)", "Rows to be stored (first 50)"),
    "data_rejects": ("Các dòng bị loại và lý do", "Rejected rows and reasons"),
    # Placing rows by address or by hand (dashboard/components/placement.py)
    "place_title": ("Vị trí theo địa chỉ", "Positions from addresses"),
    "place_rule": (
        "Dòng không có tọa độ được đặt trên đường, ngõ của phường theo địa chỉ: theo số nhà khi "
        "biết đầu ngõ, nếu không thì ở giữa đoạn đường; chỉ có tổ dân phố thì ở trong tổ. Vị trí "
        "là ước tính, kèm sai số. Có thể chọn một dòng và bấm lên bản đồ để đặt bằng tay.",
        "Rows without coordinates are placed on the ward's roads and alleys by their address: by "
        "house number when the alley's start is known, else the middle of the road; a "
        "residential group only, inside the group. Positions are estimates, with their error. "
        "Choose a row and click the map to place it by hand.",
    ),
    "place_accept": (
        "Nhận các vị trí gợi ý theo địa chỉ",
        "Take the positions suggested from addresses",
    ),
    "place_choose": (
        "Đặt bằng tay trên bản đồ: chọn dòng",
        "Place by hand on the map: choose a row",
    ),
    "place_click": (
        "Bấm lên bản đồ tại vị trí đúng của dòng đã chọn.",
        "Click the map where the chosen row really is.",
    ),
    "place_undo": ("Bỏ vị trí đặt bằng tay", "Remove the point placed by hand"),
    "place_row": ("Dòng", "Row"),
    "place_layer": ("Vị trí các dòng nhập", "Positions of the imported rows"),
    "place_suggested": ("Vị trí gợi ý hoặc đã đặt", "Suggested or placed position"),
    "place_chosen": ("Dòng đang chọn", "Chosen row"),
    "data_rejects_csv": ("Tải dòng bị loại (CSV)", "Download rejects (CSV)"),
    "data_rejects_xlsx": ("Tải dòng bị loại (XLSX)", "Download rejects (XLSX)"),
    "data_duplicates": ("Trùng lặp được đánh dấu ({n})", "Duplicates flagged ({n})"),
    "data_commit": ("Ghi vào dữ liệu phường", "Write into the ward"),
    "data_commit_nothing": (
        "Không có dòng mới hay cập nhật: chưa có gì để ghi. Sửa ánh xạ cột hoặc tệp rồi xem lại.",
        "No new or updated row: nothing to write. Fix the column mapping or the file first.",
    ),
    "data_nothing_to_write": (
        "Không có dòng mới hay cập nhật để ghi.",
        "No new or updated rows to write.",
    ),
    "data_committed": (
        "Đã ghi {written} đối tượng vào lớp '{layer}': {new} mới, {updated} cập nhật, "
        "{unchanged} không đổi, {rejected} bị loại.",
        "Wrote {written} features into '{layer}': {new} new, {updated} updated, {unchanged} "
        "unchanged, {rejected} rejected.",
    ),
    "data_backup": ("Bản sao lưu dữ liệu trước khi ghi", "Backup of the store before the write"),
    "data_original": ("Tệp gốc lưu tại", "Original file kept at"),
    "data_rejects_saved": ("Tệp dòng bị loại", "Rejects files"),
    "data_export_layer": ("Lớp cần xuất", "Layer to export"),
    "data_export_format": ("Định dạng", "Format"),
    "data_export_download": ("Tải {file}", "Download {file}"),
    "data_export_count": ("{n} đối tượng", "{n} features"),
    "data_defaults_help": (
        "Trường bắt buộc không có trong tệp: chọn giá trị dùng cho mọi dòng (có thể để trống).",
        "Required fields the file lacks: choose a value for every row (or leave empty).",
    ),
    # network analysis pages: Cơ sở nguy cơ, Nguồn nước & giao thông
    "page_premises": ("Cơ sở nguy cơ", "Risk premises"),
    "page_water_access": ("Nguồn nước & giao thông", "Water & access"),
    "premises_heading": ("Cơ sở nguy cơ — thứ tự cần kiểm tra", "Risk premises — inspect next"),
    "premises_intro": (
        "Điểm nguy cơ là tổng điểm của các yếu tố (trọng số trong mục [risk] của ward.toml); "
        "cột «Chi tiết điểm» và các cột «+ …» ghi từng yếu tố → điểm, cộng lại bằng điểm "
        "nguy cơ. Bấm tiêu đề cột để sắp xếp.",
        "The risk score is the sum of its factors (weights in [risk] of ward.toml); the "
        "«Score breakdown» column and the «+ …» columns give each factor → points, adding up "
        "to the score. Click a column header to sort.",
    ),
    "risk_class_filter": ("Mức nguy cơ", "Risk class"),
    "category_filter": ("Loại hình", "Category"),
    "group_filter": ("Tổ dân phố", "Residential group"),
    "search_filter": ("Tìm theo mã, tên, địa chỉ", "Search id, name, address"),
    "include_households": ("Gồm cả hộ kinh doanh", "Include business households"),
    "rows_shown": ("{n} dòng", "{n} rows"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "download_xlsx": ("Tải Excel (XLSX)", "Download Excel (XLSX)"),
    "kpi_very_high": ("Cơ sở nguy cơ rất cao", "Very high-risk premises"),
    "kpi_high": ("Cơ sở nguy cơ cao", "High-risk premises"),
    "kpi_never_inspected": ("Chưa từng kiểm tra", "Never inspected"),
    "kpi_beyond_reach_premises": ("Cơ sở ngoài tầm vòi", "Premises beyond hose reach"),
    "breakdown_of": ("Chi tiết điểm nguy cơ", "Risk score breakdown"),
    "breakdown_pick": ("Chọn cơ sở", "Choose a row"),
    "factor": ("Yếu tố", "Factor"),
    "points": ("Điểm", "Points"),
    "total": ("Tổng", "Total"),
    "water_heading": (
        "Nguồn nước & giao thông cho xe chữa cháy",
        "Water sources and fire-truck access",
    ),
    "night_switch": ("Ban đêm (cổng ngõ khóa)", "Night (alley gates locked)"),
    "night_help": (
        "Tính lại đường xe chữa cháy vào được theo giờ đóng của cổng, barie ({start}–{end} là "
        "ban đêm, theo cài đặt).",
        "Recompute truck access with barrier closing hours ({start}–{end} is night, from the "
        "settings).",
    ),
    "when_day": ("Đang tính cho ban ngày.", "Computed for daytime."),
    "when_night": ("Đang tính cho ban đêm.", "Computed for the night."),
    "kpi_reachable_roads": ("Đường xe chữa cháy vào được", "Roads fire trucks reach"),
    "kpi_within_reach": ("Hộ trong tầm vòi", "Households within hose reach"),
    "kpi_pockets": ("Vùng ngoài tầm vòi", "Pockets beyond hose reach"),
    "kpi_deep_alleys": ("Ngõ sâu cần điểm chữa cháy", "Deep alleys needing a point"),
    "kpi_blocking": ("Vật cản đang chặn xe", "Barriers blocking trucks"),
    "access_map_heading": (
        "Giao thông, vùng ngoài tầm vòi, ngõ sâu và nguồn nước",
        "Access, pockets beyond reach, deep alleys and water",
    ),
    "deep_alleys_heading": (
        "Ngõ sâu từ {m} m mà xe chữa cháy không vào được",
        "Alleys {m} m or deeper that fire trucks cannot enter",
    ),
    "deep_alleys_intro": (
        "Theo TP.HCM Chỉ thị 05/CT-UBND: ngõ xe chữa cháy không vào được và sâu từ {m} m cần "
        "điểm chữa cháy công cộng. Độ sâu tính theo đường đi bộ từ điểm xe vào được.",
        "Per HCMC Directive 05/CT-UBND, an alley trucks cannot enter and {m} m or deeper calls "
        "for a public firefighting point. Depth is the walk from where a truck can reach.",
    ),
    "water_groups_heading": ("Độ phủ nguồn nước theo loại", "Water coverage by kind"),
    "water_sources_heading": ("Các nguồn nước", "Water sources"),
    "coverage_heading": ("Độ phủ theo tổ dân phố", "Coverage by residential group"),
    "gaps_heading": ("Đề xuất tổ liên gia mới", "Proposed new safety groups"),
    "gaps_intro": (
        "Hộ chưa thuộc tổ liên gia được gom thành nhóm {lo}–{hi} hộ liền kề dọc cùng một ngõ "
        "(theo mạng đường, không theo đường chim bay). Trên bản đồ, nét đỏ: tổ có hộ kinh "
        "doanh hoặc cơ sở nguy cơ cao.",
        "Households in no safety group are grouped into {lo}–{hi} neighbours along the same "
        "alley (along the network, not as the crow flies). On the map, red: a proposal with "
        "business households or high-risk premises.",
    ),
    "gaps_left": (
        "{n} hộ chưa gom được vì quá ít hộ liền kề dọc ngõ.",
        "{n} households left out: too few neighbours along their alley.",
    ),
    "analysis_notes": ("Lưu ý của phân tích", "Analysis notes"),
    # --- users, sign-in and personal data (issue 10, items 1–2: dashboard/access.py) ---
    "section_access": ("Đăng nhập", "Sign-in"),
    "login_title": ("Đăng nhập", "Sign in"),
    "login_name": ("Tên đăng nhập", "User name"),
    "login_password": ("Mật khẩu", "Password"),
    "login_button": ("Đăng nhập", "Sign in"),
    "login_failed": (
        "Sai tên đăng nhập hoặc mật khẩu.",
        "Wrong user name or password.",
    ),
    "login_locked": (
        "Đăng nhập sai quá nhiều lần: tên đăng nhập này đang tạm khoá, hãy thử lại sau.",
        "Too many failed sign-ins: this user name is locked for a while; try again later.",
    ),
    "login_expired": (
        "Phiên đăng nhập đã hết hạn; hãy đăng nhập lại.",
        "Your session has expired; please sign in again.",
    ),
    "viewer_version_behind": (
        "Dữ liệu vừa được cập nhật và đang được tính lại: trang đang hiện bản đã tính xong "
        "gần nhất; bản mới sẽ hiện ở một lần thao tác hoặc tải lại trang sau đó.",
        "The data has just changed and is being recomputed: this page shows the last version "
        "computed; the new one shows on a later action or reload.",
    ),
    "login_ended": (
        "Phiên đăng nhập đã kết thúc (đã đăng xuất ở một thẻ khác); hãy đăng nhập lại.",
        "Your session has ended (signed out in another tab); please sign in again.",
    ),
    "login_changed": (
        "Tài khoản của bạn vừa được quản trị thay đổi; hãy đăng nhập lại.",
        "An administrator changed your account; please sign in again.",
    ),
    "login_no_users": (
        "Phường chưa có người dùng nào. Trên máy chủ, tạo người dùng bằng lệnh: "
        "pccc user add TÊN --role admin",
        "The ward has no users yet. On the server, add one with: pccc user add NAME --role admin",
    ),
    "local_admin_banner": (
        "Phường chưa có người dùng: đang mở trên chính máy chủ với quyền quản trị cục bộ. "
        "Thêm người dùng (Cài đặt → Người dùng, hoặc lệnh pccc user add) để yêu cầu đăng nhập.",
        "The ward has no users: opened on the server's own machine as the local admin. Add "
        "users (Cài đặt → Users, or pccc user add) to require a sign-in.",
    ),
    "signed_in_as": ("Đăng nhập: {user} ({role})", "Signed in: {user} ({role})"),
    "logout_button": ("Đăng xuất", "Sign out"),
    "role_viewer": ("xem", "viewer"),
    "role_editor": ("biên tập", "editor"),
    "role_admin": ("quản trị", "admin"),
    "personal_masked": (
        "Dữ liệu cá nhân (họ tên, số điện thoại) được ẩn (•••) với vai trò xem.",
        "Personal data (names, phone numbers) is hidden (•••) for viewers.",
    ),
    "settings_read_only": (
        "Chỉ người dùng vai trò biên tập hoặc quản trị được sửa cài đặt.",
        "Only editors and administrators can change the settings.",
    ),
    "data_viewer_only": (
        "Nhập dữ liệu và bắt đầu phường mới cần vai trò biên tập hoặc quản trị; bạn có thể "
        "xuất dữ liệu (dữ liệu cá nhân được ẩn).",
        "Imports and starting a ward need an editor or administrator; you can export "
        "(personal data hidden).",
    ),
    "users_title": ("Người dùng", "Users"),
    "users_help": (
        "Người dùng của phường (users.json trong thư mục phường; mật khẩu chỉ lưu dạng băm "
        "argon2id). Xem: không thấy dữ liệu cá nhân; biên tập: thấy dữ liệu cá nhân, nhập "
        "dữ liệu, sửa cài đặt; quản trị: thêm quản lý người dùng.",
        "The ward's users (users.json in the ward folder; passwords stored only as argon2id "
        "hashes). Viewer: no personal data; editor: personal data, imports, settings; "
        "admin: also users.",
    ),
    "users_none": (
        "Chưa có người dùng: ai mở trên máy chủ là quản trị cục bộ.",
        "No users yet: whoever opens it on the server is the local admin.",
    ),
    "users_name": ("Tên đăng nhập", "User name"),
    "users_role": ("Vai trò", "Role"),
    "users_created": ("Ngày tạo", "Created"),
    "users_password": ("Mật khẩu", "Password"),
    "users_add": ("Thêm người dùng", "Add user"),
    "users_added": ("Đã thêm người dùng {user}.", "User {user} added."),
    "users_change": (
        "Đổi mật khẩu hoặc vai trò, xoá người dùng",
        "Change a password or role, remove a user",
    ),
    "users_which": ("Người dùng", "User"),
    "users_new_password": (
        "Mật khẩu mới (để trống: giữ nguyên)",
        "New password (empty: unchanged)",
    ),
    "users_save": ("Lưu thay đổi", "Save changes"),
    "users_saved": ("Đã lưu thay đổi của {user}.", "Changes to {user} saved."),
    "users_remove": ("Xoá người dùng này", "Remove this user"),
    "users_removed": ("Đã xoá người dùng {user}.", "User {user} removed."),
    "users_error": ("Không thực hiện được", "Could not be done"),
}


def t(key: str, lang: str) -> str:
    """Return the UI string ``key`` in ``lang`` ({"vi", "en"})."""
    return pick(TEXTS[key], lang)


# ---------------------------------------------------------------------- Streamlit's own texts
# English text of Streamlit 1.67's widgets (file uploader, multiselect, selectbox, dataframe
# toolbar and column menu, sidebar, dialogs, status) → Vietnamese. Applied in the browser to
# whole text nodes and to placeholder / aria-label / title attributes (static/st-i18n.js).
STREAMLIT_VI: dict[str, str] = {
    # page chrome
    "Skip to main content": "Chuyển đến nội dung chính",
    "App pages": "Các trang",
    "Sidebar": "Thanh bên",
    "Collapse sidebar": "Thu gọn thanh bên",
    "Expand sidebar": "Mở thanh bên",
    "Open sidebar": "Mở thanh bên",
    "Close sidebar": "Đóng thanh bên",
    "View more": "Xem thêm",
    "View less": "Thu gọn",
    "Link to heading": "Liên kết đến tiêu đề",
    "Running...": "Đang chạy…",
    "Stop": "Dừng",
    "Rerun": "Chạy lại",
    "Connecting": "Đang kết nối",
    "Please wait...": "Vui lòng đợi…",
    "Close": "Đóng",
    "Dismiss": "Bỏ qua",
    "Open": "Mở",
    "Copy to clipboard": "Sao chép",
    "streamlit_folium.st_folium": "Bản đồ",
    "Page not found": "Không tìm thấy trang",
    "The page that you have requested does not seem to exist. Running the app's main page.": (
        "Trang bạn mở không có. Đang mở trang chính."
    ),
    "Connection error": "Mất kết nối",
    "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in "
    "your terminal:": "Máy chủ còn chạy không? Nếu đã dừng, hãy chạy lại bằng lệnh:",
    # file uploader
    "Upload": "Tải tệp lên",
    "Upload directories": "Tải thư mục lên",
    "Add files": "Thêm tệp",
    "Drag and drop file here": "Kéo và thả tệp vào đây",
    "Drag and drop a file here": "Kéo và thả tệp vào đây",
    "Drag and drop files here": "Kéo và thả các tệp vào đây",
    "Drag and drop directories here": "Kéo và thả thư mục vào đây",
    "Browse files": "Chọn tệp",
    "file upload": "tải tệp lên",
    "Remove file": "Bỏ tệp",
    "Delete": "Xóa",
    # multiselect and selectbox
    "Choose options": "Chọn các mục",
    "Choose an option": "Chọn một mục",
    "Choose or add options": "Chọn hoặc thêm các mục",
    "Choose or add an option": "Chọn hoặc thêm một mục",
    "Add options": "Thêm các mục",
    "Add an option": "Thêm một mục",
    "No options to select": "Không có mục nào để chọn",
    "No options to select.": "Không có mục nào để chọn.",
    "No results": "Không có kết quả",
    "No options": "Không có mục nào",
    "Select all": "Chọn tất cả",
    "Clear all": "Bỏ chọn tất cả",
    "Clear value": "Xóa giá trị",
    "Selected values": "Các mục đã chọn",
    "Multiselect options": "Các mục để chọn",
    "Selectbox options": "Các mục để chọn",
    # number input
    "Increment": "Tăng",
    "Decrement": "Giảm",
    # text input
    "Press Enter to apply": "Nhấn Enter để áp dụng",
    "Press Enter to submit form": "Nhấn Enter để gửi",
    "Press Ctrl+Enter to apply": "Nhấn Ctrl+Enter để áp dụng",
    "Press ⌘+Enter to apply": "Nhấn ⌘+Enter để áp dụng",
    "Press Ctrl+Enter to submit form": "Nhấn Ctrl+Enter để gửi",
    "Press ⌘+Enter to submit form": "Nhấn ⌘+Enter để gửi",
    "Show password text": "Hiện mật khẩu",
    "Hide password text": "Ẩn mật khẩu",
    # dataframe toolbar, search and column menu
    "Download as CSV": "Tải xuống CSV",
    # chart menu (altair / vega-embed)
    "Show data": "Xem dữ liệu",
    "Copy Vega-Lite spec": "Sao chép đặc tả Vega-Lite",
    "Download as PNG": "Tải ảnh PNG",
    "Download as SVG": "Tải ảnh SVG",
    "View source": "Xem mã nguồn",
    "Open in Vega Editor": "Mở trong Vega Editor",
    # password field, date range picker
    "Show password": "Hiện mật khẩu",
    "Hide password": "Ẩn mật khẩu",
    "Choose date range": "Chọn khoảng ngày",
    "Choose date": "Chọn ngày",
    # tab strip with more tabs than fit
    "Scroll tabs right": "Cuộn thẻ sang phải",
    "Scroll tabs left": "Cuộn thẻ sang trái",
    "Search": "Tìm kiếm",
    "Type to search": "Gõ để tìm",
    "Close Search": "Đóng tìm kiếm",
    "Next Result": "Kết quả sau",
    "Previous Result": "Kết quả trước",
    "Fullscreen": "Toàn màn hình",
    "Close fullscreen": "Thoát toàn màn hình",
    "Show/hide columns": "Hiện/ẩn cột",
    "Add row": "Thêm dòng",
    "Delete row(s)": "Xóa dòng",
    "Sort ascending": "Sắp xếp tăng dần",
    "Sort descending": "Sắp xếp giảm dần",
    "Pin column": "Ghim cột",
    "Unpin column": "Bỏ ghim cột",
    "Hide column": "Ẩn cột",
    "Autosize": "Tự chỉnh độ rộng",
    "Format": "Định dạng",
    "Copy column name": "Sao chép tên cột",
    "Statistics": "Thống kê",
    "Automatic": "Tự động",
    "Localized": "Theo ngôn ngữ máy",
    "Plain": "Thường",
    "Percent": "Phần trăm",
    "Compact": "Rút gọn",
    "Scientific": "Khoa học",
    "Engineering": "Kỹ thuật",
    "Accounting": "Kế toán",
    "Dollar": "Đô la",
    "Euro": "Euro",
    "Yen": "Yên",
    "Count": "Số lượng",
    "Distinct": "Giá trị khác nhau",
    "Empty": "Trống",
    "Minimum": "Nhỏ nhất",
    "Maximum": "Lớn nhất",
    "Average": "Trung bình",
    "Median": "Trung vị",
    "Sum": "Tổng",
    "Standard deviation": "Độ lệch chuẩn",
    "Loading...": "Đang tải…",
    "No data": "Không có dữ liệu",
    "Clear selection": "Bỏ chọn",
    "Cancel (Escape)": "Hủy (Esc)",
    "Rename": "Đổi tên",
    "Visibility": "Hiển thị",
    "Values": "Giá trị",
    "Show suggestions": "Hiện gợi ý",
    "Suggestions": "Gợi ý",
    "True": "Đúng",
    "False": "Sai",
}
# Texts with a variable part: (JavaScript regular expression, replacement).
STREAMLIT_VI_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^(?:Limit )?([\d.,]+\s*[KMGT]?B) per file$", "Tối đa $1 mỗi tệp"),
    (r"^(?:Limit )?([\d.,]+\s*[KMGT]?B) per file • (.*)$", "Tối đa $1 mỗi tệp • $2"),
    (r"^Help for (.+)$", "Trợ giúp: $1"),
    (r"^View (\d+) more$", "Xem thêm $1"),
    (r"^Remove (.+)$", "Bỏ $1"),
    (r"^(\d+) options? available\.?$", "Có $1 mục để chọn."),
    (r"^(.+), selected$", "$1, đã chọn"),
    (r"^[a-z_]+ icon$", "biểu tượng"),
    (r"^(\d+)\.(\d+)\s*([KMGT]?B)$", "$1,$2 $3"),  # an uploaded file's size: 239.0B
    # a date input's parts (the label first, then the part)
    (r"^day, (.+) start date$", "ngày, $1, ngày bắt đầu"),
    (r"^day, (.+) end date$", "ngày, $1, ngày kết thúc"),
    (r"^day, (.+)$", "ngày, $1"),
    (r"^month, (.+) start date$", "tháng, $1, ngày bắt đầu"),
    (r"^month, (.+) end date$", "tháng, $1, ngày kết thúc"),
    (r"^month, (.+)$", "tháng, $1"),
    (r"^year, (.+) start date$", "năm, $1, ngày bắt đầu"),
    (r"^year, (.+) end date$", "năm, $1, ngày kết thúc"),
    (r"^year, (.+)$", "năm, $1"),
    (r"^(.+) start date$", "$1, ngày bắt đầu"),
    (r"^(.+) end date$", "$1, ngày kết thúc"),
    # an altair chart's accessible title
    (r"^Title text '(.*)'$", "Tiêu đề: $1"),
)

# Markdown and autolink syntax in a user's value, for :func:`literal`.
_MARKDOWN = str.maketrans(
    {**{c: "\\" + c for c in "\\`*_{}[]()#+-.!|~$<>:&="}, "\n": " ", "\r": " "}
)
# Where GitHub-flavoured Markdown would turn plain text into a link (http://, www., a@b):
# a word joiner (U+2060, invisible) there keeps it text.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z]:)(?=//)|(?<=www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def literal(value: object) -> str:
    """Return ``value`` as Markdown that renders exactly as typed, on one line.

    For user data (a ward or layer name, a file's column) put in a title, caption, metric or
    widget label: no bold, links, colours (``:red[…]``), emoji codes, maths or HTML.
    """
    text = _AUTOLINK.sub(WORD_JOINER, str(value))
    return text.translate(_MARKDOWN)


# A map made to be shown (issue 9, item 6): full screen, presentation mode, print.
TEXTS.update(
    {
        "map_fullscreen": ("Toàn màn hình", "Full screen"),
        "map_fullscreen_exit": ("Thoát toàn màn hình", "Exit full screen"),
        "presentation_mode": ("Chế độ trình chiếu", "Presentation mode"),
        "presentation_help": (
            "Bản đồ chiếm cả màn hình, chữ to hơn, chú giải thu gọn — để trình chiếu trong "
            "cuộc họp. Cũng mở được bằng địa chỉ có ?trinh_chieu=1.",
            "The map fills the screen with larger type and a folded legend, for showing in a "
            "meeting. Also opened by an address ending in ?trinh_chieu=1.",
        ),
        "presentation_exit": ("Thoát trình chiếu", "Leave presentation"),
    }
)


# ---------------------------------------------------------------------- Tổng quan: documents
# (dashboard/components/documents.py, the [report] settings tab; piece "docs", issue 9)
TEXTS.update(
    {
        "section_report": ("Báo cáo", "Report"),
        "docs_heading": ("Báo cáo và sổ bản đồ", "Report and map book"),
        "docs_intro": (
            "Báo cáo sơ kết, tổng kết lập từ dữ liệu của phường (có chỗ đánh dấu để cán bộ tự "
            "viết); cơ quan ban hành, số, nơi nhận, người ký sửa ở trang Cài đặt, mục Báo cáo.",
            "The review report made from the ward's data (with marked places for the officer's "
            "own text); issuing body, number, recipients and signer are on Settings → Report.",
        ),
        "docs_period": ("Kỳ báo cáo", "Period"),
        "docs_template": ("Thể thức", "Format"),
        "docs_template_party": ("Văn bản của Đảng (HD 36)", "Party document (HD 36)"),
        "docs_template_state": ("Văn bản hành chính (NĐ 30)", "Administrative (ND 30)"),
        "docs_report_docx": ("Tải báo cáo (Word)", "Download the report (Word)"),
        "docs_report_pdf": ("Tải báo cáo (PDF)", "Download the report (PDF)"),
        "docs_book": ("Tải sổ bản đồ (PDF)", "Download the map book (PDF)"),
        "docs_book_progress": (
            "Đang vẽ sổ bản đồ: trang {done} / {total}",
            "Drawing the map book: page {done} / {total}",
        ),
        "docs_book_ready": ("Sổ bản đồ đã sẵn sàng", "The map book is ready"),
        "docs_book_save": ("Lưu sổ bản đồ (PDF)", "Save the map book (PDF)"),
    }
)


# ---------------------------------------------------------------- plan follow-up (issue 9, "plan")
TEXTS.update(
    {
        "section_plan": ("Chỉ tiêu kế hoạch", "Plan targets"),
        "plan_heading": ("Thực hiện kế hoạch", "Where the plan stands"),
        "plan_as_of": (
            "Số liệu đến ngày {date}; số đếm trong kỳ tính 12 tháng qua. Mũi tên: so với cùng kỳ "
            "năm trước.",
            "Figures as of {date}; counts over the last 12 months. Arrows: against the same "
            "period last year.",
        ),
        "plan_delta_help": (
            "Màu xanh: tốt lên so với cùng kỳ; đỏ: kém đi. Không có mũi tên: chưa có số liệu cùng "
            "kỳ (lịch sử dữ liệu chưa đủ một năm).",
            "Green: better than the same period last year; red: worse. No arrow: no figure for "
            "last year yet (the data's history is shorter than a year).",
        ),
        "plan_table_heading": ("Chỉ tiêu, mục tiêu và thời hạn", "Indicators, targets, deadlines"),
        "plan_charts_heading": ("Diễn biến theo tháng", "Month by month"),
        "plan_charts_empty": (
            "Chưa có số liệu theo tháng: nhập danh sách có ngày (tổ liên gia, hoạt động, vụ cháy) "
            "ở trang Dữ liệu.",
            "No monthly figures yet: import dated lists (safety groups, activities, fires) on "
            "the Data page.",
        ),
        "plan_chart_legend": (
            "Đường xanh dương: giá trị 12 tháng tính đến cuối mỗi tháng; nét đứt xanh lá: mục "
            "tiêu; nét chấm đỏ: thời hạn.",
            "Blue line: the figure over the 12 months to each month end; green dashes: target; "
            "red dots: deadline.",
        ),
        "plan_chart_value": ("Giá trị", "Value"),
        "plan_delta_description": ("so với cùng kỳ", "vs same period"),
        "plan_chart_month": ("Cuối tháng", "Month end"),
        "plan_ranking_heading": (
            "Tổ dân phố xếp theo số chỉ tiêu đạt",
            "Residential groups ranked by targets met",
        ),
        "plan_ranking_help": (
            "{lagging} tổ dân phố chậm (nhóm cuối bảng, chưa đạt đủ chỉ tiêu) được đánh dấu.",
            "{lagging} lagging residential groups (the bottom of the ranking, missing targets) "
            "are marked.",
        ),
        "plan_counts_heading": ("Số liệu hiện có", "Today's counts"),
    }
)

# Risk classes and inspections due on Cơ sở nguy cơ (helper "risk", issue 10 item 6).
TEXTS.update(
    {
        "premises_split": (
            "«Điểm tại cơ sở» gồm loại hình, số tầng, số người, vi phạm và kiểm tra; «Điểm do "
            "xung quanh» gồm tầm vòi, điểm chữa cháy công cộng, nguồn nước, tổ liên gia và cháy "
            "gần. Hai cột cộng lại bằng điểm nguy cơ.",
            "«Points from the premises» are its category, floors, occupants, violations and "
            "inspections; «Points from the surroundings» are hose reach, public point, water, "
            "safety group and fires nearby. The two add up to the risk score.",
        ),
        "inspections_heading": ("Lịch kiểm tra đến hạn", "Inspections due"),
        "inspections_intro": (
            "Hạn kiểm tra = lần kiểm tra gần nhất + chu kỳ theo mức nguy cơ (mục [risk]: rất "
            "cao, cao, còn lại). Danh sách gồm mọi cơ sở chưa từng kiểm tra, quá hạn hoặc đến "
            "hạn trong {days} ngày tới, theo tổ dân phố.",
            "Due date = last inspection + the interval of its risk class ([risk]: very high, "
            "high, others). The list holds every premises never inspected, overdue, or due in "
            "the next {days} days, by residential group.",
        ),
        "kpi_inspection_overdue": ("Quá hạn kiểm tra", "Inspections overdue"),
        "kpi_inspection_due_soon": ("Sắp đến hạn", "Due soon"),
        "kpi_inspection_groups": ("Tổ dân phố có cơ sở đến hạn", "Groups with inspections due"),
    }
)


# ---------------------------------------------------------------------- audit trail (issue 10 item 4)
TEXTS.update(
    {
        "page_audit": ("Lịch sử thay đổi", "Change history"),
        "audit_title": ("Lịch sử thay đổi", "Change history"),
        "audit_help": (
            "Mọi thay đổi dữ liệu và cài đặt: ai, khi nào (giờ Việt Nam), đối tượng, trường, "
            "giá trị cũ → mới. Không xoá được; khôi phục cũng được ghi lại.",
            "Every change of data and settings: who, when (Vietnam time), feature, field, "
            "old → new. Entries cannot be deleted; restores are recorded too.",
        ),
        "audit_user": ("Người thực hiện", "User"),
        "audit_layer": ("Lớp", "Layer"),
        "audit_dates": ("Khoảng ngày", "Dates"),
        "audit_feature": ("Mã đối tượng", "Feature id"),
        "audit_count": ("{n} thay đổi", "{n} changes"),
        "audit_restore_heading": ("Khôi phục", "Restore"),
        "audit_version": ("Phiên bản (thời điểm bị thay thế)", "Version (when it was replaced)"),
        "audit_restore_ward": ("Khôi phục toàn bộ phường", "Restore the whole ward"),
        "audit_restore_feature": ("Khôi phục đối tượng này", "Restore this feature"),
        "audit_restored": ("Đã khôi phục: {layers}", "Restored: {layers}"),
        "audit_restored_feature": ("Đã khôi phục {n} đối tượng.", "{n} feature(s) restored."),
        "audit_restore_error": ("Không khôi phục được", "Could not restore"),
        "audit_no_versions": ("Chưa có phiên bản cũ nào.", "No earlier version yet."),
        "audit_read_only": (
            "Chỉ cán bộ biên tập hoặc quản trị mới khôi phục được.",
            "Only editors and admins can restore.",
        ),
    }
)

# ---------------------------------------------------------------------- page Kiểm tra cơ sở
# (helper "inspect", issue 10 item 6)
TEXTS.update(
    {
        "page_inspections": ("Kiểm tra cơ sở", "Inspections"),
        "section_inspection": ("Kiểm tra cơ sở", "Inspections"),
        "inspect_title": ("Kiểm tra cơ sở", "Inspections of premises"),
        "inspect_intro": (
            "Cơ sở đến hạn, quá hạn kiểm tra: hạn là ngày sớm hơn giữa chu kỳ theo mức nguy cơ "
            "sau lần kiểm tra gần nhất và hạn khắc phục của vi phạm còn mở (phúc tra).",
            "Premises due or overdue: the earlier of the risk class's interval after the last "
            "inspection and the deadline of an open violation (follow-up).",
        ),
        "inspect_mine": ("Của tôi", "Mine"),
        "inspect_none_due": (
            "Không có cơ sở nào đến hạn hoặc quá hạn kiểm tra.",
            "No premises is due or overdue for inspection.",
        ),
        "inspect_officer_filter": ("Cán bộ phụ trách", "Officer in charge"),
        "inspect_premises": ("Lịch sử kiểm tra một cơ sở", "One premises' inspections"),
        "inspect_choose": ("Chọn cơ sở", "Choose a premises"),
        "inspect_history": ("Các lần kiểm tra", "Inspections"),
        "inspect_no_history": ("Cơ sở chưa có lần kiểm tra nào được ghi.", "No inspection yet."),
        "inspect_open": ("Vi phạm chưa khắc phục", "Open violations"),
        "inspect_no_open": ("Không có vi phạm chưa khắc phục.", "No open violation."),
        "inspect_record_of": ("Biên bản của lần kiểm tra", "Record of inspection"),
        "inspect_download_docx": ("Tải biên bản (Word)", "Download record (Word)"),
        "inspect_download_pdf": ("Tải biên bản (PDF)", "Download record (PDF)"),
        "inspect_read_only": (
            "Chỉ cán bộ biên tập hoặc quản trị mới ghi kết quả kiểm tra.",
            "Only editors and admins can record inspections.",
        ),
        "inspect_form": ("Ghi kết quả kiểm tra", "Record an inspection"),
        "inspect_date": ("Ngày kiểm tra", "Date"),
        "inspect_kind": ("Hình thức", "Kind"),
        "inspect_officer": ("Cán bộ phụ trách", "Officer in charge"),
        "inspect_inspectors": ("Thành phần đoàn kiểm tra", "Inspection team"),
        "inspect_checklist": (
            "Nội dung kiểm tra theo loại hình cơ sở",
            "Checklist of the category",
        ),
        "inspect_fixed": (
            "Vi phạm lần trước — đánh dấu những vi phạm đã khắc phục:",
            "Earlier violations — tick those fixed:",
        ),
        "inspect_violation_count": ("Số vi phạm phát hiện", "Violations found"),
        "inspect_violation_n": ("Vi phạm {n}", "Violation {n}"),
        "inspect_result": ("Kết luận", "Result"),
        "inspect_note": ("Ghi chú", "Note"),
        "inspect_save": ("Lưu kết quả kiểm tra", "Save the inspection"),
        "inspect_invalid": ("Chưa lưu được — hãy sửa:", "Not saved — please fix:"),
        "inspect_error": ("Không lưu được kết quả kiểm tra", "Could not save the inspection"),
        "inspect_saved": (
            "Đã lưu lần kiểm tra {id} ({n} vi phạm mới). Phúc tra: {date}.",
            "Inspection {id} saved ({n} new violations). Follow-up: {date}.",
        ),
    }
)

# ---------------------------------------------------------------------- editing on the map (issue 10 items 3, 5)
# Kept in their own module: this one is near the 1,000-line limit.
from dashboard.texts_edit import EDIT_TEXTS  # noqa: E402

TEXTS.update(EDIT_TEXTS)
