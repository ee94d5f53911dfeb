"""Join the separately laid-out parts of the print document into one PDF (pypdf).

Pages go in order; each gets its "Page n of N" from the page-number document as a form XObject drawn over
it (the page's own content is not parsed, which keeps this fast); the named destinations and the outline
are built once for the whole document from what the parts recorded, so a link from one part to another
resolves, and the bookmarks nest as WeasyPrint nests them in a single document. Metadata, the PDF version
and the language come from the cover part; the file identifier from the briefing, so builds are identical.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject, Fit, FloatObject, NameObject,
    NumberObject, TextStringObject,
)

_STAMP = NameObject("/BriefingPageNumber")


def join(parts: list, numbers_pdf: str, *, identifier: bytes) -> tuple[bytes, list[str]]:
    """The joined PDF and the internal link targets no part has (their links are removed)."""
    writer = PdfWriter()
    first = PdfReader(parts[0].files[0])
    writer.pdf_header = first.pdf_header
    for part in parts:
        for path in part.files:
            for page in PdfReader(path).pages:
                writer.add_page(page)
    infos = [info for part in parts for info in part.pages]
    assert len(infos) == len(writer.pages), (len(infos), len(writer.pages))
    _stamp(writer, PdfReader(numbers_pdf))
    missing = _destinations(writer, infos)
    _outline(writer, infos)
    metadata = first.metadata or {}
    writer.add_metadata({key: value for key, value in metadata.items()})
    if "/Lang" in first.trailer["/Root"]:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(first.trailer["/Root"]["/Lang"]))
    writer._ID = ArrayObject([ByteStringObject(identifier), ByteStringObject(identifier)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), missing


def _stamp(writer: PdfWriter, numbers: PdfReader) -> None:
    before = writer._add_object(DecodedStreamObject.initialize_from_dictionary({"__streamdata__": b"q\n"}))
    after = writer._add_object(DecodedStreamObject.initialize_from_dictionary(
        {"__streamdata__": b"Q\nq " + _STAMP.encode() + b" Do Q\n"}))
    resources = None
    for page, source in zip(writer.pages[1:], numbers.pages[1:]):  # the cover carries no number
        if resources is None:
            resources = source.raw_get("/Resources").clone(writer)
        form = DecodedStreamObject()
        form.set_data(source.get_contents().get_data())
        form.update({
            NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in source.mediabox),
            NameObject("/Resources"): resources,
        })
        form = writer._add_object(form.flate_encode())
        own = DictionaryObject(page["/Resources"].get_object())
        xobjects = DictionaryObject(own["/XObject"].get_object()) if "/XObject" in own else DictionaryObject()
        xobjects[_STAMP] = form
        own[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = own
        contents = page.raw_get("/Contents")
        body = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([before, *body, after])


def _destinations(writer: PdfWriter, infos: list) -> list[str]:
    places: dict[str, tuple[int, float, float]] = {}
    for number, info in enumerate(infos):
        for name, (x, y) in info.anchors.items():
            places.setdefault(name, (number, x, y))
    names = ArrayObject()
    for name in sorted(places):
        number, x, y = places[name]
        names.append(TextStringObject(name))
        names.append(ArrayObject([writer.pages[number].indirect_reference, NameObject("/XYZ"),
                                  FloatObject(round(x, 4)), FloatObject(round(y, 4)), NumberObject(0)]))
    missing = sorted({t for info in infos for t in info.links} - places.keys())
    if missing:
        gone = set(missing)
        for page in writer.pages:
            if "/Annots" not in page:
                continue
            annots = page["/Annots"]
            kept = ArrayObject(a for a in annots if str(a.get_object().get("/Dest", "")) not in gone)
            if len(kept) != len(annots):
                page[NameObject("/Annots")] = kept
    dests = writer._add_object(DictionaryObject({NameObject("/Names"): names}))
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/Dests"): dests})
    return missing


def _outline(writer: PdfWriter, infos: list) -> None:
    """Bookmarks nested by level, as WeasyPrint nests them: each under the last one of a lower level."""
    stack: list[tuple[int, object]] = []
    for number, info in enumerate(infos):
        for level, label, x, y, _state in info.bookmarks:
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            item = writer.add_outline_item(label, number, parent=parent, fit=Fit.xyz(round(x, 4), round(y, 4), 0))
            stack.append((level, item))
