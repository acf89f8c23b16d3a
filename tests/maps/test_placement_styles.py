"""Points placed from their address are drawn apart, counted in the legend, explained in popups."""

from __future__ import annotations

import json

from pipelines.maps.layers import MapFilter, prepare_layers, select_layers
from pipelines.model.store import open_ward, read_layer, write_layers
from pipelines.text.labels import ADDRESS_PLACED_LABEL


def test_address_placed_premises_have_a_dashed_outline_and_say_how(tiny_ward) -> None:
    premises = read_layer(tiny_ward, "premises")
    premises["location_source"] = ["address_alley", "coordinates"][: len(premises)]
    premises["location_error_m"] = [12.0, None][: len(premises)]
    write_layers(tiny_ward, {"premises": premises}, note="placed")
    layers = select_layers(prepare_layers(open_ward(tiny_ward), "vi"), MapFilter())
    layer = next(x for x in layers if x.key == "premises")
    features = json.loads(layer.geojson)["features"]
    styles = [layer.styles[f["properties"]["k"]] for f in features]
    assert [s.get("dashArray") for s in styles] == ["3 2", None]
    assert "Cách định vị" in layer.fields and "Sai số vị trí ước tính (m)" in layer.fields
    popups = [f["properties"]["p"] for f in features]
    source_at = layer.fields.index("Cách định vị")
    assert popups[0][source_at] == "Theo địa chỉ, trên ngõ"
    assert popups[1][source_at] == "Tọa độ trong danh sách"
    assert popups[0][layer.fields.index("Sai số vị trí ước tính (m)")].startswith("12,0")
    # the legend entry counts the address-placed premises only
    counts: dict[str, int] = {}
    for labels, n in zip(layer.style_labels, layer.style_counts, strict=True):
        for label in labels:
            counts[label] = counts.get(label, 0) + n
    assert counts[ADDRESS_PLACED_LABEL[0]] == 1
