"""Progress: a trainee's standing in each of their programs, as the dashboard shows it.

The verdicts come from the eligibility service through ``progress.eligibility``
(stored verdicts while current, fresh ones otherwise), exactly as the trainee's
dashboard and the supervisor's trainee page read them.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.api.framework import operation
from tracker.api.schemas import PersonRef, ProgramProgress, Progress
from tracker.models import User
from tracker.services import programs, progress, supervisors
from tracker.services.dates import local_today


def progress_of(trainee: User) -> Progress:
    enrolments = programs.current_enrolments(trainee)
    verdicts = progress.eligibility(trainee.id, [e.program for e in enrolments], local_today())
    return Progress(
        trainee=PersonRef(id=trainee.id, display_name=trainee.display_name),
        programs=[
            ProgramProgress.model_validate(verdicts[e.program.id].to_dict()) for e in enrolments
        ],
    )


@operation(
    "GET",
    "/me/progress",
    summary=_l("Your progress in each of your programs"),
    description=_l(
        "For each program you are enrolled in: every requirement with what it asks, what "
        "is done, what waits for review and what is missing, and the next steps. The same "
        "figures as your dashboard. An account that is not a trainee has no programs."
    ),
    tags=("progress",),
    response=Progress,
)
def my_progress(user: User) -> Progress:
    return progress_of(user)


@operation(
    "GET",
    "/trainees/<int:trainee_id>/progress",
    summary=_l("A trainee's progress in each of their programs"),
    description=_l(
        "Coordinators see every trainee; a supervisor sees the trainees assigned to them; "
        "a trainee sees only themselves. Anyone else gets 404, as for a trainee who does "
        "not exist."
    ),
    tags=("progress",),
    response=Progress,
    errors=(404,),
)
def trainee_progress(user: User, trainee_id: int) -> Progress:
    return progress_of(supervisors.trainee_for(user, trainee_id))
