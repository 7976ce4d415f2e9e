"""The trainee's own certificates: state, expiry, public link, and the files to download.

Every query starts from ``policies.visible_certifications``, so another trainee's
certification id answers 404.
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_login import current_user

from tracker import policies
from tracker.extensions import db
from tracker.forms import page_arg
from tracker.models import Certification
from tracker.services import certificate_steps, credentials
from tracker.services.dates import local_today
from tracker.trainee import bp
from tracker.verify import downloads


def _own(certification_id: int) -> Certification:
    return db.first_or_404(
        policies.visible_certifications(current_user).where(Certification.id == certification_id)
    )


@bp.get("/certificates", endpoint="certifications")
def certificates_page():  # type: ignore[no-untyped-def]
    query = policies.visible_certifications(current_user).order_by(
        Certification.issued_on.desc(), Certification.id.desc()
    )
    page = db.paginate(
        query, page=page_arg(), per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False
    )
    today = local_today()
    rows = [
        (c, credentials.facts(c, today), certificate_steps.for_holder(c, today)) for c in page.items
    ]
    return render_template("trainee/certificates.html", page=page, rows=rows)


@bp.get("/certificates/<int:certification_id>/certificate.pdf")
def certificate_pdf(certification_id: int):  # type: ignore[no-untyped-def]
    return downloads.pdf_file(_own(certification_id))


@bp.get("/certificates/<int:certification_id>/badge.jwt")
def certificate_jwt(certification_id: int):  # type: ignore[no-untyped-def]
    return downloads.jwt_file(_own(certification_id))


@bp.get("/certificates/<int:certification_id>/badge.json")
def certificate_json(certification_id: int):  # type: ignore[no-untyped-def]
    return downloads.json_file(_own(certification_id))
