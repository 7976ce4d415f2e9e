"""``/trainees``: the trainees a caller may see, their enrolments, and (for
coordinators) enrolling and withdrawing them, as on the trainees' pages.

Who sees whom is :func:`tracker.policies.visible_trainees`'s: a coordinator every
trainee, a supervisor the trainees assigned to them (anyone else's is a 404), a
trainee only their own record (the list is a coordinator's or a supervisor's, so a
trainee asking for it gets 403).  The list is the Trainees page's search
(:func:`tracker.services.trainees.search`): hours and last activity from the stored
totals, "eligible" from the stored verdicts, so a page of it costs the same at ten
trainees or ten thousand; it is read by keyset on the name.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import Field
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from tracker import policies
from tracker.api import PREFIX
from tracker.api.framework import ApiModel, Created, operation
from tracker.api.paging import Order, Page, PageQuery, paginate
from tracker.api.problems import ApiError
from tracker.extensions import db
from tracker.forms import gettext_noop as N_
from tracker.models import Enrolment, Program, TraineeTotals, User
from tracker.routing import MAX_ID
from tracker.services import programs, progress, supervisors, trainees
from tracker.services.dates import local_today
from tracker.services.db_helpers import contains_pattern
from tracker.services.errors import ConflictError, NotFoundError, ServiceError, ValidationError
from tracker.services.requirements.base import hours_number

TAGS = ("trainees",)


class ProgramRef(ApiModel):
    __doc__ = N_("A program named in another resource.")

    id: int
    code: str
    name: str


class TraineeOut(ApiModel):
    __doc__ = N_("A trainee as the lists show them.")

    id: int
    display_name: str
    email: str | None = Field(
        description=N_("Shown to coordinators and to the trainee themself; null for a supervisor.")
    )
    active: bool = Field(description=N_("False when the account is deactivated."))
    approved_hours: float = Field(description=N_("Approved practice hours, all programs."))
    last_activity_on: date | None = Field(description=N_("The day of their latest logged work."))


class EnrolmentOut(ApiModel):
    __doc__ = N_("A trainee's enrolment in a program and, while current, their standing in it.")

    program: ProgramRef
    enrolled_at: datetime
    withdrawn_at: datetime | None = Field(description=N_("Set when they were withdrawn."))
    current: bool
    eligible: bool | None = Field(
        description=N_("Whether every requirement is met today (null once withdrawn).")
    )
    met: int | None = Field(description=N_("How many requirements are met (null once withdrawn)."))
    total: int | None = Field(description=N_("How many requirements the program has."))


class TraineeDetail(TraineeOut):
    __doc__ = N_("A trainee, with their pending hours and current enrolments.")

    pending_hours: float = Field(description=N_("Practice hours waiting for review."))
    enrolments: list[EnrolmentOut] = Field(description=N_("The programs they are enrolled in now."))
    progress: str = Field(description=N_("The address of their progress in each program."))


STATUSES = tuple(trainees.STATUSES)


class TraineeListQuery(PageQuery):
    q: str | None = Field(
        None,
        max_length=200,
        description=N_("Words in the name (or, for coordinators, in the email address)."),
    )
    program_id: int | None = Field(
        None, ge=1, le=MAX_ID, description=N_("Only trainees enrolled in this program now.")
    )
    eligible: bool | None = Field(
        None,
        description=N_(
            "true: only trainees eligible today for a program (`program_id`, or any) "
            "whose certification they do not hold yet; false: only the others."
        ),
    )
    status: Literal[STATUSES] | None = Field(  # type: ignore[valid-type]
        None,
        description=N_(
            "As the Trainees page's filter: in_training, eligible, certified, "
            "expiring, lapsed or inactive."
        ),
    )
    sort: Literal["name", "id"] = Field(
        "name",
        description=N_(
            "By name (the default, as the Trainees page), or by id: the cheapest "
            "order for reading every trainee, page after page."
        ),
    )


class EnrolmentListQuery(PageQuery):
    status: Literal["current", "withdrawn", "all"] = Field(
        "all", description=N_("Current enrolments, withdrawn ones, or all (the default).")
    )


class EnrolmentIn(ApiModel):
    __doc__ = N_("The program to enrol the trainee in.")

    program_id: int = Field(description=N_("A program that is not archived."))


# --- who may see whom ---------------------------------------------------------------------


def _trainee(user: User, trainee_id: int) -> User:
    """A trainee ``user`` may see (404 otherwise), as the pages find them."""
    return supervisors.trainee_for(user, trainee_id)


def _coordinator(user: User) -> None:
    if not policies.can_manage_accounts(user):
        raise ApiError(403, _("Only coordinators enrol and withdraw trainees."))


def _email(user: User, trainee: User) -> str | None:
    return trainee.email if policies.can_see_contact(user, trainee.id) else None


# --- the list -----------------------------------------------------------------------------

SORT_NAME = func.lower(User.display_name).label("sort_name")
ORDERS = {
    # By name, as the page (the database's own lower case, so that the keyset matches it).
    "name": ([Order(SORT_NAME, kind=str), Order(User.id)], lambda row: (row.sort_name, row[0].id)),
    # By id: the primary key's own order, read page by page without sorting.
    "id": ([Order(User.id)], lambda row: (row[0].id,)),
}


@operation(
    "GET",
    "/trainees",
    summary=_l("List trainees"),
    description=_l(
        "A coordinator lists every trainee, a supervisor the trainees assigned to them; "
        "a trainee has no list (403) and reads their own record at /trainees/{id}. By "
        "name or by id; filters as on the Trainees page: words in the name or email, a program, "
        "eligible or not, a status."
    ),
    tags=TAGS,
    response=Page[TraineeOut],
    query=TraineeListQuery,
    errors=(403,),
)
def list_trainees(user: User, query: TraineeListQuery) -> Page[TraineeOut]:
    if not policies.can_list_trainees(user):
        raise ApiError(
            403, _("Only coordinators and supervisors list trainees; read your own record.")
        )
    today = local_today()
    words = query.q or ""
    email_search = policies.can_see_contacts(user)
    filters = trainees.TraineeFilters(
        q=words if email_search else "",
        program_id=query.program_id,
        status=query.status or "",
    )
    selected = trainees.search(filters, today).order_by(None).add_columns(SORT_NAME)
    if words and not email_search:
        selected = selected.where(
            func.lower(User.display_name).like(contains_pattern(words), escape="\\")
        )
    # The search starts from the trainee role; the policy narrows it to whom the caller sees.
    selected = selected.where(policies.trainee_scope(user))
    if query.eligible is not None:
        eligible = User.id.in_(trainees.eligible_trainee_ids(query.program_id, today))
        selected = selected.where(eligible if query.eligible else ~eligible)

    def item(row: Any) -> TraineeOut:
        trainee = row[0]
        return TraineeOut(
            id=trainee.id,
            display_name=trainee.display_name,
            email=_email(user, trainee),
            active=bool(trainee.active),
            approved_hours=hours_number(int(row.approved_minutes or 0)),
            last_activity_on=row.last_activity,
        )

    order, values_of = ORDERS[query.sort]
    return paginate(selected, order, query, item, values_of, scalars=False)


# --- one trainee --------------------------------------------------------------------------


def _enrolment_out(enrolment: Enrolment, verdicts: dict[int, Any]) -> EnrolmentOut:
    program = enrolment.program
    verdict = verdicts.get(program.id) if enrolment.withdrawn_at is None else None
    return EnrolmentOut(
        program=ProgramRef(id=program.id, code=program.code, name=program.name),
        enrolled_at=enrolment.enrolled_at,
        withdrawn_at=enrolment.withdrawn_at,
        current=enrolment.withdrawn_at is None,
        eligible=verdict.eligible if verdict is not None else None,
        met=verdict.met_count if verdict is not None else None,
        total=len(verdict.rules) if verdict is not None else None,
    )


def _verdicts(trainee: User, enrolments: list[Enrolment]) -> dict[int, Any]:
    """The eligibility service's verdicts for the current ones (stored while current)."""
    current = [e.program for e in enrolments if e.withdrawn_at is None]
    return progress.eligibility(trainee.id, current, local_today()) if current else {}


