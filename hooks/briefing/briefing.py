"""The validated briefing: every file's model plus where each item came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model import BriefingFile, Country, Event, Person, Section, Source, Term, split_ref
from .yamlload import Marks


@dataclass(frozen=True)
class Origin:
    """Where an item was read: its file (absolute), the path shown in messages, and its place in the file."""

    file: Path
    shown: str
    marks: Marks
    prefix: tuple = ()

    def at(self, *loc, prefer_key: bool = False) -> tuple[int, int]:
        return self.marks.at(self.prefix + tuple(loc), prefer_key=prefer_key)


@dataclass
class Briefing:
    root: Path
    meta: BriefingFile
    sections: list[Section]
    countries: dict[str, Country]
    terms: dict[str, Term]
    events: list[Event]
    people: dict[str, Person]
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    section_numbers: dict[str, int] = field(default_factory=dict)  # from the NN- file prefix

    def origin(self, kind: str, item_id: str) -> Origin:
        return self.origins[(kind, item_id)]


    def source_of(self, section: Section) -> Source:
        """The source a section summarises: its `source:` (validated), or the briefing's first source."""
        wanted = section.source or self.meta.sources[0].id
        return next(s for s in self.meta.sources if s.id == wanted)

    @staticmethod
    def section_id(ref: str) -> str:
        """The section a claim's ref points at ('source#section' or a bare 'section')."""
        return split_ref(ref)[1]
