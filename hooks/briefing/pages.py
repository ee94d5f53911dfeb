"""Generated Markdown pages: one function of (briefing, index) per page, rendered from Jinja templates.

Templates output Markdown. Every `{{ value }}` is escaped as plain text unless a filter says which
context it lands in (escape.py's table): `md` and `md_line` for Markdown fields (alone, or continuing a
template line), `html` for text inside our own inline HTML, `attr` for an attribute value, `raw` for our
own markup.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from functools import lru_cache

import jinja2
from markupsafe import Markup

from . import board, cachesign, escape, published, routes
from .briefing import Briefing
from .dates import parse_date
from .index import TREND_ARROWS, Index
from .relmaps import cache_dir, embed
from .routes import relative, uri

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class PageSpec:
    src_uri: str          # e.g. "countries/china.md"
    title: str            # plain text, for the nav
    markdown: str
    edit_file: Path | None  # the YAML file behind the page
    kind: str             # home, section, country, relations, timeline, glossary, people, about


def _finalize(value: object) -> str:
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    return escape.md_text(value)


class _SignedBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, but an entry must verify (cachesign) before it is unpickled and run: Jinja
    itself crashes on a truncated file (UnpicklingError) and would run a planted one."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            with open(self._get_cache_filename(bucket), "rb") as handle:
                body = cachesign.verify(handle.read())
        except OSError:
            return
        if body is None:
            return
        try:
            bucket.bytecode_from_string(body)
        except Exception:  # a verified entry from another Python version: compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        name = self._get_cache_filename(bucket)
        tmp = f"{name}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as handle:
                handle.write(cachesign.sign(bucket.bytecode_to_string()))
            os.replace(tmp, name)
        except OSError:
            pass  # a read-only or full disk only costs speed


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept beside the map cache (Jinja checks each template's source checksum)."""
    maps = cache_dir()
    if maps is None:
        return None
    try:
        folder = maps.parent / "templates"
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _SignedBytecodeCache(str(folder), "__briefing_%s.cache")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=_bytecode_cache(),
        autoescape=False,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda text: Markup(escape.md_block(text))
    env.filters["md_line"] = lambda text: Markup(escape.md_in_line(text))
    env.filters["raw"] = Markup
    # Our inline HTML may land in a raw HTML block or inside a Markdown line, which Markdown still parses
    # (links, attribute lists): text_html is inert in both, attr would only be safe in the first.
    env.filters["html"] = lambda text: Markup(escape.html_text(text))
    env.filters["attr"] = lambda text: Markup(escape.html_attr(text))  # inside a double-quoted attribute
    env.filters["yaml"] = lambda text: Markup(escape.front_matter(text))
    env.filters["human"] = lambda text: parse_date(text).human()
    env.filters["describe"] = lambda text: escape.first_sentence(text)
    return env


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    """Built on first use, not at import: the bytecode cache folder is created under the working
    directory, which importing the package must not touch."""
    return _environment()


