"""The print document laid out a part at a time, so that memory stays bounded whatever the briefing's size.

WeasyPrint keeps a whole document's layout in memory (5.4 GB at the peak for 2,342 pages) and lays it out
twice when the contents has page numbers. Here:

1. The cover, each run of short chapters and each long chapter is a job, laid out on its own, in worker
   processes (parallel.py) when there are several cores. A chapter longer than `part_bytes` of HTML is laid
   out a stretch at a time: a stretch keeps its pages up to the last one that starts with a new top-level
   block, and the next stretch starts with that block on a fresh page. Layout runs page after page, so those
   are the pages one layout of the whole chapter gives.
2. The contents is laid out with the chapters' page numbers written in, and "Page n of N" on a document of
   empty pages; join.py stamps those numbers on and builds one outline and one set of named destinations,
   so that running heads, bookmarks and links between parts are those of a single document.

Each job is a pure function of its input, so the PDF is the same bytes with 1 worker or 8.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import parallel
from ..textfit import shorten
from .assemble import CHAPTER_HEAD_UNITS, TITLE_HEAD_UNITS, ChapterHTML, PrintDocument
from .render import layout, pdf_identifier, weasyprint_warnings

PART_BYTES = 400_000  # HTML per laid-out part: about 80 pages, a few hundred MB of WeasyPrint layout
_MARK = "briefing-block-"
_NO_PAGE_NUMBER = "@page { @bottom-right { content: none; } }\n"
# WeasyPrint truncates the top margins that adjoin an unforced page break, except on a document's first page:
# a stretch that continues a chapter starts as that page did in one layout.
_CONTINUED = (".chapter > :first-child, .chapter > :first-child:is(.briefing-event, .briefing-person, .briefing-entry,"
              " div:not([class]), figure) > :first-child { margin-top: 0; }\n")


def part_bytes() -> int:
    chosen = os.environ.get("BRIEFING_PDF_PART_BYTES", "").strip()
    return int(chosen) if chosen.isdigit() and int(chosen) > 0 else PART_BYTES


def css_string(text: str) -> str:
    """`text` as a CSS string literal: anything but letters, digits and spaces as a hex escape."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x} " for c in text) + '"'  # the space ends the escape


@dataclass
class PageInfo:
    """What the join needs from a laid-out page, in PDF points from the bottom-left corner."""
    anchors: dict[str, tuple[float, float]]
    bookmarks: list[tuple[int, str, float, float, str]]  # level, label, x, y, state
    links: set[str]  # internal link targets


@dataclass
class Job:
    index: int
    folder: str
    head: str
    tail: str
    strings: str  # CSS: running-head strings the cover sets in a single document
    page_size: str
    site_dir: str
    body: str = ""  # a part laid out as it is (cover, contents, a run of chapters) ...
    chapter: ChapterHTML | None = None  # ... or one long chapter, a stretch at a time
    label: str = ""  # that chapter's running head
    extra_css: str = ""
    part_bytes: int = PART_BYTES


@dataclass
class Part:
    files: list[str]
    pages: list[PageInfo]
    warnings: list[str] = field(default_factory=list)


def lay_out(job: Job) -> Part:
    """Lay out one job and write its pages as PDF files (worker side)."""
    with weasyprint_warnings() as warnings:
        part = _long_chapter(job) if job.chapter is not None else _whole(job)
    part.warnings = list(warnings)
    return part


def _whole(job: Job) -> Part:
    document = layout(job.head + job.body + job.tail, Path(job.site_dir), page_size=job.page_size,
                      extra_css=_NO_PAGE_NUMBER + job.strings + job.extra_css)
    path = os.path.join(job.folder, f"part-{job.index:04d}.pdf")
    pages = _write(document, len(document.pages), path, set())
    return Part(files=[path], pages=pages)


