"""Relations through time: levels on any day from dated steps, the relations page's date control in
Chromium (board, table and overview map replayed; keyboard; URL), the page as of `as_of` without
JavaScript, profile step charts, and `briefing check`'s warning when `level:` disagrees with the steps."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET

import lxml.html
import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from briefing import history, stepchart
from briefing.index import build_index
from briefing.validate import load_briefing
from conftest import BRIEFINGS, PageWatch, run_cli, serve, settle_animations, wake_maps
from enriched import enriched

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dated(briefing):
    built = enriched(briefing)
    b = load_briefing(built.data)
    return built, b, build_index(b)


def _differing_month(b, ix) -> str:
    """The latest month whose board differs from today's (the replay has something to show)."""
    today = {c.id: c.level for c in ix.countries_ranked}
    months = history.months(b)
    for month in reversed(months[:-1]):
        if history.board(b, ix, month) != today:
            return month
    pytest.fail("no month differs from as_of: the steps give the replay nothing to show")


def test_the_board_on_as_of_is_each_counterparts_level(dated):
    _, b, ix = dated
    assert history.board(b, ix, history.months(b)[-1]) == {c.id: c.level for c in ix.countries_ranked}
    assert history.level_warnings(b, ix) == []


def test_level_is_the_latest_step_on_or_before_the_day(dated):
    _, b, ix = dated
    for c in b.countries.values():
        for step in c.steps:
            day = history.effective_day(step)
            later = [s for s in c.steps if history.effective_day(s) == day]
            top = max(later, key=lambda s: ix.rank[s.level]).level
            assert history.level_on(c, day, ix) == top
            earlier = [s for s in c.steps if history.effective_day(s) < day]
            before = history.level_on(c, day.fromordinal(day.toordinal() - 1), ix)
            if not earlier:
                assert before is None


