"""The briefing as one PDF: a print document assembled from the rendered pages, then WeasyPrint.

- `assemble`: each page's content as the build rendered it (nav order) -> one print HTML document (cover,
  contents, chapters), with web-only parts removed, ids made unique per page, links turned into in-document
  anchors and maps swapped for their static SVG twins. Plain Python (tinyhtml5, which WeasyPrint itself uses, parses).
- `render`: that document -> PDF bytes, with the print stylesheet (`print.css`), deterministic metadata and a
  URL fetcher that serves only files of the built site.

Only imported when a PDF is asked for (`BRIEFING_PDF=1`, `briefing pdf`).
"""
