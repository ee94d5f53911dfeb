"""Which glossary terms the briefing's pages mention, found without a build.

`briefing check` uses this to report unused terms the way a build would: the page Markdown is
scanned with the same Linker that marks up the rendered HTML.
"""

from __future__ import annotations

import re

from .briefing import Briefing
from .diagnostics import Diagnostic
from .glossary import GlossaryTerm, Linker
from .index import build_index
from .pages import render_pages

_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash escape shows the character after it


def linker_for(briefing: Briefing) -> Linker:
    return Linker(
        GlossaryTerm(t.id, (t.term, *t.aliases), t.short, t.link) for t in briefing.terms.values()
    )


def unused_term_warnings(briefing: Briefing) -> list[Diagnostic]:
    linker = linker_for(briefing)
    used: set[str] = set()
    for page in render_pages(briefing, build_index(briefing)):
        if page.kind == "glossary":
            continue
        used |= linker.mentions(_MD_ESCAPE.sub(r"\1", page.markdown))
    warnings = []
    for term_id in sorted(set(briefing.terms) - used):
        origin = briefing.origin("term", term_id)
        line, col = origin.at("term")
        warnings.append(
            Diagnostic(origin.shown, line, col, "term", f"'{briefing.terms[term_id].term}' is not mentioned on any page",
                       "use it in a summary or point, or remove the term", "warning")
        )
    return warnings
