"""The all-payload briefing: an attack in every text field, built strictly; every page, map document,
SVG twin and the search index carry the attacks only as inert text."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.escape import tooltip_guard_script
from briefing.sanitize import same_site
from hostile.corpus import LONG_WORD

pytestmark = pytest.mark.slow

SCRIPT_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "srcset", "xlink:href"}


class _Scan(HTMLParser):
    """Elements and attributes a browser would act on, plus the raw <title> text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value[:40]!r}>")
            if name in URL_ATTRS and SCRIPT_SCHEMES.match(value) and not (tag == "link" and value == "data:,"):
                self.problems.append(f"<{tag} {name}={value[:40]!r}>")
            if name == "src" and (value.startswith(("http:", "https:", "//")) or value == "x"):
                self.problems.append(f"<{tag} src={value[:60]!r}> loads from elsewhere")
            if name == "style" and "url(" in value:
                self.problems.append(f"<{tag} style={value[:40]!r}>")
        if tag in ("textarea", "b") or (tag == "svg" and not any(k == "xmlns" or k == "viewbox" for k, _ in attrs)):
            # our templates and Material use neither bare <b>, <textarea> nor inline <svg> without a viewBox
            self.problems.append(f"<{tag}> from a payload")
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts.append(data)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_payload_site_builds_every_page(payload_site):
    for rel in ["index.html", "countries/china/index.html", "countries/bloc/index.html", "sections/alpha/index.html",
                "sections/beta/index.html", "timeline/index.html", "people/index.html", "glossary/index.html",
                "about/index.html", "relations/index.html", "maps/overview.html", "maps/china.html", "maps/china.svg"]:
        assert (payload_site / rel).is_file(), rel


def test_every_page_carries_the_tooltip_guard_first(payload_site):
    """Material puts titles and truncated text into tooltips with innerHTML; the guard (escape.py) must
    run before Material's bundle on every page, 404 included. test_payload_browser hovers them."""
    guard = tooltip_guard_script()
    for path in html_files(payload_site):
        if path.parent.name == "maps":
            continue
        text = path.read_text(encoding="utf-8")
        head = re.search(r"<head\b[^>]*>\s*(<meta charset=[^>]*>)?", text)
        assert head and text[head.end():].startswith(guard), path
        # Browsers read the charset only from a document's first 1024 bytes (Lighthouse's charset audit).
        assert re.search(r"<meta charset=", text.encode("utf-8")[:1024].decode("utf-8", "ignore")), path


def test_no_payload_becomes_markup(payload_site):
    for path in html_files(payload_site):
        text = path.read_text(encoding="utf-8")
        scan = _Scan()
        scan.feed(text)
        assert not scan.problems, f"{path.relative_to(payload_site)}: {scan.problems[:5]}"
        if path.parent.name != "maps":  # map documents: see test_map_documents_and_svg_twins_carry_text_only
            assert not any("__pwned" in script for script in scan.scripts), path


def test_titles_and_metadata_stay_escaped(payload_site):
    for path in html_files(payload_site):
        text = path.read_text(encoding="utf-8")
        for title in re.findall(r"<title>(.*?)</title>", text, re.S):
            assert "<" not in title, f"{path}: raw markup in <title>: {title[:120]}"
        for content in re.findall(r'<meta [^>]*content="([^"]*)"', text):
            assert "<" not in content, path
        # Text is escaped once, never twice: readers see '<script>', not '&lt;script&gt;', in text, titles
        # and code alike.
        # (A URL typed as '&#106;avascript:' stays that literal, harmless, relative URL.)
        shown = re.sub(r"""\s(href|src)=("[^"]*"|'[^']*')""", "", text)
        if path.parent.name in ("guarantees", "benchmarks"):  # hand-written pages quote entities in code
            shown = re.sub(r"<code>.*?</code>", "", shown, flags=re.S)
        assert "&amp;lt;" not in shown and "&amp;#" not in shown, f"{path}: double-escaped text"
    china = (payload_site / "countries/china/index.html").read_text(encoding="utf-8")
    assert re.search(r'<h1[^>]*>&lt;script&gt;window.__pwned=(&quot;|")china.name(&quot;|")&lt;/script&gt;', china)
    assert '<title>&lt;script&gt;window.__pwned=&quot;china.name&quot;' in china
    assert "&lt;/title&gt;&lt;/textarea&gt;" in china


def test_dangerous_links_and_remote_images_are_dropped(payload_site):
    for path in html_files(payload_site):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*(java|vb)script:""", text, re.I), path
        for src in re.findall(r'<(?:img|iframe)\b[^>]*\s(?:data-)?src="([^"]*)"', text):
            # read as a browser would: '\\evil.example\\p.png' is a path on this site, '//evil…' is not
            assert same_site(html.unescape(src), None), f"{path}: media from another host: {src}"
    summary = (payload_site / "index.html").read_text(encoding="utf-8")
    assert "click meta.summary" in summary  # the link text stays, without its target
    assert "tracker" in summary or "evil.example/t.png" not in summary


def test_attr_list_and_templates_stay_literal(payload_site):
    hits = 0
    for path in payload_site.rglob("*"):
        if path.suffix not in (".html", ".svg", ".json", ".xml") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        assert "1337" not in text, f"{path}: a '{{{{ 7*191 }}}}' payload was evaluated"
        hits += "{{ 7*191 }}" in text
    assert hits >= 5, "the template payload should be shown as typed"
    china = (payload_site / "countries/china/index.html").read_text(encoding="utf-8")
    assert 'id="evil"' not in china and 'class="x"' not in china
    assert "{: onclick=" in china.replace("&quot;", '"')


def test_search_index_holds_text_not_markup(payload_site):
    index = json.loads((payload_site / "search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            tags = set(re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", doc[key]))
            assert not tags & {"script", "img", "svg", "iframe", "b", "textarea", "title", "object"}, (doc["location"], tags)
            assert not re.search(r"<[^>]*\son\w+\s*=", doc[key]), doc["location"]
    assert any("window.__pwned" in doc["text"] for doc in index["docs"])


def test_map_documents_and_svg_twins_carry_text_only(payload_site):
    for path in sorted((payload_site / "maps").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        # Every '<' inside a JSON string is our own markup for popups, tooltips and the legend.
        assert set(re.findall(r"\\u003c/?([a-zA-Z0-9]+)", text)) <= {"div", "span", "strong", "a", "br"}, path
        assert "__pwned" in text  # the labels are there, as text
    for path in sorted((payload_site / "maps").glob("*.svg")):
        root = ET.parse(path).getroot()
        ns = "{http://www.w3.org/2000/svg}"
        allowed = {f"{ns}{t}" for t in ("svg", "title", "rect", "path", "line", "circle", "text", "g")}
        assert {el.tag for el in root.iter()} <= allowed, path
        assert all(not k.startswith("on") for el in root.iter() for k in el.attrib), path
        texts = " ".join(el.text or "" for el in root.iter(f"{ns}title"))
        assert "<script>window.__pwned=" in texts  # shown as typed, parsed as text


def test_rtl_combining_and_long_words_survive(payload_site):
    china = (payload_site / "countries/china/index.html").read_text(encoding="utf-8")
    assert "\u202eevil\u202c" in china and "Z\u0337\u0322\u0349a\u0338\u035c" in china
    bloc = (payload_site / "countries/bloc/index.html").read_text(encoding="utf-8")
    assert LONG_WORD in bloc
