"""Problems found in a briefing's data, reported all at once with file, line, column and field."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    field: str
    message: str
    hint: str | None = None
    severity: str = "error"  # or "warning": reported, never fatal

    def format(self) -> str:
        """One line, whatever the file name, key or value it quotes: a line break in them would let a
        pull request print `::warning::…` at the start of a line, which GitHub runs as a workflow command."""
        prefix = "warning: " if self.severity == "warning" else ""
        text = f"{self.path}:{self.line}:{self.col}: {prefix}{self.field}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return one_line(text)

    def github(self) -> str:
        # Workflow commands treat '%', CR and LF specially in both properties and message.
        def esc(value: str, prop: bool = False) -> str:
            value = one_line(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
            if prop:
                value = value.replace(":", "%3A").replace(",", "%2C")
            return value

        message = f"{self.field}: {self.message}" + (f" ({self.hint})" if self.hint else "")
        return (
            f"::{self.severity} file={esc(self.path, True)},line={self.line},col={self.col},"
            f"title={esc('briefing check', True)}::{esc(message)}"
        )


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """Control characters and line breaks shown as escapes (\\n, \\x1b), as in a Python string."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def field_path(loc: tuple) -> str:
    """('events', 3, 'date') as an editor reads it: events[3].date."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


class BriefingError(Exception):
    """Raised with every problem of a briefing; nothing has been written when it is raised."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [d.format() for d in self.diagnostics]
        count = len(self.diagnostics)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found")
        return "\n".join(lines)


def did_you_mean(value: object, choices: Iterable[str]) -> str | None:
    choices = sorted(set(choices))
    if not isinstance(value, str) or not choices:
        return None
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if len(choices) <= 12:
        return "allowed: " + ", ".join(f"'{c}'" for c in choices)
    return None
