"""The ``credits`` command line: a thin Typer layer over the package's public API.

Each command builds what it needs from the library, calls it, renders the result and exits.
Library errors become one line on stderr and exit code 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from . import __version__
from .catalogue import DEFAULT_PATH, Catalogue, paused_garbage_collection
from .check import catalogue_uses, check_paths, render, select_rules
from .config import load_settings
from .credit_line import split_caption, use_registry
from .errors import CreditsError, ReadError
from .readers import read_articles
from .registry import Registry, registry_with
from .scan import ScanResult, count_files, scan

app = typer.Typer(
    name="credits",
    help="Catalogue media credits and image captions in news articles.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)

# Exit codes (docs: README "Exit codes").
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

AgenciesOption = Annotated[
    Path | None,
    typer.Option(
        "--agencies",
        help="TOML file adding or overriding registry entries (same shape as the bundled one).",
        dir_okay=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
DbOption = Annotated[
    Path, typer.Option("--db", help="The catalogue database file.", dir_okay=False)
]


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one line on stderr; return the Exit to raise."""
    stderr.print(f"credits: error: {message}", markup=False)
    return typer.Exit(code=code)


def use_agencies(path: Path | None) -> Registry:
    """Load the registry (with the user's file when given) and make it the default."""
    try:
        registry = registry_with(path)
    except CreditsError as error:
        raise fail(str(error)) from None
    use_registry(registry)
    return registry


def _show_version(value: bool) -> None:
    if value:
        stdout.print(f"credits {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Catalogue media credits and image captions in news articles."""


@app.command()
def parse(
    texts: Annotated[
        list[str],
        typer.Argument(help="Credits or whole captions; '-' reads one per line from stdin."),
    ],
    *,
    as_json: JsonOption = False,
    agencies: AgenciesOption = None,
) -> None:
    """Show how credits or captions are understood: fields and flags."""
    use_agencies(agencies)
    if texts == ["-"]:
        texts = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    results = [(text, *split_caption(text)) for text in texts]
    if as_json:
        data = [
            {"text": text, "caption": caption, "credit": credit.as_dict() if credit else None}
            for text, caption, credit in results
        ]
        stdout.print_json(json.dumps(data, ensure_ascii=False))
        return
    for number, (text, caption, credit) in enumerate(results):
        if number:
            stdout.print()
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        table.add_row("text", text)
        if credit is None:
            table.add_row("credit", "(none found)")
        else:
            table.add_row("caption", caption or "—")
            table.add_row("credit", credit.raw)
            table.add_row("photographers", "; ".join(credit.photographers) or "—")
            table.add_row("agencies", "; ".join(credit.agencies) or "—")
            table.add_row("distributor", credit.distributor or "—")
            table.add_row("flags", ", ".join(sorted(credit.flags)) or "—")
        stdout.print(table)


@app.command("agencies")
def list_agencies(
    names: Annotated[
        list[str] | None,
        typer.Argument(help="Show only the organisations these names or aliases resolve to."),
    ] = None,
    *,
    as_json: JsonOption = False,
    agencies: AgenciesOption = None,
) -> None:
    """List the agency registry: canonical names, kinds, tiers and aliases."""
    registry = use_agencies(agencies)
    organisations = list(registry)
    if names:
        found = [(name, registry.get(name)) for name in names]
        unknown = [name for name, org in found if org is None]
        if unknown:
            raise fail(f"not in the registry: {', '.join(unknown)}", code=EXIT_FINDINGS)
        organisations = list(dict.fromkeys(org for _, org in found if org is not None))
    if as_json:
        data = [
            {
                "name": org.name,
                "kind": org.kind,
                "country": org.country,
                "tier": org.tier,
                "aliases": [*org.aliases, *org.exact],
            }
            for org in organisations
        ]
        stdout.print_json(json.dumps(data, ensure_ascii=False))
        return
    table = Table(title=f"{len(organisations)} organisations", title_justify="left")
    for column in ("name", "kind", "country", "tier", "aliases"):
        table.add_column(column, overflow="fold")
    for org in organisations:
        aliases = ", ".join([*org.aliases, *org.exact])
        table.add_row(org.name, org.kind, org.country, str(org.tier), aliases)
    stdout.print(table)


class OutputFormat(StrEnum):
    """How ``credits check`` prints its findings."""

    text = "text"
    json = "json"
    github = "github"


def _report_unreadable(error: ReadError) -> None:
    stderr.print(f"credits: error: {error}", markup=False)


@app.command("check")
def check_command(
    paths: Annotated[list[str], typer.Argument(help="Article files, folders or globs.")],
    *,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="A catalogue (from 'credits scan') whose images CR005 compares with.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            help="text: 'path:line: CODE name: message' lines; json: one document; "
            "github: GitHub Actions annotations.",
        ),
    ] = OutputFormat.text,
    select: Annotated[
        list[str] | None,
        typer.Option(
            metavar="CODES",
            help="Run only these rules, e.g. CR001,CR003 (default: all but the info ones).",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(metavar="CODES", help="Leave these rules out, e.g. CR002."),
    ] = None,
    agencies: AgenciesOption = None,
) -> None:
    """Check captions for missing and malformed credits (exit 1 when anything is found).

    Runs every rule but the info ones (CR003) unless --select says otherwise; settings may
    also come from [tool.credits] in ./pyproject.toml (options here win).
    """
    try:
        settings = load_settings().overridden(select=select, ignore=ignore, agencies=agencies)
        rules = select_rules(settings.select, settings.ignore or ())
    except ValueError as error:
        raise fail(str(error)) from None
    use_agencies(settings.agencies)
    reference = catalogue_uses(db) if db is not None else ()
    try:
        report = check_paths(paths, rules=rules, reference=reference, on_error=_report_unreadable)
    except CreditsError as error:
        raise fail(str(error)) from None
    if not report.articles:
        raise fail("nothing could be read")
    typer.echo(render(report, output_format.value))
    raise typer.Exit(EXIT_FINDINGS if report.findings else EXIT_OK)


