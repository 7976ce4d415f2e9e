"""The program editor's pages: one form per requirement kind, cards with remove (confirmed)
and move, the renewal buckets, the preview of whose standing a change alters, conflicts
between two coordinators, templates and the import's error list.

Each kind's form is posted as a browser would; a valid post stores the settings the
kind evaluates, a bad value answers 400 with the message next to its field and
stores nothing.
"""

from __future__ import annotations

import html as html_lib
import io
import json
import re
from typing import Any

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from tracker.models import (
    Activity,
    AuditEvent,
    Domain,
    Module,
    Program,
    ProgramRequirement,
    utcnow,
)
from tracker.services import program_documents, programs
from tracker.services.errors import ValidationError

# --- helpers -------------------------------------------------------------------------------


def count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def requirements_of(db, program: Program) -> list[ProgramRequirement]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(ProgramRequirement)
            .where(ProgramRequirement.program_id == program.id)
            .order_by(ProgramRequirement.position)
        )
    )


def text(response) -> str:
    return response.get_data(as_text=True)


def input_value(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    assert tag is not None, f"no input named {name}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html_lib.unescape(value.group(1)) if value else ""


def error_of(page: str, field_id: str) -> str:
    """The error message shown next to the field with ``field_id`` ("" when none)."""
    found = re.search(
        rf'<p class="error-message" id="{re.escape(field_id)}-error">(.*?)</p>', page, re.S
    )
    if found is None:
        return ""
    return html_lib.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def confirm_form(page: str) -> MultiDict:
    """The values the preview page posts again when its change is confirmed."""
    form = re.search(
        r'<form method="post" action="[^"]*" class="confirm-form">(.*?)</form>', page, re.S
    )
    assert form is not None, "no confirmation form on the page"
    pairs = [
        (html_lib.unescape(name), html_lib.unescape(value))
        for name, value in re.findall(
            r'<input type="hidden" name="([^"]*)" value="([^"]*)">', form.group(1)
        )
    ]
    assert 'name="confirm" value="1"' in form.group(1)
    return MultiDict([*pairs, ("confirm", "1")])


def loaded(program: Program) -> str:
    return program.updated_at.isoformat()


def new_url(program: Program, kind: str) -> str:
    return f"/coordinator/programs/{program.id}/add-requirement/{kind}"


def edit_url(program: Program, key: str) -> str:
    return f"/coordinator/programs/{program.id}/requirements/{key}/edit"


@pytest.fixture
def coordinator(login_as):
    return login_as("coordinator")


@pytest.fixture
def program(db, make):
    program = make.program(code="EDIT", name="Editor program")
    db.session.commit()
    return program


def post_new(client, target: Program, kind: str, /, **fields: Any):
    """Post the form of a new requirement of ``kind`` with ``fields`` (lists: checkboxes)."""
    data = MultiDict({"loaded_at": loaded(target), "action": "save"})
    for name, value in fields.items():
        if isinstance(value, list):
            for item in value:
                data.add(name, item)
        else:
            data[name] = value
    return client.post(new_url(target, kind), data=data)


# --- the program page --------------------------------------------------------------------


def test_the_program_page_shows_one_card_per_requirement_with_its_actions(
    client, coordinator, db, make
):
    domain = make.domain("advocacy", name="Advocacy")
    program = make.program(
        code="CARDS",
        name="Cards",
        requirements=[
            {
                "kind": "training_hours",
                "key": "training",
                "label": "Ten hours of advocacy training",
                "window_months": 36,
                "settings": {"minutes": 600, "domain_ids": [domain.id]},
            },
            {"kind": "supervision_hours", "key": "supervision", "settings": {"minutes": 1500}},
        ],
    )
    db.session.commit()
    page = text(client.get(f"/coordinator/programs/{program.id}"))
    first = page.split('id="req-training"')[1].split('id="req-supervision"')[0]
    assert "Ten hours of advocacy training" in first
    assert "In plain words: 10 training hours in Advocacy within the last 36 months" in first
    assert "Training hours" in first and "<code>training</code>" in first
    assert edit_url(program, "training") in first
    assert "Move down" in first and "Move up" not in first
    assert f"/coordinator/programs/{program.id}/requirements/training/remove" in first
    last = page.split('id="req-supervision"')[1]
    assert "25 hours of supervision" in last
    assert "Move up" in last and "Move down" not in last
    assert f"/coordinator/programs/{program.id}/add-requirement" in page


def test_twenty_requirements_have_an_index_and_a_card_each(client, coordinator, db, make):
    program = make.program(
        code="TWENTY",
        requirements=[
            {"kind": "supervision_hours", "key": f"sup-{n}", "settings": {"minutes": 60 * n}}
            for n in range(1, 21)
        ],
    )
    db.session.commit()
    page = text(client.get(f"/coordinator/programs/{program.id}"))
    index = page.split('class="requirement-index"')[1].split("</nav>")[0]
    assert index.count('<a href="#req-sup-') == 20
    assert page.count('class="card requirement-card"') == 20
    assert page.count(">Edit <span") == 20
    assert page.count(">Remove <span") == 20
    assert page.count(">Move up <span") == 19 and page.count(">Move down <span") == 19
    assert "20 hours of supervision" in page.split('id="req-sup-20"')[1]


def test_choosing_a_kind_lists_every_kind_with_its_summary(client, coordinator, program):
    page = text(client.get(f"/coordinator/programs/{program.id}/add-requirement"))
    for kind in (
        "modules",
        "training_hours",
        "experience_hours",
        "supervision_hours",
        "documents",
        "exam",
        "ethics",
        "certification",
        "alternatives",
    ):
        assert new_url(program, kind) in page
    assert "Approved supervision sessions with a supervisor" in page
    assert client.get(new_url(program, "nonsense")).status_code == 404


def test_a_new_requirement_form_proposes_a_free_key(client, coordinator, db, make):
    exam = make.exam()
    program = make.program(
        code="KEYS", requirements=[{"kind": "exam", "settings": {"exam_id": exam.id}}]
    )
    db.session.commit()
    page = text(client.get(new_url(program, "exam")))
    assert input_value(page, "key") == "exam-2"
    assert input_value(page, "loaded_at") == loaded(program)


# --- one form per kind: valid saves ------------------------------------------------------


def test_modules_form_stores_the_checked_modules(client, coordinator, db, make, program):
    first, second = make.module(code="PSS-1"), make.module(code="PSS-2")
    make.module(code="OLD-1", archived_at=utcnow())
    db.session.commit()
    page = text(client.get(new_url(program, "modules")))
    assert 'value="PSS-1"' in page and 'value="PSS-2"' in page
    assert 'value="OLD-1"' not in page  # archived: not offered
    response = post_new(client, program, "modules", modules=["PSS-2", "PSS-1"], key="core")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/coordinator/programs/{program.id}#req-core")
    [row] = requirements_of(db, program)
    assert (row.kind, row.key) == ("modules", "core")
    assert row.settings == {"module_ids": [first.id, second.id]}
    assert count(db, AuditEvent, AuditEvent.action == "program.updated") == 1


def test_an_archived_module_already_required_stays_offered_and_kept(client, coordinator, db, make):
    kept = make.module(code="KEEP-1")
    program = make.program(code="ARCH", modules=[kept])
    kept.archived_at = utcnow()
    db.session.commit()
    page = text(client.get(edit_url(program, "modules")))
    assert 'value="KEEP-1" checked' in page or re.search(r'checked[^>]*value="KEEP-1"', page)
    assert "(archived)" in page


def test_training_hours_form_stores_minutes_and_domains(client, coordinator, db, make, program):
    advocacy = make.domain("advocacy", name="Advocacy")
    db.session.commit()
    response = post_new(
        client,
        program,
        "training_hours",
        hours="10,5",
        domains=["advocacy"],
        label="Advocacy training",
        within_months="36",
        key="advocacy",
    )
    assert response.status_code == 303, text(response)
    [row] = requirements_of(db, program)
    assert row.settings == {"minutes": 630, "domain_ids": [advocacy.id]}
    assert (row.label, row.window_months, row.key) == ("Advocacy training", 36, "advocacy")


def test_experience_form_stores_filters_limits_and_shares(client, coordinator, db, make, program):
    group, online = make.activity("support_group"), make.activity("online_community")
    db.session.commit()
    response = post_new(
        client,
        program,
        "experience_hours",
        measure="hours",
        hours="500",
        activity_mode="exclude",
        activities=["other"],
        settings=["in_person", "online"],
        paid="volunteer",
        supervised="y",
        **{
            "limits-0-amount": "100",
            "limits-0-unit": "hours",
            "limits-0-activities": ["online_community"],
            "limits-2-amount": "25",
            "limits-2-unit": "percent",
            "limits-2-settings": ["online"],
            "limits-2-label": "Online",
            "shares-1-min_percent": "50",
            "shares-1-settings": ["in_person"],
        },
    )
    assert response.status_code == 303, text(response)
    [row] = requirements_of(db, program)
    other = db.session.scalar(sa.select(Activity).where(Activity.code == "other"))
    assert row.settings == {
        "minutes": 30000,
        "activity_ids": [other.id],
        "activity_mode": "exclude",
        "settings": ["in_person", "online"],
        "paid": "volunteer",
        "supervised": True,
        "limits": [
            {"activity_ids": [online.id], "max_minutes": 6000},
            {"label": "Online", "settings": ["online"], "max_percent": 25},
        ],
        "shares": [{"settings": ["in_person"], "min_percent": 50}],
    }
    assert group.id not in row.settings["activity_ids"]


def test_experience_form_measured_in_months(client, coordinator, db, program):
    response = post_new(
        client,
        program,
        "experience_hours",
        measure="months",
        hours="",
        months="12",
        hours_per_month="20",
        activity_mode="all",
        paid="any",
    )
    assert response.status_code == 303, text(response)
    [row] = requirements_of(db, program)
    assert row.settings == {
        "months": 12,
        "month_minutes": 1200,
        "paid": "any",
        "supervised": False,
    }


def test_experience_form_shows_a_stored_requirement(client, coordinator, db, make):
    online = make.activity("online_community")
    program = make.program(
        code="SHOW",
        requirements=[
            {
                "kind": "experience_hours",
                "key": "practice",
                "settings": {
                    "minutes": 600,
                    "activity_ids": [online.id],
                    "activity_mode": "include",
                    "limits": [{"settings": ["phone"], "max_percent": 10}],
                },
            }
        ],
    )
    db.session.commit()
    page = text(client.get(edit_url(program, "practice")))
    assert input_value(page, "hours") == "10"
    assert re.search(r'id="activity_mode-1"[^>]*checked|checked[^>]*id="activity_mode-1"', page)
    assert input_value(page, "limits-0-amount") == "10"
    assert re.search(r'checked[^>]*value="percent"|value="percent"[^>]*checked', page)
    assert '<details class="editor-row" open>' in page


def test_supervision_form(client, coordinator, db, program):
    response = post_new(client, program, "supervision_hours", hours="25", format="individual")
    assert response.status_code == 303
    [row] = requirements_of(db, program)
    assert row.settings == {"minutes": 1500, "format": "individual"}


def test_documents_form(client, coordinator, db, make, program):
    letter = make.document_type(code="letter", name="Letter of recommendation")
    db.session.commit()
    response = post_new(client, program, "documents", document_type="letter", count="3")
    assert response.status_code == 303
    [row] = requirements_of(db, program)
    assert row.settings == {"document_type_id": letter.id, "count": 3}


def test_exam_form(client, coordinator, db, make, program):
    exam = make.exam(code="pr-exam", title="Peer recovery exam", pass_mark=70)
    make.exam(code="old-exam", title="Old exam", archived_at=utcnow())
    db.session.commit()
    page = text(client.get(new_url(program, "exam")))
    assert "Peer recovery exam (pass mark 70)" in page
    assert "Old exam" not in page
    response = post_new(client, program, "exam", exam="pr-exam")
    assert response.status_code == 303
    [row] = requirements_of(db, program)
    assert row.settings == {"exam_id": exam.id}


def test_ethics_form(client, coordinator, db, make, program):
    code = make.ethics_code("board", name="Board code")
    db.session.commit()
    response = post_new(client, program, "ethics", ethics_code="board")
    assert response.status_code == 303
    [row] = requirements_of(db, program)
    assert row.settings == {"ethics_code_id": code.id}


def test_certification_form_offers_other_programs_only(client, coordinator, db, make, program):
    base = make.program(code="BASE", name="Base credential")
    db.session.commit()
    page = text(client.get(new_url(program, "certification")))
    assert 'value="BASE"' in page and 'value="EDIT"' not in page
    response = post_new(client, program, "certification", program="BASE")
    assert response.status_code == 303
    [row] = requirements_of(db, program)
    assert row.settings == {"program_id": base.id}


# --- one form per kind: bad values -------------------------------------------------------


def service_message(program: Program, item: dict[str, Any], db) -> str:
    """The message the service gives for ``item`` (the page must show this one)."""
    with pytest.raises(ValidationError) as caught:
        programs.save_requirement(program, None, item)
    db.session.rollback()
    [messages] = caught.value.errors.values()
    return messages[0]


BAD = [
    # (kind, posted fields, field id, the document the service is given, or a message)
    ("modules", {}, "modules", {"modules": []}),
    ("training_hours", {"hours": "0"}, "hours", {"hours": 0}),
    ("training_hours", {"hours": "1.3"}, "hours", {"hours": 1.3}),
    ("training_hours", {"hours": "ten"}, "hours", "Enter a number, for example 10 or 2.5."),
    ("training_hours", {"hours": ""}, "hours", "Enter the hours required."),
    (
        "experience_hours",
        {
            "measure": "hours",
            "hours": "100",
            "activity_mode": "all",
            "paid": "any",
            # A browser posts every row's text fields, the blank ones too.
            "limits-0-amount": "",
            "limits-0-label": "",
            "limits-1-amount": "1.1",
            "limits-1-unit": "hours",
            "limits-1-settings": "online",
        },
        "limits-1-amount",
        {"hours": 100, "limits": [{"settings": ["online"], "max_hours": 1.1}]},
    ),
    (
        "experience_hours",
        {
            "measure": "hours",
            "hours": "100",
            "activity_mode": "all",
            "paid": "any",
            "shares-0-min_percent": "50",
        },
        "shares-0-activities",
        {"hours": 100, "shares": [{"min_percent": 50}]},
    ),
    (
        "experience_hours",
        {
            "measure": "months",
            "months": "12",
            "hours_per_month": "20",
            "activity_mode": "all",
            "paid": "any",
            "limits-0-amount": "10",
            "limits-0-settings": "online",
        },
        "measure",
        {
            "months": 12,
            "hours_per_month": 20,
            "limits": [{"settings": ["online"], "max_hours": 10}],
        },
    ),
    (
        "experience_hours",
        {"measure": "hours", "hours": "100", "activity_mode": "include", "paid": "any"},
        "activities",
        "Check at least one activity.",
    ),
    ("supervision_hours", {"hours": "-1", "format": "any"}, "hours", {"hours": -1}),
    (
        "documents",
        {"document_type": "diploma", "count": "0"},
        "count",
        {"document_type": "diploma", "count": 0},
    ),
    ("exam", {"exam": "old-exam"}, "exam", "Choose an exam from the list."),
    (
        "exam",
        {"exam": "pr-exam", "within_months": "0"},
        "within_months",
        {"exam": "pr-exam", "within_months": 0},
    ),
    ("ethics", {"ethics_code": "general", "key": "Bad Key"}, "key", None),
    ("certification", {"program": "EDIT"}, "program", "Choose a program from the list."),
]


@pytest.mark.parametrize(
    ("kind", "fields", "field_id", "expected"), BAD, ids=[f"{b[0]}-{b[2]}" for b in BAD]
)
def test_a_bad_value_is_shown_next_to_its_field_and_nothing_is_stored(
    client, coordinator, db, make, program, kind, fields, field_id, expected
):
    make.exam(code="pr-exam", title="Peer recovery exam")
    make.exam(code="old-exam", title="Old exam", archived_at=utcnow())
    make.document_type(code="diploma", name="Diploma")
    db.session.commit()
    if isinstance(expected, dict):
        expected = service_message(program, {"kind": kind, **expected}, db)
    elif expected is None:
        expected = service_message(
            program, {"kind": kind, "ethics_code": "general", "key": "Bad Key"}, db
        )
    before = loaded(program)
    response = post_new(client, program, kind, **fields)
    page = text(response)
    assert response.status_code == 400
    assert error_of(page, field_id) == expected
    assert f'href="#{field_id}"' in page  # the error summary links to the field
    assert requirements_of(db, program) == []
    assert db.session.get(Program, program.id).updated_at.isoformat() == before
    assert count(db, AuditEvent, AuditEvent.action == "program.updated") == 0


def test_a_choice_that_was_not_offered_is_refused(client, coordinator, db, program):
    """A posted domain code the form did not offer (made up, or archived) stores nothing."""
    response = post_new(client, program, "training_hours", hours="10", domains=["ghost"])
    assert response.status_code == 400
    assert "Choose training domains from the list." in error_of(text(response), "domains")
    assert requirements_of(db, program) == []


# --- editing, removing, moving -----------------------------------------------------------


def test_editing_changes_the_requirement_and_a_renamed_key_keeps_the_validity(
    client, coordinator, db, make
):
    exam = make.exam(code="pr-exam")
    program = make.program(
        code="EDK",
        requirements=[{"kind": "exam", "key": "exam", "settings": {"exam_id": exam.id}}],
        validity_from="exam",
    )
    db.session.commit()
    page = text(client.get(edit_url(program, "exam")))
    assert input_value(page, "key") == "exam"
    response = client.post(
        edit_url(program, "exam"),
        data={
            "loaded_at": input_value(page, "loaded_at"),
            "exam": "pr-exam",
            "key": "board-exam",
            "within_months": "24",
            "action": "save",
        },
    )
    assert response.status_code == 303
    [row] = requirements_of(db, program)
    assert (row.key, row.window_months) == ("board-exam", 24)
    assert db.session.get(Program, program.id).validity_from == "board-exam"
    assert client.get(edit_url(program, "exam")).status_code == 404


def test_a_key_left_empty_keeps_the_requirements_own(client, coordinator, db, make):
    program = make.program(
        code="KEEPKEY",
        requirements=[{"kind": "supervision_hours", "key": "sup", "settings": {"minutes": 60}}],
    )
    db.session.commit()
    response = client.post(
        edit_url(program, "sup"),
        data={"loaded_at": loaded(program), "hours": "3", "format": "any", "key": ""},
    )
    assert response.status_code == 303
    [row] = requirements_of(db, program)
    assert (row.key, row.settings["minutes"]) == ("sup", 180)


def test_an_unknown_requirement_is_404(client, coordinator, program):
    base = f"/coordinator/programs/{program.id}/requirements/nothing"
    assert client.get(f"{base}/edit").status_code == 404
    assert client.post(f"{base}/remove", data={"confirm": "1"}).status_code == 404
    assert client.post(f"{base}/move", data={"direction": "up"}).status_code == 404
    assert client.get("/coordinator/programs/999999/add-requirement").status_code == 404


def _three(make, db) -> Program:
    program = make.program(
        code="THREE",
        requirements=[
            {"kind": "supervision_hours", "key": key, "settings": {"minutes": 60 * (n + 1)}}
            for n, key in enumerate(["first", "second", "third"])
        ],
    )
    db.session.commit()
    return program


def test_remove_asks_first_and_only_the_confirmation_removes(client, coordinator, db, make):
    program = _three(make, db)
    url = f"/coordinator/programs/{program.id}/requirements/second/remove"
    response = client.post(url, data={"loaded_at": loaded(program)})
    page = text(response)
    assert response.status_code == 200
    assert "Remove the requirement “2 hours of supervision”?" in page
    assert 'name="confirm" value="1"' in page
    assert [r.key for r in requirements_of(db, program)] == ["first", "second", "third"]

    response = client.post(url, data={"loaded_at": loaded(program), "confirm": "1"})
    assert response.status_code == 303
    rows = requirements_of(db, program)
    assert [(r.key, r.position) for r in rows] == [("first", 0), ("third", 1)]
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "program.updated"))
    assert "requirement second removed" in event.summary


