"""My data: everything about oneself as JSON and CSV, and CSV that is safe to open."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest

from tracker.models import CertificationRenewal, HourStatus
from tracker.services import audit, csv_safe
from tracker.services.csv_safe import BOM, csv_line, csv_rows, safe_cell
from tracker.services.my_data import BATCH


@pytest.fixture
def history(make, db):
    trainee = make.trainee(display_name="Łukasz Nowak", email="lukasz@example.org")
    other = make.trainee(display_name="Other Person")
    module = make.module(code="REC1", title="Recovery")
    program = make.program(code="PSS", name="Peer Specialist", modules=[module])
    make.enrolment(trainee, program)
    make.hour_entry(
        trainee,
        worked_on=date(2026, 3, 1),
        minutes=90,
        supervised=True,
        supervisor_name='=HYPERLINK("http://evil")',
        notes="Group went well — café",
        status=HourStatus.APPROVED,
    )
    make.hour_entry(trainee, worked_on=date(2026, 3, 2), minutes=60, notes="@SUM(A1:A9)")
    make.hour_entry(other, notes="Other trainee's note")
    make.completion(trainee, module, score=88, completed_on=date(2026, 2, 1))
    version = make.ethics_version(title="Code v1")
    make.acknowledgement(trainee, version)
    certification = make.certification(
        trainee, program, issued_on=date(2026, 1, 1), expires_on=date(2027, 1, 1)
    )
    db.session.add(
        CertificationRenewal(
            certification_id=certification.id,
            previous_expires_on=date(2027, 1, 1),
            new_expires_on=date(2029, 1, 1),
            renewed_at=datetime(2026, 6, 1, tzinfo=UTC),
        )
    )
    make.certification(other, program, number="PSS-OTHER")
    audit.record(trainee, "hours.logged", certification, "a thing the trainee did")
    audit.record(other, "hours.logged", certification, "a thing the other did")
    db.session.commit()
    return trainee, certification


def sections(text: str) -> dict[str, list[list[str]]]:
    """The CSV export split into its titled tables (title -> header and rows)."""
    assert text.startswith(BOM)
    found: dict[str, list[list[str]]] = {}
    for block in text[1:].split("\r\n\r\n"):
        rows = list(csv.reader(io.StringIO(block)))
        found[rows[0][0]] = rows[1:]
    return found


def test_page_offers_both_downloads(client, login_as):
    login_as("trainee")
    body = client.get("/my-data").get_data(as_text=True)
    assert 'href="/my-data.json"' in body and 'href="/my-data.csv"' in body


def test_json_export_holds_everything_about_oneself_only(client, login_as, history):
    trainee, certification = history
    login_as(trainee)
    response = client.get("/my-data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "lukasz@example.org"
    assert data["account"]["name"] == "Łukasz Nowak"
    assert [e["program"] for e in data["enrolments"]] == ["Peer Specialist"]
    assert [e["hours"] for e in data["hour_entries"]] == [1.5, 1.0]
    assert data["hour_entries"][0]["notes"] == "Group went well — café"
    assert data["hour_entries"][0]["date"] == "2026-03-01"
    assert data["module_completions"][0]["score"] == 88
    assert data["ethics_acknowledgements"][0]["version"] == 1
    (cert,) = data["certifications"]
    assert cert["number"] == certification.number
    assert cert["verification_code"].replace("-", "") == certification.verification_code
    assert data["certification_renewals"][0]["new_expires_on"] == "2029-01-01"
    assert [e["summary"] for e in data["activity_log"]] == ["a thing the trainee did"]
    text = response.get_data(as_text=True)
    for secret in ("password", "key_hash", "token_hash", "subject_salt", "Other"):
        assert secret not in text


def test_csv_export_has_a_titled_table_per_section(client, login_as, history):
    trainee, certification = history
    login_as(trainee)
    response = client.get("/my-data.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].endswith('.csv"')
    found = sections(response.get_data(as_text=True))
    assert list(found) == [
        "Account",
        "Program enrolments",
        "Hour entries",
        "Training modules",
        "Training sessions attended",
        "Code of ethics acknowledgements",
        "Certifications",
        "Certification renewals",
        "Actions you took in the tracker",
    ]
    header, *entries = found["Hour entries"]
    assert header[:3] == ["id", "date", "hours"]
    assert len(entries) == 2
    assert found["Account"][1][2] == "Łukasz Nowak"
    assert found["Certifications"][1][0] == certification.number
    assert found["Training sessions attended"] == [["held_on", "module_code", "module", "attended"]]


def test_csv_export_neutralises_formulas(client, login_as, history):
    trainee, _ = history
    login_as(trainee)
    found = sections(client.get("/my-data.csv").get_data(as_text=True))
    header, first, second = found["Hour entries"]
    assert first[header.index("supervisor_name")] == '\'=HYPERLINK("http://evil")'
    assert second[header.index("notes")] == "'@SUM(A1:A9)"
    assert first[header.index("notes")] == "Group went well — café"


def test_exports_of_a_long_history_are_complete(client, db, login_as, make):
    trainee = login_as("trainee")
    for n in range(BATCH + 20):
        make.hour_entry(trainee, worked_on=date(2020, 1, 1), minutes=15, notes=f"n{n}")
    db.session.commit()
    found = sections(client.get("/my-data.csv").get_data(as_text=True))
    assert len(found["Hour entries"]) == BATCH + 21
    data = client.get("/my-data.json").get_json()
    assert len(data["hour_entries"]) == BATCH + 20


# --- safe CSV -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-2, "-2"),
        (1.5, "1.5"),
        (True, "yes"),
        (False, "no"),
        (date(2026, 1, 2), "2026-01-02"),
        (datetime(2026, 1, 2, 3, 4, tzinfo=UTC), "2026-01-02T03:04:00+00:00"),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


def test_csv_rows_stream_encoded_lines_with_a_bom():
    lines = list(csv_rows(["name", "note"], [["Ann", "a, b"], ["=x", 'say "hi"\nbye']]))
    assert all(isinstance(line, bytes) for line in lines)
    assert lines[0] == BOM.encode() + b"name,note\r\n"
    assert b"".join(lines[1:]) == b'Ann,"a, b"\r\n\'=x,"say ""hi""\nbye"\r\n'
    without = list(csv_rows(["a"], [], bom=False))
    assert without == [b"a\r\n"]


def test_csv_rows_send_a_long_table_in_pieces_not_row_by_row():
    rows = [[n, "x" * 50] for n in range(10_000)]
    pieces = list(csv_rows(["n", "text"], rows))
    assert 1 < len(pieces) < 20
    assert all(len(piece) < csv_safe.PIECE + 200 for piece in pieces)
    text = b"".join(pieces).decode("utf-8").removeprefix(BOM)
    assert text.splitlines()[-1] == "9999," + "x" * 50
    assert len(text.splitlines()) == 10_001


def test_csv_line_neutralises_every_cell():
    assert csv_line(["=a", "+b", 3]) == "'=a,'+b,3\r\n"
