"""Acceptance: every page of each built briefing in Debian's chromium, as a reader gets it.

One browser context serves the walk and the feature checks; the palette test and the phone test get
their own, because a palette choice is stored for the whole site and a phone is a different device.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from pathlib import Path

import pytest

from briefing.validate import load_briefing
from conftest import PageWatch, wake_maps

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_IDS = re.compile(r"""\s(?:id|name)=["']?([^"'\s>]+)""")
_MAP_LINKS = re.compile(r'"h":"([^"]+)"|href=\\"([^"\\]+)\\"')


def site_pages(site: Path) -> list[str]:
    """URL paths of every page in the built site, from the files on disk, plus the 404 page."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages + ["404.html"]


@pytest.fixture(scope="module")
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


class LinkChecker:
    """Resolves same-site URLs to files of the built site, anchors included; remembers what it read."""

    def __init__(self, site: Path):
        self.site = site
        self._ids: dict[Path, set[str]] = {}

    def target(self, path: str) -> Path:
        local = self.site / urllib.parse.unquote(path).lstrip("/")
        if path.endswith("/") or local.is_dir():
            local = local / "index.html"
        return local

    def problem(self, path: str, fragment: str) -> str | None:
        local = self.target(path)
        if not local.is_file():
            return "no such file"
        if fragment and local.suffix == ".html":
            if local not in self._ids:
                self._ids[local] = {html.unescape(i) for i in _IDS.findall(local.read_text(encoding="utf-8"))}
            if urllib.parse.unquote(fragment) not in self._ids[local]:
                return f"no element with id {fragment!r}"
        return None


def _contrast(fg: tuple[float, ...], bg: tuple[float, ...]) -> float:
    def lum(rgb):
        def ch(c):
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (ch(c) for c in rgb[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _rgba(css: str) -> tuple[float, float, float, float]:
    parts = [float(x) for x in re.findall(r"[\d.]+", css)]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def _over(top, bottom):
    a = top[3]
    return tuple(top[i] * a + bottom[i] * (1 - a) for i in range(3)) + (1.0,)


def _wait_for_maps(page) -> list[str]:
    """Scroll each lazy map iframe into view and wait until Leaflet has drawn its layers."""
    problems = []
    wake_maps(page)
    frames = page.locator("article figure.briefing-map iframe")
    for i in range(frames.count()):
        frames.nth(i).scroll_into_view_if_needed()
        layers = page.frame_locator("article figure.briefing-map iframe").nth(i).locator(".leaflet-overlay-pane path")
        try:
            layers.first.wait_for(state="attached", timeout=15_000)
        except Exception:
            problems.append(f"map {frames.nth(i).get_attribute('src')} drew no Leaflet layer")
    return problems


_COLLECT_URLS = """() => [...document.querySelectorAll(
    'a[href], link[href], script[src], img[src], iframe[src], iframe[data-src], source[src]')]
    .map(e => e.href || e.src || new URL(e.dataset.src, document.baseURI).href)"""


def test_every_page_is_clean_links_resolve_maps_draw_and_print_uses_svg(desktop, briefing, briefing_server, briefing_deployed):
    site, server, deployed = briefing.site, briefing_server, briefing_deployed
    links = LinkChecker(site)
    report: dict[str, list[str]] = {}
    checked: set[str] = set()
    map_docs: set[str] = set()
    pages = site_pages(site)
    assert len(pages) > 10 and "countries/" + next((site / "countries").iterdir()).name + "/" in pages
    for path in pages:
        # MkDocs links 404.html by absolute paths under site_url: serve it from there, as a host does.
        base = deployed if path == "404.html" else server
        problems: list[str] = []
        page = desktop.new_page()
        watch = PageWatch(page, base)
        # An HTTP error is a response, not a failed request: PageWatch alone would miss a 404 asset.
        page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        page.goto(f"{base}/{path}", wait_until="load")
        if path != "404.html" and page.locator("article h1").count() != 1:
            problems.append("no single h1 in the article")
        problems += _wait_for_maps(page)
        # Idle only once the lazy maps have started: fonts, tiles or anything else they pull in count.
        page.wait_for_load_state("networkidle")

        for url in page.evaluate(_COLLECT_URLS):
            if url.startswith("javascript:"):
                problems.append(f"javascript: link {url!r}")
            if not url.startswith(base + "/") or url in checked:
                continue
            checked.add(url)
            parts = urllib.parse.urlsplit(url[len(base):])
            problem = links.problem(parts.path, parts.fragment)
            if problem:
                problems.append(f"link {url[len(base):]}: {problem}")
            if parts.path.startswith("/maps/") and parts.path.endswith(".html"):
                map_docs.add(parts.path)

        if page.locator("article figure.briefing-map").count():
            page.emulate_media(media="print")
            for fig in page.locator("article figure.briefing-map").all():
                if fig.locator("iframe").is_visible():
                    problems.append("print: the map iframe is still shown")
                twin = fig.locator("img.briefing-map__svg")
                if not (twin.is_visible() and twin.evaluate("img => img.complete && img.naturalWidth > 0")):
                    problems.append(f"print: SVG twin {twin.get_attribute('src')} not shown")
            page.emulate_media(media="screen")

        problems += [f"console error: {e}" for e in watch.errors]
        problems += [f"failed request: {u}" for u in watch.failed]
        problems += [f"request to another host: {u}" for u in watch.foreign]
        problems += [f"dialog: {d}" for d in watch.dialogs]
        page.close()
        if problems:
            report[path or "/"] = problems

    # Links inside the maps live in their scripts (area links, popup links), not in any DOM yet.
    for doc in sorted(map_docs):
        text = links.target(doc).read_text(encoding="utf-8")
        for area_href, popup_href in _MAP_LINKS.findall(text):
            url = urllib.parse.urljoin(doc, area_href or popup_href)
            parts = urllib.parse.urlsplit(url)
            problem = links.problem(parts.path, parts.fragment)
            if problem:
                report.setdefault(doc, []).append(f"link {url}: {problem}")

    assert map_docs, "no page embeds a map document"
    assert not report, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in report.items())


def _search(page, text: str):
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(text, delay=20)


def test_search_finds_a_country_and_a_glossary_term(desktop, briefing, briefing_server):
    b = load_briefing(briefing.data)
    country = next(c for c in b.countries.values() if c.kind == "state")
    term = next(iter(b.terms.values()))
    page = desktop.new_page()
    watch = PageWatch(page, briefing_server)
    page.goto(f"{briefing_server}/", wait_until="networkidle")
    _search(page, country.name)
    page.locator(f'.md-search-result__item a[href*="/countries/{country.id}/"]').first.wait_for(state="attached")
    _search(page, term.term)
    hit = page.locator(f'.md-search-result__item a[href*="/glossary/"][href$="#{term.id}"]').first
    hit.wait_for(state="attached")
    hit.click()
    page.wait_for_url(f"**/glossary/**#{term.id}")
    assert page.locator(f"#{term.id}").is_visible()
    watch.assert_clean()
    page.close()


def _page_with_a_glossary_link(site: Path) -> str:
    """A counterpart page with a linked first mention of a glossary term."""
    for index in sorted((site / "countries").glob("*/index.html")):
        if '<a class="briefing-term"' in index.read_text(encoding="utf-8"):
            return f"countries/{index.parent.name}/"
    raise AssertionError("no counterpart page mentions a glossary term")


def test_glossary_tooltips_show_on_first_mentions(desktop, briefing, briefing_server):
    page = desktop.new_page()
    watch = PageWatch(page, briefing_server)
    page.goto(f"{briefing_server}/{_page_with_a_glossary_link(briefing.site)}", wait_until="networkidle")
    # The first mention is a link to the entry that shows the definition; later ones stay plain text.
    assert page.locator("article abbr.briefing-term").count() == 0
    for selector in ("article a.briefing-term",):
        term = page.locator(selector).first
        definition = term.get_attribute("title") or term.get_attribute("data-title") or ""
        assert definition, selector
        term.scroll_into_view_if_needed()
        page.mouse.move(0, 0)
        term.hover()
        tooltip = page.locator(".md-tooltip2--active, .md-tooltip--active").first
        tooltip.wait_for(state="visible", timeout=5000)
        shown = tooltip.inner_text().strip()
        assert shown and (shown in definition or definition.startswith(shown[:40])), (selector, shown, definition)
    watch.assert_clean()
    page.close()


def _legend_contrast(frame) -> tuple[float, float]:
    """(contrast of the legend's text on its background, mean RGB channel of the sea colour) in the map."""
    styles = frame.evaluate("""() => {
        const legend = document.querySelector('.bf-legend');
        const map = document.querySelector('.leaflet-container');
        const cs = getComputedStyle(legend);
        return [cs.color, cs.backgroundColor, getComputedStyle(map).backgroundColor];
    }""")
    fg, bg, sea = (_rgba(s) for s in styles)
    solid_bg = _over(bg, _over(sea, (255, 255, 255, 1.0)))
    return _contrast(fg, solid_bg), sum(_over(sea, (255, 255, 255, 1.0))[:3]) / 3


def test_dark_palette_toggles_and_maps_stay_legible(browser, briefing, briefing_server):
    state = next(c for c in load_briefing(briefing.data).countries.values() if c.kind == "state")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    watch = PageWatch(page, briefing_server)
    page.goto(f"{briefing_server}/countries/{state.id}/", wait_until="networkidle")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    page.locator('form[data-briefing-palette] label:visible').first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'", timeout=5000)

    wake_maps(page)
    page.locator("article figure.briefing-map iframe").scroll_into_view_if_needed()
    page.frame_locator("article figure.briefing-map iframe").locator(".bf-legend").wait_for()
    frame = next(f for f in page.frames if f.url.endswith(f"/maps/{state.id}.html"))
    # The map follows the page's palette toggle live (it reads and watches the parent's
    # data-md-color-scheme), whatever the reader's system setting says.
    frame.wait_for_function("() => document.documentElement.classList.contains('bf-dark')")
    ratio, sea_dark = _legend_contrast(frame)
    assert ratio >= 4.5, ratio
    assert sea_dark < 100, f"the map did not switch to its dark colours ({sea_dark})"

    page.locator('form[data-briefing-palette] label:visible').first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'", timeout=5000)
    frame.wait_for_function("() => !document.documentElement.classList.contains('bf-dark')")
    ratio, sea_light = _legend_contrast(frame)
    assert ratio >= 4.5 and sea_light > 128, (ratio, sea_light)
    watch.assert_clean()
    context.close()


PHONE = {"width": 375, "height": 740}

# Elements that reach past the phone's width and are not inside a box that scrolls or clips sideways
# (Material wraps wide tables in such a box: those scroll on their own, which is fine).
_TOO_WIDE = """(w) => [...document.querySelectorAll('body *')].filter(e => {
    if (e.getBoundingClientRect().right <= w + 1) return false;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return false;
    }
    return true;
}).slice(0, 5).map(e => e.tagName.toLowerCase() + [...e.classList].map(c => '.' + c).join(''))"""


def test_phone_viewport_has_no_horizontal_scroll_on_any_profile(browser, briefing, briefing_server):
    profiles = [p for p in site_pages(briefing.site) if p.startswith("countries/")]
    assert profiles and len(profiles) == len(load_briefing(briefing.data).countries)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    too_wide = {}
    for path in profiles:
        # Idle, not load: Material's bundle and our scripts are added after parsing and can come after
        # the load event, and what they add (board buttons, tooltips) must fit too.
        page.goto(f"{briefing_server}/{path}", wait_until="networkidle")
        # A mobile browser widens its layout viewport to fit wide content (innerWidth grows with it),
        # so the page is measured against the phone's own width, not against innerWidth.
        width = page.evaluate("() => document.documentElement.scrollWidth")
        culprits = page.evaluate(_TOO_WIDE, PHONE["width"])
        if width > PHONE["width"] or culprits:
            too_wide[path] = (width, culprits)
    context.close()
    assert not too_wide, too_wide
