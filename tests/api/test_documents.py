"""Documents through the API: metadata for the trainee, their supervisor and
coordinators; the file as the pages serve it (owner and coordinators; an attachment,
never cached, never sniffed); 404 for anyone else."""

from __future__ import annotations

import pytest

from tracker.models import ReviewStatus
from tracker.querycount import HEADER
from tracker.services import uploads


@pytest.fixture
def app_overrides() -> dict[str, object]:
    return {"QUERY_COUNT_HEADER": True}


BASE = "/api/v1/documents"
PDF = b"%PDF-1.4\n% a release form\n"


@pytest.fixture
def uploaded(make, db, api_trainee):  # type: ignore[no-untyped-def]
    """A pending document of the API trainee's, with its PDF."""
    kind = make.document_type(code="release", name="Release form")
    stored = uploads.store(api_trainee.user, api_trainee.user, PDF)
    document = make.document(
        api_trainee.user, kind, file_id=stored.id, statement=None, status=ReviewStatus.PENDING
    )
    db.session.commit()
    return document


def ids(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.json
    return [item["id"] for item in response.json["items"]]


def test_metadata_for_owner_supervisor_and_coordinator(
    make, db, uploaded, api_trainee, api_supervisor, api_coordinator
):
    stranger = make.document(make.trainee(), uploaded.document_type)
    db.session.commit()
    assert ids(api_trainee.get(BASE)) == [uploaded.id]
    assert ids(api_supervisor.get(BASE)) == [uploaded.id]
    assert ids(api_coordinator.get(BASE)) == [uploaded.id, stranger.id]
    body = api_supervisor.get(f"{BASE}/{uploaded.id}").json
    assert body["document_type"]["code"] == "release" and body["status"] == "pending"
    assert body["file"] == {
        "filename": "document.pdf",
        "content_type": "application/pdf",
        "size_bytes": len(PDF),
        "url": f"{BASE}/{uploaded.id}/file",
    }
    statement = api_coordinator.get(f"{BASE}/{stranger.id}").json
    assert statement["file"] is None and statement["statement"] == "Signed and attached."
    for who in (api_trainee, api_supervisor):
        assert who.get(f"{BASE}/{stranger.id}").status_code == 404
        assert who.get(f"{BASE}/{stranger.id}/file").status_code == 404


def test_the_file_as_the_pages_serve_it(uploaded, api_trainee, api_coordinator):
    for who in (api_trainee, api_coordinator):
        response = who.get(f"{BASE}/{uploaded.id}/file")
        assert response.status_code == 200
        assert response.data == PDF and response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == 'attachment; filename="document.pdf"'
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_supervisor_gets_no_file_as_on_the_pages(uploaded, api_supervisor):
    # The pages serve files to their owner and coordinators only (uploads.visible_file).
    response = api_supervisor.get(f"{BASE}/{uploaded.id}/file")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_a_statement_has_no_file(make, db, api_trainee):
    kind = make.document_type()
    written = make.document(api_trainee.user, kind)
    db.session.commit()
    assert api_trainee.get(f"{BASE}/{written.id}/file").status_code == 404


def test_filters(make, db, uploaded, api_coordinator):
    other_kind = make.document_type()
    alex = make.trainee()
    accepted = make.document(alex, other_kind)
    rejected = make.document(alex, uploaded.document_type, status=ReviewStatus.REJECTED)
    db.session.commit()
    assert ids(api_coordinator.get(f"{BASE}?status=pending")) == [uploaded.id]
    assert ids(api_coordinator.get(f"{BASE}?document_type={other_kind.id}")) == [accepted.id]
    assert ids(api_coordinator.get(f"{BASE}?trainee={alex.id}")) == [accepted.id, rejected.id]
    assert ids(api_coordinator.get(f"{BASE}?trainee={alex.id}&status=rejected")) == [rejected.id]
    assert api_coordinator.get(f"{BASE}?document_type=abc").status_code == 400


def test_a_page_costs_the_same_statements_with_ten_times_the_rows(make, db, api_coordinator):
    def statements() -> int:
        response = api_coordinator.get(f"{BASE}?limit=200&status=approved")
        assert response.status_code == 200
        return int(response.headers[HEADER])

    statements()  # the token's first use is noted once; not a cost of the list
    kind = make.document_type()
    for _ in range(3):
        make.document(make.trainee(), kind)
    db.session.commit()
    few = statements()
    for _ in range(30):
        make.document(make.trainee(), kind)
    db.session.commit()
    assert statements() == few <= 4
