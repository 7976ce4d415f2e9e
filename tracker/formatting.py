"""Jinja filters for numbers and dates as people read them."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask


def hours(minutes: int | None) -> str:
    """Minutes as hours: 90 -> '1.5', 1500 -> '25', 45 -> '0.75'."""
    if minutes is None:
        return "0"
    value = f"{minutes / 60:.2f}".rstrip("0").rstrip(".")
    return value or "0"


def human_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d %b %Y %H:%M UTC")
    return value.strftime("%d %b %Y")


def iso_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return value.isoformat()


def label(value: str | None) -> str:
    """An enum value as a label: 'one_on_one' -> 'One on one'."""
    if not value:
        return ""
    return value.replace("_", " ").capitalize()


def register_filters(app: Flask) -> None:
    app.add_template_filter(hours, "hours")
    app.add_template_filter(human_date, "human_date")
    app.add_template_filter(iso_date, "iso_date")
    app.add_template_filter(label, "label")