@operation(
    "GET",
    "/trainees/<int:trainee_id>",
    summary=_l("One trainee"),
    description=_l(
        "Coordinators see every trainee, a supervisor the trainees assigned to them, a "
        "trainee themself; anyone else is a 404, as for a trainee who does not exist."
    ),
    tags=TAGS,
    response=TraineeDetail,
)
def get_trainee(user: User, trainee_id: int) -> TraineeDetail:
    trainee = _trainee(user, trainee_id)
    totals = db.session.get(TraineeTotals, trainee.id)
    current = programs.current_enrolments(trainee)
    verdicts = _verdicts(trainee, current)
    return TraineeDetail(
        id=trainee.id,
        display_name=trainee.display_name,
        email=_email(user, trainee),
        active=bool(trainee.active),
        approved_hours=hours_number(totals.approved_minutes if totals else 0),
        pending_hours=hours_number(totals.pending_minutes if totals else 0),
        last_activity_on=totals.last_activity_on if totals else None,
        enrolments=[_enrolment_out(e, verdicts) for e in current],
        progress=f"{PREFIX}/trainees/{trainee.id}/progress",
    )


# --- enrolments ---------------------------------------------------------------------------

ENROLMENT_ORDER = [Order(Program.name, kind=str), Order(Enrolment.id)]


