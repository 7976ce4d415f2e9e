"""Public certificate verification: no account needed.  Every route is rate-limited."""

from flask import Blueprint

bp = Blueprint("verify", __name__)


from tracker.verify import routes  # noqa: E402, F401
