"""The built site in Debian's chromium: pages load clean, glossary tooltips show on hover (each briefing)."""

import pytest

from briefing.validate import load_briefing
from conftest import PageWatch

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _linked_term(b, site):
    """(country, term id): the first counterpart page whose text links a glossary term, and that term."""
    import re

    for country in b.countries.values():
        page = (site / "countries" / country.id / "index.html").read_text(encoding="utf-8")
        found = re.search(r'<a class="briefing-term" href="[^"#]*#([a-z0-9-]+)"', page)
        if found:
            return country, found.group(1)
    raise AssertionError("no counterpart page links a glossary term")


@pytest.mark.parametrize("path", ["", "countries/", "glossary/", "relations/", "timeline/"])
def test_pages_load_without_errors_or_foreign_requests(page, briefing, briefing_server, path):
    if path == "countries/":
        path += next(iter(load_briefing(briefing.data).countries)) + "/"
    watch = PageWatch(page, briefing_server)
    page.goto(f"{briefing_server}/{path}", wait_until="networkidle")
    assert page.locator("article h1").count() == 1
    watch.assert_clean()


def test_term_tooltip_appears_on_hover(page, briefing, briefing_server):
    country, _ = _linked_term(load_briefing(briefing.data), briefing.site)
    watch = PageWatch(page, briefing_server)
    page.goto(f"{briefing_server}/countries/{country.id}/", wait_until="networkidle")
    term = page.locator("article a.briefing-term").first
    definition = term.get_attribute("title") or term.get_attribute("data-title") or ""
    term.hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip--active").first
    tooltip.wait_for(state="visible", timeout=5000)
    shown = tooltip.inner_text().strip()
    assert shown and (shown in definition or definition.startswith(shown[:40])), (shown, definition)
    watch.assert_clean()


def test_glossary_entry_is_reached_from_a_mention(page, briefing, briefing_server):
    country, term_id = _linked_term(load_briefing(briefing.data), briefing.site)
    page.goto(f"{briefing_server}/countries/{country.id}/", wait_until="networkidle")
    link = page.locator(f'article a.briefing-term[href$="#{term_id}"]').first
    link.click()
    page.wait_for_url(f"**/glossary/#{term_id}")
    assert page.locator(f"#{term_id}").is_visible()
