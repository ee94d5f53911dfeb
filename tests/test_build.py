"""Real `mkdocs build --strict` of each briefing (conftest.BRIEFINGS): the pages, their links and text."""

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.validate import load_briefing
from conftest import BRIEFINGS, ROOT, build_site

pytestmark = pytest.mark.slow


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def article(html: str) -> str:
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert match
    return match.group(1)


def title_text(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page, re.S)
    assert match
    return html.unescape(match.group(1))


def test_every_page_is_built(briefing):
    b = load_briefing(briefing.data)
    site = briefing.site
    for rel in ["index.html", "relations/index.html", "timeline/index.html", "glossary/index.html",
                "people/index.html", "about/index.html"]:
        assert (site / rel).is_file(), rel
    for country in b.countries.values():
        page = read(site, f"countries/{country.id}/index.html")
        assert title_text(page).startswith(f"{country.name} - "), country.id
    for section in b.sections:
        page = read(site, f"sections/{section.id}/index.html")
        assert title_text(page).startswith(f"{section.title} - "), section.id
    # The tab title shows the briefing's title exactly as typed (quotes, apostrophes, ampersands).
    assert b.meta.title in title_text(read(site, "index.html"))


def test_edit_links_open_the_yaml_behind_the_page(briefing):
    b = load_briefing(briefing.data)
    folder = briefing.data.relative_to(ROOT).as_posix()
    edit = re.escape(f'href="https://github.com/briefing-desk/briefing/edit/main/{folder}/')
    country = next(iter(b.countries))
    assert re.search(edit + re.escape(f'countries/{country}.yaml"'), read(briefing.site, f"countries/{country}/index.html"))
    section = b.sections[-1].id
    assert re.search(edit + rf'sections/\d+-{section}\.yaml"', read(briefing.site, f"sections/{section}/index.html"))
    assert re.search(edit + 'timeline\\.yaml"', read(briefing.site, "timeline/index.html"))


def test_glossary_tooltips_links_and_back_references(briefing):
    b = load_briefing(briefing.data)
    glossary = read(briefing.site, "glossary/index.html")
    back_references = 0
    for country in b.countries.values():
        page = article(read(briefing.site, f"countries/{country.id}/index.html"))
        links = re.findall(r'<a class="briefing-term" href="\.\./\.\./glossary/#([a-z0-9-]+)" title="([^"]+)"', page)
        assert len({t for t, _ in links}) == len(links), f"{country.id}: a term linked twice on one page"
        assert not re.search(r"<h[1-6][^>]*>[^<]*<a class=\"briefing-term\"", page), f"{country.id}: term linked inside a heading"
        for term_id, title in links:
            # the tooltip is the term's short definition, exactly as typed
            assert html.unescape(title) == b.terms[term_id].short, (country.id, term_id, title)
            entry = glossary[glossary.index(f'id="{term_id}"'):]
            entry = entry[: entry.index("briefing-used-in") + 2000]
            assert re.search(rf'Used in: .*<a href="\.\./countries/{country.id}/">', entry, re.S), (country.id, term_id)
            back_references += 1
    assert back_references, "no country page links a glossary term"
    # An entry never links to itself
    for term_id in b.terms:
        block = re.search(rf'data-term="{term_id}">(.*?)</div>', glossary, re.S).group(1)
        assert f'href="#{term_id}"' not in block.replace(f'class="headerlink" href="#{term_id}"', ""), term_id


