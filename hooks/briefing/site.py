"""One MkDocs build of a briefing, as plain methods the hook file calls at each event.

Kept free of MkDocs imports at module level so tests can drive the same steps; the MkDocs objects
it receives (config, files, page) are used only through their public attributes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import posixpath
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import escape, freshness, published, relmaps, routes, sanitize, social
from .dates import parse_date
from .briefing import Briefing
from .termuse import linker_for
from .index import Index, build_index
from .pages import PageSpec, render_pages
from .parallel import render_maps
from .validate import load_briefing

log = logging.getLogger("mkdocs.briefing")

ASSETS = Path(__file__).parent / "assets"
CSS_URI = "assets/briefing/briefing.css"
# Kept apart in the repository (the engine's rules, issue 14's additions) and published as one file:
# each stylesheet is a request that holds up the first paint.
STYLESHEETS = ("briefing.css", "extras.css")

NAV_FLAT_LIMIT = 40  # counterparts listed flat in the nav up to this many, grouped by level beyond
_LINKED: dict[str, tuple[str, tuple[str, ...]]] = {}  # page HTML in -> linked HTML and terms used, across rebuilds
_USED_IN = re.compile(r'<span data-briefing-used-in="([a-z0-9-]+)"></span>')


def stylesheet() -> str:
    """The one stylesheet pages link (CSS_URI)."""
    return "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in STYLESHEETS)


def pdf_requested() -> bool:
    return os.environ.get("BRIEFING_PDF", "").strip().lower() in ("1", "true", "yes", "on")


def data_dir_for(config_file: str | os.PathLike | None) -> Path:
    """BRIEFING_DATA wins; otherwise `data/` beside mkdocs.yml."""
    chosen = os.environ.get("BRIEFING_DATA")
    base = Path(config_file).resolve().parent if config_file else Path.cwd()
    if chosen:
        path = Path(chosen)
        return path if path.is_absolute() else (Path.cwd() / path)
    return base / "data"


class SiteBuild:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.briefing: Briefing = load_briefing(data_dir)
        self.index: Index = build_index(self.briefing)
        self.maps = {spec.id: spec for spec in relmaps.all_specs(self.briefing, self.index)}
        self.pages: list[PageSpec] = []
        self.published: dict[str, str] = {}
        self.linker = linker_for(self.briefing)
        self.linker_key = hashlib.sha256(repr(sorted(self.linker.terms.items())).encode()).hexdigest()
        self.linked_keys: set[str] = set()
        self.usage: dict[str, dict[str, tuple[str, str]]] = {}  # term -> page url -> (title, url)
        self.glossary_url = routes.url("glossary")
        self.nav_urls: list[str] = []  # page URLs in navigation order, for the PDF
        self.pdf_name = f"{self.briefing.meta.id}.pdf" if pdf_requested() else None
        # url -> (title, content) of each page this build rendered, for the PDF: the same strings MkDocs
        # keeps as page.content until the build ends, so they cost no memory of their own
        self.rendered: dict[str, tuple[str, str]] = {}
        self.site_url: str | None = None
        self.rendered_maps: list = []  # relmaps.RenderedMap of every map, in self.maps' order (configure)

    # -- config ---------------------------------------------------------------------------------
    def configure(self, config: Any) -> None:
        meta = self.briefing.meta
        # Material prints these raw in text and <meta> attributes, and `| e`s site_name in title attributes:
        # escaped once and marked safe, they show as typed in both.
        config["site_name"] = escape.theme_text(meta.title)
        if meta.subtitle:
            config["site_description"] = escape.theme_text(meta.subtitle)
        self.site_url = config.get("site_url")
        config["extra_css"] = [CSS_URI, *[c for c in config["extra_css"] if c != CSS_URI]]
        config["extra"]["briefing_pdf"] = self.pdf_name
        # Every map now, on every core: the Data page lists the SVG twins' sizes, and its template would
        # otherwise draw the missing maps one by one (relmaps.render answers from memory after this).
        self.rendered_maps = render_maps(list(self.maps.values()))
        self.pages = render_pages(self.briefing, self.index, self.maps)
        fresh = freshness.freshness(self.briefing)
        config["extra"]["briefing_reader"] = {  # read by overrides/main.html: freshness and sharing
            "as_of": parse_date(meta.as_of).human(),
            "stale": fresh.notice(),
            "images": social.page_images(self.pages, set(self.maps)),
            "image": social.image_uri("overview"),
        }
        published.configure(config, self.briefing, self.index)  # issue 14: data, feed, charts, history
        self.published = published.site_files(self.briefing, self.index, config["site_url"] or "")
        config["nav"] = self._nav(Path(config["docs_dir"]))
        self._data_folder_links(config)

    def _data_folder_links(self, config: Any) -> None:
        """`mkdocs serve` watches the briefing's own folder, wherever it is; edit links point into it only
        where they can be right: the folder's `edit_url`, else the site's repository when the folder is in it."""
        watched = {Path(w).resolve() for w in config["watch"]}
        if self.data_dir.resolve() not in watched:
            config["watch"].append(str(self.data_dir))
        repo_root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        self.edit_base: Path | None = None
        if self.briefing.meta.edit_url:
            url = self.briefing.meta.edit_url
            config["edit_uri"] = url if url.endswith("/") else url + "/"
            self.edit_base = self.data_dir.resolve()
        elif config.get("edit_uri") and self.data_dir.resolve().is_relative_to(repo_root):
            self.edit_base = Path(config["docs_dir"]).resolve()
        # else: a folder outside the repository with no edit_url: no edit button rather than a 404

    def _nav(self, docs_dir: Path) -> list:
        def entry(spec: PageSpec) -> dict:
            return {escape.theme_text(spec.title): spec.src_uri}

        by_kind: dict[str, list[PageSpec]] = {}
        for spec in self.pages:
            by_kind.setdefault(spec.kind, []).append(spec)
        handwritten = sorted(
            p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md") if p.is_file()
        ) if docs_dir.is_dir() else []
        generated = {spec.src_uri for spec in self.pages}
        about = [entry(by_kind["about"][0])] + [entry(s) for s in by_kind.get("data", [])]
        about += [h for h in handwritten if h not in generated]
        return [
            entry(by_kind["home"][0]),
            entry(by_kind["relations"][0]),
            {"Sections": [entry(s) for s in by_kind.get("section", [])]},
            {"Counterparts": self._counterparts_nav([entry(s) for s in by_kind.get("country", [])])},
            entry(by_kind["timeline"][0]),
            entry(by_kind["people"][0]),
            entry(by_kind["glossary"][0]),
            {"About": about},
        ]

    def _counterparts_nav(self, entries: list[dict]) -> list:
        """The profiles flat when they are few; grouped by ladder level (same order) when there are
        many. Material renders the nav into every page and navigation.prune drops only the groups a
        page is not in, so a flat list of 250 profiles would put 250 links into each of 250 pages."""
        if len(entries) <= NAV_FLAT_LIMIT:
            return entries
        level_of = {routes.uri("country", c.id): self.index.levels[c.level].label for c in self.index.countries_ranked}
        groups: dict[str, list[dict]] = {}
        for item in entries:
            label = level_of[next(iter(item.values()))]
            groups.setdefault(escape.theme_text(label), []).append(item)
        return [{Markup(f"{label} ({len(items)})"): items} for label, items in groups.items()]

    # -- files ----------------------------------------------------------------------------------
    def add_files(self, files: Any, config: Any) -> Any:
        from mkdocs.structure.files import File  # only needed inside a real build

        docs_dir = Path(config["docs_dir"])
        for spec in self.pages:
            existing = files.get_file_from_path(spec.src_uri)
            if existing is not None:
                files.remove(existing)
            generated = File.generated(config, spec.src_uri, content=spec.markdown)
            generated.edit_uri = self._edit_uri(spec.edit_file, docs_dir)
            files.append(generated)
        previews = social.previews_for(self.briefing, [(r.spec.id, r.svg) for r in self.rendered_maps])
        for rendered, preview in zip(self.rendered_maps, previews):
            spec = rendered.spec
            files.append(File.generated(config, f"{relmaps.MAP_DIR}/{spec.id}.html", content=rendered.html))
            files.append(File.generated(config, f"{relmaps.MAP_DIR}/{spec.id}.svg", content=rendered.svg))
            files.append(File.generated(config, social.image_uri(spec.id), content=preview))
        for path, text in sorted(self.published.items()):  # issue 14: open data, feed, step charts
            files.append(File.generated(config, path, content=text))
        from .leaflet import leaflet_assets

        for name, path in sorted(leaflet_assets().items()):
            files.append(File.generated(config, f"{relmaps.LEAFLET_DIR}/{name}", abs_src_path=str(path)))
        for path in sorted(ASSETS.rglob("*")):
            if path.is_file() and path.name not in STYLESHEETS:
                files.append(File.generated(config, "assets/briefing/" + path.relative_to(ASSETS).as_posix(), abs_src_path=str(path)))
        files.append(File.generated(config, CSS_URI, content=stylesheet()))
        return files

    def _edit_uri(self, edit_file: Path | None, docs_dir: Path) -> str | None:
        """The file's path as MkDocs appends it to `edit_uri` (relative to edit_base), or None: no edit link."""
        base = getattr(self, "edit_base", docs_dir)
        if edit_file is None or base is None:
            return None
        return Path(os.path.relpath(Path(edit_file).resolve(), base)).as_posix()

    # -- pages ----------------------------------------------------------------------------------
    def page_content(self, page_html: str, page_url: str, page_title: str) -> str:
        href = _relative_url(self.glossary_url, page_url)
        if page_url == self.glossary_url:
            href = ""
        # `mkdocs serve` rebuilds every page after each edit: pages whose HTML did not change are not
        # sanitised and linked again (the result depends on nothing else: the terms are in linker_key).
        key = hashlib.sha256("\0".join((self.linker_key, self.site_url or "", href, page_html)).encode()).hexdigest()
        found = _LINKED.get(key)
        if found is None:
            clean = sanitize.sanitize(escape.restore_literals(page_html), self.site_url)
            linked, used = self.linker.link(clean, href)
            found = _LINKED[key] = (linked, tuple(used))
        self.linked_keys.add(key)
        linked, used = found
        for term_id in used:
            self.usage.setdefault(term_id, {})[page_url] = (page_title, page_url)
        if self.pdf_name:
            self.rendered[page_url] = (page_title, linked)
        return linked

    def post_template(self, output: str, template_name: str) -> str:
        """Theme pages without Markdown (404.html) get the tooltip guard too."""
        return escape.with_tooltip_guard(output) if template_name.endswith(".html") else output

    def post_page(self, output: str, page_url: str) -> str:
        output = escape.with_tooltip_guard(output)
        if page_url != self.glossary_url:
            return output
        return self._used_in(output, page_url)

    def _used_in(self, output: str, page_url: str) -> str:
        """The glossary page (or its content) with each term's list of the pages that use it filled in:
        known only once every page's content has been linked."""
        def fill(match: re.Match) -> str:
            uses = sorted(
                (title, url) for url, (title, _) in self.usage.get(match.group(1), {}).items() if url != page_url
            )
            if not uses:
                return "<em>no page yet</em>"
            return ", ".join(
                f'<a href="{escape.html_plain(_relative_url(url, page_url))}">{escape.once(title)}</a>' for title, url in uses
            )

        return _USED_IN.sub(fill, output)

    def record_nav(self, urls: list[str]) -> None:
        self.nav_urls = list(urls)

    def post_build(self, site_dir: Path) -> Path | None:
        """Write the PDF when asked (BRIEFING_PDF=1); a plain build spends no time on it."""
        for key in _LINKED.keys() - self.linked_keys:  # pages of earlier rebuilds that are gone or changed
            del _LINKED[key]
        if not self.pdf_name:
            return None
        from .pdf import build_pdf  # WeasyPrint is only imported when a PDF is wanted
        from .pdfdoc.assemble import PageContent

        pages = [PageContent(url, title, routes.kind_of(url), self._used_in(html, url) if url == self.glossary_url else html)
                 for url, (title, html) in self.rendered.items()]
        out = site_dir / self.pdf_name
        build_pdf(site_dir=site_dir, nav=self.nav_urls, pages=pages, briefing=self.briefing, index=self.index, out=out)
        return out

    def unused_terms(self) -> list[str]:
        return sorted(term_id for term_id in self.briefing.terms if not (self.usage.get(term_id, {}).keys() - {self.glossary_url}))


def _relative_url(url: str, other: str) -> str:
    """`url` as seen from the page at `other` (both site-relative, directory URLs)."""
    base = posixpath.dirname(other.rstrip("/") + "/x") if other else ""
    rel = posixpath.relpath(url or ".", base or ".")
    if (not url or url.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in (".", "./") else rel
