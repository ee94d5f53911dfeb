"""CONTRIBUTING.md's commands work as written, and the output pasted there is what they print."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import DATA, ROOT, run_cli

DOC = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
}


def blocks(kind: str) -> list[str]:
    return [textwrap.dedent(body) for body in re.findall(rf"^ *```{kind}\n(.*?)^ *```", DOC, re.M | re.S)]


def documented(prefix: str) -> list[str]:
    """Command lines from the doc's sh blocks that start with prefix, without trailing comments."""
    lines = [line.split("  #")[0].strip() for block in blocks("sh") for line in block.splitlines()]
    return [line for line in lines if line.startswith(prefix)]


def run(repo: Path, command: str) -> subprocess.CompletedProcess:
    args = shlex.split(command)
    assert args[0] == "briefing"
    return run_cli(*args[1:], cwd=repo, env={**GIT_ENV, "BRIEFING_DATA": "data"})


def output(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


def assert_pasted(text: str) -> None:
    assert text in blocks("text"), f"CONTRIBUTING.md should show this output exactly:\n{text}"


@pytest.fixture()
def repo(tmp_path) -> Path:
    shutil.copytree(DATA, tmp_path / "data")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"], ["update-ref", "refs/remotes/origin/main", "HEAD"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, env={**os.environ, **GIT_ENV})
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_documented_commands_and_their_output(repo):
    check = run(repo, "briefing check")
    assert check.returncode == 0
    assert_pasted(output(check))

    for command in ("briefing new country mongolia", 'briefing new term third-neighbour --name "Third neighbour"'):
        assert command in documented("briefing new")
        result = run(repo, command)
        assert result.returncode == 0, output(result)
        assert_pasted(output(result))
    others = [c for c in documented("briefing new") if "mongolia" not in c and "third-neighbour" not in c]
    assert len(others) == 3
    for command in others:
        result = run(repo, command)
        assert result.returncode == 0, command + output(result)
    assert run(repo, "briefing check").returncode == 0


def test_the_error_example(repo):
    edit(repo / "data" / "countries" / "russia.yaml", "\nneighbour: false", "\nneighbor: false")
    edit(repo / "data" / "countries" / "russia.yaml", "\nlevel: envoy-accepted\n", "\nlevel: envoy-acepted\n")
    edit(repo / "data" / "timeline.yaml", "date: '1973'", "date: '1973-13'")
    result = run(repo, "briefing check")
    assert result.returncode == 1
    assert_pasted(output(result))


def test_the_diff_example(repo):
    assert "briefing diff origin/main" in documented("briefing diff")
    edit(repo / "data" / "countries" / "russia.yaml", "\nlevel: envoy-accepted\ntrend: warming", "\nlevel: ambassadors\ntrend: steady")
    result = run(repo, "briefing diff origin/main")
    assert result.returncode == 0, output(result)
    pasted = next(b for b in blocks("text") if b.startswith("## Content changes"))
    assert result.stdout.startswith(pasted.rstrip("\n")), result.stdout


def test_make_targets_and_files_exist():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("site:", "serve:"):
        assert re.search(rf"^{target}", makefile, re.M)
    for path in re.findall(r"`((?:\.github|data|hooks)/[\w./-]+)`", DOC):
        if "<" not in path and "NN-" not in path and "mongolia" not in path and "third-neighbour" not in path:
            assert (ROOT / path).exists(), path


def test_where_things_are_names_files_that_exist():
    """The developers' map in CONTRIBUTING.md points at files that exist, so it cannot silently rot."""
    import re

    part = DOC[DOC.index("## Where things are"):]
    part = part[: part.index("\n## ", 4)]
    paths = set(re.findall(r"`((?:hooks|scripts|tests|data)/[\w./-]+)`", part))
    modules = set(re.findall(r"`(\w+\.(?:py|css|j2))`", part)) | set(re.findall(r"`(\w+\.md\.j2)`", part))
    assert len(paths) >= 5 and len(modules) >= 5
    for path in paths:
        assert (ROOT / path).exists(), path
    known = {p.name for p in (ROOT / "hooks").rglob("*") if p.is_file()}
    for name in modules:
        assert name in known, name