_ENTITY = re.compile(r"&(?:#x?[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
def test_text_and_tooltips_show_no_html_entities(request, briefing):
    """Text shows exactly as typed: a page's text and its tooltips (title attributes, which Material shows)
    carry no HTML entity once the browser has decoded them, such as a visible &#x27; or &amp;."""
    found = []
    for path in sorted(briefing.site.rglob("index.html")):
        rel = path.relative_to(briefing.site).as_posix()
        body = article(path.read_text(encoding="utf-8"))
        pieces = [html.unescape(re.sub(r"<[^>]+>", " ", body))]
        pieces += [html.unescape(t) for t in re.findall(r'\stitle="([^"]*)"', body)]
        found += [(rel, " ".join(piece[max(0, m.start() - 40):m.end() + 10].split()))
                  for piece in pieces for m in _ENTITY.finditer(piece)]
    assert not found, found[:10]


def test_charset_is_declared_in_the_first_1024_bytes(briefing):
    """Browsers read <meta charset> only from a document's first 1024 bytes (Lighthouse's charset audit):
    nothing we put at the top of <head> may push it out."""
    for path in briefing.site.rglob("*.html"):
        head = path.read_bytes()[:1024]
        assert re.search(rb"<meta [^>]*charset=", head, re.I), path


def test_meta_descriptions_and_no_third_party_assets(briefing):
    for path in briefing.site.rglob("*.html"):
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


def test_our_rules_come_in_one_stylesheet(briefing):
    """Each stylesheet holds up the first paint (Lighthouse's render-blocking audit): the engine's rules
    and issue 14's reach the reader as one file, next to Material's two."""
    ours = (briefing.site / "assets" / "briefing" / "briefing.css").read_text(encoding="utf-8")
    assert ".briefing-map" in ours and ".briefing-icd" in ours  # a rule from each source file
    assert not list((briefing.site / "assets" / "briefing").glob("extras*.css"))
    for path in briefing.site.rglob("*.html"):
        if path.parent.name == "maps":
            continue
        sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', path.read_text(encoding="utf-8"))
        mine = [s for s in sheets if "assets/briefing/" in s]
        assert len(mine) == 1 and mine[0].endswith("assets/briefing/briefing.css"), (path, sheets)
        assert len(sheets) <= 3, (path, sheets)  # Material's main and palette sheets, and ours


def test_every_page_preloads_materials_bundle_and_starts_it_after_parsing(briefing):
    """Material's bundle is named by Material's own base.html; every page preloads that file from <head>
    and starts it from the loader at the end of <body>, with no parser-blocking tag left (the browser
    behaviour: tests/test_reader_browser.py::test_material_sets_the_page_up_after_it_is_painted)."""
    import material

    from briefing.published import material_bundle

    theme = Path(material.__file__).parent / "templates"
    name = material_bundle([theme])
    assert name and name in (theme / "base.html").read_text(encoding="utf-8") and (briefing.site / name).is_file()
    pages = [p for p in briefing.site.rglob("*.html") if p.parent.name != "maps" and "md-container" in p.read_text(encoding="utf-8")]
    assert len(pages) > 5
    for path in pages:
        text = path.read_text(encoding="utf-8")
        head, body = text.split("</head>", 1)
        preload = re.findall(r'<link rel="preload" as="script" href="([^"]+)">', head)
        assert len(preload) == 1 and preload[0].endswith(name), (path, preload)
        assert f"var bundle = {json.dumps(preload[0])};" in body, path  # the loader starts the same file
        assert not re.search(r"<script[^>]*\ssrc=[^>]*assets/javascripts/bundle\.", text), path


def test_without_a_bundle_name_materials_script_tags_are_kept(tmp_path):
    from briefing.published import material_bundle

    (tmp_path / "base.html").write_text('<script src="{{ \'assets/javascripts/app.js\' | url }}"></script>', encoding="utf-8")
    assert material_bundle([tmp_path]) is None  # Material changed how it names its script
    (tmp_path / "base.html").write_text("<script src=\"{{ 'assets/javascripts/bundle.0abc.min.js' | url }}\">", encoding="utf-8")
    assert material_bundle([tmp_path]) is None  # named, but the theme does not ship that file
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "bundle.0abc.min.js").write_text("", encoding="utf-8")
    assert material_bundle([tmp_path / "overrides", tmp_path]) == "assets/javascripts/bundle.0abc.min.js"


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_a_site_with_extra_javascript_keeps_materials_script_tag(tmp_path, name):
    """Scripts a site adds with `extra_javascript` often use Material's `document$` as they run, so such a
    site gets Material's own parser-blocking tag before them, and no preload or loader of ours."""
    project = tmp_path / "project"
    project.mkdir()
    for folder in ("docs", "hooks", "data"):
        (project / folder).symlink_to(ROOT / folder, target_is_directory=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "\nextra_javascript:\n  - extra/site.js\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = tmp_path / "site"
    build_site(BRIEFINGS[name], site, config=project / "mkdocs.yml")
    text = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    tags = re.findall(r'<script src="([^"]+)"', text)
    bundle = [src for src in tags if "/assets/javascripts/bundle." in src]
    assert len(bundle) == 1 and "../extra/site.js" in tags, tags
    assert tags.index(bundle[0]) < tags.index("../extra/site.js"), tags  # Material first, as its base.html has it
    assert 'rel="preload"' not in text and "var bundle = null;" in text
    assert "assets/briefing/briefing.js" in text  # our scripts are still loaded after DOMContentLoaded


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_bad_data_stops_the_build_before_writing(tmp_path, name):
    data = tmp_path / "data"
    shutil.copytree(BRIEFINGS[name], data)
    country = next(iter(load_briefing(data).countries.values()))
    path = data / "countries" / f"{country.id}.yaml"
    text = path.read_text(encoding="utf-8")
    assert f"trend: {country.trend.value}\n" in text
    path.write_text(text.replace(f"trend: {country.trend.value}\n", "trend: warmish\n"), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.txt").write_text("previous good site")
    result = build_site(data, site, check=False)
    assert result.returncode != 0
    assert f"{country.id}.yaml:" in result.stderr and "trend: 'warmish' is not allowed" in result.stderr
    assert (site / "keep.txt").read_text() == "previous good site"


def test_no_markdown_escapes_leak_into_text(briefing):
    # Plain text from YAML is backslash-escaped for Markdown; inside raw HTML that would show.
    for path in briefing.site.rglob("index.html"):
        text = re.sub(r"<[^>]+>", " ", article(path.read_text(encoding="utf-8")))
        leaked = re.findall(r".{20}\\[\\`*_{}\[\]()#+\-.!|].{0,20}", text)
        assert not leaked, f"{path}: {leaked[:3]}"
