"""The Leaflet files a site ships, from the xstatic-leaflet package (no CDN, no download).

Kept apart from mapdoc so that a build whose maps all come from the cache never imports folium.
"""

from __future__ import annotations

from pathlib import Path


def leaflet_assets() -> dict[str, Path]:
    """Files to copy next to ``leaflet_base``: name relative to that folder -> source file."""
    from xstatic.pkg import leaflet

    base = Path(leaflet.BASE_DIR)
    assets = {"leaflet.js": base / "leaflet.js", "leaflet.css": base / "leaflet.css"}
    # leaflet.css refers to images/ for its layer control and default marker; our maps use neither,
    # but shipping them keeps the stylesheet's references whole.
    for image in sorted((base / "images").glob("*.png")):
        assets[f"images/{image.name}"] = image
    return assets
