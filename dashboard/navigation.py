"""The dashboard's pages, in menu order (a table the entry script and tests share)."""

from __future__ import annotations

# (script relative to this file, title key, icon, url path). The overview comes first; the
# app's address without a path ("/") is a hidden page that switches to it, so that
# "/tong-quan" is a page of its own (Streamlit gives its default page no path).
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("app_pages/overview.py", "page_overview", ":material/dashboard:", "tong-quan"),
    ("app_pages/map.py", "page_map", ":material/map:", "ban-do"),
    ("app_pages/premises.py", "page_premises", ":material/local_fire_department:", "co-so-nguy-co"),
    (
        "app_pages/water_access.py",
        "page_water_access",
        ":material/water_drop:",
        "nguon-nuoc-giao-thong",
    ),
    ("app_pages/inspections.py", "page_inspections", ":material/fact_check:", "kiem-tra"),
    ("app_pages/planner.py", "page_planner", ":material/add_location_alt:", "quy-hoach-diem"),
    ("app_pages/data.py", "page_data", ":material/upload_file:", "du-lieu"),
    ("app_pages/settings.py", "page_settings", ":material/tune:", "cai-dat"),
    ("app_pages/edit.py", "page_edit", ":material/edit_location_alt:", "chinh-sua"),
    ("app_pages/audit.py", "page_audit", ":material/history:", "lich-su-thay-doi"),
)
HOME = "app_pages/home.py"  # the hidden default page: "/" opens the overview
