"""Maps in the built site: one per counterpart plus the overview, offline, deterministic, embedded."""

import html
import re

import pytest

from briefing.validate import load_briefing
from conftest import BRIEFINGS, PageWatch, build_site, open_map, wake_maps

pytestmark = pytest.mark.slow


def first_state(b):
    return next(c for c in b.countries.values() if c.kind == "state")


def test_every_counterpart_has_a_map_and_a_twin(briefing):
    site = briefing.site
    for country_id in load_briefing(briefing.data).countries:
        doc = site / "maps" / f"{country_id}.html"
        svg = site / "maps" / f"{country_id}.svg"
        assert doc.is_file() and svg.is_file()
        assert doc.stat().st_size < 60_000, f"{doc} is {doc.stat().st_size} bytes"
        page = (site / "countries" / country_id / "index.html").read_text(encoding="utf-8")
        iframe = re.search(r'<iframe data-src="\.\./\.\./maps/' + country_id + r'\.html" loading="lazy" title="([^"]+)"', page)
        assert iframe and "Relations map" in iframe.group(1)
        assert f'src="../../maps/{country_id}.svg"' in page
        html = doc.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html), "map loads something from another host"
        assert "../assets/leaflet/leaflet.js" in html
    assert (site / "maps" / "overview.html").is_file()
    assert 'data-src="../maps/overview.html"' in (site / "relations" / "index.html").read_text(encoding="utf-8")
    assert 'data-src="maps/overview.html"' in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "leaflet" / "leaflet.js").is_file()


# Known defects of the overview's SVG twin, by briefing (the Leaflet overview shows them all).


def test_overview_twin_shows_the_focal_country_and_every_counterpart(request, briefing):
    b = load_briefing(briefing.data)
    svg = (briefing.site / "maps" / "overview.svg").read_text(encoding="utf-8")
    titles = {html.unescape(t) for t in re.findall(r"<title>([^<]*)</title>", svg)}
    # A counterpart shows as its area, or, for a bloc whose members are all coloured by a larger bloc
    # (ECOWAS inside the African Union), as its seat's marker with its trend.
    missing = [c.name for c in b.countries.values() if not any(t.startswith(f"{c.name}: ") or f" {c.name}: " in t for t in titles)]
    assert b.meta.focal.name in titles and not missing, (b.meta.focal.name in titles, missing)


def test_two_builds_give_identical_maps(briefing, pdf_sites):
    # The session's PDF build of the same briefing draws its maps afresh (BRIEFING_CACHE=0) with another
    # hash seed: its maps must be the plain build's, byte for byte.
    first, second = briefing.site, pdf_sites(briefing.name).site
    first_maps = sorted(p.relative_to(first) for p in (first / "maps").iterdir())
    assert first_maps == sorted(p.relative_to(second) for p in (second / "maps").iterdir())
    for rel in first_maps:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def _page_point(iframe, inner, lat: float, lon: float) -> tuple[float, float]:
    """Where a map coordinate is on the page (the map's own variable is the container's id)."""
    x, y = inner.evaluate(
        "([lat, lon]) => { const map = window[document.querySelector('.folium-map').id];"
        " const p = map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }", [lat, lon])
    box = iframe.bounding_box()
    return box["x"] + x, box["y"] + y


def _event_alone_on_a_profile_map(b):
    """(counterpart, event): a state's located event with no other marker within 2 degrees of it."""
    for country in b.countries.values():
        if country.kind != "state":
            continue
        located = [e for e in b.events if e.place and country.id in e.countries]
        others = [(e.place.lat, e.place.lon) for e in located]
        others += [(c.lat, c.lon) for c in (b.meta.focal.capital, country.capital)]
        for event in located:
            if sum(abs(event.place.lat - la) + abs(event.place.lon - lo) < 2 for la, lo in others) == 1:
                return country, event
    raise AssertionError("no state counterpart has a located event standing alone on its map")


