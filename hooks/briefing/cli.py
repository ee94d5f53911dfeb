"""The `briefing` command: check a briefing's data without building, and the other editor tools."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .diagnostics import BriefingError, Diagnostic
from .validate import load_briefing


def _default_data() -> str:
    return os.environ.get("BRIEFING_DATA", "data")


def cmd_check(args: argparse.Namespace) -> int:
    try:
        briefing = load_briefing(Path(args.data))
    except BriefingError as exc:
        _report(exc.diagnostics, args.format)
        return 1
    _report(briefing.warnings, args.format)
    b = briefing
    print(
        f"{args.data}: ok: {len(b.sections)} sections, {len(b.countries)} counterparts, "
        f"{len(b.terms)} terms, {len(b.events)} events, {len(b.people)} people",
        file=sys.stderr if args.format == "github" else sys.stdout,
    )
    return 0


def _report(diagnostics: list[Diagnostic], fmt: str) -> None:
    if fmt == "github":
        from .ghreport import github_report

        github_report(diagnostics)
        return
    for problem in diagnostics:
        print(problem.format())
    errors = sum(1 for d in diagnostics if d.severity == "error")
    if errors:
        print(f"{errors} problem{'s' if errors != 1 else ''} found", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="briefing", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate a briefing folder without building (exit 1 on problems)")
    check.add_argument("--data", default=_default_data(), help="briefing folder (default: $BRIEFING_DATA or data)")
    check.add_argument("--format", choices=("text", "github"), default="text", help="github: workflow annotations and a step summary")
    check.set_defaults(run=cmd_check)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
