"""Every page and map document of the all-payload site in chromium: no script of an attack runs, no
dialog opens, nothing is requested from another host, and a phone-sized screen never scrolls sideways."""

from __future__ import annotations

import pytest

from conftest import wake_maps
from hostile.conftest import PayloadWatch as PageWatch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 375, "height": 740}

# Opens every popup and tooltip Leaflet knows of, so their HTML is put into the page.
_OPEN_EVERYTHING = """() => {
  const maps = Object.values(window).filter(v => v instanceof L.Map);
  let opened = 0;
  for (const map of maps) {
    map.eachLayer(layer => {
      if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); opened++; }
      if (layer.getPopup && layer.getPopup()) { layer.openPopup(); opened++; }
    });
  }
  return {maps: maps.length, opened, legend: document.querySelectorAll('.bf-legend').length};
}"""


def site_pages(site) -> list[str]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html":
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def test_every_page_stays_inert_in_chromium(browser, payload_site, payload_server):
    pages = site_pages(payload_site)
    assert len(pages) >= 13
    context = browser.new_context(viewport=PHONE)
    try:
        for rel in pages:
            tab = context.new_page()
            watch = PageWatch(tab, payload_server)
            tab.goto(f"{payload_server}/{rel}", wait_until="networkidle")
            if rel.startswith("maps/"):
                opened = tab.evaluate(_OPEN_EVERYTHING)
                assert opened["maps"] == 1 and opened["opened"] > 0 and opened["legend"] == 1, (rel, opened)
            else:
                for term in tab.locator("article .briefing-term").all()[:3]:
                    term.hover()
                # Wake the maps and scroll through so lazy map iframes load inside the page too.
                wake_maps(tab)
                tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                tab.wait_for_load_state("networkidle")
                overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{rel}: the page is {overflow}px wider than a phone screen"
            tab.wait_for_timeout(100)
            pwned = [f.evaluate("() => window.__pwned || null") for f in tab.frames]
            assert not any(pwned), f"{rel}: a payload ran: {pwned}"
            watch.assert_clean()
            tab.close()
    finally:
        context.close()
