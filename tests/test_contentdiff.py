"""`briefing diff <rev>`: content changes between two commits of a git repository, as Markdown."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import DATA, run_cli

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture()
def repo(tmp_path) -> Path:
    shutil.copytree(DATA, tmp_path / "data")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def test_diff_between_two_commits(repo):
    data = repo / "data"
    ladder = [level["id"] for level in yaml.safe_load((data / "briefing.yaml").read_text())["ladder"]]
    russia = data / "countries" / "russia.yaml"
    text = russia.read_text()
    old_level = re.search(r"^level: (\S+)", text, re.M).group(1)
    new_level = ladder[ladder.index(old_level) + 1]
    russia.write_text(text.replace(f"\nlevel: {old_level}\n", f"\nlevel: {new_level}\n").replace("\ntrend: warming", "\ntrend: steady"))
    assert run_cli("new", "term", "third-neighbour", "--name", "Third neighbour", "--data", str(data)).returncode == 0
    # remove an event, and the section references to it
    timeline = data / "timeline.yaml"
    text = timeline.read_text()
    start = text.index("  - id: russia-backs-nrf\n")
    end = text.index("  - id: ", start + 1)
    timeline.write_text(text[:start] + text[end:])
    for section in (data / "sections").glob("*.yaml"):
        section.write_text(re.sub(r"\brussia-backs-nrf, |, russia-backs-nrf\b", "", section.read_text()))
    assert run_cli("check", "--data", str(data)).returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")

    result = run_cli("diff", "HEAD~1", "--data", "data", cwd=repo)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("## Content changes since `HEAD~1`")
    assert f"- **Russia**: {old_level} → {new_level} ↑; trend warming → steady" in out
    assert "- Changed: **Russia** (`russia`): level, trend" in out
    assert "### Glossary terms\n\n- Added: **Third neighbour** (`third-neighbour`)" in out
    assert "### Timeline events\n\n- Removed: `russia-backs-nrf` (1994/2001: " in out
    assert "- Changed: **Russian hospitality** (`russian-hospitality`): events" in out

    # the other way round: the level goes down
    back = run_cli("diff", "HEAD", "--data", "data", cwd=repo)
    assert "No changes" in back.stdout

    # from a subfolder, with the working tree differing from HEAD
    russia.write_text(russia.read_text().replace(f"\nlevel: {new_level}\n", f"\nlevel: {old_level}\n"))
    down = run_cli("diff", "HEAD", "--data", ".", cwd=data)
    assert f"- **Russia**: {new_level} → {old_level} ↓" in down.stdout, down.stdout + down.stderr


def test_diff_errors_are_reported(repo):
    result = run_cli("diff", "no-such-rev", "--data", "data", cwd=repo)
    assert result.returncode == 1 and result.stderr.startswith("briefing diff: ")
    (repo / "data" / "countries" / "russia.yaml").write_text("id: [\n")
    result = run_cli("diff", "HEAD", "--data", "data", cwd=repo)
    assert result.returncode == 1 and "run `briefing check`" in result.stderr
