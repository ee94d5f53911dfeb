"""The built site in Debian's chromium: pages load clean, glossary tooltips show on hover."""

import pytest

from conftest import PageWatch

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("path", ["", "countries/china/", "glossary/", "relations/", "timeline/"])
def test_pages_load_without_errors_or_foreign_requests(page, real_server, path):
    watch = PageWatch(page, real_server)
    page.goto(f"{real_server}/{path}", wait_until="networkidle")
    assert page.locator("article h1").count() == 1
    watch.assert_clean()


def test_term_tooltip_appears_on_hover(page, real_server):
    watch = PageWatch(page, real_server)
    page.goto(f"{real_server}/countries/china/", wait_until="networkidle")
    term = page.locator("article a.briefing-term").first
    definition = term.get_attribute("title") or term.get_attribute("data-title") or ""
    term.hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip--active").first
    tooltip.wait_for(state="visible", timeout=5000)
    shown = tooltip.inner_text().strip()
    assert shown and (shown in definition or definition.startswith(shown[:40])), (shown, definition)
    watch.assert_clean()


def test_glossary_entry_is_reached_from_a_mention(page, real_server):
    page.goto(f"{real_server}/countries/china/", wait_until="networkidle")
    link = page.locator('article a.briefing-term[href$="#belt-and-road"]').first
    link.click()
    page.wait_for_url("**/glossary/#belt-and-road")
    assert page.locator("#belt-and-road").is_visible()
