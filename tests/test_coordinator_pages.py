"""Every coordinator page renders, for real records; and the coordinator routes are
closed to trainees (403) and to anonymous visitors (login), walked from the url_map."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tracker.models import CertificationState, CompletionSource, CompletionStatus, HourStatus
from tracker.services.dates import local_today
from tracker.services.vocabulary import VOCABULARIES

VOCABULARY_SLUGS = list(VOCABULARIES)
EDITOR_KINDS = [
    "modules",
    "training_hours",
    "experience_hours",
    "supervision_hours",
    "documents",
    "exam",
    "ethics",
    "certification",
    "alternatives",
]


@pytest.fixture
def records(db, make):
    module = make.module(code="ETH-1", title="Ethics", pass_mark=70)
    program = make.program(
        code="PSS", name="Peer Support", modules=[module], hour_rules=[{"min_minutes": 600}]
    )
    trainee = make.trainee(display_name="Ana <script>alert(1)</script>")
    make.enrolment(trainee, program)
    entry = make.hour_entry(trainee)
    make.hour_entry(trainee, status=HourStatus.APPROVED, supervised=True)
    completion = make.completion(
        trainee, module, source=CompletionSource.SELF_REPORTED, status=CompletionStatus.PENDING
    )
    session = make.training_session(module, held_on=local_today() - timedelta(days=1))
    holder = make.trainee()
    make.enrolment(holder, program)
    certification = make.certification(
        holder,
        program,
        expires_on=local_today() + timedelta(days=30),
        state=CertificationState.EXPIRING,
        program_snapshot={"name": "Peer Support", "criteria": "Logged 10 hours."},
    )
    version = make.ethics_version()
    # A program with a requirement of every kind the editor has a form for.
    exam = make.exam(code="peer-exam", title="Peer exam", pass_mark=70)
    diploma = make.document_type(code="diploma", name="Diploma", valid_months=24)
    domain = make.domain("advocacy", name="Advocacy")
    activity = make.activity("support_group")
    every_kind = make.program(
        code="EVERY",
        name="Every kind",
        requirements=[
            {"kind": "training_hours", "settings": {"minutes": 600, "domain_ids": [domain.id]}},
            {"kind": "exam", "settings": {"exam_id": exam.id}},
            {
                "kind": "alternatives",
                "key": "work-or-diploma",
                "settings": {
                    "options": [
                        {
                            "kind": "experience_hours",
                            "settings": {
                                "minutes": 600,
                                "activity_ids": [activity.id],
                                "activity_mode": "include",
                                "limits": [{"settings": ["online"], "max_minutes": 120}],
                            },
                        },
                        {"kind": "documents", "settings": {"document_type_id": diploma.id}},
                    ]
                },
            },
        ],
    )
    db.session.commit()
    return {
        "code_id": version.ethics_code_id,
        "every_kind_id": every_kind.id,
        "key_modules": "modules",
        "key_hours": "hours-1",
        "key_training": "training-hours",
        "key_alternatives": "work-or-diploma",
        "domain_id": domain.id,
        "activity_id": activity.id,
        "exam_id": exam.id,
        "document_type_id": diploma.id,
        "template": "icrc-peer-recovery",
        **{f"slug_{slug.replace('-', '_')}": slug for slug in VOCABULARY_SLUGS},
        **{f"kind_{kind}": kind for kind in EDITOR_KINDS},
        "user_id": trainee.id,
        "module_id": module.id,
        "program_id": program.id,
        "entry_id": entry.id,
        "completion_id": completion.id,
        "session_id": session.id,
        "cert_id": certification.id,
    }


PAGES = [
    ("coordinator.dashboard", {}),
    ("coordinator.review", {}),
    ("coordinator.review_modules", {}),
    ("coordinator.reject_hours", {"entry_id"}),
    ("coordinator.reject_completion", {"completion_id"}),
    ("coordinator.trainees", {}),
    ("coordinator.trainee_detail", {"user_id"}),
    ("coordinator.import_trainees", {}),
    ("coordinator.modules", {}),
    ("coordinator.module_new", {}),
    ("coordinator.module_edit", {"module_id"}),
    ("coordinator.sessions", {}),
    ("coordinator.session_new", {}),
    ("coordinator.session_detail", {"session_id"}),
    ("coordinator.programs", {}),
    ("coordinator.program_new", {}),
    ("coordinator.program_edit", {"program_id"}),
    ("coordinator.program_detail", {"program_id"}),
    ("coordinator.program_import", {}),
    ("coordinator.ethics", {}),
    ("coordinator.ethics_code", {"code_id"}),
    ("coordinator.certifications", {}),
    ("coordinator.certification_detail", {"cert_id"}),
    ("coordinator.reports", {}),
    ("coordinator.audit_log", {}),
    ("coordinator.accounts", {}),
    # The program editor.
    ("coordinator.requirement_kinds", {"program_id"}),
    *(
        ("coordinator.requirement_new", {"program_id": "program_id", "kind": f"kind_{kind}"})
        for kind in EDITOR_KINDS
    ),
    ("coordinator.requirement_edit", {"program_id": "program_id", "key": "key_modules"}),
    ("coordinator.requirement_edit", {"program_id": "program_id", "key": "key_hours"}),
    ("coordinator.requirement_edit", {"program_id": "every_kind_id", "key": "key_training"}),
    ("coordinator.requirement_edit", {"program_id": "every_kind_id", "key": "key_alternatives"}),
    ("coordinator.program_detail", {"program_id": "every_kind_id"}),
    ("coordinator.renewal_edit", {"program_id"}),
    ("coordinator.program_from_template", {"slug": "template"}),
    # Vocabularies.
    ("coordinator.vocabularies", {}),
    *(
        ("coordinator.vocabulary_list", {"slug": f"slug_{slug.replace('-', '_')}"})
        for slug in VOCABULARY_SLUGS
    ),
    *(
        ("coordinator.vocabulary_new", {"slug": f"slug_{slug.replace('-', '_')}"})
        for slug in VOCABULARY_SLUGS
    ),
    ("coordinator.vocabulary_edit", {"slug": "slug_domains", "row_id": "domain_id"}),
    ("coordinator.vocabulary_edit", {"slug": "slug_activities", "row_id": "activity_id"}),
    ("coordinator.vocabulary_edit", {"slug": "slug_document_types", "row_id": "document_type_id"}),
    ("coordinator.vocabulary_edit", {"slug": "slug_exams", "row_id": "exam_id"}),
    ("coordinator.vocabulary_edit", {"slug": "slug_ethics_codes", "row_id": "code_id"}),
]


def _values(records, needs) -> dict[str, object]:
    """URL values of a page: ``needs`` names records (a set), or maps arguments to them."""
    if isinstance(needs, dict):
        return {argument: records[name] for argument, name in needs.items()}
    return {name: records[name] for name in needs}


def _page_id(page) -> str:
    endpoint, needs = page
    if isinstance(needs, dict):
        return endpoint + "[" + ",".join(sorted(needs.values())) + "]"
    return endpoint


@pytest.mark.parametrize(("endpoint", "needs"), PAGES, ids=[_page_id(p) for p in PAGES])
def test_every_page_renders(app, client, login_as, records, endpoint, needs):
    from flask import url_for

    login_as("coordinator")
    with app.test_request_context():
        url = url_for(endpoint, **_values(records, needs))
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    # Strict CSP: no inline script, style or handlers; text is escaped.
    assert re.findall(r"<script[^>]*>[^<]*</script>", html) == [
        '<script src="/static/js/errors.js" defer></script>'
    ]
    assert "style=" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert "<h1" in html
    # Every form field has a label (or is hidden / a button).
    for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
        tag = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{re.escape(field_id)}"[^>]*>', html)
        if 'type="hidden"' in tag.group(0) or 'type="submit"' in tag.group(0):
            continue
        assert f'for="{field_id}"' in html, f"{url}: #{field_id} has no label"


MODULES = {
    f"tracker.coordinator.{name}"
    for name in ("dashboard", "review", "trainees", "catalogue", "programs", "certifications")
} | {
    "tracker.coordinator.reports",
    "tracker.coordinator.program_editor",
    "tracker.coordinator.vocabulary",
}


def test_every_get_page_of_these_modules_is_covered(app):
    """A new page in these modules must be added to PAGES (so it is rendered here)."""
    covered = {endpoint for endpoint, _ in PAGES}
    exports = {"coordinator.export_hours", "coordinator.export_progress"}
    exports.add("coordinator.export_certifications")
    exports.add("coordinator.program_export")
    # The summaries of lasting decisions need an eligible trainee or a reason: they are
    # rendered (GET and POST) in tests/test_decisions.py.
    exports |= {
        "coordinator.issue_certification",
        "coordinator.renew_certification",
        "coordinator.revoke_certification",
        "coordinator.withdraw",
    }
    pages = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("coordinator.")
        and "GET" in (rule.methods or set())
        and app.view_functions[rule.endpoint].__module__ in MODULES
    }
    assert len(pages) > 20
    assert pages - covered - exports == set()


def test_dashboard_counts_link_to_their_lists(client, login_as, records, db, make):
    login_as("coordinator")
    ready = make.trainee()
    program = make.program(hour_rules=[{"min_minutes": 60}])
    make.enrolment(ready, program)
    make.hour_entry(ready, minutes=60, status=HourStatus.APPROVED)
    make.certification(
        make.trainee(),
        program,
        issued_on=local_today() - timedelta(days=900),
        expires_on=local_today() - timedelta(days=100),
        state=CertificationState.LAPSED,
    )
    db.session.commit()
    html = client.get("/coordinator/").get_data(as_text=True)

    def stat(card: str) -> str:
        block = html.split(f'id="card-{card}"')[1]
        return re.search(r'<span class="stat">(\d+)</span>', block).group(1)

    assert stat("hours") == "1"
    assert stat("modules") == "1"
    assert stat("eligible") == "1"
    assert stat("expiring") == "1"
    assert stat("lapsed") == "1"
    for link in (
        "/coordinator/review",
        "/coordinator/review/modules",
        "/coordinator/trainees?status=eligible",
        "/coordinator/certifications?state=renewal",
        "/coordinator/certifications?state=lapsed",
    ):
        assert f'href="{link}"' in html
        assert client.get(link).status_code == 200


def _coordinator_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("coordinator."):
            yield rule


def _url(rule) -> str:
    values = dict.fromkeys(rule.arguments, 1)
    return rule.build(values, append_unknown=False)[1]


def test_a_trainee_gets_403_on_every_coordinator_route(app, client, login_as, records, db):
    from tracker.models import HourEntry

    login_as("trainee")
    checked = 0
    for rule in _coordinator_rules(app):
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(_url(rule), method=method, data={"reason": "x"})
            assert response.status_code == 403, (method, rule.rule)
            checked += 1
    assert checked > 30
    # Nothing changed on the way.
    db.session.expire_all()
    assert db.session.get(HourEntry, records["entry_id"]).status == HourStatus.PENDING


def test_anonymous_visitors_are_sent_to_login(app, client, records):
    for rule in _coordinator_rules(app):
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(_url(rule), method=method)
            assert response.status_code in (302, 303), (method, rule.rule)
            assert "/login" in response.headers["Location"]
