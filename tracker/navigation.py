"""The main navigation: which links each audience sees, in order.

Entries name endpoints; an entry whose endpoint is not registered is skipped,
so a blueprint's pages appear in the menu as soon as they exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from tracker.models import User

TRAINEE_NAV: list[tuple[str, Any]] = [
    ("trainee.dashboard", _l("Dashboard")),
    ("trainee.hours", _l("My hours")),
    ("trainee.training", _l("Training")),
    ("trainee.evidence", _l("Evidence")),
    ("trainee.certifications", _l("Certificates")),
    ("trainee.ethics", _l("Code of ethics")),
    ("trainee.my_data", _l("My data")),
]

COORDINATOR_NAV: list[tuple[str, Any]] = [
    ("coordinator.dashboard", _l("Dashboard")),
    ("coordinator.review", _l("Review")),
    ("coordinator.sign_in_sheet", _l("Sign-in sheet")),
    ("coordinator.evidence", _l("Evidence")),
    ("coordinator.trainees", _l("Trainees")),
    ("coordinator.import_history_kinds", _l("Import history")),
    ("coordinator.modules", _l("Modules")),
    ("coordinator.sessions", _l("Sessions")),
    ("coordinator.programs", _l("Programs")),
    ("coordinator.certifications", _l("Certifications")),
    ("coordinator.reports", _l("Reports")),
    ("coordinator.accounts", _l("Accounts")),
    ("coordinator.audit_log", _l("Audit log")),
    ("coordinator.outbox_page", _l("Outbox")),
]

SUPERVISOR_NAV: list[tuple[str, Any]] = [
    ("supervisor.dashboard", _l("My trainees")),
]

FOOTER: list[tuple[str, Any]] = [("verify.lookup", _l("Verify a certificate"))]


@dataclass(frozen=True)
class NavItem:
    url: str
    label: Any


def _items(entries: list[tuple[str, Any]]) -> list[NavItem]:
    views = current_app.view_functions
    return [NavItem(url_for(ep), label) for ep, label in entries if ep in views]


def nav_items(user: User) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    if user.is_coordinator:
        return _items(COORDINATOR_NAV)
    if user.is_supervisor:
        return _items(SUPERVISOR_NAV)
    return _items(TRAINEE_NAV)


def footer_items() -> list[NavItem]:
    return _items(FOOTER)
