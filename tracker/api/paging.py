"""Cursor pagination for every list of the API.

A list is read in a fixed order that ends with a unique column (the id), so
every row has one place.  A page is the first ``limit`` rows (at most 200)
after the cursor; the cursor is the last row's sort values, packed into an
opaque URL-safe string.  The next page is a keyset query (``WHERE (a, id) >
(:a, :id)``) that an index answers directly, so page 500 of 10,000 trainees
costs what page 1 costs, unlike ``OFFSET``, which reads and drops every row
before the page.  The body carries the next page's link (``next``; null on
the last page); a cursor that was not made here is refused with a 400.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from flask import request
from flask_babel import gettext as _
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select, and_, or_

from tracker.api.framework import ApiModel
from tracker.api.problems import ApiError
from tracker.extensions import db
from tracker.forms import gettext_noop as N_

MAX_LIMIT = 200
DEFAULT_LIMIT = 50

Item = TypeVar("Item", bound=BaseModel)


class PageQuery(ApiModel):
    """The query parameters every list takes; a list's own filters extend it."""

    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=N_("How many items a page holds (1 to 200).")
    )
    cursor: str | None = Field(
        None,
        min_length=1,
        max_length=500,
        pattern=r"^[A-Za-z0-9_-]+$",
        description=N_("Where the page starts: the `cursor` of the previous page's `next` link."),
    )


class Page(BaseModel, Generic[Item]):
    __doc__ = N_("One page of a list, in a stable order, and the link to the next page.")

    items: list[Item]
    next: str | None = Field(
        description=N_(
            "The next page's URL (the same filters, a new cursor); null on the last page."
        )
    )


@dataclass(frozen=True)
class Order:
    """One sort key: a column (or expression) and its direction; the last must be unique."""

    column: ColumnElement[Any]
    descending: bool = False
    # The Python type its values have (int, str, date, datetime), checked in a cursor.
    kind: type = int


def _pack(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _unpack(value: Any, kind: type) -> Any:
    if kind is datetime and isinstance(value, dict) and isinstance(value.get("t"), str):
        return datetime.fromisoformat(value["t"])
    if kind is date and isinstance(value, dict) and isinstance(value.get("d"), str):
        return date.fromisoformat(value["d"])
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        if not -(2**63) <= value < 2**63:
            raise ValueError("out of range")
        return value
    if kind is str and isinstance(value, str):
        return value
    if kind is bool and isinstance(value, bool):
        return value
    raise ValueError("wrong kind")


def encode_cursor(values: Sequence[Any]) -> str:
    text = json.dumps([_pack(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, order: Sequence[Order]) -> list[Any]:
    """The sort values a cursor holds.  A cursor of the right form that this list did
    not give out (made up, or from another list) is a 422: well-formed, but nothing to
    continue from."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if not isinstance(raw, list) or len(raw) != len(order):
            raise ValueError("wrong length")
        return [_unpack(value, key.kind) for value, key in zip(raw, order, strict=True)]
    except (ValueError, TypeError, UnicodeError, binascii.Error, RecursionError):
        raise ApiError(
            422,
            _("The cursor is not one this list gave out."),
            {"query.cursor": [_("Use the next link of the previous page as it is.")]},
        ) from None


def after(order: Sequence[Order], values: Sequence[Any]) -> ColumnElement[bool]:
    """Rows strictly after ``values`` in ``order``: the keyset condition, spelt as
    ``a > :a OR (a = :a AND id > :id)`` so that mixed directions work everywhere."""
    clauses = []
    for i, key in enumerate(order):
        equal = [order[j].column == values[j] for j in range(i)]
        beyond = key.column < values[i] if key.descending else key.column > values[i]
        clauses.append(and_(*equal, beyond))
    return or_(*clauses)


def paginate(
    query: Select[Any],
    order: Sequence[Order],
    params: PageQuery,
    serialize: Callable[[Any], Item],
    values_of: Callable[[Any], Sequence[Any]],
    scalars: bool = True,
) -> Page[Item]:
    """One page of ``query``'s rows after ``params.cursor``, in ``order``.

    ``values_of(row)`` gives a row's sort values (the same order as ``order``);
    ``serialize(row)`` its item.  One query: the page plus one row, which tells
    whether there is a next page.  ``scalars``: the rows are the query's first
    entity (a model); otherwise whole result rows.
    """
    if params.cursor:
        query = query.where(after(order, decode_cursor(params.cursor, order)))
    query = query.order_by(*(k.column.desc() if k.descending else k.column.asc() for k in order))
    limited = query.limit(params.limit + 1)
    rows = list(db.session.scalars(limited) if scalars else db.session.execute(limited).all())
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    items = [serialize(row) for row in rows]
    next_url = None
    if more and rows:
        next_url = next_link(encode_cursor(values_of(rows[-1])))
    return Page[Any](items=items, next=next_url)


def next_link(cursor: str) -> str:
    """This request's URL with the cursor replaced: the same filters and limit."""
    args = [(k, v) for k, values in request.args.lists() if k != "cursor" for v in values]
    args.append(("cursor", cursor))
    return f"{request.script_root}{request.path}?{urlencode(args)}"
