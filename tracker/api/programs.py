"""``/programs``: the certification programs.  Everyone reads them; coordinators
create a program from a program document, replace one's definition with a new
document, and archive or restore it, as in the program editor.

A program's definition is the same JSON document as ``flask --app tracker programs
export CODE`` prints (:mod:`tracker.services.program_documents`), and creating or
replacing one goes through ``programs.import_document``, the service behind
``programs import`` and the Import page: the same JSON Schema, the same checks of
what a schema cannot know (codes that name nothing, duplicate keys), each problem
named by its member (``body.requirements[0].hours``), and nothing stored when
anything is wrong.  Certifications already issued keep the rules they were issued
under.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime
from typing import Any, Literal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import Field, GetJsonSchemaHandler, RootModel
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker import policies
from tracker.api import PREFIX
from tracker.api.framework import ApiModel, Created, operation
from tracker.api.paging import Order, Page, PageQuery, paginate
from tracker.api.problems import ApiError
from tracker.extensions import db
from tracker.forms import gettext_noop as N_
from tracker.models import Program, RenewalCycle, User
from tracker.services import program_documents, programs
from tracker.services.errors import NotFoundError, ValidationError

TAGS = ("programs",)


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """The program document's JSON Schema with its ``$defs`` written in place: inside
    the API's description a ``#/$defs/...`` reference would point at nothing."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(copy.deepcopy(defs[ref.removeprefix("#/$defs/")]))
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return dict(walk(schema))


class ProgramDocument(RootModel[dict[str, Any]]):
    __doc__ = N_(
        "A program's whole definition, as ``programs export`` writes it and ``programs import`` "
        "reads it: terms, renewal buckets, requirements of every kind, and the catalogue rows "
        "they name."
    )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = program_documents.schema()
        for key in ("$schema", "$id"):
            schema.pop(key, None)
        schema = _inlined(schema)
        schema["title"] = "ProgramDocument"
        schema["description"] = str(cls.__doc__ or "").replace("\n    ", " ").strip()
        return schema


class ProgramOut(ApiModel):
    __doc__ = N_("A certification program: its terms and how many trainees it has.")

    id: int
    code: str = Field(description=N_("The prefix of its certification numbers (PSS)."))
    name: str
    description: str
    source: str = Field(description=N_("Where its rules come from (a board's standard)."))
    validity_months: int
    validity_from: str | None = Field(
        description=N_(
            "The key of the requirement whose date starts the validity; null: the issue date."
        )
    )
    renewal_cycle: RenewalCycle
    renewal_window_days: int
    grace_days: int
    requirements: int = Field(description=N_("How many requirements it has."))
    enrolled: int = Field(description=N_("Trainees enrolled now."))
    certified: int = Field(description=N_("Certifications held now."))
    archived: bool = Field(
        description=N_("Archived programs take no new enrolments or certifications.")
    )
    document: str = Field(description=N_("The address of its definition (a program document)."))
    updated_at: datetime


class ProgramListQuery(PageQuery):
    status: Literal["active", "archived", "all"] = Field(
        "active", description=N_("Active programs (the default), archived ones, or all.")
    )


def program_out(program: Program, counts: dict[int, dict[str, int]]) -> ProgramOut:
    count = counts.get(program.id, {})
    return ProgramOut(
        id=program.id,
        code=program.code,
        name=program.name,
        description=program.description or "",
        source=program.source or "",
        validity_months=program.validity_months,
        validity_from=program.validity_from,
        renewal_cycle=RenewalCycle(program.renewal_cycle),
        renewal_window_days=program.renewal_window_days,
        grace_days=program.grace_days,
        requirements=len(program.requirements),
        enrolled=count.get("enrolled", 0),
        certified=count.get("certified", 0),
        archived=program.is_archived,
        document=f"{_location(program)}/document",
        updated_at=program.updated_at,
    )


def _location(program: Program) -> str:
    return f"{PREFIX}/programs/{program.id}"


def _coordinator(user: User) -> None:
    if not policies.can_manage_program(user):
        raise ApiError(403, _("Only coordinators change programs."))


def _program(program_id: int) -> Program:
    program = db.session.get(Program, program_id)
    if program is None:
        raise NotFoundError(_("This program does not exist."))
    return program


def _one(program: Program) -> ProgramOut:
    return program_out(program, programs.program_counts())


# --- reading ------------------------------------------------------------------------------

ORDER = [Order(Program.name, kind=str), Order(Program.id)]