def test_page_embeds_the_history_and_renders_as_of_without_javascript(dated):
    built, b, ix = dated
    page = (built.site / "relations" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="briefing-history-data">(.*?)</script>', page, re.S)
    assert match and json.loads(match.group(1)) == history.history_data(b, ix)
    tree = lxml.html.fromstring(page)
    for level in b.meta.ladder:
        rung = tree.get_element_by_id(f"rung-{level.id}")
        names = {a.text_content() for a in rung.xpath('.//p[contains(@class, "briefing-rung__members")]//a')}
        assert names == {c.name for c in ix.by_level[level.id]}
    other = (built.site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "briefing-history-data" not in other


def _read_board(page) -> dict:
    return page.evaluate("""() => {
      const out = {board: {}, table: {}, map: {}};
      document.querySelectorAll('.briefing-history__item').forEach(i => { out.board[i.dataset.country] = i.dataset.level; });
      document.querySelectorAll('tr[data-country]').forEach(r => { out.table[r.dataset.country] = r.dataset.level || null; });
      const f = document.querySelector('.briefing-map iframe'), w = f && f.contentWindow;
      const box = w && w.L && w.document.querySelector('.folium-map'), map = box && w[box.id];
      if (map) {
        map.eachLayer(layer => {
          if (layer instanceof w.L.GeoJSON) layer.eachLayer(s => {
            const p = s.feature && s.feature.properties;
            if (p && p.briefingLevel !== undefined) out.map[p.c] = [p.briefingLevel || null, s.options.fillColor,
                                                                  s.getTooltip() ? s.getTooltip().getContent() : null];
          });
        });
      }
      return out;
    }""")


def _wait_for_map(page):
    wake_maps(page)
    page.locator(".briefing-map iframe").scroll_into_view_if_needed()
    page.wait_for_function("""() => { const f = document.querySelector('.briefing-map iframe');
      try { return f && f.contentWindow && f.contentWindow.L && f.contentDocument.readyState === 'complete'; }
      catch (e) { return false; } }""")


_DEPRECATIONS_JS = """window.__deprecations = [];
window.__reports = new ReportingObserver(function (reports) {
  reports.forEach(function (r) { window.__deprecations.push(r.body.id + " " + (r.body.sourceFile || "")); });
}, {types: ["deprecation"], buffered: true});
window.__reports.observe();"""


@pytest.mark.browser
def test_date_in_the_url_replays_board_table_and_map(dated, browser):
    built, b, ix = dated
    month = _differing_month(b, ix)
    expected = history.board(b, ix, month)
    colours = {level.id: level.colour for level in b.meta.ladder}
    with serve(built.site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        watch = PageWatch(page, url)
        page.add_init_script(_DEPRECATIONS_JS)
        page.goto(f"{url}/relations/?as_of={month}", wait_until="networkidle")
        _wait_for_map(page)
        state = _read_board(page)
        assert page.locator("#briefing-history").get_attribute("data-as-of") == month
        assert state["board"] == {cid: level for cid, level in expected.items() if level}
        assert state["table"] == expected
        moved = {cid for cid, level in expected.items() if level != b.countries[cid].level}
        assert moved, "the chosen month changes nobody"
        note = page.locator("#briefing-history-changes").inner_text()
        assert all(b.countries[cid].name in note for cid in moved)
        # As on the static overview, a country is painted once: as itself when it is a counterpart, else
        # by the bloc that stands highest on that day.
        painter: dict[str, str] = {}
        for cid, level in expected.items():
            c = b.countries[cid]
            for code in (c.members if c.kind == "bloc" else [c.iso3]):
                held = painter.get(code)
                standing = lambda other: ix.rank[expected[other]] if expected[other] else -1  # noqa: E731
                if (held is None or c.kind == "state"
                        or (b.countries[held].kind == "bloc" and standing(cid) > standing(held))):
                    painter[code] = cid
        for code, cid in painter.items():
            c, level = b.countries[cid], expected[cid]
            if code in state["map"]:
                assert state["map"][code][0] == level, (cid, code)
                if level:
                    assert state["map"][code][1].lower() == colours[level].lower()
                    tip = html.unescape(state["map"][code][2])
                    assert tip.startswith(f"{c.name}: {ix.levels[level].label} (")
        assert state["map"], "the overview map was not replayed"
        # Lighthouse marks best practices down for deprecated APIs (the replay once read every window property).
        # A report lands in the frame whose API was touched: the page's and the map's.
        reports = [r for frame in page.frames for r in frame.evaluate(
            "() => window.__deprecations.concat(window.__reports.takeRecords().map(r => r.body.id))")]
        assert reports == []
        watch.assert_clean()
        context.close()


@pytest.mark.browser
def test_keyboard_slider_year_buttons_and_url(dated, browser):
    built, b, ix = dated
    months = history.months(b)
    with serve(built.site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        watch = PageWatch(page, url)
        page.goto(f"{url}/relations/", wait_until="networkidle")
        slider = page.locator("#briefing-history-range")
        assert slider.get_attribute("aria-label")
        assert slider.input_value() == str(len(months) - 1)
        slider.focus()
        page.keyboard.press("Home")
        assert slider.input_value() == "0"
        assert f"as_of={months[0]}" in page.url
        first = history.board(b, ix, months[0])
        assert _read_board(page)["table"] == first
        page.keyboard.press("ArrowRight")
        if len(months) > 1:
            assert f"as_of={months[1]}" in page.url
        year = months[0][:4]
        button = page.get_by_role("button", name=year, exact=True)
        button.focus()
        page.keyboard.press("Enter")
        assert button.get_attribute("aria-pressed") == "true"
        last_of_year = max(m for m in months if m.startswith(year))
        assert page.locator("#briefing-history").get_attribute("data-as-of") == last_of_year
        slider.focus()
        page.keyboard.press("End")
        assert "as_of=" not in page.url
        assert _read_board(page)["table"] == {c.id: c.level for c in ix.countries_ranked}
        watch.assert_clean()
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_axe_findings_with_the_controls(dated, browser, scheme):
    built, b, ix = dated
    with serve(built.site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(f"{url}/relations/?as_of={_differing_month(b, ix)}", wait_until="networkidle")
        page.locator("#briefing-history-range").wait_for()
        page.get_by_role("button", name=history.months(b)[0][:4], exact=True).focus()  # a focused and a pressed button
        settle_animations(page)
        results = Axe().run(page)
        blocking = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        assert not blocking, [(v["id"], [n["target"] for n in v["nodes"]]) for v in blocking]
        context.close()


def test_profiles_show_a_step_chart_of_their_steps(dated):
    built, b, ix = dated
    for c in ix.countries_ranked:
        page = (built.site / "countries" / c.id / "index.html").read_text(encoding="utf-8")
        if not c.steps:
            assert "briefing-stepchart" not in page
            continue
        figure = lxml.html.fromstring(page).xpath('//figure[@class="briefing-stepchart"]')[0]
        assert " ".join(figure.findtext("figcaption").split()) == stepchart.caption(c)
        img = figure.find("img")
        assert img.get("alt") == stepchart.describe(c, ix)
        svg = ET.parse(built.site / "countries" / c.id / img.get("src")).getroot()
        circles = svg.findall(".//{http://www.w3.org/2000/svg}circle")
        assert len(circles) == len(c.steps)
        labels = sorted(circle.find("{http://www.w3.org/2000/svg}title").text for circle in circles)
        assert labels == sorted(f"{parse(s.date)}: {ix.levels[s.level].label}" for s in c.steps)
        for step in c.steps:
            assert f'id="{history.step_anchor(step)}"' in page


def parse(date: str) -> str:
    from briefing.dates import parse_date

    return parse_date(date).human()


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_check_warns_when_level_disagrees_with_the_latest_step(name, tmp_path):
    data = tmp_path / "data"
    from enriched import enrich

    enrich(BRIEFINGS[name], data)
    b = load_briefing(data)
    ix = build_index(b)
    country = next(c for c in ix.countries_ranked if c.steps)
    other = next(level.id for level in b.meta.ladder if level.id != history.level_on(country, history._as_of(b), ix))
    path = b.origin("country", country.id).file
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["level"] = other
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("check", "--data", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    warning = next(line for line in result.stdout.splitlines() if "warning: level:" in line)
    assert path.name in warning and other in warning
    line = int(warning.split(":")[1])
    assert path.read_text(encoding="utf-8").splitlines()[line - 1].startswith("level:")
