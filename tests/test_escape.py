"""The escaping boundary (escape.py) and the sanitizer (sanitize.py), rendered through Python-Markdown
with the extensions MkDocs enables, read back as a browser would."""

from __future__ import annotations

import html
import re

import markdown
import pytest

from briefing import escape, sanitize

EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition"]


def render(md: str) -> str:
    return escape.restore_literals(markdown.markdown(md, extensions=EXTENSIONS))


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize("typed", ["Tom's \"Q\" & <b>", "a*b*_c_ [x](y) #1 \\* `k`", "R&D &amp; &#39;", "a{: onclick=x }"])
def test_plain_text_shows_as_typed_in_markdown_and_html(typed):
    assert text_of(render(escape.md_text(typed))) == typed
    assert text_of(render(f'<p class="x" markdown>{escape.html_text(typed)}</p>')) == typed
    assert text_of(render(f'<p class="x">{escape.html_text(typed)}</p>')) == typed


def test_link_title_shows_as_typed():
    typed = "Source: The Taliban's \"slow\" march <b> & \\* [x](y)"
    out = render(f'[§1](a.md "{escape.md_link_title(typed)}")')
    title = re.search(r'title="([^"]*)"', out).group(1)
    assert html.unescape(title) == typed


def test_code_spans_and_fences_show_as_typed():
    out = render(escape.md_block("x `a<b & {x}` y\n\n```\n<i>a</i> & {b}\n```"))
    codes = [html.unescape(c) for c in re.findall(r"<code>(.*?)</code>", out, re.S)]
    assert codes == ["a<b & {x}", "<i>a</i> & {b}\n"]


def test_indented_code_shows_as_typed_and_list_continuations_stay_prose():
    out = render(escape.md_block("Intro.\n\n    a<b & {x}\n    ``` *y*\n\nAfter."))
    assert [html.unescape(c) for c in re.findall(r"<code>(.*?)</code>", out, re.S)] == ["a<b & {x}\n``` *y*\n"]
    assert text_of(out).startswith("Intro.") and text_of(out).rstrip().endswith("After.")
    listed = render(escape.md_block("Intro.\n\n- item\n\n    more of a<b"))
    assert "<code>" not in listed and "more of a<b" in text_of(listed)


def test_markdown_fields_cannot_make_markup():
    out = render(escape.md_block("<img src=x onerror=alert(1)>\n\nP {: onclick=alert(1) }\n\n```{onclick=alert(1)}\nx\n```"))
    assert "<img" not in out and "onclick=\"" not in out


def test_plain_text_from_markdown_keeps_what_readers_see():
    assert escape.md_to_text("A `snake_case` name, \\*starred\\*, [a link](x.md) and *emphasis*.") == \
        "A snake_case name, *starred*, a link and emphasis."
    assert escape.first_sentence("U.S. officials met Dr. Who. Then more.") == "U.S. officials met Dr. Who."


def test_twenty_thousand_brackets_render_as_typed():
    typed = "[" * 20_000
    assert text_of(render(escape.md_block(typed))) == typed  # timing: benchmarks/markdown_pathological.py
    assert text_of(render(escape.md_block("[a](b) " + "[" * 5))) == "a " + "[" * 5


def test_an_unterminated_override_stays_inside_the_name():
    assert escape.md_text("Zhao \u202eevil") == "<bdi>Zhao \u202eevil</bdi>"
    assert escape.md_text("Plain name") == "Plain name"
    assert escape.md_block("a \u202eb\n\nc").split("\n\n")[0].endswith("\u202c")


@pytest.mark.parametrize("url", ["//evil.example/p.png", "/\\evil.example/p.png", "\\\\evil.example\\p.png",
                                 "/\t/evil.example/p.png", " //evil.example/p.png", "https://evil.example/p.png",
                                 "HTTPS://site.example.evil.example/p.png", "data:image/png;base64,AA=="])
def test_images_from_other_hosts_are_dropped(url):
    assert not sanitize.same_site(url, "https://site.example")
    out = sanitize.sanitize(f'<img src="{html.escape(url)}" alt="a"><iframe src="{html.escape(url)}"></iframe>'
                            f'<iframe data-src="{html.escape(url)}"></iframe>',  # a map frame's deferred src
                            "https://site.example/briefing/")
    assert "src=" not in out


@pytest.mark.parametrize("url", ["../maps/x.svg", "/briefing/a.png", "https://site.example/briefing/a.png", "a.png"])
def test_images_from_the_site_stay(url):
    assert sanitize.same_site(url, "https://site.example")
    assert f'src="{url}"' in sanitize.sanitize(f'<img src="{url}" alt="a">', "https://site.example/briefing/")


def test_sanitizer_is_an_allowlist():
    out = sanitize.sanitize('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;" src="../maps/a.html"></iframe>'
                            '<a href="java&#x09;script:alert(1)">x</a><svg onload="alert(1)"><path d="M0 0"/></svg>'
                            '<script>alert(1)</script><p style="background:url(//evil.example/x)">y</p>')
    assert "srcdoc" not in out and "javascript" not in out and "onload" not in out and "<script" not in out
    assert "url(" not in out and 'src="../maps/a.html"' in out


def test_tooltip_guard_goes_first_into_head_after_the_charset():
    page = escape.with_tooltip_guard("<!doctype html><html><head>\n<meta charset=utf-8><script src=b.js></script></head></html>")
    assert page.index(escape.tooltip_guard_script()) == page.index("<meta charset=utf-8>") + len("<meta charset=utf-8>")
    assert page.index(escape.tooltip_guard_script()) < page.index("<script src=b.js>")
    bare = escape.with_tooltip_guard("<html><head><title>x</title></head></html>")
    assert bare.index(escape.tooltip_guard_script()) == bare.index("<head>") + len("<head>")
    assert escape.with_tooltip_guard(page) == page
    assert "</script" not in escape.tooltip_guard_script()[len("<script>"):-len("</script>")]


def test_a_title_is_escaped_once_whether_plain_or_already_escaped():
    typed = "Tom's <b>R&D</b>"
    for value in (typed, escape.theme_text(typed)):
        shown = escape.once(value)
        assert "<" not in shown and html.unescape(shown) == typed
