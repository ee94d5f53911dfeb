import html
import re
import time

import pytest

from briefing.glossary import GlossaryTerm, Linker

TERMS = [
    GlossaryTerm("nrf", ("National Resistance Forces", "NRF"), "Anti-Taliban group"),
    GlossaryTerm("taliban", ("Taliban",), "The movement ruling Afghanistan"),
    GlossaryTerm("pakistani-taliban", ("Pakistani Taliban",), "Militants in Pakistan"),
    GlossaryTerm("belt-and-road", ("Belt and Road", "One Belt, One Road"), 'China\'s "megaproject" <trade>'),
    GlossaryTerm("amir", ("Amir",), "The Supreme Leader"),
]
LINKER = Linker(TERMS)


def link(html: str, href: str = "../glossary/"):
    return LINKER.link(html, href)


def test_first_mention_links_later_ones_stay_plain():
    out, used = link("<p>The Taliban met. The Taliban left. Taliban again.</p>")
    assert out.count('<a class="briefing-term" href="../glossary/#taliban"') == 1
    assert "<abbr" not in out
    assert out.endswith("The Taliban left. Taliban again.</p>")
    assert used == {"taliban"}


def test_definition_is_escaped_in_the_attribute():
    out, _ = link("<p>Belt and Road</p>")
    assert 'title="China&#x27;s &quot;megaproject&quot; &lt;trade&gt;"' in out


def test_words_ignore_case_acronyms_do_not():
    out, _ = link("<p>the national resistance forces; nrf; NRF</p>")
    assert ">national resistance forces</a>" in out
    assert "; nrf;" in out
    assert link("<p>an nrf; Nrf</p>")[1] == set()
    assert ">NRF</a>" in link("<p>an nrf; NRF</p>")[0]


def test_plurals_and_possessives():
    out, _ = link("<p>The Amir’s decrees. Two Amirs. The NRF's base. The Amir's men.</p>")
    assert ">Amir’s</a>" in out
    assert ">Amirs<" not in out and "Two Amirs." in out
    assert ">NRF's</a>" in out
    out, used = link("<p>Two Amirs.</p><p>The Amir’s decrees.</p>")
    assert ">Amirs</a>" in out and used == {"amir"}


def test_longest_name_wins_and_words_are_whole():
    out, used = link("<p>The Pakistani Taliban and the Talibanesque. ONE BELT, ONE ROAD</p>")
    assert ">Pakistani Taliban</a>" in out
    assert "Talibanesque" in out and ">Talibanesque<" not in out
    assert used == {"pakistani-taliban", "belt-and-road"}


def test_never_in_headings_code_links_or_own_entry():
    page = (
        "<h2>Taliban</h2><p><code>Taliban</code> <a href='x'>Taliban</a> <pre>NRF</pre></p>"
        '<div data-term="taliban"><p>Taliban NRF</p></div><script>var Amir = 1;</script>'
    )
    out, used = link(page)
    assert used == {"nrf", "taliban"}  # mentioned in the heading and the link, linked nowhere
    assert out.count("briefing-term") == 1
    assert "<h2>Taliban</h2>" in out and "<code>Taliban</code>" in out and "<a href='x'>Taliban</a>" in out
    assert '<p>Taliban <a class="briefing-term" href="../glossary/#nrf"' in out
    assert "var Amir = 1" in out


def test_attributes_and_entities_untouched():
    page = '<p title="Taliban"><img alt="NRF"> &amp; Taliban &#8217;</p>'
    out, _ = link(page)
    assert 'title="Taliban"' in out and 'alt="NRF"' in out
    assert out.count("briefing-term") == 1
    assert "&amp; <a" in out and "&#8217;</p>" in out


def test_one_pass_cost_is_flat_in_the_number_of_terms():
    text = "<p>" + " ".join(["The Taliban and the NRF met near the Belt and Road office."] * 400) + "</p>"
    small = Linker([GlossaryTerm(f"t{i}", (f"word{i}",), "x") for i in range(200)] + TERMS)
    large = Linker([GlossaryTerm(f"t{i}", (f"word{i}",), "x") for i in range(2000)] + TERMS)

    def best(linker):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            linker.link(text, "g/")
            times.append(time.perf_counter() - start)
        return min(times)

    # Not a speed target: a per-term loop would be ~10x slower with 10x the terms.
    assert best(large) < best(small) * 3
    assert isinstance(large.pattern, re.Pattern)


# -- terms as the reader sees them --------------------------------------------------------------
READER = Linker([
    GlossaryTerm("rnd", ("R&D",), "Research and development"),
    GlossaryTerm("att", ("AT&T",), "A telephone company"),
    GlossaryTerm("toms-q", ('Tom\'s "Q"',), "A quoted thing"),
    GlossaryTerm("istanbul", ("İstanbul Process",), "A regional forum"),
    GlossaryTerm("strasse", ("Straße",), "A street"),
    GlossaryTerm("lt", ("a<b",), "Less"),
    GlossaryTerm("literal", ("&amp; Co",), "A name typed with an ampersand sequence"),
])


