"""Key judgements with stated likelihood and confidence (ICD 203): the model rejects unknown words with
the allowed list, pages show an accessible badge whose tooltip gives its meaning, the About page
explains the scale, and the PDF prints the badges."""

from __future__ import annotations

import html
import shutil
import subprocess

import lxml.html
import pytest
import yaml

from briefing import judgements, stepchart
from briefing.model import Confidence, Likelihood
from briefing.validate import load_briefing
from conftest import BRIEFINGS, run_cli, serve
from enriched import enriched

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def marked(briefing):
    return enriched(briefing)


def _marked_judgements(data):
    return [j for j in load_briefing(data).meta.key_judgements if j.likelihood or j.confidence]


@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_check_rejects_unknown_words_and_lists_the_allowed_ones(name, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(BRIEFINGS[name], data)
    path = data / "briefing.yaml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta["key_judgements"][0]["likelihood"] = "probable"
    meta["key_judgements"][-1]["confidence"] = "certain"
    path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("check", "--data", str(data))
    assert result.returncode == 1
    out = result.stdout + result.stderr
    likelihood_line = next(line for line in out.splitlines() if "likelihood" in line)
    confidence_line = next(line for line in out.splitlines() if "confidence" in line)
    assert "briefing.yaml:" in likelihood_line and "key_judgements[0].likelihood" in likelihood_line
    assert all(v.value in likelihood_line for v in Likelihood), likelihood_line
    assert all(v.value in confidence_line for v in Confidence), confidence_line


def test_home_page_badges_carry_label_and_meaning(marked):
    expected = _marked_judgements(marked.data)
    assert expected
    tree = lxml.html.fromstring((marked.site / "index.html").read_text(encoding="utf-8"))
    badges = tree.xpath('//span[contains(concat(" ", @class, " "), " briefing-icd ")]')
    assert len(badges) == len(expected)
    for badge, judgement in zip(badges, expected):
        # Material shows the title as HTML: decoded once more, it must read as the meaning, as typed.
        assert html.unescape(badge.get("title")) == judgements.meaning(judgement)
        hidden = badge.xpath('.//span[@class="briefing-icd__meaning"]')[0].text_content()
        assert hidden == f" ({judgements.meaning(judgement)})"
        assert badge.text_content() == judgements.label(judgement) + hidden


def test_about_page_explains_every_word(marked):
    text = lxml.html.fromstring((marked.site / "about" / "index.html").read_text(encoding="utf-8")).text_content()
    for label, chance in judgements.LIKELIHOOD.values():
        assert label in text and chance in text
    for value, meaning in judgements.CONFIDENCE.items():
        assert meaning.capitalize() in text


@pytest.mark.browser
def test_tooltip_shows_the_meaning_on_hover(marked, browser):
    expected = _marked_judgements(marked.data)[0]
    with serve(marked.site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url + "/", wait_until="networkidle")
        badge = page.locator(".briefing-icd").first
        badge.scroll_into_view_if_needed()
        badge.hover()
        tip = page.locator(".md-tooltip2, .md-tooltip").filter(has_text=judgements.meaning(expected)[:30])
        tip.first.wait_for(state="visible", timeout=5000)
        assert judgements.meaning(expected) in tip.first.inner_text()
        context.close()


def test_pdf_prints_the_badges_and_step_charts(marked, tmp_path):
    """One PDF per briefing for both features (a PDF build is slow)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    out = tmp_path / "briefing.pdf"
    result = run_cli("pdf", "--data", str(marked.data), "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split())
    for judgement in _marked_judgements(marked.data):
        assert judgements.label(judgement) in text
    assert "How sure we are" in text
    for country in load_briefing(marked.data).countries.values():  # the chart's caption is page text
        assert (stepchart.caption(country) in text) == bool(country.steps), country.id


@pytest.mark.browser
def test_no_serious_axe_findings_on_pages_with_badges(marked, browser):
    from axe_playwright_python.sync_playwright import Axe

    with serve(marked.site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        for path in ("", "about/", "data/"):
            page.goto(f"{url}/{path}", wait_until="networkidle")
            violations = Axe().run(page).response["violations"]
            blocking = [v["id"] for v in violations if v.get("impact") in ("serious", "critical")]
            assert not blocking, (path, blocking)
        context.close()
