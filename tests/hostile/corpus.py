"""Hostile input corpus: one small valid briefing, and the mutations that attack it.

`base()` returns the briefing as plain Python data (file path -> value); `write()` turns it into a
folder of YAML files. Each rejection case is a mutation of the base plus what the error report must
say (file, line, field, message); `payload_briefing()` puts an attack into every text field at once,
for a site that must build and stay inert.
"""

from __future__ import annotations

import copy
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from briefing.yamlload import MAX_BYTES, MAX_DEPTH, MAX_EXPANDED, MAX_NUMBER


def base() -> dict[str, dict]:
    """A minimal valid briefing: two counterparts (a state and a bloc), two sections, two terms."""
    claim = lambda text, ref="alpha": {"text": text, "ref": ref}  # noqa: E731
    return {
        "briefing.yaml": {
            "id": "hostile",
            "title": "Hostile corpus base",
            "subtitle": "A tiny briefing for attack tests",
            "publisher": "Test desk",
            "focal": {"id": "mongolia", "name": "Mongolia", "iso3": "MNG",
                      "capital": {"name": "Ulaanbaatar", "lat": 47.89, "lon": 106.91}},
            "as_of": "2024-01-01",
            "sources": [{"id": "src", "title": "A source", "publisher": "A publisher",
                         "url": "https://example.org/source", "date": "2024", "author": "A. Author",
                         "note": "A note."}],
            "summary": "Mongolia sits between two neighbours.",
            "key_judgements": [claim("Mongolia borders two states.")],
            "ladder": [
                {"id": "none", "label": "No relations", "colour": "#d0d3d8", "meaning": "No relations."},
                {"id": "embassy", "label": "Embassy", "colour": "#4292c6", "meaning": "Keeps an embassy."},
            ],
        },
        "sections/01-alpha.yaml": {
            "id": "alpha", "title": "Alpha", "summary": "The first section.",
            "key_points": [claim("A first point.")],
            "countries": ["china"], "terms": ["steppe"], "people": ["temujin"], "events": ["founding"],
        },
        "sections/02-beta.yaml": {
            "id": "beta", "title": "Beta", "summary": "The second section.",
            "key_points": [claim("A second point.", "beta")], "countries": ["bloc"],
        },
        "countries/china.yaml": {
            "id": "china", "name": "China", "iso3": "CHN",
            "capital": {"name": "Beijing", "lat": 39.9, "lon": 116.4},
            "neighbour": True, "level": "embassy", "trend": "steady",
            "headline": "The southern neighbour.", "summary": "China borders Mongolia.",
            "steps": [{"date": "1949-10", "level": "embassy", "text": "Relations begin.", "ref": "alpha"}],
            "interests": [claim("Trade.")],
            "facts": [claim("Shares a border.")],
        },
        "countries/bloc.yaml": {
            "id": "bloc", "name": "A bloc", "kind": "bloc", "members": ["DEU", "FRA"],
            "capital": {"name": "Brussels", "lat": 50.85, "lon": 4.35},
            "neighbour": False, "level": "none", "trend": "warming",
            "headline": "A distant bloc.", "summary": "Far away.",
            "facts": [claim("It is far.", "beta")],
        },
        "glossary/steppe.yaml": {
            "id": "steppe", "term": "steppe", "aliases": ["grassland"],
            "short": "Dry grassland.", "explanation": "The steppe covers much of Mongolia.",
            "related": ["ger"], "ref": "alpha",
        },
        "glossary/ger.yaml": {
            "id": "ger", "term": "ger", "aliases": ["yurt"],
            "short": "A round felt tent.", "explanation": "Many herders live in a ger.", "ref": "alpha",
        },
        "timeline.yaml": {"events": [
            {"id": "founding", "date": "1206", "text": "An empire is founded on the steppe.",
             "countries": ["mongolia"], "people": ["temujin"],
             "place": {"name": "Khentii", "lat": 48.0, "lon": 109.0}, "ref": "alpha"},
            {"id": "treaty", "date": "1949-10-16", "text": "China and Mongolia exchange envoys.",
             "countries": ["china", "mongolia"],
             "place": {"name": "Beijing", "lat": 39.9, "lon": 116.4}, "ref": "alpha"},
        ]},
        "people.yaml": {"people": [
            {"id": "temujin", "name": "Temujin", "aliases": ["Genghis Khan"], "role": "Founder",
             "countries": ["mongolia"], "ref": "alpha"},
        ]},
    }


