"""The escaping boundary: one function per place text from YAML can land, and nowhere else.

Every piece of YAML text reaches its output through exactly one of these, once:

| context                                   | function        | template filter      |
|-------------------------------------------|-----------------|----------------------|
| Markdown inline text (a plain field)      | `md_text`       | `{{ x }}` (default)  |
| a Markdown field (formatting works)       | `md_block`      | `| md`               |
| a Markdown field inside a template line   | `md_in_line`    | `| md_line`          |
| a Markdown link title `[..](url "title")` | `md_link_title` |                      |
| text inside our own inline HTML           | `html_text`     | `| html`             |
| an HTML attribute value                   | `html_attr`     | `| attr`             |
| an attribute Material makes a tooltip     | `tooltip_attr`  |                      |
| a value in a page's YAML front matter     | `front_matter`  | `| yaml`             |
| JSON inside a map document's <script>     | `script_json`   |                      |
| SVG (XML) text and attribute values       | `xml_text`      |                      |
| the PDF (HTML that WeasyPrint renders)    | `pdf_text`      | autoescape (cover)   |
| plain text from a Markdown field          | `md_to_text`    | (`| describe` cuts)  |
| a name inside composed plain text         | `isolated`      | (then one of above)  |

Material's tooltips (`content.tooltips`) read an element's `title`, or the visible text of anything
truncated with an ellipsis (header, nav, footer, table of contents), and put it into the tooltip with
innerHTML. Escaping twice cannot fix the second case (the visible text *is* the decoded text), so every
page carries `TOOLTIP_GUARD` (see `tooltip_guard_script`), which makes Material's tooltip containers
take what they are given as text. `tooltip_attr` is therefore an ordinary attribute escape, and the
tooltip shows the text exactly as typed.
"""

from __future__ import annotations

import base64
import functools
import html
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape as markupsafe_escape

