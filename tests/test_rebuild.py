"""`mkdocs serve` rebuilds: a page whose HTML did not change is not sanitised and linked again, and what
it gives (HTML, glossary usage) is the same as a fresh link; an edit to the page or to the glossary
links again. Both fixture briefings; SiteBuild is driven as the hook drives it, one object per rebuild."""

from __future__ import annotations

import shutil

import pytest

from briefing import site
from briefing.site import SiteBuild
from conftest import BRIEFINGS


class Counted:
    """The build's own linker, with its calls counted."""

    def __init__(self, linker):
        self.linker, self.calls = linker, 0

    def link(self, html, href):
        self.calls += 1
        return self.linker.link(html, href)


def rebuild(data) -> tuple[SiteBuild, Counted]:
    build = SiteBuild(data)
    build.linker = counted = Counted(build.linker)
    return build, counted


def page_with_terms(build: SiteBuild) -> str:
    names = [t.term for t in build.briefing.terms.values()][:3]
    return "<p>" + " and ".join(names) + " are mentioned here.</p>"


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_unchanged_pages_are_not_linked_again(name, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BRIEFINGS[name], data)
    site._LINKED.clear()
    first, counted = rebuild(data)
    html = page_with_terms(first)
    fresh = first.page_content(html, "countries/x/", "X")
    assert counted.calls == 1 and "briefing-term" in fresh
    first.post_build(tmp_path / "site")

    second, counted = rebuild(data)
    assert second.page_content(html, "countries/x/", "X") == fresh
    assert counted.calls == 0  # the same HTML, the same terms: answered from the last rebuild
    assert second.usage == first.usage  # the glossary's "used in" still lists the page
    assert second.page_content(html + "<p>More.</p>", "countries/x/", "X") != fresh
    assert counted.calls == 1  # an edited page is linked again

    glossary = sorted((data / "glossary").glob("*.yaml"))[0]
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("short: ", "short: Edited. ", 1), encoding="utf-8")
    third, counted = rebuild(data)
    third.page_content(html, "countries/x/", "X")
    assert counted.calls == 1  # a glossary edit changes every page's links: nothing is taken from before


def test_entries_of_pages_gone_are_dropped(tmp_path):
    site._LINKED.clear()
    build, _ = rebuild(BRIEFINGS["sahel"])
    build.page_content("<p>one</p>", "a/", "A")
    build.post_build(tmp_path)
    build, _ = rebuild(BRIEFINGS["sahel"])
    build.page_content("<p>two</p>", "a/", "A")
    build.post_build(tmp_path)
    assert len(site._LINKED) == 1  # a long `mkdocs serve` session does not keep every version of a page
