"""The coordinator's trainee list, a trainee's page, and importing trainees from CSV."""

from __future__ import annotations

import csv
import html as htmllib
import io
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tracker.models import (
    AccountToken,
    CertificationState,
    Enrolment,
    HourStatus,
    Role,
    User,
    utcnow,
)
from tracker.services import trainees
from tracker.services.dates import local_today
from tracker.services.errors import ValidationError
from tracker.services.trainees import TraineeFilters


def count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def names(db, **filters) -> list[str]:
    rows = db.session.execute(trainees.search(TraineeFilters(**filters))).all()
    return [user.display_name for user, _minutes, _last in rows]


@pytest.fixture
def cohort(db, make):
    """Five trainees in one program, one in each status."""
    program = make.program(code="PSS", name="Peer Support", hour_rules=[{"min_minutes": 600}])
    other = make.program(code="OTH", name="Other", hour_rules=[{"min_minutes": 6000}])
    learner = make.trainee(display_name="Learner Lou", email="lou@example.org")
    ready = make.trainee(display_name="Ready Rae", email="rae@example.org")
    holder = make.trainee(display_name="Holder Hal")
    expiring = make.trainee(display_name="Soon Sam")
    lapsed = make.trainee(display_name="Lapsed Lee")
    gone = make.trainee(display_name="Gone Gil", active=False)
    for person in (learner, ready, holder, expiring, lapsed, gone):
        make.enrolment(person, program)
    make.enrolment(learner, other)
    make.hour_entry(learner, minutes=120, status=HourStatus.APPROVED, worked_on=date(2026, 1, 2))
    make.hour_entry(ready, minutes=600, status=HourStatus.APPROVED, worked_on=date(2026, 1, 1))
    make.hour_entry(ready, minutes=60, status=HourStatus.PENDING)
    make.certification(holder, program, expires_on=local_today() + timedelta(days=400))
    make.certification(expiring, program, expires_on=local_today() + timedelta(days=20))
    make.certification(
        lapsed,
        program,
        issued_on=local_today() - timedelta(days=900),
        expires_on=local_today() - timedelta(days=170),
        state=CertificationState.LAPSED,
    )
    db.session.commit()
    return {"program": program, "other": other}


def test_statuses_filter_the_list(db, cohort):
    assert names(db, status="eligible") == ["Ready Rae"]
    assert names(db, status="in_training") == ["Lapsed Lee", "Learner Lou"]
    assert names(db, status="certified") == ["Holder Hal", "Soon Sam"]
    assert names(db, status="expiring") == ["Soon Sam"]
    assert names(db, status="lapsed") == ["Lapsed Lee"]
    assert names(db, status="inactive") == ["Gone Gil"]


def test_search_program_filter_and_sorts(db, cohort):
    assert names(db, q="RAE@") == ["Ready Rae"]
    assert names(db, q="lou") == ["Learner Lou"]
    assert names(db, q="%") == []
    assert names(db, program_id=cohort["other"].id) == ["Learner Lou"]
    assert names(db, sort="hours")[:2] == ["Ready Rae", "Learner Lou"]
    by_activity = names(db, sort="activity")
    # Rae logged pending hours yesterday (withdrawn ones would not count); Lou worked on 2 Jan.
    assert by_activity[:2] == ["Ready Rae", "Learner Lou"]


def test_hours_are_summed_in_the_database(db, make):
    trainee = make.trainee()
    for minutes in (60, 90, 15):
        make.hour_entry(trainee, minutes=minutes, status=HourStatus.APPROVED)
    make.hour_entry(trainee, minutes=600, status=HourStatus.REJECTED)
    db.session.commit()
    [(user, minutes, last)] = db.session.execute(trainees.search(TraineeFilters())).all()
    assert (user.id, minutes) == (trainee.id, 165)
    assert last == local_today() - timedelta(days=1)