@operation(
    "GET",
    "/programs",
    summary=_l("List programs"),
    description=_l(
        "The certification programs by name, with their terms and how many trainees are "
        "enrolled and certified: active programs unless `status` says otherwise. Everyone "
        "may read them."
    ),
    tags=TAGS,
    response=Page[ProgramOut],
    query=ProgramListQuery,
)
def list_programs(user: User, query: ProgramListQuery) -> Page[ProgramOut]:
    selected = select(Program)
    if query.status == "active":
        selected = selected.where(Program.archived_at.is_(None))
    elif query.status == "archived":
        selected = selected.where(Program.archived_at.is_not(None))
    counts = programs.program_counts()
    return paginate(
        selected.options(selectinload(Program.requirements)),
        ORDER,
        query,
        lambda p: program_out(p, counts),
        lambda p: (p.name, p.id),
    )


@operation(
    "GET",
    "/programs/<int:program_id>",
    summary=_l("One program"),
    tags=TAGS,
    response=ProgramOut,
)
def get_program(user: User, program_id: int) -> ProgramOut:
    return _one(_program(program_id))


@operation(
    "GET",
    "/programs/<int:program_id>/document",
    summary=_l("A program's definition, as a program document"),
    description=_l(
        "The same JSON as `flask --app tracker programs export CODE` and the editor's "
        "Export: its terms, renewal buckets, requirements, and the catalogue rows they "
        "name, so that another installation can import it."
    ),
    tags=TAGS,
    response=ProgramDocument,
)
def get_program_document(user: User, program_id: int) -> ProgramDocument:
    # Through JSON, as the command prints it: the stored settings' own types never leak.
    document = json.loads(json.dumps(program_documents.export(_program(program_id))))
    return ProgramDocument(document)


# --- coordinators' changes ----------------------------------------------------------------


@operation(
    "POST",
    "/programs",
    summary=_l("Create a program from a program document"),
    description=_l(
        "Coordinators only. The same checks as `programs import` and the Import page: "
        "the document's schema, then codes that name nothing and duplicate keys, each "
        "problem named by its member. Catalogue rows the document lists and this "
        "installation lacks are created; nothing is stored when anything is wrong. A "
        "program with the same code is a 422 (replace it through its document instead). "
        "Send an Idempotency-Key to retry safely."
    ),
    tags=TAGS,
    response=ProgramOut,
    status=201,
    body=ProgramDocument,
    errors=(403,),
    idempotent=True,
)
def create_program(user: User, body: ProgramDocument) -> Created:
    _coordinator(user)
    program, _created = programs.import_document(body.root, user, replace=False)
    return Created(_one(program), _location(program))


@operation(
    "PUT",
    "/programs/<int:program_id>/document",
    summary=_l("Replace a program's definition"),
    description=_l(
        "Coordinators only. The program becomes what the document says, with the same "
        "checks as creating one; its code must stay the program's. Certifications "
        "already issued keep the rules they were issued under."
    ),
    tags=TAGS,
    response=ProgramDocument,
    body=ProgramDocument,
    errors=(403,),
)
def replace_program_document(user: User, program_id: int, body: ProgramDocument) -> ProgramDocument:
    _coordinator(user)
    program = _program(program_id)
    document = body.root
    program_documents.validate(document)
    if document["code"] != program.code:
        raise ValidationError(
            {
                "code": [
                    _(
                        "This program's code is %(code)s; a document with another code "
                        "creates a new program instead.",
                        code=program.code,
                    )
                ]
            }
        )
    replaced, _created = programs.import_document(document, user, replace=True)
    return ProgramDocument(json.loads(json.dumps(program_documents.export(replaced))))


@operation(
    "POST",
    "/programs/<int:program_id>/archive",
    summary=_l("Archive a program"),
    description=_l(
        "Coordinators only. No new enrolments or certifications; issued certifications "
        "stay valid. Archiving again changes nothing."
    ),
    tags=TAGS,
    response=ProgramOut,
    errors=(403,),
)
def archive_program(user: User, program_id: int) -> ProgramOut:
    _coordinator(user)
    program = _program(program_id)
    programs.archive_program(program, user)
    return _one(program)


@operation(
    "POST",
    "/programs/<int:program_id>/restore",
    summary=_l("Restore an archived program"),
    description=_l("Coordinators only. Restoring an active program changes nothing."),
    tags=TAGS,
    response=ProgramOut,
    errors=(403,),
)
def restore_program(user: User, program_id: int) -> ProgramOut:
    _coordinator(user)
    program = _program(program_id)
    programs.restore_program(program, user)
    return _one(program)
