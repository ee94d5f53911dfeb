"""Text shows exactly as typed in every output: a property test over generated briefings.

Hypothesis draws strings full of what breaks escaping (`' " & < > \\ * _ [ ] ( ) # | { } ~ ^ $`, text that looks
like character references, emoji and ZWJ sequences, combining marks, right-to-left text and bidi controls,
zero-width characters, very long words). Each string goes into its own field of a generated briefing
(tests/roundtrip.py: titles, names, headlines, summaries, facts, terms, aliases, events, places, people,
sources, ladder labels and meanings), which is built for real (strict MkDocs build with the PDF). Each output
is then read the way a reader meets it, and every string must appear in it exactly as typed:

- page: the visible text of the page's article (parsed HTML);
- tooltip: `title`s as Material's tooltips show them (the attribute decoded, then inserted as HTML);
- tab: the document `<title>`; nav: the navigation's link text;
- search: `search/search_index.json`, titles and texts rendered as HTML as the search UI does;
- map: tooltips, popups, legend and title of the map documents, read in Chromium;
- svg: the text and titles of each map's SVG twin; pdf: `pdftotext` of the PDF.

A failure names the output, the field (file and key) and the string. Strings are batched: one build carries
a few hundred strings, so the default run checks at least MIN_PER_OUTPUT strings per output in a few builds;
`--hypothesis-profile=thorough` (tests/conftest.py) draws more strings and builds more briefings. No
shrinking: a build per shrink step would take hours, and the failure message already names the string.
"""

from __future__ import annotations

import functools
import json
import math
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from conftest import build_site, serve
from roundtrip import EVERY_SECTION_TERM, Generated, fidelity_text, norm, strings_needed, write_briefing

pytestmark = pytest.mark.slow

MIN_PER_OUTPUT = 200
STRINGS_PER_EXAMPLE = 40  # one Hypothesis example is a list of this many strings


