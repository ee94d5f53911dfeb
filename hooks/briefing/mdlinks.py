"""Links and images in Markdown fields that cannot work on the site, reported on the YAML line by `check`.

A Markdown field is shown on several pages (an event on the timeline, its counterparts' profiles, the
people page and the home page), in folders of different depths, so a relative link (`notes.md`,
`../countries/china.md`, `a.png`) or an anchor (`#nope`) points somewhere different on each of them, and
MkDocs's strict build refuses the page it does not resolve on, naming a generated page rather than the
YAML line. So `check` refuses, on the YAML line, exactly what the strict build would refuse: an anchor alone
or a relative path to a file. Full addresses (`https://…`) mean the same on every page; which of those a
page may show (no images from other hosts, no scripts) is the renderer's business, not this check's.
Links are found with linear-time patterns, so hostile text cannot make the check slow.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any, Iterable, Iterator, get_args
from urllib.parse import urlsplit

from pydantic import BaseModel

from . import model as m
from .briefing import Origin
from .diagnostics import Diagnostic, field_path

# Inline links and images: `](target` / `](<target>`; reference definitions: `[label]: target`.
_INLINE = re.compile(r"\]\([ \t]*(<[^<>\n]*>|[^\s()<>]+)")
_ALT_WINDOW = 1000  # how far back an image's `![` is looked for: keeps the scan linear
_REFERENCE = re.compile(r"(?m)^ {0,3}\[[^\]\n]{1,999}\]:[ \t]*(<[^<>\n]*>|\S+)")
_HINT = ("text from YAML appears on several pages, so only a full address (https://…) works in it; "
         "counterparts, terms and sections are linked by the site itself")
_MARKDOWN = get_args(m.Markdown)[1]


def _is_markdown(field: Any) -> bool:
    if list(field.metadata) == list(_MARKDOWN.metadata) and field.metadata:
        return True
    return any(get_args(arg)[1:2] == (_MARKDOWN,) for arg in get_args(field.annotation))


def _markdown_texts(item: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(item, (list, tuple)):
        for i, value in enumerate(item):
            yield from _markdown_texts(value, loc + (i,))
        return
    if not isinstance(item, BaseModel):
        return
    for name, field in type(item).model_fields.items():
        value = getattr(item, name)
        if isinstance(value, str) and _is_markdown(field):
            yield loc + (name,), value
        elif isinstance(value, (BaseModel, list, tuple)):
            yield from _markdown_texts(value, loc + (name,))


def _targets(text: str) -> Iterator[tuple[bool, str]]:
    for match in _INLINE.finditer(text):
        opening = text.rfind("[", max(0, match.start() - _ALT_WINDOW), match.start())
        yield opening > 0 and text[opening - 1] == "!", match.group(1).strip("<>")
    for match in _REFERENCE.finditer(text):
        yield False, match.group(1).strip("<>")


def _page_dependent(target: str) -> bool:
    """True for the targets MkDocs resolves against the page and a strict build refuses when they do not
    resolve: an anchor alone, or a relative path to a file (it has an extension). Other relative text
    (`java script:x`) MkDocs leaves as is with a note; the renderer decides what becomes of it."""
    try:
        parts = urlsplit(target)
    except ValueError:
        return False
    if parts.scheme or parts.netloc or target.startswith(("/", "\\")):
        return False
    if not parts.path:
        return bool(parts.fragment)
    return bool(posixpath.splitext(parts.path)[1])


def link_problems(meta_origin: Origin, meta: Any, items: Iterable[tuple[Origin, Any]]) -> list[Diagnostic]:
    found = []
    for origin, item in [(meta_origin, meta), *items]:
        for loc, text in _markdown_texts(item, ()):
            for image, target in _targets(text):
                if not _page_dependent(target):
                    continue
                what = "image" if image else "anchor" if target.startswith("#") else "link"
                line, col = origin.at(*loc)
                found.append(Diagnostic(origin.shown, line, col, field_path(origin.prefix + loc),
                                        f"{what} '{target}' is relative to the page the text is shown on", _HINT))
    return found
