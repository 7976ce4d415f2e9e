"""The vocabularies a coordinator keeps: training domains, experience activities, document
types, exams and codes of ethics.  Listed, added (code proposed from the name, fixed
once created), renamed, archived and restored; never deleted; audited.  An archived
entry is no longer offered in forms but keeps counting in history."""

from __future__ import annotations

import html as html_lib
import re

import pytest
import sqlalchemy as sa

from tracker.models import (
    Activity,
    AuditEvent,
    DocumentType,
    Domain,
    EthicsCode,
    Exam,
    HourStatus,
    utcnow,
)
from tracker.services import vocabulary
from tracker.services.eligibility import evaluate
from tracker.services.errors import ConflictError, ValidationError
from tracker.services.vocabulary import VOCABULARIES


def count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def text(response) -> str:
    return response.get_data(as_text=True)


def error_of(page: str, field_id: str) -> str:
    found = re.search(
        rf'<p class="error-message" id="{re.escape(field_id)}-error">(.*?)</p>', page, re.S
    )
    return html_lib.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""


def input_value(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    assert tag is not None, name
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html_lib.unescape(value.group(1)) if value else ""


def by_code(db, model, code: str):
    db.session.expire_all()
    return db.session.scalar(sa.select(model).where(model.code == code))


@pytest.fixture
def coordinator(login_as):
    return login_as("coordinator")


# --- the service ---------------------------------------------------------------------------


def test_create_proposes_the_code_from_the_name_and_audits(db, make):
    actor = make.coordinator()
    row = vocabulary.create(VOCABULARIES["domains"], actor, name="Recovery & wellness support")
    db.session.commit()
    assert row.code == "recovery_wellness_support"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "domains.created"))
    assert event.actor_id == actor.id and event.after["name"] == "Recovery & wellness support"


def test_a_duplicate_code_is_refused(db, make):
    with pytest.raises(ValidationError) as caught:
        vocabulary.create(VOCABULARIES["activities"], None, name="Peer groups", code="Other")
    assert caught.value.errors == {"code": ["This code is already used."]}
    db.session.rollback()
    assert count(db, Activity, Activity.code == "peer_groups") == 0


def test_the_code_is_fixed_once_created(db, make):
    exam = make.exam(code="pr-exam", title="PR exam")
    db.session.commit()
    vocabulary.update(
        VOCABULARIES["exams"],
        exam,
        None,
        title="Peer recovery exam",
        code="renamed",
        pass_mark="70",
    )
    db.session.commit()
    exam = by_code(db, Exam, "pr-exam")
    assert (exam.title, exam.pass_mark) == ("Peer recovery exam", 70)
    assert by_code(db, Exam, "renamed") is None


def test_archive_and_restore_are_audited_and_happen_once(db, make):
    domain = make.domain("advocacy", name="Advocacy")
    db.session.commit()
    assert vocabulary.set_archived(VOCABULARIES["domains"], domain, None, True) is True
    assert vocabulary.set_archived(VOCABULARIES["domains"], domain, None, True) is False
    assert vocabulary.set_archived(VOCABULARIES["domains"], domain, None, False) is True
    db.session.commit()
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_type == "domains")
    ).all()
    assert sorted(actions) == ["domains.archived", "domains.restored"]


def test_codes_of_ethics_are_not_archived(db):
    code = vocabulary.default_ethics_code()
    assert vocabulary.set_archived(VOCABULARIES["ethics-codes"], code, None, True) is False


def test_an_update_from_a_stale_form_is_refused(db, make):
    domain = make.domain("advocacy", name="Advocacy")
    db.session.commit()
    seen = vocabulary.fingerprint(domain)
    vocabulary.update(VOCABULARIES["domains"], domain, None, name="Advocacy and rights")
    db.session.commit()
    with pytest.raises(ConflictError):
        vocabulary.update(VOCABULARIES["domains"], domain, None, expected=seen, name="Mine")
    db.session.rollback()
    assert by_code(db, Domain, "advocacy").name == "Advocacy and rights"


def test_archived_entries_keep_counting_in_history(db, make):
    """Hours logged as an activity, and module hours in a domain, still count once archived."""
    online = make.activity("online_community")
    advocacy = make.domain("advocacy", name="Advocacy")
    module = make.module(domains={"advocacy": 120}, contact_minutes=120)
    program = make.program(
        requirements=[
            {
                "kind": "experience_hours",
                "settings": {
                    "minutes": 60,
                    "activity_ids": [online.id],
                    "activity_mode": "include",
                },
            },
            {"kind": "training_hours", "settings": {"minutes": 120, "domain_ids": [advocacy.id]}},
        ]
    )
    trainee = make.trainee()
    make.enrolment(trainee, program)
    make.hour_entry(trainee, activity="online_community", minutes=60, status=HourStatus.APPROVED)
    make.completion(trainee, module)
    db.session.commit()
    assert evaluate(trainee, program).eligible
    vocabulary.set_archived(VOCABULARIES["activities"], online, None, True)
    vocabulary.set_archived(VOCABULARIES["domains"], advocacy, None, True)
    db.session.commit()
    assert evaluate(trainee, program).eligible


