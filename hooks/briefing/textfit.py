"""Text cut to fit a fixed space: SVG map labels and legends, step-chart captions, preview cards.

The full text always stays available elsewhere (an SVG <title>, the page itself); these only keep a
130-letter name from running off a map or a chart."""

from __future__ import annotations

import unicodedata


def width(text: str, *, letter_by_letter: bool = False) -> int:
    """Width in Latin-letter units: wide (CJK, most emoji) count two, joiners none, combining marks none,
    or one each ``letter_by_letter``: WeasyPrint lays SVG text out one code point at a time, so in the
    PDF's maps and charts a mark takes a place of its own beside its letter."""
    total = 0
    for char in text:
        category = unicodedata.category(char)
        if category == "Cf" or (not letter_by_letter and category in ("Mn", "Me")):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def shorten(text: str, limit: int, *, letter_by_letter: bool = False) -> str:
    """``text`` (whitespace collapsed) at most ``limit`` units wide, cut at a word boundary when one
    falls in the second half, with an ellipsis if cut."""
    text = " ".join(str(text).split())
    if width(text, letter_by_letter=letter_by_letter) <= limit:
        return text
    cut, used = [], 0
    for char in text:
        used += width(char, letter_by_letter=letter_by_letter)
        if used > limit - 1:
            break
        cut.append(char)
    head = "".join(cut)
    if " " in head[len(head) // 2:]:
        head = head[:head.rindex(" ")]
    return head.rstrip(" ,;:-\u2013") + "\u2026"
