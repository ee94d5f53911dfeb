"""Escaping text from YAML for each place it lands.

`plain` is for fields that are plain text (names, labels, titles): shown exactly as typed.
`markdown` is for Markdown fields: formatting works, HTML and attribute lists do not.
"""

from __future__ import annotations

import html
import json
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")  # what Python-Markdown (+ tables) unescapes
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def plain(text: object) -> str:
    """Plain text made inert in Markdown (inline, one line)."""
    value = " ".join(str(text).split())
    value = "".join(_HTML.get(c, c) for c in value)
    return _MD_SPECIAL.sub(r"\\\1", value)


def markdown(text: object) -> str:
    """A Markdown field: raw HTML shown as text, no attribute lists, no HTML blocks."""
    value = str(text).replace("\r\n", "\n").strip()
    value = value.replace("&", "&amp;").replace("<", "&lt;")
    # '{' starts attr_list syntax, which could set arbitrary attributes (onclick=...).
    return value.replace("{", "\\{").replace("}", "\\}")


def attr(text: object) -> str:
    return html.escape(" ".join(str(text).split()), quote=True)


def text_html(text: object) -> str:
    """Text inside our own inline HTML, which may sit in a raw HTML block (not parsed as Markdown) or
    in a Markdown line (parsed): Markdown's special characters become character references, which
    mean the same in both and are never read as emphasis or links."""
    value = html.escape(str(text), quote=True)
    return _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group(1))};", value)


def yaml_string(text: object) -> str:
    """A value for YAML front matter (JSON is valid YAML), already escaped for an HTML attribute."""
    return json.dumps(attr(text), ensure_ascii=False)


def plain_text(markdown_text: str) -> str:
    """A Markdown field as one line of plain text (link text kept, emphasis marks dropped), for places
    that show text but render no Markdown: meta descriptions, map popups. Callers still escape it."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    text = re.sub(r"(?m)^\s*[#>]+", "", text)  # headings and quotes mark only the start of a line
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


def first_sentence(markdown_text: str, limit: int = 200) -> str:
    """A short plain description (for meta tags) from a Markdown field."""
    text = plain_text(markdown_text)
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence
