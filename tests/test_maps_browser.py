"""Every map of both briefings in real Chromium, at a phone (390x844) and a desktop (1400x1000) size.

The legend covers no marker, no capital label and at most LEGEND_SHARE of the focal and counterpart
shapes; both capitals (the overview: every capital) are in view at the first zoom; focal and
counterpart capitals are labelled; swatches are the rendered fills; the palette follows the page's
toggle; the page scrolls over a map until it is clicked; "+" zooms towards the focal capital;
markers at one place are one marker whose popup lists them all and keeps clear of the controls.
"""

from __future__ import annotations

import pytest

from briefing.mapstyle import STYLE
from briefing.validate import load_briefing
from conftest import PageWatch, open_map

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SIZES = {"phone": (390, 844), "desktop": (1400, 1000)}
# The most of a focal or counterpart shape's visible box the legend may cover.
LEGEND_SHARE = 0.02

_GEOMETRY_JS = """([codes, capitals]) => {
  const map = window[document.querySelector('.folium-map').id];
  const c = map.getContainer().getBoundingClientRect();
  const rect = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const clip = r => { const x1 = Math.max(r[0], c.left), y1 = Math.max(r[1], c.top),
                            x2 = Math.min(r[2], c.right), y2 = Math.min(r[3], c.bottom);
                      return x2 > x1 && y2 > y1 ? [x1, y1, x2, y2] : null; };
  const out = {legend: null, markers: [], labels: [], shapes: {}, size: [map.getSize().x, map.getSize().y], capitals: []};
  const legend = document.querySelector('.bf-legend');
  if (legend) { out.legend = rect(legend); }
  map.eachLayer(l => {
    if (l instanceof L.CircleMarker || l instanceof L.Marker) { out.markers.push(rect(l.getElement())); }
    else if (l.feature && codes.includes(l.feature.id)) {
      const r = clip(rect(l.getElement()));
      if (r) { (out.shapes[l.feature.id] = out.shapes[l.feature.id] || []).push(r); }
    }
  });
  document.querySelectorAll('.leaflet-tooltip.bf-label').forEach(t => out.labels.push([t.textContent, rect(t)]));
  capitals.forEach(([lat, lon]) => { const p = map.latLngToContainerPoint([lat, lon]); out.capitals.push([p.x, p.y]); });
  return out;
}"""


def overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0) * max(h, 0)


def area(r) -> float:
    return (r[2] - r[0]) * (r[3] - r[1])


def maps_of(briefing):
    """(map id, page path, counterpart or None) for every map of the briefing."""
    data = load_briefing(briefing.data)
    yield "overview", "relations/", None
    for country_id, country in data.countries.items():
        yield country_id, f"countries/{country_id}/", country


@pytest.mark.parametrize("size", sorted(SIZES))
def test_legend_covers_no_subject_and_capitals_are_in_view(browser, briefing, briefing_server, size):
    data = load_briefing(briefing.data)
    focal = data.meta.focal
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    watch = PageWatch(page, briefing_server)
    for map_id, path, country in maps_of(briefing):
        _, frame = open_map(page, f"{briefing_server}/{path}", map_id)
        counterparts = list(data.countries.values()) if country is None else [country]
        codes = [focal.iso3] + [c for k in counterparts for c in (k.members if k.kind == "bloc" else [k.iso3])]
        capitals = [focal.capital] + [k.capital for k in counterparts]
        got = frame.evaluate(_GEOMETRY_JS, [codes, [[c.lat, c.lon] for c in capitals]])
        where = f"{map_id} at {size}"

        legend = got["legend"]
        assert legend is not None, where
        for marker in got["markers"]:
            assert overlap(legend, marker) == 0, (where, "marker", marker, legend)
        for text, label in got["labels"]:
            assert overlap(legend, label) == 0, (where, "label", text, legend)
        for code, parts in got["shapes"].items():
            total = sum(area(r) for r in parts)
            covered = sum(overlap(legend, r) for r in parts)
            assert covered <= LEGEND_SHARE * total, (where, code, covered / total)
        assert focal.iso3 in got["shapes"], (where, "focal country not in view")

        w, h = got["size"]
        for capital, (x, y) in zip(capitals, got["capitals"]):
            assert 0 <= x <= w and 0 <= y <= h, (where, capital.name, x, y, w, h)
        if country is not None:
            labels = {text for text, _ in got["labels"]}
            assert {focal.capital.name, country.capital.name} <= labels, (where, labels)
    watch.assert_clean()
    context.close()