@dataclass(frozen=True)
class Link:
    """A symbolic link to `target`; a relative target is written beside the data folder first."""

    target: str
    content: str | None = None  # written at the target (outside the data folder) when given


@dataclass(frozen=True)
class Sparse:
    """A file of `size` bytes that takes no disk space (nothing but a hole)."""

    size: int


@dataclass(frozen=True)
class Fifo:
    """A named pipe: opening it for reading would wait for a writer forever."""


def write(files: dict[str, object], dest: Path) -> Path:
    """Write the briefing: dict/list values as YAML, str/bytes values verbatim, and Link, Sparse, Fifo."""
    dest.mkdir(parents=True, exist_ok=True)
    for rel, value in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, Link):
            target = Path(value.target) if Path(value.target).is_absolute() else dest.resolve().parent / value.target
            if value.content is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(value.content, encoding="utf-8")
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            path.symlink_to(target)
        elif isinstance(value, Sparse):
            with open(path, "wb") as handle:
                handle.truncate(value.size)
        elif isinstance(value, Fifo):
            os.mkfifo(path)
        elif isinstance(value, bytes):
            path.write_bytes(value)
        elif isinstance(value, str):
            path.write_text(value, encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=4096), encoding="utf-8")
    return dest


def dump(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=4096)


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing needle."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


@dataclass
class Case:
    """A mutation that must be rejected. `expect` are (file, line or None, field, message regex)."""

    name: str
    mutate: Callable[[dict], None]
    expect: list[tuple[str, int | None, str, str]] = field(default_factory=list)


def _set(rel: str, value: str | bytes) -> Callable[[dict], None]:
    def go(files: dict) -> None:
        files[rel] = value
    return go


