"""``/verify`` (a form for the code) and ``/verify/<code>`` (the certificate's public page).

The page shows what an employer needs and nothing else: the holder's name, the
program, the number, the dates, the issuer and the state today.  Any code that
matches no certification, whatever its case, length or characters, gets the
same "not found" page with a 404, which says nothing about the code itself.
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for

from tracker.extensions import limiter
from tracker.services import certifications, credentials
from tracker.services.dates import local_today
from tracker.verify import bp
from tracker.verify.forms import LookupForm


def _verify_limit() -> str:
    return current_app.config.get("VERIFY_RATELIMIT") or "30 per minute"


# One budget per address for both pages, so guessing codes is slow whichever door is used.
rate_limited = limiter.shared_limit(_verify_limit, scope="verify")


@bp.after_request
def _public_page_headers(response):  # type: ignore[no-untyped-def]
    # A revocation must show at once, and these pages name people: no caches, no indexing.
    response.headers.setdefault("Cache-Control", "no-cache")
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _not_found():  # type: ignore[no-untyped-def]
    # The same page for every unknown code: nothing of the request is echoed back.
    return render_template("verify/not_found.html", form=LookupForm(formdata=None)), 404


@bp.get("/verify")
@rate_limited
def lookup():  # type: ignore[no-untyped-def]
    form = LookupForm(request.args)
    if "code" not in request.args:
        return render_template("verify/lookup.html", form=form)
    if not form.validate():
        return render_template("verify/lookup.html", form=form), 400
    certification = certifications.find_by_code(form.code.data)
    if certification is None:
        return _not_found()
    grouped = certifications.format_code(certification.verification_code)
    return redirect(url_for("verify.certificate", code=grouped), 303)


@bp.get(credentials.VERIFY_PATH, defaults={"code": ""})
@bp.get(credentials.VERIFY_PATH + "<path:code>")
@rate_limited
def certificate(code: str):  # type: ignore[no-untyped-def]
    certification = certifications.find_by_code(code)
    if certification is None:
        return _not_found()
    today = local_today()
    facts = credentials.facts(certification, today)
    return render_template("verify/certificate.html", facts=facts, today=today)
