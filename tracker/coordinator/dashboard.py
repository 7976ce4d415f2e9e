"""The coordinator's start page: what needs attention, each count a link to its list."""

from __future__ import annotations

from flask import render_template

from tracker.coordinator import bp
from tracker.services import overview


@bp.get("/")
def dashboard():  # type: ignore[no-untyped-def]
    return render_template(
        "coordinator/dashboard.html",
        counts=overview.coordinator_counts(),
    )
