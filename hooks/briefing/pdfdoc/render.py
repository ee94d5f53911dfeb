"""The print document as PDF bytes, through WeasyPrint.

- Only files under the built site are read: the URL fetcher refuses every other URL (no network, no web
  fonts, nothing else from the disk). Fonts come from the system through fontconfig (DejaVu, Liberation).
- Deterministic: metadata dates come from the document (SOURCE_DATE_EPOCH or the briefing's as-of date, see
  assemble.document_date), the PDF /ID from the briefing id, so two builds of the same data are identical.
- WeasyPrint's warnings are collected and returned, so that the caller can report them (as MkDocs
  warnings: `--strict` then fails on a PDF problem instead of printing it and moving on).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

STYLESHEET = Path(__file__).with_name("print.css")
PAGE_SIZES = {"A4": "A4", "Letter": "letter"}


class RefusedURL(ValueError):
    pass


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    warnings: list[str]


def site_file(url: str, root: Path) -> Path:
    """The file a file:// URL names, if it is a file under `root`; RefusedURL otherwise."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"not a file of the site, refused: {url[:200]}")
    path = Path(url2pathname(parts.path)).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise RefusedURL(f"not a file of the site, refused: {url[:200]}")
    return path


def make_url_fetcher(root: Path):
    """A WeasyPrint URL fetcher that serves files under `root` and refuses everything else."""
    root = Path(root).resolve()

    def content_type(path: Path) -> str:
        if path.suffix.lower() == ".svg":
            return "image/svg+xml"
        return mimetypes.guess_type(path.name)[0] or "application/octet-stream"

    try:  # WeasyPrint >= 68: a URLFetcher subclass
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except ImportError:  # older WeasyPrint: a function returning a dict
        def fetch(url: str) -> dict:
            path = site_file(url, root)
            return {"string": path.read_bytes(), "mime_type": content_type(path), "redirected_url": url}

        return fetch

    class SiteFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = site_file(url, root)
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type(path)})

    return SiteFetcher()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _weasyprint_warnings():
    """WeasyPrint's warnings, collected instead of printed."""
    logger = logging.getLogger("weasyprint")
    collector = _Collect()
    saved = logger.handlers[:], logger.propagate
    logger.handlers = [collector]
    logger.propagate = False
    try:
        yield collector.messages
    finally:
        logger.handlers, logger.propagate = saved


def layout(document_html: str, site_dir: Path, *, page_size: str = "A4", extra_css: str = ""):
    """WeasyPrint's laid-out Document of `document_html` with the print stylesheet (and `extra_css` after it).
    Call inside `weasyprint_warnings()` to collect what WeasyPrint warns about."""
    from weasyprint import CSS, HTML

    fetcher = make_url_fetcher(site_dir)
    base_url = Path(site_dir).resolve().as_uri() + "/"
    size = PAGE_SIZES.get(page_size, "A4")
    stylesheets = [
        CSS(string=STYLESHEET.read_text(encoding="utf-8"), base_url=base_url, url_fetcher=fetcher),
        CSS(string=f"@page {{ size: {size}; }}" + extra_css, url_fetcher=fetcher),
    ]
    return HTML(string=document_html, base_url=base_url, url_fetcher=fetcher).render(stylesheets=stylesheets)


def pdf_identifier(identifier: str) -> bytes:
    return hashlib.sha256(identifier.encode("utf-8")).hexdigest()[:32].encode("ascii")


weasyprint_warnings = _weasyprint_warnings


def render(document_html: str, site_dir: Path, *, page_size: str = "A4", identifier: str = "") -> Rendered:
    """The whole document laid out at once (pdfdoc/parts.py lays it out a part at a time)."""
    with _weasyprint_warnings() as warnings:
        document = layout(document_html, site_dir, page_size=page_size)
        pdf = document.write_pdf(pdf_identifier=pdf_identifier(identifier))
    return Rendered(pdf=pdf, pages=len(document.pages), warnings=list(warnings))
