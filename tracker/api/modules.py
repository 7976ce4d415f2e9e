"""``/modules``: the module catalogue.  Everyone reads it; coordinators create, edit,
archive and restore modules, as on the Modules pages.

The rules are :mod:`tracker.services.catalogue`'s (codes unique whatever their case,
quarter-hour contact hours, domain hours within the contact hours, a pass mark from 0
to 100); archiving never deletes, and completions of an archived module still count.
Training domains are named by their code, as in a program document.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker import policies
from tracker.api import PREFIX
from tracker.api.framework import ApiModel, Created, operation
from tracker.api.paging import Order, Page, PageQuery, paginate
from tracker.api.problems import ApiError
from tracker.extensions import db
from tracker.forms import gettext_noop as N_
from tracker.models import Domain, Module, ModuleDomain, User
from tracker.services import catalogue
from tracker.services.errors import NotFoundError, ValidationError
from tracker.services.requirements.base import hours_number

TAGS = ("modules",)


class DomainHours(ApiModel):
    __doc__ = N_("Hours of a module that count in one training domain.")

    domain: str = Field(description=N_("The training domain's code."))
    hours: float


class ModuleOut(ApiModel):
    __doc__ = N_("A training module of the catalogue.")

    id: int
    code: str = Field(description=N_("Unique, upper case (e.g. PS101)."))
    title: str
    description: str
    contact_hours: float = Field(description=N_("In quarter hours."))
    pass_mark: int | None = Field(description=N_("0 to 100 when the module has an exam."))
    domain_hours: list[DomainHours] = Field(
        description=N_("How many of its contact hours count in each training domain.")
    )
    archived: bool = Field(
        description=N_("Archived modules are no longer offered; their completions still count.")
    )
    created_at: datetime
    updated_at: datetime


class ModuleIn(ApiModel):
    __doc__ = N_("A new module; the same rules as the module form.")

    code: str = Field(description=N_("Letters, digits and dashes, at most 20; stored upper case."))
    title: str = Field(description=N_("At most 200 characters."))
    description: str = Field("", description=N_("At most 5000 characters."))
    contact_hours: float = Field(description=N_("0 or more, in quarter hours (0.25, 1.5, 8)."))
    pass_mark: int | None = Field(None, description=N_("0 to 100, or null when it has no exam."))
    domain_hours: dict[str, float] = Field(
        default_factory=dict,
        description=N_(
            "Hours per training domain, by the domain's code "
            '(`{"ethics": 2, "recovery": 1.5}`); together at most the contact hours.'
        ),
    )


class ModuleChange(ApiModel):
    __doc__ = N_("The fields to change; the others keep their values.")

    code: str | None = None
    title: str | None = None
    description: str | None = None
    contact_hours: float | None = None
    pass_mark: int | None = Field(None, description=N_("null removes the exam."))
    domain_hours: dict[str, float] | None = Field(
        None, description=N_("Replaces every domain's hours (by code); {} removes them all.")
    )


class ModuleListQuery(PageQuery):
    status: Literal["active", "archived", "all"] = Field(
        "active", description=N_("Active modules (the default), archived ones, or all.")
    )
    q: str | None = Field(None, max_length=200, description=N_("Words in the code or the title."))
    domain: str | None = Field(
        None, max_length=40, description=N_("Only modules with hours in this domain (its code).")
    )


def module_out(module: Module) -> ModuleOut:
    return ModuleOut(
        id=module.id,
        code=module.code,
        title=module.title,
        description=module.description or "",
        contact_hours=hours_number(module.contact_minutes),
        pass_mark=module.pass_mark,
        domain_hours=[
            DomainHours(domain=row.domain.code, hours=hours_number(row.minutes))
            for row in module.domain_hours
        ],
        archived=module.is_archived,
        created_at=module.created_at,
        updated_at=module.updated_at,
    )


def _location(module: Module) -> str:
    return f"{PREFIX}/modules/{module.id}"


def _coordinator(user: User) -> None:
    if not policies.can_manage_program(user):
        raise ApiError(403, _("Only coordinators change the module catalogue."))


def _module(module_id: int) -> Module:
    module = db.session.get(Module, module_id)
    if module is None:
        raise NotFoundError(_("This module does not exist."))
    return module


def _domains_by_code(given: dict[str, float]) -> dict[int, float]:
    """The body's hours by domain code as the service takes them (by domain id)."""
    codes = {d.code: d.id for d in db.session.scalars(select(Domain))}
    unknown = [code for code in given if code not in codes]
    if unknown:
        raise ValidationError(
            {
                f"domain_hours.{code}": [_("No training domain has the code %(code)s.", code=code)]
                for code in unknown
            }
        )
    return {codes[code]: hours for code, hours in given.items()}


