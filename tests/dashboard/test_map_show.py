"""A map made to be shown: what the page's stylesheet, the print head and the map say.

The browser checks are in tests/browser/test_map_show.py; here the pieces they rely on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.components.map import (
    PRESENTATION_PARAM,
    PRINT_MAP_MM,
    base_map,
    legend_html,
    page_css,
    print_head_html,
    static_map_html,
)
from pipelines.maps.layers import MapFilter, prepare_layers, select_layers, ward_bounds
from pipelines.model.store import init_ward, open_ward, write_layers
from tests.conftest import REPO_ROOT, tiny_layers

BOUNDS = [[21.26, 106.19], [21.28, 106.21]]


@pytest.fixture(scope="module")
def shown_ward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny ward, written once for this module (its tests only read it)."""
    ward_dir = tmp_path_factory.mktemp("shown") / "tiny"
    init_ward(ward_dir, name="Phường Thử", crs_metric="EPSG:9214")
    write_layers(ward_dir, tiny_layers(), note="tiny")
    return ward_dir


def _setup_config(page: str) -> dict:
    return json.loads(re.search(r"pcccSetup\([^,]+, (\{.*?\})\);", page).group(1))


def test_the_map_opens_fitted_at_a_fractional_zoom_with_its_setup():
    page = base_map(BOUNDS, assets="inline").get_root().render()
    assert '"zoomSnap": 0.25' in page
    assert "fitBounds" not in page, "the script fits the ward, beside the controls"
    config = _setup_config(page)
    assert config == {
        "bounds": BOUNDS,
        "presentation": False,
        "fill": False,
        "printMm": list(PRINT_MAP_MM),
    }
    shown = _setup_config(base_map(BOUNDS, presentation=True, fill=True).get_root().render())
    assert shown["presentation"] and shown["fill"]


def test_page_css_hides_the_chrome_only_when_presenting_or_printing():
    plain = page_css()
    screen, printed = plain.split("@media print", 1)
    assert "stSidebar" not in screen and "stSidebar" in printed
    assert "size: A4 landscape" in printed
    assert f"height: {PRINT_MAP_MM[1]}mm" in printed
    assert "break-before: page" in printed  # Tổng quan: the map starts its own page
    alone = page_css(alone=True)
    assert "break-before: page" not in alone and ":not(:has(.pccc-print-head))" in alone
    presenting = page_css(presentation=True)
    assert "position: fixed" in presenting and "100vh" in presenting
    assert '[data-testid="stSidebar"]' in presenting.split("@media screen", 1)[1]
    assert "calc(100vh - 190px)" in page_css(window_offset_px=190)


def test_print_head_and_download_escape_their_texts():
    head = print_head_html("<b>Phường</b>", ["Lọc: <i>a</i>", "Lập ngày: 03/12/2026"])
    assert "<b>" not in head and "&lt;b&gt;Phường" in head and "<i>" not in head
    assert head.count("<div>") == 2


def test_legend_and_download_carry_what_showing_needs(shown_ward):
    ward = open_ward(shown_ward)
    layers = select_layers(prepare_layers(ward), MapFilter())
    by_key = {layer.key: layer for layer in layers}
    # Incidents never share a shape with premises; households are small muted dots.
    assert by_key["incidents"].marker == "icon" and by_key["premises"].marker == "circle"
    assert by_key["incidents"].styles == ({"className": "pccc-inc", "html": "!"},)
    assert all(s["radius"] < 2 and s["fillOpacity"] < 0.7 for s in by_key["households"].styles)
    legend = legend_html(layers, title="Chú giải")
    assert legend.startswith("<details open><summary>Chú giải</summary>")
    assert 'class="pccc-inc"' in legend, "incidents' triangle in the legend"
    page = static_map_html(
        layers,
        ward_bounds(ward),
        legend_title="Chú giải",
        title="Bản đồ PCCC — Phường <X>",
        details=("Chủ đề: Hiện trạng", "Không lọc: mọi đối tượng", "Lập ngày: 03/12/2026"),
    )
    assert "Phường &lt;X&gt;" in page and "Lập ngày: 03/12/2026" in page
    config = _setup_config(page)
    assert config["fill"] and config["bounds"] == ward_bounds(ward)
    assert '"below": true' in page, "households go under the roads"