def builds_wanted() -> int:
    """5 builds in the default profile (max_examples=100), proportionally more in `thorough`."""
    return max(5, settings().max_examples // 20)


def draw_strings(count: int) -> list[str]:
    """`count` strings drawn by Hypothesis, STRINGS_PER_EXAMPLE per example."""
    drawn: list[str] = []

    @settings(settings(), max_examples=math.ceil(count / STRINGS_PER_EXAMPLE), database=None,
              phases=[Phase.generate], deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(fidelity_text(), min_size=STRINGS_PER_EXAMPLE, max_size=STRINGS_PER_EXAMPLE))
    def collect(batch):
        drawn.extend(batch)

    collect()
    assert len(drawn) >= count, f"Hypothesis drew only {len(drawn)} strings of {count}"
    return drawn


@dataclass
class Build:
    generated: Generated
    site: Path
    pdf: Path | None  # the PDF costs most of a build: one build in five makes it


@pytest.fixture(scope="session")
def roundtrip(tmp_path_factory) -> list[Build]:
    n = builds_wanted()
    # Some strings are skipped where names must be distinct: draw a fifth more than the fields.
    feed = iter(draw_strings(n * strings_needed() * 6 // 5))
    builds = []
    for k in range(n):
        root = tmp_path_factory.mktemp(f"roundtrip-{k}")
        generated = write_briefing(root / "data", feed)
        # Kept beside the build so a failure can be looked into after the run (pytest --basetemp=DIR).
        (root / "placed.json").write_text(json.dumps([vars(p) | {"outputs": sorted(p.outputs)} for p in generated.placed], ensure_ascii=False, indent=1), encoding="utf-8")
        site = root / "site"
        with_pdf = k % 5 == 0
        result = build_site(root / "data", site, env={"BRIEFING_PDF": "1" if with_pdf else "0"}, check=False)
        assert result.returncode == 0, f"build of generated briefing {root / 'data'} failed:\n{result.stderr[-4000:]}"
        builds.append(Build(generated, site, site / "roundtrip.pdf" if with_pdf else None))
    return builds


# --- readers: each output as a reader sees it -------------------------------------------------------

def as_html_text(fragment: str) -> str:
    """What an element shows after `innerHTML = fragment`."""
    if not fragment.strip():
        return ""
    return lxml_html.fragment_fromstring(fragment, create_parent="div").text_content()


@functools.lru_cache(maxsize=512)
def _page(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html"


def read_page(build: Build, url: str) -> str:
    article = _page(page_file(build.site, url)).find(".//article")
    return norm(article.text_content()) if article is not None else ""


def read_tooltips(build: Build, url: str) -> str:
    """Material's tooltips: the title attribute's value, decoded once by the HTML parser. Material would
    insert it as HTML; the tooltip guard every page carries (escape.TOOLTIP_GUARD) makes it insert text,
    which test_tooltips_shown_on_hover_match_the_text and the nav tooltip test check by hovering."""
    titles = _page(page_file(build.site, url)).xpath("//@title")
    return "\n".join(norm(str(t)) for t in titles)


def read_tab(build: Build, url: str) -> str:
    title = _page(page_file(build.site, url)).find(".//title")
    return norm(title.text_content()) if title is not None else ""


def read_nav(build: Build, url: str) -> str:
    links = _page(page_file(build.site, url)).xpath("//nav[contains(@class, 'md-nav--primary')]//a")
    return "\n".join(norm(a.text_content()) for a in links)


@functools.lru_cache(maxsize=16)
def _search(site: Path) -> dict[str, str]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages: dict[str, list[str]] = {}
    for doc in index["docs"]:
        url = doc["location"].split("#")[0]
        pages.setdefault(url, []).extend([norm(as_html_text(doc.get("title", ""))), norm(as_html_text(doc.get("text", "")))])
    return {url: "\n".join(parts) for url, parts in pages.items()}


def read_search(build: Build, url: str) -> str:
    return _search(build.site).get(url, "")


def read_svg(build: Build, map_id: str) -> str:
    root = etree.parse(str(build.site / "maps" / f"{map_id}.svg")).getroot()
    parts = [norm("".join(el.itertext())) for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname in ("text", "title", "desc")]
    return "\n".join(parts)


@functools.lru_cache(maxsize=16)
def _pdf_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return squeeze(out.stdout.decode("utf-8"))


def squeeze(text: str) -> str:
    """Text without whitespace, format characters (Cf: joiners, bidi controls) and nonspacing marks.

    pdftotext breaks lines where the layout wrapped them, and gives invisible format characters and
    nonspacing marks back unreliably; the PDF comparison leaves them out on both sides. It also gives
    some brackets back as their mirror image (`{` drawn correctly, extracted as `}`), so a bracket
    compares equal to its pair."""
    text = unicodedata.normalize("NFC", text).translate(_MIRRORED)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) not in ("Cf", "Mn", "Me"))


_MIRRORED = str.maketrans("})]>", "{([<")


_BIDI = {"R", "AL", "RLE", "RLO", "RLI", "LRO", "LRE", "LRI", "FSI"}


def pdf_parts(text: str) -> list[str]:
    """What the PDF's text must contain for a string.

    A PDF holds glyphs in visual order, and pdftotext reconstructs right-to-left runs (and the digits and
    punctuation next to them) in an order of its own. For a string with right-to-left text or bidi
    controls, each run of strong left-to-right characters must be there, as typed or reversed (after
    an override); other strings must be there whole."""
    text = unicodedata.normalize("NFC", text)
    if not is_bidi(text):
        return [squeeze(text)]
    runs = re.findall(r"(?:(?=\S)[^\s])+", "".join(c if unicodedata.bidirectional(c) == "L" else " " for c in text))
    return [squeeze(r) for r in runs if squeeze(r)] or [""]


def pdf_has(seen: str, part: str, bidi: bool, override: bool = False) -> bool:
    if part in seen or part[::-1] in seen:
        return True
    # WeasyPrint lays out each line afresh: text under a right-to-left override (U+202E) that wraps
    # shows reversed up to the line's end and in typed order after it. A known limit, stated in
    # engineering/guarantees.md; every character still prints.
    if override and any(part[:k][::-1] in seen and part[k:] in seen for k in range(1, len(part))):
        return True
    # A line that holds right-to-left text may be extracted after the line below it: where the layout
    # wrapped a run, other text can come between its two halves.
    return bidi and re.search(".{0,120}?".join(map(re.escape, part)), seen, re.S) is not None


def is_bidi(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in _BIDI for c in text)


def read_pdf(build: Build, url: str) -> str:
    return _pdf_text(build.pdf)


_MAP_TEXT = """() => {
  const shown = (content, layer) => {
    if (content == null) return '';
    if (typeof content === 'function') content = content(layer);
    if (content instanceof Node) return content.textContent;
    const box = document.createElement('div');
    box.innerHTML = String(content);  // as Leaflet does for string content
    return box.textContent;
  };
  const texts = [document.title, document.body.innerText];
  const visit = (layer) => {
    for (const bound of [layer.getTooltip && layer.getTooltip(), layer.getPopup && layer.getPopup()]) {
      if (!bound) continue;
      const content = bound._content;
      if (typeof content === 'function' && layer.eachLayer) layer.eachLayer(child => texts.push(shown(content, child)));
      else texts.push(shown(content, layer));
    }
  };
  for (const key of Object.keys(window)) {
    let value;
    try { value = window[key]; } catch (e) { continue; }
    if (value instanceof L.Map) value.eachLayer(visit);
  }
  return texts;
}"""


@pytest.fixture(scope="session")
def map_texts(roundtrip, browser):
    """(build index, map id) -> the text its map document shows, read in Chromium."""
    found: dict[tuple[int, str], str] = {}
    for k, build in enumerate(roundtrip):
        with serve(build.site) as url:
            context = browser.new_context(viewport={"width": 1000, "height": 700})
            tab = context.new_page()
            for doc in sorted((build.site / "maps").glob("*.html")):
                tab.goto(f"{url}/maps/{doc.name}", wait_until="load")
                found[(k, doc.stem)] = "\n".join(norm(t) for t in tab.evaluate(_MAP_TEXT))
            context.close()
    return found


# --- the check -------------------------------------------------------------------------------------

def check(builds: list[Build], output: str, read, fixed: bool = False) -> None:
    """Every drawn string (or, with `fixed`, every fixed Markdown case) placed in `output` is shown there."""
    failures: list[str] = []
    checked = 0
    for k, build in enumerate(builds):
        for placed in build.generated.placed:
            if output not in placed.outputs or placed.fixed != fixed or (output == "pdf" and build.pdf is None):
                continue
            targets = placed.maps if output in ("map", "svg") else (
                (placed.page, *placed.also, *placed.nav_also) if output == "page" else
                (placed.page, *placed.also) if output == "search" else (placed.page,))
            for target in targets:
                checked += 1
                seen = read(k, build, target)
                expected = pdf_parts(placed.shown) if output == "pdf" else [norm(placed.shown)]
                bidi = is_bidi(placed.shown)
                if not all(pdf_has(seen, part, bidi, "\u202e" in placed.shown) if output == "pdf" else part in seen for part in expected):
                    failures.append(f"  {output} | {placed.field} | {target or 'home'} | build {k}: {placed.shown!r}")
    assert checked >= (len(builds) if fixed else MIN_PER_OUTPUT), f"only {checked} strings checked in the {output} output"
    assert not failures, (
        f"{len(failures)} of {checked} strings not shown as typed in the {output} output "
        f"(output | field | page or map | build: string):\n" + "\n".join(failures[:25])
    )


def _by_page(reader):
    return lambda k, build, target: reader(build, target)


READERS = {"page": read_page, "tooltip": read_tooltips, "tab": read_tab, "nav": read_nav,
           "search": read_search, "svg": read_svg, "pdf": read_pdf}


@pytest.mark.parametrize("output", ["page", "tooltip", "tab", "nav", "search", "svg", "pdf"])
def test_text_shows_as_typed(roundtrip, output):
    check(roundtrip, output, _by_page(READERS[output]))


@pytest.mark.parametrize("output", ["page", "search", "pdf"])
def test_markdown_shows_its_text(roundtrip, output):
    """Markdown that renders (code spans, emphasis) shows the text a reader expects (roundtrip.MARKDOWN_CASES)."""
    check(roundtrip, output, _by_page(READERS[output]), fixed=True)


@pytest.mark.browser
def test_map_documents_show_text_as_typed(roundtrip, map_texts):
    check(roundtrip, "map", lambda k, build, map_id: map_texts[(k, map_id)])


@pytest.mark.browser
def test_tooltips_shown_on_hover_match_the_text(roundtrip, browser):
    """A sample in Chromium: hovering a glossary link and a citation shows the term's definition and the
    cited section's title as typed (Material's tooltip, not the browser's)."""
    build = roundtrip[0]
    placed = {p.field: p.shown for p in build.generated.placed}
    # A drawn term may be nothing but invisible characters (a zero-width joiner): its link has no box to
    # hover. The first section whose term and definition have a visible character is the sample.
    def visible(text: str) -> bool:
        return any(not unicodedata.category(c).startswith(("C", "Z", "M")) for c in text)

    i = next(i for i in range(1, 6)
             if visible(placed[f"glossary/t{i}.yaml: term"]) and visible(placed[f"glossary/t{i}.yaml: short"]))
    with serve(build.site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.goto(f"{url}/sections/s{i}/", wait_until="networkidle")
        shown = []
        for selector in (f"article a.briefing-term[href$='#t{i}']", "article .briefing-src a"):
            target = tab.locator(selector).first
            target.scroll_into_view_if_needed()
            tab.mouse.move(0, 0)
            target.hover()
            tooltip = tab.locator(".md-tooltip2--active, .md-tooltip--active").first
            tooltip.wait_for(state="visible", timeout=5000)
            shown.append(norm(tooltip.inner_text()))
        context.close()
    assert shown[0] == norm(placed[f"glossary/t{i}.yaml: short"])
    # With several sources the citation names the section's source (a section without `source:` belongs
    # to the first) before the section's title.
    assert shown[1] == norm(f'Source: {placed["briefing.yaml: sources[0].title"]}, {placed[f"sections/{i:02d}-s{i}.yaml: title"]}')


_BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "dt", "dd", "div", "pre", "blockquote"}


def test_source_links_point_at_their_urls_as_typed(roundtrip):
    """Every source's link on the about page and home carries its URL exactly (right-to-left letters in
    the path included): isolating text for display must never reach an attribute."""
    from roundtrip import SOURCE_URLS

    for build in roundtrip:
        for url in ("about/", ""):
            hrefs = set(_page(page_file(build.site, url)).xpath("//article//a/@href"))
            for source in SOURCE_URLS:
                assert source in hrefs, (url, source, sorted(h for h in hrefs if "example" in h))


def test_pdf_text_stays_on_the_page(roundtrip):
    """The generated briefings hold very long unbroken words in names, titles and table cells: every
    word the PDF prints lies inside its page (pdftotext -bbox), none runs past the edge."""
    builds = [b for b in roundtrip if b.pdf is not None]
    assert builds
    for build in builds:
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(build.pdf), "-"], capture_output=True, check=True)
        root = lxml_html.fromstring(out.stdout.decode("utf-8", errors="replace"))  # some glyphs map to no character
        outside = []
        for number, page in enumerate(root.iter("page"), 1):
            width, height = float(page.get("width")), float(page.get("height"))
            for word in page.iter("word"):
                x0, y0, x1, y1 = (float(word.get(k)) for k in ("xmin", "ymin", "xmax", "ymax"))
                if x0 < 0 or y0 < 0 or x1 > width + 0.5 or y1 > height + 0.5:
                    outside.append(f"  page {number}: {word.text_content()[:40]!r} at x {x0:.0f}-{x1:.0f} of {width:.0f},"
                                   f" y {y0:.0f}-{y1:.0f} of {height:.0f}")
        assert not outside, f"{len(outside)} words run off the page:\n" + "\n".join(outside[:20])


