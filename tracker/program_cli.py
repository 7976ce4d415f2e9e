"""Commands for programs: export and import their documents, and print a trainee's verdict."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Program
from tracker.services import accounts, program_documents, programs
from tracker.services.eligibility import evaluate
from tracker.services.errors import ValidationError


def _program(code: str) -> Program:
    program = db.session.scalar(select(Program).where(func.upper(Program.code) == code.upper()))
    if program is None:
        raise click.ClickException(f"No program has the code {code}.")
    return program


def _problems(error: ValidationError) -> str:
    return "\n".join(
        f"  {name}: {message}" for name, messages in error.errors.items() for message in messages
    )


@click.group("programs")
def programs_group() -> None:
    """Export and import certification programs as JSON documents."""


@programs_group.command("export")
@with_appcontext
@click.argument("code")
def export_program(code: str) -> None:
    """Print the program with CODE as a JSON document."""
    document = program_documents.export(_program(code))
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


@programs_group.command("import")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Redefine the program with the same code.")
def import_program(file: Path, replace: bool) -> None:
    """Create a program from a JSON document (validated against the published schema).

    Nothing is stored when anything in the document is wrong.
    """
    try:
        document = program_documents.load(file.read_bytes())
        program, created = programs.import_document(document, None, replace=replace)
    except ValidationError as exc:
        db.session.rollback()
        raise click.ClickException("The document was not imported:\n" + _problems(exc)) from None
    db.session.commit()
    verb = "Imported" if created else "Replaced"
    click.echo(
        f"{verb} {program.code} ({program.name}) with {len(program.requirements)} requirements."
    )


@programs_group.command("schema")
def print_schema() -> None:
    """Print the JSON Schema program documents follow."""
    click.echo(json.dumps(program_documents.schema(), indent=2))


@click.command("eligibility")
@with_appcontext
@click.argument("email")
@click.option("--program", "code", required=True, help="The program's code.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
def eligibility_command(email: str, code: str, as_json: bool) -> None:
    """Print where a trainee stands against a program: the verdict the pages show."""
    trainee = accounts.get_by_email(email)
    if trainee is None:
        raise click.ClickException(f"No account has the email address {email}.")
    result = evaluate(trainee, _program(code))
    if as_json:
        json.dump(result.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        click.echo()
        return
    verdict = "Eligible" if result.eligible else "Not yet eligible"
    click.echo(
        f"{trainee.display_name} <{trainee.email}>, {result.program_name}: {verdict} "
        f"({result.met_count} of {len(result.rules)} requirements met, as of "
        f"{result.as_of.isoformat()})."
    )
    for rule in result.rules:
        mark = "[x]" if rule.met else "[ ]"
        click.echo(f"{mark} {rule.label}: {_amount(rule)}")
        for item in rule.items:
            click.echo(
                f"    {'[x]' if item.met else '[ ]'} {item.label}"
                + (f": {item.detail}" if item.detail else "")
            )
    for step in result.next_steps:
        click.echo(f"Next: {step}")


def _amount(rule) -> str:  # type: ignore[no-untyped-def]
    if rule.unit in {"hours", "modules", "documents", "months"}:
        text = f"{rule.done:g} of {rule.required:g} {rule.unit}"
        if rule.pending:
            text += f" ({rule.pending:g} waiting for review)"
        return text
    return rule.detail or ("done" if rule.met else "not done yet")


@click.command("refresh-progress")
@with_appcontext
def refresh_progress() -> None:
    """Rebuild every stored verdict, trainee total and daily hour total.

    Idempotent and safe from cron (daily): verdicts whose day has come (evidence
    leaving a window, a document expiring) are stored afresh.  It also refreshes the
    query planner's statistics (ANALYZE).
    """
    from tracker.services import progress

    stored = progress.refresh()
    progress.refresh_day_totals()
    db.session.commit()
    optimize_database()
    click.echo(f"Stored {stored} verdicts.")


def optimize_database() -> None:
    """Let the database refresh its planner statistics, after bulk changes or once a day.

    SQLite: a full ANALYZE (under a second for a million hour entries).  A sampled one
    (analysis_limit) takes each status for a thousand entries, and batched verdicts then
    sum every approved entry instead of each trainee's own.  SQLite's own PRAGMA
    optimize runs as each connection closes.

    PostgreSQL: VACUUM (ANALYZE), outside any transaction.  Besides the statistics it
    marks the pages that every transaction sees (the visibility map): until then an
    index-only count (entries waiting for review, completions to verify) still reads
    each row from the table, thousands of scattered pages after a bulk load.
    """
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA analysis_limit=0")
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
            return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM (ANALYZE)")