def _linked_text(out: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<a class="briefing-term"[^>]*>(.*?)</a>', out)]


def test_terms_with_html_special_characters_link_as_shown():
    page = ("<p>Spending on R&amp;D rose; AT&amp;T bid. Tom&#x27;s &quot;Q&quot; and Tom’s “Q” again. "
            "Then a&lt;b, and &amp;amp; Co.</p>")
    out, used = READER.link(page, "g/")
    assert used == {"rnd", "att", "toms-q", "lt", "literal"}
    assert _linked_text(out) == ["R&D", "AT&T", 'Tom\'s "Q"', "a<b", "&amp; Co"]
    # The markup around the links is the page's own: decoding is only for matching.
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == html.unescape(re.sub(r"<[^>]+>", "", page))
    # An entity is never split: a term never matches half of a character reference.
    assert READER.link("<p>&amp;T and R&amp;</p>", "g/")[1] == set()


def test_case_folding_is_unicode_aware_but_acronyms_stay_exact():
    out, used = READER.link("<p>The ISTANBUL PROCESS met; the İstanbul process again.</p><p>STRASSE</p>", "g/")
    assert used == {"istanbul", "strasse"}
    assert _linked_text(out) == ["ISTANBUL PROCESS", "STRASSE"]
    assert READER.link("<p>İstanbul Process</p>", "g/")[1] == {"istanbul"}
    assert READER.link("<p>r&amp;d and At&amp;t</p>", "g/")[1] == set()
    assert READER.link("<p>R&amp;D's budget</p>", "g/")[0].count("briefing-term") == 1


def test_badges_subtitle_pager_and_headings_never_link_but_count_as_uses():
    page = (
        '<p class="briefing-subtitle">Taliban</p><p><span class="briefing-level">Taliban</span> '
        '<span class="briefing-trend x">Taliban</span> <span class="briefing-chip">Taliban</span></p>'
        '<nav class="briefing-pager"><a href="x">Taliban</a></nav><h3>Taliban</h3><nav>Taliban</nav>'
    )
    out, used = link(page)
    assert out == page and used == {"taliban"}
    out, used = link(page + "<p>The Taliban</p>")
    assert out.count("briefing-term") == 1 and out.endswith('title="The movement ruling Afghanistan">Taliban</a></p>')


def test_code_and_data_no_terms_are_not_mentions():
    assert link("<p><code>Taliban</code></p><p data-no-terms>Taliban</p><pre>NRF</pre>")[1] == set()


def test_every_section_setting_links_the_first_mention_of_each_h2_section():
    linker = Linker([
        GlossaryTerm("taliban", ("Taliban",), "The movement", "every-section"),
        GlossaryTerm("nrf", ("NRF",), "Anti-Taliban group"),
    ])
    page = ("<h1>Page</h1><p>Taliban NRF Taliban</p><h2>One</h2><p>Taliban, NRF, Taliban</p>"
            "<h3>Sub</h3><p>Taliban</p><h2>Two</h2><p>NRF</p><p>Taliban Taliban</p>")
    out, used = linker.link(page, "g/")
    assert used == {"taliban", "nrf"}
    sections = re.split(r"<h2>", out)
    assert [s.count('href="g/#taliban"') for s in sections] == [1, 1, 1]
    assert [s.count('href="g/#nrf"') for s in sections] == [1, 0, 0]


def test_every_section_is_a_model_setting():
    from briefing.model import Term

    base = {"id": "x", "term": "X", "short": "s", "explanation": "e", "ref": "intro"}
    assert Term(**base).link == "first"
    assert Term(**base, link="every-section").link == "every-section"
    with pytest.raises(ValueError):
        Term(**base, link="always")


def test_a_mention_never_splits_what_reads_as_one_character():
    linker = Linker([
        GlossaryTerm("mali", ("مالي",), "m"), GlossaryTerm("se", ("Se",), "s"),
        GlossaryTerm("woman", ("👩",), "w"), GlossaryTerm("zwj", ("\u200d",), "z"),
    ])
    # n + combining tilde, e + combining acute, an emoji ZWJ sequence: one character each to a reader.
    assert linker.link("<p>n\u0303مالي Se\u0301gou 👩\u200d👩\u200d👧</p>", "g/")[1] == set()
    out, used = linker.link("<p>مالي, Se. 👩! \u200d</p>", "g/")
    assert used == {"mali", "se", "woman", "zwj"} and out.count("briefing-term") == 4


def test_dotted_capital_i_is_an_i():
    for text in ("İstanbul Process", "ISTANBUL PROCESS", "istanbul process", "İSTANBUL PROCESS", "Istanbul process"):
        out, used = READER.link(f"<p>At the {text}.</p>", "g/")
        assert used == {"istanbul"} and _linked_text(out) == [text], text


def test_an_acronym_as_written_wins_over_a_word_that_folds_the_same():
    linker = Linker([GlossaryTerm("us-word", ("us",), "w"), GlossaryTerm("usa", ("US",), "a")])
    out, used = linker.link("<p>The US and us.</p>", "g/")
    assert used == {"usa", "us-word"}
    assert 'href="g/#usa" title="a">US</a>' in out and 'href="g/#us-word" title="w">us</a>' in out
