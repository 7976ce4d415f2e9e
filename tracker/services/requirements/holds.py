"""Holds a certification: a current (issued, not expired, not revoked) one in another program.

For an initial certificate before the full one, or an endorsement on top of
a base credential.  A certificate past its expiry date does not count, even
inside its grace period.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.models import Certification
from tracker.services.errors import ValidationError
from tracker.services.requirements.base import Context, Kind, Requirement, RuleResult


class HoldsCertification(Kind):
    name = "certification"
    title = _l("Holds a certification")
    summary = _l(
        "A current certification in another program (a base credential, an earlier level)."
    )

    def properties(self) -> dict[str, Any]:
        return {"program": {"type": "string", "minLength": 2, "maxLength": 10}}

    def required_properties(self) -> list[str]:
        return ["program"]

    def parse(self, data: dict[str, Any], refs: Any, path: str) -> dict[str, Any]:
        program = refs.programs.by_code(data["program"])
        if program is None:
            raise ValidationError(
                {f"{path}.program": [_("No program has the code %(code)s.", code=data["program"])]}
            )
        return {"program_id": program.id}

    def dump(self, settings: dict[str, Any], refs: Any) -> dict[str, Any]:
        return {"program": refs.programs.code(settings["program_id"])}

    def describe(self, requirement: Requirement, refs: Any) -> str:
        name = refs.programs.name(requirement.settings["program_id"])
        return _("Hold a current %(program)s certification", program=name)

    def evaluate(
        self, requirement: Requirement, context: Context, refs: Any
    ) -> dict[int, RuleResult]:
        program_id = requirement.settings["program_id"]
        held = {}
        for trainee_id, number, issued_on, expires_on in db.session.execute(
            select(
                Certification.trainee_id,
                Certification.number,
                Certification.issued_on,
                Certification.expires_on,
            )
            .where(
                Certification.trainee_id.in_(context.trainee_ids),
                Certification.program_id == program_id,
                Certification.revoked_at.is_(None),
                Certification.issued_on <= context.as_of,
                Certification.expires_on >= context.as_of,
            )
            .order_by(Certification.expires_on)
        ):
            held[trainee_id] = (number, issued_on, expires_on)
        label = requirement.label or self.describe(requirement, refs)
        name = refs.programs.name(program_id)
        results = {}
        for trainee_id in context.trainee_ids:
            if trainee_id in held:
                number, issued_on, expires_on = held[trainee_id]
                results[trainee_id] = RuleResult(
                    requirement.key,
                    self.name,
                    label,
                    1,
                    1,
                    0,
                    True,
                    "certification",
                    _(
                        "%(number)s, valid until %(date)s",
                        number=number,
                        date=human_date(expires_on),
                    ),
                    met_on=issued_on,
                    changes_on=context.after_today(expires_on + timedelta(days=1)),
                )
            else:
                results[trainee_id] = RuleResult(
                    requirement.key,
                    self.name,
                    label,
                    1,
                    0,
                    0,
                    False,
                    "certification",
                    _("no current %(program)s certification", program=name),
                    _("Earn (or renew) the %(program)s certification first.", program=name),
                )
        return results
