"""Reports, exports and the audit log: date ranges with the end date included, SQL
aggregates, streamed CSV with formula cells neutralised."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from tracker.models import CertificationState, HourStatus
from tracker.services import audit, reports
from tracker.services.dates import local_today
from tracker.services.reports import ReportFilters

END = date(2026, 3, 31)


@pytest.fixture
def hours(db, make):
    trainee = make.trainee()
    approved = HourStatus.APPROVED
    make.hour_entry(trainee, worked_on=date(2026, 3, 1), minutes=60, status=approved)
    make.hour_entry(
        trainee,
        worked_on=END,
        minutes=90,
        status=approved,
        activity="one_on_one",
        supervised=True,
    )
    make.hour_entry(trainee, worked_on=END + timedelta(days=1), minutes=600, status=approved)
    make.hour_entry(trainee, worked_on=date(2026, 1, 15), minutes=45, status=approved)
    make.hour_entry(trainee, worked_on=date(2026, 3, 2), minutes=120)  # pending: not counted
    db.session.commit()
    return trainee


def test_the_end_date_counts_and_the_day_after_does_not(db, hours):
    rows = reports.hours_by_month(ReportFilters(start=date(2026, 3, 1), end=END))
    assert [(r.year, r.month, r.minutes, r.entries) for r in rows] == [(2026, 3, 150, 2)]
    next_day = reports.hours_by_month(
        ReportFilters(start=END + timedelta(days=1), end=END + timedelta(days=1))
    )
    assert [(r.month, r.minutes) for r in next_day] == [(4, 600)]
    only_the_day_before = reports.hours_by_month(
        ReportFilters(start=date(2026, 3, 1), end=END - timedelta(days=1))
    )
    assert [r.minutes for r in only_the_day_before] == [60]


def test_months_without_hours_are_shown_as_zero(db, hours):
    rows = reports.hours_by_month(ReportFilters(start=date(2026, 1, 1), end=END))
    assert [(r.label, r.minutes) for r in rows] == [
        ("Jan 2026", 45),
        ("Feb 2026", 0),
        ("Mar 2026", 150),
    ]


def test_hours_by_activity_and_pending(db, hours):
    filters = ReportFilters(start=date(2026, 3, 1), end=END)
    rows = reports.hours_by_activity(filters)
    assert [(r.activity, r.minutes, r.supervised_minutes, r.entries) for r in rows] == [
        ("one_on_one", 90, 90, 1),
        ("support_group", 60, 0, 1),
    ]
    assert rows[0].label == "One-on-one"
    assert reports.pending_minutes(filters) == 120


def test_program_filter_counts_hours_of_its_trainees_only(db, make, hours):
    program = make.program()
    member = make.trainee()
    make.enrolment(member, program)
    make.hour_entry(member, worked_on=END, minutes=30, status=HourStatus.APPROVED)
    db.session.commit()
    rows = reports.hours_by_month(ReportFilters(start=END, end=END, program_id=program.id))
    assert [r.minutes for r in rows] == [30]


def test_certifications_per_quarter_with_the_end_date_included(db, make):
    program = make.program()
    other = make.program()
    for day in (date(2025, 12, 31), date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 1)):
        make.certification(make.trainee(), program, issued_on=day)
    make.certification(make.trainee(), other, issued_on=date(2026, 2, 1))
    db.session.commit()
    rows = reports.certifications_per_quarter(
        ReportFilters(start=date(2026, 1, 1), end=date(2026, 3, 31), program_id=program.id)
    )
    assert [(r.label, r.issued) for r in rows] == [("Q1 2026", 2)]
    everything = reports.certifications_per_quarter(ReportFilters())
    assert [(r.label, r.issued) for r in everything] == [
        ("Q4 2025", 1),
        ("Q1 2026", 3),
        ("Q2 2026", 1),
    ]


def test_funnel_enrolled_eligible_certified(db, make):
    program = make.program(hour_rules=[{"min_minutes": 60}])
    ready, learning, certified, withdrawn = (make.trainee() for _ in range(4))
    for person in (ready, learning, certified):
        make.enrolment(person, program)
    make.enrolment(withdrawn, program, withdrawn_at=datetime(2026, 1, 1, tzinfo=UTC))
    make.hour_entry(ready, minutes=60, status=HourStatus.APPROVED)
    make.hour_entry(withdrawn, minutes=60, status=HourStatus.APPROVED)
    make.certification(certified, program)
    db.session.commit()
    [row] = reports.funnel(program.id)
    assert (row.enrolled, row.eligible, row.certified) == (3, 2, 1)
    assert row.percent(row.eligible) == 67


def test_expiring_and_lapsed_lists(db, make):
    program = make.program()
    soon = make.certification(
        make.trainee(), program, expires_on=local_today() + timedelta(days=59)
    )
    make.certification(make.trainee(), program, expires_on=local_today() + timedelta(days=61))
    lapsed = make.certification(
        make.trainee(),
        program,
        issued_on=local_today() - timedelta(days=800),
        expires_on=local_today() - timedelta(days=70),
        state=CertificationState.LAPSED,
    )
    db.session.commit()
    assert [c.id for c, _, _ in reports.expiring_list()] == [soon.id]
    assert [c.id for c, _, _ in reports.lapsed_list()] == [lapsed.id]
    assert reports.expiring_soon_count() == 1
    assert reports.lapsed_count() == 1


def test_the_report_lists_the_soonest_few_and_the_certifications_page_has_them_all(
    db, make, client, login_as
):
    program = make.program()
    expiring = [
        make.certification(
            make.trainee(), program, expires_on=local_today() + timedelta(days=10 + n)
        )
        for n in range(reports.REPORT_LIST + 2)
    ]
    db.session.commit()
    shown = [c.id for c, _, _ in reports.expiring_list()]
    assert shown == [c.id for c in expiring[: reports.REPORT_LIST]]
    login_as(make.coordinator())
    html = client.get("/coordinator/reports").get_data(as_text=True)
    assert expiring[reports.REPORT_LIST - 1].number in html
    assert expiring[reports.REPORT_LIST].number not in html
    assert "/coordinator/certifications?state=renewal" in html


# --- exports ---------------------------------------------------------------------------------

DANGEROUS = ["=SUM(A1:A9)", "+1+2", "-3+4", "@cmd", "\tindent", "\rreturn"]


def read_csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_hours_export_streams_and_neutralises_formulas(client, login_as, db, make):
    login_as("coordinator")
    trainee = make.trainee(display_name='=HYPERLINK("http://x")')
    for text in DANGEROUS:
        make.hour_entry(trainee, notes=text, worked_on=END, status=HourStatus.APPROVED)
    make.hour_entry(trainee, notes="outside", worked_on=END + timedelta(days=1))
    db.session.commit()

    response = client.get("/coordinator/reports/hours.csv?start=2026-03-01&end=2026-03-31")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert (
        'filename="hours-2026-03-01-to-2026-03-31.csv"' in response.headers["Content-Disposition"]
    )
    rows = read_csv(response)
    assert rows[0] == reports.HOURS_HEADER
    notes = [row[-1] for row in rows[1:]]
    assert notes == ["'" + text for text in DANGEROUS]  # the day after the end is not there
    assert {row[1] for row in rows[1:]} == {'\'=HYPERLINK("http://x")'}
    hours_column = {row[4] for row in rows[1:]}
    assert hours_column == {"2"}


def test_hours_export_with_a_bad_date_is_400(client, login_as):
    login_as("coordinator")
    response = client.get("/coordinator/reports/hours.csv?start=2026-13-01")
    assert response.status_code == 400
    assert "Enter a date, for example 23 Oct 2026." in response.get_data(as_text=True)


def test_progress_export_streams_the_eligibility_verdict(client, login_as, db, make):
    login_as("coordinator")
    program = make.program(name="-Program", hour_rules=[{"min_minutes": 120}])
    ready, learning = make.trainee(display_name="@Ready"), make.trainee(display_name="Learning")
    for person in (ready, learning):
        make.enrolment(person, program)
    make.hour_entry(ready, minutes=120, status=HourStatus.APPROVED)
    make.hour_entry(learning, minutes=60, status=HourStatus.APPROVED)
    make.hour_entry(learning, minutes=30)
    db.session.commit()
    response = client.get(f"/coordinator/reports/progress.csv?program={program.id}")
    assert response.is_streamed
    rows = read_csv(response)
    header = rows[0]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_name["'@Ready"]["eligible"] == "yes"
    assert by_name["'@Ready"]["program"] == "'-Program"
    assert by_name["Learning"]["eligible"] == "no"
    assert by_name["Learning"]["approved hours (all)"] == "1"
    assert by_name["Learning"]["pending hours (all)"] == "0.5"
    assert by_name["Learning"]["missing"] == "2 practice hours"


def test_certifications_export_follows_the_filters(client, login_as, db, make):
    login_as("coordinator")
    program = make.program()
    make.certification(make.trainee(display_name="+Active"), program)
    make.certification(
        make.trainee(display_name="Revoked"),
        program,
        state=CertificationState.REVOKED,
        revoked_at=datetime(2026, 2, 1, tzinfo=UTC),
        revocation_reason="=bad",
    )
    db.session.commit()
    response = client.get("/coordinator/reports/certifications.csv?state=revoked")
    assert response.is_streamed
    rows = read_csv(response)
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["trainee"] == "Revoked"
    assert record["revocation reason"] == "'=bad"
    everything = read_csv(client.get("/coordinator/reports/certifications.csv"))
    assert {row[1] for row in everything[1:]} == {"'+Active", "Revoked"}


def test_exports_read_in_chunks(db, make, monkeypatch):
    """Rows are read a chunk at a time (keyset pages), never all at once."""
    monkeypatch.setattr(reports, "CHUNK", 2)
    trainee = make.trainee()
    entries = [make.hour_entry(trainee, minutes=15 * (i + 1)) for i in range(5)]
    db.session.commit()
    rows = reports.export_hours(ReportFilters())
    first = next(rows)
    assert first[0] == entries[0].id
    assert [row[0] for row in rows] == [e.id for e in entries[1:]]


# --- pages -----------------------------------------------------------------------------------


def test_reports_page_shows_charts_and_tables(client, login_as, db, hours):
    login_as("coordinator")
    response = client.get("/coordinator/reports?start=2026-03-01&end=2026-03-31")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("<svg") >= 2
    assert "Mar 2026" in html and "2.5" in html  # 150 minutes in March
    assert "A further 2 hours in this range are waiting for review" in html


def test_reports_page_refuses_an_end_before_the_start(client, login_as):
    login_as("coordinator")
    response = client.get("/coordinator/reports?start=2026-03-02&end=2026-03-01")
    assert response.status_code == 400
    assert "The end date cannot be before the start date." in response.get_data(as_text=True)


def test_audit_log_filters_by_action_actor_type_and_date(client, login_as, db, make):
    me = login_as("coordinator")
    other = make.coordinator(display_name="Other Coordinator")
    module = make.module()
    audit.record(me, "module.created", module, "mine")
    audit.record(other, "module.archived", module, "theirs")
    audit.record(None, "certification.lapsed", module, "by the command")
    old = audit.record(me, "module.updated", module, "long ago")
    old.occurred_at = datetime(2026, 1, 31, 23, 59, tzinfo=UTC)
    db.session.commit()

    def summaries(query: str) -> set[str]:
        response = client.get("/coordinator/audit" + query)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        return {s for s in ("mine", "theirs", "by the command", "long ago") if s in html}

    assert summaries("") == {"mine", "theirs", "by the command", "long ago"}
    assert summaries("?action=module.archived") == {"theirs"}
    assert summaries("?action=module.") == {"mine", "theirs", "long ago"}
    assert summaries(f"?actor={other.id}") == {"theirs"}
    assert summaries("?actor=system") == {"by the command"}
    assert summaries("?entity_type=modules&end=2026-01-31") == {"long ago"}
    assert summaries("?start=2026-02-01") == {"mine", "theirs", "by the command"}


def test_audit_log_is_read_only(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint == "coordinator.audit_log"]
    assert rules and all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)
    # No route of the whole app, under any name, changes audit events.
    audit_rules = [
        r for r in app.url_map.iter_rules() if "audit" in r.rule or "audit" in r.endpoint
    ]
    assert audit_rules
    for rule in audit_rules:
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule.rule
        assert not rule.arguments, rule.rule  # a list, no per-event address to act on
