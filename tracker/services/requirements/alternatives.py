"""Alternatives: met when any one of its options is met ("12 months of work or 24 credits").

One level deep: an option is a requirement of any other kind, with its own
label and look-back window.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.services.errors import ValidationError
from tracker.services.requirements.base import (
    Context,
    Kind,
    Requirement,
    RuleResult,
    earliest,
)

MAX_OPTIONS = 5


class Alternatives(Kind):
    name = "alternatives"
    title = _l("One of several options")
    summary = _l("Met when any one of its options is met: 12 months of work or 24 college credits.")
    may_be_option = False

    def __init__(self, registry: Any) -> None:
        self.registry = registry

    def properties(self) -> dict[str, Any]:
        return {
            "options": {
                "type": "array",
                "minItems": 2,
                "maxItems": MAX_OPTIONS,
                "items": {"$ref": "#/$defs/option"},
            }
        }

    def required_properties(self) -> list[str]:
        return ["options"]

    def options(self, requirement: Requirement) -> list[Requirement]:
        return [
            Requirement(
                key=f"{requirement.key}.{n + 1}",
                kind=option["kind"],
                label=option.get("label", ""),
                window_months=option.get("window_months"),
                settings=option.get("settings", {}),
            )
            for n, option in enumerate(requirement.settings.get("options", []))
        ]

    def parse(self, data: dict[str, Any], refs: Any, path: str) -> dict[str, Any]:
        options = []
        for n, item in enumerate(data["options"]):
            field = f"{path}.options[{n}]"
            kind = self.registry.get(item.get("kind"))
            if kind is None or not kind.may_be_option:
                raise ValidationError({f"{field}.kind": [_("Choose another kind of requirement.")]})
            options.append(
                {
                    "kind": kind.name,
                    "label": item.get("label", ""),
                    "window_months": item.get("within_months"),
                    "settings": kind.parse(item, refs, field),
                }
            )
        return {"options": options}

    def dump(self, settings: dict[str, Any], refs: Any) -> dict[str, Any]:
        options = []
        for option in settings.get("options", []):
            item: dict[str, Any] = {"kind": option["kind"]}
            if option.get("label"):
                item["label"] = option["label"]
            if option.get("window_months"):
                item["within_months"] = option["window_months"]
            item.update(self.registry[option["kind"]].dump(option.get("settings", {}), refs))
            options.append(item)
        return {"options": options}

    def describe_option(self, option: Requirement, refs: Any) -> str:
        return option.label or self.registry[option.kind].describe(option, refs)

    def describe(self, requirement: Requirement, refs: Any) -> str:
        names = [self.describe_option(o, refs) for o in self.options(requirement)]
        return _("One of: %(options)s", options=_(" or ").join(names))

    def evaluate(
        self, requirement: Requirement, context: Context, refs: Any
    ) -> dict[int, RuleResult]:
        options = self.options(requirement)
        per_option = [
            self.registry[option.kind].evaluate(option, context, refs) for option in options
        ]
        label = requirement.label or self.describe(requirement, refs)
        results = {}
        for trainee_id in context.trainee_ids:
            items = tuple(results_[trainee_id] for results_ in per_option)
            met_items = [item for item in items if item.met]
            met = bool(met_items)
            step = ""
            if not met:
                step = _(
                    "Meet one of these: %(options)s.",
                    options=_(" or ").join(item.label for item in items),
                )
            results[trainee_id] = RuleResult(
                requirement.key,
                self.name,
                label,
                1,
                1 if met else 0,
                0,
                met,
                "options",
                "",
                step,
                items,
                met_on=min((i.met_on for i in met_items if i.met_on), default=None),
                changes_on=earliest(*(i.changes_on for i in items)),
            )
        return results
