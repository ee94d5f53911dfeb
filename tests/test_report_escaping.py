"""Text from YAML in what GitHub shows: workflow annotations, the check step summary, `briefing diff`.

Nothing from a pull request's files may become a workflow command, a tag, a link, an image or an autolink;
and it must still read exactly as written. The Markdown is rendered with python-markdown (tables), a
stand-in for GitHub's renderer that resolves character references and autolinks the same way for this.
"""

from __future__ import annotations

import re

import markdown
from lxml import html as lxml_html

from briefing.contentdiff import compare
from briefing.diagnostics import Diagnostic, one_line
from briefing.ghreport import summary_markdown
from briefing.validate import load_briefing
from hostile.corpus import base, write

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "[click](https://evil.example/) ![t](https://evil.example/t.png)",
    "see https://evil.example/x and www.evil.example or mail a@evil.example",
    "a | table | breaker ` code ` *bold* _em_ <b>b</b> &amp; 100%",
    "line one\n::warning file=x::pwned\r\n::error::again",
]


def rendered(md: str):
    return lxml_html.fromstring(f"<div>{markdown.markdown(md, extensions=['tables'])}</div>")


def assert_inert_and_exact(md: str, texts: list[str]) -> None:
    tree = rendered(md)
    assert not tree.xpath("//img | //a | //b | //script"), markdown.markdown(md, extensions=["tables"])[:2000]
    shown = tree.text_content()
    for text in texts:
        assert one_line(text) in shown, (text, shown[:2000])


def test_step_summary_is_inert_and_reads_as_written():
    problems = [Diagnostic(f"data/countries/{i}.yaml", i + 1, 2, text, f"'{text}' is not allowed", text)
                for i, text in enumerate(HOSTILE)]
    problems.append(Diagnostic("data/countries/<img src=x onerror=alert(1)>.yaml", 1, 1, "id", "bad"))
    md = summary_markdown(problems)
    assert not re.search(r"^::", md, re.M)
    assert_inert_and_exact(md, HOSTILE + ["data/countries/<img src=x onerror=alert(1)>.yaml"])


def test_annotations_are_one_workflow_command_each():
    for text in HOSTILE:
        line = Diagnostic(f"data/{text}.yaml", 1, 1, text, text, text).github()
        assert "\n" not in line and "\r" not in line
        props, _, message = line.partition("::")[2].partition("::")
        assert props.startswith("error file=") and ":" not in props.split("file=", 1)[1].split(",line=")[0]
        assert not re.search(r"%(?!25|0A|0D|3A|2C)", line)


def test_text_output_is_one_line_per_problem():
    for text in HOSTILE:
        assert "\n" not in Diagnostic(f"data/{text}.yaml", 1, 1, text, text, text).format()


def test_diff_is_inert_and_reads_as_written(tmp_path):
    old = load_briefing(write(base(), tmp_path / "old"))
    files = base()
    name, person, event = HOSTILE[0] + " " + HOSTILE[1], HOSTILE[2], HOSTILE[3]
    files["countries/china.yaml"].update(name=name[:300], level="none")
    files["people.yaml"]["people"][0]["name"] = person
    files["timeline.yaml"]["events"][0]["text"] = event
    files["sections/01-alpha.yaml"]["title"] = HOSTILE[0]
    new = load_briefing(write(files, tmp_path / "new"))
    md = compare(old, new)
    assert_inert_and_exact(md, [name[:300], person, HOSTILE[0]])
    assert "table | breaker" in rendered(md).text_content()
