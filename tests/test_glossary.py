import re
import time

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


def test_first_mention_links_later_ones_get_tooltips():
    out, used = link("<p>The Taliban met. The Taliban left. Taliban again.</p>")
    assert out.count('<a class="briefing-term" href="../glossary/#taliban"') == 1
    assert out.count('<abbr class="briefing-term"') == 2
    assert used == {"taliban"}


def test_definition_is_escaped_in_the_attribute():
    out, _ = link("<p>Belt and Road</p>")
    assert 'title="China&#x27;s &quot;megaproject&quot; &lt;trade&gt;"' in out


def test_words_ignore_case_acronyms_do_not():
    out, _ = link("<p>the national resistance forces; nrf; NRF</p>")
    assert ">national resistance forces</a>" in out
    assert "; nrf;" in out
    assert ">NRF</abbr>" in out


def test_plurals_and_possessives():
    out, _ = link("<p>The Amir’s decrees. Two Amirs. The NRF's base. The Amir's men.</p>")
    assert ">Amir’s</a>" in out
    assert ">Amirs</abbr>" in out
    assert ">NRF's</a>" in out
    assert ">Amir's</abbr>" in out


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
    assert used == {"nrf"}
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