# -- Markdown --------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")  # Python-Markdown's escapable characters (+ tables' |)
_HTML_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_HTML_TEXT_TABLE = str.maketrans(_HTML_TEXT)
# Characters that Markdown or an inline-HTML line would read; as numeric references they mean the same
# in a raw HTML block and inside a Markdown line, and Python-Markdown keeps them as they are.
_HTML_INERT = {**_HTML_TEXT, **{c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|"}}
_HTML_INERT_TABLE = str.maketrans(_HTML_INERT)
# Python-Markdown's own code span pattern (inline.BACKTICK_RE), restricted to one line: a span that
# crosses a line could start an HTML block on its second line, so only one-line spans are left raw.
_CODE_SPAN = re.compile(r"(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)(`+)([^\n]+?)(?<!`)\2(?!`)")
# A fenced code block as Python-Markdown's fenced_code (which MkDocs always enables) reads it, but only
# with a plain language name: '{attrs}' on a fence could set attributes, so such fences stay prose.
# The fence must open a line after the first: the first line follows template text ('- ', '**date** —').
_FENCE = re.compile(r"(?<=\n)(?P<fence>(?:~{3,}|`{3,}))[ ]*(?:\.?[\w#.+-]*[ ]*)?\n(?P<code>.*?)(?<=\n)(?P=fence)[ ]*(?=\n|$)",
                    re.S)
_BIDI_CONTROLS = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
_OPENS_EMBEDDING = "\u202a\u202b\u202d\u202e"  # closed by U+202C
_OPENS_ISOLATE = "\u2066\u2067\u2068"           # closed by U+2069
MAX_BRACKET_DEPTH = 3  # an image inside a link inside a link is the deepest Markdown we need


@lru_cache(maxsize=4096)
def _needs_isolation(text: str) -> bool:
    if text.isascii():  # no ASCII character is right-to-left or a bidi control: most text stops here
        return False
    return any(unicodedata.bidirectional(c) in _BIDI_CONTROLS or unicodedata.bidirectional(c) in ("R", "AL")
               for c in text)


def bidi_isolate(html_fragment: str, text: str) -> str:
    """`<bdi>` around text that could reorder the template text next to it (right-to-left script, or
    an unterminated U+202E); other text is left alone so ordinary pages do not change."""
    return f"<bdi>{html_fragment}</bdi>" if _needs_isolation(text) else html_fragment


def isolated(text: object) -> str:
    """Plain text (an attribute, an SVG title, a map tooltip) composed with template words: the same
    isolation as bidi_isolate with the invisible FSI...PDI characters, for places without <bdi>."""
    value = str(text)
    return f"\u2068{value}\u2069" if _needs_isolation(value) else value


def close_bidi(text: str) -> str:
    """Terminate explicit embeddings/overrides/isolates left open at the end of each paragraph, so they
    stop where the editor's text stops (invisible characters, appended only when something is open)."""
    def close(paragraph: str) -> str:
        embeddings = isolates = 0
        for char in paragraph:
            if char in _OPENS_EMBEDDING:
                embeddings += 1
            elif char == "\u202c" and embeddings:
                embeddings -= 1
            elif char in _OPENS_ISOLATE:
                isolates += 1
            elif char == "\u2069" and isolates:
                isolates -= 1
        return paragraph + "\u202c" * embeddings + "\u2069" * isolates

    if not _needs_isolation(text):
        return text
    return "\n\n".join(close(p) for p in text.split("\n\n"))


def md_text(text: object) -> str:
    """A plain field inside a Markdown line (heading, list item, table cell, link text): one line,
    shown exactly as typed, no formatting, no HTML, bidi-isolated from the template text around it."""
    value = " ".join(str(text).split())
    escaped = _MD_SPECIAL.sub(r"\\\1", value.translate(_HTML_TEXT_TABLE))
    return bidi_isolate(escaped, value)


def _balance_brackets(text: str) -> str:
    """Backslash-escape every bracket that cannot be part of a link or image: unmatched ones, and
    pairs nested deeper than MAX_BRACKET_DEPTH. Python-Markdown scans forward from each '[' for its
    partner, which is quadratic in the number of open brackets (20,000 '[' took minutes)."""
    chars = list(text)
    stack: list[int] = []
    escape: set[int] = set()
    i = 0
    while i < len(chars):
        c = chars[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            stack.append(i)
        elif c == "]":
            if stack:
                start = stack.pop()
                if len(stack) >= MAX_BRACKET_DEPTH:
                    escape.update((start, i))
            else:
                escape.add(i)
        i += 1
    escape.update(stack)
    if not escape:
        return text
    return "".join("\\" + c if i in escape else c for i, c in enumerate(chars))


def _md_prose(text: str) -> str:
    # Raw HTML shows as text ('&' too, so '&amp;' typed stays '&amp;'); '{' would start attr_list
    # syntax, which could set any attribute (onclick=...).
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = text.replace("{", "\\{").replace("}", "\\}")
    return text


# Python-Markdown rebuilds a paragraph's text once per inline element it finds (escape, entity, code
# span, link attempt), so its time grows with (elements x length): 20,000 '[' took minutes. A paragraph
# with more Markdown characters than this is shown as literal text instead: one inert token, which
# `restore_literals` turns back into escaped text after rendering.
MAX_MARKUP_CHARS = 400
_MARKUP_CHARS = re.compile(r"[\[\]\\`*_{}()<>&!]")
_LITERAL = re.compile("\ue000([A-Z2-7]*)\ue001")
_PRIVATE = {"\ue000": "&#57344;", "\ue001": "&#57345;"}


def _literal_token(paragraph: str) -> str:
    return "\ue000" + base64.b32encode(paragraph.encode("utf-8")).decode("ascii").rstrip("=") + "\ue001"


def restore_literals(rendered_html: str) -> str:
    """Turn the literal-text tokens md_block left for pathological paragraphs into escaped text."""
    def back(match: re.Match) -> str:
        data = match.group(1)
        raw = base64.b32decode(data + "=" * (-len(data) % 8)).decode("utf-8")
        return html.escape(raw, quote=False)

    return _LITERAL.sub(back, rendered_html) if "\ue000" in rendered_html else rendered_html


def md_block(text: object) -> str:
    """A Markdown field: emphasis, links and code work; raw HTML, attribute lists and HTML blocks do
    not. One-line code spans and fenced code blocks are left to Markdown, which escapes their content
    itself (the fenced block is stashed before Markdown looks for HTML blocks). A paragraph with more
    than MAX_MARKUP_CHARS Markdown characters is shown as typed, unformatted (see restore_literals)."""
    return _md_block_of(str(text))


@functools.lru_cache(maxsize=65536)  # a pure function of the text; `mkdocs serve` renders every page again
def _md_block_of(text: str) -> str:
    value = text.replace("\r\n", "\n").strip()
    value = "".join(_PRIVATE.get(c, c) for c in value) if "\ue000" in value or "\ue001" in value else value
    paragraphs = value.split("\n\n")
    if all(len(_MARKUP_CHARS.findall(p)) <= MAX_MARKUP_CHARS for p in paragraphs):
        return _md_block(value)
    return "\n\n".join(
        _md_block(p) if len(_MARKUP_CHARS.findall(p)) <= MAX_MARKUP_CHARS else _literal_token(close_bidi(p))
        for p in paragraphs
    )


_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[-*+]|\d+[.)])[ \t]")
_INDENTED = re.compile(r"(?:\t|[ ]{4})")


def _fence_indented_code(value: str) -> str:
    """An indented code block, written as the fenced block it means, so it takes the fence's path:
    Markdown escapes code itself, and prose escaping first would show `&lt;` for `<`. A paragraph that
    opens the field follows template text, and an indented one after a list item continues the item
    (Markdown's rule): both stay prose."""
    if "\n\n    " not in value and "\n\n\t" not in value:
        return value
    blocks = value.split("\n\n")
    out = [blocks[0]]
    in_list = bool(_LIST_ITEM.match(blocks[0]))
    for block in blocks[1:]:
        lines = block.split("\n")
        if all(_INDENTED.match(line) for line in lines) and not in_list:
            code = "\n".join(line[1:] if line.startswith("\t") else line[4:] for line in lines)
            ticks = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
            out.append(f"{ticks}\n{code}\n{ticks}")
            continue
        in_list = bool(_LIST_ITEM.match(block)) or (in_list and bool(_INDENTED.match(block)))
        out.append(block)
    return "\n\n".join(out)


def md_in_line(text: object) -> str:
    """A Markdown field that continues a template line (`- **date** — {{ text }} §3`): as md_block, with
    its first paragraph, the one that shares the line, bidi-isolated in a <bdi> (Markdown still formats
    inside an inline tag), so right-to-left text cannot reorder the date or the citation beside it."""
    rendered = md_block(text)
    first, sep, rest = rendered.partition("\n\n")
    # At the start of a line (glossary: explanation, then its citation) a list or heading stays one.
    if not _needs_isolation(first) or _LIST_ITEM.match(first) or first.lstrip().startswith(("#", ">", "|")):
        return rendered
    return f"<bdi>{first}</bdi>{sep}{rest}"


def _md_block(text: object) -> str:
    value = _fence_indented_code(close_bidi(str(text).replace("\r\n", "\n").strip()))
    out: list[str] = []
    pos = 0
    for fence in _FENCE.finditer(value):
        out.append(_md_inline(value[pos:fence.start()]))
        out.append(fence.group(0))
        pos = fence.end()
    out.append(_md_inline(value[pos:]))
    return "".join(out)


def _md_inline(value: str) -> str:
    out: list[str] = []
    pos = 0
    for span in _CODE_SPAN.finditer(value):
        out.append(_md_prose(_balance_brackets(value[pos:span.start()])))
        out.append(span.group(0))
        pos = span.end()
    out.append(_md_prose(_balance_brackets(value[pos:])))
    return "".join(out)


def md_link_title(text: object) -> str:
    """Text inside the quotes of a Markdown link title. Python-Markdown keeps character references
    there and processes backslash escapes, so everything it could read becomes a reference."""
    value = " ".join(str(text).split())
    return value.translate(_HTML_INERT_TABLE)


# -- HTML ------------------------------------------------------------------------------------------

def _html_inert(text: str) -> str:
    # Our inline HTML may sit in a raw HTML block (not parsed as Markdown) or in a Markdown line
    # (parsed): Markdown's characters as references are inert in both.
    return text.translate(_HTML_INERT_TABLE)


def html_text(text: object) -> str:
    """Text inside our own inline HTML, bidi-isolated from the template text around it."""
    value = str(text)
    return bidi_isolate(_html_inert(value), value)


def html_attr(text: object) -> str:
    """An attribute value in double quotes (one line); inert in a Markdown line too."""
    return _html_inert(" ".join(str(text).split()))


def tooltip_attr(text: object) -> str:
    """A `title` put into rendered HTML (after Markdown, e.g. glossary links) that Material shows as a
    tooltip: escaped once, like any attribute, because TOOLTIP_GUARD makes Material insert tooltip
    text as text (see the module docstring)."""
    return html.escape(" ".join(str(text).split()), quote=True)


def theme_text(text: object) -> Markup:
    """Text MkDocs/Material templates print: raw in HTML text (nav, header, footer, TOC) and through
    `| e` in attributes. Escaped once and marked safe, so the `| e` adds nothing (no `&amp;#x27;`)."""
    return Markup(html.escape(" ".join(str(text).split()), quote=True))


def once(text: object) -> str:
    """HTML text from a value that is either plain or already theme_text's Markup (a page title as MkDocs
    hands it back): escaped exactly once either way."""
    return str(markupsafe_escape("" if text is None else text))


TOOLTIP_GUARD = Path(__file__).with_name("tooltip_guard.js")
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
# Browsers look for the charset in a document's first 1024 bytes: the guard goes after it.
_CHARSET = re.compile(r"\s*<meta\s+charset=[^>]*>", re.I)


@lru_cache(maxsize=1)
def tooltip_guard_script() -> str:
    """The guard as inlined in every page: its comment lines stay in the source file."""
    lines = TOOLTIP_GUARD.read_text(encoding="utf-8").strip().splitlines()
    return "<script>" + "\n".join(line for line in lines if not line.lstrip().startswith("//")) + "</script>"


def with_tooltip_guard(document: str) -> str:
    """The HTML document with TOOLTIP_GUARD first in its <head> (after its <meta charset>), before any of
    Material's scripts; documents without a <head> (sitemaps, fragments) are returned unchanged."""
    head = _HEAD.search(document)
    if head is None or tooltip_guard_script() in document:
        return document
    at = head.end()
    charset = _CHARSET.match(document, at)
    if charset:
        at = charset.end()
    return document[:at] + tooltip_guard_script() + document[at:]


def front_matter(text: object) -> str:
    """A YAML front-matter value. Material prints `description` into a <meta> attribute and the
    title into <title> without escaping, so the value is attribute-escaped, then JSON (valid YAML)."""
    value = " ".join(str(text).split())
    return json.dumps(html.escape(value, quote=True), ensure_ascii=False)


def html_plain(text: object) -> str:
    """Text or a double-quoted attribute value in HTML that is never parsed as Markdown: map documents
    (Leaflet inserts popup and tooltip HTML as is) and the PDF's document."""
    return html.escape("" if text is None else str(text), quote=True)


def pdf_text(text: object) -> str:
    """Text in the HTML document WeasyPrint renders (never parsed as Markdown)."""
    return html_plain(text)


# -- scripts and SVG -------------------------------------------------------------------------------

def script_json(value) -> str:
    """JSON safe inside a <script> element: sorted, compact, no raw <, >, & or U+2028/9."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, esc)
    return text


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: object) -> str:
    """SVG/XML text or attribute value; characters XML 1.0 forbids are dropped."""
    value = _NOT_XML.sub("", "" if text is None else str(text))
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


# -- plain text out of Markdown --------------------------------------------------------------------

@functools.lru_cache(maxsize=65536)  # a pure function, asked for the same fields by feed, maps, cards and meta
def md_to_text(markdown_text: str) -> str:
    """A Markdown field as one line of plain text, as a reader sees it rendered (link text kept,
    formatting marks, escapes and raw-HTML escaping resolved), for places that render no Markdown:
    meta descriptions, map popups, SVG labels. Callers escape the result for where it lands."""
    rendered = restore_literals(_markdown().reset().convert(md_block(markdown_text)))
    return " ".join(_TextOnly.of(rendered).split())


@functools.lru_cache(maxsize=1)
def _markdown():
    """One converter, reset before each use: building one loads its extensions, which cost more than
    converting a short field."""
    import markdown  # Python-Markdown is MkDocs' own renderer

    return markdown.Markdown(extensions=["fenced_code", "tables"])


class _TextOnly:
    @staticmethod
    def of(fragment: str) -> str:
        from html.parser import HTMLParser

        parts: list[str] = []

        class Parser(HTMLParser):
            def handle_data(self, data):
                parts.append(data)

            def handle_starttag(self, tag, attrs):
                if tag in ("p", "li", "br", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6"):
                    parts.append(" ")

        parser = Parser(convert_charrefs=True)
        parser.feed(fragment)
        parser.close()
        return "".join(parts)


_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.|\b(?:Mr|Mrs|Ms|Dr|St|Prof|Gen|Col|Lt|Sgt|Gov|Sen|Rep|No|vs|etc|e\.g|i\.e|approx|cf)\.)$")


def first_sentence(markdown_text: str, limit: int = 200) -> str:
    """A short plain description (for meta tags and cards) from a Markdown field: its first sentence,
    where a sentence ends at '.', '!' or '?' followed by a space, except after an initial or a common
    abbreviation ('U.S. officials', 'Dr. Smith')."""
    text = md_to_text(markdown_text)
    sentence = text
    for match in re.finditer(r"[.!?](?=\s|$)", text):
        head = text[: match.end()]
        if match.group(0) == "." and _ABBREVIATION.search(head):
            continue
        sentence = head
        break
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence
