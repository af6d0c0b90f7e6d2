"""`orgsim export` and `orgsim import`: Popolo JSON out and in, org-chart CSV in."""

from __future__ import annotations

import datetime as dt

import click

from orgsim import api
from orgsim.cli.common import DATE, handle_errors, say

__all__ = ["export", "import_"]


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--at", "at", type=DATE, required=True, help="The date to export (YYYY-MM-DD).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["popolo"]),
    default="popolo",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--history", "with_past", is_flag=True, help="Also list memberships that ended by then."
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default=None, help="File (default: stdout)."
)
@handle_errors
def export(scenario: str, at: dt.date, fmt: str, with_past: bool, output: str | None) -> None:
    """Write who held which post on a date as Popolo JSON (sorted keys, stable order)."""
    text = api.popolo_text(scenario, at, with_past=with_past)
    if output is None:
        click.echo(text, nl=False)
    else:
        api.write_file(output, text)
        say(f"wrote {output}", err=True)


def _note(text: str) -> None:
    say(f"note: {text}", err=True)


def _wrote(imported: api.ImportedScenario, output: str) -> None:
    """Save the imported scenario and say what it holds."""
    imported.write(output)
    state = imported.scenario.initial
    say(f"wrote {output}: {len(state.posts)} posts, {len(state.people)} people", err=True)


@click.group(name="import")
def import_() -> None:
    """Make a scenario file from data kept elsewhere (Popolo JSON, Wikidata, org-chart CSV)."""


_OUT = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    required=True,
    help="The scenario file to write (YAML).",
)
_DATE = click.option(
    "--date", "date", type=DATE, default=None, help="The scenario's date (YYYY-MM-DD)."
)
_TITLE = click.option("--title", default=None, help="The scenario's title.")


_LANG = click.option(
    "--lang",
    default=None,
    help="Language of names when the file gives several (e.g. cy); default: English, else the"
    " first given.",
)


@import_.command(name="popolo")
@click.argument("file", type=click.Path(dir_okay=False))
@_OUT
@click.option(
    "--date",
    "date",
    type=DATE,
    default=None,
    help="The day the file describes: memberships without dates are placed on it.",
)
@_TITLE
@_LANG
@handle_errors
def import_popolo(
    file: str, output: str, date: dt.date | None, title: str | None, lang: str | None
) -> None:
    """Read a Popolo JSON FILE (persons, organizations, posts, memberships) into a scenario."""
    imported = api.import_popolo(file, date=date, title=title, lang=lang, warn=_note)
    _wrote(imported, output)


def _column(value: str) -> tuple[str, str]:
    header, sep, field = value.rpartition("=")
    if not sep or not header.strip():
        raise click.BadParameter(f'{value!r}: write HEADER=FIELD, e.g. "Manager ID=reports_to"')
    return header.strip(), field.strip()


@import_.command(name="wikidata")
@click.argument("file", type=click.Path(dir_okay=False))
@_OUT
@click.option(
    "--date",
    "date",
    type=DATE,
    default=None,
    help="The day the file describes: statements without dates are placed on it.",
)
@_TITLE
@_LANG
@handle_errors
def import_wikidata(
    file: str, output: str, date: dt.date | None, title: str | None, lang: str | None
) -> None:
    """Read Wikidata "position held" (P39) statements (a SPARQL JSON result or an entity
    JSON file) into a scenario."""
    imported = api.import_wikidata(file, date=date, title=title, lang=lang, warn=_note)
    _wrote(imported, output)


@import_.command(name="csv")
@click.argument("file", type=click.Path(dir_okay=False))
@_OUT
@click.option(
    "--date",
    "date",
    type=DATE,
    default=None,
    help="The day the chart describes (default: the latest `since`, else today).",
)
@_TITLE
@click.option(
    "--column",
    "columns",
    multiple=True,
    metavar="HEADER=FIELD",
    help="What a column means, when its name is not one orgsim knows: FIELD is one of "
    + ", ".join(api.CSV_FIELDS)
    + ". Repeatable.",
)
@handle_errors
def import_csv(
    file: str, output: str, date: dt.date | None, title: str | None, columns: tuple[str, ...]
) -> None:
    """Read an org-chart CSV FILE, as HR systems and charting tools export it."""
    mapping = dict(_column(c) for c in columns)
    imported = api.import_csv(file, date=date, title=title, columns=mapping, warn=_note)
    _wrote(imported, output)
