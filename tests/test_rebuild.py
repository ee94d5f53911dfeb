"""`mkdocs serve` rebuilds: a page whose HTML did not change is not sanitised and linked again, and what
it gives (HTML, glossary usage) is the same as a fresh link; an edit to the page or to the glossary
links again. Both fixture briefings; SiteBuild is driven as the hook drives it, one object per rebuild."""

from __future__ import annotations

import re
import shutil

import pytest

from briefing import site
from briefing.diagnostics import BriefingError
from briefing.site import SiteBuild
from briefing.validate import load_briefing
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


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_a_reload_parses_only_the_files_that_changed(name, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BRIEFINGS[name], data)
    first = load_briefing(data)
    edited, kept = sorted(first.countries)[:2]
    path = data / "countries" / f"{edited}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^headline: (['\"]?)", r"headline: \1Edited ", text, count=1, flags=re.M), encoding="utf-8")

    second = load_briefing(data)
    assert second.countries[kept] is first.countries[kept]  # unchanged file: the model from the last load
    assert second.countries[edited] is not first.countries[edited]
    assert second.countries[edited].headline.startswith("Edited ")
    assert second.countries[edited].headline != first.countries[edited].headline

    # A file with a problem is read afresh each time, so its problem is reported on every rebuild.
    path.write_text(text.replace("headline: ", "headline:\n  - not text\nx_unknown: ", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(BriefingError) as failed:
            load_briefing(data)
        assert any(d.path.endswith(f"{edited}.yaml") for d in failed.value.diagnostics)
    path.write_text(text, encoding="utf-8")
    assert load_briefing(data).countries[edited].headline == first.countries[edited].headline
    assert load_briefing(data).countries[kept] is first.countries[kept]