def rejection_cases() -> list[Case]:
    """Every case that must be rejected, with the file, line, field and message the report must give."""
    b = base()
    cases: list[Case] = []

    def text_case(name: str, rel: str, old: str, new: str, field_: str, message: str,
                  at: str | None = None, nth: int = 0, line: int | None = -1) -> None:
        """Replace `old` by `new` in the dumped YAML of `rel`; the problem is expected on the line holding
        the nth occurrence of `at` (default: the first line of `new`), or on `line` when given."""
        text = dump(b[rel])
        assert old in text, (name, old)
        text = text.replace(old, new, 1)
        if line == -1:
            needle = at or new.strip().splitlines()[0].strip()
            line = [i for i, row in enumerate(text.splitlines(), 1) if needle in row][nth]
        cases.append(Case(name, _set(rel, text), [(rel, line, field_, message)]))

    # YAML that is not well-formed
    text_case("yaml-unclosed-quote", "countries/china.yaml", "name: China", 'name: "China', "(document)",
              r"YAML syntax error: while scanning a quoted scalar", at='name: "China')
    text_case("yaml-bad-indent", "glossary/ger.yaml", "short: A round felt tent.", "short: A round\n  - felt: tent",
              "(document)", r"YAML syntax error", at="- felt")
    text_case("yaml-tab-indent", "sections/02-beta.yaml", "title: Beta", "title: Beta\n\tbad: tab", "(document)",
              r"YAML syntax error: .*'\\t'", at="bad: tab")
    # Anything but plain YAML values
    text_case("python-object-tag", "countries/china.yaml", "headline: The southern neighbour.",
              "headline: !!python/object/apply:os.system ['touch /tmp/briefing-pwned']", "headline",
              r"tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed")
    text_case("python-name-tag", "glossary/steppe.yaml", "short: Dry grassland.",
              "short: !!python/name:os.system ''", "short", r"tag .*python/name:os.system.* is not allowed")
    text_case("custom-local-tag", "briefing.yaml", "title: Hostile corpus base", "title: !evil Hostile",
              "title", r"tag '!evil' is not allowed")
    text_case("duplicate-key", "countries/china.yaml", "trend: steady", "trend: steady\ntrend: hostile", "trend",
              r"duplicate key 'trend' \(first defined at line 10", at="trend: hostile")
    text_case("duplicate-nested-key", "briefing.yaml", "    lat: 47.89", "    lat: 47.89\n    lat: 10",
              "focal.capital.lat", r"duplicate key 'lat'", at="lat: 10")
    names = "abcdefghi"
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{names[i + 1]}: &{names[i + 1]} [{', '.join(['*' + names[i]] * 10)}]\n" for i in range(8))
    cases.append(Case("alias-bomb", _set("glossary/ger.yaml", bomb),
                      [("glossary/ger.yaml", None, "(document)", r"expands to more than [\d,]+ values")]))
    # Empty, unreadable, oversized, or not a mapping
    cases.append(Case("empty-file", _set("countries/china.yaml", ""),
                      [("countries/china.yaml", 1, "(document)", r"file is empty")]))
    cases.append(Case("comment-only-file", _set("glossary/ger.yaml", "# nothing here\n\n"),
                      [("glossary/ger.yaml", 1, "(document)", r"file is empty")]))
    cases.append(Case("scalar-document", _set("people.yaml", "just some words\n"),
                      [("people.yaml", 1, "(document)", r"expected a mapping of fields, found str")]))
    cases.append(Case("list-document", _set("sections/02-beta.yaml", "- a\n- b\n"),
                      [("sections/02-beta.yaml", 1, "(document)", r"expected a mapping of fields, found list")]))
    latin1 = dump(b["countries/china.yaml"]).replace("The southern neighbour.", "Caf\u00e9 neighbour.")
    cases.append(Case("non-utf8", _set("countries/china.yaml", latin1.encode("latin-1")),
                      [("countries/china.yaml", line_of(latin1, "Caf"), "(document)", r"not valid UTF-8")]))
    huge = dump(b["glossary/ger.yaml"]) + "# " + "x" * (3 * 1024 * 1024) + "\n"
    cases.append(Case("huge-file", _set("glossary/ger.yaml", huge),
                      [("glossary/ger.yaml", 1, "(document)", r"over the [\d,]+ byte limit")]))
    # Wrong types and values
    text_case("wrong-type-bool", "countries/china.yaml", "neighbour: true", "neighbour: perhaps", "neighbour",
              r"expected true or false, found the text 'perhaps'")
    text_case("wrong-type-number", "briefing.yaml", "    lat: 47.89", "    lat: north", "focal.capital.lat",
              r"expected a number")
    text_case("wrong-type-list", "countries/china.yaml", "facts:\n- text: Shares a border.\n  ref: alpha",
              "facts: just one fact", "facts", r"expected a list, found the text 'just one fact'")
    text_case("out-of-range-lat", "countries/china.yaml", "lat: 39.9", "lat: 139.9", "capital.lat",
              r"less than or equal to 90")
    text_case("unknown-field", "glossary/steppe.yaml", "short: Dry grassland.", "short: Dry grassland.\nshrot: typo",
              "shrot", r"unknown field 'shrot' \(did you mean 'short'", at="shrot")
    text_case("bad-trend", "countries/china.yaml", "trend: steady", "trend: warmish", "trend",
              r"'warmish' is not allowed \(did you mean 'warming'")
    text_case("overlong-plain-text", "countries/china.yaml", "name: China", "name: " + "A" * 400, "name",
              r"at most 300 characters")
    text_case("bad-colour-css-injection", "briefing.yaml", "colour: '#4292c6'",
              "colour: 'red;background:url(https://evil.example/x)'", "ladder[1].colour", r"does not have the right form")
    text_case("id-with-markup", "countries/china.yaml", "id: china", "id: <script>", "id",
              r"'<script>' does not have the right form")
    # Impossible dates
    text_case("impossible-date-feb-30", "timeline.yaml", "date: '1949-10-16'", "date: '1949-02-30'",
              "events[1].date", r"February 1949 has no day 30")
    text_case("impossible-month-13", "countries/china.yaml", "date: 1949-10", "date: '1949-13'", "steps[0].date",
              r"month 13 does not exist")
    text_case("backwards-range", "timeline.yaml", "date: '1206'", "date: 2001/1994", "events[0].date",
              r"range ends \(1994\) before it starts \(2001\)")
    # Script-capable and non-https URLs
    for name, url in [("javascript-source-url", "javascript:alert(1)"),
                      ("data-source-url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
                      ("http-source-url", "http://example.org/plain"),
                      ("quote-in-source-url", "'https://example.org/\"onmouseover=\"alert(1)'"),
                      ("protocol-relative-source-url", "//evil.example/x")]:
        text_case(name, "briefing.yaml", "url: https://example.org/source", f"url: {url}", "sources[0].url",
                  r"must be a well-formed https:// address")
    text_case("javascript-tile-url", "briefing.yaml", "ladder:",
              "maps:\n  tiles:\n    url: javascript:alert(1)\n    attribution: x\nladder:", "maps.tiles.url",
              r"must be a well-formed https:// address", at="url: javascript")
    # Unknown references
    text_case("unknown-section-ref", "countries/china.yaml", "ref: alpha", "ref: gamma", "steps[0].ref[0]",
              r"'gamma' is not a known section id")
    text_case("unknown-country-ref", "sections/01-alpha.yaml", "- china", "- japan", "countries[0]",
              r"'japan' is not a known country id")
    text_case("unknown-level", "countries/china.yaml", "level: embassy\ntrend", "level: embasy\ntrend", "level",
              r"'embasy' is not a ladder level \(did you mean 'embassy'", at="level: embasy")
    text_case("unknown-related-term", "glossary/steppe.yaml", "- ger", "- tent", "related[0]",
              r"'tent' is not a known glossary term id")
    text_case("unknown-iso3", "countries/china.yaml", "iso3: CHN", "iso3: XYZ", "iso3",
              r"'XYZ' is not a country code")
    # Duplicate ids and names
    text_case("duplicate-event-id", "timeline.yaml", "id: treaty", "id: founding", "events[1].id",
              r"duplicate event id 'founding'", nth=1)
    text_case("duplicate-ladder-id", "briefing.yaml", "- id: embassy", "- id: none", "ladder[1].id",
              r"duplicate ladder level id 'none'", nth=1)
    # Files are read in name order (ger before steppe): the second claimant is reported, naming the first.
    text_case("same-alias-two-terms", "glossary/steppe.yaml", "- grassland", "- Yurt", "aliases[0]",
              r"'Yurt' already names the term 'ger' \(in .*ger.yaml")
    text_case("id-file-mismatch", "glossary/ger.yaml", "id: ger", "id: tent", "id",
              r"id 'tent' does not match the file name 'ger.yaml'")
    text_case("focal-is-counterpart", "briefing.yaml", "  id: mongolia", "  id: china", "focal.id",
              r"'china' is both the focal country and a counterpart")

    def dup_file(files: dict) -> None:
        files["countries/china2.yaml"] = copy.deepcopy(files["countries/china.yaml"])

    cases.append(Case("duplicate-country-id", dup_file,
                      [("countries/china2.yaml", 1, "id", r"duplicate country id 'china' \(also in .*china.yaml"),
                       ("countries/china2.yaml", 1, "id", r"does not match the file name 'china2.yaml'")]))

    def no_meta(files: dict) -> None:
        del files["briefing.yaml"]

    cases.append(Case("missing-briefing-yaml", no_meta,
                      [("briefing.yaml", 1, "(document)", r"every briefing needs a briefing.yaml")]))
    cases += _bounded_work_cases(b) + _construction_cases(b, text_case) + _folder_cases(b)
    cases += _id_and_link_cases(b, text_case) + _control_cases(text_case) + _output_injection_cases(b)
    return cases


def _bounded_work_cases(b: dict) -> list[Case]:
    """Input whose cost is in what it expands to, how deep it nests or how big it is (issue 17, item 3)."""
    big = "x" * 19_000
    aliases = "".join("- *s\n" for _ in range(3_000))  # 148 KB that would expand to 57 MB
    bytes_bomb = f"s: &s {big}\nl:\n{aliases}"
    # The limit is crossed at the alias whose text takes the total over MAX_EXPANDED characters.
    crossing = next(k for k in range(1, 3_001) if 2 + 19_000 * (k + 1) > MAX_EXPANDED)
    deep = MAX_DEPTH + 1
    block = "".join(" " * i + f"k{i}:\n" for i in range(deep)) + " " * deep + "x\n"
    chain = "a: &a " + "[" * 40 + "1" + "]" * 40 + "\nb: &b [" + "*a, " * 3 + "*a]\nc: &c [*b]\nd: [[[[[[[[[[[[[[[[[[[[[[[[*c]]]]]]]]]]]]]]]]]]]]]]]]\n"
    rel = "glossary/ger.yaml"
    return [
        Case("alias-bytes-bomb", _set(rel, bytes_bomb),
             [(rel, 2 + crossing, "(document)", r"expands to more than [\d,]+ characters of text")]),
        Case("nested-1000-lists", _set(rel, "short: " + "[" * 1000 + "]" * 1000 + "\n"),
             [(rel, 1, "(document)", rf"nests more than {MAX_DEPTH} levels deep")]),
        Case("nested-200k-mappings", _set(rel, "short: " + "{a: " * 200_000 + "1" + "}" * 200_000 + "\n"),
             [(rel, 1, "(document)", rf"nests more than {MAX_DEPTH} levels deep")]),
        Case("nested-block-mappings", _set(rel, block),
             [(rel, MAX_DEPTH + 1, "(document)", rf"nests more than {MAX_DEPTH} levels deep")]),
        Case("nested-through-aliases", _set(rel, chain),
             [(rel, 4, "(document)", rf"nests more than {MAX_DEPTH} levels deep")]),
        Case("sparse-3gb-file", _set("countries/china.yaml", Sparse(3 * 1024 ** 3)),
             [("countries/china.yaml", 1, "(document)", rf"file is 3,221,225,472 bytes, over the {MAX_BYTES:,} byte limit")]),
        Case("fifo-instead-of-file", _set("countries/pipe.yaml", Fifo()),
             [("countries/pipe.yaml", 1, "(document)", r"is not a regular file")]),
    ]


def _construction_cases(b: dict, text_case) -> list[Case]:
    """Values PyYAML cannot construct, which used to end in a traceback (item 4)."""
    text_case("merge-of-a-number", "countries/china.yaml", "neighbour: true", "neighbour: true\n<<: 1", "<<",
              r"'<<' merges mappings", at="<<: 1")
    text_case("merge-of-a-list-of-numbers", "countries/bloc.yaml", "neighbour: false", "neighbour: false\n<<: [1, 2]",
              "<<", r"'<<' merges mappings", at="<<: [1, 2]")
    text_case("float-tag-on-text", "countries/china.yaml", "lat: 39.9", "lat: !!float abc", "capital.lat",
              r"'abc' is not a number, as its tag 'float' says")
    text_case("int-tag-on-text", "briefing.yaml", "    lat: 47.89", "    lat: !!int abc", "focal.capital.lat",
              r"'abc' is not a whole number")
    text_case("bool-tag-maybe", "countries/china.yaml", "neighbour: true", "neighbour: !!bool maybe", "neighbour",
              r"'maybe' is not true or false")
    text_case("number-5000-digits", "countries/china.yaml", "lat: 39.9", "lat: " + "9" * 5000, "capital.lat",
              rf"number is 5,000 characters long, over the limit of {MAX_NUMBER}")
    text_case("key-with-brackets", "glossary/steppe.yaml", "short: Dry grassland.", "short: Dry grassland.\na[1]: 2",
              "(document)", r"key 'a\[1\]' is not a field name", at="a[1]")
    text_case("null-key", "glossary/steppe.yaml", "short: Dry grassland.", "short: Dry grassland.\n~: 2",
              "(document)", r"mapping keys must be plain words", at="~: 2")
    text_case("undefined-alias", "countries/china.yaml", "headline: The southern neighbour.", "headline: *nowhere",
              "(document)", r"alias \*nowhere names no anchor defined before it")
    text_case("date-year-0000", "timeline.yaml", "date: '1206'", "date: '0000'", "events[0].date",
              r"year 0000 does not exist")
    text_case("date-year-0000-month", "countries/china.yaml", "date: 1949-10", "date: 0000-10", "steps[0].date",
              r"year 0000 does not exist")
    text_case("merge-then-duplicate-key", "countries/china.yaml", "trend: steady",
              "trend: steady\n<<: {summary: merged}\ntrend: cooling", "trend", r"duplicate key 'trend'", at="trend: cooling")
    return []


def _folder_cases(b: dict) -> list[Case]:
    """Only regular files inside the data folder are read (item 7); section numbers are unique (item 12)."""
    outside = dump(b["glossary/ger.yaml"]).replace("Many herders live in a ger.", "SECRET from outside the folder")
    def two_seconds(files: dict) -> None:
        files["sections/02-gamma.yaml"] = dict(base()["sections/02-beta.yaml"], id="gamma")
    def linked_folder(files: dict) -> None:
        for rel in [r for r in files if r.startswith("glossary/")]:
            del files[rel]
        files["glossary"] = Link("elsewhere/glossary")
        files["elsewhere-made"] = Link("elsewhere/glossary/ger.yaml", outside)
    return [
        Case("symlink-to-yaml-outside", _set("glossary/ger.yaml", Link("outside/ger.yaml", outside)),
             [("glossary/ger.yaml", 1, "(document)", r"is a symbolic link; only regular files inside the data folder")]),
        Case("symlink-to-proc", _set("people.yaml", Link("/proc/self/status")),
             [("people.yaml", 1, "(document)", r"is a symbolic link")]),
        Case("symlink-briefing-yaml", _set("briefing.yaml", Link("outside/briefing.yaml", dump(b["briefing.yaml"]))),
             [("briefing.yaml", 1, "(document)", r"is a symbolic link")]),
        Case("symlinked-folder", linked_folder,
             [("glossary", 1, "(document)", r"is a symbolic link")]),
        Case("two-sections-numbered-2", two_seconds,
             [("sections/02-gamma.yaml", 1, "(document)", r"section number 2 is also used by .*02-beta.yaml")]),
    ]


def _id_and_link_cases(b: dict, text_case) -> list[Case]:
    """Ids that would replace a generated page or map (item 8); links the strict build would refuse (item 10)."""
    def rename(kind_folder: str, old: str, new: str, prefix: str = ""):
        def go(files: dict) -> None:
            item = files.pop(f"{kind_folder}/{prefix}{old}.yaml")
            files[f"{kind_folder}/{prefix}{new}.yaml"] = dict(item, id=new)
        return go
    cases = [
        Case("reserved-country-overview", rename("countries", "bloc", "overview"),
             [("countries/overview.yaml", 1, "id", r"id 'overview' is reserved: maps/overview.html is the site's overview map")]),
        Case("reserved-country-index", rename("countries", "bloc", "index"),
             [("countries/index.yaml", 1, "id", r"id 'index' is reserved: countries/index.md would be the page of the folder")]),
        Case("reserved-section-index", rename("sections", "beta", "index", "02-"),
             [("sections/02-index.yaml", 1, "id", r"id 'index' is reserved: sections/index.md")]),
    ]
    text_case("md-anchor-link", "countries/china.yaml", "summary: China borders Mongolia.",
              "summary: China borders [Mongolia](#nope).", "summary", r"anchor '#nope' is relative to the page")
    text_case("md-relative-page-link", "timeline.yaml", "text: An empire is founded on the steppe.",
              "text: An empire is founded, see [notes](notes.md).", "events[0].text", r"link 'notes.md' is relative to the page")
    text_case("md-relative-image", "glossary/steppe.yaml", "explanation: The steppe covers much of Mongolia.",
              "explanation: 'The steppe: ![](a.png)'", "explanation", r"image 'a.png' is relative to the page")
    text_case("md-reference-definition", "briefing.yaml", "- text: Mongolia borders two states.",
              "- text: \"Mongolia borders [two states][r].\\n\\n[r]: ../countries/china.md#top\"", "key_judgements[0].text",
              r"link '../countries/china.md#top' is relative to the page")
    text_case("md-link-in-source-note", "briefing.yaml", "note: A note.", "note: See [this](page.html#x).",
              "sources[0].note", r"link 'page.html#x' is relative to the page")
    return cases


def _control_cases(text_case) -> list[Case]:
    """Control characters other than tab and line break (item 11), each reported with its position."""
    for name, char, label in [("nul", "\\0", "U\\+0000 \\(NUL\\) at character 4"),
                              ("escape", "\\e", "U\\+001B \\(ESC\\) at character 4"),
                              ("next-line", "\\x85", "U\\+0085 \\(NEL\\) at character 4"),
                              ("csi", "\\x9b", "U\\+009B at character 4"),
                              ("bell", "\\a", "U\\+0007 at character 4"),
                              ("carriage-return", "\\r", "U\\+000D \\(CR\\) at character 4"),
                              ("delete", "\\x7f", "U\\+007F \\(DEL\\) at character 4")]:
        text_case(f"control-{name}", "countries/china.yaml", "name: China", f'name: "Chi{char}na"', "name",
                  rf"control character {label} of the text is not allowed")
    text_case("control-in-markdown", "sections/01-alpha.yaml", "summary: The first section.",
              'summary: "The first\\tsection,\\nover lines\\x1b[31m"', "summary",
              r"control character U\+001B \(ESC\) at character 30")
    text_case("control-in-key", "glossary/steppe.yaml", "short: Dry grassland.", 'short: Dry grassland.\n"sh\\x01ort": x',
              "(document)", r"control character U\+0001 at character 3", at='"sh')
    return []


def _output_injection_cases(b: dict) -> list[Case]:
    """Names that would be workflow commands if printed raw (item 13): still reported, on one line."""
    evil = "countries/evil\n::warning file=x::pwned.yaml"
    def evil_file(files: dict) -> None:
        files[evil] = dict(base()["countries/bloc.yaml"], id="evil")
    key = '"a\\n::warning::pwned": 1\n'
    return [
        Case("file-name-with-workflow-command", evil_file,
             [(evil, 1, "id", r"id 'evil' does not match the file name 'evil\n::warning file=x::pwned.yaml'")]),
        Case("key-with-workflow-command", _set("glossary/ger.yaml", dump(b["glossary/ger.yaml"]) + key),
             [("glossary/ger.yaml", line_of(dump(b["glossary/ger.yaml"]) + key, "warning"), "(document)",
               r"key 'a\\n::warning::pwned' is not a field name")]),
    ]


# -- the all-payload briefing --------------------------------------------------------------------

def payload(tag: str) -> str:
    """Plain-text attack for one field (at most 300 characters: the Plain field limit).

    Every attack that could run sets window.__pwned or opens a dialog, so the browser can tell.
    """
    return (f'<script>window.__pwned="{tag}"</script>'
            f'<img src=x onerror=alert("{tag}")>'
            f'"><svg/onload=alert(1)>\'{{{{ 7*191 }}}}{{% raw %}}'
            f'</title></textarea><b onmouseover=alert(1)>{tag}</b>')


def md_payload(tag: str) -> str:
    """Markdown-field attack: raw HTML, dangerous links, remote images, attr_list, templates, Unicode."""
    return (
        f"{payload(tag)}\n\n"
        f"## {payload(tag + '.heading')}\n\n"  # a heading: into the table of contents and its tooltips
        f"[click {tag}](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) "
        f"[vb](vbscript:msgbox) [tab](java\tscript:alert(1)) [ent](&#106;avascript:alert(1))\n\n"
        f"![tracker](https://evil.example/t.png) <https://evil.example/auto>\n\n"
        f"{REMOTE_IMAGES}\n\n"
        f"Paragraph {{: onclick=\"alert(1)\" }}\n{{: #evil .x onclick=alert(1) }}\n\n"
        f"<div markdown=\"1\" onclick=alert(1)>html block</div>\n\n"
        f"```\n<script>alert('{tag}')</script>\n```\n\n"
        f"`{{{{ 7*191 }}}}` ${{alert(1)}} `${{alert(1)}}` [ref link][r]\n\n[r]: javascript:alert(1)\n\n"
        f"\u202eevil\u202c \u0627\u0644\u0639\u0631\u0628\u064a\u0629 Z\u0337\u0322\u0349a\u0338\u035c "
        f"{'W' * 180}"
    )


# Markdown syntax in a plain-text field or a URL: inert only if every template escapes for Markdown
# too, including inside the inline HTML a Markdown line carries.
MD_IN_PLAIN = "[m](https://evil.example/){: onclick=alert(1) style=position:fixed }"
MD_IN_URL = "https://example.org/[x](onmouseover=alert(1)//)"

# Images from another host however a browser would normalise the URL (issue 17 item 2).
REMOTE_IMAGES = ("![a](//evil.example/p.png) ![b](/\\evil.example/p.png) ![c](\\\\evil.example\\p.png) "
                 "![d](/\t/evil.example/p.png) ![e](&#47;&#47;evil.example/p.png) ![f]( //evil.example/p.png)")

LONG_WORD = "Verylongwordwithoutanyspace" * 7  # 189 characters, no break opportunity


def payload_briefing() -> dict[str, dict]:
    """Every text field of `base()` replaced with an attack that names the field."""
    b = base()
    meta = b["briefing.yaml"]
    meta["title"] = payload("meta.title")
    meta["subtitle"] = payload("meta.subtitle")
    meta["publisher"] = payload("meta.publisher")
    meta["focal"]["name"] = "Mongolia " + MD_IN_PLAIN + payload("focal.name")[:150]
    meta["focal"]["capital"]["name"] = payload("focal.capital")
    src = meta["sources"][0]
    src.update(title=payload("source.title"), publisher=payload("source.publisher"),
               author=payload("source.author"), note=md_payload("source.note"))
    meta["sources"].append({"id": "second", "title": "\u202eRTL " + LONG_WORD[:100], "publisher": "Z\u0337\u0322a\u0338",
                            "url": "https://example.org/a?b=<c>&d='e'".replace("<", "%3C").replace(">", "%3E").replace("'", "%27"),
                            "date": "2023-05"})
    meta["sources"].append({"id": "third", "title": MD_IN_PLAIN, "publisher": MD_IN_PLAIN, "url": MD_IN_URL,
                            "date": "2024"})
    meta["summary"] = md_payload("meta.summary")
    meta["key_judgements"][0]["text"] = md_payload("key_judgement")
    for i, level in enumerate(meta["ladder"]):
        level["label"] = payload(f"ladder{i}.label")
        level["meaning"] = payload(f"ladder{i}.meaning")
    for rel in ("sections/01-alpha.yaml", "sections/02-beta.yaml"):
        s = b[rel]
        s["title"] = payload(f"{s['id']}.title")
        s["summary"] = md_payload(f"{s['id']}.summary")
        for point in s["key_points"]:
            point["text"] = md_payload(f"{s['id']}.key_point")
    for rel in ("countries/china.yaml", "countries/bloc.yaml"):
        c = b[rel]
        c["name"] = payload(f"{c['id']}.name")
        c["headline"] = payload(f"{c['id']}.headline")
        c["summary"] = md_payload(f"{c['id']}.summary")
        c["capital"]["name"] = payload(f"{c['id']}.capital")
        for group in ("steps", "interests", "facts"):
            for item in c.get(group, []):
                item["text"] = md_payload(f"{c['id']}.{group}")
    for rel in ("glossary/steppe.yaml", "glossary/ger.yaml"):
        t = b[rel]
        tid = t["id"]
        t["aliases"] = [payload(f"{tid}.alias")[:250], f"{tid} \u202ereversed\u202c", LONG_WORD[:60] + tid]
        t["short"] = payload(f"{tid}.short")[:240]
        t["explanation"] = md_payload(f"{tid}.explanation") + f" Mentions {t['term']} and {LONG_WORD[:60]}{tid}."
    # Terms stay findable words so the linker has something to link (tooltips carry the payload).
    for e in b["timeline.yaml"]["events"]:
        e["text"] = md_payload(f"event.{e['id']}") + " on the steppe in a ger"
        e["place"]["name"] = payload(f"place.{e['id']}")
    person = b["people.yaml"]["people"][0]
    person.update(name=payload("person.name"), role=payload("person.role"),
                  aliases=[payload("person.alias")])
    # A long word in a plain field that ends up in headings and cards.
    b["countries/bloc.yaml"]["headline"] = LONG_WORD + " " + b["countries/bloc.yaml"]["headline"][:100]
    return b
