"""URL converters for the whole app.

Every ``<int:...>`` part of a route names a database row.  Werkzeug's own
converter accepts any run of digits, so ``/hours/99999999999999999999`` reached
the database, which refused the number (SQLite past 2**63, PostgreSQL's INTEGER
past 2**31): a server error.  The converter below replaces ``int`` for every
route, present or future: only numbers a row id can be (1 to 2**31 - 1) match,
and anything else matches no route at all, a plain 404.
"""

from __future__ import annotations

import builtins

from flask import Flask
from werkzeug.routing import Map
from werkzeug.routing.converters import IntegerConverter

# The largest id: PostgreSQL's INTEGER (the type of every primary key) is 32-bit signed.
MAX_ID = 2**31 - 1


class RowIdConverter(IntegerConverter):
    """``<int:name>``: a whole number from 1 (or a route's own ``min``) to ``MAX_ID``.

    A route may narrow the range (``<int(max=12):month>``) but never widen it
    past what the database holds, nor allow negative numbers.
    """

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = 1,
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:
        low = 1 if min is None else builtins.max(min, 0)
        high = MAX_ID if max is None else builtins.min(max, MAX_ID)
        super().__init__(map, fixed_digits=fixed_digits, min=low, max=high, signed=False)


def register_converters(app: Flask) -> None:
    """Install the bounded converter as ``int`` before any blueprint adds its routes."""
    app.url_map.converters["int"] = RowIdConverter
