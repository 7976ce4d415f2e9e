from flask import Blueprint

from tracker.models import Role
from tracker.policies import require_role

bp = Blueprint("supervisor", __name__)


@bp.before_request
def _supervisors_only() -> None:
    """Every page of this blueprint is a supervisor's: a new route is covered by itself."""
    require_role(Role.SUPERVISOR)


from tracker.supervisor import pages  # noqa: E402, F401
