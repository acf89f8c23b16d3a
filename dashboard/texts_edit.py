"""Page texts of Chỉnh sửa bản đồ and the map's drawing tool, (Vietnamese, English).

Merged into :data:`dashboard.texts.TEXTS` (read them with :func:`dashboard.texts.t`).
"""

from __future__ import annotations

EDIT_TEXTS: dict[str, tuple[str, str]] = {
    "page_edit": ("Chỉnh sửa bản đồ", "Edit the map"),
    "edit_title": ("Chỉnh sửa bản đồ", "Edit the map"),
    "edit_help": (
        "Thêm, di chuyển, sửa thông tin hoặc xoá từng đối tượng. Mỗi lần lưu được ghi "
        "ngay vào dữ liệu phường và vào Lịch sử thay đổi; nếu người khác vừa sửa cùng đối "
        "tượng, bạn sẽ thấy cả hai bản để chọn.",
        "Add, move, change or delete one feature at a time. Each save goes straight into "
        "the ward's data and the change history; if someone else has just changed the "
        "same feature, you see both versions and choose.",
    ),
    "edit_not_allowed": (
        "Chỉ cán bộ biên tập hoặc quản trị mới được chỉnh sửa bản đồ.",
        "Only editors and admins may edit the map.",
    ),
    "edit_layer": ("Lớp cần sửa", "Layer"),
    "edit_action": ("Việc cần làm", "Action"),
    "edit_action_add": ("Thêm mới", "Add"),
    "edit_action_move": ("Di chuyển", "Move"),
    "edit_action_redraw": ("Vẽ lại hình", "Redraw"),
    "edit_action_attributes": ("Sửa thông tin", "Change attributes"),
    "edit_action_delete": ("Xoá", "Delete"),
    "edit_choose": ("Chọn đối tượng", "Choose the feature"),
    "edit_draw_Point": (
        "Bấm nút đánh dấu (bên trái bản đồ) rồi bấm vào vị trí; hoặc nhập tọa độ bên dưới.",
        "Press the marker button (left of the map), then click the place; or type the "
        "coordinates below.",
    ),
    "edit_draw_LineString": (
        "Bấm nút vẽ đường (bên trái bản đồ), bấm từng điểm dọc tuyến, bấm lại điểm cuối để "
        "kết thúc.",
        "Press the line button (left of the map), click each vertex, click the last one "
        "again to finish.",
    ),
    "edit_draw_Polygon": (
        "Bấm nút vẽ vùng (bên trái bản đồ), bấm từng đỉnh, bấm lại đỉnh đầu để khép vùng.",
        "Press the area button (left of the map), click each corner, click the first one "
        "again to close it.",
    ),
    "edit_move_help": (
        "Chọn, rồi bấm vào vị trí mới trên bản đồ (hoặc nhập tọa độ), rồi lưu.",
        "Choose, then click the new place on the map (or type the coordinates), then save.",
    ),
    "edit_redraw_help": (
        "Vẽ hình mới bằng nút vẽ bên trái bản đồ (hình cũ viền đỏ), rồi lưu.",
        "Draw the new shape with the tool left of the map (the old one is outlined in "
        "red), then save.",
    ),
    "edit_marked": ("Đối tượng đang sửa", "Feature being edited"),
    "edit_lat": ("Vĩ độ (không bắt buộc)", "Latitude (optional)"),
    "edit_lon": ("Kinh độ (không bắt buộc)", "Longitude (optional)"),
    "edit_new_position": ("Vị trí mới: {where}", "New position: {where}"),
    "edit_required_note": ("Trường có dấu * là bắt buộc.", "Fields marked * are required."),
    "edit_save_new": ("Lưu đối tượng mới", "Save the new feature"),
    "edit_save": ("Lưu thay đổi", "Save changes"),
    "edit_save_move": ("Lưu vị trí mới", "Save the new position"),
    "edit_save_redraw": ("Lưu hình mới", "Save the new shape"),
    "edit_delete_warning": (
        "Xoá {id}? Việc xoá được ghi vào Lịch sử thay đổi và có thể khôi phục từ đó.",
        "Delete {id}? The deletion is recorded in the change history and can be undone there.",
    ),
    "edit_delete_confirm": ("Tôi chắc chắn muốn xoá đối tượng này", "I am sure"),
    "edit_delete": ("Xoá đối tượng", "Delete the feature"),
    "edit_invalid": ("Chưa lưu — dữ liệu chưa hợp lệ:", "Not saved — invalid data:"),
    "edit_saved_new": (
        "Đã thêm {id} (phiên bản lớp {version}).",
        "{id} added (layer version {version}).",
    ),
    "edit_saved_move": (
        "Đã lưu vị trí mới của {id} (phiên bản lớp {version}).",
        "New position of {id} saved (layer version {version}).",
    ),
    "edit_saved_geometry": (
        "Đã lưu hình mới của {id} (phiên bản lớp {version}).",
        "New shape of {id} saved (layer version {version}).",
    ),
    "edit_saved_update": (
        "Đã lưu {id} (phiên bản lớp {version}).",
        "{id} saved (layer version {version}).",
    ),
    "edit_saved_delete": (
        "Đã xoá {id} (phiên bản lớp {version}).",
        "{id} deleted (layer version {version}).",
    ),
    "edit_unchanged": ("Không có gì thay đổi.", "Nothing changed."),
    "edit_conflict": (
        "Chưa lưu: {id} vừa được người khác thay đổi sau khi bạn mở. Hai bản:",
        "Not saved: {id} was changed by someone else after you opened it. Both versions:",
    ),
    "edit_merge_help": (
        "Gộp từng trường: chọn bản giữ lại cho mỗi trường khác nhau.",
        "Merge field by field: choose the version to keep for each field that differs.",
    ),
    "edit_side_theirs": ("Bản đã lưu", "Saved version"),
    "edit_side_mine": ("Bản của tôi", "My version"),
    "edit_keep_mine": ("Giữ bản của tôi", "Keep my version"),
    "edit_keep_theirs": ("Giữ bản đã lưu", "Keep the saved version"),
    "edit_merge": ("Gộp từng trường", "Merge field by field"),
    "edit_kept_theirs": (
        "Đã giữ bản đã lưu; thay đổi của bạn không được ghi.",
        "The saved version was kept; your change was not written.",
    ),
    "map_history_link": ("Lịch sử thay đổi", "Change history"),
    "draw_cancel": ("Huỷ", "Cancel"),
    "draw_finish": ("Xong", "Finish"),
    "draw_undo": ("Xoá điểm vừa vẽ", "Delete last point"),
    "draw_marker": ("Đánh dấu một điểm", "Place a point"),
    "draw_polyline": ("Vẽ đường", "Draw a line"),
    "draw_polygon": ("Vẽ vùng", "Draw an area"),
    "draw_marker_start": ("Bấm vào bản đồ để đặt điểm.", "Click the map to place the point."),
    "draw_line_start": ("Bấm để bắt đầu vẽ.", "Click to start drawing."),
    "draw_line_cont": ("Bấm để vẽ tiếp.", "Click to continue."),
    "draw_line_end": ("Bấm lại điểm cuối để kết thúc.", "Click the last point to finish."),
    "draw_polygon_end": ("Bấm điểm đầu để khép vùng.", "Click the first point to close."),
}
