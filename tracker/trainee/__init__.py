from flask import Blueprint

from tracker.models import Role
from tracker.policies import require_role

bp = Blueprint("trainee", __name__)


@bp.before_request
def _trainees_only() -> None:
    """Every page of this blueprint is a trainee's own: a new route is covered by itself."""
    require_role(Role.TRAINEE)


from tracker.trainee import (  # noqa: E402, F401
    certificates,
    dashboard,
    ethics,
    evidence,
    hours,
    my_data,
    timesheet,
    training,
)
