"""One print HTML document from the site's pages, in navigation order.

Each page's content, as the build produced it (the hook's on_page_content, after glossary linking and
sanitising: no theme around it), becomes a chapter. Web-only parts go (headerlink anchors, pagers, blocks
marked `briefing-noprint`/`briefing-web-only`, scripts, iframes); every id gets the chapter's prefix so ids of
different pages cannot collide; links to pages of the briefing become in-document anchors (`#<prefix>--<id>`,
or the chapter when the fragment is unknown), links to other sites stay clickable, links to anything else
(the PDF itself, a full-screen map) lose their link and keep their text. Maps keep only their static SVG
twin, referenced as a file of the site so that WeasyPrint draws it as vector graphics. Glossary mentions
become plain text (`<abbr>`) or a light link to the glossary entry (`<a class="briefing-term">`): their
tooltips do not print, the glossary appendix carries the definitions.

Text from the rendered pages is already escaped; the cover and contents come from the autoescaped template
cover.html.j2, and everything else added here (metadata, kickers) is escaped with escape.pdf_text.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit

import jinja2

try:  # WeasyPrint >= 63 parses with tinyhtml5, older versions with html5lib: use whichever came with it
    from tinyhtml5 import parse as _parse_html
except ImportError:  # pragma: no cover
    import html5lib

    def _parse_html(text: str, namespace_html_elements: bool = False):
        return html5lib.parse(text, namespaceHTMLElements=namespace_html_elements)

from .. import escape
from ..briefing import Briefing
from ..dates import parse_date
from ..escape import pdf_text
from ..index import Index
from ..textfit import shorten

# The cover and contents pages: with print.css, all a change to the PDF's look needs to touch.
COVER_TEMPLATE = Path(__file__).with_name("cover.html.j2")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
DROP_TAGS = {"script", "style", "iframe", "object", "embed", "form", "button", "input", "select", "textarea",
             "nav", "template", "link", "meta", "noscript", "dialog", "video", "audio"}
# The toc extension's permalinks, then our own: briefing-noprint marks web-only bits, briefing-web-only whole
# web-only blocks. Material's chrome (edit buttons, source-file dates, feedback) is not in a page's content;
# briefing-pdf-link and briefing-freshness are only in our theme overrides today, kept for content that uses them.
DROP_CLASSES = {"headerlink", "briefing-pdf-link", "briefing-pager", "briefing-freshness", "briefing-noprint",
                "briefing-web-only"}
DROP_ATTRS = {"loading", "decoding", "srcset", "sizes", "target", "tabindex", "data-md-component", "markdown"}
LINK_SCHEMES = ("http", "https", "mailto")
XLINK = "{http://www.w3.org/1999/xlink}"
XML = "{http://www.w3.org/XML/1998/namespace}"

# A chapter's kind is routes.kind_of its URL; "page" is a hand-written page.
PARTS = {"section": "Source sections", "country": "Counterparts"}
KICKERS = {"home": "Overview", "relations": "Overview", "section": "Source section", "country": "Counterpart",
           "timeline": "Reference", "people": "Reference", "page": "Reference"}
APPENDIX_KINDS = ("glossary", "about")
# Pages with nothing to read on paper: the Data page lists files to download (pages.py's "data.md").
WEB_ONLY_PAGES = {"data"}


# The running heads sit in the top margin (25 mm): a 200-letter title wrapped in its box would grow past
# the page's edge, so they carry a shortened copy; the heading and the outline keep the full text.
TITLE_HEAD_UNITS = 110  # top-left box, 64% of the width: about two lines
CHAPTER_HEAD_UNITS = 60  # top-right box, 36%: about two lines


@dataclass(frozen=True)
class PageContent:
    """One page of the site as the build rendered it, for the print document."""
    url: str  # site-relative URL: '' (home), 'countries/china/'
    title: str  # the page title as the theme prints it (HTML: theme_text escapes briefing text)
    kind: str  # routes.kind_of(url)
    html: str  # the page's content: the Markdown rendered, glossary-linked and sanitised, without the theme


@dataclass
class Chapter:
    url: str
    key: str  # normalised site path, the key links resolve to
    kind: str
    anchor: str  # id of the chapter's <section>; prefix of every id inside it
    title: str = ""  # the page's title (HTML), then the chapter heading's text as printed
    kicker: str = ""  # small line above the heading: "Counterpart", "Appendix A", ...
    label: str = ""  # entry in the contents: "§2 Under China's belt"
    part: str | None = None  # "Counterparts": the group the chapter belongs to, for contents and outline
    ids: set[str] = field(default_factory=set)
    body: ET.Element | None = None


@dataclass
class ChapterHTML:
    """A chapter's print HTML in pieces, so that a long chapter can be laid out a stretch at a time
    (pdfdoc/parts.py): `start` opens the section and carries the kicker, `blocks` are its top-level
    elements (each serialized with its tail), `ids` their ids (None where an element has none)."""
    start: str
    blocks: list[str]
    ids: list[str | None]
    reopen: str  # the same section opened again on a later stretch: no id, no kicker
    end: str = "\n</section>"

    @property
    def html(self) -> str:
        return self.start + "".join(self.blocks) + self.end


@dataclass
class PrintDocument:
    head: str  # the document up to and including <body>
    cover: str
    contents: str
    chapter_html: list[ChapterHTML]
    chapters: list[Chapter]
    missing: list[str]  # nav pages this build did not render (a --dirty build skips unchanged pages)
    tail: str = "\n</body>\n</html>\n"

    @property
    def html(self) -> str:
        """The whole print document, for laying it out in one go."""
        return self.head + "\n".join([self.cover, self.contents, *(c.html for c in self.chapter_html)]) + self.tail


def page_key(path: str) -> str:
    """A site path as links resolve to it: 'countries/china/' and '../china/index.html' -> 'countries/china'."""
    path = posixpath.normpath(path or ".")
    if path == "index.html":
        return "."
    if path.endswith("/index.html"):
        path = path[: -len("/index.html")]
    return path


def document_date(briefing: Briefing) -> dt.datetime:
    """The PDF's creation/modification date: SOURCE_DATE_EPOCH when set, else the briefing's as-of date.

    Never the clock, so that two builds of the same data give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    as_of = parse_date(briefing.meta.as_of)
    day = (as_of.end or as_of.start).last_day()
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


