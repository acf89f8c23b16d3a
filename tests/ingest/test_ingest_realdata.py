"""The real files of ../shared/realdata through the importer: nothing lost, readable reasons."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipelines.ingest import ImportOptions, commit_import, prepare_import
from pipelines.ingest import encodings as enc
from pipelines.ingest.headers import fold
from tests.conftest import SHARED

REAL = SHARED / "realdata"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="shared/realdata is not beside the repo")


def _check(preview) -> None:
    c = preview.counts
    assert c.rows_in == c.stored + c.rejected
    assert len(preview.rejects) == c.rejected
    assert preview.rejects["Lý do"].map(lambda s: isinstance(s, str) and len(s) > 5).all()


def test_overpass_hydrants_outside_vietnam_are_all_rejected(tiny_ward: Path) -> None:
    path = REAL / "hydrants" / "osm_hydrants_hagen_de_2014.geojson"
    preview = prepare_import(path, tiny_ward, ImportOptions(layer="water_sources"))
    _check(preview)
    assert preview.osm and preview.counts.rows_in == 1949
    assert preview.counts.rejected == 1949
    assert preview.rejects["Lý do"].str.contains("ngoài lãnh thổ Việt Nam").all()
    # the tags were read: kind from emergency, fire_hydrant:* kept in the note
    assert set(preview.rejects["fire_hydrant:type"].dropna()) <= {"underground", "pillar", "wall"}
    mapping = preview.mapping_dict()
    assert mapping["emergency / water_source"] == "kind"
    assert mapping["fire_hydrant:*"] == "note"


def test_overpass_hydrant_tags_become_fields() -> None:
    from pipelines.ingest.formats import ReadOptions, read_source
    from pipelines.ingest.osm import osm_to_layer
    from pipelines.model.settings import IngestSection

    path = REAL / "hydrants" / "osm_hydrants_hagen_de_2014.geojson"
    table = read_source(path.read_bytes(), path.name, ReadOptions(layer="water_sources"))
    fields, _ = osm_to_layer(table.frame, "water_sources", IngestSection())
    assert (fields["kind"] == "hydrant").all()
    assert fields["id"].str.match(r"^osm-node-\d+$").all()
    first = fields.set_index("id").loc["osm-node-33996967"]
    assert first["note"] == "fire_hydrant:type=underground"
    with_diameter = fields["note"].str.contains("fire_hydrant:diameter=").sum()
    assert with_diameter == 1241


def test_neusiedl_hydrant_csv(tiny_ward: Path) -> None:
    path = REAL / "hydrants" / "ffn_neusiedl_hydranten.csv"
    preview = prepare_import(
        path,
        tiny_ward,
        ImportOptions(layer="water_sources", defaults={"kind": "hydrant", "status": "working"}),
    )
    _check(preview)
    assert preview.counts.rows_in == 159
    mapping = preview.mapping_dict()
    assert (mapping["latitude"], mapping["longitude"], mapping["name"]) == (
        "coord_lat",
        "coord_lon",
        "name",
    )
    assert preview.counts.rejected == 159
    assert preview.rejects["Lý do"].str.contains("ngoài lãnh thổ Việt Nam").all()
    # original cells, "UNB" diameters and empty pressures included, are kept in the rejects
    assert "UNB" in set(preview.rejects["nenndurchmesser"].astype(str))
    assert preview.rejects["Dòng"].min() == 2 and preview.rejects["Dòng"].max() == 160


def test_empty_overpass_result(tiny_ward: Path) -> None:
    path = REAL / "hydrants" / "overpass_empty_result_edgecase.geojson"
    preview = prepare_import(path, tiny_ward, ImportOptions(layer="water_sources"))
    _check(preview)
    assert preview.counts.rows_in == 0
    assert any(n.code == "empty" for n in preview.notes)
    result = commit_import(preview)
    assert result.written == 0 and result.backup is None and result.original.is_file()


def test_address_only_premises_list(tiny_ward: Path) -> None:
    path = REAL / "premises" / "vntourism_vui_choi_giai_tri.csv"
    preview = prepare_import(path, tiny_ward, ImportOptions(layer="premises"))
    _check(preview)
    assert preview.counts.rows_in == 123 and preview.counts.rejected == 123
    mapping = preview.mapping_dict()
    assert mapping["Tên cơ sở"] == "name" and mapping["Địa chỉ"] == "address"
    assert mapping["Điện thoại"] == "contact_phone"
    assert "Website (2)" in preview.columns  # the repeated header is kept apart
    reasons = preview.rejects["Lý do"]
    assert reasons.str.contains("phường khác|không tìm thấy").all()
    # no category column: guessed from the name with one note, never a reject (issue 8)
    assert not reasons.str.contains("Loại hình").any()
    assert [n for n in preview.notes if n.code == "category_from_name"]
    # the rows carry their original cells and line numbers (header on line 1)
    assert preview.rejects["Dòng"].tolist() == list(range(2, 125))
    assert preview.rejects["Tên cơ sở"].iloc[0].startswith("Trung tâm thương mại Vincom")


def test_tcvn3_sample_converts_to_the_utf8_one() -> None:
    folder = REAL / "encoding"
    tcvn = enc.decode_bytes((folder / "demo1-tcvn.txt").read_bytes())
    utf8 = enc.decode_bytes((folder / "demo1-utf8.txt").read_bytes())
    utf16 = enc.decode_bytes((folder / "demo1-utf16le.txt").read_bytes())
    assert (tcvn.encoding, utf8.encoding, utf16.encoding) == ("cp1252", "utf-8", "utf-16-le")
    rows = [line.split("\t") for line in tcvn.text.splitlines()]
    frame = pd.DataFrame(rows[1:], columns=rows[0])
    converted, conversions = enc.convert_frame(frame)
    expected = [line.split("\t") for line in utf8.text.splitlines()]
    assert converted.values.tolist() == [r for r in expected[1:]]
    assert set(conversions["encoding"]) == {"tcvn3"}
    assert utf16.text.replace("\r\n", "\n") == utf8.text.replace("\r\n", "\n")


def test_cp1258_sample_normalises_to_nfc() -> None:
    folder = REAL / "encoding"
    cp = enc.decode_bytes((folder / "uchardet_vi_windows-1258.txt").read_bytes())
    assert cp.encoding == "cp1258"
    assert cp.text == (folder / "uchardet_vi_utf-8.txt").read_text(encoding="utf-8")


def test_tcvn3_table_is_the_shared_one() -> None:
    table = pd.read_csv(REAL / "encoding" / "tcvn3_map.csv", dtype=str, keep_default_na=False)
    assert dict(zip(table["TCVN3"], table["UNICODE"], strict=True)) == enc.TCVN3_TO_UNICODE


def test_tsv_sample_imports_as_a_table(tiny_ward: Path, tmp_path: Path) -> None:
    """The TCVN3 TSV sample read as a safety-group list: every row kept or rejected."""
    path = REAL / "encoding" / "demo1-tcvn.txt"
    preview = prepare_import(
        path,
        tiny_ward,
        ImportOptions(layer="safety_groups", columns={"msg_info": "name", "msg_id": "id"}),
    )
    _check(preview)
    assert preview.counts.rows_in == preview.counts.new == 2
    assert fold(preview.frame["name"].iloc[0]).startswith("nham giao chu")
