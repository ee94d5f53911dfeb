"""Join the separately laid-out parts of the print document into one PDF (pikepdf, that is qpdf).

Pages go in order; each gets its "Page n of N" from the page-number document as a form XObject drawn over
it (the page's own content is not parsed, which keeps this fast); the named destinations and the outline
are built once for the whole document from what the parts recorded, so a link from one part to another
resolves, and the bookmarks nest as WeasyPrint nests them in a single document. Metadata, the PDF version
and the language come from the cover part; the file identifier's first half from the briefing, its second
from the content, so builds are identical.

qpdf rather than pypdf: pypdf's writer held every object of every page as Python objects (1.1 GB for a
2,531-page PDF); qpdf's objects take about 0.76 GB for the same pages and its output is half the size
(engineering/benchmarks.md). It still holds one object per PDF object, not one part at a time.
"""

from __future__ import annotations

import io
import warnings
from contextlib import ExitStack

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Page, Pdf, String

_STAMP = Name("/BriefingPageNumber")


def join(parts: list, numbers_pdf: str, *, identifier: bytes) -> tuple[bytes, list[str]]:
    """The joined PDF and the internal link targets no part has (their links are removed)."""
    with ExitStack() as open_files:
        def read(path: str) -> Pdf:
            return open_files.enter_context(Pdf.open(path))

        first = read(parts[0].files[0])
        out = open_files.enter_context(Pdf.new())
        with warnings.catch_warnings():
            # pikepdf warns that named destinations do not follow copied pages: _destinations rebuilds them
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            for part in parts:
                for path in part.files:
                    out.pages.extend(read(path).pages)
        infos = [info for part in parts for info in part.pages]
        assert len(infos) == len(out.pages), (len(infos), len(out.pages))
        _stamp(out, read(numbers_pdf))
        missing = _destinations(out, infos)
        _outline(out, infos)
        out.docinfo = out.make_indirect(Dictionary({k: v for k, v in first.docinfo.items()}))
        if "/Lang" in first.Root:
            out.Root.Lang = String(str(first.Root.Lang))
        out.trailer.ID = Array([String(identifier), String(identifier)])
        stream = io.BytesIO()
        # qpdf keeps the first /ID entry and derives the second from the content (deterministic_id)
        # instead of from the clock
        out.save(stream, min_version=first.pdf_version, deterministic_id=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return stream.getvalue(), missing


def _stamp(out: Pdf, numbers: Pdf) -> None:
    """Draw page n of the page-number document over page n (the cover carries no number)."""
    resources = None
    for page, source in zip(out.pages[1:], numbers.pages[1:]):
        if resources is None:  # the number pages share one font: copy it once
            resources = out.copy_foreign(numbers.make_indirect(source.obj.Resources))
        source = Page(source)
        source.contents_coalesce()
        form = out.make_stream(source.obj.Contents.read_bytes(), Type=Name.XObject, Subtype=Name.Form,
                               BBox=Array(source.mediabox), Resources=resources)
        # WeasyPrint gives all pages of a part one /Resources: each page gets its own shallow copy
        own = Dictionary(page.obj.Resources)
        own.XObject = Dictionary(own.XObject) if "/XObject" in own else Dictionary()
        own.XObject[_STAMP] = out.make_indirect(form)
        page.obj.Resources = own
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(b"Q\nq " + _STAMP.unparse() + b" Do Q\n")


def _destinations(out: Pdf, infos: list) -> list[str]:
    places: dict[str, tuple[int, float, float]] = {}
    for number, info in enumerate(infos):
        for name, (x, y) in info.anchors.items():
            places.setdefault(name, (number, x, y))
    names = Array()
    for name in sorted(places):
        number, x, y = places[name]
        names.append(String(name))
        names.append(Array([out.pages[number].obj, Name.XYZ, round(x, 4), round(y, 4), 0]))
    missing = sorted({t for info in infos for t in info.links} - places.keys())
    if missing:
        gone = set(missing)
        for page in out.pages:
            if "/Annots" not in page.obj:
                continue
            annots = page.obj.Annots
            kept = [a for a in annots if str(a.get("/Dest", "")) not in gone]
            if len(kept) != len(annots):
                page.obj.Annots = Array(kept)
    out.Root.Names = Dictionary(Dests=out.make_indirect(Dictionary(Names=names)))
    return missing


def _outline(out: Pdf, infos: list) -> None:
    """Bookmarks nested by level, as WeasyPrint nests them: each under the last one of a lower level."""
    with out.open_outline() as outline:
        stack: list[tuple[int, OutlineItem]] = []
        for number, info in enumerate(infos):
            for level, label, x, y, _state in info.bookmarks:
                while stack and stack[-1][0] >= level:
                    stack.pop()
                item = OutlineItem(label, number, "XYZ", left=round(x, 4), top=round(y, 4), zoom=0)
                (stack[-1][1].children if stack else outline.root).append(item)
                stack.append((level, item))
