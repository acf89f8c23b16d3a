"""Fill what a file does not say: a required field absent from the whole file gets a default.

A row is never rejected for a column its file lacks. When a required field has no column
in the file (or a column that is empty in every row), it takes a documented default and
the import says so in one note, not one reject per row:

* ``status`` of public firefighting points and water sources → ``"unknown"`` ("Chưa rõ"):
  a list that says nothing about the state is not a list of working equipment; the maps
  draw it apart and the KPIs count it apart, never as working;
* ``category`` of premises → guessed from the name
  (:func:`pipelines.model.categories.category_from_name`: "Karaoke Hoa Mai" → karaoke,
  "Nhà trọ …" → boarding_house), else ``"other"`` ("Cơ sở khác"); the management level
  then follows the category (:func:`pipelines.ingest.values.layer_defaults`).

A column present but empty in some rows keeps the import's rule: those rows are rejected
with "thiếu giá trị bắt buộc" unless the user gives a default.
"""

from __future__ import annotations

import pandas as pd

from pipelines.ingest.source import Note
from pipelines.model.categories import categories_from_names
from pipelines.model.schema import EQUIPMENT_STATUS, PREMISES_CATEGORY, Layer
from pipelines.text.formats import format_number

ABSENT_STATUS = "unknown"  # EQUIPMENT_STATUS "Chưa rõ"


def _absent(fields: pd.DataFrame, name: str) -> bool:
    if name not in fields.columns:
        return True
    col = fields[name]
    return bool(col.isna().all() or col.astype(str).str.strip().eq("").all())


def fill_absent(fields: pd.DataFrame, layer: Layer) -> tuple[pd.DataFrame, list[Note]]:
    """Give required fields absent from the whole file their default; one note each."""
    notes: list[Note] = []
    if not len(fields):
        return fields, notes
    if layer.has_field("status") and layer.field("status").required and _absent(fields, "status"):
        fields["status"] = pd.Series(ABSENT_STATUS, index=fields.index, dtype=object)
        label = EQUIPMENT_STATUS.label(ABSENT_STATUS)
        notes.append(
            Note(
                "status_absent",
                f"Tệp không có cột tình trạng: mọi dòng ghi '{label}' "
                "(không tính là hoạt động tốt; cập nhật khi kiểm tra)",
                f"No status column: every row is recorded as "
                f"'{EQUIPMENT_STATUS.label(ABSENT_STATUS, 'en')}' (not counted as working)",
            )
        )
    if layer.name == "premises" and _absent(fields, "category"):
        names = fields["name"] if "name" in fields.columns else pd.Series(None, index=fields.index)
        guessed = categories_from_names(names)
        fields["category"] = guessed
        counts = guessed.value_counts()
        other = int(counts.get("other", 0))
        parts = ", ".join(
            f"{PREMISES_CATEGORY.label(code)}: {format_number(int(n))}"
            for code, n in counts.items()
        )
        parts_en = ", ".join(
            f"{PREMISES_CATEGORY.label(code, 'en')}: {format_number(int(n), 'en')}"
            for code, n in counts.items()
        )
        notes.append(
            Note(
                "category_from_name",
                f"Tệp không có cột loại hình: đoán theo tên cơ sở ({parts}); "
                f"{format_number(other)} tên không đoán được ghi là 'Cơ sở khác'",
                f"No category column: guessed from the names ({parts_en}); "
                f"{format_number(other, 'en')} names without a clue are 'Other premises'",
            )
        )
    return fields, notes
