"""Build both fixture briefings and compare them with an earlier build, file by file.

    python scripts/compare_builds.py save DIR     # build into DIR (before a refactoring step)
    python scripts/compare_builds.py check DIR    # build again and list every file that differs

A refactoring step must leave both sites byte-identical (issue 16); a step that is meant to change
output shows exactly which files it changed. The PDF is left out (BRIEFING_PDF=0): the PDF has
tests/test_reproducible.py."""

from __future__ import annotations

import filecmp
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from conftest import BRIEFINGS, build_site  # noqa: E402  (the test suite's own builds: same briefings, same command)

ENV = {"BRIEFING_PDF": "0", "SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": "1"}


def build(into: Path) -> None:
    for name, data in BRIEFINGS.items():
        build_site(data, into / name, env=ENV)


def differences(a: Path, b: Path) -> list[str]:
    out: list[str] = []
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    out += [f"only before: {p}" for p in sorted(files_a - files_b)]
    out += [f"only after:  {p}" for p in sorted(files_b - files_a)]
    out += [f"differs:     {p}" for p in sorted(files_a & files_b) if not filecmp.cmp(a / p, b / p, shallow=False)]
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("save", "check"):
        print(__doc__)
        return 2
    target = Path(argv[1])
    if argv[0] == "save":
        build(target)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp))
        found = differences(target, Path(tmp))
    print("\n".join(found) if found else "both sites byte-identical")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
