"""Bar charts drawn on the server as SVG: no chart script, works under a strict CSP.

:func:`bar_chart_svg` returns the ``<svg>`` markup for a series of
``(label, value)`` pairs.  The SVG is an image with an accessible name and a
description (``role="img"``, ``<title>``, ``<desc>``); the page shows the same
numbers as a table next to it (``templates/_chart.html``), the text
alternative for people who cannot see the chart.

A label may hold a line break (``"Mar\\n2025"``): each line is drawn on its own.
Colours and fonts come from the stylesheet (``.chart``, ``.bar``, ``.axis``).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence

from flask_babel import gettext as _
from markupsafe import Markup, escape

from tracker.formatting import number


def format_number(value: float) -> str:
    """12.0 -> '12', 12.5 -> '12.5', 0.25 -> '0.25', 1234.5 -> '1,234.5' (in the
    reader's language: Spanish '1234,5')."""
    return number(round(value, 2) or 0)


def table_rows(
    series: Sequence[tuple[str, float]], value_format: Callable[[float], str] = format_number
) -> list[tuple[str, str]]:
    """The series as text for the table that goes with the chart."""
    return [(label.replace("\n", " "), value_format(value)) for label, value in series]


Unit = str | tuple[str, str]


def unit_for(unit: Unit, value: float) -> str:
    """The word for ``value`` of a unit given as (singular, plural): "1 certification",
    "2 certifications", "1.5 hours".  A plain string is used for every value."""
    if isinstance(unit, str):
        return unit
    return unit[0] if value == 1 else unit[1]


def describe(
    series: Sequence[tuple[str, float]],
    title: str,
    unit: Unit,
    value_format: Callable[[float], str] = format_number,
) -> str:
    """One or two sentences saying what the chart shows, for its ``<desc>``."""
    if not series:
        return _("%(title)s: nothing to show.", title=title)
    labels = [label.replace("\n", " ") for label, _value in series]
    values = [value for _label, value in series]
    total = sum(values)
    several = len(series) > 1
    if total == 0:
        if several:
            return _(
                "%(title)s, from %(first)s to %(last)s: no %(unit)s recorded.",
                title=title,
                first=labels[0],
                last=labels[-1],
                unit=unit_for(unit, 0),
            )
        return _(
            "%(title)s, for %(first)s: no %(unit)s recorded.",
            title=title,
            first=labels[0],
            unit=unit_for(unit, 0),
        )
    top = max(range(len(values)), key=lambda i: values[i])
    amounts = {
        "title": title,
        "first": labels[0],
        "last": labels[-1],
        "highest": labels[top],
        "amount": f"{value_format(values[top])} {unit_for(unit, values[top])}",
        "total": f"{value_format(total)} {unit_for(unit, total)}",
    }
    if several:
        return _(
            "%(title)s, from %(first)s to %(last)s. Highest: %(highest)s, %(amount)s. "
            "Total: %(total)s.",
            **amounts,
        )
    return _("%(title)s, for %(first)s: %(total)s.", **amounts)


def bar_chart_svg(
    series: Sequence[tuple[str, float]],
    title: str,
    unit: Unit,
    *,
    width: int = 640,
    height: int = 260,
    value_format: Callable[[float], str] = format_number,
    chart_id: str | None = None,
) -> Markup:
    """An SVG bar chart of ``series`` (one bar per ``(label, value)``, in order).

    ``unit`` names what the values count ("hours"), for the description and
    each bar's tooltip.  ``chart_id`` prefixes the element ids (random when
    omitted, so two charts on one page never clash).
    """
    prefix = chart_id or f"chart-{secrets.token_hex(4)}"
    top, bottom, side = 22, 40, 6
    plot_height = height - top - bottom
    baseline = top + plot_height
    count = max(1, len(series))
    slot = (width - 2 * side) / count
    bar_width = max(2.0, slot * 0.7)
    highest = max((value for _, value in series), default=0) or 0
    scale = plot_height / highest if highest > 0 else 0

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{prefix}-title {prefix}-desc">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(describe(series, title, unit, value_format))}</desc>',
    ]
    for index, (label, value) in enumerate(series):
        centre = side + slot * index + slot / 2
        bar_height = max(0.0, value) * scale
        x = centre - bar_width / 2
        y = baseline - bar_height
        shown = value_format(value)
        name = label.replace("\n", " ")
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_width:.1f}" '
            f'height="{bar_height:.1f}"><title>{escape(name)}: {escape(shown)} '
            f"{escape(unit_for(unit, value))}</title></rect>"
        )
        if value:
            parts.append(
                f'<text class="chart-value" x="{centre:.1f}" y="{y - 5:.1f}" '
                f'text-anchor="middle">{escape(shown)}</text>'
            )
        lines = label.split("\n")
        tspans = "".join(
            f'<tspan x="{centre:.1f}" dy="{0 if n == 0 else 13}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(
            f'<text class="chart-label" x="{centre:.1f}" y="{baseline + 15}" '
            f'text-anchor="middle">{tspans}</text>'
        )
    parts.append(
        f'<line class="axis" x1="{side}" y1="{baseline}" x2="{width - side}" y2="{baseline}"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every dynamic part is escaped above)
