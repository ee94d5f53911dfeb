"""Glossary links on the built pages of each fixture briefing: first mention only, never in headings,
badges, the subtitle, nav, the pager, code or links, and "used in" lists every page that mentions a term.

Counts are measured on the parsed HTML of every built page (lxml), expected values come from the model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from briefing.glossary import LINK_EVERY_SECTION
from briefing.validate import load_briefing

pytestmark = pytest.mark.slow

NEVER_INSIDE = (
    "ancestor::h1 or ancestor::h2 or ancestor::h3 or ancestor::h4 or ancestor::h5 or ancestor::h6"
    " or ancestor::nav or ancestor::code or ancestor::pre or ancestor::a"
    " or ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' briefing-level ')]"
    " or ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' briefing-trend ')]"
    " or ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' briefing-chip ')]"
    " or ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' briefing-subtitle ')]"
    " or ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' briefing-pager ')]"
)


def pages(site: Path) -> dict[str, lxml_html.HtmlElement]:
    """Site-relative URL -> the page's article element, for every page with an article."""
    found = {}
    for path in sorted(site.rglob("index.html")):
        tree = lxml_html.fromstring(path.read_bytes())
        article = tree.find('.//article')
        if article is not None:
            url = path.parent.relative_to(site).as_posix()
            found["" if url == "." else url + "/"] = article
    return found


def term_of(link) -> str:
    return link.get("href").rsplit("#", 1)[1]


def sections(article) -> list[list]:
    """The glossary links of an article split at each h2 (the part before the first h2 counts as one)."""
    parts: list[list] = [[]]
    for element in article.iter("h2", "a"):
        if element.tag == "h2":
            parts.append([])
        elif "briefing-term" in (element.get("class") or "").split():
            parts[-1].append(element)
    return parts


def test_at_most_one_glossary_link_per_term_per_page(briefing):
    terms = load_briefing(briefing.data).terms
    every_section = {t.id for t in terms.values() if t.link == LINK_EVERY_SECTION}
    built = pages(briefing.site)
    total = 0
    for url, article in built.items():
        assert not article.xpath(".//abbr[contains(@class, 'briefing-term')]"), f"{url}: a later mention is still marked"
        links = article.xpath(".//a[contains(concat(' ', @class, ' '), ' briefing-term ')]")
        total += len(links)
        assert all(term_of(a) in terms for a in links), url
        per_page = [term_of(a) for a in links if term_of(a) not in every_section]
        assert len(per_page) == len(set(per_page)), f"{url}: linked more than once: {sorted(per_page)}"
        for part in sections(article):
            ids = [term_of(a) for a in part if term_of(a) in every_section]
            assert len(ids) == len(set(ids)), f"{url}: linked more than once in one section: {ids}"
        misplaced = [a.text_content() for a in links if a.xpath(NEVER_INSIDE)]
        assert not misplaced, f"{url}: glossary link inside a heading, badge, nav, pager, code or link: {misplaced}"
        for a in links:
            own = a.xpath("ancestor::*[@data-term]/@data-term")
            assert term_of(a) not in own, f"{url}: the entry for {term_of(a)} links to itself"
    assert total >= len(built) // 2, "hardly any term is linked: the linker is not running"


def test_used_in_lists_every_page_that_mentions_a_term(briefing):
    built = pages(briefing.site)
    glossary = built["glossary/"]
    linked_on: dict[str, set[str]] = {}
    for url, article in built.items():
        if url == "glossary/":
            continue
        for a in article.xpath(".//a[contains(concat(' ', @class, ' '), ' briefing-term ')]"):
            linked_on.setdefault(term_of(a), set()).add(url)
    for term in load_briefing(briefing.data).terms.values():
        entry = glossary.xpath(f".//*[@data-term='{term.id}']")
        assert entry, term.id
        used_in = entry[0].xpath(".//*[contains(@class, 'briefing-used-in')]//a/@href")
        listed = {_resolve("glossary/", href) for href in used_in}
        assert linked_on.get(term.id, set()) <= listed, f"{term.id}: pages linking it missing from 'used in'"
        names = [n.casefold() for n in (term.term, *term.aliases)]
        for url in listed:
            text = " ".join(built[url].text_content().split()).casefold().replace("\u2019", "'")
            assert any(n in text for n in names), f"{term.id}: 'used in' lists {url}, which does not mention it"


def _resolve(base: str, href: str) -> str:
    import posixpath

    joined = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
    return "" if joined == "." else joined.rstrip("/") + "/"