def _long_chapter(job: Job) -> Part:
    chapter = job.chapter
    marks, blocks = [], []
    for i, (block, ident) in enumerate(zip(chapter.blocks, chapter.ids)):
        mark = ident
        if mark is None and block.startswith("<"):
            mark = f"{_MARK}{job.index}-{i}"
            block = re.sub(r"^<([A-Za-z][\w:-]*)", lambda m: f'<{m[1]} id="{mark}"', block, count=1)
        marks.append(mark)
        blocks.append(block)
    added = {m for m, ident in zip(marks, chapter.ids) if m is not None and ident is None}
    part = Part(files=[], pages=[])
    start, count = 0, len(blocks)
    while start < count:
        end, size = start, 0
        while end < count and (end == start or size + len(blocks[end]) <= job.part_bytes):
            size += len(blocks[end])
            end += 1
        opening = chapter.start if start == 0 else chapter.reopen
        strings = job.strings if start == 0 else job.strings.replace("}", f", chapter {css_string(shorten(job.label, CHAPTER_HEAD_UNITS))} }}", 1)
        while True:
            document = layout(job.head + opening + "".join(blocks[start:end]) + chapter.end + job.tail,
                              Path(job.site_dir), page_size=job.page_size,
                              extra_css=_NO_PAGE_NUMBER + strings + (_CONTINUED if start else ""))
            keep, following = len(document.pages), end
            cut = _last_clean_start(document, marks, start, end) if end < count else None
            if cut is not None:
                keep, following = cut
                break
            if end == count:
                break
            end = min(count, end + max(1, end - start))  # no page starts a new block yet: a longer stretch
            del document
        path = os.path.join(job.folder, f"part-{job.index:04d}-{len(part.files):03d}.pdf")
        part.pages += _write(document, keep, path, added)
        part.files.append(path)
        start = following
    return part


def _last_clean_start(document, marks: list[str | None], start: int, end: int) -> tuple[int, int] | None:
    """(k, m): the last page k > 0 that starts with block m > start, no block before m reaching onto it."""
    present = [{i for i in range(start, end) if marks[i] is not None and marks[i] in page.anchors} for page in document.pages]
    for k in range(len(present) - 1, 0, -1):
        if not present[k]:
            continue
        first = min(present[k])
        if first > start and all(i < first for i in present[k - 1]):
            return k, first
    return None


def _write(document, keep: int, path: str, hidden: set[str]) -> list[PageInfo]:
    """Write the first `keep` pages to `path`; return what the join needs of them. Links to anchors of other
    parts get a stand-in anchor here (WeasyPrint drops links it cannot resolve); the join points their names
    at the real places."""
    pages = document.pages[:keep]
    infos, own = [], set()
    for page in pages:
        scale, height = 0.75, page.height * 0.75
        anchors = {name: (x * scale, height - y * scale) for name, (x, y, *_rest) in page.anchors.items() if name not in hidden}
        bookmarks = [(level, label, x * scale, height - y * scale, state) for level, label, (x, y), state in page.bookmarks]
        links = {target for kind, target, *_rest in page.links if kind == "internal"}
        infos.append(PageInfo(anchors, bookmarks, links))
        own.update(page.anchors)
        page.bookmarks = []
    foreign = set().union(*(info.links for info in infos)) - own if infos else set()
    if pages:
        for name in sorted(foreign):
            pages[0].anchors[name] = (0, 0, 0, 0)
    document.copy(pages).write_pdf(path, pdf_identifier=b"0" * 32)
    return infos


# -- the main process ---------------------------------------------------------------------------------
@dataclass
class Rendered:
    pdf: bytes
    pages: int
    warnings: list[str]


def render_parts(document: PrintDocument, site_dir: Path, *, page_size: str, identifier: str, title: str, as_of: str,
                 workers: int | None = None) -> Rendered:
    from .join import join

    budget = part_bytes()
    workers = workers or parallel.worker_count()
    strings = f"html {{ string-set: doc-title {css_string(shorten(title, TITLE_HEAD_UNITS))}, doc-asof {css_string('As of ' + as_of)} }}\n"
    with tempfile.TemporaryDirectory(prefix="briefing-pdf-") as folder:
        def job(index: int, **kw) -> Job:
            return Job(index=index, folder=folder, head=document.head, tail=document.tail, strings=strings,
                       page_size=page_size, site_dir=str(site_dir), part_bytes=budget, **kw)

        jobs = [job(0, body=document.cover)]
        run: list[ChapterHTML] = []

        def flush() -> None:
            if run:
                jobs.append(job(len(jobs), body="\n" + "\n".join(c.html for c in run)))
                run.clear()

        for chapter, pieces in zip(document.chapters, document.chapter_html):
            size = len(pieces.start) + sum(map(len, pieces.blocks))
            if size > budget:
                flush()
                jobs.append(job(len(jobs), chapter=pieces, label=chapter.label))
                continue
            if run and sum(len(c.start) + sum(map(len, c.blocks)) for c in run) + size > budget:
                flush()
            run.append(pieces)
        flush()
        with _maybe_pool(workers, len(jobs)) as run_jobs:
            parts = run_jobs(lay_out, jobs)
            body_pages = [page for part in parts[1:] for page in part.pages]
            starts = _chapter_starts(document, body_pages)
            contents, stamps = _front_and_numbers(document, job, parts[0], starts, body_pages, run_jobs)
        ordered = [parts[0], contents, *parts[1:]]
        warnings = list(dict.fromkeys(w for p in (*ordered, stamps) for w in p.warnings))
        pdf, missing = join(ordered, stamps.files[0], identifier=pdf_identifier(identifier))
        warnings += [f"No anchor #{name} for internal URI reference" for name in missing]
        return Rendered(pdf=pdf, pages=sum(len(p.pages) for p in ordered), warnings=warnings)