def _isolated(element, value: str) -> bool:
    """A <bdi> or dir= between the text and its article (the page's own <html dir> does not count), or
    a block of its own: a paragraph that holds nothing but this text has no template text to reorder.
    A glossary link inside the editor's prose is part of that prose."""
    if element.tag == "a" and "briefing-term" in (element.get("class") or ""):
        return True
    for e in (element, *element.iterancestors()):
        if e.tag == "article":
            return False
        if e.tag == "bdi" or e.get("dir"):
            return True
        if e.tag in _BLOCKS:  # md_block closes an override left open with U+202C: not template text
            shown = norm(e.text_content())
            return value in (shown, shown.rstrip("\u202c\u2069"))
    return False


def test_right_to_left_and_bidi_control_text_is_isolated_from_the_template(roundtrip):
    """Text with right-to-left letters or bidi controls (an unterminated U+202E reverses what follows)
    sits in a <bdi> (or an element with dir, or between FSI and PDI) wherever a page shows it beside
    template text, so the template's own words around it keep their order."""
    failures, checked = [], 0
    for k, build in enumerate(roundtrip):
        values = [norm(p.shown) for p in build.generated.placed]
        for placed in build.generated.placed:
            value = norm(placed.shown)
            if placed.page is None or placed.fixed or not is_bidi(placed.shown) or len(value) < 2:
                continue
            if sum(value in other for other in values) > 1:
                continue  # also part of another field's text: a text node holding it may be that one
            for url in (placed.page, *placed.also, *placed.nav_also):
                article = _page(page_file(build.site, url)).find(".//article")
                for element in article.iter():
                    if not isinstance(element.tag, str):
                        continue
                    for text, holder in ((element.text, element), (element.tail, element.getparent())):
                        if text and value in norm(text):
                            checked += 1
                            if f"\u2068{value}\u2069" not in norm(text) and not _isolated(holder, value):
                                failures.append(f"  {placed.field} | {url or 'home'} | build {k}: <{holder.tag}> {value!r}")
    assert checked >= 50, f"only {checked} right-to-left strings found whole in one text node"
    assert not failures, f"{len(failures)} of {checked} not isolated:\n" + "\n".join(sorted(set(failures))[:25])


