"""What issue 14 adds to a build, in one place the site and page code call: the open data files, the
Atom feed, profile step charts, the Data page's catalogue, and the relations page's time control.

Everything is a pure function of the briefing (and the site URL, for the feed's absolute links), so
builds stay byte-identical.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from . import feed, history, judgements, opendata, routes, stepchart
from .briefing import Briefing
from .index import Index
from .escape import html_attr as attr
from .escape import html_text

HISTORY_JS = "assets/briefing/history.js"
_BUNDLE = re.compile(r"""['"](assets/javascripts/bundle\.[0-9a-f]+\.min\.js)['"]""")


def material_bundle(theme_dirs) -> str | None:
    """The site path of Material's script bundle, as the theme's own base.html names it, or None when
    no base.html names one that the theme ships (overrides/main.html then keeps Material's script tags)."""
    for folder in map(Path, theme_dirs):
        base = folder / "base.html"
        if base.is_file():
            found = _BUNDLE.search(base.read_text(encoding="utf-8"))
            return found.group(1) if found and (folder / found.group(1)).is_file() else None
    return None


def site_files(briefing: Briefing, index: Index, site_url: str) -> dict[str, str]:
    """Site path -> text of every file published beside the pages (map SVGs are already in maps/)."""
    out = {f.path: f.content for f in opendata.data_files(briefing, index)}
    out[feed.FEED_PATH] = feed.atom(briefing, index, site_url)
    out.update(stepchart.chart_files(briefing, index))
    return out


def configure(config, briefing: Briefing, index: Index) -> None:
    """Script, and what the theme overrides need (feed link, history data); the rules for what this
    adds to pages are in extras.css, published inside the site's one stylesheet (site.stylesheet)."""
    # Loaded by overrides/main.html after the page is set up, with briefing.js (why: see there).
    config["extra"]["briefing_scripts"] = [HISTORY_JS]
    # Scripts a site adds often use Material's document$ as they run: such a site keeps Material's tag.
    config["extra"]["briefing_material_bundle"] = None if config["extra_javascript"] else material_bundle(config["theme"].dirs)
    config["extra"]["briefing_feed"] = feed.FEED_PATH
    config["extra"]["briefing_history"] = history.history_json(briefing, index)


def template_context(briefing: Briefing, index: Index, page_uri: str) -> dict:
    """Helpers the templates use for judgements, step anchors and step charts."""
    up = "../" * routes.depth(page_uri)

    def step_chart(country) -> Markup:
        if not country.steps:
            return Markup("")
        alt = attr(stepchart.describe(country, index))
        # The caption is page text, not SVG text: it wraps where a long name needs it, and WeasyPrint
        # would draw SVG text a letter at a time.
        return Markup(
            f'<figure class="briefing-stepchart"><figcaption>{stepchart.CAPTION.format(name=html_text(country.name))}'
            f'</figcaption><img src="{up}{stepchart.CHART_DIR}/{country.id}.svg" alt="{alt}" '
            f'width="{stepchart.WIDTH}"></figure>'
        )

    return {
        "judgement_badge": lambda j: Markup(judgements.badge(j)),
        "step_anchor": history.step_anchor,
        "step_chart": step_chart,
        "icd_likelihood": judgements.LIKELIHOOD,
        "icd_confidence": judgements.CONFIDENCE,
    }


def data_page_context(briefing: Briefing, index: Index, maps: dict) -> dict:
    files = opendata.data_files(briefing, index)
    return {
        "data_files": files,
        "map_files": opendata.map_files(maps),
        "human_size": opendata.human_size,
        "feed_path": feed.FEED_PATH,
    }