def _named(error: ValidationError) -> ValidationError:
    """The service's field names (``domain_hours-3``) as the body's (``domain_hours.ethics``)."""
    codes = {str(d.id): d.code for d in db.session.scalars(select(Domain))}
    renamed: dict[str, list[str]] = {}
    for name, messages in error.errors.items():
        if name.startswith("domain_hours-"):
            name = "domain_hours." + codes.get(name.removeprefix("domain_hours-"), "?")
        renamed.setdefault(name, []).extend(messages)
    return ValidationError(renamed)


def _fields(values: dict[str, Any]) -> dict[str, Any]:
    fields = dict(values)
    fields["domain_hours"] = _domains_by_code(fields.get("domain_hours") or {})
    return fields


# --- reading ------------------------------------------------------------------------------

ORDER = [Order(Module.code, kind=str), Order(Module.id)]


@operation(
    "GET",
    "/modules",
    summary=_l("List modules"),
    description=_l(
        "The module catalogue, by code: active modules unless `status` says otherwise. "
        "Everyone may read it."
    ),
    tags=TAGS,
    response=Page[ModuleOut],
    query=ModuleListQuery,
)
def list_modules(user: User, query: ModuleListQuery) -> Page[ModuleOut]:
    domain_id = None
    if query.domain is not None:
        domain = db.session.scalar(select(Domain).where(Domain.code == query.domain))
        if domain is None:
            return Page[ModuleOut](items=[], next=None)
        domain_id = domain.id
    selected = catalogue.modules_query(status=query.status, q=query.q or "", domain_id=domain_id)
    return paginate(
        selected.order_by(None).options(
            selectinload(Module.domain_hours).joinedload(ModuleDomain.domain)
        ),
        ORDER,
        query,
        module_out,
        lambda m: (m.code, m.id),
    )


@operation(
    "GET",
    "/modules/<int:module_id>",
    summary=_l("One module"),
    tags=TAGS,
    response=ModuleOut,
)
def get_module(user: User, module_id: int) -> ModuleOut:
    return module_out(_module(module_id))


# --- coordinators' changes ----------------------------------------------------------------


@operation(
    "POST",
    "/modules",
    summary=_l("Create a module"),
    description=_l(
        "Coordinators only. The same rules as the module form: a code no other module "
        "has, quarter-hour contact hours, domain hours that add up to at most the contact "
        "hours. Send an Idempotency-Key to retry safely."
    ),
    tags=TAGS,
    response=ModuleOut,
    status=201,
    body=ModuleIn,
    errors=(403,),
    idempotent=True,
)
def create_module(user: User, body: ModuleIn) -> Created:
    _coordinator(user)
    try:
        module = catalogue.create_module(user, **_fields(body.model_dump()))
    except ValidationError as exc:
        raise _named(exc) from None
    return Created(module_out(module), _location(module))


def _current_fields(module: Module) -> dict[str, Any]:
    return {
        "code": module.code,
        "title": module.title,
        "description": module.description or "",
        "contact_hours": hours_number(module.contact_minutes),
        "pass_mark": module.pass_mark,
        "domain_hours": {row.domain.code: hours_number(row.minutes) for row in module.domain_hours},
    }


@operation(
    "PATCH",
    "/modules/<int:module_id>",
    summary=_l("Change a module"),
    description=_l(
        "Coordinators only; fields left out keep their values. The same rules as creating one."
    ),
    tags=TAGS,
    response=ModuleOut,
    body=ModuleChange,
    errors=(403,),
)
def change_module(user: User, module_id: int, body: ModuleChange) -> ModuleOut:
    _coordinator(user)
    module = _module(module_id)
    fields = _current_fields(module)
    fields.update({name: getattr(body, name) for name in body.model_fields_set})
    for name in ("code", "title", "description", "contact_hours", "domain_hours"):
        if fields[name] is None:
            raise ValidationError({name: [_("This field cannot be null.")]})
    try:
        catalogue.update_module(module, user, **_fields(fields))
    except ValidationError as exc:
        raise _named(exc) from None
    return module_out(module)


@operation(
    "POST",
    "/modules/<int:module_id>/archive",
    summary=_l("Archive a module"),
    description=_l(
        "Coordinators only. An archived module is no longer offered for sessions and "
        "self-reports; its completions still count. Archiving again changes nothing."
    ),
    tags=TAGS,
    response=ModuleOut,
    errors=(403,),
)
def archive_module(user: User, module_id: int) -> ModuleOut:
    _coordinator(user)
    module = _module(module_id)
    catalogue.archive_module(module, user)
    return module_out(module)


@operation(
    "POST",
    "/modules/<int:module_id>/restore",
    summary=_l("Restore an archived module"),
    description=_l("Coordinators only. Restoring an active module changes nothing."),
    tags=TAGS,
    response=ModuleOut,
    errors=(403,),
)
def restore_module(user: User, module_id: int) -> ModuleOut:
    _coordinator(user)
    module = _module(module_id)
    catalogue.restore_module(module, user)
    return module_out(module)
