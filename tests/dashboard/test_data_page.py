"""The Dữ liệu (data) page with AppTest: preview an upload, change a mapping, commit, export."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from pipelines.model.store import list_backups, read_layer
from tests.conftest import REPO_ROOT
from tests.ingest.fixtures import FIXTURES

APP = str(REPO_ROOT / "dashboard" / "app.py")
PAGE = "app_pages/data.py"


def _page(ward_dir: Path, monkeypatch, *, upload: tuple[str, bytes] | None = None) -> AppTest:
    monkeypatch.setenv("PCCC_WARD", str(ward_dir))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(PAGE)
    if upload is not None:
        at.session_state["pccc_data_file"] = upload
    return at.run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_preview_mapping_change_and_commit(tiny_ward: Path, tmp_path: Path, monkeypatch) -> None:
    case = FIXTURES["xlsx_tcvn3_vn2000"](tmp_path)
    at = _page(tiny_ward, monkeypatch, upload=(case.path.name, case.path.read_bytes()))
    assert not at.exception, [e.message for e in at.exception]
    assert _metrics(at)["Dòng trong tệp"] == "3"
    assert _metrics(at)["Mới"] == "3"
    shown = [m.value.replace("\\", "") for m in at.markdown]  # user text is Markdown-escaped
    assert any("EPSG:9214" in m for m in shown)
    assert any("TCVN3" in m for m in shown)
    mapping = {s.label: s for s in at.selectbox if s.key and s.key.startswith("pccc_data_map_")}
    assert mapping["Địa chỉ"].value == "address"
    mapping["Địa chỉ"].set_value("note").run()
    assert not at.exception, [e.message for e in at.exception]
    mapping = {s.label: s for s in at.selectbox if s.key and s.key.startswith("pccc_data_map_")}
    assert mapping["Địa chỉ"].value == "note"
    next(b for b in at.button if b.key == "pccc_data_commit").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Đã ghi 3 đối tượng" in s.value for s in at.success)
    assert _metrics(at)["Không đổi"] == "3", "the preview is recomputed on the new store"
    stored = read_layer(tiny_ward, "premises")
    assert len(stored) == 2 + 3
    assert set(stored["note"].dropna()) == {"Số 1, ngõ 5", "Số 2, ngõ 5", "Số 3, ngõ 5"}
    assert list_backups(tiny_ward)


def test_rejects_are_listed_with_reasons(tiny_ward: Path, tmp_path: Path, monkeypatch) -> None:
    case = FIXTURES["csv_semicolon"](tmp_path)
    at = _page(tiny_ward, monkeypatch, upload=(case.path.name, case.path.read_bytes()))
    assert not at.exception, [e.message for e in at.exception]
    assert _metrics(at)["Bị loại"] == "3"
    rejects = next(df.value for df in at.dataframe if "Lý do" in df.value.columns)
    assert rejects["Lý do"].str.contains("ngoài ranh giới phường").any()
    assert any(b.key == "pccc_data_save_mapping" for b in at.button), "the mapping can be saved"


def test_export_tab_offers_every_format(tiny_ward: Path, monkeypatch) -> None:
    at = _page(tiny_ward, monkeypatch)
    assert not at.exception, [e.message for e in at.exception]
    at.selectbox(key="pccc_data_export_layer").set_value("roads").run()
    for fmt in ("geojson", "gpkg", "kml", "csv", "xlsx"):
        at.radio(key="pccc_data_export_format").set_value(fmt).run()
        assert not at.exception, [e.message for e in at.exception]
    assert at.caption[-1].value == "3 đối tượng"


def test_unmatched_values_and_missing_required_fields(
    tiny_ward: Path, tmp_path: Path, monkeypatch
) -> None:
    from tests.ingest.fixtures import lonlat

    lon, lat = lonlat(100, 100)
    path = tmp_path / "nuoc.csv"
    path.write_text(
        f"Tên,Loại,Vĩ độ,Kinh độ\nTrụ A,Trụ nước,{lat},{lon}\nBể B,Téc inox,{lat + 1e-4},{lon}\n",
        encoding="utf-8",
    )
    at = _page(tiny_ward, monkeypatch, upload=(path.name, path.read_bytes()))
    at.selectbox(key="pccc_data_layer").set_value("water_sources").run()
    assert not at.exception, [e.message for e in at.exception]
    # no status column: kept as "Chưa rõ" (issue 8); the unknown kind is still rejected
    assert _metrics(at)["Bị loại"] == "1"
    value_box = next(s for s in at.selectbox if s.key and s.key.startswith("pccc_data_value_"))
    assert value_box.label == "Téc inox"
    value_box.set_value("tank").run()
    default_box = next(s for s in at.selectbox if s.key and s.key.startswith("pccc_data_default_"))
    assert default_box.label == "Tình trạng"
    default_box.set_value("working").run()
    assert not at.exception, [e.message for e in at.exception]
    assert _metrics(at)["Bị loại"] == "0" and _metrics(at)["Mới"] == "2"
    next(b for b in at.button if b.key == "pccc_data_save_mapping").click().run()
    from pipelines.ingest import load_mapping

    saved = load_mapping(tiny_ward, "water_sources")
    assert saved.values["kind"]["tec inox"] == "tank"
    assert saved.defaults == {"status": "working"}
