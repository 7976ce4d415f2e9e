"""``/domains`` and ``/activities``: the training domains and experience activities.
Everyone reads them; coordinators add, rename, archive and restore rows, as under
Programs → Vocabularies.

The two lists have the same shape and the same rules
(:mod:`tracker.services.vocabulary`): a row's code is proposed from its name when
none is given, is unique, and never changes once created (program documents and
exports name it); rows are archived, never deleted, and what was recorded with an
archived row still counts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import Field
from sqlalchemy import select

from tracker import policies
from tracker.api import PREFIX
from tracker.api.framework import ApiModel, Created, operation
from tracker.api.paging import Order, Page, PageQuery, paginate
from tracker.api.problems import ApiError
from tracker.extensions import db
from tracker.forms import gettext_noop as N_
from tracker.models import User
from tracker.services import vocabulary
from tracker.services.errors import NotFoundError
from tracker.services.vocabulary import VOCABULARIES, Vocabulary


class VocabularyRow(ApiModel):
    __doc__ = N_("A training domain or an experience activity.")

    id: int
    code: str = Field(description=N_("Fixed once created; program documents name it."))
    name: str
    position: int = Field(description=N_("Where it stands in lists offered to people."))
    archived: bool = Field(
        description=N_("Archived rows are no longer offered; history keeps them.")
    )
    created_at: datetime


class VocabularyIn(ApiModel):
    __doc__ = N_("A new row: its name, and optionally its code (made from the name otherwise).")

    name: str = Field(description=N_("At most 120 characters."))
    code: str | None = Field(
        None,
        description=N_(
            "Lower-case letters, digits, `-`, `_` and `.`, at most 40; leave it out "
            "to make one from the name."
        ),
    )


class VocabularyChange(ApiModel):
    __doc__ = N_("A new name; the code never changes.")

    name: str = Field(description=N_("At most 120 characters."))


class VocabularyListQuery(PageQuery):
    status: Literal["active", "archived", "all"] = Field(
        "active", description=N_("Active rows (the default), archived ones, or all.")
    )


def row_out(row: Any) -> VocabularyRow:
    return VocabularyRow(
        id=row.id,
        code=row.code,
        name=row.name,
        position=row.position,
        archived=row.is_archived,
        created_at=row.created_at,
    )


def _coordinator(user: User) -> None:
    if not policies.can_manage_program(user):
        raise ApiError(403, _("Only coordinators change the vocabularies."))


# Each vocabulary's words, whole sentences for the translators.
WORDS: dict[str, dict[str, Any]] = {
    "domains": {
        "list": _l("List training domains"),
        "get": _l("One training domain"),
        "create": _l("Add a training domain"),
        "rename": _l("Rename a training domain"),
        "archive": _l("Archive a training domain"),
        "restore": _l("Restore an archived training domain"),
        "missing": _l("This training domain does not exist."),
    },
    "activities": {
        "list": _l("List experience activities"),
        "get": _l("One experience activity"),
        "create": _l("Add an experience activity"),
        "rename": _l("Rename an experience activity"),
        "archive": _l("Archive an experience activity"),
        "restore": _l("Restore an archived experience activity"),
        "missing": _l("This experience activity does not exist."),
    },
}


def _declare(slug: str, singular: str, plural: str) -> None:
    """The six operations of one vocabulary, under ``/<slug>``."""
    kept: Vocabulary = VOCABULARIES[slug]
    words = WORDS[slug]
    model = kept.model
    tags = (slug,)
    order = [Order(model.position), Order(model.id)]

    def find(row_id: int) -> Any:
        row = db.session.get(model, row_id)
        if row is None:
            raise NotFoundError(str(words["missing"]))
        return row

    def named(view: Callable[..., Any], verb: str) -> Callable[..., Any]:
        view.__name__ = f"{verb}_{singular}" if verb != "list" else f"list_{plural}"
        return view

    def list_rows(user: User, query: VocabularyListQuery) -> Page[VocabularyRow]:
        selected = select(model)
        if query.status == "active":
            selected = selected.where(model.archived_at.is_(None))
        elif query.status == "archived":
            selected = selected.where(model.archived_at.is_not(None))
        return paginate(selected, order, query, row_out, lambda r: (r.position, r.id))

    operation(
        "GET",
        f"/{slug}",
        summary=words["list"],
        description=_l(
            "In the order they are offered: active rows unless `status` says otherwise. "
            "Everyone may read them."
        ),
        tags=tags,
        response=Page[VocabularyRow],
        query=VocabularyListQuery,
    )(named(list_rows, "list"))

    def get_row(user: User, row_id: int) -> VocabularyRow:
        return row_out(find(row_id))

    operation(
        "GET",
        f"/{slug}/<int:row_id>",
        summary=words["get"],
        tags=tags,
        response=VocabularyRow,
    )(named(get_row, "get"))

    def create_row(user: User, body: VocabularyIn) -> Created:
        _coordinator(user)
        row = vocabulary.create(kept, user, **body.model_dump(exclude_none=True))
        return Created(row_out(row), f"{PREFIX}/{slug}/{row.id}")

    operation(
        "POST",
        f"/{slug}",
        summary=words["create"],
        description=_l(
            "Coordinators only. The code is made from the name unless given; it must be "
            "unused. Send an Idempotency-Key to retry safely."
        ),
        tags=tags,
        response=VocabularyRow,
        status=201,
        body=VocabularyIn,
        errors=(403,),
        idempotent=True,
    )(named(create_row, "create"))

    def rename_row(user: User, row_id: int, body: VocabularyChange) -> VocabularyRow:
        _coordinator(user)
        row = find(row_id)
        return row_out(vocabulary.update(kept, row, user, name=body.name))

    operation(
        "PATCH",
        f"/{slug}/<int:row_id>",
        summary=words["rename"],
        description=_l("Coordinators only. The code stays as it is."),
        tags=tags,
        response=VocabularyRow,
        body=VocabularyChange,
        errors=(403,),
    )(named(rename_row, "rename"))

    def archive_row(user: User, row_id: int) -> VocabularyRow:
        _coordinator(user)
        row = find(row_id)
        vocabulary.set_archived(kept, row, user, True)
        return row_out(row)

    operation(
        "POST",
        f"/{slug}/<int:row_id>/archive",
        summary=words["archive"],
        description=_l(
            "Coordinators only. It is no longer offered in forms; what was recorded with "
            "it still counts. Archiving again changes nothing."
        ),
        tags=tags,
        response=VocabularyRow,
        errors=(403,),
    )(named(archive_row, "archive"))

    def restore_row(user: User, row_id: int) -> VocabularyRow:
        _coordinator(user)
        row = find(row_id)
        vocabulary.set_archived(kept, row, user, False)
        return row_out(row)

    operation(
        "POST",
        f"/{slug}/<int:row_id>/restore",
        summary=words["restore"],
        description=_l("Coordinators only. Restoring an active row changes nothing."),
        tags=tags,
        response=VocabularyRow,
        errors=(403,),
    )(named(restore_row, "restore"))


_declare("domains", "domain", "domains")
_declare("activities", "activity", "activities")
