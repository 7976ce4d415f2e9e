"""Odd input on coordinator pages answers 4xx (or the first page), never a 500."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import sqlalchemy as sa

from tests.test_programs import count
from tracker.models import AuditEvent, Program
from tracker.services import programs

LISTS = [
    "/coordinator/trainees",
    "/coordinator/modules",
    "/coordinator/sessions",
    "/coordinator/certifications",
    "/coordinator/review",
    "/coordinator/review/modules",
    "/coordinator/audit",
    "/coordinator/accounts",
]


@pytest.mark.parametrize("page", ["999999", "-1", "abc", "0", "99999999999999999999", "²"])
@pytest.mark.parametrize("path", LISTS)
def test_odd_page_numbers_show_a_page(client, login_as, make, db, path, page):
    make.module()
    make.trainee()
    db.session.commit()
    login_as("coordinator")
    response = client.get(path, query_string={"page": page})
    assert response.status_code == 200


def _program_form(**change):
    data = {
        "code": "PSS",
        "name": "Peer Support",
        "validity_months": "24",
        "validity_from": "issue",
        "renewal_cycle": "rolling",
        "renewal_window_days": "60",
        "grace_days": "0",
    }
    data.update(change)
    return data


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "abc", "no-such-key"])
def test_an_odd_validity_start_is_a_field_error_not_a_500(client, login_as, make, db, value):
    program = make.program(code="OLD", hour_rules=[{"min_minutes": 600}])
    db.session.commit()
    login_as("coordinator")
    for url in ("/coordinator/programs/new", f"/coordinator/programs/{program.id}/edit"):
        response = client.post(url, data=_program_form(code="NEW", validity_from=value))
        assert response.status_code == 400, url
        assert "Choose a requirement of this program." in response.get_data(as_text=True)
    assert count(db, Program) == 1


def test_two_coordinators_editing_one_program_the_second_is_told(client, login_as, make, db):
    program = make.program(code="PSS", name="Peer Support", hour_rules=[{"min_minutes": 600}])
    db.session.commit()
    login_as("coordinator")
    page = client.get(f"/coordinator/programs/{program.id}/edit").get_data(as_text=True)
    loaded_at = re.search(r'name="loaded_at" type="hidden" value="([^"]+)"', page)
    assert loaded_at is not None

    # Another coordinator saves first, with the same page they loaded at the same time.
    other = make.coordinator()
    db.session.commit()
    programs.update_program(
        program,
        other,
        expected_updated_at=datetime.fromisoformat(loaded_at.group(1)),
        code="PSS",
        name="Peer Support",
        validity_months="36",
    )
    db.session.commit()

    mine = _program_form(validity_months="12", loaded_at=loaded_at.group(1))
    response = client.post(f"/coordinator/programs/{program.id}/edit", data=mine)
    assert response.status_code == 400
    assert "Another coordinator saved this program" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Program, program.id).validity_months == 36  # theirs stands
    updates = sa.select(sa.func.count()).where(AuditEvent.action == "program.updated")
    assert db.session.scalar(updates) == 1


def test_editing_a_program_from_a_fresh_page_saves(client, login_as, make, db):
    program = make.program(code="PSS", name="Peer Support", hour_rules=[{"min_minutes": 600}])
    db.session.commit()
    login_as("coordinator")
    page = client.get(f"/coordinator/programs/{program.id}/edit").get_data(as_text=True)
    loaded_at = re.search(r'name="loaded_at" type="hidden" value="([^"]+)"', page).group(1)
    mine = _program_form(validity_months="12", loaded_at=loaded_at)
    assert client.post(f"/coordinator/programs/{program.id}/edit", data=mine).status_code == 303
    db.session.expire_all()
    assert db.session.get(Program, program.id).validity_months == 12
    # The same stale page posted again is refused: the first save moved the program on.
    assert client.post(f"/coordinator/programs/{program.id}/edit", data=mine).status_code == 400


@pytest.mark.parametrize("path", [*LISTS, "/coordinator/reports/certifications.csv"])
def test_a_search_with_a_nul_character_is_searched_not_a_500(client, login_as, make, db, path):
    make.trainee(display_name="Ana Lima")
    db.session.commit()
    login_as("coordinator")
    response = client.get(path, query_string={"q": "An\x00a"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)  # a streamed export runs its queries here
    if path == "/coordinator/trainees":
        assert "Ana Lima" in body  # searched for "Ana", the NUL dropped
