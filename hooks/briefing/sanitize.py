"""Last line of defence on rendered HTML: no script-capable URLs, no event handler attributes, no
images from other hosts. Text from YAML is escaped before rendering; this catches what Markdown itself
builds from it (links and images)."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*?)?(/?)>")
_ATTR = re.compile(r"""\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}


def _scheme(url: str) -> str | None:
    cleaned = re.sub(r"[\x00-\x20]", "", url).lower()
    match = re.match(r"^([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) + ":" if match else None


def _clean_attrs(tag: str, attrs: str) -> str:
    kept = []
    for match in _ATTR.finditer(attrs):
        name = match.group(1).lower()
        value = match.group(2)
        if name.startswith("on") or name == "style" and value and "url(" in value.lower():
            continue
        if name in _URL_ATTRS and value is not None:
            url = value.strip("\"'")
            scheme = _scheme(html.unescape(url))
            if scheme and scheme not in _SAFE_SCHEMES:
                continue
            if tag in ("img", "source", "video", "audio", "iframe") and scheme in ("http:", "https:"):
                continue  # never load media from another host
        kept.append(match.group(0))
    return "".join(kept)


def sanitize(page_html: str) -> str:
    def fix(match: re.Match) -> str:
        tag, attrs, slash = match.group(1), match.group(2) or "", match.group(3)
        if tag.lower() in ("script", "object", "embed", "base", "form", "meta", "link"):
            return match.group(0).replace("<", "&lt;", 1)
        return f"<{tag}{_clean_attrs(tag.lower(), attrs)}{slash}>"

    return _TAG.sub(fix, page_html)


_TITLE = re.compile(r"""(\stitle\s*=\s*)("[^"]*"|'[^']*')""", re.I)


def tooltip_titles(page_html: str) -> str:
    """Escape every title attribute a second time.

    Material's `content.tooltips` moves an element's title into a tooltip as HTML (innerHTML), so a
    title that reads '<img onerror=...>' once decoded would run. After this, the decoded title is
    escaped HTML and the tooltip shows the text as typed. Only &, < and > get the second escape, so
    ordinary titles are unchanged and a browser's own tooltip (no JavaScript) rarely shows an entity.
    """
    def fix_title(match: re.Match) -> str:
        text = html.unescape(match.group(2)[1:-1])
        inner = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'{match.group(1)}"{html.escape(inner, quote=True)}"'

    return _TAG.sub(lambda tag: _TITLE.sub(fix_title, tag.group(0)), page_html)
