"""Real `mkdocs build --strict` of the real briefing and of the fixture briefing."""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.validate import load_briefing
from conftest import DATA, FIXTURES, build_site

pytestmark = pytest.mark.slow


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def article(html: str) -> str:
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert match
    return match.group(1)


@pytest.mark.parametrize("which", ["real", "fixture"])
def test_every_page_is_built(which, real_site, fixture_site):
    site, data = (real_site, DATA) if which == "real" else (fixture_site, FIXTURES / "mongolia")
    b = load_briefing(data)
    for rel in ["index.html", "relations/index.html", "timeline/index.html", "glossary/index.html",
                "people/index.html", "about/index.html"]:
        assert (site / rel).is_file(), rel
    for country_id in b.countries:
        assert (site / "countries" / country_id / "index.html").is_file()
    for section in b.sections:
        assert (site / "sections" / section.id / "index.html").is_file()
    home = read(site, "index.html")
    assert f"<title>" in home and b.meta.title.split(":")[0] in home


def test_real_briefing_pages(real_site):
    for country_id in ["china", "iran", "russia", "pakistan", "india", "tajikistan", "uzbekistan", "turkmenistan",
                       "kazakhstan", "united-states", "european-union"]:
        assert (real_site / "countries" / country_id / "index.html").is_file()


def test_edit_links_open_the_yaml_behind_the_page(real_site):
    china = read(real_site, "countries/china/index.html")
    assert 'href="https://github.com/briefing-desk/briefing/edit/main/data/countries/china.yaml"' in china
    section = read(real_site, "sections/under-chinas-belt/index.html")
    assert re.search(r'href="https://github.com/briefing-desk/briefing/edit/main/data/sections/\d+-under-chinas-belt.yaml"', section)
    timeline = read(real_site, "timeline/index.html")
    assert "edit/main/data/timeline.yaml" in timeline


def test_fixture_edit_links_follow_the_data_folder(fixture_site):
    page = read(fixture_site, "countries/china/index.html")
    assert "edit/main/tests/fixtures/mongolia/countries/china.yaml" in page


def test_glossary_tooltips_links_and_back_references(real_site):
    china = article(read(real_site, "countries/china/index.html"))
    links = re.findall(r'<a class="briefing-term" href="\.\./\.\./glossary/#([a-z0-9-]+)" title="([^"]+)"', china)
    assert links, "no linked term on the China page"
    assert len({t for t, _ in links}) == len(links), "a term linked twice on one page"
    assert "belt-and-road" in {t for t, _ in links}
    assert not re.search(r"<h[1-6][^>]*>[^<]*<a class=\"briefing-term\"", china), "term linked inside a heading"
    glossary = read(real_site, "glossary/index.html")
    entry = glossary[glossary.index('id="belt-and-road"'):]
    entry = entry[: entry.index("briefing-used-in")+2000]
    assert re.search(r'Used in: .*<a href="\.\./countries/china/">China</a>', entry, re.S)
    # The entry never links to itself
    block = re.search(r'data-term="belt-and-road">(.*?)</div>', glossary, re.S).group(1)
    assert 'href="#belt-and-road"' not in block.replace('class="headerlink" href="#belt-and-road"', "")


def test_meta_descriptions_and_no_third_party_assets(real_site):
    for path in real_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if path.parent.name == "maps" or "404" in path.name:
            continue
        assert re.search(r'<meta name="description" content="[^"]{20,}"', html), path
        loads = re.findall(r'<(?:script|img|iframe|source|video|audio)[^>]+src="(https?://[^"]+)"', html)
        loads += [href for rel, href in re.findall(r'<link[^>]+rel="([^"]+)"[^>]+href="(https?://[^"]+)"', html)
                  if rel in ("stylesheet", "icon", "preload", "modulepreload", "manifest")]
        assert not loads, f"{path} loads {loads}"
        assert "fonts.googleapis" not in html
        # Material's script asks api.github.com for repository facts when this component is present.
        assert 'data-md-component="source"' not in html


def test_bad_data_stops_the_build_before_writing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "countries" / "china.yaml"
    path.write_text(path.read_text().replace("trend: warming", "trend: warmish"))
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.txt").write_text("previous good site")
    result = build_site(data, site, check=False)
    assert result.returncode != 0
    assert "china.yaml:" in result.stderr and "trend: 'warmish' is not allowed" in result.stderr
    assert (site / "keep.txt").read_text() == "previous good site"


def test_no_markdown_escapes_leak_into_text(real_site, fixture_site):
    # Plain text from YAML is backslash-escaped for Markdown; inside raw HTML that would show.
    for site in (real_site, fixture_site):
        for path in site.rglob("index.html"):
            text = re.sub(r"<[^>]+>", " ", article(path.read_text(encoding="utf-8")))
            leaked = re.findall(r".{20}\\[\\`*_{}\[\]()#+\-.!|].{0,20}", text)
            assert not leaked, f"{path}: {leaked[:3]}"
