"""The reader's pages in Debian's chromium on a 390×844 phone: the status board first and sortable,
no sideways scrolling, badges wrapping only between words, a filterable newest-first timeline, a clean
pager, print rules. Expected values come from the loaded model of each fixture briefing."""

from __future__ import annotations

import re
import time
import unicodedata

import pytest

from briefing import board
from briefing.index import build_index
from briefing.validate import load_briefing
from conftest import PageWatch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}


@pytest.fixture()
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def _name_key(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def _no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths
    wraps = page.evaluate(
        "[...document.querySelectorAll('article .md-typeset__scrollwrap, article .md-typeset__table')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.scrollWidth + '>' + e.clientWidth)"
    )
    assert not wraps, wraps


# Every line break inside a badge falls between words: the character after each break follows a space.
_BREAKS_INSIDE_WORDS = """(selector) => {
  const bad = [];
  for (const el of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const chars = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) chars.push([node, i]);
    }
    let lastTop = null, prev = '';
    for (const [node, i] of chars) {
      const ch = node.data[i];
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect || !ch.trim()) { prev = ch; continue; }
      if (lastTop !== null && rect.top > lastTop + 2 && prev.trim()) bad.push(el.textContent.trim());
      lastTop = rect.top; prev = ch;
    }
  }
  return bad;
}"""


def test_status_board_first_on_a_phone_and_sortable(phone, briefing, briefing_server):
    b = load_briefing(briefing.data)
    ix = build_index(b)
    rows = board.status_rows(ix)
    watch = PageWatch(phone, briefing_server)
    phone.goto(f"{briefing_server}/", wait_until="networkidle")
    top = phone.locator(".briefing-board").bounding_box()["y"]
    assert 0 <= top < PHONE["height"] - 150, top  # the board's top and its first rows in the first screen
    assert phone.locator(".briefing-board").bounding_box()["y"] < phone.locator("#summary").bounding_box()["y"]
    assert phone.locator(".briefing-board").bounding_box()["y"] < phone.locator(".briefing-map").first.bounding_box()["y"]
    _no_sideways_scroll(phone)

    def names() -> list[str]:
        return phone.locator(".briefing-board tbody tr td:first-child").all_inner_texts()

    assert names() == [r.country.name for r in rows]
    buttons = phone.locator(".briefing-board thead th button")
    assert buttons.count() == 4
    heads = phone.locator(".briefing-board thead th")
    # click: counterparts A to Z
    buttons.nth(0).click()
    assert heads.nth(0).get_attribute("aria-sort") == "ascending"
    assert [_name_key(n) for n in names()] == sorted(_name_key(r.country.name) for r in rows)
    # keyboard: the level column, highest level first, then lowest first
    buttons.nth(1).focus()
    phone.keyboard.press("Enter")
    assert heads.nth(0).get_attribute("aria-sort") is None
    assert heads.nth(1).get_attribute("aria-sort") == "descending"
    ranks = {r.country.name: r.rank for r in rows}
    assert [ranks[n] for n in names()] == sorted(ranks.values(), reverse=True)
    phone.keyboard.press("Space")
    assert heads.nth(1).get_attribute("aria-sort") == "ascending"
    assert [ranks[n] for n in names()] == sorted(ranks.values())
    # latest step, newest first; counterparts without a dated step last
    buttons.nth(3).click()
    latest = {r.country.name: (r.latest.sort_key()[1] if r.latest else None) for r in rows}
    shown = [latest[n] for n in names()]
    dated = [d for d in shown if d is not None]
    assert dated == sorted(dated, reverse=True) and shown == dated + [None] * (len(shown) - len(dated))
    assert phone.locator(".briefing-board time").count() == len(dated)
    watch.assert_clean()


@pytest.mark.parametrize("path", ["", "relations/"])
def test_tables_fit_a_phone_and_badges_break_only_between_words(phone, briefing_server, path):
    phone.goto(f"{briefing_server}/{path}", wait_until="networkidle")
    _no_sideways_scroll(phone)
    badges = phone.locator("article table .briefing-level")
    assert badges.count() > 0
    assert phone.evaluate(_BREAKS_INSIDE_WORDS, "article table .briefing-level, article table .briefing-trend") == []


def test_timeline_newest_first_filters_and_toggle(browser, briefing, briefing_server):
    b = load_briefing(briefing.data)
    ix = build_index(b)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    watch = PageWatch(page, briefing_server)
    page.goto(f"{briefing_server}/timeline/", wait_until="networkidle")
    _no_sideways_scroll(page)
    visible = page.locator(".briefing-event:visible")
    assert visible.count() == len(b.events)
    ends = [ix.dates[e].sort_key() for e in (i[len("ev-"):] for i in visible.evaluate_all("els => els.map(e => e.id)"))]
    assert ends == sorted(ends, reverse=True)
    # filter by counterpart, as a link (offered for the counterparts that have events)
    involved = [c for c in ix.countries_ranked if ix.events_for_country.get(c.id)]
    assert page.locator(".briefing-filter a[data-c]").count() == len(involved)
    if involved:
        country = max(involved, key=lambda c: len(ix.events_for_country[c.id]))
        page.locator(f'.briefing-filter a[data-c="{country.id}"]').click()
        page.wait_for_url(f"**/timeline/?c={country.id}")
        page.wait_for_function("document.querySelector('.briefing-timeline__status') && !document.querySelector('.briefing-timeline__status').hidden")
        assert page.locator(".briefing-event:visible").count() == len(ix.events_for_country[country.id])
        assert country.name in page.locator(".briefing-timeline__status").inner_text()
    # filter by year, straight from a URL
    year = ix.dates[b.events[0].id].year
    page.goto(f"{briefing_server}/timeline/?y={year}", wait_until="networkidle")
    assert page.locator(".briefing-event:visible").count() == sum(1 for e in b.events if ix.dates[e.id].year == year)
    # order toggle
    page.goto(f"{briefing_server}/timeline/", wait_until="networkidle")
    toggle = page.locator("button.briefing-order")
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    ids = page.locator(".briefing-event").evaluate_all("els => els.map(e => e.id)")
    assert ids == [f"ev-{e.id}" for e in b.events]
    assert "o=oldest" in page.url
    # a permalink lands on its event
    last = b.events[-1]
    page.goto(f"{briefing_server}/timeline/#ev-{last.id}", wait_until="networkidle")
    box = page.locator(f"#ev-{last.id}").bounding_box()
    assert 0 <= box["y"] < PHONE["height"]
    watch.assert_clean()
    context.close()


_COUNT_SHIFTS = ("window.__shifts = []; new PerformanceObserver(list => list.getEntries().forEach(e => {"
                 " if (!e.hadRecentInput) window.__shifts.push(e.value); })).observe({type: 'layout-shift', buffered: true});")


def test_our_scripts_run_after_materials_set_up(browser, briefing, briefing_server):
    """briefing.js and history.js are fetched once the page is parsed and Material has set it up: run as
    `defer` scripts they joined Material's DOMContentLoaded work in one long task (Lighthouse's blocking
    time). They still do their work: the board sorts and the relations page gets its date control."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    watch = PageWatch(page, briefing_server)
    for path in ("", "relations/"):
        page.goto(f"{briefing_server}/{path}", wait_until="networkidle")
        timing = page.evaluate(r"""() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const ours = performance.getEntriesByType('resource').filter(r => /assets\/briefing\/[a-z]+\.js$/.test(r.name));
            return {dcl: nav.domContentLoadedEventEnd, ours: ours.map(r => [r.name.split('/').pop(), r.startTime])};
        }""")
        assert sorted(name for name, _ in timing["ours"]) == ["briefing.js", "history.js"], timing
        assert all(start >= timing["dcl"] for _, start in timing["ours"]), timing
        assert page.locator("script[defer][src*='assets/briefing/']").count() == 0
    page.locator("#briefing-history input[type=range]").wait_for()  # history.js ran
    page.goto(f"{briefing_server}/", wait_until="networkidle")
    page.locator(".briefing-board th button").first.wait_for()  # briefing.js ran
    watch.assert_clean()
    context.close()


# When Material's bundle has run (it publishes its document$ stream on window) and when that stream first
# emits, which is when Material sets the page up.
_MATERIAL_TIMES = """
(() => { let stream;
  Object.defineProperty(window, 'document$', { configurable: true, get() { return stream; },
    set(value) { stream = value; window.__materialRan = performance.now();
                 value.subscribe(() => { window.__materialSetUp = window.__materialSetUp || performance.now(); }); } });
})();
"""


@pytest.mark.parametrize("path", ["", "timeline/", "glossary/"])
def test_material_sets_the_page_up_after_it_is_painted(browser, briefing, briefing_server, path):
    """Material's bundle runs once the page has been parsed and painted, not before (as a script at the
    end of <body> it laid the whole page out inside its own set-up task), yet it is fetched as early as
    before (preloaded from <head>), is downloaded once, and what it does still works: the search, and our
    scripts after it."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.add_init_script(_MATERIAL_TIMES)
    watch = PageWatch(page, briefing_server)
    downloads = []  # the test server sends no Cache-Control, so a just-built file may also be revalidated (304)
    page.on("response", lambda response: downloads.append(response.status) if "/assets/javascripts/bundle." in response.url and response.status != 304 else None)
    page.goto(f"{briefing_server}/{path}", wait_until="networkidle")
    page.wait_for_function("window.__materialSetUp")
    timing = page.evaluate(r"""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const bundle = performance.getEntriesByType('resource').filter(r => /assets\/javascripts\/bundle\.[0-9a-f]+\.min\.js$/.test(r.name));
        return {fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime, dcl: nav.domContentLoadedEventEnd,
                ran: window.__materialRan, setUp: window.__materialSetUp, fetched: Math.min(...bundle.map(r => r.startTime))};
    }""")
    # Downloaded once, from while the page was parsed; the script element takes the preloaded copy.
    assert downloads == [200], downloads
    assert timing["fetched"] < timing["dcl"], timing
    # Run only once the page is parsed (DOMContentLoaded has been handled) and painted.
    assert timing["dcl"] < timing["ran"] <= timing["setUp"] and timing["fcp"] < timing["ran"], timing
    served = (briefing.site / path / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\ssrc=[^>]*assets/javascripts/bundle\.", served)  # no parser-blocking tag
    page.locator("script[src*='assets/briefing/briefing.js']").wait_for(state="attached")
    # Material's set-up did its work: its keyboard shortcut opens the search, and the search answers.
    # (Instant navigation after this loading: tests/test_maps_site.py::test_map_loads_after_instant_navigation.)
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.press_sequentially(next(iter(load_briefing(briefing.data).countries.values())).name.split()[0], delay=20)
    page.wait_for_function("document.querySelectorAll('li.md-search-result__item').length > 0", timeout=20_000)
    watch.assert_clean()
    context.close()


def test_our_scripts_still_run_when_materials_bundle_fails_to_load(browser, briefing, briefing_server):
    """Our scripts are loaded after Material's bundle; if it cannot be fetched they are still loaded."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.route("**/assets/javascripts/bundle.*.js", lambda route: route.abort())
    page.goto(f"{briefing_server}/", wait_until="load")
    page.locator(".briefing-board th button").first.wait_for()  # briefing.js ran
    assert page.evaluate("typeof window.document$") == "undefined"  # and Material did not
    context.close()


def test_timeline_holds_still_when_its_script_runs(browser, briefing, briefing_server):
    """The order toggle appears once briefing.js has run. Its script is held back here, so the page is
    painted first, as on a slow phone (Lighthouse measured a layout shift of 0.027 there): the toggle's
    line is kept from the first paint and nothing below it moves when the toggle appears."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.add_init_script(_COUNT_SHIFTS)

    def late(route):
        time.sleep(0.6)
        route.continue_()

    page.route("**/assets/briefing/briefing.js", late)
    page.goto(f"{briefing_server}/timeline/", wait_until="networkidle")
    page.wait_for_function("!document.querySelector('button.briefing-order').hidden")
    page.wait_for_timeout(300)
    shifts = page.evaluate("window.__shifts")
    assert sum(shifts) < 0.001, shifts
    context.close()


def test_timeline_without_javascript_lists_everything(browser, briefing, briefing_server):
    b = load_briefing(briefing.data)
    ix = build_index(b)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    year = ix.dates[b.events[0].id].year
    page.goto(f"{briefing_server}/timeline/?y={year}&c={ix.countries_ranked[0].id}")
    assert page.locator(".briefing-event:visible").count() == len(b.events)
    assert page.locator("button.briefing-order:visible").count() == 0
    context.close()


def test_pager_links_apart_on_phone_and_desktop(browser, briefing, briefing_server):
    b = load_briefing(briefing.data)
    for viewport in (PHONE, {"width": 1280, "height": 900}):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for i, section in enumerate(b.sections[:3]):
            page.goto(f"{briefing_server}/sections/{section.id}/", wait_until="networkidle")
            pager = page.locator(".briefing-pager").bounding_box()
            prev = page.locator(".briefing-pager__prev").bounding_box() if i else None
            nxt = page.locator(".briefing-pager__next").bounding_box() if i + 1 < len(b.sections) else None
            assert page.locator(".briefing-pager__prev").count() == (1 if i else 0)
            if prev and nxt:
                apart = prev["x"] + prev["width"] <= nxt["x"] or prev["y"] + prev["height"] <= nxt["y"]
                assert apart, (viewport, prev, nxt)
            if nxt:
                assert b.sections[i + 1].title in page.locator(".briefing-pager__next a").inner_text()
                link = page.locator(".briefing-pager__next a").bounding_box()
                assert abs((link["x"] + link["width"]) - (pager["x"] + pager["width"])) < 2  # right-aligned
            if prev:
                assert b.sections[i - 1].title in page.locator(".briefing-pager__prev a").inner_text()
                assert abs(prev["x"] - pager["x"]) < 2
        context.close()


def test_print_keeps_headings_with_content_and_hides_dead_links(browser, briefing, briefing_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{briefing_server}/", wait_until="networkidle")
    page.emulate_media(media="print")
    styles = page.evaluate("""() => ({
      h2: getComputedStyle(document.querySelector('article h2')).breakAfter,
      card: getComputedStyle(document.querySelector('.grid.cards > ul > li')).breakInside,
      noprint: [...document.querySelectorAll('.briefing-noprint')].map(e => getComputedStyle(e).display),
    })""")
    assert styles["h2"] == "avoid" and styles["card"] == "avoid"
    assert styles["noprint"] and set(styles["noprint"]) == {"none"}
    page.emulate_media(media="screen")
    assert "none" not in {d for d in page.evaluate("[...document.querySelectorAll('.briefing-noprint')].map(e => getComputedStyle(e).display)")}
    context.close()
