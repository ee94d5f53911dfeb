"""Hostile input corpus: one small valid briefing, and the mutations that attack it.

`base()` returns the briefing as plain Python data (file path -> value); `write()` turns it into a
folder of YAML files. Each rejection case is a mutation of the base plus what the error report must
say (file, line, field, message); `payload_briefing()` puts an attack into every text field at once,
for a site that must build and stay inert.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml


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


def write(files: dict[str, object], dest: Path) -> Path:
    """Write the briefing: dict/list values as YAML, str/bytes values verbatim."""
    dest.mkdir(parents=True, exist_ok=True)
    for rel, value in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, bytes):
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
    return cases


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
