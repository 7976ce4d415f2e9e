"""Words and numbers as people read them: plain form messages on every form, one date and
time format in the program's time zone, plural forms, and errors in sight after a failed
submit."""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import UTC, date, datetime

import pytest
from flask_wtf import FlaskForm

import tracker
from tracker.formatting import hours_text, human_date
from tracker.forms import PlainForm, required_message
from tracker.services.charts import describe


def _all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _all_subclasses(sub)
    return found


def test_every_form_of_the_app_speaks_plainly() -> None:
    for module in pkgutil.walk_packages(tracker.__path__, "tracker."):
        importlib.import_module(module.name)
    forms = {f for f in _all_subclasses(FlaskForm) if f.__module__.startswith("tracker.")}
    assert len(forms) > 20
    assert {f for f in forms if not issubclass(f, PlainForm)} == set()


def test_an_empty_field_says_what_to_enter_or_choose(app) -> None:
    from tracker.coordinator.forms import InviteForm

    with app.test_request_context(method="POST", data={"email": "not an address"}):
        form = InviteForm()
        assert not form.validate()
        assert form.display_name.errors == ["Enter the name."]
        assert form.email.errors == ["Enter an email address, for example name@example.org."]
        assert required_message(form.role) == "Choose the role."


def test_the_login_page_answers_an_empty_form_in_plain_words(client) -> None:
    response = client.post("/login", data={"email": "", "password": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This field is required." not in body
    assert "Enter the email." in body


def test_a_moment_is_shown_in_the_program_time_zone_without_a_zone_name(app) -> None:
    moment = datetime(2026, 10, 24, 0, 30, tzinfo=UTC)
    app.config["TIMEZONE"] = "America/New_York"
    with app.app_context():
        assert human_date(moment) == "23 Oct 2026, 20:30"
    app.config["TIMEZONE"] = "Europe/Berlin"
    with app.app_context():
        assert human_date(moment) == "24 Oct 2026, 02:30"
    assert human_date(date(2026, 10, 23)) == "23 Oct 2026"
    assert "UTC" not in human_date(moment)


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(60, "1 hour"), (90, "1.5 hours"), (120, "2 hours"), (15, "0.25 hours"), (0, "0 hours")],
)
def test_an_amount_of_hours_takes_the_right_plural(app, minutes: int, words: str) -> None:
    with app.test_request_context():
        assert hours_text(minutes) == words


def test_a_chart_description_takes_the_right_plural() -> None:
    text = describe([("Q1 2026", 1)], "Certifications", ("certification", "certifications"))
    assert "1 certification." in text
    assert "certifications" not in text.replace("Certifications", "")
    text = describe([("Q1", 1), ("Q2", 2)], "Certifications", ("certification", "certifications"))
    assert "Highest: Q2, 2 certifications. Total: 3 certifications." in text


# --- errors in sight ---------------------------------------------------------------------


def test_a_failed_submit_opens_at_its_error_summary(client, login_as) -> None:
    login_as("trainee")
    page = client.get("/hours/new").get_data(as_text=True)
    # A short page posts to itself without a fragment: the summary opens at the top of the
    # page, and a successful save does not carry "#errors" to the page it goes to.
    assert re.search(r'<form method="post" action="/hours/new"', page)
    response = client.post("/hours/new", data={"hours": "", "worked_on": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    summary = body.index('<div class="error-summary" id="errors" role="alert" tabindex="-1">')
    # The summary is the first thing in the page's main content, before the form, and
    # links to each field with an error.
    assert body.index('<main id="main"') < summary < body.index('action="/hours/new"')
    assert "<form" not in body[body.index('<main id="main"') : summary]
    assert 'href="#hours"' in body[summary:]
    assert '<script src="/static/js/errors.js" defer></script>' in body


def test_on_the_long_trainee_page_each_form_posts_to_its_own_summary(
    client, db, login_as, make
) -> None:
    login_as("coordinator")
    trainee = make.trainee()
    make.program()
    db.session.commit()
    page = client.get(f"/coordinator/trainees/{trainee.id}").get_data(as_text=True)
    assert f'action="/coordinator/trainees/{trainee.id}/enrol#enrol-errors"' in page
    assert f'action="/coordinator/trainees/{trainee.id}/results#result-errors"' in page
    response = client.post(f"/coordinator/trainees/{trainee.id}/enrol", data={"program_id": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="enrol-errors"' in body
    assert "Choose a program." in body or "Choose the program." in body