class Assembler:
    def __init__(self, site_dir: Path, nav: Iterable[str], pages: Iterable[PageContent], briefing: Briefing,
                 index: Index):
        """`nav`: the site's page URLs in navigation order; `pages`: the rendered ones (any order)."""
        self.site_dir = Path(site_dir)
        self.briefing = briefing
        self.index = index
        self.missing: list[str] = []
        self.chapters: list[Chapter] = []
        self.by_key: dict[str, Chapter] = {}
        self._articles: dict[str, ET.Element] = {}
        rendered = {page.url: page for page in pages}
        for number, url in enumerate(nav):
            key = page_key(url)
            if key in self.by_key or key in WEB_ONLY_PAGES:
                continue
            page = rendered.get(url)
            if page is None:
                self.missing.append(url)
                continue
            article = self._parse(page)
            slug = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "home"
            chapter = Chapter(url=url, key=key, kind=page.kind, anchor=f"p{number:02d}-{slug}", title=page.title)
            chapter.ids = {el.get("id") for el in article.iter() if isinstance(el.tag, str) and el.get("id")}
            self.chapters.append(chapter)
            self.by_key[key] = chapter
            self._articles[key] = article

    # -- reading -----------------------------------------------------------------------------------
    def _parse(self, page: PageContent) -> ET.Element:
        """The page's content as a tree under one element (`<body>`). Content without an `<h1>` gets one
        with the page's title first, as on the site, where the theme's template adds it."""
        body = _parse_fragment(page.html)
        if next(body.iter("h1"), None) is None:
            body.insert(0, self._title_heading(page.title))
        return body

    def _title_heading(self, title: str) -> ET.Element:
        """`<h1>` with a page title as Material's template prints it: the title as it is (HTML; theme_text
        escapes briefing text), or the site's name for a page without one."""
        title = title or escape.theme_text(self.briefing.meta.title)
        return _parse_fragment(f"<h1>{title}</h1>").find("h1")

    # -- building ----------------------------------------------------------------------------------
    def assemble(self) -> PrintDocument:
        appendix = 0
        for chapter in self.chapters:
            article = self._articles[chapter.key]
            self._clean(article, chapter)
            if chapter.kind == "home":
                self._home(article, chapter)
            elif chapter.kind == "glossary":
                self._glossary(article)
            heading = next(article.iter("h1"), None)
            if heading is None:  # its only <h1> was web-only: contents and outline still need a heading
                heading = ET.Element("h1")
                heading.text = _text(self._title_heading(chapter.title))
                article.insert(0, heading)
            chapter.title = _text(heading).strip() or chapter.title
            chapter.part = PARTS.get(chapter.kind)
            if chapter.kind in APPENDIX_KINDS or (appendix and chapter.kind == "page"):
                appendix += 1
                chapter.kicker = f"Appendix {_letter(appendix)}"
            else:
                chapter.kicker = KICKERS.get(chapter.kind, "")
            chapter.label = chapter.title
            if chapter.kind == "section":
                number = self.index.section_number.get(chapter.key.split("/")[-1])
                if number is not None:
                    chapter.kicker = f"Source section §{number}"
                    chapter.label = f"§{number} {chapter.title}"
            heading.set("data-label", chapter.label)  # outline entry
            heading.set("data-running", shorten(chapter.label, CHAPTER_HEAD_UNITS))
            chapter.body = article
        self._retarget_dangling()
        return PrintDocument(head=self._head(), cover=self._cover(), contents=self._contents(),
                             chapter_html=[self._chapter(c) for c in self.chapters], chapters=self.chapters,
                             missing=self.missing)

    def _retarget_dangling(self) -> None:
        """A link to an element the print document left out (a web-only block) points at its chapter."""
        ids = {el.get("id") for c in self.chapters for el in c.body.iter() if isinstance(el.tag, str) and el.get("id")}
        ids |= {c.anchor for c in self.chapters}
        for chapter in self.chapters:
            for link in chapter.body.iter("a"):
                href = link.get("href", "")
                if href.startswith("#") and href[1:] not in ids:
                    link.set("href", "#" + href[1:].split("--", 1)[0])

    def _home(self, article: ET.Element, chapter: Chapter) -> None:
        """The home page opens with the title, subtitle and as-of line, which the cover already shows:
        the chapter starts at its first subheading (the summary), printed as 'Executive summary'. Its
        web-only blocks (section cards, latest events; marked `briefing-web-only` in the template) have
        gone with the rest of the chrome (DROP_CLASSES)."""
        first_h2 = next((el for el in article if el.tag == "h2"), None)
        if first_h2 is None:
            return
        for child in list(article):
            if child is first_h2:
                break
            _drop(article, list(article).index(child))
        first_h2.tag = "h1"
        for child in list(first_h2):
            first_h2.remove(child)
        first_h2.text = "Executive summary"

    def _glossary(self, article: ET.Element) -> None:
        """The glossary's intro speaks of hovering: on paper the marked terms are defined here."""
        for p in article.iter("p"):
            if "briefing-asof" in _classes(p):
                count = len(self.briefing.terms)
                p.text = (f"{count} term{'s' if count != 1 else ''}. In the text, a dotted underline marks a term "
                          "defined here, and links to its entry.")
                for child in list(p):
                    p.remove(child)
                break

    def _clean(self, parent: ET.Element, chapter: Chapter) -> None:
        i = 0
        while i < len(parent):
            child = parent[i]
            if not isinstance(child.tag, str) or self._unwanted(child):
                _drop(parent, i)
                continue
            if "briefing-map" in _classes(child):
                self._map(child, chapter)
            self._clean(child, chapter)
            if _local(child.tag) == "bdi":
                # WeasyPrint lays a <bdi> out as boxes of its own, one per line, and an override inside
                # it restarts reversed on each line; the isolate characters reach Pango with the text.
                _as_isolate_characters(child)
                n = len(child)
                _unwrap(parent, i)
                i += n
                continue
            keep = self._attributes(child, chapter)
            if not keep:
                n = len(child)
                _unwrap(parent, i)
                i += n
                continue
            if child.tag == "img" and not child.get("src"):
                _drop(parent, i)
                continue
            if child.tag == "p":
                _lead_paragraph(child)
            i += 1

    def _unwanted(self, el: ET.Element) -> bool:
        tag = _local(el.tag)
        if tag in DROP_TAGS:
            return True
        return bool(DROP_CLASSES & _classes(el))

    def _map(self, figure: ET.Element, chapter: Chapter) -> None:
        """A map: the interactive <iframe> goes (DROP_TAGS), the SVG twin is shown whatever the site's
        CSS said about it, and the caption loses its link to the interactive map ("Open the map on its
        own."), which has no place on paper."""
        for img in figure.iter("img"):
            if "briefing-map__svg" in _classes(img):
                img.attrib.pop("hidden", None)
                img.attrib.pop("style", None)
        for caption in figure.iter("figcaption"):
            i = 0
            while i < len(caption):
                link = caption[i]
                if link.tag == "a" and link.get("href") is not None and self._link(link.get("href"), chapter) is None:
                    before = (caption[i - 1].tail if i else caption.text) or ""
                    tail = re.sub(r"^[\s.]*", "", link.tail or "")
                    link.tail = tail
                    if i:
                        caption[i - 1].tail = before.rstrip() + (" " if tail else "")
                    else:
                        caption.text = before.rstrip() + (" " if tail else "")
                    _drop(caption, i)
                    continue
                i += 1

    def _attributes(self, el: ET.Element, chapter: Chapter) -> bool:
        """Rewrite ids, links and image sources in place; False: unwrap the element (keep its content)."""
        tag = _local(el.tag)
        classes = _classes(el)
        for name in list(el.attrib):
            if name in DROP_ATTRS or name.startswith("data-md-") or (name == "title" and "briefing-term" in classes):
                del el.attrib[name]
        if el.get("id"):
            el.set("id", f"{chapter.anchor}--{el.get('id')}")
        if tag == "abbr" and "briefing-term" in classes:
            return False  # a repeated mention: plain text in print
        if "briefing-print-flow" in classes:
            # a web-only wrapper (filters, year groups): in print its children are the chapter's blocks,
            # so a long timeline can be laid out a stretch at a time (pdfdoc/parts.py) and not as one block
            return False
        if tag == "a":
            href = el.get("href")
            if href is None:
                return bool(el.get("id"))
            target = self._link(href, chapter)
            if target is None:
                del el.attrib["href"]
                return bool(el.get("id"))
            el.set("href", target)
            if target.startswith(("http:", "https:")):
                classes.add("external")
                el.set("class", " ".join(sorted(classes)))
        elif tag == "img":
            src = self._asset(el.get("src", ""), chapter)
            if src is None:
                el.attrib.pop("src", None)
            else:
                el.set("src", src)
        elif tag in ("use", "image") and el.get(f"{XLINK}href", "").startswith(("http:", "https:", "//")):
            del el.attrib[f"{XLINK}href"]
        return True

    def _resolve(self, path: str, chapter: Chapter) -> str:
        base = chapter.url if (not chapter.url or chapter.url.endswith("/")) else posixpath.dirname(chapter.url) + "/"
        return posixpath.normpath(posixpath.join(base or ".", path))

    def _link(self, href: str, chapter: Chapter) -> str | None:
        """In-document anchor, the external address, or None (unlink)."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return href if parts.scheme.lower() in LINK_SCHEMES else None
        fragment = unquote(parts.fragment)
        if parts.path:
            target = self.by_key.get(page_key(self._resolve(unquote(parts.path), chapter)))
        else:
            target = chapter
        if target is None:
            return None
        if fragment and fragment in target.ids:
            return f"#{target.anchor}--{fragment}"
        return f"#{target.anchor}"

    def _asset(self, src: str, chapter: Chapter) -> str | None:
        """An image as a path relative to the site's root (the document's base URL), if it is a file of the
        site; None otherwise (images from other hosts are never fetched)."""
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        path = self._resolve(unquote(parts.path), chapter)
        if path.startswith("../") or path == ".." or posixpath.isabs(path):
            return None
        if not (self.site_dir / path).is_file():
            return None
        return path

    # -- output ------------------------------------------------------------------------------------
    def _head(self) -> str:
        meta = self.briefing.meta
        when = document_date(self.briefing).strftime("%Y-%m-%dT%H:%M:%SZ")
        keywords = [meta.focal.name, *(c.name for c in self.briefing.countries.values()), "briefing"]
        description = meta.subtitle or meta.title
        source = meta.sources[0]
        head = [
            '<meta charset="utf-8">',
            f"<title>{_esc(meta.title)}</title>",
            f'<meta name="author" content="{_attr(meta.publisher or source.publisher)}">',
            f'<meta name="description" content="{_attr(description)}">',
            f'<meta name="keywords" content="{_attr(", ".join(k.replace(",", " ") for k in keywords))}">',
            '<meta name="generator" content="briefing (MkDocs + WeasyPrint)">',
            f'<meta name="dcterms.created" content="{when}">',
            f'<meta name="dcterms.modified" content="{when}">',
        ]
        return '<!DOCTYPE html>\n<html lang="en">\n<head>\n' + "\n".join(head) + "\n</head>\n<body>\n"

    def _cover(self) -> str:
        meta = self.briefing.meta
        return str(_template().module.cover(meta, len(self.briefing.countries), shorten(meta.title, TITLE_HEAD_UNITS)))

    def _contents(self) -> str:
        parts = [(part, list(chapters)) for part, chapters in itertools.groupby(self.chapters, key=lambda c: c.part)]
        return str(_template().module.contents(parts))

    def _chapter(self, chapter: Chapter) -> ChapterHTML:
        assert chapter.body is not None
        first_in_part = chapter.part is not None and (
            self.chapters.index(chapter) == 0 or self.chapters[self.chapters.index(chapter) - 1].part != chapter.part
        )
        classes = ["chapter", f"chapter--{chapter.kind}"]
        if chapter.part:
            classes.append("chapter--in-part")
        kicker_classes = "chapter__kicker" + (" part-start" if first_in_part else "")
        part_attr = f' data-part="{_attr(chapter.part)}"' if first_in_part else ""
        blocks, ids = [], []
        for child in chapter.body:
            out: list[str] = []
            serialize(child, out)
            if out:
                blocks.append("".join(out))
                ids.append(child.get("id") if isinstance(child.tag, str) else None)
        return ChapterHTML(
            start=(f'<section class="{" ".join(classes)}" id="{chapter.anchor}">\n'
                   f'<p class="{kicker_classes}"{part_attr}>{_esc(chapter.kicker)}</p>\n'
                   + (_esc(chapter.body.text) if chapter.body.text else "")),
            blocks=blocks, ids=ids, reopen=f'<section class="{" ".join(classes)}">\n',
        )


def _template() -> jinja2.Template:
    """COVER_TEMPLATE: the cover and contents pages, autoescaped (briefing text prints as text). Loaded
    afresh when the file has changed, like print.css: `mkdocs serve` shows an edit at its next build."""
    return _environment().get_template(COVER_TEMPLATE.name)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(COVER_TEMPLATE.parent)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=lambda value: "" if value is None else value,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["human"] = lambda text: parse_date(text).human()
    return env


def assemble(site_dir: Path, nav: Iterable[str], pages: Iterable[PageContent], briefing: Briefing,
             index: Index) -> PrintDocument:
    """The print document of the rendered `pages`, in the order of `nav` (page URLs); `site_dir` holds the
    built site, whose images and map twins the document refers to."""
    return Assembler(site_dir, nav, pages, briefing, index).assemble()


# -- ElementTree helpers ------------------------------------------------------------------------------
def _parse_fragment(fragment: str) -> ET.Element:
    """An HTML fragment, parsed as the content of a page's <body>: the <body> element."""
    return _parse_html(f"<!DOCTYPE html><html><body>{fragment}</body></html>", namespace_html_elements=False).find("body")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _classes(el: ET.Element) -> set[str]:
    return set(el.get("class", "").split())


