"""Every place the map code works around folium, in one module (tests/test_foliumfix.py has one test
per workaround, so a folium upgrade that changes any of them fails there and nowhere else).

1. ``use_local_leaflet``: folium's Map loads jQuery, Bootstrap, Font Awesome and more from CDNs; the
   instance's lists are replaced (not folium's module-level ones) so only the site's Leaflet copy loads.
2. ``Raw``: folium re-parses what a MacroElement renders as a Jinja template, so a label holding '{{'
   would run at build time; Raw text never meets Jinja.
3. ``Snippet``: header and script built (and escaped) in Python, added as Raw.
4. ``number_elements``: folium's element ids are random uuids; they are renumbered from the spec id.
5. ``finish``: an accessible name on the map container, ``lang`` on <html>, a viewport that allows page
   zoom, and no blank lines. Each patch checks that folium's markup is still what it expects.
"""

from __future__ import annotations

import re

import folium
from branca.element import Element, Figure, MacroElement


def use_local_leaflet(fmap: folium.Map, base: str) -> None:
    # Instance attributes: folium's add_js_link would otherwise edit its module-level lists.
    fmap.default_js = [("leaflet", base + "leaflet.js")]
    fmap.default_css = [("leaflet_css", base + "leaflet.css")]


class Raw(Element):
    """Text that goes into the page as it is (never parsed as a Jinja template)."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "Raw"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class Snippet(MacroElement):
    """A piece of header, body and/or script built (and escaped) in Python, not by a template."""

    def __init__(self, header: str = "", script=None, body: str = ""):
        super().__init__()
        self._name = "Snippet"
        self.header = header
        self.body = body
        self.script = script  # callable: (own JS name, parent JS name) -> script text

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if self.header:
            figure.header.add_child(Raw(self.header), name=self.get_name())
        if self.body:
            figure.html.add_child(Raw(self.body), name=self.get_name())
        if self.script is not None:
            code = self.script(self.get_name(), self._parent.get_name())
            figure.script.add_child(Raw(code), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


def number_elements(figure: Figure, prefix: str) -> None:
    """Replace folium's random element ids with ``prefix`` and a counter, in tree order."""
    counter = 0

    def visit(element: Element) -> None:
        nonlocal counter
        old_names = {key: child.get_name() for key, child in element._children.items()}
        for child in element._children.values():
            child._id = f"{prefix}_{counter}"
            counter += 1
        # Children are keyed by name; keep the dict in step with the new ids.
        element._children = type(element._children)(
            (child.get_name() if old_names[key] == key else key, child)
            for key, child in element._children.items())
        for child in element._children.values():
            visit(child)

    for part in (figure, figure.header, figure.html, figure.script):
        visit(part)


def finish(document: str, map_name: str, label: str) -> str:
    """``label`` is already escaped for an attribute."""
    container = f'<div class="folium-map" id="{map_name}" ></div>'
    if document.count(container) != 1:
        raise RuntimeError("folium changed its map container markup; update foliumfix.finish")
    document = document.replace(
        container, f'<div class="folium-map" id="{map_name}" role="region" aria-label="{label}"></div>')
    if "<html>" not in document:
        raise RuntimeError("folium changed its <html> tag; update foliumfix.finish")
    document = document.replace("<html>", '<html lang="en">', 1)
    # folium forbids page zoom (user-scalable=no, maximum-scale=1), so a reader who opens the map on
    # its own cannot enlarge the legend (WCAG 1.4.4). Leaflet's pinch zoom works without the ban.
    document, found = re.subn(r'<meta name="viewport" content="[^"]*"\s*/?>',
                              '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
                              document, count=1)
    if not found:
        raise RuntimeError("folium changed its viewport meta tag; update foliumfix.finish")
    lines = [line.rstrip() for line in document.splitlines()]
    return "\n".join(line for line in lines if line.strip()) + "\n"