# --- the pages -----------------------------------------------------------------------------


def test_the_vocabularies_are_reached_from_programs_and_modules(client, coordinator):
    assert 'href="/coordinator/vocabularies"' in text(client.get("/coordinator/programs"))
    assert 'href="/coordinator/vocabularies/domains"' in text(client.get("/coordinator/modules"))
    page = text(client.get("/coordinator/vocabularies"))
    for slug in ("domains", "activities", "document-types", "exams"):
        assert f'href="/coordinator/vocabularies/{slug}"' in page
    assert 'href="/coordinator/ethics"' in page


def test_the_list_shows_active_and_archived_entries(client, coordinator, db, make):
    make.domain("retired", name="Retired domain", archived_at=utcnow())
    db.session.commit()
    page = text(client.get("/coordinator/vocabularies/domains"))
    active, archived = page.split("<h2>Archived</h2>")
    assert "Ethics" in active and "<code>ethics</code>" in active
    assert "Retired domain" in archived and "Retired domain" not in active
    assert "/coordinator/vocabularies/domains/" in archived and "/restore" in archived
    assert client.get("/coordinator/vocabularies/nonsense").status_code == 404


@pytest.mark.parametrize(
    ("slug", "model", "fields", "code", "expected"),
    [
        ("domains", Domain, {"name": "Recovery & wellness"}, "recovery_wellness", {}),
        ("activities", Activity, {"name": "Warm line", "code": "warm-line"}, "warm-line", {}),
        (
            "document-types",
            DocumentType,
            {"name": "Notarised release", "description": "Signed", "valid_months": "12"},
            "notarised_release",
            {"valid_months": 12, "description": "Signed"},
        ),
        (
            "exams",
            Exam,
            {
                "title": "Board exam",
                "pass_mark": "",
                "max_attempts": "3",
                "attempt_period_months": "12",
            },
            "board_exam",
            {"pass_mark": None, "max_attempts": 3, "attempt_period_months": 12},
        ),
        (
            "ethics-codes",
            EthicsCode,
            {"name": "Board code of conduct"},
            "board_code_of_conduct",
            {},
        ),
    ],
)
def test_add_an_entry(client, coordinator, db, slug, model, fields, code, expected):
    response = client.post(f"/coordinator/vocabularies/{slug}/new", data=fields)
    assert response.status_code == 303, text(response)
    row = by_code(db, model, code)
    assert row is not None
    for name, value in expected.items():
        assert getattr(row, name) == value
    assert count(db, AuditEvent, AuditEvent.action == f"{model.__tablename__}.created") == 1
    if slug == "ethics-codes":
        # A new code of ethics goes on to publishing its first version.
        assert response.headers["Location"].endswith(f"/coordinator/ethics/{row.id}")


def test_propose_a_code_fills_it_in_and_stores_nothing(client, coordinator, db):
    response = client.post(
        "/coordinator/vocabularies/domains/new",
        data={"name": "Mentoring & education", "code": "", "action": "propose"},
    )
    assert response.status_code == 200
    assert input_value(text(response), "code") == "mentoring_education"
    assert by_code(db, Domain, "mentoring_education") is None


@pytest.mark.parametrize(
    ("slug", "fields", "field", "message"),
    [
        (
            "domains",
            {"name": "Ethics again", "code": "ethics"},
            "code",
            "This code is already used.",
        ),
        (
            "domains",
            {"name": "Odd", "code": "Not a code!"},
            "code",
            "Use lower-case letters, digits, dashes and underscores (at most 40).",
        ),
        ("activities", {"name": ""}, "name", "Enter a name."),
        (
            "document-types",
            {"name": "Letter", "valid_months": "0"},
            "valid_months",
            "Enter a whole number from 1 to 240, or leave it empty.",
        ),
        (
            "exams",
            {"title": "Exam", "pass_mark": "101"},
            "pass_mark",
            "Enter a whole number from 0 to 100, or leave it empty.",
        ),
        (
            "exams",
            {"title": "Exam", "attempt_period_months": "12"},
            "max_attempts",
            "Give the number of attempts allowed in that period.",
        ),
    ],
)
def test_bad_input_is_shown_next_to_its_field(
    client, coordinator, db, slug, fields, field, message
):
    model = VOCABULARIES[slug].model
    before = count(db, model)
    response = client.post(f"/coordinator/vocabularies/{slug}/new", data=fields)
    page = text(response)
    assert response.status_code == 400
    assert error_of(page, field) == message
    assert f'href="#{field}"' in page
    assert count(db, model) == before
    assert count(db, AuditEvent) == 0