def test_generated_briefings_link_each_term_once_per_page_or_section(roundtrip):
    """The glossary policy on pages full of odd text: the every-section term links once per ## section,
    the others once per page, and every term mentioned on its section page is linked there."""
    from test_glossary_site import pages, sections, term_of

    for build in roundtrip:
        built = pages(build.site)
        for url, article in built.items():
            for part in sections(article):
                ids = [term_of(a) for a in part if term_of(a) == EVERY_SECTION_TERM]
                assert len(ids) <= 1, url
            others = [term_of(a) for part in sections(article) for a in part if term_of(a) != EVERY_SECTION_TERM]
            assert len(others) == len(set(others)), url
        for i in range(6):
            article = built[f"sections/s{i}/"]
            linked = [term_of(a) for part in sections(article) for a in part]
            # Mentioned in the summary (before the first ##) and in a key point (under "## Key points").
            if f"t{i}" == EVERY_SECTION_TERM:
                assert linked.count(f"t{i}") >= 2, (i, linked)
            else:
                assert linked.count(f"t{i}") == 1, (i, linked)


@pytest.mark.browser
def test_truncated_navigation_text_shows_as_typed_in_its_tooltip(roundtrip, browser):
    """Material shows a truncated navigation entry in full in a tooltip, inserted as HTML: hovering long
    section titles in the sidebar (Chromium) shows each as typed."""
    failures, checked = [], 0
    for k, build in enumerate(roundtrip[:2]):
        titles = {p.page: p.shown for p in build.generated.placed if p.field.endswith(".yaml: title") and p.page.startswith("sections/")}
        with serve(build.site) as url:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            tab = context.new_page()
            tab.goto(f"{url}/sections/s0/", wait_until="networkidle")
            links = tab.locator("nav.md-nav--primary a.md-nav__link[href*='s']")
            for i in range(links.count()):
                link = links.nth(i)
                href = link.get_attribute("href") or ""
                target = re.search(r"(?:sections/)?(s\d+)/?$", href)
                if not target or f"sections/{target.group(1)}/" not in titles or not link.is_visible():
                    continue
                truncated = link.evaluate("a => { const e = a.querySelector('.md-ellipsis') || a; return e.scrollWidth > e.clientWidth; }")
                if not truncated:
                    continue
                link.scroll_into_view_if_needed()
                tab.mouse.move(0, 0)
                link.hover()
                tooltip = tab.locator(".md-tooltip2--active, .md-tooltip--active").first
                try:
                    tooltip.wait_for(state="visible", timeout=3000)
                except Exception:
                    continue  # this Material version shows no tooltip for it: nothing to misrender
                checked += 1
                expected = norm(titles[f"sections/{target.group(1)}/"])
                if norm(tooltip.inner_text()) != expected:
                    failures.append(f"  build {k}, nav entry {href}: {tooltip.inner_text()!r} != {expected!r}")
                if checked >= 8 * (k + 1):
                    break
            context.close()
    assert checked, "no truncated navigation entry showed a tooltip: the check saw nothing"
    assert not failures, "truncated navigation tooltips differ from the text:\n" + "\n".join(failures)