# Ctrl-C: the conventional 128 + SIGINT.
EXIT_INTERRUPTED = 130


@app.command("scan")
def scan_command(
    paths: Annotated[list[str], typer.Argument(help="Article files, folders or globs (.gz too).")],
    *,
    db: DbOption = DEFAULT_PATH,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes (default: one per CPU)."),
    ] = None,
    agencies: AgenciesOption = None,
) -> None:
    """Add articles to the catalogue. Files unchanged since the last scan are skipped, and
    an unchanged article is never written twice, so scanning again is cheap and safe."""
    use_agencies(agencies)
    try:
        with Catalogue(db) as catalogue, _scan_progress(paths) as on_progress:
            result = scan(
                catalogue,
                paths,
                jobs=jobs,
                agencies=agencies,
                on_error=_report_unreadable,
                on_progress=on_progress,
            )
            counts = catalogue.counts()
    except CreditsError as error:
        raise fail(str(error)) from None
    stdout.print(result.summary(), markup=False)
    stdout.print(
        f"{db}: {counts.articles} articles, {counts.entries} entries",
        markup=False,
    )
    if result.interrupted:
        raise fail("interrupted; everything read so far is saved", EXIT_INTERRUPTED)
    if not (result.read or result.skipped):
        raise fail("nothing could be read")


@contextmanager
def _scan_progress(paths: list[str]) -> Iterator[Callable[[ScanResult], None] | None]:
    """A progress bar on stderr when it is a terminal (None otherwise)."""
    if not stderr.is_terminal:
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr) as progress:
        task = progress.add_task("scanning", total=count_files(paths))

        def show(result: ScanResult) -> None:
            progress.update(task, completed=result.read + result.skipped + result.failed)

        yield show


class ReportBy(StrEnum):
    """What ``credits report`` counts per row."""

    agency = "agency"
    photographer = "photographer"
    article = "article"
    month = "month"


class ReportFormat(StrEnum):
    """How ``credits report`` prints: a table (rich on a terminal, plain when piped)."""

    table = "table"
    csv = "csv"
    json = "json"


