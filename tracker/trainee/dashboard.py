"""The trainee's start page."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Enrolment, Program
from tracker.trainee import bp


@bp.get("/dashboard")
def dashboard():  # type: ignore[no-untyped-def]
    programs = db.session.scalars(
        select(Program)
        .join(Enrolment, Enrolment.program_id == Program.id)
        .where(Enrolment.trainee_id == current_user.id, Enrolment.withdrawn_at.is_(None))
        .order_by(Program.name)
    ).all()
    return render_template("trainee/dashboard.html", programs=programs)
