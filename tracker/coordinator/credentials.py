"""Coordinators download any certification's PDF and badge (the blueprint checks the role)."""

from __future__ import annotations

from flask_login import current_user

from tracker import policies
from tracker.coordinator import bp
from tracker.extensions import db
from tracker.models import Certification
from tracker.verify import downloads


def _certification(certification_id: int) -> Certification:
    return db.first_or_404(
        policies.visible_certifications(current_user).where(Certification.id == certification_id)
    )


@bp.get("/certifications/<int:certification_id>/certificate.pdf")
def certification_pdf(certification_id: int):  # type: ignore[no-untyped-def]
    return downloads.pdf_file(_certification(certification_id))


@bp.get("/certifications/<int:certification_id>/badge.jwt")
def certification_jwt(certification_id: int):  # type: ignore[no-untyped-def]
    return downloads.jwt_file(_certification(certification_id))


@bp.get("/certifications/<int:certification_id>/badge.json")
def certification_json(certification_id: int):  # type: ignore[no-untyped-def]
    return downloads.json_file(_certification(certification_id))
