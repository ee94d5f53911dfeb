"""The briefing as one PDF, from the site MkDocs has just rendered (`BRIEFING_PDF=1 mkdocs build`).

SiteBuild.post_build calls build_pdf with the nav's page URLs in order and each page's content as the build
produced it (SiteBuild.page_content); the site's folder serves the images and map twins. The work is in pdfdoc/
(assemble: the print document; parts: WeasyPrint a part at a time; join: one PDF). Imported only when a PDF is
wanted, so a plain build never loads WeasyPrint.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Iterable

from .briefing import Briefing
from .index import Index
from .lint import missing_glyph_warnings
from .pdfdoc.assemble import PageContent, assemble
from .dates import parse_date

log = logging.getLogger("mkdocs.briefing")
_MISSING_GLYPH = re.compile(r"^\.notdef glyph rendered for Unicode string unsupported by fonts: .* \(U\+([0-9A-F]{4,6})\)$", re.S)


def build_pdf(*, site_dir: Path, nav: Iterable[str], pages: Iterable[PageContent], briefing: Briefing, index: Index,
              out: Path) -> int:
    """Write the PDF to `out`; return its page count. Problems are logged as warnings (a strict build fails)."""
    document = assemble(Path(site_dir), nav, pages, briefing, index)
    for url in document.missing:
        log.warning("briefing: PDF: page %r is in the navigation but was not rendered in this build (a --dirty "
                    "build skips unchanged pages); left out of the PDF", url)
    result = _render(document, Path(site_dir), briefing)
    missing = set()
    for message in result.warnings:
        glyph = _MISSING_GLYPH.search(message)
        if glyph:
            missing.add(chr(int(glyph.group(1), 16)))
        else:
            log.warning("briefing: PDF: %s", message)
    # A name in a script no font covers is the reader's name, not a broken build: reported where it was
    # written, at info level so that a strict build (the deploy) still publishes.
    located = missing_glyph_warnings(briefing, missing)
    for problem in located:
        log.info("briefing: PDF: %s", problem.format())
    if missing and not located:  # from a page of docs/, not from the briefing's data
        log.info("briefing: PDF: no installed font has %s", ", ".join(f"U+{ord(c):04X}" for c in sorted(missing)))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(result.pdf)
    log.info("briefing: PDF: %d pages, %d bytes", result.pages, len(result.pdf))
    return result.pages


def _render(document, site_dir: Path, briefing: Briefing):
    """Laid out a part at a time (bounded memory, every core): pdfdoc/parts.py."""
    from .pdfdoc.parts import render_parts

    return render_parts(document, site_dir, page_size=briefing.meta.pdf.page_size, identifier=briefing.meta.id,
                        title=" ".join(briefing.meta.title.split()), as_of=parse_date(briefing.meta.as_of).human())
