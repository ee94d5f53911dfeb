"""Maps in the built site: one per counterpart plus the overview, offline, deterministic, embedded."""

import re

import pytest

from briefing.validate import load_briefing
from conftest import DATA, FIXTURES, PageWatch, build_site

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("which", ["real", "fixture"])
def test_every_counterpart_has_a_map_and_a_twin(which, real_site, fixture_site):
    site, data = (real_site, DATA) if which == "real" else (fixture_site, FIXTURES / "mongolia")
    for country_id in load_briefing(data).countries:
        doc = site / "maps" / f"{country_id}.html"
        svg = site / "maps" / f"{country_id}.svg"
        assert doc.is_file() and svg.is_file()
        assert doc.stat().st_size < 60_000, f"{doc} is {doc.stat().st_size} bytes"
        page = (site / "countries" / country_id / "index.html").read_text(encoding="utf-8")
        iframe = re.search(r'<iframe src="\.\./\.\./maps/' + country_id + r'\.html" loading="lazy" title="([^"]+)"', page)
        assert iframe and "Relations map" in iframe.group(1)
        assert f'src="../../maps/{country_id}.svg"' in page
        html = doc.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html), "map loads something from another host"
        assert "../assets/leaflet/leaflet.js" in html
    assert (site / "maps" / "overview.html").is_file()
    assert 'src="../maps/overview.html"' in (site / "relations" / "index.html").read_text(encoding="utf-8")
    assert 'src="maps/overview.html"' in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "leaflet" / "leaflet.js").is_file()


def test_two_builds_give_identical_maps(real_site, tmp_path):
    second = tmp_path / "site"
    build_site(DATA, second, env={"BRIEFING_CACHE": "0"})  # drawn afresh, not served from the map cache
    first_maps = sorted(p.relative_to(real_site) for p in (real_site / "maps").iterdir())
    assert first_maps == sorted(p.relative_to(second) for p in (second / "maps").iterdir())
    for rel in first_maps:
        assert (real_site / rel).read_bytes() == (second / rel).read_bytes(), rel


def _open_map(page, base: str, path: str, map_id: str):
    """Load a page, bring its map iframe into view, wait for Leaflet; return the iframe and its frame."""
    page.goto(f"{base}/{path}", wait_until="networkidle")
    iframe = page.locator("figure.briefing-map iframe")
    iframe.scroll_into_view_if_needed()
    page.frame_locator("figure.briefing-map iframe").locator(".leaflet-overlay-pane path").first.wait_for(state="attached")
    return iframe, next(f for f in page.frames if f.url.endswith(f"/maps/{map_id}.html"))


def _page_point(iframe, inner, lat: float, lon: float) -> tuple[float, float]:
    """Where a map coordinate is on the page (the map's own variable is the container's id)."""
    x, y = inner.evaluate(
        "([lat, lon]) => { const map = window[document.querySelector('.folium-map').id];"
        " const p = map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }", [lat, lon])
    box = iframe.bounding_box()
    return box["x"] + x, box["y"] + y


@pytest.mark.browser
def test_profile_map_draws_both_countries_the_line_and_a_popup(page, real_server):
    watch = PageWatch(page, real_server)
    iframe, inner = _open_map(page, real_server, "countries/russia/", "russia")
    frame = page.frame_locator("figure.briefing-map iframe")
    counts = inner.evaluate("""() => {
        const paths = [...document.querySelectorAll('.leaflet-overlay-pane path')];
        return {paths: paths.length, context: paths.filter(p => p.classList.contains('bf-ctx')).length};
    }""")
    assert counts["paths"] - counts["context"] >= 3, counts  # focal, counterpart, capitals' line
    # An event with a place (Kazan, St Petersburg, Crocus Hall...) is a marker; clicking it opens a popup.
    b = load_briefing(DATA)
    located = [e for e in b.events if e.place and "russia" in e.countries]
    others = [(e.place.lat, e.place.lon) for e in located] + [(c.lat, c.lon) for c in (b.meta.focal.capital, b.countries["russia"].capital)]

    def alone(e):
        return sum(abs(e.place.lat - la) + abs(e.place.lon - lo) < 2 for la, lo in others) == 1

    event = next(e for e in located if alone(e))
    page.mouse.click(*_page_point(iframe, inner, event.place.lat, event.place.lon))
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert event.place.name in popup.inner_text()
    assert popup.locator("a").get_attribute("href") == f"../timeline/#ev-{event.id}"
    watch.assert_clean()


@pytest.mark.browser
def test_overview_map_opens_a_profile(page, real_server):
    watch = PageWatch(page, real_server)
    iframe, inner = _open_map(page, real_server, "relations/", "overview")
    with page.expect_navigation():
        page.mouse.click(*_page_point(iframe, inner, 48.0, 67.0))  # well inside Kazakhstan
    assert page.url.endswith("/countries/kazakhstan/")
    watch.assert_clean()


@pytest.mark.browser
def test_phone_viewport_has_no_horizontal_scroll_and_map_fits(browser, real_server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{real_server}/countries/china/", wait_until="networkidle")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth,"
                           " document.querySelector('figure.briefing-map iframe').getBoundingClientRect().width]")
    # Mobile emulation widens the layout viewport to fit overflowing content, so compare with the
    # device width itself, not innerWidth.
    assert widths[0] <= 375, widths
    assert 250 <= widths[2] <= 375, widths
    context.close()


@pytest.mark.browser
def test_print_shows_the_svg_twin_instead_of_the_iframe(page, real_server):
    page.goto(f"{real_server}/countries/china/", wait_until="networkidle")
    page.emulate_media(media="print")
    assert not page.locator("figure.briefing-map iframe").is_visible()
    img = page.locator("figure.briefing-map img.briefing-map__svg")
    assert img.is_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", img.element_handle())


@pytest.mark.browser
def test_map_loads_after_instant_navigation(browser, tmp_path):
    """Material's instant navigation swaps the page body without a reload, and the map iframe in the new
    body must still load. Instant navigation only runs where site_url says the site lives, so this site
    is built for the local server's own address."""
    import functools
    import http.server
    import threading

    from conftest import _Quiet

    site = tmp_path / "site"
    site.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    base = f"http://127.0.0.1:{server.server_port}/"
    build_site(DATA, site, env={"BRIEFING_SITE_URL": base})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        watch = PageWatch(page, base.rstrip("/"))
        page.goto(base, wait_until="networkidle")
        page.evaluate("() => { window.__sameDocument = true; }")
        page.locator('nav.md-nav--primary a[href$="countries/china/"]').first.click()
        page.wait_for_url("**/countries/china/")
        page.locator("article h1", has_text="China").wait_for()
        assert page.evaluate("() => window.__sameDocument === true"), "instant navigation did a full reload"
        iframe = page.locator("figure.briefing-map iframe")
        iframe.scroll_into_view_if_needed()
        page.frame_locator("figure.briefing-map iframe").locator(".leaflet-overlay-pane path").first.wait_for(state="attached")
        watch.assert_clean()
    finally:
        context.close()
        server.shutdown()
        server.server_close()
