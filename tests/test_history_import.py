"""Importing history: the example files import cleanly into a fresh demo database and
a second time change nothing; spreadsheets' quirks are understood; a bad row stops the
whole file with a message on its line; one audit event per import."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from tracker.models import (
    AuditEvent,
    Certification,
    HourEntry,
    HourStatus,
    ModuleCompletion,
    SupervisionRecord,
)
from tracker.services import demo, history_import
from tracker.services.errors import ValidationError

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
FILES = {kind: EXAMPLES / f"history-{kind}.csv" for kind in history_import.KINDS}
MODELS = {
    "hours": HourEntry,
    "completions": ModuleCompletion,
    "supervision": SupervisionRecord,
    "certifications": Certification,
}


def text_of(kind: str) -> str:
    return FILES[kind].read_bytes().decode("utf-8-sig")


def total(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def imports(db) -> list[AuditEvent]:
    return list(
        db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "history.imported"))
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-12-31", date(2024, 12, 31)),
        ("31/12/2024", date(2024, 12, 31)),
        ("1/2/2024", date(2024, 2, 1)),
        ("31.12.2024", date(2024, 12, 31)),
    ],
)
def test_dates_as_spreadsheets_write_them(raw, expected):
    assert history_import.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2024", "12/31/2024x", "2024/12/31", "yesterday"])
def test_dates_that_are_not(raw):
    with pytest.raises(ValueError):
        history_import.parse_date(raw)


def test_the_example_files_import_into_a_fresh_demo_database_and_again_change_nothing(
    app, db, client
):
    demo.seed("demo password 123")
    db.session.commit()
    coordinator = db.session.scalar(
        sa.select(demo.User).where(demo.User.email == demo.COORDINATOR_EMAIL)
    )
    before = {kind: total(db, model) for kind, model in MODELS.items()}
    figures = {}
    for kind in history_import.KINDS:
        result = history_import.import_history(kind, text_of(kind), coordinator)
        db.session.commit()
        figures[kind] = result.imported
        assert result.skipped == 0
        assert total(db, MODELS[kind]) == before[kind] + result.imported
    assert figures == {"hours": 24, "completions": 5, "supervision": 4, "certifications": 2}
    assert [e.after["imported"] for e in imports(db)] == [24, 5, 4, 2]
    # Imported again: every row is reported as present and nothing changes.
    for kind in history_import.KINDS:
        again = history_import.import_history(kind, text_of(kind), coordinator)
        db.session.commit()
        assert (again.imported, again.skipped) == (0, figures[kind])
        assert total(db, MODELS[kind]) == before[kind] + figures[kind]
    # An imported certificate keeps its number and dates, and /verify shows it.
    certificate = db.session.scalar(
        sa.select(Certification).where(Certification.number == "OLD-PSS-0042")
    )
    assert certificate.issued_on == date(2025, 6, 1)
    assert certificate.expires_on == date(2027, 6, 1)
    page = client.get(f"/verify/{certificate.verification_code}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "OLD-PSS-0042" in html and "Issued</dt><dd>01 Jun 2025" in html
    # Imported hours are approved, with their decimal commas read as such.
    minutes = sorted(
        {
            e.minutes
            for e in db.session.scalars(
                sa.select(HourEntry).where(HourEntry.submission_key.like("import-%"))
            )
        }
    )
    assert minutes == [75, 120, 210, 240]
    assert {
        e.status
        for e in db.session.scalars(
            sa.select(HourEntry).where(HourEntry.submission_key.like("import-%"))
        )
    } == {HourStatus.APPROVED}


def test_a_bad_row_stops_the_file_with_a_message_on_its_line(db, make, today):
    make.activity("support_group")
    trainee = make.trainee(email="ana@example.org")
    coordinator = make.coordinator()
    db.session.commit()
    tomorrow = (today + timedelta(days=1)).isoformat()
    text = (
        "email,date,hours,activity\n"
        "ana@example.org,2024-01-02,2,support_group\n"
        "nobody@example.org,2024-01-02,2,support_group\n"
        f"ana@example.org,{tomorrow},2,support_group\n"
        "ana@example.org,2024-01-03,1.1,support_group\n"
        "ana@example.org,2024-01-04,2,knitting\n"
    )
    preview = history_import.preview("hours", text, coordinator)
    assert [row.line for row in preview.bad_rows] == [3, 4, 5, 6]
    with pytest.raises(ValidationError) as error:
        history_import.import_history("hours", text, coordinator)
    assert any(m.startswith("Line 3:") for m in error.value.errors["file"])
    db.session.rollback()
    assert total(db, HourEntry) == 0 and imports(db) == []
    assert trainee.id


def test_a_header_is_needed_and_an_unknown_column_is_named(db, make):
    coordinator = make.coordinator()
    preview = history_import.preview("completions", "a@b.org,PSS-101,2024-01-01\n", coordinator)
    assert preview.errors and not preview.ok
    preview = history_import.preview("completions", "email,module,date,colour\n", coordinator)
    assert "colour" in preview.errors[0]


def test_the_same_row_twice_in_a_file_is_skipped_once(db, make):
    make.activity("support_group")
    make.trainee(email="ana@example.org")
    coordinator = make.coordinator()
    text = "email;date;hours;activity\nana@example.org;02/01/2024;1,5;support_group\n" * 1
    text += "ana@example.org;02/01/2024;1,5;support_group\n"
    result = history_import.import_history("hours", text, coordinator)
    assert (result.imported, result.skipped) == (1, 1)
    assert db.session.scalar(sa.select(HourEntry.minutes)) == 90


def test_a_certificate_number_of_another_certificate_is_refused(db, make):
    program = make.program(code="PSS")
    ana = make.trainee(email="ana@example.org")
    make.certification(ana, program, number="PSS-2020-00001")
    bo = make.trainee(email="bo@example.org")
    coordinator = make.coordinator()
    db.session.commit()
    text = (
        "email,program,number,issued,expires\n"
        "bo@example.org,PSS,PSS-2020-00001,2020-01-01,2022-01-01\n"
    )
    preview = history_import.preview("certifications", text, coordinator)
    assert "another certificate" in preview.bad_rows[0].errors[0]
    assert bo.id


def test_the_command_imports_a_file_and_reports_the_figures(runner, db, make, tmp_path):
    make.activity("support_group")
    make.trainee(email="ana@example.org")
    make.coordinator()
    db.session.commit()
    path = tmp_path / "hours.csv"
    path.write_bytes(
        "\ufeffemail;date;hours;activity\nana@example.org;02/01/2024;2;support_group\n".encode()
    )
    first = runner.invoke(args=["import-history", "hours", str(path)])
    assert first.exit_code == 0, first.output
    assert "Imported 1 hours rows; 0 already present" in first.output
    second = runner.invoke(args=["import-history", "hours", str(path)])
    assert "Imported 0 hours rows; 1 already present" in second.output
    path.write_text("email;date;hours;activity\nzed@example.org;02/01/2024;2;support_group\n")
    bad = runner.invoke(args=["import-history", "hours", str(path)])
    assert bad.exit_code == 1 and "Line 2" in bad.output


def test_the_page_previews_then_imports(client, login_as, db, make):
    make.module(code="PSS-101")
    make.trainee(email="ana@example.org")
    login_as("coordinator")
    assert client.get("/coordinator/import-history").status_code == 200
    assert client.get("/coordinator/import-history/nonsense").status_code == 404
    upload = io.BytesIO(b"email,module,date,score\nana@example.org,PSS-101,10/02/2021,88\n")
    page = client.post(
        "/coordinator/import-history/completions",
        data={"file": (upload, "completions.csv")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200
    assert "1 new row is ready" in page.get_data(as_text=True)
    assert total(db, ModuleCompletion) == 0
    text = "email,module,date,score\nana@example.org,PSS-101,10/02/2021,88\n"
    done = client.post("/coordinator/import-history/completions/confirm", data={"text": text})
    assert done.status_code == 303
    completion = db.session.scalar(sa.select(ModuleCompletion))
    assert completion.score == 88 and completion.completed_on == date(2021, 2, 10)
    bad = client.post(
        "/coordinator/import-history/completions", data={"text": "email,module,date\nx,y,z\n"}
    )
    assert bad.status_code == 400 and "No trainee has the email" in bad.get_data(as_text=True)


def test_a_second_current_certificate_in_a_program_is_refused(db, make, today):
    program = make.program(code="PSS")
    ana = make.trainee(email="ana@example.org")
    make.certification(ana, program)
    make.trainee(email="bo@example.org")
    coordinator = make.coordinator()
    db.session.commit()
    later = (today + timedelta(days=300)).isoformat()
    text = (
        "email,program,number,issued,expires\n"
        f"ana@example.org,PSS,OLD-1,2024-01-01,{later}\n"
        "ana@example.org,PSS,OLD-2,2019-01-01,2021-01-01\n"
        f"bo@example.org,PSS,OLD-3,2024-01-01,{later}\n"
        f"bo@example.org,PSS,OLD-4,2024-02-01,{later}\n"
    )
    preview = history_import.preview("certifications", text, coordinator)
    assert [row.line for row in preview.bad_rows] == [2, 5]
