"""The light/dark toggle (overrides/partials/javascripts/palette.html), in Chromium, on both briefings.

Material's own palette component set <body>'s colours again on every load and restyled the whole page
twice; ours decides the palette while the header is parsed and leaves <body> alone afterwards. What a
reader sees must not change: the system's setting on a first visit, the toggle by click and by Enter, the
choice kept across pages, the browser chrome's theme colour."""

from __future__ import annotations

import pytest

from conftest import PageWatch

pytestmark = pytest.mark.browser

# <body>'s palette attributes changed once the page's content exists (Material's component changed them
# on every load from the end of <body>, which is what made the page restyle itself twice; ours sets them
# in the header, before the content is parsed).
_WATCH = """
window.__paletteWrites = [];
new MutationObserver(records => {
  for (const r of records) if (r.target === document.body && document.querySelector('.md-container'))
    window.__paletteWrites.push(r.attributeName);
}).observe(document, {subtree: true, attributes: true,
  attributeFilter: ['data-md-color-scheme', 'data-md-color-primary', 'data-md-color-accent',
                    'data-md-color-media', 'data-md-color-switching']});
"""


def scheme(page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


def toggle(page):
    return page.locator("form[data-briefing-palette] label:visible")


@pytest.mark.parametrize("system, expected", [("dark", "slate"), ("light", "default")])
def test_first_visit_follows_the_system_without_restyling_on_load(browser, briefing, briefing_server, system, expected):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=system)
    page = context.new_page()
    page.add_init_script(_WATCH)
    watch = PageWatch(page, briefing_server)
    page.goto(f"{briefing_server}/glossary/", wait_until="networkidle")
    assert scheme(page) == expected
    assert page.evaluate("window.__paletteWrites") == []  # set in the header, never again on load
    assert page.locator('[data-md-component="palette"]').count() == 0  # Material's component is not mounted
    assert toggle(page).count() == 1  # exactly one button: the one that switches to the other palette
    other = "light" if system == "dark" else "dark"
    assert other in toggle(page).get_attribute("title").lower()
    colour = page.evaluate("getComputedStyle(document.querySelector('[data-md-component=header]')).backgroundColor")
    rgb = [int(v) for v in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]
    assert page.locator('meta[name="theme-color"]').get_attribute("content") == "#" + "".join(f"{v:02x}" for v in rgb)
    assert page.locator('meta[name="color-scheme"]').get_attribute("content") == system
    watch.assert_clean()
    context.close()


def test_the_palette_is_chosen_before_materials_script_runs(browser, briefing, briefing_server):
    """With Material's bundle blocked the page still opens in the system's palette and still toggles:
    nothing waits for the theme's script (no flash of the light palette on a dark phone)."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.route("**/assets/javascripts/bundle.*.js", lambda route: route.abort())
    page.goto(f"{briefing_server}/", wait_until="load")
    assert scheme(page) == "slate"
    toggle(page).click()
    assert scheme(page) == "default"
    context.close()


def test_choice_by_click_and_enter_is_kept_and_wins_over_the_system(browser, briefing, briefing_server):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(f"{briefing_server}/timeline/", wait_until="networkidle")
    assert scheme(page) == "slate"
    toggle(page).click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")  # transitions back on
    assert page.locator('meta[name="color-scheme"]').get_attribute("content") == "light"
    # Kept for the next page, although the system still says dark.
    page.goto(f"{briefing_server}/relations/", wait_until="networkidle")
    assert scheme(page) == "default"
    page.emulate_media(color_scheme="light")
    page.emulate_media(color_scheme="dark")
    assert scheme(page) == "default"  # an explicit choice is not overridden by the system
    # Keyboard: the focused option switches with Enter, as Material's toggle did.
    page.locator("form[data-briefing-palette] input:checked").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.reload(wait_until="networkidle")
    assert scheme(page) == "slate"
    context.close()


def test_without_a_choice_the_page_follows_a_system_change(browser, briefing, briefing_server):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(f"{briefing_server}/", wait_until="networkidle")
    assert scheme(page) == "default"
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert "light" in toggle(page).get_attribute("title").lower()
    context.close()