def test_list_page_filters_and_paginates(app, client, login_as, db, make, cohort):
    login_as("coordinator")
    page = client.get("/coordinator/trainees?status=eligible")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Ready Rae" in html and "Learner Lou" not in html

    app.config["ITEMS_PER_PAGE"] = 2
    first = client.get("/coordinator/trainees").get_data(as_text=True)
    second = client.get("/coordinator/trainees?page=2").get_data(as_text=True)
    assert "Gone Gil" in first and "Holder Hal" in first
    assert "Lapsed Lee" in second and "Gone Gil" not in second
    assert "Page 2 of 3" in second

    bad = client.get("/coordinator/trainees?status=famous")
    assert bad.status_code == 400
    assert "Choose one of the options." in bad.get_data(as_text=True)


def test_detail_page_shows_the_eligibility_breakdown(client, login_as, db, make):
    login_as("coordinator")
    module = make.module(code="ETH-1", title="Ethics")
    program = make.program(
        name="Peer Support",
        modules=[module],
        hour_rules=[{"min_minutes": 1500, "supervised_only": True}],
    )
    trainee = make.trainee(display_name="Ana")
    make.enrolment(trainee, program)
    make.hour_entry(trainee, minutes=600, supervised=True, status=HourStatus.APPROVED)
    make.hour_entry(trainee, minutes=120, supervised=True)
    db.session.commit()
    html = client.get(f"/coordinator/trainees/{trainee.id}").get_data(as_text=True)
    assert "0 of 2 requirements met" in html
    assert "ETH-1 Ethics" in html
    assert "10 of 25 hours · 15 hours to go · 2 hours waiting for review" in html
    assert "Complete the module ETH-1 Ethics." in html
    assert "Issue with override" in html


def test_detail_page_of_a_coordinator_or_unknown_id_is_404(client, login_as, make, db):
    coordinator = login_as("coordinator")
    assert client.get(f"/coordinator/trainees/{coordinator.id}").status_code == 404
    assert client.get("/coordinator/trainees/99999").status_code == 404


# --- CSV import ------------------------------------------------------------------------------

GOOD = (
    "name,email,programs\n"
    "Ana Lima,ana@example.org,PSS\n"
    "Ben Ode,BEN@example.org,PSS; Other Program\n"
)


def test_preview_reports_one_error_per_bad_row_and_stores_nothing(db, make):
    make.program(code="PSS", name="Peer Support")
    make.program(code="OLD", name="Old one", archived_at=utcnow())
    make.trainee(email="taken@example.org")
    db.session.commit()
    text = (
        "name,email,programs\n"
        "Ana Lima,ana@example.org,PSS\n"  # line 2: fine
        ",nobody@example.org,PSS\n"  # 3: no name
        "Ben,not-an-email,PSS\n"  # 4: bad email
        "Cat,taken@example.org,PSS\n"  # 5: exists
        "Dee,ana@example.org,\n"  # 6: duplicate in the file
        "Eve,eve@example.org,NOPE\n"  # 7: unknown program
        "Fay,fay@example.org,OLD\n"  # 8: archived program
        "Gus,gus@example.org,PSS,extra\n"  # 9: too many columns
        "\n"
    )
    users_before = count(db, User)
    preview = trainees.preview_import(text)
    assert not preview.ok
    errors = {row.line: row.errors for row in preview.rows}
    assert errors[2] == []
    assert errors[3] == ["The name is missing."]
    assert errors[4] == ["'not-an-email' is not a valid email address."]
    assert errors[5] == ["An account with the email taken@example.org already exists."]
    assert errors[6] == ["The email ana@example.org is also on line 2."]
    assert errors[7] == ["No program with the code or name 'NOPE'."]
    assert errors[8] == ["The program Old one is archived."]
    assert errors[9][0].startswith("Too many columns")
    with pytest.raises(ValidationError) as caught:
        trainees.import_trainees(text, make.coordinator())
    db.session.rollback()
    assert "Line 3: The name is missing." in caught.value.errors["file"]
    assert count(db, User) == users_before
    assert count(db, Enrolment) == 0


