"""Pagination of row selects (several columns per row), for the ``pagination`` macro.

``db.paginate`` returns only the first column of each row; the lists whose
rows carry aggregates (a trainee with their approved hours...) use this.
The object has the attributes the macro reads: page, pages, total, items,
has_prev/has_next, prev_num/next_num and iter_pages().
"""

from __future__ import annotations

from collections.abc import Iterator
from math import ceil
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, select

from tracker.extensions import db
from tracker.forms import page_arg


class RowPage:
    def __init__(
        self,
        query: Select[Any],
        page: int | None = None,
        per_page: int | None = None,
        count: Select[Any] | None = None,
    ):
        """``count``: a select of the number of rows, when the service has a cheaper one
        than counting ``query`` itself."""
        self.per_page = per_page or current_app.config.get("ITEMS_PER_PAGE", 25)
        if page is None:
            page = page_arg()
        if count is None:
            count = select(func.count()).select_from(query.order_by(None).subquery())
        self.total = int(db.session.scalar(count) or 0)
        self.pages = max(1, ceil(self.total / self.per_page)) if self.total else 0
        self.page = min(page, max(self.pages, 1))
        offset = (self.page - 1) * self.per_page
        self.items = list(db.session.execute(query.limit(self.per_page).offset(offset)).all())

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    def iter_pages(
        self,
        *,
        left_edge: int = 2,
        left_current: int = 2,
        right_current: int = 4,
        right_edge: int = 2,
    ) -> Iterator[int | None]:
        """Page numbers with ``None`` where pages are skipped (as Flask-SQLAlchemy's)."""
        last = 0
        for num in range(1, self.pages + 1):
            if (
                num <= left_edge
                or self.page - left_current - 1 < num < self.page + right_current
                or num > self.pages - right_edge
            ):
                if last + 1 != num:
                    yield None
                yield num
                last = num

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)
