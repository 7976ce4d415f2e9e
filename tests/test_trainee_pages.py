"""The trainee's pages: the dashboard, the chart, and who may reach what.

Access is proven over the URL map: every trainee route refuses anonymous
visitors and coordinators, takes no trainee id, and answers 404 (changing
nothing) to an id of another trainee's record.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tracker.models import CertificationState, HourEntry, HourStatus, utcnow
from tracker.services import charts
from tracker.services.dates import local_today, month_starts


def count(db, model=HourEntry) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def trainee_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("trainee.")]


def fill(rule, value: int = 1) -> str:
    path = rule.rule
    for argument in rule.arguments:
        path = re.sub(rf"<(?:int:)?{argument}>", str(value), path)
    return path


# --- the dashboard --------------------------------------------------------------------------


@pytest.fixture
def progress(make, db):
    """A trainee part of the way through a program, with a bit of everything."""
    trainee = make.trainee(display_name="Robin Trainee")
    done = make.module(code="REC1", title="Recovery basics")
    waiting = make.module(code="ETH1", title="Ethics and boundaries")
    todo = make.module(code="CRI1", title="Crisis support", pass_mark=80)
    program = make.program(
        name="Peer Specialist",
        modules=[done, waiting, todo],
        hour_rules=[{"min_minutes": 1500, "supervised_only": True}],
        requires_ethics=True,
    )
    make.enrolment(trainee, program)
    other_program = make.program(name="Withdrawn Program")
    make.enrolment(trainee, other_program, withdrawn_at=utcnow())
    make.completion(trainee, done, completed_on=local_today() - timedelta(days=40))
    make.completion(
        trainee, waiting, status="pending", source="self_reported", completed_on=local_today()
    )
    make.hour_entry(
        trainee, worked_on=local_today(), minutes=1110, supervised=True, status=HourStatus.APPROVED
    )
    make.hour_entry(trainee, worked_on=local_today(), minutes=120, supervised=True)
    make.hour_entry(
        trainee,
        worked_on=local_today(),
        minutes=60,
        status=HourStatus.REJECTED,
        rejection_reason="No",
    )
    make.ethics_version(title="Our code")
    db.session.commit()
    return trainee, program


def test_dashboard_shows_each_rule_as_a_labelled_progress_bar(client, login_as, progress):
    trainee, _ = progress
    login_as(trainee)
    body = client.get("/dashboard").get_data(as_text=True)
    assert "Hello, Robin Trainee" in body
    assert "Peer Specialist" in body and "Withdrawn Program" not in body
    # Every requirement: a label, and a progress bar named by it.
    bars = re.findall(
        r'<span id="([^"]+)-label" class="rule-label">([^<]+)</span>.*?'
        r'<progress id="([^"]+)" aria-labelledby="([^"]+)" max="100" value="(\d+)"',
        body,
        re.S,
    )
    assert all(f"{bar}-label" == named and bar == label_id for label_id, _, bar, named, _ in bars)
    labels = {label: int(value) for _, label, _, _, value in bars}
    assert labels["25 supervised practice hours"] == 74  # 18.5 of 25
    assert labels["Complete the 3 required modules"] == 33
    # Hours: the numbers in words.
    assert "18.5 of 25 hours · 6.5 hours to go · 2 hours waiting for review" in body
    # Modules: each module's standing under the requirement.
    assert "1 of 3 modules · 2 modules to go · 1 module waiting for review" in body
    assert "REC1 Recovery basics" in body and "completed on" in body
    assert "reported, waiting for a coordinator to verify it" in body
    # The verdict and the next steps in plain words.
    assert "You meet 0 of 3 requirements" in body
    assert "What to do next" in body
    assert (
        "Log 6.5 more hours that count towards “25 supervised practice hours”, and have them "
        "approved." in body
    )
    assert "Complete 2 more modules: CRI1 Crisis support, ETH1 Ethics and boundaries." in body
    assert "Read and acknowledge the Code of ethics (version 1)." in body


def test_dashboard_lists_pending_items(client, login_as, progress):
    trainee, _ = progress
    login_as(trainee)
    body = client.get("/dashboard").get_data(as_text=True)
    assert "2 hours in 1 entry</a> waiting for review" in body
    assert "1 module waiting for verification" in body and "ETH1 Ethics and boundaries" in body
    assert "1 entry was not accepted" in body
    assert "/hours?status=rejected" in body


def test_dashboard_asks_to_acknowledge_the_code_of_ethics(client, db, login_as, make, progress):
    trainee, _ = progress
    login_as(trainee)
    body = client.get("/dashboard").get_data(as_text=True)
    assert "Please read and acknowledge the Code of ethics" in body
    make.acknowledgement(trainee, make.ethics_version())  # acknowledges version 2 only...
    db.session.commit()
    body = client.get("/dashboard").get_data(as_text=True)
    assert "Please read and acknowledge" not in body
    make.ethics_version()  # ...and version 3 asks again
    db.session.commit()
    body = client.get("/dashboard").get_data(as_text=True)
    assert "A new version of the Code of ethics has been published" in body


def test_dashboard_says_when_every_requirement_is_met(client, db, login_as, make):
    trainee = login_as("trainee")
    program = make.program(name="Short Course", hour_rules=[{"min_minutes": 60}])
    make.enrolment(trainee, program)
    make.hour_entry(trainee, worked_on=local_today(), minutes=60, status=HourStatus.APPROVED)
    db.session.commit()
    body = client.get("/dashboard").get_data(as_text=True)
    assert "You meet every requirement" in body
    assert "What to do next" not in body


def test_dashboard_shows_certifications_with_state_expiry_and_renewal(client, db, login_as, make):
    trainee = login_as("trainee")
    program = make.program(name="Peer Specialist")
    make.enrolment(trainee, program)
    snapshot = {
        "name": "Peer Specialist",
        "renewal": {"window_days": 60, "buckets": [{"label": "Continuing education", "hours": 10}]},
    }
    held = make.certification(
        trainee,
        program,
        issued_on=local_today() - timedelta(days=700),
        expires_on=local_today() + timedelta(days=30),
        program_snapshot=snapshot,
    )
    old = make.certification(
        trainee,
        make.program(name="Old Credential"),
        issued_on=local_today() - timedelta(days=1000),
        expires_on=local_today() - timedelta(days=270),
        program_snapshot={"renewal": {"grace_days": 0}},
    )
    make.completion(
        trainee, make.module(contact_minutes=240), completed_on=local_today() - timedelta(days=5)
    )
    make.certification(make.trainee(), program, number="PS-OTHER-1")
    db.session.commit()
    body = client.get("/dashboard").get_data(as_text=True)
    assert held.number in body and old.number in body and "PS-OTHER-1" not in body
    # The state the dates give, even when the stored one is behind.
    assert old.state == CertificationState.VALID
    assert '<span class="badge badge-lapsed">Lapsed</span>' in body
    assert '<span class="badge badge-expiring">Expiring soon</span>' in body
    assert (local_today() + timedelta(days=30)).strftime("%d %b %Y") in body
    assert "4 of 10 hours" in body
    assert "Complete 6 more hours of continuing education for “Continuing education” before" in body
    assert f"You hold certification {held.number}" in body


def test_certificates_link_only_when_that_page_exists(app, client, db, login_as, make):
    trainee = login_as("trainee")
    make.certification(trainee, make.program())
    db.session.commit()
    if "trainee.certifications" not in app.view_functions:
        body = client.get("/dashboard").get_data(as_text=True)
        assert "See and share your certificates" not in body
        app.add_url_rule(
            "/test-certificates", endpoint="trainee.certifications", view_func=lambda: "ok"
        )
        client = app.test_client()
        login_as(trainee)
    with app.test_request_context():
        from flask import url_for

        url = url_for("trainee.certifications")
    body = client.get("/dashboard").get_data(as_text=True)
    assert f'<a href="{url}">See and share your certificates</a>' in body


def test_dashboard_chart_of_approved_hours_per_month(client, db, login_as, make):
    trainee = login_as("trainee")
    this_month = local_today().replace(day=1)
    make.hour_entry(trainee, worked_on=this_month, minutes=150, status=HourStatus.APPROVED)
    make.hour_entry(trainee, worked_on=this_month, minutes=600)  # pending: not in the chart
    db.session.commit()
    body = client.get("/dashboard").get_data(as_text=True)
    svg = re.search(r"<svg.*?</svg>", body, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="hours-chart-title hours-chart-desc"' in svg
    assert '<title id="hours-chart-title">Approved hours per month' in svg
    assert svg.count('class="bar"') == 12
    # The text alternative: a table with every month and its hours.
    table = body.split("Show these numbers as a table")[1]
    for start in month_starts(local_today(), 12):
        assert start.strftime("%B %Y") in table
    assert f'<th scope="row">{this_month:%B %Y}</th><td class="num">2.5</td>' in table
    assert "2.5 approved hours in the last 12 months" in body


def test_dashboard_without_any_program(client, login_as):
    login_as("trainee")
    response = client.get("/dashboard")
    assert response.status_code == 200
    assert "You are not enrolled in a program yet" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path", ["/dashboard", "/hours", "/hours/new", "/training", "/ethics", "/my-data"]
)
def test_pages_keep_to_the_content_security_policy(client, db, login_as, make, path):
    trainee = login_as("trainee")
    make.hour_entry(trainee, worked_on=local_today(), status=HourStatus.APPROVED)
    make.ethics_version()
    make.module()
    db.session.commit()
    response = client.get(path)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "style=" not in body
    # One script, the site's own file (the CSP allows no other), never inline.
    assert re.findall(r"<script[^>]*>[^<]*</script>", body) == [
        '<script src="/static/js/errors.js" defer></script>'
    ]
    assert not re.search(r"\son[a-z]+=", body)
    assert '="None"' not in body
    assert '<meta name="viewport"' in body


# --- access ---------------------------------------------------------------------------------


def test_no_trainee_route_takes_a_trainee_id(app):
    for rule in trainee_rules(app):
        assert not ({"trainee_id", "user_id", "id"} & set(rule.arguments)), rule.rule


def test_anonymous_visitors_are_sent_to_log_in(app, client):
    for rule in trainee_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(fill(rule), method=method)
            assert response.status_code in (302, 303), (method, rule.rule)
            assert "/login" in response.headers["Location"]


def test_coordinators_are_refused(app, client, login_as):
    login_as("coordinator")
    for rule in trainee_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            assert client.open(fill(rule), method=method).status_code == 403, rule.rule


# Every trainee route that takes the id of an hour entry, by method.
ENTRY_ROUTES = {
    "trainee.hour_entry": ["GET"],
    "trainee.edit_hours": ["GET", "POST"],
    "trainee.withdraw_hours": ["GET", "POST"],
    "trainee.correct_hours": ["GET", "POST"],
}


def test_every_route_with_an_entry_id_is_in_the_404_matrix(app):
    with_entry = {r.endpoint for r in trainee_rules(app) if "entry_id" in r.arguments}
    assert with_entry == set(ENTRY_ROUTES)


@pytest.mark.parametrize("status", [HourStatus.PENDING, HourStatus.REJECTED])
@pytest.mark.parametrize(
    ("endpoint", "method"), [(e, m) for e, methods in ENTRY_ROUTES.items() for m in methods]
)
def test_another_trainees_entry_answers_404_and_changes_nothing(
    app, client, db, login_as, make, endpoint, method, status
):
    login_as("trainee")
    other = make.trainee()
    entry = make.hour_entry(other, minutes=60, status=status)
    db.session.commit()
    before = (entry.minutes, entry.status, entry.notes, entry.updated_at)
    rows = count(db)
    (rule,) = [r for r in trainee_rules(app) if r.endpoint == endpoint]
    data = {
        "worked_on": (local_today() - timedelta(days=1)).isoformat(),
        "hours": "5",
        "activity": "other",
        "setting": "online",
        "notes": "changed",
    }
    response = client.open(fill(rule, entry.id), method=method, data=data)
    assert response.status_code == 404
    db.session.expire_all()
    after = db.session.get(HourEntry, entry.id)
    assert (after.minutes, after.status, after.notes, after.updated_at) == before
    assert count(db) == rows


def test_a_missing_entry_answers_404(client, login_as):
    login_as("trainee")
    assert client.get("/hours/999999").status_code == 404
    assert client.post("/hours/999999/withdraw").status_code == 404


def test_a_trainee_id_in_the_query_string_is_ignored(client, db, login_as, make):
    trainee = login_as("trainee")
    other = make.trainee()
    make.hour_entry(other, supervised=True, supervisor_name="Someone Else")
    db.session.commit()
    for path in (f"/hours?trainee_id={other.id}", f"/my-data.json?trainee_id={other.id}"):
        body = client.get(path).get_data(as_text=True)
        assert "Someone Else" not in body
    data = client.get(f"/my-data.json?user_id={other.id}").get_json()
    assert data["account"]["id"] == trainee.id


# --- the chart itself -----------------------------------------------------------------------


def test_bar_chart_is_an_accessible_image_with_escaped_text():
    svg = str(
        charts.bar_chart_svg(
            [("<b>Jan</b>\n2026", 2.5), ("Feb & co", 0), ("Mar", 10)],
            'Hours "by" month',
            "hours",
            chart_id="c1",
        )
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="c1-title">Hours &#34;by&#34; month</title>' in svg
    assert "<b>" not in svg and "&lt;b&gt;Jan&lt;/b&gt;" in svg
    assert "Feb &amp; co" in svg
    assert svg.count('class="bar"') == 3
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    desc = re.search(r'<desc id="c1-desc">(.*?)</desc>', svg).group(1)
    assert "Highest: Mar, 10 hours" in desc and "Total: 12.5 hours" in desc
    # Tallest bar fills the plot; a zero bar has no height.
    heights = [float(h) for h in re.findall(r'class="bar"[^>]*height="([\d.]+)"', svg)]
    assert heights[2] == max(heights) and heights[1] == 0 and heights[0] == heights[2] / 4
    # Two lines of label become two tspans.
    assert svg.count("<tspan") == 4
    assert "style=" not in svg


def test_bar_chart_with_no_data_says_so():
    svg = str(charts.bar_chart_svg([("Jan", 0), ("Feb", 0)], "Hours", "hours"))
    assert "no hours recorded" in svg
    assert str(charts.bar_chart_svg([], "Hours", "hours")).count('class="bar"') == 0


def test_two_charts_on_a_page_have_different_ids():
    first = str(charts.bar_chart_svg([("a", 1)], "A", "x"))
    second = str(charts.bar_chart_svg([("a", 1)], "A", "x"))
    assert re.search(r'id="([^"]+)-title"', first)[1] != re.search(r'id="([^"]+)-title"', second)[1]


@pytest.mark.parametrize(
    ("value", "text"), [(12.0, "12"), (12.5, "12.5"), (0.25, "0.25"), (1234.5, "1,234.5"), (0, "0")]
)
def test_format_number(value, text):
    assert charts.format_number(value) == text


def test_table_rows_give_the_text_alternative():
    assert charts.table_rows([("Jan\n2026", 1.5), ("Feb", 2)]) == [
        ("Jan 2026", "1.5"),
        ("Feb", "2"),
    ]
