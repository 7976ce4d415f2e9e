"""Odd input and edge cases on the trainee's side, found in review.

Each test fails without the fix it names: a 500 from a page number too large
for the database, failed exams counted as continuing education...
"""

from __future__ import annotations

from datetime import date

import pytest

from tracker.formatting import human_date
from tracker.models import User
from tracker.services import accounts
from tracker.services.dates import local_today
from tracker.services.eligibility import evaluate, evaluate_renewal

AS_OF = date(2026, 11, 25)


@pytest.mark.parametrize("path", ["/hours", "/training", "/certificates"])
@pytest.mark.parametrize("page", ["99999999999999999999", "-1", "abc", "0", "1e9", "999999", "²"])
def test_list_pages_answer_any_page_number_without_an_error(client, db, login_as, make, path, page):
    trainee = login_as("trainee")
    make.hour_entry(trainee, worked_on=date(2025, 3, 1))
    make.module()
    db.session.commit()
    response = client.get(f"{path}?page={page}")
    assert response.status_code == 200


def test_an_out_of_range_page_number_shows_the_first_page(client, db, login_as, make):
    trainee = login_as("trainee")
    entry = make.hour_entry(trainee, worked_on=date(2025, 3, 1))
    db.session.commit()
    response = client.get("/hours?page=99999999999999999999")
    assert f'href="/hours/{entry.id}"' in response.get_data(as_text=True)


def test_renewal_does_not_count_a_failed_exam_as_continuing_education(make):
    trainee = make.trainee()
    certification = make.certification(
        trainee,
        make.program(),
        issued_on=date(2025, 1, 1),
        program_snapshot={
            "name": "Peer Specialist",
            "renewal": {"buckets": [{"label": "Continuing education", "hours": 10}]},
        },
    )
    exam = make.module(contact_minutes=600, pass_mark=70)
    make.completion(trainee, exam, completed_on=date(2025, 6, 1), score=50)
    (rule,) = evaluate_renewal(certification, AS_OF).rules
    assert (rule.done, rule.met) == (0, False)
    make.completion(trainee, exam, completed_on=date(2025, 7, 1), score=70)
    (rule,) = evaluate_renewal(certification, AS_OF).rules
    assert (rule.done, rule.met) == (10, True)


def test_using_one_link_voids_the_accounts_other_open_links(app, client, make, db):
    coordinator = make.coordinator()
    user, first = accounts.invite("new@example.org", "New Person", "trainee", coordinator)
    second = accounts.reinvite(user, coordinator)  # the first link was lost, say
    db.session.commit()
    data = {"password": "a new long password", "confirm": "a new long password"}
    assert client.post(f"/invite/{second}", data=data).status_code == 302
    # The older link, still in an old email, must not let anyone reset the password.
    other = app.test_client()
    stolen = {"password": "someone elses pass", "confirm": "someone elses pass"}
    response = other.post(f"/invite/{first}", data=stolen)
    assert response.status_code == 410
    assert "This link has already been used" in response.get_data(as_text=True)
    db.session.expire_all()
    assert accounts.check_password(db.session.get(User, user.id), "a new long password")


@pytest.mark.parametrize("email", ["\x00", "ana\x00@example.org", "\u202eana@example.org"])
def test_control_characters_in_the_login_email_get_the_usual_refusal(client, make, db, email):
    # PostgreSQL refuses NUL in a text parameter: without cleaning, a 500 there.
    make.trainee(email="ana@example.org")
    db.session.commit()
    response = client.post("/login", data={"email": email, "password": "not the password"})
    assert response.status_code == 401
    assert "The email or password is not right." in response.get_data(as_text=True)


def test_emails_are_normalised_without_control_characters():
    assert accounts.normalize_email(" Ana\x00@Example.org\u202e ") == "ana@example.org"


@pytest.mark.parametrize(
    ("as_of", "months", "first_counted", "last_refused"),
    [
        (date(2028, 2, 29), 24, date(2026, 3, 1), date(2026, 2, 28)),  # window ends on 29 Feb
        (date(2025, 2, 28), 12, date(2024, 2, 29), date(2024, 2, 28)),  # window starts on 29 Feb
    ],
)
def test_windows_around_the_29th_of_february(make, as_of, months, first_counted, last_refused):
    trainee = make.trainee()
    program = make.program(hour_rules=[{"min_minutes": 60, "window_months": months}])
    make.hour_entry(trainee, worked_on=last_refused, minutes=60, status="approved")
    (rule,) = evaluate(trainee, program, as_of).of_kind("experience_hours")
    assert not rule.met
    make.hour_entry(trainee, worked_on=first_counted, minutes=60, status="approved")
    (rule,) = evaluate(trainee, program, as_of).of_kind("experience_hours")
    assert rule.met and rule.detail == f"counted from {human_date(first_counted)}"


def test_entries_dated_today_count(make):
    trainee = make.trainee()
    program = make.program(hour_rules=[{"min_minutes": 60, "window_months": 1}])
    make.hour_entry(trainee, worked_on=local_today(), minutes=60, status="approved")
    (rule,) = evaluate(trainee, program).of_kind("experience_hours")
    assert rule.met


# Every trainee route that takes a record id, and the test that proves another
# trainee's id answers 404 there.
ID_ROUTES_WITH_A_404_TEST = {
    "trainee.hour_entry": "test_trainee_pages.py",
    "trainee.edit_hours": "test_trainee_pages.py",
    "trainee.withdraw_hours": "test_trainee_pages.py",
    "trainee.correct_hours": "test_trainee_pages.py",
    "trainee.certificate_pdf": "test_verify.py",
    "trainee.certificate_jwt": "test_verify.py",
    "trainee.certificate_json": "test_verify.py",
    "trainee.withdraw_evidence": "test_evidence_pages.py",
    "trainee.file": "test_evidence_pages.py",
    "trainee.upload_document": "test_evidence_pages.py",
}


def test_every_trainee_route_with_an_id_has_a_404_test(app):
    with_id = {
        r.endpoint
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("trainee.") and r.arguments
    }
    assert with_id == set(ID_ROUTES_WITH_A_404_TEST)


@pytest.mark.parametrize("module", ["²", "99999999999999999999", "abc"])
def test_an_odd_preselected_module_on_the_training_page_is_ignored(client, login_as, module):
    login_as("trainee")
    assert client.get(f"/training?module={module}").status_code == 200
