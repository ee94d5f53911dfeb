"""Glossary linking on rendered HTML: the first mention of a term on a page links to its entry, with the
short definition as a tooltip; later mentions stay plain text.

Terms match the text as a reader sees it: character references are decoded (`R&amp;D` is `R&D`) and
words are compared after Unicode case folding (`İstanbul`, `ISTANBUL` and `istanbul` are one word);
acronyms (all capitals, one word) match only as written. Plurals and possessives match too.

All names are compiled into one regular expression shaped as a trie over their case-folded forms, so a
page is scanned once whatever the number of terms, and shared prefixes cost nothing extra.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from .escape import tooltip_attr

# Text inside these is not prose a reader reads as a mention (code, scripts, form widgets).
_HIDDEN_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "svg", "math", "iframe", "textarea",
                "select", "option", "title", "template", "noscript"}
# Mentions here count as uses of the term (the glossary's "used in"), but are never linked: a link in a
# heading, an existing link, a badge or the pager is noise or breaks the element.
_PLAIN_TAGS = {"a", "abbr", "button", "label", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "nav", "header", "footer"}
_PLAIN_CLASSES = {"briefing-level", "briefing-trend", "briefing-chip", "briefing-badges", "briefing-subtitle",
                  "briefing-pager", "headerlink"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[^>]*>", re.S)
_TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(/)?\s*>", re.S)
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_NO_TERMS = re.compile(r"\bdata-no-terms\b")
_OWN_TERM = re.compile(r"\bdata-term=\"([a-z0-9-]+)\"")
_REFERENCE = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
# Typographic quotes compare equal to straight ones, so a name typed with either matches both.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_FOLD_FIRST = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u0130": "i"})
_SUFFIX = r"(?P<s>'s|s'|es|s|'(?!\w))?"


@functools.cache
def _attached_class() -> str:
    """Characters that attach to the one before them (combining marks, joiners, variation selectors,
    emoji modifiers): a mention never starts or ends next to one, so it never splits what a reader sees
    as one character (`n` + U+0303, an emoji ZWJ sequence)."""
    scanned = [*range(0x300, 0x20000), *range(0xE0100, 0xE01F0)]  # no marks below U+0300 or in between
    chars = [chr(c) for c in scanned if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me")]
    chars += ["\u200c", "\u200d"] + [chr(c) for c in range(0x1F3FB, 0x1F400)]
    ranges, start, prev = [], None, None
    for code in sorted({ord(c) for c in chars}):
        if start is None:
            start = prev = code
        elif code == prev + 1:
            prev = code
        else:
            ranges.append((start, prev))
            start = prev = code
    ranges.append((start, prev))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


LINK_FIRST = "first"
LINK_EVERY_SECTION = "every-section"

LINK, PLAIN, HIDDEN = 0, 1, 2  # what may happen to a mention in an element, strictest wins


def is_acronym(name: str) -> bool:
    return name.isupper() and not any(c.isspace() for c in name)


def _fold(text: str) -> str:
    """Case folding as a reader compares words: `İ` is an i too (Unicode folds it to i + dot above), so
    `İstanbul`, `ISTANBUL` and `Istanbul` are one word. Never shorter than `text`."""
    return text.translate(_FOLD_FIRST).casefold()


def _key(text: str) -> str:
    """How a name or a matched span is compared: quotes straightened, case folded, spaces collapsed."""
    return " ".join(_fold(text).split())


def name_key(name: str) -> str:
    """Two names with the same key are the same mention to a reader (validation refuses such a pair
    on two terms): acronyms as written, words case-folded."""
    shown = " ".join(name.translate(_QUOTES).split())
    return shown if is_acronym(shown) else _key(shown)


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    names: tuple[str, ...]  # the term and its aliases, as typed in YAML (plain text, not HTML)
    short: str
    link: str = LINK_FIRST  # or LINK_EVERY_SECTION: the first mention in each `##` section links


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
            atom = r"\s+" if char == " " else re.escape(char)
            branches.append(atom + emit(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy optional: the longest name wins, and backtracking falls back to a shorter one.
        return f"(?:{body})?" if end else body

    return emit(trie)


class _Folded:
    """A run of HTML text as the reader sees it, case folded, with each character's span in the HTML."""

    def __init__(self, raw: str):
        self.raw = raw
        folded = _fold(raw)
        if "&" not in raw and len(folded) == len(raw):  # folding never shortens: one char per char
            self.text, self.starts, self.ends = folded, None, None
            return
        self._parts: list[str] = []
        self.starts: list[int] | None = []
        self.ends: list[int] | None = []
        pos = 0
        for ref in _REFERENCE.finditer(raw):
            shown = html.unescape(ref.group(0))
            if shown == ref.group(0):  # not a character reference after all
                continue
            self._add_text(pos, ref.start())
            self._add(ref.start(), ref.end(), shown)
            pos = ref.end()
        self._add_text(pos, len(raw))
        self.text = "".join(self._parts)

    def _add_text(self, start: int, end: int) -> None:
        folded = _fold(self.raw[start:end])
        if len(folded) == end - start:
            self._parts.append(folded)
            self.starts.extend(range(start, end))
            self.ends.extend(range(start + 1, end + 1))
        else:
            for i in range(start, end):
                self._add(i, i + 1, self.raw[i])

    def _add(self, start: int, end: int, shown: str) -> None:
        folded = _fold(shown)
        self._parts.append(folded)
        self.starts.extend([start] * len(folded))
        self.ends.extend([end] * len(folded))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The HTML span of folded characters start..end."""
        if self.starts is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


class Linker:
    """Compiled once per build; `link` is called once per page."""

    def __init__(self, terms: Iterable[GlossaryTerm]):
        self.terms = {t.id: t for t in terms}
        self.by_word: dict[str, str] = {}
        self.by_acronym: dict[str, dict[str, str]] = {}  # folded -> as written -> term id
        for term in self.terms.values():
            for name in term.names:
                shown = " ".join(name.translate(_QUOTES).split())
                if not shown:
                    continue
                if is_acronym(shown):
                    self.by_acronym.setdefault(_key(shown), {}).setdefault(shown, term.id)
                else:
                    self.by_word.setdefault(_key(shown), term.id)
        keys = set(self.by_word) | set(self.by_acronym)
        attached = _attached_class()
        self.pattern = (
            re.compile(
                # Starts after no word or attached character, and (for a name that begins with an attached
                # character) only after a space; ends before no word or attached character.
                rf"(?<![\w{attached}])(?:(?<=\s)|^|(?![{attached}]))(?P<n>" + _trie_pattern(keys) + ")"
                + _SUFFIX + rf"(?![\w{attached}])"
            )
            if keys else None
        )

    def _term_for(self, match: re.Match, text: _Folded) -> str | None:
        """An acronym written exactly as defined wins over a word that folds the same (`US`, `us`)."""
        key = " ".join(match.group("n").split())
        written = self.by_acronym.get(key)
        if written:
            start, end = text.span(*match.span("n"))
            found = written.get(" ".join(html.unescape(text.raw[start:end]).translate(_QUOTES).split()))
            if found:
                return found
        return self.by_word.get(key)

    def mentions(self, text: str) -> set[str]:
        """The terms a text mentions (HTML or Markdown source), wherever a reader would read them."""
        return self.link(text, "")[1]

    def link(self, page_html: str, glossary_href: str) -> tuple[str, set[str]]:
        """Return the page with first mentions linked, and the ids of every term it mentions."""
        if self.pattern is None:
            return page_html, set()
        state = _PageState(glossary_href)
        out: list[str] = []
        stack: list[tuple[str, int, frozenset[str]]] = []  # (tag, mode, own terms), cumulative
        pos = 0
        for token in _TOKEN.finditer(page_html):
            text = page_html[pos:token.start()]
            if text:
                out.append(self._text(text, stack, state))
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
                continue
            if name == "h2":
                state.section_linked.clear()
            if name in _VOID or selfclosing:
                continue
            mode, own = (stack[-1][1], stack[-1][2]) if stack else (LINK, frozenset())
            mode = max(mode, self._mode(name, attrs))
            term = _OWN_TERM.search(attrs)
            stack.append((name, mode, own | {term.group(1)} if term else own))
        tail = page_html[pos:]
        if tail:
            out.append(self._text(tail, stack, state))
        return "".join(out), state.used

    @staticmethod
    def _mode(name: str, attrs: str) -> int:
        if name in _HIDDEN_TAGS or _NO_TERMS.search(attrs):
            return HIDDEN
        if name in _PLAIN_TAGS:
            return PLAIN
        found = _CLASS.search(attrs)
        if found and _PLAIN_CLASSES.intersection((found.group(1) or found.group(2) or found.group(3) or "").split()):
            return PLAIN
        return LINK

    def _text(self, raw: str, stack: list, state: "_PageState") -> str:
        mode, own = (stack[-1][1], stack[-1][2]) if stack else (LINK, frozenset())
        if mode == HIDDEN or not raw.strip():
            return raw
        text = _Folded(raw)
        out: list[str] = []
        pos = 0
        for match in self.pattern.finditer(text.text):
            term_id = self._term_for(match, text)
            if term_id is None or term_id in own:
                continue
            state.used.add(term_id)
            if mode != LINK or not state.first(self.terms[term_id]):
                continue
            start, end = text.span(*match.span())
            title = tooltip_attr(self.terms[term_id].short)
            out.append(raw[pos:start])
            out.append(f'<a class="briefing-term" href="{state.href}#{term_id}" title="{title}">{raw[start:end]}</a>')
            pos = end
        out.append(raw[pos:])
        return "".join(out)


class _PageState:
    """What one page has linked so far."""

    def __init__(self, href: str):
        self.href = href
        self.used: set[str] = set()
        self.page_linked: set[str] = set()
        self.section_linked: set[str] = set()

    def first(self, term: GlossaryTerm) -> bool:
        """Whether this mention is the one to link (and note that it is linked)."""
        seen = self.section_linked if term.link == LINK_EVERY_SECTION else self.page_linked
        if term.id in seen:
            return False
        seen.add(term.id)
        return True
