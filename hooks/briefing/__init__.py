"""briefing: turn a folder of YAML (a briefing) into a MkDocs Material site, maps and a PDF.

The package never imports MkDocs at module level, so tests and the CLI use it without a build.
"""

__version__ = "0.1.0"
