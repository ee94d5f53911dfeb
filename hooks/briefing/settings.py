"""The build's settings: each one an environment variable (VARIABLES), and also a key under
`extra: briefing:` in mkdocs.yml. A variable set in the environment wins (CI, previews, tests); the
mkdocs.yml value is its default; the code that reads a variable gives the default when neither is set.
README's "Settings" is the table of keys, variables and defaults (tests/test_settings.py keeps the two in
step). The site's address is MkDocs' own `site_url` (mkdocs.yml reads `BRIEFING_SITE_URL` for it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

VARIABLES = {"data": "BRIEFING_DATA", "pdf": "BRIEFING_PDF", "cache": "BRIEFING_CACHE",
             "cache_dir": "BRIEFING_CACHE_DIR", "workers": "BRIEFING_WORKERS", "pdf_part_bytes": "BRIEFING_PDF_PART_BYTES"}
_PATHS = ("data", "cache_dir")  # relative to mkdocs.yml's folder when given there

# Variables this module set from mkdocs.yml, so a rebuild (mkdocs serve) with an edited mkdocs.yml
# replaces them, while a variable the caller set is never touched.
_ours: dict[str, str] = {}


class SettingsError(ValueError):
    pass


def _text(key: str, value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (str, int)) and not (key == "workers" and isinstance(value, int) and value < 1):
        return str(value)
    raise SettingsError(f"mkdocs.yml: extra.briefing.{key}: {value!r} is not a valid value")


def apply(extra: Mapping | None, config_dir: Path) -> None:
    """Make mkdocs.yml's `extra: briefing:` values the defaults of their environment variables."""
    values = dict(extra or {})
    unknown = sorted(set(values) - set(VARIABLES))
    if unknown:
        raise SettingsError(f"mkdocs.yml: extra.briefing: unknown setting(s) {', '.join(unknown)} "
                            f"(known: {', '.join(VARIABLES)})")
    for name, value in list(_ours.items()):
        if os.environ.get(name) == value:
            del os.environ[name]
        del _ours[name]
    for key, value in values.items():
        name = VARIABLES[key]
        if name in os.environ:
            continue  # the caller's choice wins
        text = _text(key, value)
        if key in _PATHS and not Path(text).is_absolute():
            text = str((config_dir / text).resolve())
        os.environ[name] = _ours[name] = text
