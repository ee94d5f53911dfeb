"""Material's tooltips on the all-payload site, hovered in chromium (issue 17, stored XSS).

Material (`content.tooltips`) shows truncated header, nav, footer and table-of-contents text, and every
`title`, in a tooltip it fills with innerHTML. With an attack in every text field, each tooltip-capable
element of every page kind is hovered at a desktop and a phone width (long titles truncated at both):
no dialog opens, no script runs, the tooltip holds text only (no element, so no live on* attribute),
and it shows the text exactly as typed: no '&#x27;', no '&amp;'.
"""

from __future__ import annotations

import re

import pytest

from hostile.conftest import PayloadWatch as PageWatch
from hostile.test_payload_browser import site_pages

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = [{"width": 1280, "height": 900}, {"width": 390, "height": 844}]
PER_KIND = 4  # distinct texts hovered per kind of tooltip and page (every kind on every page)

# Candidates: each kind of element Material may turn into a tooltip, visible now, whose tooltip text
# (its title, or its visible text when truncated) carries a payload. Each is marked for hovering.
_MARK = """([perKind, needle]) => {
  const kinds = {
    header: '.md-header__topic .md-ellipsis',
    nav: '.md-sidebar--primary .md-nav__link .md-ellipsis',
    toc: '.md-sidebar--secondary .md-nav__link .md-ellipsis',
    footer: '.md-footer__link .md-ellipsis',
    title: '[title]',
  };
  const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const out = [];
  let n = 0;
  for (const [kind, selector] of Object.entries(kinds)) {
    const seen = new Set();
    // Titles in the content first: Material mounts their tooltips at load on any screen size.
    const found = Array.from(document.querySelectorAll(selector));
    if (kind === 'title') found.sort((a, b) => (b.closest('.md-content') ? 1 : 0) - (a.closest('.md-content') ? 1 : 0));
    for (const el of found) {
      if (el.closest('.md-tooltip, .md-tooltip2')) continue;
      const text = kind === 'title' ? el.getAttribute('title') : el.innerText;
      const host = kind === 'title' ? el : (el.closest('a') || el);
      if (!text || !text.includes(needle) || seen.has(text) || !visible(host)) continue;
      // Material mounts a tooltip on every [title] of the content area at load (header ones: see below)
      const mounted = kind === 'title' && el.closest('.md-content') !== null;
      seen.add(text);
      host.setAttribute('data-hover', String(n));
      out.push({id: n++, kind, text, mounted});
      if (seen.size >= perKind) break;
    }
  }
  return out;
}"""

_TOOLTIPS = """() => Array.from(document.querySelectorAll('.md-tooltip, .md-tooltip2')).map(t => ({
  text: t.textContent,
  elements: t.querySelectorAll('.md-tooltip__inner *, .md-tooltip2__inner *').length,
  live: Array.from(t.querySelectorAll('*')).flatMap(e => Array.from(e.attributes))
    .filter(a => /^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value)).map(a => a.name),
}))"""


def _pages(site) -> list[str]:
    # 404.html loads its assets from the site_url's path, which the test server does not serve; that the
    # guard heads it is checked in test_payload.py (test_every_page_carries_the_tooltip_guard_first).
    return [p for p in site_pages(site) if not p.startswith("maps/")]


def _one_page_per_kind(site) -> list[str]:
    """The first page of each kind (home, each section, profile, timeline, ...): folder names tell kinds."""
    first: dict[str, str] = {}
    for rel in _pages(site):
        first.setdefault(rel.split("/")[0], rel)
    return list(first.values())


