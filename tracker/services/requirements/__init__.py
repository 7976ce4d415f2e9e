"""The registry of requirement kinds.

Each kind is one module of this package: its settings (stored, and as written
in a program document, with the JSON Schema of the latter), its plain-words
description and its batched evaluation.  Eligibility walks a program's
requirements and asks each one's kind; the program document's schema is
assembled here from every kind's fragment.  A new kind is one new module,
registered below, and its tests.
"""

from __future__ import annotations

from typing import Any

from tracker.services.requirements.alternatives import Alternatives
from tracker.services.requirements.base import (
    Context,
    Kind,
    Requirement,
    RuleResult,
)
from tracker.services.requirements.documents import Documents
from tracker.services.requirements.ethics import EthicsAcknowledged
from tracker.services.requirements.exam import ExamPassed
from tracker.services.requirements.experience import ExperienceHours
from tracker.services.requirements.holds import HoldsCertification
from tracker.services.requirements.modules import RequiredModules
from tracker.services.requirements.refs import Refs
from tracker.services.requirements.supervision import SupervisionHours
from tracker.services.requirements.training import TrainingHours

__all__ = [
    "KINDS",
    "Context",
    "Kind",
    "Refs",
    "Requirement",
    "RuleResult",
    "get",
    "requirement_schema",
]

KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    KINDS[kind.name] = kind


for _kind in (
    RequiredModules(),
    TrainingHours(),
    ExperienceHours(),
    SupervisionHours(),
    Documents(),
    ExamPassed(),
    EthicsAcknowledged(),
    HoldsCertification(),
    Alternatives(KINDS),
):
    register(_kind)

KEY_PATTERN = "^[a-z0-9][a-z0-9_.-]{0,39}$"
COMMON_PROPERTIES: dict[str, Any] = {
    "kind": {"type": "string"},
    "label": {"type": "string", "maxLength": 200},
    "within_months": {"type": "integer", "minimum": 1, "maximum": 240},
}


def get(name: Any) -> Kind | None:
    return KINDS.get(name) if isinstance(name, str) else None


def _kind_branch(kind: Kind, with_key: bool) -> dict[str, Any]:
    properties = {**COMMON_PROPERTIES, **kind.properties()}
    if with_key:
        properties["key"] = {"type": "string", "pattern": KEY_PATTERN}
    return {
        "if": {"properties": {"kind": {"const": kind.name}}, "required": ["kind"]},
        "then": {
            "properties": properties,
            "required": kind.required_properties(),
            "additionalProperties": False,
        },
    }


def requirement_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """JSON Schema of one requirement of a program document, and of an alternative's option.

    Each kind contributes its own members; ``kind`` picks the branch, so a
    mistake is reported against the kind's own fields.
    """
    requirement = {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": sorted(KINDS)}},
        "allOf": [_kind_branch(kind, True) for kind in KINDS.values()],
    }
    option = {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": sorted(k.name for k in KINDS.values() if k.may_be_option)}},
        "allOf": [_kind_branch(kind, False) for kind in KINDS.values() if kind.may_be_option],
    }
    return requirement, option
