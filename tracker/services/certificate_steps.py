"""What a certificate's holder does next, for every state, in plain words.

One function, :func:`for_holder`, used by the trainee's dashboard and certificates
page (and the API to come):

* valid: until when, and when the renewal window opens;
* expiring soon: renew by the expiry date, with the renewal requirements still to do
  and who renews it;
* in grace: it expired on D, can still be renewed until G, lapses on L; the renewal
  requirements left (or, all done, ask the coordinators) and who renews it;
* lapsed: it must be earned again, and what that takes (the program's verdict today);
* revoked: the date and the reason, and that it cannot be renewed.

A certificate issued by a coordinator's decision says so, with the date and the
reason, instead of listing the requirements.  Who renews: the program's
coordinators (the active coordinator accounts), named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.models import Certification, CertificationState, Role, User
from tracker.services import certifications
from tracker.services.certifications import StateView
from tracker.services.dates import local_today
from tracker.services.eligibility import Eligibility, RuleResult, evaluate, evaluate_renewal
from tracker.services.requirements import Refs

NAMED_COORDINATORS = 3


@dataclass(frozen=True)
class HolderSteps:
    """One certificate's state and next steps, as its holder reads them."""

    certification: Certification
    state: StateView
    # One sentence: where it stands and what to do by when.
    headline: str
    # Further steps, in order (who renews it, how to earn it again...).
    steps: list[str] = field(default_factory=list)
    # The renewal requirements still to meet, one step each (while it is held), or, lapsed,
    # the program's requirements still to meet to earn it again.
    left: list[str] = field(default_factory=list)
    # The renewal requirements with a quantity (progress bars), while it is held.
    renewal: list[RuleResult] = field(default_factory=list)
    # Lapsed: the program's verdict today, for earning it again.
    verdict: Eligibility | None = None
    # Issued by a coordinator's decision: on what (the date and the reason).
    issued_by_decision: str | None = None

    @property
    def all_steps(self) -> list[str]:
        """Every step in order: what is left first, then the rest (for a page that shows
        no progress bars of its own)."""
        if self.state.state == CertificationState.LAPSED:
            return [*self.steps, *self.left]
        return [*self.left, *self.steps]


def renewers() -> str:
    """Who renews a certificate, in words: the coordinators, named (a few), of the
    organisation."""
    names = list(
        db.session.scalars(
            select(User.display_name)
            .where(User.role == Role.COORDINATOR, User.active.is_(True))
            .order_by(User.display_name)
            .limit(NAMED_COORDINATORS + 1)
        )
    )
    organisation = current_app.config["ORGANISATION_NAME"]
    if not names:
        return _("the coordinators of %(organisation)s", organisation=organisation)
    shown = ", ".join(names[:NAMED_COORDINATORS])
    if len(names) > NAMED_COORDINATORS:
        return _(
            "the coordinators of %(organisation)s (%(names)s and others)",
            organisation=organisation,
            names=shown,
        )
    return _(
        "the coordinators of %(organisation)s (%(names)s)", organisation=organisation, names=shown
    )


def issued_by_decision(certification: Certification) -> str | None:
    """For the holder and coordinators: what an override certificate was issued on."""
    if not certification.override_reason:
        return None
    return _(
        "Issued on %(date)s by a coordinator's decision: %(reason)s",
        date=human_date(certification.issued_on),
        reason=certification.override_reason,
    )


def _renewal_left(rules: list[RuleResult]) -> list[str]:
    return [r.next_step for r in rules if not r.met and r.next_step]


def for_holder(
    certification: Certification, today: date | None = None, refs: Refs | None = None
) -> HolderSteps:
    today = today or local_today()
    state = certifications.describe_state(certification, today)
    expires = human_date(certification.expires_on)
    lapses = human_date(certification.lapses_on)
    steps: list[str] = []
    renewal: list[RuleResult] = []
    verdict: Eligibility | None = None
    left: list[str] = []

    if state.held:
        renewal_verdict = evaluate_renewal(certification, today, refs)
        renewal = [r for r in renewal_verdict.rules if r.required > 0]
        left = _renewal_left(renewal_verdict.rules)
    if state.state == CertificationState.VALID:
        headline = _(
            "Valid until %(date)s. Renewal opens on %(opens)s.",
            date=expires,
            opens=human_date(certification.expiring_from),
        )
        if renewal:
            steps.append(_("Meanwhile, complete the continuing education below."))
    elif state.state == CertificationState.EXPIRING:
        headline = _("Renew it by %(date)s, its expiry date.", date=expires)
        steps.append(
            _(
                "When the renewal requirements are met, %(who)s renew it.",
                who=renewers(),
            )
            if left
            else _(
                "Every renewal requirement is met: ask %(who)s to renew it before %(date)s.",
                who=renewers(),
                date=expires,
            )
        )
    elif state.state == CertificationState.IN_GRACE:
        headline = _(
            "It expired on %(expired)s. It can still be renewed until %(until)s; on %(lapses)s "
            "it lapses and must be earned again.",
            expired=expires,
            until=human_date(state.day),
            lapses=lapses,
        )
        steps.append(
            _(
                "Then ask %(who)s to renew it, before %(until)s.",
                who=renewers(),
                until=human_date(state.day),
            )
            if left
            else _(
                "Every renewal requirement is met: ask %(who)s to renew it before %(until)s.",
                who=renewers(),
                until=human_date(state.day),
            )
        )
    elif state.state == CertificationState.LAPSED:
        headline = _(
            "It lapsed on %(date)s and cannot be renewed: it must be earned again.",
            date=lapses,
        )
        newer = certifications.held(certification.trainee, certification.program, today)
        if newer is not None:
            steps.append(
                _("You hold a newer certificate in this program, %(number)s.", number=newer.number)
            )
        else:
            verdict = evaluate(certification.trainee, certification.program, today)
            steps.append(
                _(
                    "To earn it again, meet the requirements of %(program)s as they are today: "
                    "you meet %(met)d of %(total)d. Then %(who)s issue a new certificate.",
                    program=certification.program.name,
                    met=verdict.met_count,
                    total=len(verdict.rules),
                    who=renewers(),
                )
            )
            left = list(verdict.next_steps)
    else:
        headline = _(
            "It was revoked on %(date)s and is not valid. The reason: %(reason)s",
            date=human_date(state.day),
            reason=certification.revocation_reason or "",
        )
        steps.append(
            _(
                "A revoked certificate cannot be renewed. If you have questions, ask %(who)s.",
                who=renewers(),
            )
        )
    return HolderSteps(
        certification=certification,
        state=state,
        headline=headline,
        steps=steps,
        left=left,
        renewal=renewal,
        verdict=verdict,
        issued_by_decision=issued_by_decision(certification),
    )
