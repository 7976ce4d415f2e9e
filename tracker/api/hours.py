"""``/hours``: trainees log, edit and withdraw their own pending hours; coordinators
and supervisors list them and approve or reject them, one at a time or in bulk.

Every rule is the pages' own: entries come from ``policies.visible_hours`` (a
trainee's own, a supervisor's trainees' supervised entries, every entry for a
coordinator), values are checked by ``services.hours.validate`` (quarter hours,
24 hours a day, no future dates, an offered activity...), and decisions go
through ``services.review`` (conditional updates: a decision already taken is
a 409, the same decision repeated by the same person changes nothing).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BeforeValidator, Field
from sqlalchemy.orm import joinedload

from tracker import policies
from tracker.api import PREFIX
from tracker.api.framework import ApiModel, Created, operation
from tracker.api.paging import Order, Page, PageQuery, paginate
from tracker.api.problems import ApiError
from tracker.api.schemas import PersonRef
from tracker.extensions import db
from tracker.forms import gettext_noop as N_
from tracker.models import HourEntry, HourStatus, Setting, User
from tracker.routing import MAX_ID
from tracker.services import hours, review
from tracker.services.errors import NotFoundError, ValidationError

TAGS = ("hours",)


class HourEntryOut(ApiModel):
    __doc__ = N_("Time a trainee logged, and where its review stands.")

    id: int
    trainee: PersonRef
    worked_on: date
    minutes: int = Field(description=N_("The time, in minutes (whole quarter hours)."))
    hours: float = Field(description=N_("The same time in hours, e.g. 1.5."))
    activity: str = Field(description=N_("The activity's code (see the program's vocabularies)."))
    setting: Setting
    is_paid: bool
    supervised: bool
    supervisor_name: str | None
    notes: str
    status: HourStatus
    rejection_reason: str | None = Field(description=N_("Why it was rejected, when it was."))
    decided_at: datetime | None
    corrects_id: int | None = Field(description=N_("The rejected entry this one corrects."))
    created_at: datetime
    updated_at: datetime


def entry_out(entry: HourEntry) -> HourEntryOut:
    return HourEntryOut(
        id=entry.id,
        trainee=PersonRef(id=entry.trainee.id, display_name=entry.trainee.display_name),
        worked_on=entry.worked_on,
        minutes=entry.minutes,
        hours=entry.minutes / 60,
        activity=entry.activity,
        setting=Setting(entry.setting),
        is_paid=bool(entry.is_paid),
        supervised=bool(entry.supervised),
        supervisor_name=entry.supervisor_name,
        notes=entry.notes or "",
        status=HourStatus(entry.status),
        rejection_reason=entry.rejection_reason,
        decided_at=entry.decided_at,
        corrects_id=entry.corrects_id,
        created_at=entry.created_at,
        updated_at=entry.updated_at,
    )


def _query_date(value: Any) -> Any:
    """A date filter read as the pages read theirs: YYYY-MM-DD, a real day."""
    if isinstance(value, date):
        return value
    try:
        return hours.parse_optional_date(value, "date")
    except ValidationError as exc:
        raise ValueError(exc.message) from None


QueryDate = Annotated[date, BeforeValidator(_query_date)]


class HourListQuery(PageQuery):
    status: HourStatus | None = Field(None, description=N_("Only entries in this state."))
    trainee_id: int | None = Field(None, ge=1, le=MAX_ID, description=N_("Only this trainee's."))
    activity: str | None = Field(None, max_length=40, description=N_("Only this activity's code."))
    date_from: QueryDate | None = Field(None, description=N_("Worked on this day or later."))
    date_to: QueryDate | None = Field(None, description=N_("Worked on this day or earlier."))


class HourEntryIn(ApiModel):
    __doc__ = N_('A new entry; the same rules as the "Log hours" form.')

    worked_on: date = Field(description=N_("The day of the work: not in the future."))
    hours: float = Field(
        description=N_("More than 0 and at most 24, in quarter hours (0.25, 1.5, 8).")
    )
    activity: str = Field(description=N_("An activity's code, from the program's activities."))
    setting: Setting
    is_paid: bool = False
    supervised: bool = False
    supervisor_name: str | None = Field(None, description=N_("Required when supervised."))
    notes: str = Field("", description=N_("At most 500 characters."))


class HourEntryChange(ApiModel):
    __doc__ = N_("The fields to change on a pending entry; the others keep their values.")

    worked_on: date | None = None
    hours: float | None = None
    activity: str | None = None
    setting: Setting | None = None
    is_paid: bool | None = None
    supervised: bool | None = None
    supervisor_name: str | None = None
    notes: str | None = None


class Rejection(ApiModel):
    reason: str = Field(description=N_("What the trainee should fix; they see it."))


class Decisions(ApiModel):
    __doc__ = N_("One decision for several entries; each is decided on its own.")

    decision: Literal["approve", "reject"]
    ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        description=N_("The entries' ids, at most 200.")
    )
    reason: str | None = Field(None, description=N_("Required to reject; each trainee sees it."))


class DecisionResult(ApiModel):
    id: int
    result: Literal["approved", "rejected", "unchanged", "conflict", "not_found"] = Field(
        description=N_(
            "approved or rejected now; unchanged: you had decided it so before; "
            "conflict: decided otherwise by someone else, or withdrawn; not_found: no such "
            "entry, or not one you decide."
        )
    )
    detail: str
    entry: HourEntryOut | None


class DecisionResults(ApiModel):
    results: list[DecisionResult]


# --- reading ------------------------------------------------------------------------------

ORDER = [Order(HourEntry.worked_on, descending=True, kind=date), Order(HourEntry.id, True)]


@operation(
    "GET",
    "/hours",
    summary=_l("List hour entries"),
    description=_l(
        "A trainee lists their own entries; a supervisor the supervised entries of the "
        "trainees assigned to them; a coordinator every entry. Newest work first."
    ),
    tags=TAGS,
    response=Page[HourEntryOut],
    query=HourListQuery,
)
def list_hours(user: User, query: HourListQuery) -> Page[HourEntryOut]:
    selected = hours.filter_entries(
        policies.visible_hours(user),
        status=query.status.value if query.status else None,
        activity=query.activity,
        date_from=query.date_from,
        date_to=query.date_to,
    ).order_by(None)
    if query.trainee_id is not None:
        selected = selected.where(HourEntry.trainee_id == query.trainee_id)
    return paginate(
        selected.options(joinedload(HourEntry.trainee)),
        ORDER,
        query,
        entry_out,
        lambda e: (e.worked_on, e.id),
    )


def _visible(user: User, entry_id: int) -> HourEntry:
    entry = db.session.scalar(
        policies.visible_hours(user)
        .where(HourEntry.id == entry_id)
        .options(joinedload(HourEntry.trainee))
    )
    if entry is None:
        raise NotFoundError(_("This hour entry does not exist."))
    return entry


@operation(
    "GET",
    "/hours/<int:entry_id>",
    summary=_l("One hour entry"),
    tags=TAGS,
    response=HourEntryOut,
)
def get_hours(user: User, entry_id: int) -> HourEntryOut:
    return entry_out(_visible(user, entry_id))


# --- a trainee's own entries ----------------------------------------------------------------


def _location(entry: HourEntry) -> str:
    return f"{PREFIX}/hours/{entry.id}"


@operation(
    "POST",
    "/hours",
    summary=_l("Log hours"),
    description=_l(
        "A trainee logs time; it waits for review. The same rules as the form: quarter "
        "hours, at most 24 hours a day, no future dates, an activity from the list, a "
        "supervisor's name when supervised. Send an Idempotency-Key to retry safely."
    ),
    tags=TAGS,
    response=HourEntryOut,
    status=201,
    body=HourEntryIn,
    errors=(403,),
    idempotent=True,
)
def create_hours(user: User, body: HourEntryIn) -> Created:
    if not policies.can_log_hours(user):
        raise ApiError(403, _("Only trainees log hours."))
    logged = hours.log_entry(user, **body.model_dump())
    return Created(entry_out(logged.entry), _location(logged.entry))


def _current_fields(entry: HourEntry) -> dict[str, Any]:
    return {
        "worked_on": entry.worked_on,
        "hours": entry.minutes / 60,
        "activity": entry.activity,
        "setting": entry.setting,
        "is_paid": bool(entry.is_paid),
        "supervised": bool(entry.supervised),
        "supervisor_name": entry.supervisor_name,
        "notes": entry.notes or "",
    }


@operation(
    "PATCH",
    "/hours/<int:entry_id>",
    summary=_l("Change a pending entry"),
    description=_l(
        "A trainee changes their own entry while it waits for review; fields left out "
        "keep their values. A decided or withdrawn entry is a 409."
    ),
    tags=TAGS,
    response=HourEntryOut,
    body=HourEntryChange,
    errors=(409,),
)
def change_hours(user: User, entry_id: int, body: HourEntryChange) -> HourEntryOut:
    entry = hours.own_entry(user, entry_id)
    fields = _current_fields(entry)
    fields.update({name: getattr(body, name) for name in body.model_fields_set})
    return entry_out(hours.edit_entry(user, entry, **fields))


@operation(
    "POST",
    "/hours/<int:entry_id>/withdraw",
    summary=_l("Withdraw a pending entry"),
    description=_l(
        "A trainee withdraws their own entry while it waits for review: it stays in the "
        "history and no longer counts. A decided or withdrawn entry is a 409."
    ),
    tags=TAGS,
    response=HourEntryOut,
    errors=(409,),
)
def withdraw_hours(user: User, entry_id: int) -> HourEntryOut:
    entry = hours.own_entry(user, entry_id)
    return entry_out(hours.withdraw_entry(user, entry))


# --- decisions ----------------------------------------------------------------------------


def _decider(user: User) -> None:
    if not policies.can_decide_some_hours(user):
        raise ApiError(403, _("Only coordinators and supervisors decide hours."))


@operation(
    "POST",
    "/hours/<int:entry_id>/approve",
    summary=_l("Approve an entry"),
    description=_l(
        "Coordinators approve any entry, a supervisor their trainees' supervised entries "
        "(others are 404). Approving again changes nothing; an entry decided otherwise "
        "or withdrawn is a 409."
    ),
    tags=TAGS,
    response=HourEntryOut,
    errors=(403, 409),
)
def approve_hours(user: User, entry_id: int) -> HourEntryOut:
    _decider(user)
    return entry_out(review.approve_hours(entry_id, user).record)


@operation(
    "POST",
    "/hours/<int:entry_id>/reject",
    summary=_l("Reject an entry, with the reason"),
    description=_l(
        "As approving; the trainee sees the reason (and gets a message) and may submit "
        "a corrected entry."
    ),
    tags=TAGS,
    response=HourEntryOut,
    body=Rejection,
    errors=(403, 409),
)
def reject_hours(user: User, entry_id: int, body: Rejection) -> HourEntryOut:
    _decider(user)
    return entry_out(review.reject_hours(entry_id, user, body.reason).record)


WORDS = {"approve": "approved", "reject": "rejected"}


@operation(
    "POST",
    "/hours/decisions",
    summary=_l("Approve or reject several entries"),
    description=_l(
        "Each entry is decided on its own, and the answer says what happened to each: "
        "one decided by someone else meanwhile is reported and skipped, the others are "
        "decided all the same. At most 200 at once; rejecting needs a reason."
    ),
    tags=TAGS,
    response=DecisionResults,
    body=Decisions,
    errors=(403,),
)
def decide_hours(user: User, body: Decisions) -> DecisionResults:
    _decider(user)
    try:
        if body.decision == "approve":
            outcomes = review.approve_each(body.ids, user)
        else:
            outcomes = review.reject_each(body.ids, user, body.reason)
    except ValidationError as exc:
        # The pages' form calls the selection "selected"; here it is the body's "ids".
        raise ValidationError(
            {("ids" if name == "selected" else name): m for name, m in exc.errors.items()}
        ) from None
    results = []
    for outcome in outcomes:
        word = WORDS[body.decision] if outcome.result == "decided" else outcome.result
        entry = entry_out(outcome.record) if outcome.record is not None else None
        results.append(
            DecisionResult(id=outcome.entry_id, result=word, detail=outcome.message, entry=entry)
        )
    return DecisionResults(results=results)
