"""Supervision sessions: the records a trainee gave as evidence, and their review.

What a caller sees starts from ``policies.visible_supervision``: a coordinator every
trainee's sessions, a supervisor those of the trainees assigned to them, a trainee
their own; any other id answers 404, as for a session that does not exist.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import Field

from tracker import policies
from tracker.api.framework import ApiModel, operation
from tracker.api.paging import Order, Page, PageQuery, paginate
from tracker.api.schemas import PersonRef
from tracker.extensions import db
from tracker.forms import gettext_noop as N_
from tracker.models import ReviewStatus, SupervisionFormat, SupervisionRecord, User
from tracker.routing import MAX_ID
from tracker.services.errors import NotFoundError


class SupervisionOut(ApiModel):
    __doc__ = N_("A supervision session and where its review stands.")

    id: int
    trainee: PersonRef
    held_on: date
    minutes: int = Field(description=N_("Its length, in whole quarter hours."))
    format: SupervisionFormat
    supervisor_name: str = Field(description=N_("Who supervised, as the trainee wrote it."))
    notes: str
    status: ReviewStatus = Field(
        description=N_("pending (waiting for review), approved (counts), rejected, withdrawn.")
    )
    rejection_reason: str | None
    decided_at: datetime | None
    created_at: datetime


class SupervisionQuery(PageQuery):
    """Filters of the supervision list."""

    trainee: int | None = Field(
        None, ge=1, le=MAX_ID, description=N_("Only this trainee's sessions.")
    )
    status: ReviewStatus | None = Field(None, description=N_("Only sessions in this review state."))


ORDER = (Order(SupervisionRecord.id),)


def serialize(record: SupervisionRecord, trainee: User) -> SupervisionOut:
    return SupervisionOut(
        id=record.id,
        trainee=PersonRef(id=trainee.id, display_name=trainee.display_name),
        held_on=record.held_on,
        minutes=record.minutes,
        format=SupervisionFormat(record.format),
        supervisor_name=record.supervisor_name,
        notes=record.notes or "",
        status=ReviewStatus(record.status),
        rejection_reason=record.rejection_reason,
        decided_at=record.decided_at,
        created_at=record.created_at,
    )


@operation(
    "GET",
    "/supervision",
    summary=_l("Supervision sessions"),
    description=_l(
        "Coordinators see every trainee's sessions; a supervisor those of the trainees "
        "assigned to them; a trainee their own. Filter by trainee and review state. "
        "Ordered by id."
    ),
    tags=("supervision",),
    response=Page[SupervisionOut],
    query=SupervisionQuery,
)
def list_supervision(user: User, query: SupervisionQuery) -> Page[SupervisionOut]:
    rows = (
        policies.visible_supervision(user)
        .add_columns(User)
        .join(User, User.id == SupervisionRecord.trainee_id)
    )
    if query.trainee is not None:
        rows = rows.where(SupervisionRecord.trainee_id == query.trainee)
    if query.status is not None:
        rows = rows.where(SupervisionRecord.status == query.status.value)
    return paginate(
        rows,
        ORDER,
        query,
        serialize=lambda row: serialize(*row),
        values_of=lambda row: [row[0].id],
        scalars=False,
    )


@operation(
    "GET",
    "/supervision/<int:record_id>",
    summary=_l("A supervision session"),
    description=_l("A session the caller may see; any other id answers 404."),
    tags=("supervision",),
    response=SupervisionOut,
)
def get_supervision(user: User, record_id: int) -> SupervisionOut:
    record = db.session.scalar(
        policies.visible_supervision(user).where(SupervisionRecord.id == record_id)
    )
    if record is None:
        raise NotFoundError(_("That record was not found."))
    return serialize(record, record.trainee)