def _day_option(help_text: str) -> typer.models.OptionInfo:
    return typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help=help_text)


@app.command("report")
def report_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Article files, folders or globs; without them, the catalogue."),
    ] = None,
    *,
    db: DbOption = DEFAULT_PATH,
    by: Annotated[
        ReportBy,
        typer.Option(
            "--by",
            help="One row per agency, photographer (and agency), article or month (and agency).",
        ),
    ] = ReportBy.agency,
    since: Annotated[
        datetime | None, _day_option("Only articles published on or after this day.")
    ] = None,
    until: Annotated[
        datetime | None, _day_option("Only articles published on or before this day.")
    ] = None,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Also write the workbook here.", dir_okay=False)
    ] = None,
    output_format: Annotated[
        ReportFormat,
        typer.Option("--format", help="table (plain text when piped), or csv / json for scripts."),
    ] = ReportFormat.table,
    agencies: AgenciesOption = None,
) -> None:
    """Print the agency credit report: uses, distinct images, articles, photographers and
    share per agency (or --by photographer, article, month); --xlsx also writes the
    workbook. Times are UTC."""
    from . import export, stats  # here, not above: pandas would slow every command's start
    from . import report as credit_report

    use_agencies(agencies)
    bounds = {"since": since and since.date(), "until": until and until.date()}
    try:
        with _report_source(paths, db) as catalogue:
            needs = stats.NEEDS[by.value]
            entries = catalogue.entries(columns=needs, with_image_key=True, **bounds)
            result = credit_report.build(entries, by.value)
            if xlsx is not None:
                rows = catalogue.iter_rows(with_image_key=True, **bounds)
                export.write_workbook(xlsx, rows)
    except CreditsError as error:
        raise fail(str(error)) from None
    if output_format is ReportFormat.table and stdout.is_terminal:
        stdout.print(credit_report.render_table(result))
    else:
        typer.echo(credit_report.render_text(result, output_format.value), nl=False)
    if xlsx is not None:
        stderr.print(f"Workbook written: {xlsx}", markup=False)


@contextmanager
def _report_source(paths: list[str] | None, db: Path) -> Iterator[Catalogue]:
    """The articles to report on: the files given, read into a catalogue in memory, or
    the catalogue at ``db`` (which must exist)."""
    if not paths:
        if not db.is_file():
            raise fail(f"{db}: no catalogue here; run 'credits scan PATH...' first")
        with paused_garbage_collection(), Catalogue(db) as catalogue:
            yield catalogue
        return
    articles = read_articles(paths, on_error=_report_unreadable)
    with Catalogue.from_articles(articles, on_error=_report_unreadable) as catalogue:
        if not catalogue.counts().articles:
            raise fail("nothing could be read")
        yield catalogue


@app.command("export")
def export_command(
    *,
    db: DbOption = DEFAULT_PATH,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Write the workbook here.", dir_okay=False)
    ] = None,
    csv_folder: Annotated[
        Path | None,
        typer.Option("--csv", help="Write one CSV file per table into this folder."),
    ] = None,
    json_file: Annotated[
        Path | None,
        typer.Option("--json", help="Write the entries as a JSON array here.", dir_okay=False),
    ] = None,
) -> None:
    """Export the catalogue: the workbook (--xlsx), CSV files (--csv) and/or JSON (--json)."""
    from . import export  # here, not above: pandas would slow every command's start

    if xlsx is None and csv_folder is None and json_file is None:
        raise fail("nothing to do: give --xlsx FILE, --csv FOLDER and/or --json FILE")
    try:
        with _report_source(None, db) as catalogue:
            if xlsx is not None:
                export.write_workbook(xlsx, catalogue.iter_rows(with_image_key=True))
            if csv_folder is not None:
                export.write_csv(csv_folder, catalogue.iter_rows(with_image_key=True))
            if json_file is not None:
                export.write_json(json_file, catalogue.iter_rows())
    except CreditsError as error:
        raise fail(str(error)) from None
    for target in (xlsx, csv_folder, json_file):
        if target is not None:
            stdout.print(f"written: {target}", markup=False)
