"""The last line of defence on every rendered page (generated or hand-written in docs/): an allowlist
sanitizer (nh3, the Rust `ammonia` library), configured here and only here.

Text from YAML is escaped before Markdown sees it (escape.py); this catches whatever Markdown or a
hand-written page builds anyway: only the tags and attributes our pages and Material's content styles
need, links to http(s)/mailto only, and media (images, frames) only from the site itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import nh3

_TEXT_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "iframe", "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q",
    "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr", "article", "aside", "header",
    "footer",
    "button",  # the timeline's order toggle; no form can exist, so a button can only run our own script
}
# Charts drawn as inline SVG: shapes and text, no links, no scripts, no foreign content.
_SVG_TAGS = {"svg", "g", "path", "line", "polyline", "polygon", "rect", "circle", "ellipse", "text",
             "tspan", "title", "desc"}
_SVG_ATTRS = {"viewbox", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r",
              "rx", "ry", "d", "points", "fill", "stroke", "stroke-width", "stroke-dasharray",
              "stroke-linecap", "stroke-linejoin", "opacity", "fill-opacity", "stroke-opacity",
              "transform", "text-anchor", "dominant-baseline", "font-size", "font-weight",
              "font-family", "preserveAspectRatio", "xmlns", "role", "focusable"}
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "role", "style", "hidden", "tabindex"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "iframe": {"src", "loading", "width", "height", "referrerpolicy"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "bdo": {"dir"},
    "button": {"type"},
    **{tag: set(_SVG_ATTRS) for tag in _SVG_TAGS},
}
# Properties our templates, Markdown's tables and Material's content styles set inline.
_STYLE_PROPERTIES = {"text-align", "--briefing-level", "--md-status", "--bf-ratio", "aspect-ratio", "width",
                     "height", "color", "background-color", "display"}
# data-src: a map's frame gets its src from it once the reader moves (briefing.js), so it is a source too
_MEDIA_SOURCES = {("img", "src"), ("iframe", "src"), ("iframe", "data-src")}
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))


def normalise_url(url: str) -> str:
    """A URL as a browser reads it before resolving it (WHATWG URL parser): C0 controls and spaces at
    either end removed, tabs and newlines removed anywhere, and '\\' read as '/' (for http(s) and
    relative URLs, which is what a page resolves against)."""
    value = url.strip(_C0_OR_SPACE)
    value = re.sub(r"[\t\n\r]", "", value)
    return value.replace("\\", "/")


def same_site(url: str, own_origin: str | None) -> bool:
    """True when `url`, read as a browser reads it, can only point into this site: a relative path,
    or an absolute URL of the site's own origin. `//host`, `/\\host`, `\\\\host` and any scheme are
    other hosts."""
    value = normalise_url(url)
    if value.startswith("//"):
        return False
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
        if own_origin is None:
            return False
        parts = urlsplit(value)
        origin = f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}"
        return parts.scheme.lower() in ("http", "https") and origin == own_origin
    return True


def origin_of(site_url: str | None) -> str | None:
    if not site_url:
        return None
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc.lower()}"


@lru_cache(maxsize=8)
def _cleaner(own_origin: str | None) -> nh3.Cleaner:
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) in _MEDIA_SOURCES and not same_site(value, own_origin):
            return None  # never load media from another host: the privacy guarantee
        return value

    return nh3.Cleaner(
        tags=_TEXT_TAGS | _SVG_TAGS,
        clean_content_tags={"script", "style", "template", "noscript"},
        attributes=_ATTRIBUTES,
        attribute_filter=keep,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
        filter_style_properties=_STYLE_PROPERTIES,
    )


def sanitize(page_html: str, site_url: str | None = None) -> str:
    """The page body with everything outside the allowlist removed (see the module docstring)."""
    return _cleaner(origin_of(site_url)).clean(page_html)
