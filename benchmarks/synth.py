"""A synthetic briefing of any size, for benchmarks: deterministic for a seed, valid for `load_briefing`.

    python benchmarks/synth.py OUT_DIR [--countries 250] [--terms 2000] [--events 5000] [--seed 7]

Counterparts are real geometry codes from hooks/briefing/geodata (so every map draws real boundaries),
plus a few blocs once there are enough of them; the focal country is Afghanistan (AFG). Glossary terms are
made-up multi-word names (so they never collide with English filler text), with aliases and some
acronyms; sections, profiles and events mention them at a realistic rate (one mention every 25 to 40
words, popular terms more often than rare ones).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from briefing import geo  # noqa: E402

FOCAL = ("afghanistan", "Afghanistan", "AFG", ("Kabul", 34.53, 69.17))
LADDER = [
    ("no-contact", "No contact", "#d0d3d8", "No official contact with the government."),
    ("talks", "Talks", "#c6dbef", "Holds talks with the government's officials."),
    ("envoy", "Envoy accepted", "#6baed6", "Has accepted a diplomat appointed by the government."),
    ("embassy", "Embassy", "#2171b5", "Keeps an embassy in the capital."),
    ("recognition", "Recognition", "#08306b", "Recognises the government formally."),
]
TRENDS = ["warming", "steady", "cooling", "hostile"]
SYLLABLES = ["ka", "ro", "vin", "tel", "mar", "zu", "qel", "dor", "an", "sil", "bre", "tho", "nak", "wer",
             "ul", "esh", "kor", "pim", "dra", "ven", "lo", "gar", "fis", "tu", "ym", "hal", "ox", "jen"]
HEADS = ["Accord", "Doctrine", "Council", "Forum", "Corridor", "Pact", "Initiative", "Agency", "Front",
         "Movement", "Process", "Format", "Compact", "Fund", "Commission", "Mission", "Dialogue",
         "Framework", "Protocol", "Summit", "Network", "Brigade", "Conference", "Partnership"]
FILLER = [
    "The government in {cap} has signalled that it wants closer ties, although officials remain cautious in public.",
    "Observers note that the talks have moved slowly since the last round ended without a joint statement.",
    "Trade across the border grew last year, and both sides expect customs revenue to rise further.",
    "Diplomats describe the relationship as pragmatic rather than friendly, shaped mostly by security concerns.",
    "A delegation travelled to {cap} in the spring to discuss water, transit routes and the return of refugees.",
    "The ministry of foreign affairs issued a short statement that avoided the question of recognition.",
    "Analysts expect little change before the next election, when the coalition may revise its position.",
    "Security services on both sides have kept a quiet channel open despite the public disagreements.",
    "Humanitarian agencies continue to operate, but their budgets have been cut for the third year running.",
    "Investors remain wary of sanctions, the banking freeze and the lack of a predictable legal framework.",
]


def _pseudo(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def _dump(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")


class _Words:
    """Sentences that mention glossary terms at a Zipf-like rate."""

    def __init__(self, rng: random.Random, terms: list[dict]):
        self.rng = rng
        self.names = [[t["term"], *t.get("aliases", [])] for t in terms]
        self.weights = [1.0 / (i + 1) ** 0.8 for i in range(len(terms))]

    def term(self) -> str:
        names = self.rng.choices(self.names, self.weights)[0]
        name = self.rng.choice(names)
        return name + ("s" if self.rng.random() < 0.05 and not name.isupper() else "")

    def sentence(self, cap: str = "the capital") -> str:
        base = self.rng.choice(FILLER).format(cap=cap)
        if self.names and self.rng.random() < 0.7:
            mention = self.term()
            base = base[:-1] + f", according to a note on the {mention}."
        return base

    def text(self, sentences: int, cap: str = "the capital") -> str:
        return " ".join(self.sentence(cap) for _ in range(sentences))


def generate(out: Path, *, countries: int = 30, terms: int = 200, events: int = 500, sections: int = 12,
             people: int | None = None, seed: int = 7) -> Path:
    """Write a briefing folder to `out` (replaced if it exists) and return it."""
    rng = random.Random(seed)
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    world = geo.load_world()

    # Glossary first: every other text mentions its terms.
    used_names: set[str] = set()
    used_acronyms: set[str] = set()
    term_rows: list[dict] = []
    term_ids: set[str] = set()
    while len(term_rows) < terms:
        words = [_pseudo(rng, rng.randint(2, 3)) for _ in range(rng.randint(1, 2))] + [rng.choice(HEADS)]
        name = " ".join(words)
        if name.casefold() in used_names:
            continue
        aliases = []
        if rng.random() < 0.3:
            alias = f"{words[0]} {rng.choice(HEADS)}"
            if alias.casefold() not in used_names and alias != name:
                aliases.append(alias)
        if rng.random() < 0.15:
            acronym = "".join(w[0] for w in words).upper() + "".join(rng.choice("ABCDEFGHKLMNPRSTVWZ") for _ in range(rng.randint(1, 2)))
            if acronym not in used_acronyms and acronym.casefold() not in used_names:
                aliases.append(acronym)
                used_acronyms.add(acronym)
        used_names.add(name.casefold())
        used_names.update(a.casefold() for a in aliases if not a.isupper())
        term_id = _slug(name)
        if term_id in term_ids:
            continue
        term_ids.add(term_id)
        term_rows.append({"id": term_id, "term": name, "aliases": aliases})
    words = _Words(rng, term_rows)

    section_ids = [f"part-{i + 1:02d}" for i in range(sections)]
    refs = lambda k=1: section_ids[rng.randrange(sections)] if k == 1 else rng.sample(section_ids, k)  # noqa: E731

    # Counterparts: real geometry codes, a few blocs once there are many.
    codes = [c for c in sorted(world.countries) if c != FOCAL[2]]
    rng.shuffle(codes)
    n_blocs = max(min(4, countries // 40), countries - len(codes))
    states = codes[: max(0, min(len(codes), countries - n_blocs))]
    country_rows: list[dict] = []
    seen_ids: set[str] = {FOCAL[0]}
    levels = [level[0] for level in LADDER]
    for code in states:
        geo_country = world.countries[code]
        name = geo_country.name
        country_id = _slug(name) or code.lower()
        if country_id in seen_ids:
            country_id = f"{country_id}-{code.lower()}"
        seen_ids.add(country_id)
        lon0, lat0, lon1, lat1 = geo_country.bounds
        lon = (lon0 + lon1) / 2
        lon = lon - 360 if lon > 180 else lon
        cap = f"{name} City" if len(name) < 40 else "Capital"
        country_rows.append({
            "id": country_id, "name": name, "kind": "state", "iso3": code,
            "capital": {"name": cap, "lat": round((lat0 + lat1) / 2, 2), "lon": round(lon, 2)},
            "neighbour": code in ("PAK", "IRN", "TKM", "UZB", "TJK", "CHN"),
            "level": rng.choice(levels), "trend": rng.choice(TRENDS),
        })
    for b in range(n_blocs):
        members = sorted(rng.sample(codes, rng.randint(4, 25)))
        country_rows.append({
            "id": f"bloc-{b + 1}", "name": f"{_pseudo(rng, 2)} Union", "kind": "bloc", "members": members,
            "capital": {"name": "Seat", "lat": round(rng.uniform(-40, 60), 2), "lon": round(rng.uniform(-120, 140), 2)},
            "neighbour": False, "level": rng.choice(levels), "trend": rng.choice(TRENDS),
        })
    for row in country_rows:
        cap = row["capital"]["name"]
        row.update({
            "headline": f"{row['name']}: {rng.choice(FILLER).format(cap=cap)}"[:300],
            "summary": words.text(rng.randint(6, 12), cap),
            "steps": [
                {"date": str(rng.randint(2001, 2020)), "level": rng.choice(levels), "text": words.sentence(cap), "ref": refs()},
                {"date": f"{rng.randint(2021, 2024)}-{rng.randint(1, 12):02d}", "level": row["level"], "text": words.sentence(cap), "ref": refs()},
            ],
            "interests": [{"text": words.sentence(cap), "ref": refs()} for _ in range(rng.randint(1, 3))],
            "facts": [{"text": words.sentence(cap), "ref": refs()} for _ in range(rng.randint(2, 5))],
        })
        _dump(out / "countries" / f"{row['id']}.yaml", row)
    country_ids = [r["id"] for r in country_rows]
    capitals = {r["id"]: r["capital"] for r in country_rows}

    n_people = people if people is not None else max(10, countries)
    person_rows = []
    for i in range(n_people):
        name = f"{_pseudo(rng, 2)} {_pseudo(rng, 3)}"
        person_rows.append({
            "id": f"{_slug(name)}-{i}", "name": name, "role": f"Official of the {words.term()}"[:300],
            "countries": [rng.choice(country_ids + [FOCAL[0]])], "ref": refs(),
        })
    _dump(out / "people.yaml", {"people": person_rows})

    event_rows = []
    for i in range(events):
        year = rng.randint(1990, 2024)
        kind = rng.random()
        date = str(year) if kind < 0.2 else f"{year}-{rng.randint(1, 12):02d}" if kind < 0.5 else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        involved = rng.sample(country_ids, min(len(country_ids), rng.randint(1, 2)))
        event = {"id": f"event-{i + 1:05d}", "date": date, "text": words.text(rng.randint(1, 2)),
                 "countries": involved + [FOCAL[0]]}
        if rng.random() < 0.2:
            event["people"] = [rng.choice(person_rows)["id"]]
        if rng.random() < 0.3:
            cap = capitals[involved[0]]
            event["place"] = {"name": f"near {cap['name']}", "lat": round(max(-89.0, min(89.0, cap["lat"] + rng.uniform(-1, 1))), 3),
                              "lon": round(max(-179.0, min(179.0, cap["lon"] + rng.uniform(-1, 1))), 3)}
        event["ref"] = refs()
        event_rows.append(event)
    _dump(out / "timeline.yaml", {"events": event_rows})

    # Each term is defined once; its explanation mentions its neighbours in the list (related terms).
    for i, t in enumerate(term_rows):
        related = sorted({term_rows[j]["id"] for j in (i - 1, i + 1) if 0 <= j < len(term_rows)})
        row = {"id": t["id"], "term": t["term"], "aliases": t["aliases"],
               "short": f"A made-up {t['term'].split()[-1].lower()} used to benchmark the briefing engine ({i + 1})."[:240],
               "explanation": words.text(rng.randint(2, 4)), "related": related, "ref": refs()}
        _dump(out / "glossary" / f"{t['id']}.yaml", row)

    per_section = max(1, events // sections)
    for n, section_id in enumerate(section_ids):
        own_events = [e["id"] for e in event_rows[n * per_section:(n + 1) * per_section]][:40]
        _dump(out / "sections" / f"{n:02d}-{section_id}.yaml", {
            "id": section_id, "title": f"Part {n + 1}: the {words.term()}"[:300],
            "summary": "\n\n".join(words.text(rng.randint(5, 9)) for _ in range(rng.randint(3, 6))),
            "key_points": [{"text": words.sentence(), "ref": section_id} for _ in range(rng.randint(3, 6))],
            "countries": rng.sample(country_ids, min(len(country_ids), 8)),
            "terms": [t["id"] for t in rng.sample(term_rows, min(len(term_rows), 10))],
            "people": [p["id"] for p in rng.sample(person_rows, min(len(person_rows), 5))],
            "events": own_events,
        })

    name, label, iso3, (cap, lat, lon) = FOCAL
    _dump(out / "briefing.yaml", {
        "id": f"synthetic-{countries}-{terms}-{events}",
        "title": f"Synthetic briefing: {countries} counterparts, {terms} terms, {events} events",
        "subtitle": "Generated by benchmarks/synth.py to measure the briefing engine",
        "focal": {"id": name, "name": label, "iso3": iso3, "capital": {"name": cap, "lat": lat, "lon": lon}},
        "as_of": "2024-11-26",
        "sources": [{"id": "synthetic", "title": "Synthetic source", "publisher": "benchmarks/synth.py",
                     "url": "https://example.org/synthetic", "date": "2024"}],
        "summary": "\n\n".join(words.text(5) for _ in range(3)),
        "key_judgements": [{"text": words.sentence(), "ref": refs()} for _ in range(4)],
        "ladder": [{"id": i, "label": lab, "colour": col, "meaning": mean} for i, lab, col, mean in LADDER],
    })
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--countries", type=int, default=30)
    parser.add_argument("--terms", type=int, default=200)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--sections", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    generate(args.out, countries=args.countries, terms=args.terms, events=args.events, sections=args.sections, seed=args.seed)
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
