"""Export every layer in every format; CSV/XLSX carry Vietnamese headers; exports import back."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from pipelines.export.layers import EXPORT_FORMATS, export_layer, people_table
from pipelines.ingest import ImportOptions, prepare_import
from pipelines.model.schema import LAYER_NAMES, get_layer
from pipelines.model.store import init_ward, read_layer, write_layers
from tests.conftest import tiny_layers


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
@pytest.mark.parametrize("layer", LAYER_NAMES)
def test_every_layer_exports_in_every_format(tiny_ward: Path, layer: str, fmt: str) -> None:
    frame = read_layer(tiny_ward, layer)
    data = export_layer(frame, layer, fmt)
    assert data
    if fmt == "csv":
        table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
        assert table.columns[0] == "Mã"
        assert len(table) == len(frame)
    if fmt == "xlsx":
        table = pd.read_excel(io.BytesIO(data), engine="calamine")
        labels = [f.label("vi") for f in get_layer(layer).fields]
        assert list(table.columns[: len(labels)]) == labels
        assert len(table) == len(frame)


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
@pytest.mark.parametrize(
    "layer", ["premises", "roads", "water_bodies", "safety_groups", "incidents", "activities"]
)
def test_exports_import_back_unchanged(
    tiny_ward: Path, tmp_path: Path, layer: str, fmt: str
) -> None:
    frame = read_layer(tiny_ward, layer)
    path = tmp_path / f"{layer}{EXPORT_FORMATS[fmt].suffix}"
    path.write_bytes(export_layer(frame, layer, fmt))
    preview = prepare_import(path, tiny_ward, ImportOptions(layer=layer))
    c = preview.counts
    assert (c.rows_in, c.unchanged, c.rejected) == (len(frame), len(frame), 0), (
        preview.rejects.iloc[:, :3]
    )


def test_people_table_uses_labels() -> None:
    layers = tiny_layers()
    from pipelines.model.validate import conform_layer

    frame, _ = conform_layer("premises", layers["premises"])
    table = people_table(frame, "premises")
    assert table.loc[0, "Loại hình"] == "Karaoke, vũ trường, quán bar"
    assert {"Vĩ độ", "Kinh độ"} <= set(table.columns)
    english = people_table(frame, "premises", "en")
    assert english.loc[0, "Category"] == "Karaoke, bar, dance hall"


def test_export_into_a_fresh_ward(tmp_path: Path, tiny_ward: Path) -> None:
    fresh = init_ward(tmp_path / "fresh", name="Phường Thử", crs_metric="EPSG:9214")
    write_layers(fresh, {"ward_boundary": read_layer(tiny_ward, "ward_boundary")})
    path = tmp_path / "roads.xlsx"
    path.write_bytes(export_layer(read_layer(tiny_ward, "roads"), "roads", "xlsx"))
    preview = prepare_import(path, fresh, ImportOptions(layer="roads"))
    assert preview.counts.new == len(read_layer(tiny_ward, "roads"))
