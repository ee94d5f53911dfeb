"""The PDF export (issue 4): real builds of each briefing with BRIEFING_PDF=1, inspected with pypdf and poppler.

Each briefing's PDF is built once per session, by `BRIEFING_PDF=1 mkdocs build --strict` (conftest.pdf_sites;
any WeasyPrint warning fails it); `briefing pdf` is run once on the small mongolia fixture. Two builds of
each briefing are compared byte for byte in test_reproducible.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from briefing.index import build_index
from briefing.validate import load_briefing

from conftest import BRIEFINGS, EPOCH, FIXTURES, ROOT, Built, run_cli

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")
pytestmark = pytest.mark.slow

PATH_OPS = re.compile(rb"[\d.\-]+ [\d.\-]+ (?:l|m)\n|[\d.\-]+ [\d.\-]+ [\d.\-]+ [\d.\-]+ [\d.\-]+ [\d.\-]+ c\n")
TOC_LINE = re.compile(r"^\s*(?P<label>\S.*?)\s*\.{3,}\s*(?P<page>\d+)\s*$")


def _need_poppler():
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")


class Pdf:
    """One built PDF and what the tests read from it."""

    def __init__(self, path: Path, data: Path):
        _need_poppler()
        self.path = path
        self.briefing = load_briefing(data)
        self.index = build_index(self.briefing)
        self.reader = pypdf.PdfReader(str(path))
        layout = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
        self.layout_pages = layout.split("\f")[: len(self.reader.pages)]
        raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        self.text = " ".join(raw.split())
        self.outline = list(self._flatten(self.reader.outline, 1))

    def _flatten(self, items, level):
        for item in items:
            if isinstance(item, list):
                yield from self._flatten(item, level + 1)
            else:
                yield level, item.title, self.reader.get_destination_page_number(item)

    def outline_page(self, title: str) -> int:
        pages = [page for _, t, page in self.outline if t == title]
        assert pages, f"{title!r} is not in the outline: {[t for _, t, _ in self.outline]}"
        return pages[0]

    def contents(self) -> list[tuple[str, int]]:
        entries = []
        for text in self.layout_pages:
            lines = text.splitlines()
            if not lines or not lines[0].rstrip().endswith("Contents"):
                continue
            for line in lines:
                match = TOC_LINE.match(line)
                if match:
                    entries.append((" ".join(match["label"].split()), int(match["page"])))
        return entries


@pytest.fixture(scope="session")
def pdfs(pdf_sites) -> dict:
    """name -> Pdf of the session's one PDF build of that briefing (conftest.pdf_sites)."""
    cache: dict[str, Pdf] = {}

    def get(name: str) -> Pdf:
        if name not in cache:
            built = pdf_sites(name)
            cache[name] = Pdf(built.site / f"{load_briefing(built.data).meta.id}.pdf", built.data)
        return cache[name]

    return get


@pytest.fixture(params=sorted(BRIEFINGS))
def pdf(request, pdfs) -> Pdf:
    return pdfs(request.param)


@pytest.fixture(params=sorted(BRIEFINGS))
def pdf_site(request, pdf_sites) -> Built:
    return pdf_sites(request.param)


# -- content ------------------------------------------------------------------------------------------
def test_page_count_is_sane(pdf):
    b = pdf.briefing
    chapters = 6 + len(b.sections) + len(b.countries)  # home, relations, timeline, people, glossary, about
    pages = len(pdf.reader.pages)
    assert chapters + 2 <= pages <= 4 * chapters + 20, pages


def test_every_section_and_country_is_in_the_text(pdf):
    b = pdf.briefing
    for title in [b.meta.title, *(s.title for s in b.sections), *(c.name for c in b.countries.values())]:
        assert " ".join(title.split()) in pdf.text, title


def test_cover(pdf):
    meta = pdf.briefing.meta
    cover = " ".join(pdf.layout_pages[0].split())
    for text in (meta.title, meta.subtitle or "", meta.focal.name, meta.sources[0].title, meta.sources[0].publisher):
        assert " ".join(text.split()) in cover, text
    for source in meta.sources:
        assert " ".join(source.title.split()) in cover, source.title
    assert "as of" in cover.lower()


