"""What a shared link shows: a preview image per page, drawn from the page's map.

Country pages show their relations map, every other page the overview. Images are rendered at build
time by resvg from the maps' SVG twins: no browser, no network, and fonts loaded from fixed files only
(system fonts skipped), so the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import cachesign
from .escape import xml_text
from .pages import PageSpec
from .relmaps import cache_dir
from .routes import page_url
from .textfit import shorten

IMAGE_DIR = "assets/briefing/social"
WIDTH, HEIGHT = 1200, 630
_FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/dejavu"))
_FONT_NAMES = (("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "Noto Sans"), ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVu Sans"))
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_VIEWBOX = re.compile(r'viewBox="([^"]+)"')
_FIRST_FILL = re.compile(r'<rect[^>]*\bfill="(#[0-9a-fA-F]{3,6})"')


def image_uri(map_id: str) -> str:
    return f"{IMAGE_DIR}/{map_id}.png"


def page_images(pages: list[PageSpec], map_ids: set[str]) -> dict[str, str]:
    """Page URL -> its preview image; pages not listed use the overview's."""
    images = {}
    for spec in pages:
        map_id = Path(spec.src_uri).stem if spec.kind == "country" else "overview"
        if map_id in map_ids:
            images[page_url(spec.src_uri)] = image_uri(map_id)
    return images


def _fonts() -> tuple[list[str], str]:
    for regular, bold, family in _FONT_NAMES:
        for folder in _FONT_DIRS:
            if (folder / regular).is_file():
                files = [str(folder / regular)] + ([str(folder / bold)] if (folder / bold).is_file() else [])
                return files, family
    return [], "sans-serif"


def preview_svg(map_svg: str, title: str, caption: str, family: str) -> str:
    """The map scaled into a 1200×630 card with the title on a band at the bottom."""
    opening = _SVG_OPEN.search(map_svg)
    if opening is None:
        raise ValueError("not an SVG document")
    viewbox = _VIEWBOX.search(opening.group(0))
    box = viewbox.group(1) if viewbox else f"0 0 {WIDTH} {HEIGHT}"
    fill = _FIRST_FILL.search(map_svg)
    background = fill.group(1) if fill else "#eceff1"
    inner = (
        f'<svg xmlns="http://www.w3.org/2000/svg" x="0" y="0" width="{WIDTH}" height="{HEIGHT - 110}" '
        f'viewBox="{xml_text(box)}" preserveAspectRatio="xMidYMid meet">'
        + map_svg[opening.end():]
    )
    font = xml_text(family)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{background}"/>'
        + inner
        + f'<rect x="0" y="{HEIGHT - 110}" width="{WIDTH}" height="110" fill="#263238"/>'
        f'<text x="40" y="{HEIGHT - 62}" font-family="{font}" font-size="36" font-weight="700" fill="#ffffff">{xml_text(shorten(title, 56))}</text>'
        f'<text x="40" y="{HEIGHT - 24}" font-family="{font}" font-size="24" fill="#cfd8dc">{xml_text(shorten(caption, 80))}</text>'
        "</svg>"
    )


_RENDERED: dict[str, bytes] = {}  # across `mkdocs serve` rebuilds


def preview_png(map_svg: str, title: str, caption: str) -> bytes:
    return preview_pngs([(map_svg, title, caption)])[0]


def preview_pngs(cards: list[tuple[str, str, str]]) -> list[bytes]:
    """Each card (map SVG, title, caption) as PNG, kept in memory and in the signed disk cache beside the
    maps': drawing one takes about a tenth of a second (resvg's PNG encoding, mostly), so the missing ones
    are drawn on every core (parallel.map_ordered) and a build whose maps are all cached draws none."""
    from .parallel import fill_missing

    files, family = _fonts()
    svgs = [preview_svg(map_svg, title, caption, family) for map_svg, title, caption in cards]
    keys = [_key(svg, files) for svg in svgs]
    maps = cache_dir()
    entries = [maps.parent / "previews" / f"{key}.png" if maps is not None else None for key in keys]
    found = [_RENDERED.get(key) or (cachesign.read(entry) if entry is not None else None)
             for key, entry in zip(keys, entries)]
    pngs = fill_missing(found, _draw_card, [(svg, files, family) for svg in svgs])
    for key, entry, hit, png in zip(keys, entries, found, pngs):
        if hit is None and entry is not None:
            cachesign.write(entry, png)
        _RENDERED[key] = png
    return pngs


def _draw_card(card: tuple[str, list[str], str]) -> bytes:
    return _draw(*card)


def _key(svg: str, font_files: list[str]) -> str:
    digest = hashlib.sha256(svg.encode("utf-8"))
    try:
        digest.update(version("resvg-py").encode())
    except PackageNotFoundError:
        pass
    for name in font_files:
        digest.update(f"\0{name}\0{Path(name).stat().st_size}".encode())
    return digest.hexdigest()


def _draw(svg: str, font_files: list[str], family: str) -> bytes:
    import resvg_py  # only a build that writes previews needs it

    data = resvg_py.svg_to_bytes(
        svg_string=svg, width=WIDTH, height=HEIGHT, skip_system_fonts=True, font_files=font_files,
        font_family=family, sans_serif_family=family, serif_family=family,
    )
    return bytes(data)


def preview_for(briefing, map_id: str, map_svg: str) -> bytes:
    """The preview image of the pages that show map `map_id` (a counterpart's id, or 'overview')."""
    return previews_for(briefing, [(map_id, map_svg)])[0]


def previews_for(briefing, maps: list[tuple[str, str]]) -> list[bytes]:
    """The preview images of several maps at once, (map id, SVG twin) each, drawn in parallel."""
    from .dates import parse_date

    meta = briefing.meta
    as_of = parse_date(meta.as_of).human()

    def caption(map_id: str) -> str:
        country = briefing.countries.get(map_id)
        who = f"{country.name} and {meta.focal.name}" if country else f"Who stands where with {meta.focal.name}"
        return f"{who} · as of {as_of}"

    return preview_pngs([(svg, meta.title, caption(map_id)) for map_id, svg in maps])
