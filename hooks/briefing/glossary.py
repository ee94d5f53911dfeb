"""Glossary linking on rendered HTML: every mention of a term gets its definition as a tooltip, the
first mention on a page links to the entry.

All terms are compiled into one regular expression shaped as a trie, so a page is scanned once whatever
the number of terms, and shared prefixes cost nothing extra. Words match case-insensitively, acronyms
(all capitals) case-sensitively; plurals and possessives match too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Iterable

from .escape import tooltip_attr

_SKIP = {"a", "abbr", "code", "pre", "kbd", "samp", "script", "style", "svg", "math", "iframe",
         "button", "textarea", "select", "option", "title", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "label"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[^>]*>", re.S)
_TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(/)?\s*>", re.S)
_NO_TERMS = re.compile(r"\bdata-no-terms\b")
_OWN_TERM = re.compile(r"\bdata-term=\"([a-z0-9-]+)\"")
_APOS = "'\u2019"


def is_acronym(name: str) -> bool:
    return name.isupper() and " " not in name


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).replace("\u2019", "'")


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    names: tuple[str, ...]  # the term and its aliases
    short: str


def _trie_pattern(words: Iterable[str]) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        branches = []
        for char in sorted(k for k in node if k):
            if char == " ":
                atom = r"\s+"
            elif char == "'":
                atom = f"[{_APOS}]"
            else:
                atom = re.escape(char)
            branches.append(atom + emit(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy optional: the longest name wins, and backtracking falls back to a shorter one.
        return f"(?:{body})?" if end else body

    return emit(trie)


class Linker:
    """Compiled once per build; `link` is called once per page."""

    def __init__(self, terms: Iterable[GlossaryTerm]):
        self.terms = {t.id: t for t in terms}
        self.by_word: dict[str, str] = {}
        self.by_acronym: dict[str, str] = {}
        for term in self.terms.values():
            for name in term.names:
                name = _normal(name).strip()
                if not name:
                    continue
                if is_acronym(name):
                    self.by_acronym.setdefault(name, term.id)
                else:
                    self.by_word.setdefault(name.lower(), term.id)
        parts = []
        if self.by_word:
            parts.append(f"(?P<w>(?i:{_trie_pattern(self.by_word)}))")
        if self.by_acronym:
            parts.append(f"(?P<a>{_trie_pattern(self.by_acronym)})")
        self.pattern = (
            re.compile(r"(?<![\w&#])(?:" + "|".join(parts) + r")(?P<s>[" + _APOS + r"]s|s[" + _APOS + r"]|es|s|[" + _APOS + r"](?![\w]))?(?!\w)")
            if parts
            else None
        )

    def term_for(self, match: re.Match) -> str | None:
        if "w" in match.groupdict() and match.group("w") is not None:  # no word terms: no "w" group
            return self.by_word.get(_normal(match.group("w")).lower())
        return self.by_acronym.get(match.group("a"))

    def link(self, page_html: str, glossary_href: str) -> tuple[str, set[str]]:
        """Return the page with mentions marked up, and the ids of the terms it mentions."""
        if self.pattern is None:
            return page_html, set()
        used: set[str] = set()
        out: list[str] = []
        stack: list[tuple[str, bool, str | None]] = []  # (tag, skips, own term)
        pos = 0
        for token in _TOKEN.finditer(page_html):
            text = page_html[pos:token.start()]
            if text:
                out.append(self._text(text, stack, used, glossary_href))
            out.append(token.group(0))
            pos = token.end()
            tag = _TAG.match(token.group(0))
            if not tag:
                continue
            closing, name, attrs, selfclosing = tag.group(1), tag.group(2).lower(), tag.group(3), tag.group(4)
            if closing:
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i][0] == name:
                        del stack[i:]
                        break
            elif name not in _VOID and not selfclosing:
                own = _OWN_TERM.search(attrs)
                stack.append((name, name in _SKIP or bool(_NO_TERMS.search(attrs)), own.group(1) if own else None))
        tail = page_html[pos:]
        if tail:
            out.append(self._text(tail, stack, used, glossary_href))
        return "".join(out), used

    def _text(self, text: str, stack: list, used: set[str], glossary_href: str) -> str:
        if any(skip for _, skip, _ in stack) or not text.strip():
            return text
        own = {term for _, _, term in stack if term}

        def replace(match: re.Match) -> str:
            term_id = self.term_for(match)
            if term_id is None or term_id in own:
                return match.group(0)
            term = self.terms[term_id]
            title = tooltip_attr(term.short)
            shown = match.group(0)
            if term_id in used:
                return f'<abbr class="briefing-term" title="{title}">{shown}</abbr>'
            used.add(term_id)
            return f'<a class="briefing-term" href="{glossary_href}#{term_id}" title="{title}">{shown}</a>'

        return self.pattern.sub(replace, text)
