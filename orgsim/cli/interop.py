"""`orgsim export` and `orgsim import`: Popolo JSON out and in, org-chart CSV in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from orgsim import api, explore
from orgsim.cli.common import DATE, handle_errors
from orgsim.errors import Mark, ScenarioError, ScenarioErrors
from orgsim.interop import (
    FIELDS,
    Imported,
    csv_to_scenario,
    decode_csv,
    from_popolo,
    from_wikidata,
)

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
    loaded = api.load(scenario)
    history = api.replay_scenario(loaded)
    document = explore.export_popolo(loaded, history, at, with_past=with_past)
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


def _write_checked(imported: Imported, source: str, output: str) -> None:
    """Write the scenario only after it loads back cleanly (so a bad import writes nothing)."""
    for note in imported.notes:
        click.echo(f"note: {note}", err=True)
    text, scenario = api.checked_import(imported, source=source)
    Path(output).write_text(text, encoding="utf-8")
    click.echo(
        f"wrote {output}: {len(scenario.initial.posts)} posts,"
        f" {len(scenario.initial.people)} people",
        err=True,
    )


def _read(file: str) -> bytes:
    try:
        return Path(file).read_bytes()
    except OSError as err:
        raise ScenarioErrors(
            [ScenarioError(f"cannot read: {err.strerror or err}", Mark(file, 1, 1))]
        ) from None


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
    _write_checked(from_popolo(_read(file), file, date=date, title=title, lang=lang), file, output)


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
    imported = from_wikidata(_read(file), file, date=date, title=title, lang=lang)
    _write_checked(imported, file, output)


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
    + ", ".join(FIELDS)
    + ". Repeatable.",
)
@handle_errors
def import_csv(
    file: str, output: str, date: dt.date | None, title: str | None, columns: tuple[str, ...]
) -> None:
    """Read an org-chart CSV FILE, as HR systems and charting tools export it."""
    mapping = dict(_column(c) for c in columns)
    text, encoding = decode_csv(_read(file))
    imported = csv_to_scenario(
        text, file, date=date, title=title, columns=mapping, default_date=dt.date.today()
    )
    if encoding not in ("UTF-8", "UTF-8 with BOM"):
        imported.notes.insert(0, f"{file}: read as {encoding} (not UTF-8)")
    _write_checked(imported, file, output)
