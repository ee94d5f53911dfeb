"""Warnings about content that is valid but not ready: placeholders left in, terms nobody uses.

`briefing check` prints them without failing; a strict `mkdocs build` fails on them, so a pull
request cannot publish a TODO.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from .briefing import Briefing, Origin
from .diagnostics import Diagnostic, field_path
from .freshness import review_warnings
from .history import level_warnings
from .index import build_index
from .termuse import unused_term_warnings

_PLACEHOLDER = re.compile(r"\bTODO\b")


def _strings(value: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, loc + (key,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _strings(item, loc + (i,))


def _located_strings(briefing: Briefing) -> Iterator[tuple[Origin, tuple, str]]:
    """Every text of the briefing with the file and place it was written."""
    items: list[tuple[Origin, Any]] = [(briefing.origin("briefing", briefing.meta.id), briefing.meta)]
    items += [(briefing.origin("section", s.id), s) for s in briefing.sections]
    for kind, collection in (("country", briefing.countries), ("term", briefing.terms), ("person", briefing.people)):
        items += [(briefing.origin(kind, item_id), item) for item_id, item in collection.items()]
    items += [(briefing.origin("event", e.id), e) for e in briefing.events]
    for origin, item in items:
        for loc, text in _strings(item.model_dump(mode="json"), ()):
            yield origin, loc, text


def _warning(origin: Origin, loc: tuple, message: str, hint: str) -> Diagnostic:
    line, col = origin.at(*loc)
    return Diagnostic(origin.shown, line, col, field_path(origin.prefix + loc), message, hint, "warning")


def placeholder_warnings(briefing: Briefing) -> list[Diagnostic]:
    return [_warning(origin, loc, "still holds a TODO placeholder", "replace it before publishing")
            for origin, loc, text in _located_strings(briefing) if _PLACEHOLDER.search(text)]


def missing_glyph_warnings(briefing: Briefing, characters: set[str]) -> list[Diagnostic]:
    """Where the characters no installed font could draw in the PDF were written (each field once)."""
    found = []
    for origin, loc, text in _located_strings(briefing):
        missing = sorted(set(text) & characters)
        if missing:
            shown = ", ".join(f"U+{ord(c):04X}" for c in missing)
            found.append(_warning(origin, loc, f"the PDF shows an empty box for {shown}: no installed font has it",
                                  "scripts/system-deps.sh installs Noto fonts for most scripts; the site shows it"))
    return found


def content_warnings(briefing: Briefing) -> list[Diagnostic]:
    return sorted(placeholder_warnings(briefing) + unused_term_warnings(briefing) + review_warnings(briefing)
                  + level_warnings(briefing, build_index(briefing)))
