"""Round-trip corpus for tests/test_roundtrip.py: hostile-looking but ordinary text, a generated briefing that
puts each string into its own field, and readers that show each output as a reader sees it.

Markdown fields. A Markdown field renders Markdown, so a string typed there is not shown as typed when it
contains Markdown syntax. The test types *literal text* into Markdown fields: every character of
`MARKDOWN_SYNTAX` (Python-Markdown's backslash-escapable characters with our extensions: emphasis, code,
links, headings, lists, quotes, tables, admonitions) is written with a backslash, as an editor would to mean
the character itself. `{` `}` `<` `&` are not escaped: the engine itself shows them as typed in Markdown
fields (attribute lists and HTML are switched off there). The expected visible text of a Markdown field is
the string before escaping. A few fixed Markdown cases (code spans, emphasis) check syntax that does render.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import yaml
from hypothesis import strategies as st

from briefing.glossary import name_key

MARKDOWN_SYNTAX = "\\`*_[]()#+-.!>|"

SPECIALS = list("'\"&<>`*_[]()#\\|{}~^$")
ENTITY_LIKE = ["&amp;", "&#39;", "&#x27;", "&lt;b&gt;", "&quot;", "&nbsp;", "&#35;", "&copy", "&amp;#x27;", "&#0;"]
EMOJI = ["😀", "👩\u200d👩\u200d👧", "🇲🇱", "👍🏽", "🧕🏾", "❤️", "🏳️\u200d🌈"]
COMBINING = ["e\u0301", "Se\u0301gou", "n\u0303", "a\u0308\u0304", "Z\u0324\u0355", "\u0301"]
RTL = ["مالي", "باماكو", "שלום", "עִבְרִית", "\u202eRLO", "\u2067isolé\u2069", "\u200fمرحبا"]
ZERO_WIDTH = ["\u200d", "\u200c", "\u200b", "\u2060"]
LETTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "éèêëçñöüßøåÆŒİıŞğĞ" "αβγδΩ" "абвгдЖЯ" "ابتث" "אבג" "中文日本語" "ạốữ"
)

word = st.text(alphabet=LETTERS, min_size=1, max_size=10)
long_word = st.text(alphabet=LETTERS, min_size=40, max_size=90)
atom = st.one_of(
    word, word, word,
    st.sampled_from(SPECIALS), st.sampled_from(SPECIALS),
    st.sampled_from(ENTITY_LIKE), st.sampled_from(EMOJI), st.sampled_from(COMBINING),
    st.sampled_from(RTL), st.sampled_from(ZERO_WIDTH), long_word,
)


@st.composite
def fidelity_text(draw) -> str:
    """One line of text, at most 200 characters, no leading or trailing space, no runs of spaces."""
    parts = draw(st.lists(atom, min_size=1, max_size=7))
    seps = draw(st.lists(st.sampled_from([" ", "", " "]), min_size=len(parts), max_size=len(parts)))
    text = "".join(p + s for p, s in zip(parts, seps))
    text = " ".join(text.split())[:200].strip()
    # 'TODO' is refused by strict builds (a placeholder), not a fidelity question.
    return re.sub("todo", "to-do", text, flags=re.I) or "x"


def md_literal(text: str) -> str:
    """Literal text for a Markdown field: each Markdown syntax character backslash-escaped."""
    return "".join("\\" + c if c in MARKDOWN_SYNTAX else c for c in text)


# Fixed Markdown cases: (typed in a Markdown field, visible text).
MARKDOWN_CASES = [
    ("`a<b & {x}`", "a<b & {x}"),
    ("*emphasis* and **strong**", "emphasis and strong"),
    ("snake_case_name", "snake_case_name"),
    ("R\\&D \\* 2", "R\\&D * 2"),
    ("`it's \"quoted\"`", "it's \"quoted\""),
]
# Source links, one with right-to-left letters in its path: a link's href must carry it as typed, never
# the <bdi> that isolates the same text where a page shows it.
SOURCE_URLS = ["https://example.org/source-0", "https://example.org/مرحبا/source-1"]
# The longest a name may be (300 characters), in wide words too long for a line of a running head: the
# last counterpart's name, so that every build prints it in running heads, contents and maps (unshortened,
# it ran off the top of the PDF's pages). No combining marks: after a letter with stacked marks WeasyPrint
# can map an accented letter's glyph to the wrong text (Kozea/WeasyPrint#2841), which the drawn strings
# meet only by chance and this fixed one would meet in every build.
TALL_NAME = " ".join(["العربيةالعربيةالعربية", *["ẞǄǱ" * 7] * 13])[:300]
INDENTED_CODE = ("    if a<b && c > 1: {x} = '&amp;' # \\*\n    done_", "if a<b && c > 1: {x} = '&amp;' # \\*\ndone_")

# --- the generated briefing ---------------------------------------------------------------------------

N_SECTIONS, N_COUNTRIES, N_TERMS, N_EVENTS, N_PEOPLE, N_LEVELS = 45, 10, 6, 10, 6, 4
ISO3 = ["FRA", "DZA", "NER", "BFA", "SEN", "MRT", "GIN", "CIV", "RUS", "CHN"]
EVERY_SECTION_TERM = "t0"


@dataclass(frozen=True)
class Placed:
    """One string in one field: where it was typed, what a reader must see, and where."""

    field: str            # file and field, e.g. "countries/c3.yaml: headline"
    shown: str            # the visible text expected (the string as typed; for Markdown, before escaping)
    page: str | None      # site-relative URL of the page that shows it ("" is home)
    outputs: frozenset
    maps: tuple = ()      # map ids whose document and SVG show it
    fixed: bool = False   # one of MARKDOWN_CASES, not a drawn string
    also: tuple = ()      # other pages that show it (checked in the page text and the search index)
    nav_also: tuple = ()  # other pages that show it in navigation (the pager), left out of the search index


@dataclass
class Generated:
    root: Path
    placed: list[Placed] = field(default_factory=list)


def strings_needed() -> int:
    return 12 + 2 * N_LEVELS + 3 * N_SECTIONS + 7 * N_COUNTRIES + 4 * N_TERMS + 2 * N_EVENTS + 3 * N_PEOPLE


def write_briefing(root: Path, feed: Iterator[str]) -> Generated:
    """A complete, valid briefing in `root` with each string taken from `feed` in a distinct field.

    Term names and aliases must differ once case-folded (a mention links to one term): a string that
    would repeat one is skipped for them."""
    out = Generated(root)
    all_pages = {"page", "search", "pdf"}
    names: set[str] = set()

    def plain(where: str, page: str | None, outputs=(), maps=(), name: bool = False, also=(), nav_also=(),
              typed: str | None = None) -> str:
        value = next(feed) if typed is None else typed
        while name and name_key(value).casefold() in names:
            value = next(feed)
        if name:
            names.add(name_key(value).casefold())
        out.placed.append(Placed(where, value, page, frozenset((all_pages if page is not None else set()) | set(outputs)), tuple(maps),
                                  also=tuple(also), nav_also=tuple(nav_also)))
        return value

    def markdown(where: str, page: str, outputs=(), maps=(), extra: str = "", also=()) -> str:
        value = next(feed) + extra
        out.placed.append(Placed(where, value, page, frozenset(all_pages | set(outputs)), tuple(maps), also=tuple(also)))
        return md_literal(value)

    country_maps = [f"c{i}" for i in range(N_COUNTRIES)]
    meta: dict = {
        "id": "roundtrip",
        "title": plain("briefing.yaml: title", "", {"tab", "tooltip"}),
        "subtitle": plain("briefing.yaml: subtitle", ""),
        "publisher": plain("briefing.yaml: publisher", "about/"),
    }
    meta["focal"] = {
        "id": "focal", "name": plain("briefing.yaml: focal.name", "about/", {"map", "svg"}, ["overview", *country_maps], also=["countries/c0/"]),
        "iso3": "MLI",
        "capital": {"name": plain("briefing.yaml: focal.capital.name", None, {"map", "svg"}, country_maps), "lat": 12.64, "lon": -8.0},
    }
    meta["as_of"] = "2024-06-01"
    # The first source is named on the home page and at the top of each section page as well.
    first_source = ["", "sections/s1/"]
    meta["sources"] = [
        {"id": f"src{i}", "title": plain(f"briefing.yaml: sources[{i}].title", "about/", also=first_source if i == 0 else ()),
         "publisher": plain(f"briefing.yaml: sources[{i}].publisher", "about/", also=first_source if i == 0 else ()),
         "url": SOURCE_URLS[i], "date": "2024-05",
         "author": plain(f"briefing.yaml: sources[{i}].author", "about/"),
         "note": markdown(f"briefing.yaml: sources[{i}].note", "about/")}
        for i in range(2)
    ]
    meta["summary"] = markdown("briefing.yaml: summary", "")
    meta["key_judgements"] = [{"text": markdown(f"briefing.yaml: key_judgements[{i}].text", ""), "ref": f"s{i}"} for i in range(2)]
    colours = ["#d0d3d8", "#9ecae1", "#4292c6", "#08306b"]
    meta["ladder"] = [
        {"id": f"level-{i}", "label": plain(f"briefing.yaml: ladder[{i}].label", "relations/", {"map", "svg"}, ["overview"],
                                            also=["about/", f"countries/c{i}/"]),
         "colour": colours[i], "meaning": plain(f"briefing.yaml: ladder[{i}].meaning", "relations/", also=["about/", f"countries/c{i}/"])}
        for i in range(N_LEVELS)
    ]

    terms = []
    for i in range(N_TERMS):
        term = {"id": f"t{i}", "term": plain(f"glossary/t{i}.yaml: term", "glossary/", name=True, also=[f"sections/s{i}/"]),
                "aliases": [plain(f"glossary/t{i}.yaml: aliases[0]", "glossary/", name=True)],
                "short": plain(f"glossary/t{i}.yaml: short", "glossary/", also=[f"sections/s{i}/"]),
                "explanation": markdown(f"glossary/t{i}.yaml: explanation", "glossary/"), "ref": "s0"}
        if term["id"] == EVERY_SECTION_TERM:
            term["link"] = "every-section"
        terms.append(term)

    sections = []
    for i in range(N_SECTIONS):
        page = f"sections/s{i}/"
        # Terms are mentioned (after a space, so they stand as words) in the first sections, where their
        # links and tooltips are checked. The every-section term is mentioned before and after the first ##.
        mention = terms[i]["term"] if i < N_TERMS else None
        summary_extra = f" {mention}" if mention else ""
        point_extra = f" {mention}" if mention else ""
        sections.append({
            "id": f"s{i}",
            "title": plain(f"sections/{i:02d}-s{i}.yaml: title", page, {"tab", "nav", "tooltip"},
                           also=[""], nav_also=[f"sections/s{i + 1}/"] if i + 1 < N_SECTIONS else []),  # home card, pager
            "summary": markdown(f"sections/{i:02d}-s{i}.yaml: summary", page, extra=summary_extra),
            "key_points": [{"text": markdown(f"sections/{i:02d}-s{i}.yaml: key_points[0].text", page, extra=point_extra), "ref": f"s{i}"}],
            "terms": [f"t{i}"] if mention else [],
        })
        if mention:
            out.placed.append(Placed(f"glossary/t{i}.yaml: short (term tooltip)", terms[i]["short"], page, frozenset({"tooltip"})))

    countries = []
    for i in range(N_COUNTRIES):
        page, cid = f"countries/c{i}/", f"c{i}"
        countries.append({
            "id": cid, "name": plain(f"countries/{cid}.yaml: name", page, {"tab", "nav", "map", "svg"}, ["overview", cid],
                                      also=["", "relations/", "about/", "timeline/"],
                                      typed=TALL_NAME if i == N_COUNTRIES - 1 else None),
            "iso3": ISO3[i],
            "capital": {"name": plain(f"countries/{cid}.yaml: capital.name", None, {"map", "svg"}, [cid]), "lat": 10.0 + i, "lon": -10.0 + 3 * i},
            "neighbour": i % 2 == 0, "level": f"level-{i % N_LEVELS}", "trend": ["warming", "steady", "cooling", "hostile"][i % 4],
            "headline": plain(f"countries/{cid}.yaml: headline", page, also=["relations/"]),
            "summary": markdown(f"countries/{cid}.yaml: summary", page),
            # Home's "Latest developments" lists the eight newest steps and events: steps (2001-2010) are
            # all newer than events (1990-1999), so the steps of the last eight counterparts.
            "steps": [{"date": f"{2001 + i}-03", "level": f"level-{i % N_LEVELS}", "ref": f"s{i}",
                       "text": markdown(f"countries/{cid}.yaml: steps[0].text", page, also=[""] if i >= N_COUNTRIES - 8 else [])}],
            "interests": [{"text": markdown(f"countries/{cid}.yaml: interests[0].text", page), "ref": f"s{i}"}],
            "facts": [{"text": markdown(f"countries/{cid}.yaml: facts[0].text", page), "ref": f"s{i}"}],
        })
    # An indented code block in a summary (a paragraph of its own) shows its code as typed.
    countries[1]["summary"] += "\n\n" + INDENTED_CODE[0]
    out.placed.append(Placed("countries/c1.yaml: summary (indented code)", INDENTED_CODE[1], "countries/c1/", frozenset(all_pages), fixed=True))
    for j, (typed, shown) in enumerate(MARKDOWN_CASES):  # Markdown that renders: typed as is
        countries[0]["interests"].append({"text": typed, "ref": "s0"})
        out.placed.append(Placed(f"countries/c0.yaml: interests[{j + 1}].text (Markdown)", shown, "countries/c0/", frozenset(all_pages), fixed=True))

    events = []
    for i in range(N_EVENTS):
        cid = f"c{i % N_COUNTRIES}"
        events.append({
            "id": f"e{i}", "date": f"{1990 + i}-01-15",
            "text": markdown(f"timeline.yaml: events[{i}].text", "timeline/", {"map"}, [cid],
                             also=[f"countries/{cid}/"]),
            "countries": [cid],
            "place": {"name": plain(f"timeline.yaml: events[{i}].place.name", "timeline/", {"map", "svg"}, [cid]), "lat": 11.0 + i, "lon": -9.0 + 3 * i},
            "ref": "s0",
        })

    people = []
    for i in range(N_PEOPLE):
        people.append({
            "id": f"p{i}", "name": plain(f"people.yaml: people[{i}].name", "people/", also=[f"countries/c{i}/"]),
            "aliases": [plain(f"people.yaml: people[{i}].aliases[0]", "people/")],
            "role": plain(f"people.yaml: people[{i}].role", "people/", also=[f"countries/c{i}/"]),
            "countries": [f"c{i}"], "ref": "s0",
        })

    root.mkdir(parents=True, exist_ok=True)
    for sub in ("sections", "countries", "glossary"):
        (root / sub).mkdir(exist_ok=True)
    _dump(root / "briefing.yaml", meta)
    for i, section in enumerate(sections):
        _dump(root / "sections" / f"{i:02d}-{section['id']}.yaml", section)
    for country in countries:
        _dump(root / "countries" / f"{country['id']}.yaml", country)
    for term in terms:
        _dump(root / "glossary" / f"{term['id']}.yaml", term)
    _dump(root / "timeline.yaml", {"events": events})
    _dump(root / "people.yaml", {"people": people})
    return out


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")


def norm(text: str) -> str:
    return " ".join(text.split())
