"""Accessibility: axe-core (bundled by axe-playwright-python, runs offline) on every page type of
each briefing in both palettes, inside the map documents, and on the states a reader opens (search, popup).

The bar is the one engineering/guarantees.md states: no serious or critical violation. Moderate and minor
findings do not fail a test; engineering/guarantees.md lists the ones known and why they stay.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from briefing.validate import load_briefing

from conftest import settle_animations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BLOCKING = ("serious", "critical")
_axe = Axe()


def _page_types(data) -> dict[str, str]:
    briefing = load_briefing(data)
    countries = list(briefing.countries.values())
    state = next(c for c in countries if c.kind == "state")
    types = {
        "home": "",
        "section": f"sections/{briefing.sections[0].id}/",
        "country (state)": f"countries/{state.id}/",
        "relations": "relations/",
        "timeline": "timeline/",
        "people": "people/",
        "glossary": "glossary/",
        "about": "about/",
        "404": "404.html",
    }
    bloc = next((c for c in countries if c.kind == "bloc"), None)
    if bloc is not None:
        types["country (bloc)"] = f"countries/{bloc.id}/"
    return types


# Every briefing of conftest.BRIEFINGS has a bloc (a test below checks that the page types are all there).
PAGE_TYPES = ["home", "section", "country (state)", "country (bloc)", "relations", "timeline", "people", "glossary",
              "about", "404"]


@pytest.fixture(scope="module", params=["light", "dark"])
def scheme_context(request, browser):
    """One context per colour scheme: Material picks its palette from prefers-color-scheme (no choice
    is stored in a fresh context), and the map documents follow the same media query."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=request.param)
    yield request.param, context
    context.close()


def _blocking(results) -> list[str]:
    found = []
    for rule in results.response["violations"]:
        if rule["impact"] not in BLOCKING:
            continue
        for node in rule["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            found.append(f"[{rule['impact']}] {rule['id']} at {node['target']}: {summary[:300]}")
    return found


def _open(context, url: str):
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    settle_animations(page)
    return page


# The site is served under its site_url path (briefing_deployed) so that 404.html, which MkDocs links
# by absolute paths, is checked as readers get it; every other page is the same either way.
def test_every_page_type_is_checked(briefing):
    assert set(_page_types(briefing.data)) == set(PAGE_TYPES)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_has_no_serious_violations(request, scheme_context, briefing, briefing_deployed, kind):
    scheme, context = scheme_context
    page = _open(context, f"{briefing_deployed}/{_page_types(briefing.data)[kind]}")
    palette = page.locator("body").get_attribute("data-md-color-scheme")
    assert palette == ("slate" if scheme == "dark" else "default"), palette
    found = _blocking(_axe.run(page))
    page.close()
    assert not found, "\n".join(found)


def test_search_results_have_no_serious_violations(scheme_context, briefing, briefing_deployed):
    """The search dialog is Material's; its result list and highlights are drawn only after typing."""
    _, context = scheme_context
    term = next(iter(load_briefing(briefing.data).terms.values())).term
    page = _open(context, f"{briefing_deployed}/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(term, delay=20)
    page.locator(".md-search-result__item").first.wait_for()
    settle_animations(page)
    found = _blocking(_axe.run(page, context=".md-search"))
    page.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("which", ["first counterpart", "overview"])
def test_map_document_has_no_serious_violations(scheme_context, briefing, briefing_deployed, which):
    _, context = scheme_context
    map_id = next(iter(load_briefing(briefing.data).countries)) if which == "first counterpart" else "overview"
    page = _open(context, f"{briefing_deployed}/maps/{map_id}.html")
    page.locator(".leaflet-overlay-pane path").first.wait_for(state="attached")
    found = _blocking(_axe.run(page))
    # Popups are built by script when a marker is clicked; open one and check it as well.
    opened = page.evaluate("""() => {
        const map = window[document.querySelector('.folium-map').id];
        let layer = null;
        map.eachLayer(l => { if (!layer && l.getPopup && l.getPopup()) layer = l; });
        if (layer) layer.openPopup();
        return !!layer;
    }""")
    if opened:
        page.locator(".leaflet-popup-content").wait_for()
        # Leaflet fades popups in; mid-fade axe would measure a washed-out link and report its contrast.
        page.wait_for_function("getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
        found += _blocking(_axe.run(page, context=".leaflet-popup"))
    page.close()
    assert not found, "\n".join(found)


def test_print_view_with_svg_twins_has_no_serious_violations(browser, briefing, briefing_deployed):
    """In print the maps are <img> twins: their alt text and the page around them are checked too."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = _open(context, f"{briefing_deployed}/{_page_types(briefing.data)['country (state)']}")
    page.emulate_media(media="print")
    assert page.locator("img.briefing-map__svg").first.is_visible()
    found = _blocking(_axe.run(page))
    context.close()
    assert not found, "\n".join(found)
