"""Screenshots of the maps for engineering/maps.md: the overview and a bloc's profile, at a phone and a
desktop size, in the light and the dark palette, taken from a built site in Debian's chromium.

    python scripts/map_screenshots.py SITE_DIR OUT_DIR [--bloc ID]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import threading
from pathlib import Path

SIZES = {"phone": (390, 844), "desktop": (1400, 1000)}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--bloc", default="european-union")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    args.out.mkdir(parents=True, exist_ok=True)
    pages = {"overview": "relations/", "bloc": f"countries/{args.bloc}/"}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        for size, (w, h) in SIZES.items():
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme)
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(f"{base}/{path}", wait_until="networkidle")
                    figure = page.locator("figure.briefing-map").first
                    figure.scroll_into_view_if_needed()
                    page.frame_locator("figure.briefing-map iframe").locator(".leaflet-overlay-pane path").first.wait_for()
                    page.wait_for_timeout(400)
                    figure.screenshot(path=str(args.out / f"{name}-{size}-{scheme}.png"))
                context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
