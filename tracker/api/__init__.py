"""The JSON API, version 1, under ``/api/v1``.

One blueprint; one module per resource, each adding its operations with
:func:`tracker.api.framework.operation`.  A new resource is a new module named
in ``RESOURCES`` (and its tests); the OpenAPI document, the docs page, the
access walk and the fuzz test pick it up from there.

The API never reads the session cookie: a request is anonymous until its
``Authorization: Bearer`` token says who sends it, so a browser's session
cannot drive it from another site, and it needs no CSRF token.
"""

from __future__ import annotations

import importlib

from flask import Blueprint, Flask

PREFIX = "/api/v1"

bp = Blueprint("api", __name__, url_prefix=PREFIX)

# The modules that add operations to ``bp``, in the order the docs list them.
RESOURCES = (
    "tracker.api.me",
    "tracker.api.progress",
    "tracker.api.hours",
    "tracker.api.certifications",
    "tracker.api.supervision",
    "tracker.api.documents",
    "tracker.api.modules",
    "tracker.api.vocabularies",
    "tracker.api.programs",
    "tracker.api.trainees",
    "tracker.api.verify",
    "tracker.api.openapi",
)


def register(app: Flask) -> None:
    """Load every resource module (once per process) and register the blueprint."""
    from tracker.api import framework
    from tracker.extensions import csrf, limiter

    for name in RESOURCES:
        importlib.import_module(name)
    if not framework.BLUEPRINT_READY:
        csrf.exempt(bp)
        bp.after_request(framework.cache_headers)
        # One budget per token for the whole API (per address without a token).
        limiter.shared_limit(framework.rate_limit, scope="api", key_func=framework.rate_key)(bp)
        framework.BLUEPRINT_READY = True
    app.register_blueprint(bp)