def test_an_empty_or_undecodable_file_is_a_file_error(db):
    assert trainees.preview_import("name,email,programs\n\n").errors == [
        "The file has no trainees in it. Each row needs: name, email, programs."
    ]
    with pytest.raises(ValidationError) as caught:
        trainees.decode_upload("Zoë".encode("latin-1"))
    assert caught.value.errors == {
        "file": ["The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."]
    }


def test_import_creates_invitations_and_enrolments(db, make):
    coordinator = make.coordinator()
    pss = make.program(code="PSS", name="Peer Support")
    other = make.program(code="OTH", name="Other Program")
    db.session.commit()
    done = trainees.import_trainees(GOOD, coordinator)
    db.session.commit()
    assert [item.user.email for item in done] == ["ana@example.org", "ben@example.org"]
    ben = done[1].user
    assert ben.role == Role.TRAINEE and ben.password_hash is None
    enrolled = db.session.scalars(
        sa.select(Enrolment.program_id).where(Enrolment.trainee_id == ben.id)
    ).all()
    assert sorted(enrolled) == sorted([pss.id, other.id])
    assert count(db, AccountToken) == 2


def test_import_pages_preview_then_confirm_once(client, login_as, db, make):
    login_as("coordinator")
    make.program(code="PSS", name="Peer Support")
    make.program(code="OTH", name="Other Program")
    db.session.commit()
    users_before = count(db, User)

    preview = client.post(
        "/coordinator/trainees/import",
        data={"file": (io.BytesIO(GOOD.encode("utf-8-sig")), "trainees.csv")},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "All 2 rows are ready to import." in html
    assert count(db, User) == users_before  # a preview stores nothing

    confirmed = client.post("/coordinator/trainees/import/confirm", data={"text": GOOD})
    assert confirmed.status_code == 200
    page = confirmed.get_data(as_text=True)
    assert "2 trainees imported" in page
    assert page.count("http://localhost/invite/") == 2
    assert count(db, User) == users_before + 2

    again = client.post("/coordinator/trainees/import/confirm", data={"text": GOOD})
    assert again.status_code == 409
    assert "Nothing was imported" in again.get_data(as_text=True)
    assert count(db, User) == users_before + 2


def confirm_form_text(html: str) -> str:
    """The rows the preview page's "Import these trainees" form will post."""
    match = re.search(r'<input name="text" type="hidden" value="([^"]*)">', html)
    assert match, "no confirm form on the page"
    return htmllib.unescape(match.group(1))


@pytest.mark.parametrize("how", ["upload", "paste"])
def test_the_rows_checked_are_the_rows_imported_whether_uploaded_or_pasted(
    client, login_as, db, make, how
):
    """As a browser sends it: an uploaded file comes with the (empty) paste box."""
    login_as("coordinator")
    make.program(code="PSS", name="Peer Support")
    make.program(code="OTH", name="Other Program")
    db.session.commit()
    users_before = count(db, User)
    if how == "upload":
        data = {"file": (io.BytesIO(GOOD.encode("utf-8-sig")), "trainees.csv"), "text": ""}
    else:
        data = {"file": (io.BytesIO(b""), ""), "text": GOOD}
    preview = client.post(
        "/coordinator/trainees/import", data=data, content_type="multipart/form-data"
    )
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "All 2 rows are ready to import." in html
    assert confirm_form_text(html) == GOOD

    confirmed = client.post(
        "/coordinator/trainees/import/confirm", data={"text": confirm_form_text(html)}
    )
    assert confirmed.status_code == 200
    assert "2 trainees imported" in confirmed.get_data(as_text=True)
    assert count(db, User) == users_before + 2


@pytest.mark.parametrize(
    "header",
    [
        "name,email,programs",
        "Name,E-mail,Program",
        " Full name , Email address , Program codes ",
        "email,name,programs",
        "Programme,NAME,EMAIL",
    ],
)
def test_the_usual_ways_of_naming_the_columns_are_understood(db, make, header):
    make.program(code="PSS", name="Peer Support")
    db.session.commit()
    names = [c.strip().casefold() for c in next(csv.reader([header]))]
    values = {"name": "Ana Lima", "email": "ana@example.org", "programs": "PSS"}
    order = ["email" if "mail" in c else "name" if "name" in c else "programs" for c in names]
    row = ",".join(values[column] for column in order)
    preview = trainees.preview_import(f"{header}\n{row}\n")
    assert preview.errors == []
    [checked] = preview.rows
    assert (checked.line, checked.name, checked.email) == (2, "Ana Lima", "ana@example.org")
    assert [p.code for p in checked.programs] == ["PSS"]


def test_a_file_without_a_programs_column_imports_without_enrolments(db, make):
    preview = trainees.preview_import("name,email\nAna Lima,ana@example.org\n")
    assert preview.ok
    assert preview.rows[0].programs == []


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "name,email,programz",
            "Line 1 looks like column names, but 'programz' is not one: "
            "name the columns name, email and programs.",
        ),
        ("name,email,email", "Line 1 names the email column twice."),
        (
            "name,programs",
            "Line 1 names the columns, but not name and email: both are needed.",
        ),
    ],
)
def test_a_header_that_is_not_understood_says_which_column(db, make, header, message):
    make.program(code="PSS", name="Peer Support")
    db.session.commit()
    preview = trainees.preview_import(f"{header}\nAna Lima,ana@example.org,PSS\n")
    assert not preview.ok
    assert preview.errors == [message]
    assert preview.rows == []