def test_no_site_chrome(pdf):
    for chrome in ("Edit the data behind this page", "Permanent link", "¶", "Download PDF", "Open the map on its own"):
        assert chrome not in pdf.text, chrome


def test_blocks_marked_web_only_are_not_printed(pdfs, pdf_site):
    """The home page's blocks marked `briefing-web-only` in its template (latest developments, section
    cards: the contents and the timeline carry them) are absent from the executive summary's pages."""
    from lxml import html as lxml_html

    pdf = pdfs(pdf_site.name)
    home = lxml_html.fromstring((pdf_site.site / "index.html").read_bytes())
    blocks = home.xpath("//article//*[contains(concat(' ', @class, ' '), ' briefing-web-only ')]")
    headings = [" ".join(h.text_content().replace("¶", "").split()) for b in blocks for h in b.iter("h2")]
    assert len(headings) >= 2, headings
    level, start = next((lv, page) for lv, title, page in pdf.outline if title == "Executive summary")
    end = min(page for lv, _, page in pdf.outline if page > start and lv <= level)
    summary = "\n".join(pdf.layout_pages[start:end])
    assert "Key judgements" in summary  # the chapter is there, without its web-only blocks
    for heading in headings:
        assert heading not in summary, heading


@pytest.fixture(scope="session")
def print_documents(tmp_path_factory):
    """name -> the print document a real `BRIEFING_PDF=1 mkdocs build` of that briefing hands to WeasyPrint
    (the build runs in this process, with pdf._render replaced: nothing is laid out)."""
    import os
    from types import SimpleNamespace

    from mkdocs.__main__ import cli

    from briefing import pdf as pdf_module

    cache: dict = {}

    def get(name: str):
        if name not in cache:
            captured = []

            def capture(document, site_dir, briefing):
                captured.append(document)
                return SimpleNamespace(pdf=b"", pages=0, warnings=[])

            dest = tmp_path_factory.mktemp(f"print-document-{name}") / "site"
            saved_env, saved_render = dict(os.environ), pdf_module._render
            os.environ.update({"BRIEFING_DATA": str(BRIEFINGS[name]), "BRIEFING_PDF": "1", "SOURCE_DATE_EPOCH": str(EPOCH),
                               "NO_MKDOCS_2_WARNING": "1"})
            pdf_module._render = capture
            try:
                cli.main(["build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(dest)], standalone_mode=False)
            finally:
                pdf_module._render = saved_render
                os.environ.clear()
                os.environ.update(saved_env)
            (cache[name],) = captured
        return cache[name]

    return get


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_timeline_events_are_blocks_of_their_own(print_documents, name):
    """Web-only wrappers (the timeline's filters and year groups, marked `briefing-print-flow`) are unwrapped
    in print: each event is a block that pdfdoc/parts.py may start a stretch with. As one block, a timeline
    of 5,000 events was laid out in one go (1.37 GB in a worker, engineering/benchmarks.md)."""
    document = print_documents(name)
    (pieces,) = [html for chapter, html in zip(document.chapters, document.chapter_html) if chapter.kind == "timeline"]
    events = [b for b in pieces.blocks if 'class="briefing-event"' in b]
    assert len(events) == len(load_briefing(BRIEFINGS[name]).events)
    assert all(b.count('class="briefing-event"') == 1 for b in events)
    assert not any("briefing-print-flow" in b for b in pieces.blocks)


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_print_document_is_the_pages_content_without_the_theme(print_documents, name):
    """Chapters come from each page's content as the build rendered it (no Material article cut out of a
    built file): no theme chrome, every nav page but the Data page, the glossary's used-in lists filled."""
    document = print_documents(name)
    assert document.missing == []
    assert [c.kind for c in document.chapters][:2] == ["home", "relations"]
    assert "data" not in {c.key for c in document.chapters}
    for chrome in ("md-content__button", "md-typeset", "briefing-freshness", "briefing-pdf-link", "<script", "headerlink"):
        assert chrome not in document.html, chrome
    glossary = next(h.html for c, h in zip(document.chapters, document.chapter_html) if c.kind == "glossary")
    assert "data-briefing-used-in" not in glossary
    assert 'href="#p' in glossary


def test_a_page_without_a_heading_gets_its_title_as_the_site_shows_it():
    """Material's template adds `<h1>` + the page title (HTML: theme_text escapes briefing text) to content
    without one; the print document does the same, so the title reads as typed and no markup in it runs."""
    from briefing.escape import theme_text
    from briefing.pdfdoc.assemble import PageContent, assemble

    briefing = load_briefing(FIXTURES / "mongolia")
    title = 'Notes & <script>alert(1)</script> "quoted"'
    pages = [PageContent("notes/", theme_text(title), "page", "<p>Plain text.</p>"),
             PageContent("untitled/", "", "page", "<p>No title at all.</p>")]
    document = assemble(FIXTURES / "mongolia", ["notes/", "untitled/", "gone/"], pages, briefing, build_index(briefing))
    assert [c.title for c in document.chapters] == [title, briefing.meta.title]
    assert document.missing == ["gone/"]
    first = document.chapter_html[0].blocks[0]
    assert first.startswith("<h1 ") and "&lt;script&gt;" in first and "<script" not in document.html


def test_cover_and_contents_print_briefing_text_as_text():
    """cover.html.j2 is autoescaped: markup typed into any field the cover or the contents print stays text."""
    from briefing.pdfdoc.assemble import PageContent, _parse_fragment, _text, assemble

    briefing = load_briefing(FIXTURES / "mongolia")
    evil = '<script>alert(1)</script><b title="x">&amp;\'"'
    meta = briefing.meta
    briefing.meta = meta.model_copy(update={
        "title": "Title" + evil, "subtitle": "Sub" + evil, "publisher": "Pub" + evil,
        "focal": meta.focal.model_copy(update={"name": "Focal" + evil}),
        "sources": [s.model_copy(update={"title": "Src" + evil, "author": "Au" + evil, "publisher": "SP" + evil})
                    for s in meta.sources],
    })
    pages = [PageContent("sections/x/", "Section" + html.escape(evil), "section", "<p>Text.</p>")]
    document = assemble(FIXTURES / "mongolia", ["sections/x/"], pages, briefing, build_index(briefing))
    for part in (document.cover, document.contents):
        tree = _parse_fragment(part)
        assert {el.tag for el in tree.iter()} <= {"body", "section", "div", "p", "h1", "dl", "dt", "dd", "a", "span", "ol", "li"}
        assert not [el for el in tree.iter() if set(el.attrib) - {"class", "id", "href", "data-running"}]
    cover = _text(_parse_fragment(document.cover))
    for text in ("Title", "Sub", "Pub", "Focal", "Src", "Au", "SP"):
        assert text + evil in cover, text
    assert "Section" + evil in _text(_parse_fragment(document.contents))


def test_glossary_definitions_are_printed(pdf):
    for term in pdf.briefing.terms.values():
        assert " ".join(term.short.split()) in pdf.text, term.id


def test_ladder_timeline_people_and_sources(pdf):
    b = pdf.briefing
    for level in b.meta.ladder:
        assert level.label in pdf.text, level.id
    for person in b.people.values():
        assert person.name in pdf.text, person.id
    for source in b.meta.sources:
        assert " ".join(source.title.split()) in pdf.text, source.id


# -- navigation ---------------------------------------------------------------------------------------
def chapter_titles(pdf) -> set[str]:
    """Outline titles of the chapters every briefing has (hand-written pages under docs/ come on top)."""
    b, ix = pdf.briefing, pdf.index
    expected = {"Executive summary", "Relations", "Timeline", "People", "Glossary", "About this briefing"}
    expected |= {f"§{ix.section_number[s.id]} {s.title}" for s in b.sections}
    expected |= {c.name for c in b.countries.values()}
    return expected


def test_outline_lists_every_chapter(pdf):
    b = pdf.briefing
    titles = {title for _, title, _ in pdf.outline}
    expected = chapter_titles(pdf) | {"Source sections", "Counterparts"}
    assert expected <= titles, expected - titles
    levels = {title: level for level, title, _ in pdf.outline}
    assert all(levels[c.name] == 2 for c in b.countries.values())
    assert levels["Counterparts"] == 1


def test_outline_carries_reader_pages_only(pdf):
    """The PDF is the briefing for its readers: every chapter is a page of the briefing (parts and the
    contents aside); the engine's engineering notes (benchmarks, guarantees) are not among them."""
    titles = {title for _, title, _ in pdf.outline}
    assert not {t for t in titles if re.search(r"benchmark|guarantee", t, re.I)}, titles
    top = {title for level, title, _ in pdf.outline if level == 1}  # chapters and parts; headings nest below
    assert top <= chapter_titles(pdf) | {"Source sections", "Counterparts", "Contents"}, top - chapter_titles(pdf)


def test_contents_page_numbers_match_where_chapters_start(pdf):
    entries = pdf.contents()
    outline = {title: page for _, title, page in pdf.outline}
    labels = {re.sub(r"^Appendix [A-Z] ", "", label) for label, _ in entries}
    assert chapter_titles(pdf) <= labels, chapter_titles(pdf) - labels
    assert len(entries) == len(labels)
    for label, printed in entries:
        title = re.sub(r"^Appendix [A-Z] ", "", label)
        assert title in outline, (label, sorted(outline))
        assert printed == outline[title] + 1, (label, printed, outline[title] + 1)
        # the chapter's heading is at the top of that page (after the running head and the kicker)
        heading = re.sub(r"^§\d+ ", "", title)
        top = " ".join(" ".join(pdf.layout_pages[printed - 1].splitlines()[:8]).split())
        assert heading in top, (label, top[:300])
        if printed > 3:
            previous_top = " ".join(" ".join(pdf.layout_pages[printed - 2].splitlines()[:1]).split())
            assert not previous_top.endswith(heading) or heading == "Contents", (label, previous_top)


def test_contents_entries_are_links_to_their_chapters(pdf):
    reader = pdf.reader
    named = reader.named_destinations
    contents_pages = [i for i, text in enumerate(pdf.layout_pages) if text.splitlines() and text.splitlines()[0].rstrip().endswith("Contents")]
    targets = set()
    for i in contents_pages:
        for annot in reader.pages[i].get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                targets.add(reader.get_destination_page_number(named[str(annot["/Dest"])]))
    chapters = chapter_titles(pdf)
    assert {page for _, title, page in pdf.outline if title in chapters} <= targets


def test_internal_links_resolve_and_external_links_stay(pdf):
    reader = pdf.reader
    named = reader.named_destinations
    internal = external = 0
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annot:
                assert str(annot["/Dest"]) in named, annot["/Dest"]
                internal += 1
            elif "/A" in annot and annot["/A"].get("/S") == "/URI":
                assert str(annot["/A"]["/URI"]).startswith(("https://", "http://", "mailto:"))
                external += 1
    assert internal > 50
    assert external >= 1
    uris = {str(a.get_object()["/A"]["/URI"]) for a in reader.pages[0].get("/Annots", []) if "/A" in a.get_object()}
    assert pdf.briefing.meta.sources[0].url in uris


# -- maps -----------------------------------------------------------------------------------------------
def test_maps_are_vector_on_country_pages(pdf):
    assert not _raster_images(pdf.reader), "the PDF embeds raster images; maps must be vector"
    for country in pdf.briefing.countries.values():
        start = pdf.outline_page(country.name)
        ops = max(len(PATH_OPS.findall(pdf.reader.pages[i].get_contents().get_data())) for i in (start, start + 1))
        assert ops > 150, (country.name, ops)


def test_site_country_pages_have_map_figures(pdf_site):
    for country in load_briefing(pdf_site.data).countries:
        page = (pdf_site.site / "countries" / country / "index.html").read_text(encoding="utf-8")
        assert 'class="briefing-map"' in page and "briefing-map__svg" in page, country


def _raster_images(reader) -> list:
    found = []
    for page in reader.pages:
        stack = [page.get("/Resources")]
        while stack:
            res = stack.pop()
            res = res.get_object() if res is not None else None
            if not res or "/XObject" not in res:
                continue
            for obj in res["/XObject"].values():
                obj = obj.get_object()
                if obj.get("/Subtype") == "/Image":
                    found.append(obj)
                elif obj.get("/Subtype") == "/Form" and "/Resources" in obj:
                    stack.append(obj["/Resources"])
    return found


# -- document -------------------------------------------------------------------------------------------
def test_metadata(pdf):
    meta = pdf.briefing.meta
    info = pdf.reader.metadata
    assert info["/Title"] == meta.title
    assert info.get("/Author") == (meta.publisher or meta.sources[0].publisher)
    assert info.get("/Subject")
    assert meta.focal.name in info.get("/Keywords", "")
    assert str(info["/CreationDate"]).startswith("D:20231114221320")  # SOURCE_DATE_EPOCH, never the clock
    assert info["/CreationDate"] == info["/ModDate"]


def test_page_size_and_fonts(pdf):
    box = pdf.reader.pages[0].mediabox
    expected = (612, 792) if pdf.briefing.meta.pdf.page_size == "Letter" else (595.28, 841.89)
    assert (round(float(box.width), 2), round(float(box.height), 2)) == pytest.approx(expected, abs=0.5)
    fonts = subprocess.run(["pdffonts", str(pdf.path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), fonts  # every font embedded (subset)


def test_briefing_pdf_command_writes_the_pdf(tmp_path):
    """`briefing pdf`, on the small fixture (the byte-identical rebuild of both briefings is test_reproducible's)."""
    out = tmp_path / "fixture.pdf"
    data = FIXTURES / "mongolia"
    result = run_cli("pdf", "--data", str(data), "--out", str(out), env={"SOURCE_DATE_EPOCH": str(EPOCH)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(out)), result.stdout
    found = re.search(r": (\d+) pages, \d+ KiB, built in [\d.]+ s", result.stdout)
    assert found, result.stdout
    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages) == int(found.group(1))
    assert reader.metadata["/Title"] == load_briefing(data).meta.title
    assert str(reader.metadata["/CreationDate"]).startswith("D:20231114221320")


# -- the site around it ---------------------------------------------------------------------------------
def test_site_pages_link_to_the_pdf(pdf_site):
    site = pdf_site.site
    briefing = load_briefing(pdf_site.data)
    country = next(iter(briefing.countries))
    for page in ("index.html", f"countries/{country}/index.html", "glossary/index.html"):
        text = (site / page).read_text(encoding="utf-8")
        links = re.findall(r'<a href="([^"]+)"[^>]*class="[^"]*briefing-pdf-link', text)
        assert links, page
        target = urlsplit(urljoin(f"http://site/{page}", html.unescape(links[0]))).path.lstrip("/")
        assert target == f"{briefing.meta.id}.pdf"
        assert (site / target).is_file()


def test_plain_build_writes_no_pdf(briefing):
    assert not list(briefing.site.glob("*.pdf"))
    assert "briefing-pdf-link" not in (briefing.site / "index.html").read_text(encoding="utf-8")


# -- units ------------------------------------------------------------------------------------------------
def test_fetcher_serves_only_site_files(tmp_path):
    from briefing.pdfdoc.render import RefusedURL, site_file

    site = tmp_path / "site"
    (site / "maps").mkdir(parents=True)
    (site / "maps" / "a.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("no")
    assert site_file((site / "maps" / "a.svg").as_uri(), site.resolve()) == (site / "maps" / "a.svg").resolve()
    for url in ((tmp_path / "secret.txt").as_uri(), (site / "maps" / ".." / ".." / "secret.txt").as_uri(),
                "https://example.org/font.woff2", "http://127.0.0.1/x.svg", "data:image/svg+xml,<svg/>"):
        with pytest.raises(RefusedURL):
            site_file(url, site.resolve())


def test_letter_page_size(tmp_path):
    from briefing.pdfdoc.render import render

    result = render("<!DOCTYPE html><html><body><p>Letter</p></body></html>", tmp_path, page_size="Letter", identifier="x")
    box = pypdf.PdfReader(__import__("io").BytesIO(result.pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert not result.warnings