def test_presentation_mode_follows_the_url_and_leaves_by_its_button(shown_ward, monkeypatch):
    monkeypatch.setenv("PCCC_WARD", str(shown_ward))
    at = AppTest.from_file(str(REPO_ROOT / "dashboard" / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/map.py")
    at.query_params[PRESENTATION_PARAM] = "1"  # as opened from /ban-do?trinh_chieu=1
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.toggle(key="pccc_presentation").value is True
    exit_button = next(b for b in at.button if b.label == "Thoát trình chiếu")
    exit_button.click().run()
    assert not at.exception
    assert PRESENTATION_PARAM not in at.query_params
    assert at.toggle(key="pccc_presentation").value is False
    assert not [b for b in at.button if b.label == "Thoát trình chiếu"]
    at.toggle(key="pccc_presentation").set_value(True).run()
    assert at.query_params[PRESENTATION_PARAM] == "1"


def _show_tiny_map() -> None:
    """A page that shows the tiny ward's map, all of it or its first tổ dân phố only."""
    import os
    from pathlib import Path

    import streamlit as st

    from dashboard.components.map import show_map
    from pipelines.maps.layers import MapFilter, prepare_layers, select_layers, ward_bounds
    from pipelines.model.store import open_ward

    ward = open_ward(Path(os.environ["PCCC_SHOWN_WARD"]))
    groups = sorted(ward.layers["residential_groups"]["id"])
    one = st.checkbox("Một tổ")
    flt = MapFilter(groups=frozenset(groups[:1])) if one else MapFilter()
    layers = select_layers(prepare_layers(ward), flt)
    show_map(layers, ward_bounds(ward), key="ban_do", legend_title="Chú giải")
    st.button("Chạy lại")


def test_the_same_map_is_rendered_once_and_sent_again_as_it_was(shown_ward, tmp_path, monkeypatch):
    import collections

    from streamlit import config

    from dashboard import access
    from dashboard.components import map as map_component

    static = tmp_path / "static"
    (static / "layers").mkdir(parents=True)
    monkeypatch.setattr(map_component, "STATIC_DIR", static)
    monkeypatch.setattr(map_component, "POOL_DIR", tmp_path / ".layer-pool")
    monkeypatch.setattr(access, "LAYERS_ROOT", static / "layers")
    monkeypatch.setattr(map_component, "_RENDERS", collections.OrderedDict())
    built = []
    real = map_component.base_map
    monkeypatch.setattr(map_component, "base_map", lambda *a, **k: built.append(1) or real(*a, **k))
    monkeypatch.setenv("PCCC_SHOWN_WARD", str(shown_ward))
    serving = config.get_option("server.enableStaticServing")
    config.set_option("server.enableStaticServing", True)
    try:
        at = AppTest.from_function(_show_tiny_map, default_timeout=120).run()
        assert not at.exception, [e.message for e in at.exception]
        assert len(built) == 1
        whole_ward = sorted(p.name for p in (static / "layers").rglob("*.json"))
        at.button[0].click().run()
        assert len(built) == 1, "a rerun sends the map it rendered"
        at.checkbox[0].check().run()
        assert len(built) == 2, "other layers: rendered"
        at.checkbox[0].uncheck().run()
        assert len(built) == 2, "back to the first map: sent as it was"
        published = list((static / "layers").rglob("*.json"))
        assert published and all(p.stat().st_nlink == 2 for p in published), "pool links"
        for path in published:
            path.unlink()  # the session's folder swept: its layer files are linked again
        at.button[0].click().run()
        assert not at.exception and len(built) == 2
        assert sorted(p.name for p in (static / "layers").rglob("*.json")) == whole_ward
        # Another session (its own folder): the same map, not rendered again.
        other = AppTest.from_function(_show_tiny_map, default_timeout=120).run()
        assert not other.exception and len(built) == 2
        folders = [p for p in (static / "layers").iterdir() if p.is_dir()]
        assert len(folders) == 2
        assert all(sorted(p.name for p in f.glob("*.json")) for f in folders)
        sent = [e for e in other.get("component_instance")]
        assert sent, "the map component was drawn"
    finally:
        config.set_option("server.enableStaticServing", serving)
