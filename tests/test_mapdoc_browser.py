"""A map document in a real browser: Leaflet draws it, popups show text as text, nothing leaves the host."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "hooks") not in sys.path:  # the package lives under hooks/ (see pyproject.toml)
    sys.path.insert(0, str(ROOT / "hooks"))

from briefing import leaflet, mapdoc  # noqa: E402
from conftest import PageWatch, serve, settle_map  # noqa: E402
from test_mapdoc import pair_spec  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed"),
]

# Onerror handlers set a flag instead of alert(): a dialog would be dismissed and easy to miss.
HOSTILE = '<img src=x onerror="window.__pwned=1"></script><script>window.__pwned=2</script>'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A site folder as the builder lays it out: maps/<id>.html, assets/leaflet/, a page embedding it."""
    root = tmp_path_factory.mktemp("mapsite")
    for name, source in leaflet.leaflet_assets().items():
        (root / "assets" / "leaflet" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / "assets" / "leaflet" / name)
    spec = pair_spec("CHN", HOSTILE, href="../countries/chn/")
    (root / "maps").mkdir()
    (root / "maps" / f"{spec.id}.html").write_text(mapdoc.render_map_html(spec, "../assets/leaflet/"),
                                                   encoding="utf-8")
    (root / "countries" / "chn").mkdir(parents=True)
    (root / "countries" / "chn" / "index.html").write_text(
        "<!doctype html><title>China profile</title><link rel=\"icon\" href=\"data:,\"><h1>China</h1>", encoding="utf-8")
    (root / "index.html").write_text(
        '<!doctype html><title>Home</title><link rel="icon" href="data:,">'
        f'<iframe src="maps/{spec.id}.html" title="map" style="width:900px;height:560px;border:0">'
        "</iframe>", encoding="utf-8")
    with serve(root) as url:
        yield url, spec


def test_leaflet_draws_the_map_and_popups_show_text(browser, site):
    url, spec = site
    context = browser.new_context(viewport={"width": 900, "height": 560})
    page = context.new_page()
    watch = PageWatch(page, url)
    page.goto(f"{url}/maps/{spec.id}.html")
    page.wait_for_selector(".leaflet-overlay-pane path")

    assert page.locator(".leaflet-overlay-pane path").count() >= 2
    assert page.locator('.leaflet-overlay-pane path[stroke-dasharray="8 6"]').count() == 1
    assert page.locator(".bf-legend").inner_text().count(HOSTILE) == 3
    assert page.locator('[role="region"][aria-label]').count() == 1

    # Click the event marker (the third one). Playwright clicks its element once it stands still and
    # would receive the click, so a map still settling (the legend's toggle re-sizes it) cannot eat it.
    event = spec.markers[2]
    page.evaluate(
        f"() => map_afg_chn_0.eachLayer(l => {{ if (l.getLatLng && l.getLatLng().equals([{event.lat}, {event.lon}]))"
        " l.getElement().setAttribute('data-under-test', ''); })")
    marker = page.locator("[data-under-test]")
    assert marker.count() == 1
    marker.click()
    box = marker.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert HOSTILE in popup.inner_text()
    assert popup.locator("img, script").count() == 0
    link = popup.locator("a")
    assert link.get_attribute("href") == "../timeline/#ev-1" and link.get_attribute("target") == "_top"

    page.mouse.move(x + 200, y + 200)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__pwned") is None
    watch.assert_clean()
    context.close()


def test_clicking_an_area_opens_its_page_in_the_top_window(browser, site):
    url, spec = site
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    page = context.new_page()
    watch = PageWatch(page, url)
    page.goto(f"{url}/index.html")
    frame = page.frame_locator("iframe")
    frame.locator(".leaflet-overlay-pane path").first.wait_for()
    inner = page.frames[1]
    settle_map(inner, "map_afg_chn_0")
    # A point well inside China (Qinghai), in the iframe's coordinates, then in the page's.
    x, y = inner.evaluate("() => { const p = map_afg_chn_0.latLngToContainerPoint([35.5, 96.0]);"
                          " return [p.x, p.y]; }")
    box = page.locator("iframe").bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + x, box["y"] + y)
    assert page.url == f"{url}/countries/chn/"
    assert page.title() == "China profile"
    watch.assert_clean()
    context.close()


def test_built_map_legends_show_names_and_ladder_labels_as_typed(browser, briefing, briefing_server):
    """Each briefing's own map documents: Leaflet draws them, and their legends show the briefing's
    names and ladder labels exactly as typed (apostrophes, ampersands, diacritics)."""
    from briefing.index import build_index
    from briefing.validate import load_briefing

    b = load_briefing(briefing.data)
    levels = build_index(b).levels
    context = browser.new_context(viewport={"width": 900, "height": 560})
    page = context.new_page()
    watch = PageWatch(page, briefing_server)
    expected = {"overview": [b.meta.focal.name] + [levels[c.level].label for c in b.countries.values()]}
    expected |= {c.id: [b.meta.focal.name, f"{c.name}: {levels[c.level].label}"] for c in b.countries.values()}
    for map_id, texts in expected.items():
        page.goto(f"{briefing_server}/maps/{map_id}.html")
        page.locator(".leaflet-overlay-pane path").first.wait_for(state="attached")
        legend = page.locator(".bf-legend").inner_text()
        for text in texts:
            assert text in legend, (map_id, text, legend)
    watch.assert_clean()
    context.close()