class Renderer:
    def __init__(self, briefing: Briefing, index: Index, maps: dict | None = None):
        self.b = briefing
        self.ix = index
        self.maps = maps or {}

    def _context(self, page_uri: str) -> dict:
        def link(kind: str, item_id: str | None = None, anchor: str | None = None) -> Markup:
            target = uri(kind, item_id) + (f"#{anchor}" if anchor else "")
            return Markup(relative(page_uri, target))

        def src(refs: list[str]) -> Markup:
            marks = []
            for ref in refs:
                section_id = self.b.section_id(ref)
                section = self.ix.sections_by_id[section_id]
                number = self.ix.section_number[section_id]
                label = section.title
                if len(self.b.meta.sources) > 1:  # name the source too: which report is §3?
                    label = f"{self.b.source_of(section).title}, {label}"
                title = escape.md_link_title(f"Source: {label}")
                marks.append(f'[§{number}]({relative(page_uri, uri("section", section_id))} "{title}")')
            return Markup('<span class="briefing-src" markdown>' + " ".join(marks) + "</span>")

        def refs_of(claims) -> list[str]:
            """The sections a group of claims cites, in article order, for a summary's source line."""
            cited = {self.b.section_id(ref) for claim in claims for ref in claim.ref}
            return sorted(cited, key=lambda ref: (self.ix.section_number[ref], ref))

        def level_badge(level_id: str) -> Markup:
            level = self.ix.levels[level_id]
            return Markup(
                f'<span class="briefing-level" style="--briefing-level: {level.colour}">{escape.html_text(level.label)}</span>'
            )

        def trend_badge(trend: str) -> Markup:
            return Markup(
                f'<span class="briefing-trend briefing-trend--{trend}">{TREND_ARROWS[trend]} {trend.capitalize()}</span>'
            )

        return {
            "b": self.b,
            "meta": self.b.meta,
            "ix": self.ix,
            "link": link,
            "event_anchor": routes.event_anchor,
            "src": src,
            "refs_of": refs_of,
            "level_badge": level_badge,
            "trend_badge": trend_badge,
            "map": lambda map_id: Markup(embed(self.maps[map_id], routes.depth(page_uri)) if map_id in self.maps else ""),
            "as_of": parse_date(self.b.meta.as_of).human(),
            "sources": self.b.meta.sources,
            "source_of": self.b.source_of,
            **published.template_context(self.b, self.ix, page_uri),
        }

    def render(self, template: str, page_uri: str, **extra) -> str:
        return _env().get_template(template).render(**self._context(page_uri), page_uri=page_uri, **extra)

    def pages(self) -> list[PageSpec]:
        b, o = self.b, self.b.origin
        meta_file = o("briefing", b.meta.id).file
        specs = [
            PageSpec("index.md", "Home", self.render("home.md.j2", "index.md", board=board.status_rows(self.ix), latest=board.latest_developments(self.ix)), meta_file, "home"),
            PageSpec("relations.md", "Relations", self.render("relations.md.j2", "relations.md"), meta_file, "relations"),
        ]
        for section in b.sections:
            page = uri("section", section.id)
            specs.append(PageSpec(page, section.title, self.render("section.md.j2", page, section=section), o("section", section.id).file, "section"))
        for country in self.ix.countries_ranked:
            page = uri("country", country.id)
            specs.append(PageSpec(page, country.name, self.render("country.md.j2", page, c=country), o("country", country.id).file, "country"))
        timeline_file = o("event", b.events[0].id).file if b.events else None
        people_file = o("person", next(iter(b.people))).file if b.people else None
        specs += [
            PageSpec("timeline.md", "Timeline", self.render("timeline.md.j2", "timeline.md"), timeline_file, "timeline"),
            PageSpec("people.md", "People", self.render("people.md.j2", "people.md"), people_file, "people"),
            PageSpec("glossary.md", "Glossary", self.render("glossary.md.j2", "glossary.md"), None, "glossary"),
            PageSpec("about.md", "About", self.render("about.md.j2", "about.md"), meta_file, "about"),
        ]
        data_page = self.render("data.md.j2", "data.md", **published.data_page_context(b, self.ix, self.maps))
        specs.append(PageSpec("data.md", "Data", data_page, meta_file, "data"))
        return [_with_html_title(spec) for spec in specs]


def _with_html_title(spec: PageSpec) -> PageSpec:
    """Front matter `title:`, escaped, because Material's <title> otherwise uses `page.title | striptags`,
    and striptags turns '&lt;' back into '<' (a name like '</title><script>' would run)."""
    if spec.kind == "home" or not spec.markdown.startswith("---\n"):
        return spec
    line = f"title: {escape.front_matter(spec.title)}\n"
    return replace(spec, markdown="---\n" + line + spec.markdown[len("---\n"):])


def render_pages(briefing: Briefing, index: Index, maps: dict | None = None) -> list[PageSpec]:
    return Renderer(briefing, index, maps).pages()

