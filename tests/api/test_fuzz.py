"""Schemathesis over every operation of the OpenAPI document, as a trainee, a
supervisor and a coordinator, with all of its checks: no server error, every
answer as documented (status, content type, headers, body schema), valid input
accepted, invalid input refused, no answer without a token.

The people and records are made once per test (each operation, role and
database); Hypothesis then sends a modest number of generated requests.
"""

from __future__ import annotations

import threading
import warnings
from contextlib import contextmanager
from datetime import timedelta

import pytest
import schemathesis
from hypothesis.errors import HypothesisWarning
from schemathesis.engine import Status, events
from werkzeug.serving import make_server

from tests.api.conftest import caller
from tracker.extensions import db
from tracker.models import CertificationState, HourStatus, ReviewStatus
from tracker.services import uploads
from tracker.services.dates import local_today

ROLES = ("trainee", "supervisor", "coordinator")
EXAMPLES = 15


def _people(app, make):  # type: ignore[no-untyped-def]
    """A trainee (id 1, the id generated paths name first) half-way through a program,
    a supervisor of theirs, a coordinator, and a trainee nobody but the coordinator sees."""
    trainee = make.trainee(display_name="Fuzz Trainee")
    other = make.trainee(display_name="Other Trainee")
    module = make.module(code="FZ1", title="Fuzz basics")
    program = make.program(
        name="Fuzz Program",
        modules=[module],
        hour_rules=[{"min_minutes": 600, "supervised_only": True}],
    )
    make.enrolment(trainee, program)
    make.enrolment(other, program)
    make.completion(trainee, module, completed_on=local_today() - timedelta(days=3))
    make.hour_entry(trainee, minutes=240, supervised=True, status=HourStatus.APPROVED)
    make.hour_entry(trainee, minutes=60, supervised=True)
    supervisor = make.supervisor(trainees=[trainee])
    coordinator = make.coordinator()
    # Records of every resource, the trainee's first (the ids generated paths name first):
    # a certification, a supervision session, a document with its file and one without.
    make.certification(trainee, program)
    make.certification(other, program, state=CertificationState.REVOKED)
    make.supervision(trainee, status=ReviewStatus.PENDING)
    make.supervision(other)
    kind = make.document_type(code="fuzz-release", name="Release")
    stored = uploads.store(trainee, trainee, b"%PDF-1.4\n% fuzz\n")
    make.document(trainee, kind, file_id=stored.id, statement=None)
    make.document(other, kind)
    db.session.commit()
    return {"trainee": trainee, "supervisor": supervisor, "coordinator": coordinator}


@contextmanager
def serving(app):  # type: ignore[no-untyped-def]
    """The app on a real HTTP server on 127.0.0.1 (one request at a time), as a
    client program meets it."""
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def run(url: str, token: str) -> tuple[int, int, list[str]]:
    """Every phase Schemathesis has (examples, coverage, fuzzing, stateful) over every
    operation, all checks on: (operations, cases sent, failures)."""
    config = schemathesis.Config.from_dict(
        {
            "headers": {"Authorization": f"Bearer {token}"},
            "workers": 1,
            "generation": {"max-examples": EXAMPLES, "deterministic": True},
            "checks": {
                "enabled": True,
                # Well-formed input may still break a rule no schema states (a day over
                # 24 hours, a future date, an activity not on the list): that is a 422.
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]
                },
            },
        }
    )
    schema = schemathesis.openapi.from_url(f"{url}/api/v1/openapi.json", config=config)
    operations, cases, failures = set(), 0, []
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, (events.FatalError, events.NonFatalError)):
            failures.append(
                f"{type(event).__name__}: {event.info if hasattr(event, 'info') else event}"
            )
        if not isinstance(event, events.ScenarioFinished):
            continue
        recorder = event.recorder
        operations.add(recorder.label)
        cases += len(recorder.cases)
        for case_id, checks in recorder.checks.items():
            for check in checks:
                if check.status == Status.FAILURE:
                    case = recorder.cases[case_id].value
                    failures.append(
                        f"{recorder.label} [{event.phase}] {check.name}: "
                        f"{check.failure_info.failure.title if check.failure_info else ''} "
                        f"{check.failure_info.failure.message if check.failure_info else ''} "
                        f"({case.method} {case.formatted_path} query={case.query} "
                        f"body={str(case.body)[:200]} headers={_safe(case.headers)})"
                    )
    return len(operations), cases, failures


def _safe(headers):  # type: ignore[no-untyped-def]
    return {k: v for k, v in (headers or {}).items() if k.lower() != "authorization"}


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_as_every_role(app, make, role, database):  # type: ignore[no-untyped-def]
    people = _people(app, make)
    token = caller(app, people[role]).token
    db.session.remove()  # the server's requests have the database to themselves
    with serving(app) as url, warnings.catch_warnings():
        # Hypothesis warns when it describes a big generated body; not a finding.
        warnings.simplefilter("ignore", HypothesisWarning)
        operations, cases, failures = run(url, token)
    print(f"{database[0]} {role}: {operations} operations, {cases} cases")
    assert operations >= 3
    assert cases > operations
    assert failures == [], "\n".join(failures[:30])
