from flask import Blueprint

from tracker.models import Role
from tracker.policies import require_role

bp = Blueprint("coordinator", __name__)


@bp.before_request
def _coordinators_only() -> None:
    """Every page of this blueprint is for coordinators: a new route is covered by itself."""
    require_role(Role.COORDINATOR)


from tracker.coordinator import (  # noqa: E402, F401
    accounts,
    catalogue,
    certifications,
    credentials,
    dashboard,
    evidence,
    history,
    outbox,
    program_editor,
    programs,
    reports,
    review,
    sign_in,
    trainees,
    vocabulary,
)