@pytest.mark.browser
def test_profile_map_draws_both_countries_the_line_and_a_popup(page, briefing, briefing_server):
    b = load_briefing(briefing.data)
    country, event = _event_alone_on_a_profile_map(b)
    watch = PageWatch(page, briefing_server)
    iframe, inner = open_map(page, f"{briefing_server}/countries/{country.id}/", country.id)
    frame = page.frame_locator("figure.briefing-map iframe")
    counts = inner.evaluate("""() => {
        const paths = [...document.querySelectorAll('.leaflet-overlay-pane path')];
        return {paths: paths.length, context: paths.filter(p => p.classList.contains('bf-ctx')).length};
    }""")
    assert counts["paths"] - counts["context"] >= 3, counts  # focal, counterpart, capitals' line
    # An event with a place is a marker; clicking it opens a popup that names the place as typed.
    page.mouse.click(*_page_point(iframe, inner, event.place.lat, event.place.lon))
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert event.place.name in popup.inner_text()
    assert popup.locator("a").get_attribute("href") == f"../timeline/#ev-{event.id}"
    watch.assert_clean()


@pytest.mark.browser
def test_overview_map_opens_a_profile(page, briefing, briefing_server):
    b = load_briefing(briefing.data)
    in_blocs = {code for c in b.countries.values() for code in c.members}
    watch = PageWatch(page, briefing_server)
    iframe, inner = open_map(page, f"{briefing_server}/relations/", "overview")
    # A state that no bloc covers, clicked at its capital, if the overview shows it at all.
    shown = inner.evaluate("""(points) => { const map = window[document.querySelector('.folium-map').id];
        return points.map(([lat, lon]) => map.getBounds().contains([lat, lon])); }""",
                           [[c.capital.lat, c.capital.lon] for c in b.countries.values()])
    state = next(c for c, visible in zip(b.countries.values(), shown)
                 if visible and c.kind == "state" and c.iso3 not in in_blocs)
    # Its capital carries the trend glyph, whose popup links to the profile (the area does too).
    page.mouse.click(*_page_point(iframe, inner, state.capital.lat, state.capital.lon))
    link = page.frame_locator("figure.briefing-map iframe").locator(".leaflet-popup-content a", has_text="Open the profile")
    link.wait_for()
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(f"/countries/{state.id}/")
    watch.assert_clean()


@pytest.mark.browser
def test_phone_viewport_has_no_horizontal_scroll_and_map_fits(browser, briefing, briefing_server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    state = first_state(load_briefing(briefing.data))
    page.goto(f"{briefing_server}/countries/{state.id}/", wait_until="networkidle")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth,"
                           " document.querySelector('figure.briefing-map iframe').getBoundingClientRect().width]")
    # Mobile emulation widens the layout viewport to fit overflowing content, so compare with the
    # device width itself, not innerWidth.
    assert widths[0] <= 375, widths
    assert 250 <= widths[2] <= 375, widths
    context.close()