_FILLS_JS = """() => {
  const map = window[document.querySelector('.folium-map').id];
  const fills = {};
  map.eachLayer(l => { if (l.feature) { const s = getComputedStyle(l.getElement());
    fills[l.feature.id] = [s.fill, s.fillOpacity]; } });
  const swatches = [...document.querySelectorAll('.bf-legend .bf-sw')].map(el =>
    [el.nextElementSibling.textContent, getComputedStyle(el).backgroundColor]);
  return {fills, swatches, dark: document.documentElement.classList.contains('bf-dark')};
}"""


def rgb(colour: str) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_swatches_are_the_rendered_fills_and_the_palette_follows_the_page(browser, briefing, briefing_server):
    from briefing.index import build_index

    data = load_briefing(briefing.data)
    focal = data.meta.focal
    levels = {level.id: level for level in data.meta.ladder}
    # On the overview a country is coloured once: as itself if it is a counterpart, else by the
    # highest-ranked bloc that lists it; the focal country always as the focal country.
    ranked = build_index(data).countries_ranked
    owner: dict[str, str] = {focal.iso3: ""}
    for k in [c for c in ranked if c.kind != "bloc"] + [c for c in ranked if c.kind == "bloc"]:
        for code in (k.members if k.kind == "bloc" else [k.iso3]):
            owner.setdefault(code, k.id)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="light")
    page = context.new_page()
    watch = PageWatch(page, briefing_server)
    for map_id, path, country in maps_of(briefing):
        _, frame = open_map(page, f"{briefing_server}/{path}", map_id)
        for scheme, palette in (("default", STYLE.light), ("slate", STYLE.dark)):
            page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
            frame.wait_for_function("(dark) => document.documentElement.classList.contains('bf-dark') === dark",
                                    arg=scheme == "slate")
            got = frame.evaluate(_FILLS_JS)
            swatches = dict(got["swatches"])
            assert got["fills"][focal.iso3] == [rgb(palette.focal), "1"], (map_id, scheme)
            assert swatches[focal.name] == rgb(palette.focal), (map_id, scheme)
            for k in ([country] if country else data.countries.values()):
                level = levels[k.level]
                for code in (k.members if k.kind == "bloc" else [k.iso3]):
                    if code == focal.iso3 or (country is None and owner[code] != k.id):
                        continue
                    assert got["fills"][code] == [rgb(level.colour), "1"], (map_id, code, scheme)
                label = level.label if country is None else f"{k.name}: {level.label}"
                assert swatches[label] == rgb(level.colour), (map_id, label, scheme)
    watch.assert_clean()
    context.close()