def _hover_everything(browser, site, server, viewport, needle: str, per_kind: int, attack: bool,
                      pages: list[str] | None = None) -> dict[str, int]:
    """Hover each tooltip-capable element whose text contains `needle` on every page (or on `pages`);
    return how many tooltips of each kind were seen showing the text exactly as typed."""
    context = browser.new_context(viewport=viewport)
    shown: dict[str, int] = {}
    try:
        for rel in pages if pages is not None else _pages(site):
            tab = context.new_page()
            watch = PageWatch(tab, server)
            tab.goto(f"{server}/{rel}", wait_until="networkidle")
            tab.wait_for_timeout(800)  # Material marks truncated text once it is visible
            for target in tab.evaluate(_MARK, [per_kind, needle]):
                tab.mouse.move(viewport["width"] // 2, viewport["height"] - 2)
                host = tab.locator(f'[data-hover="{target["id"]}"]')
                if host.count() == 0:  # replaced since (Material swaps the header title on scroll)
                    continue
                try:
                    host.first.hover(timeout=1500)
                except Exception:
                    # The pointer may land on an overlapping sidebar label; Material listens for
                    # mouseenter and focus on the host, so both are given to it directly.
                    host.first.dispatch_event("mouseenter")
                    host.first.focus()
                expected = target["text"].strip()
                try:
                    tab.wait_for_function(
                        "t => Array.from(document.querySelectorAll('.md-tooltip, .md-tooltip2'))"
                        ".some(e => e.textContent.trim() === t)", arg=expected, timeout=3000)
                except Exception:
                    # Material mounts `title` tooltips when the page loads; truncated text only once an
                    # observer has seen it visible, which may not have happened yet: those are counted
                    # over the whole site instead (see the end).
                    assert not target["mounted"], f"{rel} {viewport['width']}px: no tooltip for {target}"
                    host.first.dispatch_event("mouseleave")
                    continue
                tips = tab.evaluate(_TOOLTIPS)
                for tip in tips:
                    assert tip["elements"] == 0 and not tip["live"], f"{rel}: markup in a tooltip: {tip}"
                    assert not re.search(r"&(#x?[0-9a-f]+|amp|lt|gt|quot);", tip["text"], re.I), (rel, tip["text"])
                texts = [tip["text"].strip() for tip in tips]
                assert expected in texts, (rel, target["kind"], expected, texts)  # exactly as typed
                if attack:
                    assert "<img src=x onerror=alert(" in expected  # the attack, shown as text
                shown[target["kind"]] = shown.get(target["kind"], 0) + 1
                host.first.dispatch_event("mouseleave")
            tab.mouse.move(viewport["width"] // 2, viewport["height"] - 2)
            tab.wait_for_timeout(100)
            pwned = [f.evaluate("() => window.__pwned || null") for f in tab.frames]
            assert not any(pwned), f"{rel}: a payload ran: {pwned}"
            watch.assert_clean()  # no dialog, no request to another host, no console error
            tab.close()
    finally:
        context.close()
    return shown


@pytest.mark.parametrize("viewport", WIDTHS, ids=lambda v: f"{v['width']}px")
def test_hovering_every_tooltip_runs_nothing_and_shows_text_as_typed(browser, payload_site, payload_server, viewport):
    shown = _hover_everything(browser, payload_site, payload_server, viewport, "<", PER_KIND, attack=True)
    # Each kind of tooltip was really seen with an attack in it (the header only where it is truncated).
    assert shown.get("title", 0) > 10, shown
    if viewport["width"] >= 1220:  # sidebars are drawers, and the header title is short, on a phone
        assert shown.get("nav", 0) > 0 and shown.get("toc", 0) > 0 and shown.get("header", 0) > 0, shown
    assert shown.get("footer", 0) > 0, shown



@pytest.mark.parametrize("viewport", WIDTHS[:1], ids=lambda v: f"{v['width']}px")  # nav and TOC truncate here
def test_fixture_briefings_tooltips_show_text_as_typed(browser, briefing, briefing_server, viewport):
    """The same hovering on each fixture briefing (one page of each kind, a few tooltips of each kind):
    ordinary text with apostrophes, quotes and ampersands shows as typed, and nothing opens a dialog."""
    pages = _one_page_per_kind(briefing.site)
    assert len(pages) >= 8, pages
    shown = _hover_everything(browser, briefing.site, briefing_server, viewport, "", 1, attack=False, pages=pages)
    assert shown.get("title", 0) >= len(pages) // 2, shown  # citations and terms carry titles on most pages
