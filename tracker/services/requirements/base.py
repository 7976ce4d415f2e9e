"""What every requirement kind shares: the result of evaluating one
requirement for one trainee, the context an evaluation runs in, and the
interface each kind implements.

A kind is a small class registered in :mod:`tracker.services.requirements`.
It knows

* its settings as stored (``settings``: catalogue rows named by id) and as
  written in a program document (catalogue rows named by code), with the
  JSON Schema fragment that validates the document form;
* how to say the requirement in plain words;
* how to evaluate it for many trainees at once, in a fixed number of
  queries (aggregates in SQL, never a loop of queries over trainees).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, ClassVar

from flask_babel import gettext as _

from tracker.services.dates import add_months, window_start
from tracker.services.errors import ValidationError


@dataclass(frozen=True)
class RuleResult:
    """One requirement's standing for one trainee.

    ``required``, ``done`` and ``pending`` are in the requirement's ``unit``
    (hours, modules, documents...).  ``items`` break it down (each module of a
    list, each option of an alternative, each limit of an hour requirement).
    ``met_on`` is the day it was met, where the kind knows it (the exam's
    date, the acknowledgement's); ``changes_on`` is the first day on which the
    passing of time alone may change it (evidence leaving the look-back
    window, a document or a certification expiring), or None.
    """

    key: str
    kind: str
    label: str
    required: float
    done: float
    pending: float
    met: bool
    unit: str
    detail: str = ""
    next_step: str = ""
    items: tuple[RuleResult, ...] = ()
    met_on: date | None = None
    changes_on: date | None = None

    @property
    def missing(self) -> float:
        return max(0.0, round(self.required - self.done, 2))

    @property
    def percent(self) -> int:
        if self.met:
            return 100
        if self.required <= 0:
            return 0
        return max(0, min(99, int(100 * self.done / self.required)))

    def to_dict(self) -> dict[str, Any]:
        # Written out (not dataclasses.asdict, which deep-copies every value): every
        # stored verdict goes through here, thousands at a time.
        return {
            "key": self.key,
            "kind": self.kind,
            "label": str(self.label),
            "required": self.required,
            "done": self.done,
            "pending": self.pending,
            "met": self.met,
            "unit": self.unit,
            "detail": str(self.detail),
            "next_step": str(self.next_step),
            "items": [item.to_dict() for item in self.items],
            "met_on": self.met_on.isoformat() if self.met_on else None,
            "changes_on": self.changes_on.isoformat() if self.changes_on else None,
            "missing": self.missing,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RuleResult:
        """A result from :meth:`to_dict`'s output (a stored verdict)."""
        return cls(
            key=data["key"],
            kind=data["kind"],
            label=data["label"],
            required=data["required"],
            done=data["done"],
            pending=data["pending"],
            met=data["met"],
            unit=data["unit"],
            detail=data.get("detail", ""),
            next_step=data.get("next_step", ""),
            items=tuple(cls.from_dict(item) for item in data.get("items", [])),
            met_on=date.fromisoformat(data["met_on"]) if data.get("met_on") else None,
            changes_on=date.fromisoformat(data["changes_on"]) if data.get("changes_on") else None,
        )


@dataclass(frozen=True)
class Requirement:
    """A requirement as a kind evaluates it: a program's row, or an option of an alternative."""

    key: str
    kind: str
    label: str = ""
    window_months: int | None = None
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """One round of evaluation: which trainees, on which day, and what the kinds may share.

    ``cache`` lets several requirements of one program share a query (every
    training-hour requirement with the same window reads the same completions).
    """

    trainee_ids: list[int]
    as_of: date
    cache: dict[Any, Any] = field(default_factory=dict)

    def since(self, requirement: Requirement) -> date | None:
        """The first day the requirement's look-back window counts, or None without one."""
        if not requirement.window_months:
            return None
        return window_start(self.as_of, requirement.window_months)

    def shared(self, key: Any, compute: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def leaves_window(self, day: date | None, requirement: Requirement) -> date | None:
        """The first day on which evidence dated ``day`` is outside the window (None: never)."""
        if day is None or not requirement.window_months:
            return None
        return self.after_today(add_months(day, requirement.window_months))

    def after_today(self, day: date | None) -> date | None:
        """``day``, or tomorrow when ``day`` is not after today (a change is never in the past)."""
        if day is None:
            return None
        return max(day, self.as_of + timedelta(days=1))


def earliest(*days: date | None) -> date | None:
    present = [d for d in days if d is not None]
    return min(present) if present else None


class Kind:
    """The interface of a requirement kind; each kind module subclasses it once."""

    name: ClassVar[str]
    # The kind's name as the editor's "Add a requirement" menu shows it.
    title: ClassVar[str]
    # One sentence under the title in that menu.
    summary: ClassVar[str]
    # Whether the kind may be an option of an alternative.
    may_be_option: ClassVar[bool] = True

    # --- the document form ----------------------------------------------------------------

    def properties(self) -> dict[str, Any]:
        """JSON Schema of the kind's own members in a program document."""
        raise NotImplementedError

    def required_properties(self) -> list[str]:
        return []

    def parse(self, data: dict[str, Any], refs: Any, path: str) -> dict[str, Any]:
        """A document's members to stored settings (codes to ids).

        Raises :class:`ValidationError` whose field names start with ``path``.
        The document has already passed the JSON Schema, so only what the
        schema cannot know is checked here (codes that name nothing, sums).
        """
        raise NotImplementedError

    def dump(self, settings: dict[str, Any], refs: Any) -> dict[str, Any]:
        """Stored settings to a document's members (ids to codes)."""
        raise NotImplementedError

    # --- words ---------------------------------------------------------------------------

    def describe(self, requirement: Requirement, refs: Any) -> str:
        """The requirement in plain words, as a label: "10 training hours in Advocacy"."""
        raise NotImplementedError

    def criteria(self, requirement: Requirement, refs: Any) -> str:
        """The requirement as printed on a certificate: in full (defaults to the description)."""
        return requirement.label or self.describe(requirement, refs)

    # --- evaluation ----------------------------------------------------------------------

    def evaluate(
        self, requirement: Requirement, context: Context, refs: Any
    ) -> dict[int, RuleResult]:
        """The requirement's standing for every trainee of ``context``."""
        raise NotImplementedError


def with_window(text: str, requirement: Requirement) -> str:
    """A description followed by its look-back window, in one translatable sentence."""
    if not requirement.window_months:
        return text
    return _(
        "%(requirement)s within the last %(months)s months",
        requirement=text,
        months=requirement.window_months,
    )


def counted_from(context: Context, requirement: Requirement) -> str:
    since = context.since(requirement)
    if since is None:
        return ""
    from tracker.formatting import human_date

    return _("counted from %(date)s", date=human_date(since))


def minutes_to_hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 2)


def hours_to_minutes(value: Any, path: str) -> int:
    """A document's hours (a number in quarter-hour steps) as minutes."""
    minutes = round(float(value) * 60)
    if minutes % 15 or abs(float(value) * 60 - minutes) > 1e-6:
        raise ValidationError({path: [_("Use quarter-hour steps: .25, .5 or .75.")]})
    return minutes


def hours_number(minutes: int) -> float | int:
    """Minutes as the number of hours written in a document: 600 -> 10, 90 -> 1.5."""
    value = minutes / 60
    return int(value) if value == int(value) else value