def test_page_scrolls_over_a_map_until_it_is_clicked_and_plus_zooms_to_the_focal_capital(browser, briefing,
                                                                                      briefing_server):
    data = load_briefing(briefing.data)
    focal = data.meta.focal
    country_id = next(iter(data.countries))
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    iframe, frame = open_map(page, f"{briefing_server}/countries/{country_id}/", country_id)
    zoom = "() => window[document.querySelector('.folium-map').id].getZoom()"
    box = iframe.bounding_box()
    # Over the sea/land, away from the controls, the legend and the capitals.
    x, y = box["x"] + box["width"] * 0.9, box["y"] + box["height"] * 0.15
    before_zoom, before_scroll = frame.evaluate(zoom), page.evaluate("() => window.scrollY")
    page.mouse.move(x, y)
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(400)
    assert frame.evaluate(zoom) == before_zoom
    assert page.evaluate("() => window.scrollY") > before_scroll

    page.evaluate("() => window.scrollTo(0, 0)")
    iframe.scroll_into_view_if_needed()  # clear of Material's sticky header
    box = iframe.bounding_box()
    x, y = box["x"] + box["width"] * 0.9, box["y"] + box["height"] * 0.4
    page.mouse.click(x, y)
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(600)
    assert frame.evaluate(zoom) > before_zoom

    # "+" keeps the focal capital where it is on screen, so the map closes in on it.
    frame.evaluate("() => { const m = window[document.querySelector('.folium-map').id]; m.fitBounds(m.getBounds()); }")
    point = f"() => {{ const m = window[document.querySelector('.folium-map').id]; const p = m.latLngToContainerPoint([{focal.capital.lat}, {focal.capital.lon}]); return [p.x, p.y, m.getZoom()]; }}"
    x0, y0, z0 = frame.evaluate(point)
    frame.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(600)
    x1, y1, z1 = frame.evaluate(point)
    assert z1 > z0 and abs(x1 - x0) < 2 and abs(y1 - y0) < 2, ((x0, y0, z0), (x1, y1, z1))
    context.close()


def test_markers_at_one_place_are_one_marker_whose_popup_lists_them_all(browser, briefing, briefing_server):
    """Every map where located events share a place (or a capital's place) with another: the place has
    one marker, and its popup names every event and keeps clear of the zoom buttons."""
    data = load_briefing(briefing.data)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    checked = 0
    for country_id, country in data.countries.items():
        located = [e for e in data.events if e.place and country_id in e.countries]
        places = [(round(e.place.lat, 2), round(e.place.lon, 2)) for e in located]
        capitals = {(round(c.lat, 2), round(c.lon, 2)) for c in (data.meta.focal.capital, country.capital)}
        shared = {p for p in places if places.count(p) > 1 or p in capitals}
        if not shared:
            continue
        _, frame = open_map(page, f"{briefing_server}/countries/{country_id}/", country_id)
        for lat, lon in sorted(shared):
            names = [e for e in located if (round(e.place.lat, 2), round(e.place.lon, 2)) == (lat, lon)]
            found = frame.evaluate("""([lat, lon]) => {
              const map = window[document.querySelector('.folium-map').id];
              const here = [];
              map.eachLayer(l => { if (l instanceof L.CircleMarker && map.distance(l.getLatLng(), [lat, lon]) < 20000) here.push(l); });
              if (here.length === 1) { here[0].openPopup(); }
              return here.length;
            }""", [lat, lon])
            assert found == 1, (country_id, lat, lon, found)
            popup = frame.locator(".leaflet-popup-content")
            popup.wait_for()
            page.wait_for_timeout(1000)  # Leaflet pans the popup into view
            text = popup.inner_text()
            for event in names:
                assert event.place.name in text, (country_id, event.id)
            pop = frame.locator(".leaflet-popup").bounding_box()
            zoom = frame.locator(".leaflet-control-zoom").bounding_box()
            container = frame.locator(".folium-map").bounding_box()
            assert overlap((pop["x"], pop["y"], pop["x"] + pop["width"], pop["y"] + pop["height"]),
                           (zoom["x"], zoom["y"], zoom["x"] + zoom["width"], zoom["y"] + zoom["height"])) == 0
            assert pop["y"] >= container["y"] - 1 and pop["y"] + pop["height"] <= container["y"] + container["height"] + 1
            frame.evaluate("() => window[document.querySelector('.folium-map').id].closePopup()")
            checked += 1
    context.close()
    if not checked:
        pytest.skip(f"{briefing.name}: no two located events or capitals share a place")
