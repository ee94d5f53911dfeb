"""Search finds words that the text only has inside quotes, after an apostrophe or beside a dash: the real
Material search (lunr in its web worker) in Chromium, on each fixture briefing's built site."""

from __future__ import annotations

import html
import json
import re

import pytest

from conftest import serve

QUOTE = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
WORD = re.compile(r"[A-Za-z]{5,}")


def _index_text(site) -> str:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return html.unescape(re.sub(r"<[^>]+>", " ", " ".join(d["title"] + " " + d["text"] for d in docs)))


def words_only_beside_punctuation(site) -> list[str]:
    """Words of the site that never stand between spaces: each time they occur, a quote, an apostrophe or a
    dash touches them. MkDocs' default separator (spaces and hyphens) would index none of them as typed."""
    text = _index_text(site)
    plain = {w.casefold() for w in re.findall(r"(?<![^\s])([A-Za-z]+)(?![^\s.,;:!?)])", text)}
    found = []
    for match in re.finditer(rf"[{QUOTE}\u2013\u2014]([A-Za-z]{{3,}})|([A-Za-z]{{3,}})[{QUOTE}\u2013\u2014]", text):
        word = match.group(1) or match.group(2)
        if word.casefold() not in plain and word not in found:
            found.append(word)
    return found


def search(page, base: str, word: str) -> int:
    """Type the word into the site's search box; the number of results Material lists."""
    page.goto(base + "/", wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(word, delay=20)
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta'); return m && !/Type to start|Initializing/i.test(m.textContent) }",
        timeout=20_000,
    )
    return page.locator("li.md-search-result__item").count()


def test_words_inside_quotes_are_found(briefing, page):
    words = words_only_beside_punctuation(briefing.site)
    if not words:
        pytest.skip(f"{briefing.name}: no word stands only inside quotes or beside a dash")
    with serve(briefing.site) as base:
        for word in words[:3]:
            assert search(page, base, word) > 0, f"search for {word!r} found nothing"
        # and the search does answer 'nothing' for a word the briefing does not have
        assert search(page, base, "zzyzxqv") == 0
