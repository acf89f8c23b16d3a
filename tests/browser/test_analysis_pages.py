"""The analysis in a real browser: the map shows risk, coverage and beyond-reach pockets with
breakdowns in their popups; the premises page shows the ranked table with its breakdowns."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.maps.layers import MAP_THEME_BY_KEY, MapFilter, apply_theme
from pipelines.model.store import open_ward
from pipelines.network.analysis import analyze_ward
from pipelines.network.layers import prepare_analysis_layers, select_analysis_layers
from pipelines.network.risk import RISK_CLASSES
from tests import livetest
from tests.browser.conftest import external_requests, save_screenshot

pytestmark = pytest.mark.browser

# Open the popup of the feature whose tooltip starts with ``name`` (a click on it, as Leaflet
# delivers it to the layer's popup) and return the popup's text.
OPEN_POPUP = """(name) => {
  const map = Object.values(window).find((v) => v instanceof L.Map);
  let found = null;
  map.eachLayer((l) => {
    if (!found && l.feature && l.getLatLng && String(l.feature.properties.t).startsWith(name)) {
      found = l;
    }
  });
  if (!found) { return null; }
  map.closePopup();
  map.setView(found.getLatLng(), 18, { animate: false });
  found.fire("click", { latlng: found.getLatLng() }, true);
  const open = document.querySelectorAll(".leaflet-popup-content");
  return open.length ? open[open.length - 1].innerText : null;
}"""


def expected(ward_dir, theme: str) -> tuple[dict[str, int], object]:
    """Analysis features per layer that the map theme ``theme`` opens with."""
    analysis = analyze_ward(open_ward(ward_dir))
    layers = select_analysis_layers(prepare_analysis_layers(analysis, "vi"), MapFilter())
    shown = apply_theme(layers, MAP_THEME_BY_KEY[theme])
    return {layer.key: layer.count for layer in shown if layer.show}, analysis


def test_map_shows_risk_coverage_and_pockets_with_breakdowns(page, sample_server):
    url, ward_dir = sample_server
    page.goto(f"{url}/ban-do")
    livetest.map_frame(page, timeout_s=120)

    counts, _ = expected(ward_dir, "coverage")
    for key in ("coverage", "beyond_reach", "truck_access"):
        assert counts[key] > 0, key
    livetest.pick_segment(page, "Chủ đề bản đồ", "Phủ điểm chữa cháy, nguồn nước")
    frame, drawn = livetest.wait_for_layers(page, counts, timeout_s=120)
    legend = frame.locator(".pccc-legend").inner_text()
    for entry in ("Vùng ngoài tầm vòi chữa cháy", "Chưa được bảo vệ"):
        assert entry in legend, entry
    assert "Rất cao" not in legend, "the legend lists only the layers that are on"
    save_screenshot(page, "analysis-map-coverage")

    # a household beyond hose reach: its popup gives the hose distance and its pocket
    households = analyze_ward(open_ward(ward_dir)).households
    beyond = households[households["pocket_id"].notna()].iloc[0]
    text = frame.evaluate(OPEN_POPUP, f"{beyond['address']} — ")
    assert text is not None and "Vùng ngoài tầm vòi" in text and str(beyond["pocket_id"]) in text

    counts, analysis = expected(ward_dir, "risk")
    for key in ("risk_premises", "beyond_reach", "risk_density"):
        assert counts[key] > 0, key
    livetest.pick_segment(page, "Chủ đề bản đồ", "Nguy cơ cháy")
    frame, drawn = livetest.wait_for_layers(page, counts, timeout_s=120)
    assert drawn["risk_premises"] == len(analysis.premises)
    assert "coverage" not in drawn, "the coverage layer is off in the risk theme"
    legend = frame.locator(".pccc-legend").inner_text()
    for entry in ("Rất cao", "Vùng ngoài tầm vòi chữa cháy"):
        assert entry in legend, entry
    save_screenshot(page, "analysis-map")

    top = analysis.inspect_next.iloc[0]
    risk_label = RISK_CLASSES[str(top["risk_class"])].vi
    text = frame.evaluate(OPEN_POPUP, f"{top['name']} — {risk_label} (")
    assert text is not None, "the top-ranked premises is drawn and opens a popup"
    assert "Điểm nguy cơ" in text and "Mức nguy cơ" in text
    shown = {
        line.split("\t")[0].removeprefix("+ ").strip(): line.split("\t")[-1].strip()
        for line in text.splitlines()
        if line.startswith("+ ")
    }
    row = analysis.premises.set_index("id").loc[top["id"]]
    assert shown, "the popup lists the factors of the score"
    total = sum(float(v.replace(".", "").replace(",", ".")) for v in shown.values())
    assert total == pytest.approx(row["risk_score"])
    save_screenshot(page, "analysis-map-popup")

    assert external_requests(page) == []


def test_premises_page_shows_ranked_breakdowns(page, sample_server):
    url, ward_dir = sample_server
    analysis = analyze_ward(open_ward(ward_dir))
    top = analysis.inspect_next.iloc[0]
    page.goto(f"{url}/co-so-nguy-co")
    page.get_by_text("Cơ sở nguy cơ — thứ tự cần kiểm tra").wait_for(timeout=120_000)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=60_000)
    assert page.get_by_text("Cơ sở nguy cơ rất cao").count() >= 1
    # the grid draws on a canvas: check it is drawn and holds every premises, then read the
    # very rows it shows through the CSV download of the same table
    assert grid.locator("canvas").count() >= 1
    n = f"{len(analysis.premises)} dòng"
    assert page.get_by_text(n, exact=True).count() == 1
    save_screenshot(page, "premises-page")
    downloads = page.get_by_role("button", name="Tải CSV")
    assert downloads.count() == 2  # the ranked table, then the inspections due
    with page.expect_download() as info:
        downloads.first.click()
    path = info.value.path()
    content = Path(path).read_text(encoding="utf-8-sig")
    assert "Chi tiết điểm" in content.splitlines()[0]
    assert "Điểm tại cơ sở" in content.splitlines()[0]
    first = content.splitlines()[1]
    assert str(top["id"]) in first and "Loại hình:" in first
    assert page.get_by_text("Lịch kiểm tra đến hạn").count() == 1
    with page.expect_download() as info:
        downloads.nth(1).click()
    due = Path(info.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert "Hạn kiểm tra" in due[0] and len(due) > 1
    assert external_requests(page) == []
