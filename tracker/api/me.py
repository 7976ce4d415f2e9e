"""``/me``: the account the token belongs to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.api.framework import operation
from tracker.api.schemas import Me
from tracker.models import Role, User


@operation(
    "GET",
    "/me",
    summary=_l("The account the token belongs to"),
    description=_l("Who the token acts as: id, email, name and role."),
    tags=("me",),
    response=Me,
)
def me(user: User) -> Me:
    return Me(id=user.id, email=user.email, display_name=user.display_name, role=Role(user.role))
