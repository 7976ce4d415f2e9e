from flask import Blueprint

bp = Blueprint("auth", __name__)

from tracker.auth import api_tokens, routes  # noqa: E402, F401  (routes attach themselves to bp)