class _maybe_pool:
    """run_jobs(fn, jobs) -> results in order: a process pool when there are workers and jobs for it."""

    def __init__(self, workers: int, jobs: int):
        self.size = min(workers, jobs)
        self._context = None

    def __enter__(self):
        if self.size <= 1:
            return lambda fn, items: [fn(item) for item in items]
        self._context = parallel.process_pool(self.size, fresh=True)
        pool = self._context.__enter__()

        def run(fn, items):
            # largest first so that the longest job does not start last; results in input order
            order = sorted(range(len(items)), key=lambda i: -_weight(items[i]))
            pending = {i: pool.apply_async(fn, (items[i],)) for i in order}
            return [pending[i].get() for i in range(len(items))]

        return run

    def __exit__(self, *exc):
        if self._context is not None:
            return self._context.__exit__(*exc)
        return False


def _weight(job) -> int:
    if not isinstance(job, Job):
        return 0
    return len(job.body) + (sum(map(len, job.chapter.blocks)) if job.chapter else 0)


def _chapter_starts(document: PrintDocument, body_pages: list[PageInfo]) -> dict[str, int]:
    """chapter anchor -> index of its first page among the chapters' pages."""
    wanted = {c.anchor for c in document.chapters}
    starts: dict[str, int] = {}
    for i, page in enumerate(body_pages):
        for name in wanted.intersection(page.anchors):
            starts.setdefault(name, i)
    return starts


def _front_and_numbers(document: PrintDocument, job, cover: Part, starts: dict[str, int], body_pages, run_jobs):
    """The contents with page numbers written in (laid out again if its own length moves them), then the
    page numbers of the whole document."""
    front = len(cover.pages)
    guess = max(1, len(document.chapters) // 30)
    contents = None
    for _ in range(4):
        numbers = "".join(
            f'.toc__entry a[href="#{anchor}"]::after {{ content: leader(dotted) " {front + guess + start + 1}"; }}\n'
            for anchor, start in starts.items()
        )
        contents = run_jobs(lay_out, [job(10_000, body=document.contents, extra_css=numbers)])[0]
        if len(contents.pages) == guess:
            break
        guess = len(contents.pages)
    total = front + len(contents.pages) + len(body_pages)
    stamp_html = '<div class="cover"></div>' + '<div class="briefing-page"></div>' * (total - 1)
    stamp_css = ("@page { @top-left { content: none; border: none; } @top-right { content: none; border: none; }"
                 " @bottom-left { content: none; } }\n.briefing-page { break-before: page; }\n")
    stamps = run_jobs(_stamps, [(job(10_001, body=stamp_html, extra_css=stamp_css), total)])[0]
    return contents, stamps


def _stamps(args) -> Part:
    """Empty pages with only "Page n of N" on them (worker side)."""
    job, total = args
    with weasyprint_warnings() as warnings:
        document = layout("<!DOCTYPE html><html><body>" + job.body + "</body></html>", Path(job.site_dir),
                          page_size=job.page_size, extra_css=job.extra_css)
        assert len(document.pages) == total, (len(document.pages), total)
        path = os.path.join(job.folder, "page-numbers.pdf")
        document.write_pdf(path, pdf_identifier=b"0" * 32)
    return Part(files=[path], pages=[], warnings=list(warnings))