def _text(el: ET.Element) -> str:
    return "".join(el.itertext())


def _add_text(parent: ET.Element, index: int, text: str | None) -> None:
    """Append text where the child at `index` starts: to the previous sibling's tail or the parent's text."""
    if not text:
        return
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text


def _drop(parent: ET.Element, index: int) -> None:
    child = parent[index]
    parent.remove(child)
    _add_text(parent, index, child.tail)


def _as_isolate_characters(el: ET.Element) -> None:
    """FSI before the element's text and PDI after it: the same isolation without the element."""
    el.text = "\u2068" + (el.text or "")
    if len(el):
        el[-1].tail = (el[-1].tail or "") + "\u2069"
    else:
        el.text += "\u2069"


def _unwrap(parent: ET.Element, index: int) -> None:
    child = parent[index]
    kids = list(child)
    tail = child.tail
    parent.remove(child)
    _add_text(parent, index, child.text)
    for offset, kid in enumerate(kids):
        parent.insert(index + offset, kid)
    _add_text(parent, index + len(kids), tail)


def _lead_paragraph(p: ET.Element) -> None:
    """<p><strong>…</strong></p> -> <p class="lead">…</p>. Same look; it also avoids a WeasyPrint line-breaking
    bug with an inline box (a link) nested in another (the strong) at a line's end, which broke such
    paragraphs after their first word."""
    if len(p) != 1 or (p.text or "").strip() or p[0].tag != "strong" or (p[0].tail or "").strip():
        return
    strong = p[0]
    p.set("class", " ".join(sorted(_classes(p) | {"lead"})))
    _unwrap(p, 0)
    p.text = (p.text or "").lstrip()
    if len(p):
        p[-1].tail = (p[-1].tail or "").rstrip()
    else:
        p.text = p.text.rstrip()
    del strong


def _letter(n: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(n - 1) % 26]


def _esc(text: str | None) -> str:
    return pdf_text(text)


def _attr(text: str | None) -> str:
    return pdf_text(text)


def _attr_name(name: str) -> str:
    if name.startswith(XLINK):
        return "xlink:" + name[len(XLINK):]
    if name.startswith(XML):
        return "xml:" + name[len(XML):]
    return _local(name)


def serialize(el: ET.Element, out: list[str]) -> None:
    tag = _local(el.tag)
    if not tag:
        return
    attrs = "".join(f' {_attr_name(k)}="{_attr(v)}"' for k, v in el.attrib.items())
    out.append(f"<{tag}{attrs}>")
    if tag in VOID:
        if el.tail:
            out.append(_esc(el.tail))
        return
    if el.text:
        out.append(_esc(el.text))
    for child in el:
        serialize(child, out)
    out.append(f"</{tag}>")
    if el.tail:
        out.append(_esc(el.tail))

