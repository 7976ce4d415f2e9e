"""The number of SQL statements a request issued, as a response header (``X-Query-Count``).

For measuring only: on when ``TRACKER_QUERY_COUNT_HEADER`` is set (the benchmark
and the query-count tests set it), off by default, and never to be set in
production, where it would tell anyone how much work each page costs.  Statements
a streamed response issues after its headers are sent are not counted.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, has_app_context
from sqlalchemy import event
from sqlalchemy.engine import Engine

HEADER = "X-Query-Count"
_KEY = "_sql_statements"


@event.listens_for(Engine, "before_cursor_execute")
def _count(*_args: Any) -> None:
    if has_app_context() and _KEY in g:
        setattr(g, _KEY, getattr(g, _KEY) + 1)


def install(app: Flask) -> None:
    if not app.config.get("QUERY_COUNT_HEADER"):
        return

    def _start() -> None:
        setattr(g, _KEY, 0)

    # First of all, so that loading the logged-in user is counted too.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)

    @app.after_request
    def _report(response: Response) -> Response:
        if _KEY in g:
            response.headers[HEADER] = str(getattr(g, _KEY))
        return response
