"""Codes of ethics: reading, acknowledging, publishing new versions; several codes at once.

Each code's acknowledgement form on /ethics has the prefix ``code<id>-``.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tracker.models import AuditEvent, EthicsAcknowledgement, EthicsVersion, utcnow
from tracker.services import ethics as ethics_service
from tracker.services.errors import ConflictError, ServiceError, ValidationError

MSG_CONFIRM = "Tick the box to confirm that you have read the code and will follow it."


def acks(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(EthicsAcknowledgement))


def ack_form(version, confirm: bool = True) -> dict[str, str]:
    prefix = f"code{version.ethics_code_id}-"
    data = {prefix + "version_id": str(version.id)}
    if confirm:
        data[prefix + "confirm"] = "y"
    return data


def has_acknowledged_current(user_id: int) -> bool:
    return not any(s.needs_acknowledgement for s in ethics_service.statuses_for(user_id))


def field_error(body: str, field_id: str) -> str | None:
    match = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', body, re.S)
    if not match:
        return None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


def test_page_shows_the_current_version_escaped(client, db, login_as, make):
    login_as("trainee")
    make.ethics_version(title="Old code", body="Old text")
    make.ethics_version(title="Our code", body="1. Keep <b>confidences</b>.\n2. Keep boundaries.")
    db.session.commit()
    body = client.get("/ethics").get_data(as_text=True)
    assert "Our code" in body and "Version 2" in body and "Old text" not in body
    assert "1. Keep &lt;b&gt;confidences&lt;/b&gt;.\n2. Keep boundaries." in body
    assert 'class="pre-line"' in body
    assert 'type="checkbox"' in body and "I have read the code of ethics" in body


def test_acknowledge_records_version_and_time(client, db, login_as, make):
    trainee = login_as("trainee")
    version = make.ethics_version()
    db.session.commit()
    before = utcnow()
    response = client.post("/ethics", data=ack_form(version))
    assert response.status_code == 303
    ack = db.session.scalar(sa.select(EthicsAcknowledgement))
    assert ack.user_id == trainee.id and ack.ethics_version_id == version.id
    assert before - timedelta(seconds=1) <= ack.acknowledged_at <= utcnow()
    assert ack.acknowledged_at.tzinfo is not None
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "ethics.acknowledged")
    )
    assert event.actor_id == trainee.id and event.after["version"] == version.version
    page = client.get("/ethics", follow_redirects=True).get_data(as_text=True)
    assert "You acknowledged this version (version 1) on" in page
    assert "You acknowledged this version (version 1)" in page
    assert 'type="checkbox"' not in page  # nothing left to acknowledge
    assert has_acknowledged_current(trainee.id)


def test_acknowledging_needs_the_box_ticked(client, db, login_as, make):
    login_as("trainee")
    version = make.ethics_version()
    db.session.commit()
    response = client.post("/ethics", data=ack_form(version, confirm=False))
    assert response.status_code == 400
    prefix = f"code{version.ethics_code_id}-"
    assert field_error(response.get_data(as_text=True), prefix + "confirm") == MSG_CONFIRM
    assert acks(db) == 0


def test_acknowledging_twice_stores_once(client, db, login_as, make):
    login_as("trainee")
    version = make.ethics_version()
    db.session.commit()
    for _ in range(2):
        client.post("/ethics", data=ack_form(version))
    assert acks(db) == 1


def test_a_version_published_while_reading_is_not_acknowledged_unread(client, db, login_as, make):
    trainee = login_as("trainee")
    read = make.ethics_version()
    make.ethics_version()
    db.session.commit()
    response = client.post("/ethics", data=ack_form(read), follow_redirects=True)
    assert "A newer version of the code (version 2)" in response.get_data(as_text=True)
    assert acks(db) == 0
    assert not has_acknowledged_current(trainee.id)


def test_a_new_version_asks_for_a_new_acknowledgement(client, db, login_as, make):
    trainee = login_as("trainee")
    first = make.ethics_version()
    make.acknowledgement(trainee, first)
    coordinator = make.coordinator()
    db.session.commit()
    assert has_acknowledged_current(trainee.id)
    second = ethics_service.publish_version(coordinator, first.code, "Code, revised", "New text")
    db.session.commit()
    (status,) = ethics_service.statuses_for(trainee.id)
    assert status.needs_acknowledgement and status.acknowledged_before
    page = client.get("/ethics").get_data(as_text=True)
    assert "This is a new version of the code" in page
    client.post("/ethics", data=ack_form(second))
    assert has_acknowledged_current(trainee.id)
    history = client.get("/ethics").get_data(as_text=True)
    assert re.search(
        r'<th scope="row">Code of ethics</th><td>2</td><td>Code, revised</td>', history
    )
    assert re.search(r"<td>1</td>", history)


def test_nothing_to_acknowledge_before_a_code_is_published(client, db, login_as):
    login_as("trainee")
    page = client.get("/ethics").get_data(as_text=True)
    assert "No code of ethics has been published yet" in page
    response = client.post("/ethics", data={"code1-confirm": "y"}, follow_redirects=True)
    assert response.status_code == 400
    assert "No code of ethics has been published yet" in response.get_data(as_text=True)
    assert acks(db) == 0


def test_only_active_trainees_acknowledge(db, make):
    version = make.ethics_version()
    for user in (make.coordinator(), make.trainee(active=False)):
        with pytest.raises(ServiceError):
            ethics_service.acknowledge(user, version.id)
    assert acks(db) == 0


@pytest.mark.parametrize("version_id", ["", None, "abc", "99999999999999999999", "0"])
def test_acknowledging_an_unknown_version_is_refused(db, make, version_id):
    make.ethics_version()
    with pytest.raises(ServiceError) as caught:
        ethics_service.acknowledge(make.trainee(), version_id)
    assert caught.value.message == "This version of the code of ethics does not exist."
    assert acks(db) == 0


def test_acknowledge_service_refuses_a_stale_version(db, make):
    trainee = make.trainee()
    old = make.ethics_version()
    make.ethics_version()
    with pytest.raises(ConflictError):
        ethics_service.acknowledge(trainee, old.id)
    assert acks(db) == 0
    current = ethics_service.current_version(old.ethics_code_id)
    result = ethics_service.acknowledge(trainee, current.id)
    assert result.created and result.acknowledgement.version.version == 2


def test_a_trainee_sees_the_codes_their_programs_name(client, db, login_as, make):
    trainee = login_as("trainee")
    board = make.ethics_code("board", name="Board code of conduct")
    general = make.ethics_version(title="General code")
    make.ethics_version(board, title="Board text")
    program = make.program(
        requirements=[{"kind": "ethics", "settings": {"ethics_code_id": board.id}}]
    )
    db.session.commit()
    # In no program naming a code: every published code is shown.
    assert [s.code.code for s in ethics_service.statuses_for(trainee.id)] == ["board", "general"]
    make.enrolment(trainee, program)
    db.session.commit()
    assert [s.code.code for s in ethics_service.statuses_for(trainee.id)] == ["board"]
    page = client.get("/ethics").get_data(as_text=True)
    assert "Board text" in page and "General code" not in page
    # Acknowledging one code leaves the other untouched.
    board_version = ethics_service.current_version(board.id)
    assert client.post("/ethics", data=ack_form(board_version)).status_code == 303
    assert ethics_service.acknowledgement_of(trainee.id, general.id) is None
    assert ethics_service.acknowledgement_of(trainee.id, board_version.id) is not None


# --- publishing -----------------------------------------------------------------------------


def test_publish_numbers_versions_and_audits(db, make):
    coordinator = make.coordinator()
    code = make.ethics_code()
    other = make.ethics_code("other")
    first = ethics_service.publish_version(
        coordinator, code, " Code\u202e of ethics ", "Be kind.\n"
    )
    second = ethics_service.publish_version(coordinator, code, "Code of ethics", "Be kinder.")
    elsewhere = ethics_service.publish_version(coordinator, other, "Other code", "Be fair.")
    assert (first.version, second.version, elsewhere.version) == (1, 2, 1)
    assert first.title == "Code of ethics" and first.body == "Be kind."
    assert first.published_by_id == coordinator.id and first.published_at.tzinfo is not None
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "ethics.published")
    ).all()
    assert [(e.actor_id, e.entity_id) for e in events] == [
        (coordinator.id, first.id),
        (coordinator.id, second.id),
        (coordinator.id, elsewhere.id),
    ]


@pytest.mark.parametrize(
    ("title", "body", "field", "message"),
    [
        ("", "Text", "title", "Give the version a title."),
        ("\u202e ", "Text", "title", "Give the version a title."),
        ("T" * 201, "Text", "title", "Use at most 200 characters."),
        ("Title", "  ", "body", "Write the text of the code of ethics."),
        ("Title", "x" * 100_001, "body", "Use at most 100,000 characters."),
    ],
)
def test_publish_refuses_bad_input(db, make, title, body, field, message):
    coordinator = make.coordinator()
    with pytest.raises(ValidationError) as caught:
        ethics_service.publish_version(coordinator, make.ethics_code(), title, body)
    assert caught.value.errors[field] == [message]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EthicsVersion)) == 0