def test_import_page_shows_row_errors_with_400(client, login_as, db, make):
    login_as("coordinator")
    make.program(code="PSS", name="Peer Support")
    db.session.commit()
    users_before = count(db, User)
    response = client.post(
        "/coordinator/trainees/import",
        data={"text": "Ana,ana@example.org,PSS\nBob,bob@,XYZ\n"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "1 of 2 rows has problems. Nothing was imported." in html
    assert "No program with the code or name &#39;XYZ&#39;." in html
    assert "Import these trainees" not in html
    assert count(db, User) == users_before

    empty = client.post("/coordinator/trainees/import", data={"text": ""})
    assert empty.status_code == 400
    assert "Choose a CSV file, or paste the rows." in empty.get_data(as_text=True)


def test_excel_files_with_a_bom_and_quoted_cells_preview_clean(db, make):
    make.program(code="PSS", name="Peer Support")
    db.session.commit()
    text = '\ufeffname,email,programs\r\n"Lima, Ana ""Annie""",ana@example.org,"PSS"\r\n'
    preview = trainees.preview_import(text)  # pasted text keeps its BOM; uploads lose it
    assert preview.ok
    [row] = preview.rows
    assert (row.line, row.name, row.email) == (2, 'Lima, Ana "Annie"', "ana@example.org")


def test_a_semicolon_separated_file_says_so_on_each_row(db, make):
    make.program(code="PSS", name="Peer Support")
    db.session.commit()
    users_before = count(db, User)
    preview = trainees.preview_import("Ana;ana@example.org;PSS\r\nBen;ben@example.org;PSS\r\n")
    assert not preview.ok
    for row in preview.rows:
        assert row.errors == [
            "Separate the columns with commas, not ';': "
            "save the file as 'CSV UTF-8 (comma delimited)'."
        ]
    assert count(db, User) == users_before


def test_a_file_of_10000_rows_is_refused_whole(db, make):
    make.program(code="PSS", name="Peer Support")
    db.session.commit()
    text = "".join(f"T{i},t{i}@example.org,PSS\r\n" for i in range(10_000))
    preview = trainees.preview_import(text)
    assert not preview.ok
    assert preview.errors == [
        f"The file has more than {trainees.MAX_IMPORT_ROWS} rows; split it into smaller files."
    ]
    with pytest.raises(ValidationError):
        trainees.import_trainees(text, make.coordinator())
    db.session.rollback()
    assert count(db, User, User.role == Role.TRAINEE) == 0