@operation(
    "GET",
    "/trainees/<int:trainee_id>/enrolments",
    summary=_l("A trainee's enrolments"),
    description=_l(
        "Every program the trainee is or was enrolled in, by program name, with their "
        "standing in the current ones. Visible as the trainee is."
    ),
    tags=TAGS,
    response=Page[EnrolmentOut],
    query=EnrolmentListQuery,
)
def list_enrolments(user: User, trainee_id: int, query: EnrolmentListQuery) -> Page[EnrolmentOut]:
    trainee = _trainee(user, trainee_id)
    selected = (
        select(Enrolment)
        .join(Program, Program.id == Enrolment.program_id)
        .options(contains_eager(Enrolment.program))
        .where(Enrolment.trainee_id == trainee.id)
    )
    if query.status == "current":
        selected = selected.where(Enrolment.withdrawn_at.is_(None))
    elif query.status == "withdrawn":
        selected = selected.where(Enrolment.withdrawn_at.is_not(None))
    verdicts = _verdicts(trainee, programs.current_enrolments(trainee))
    return paginate(
        selected,
        ENROLMENT_ORDER,
        query,
        lambda e: _enrolment_out(e, verdicts),
        lambda e: (e.program.name, e.id),
    )


def _enrolment(trainee: User, program_id: int) -> Enrolment:
    found = next((e for e in programs.enrolments_of(trainee) if e.program_id == program_id), None)
    if found is None:
        raise NotFoundError(_("This trainee has never been enrolled in that program."))
    return found


def _enrolment_location(trainee: User, program: Program) -> str:
    return f"{PREFIX}/trainees/{trainee.id}/enrolments/{program.id}"


@operation(
    "GET",
    "/trainees/<int:trainee_id>/enrolments/<int:program_id>",
    summary=_l("A trainee's enrolment in one program"),
    tags=TAGS,
    response=EnrolmentOut,
)
def get_enrolment(user: User, trainee_id: int, program_id: int) -> EnrolmentOut:
    trainee = _trainee(user, trainee_id)
    enrolment = _enrolment(trainee, program_id)
    return _enrolment_out(enrolment, _verdicts(trainee, [enrolment]))


@operation(
    "POST",
    "/trainees/<int:trainee_id>/enrolments",
    summary=_l("Enrol a trainee in a program"),
    description=_l(
        "Coordinators only, as on the trainee's page: an active trainee, a program that is "
        "not archived. A trainee withdrawn before is enrolled again; one enrolled already "
        "is a 409. Send an Idempotency-Key to retry safely."
    ),
    tags=TAGS,
    response=EnrolmentOut,
    status=201,
    body=EnrolmentIn,
    errors=(403, 409),
    idempotent=True,
)
def enrol(user: User, trainee_id: int, body: EnrolmentIn) -> Created:
    _coordinator(user)
    trainee = _trainee(user, trainee_id)
    program = db.session.get(Program, body.program_id) if 0 < body.program_id <= MAX_ID else None
    if program is None:
        raise ValidationError({"program_id": [_("Choose a program.")]})
    try:
        enrolment, changed = programs.enrol(trainee, program, user)
    except (ConflictError, NotFoundError, ValidationError):
        raise
    except ServiceError as exc:
        if program.is_archived:
            raise ValidationError({"program_id": [exc.message]}) from None
        raise
    if not changed:
        raise ConflictError(
            _(
                "%(name)s is already enrolled in %(program)s.",
                name=trainee.display_name,
                program=program.name,
            )
        )
    return Created(
        _enrolment_out(enrolment, _verdicts(trainee, [enrolment])),
        _enrolment_location(trainee, program),
    )


@operation(
    "POST",
    "/trainees/<int:trainee_id>/enrolments/<int:program_id>/withdraw",
    summary=_l("Withdraw a trainee from a program"),
    description=_l(
        "Coordinators only. Their hours, training and certifications stay; they can be "
        "enrolled again later. Withdrawing again changes nothing."
    ),
    tags=TAGS,
    response=EnrolmentOut,
    errors=(403,),
)
def withdraw(user: User, trainee_id: int, program_id: int) -> EnrolmentOut:
    _coordinator(user)
    trainee = _trainee(user, trainee_id)
    enrolment = _enrolment(trainee, program_id)
    programs.withdraw(trainee, enrolment.program, user)
    return _enrolment_out(enrolment, {})