def test_the_requirement_the_validity_counts_from_cannot_be_removed(client, coordinator, db, make):
    exam = make.exam()
    program = make.program(
        code="VAL",
        requirements=[{"kind": "exam", "key": "exam", "settings": {"exam_id": exam.id}}],
        validity_from="exam",
    )
    db.session.commit()
    url = f"/coordinator/programs/{program.id}/requirements/exam/remove"
    for data in ({"loaded_at": loaded(program)}, {"loaded_at": loaded(program), "confirm": "1"}):
        response = client.post(url, data=data)
        assert response.status_code == 400
        assert "The validity is counted from this requirement" in text(response)
        assert 'name="confirm"' not in text(response)
    assert len(requirements_of(db, program)) == 1


def test_move_up_and_down(client, coordinator, db, make):
    program = _three(make, db)
    url = f"/coordinator/programs/{program.id}/requirements/third/move"
    response = client.post(url, data={"loaded_at": loaded(program), "direction": "up"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("#req-third")
    assert [r.key for r in requirements_of(db, program)] == ["first", "third", "second"]
    program = db.session.get(Program, program.id)
    url = f"/coordinator/programs/{program.id}/requirements/first/move"
    client.post(url, data={"loaded_at": loaded(program), "direction": "down"})
    assert [r.key for r in requirements_of(db, program)] == ["third", "first", "second"]
    # The top one cannot go higher; an odd direction changes nothing.
    program = db.session.get(Program, program.id)
    url = f"/coordinator/programs/{program.id}/requirements/third/move"
    client.post(url, data={"loaded_at": loaded(program), "direction": "up"})
    client.post(url, data={"loaded_at": loaded(program), "direction": "sideways"})
    assert [r.key for r in requirements_of(db, program)] == ["third", "first", "second"]


def test_a_move_from_a_stale_page_is_refused(client, coordinator, db, make):
    program = _three(make, db)
    stale = loaded(program)
    programs.move_requirement(program, None, "first", 1)
    db.session.commit()
    url = f"/coordinator/programs/{program.id}/requirements/third/move"
    response = client.post(url, data={"loaded_at": stale, "direction": "up"}, follow_redirects=True)
    assert "Another coordinator saved this program" in text(response)
    assert [r.key for r in requirements_of(db, program)] == ["second", "first", "third"]


# --- alternatives: options one at a time -------------------------------------------------


def test_alternatives_are_built_one_option_at_a_time(client, coordinator, db, make, program):
    transcript = make.document_type(code="transcript", name="Transcript")
    db.session.commit()
    url = new_url(program, "alternatives")
    page = text(client.get(url))
    base = {"loaded_at": input_value(page, "loaded_at"), "key": input_value(page, "key")}
    assert base["key"] == "alternatives"

    def step(data: dict[str, Any], status: int = 200) -> str:
        response = client.post(url, data=MultiDict({**base, **data}))
        assert response.status_code == status, text(response)
        return text(response)

    # Open a new option of the experience kind: its fields appear, prefixed.
    page = step({"options": "", "new_kind": "experience_hours", "action": "add-option"})
    assert 'name="option-months"' in page
    assert input_value(page, "open") == "0"
    # Keep it with a bad value: it stays open and says why, next to the field.
    option = {
        "options": input_value(page, "options"),
        "open": "0",
        "open_kind": "experience_hours",
        "option-measure": "months",
        "option-months": "12",
        "option-hours_per_month": "20.1",
        "option-activity_mode": "all",
        "option-paid": "any",
        "option-label": "12 months of work",
        "option-within_months": "36",
    }
    page = step({**option, "action": "keep-option"}, 400)
    assert error_of(page, "option-hours_per_month") == "Use quarter-hour steps: .25, .5 or .75."
    assert input_value(page, "open") == "0"
    # Corrected, it joins the list.
    page = step({**option, "option-hours_per_month": "20", "action": "keep-option"})
    assert input_value(page, "open") == ""
    assert "Option 1:</strong> 12 months of work" in page
    # A second option: a transcript.
    page = step(
        {"options": input_value(page, "options"), "new_kind": "documents", "action": "add-option"}
    )
    page = step(
        {
            "options": input_value(page, "options"),
            "open": "1",
            "open_kind": "documents",
            "option-document_type": "transcript",
            "option-count": "1",
            "option-within_months": "36",
            "action": "keep-option",
        }
    )
    assert "Option 2:</strong> Transcript within the last 36 months" in page
    assert requirements_of(db, program) == []  # nothing stored yet
    response = client.post(
        url,
        data={
            **base,
            "options": input_value(page, "options"),
            "label": "Work or credits",
            "action": "save",
        },
    )
    assert response.status_code == 303, text(response)
    [row] = requirements_of(db, program)
    assert row.kind == "alternatives" and row.label == "Work or credits"
    assert row.settings == {
        "options": [
            {
                "kind": "experience_hours",
                "label": "12 months of work",
                "window_months": 36,
                "settings": {
                    "months": 12,
                    "month_minutes": 1200,
                    "paid": "any",
                    "supervised": False,
                },
            },
            {
                "kind": "documents",
                "label": "",
                "window_months": 36,
                "settings": {"document_type_id": transcript.id, "count": 1},
            },
        ]
    }


def test_alternatives_edit_and_remove_an_option_and_refuse_too_few(client, coordinator, db, make):
    exam = make.exam(code="pr-exam", title="PR exam")
    program = make.program(
        code="ALT",
        requirements=[
            {
                "kind": "alternatives",
                "key": "either",
                "settings": {
                    "options": [
                        {"kind": "exam", "settings": {"exam_id": exam.id}},
                        {"kind": "supervision_hours", "settings": {"minutes": 600}},
                    ]
                },
            }
        ],
    )
    db.session.commit()
    url = edit_url(program, "either")
    page = text(client.get(url))
    base = {"loaded_at": input_value(page, "loaded_at"), "key": "either"}
    options = input_value(page, "options")
    assert json.loads(options) == [
        {"kind": "exam", "exam": "pr-exam"},
        {"kind": "supervision_hours", "hours": 10},
    ]
    # Edit option 2: its stored values fill the sub-form.
    page = text(client.post(url, data={**base, "options": options, "action": "edit-option-1"}))
    assert input_value(page, "option-hours") == "10"
    page = text(
        client.post(
            url,
            data={
                **base,
                "options": options,
                "open": "1",
                "open_kind": "supervision_hours",
                "option-hours": "12",
                "option-format": "group",
                "action": "save",
            },
        )
    )
    [row] = requirements_of(db, program)
    assert row.settings["options"][1]["settings"] == {"minutes": 720, "format": "group"}
    # Remove an option: one is too few, and the service says so; nothing is stored.
    page = text(client.get(url))
    page = text(
        client.post(
            url,
            data={
                "loaded_at": input_value(page, "loaded_at"),
                "key": "either",
                "options": input_value(page, "options"),
                "action": "remove-option-0",
            },
        )
    )
    assert "Option 1:</strong> 12 hours of group supervision" in page
    response = client.post(
        url,
        data={
            "loaded_at": input_value(page, "loaded_at"),
            "key": "either",
            "options": input_value(page, "options"),
            "action": "save",
        },
    )
    assert response.status_code == 400
    assert "Give at least 2 items." in text(response)
    [row] = requirements_of(db, program)
    assert len(row.settings["options"]) == 2


def test_alternatives_an_options_error_on_save_opens_that_option(client, coordinator, db, program):
    options = json.dumps(
        [{"kind": "supervision_hours", "hours": 10}, {"kind": "training_hours", "hours": 0}]
    )
    response = client.post(
        new_url(program, "alternatives"),
        data={"loaded_at": loaded(program), "options": options, "action": "save"},
    )
    page = text(response)
    assert response.status_code == 400
    assert input_value(page, "open") == "1"
    assert error_of(page, "option-hours") == "Enter more than 0."
    assert requirements_of(db, program) == []


def test_alternatives_options_that_cannot_be_read_are_an_error(client, coordinator, program):
    response = client.post(
        new_url(program, "alternatives"),
        data={"loaded_at": loaded(program), "options": "{not json", "action": "save"},
    )
    assert response.status_code == 400
    assert "The options could not be read" in text(response)


# --- renewal buckets ---------------------------------------------------------------------


def test_renewal_buckets_editor(client, coordinator, db, make):
    ethics = db.session.scalar(sa.select(Domain).where(Domain.code == "ethics"))
    program = make.program(code="REN", renewal_ce_minutes=1200)
    db.session.commit()
    url = f"/coordinator/programs/{program.id}/renewal"
    page = text(client.get(url))
    assert input_value(page, "buckets-0-label") == "Continuing education"
    assert input_value(page, "buckets-0-hours") == "20"
    assert input_value(page, "buckets-1-label") == ""  # a blank row to add one
    # "Add another bucket" adds a row and stores nothing.
    page = text(
        client.post(
            url, data={"loaded_at": loaded(program), "buckets-0-label": "CE", "action": "add-row"}
        )
    )
    assert 'name="buckets-1-label"' in page
    assert db.session.get(Program, program.id).renewal_buckets[0]["label"] == "Continuing education"
    response = client.post(
        url,
        data=MultiDict(
            [
                ("loaded_at", loaded(program)),
                ("buckets-0-label", "Peer support"),
                ("buckets-0-hours", "24"),
                ("buckets-1-label", "Ethics"),
                ("buckets-1-hours", "3"),
                ("buckets-1-domains", "ethics"),
                ("buckets-2-label", "Elective"),
                ("buckets-2-hours", "9"),
                ("buckets-3-label", "Dropped"),
                ("buckets-3-hours", "1"),
                ("buckets-3-remove", "y"),
                ("buckets-4-label", ""),
                ("action", "save"),
            ]
        ),
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Program, program.id).renewal_buckets == [
        {"label": "Peer support", "minutes": 1440, "domain_ids": []},
        {"label": "Ethics", "minutes": 180, "domain_ids": [ethics.id]},
        {"label": "Elective", "minutes": 540, "domain_ids": []},
    ]


def test_renewal_bucket_errors_are_next_to_their_row(client, coordinator, db, make):
    program = make.program(code="RENX", renewal_ce_minutes=600)
    db.session.commit()
    before = db.session.get(Program, program.id).renewal_buckets
    url = f"/coordinator/programs/{program.id}/renewal"
    response = client.post(
        url,
        data=MultiDict(
            [
                ("loaded_at", loaded(program)),
                ("buckets-0-label", "Ethics"),
                ("buckets-0-hours", "3"),
                ("buckets-0-domains", "ethics"),
                ("buckets-1-label", "More ethics"),
                ("buckets-1-hours", "2.1"),
                ("buckets-2-label", "Twice"),
                ("buckets-2-hours", "2"),
                ("buckets-2-domains", "ethics"),
            ]
        ),
    )
    page = text(response)
    assert response.status_code == 400
    assert error_of(page, "buckets-1-hours") == "Use quarter-hour steps: .25, .5 or .75."
    response = client.post(
        url,
        data=MultiDict(
            [
                ("loaded_at", loaded(program)),
                ("buckets-0-label", "Ethics"),
                ("buckets-0-hours", "3"),
                ("buckets-0-domains", "ethics"),
                ("buckets-1-label", "Twice"),
                ("buckets-1-hours", "2"),
                ("buckets-1-domains", "ethics"),
            ]
        ),
    )
    page = text(response)
    assert response.status_code == 400
    assert "already in another bucket" in error_of(page, "buckets-1-domains")
    response = client.post(url, data={"loaded_at": loaded(program), "buckets-0-hours": "2"})
    assert response.status_code == 400
    assert error_of(text(response), "buckets-0-label") == "Give the bucket a label."
    db.session.expire_all()
    assert db.session.get(Program, program.id).renewal_buckets == before


# --- preview before saving ---------------------------------------------------------------


@pytest.fixture
def enrolled(db, make):
    """A program with one training-hour requirement; Ada meets it, Bo does not."""
    advocacy = make.domain("advocacy", name="Advocacy")
    module = make.module(code="ADV-1", domains={"advocacy": 120}, contact_minutes=120)
    program = make.program(
        code="PRE",
        name="Preview program",
        requirements=[
            {
                "kind": "training_hours",
                "key": "training",
                "settings": {"minutes": 120, "domain_ids": [advocacy.id]},
            },
            {"kind": "supervision_hours", "key": "supervision", "settings": {"minutes": 60}},
        ],
    )
    ada = make.trainee(display_name="Ada Eligible")
    bo = make.trainee(display_name="Bo Beginner")
    for person in (ada, bo):
        make.enrolment(person, program)
    make.completion(ada, module)
    make.supervision(ada, minutes=60)
    db.session.commit()
    return program


def _edit_training(client, program: Program, hours: str):
    return client.post(
        edit_url(program, "training"),
        data={
            "loaded_at": loaded(program),
            "hours": hours,
            "domains": "advocacy",
            "key": "training",
            "action": "save",
        },
    )


def test_a_change_that_makes_a_trainee_ineligible_lists_them_and_saves_only_when_confirmed(
    client, coordinator, db, enrolled
):
    response = _edit_training(client, enrolled, "10")
    page = text(response)
    assert response.status_code == 200
    assert "Check the change before saving" in page
    row = page.split("Ada Eligible")[1].split("</tr>")[0]
    assert "Eligible" in row and "2 of 2 requirements met" in row
    assert "Not yet eligible" in row and "1 of 2 requirements met" in row
    assert "Bo Beginner" not in page  # not eligible before or after, same count
    [training, _] = requirements_of(db, enrolled)
    assert training.settings["minutes"] == 120  # nothing stored yet

    response = client.post(edit_url(enrolled, "training"), data=confirm_form(page))
    assert response.status_code == 303
    [training, _] = requirements_of(db, enrolled)
    assert training.settings["minutes"] == 600


def test_cancelling_or_going_back_from_the_preview_stores_nothing(
    client, coordinator, db, enrolled
):
    page = text(_edit_training(client, enrolled, "10"))
    assert f'href="/coordinator/programs/{enrolled.id}"' in page  # cancel: back to the program
    back = confirm_form(page)
    back["back"] = "1"
    response = client.post(edit_url(enrolled, "training"), data=back)
    assert response.status_code == 200
    assert input_value(text(response), "hours") == "10"  # the form again, as typed
    [training, _] = requirements_of(db, enrolled)
    assert training.settings["minutes"] == 120


def test_a_change_nobody_notices_says_so(client, coordinator, db, enrolled):
    page = text(_edit_training(client, enrolled, "1"))
    assert "Nobody's verdict changes: the 2 enrolled trainees keep the same standing." in page


def test_a_bad_value_is_refused_before_any_preview(client, coordinator, db, enrolled):
    response = _edit_training(client, enrolled, "0")
    assert response.status_code == 400
    assert "Check the change before saving" not in text(response)
    assert error_of(text(response), "hours") == "Enter more than 0."


def test_removing_shows_whose_standing_changes(client, coordinator, db, enrolled):
    url = f"/coordinator/programs/{enrolled.id}/requirements/training/remove"
    page = text(client.post(url, data={"loaded_at": loaded(enrolled)}))
    row = page.split("Bo Beginner")[1].split("</tr>")[0]
    assert "0 of 2 requirements met" in row and "0 of 1 requirement met" in row
    assert len(requirements_of(db, enrolled)) == 2


def test_adding_a_requirement_previews_it(client, coordinator, db, make, enrolled):
    exam = make.exam(code="pr-exam", title="PR exam")
    db.session.commit()
    response = post_new(client, enrolled, "exam", exam="pr-exam")
    page = text(response)
    assert response.status_code == 200
    assert "Add the requirement “Pass the exam PR exam” to Preview program." in page
    assert "Ada Eligible" in page
    response = client.post(new_url(enrolled, "exam"), data=confirm_form(page))
    assert response.status_code == 303
    assert requirements_of(db, enrolled)[-1].settings == {"exam_id": exam.id}


def test_terms_and_buckets_are_previewed_too(client, coordinator, db, enrolled):
    terms = {
        "code": "PRE",
        "name": "Preview program",
        "validity_months": "36",
        "validity_from": "issue",
        "renewal_cycle": "rolling",
        "renewal_window_days": "60",
        "grace_days": "0",
        "loaded_at": loaded(enrolled),
    }
    url = f"/coordinator/programs/{enrolled.id}/edit"
    page = text(client.post(url, data=terms))
    assert "Change the terms of Preview program." in page
    assert "Nobody's verdict changes" in page
    assert db.session.get(Program, enrolled.id).validity_months == 24
    assert client.post(url, data=confirm_form(page)).status_code == 303
    db.session.expire_all()
    assert db.session.get(Program, enrolled.id).validity_months == 36

    url = f"/coordinator/programs/{enrolled.id}/renewal"
    data = {
        "loaded_at": loaded(db.session.get(Program, enrolled.id)),
        "buckets-0-label": "CE",
        "buckets-0-hours": "12",
        "action": "save",
    }
    page = text(client.post(url, data=data))
    assert "Check the change before saving" in page
    assert db.session.get(Program, enrolled.id).renewal_buckets == []
    assert client.post(url, data=confirm_form(page)).status_code == 303
    db.session.expire_all()
    assert db.session.get(Program, enrolled.id).renewal_buckets[0]["minutes"] == 720


# --- two coordinators at once ------------------------------------------------------------


def test_a_save_from_a_stale_form_is_refused_and_theirs_stands(client, coordinator, db, make):
    program = make.program(
        code="BOTH",
        requirements=[{"kind": "supervision_hours", "key": "sup", "settings": {"minutes": 60}}],
    )
    db.session.commit()
    page = text(client.get(edit_url(program, "sup")))
    stale = input_value(page, "loaded_at")
    # Another coordinator saves first, from a page loaded at the same time.
    programs.save_requirement(
        program,
        make.coordinator(),
        {"kind": "supervision_hours", "key": "sup", "hours": 5},
        key="sup",
        expected_updated_at=program.updated_at,
    )
    db.session.commit()
    response = client.post(
        edit_url(program, "sup"),
        data={"loaded_at": stale, "hours": "2", "format": "any", "key": "sup", "action": "save"},
    )
    assert response.status_code == 400
    assert "Another coordinator saved this program while you were editing it" in text(response)
    [row] = requirements_of(db, program)
    assert row.settings["minutes"] == 300


def test_a_confirmed_preview_from_a_stale_page_is_refused(client, coordinator, db, make, enrolled):
    page = text(_edit_training(client, enrolled, "10"))
    programs.save_requirement(
        enrolled,
        None,
        {"kind": "supervision_hours", "key": "supervision", "hours": 2},
        key="supervision",
    )
    db.session.commit()
    response = client.post(edit_url(enrolled, "training"), data=confirm_form(page))
    assert response.status_code == 400
    assert "Another coordinator saved this program" in text(response)
    [training, _] = requirements_of(db, enrolled)
    assert training.settings["minutes"] == 120


# --- new program: templates --------------------------------------------------------------


def test_new_program_offers_the_templates_or_an_empty_start(client, coordinator):
    page = text(client.get("/coordinator/programs/new"))
    assert "/coordinator/programs/new/icrc-peer-recovery" in page
    assert "/coordinator/programs/new/pennsylvania-cps" in page
    assert "IC&amp;RC Peer Recovery" in page and "Pennsylvania Certified Peer Specialist" in page
    assert 'name="validity_months"' in page  # the empty start's form


def test_a_program_from_a_template(client, coordinator, db):
    url = "/coordinator/programs/new/icrc-peer-recovery"
    page = text(client.get(url))
    assert input_value(page, "code") == "ICRCPR"
    assert "46 hours of training" in page
    # Requirements without a label are described with the catalogue entries the template
    # brings, before they exist here.
    assert "<li>Pass the exam IC&amp;RC Peer Recovery exam</li>" in page
    assert "<li>High-school diploma or equivalent</li>" in page
    assert "Advocacy" in page  # a domain the template adds
    response = client.post(url, data={"code": "ICRCPR", "name": "IC&RC Peer Recovery"})
    assert response.status_code == 303
    program = db.session.scalar(sa.select(Program).where(Program.code == "ICRCPR"))
    document = program_documents.template("icrc-peer-recovery")
    assert [r.key for r in program.requirements] == [r["key"] for r in document["requirements"]]

    # The same code again is refused next to the code field; another code with the same
    # name next to the name field; both changed make a second program.
    response = client.post(url, data={"code": "ICRCPR", "name": "Another name"})
    assert response.status_code == 400
    assert "exists already" in error_of(text(response), "code")
    response = client.post(url, data={"code": "ICRC2", "name": "IC&RC Peer Recovery"})
    assert response.status_code == 400
    assert error_of(text(response), "name") == "Another program already has this name."
    response = client.post(url, data={"code": "icrc2", "name": "IC&RC, second site"})
    assert response.status_code == 303
    assert count(db, Program) == 2
    assert client.get("/coordinator/programs/new/nonsense").status_code == 404


# --- import errors -----------------------------------------------------------------------


def _broken_document() -> dict[str, Any]:
    document = program_documents.template("icrc-peer-recovery")
    document["code"] = "BROKEN"
    document["requirements"][2]["hours"] = 0
    document["validity"]["months"] = 0
    return document


def test_import_lists_each_problem_by_member_and_keeps_the_text(client, coordinator, db):
    pasted = json.dumps(_broken_document(), indent=2)
    response = client.post("/coordinator/programs/import", data={"text": pasted})
    page = text(response)
    assert response.status_code == 400
    problems = re.findall(r"<li><code>([^<]+)</code>: ([^<]+)</li>", page)
    assert ("requirements[2].hours", "Enter more than 0.") in problems
    assert ("validity.months", "Enter 1 or more.") in problems
    assert "The document has 2 problems, listed above." in page
    textarea = re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', page, re.S)
    assert json.loads(html_lib.unescape(textarea.group(1))) == json.loads(pasted)
    assert count(db, Program) == 0


def test_import_of_an_uploaded_file_with_errors_puts_it_in_the_text_box(client, coordinator, db):
    body = json.dumps(_broken_document()).encode()
    response = client.post(
        "/coordinator/programs/import",
        data={"file": (io.BytesIO(body), "broken.json"), "text": ""},
        content_type="multipart/form-data",
    )
    page = text(response)
    assert response.status_code == 400
    assert "<code>requirements[2].hours</code>" in page
    textarea = re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', page, re.S)
    assert json.loads(html_lib.unescape(textarea.group(1)))["code"] == "BROKEN"
    assert count(db, Program) == 0 and count(db, Module) == 0


def test_import_of_text_that_is_not_json_says_so(client, coordinator, db):
    response = client.post("/coordinator/programs/import", data={"text": "{ not json"})
    page = text(response)
    assert response.status_code == 400
    assert "This is not a JSON document" in page
    assert "{ not json" in page
