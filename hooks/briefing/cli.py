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


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default=_default_data(), help="briefing folder (default: $BRIEFING_DATA or data)")


def cmd_check(args: argparse.Namespace) -> int:
    try:
        briefing = load_briefing(Path(args.data))
    except BriefingError as exc:
        _report(exc.diagnostics, args.format)
        return 1
    b = briefing
    counts = (
        f"{len(b.sections)} sections, {len(b.countries)} counterparts, "
        f"{len(b.terms)} terms, {len(b.events)} events, {len(b.people)} people"
    )
    from .lint import content_warnings

    _report(content_warnings(briefing), args.format, ok_line=counts)
    print(f"{args.data}: ok: {counts}", file=sys.stderr if args.format == "github" else sys.stdout)
    return 0


def _report(diagnostics: list[Diagnostic], fmt: str, ok_line: str | None = None) -> None:
    if fmt == "github":
        from .ghreport import github_report

        github_report(diagnostics, ok_line=ok_line)
        return
    for problem in diagnostics:
        print(problem.format())
    errors = sum(1 for d in diagnostics if d.severity == "error")
    if errors:
        print(f"{errors} problem{'s' if errors != 1 else ''} found", file=sys.stderr)


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import stale_schemas, write_schemas

    if args.check:
        stale = stale_schemas(args.out)
        for path in stale:
            print(f"{path}: out of date with hooks/briefing/model.py (run: briefing schema --out {args.out})")
        return 1 if stale else 0
    for path in write_schemas(args.out):
        print(f"wrote {path}")
    return 0


def _reported(command: str, run, error: type[Exception]) -> int:
    """Print what a command made, or its error named after the command (exit status 1)."""
    try:
        message = run()
    except error as exc:
        print(f"briefing {command}: {exc}", file=sys.stderr)
        return 1
    print(message)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new

    members = [m for m in (args.members or "").replace(" ", ",").split(",") if m]
    return _reported(f"new {args.kind}", lambda: new(args.kind, Path(args.data), args.id, name=args.name, date=args.date,
                                                     iso3=args.iso3, members=members)[1], ScaffoldError)


def cmd_init(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, init

    return _reported("init", lambda: init(Path(args.folder), focal=args.focal, title=args.title)[1], ScaffoldError)


def cmd_diff(args: argparse.Namespace) -> int:
    from .contentdiff import DiffError, diff

    return _reported("diff", lambda: diff(args.rev, Path(args.data)), DiffError)


def cmd_pdf(args: argparse.Namespace) -> int:
    from .pdfdoc.command import pdf_command  # WeasyPrint only runs inside the build it starts

    return pdf_command(args.data, args.out, args.config)


def _command(sub, name: str, run, help: str, description: str | None = None) -> argparse.ArgumentParser:
    command = sub.add_parser(name, help=help, description=description)
    command.set_defaults(run=run)
    return command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="briefing", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    check = _command(sub, "check", cmd_check, "validate a briefing folder without building (exit 1 on problems)")
    _data_option(check)
    check.add_argument("--format", choices=("text", "github"), default="text", help="github: workflow annotations and a step summary")

    schema = _command(sub, "schema", cmd_schema, "write the JSON Schemas editors use for data files (after changing the model)",
                      "Write data/schema/*.schema.json from hooks/briefing/model.py. Example: briefing schema --check")
    schema.add_argument("--out", default=str(Path("data") / "schema"), help="folder for the schemas (default: data/schema)")
    schema.add_argument("--check", action="store_true", help="write nothing; exit 1 when the committed schemas are out of date")

    init = _command(sub, "init", cmd_init, "start a new briefing folder that passes `briefing check` and builds at once",
                    "Example: briefing init ../another --focal MLI --title 'Mali and its partners'")
    init.add_argument("folder", help="the new briefing folder (must not exist, or be empty)")
    init.add_argument("--focal", required=True, help="the focal country's ISO 3166 alpha-3 code, e.g. MLI")
    init.add_argument("--title", help="the briefing's title (default: from the focal country's name)")

    new = _command(
        sub, "new", cmd_new, "start a country, bloc, term, event, person or section from a template that passes `briefing check`",
        "Examples: briefing new country united-states; briefing new country niger --iso3 NER; "
        "briefing new bloc ecowas --members NGA,GHA,SEN --name ECOWAS; briefing new term third-neighbour --name 'Third neighbour'; "
        "briefing new event state-visit --date 2024-11-25; briefing new person jane-doe --name 'Jane Doe'",
    )
    new.add_argument("kind", choices=("country", "bloc", "term", "event", "person", "section"))
    new.add_argument("id", help="the new item's id: lower-case letters, digits and hyphens, e.g. united-states")
    new.add_argument("--name", help="the name shown on the site (default: from the id or --iso3, e.g. 'United States')")
    new.add_argument("--date", help="event date (default: today): 2024-11-10, 2024-11, 2024 or 1994/2001")
    new.add_argument("--iso3", help="country: its ISO 3166 alpha-3 code (name and capital then come from Natural Earth), e.g. MNG")
    new.add_argument("--members", help="bloc: its members' ISO alpha-3 codes, comma-separated, e.g. DEU,FRA,ITA")
    _data_option(new)

    diff = _command(sub, "diff", cmd_diff, "Markdown summary of content changes since a git revision (for a pull request)",
                    "Example: briefing diff origin/main >> pr-description.md")
    diff.add_argument("rev", help="git revision to compare with, e.g. origin/main or HEAD~1")
    _data_option(diff)

    pdf = _command(sub, "pdf", cmd_pdf, "build the briefing's PDF (a real `BRIEFING_PDF=1 mkdocs build` in a temporary folder)",
                   "Run where mkdocs.yml is. Examples: briefing pdf; briefing pdf --data tests/fixtures/mongolia --out mongolia.pdf")
    _data_option(pdf)
    pdf.add_argument("--out", help="where to write the PDF (default: <briefing id>.pdf in the current folder)")
    pdf.add_argument("--config", default="mkdocs.yml", help="the MkDocs configuration (default: mkdocs.yml)")

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