@pytest.mark.browser
def test_print_shows_the_svg_twin_instead_of_the_iframe(page, briefing, briefing_server):
    state = first_state(load_briefing(briefing.data))
    page.goto(f"{briefing_server}/countries/{state.id}/", wait_until="networkidle")
    page.emulate_media(media="print")
    assert not page.locator("figure.briefing-map iframe").is_visible()
    img = page.locator("figure.briefing-map img.briefing-map__svg")
    assert img.is_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", img.element_handle())


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_map_loads_after_instant_navigation(browser, tmp_path, name):
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
    build_site(BRIEFINGS[name], site, env={"BRIEFING_SITE_URL": base})
    state = first_state(load_briefing(BRIEFINGS[name]))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        watch = PageWatch(page, base.rstrip("/"))
        page.goto(base, wait_until="networkidle")
        # The reader has moved on the first page: the next page's maps load as soon as it is swapped in.
        wake_maps(page)
        page.wait_for_load_state("networkidle")
        page.evaluate("() => { window.__sameDocument = true; }")
        page.locator(f'nav.md-nav--primary a[href$="countries/{state.id}/"]').first.click()
        page.wait_for_url(f"**/countries/{state.id}/")
        page.locator("article h1", has_text=state.name).wait_for()
        assert page.evaluate("() => window.__sameDocument === true"), "instant navigation did a full reload"
        iframe = page.locator("figure.briefing-map iframe")
        iframe.scroll_into_view_if_needed()
        page.frame_locator("figure.briefing-map iframe").locator(".leaflet-overlay-pane path").first.wait_for(state="attached")
        # The palette toggle lives in the header, which instant navigation keeps: it still switches.
        before = page.locator("body").get_attribute("data-md-color-scheme")
        page.locator("form[data-briefing-palette] label:visible").click()
        page.wait_for_function("(b) => document.body.getAttribute('data-md-color-scheme') !== b", arg=before)
        assert page.evaluate("() => window.__sameDocument === true")
        watch.assert_clean()
    finally:
        context.close()
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_maps_wait_for_the_reader_in_the_frame_box(page, briefing, briefing_server):
    """Until the reader moves, a map figure shows its SVG twin over the frame, in the frame's own box, and
    no map document is fetched (Leaflet would cost a phone ~0.4 s of main thread before the reader does
    anything). A first pointer move loads the map; nothing on the page moves when it arrives."""
    state = first_state(load_briefing(briefing.data))
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/maps/" in r.url and r.url.endswith(".html") else None)
    page.goto(f"{briefing_server}/countries/{state.id}/", wait_until="networkidle")
    boxes = """() => { const f = document.querySelector('figure.briefing-map'), r = e => { const b = e.getBoundingClientRect();
        return [b.x, b.y, b.width, b.height].map(Math.round); };
        return {frame: r(f.querySelector('iframe')), twin: r(f.querySelector('img.briefing-map__svg')),
                caption: r(f.querySelector('figcaption')), live: f.hasAttribute('data-live'),
                ratio: getComputedStyle(f.querySelector('iframe')).getPropertyValue('--bf-ratio').trim(),
                twinShown: getComputedStyle(f.querySelector('img.briefing-map__svg')).display !== 'none'}; }"""
    before = page.evaluate(boxes)
    assert fetched == [] and not before["live"] and before["twinShown"], before
    assert before["twin"] == before["frame"], before  # the twin covers the frame exactly
    assert before["frame"][3] > 200, before
    # The frame's shape follows the map (relmaps.aspect), set on the figure and kept by the sanitizer.
    assert before["ratio"] and 1.0 <= float(before["ratio"]) <= 2.4, before
    wake_maps(page)
    page.wait_for_function("() => document.querySelector('figure.briefing-map').hasAttribute('data-live')")
    after = page.evaluate(boxes)
    assert not after["twinShown"], after
    assert after["frame"] == before["frame"] and after["caption"] == before["caption"], (before, after)
    assert any(url.endswith(f"/maps/{state.id}.html") for url in fetched), fetched


@pytest.mark.browser
def test_a_move_made_before_our_script_arrives_still_wakes_the_maps(page, briefing, briefing_server):
    """Our script comes after Material's bundle, which can be after the page's load event. A reader who
    moves once in that gap, and then only reads, still gets the maps: the move is noted while the page
    is parsed. (CI once timed out here: a move made just after load was lost.)"""
    state = first_state(load_briefing(briefing.data))
    held = []
    page.route("**/assets/briefing/briefing.js", lambda route: held.append(route))
    page.goto(f"{briefing_server}/countries/{state.id}/", wait_until="load")
    # A script's synthetic event is not a reader.
    assert page.evaluate("() => { window.dispatchEvent(new PointerEvent('pointermove')); return window.briefingAwake; }") is None
    page.mouse.move(2, 2)
    page.mouse.move(4, 4)
    page.wait_for_function("() => window.briefingAwake === true")
    for _ in range(300):  # the script is asked for once Material's bundle has run
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "briefing.js was never requested"
    assert page.locator("figure.briefing-map iframe[data-src]").count() == 1  # still asleep: no script yet
    held[0].continue_()
    page.wait_for_function("() => document.querySelector('figure.briefing-map').hasAttribute('data-live')")
