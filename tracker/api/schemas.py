"""Models the API's resources share: people as others see them, progress."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from tracker.api.framework import ApiModel
from tracker.forms import gettext_noop as N_
from tracker.models import Role


class PersonRef(ApiModel):
    __doc__ = N_("A person named in another resource.")

    id: int = Field(description=N_("The account's id."))
    display_name: str


class RuleProgress(ApiModel):
    __doc__ = N_("One requirement's standing: what it asks, what is done, what waits for review.")

    key: str = Field(description=N_("The requirement's key within its program."))
    kind: str = Field(description=N_("The requirement's kind (modules, experience_hours...)."))
    label: str
    required: float = Field(description=N_("What the requirement asks, in `unit`."))
    done: float = Field(description=N_("What counts so far, in `unit`."))
    pending: float = Field(description=N_("What waits for review and would count, in `unit`."))
    missing: float = Field(description=N_("What is still missing, in `unit`."))
    met: bool
    unit: str
    detail: str
    next_step: str = Field(description=N_("What to do next, in plain words (empty when met)."))
    items: list[RuleProgress] = Field(
        description=N_("Its parts: each module of a list, each option, each limit.")
    )
    met_on: date | None = Field(description=N_("The day it was met, where the kind knows it."))
    changes_on: date | None = Field(
        description=N_(
            "The first day on which time alone may change it (evidence leaving "
            "the window, a document expiring)."
        )
    )


class ProgramProgress(ApiModel):
    __doc__ = N_("A trainee's standing in one program: the eligibility service's verdict.")

    trainee_id: int
    program_id: int
    program: str = Field(description=N_("The program's name."))
    as_of: date
    renewal: bool
    eligible: bool = Field(description=N_("Whether every requirement is met."))
    met: int = Field(description=N_("How many requirements are met."))
    total: int = Field(description=N_("How many requirements the program has."))
    rules: list[RuleProgress]
    next_steps: list[str]
    language: str = Field(
        description=N_(
            "The language its words are in (as the request's Accept-Language "
            "or the account's own choice asked, e.g. en, es)."
        )
    )


class Progress(ApiModel):
    __doc__ = N_("A trainee's progress in every program they are enrolled in, by program name.")

    trainee: PersonRef
    programs: list[ProgramProgress]


class Me(ApiModel):
    __doc__ = N_("The account the token belongs to.")

    id: int
    email: str
    display_name: str
    role: Role
