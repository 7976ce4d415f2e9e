"""The program's code of ethics: its current version acknowledged.

Several codes may exist; a program names the one it asks for.  Publishing a
new version asks every trainee for a new acknowledgement.  With a look-back
window, the acknowledgement must also be recent ("signed every year").
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.models import EthicsAcknowledgement
from tracker.services.errors import ValidationError
from tracker.services.requirements.base import (
    Context,
    Kind,
    Requirement,
    RuleResult,
    with_window,
)


class EthicsAcknowledged(Kind):
    name = "ethics"
    title = _l("Code of ethics")
    summary = _l("The current version of a code of ethics, read and acknowledged.")

    def properties(self) -> dict[str, Any]:
        return {"ethics_code": {"type": "string", "minLength": 1, "maxLength": 40}}

    def required_properties(self) -> list[str]:
        return ["ethics_code"]

    def parse(self, data: dict[str, Any], refs: Any, path: str) -> dict[str, Any]:
        code = refs.ethics_codes.by_code(data["ethics_code"])
        if code is None:
            raise ValidationError(
                {
                    f"{path}.ethics_code": [
                        _("No code of ethics has the code %(code)s.", code=data["ethics_code"])
                    ]
                }
            )
        return {"ethics_code_id": code.id}

    def dump(self, settings: dict[str, Any], refs: Any) -> dict[str, Any]:
        return {"ethics_code": refs.ethics_codes.code(settings["ethics_code_id"])}

    def describe(self, requirement: Requirement, refs: Any) -> str:
        name = refs.ethics_codes.name(requirement.settings["ethics_code_id"])
        return with_window(_("Acknowledge the %(code)s", code=name), requirement)

    def evaluate(
        self, requirement: Requirement, context: Context, refs: Any
    ) -> dict[int, RuleResult]:
        code_id = requirement.settings["ethics_code_id"]
        current = refs.current_ethics_version(code_id)
        since = context.since(requirement)
        acknowledged = {}
        if current is not None:
            acknowledged = dict(
                db.session.execute(
                    select(
                        EthicsAcknowledgement.user_id, EthicsAcknowledgement.acknowledged_at
                    ).where(
                        EthicsAcknowledgement.user_id.in_(context.trainee_ids),
                        EthicsAcknowledgement.ethics_version_id == current.id,
                    )
                ).all()
            )
        label = requirement.label or self.describe(requirement, refs)
        name = refs.ethics_codes.name(code_id)
        results = {}
        for trainee_id in context.trainee_ids:
            if current is None:
                results[trainee_id] = RuleResult(
                    requirement.key,
                    self.name,
                    label,
                    1,
                    0,
                    0,
                    False,
                    "acknowledgement",
                    _("no version has been published yet"),
                    _("Ask a coordinator: the %(code)s has not been published yet.", code=name),
                )
                continue
            when = acknowledged.get(trainee_id)
            day = when.date() if when is not None else None
            if day is not None and (since is None or day >= since) and day <= context.as_of:
                results[trainee_id] = RuleResult(
                    requirement.key,
                    self.name,
                    label,
                    1,
                    1,
                    0,
                    True,
                    "acknowledgement",
                    _(
                        "version %(version)s acknowledged on %(date)s",
                        version=current.version,
                        date=human_date(day),
                    ),
                    met_on=day,
                    changes_on=context.leaves_window(day, requirement),
                )
                continue
            if day is not None and since is not None and day < since:
                detail = _(
                    "version %(version)s was acknowledged on %(date)s, too long ago",
                    version=current.version,
                    date=human_date(day),
                )
            else:
                detail = _(
                    "version %(version)s is waiting for your acknowledgement",
                    version=current.version,
                )
            results[trainee_id] = RuleResult(
                requirement.key,
                self.name,
                label,
                1,
                0,
                0,
                False,
                "acknowledgement",
                detail,
                _(
                    "Read and acknowledge the %(code)s (version %(version)s).",
                    code=name,
                    version=current.version,
                ),
            )
        return results
