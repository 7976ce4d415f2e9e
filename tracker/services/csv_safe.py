"""CSV that opens safely in a spreadsheet.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by spreadsheet programs as a formula ("CSV injection"), so such
text gets a leading apostrophe, which the spreadsheet shows as plain text.
Numbers are written as numbers: ``-5`` stays ``-5``.

:func:`csv_rows` streams a table line by line as UTF-8 bytes, so a long export
never sits in memory whole; a Flask view returns it as the response body.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: Any) -> str:
    """``value`` as the text of one CSV cell, neutralised when it could be a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_line(values: Iterable[Any]) -> str:
    """One CSV record (with its CRLF line end), every cell passed through :func:`safe_cell`."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([safe_cell(v) for v in values])
    return buffer.getvalue()


def csv_rows(
    header: Iterable[Any], rows: Iterable[Iterable[Any]], bom: bool = True
) -> Iterator[bytes]:
    """Yield ``header`` then each row as encoded CSV lines.

    ``bom`` starts the output with a UTF-8 byte-order mark, which spreadsheet
    programs need to read non-ASCII names correctly; pass ``bom=False`` when
    appending a further table to output that already began with one.
    """
    first = csv_line(header)
    yield ((BOM + first) if bom else first).encode("utf-8")
    for row in rows:
        yield csv_line(row).encode("utf-8")