def test_rename_keeps_the_code(client, coordinator, db):
    domain = by_code(db, Domain, "ethics")
    url = f"/coordinator/vocabularies/domains/{domain.id}/edit"
    page = text(client.get(url))
    assert 'name="code"' not in page  # no field: the code is fixed
    assert "<code>ethics</code>" in page
    response = client.post(
        url, data={"name": "Ethical responsibility", "loaded": input_value(page, "loaded")}
    )
    assert response.status_code == 303
    domain = by_code(db, Domain, "ethics")
    assert domain.name == "Ethical responsibility"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "domains.updated"))
    assert (event.before["name"], event.after["name"]) == ("Ethics", "Ethical responsibility")


def test_a_rename_from_a_stale_page_is_refused(client, coordinator, db):
    domain = by_code(db, Domain, "ethics")
    url = f"/coordinator/vocabularies/domains/{domain.id}/edit"
    stale = input_value(text(client.get(url)), "loaded")
    vocabulary.update(VOCABULARIES["domains"], domain, None, name="Theirs")
    db.session.commit()
    response = client.post(url, data={"name": "Mine", "loaded": stale})
    assert response.status_code == 400
    assert "Another coordinator changed this entry" in text(response)
    assert by_code(db, Domain, "ethics").name == "Theirs"


def test_edit_an_exams_terms(client, coordinator, db, make):
    exam = make.exam(code="pr-exam", title="PR exam", pass_mark=70)
    db.session.commit()
    url = f"/coordinator/vocabularies/exams/{exam.id}/edit"
    page = text(client.get(url))
    assert input_value(page, "pass_mark") == "70"
    response = client.post(
        url,
        data={"title": "PR exam", "pass_mark": "", "description": "Pass or fail now"},
    )
    assert response.status_code == 303
    exam = by_code(db, Exam, "pr-exam")
    assert (exam.pass_mark, exam.description) == (None, "Pass or fail now")


def test_archived_entries_are_no_longer_offered_in_forms(client, coordinator, db, make, login_as):
    domain = by_code(db, Domain, "crisis")
    activity = by_code(db, Activity, "outreach")
    program = make.program(code="OFFER")
    db.session.commit()
    for slug, row in (("domains", domain), ("activities", activity)):
        response = client.post(f"/coordinator/vocabularies/{slug}/{row.id}/archive")
        assert response.status_code == 303
    db.session.expire_all()
    assert by_code(db, Domain, "crisis").archived_at is not None
    assert by_code(db, Activity, "outreach").archived_at is not None
    # Not offered in the requirement forms...
    training = text(
        client.get(f"/coordinator/programs/{program.id}/add-requirement/training_hours")
    )
    assert 'value="crisis"' not in training and 'value="ethics"' in training
    experience = text(
        client.get(f"/coordinator/programs/{program.id}/add-requirement/experience_hours")
    )
    assert 'value="outreach"' not in experience and 'value="support_group"' in experience
    renewal = text(client.get(f"/coordinator/programs/{program.id}/renewal"))
    assert 'value="crisis"' not in renewal
    # ...nor to a trainee logging hours.
    client.post("/logout")
    login_as(make.trainee())
    hours = text(client.get("/hours/new"))
    assert 'value="outreach"' not in hours and 'value="support_group"' in hours


def test_restore_offers_it_again(client, coordinator, db):
    domain = by_code(db, Domain, "crisis")
    client.post(f"/coordinator/vocabularies/domains/{domain.id}/archive")
    response = client.post(f"/coordinator/vocabularies/domains/{domain.id}/restore")
    assert response.status_code == 303
    assert by_code(db, Domain, "crisis").archived_at is None
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_type == "domains")
    ).all()
    assert sorted(actions) == ["domains.archived", "domains.restored"]


def test_codes_of_ethics_can_be_added_and_renamed_from_the_ethics_page(client, coordinator, db):
    page = text(client.get("/coordinator/ethics"))
    assert 'href="/coordinator/vocabularies/ethics-codes/new"' in page
    code = vocabulary.default_ethics_code()
    assert f'href="/coordinator/vocabularies/ethics-codes/{code.id}/edit"' in page
    response = client.post(
        f"/coordinator/vocabularies/ethics-codes/{code.id}/edit", data={"name": "Our code"}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/coordinator/ethics")
    assert by_code(db, EthicsCode, code.code).name == "Our code"
    assert (
        client.post(f"/coordinator/vocabularies/ethics-codes/{code.id}/archive").status_code == 404
    )
