"""The main navigation: which links each audience sees, in order.

Entries name endpoints; an entry whose endpoint is not registered is skipped,
so a blueprint's pages appear in the menu as soon as they exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for

from tracker.models import User

TRAINEE_NAV = [
    ("trainee.dashboard", "Dashboard"),
    ("trainee.hours", "My hours"),
    ("trainee.training", "Training"),
    ("trainee.evidence", "Evidence"),
    ("trainee.certifications", "Certificates"),
    ("trainee.ethics", "Code of ethics"),
    ("trainee.my_data", "My data"),
]

COORDINATOR_NAV = [
    ("coordinator.dashboard", "Dashboard"),
    ("coordinator.review", "Review"),
    ("coordinator.sign_in_sheet", "Sign-in sheet"),
    ("coordinator.evidence", "Evidence"),
    ("coordinator.trainees", "Trainees"),
    ("coordinator.import_history_kinds", "Import history"),
    ("coordinator.modules", "Modules"),
    ("coordinator.sessions", "Sessions"),
    ("coordinator.programs", "Programs"),
    ("coordinator.certifications", "Certifications"),
    ("coordinator.reports", "Reports"),
    ("coordinator.accounts", "Accounts"),
    ("coordinator.audit_log", "Audit log"),
    ("coordinator.outbox_page", "Outbox"),
]

SUPERVISOR_NAV = [
    ("supervisor.dashboard", "My trainees"),
]

FOOTER = [("verify.lookup", "Verify a certificate")]


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str


def _items(entries: list[tuple[str, str]]) -> list[NavItem]:
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
