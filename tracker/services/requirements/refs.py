"""Catalogue look-ups for requirement kinds: rows by id and by code.

Stored settings name catalogue rows by id (so renaming a module changes
nothing); program documents name them by code (so a document travels between
installations).  A :class:`Refs` loads each table once, on first use, and
answers both ways.  Every table it reads is small (vocabularies, modules,
exams, programs), so one query per table per evaluation is cheap.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import (
    Activity,
    DocumentType,
    Domain,
    EthicsCode,
    EthicsVersion,
    Exam,
    Module,
    ModuleDomain,
    Program,
)

T = TypeVar("T")


class Table(Generic[T]):
    """One table's rows, by id and by code."""

    def __init__(self, model: type[T], code_attribute: str = "code") -> None:
        self.model = model
        self.code_attribute = code_attribute
        self._by_id: dict[int, T] | None = None
        self._by_code: dict[str, T] = {}

    def _load(self) -> dict[int, T]:
        if self._by_id is None:
            rows = db.session.scalars(select(self.model)).all()
            self._by_id = {row.id: row for row in rows}  # type: ignore[attr-defined]
            self._by_code = {str(getattr(row, self.code_attribute)).lower(): row for row in rows}
        return self._by_id

    def get(self, ident: Any) -> T | None:
        return self._load().get(ident) if isinstance(ident, int) else None

    def by_code(self, code: Any) -> T | None:
        self._load()
        return self._by_code.get(str(code).lower()) if isinstance(code, str) else None

    def all(self) -> list[T]:
        return list(self._load().values())

    def code(self, ident: int) -> str:
        row = self.get(ident)
        return str(getattr(row, self.code_attribute)) if row is not None else f"#{ident}"

    def name(self, ident: int) -> str:
        row = self.get(ident)
        if row is None:
            return f"#{ident}"
        return str(getattr(row, "label", None) or getattr(row, "name", ""))


class Refs:
    """Lazy look-ups of every catalogue table a requirement may name."""

    def __init__(self) -> None:
        self.domains: Table[Domain] = Table(Domain)
        self.activities: Table[Activity] = Table(Activity)
        self.modules: Table[Module] = Table(Module)
        self.exams: Table[Exam] = Table(Exam)
        self.document_types: Table[DocumentType] = Table(DocumentType)
        self.ethics_codes: Table[EthicsCode] = Table(EthicsCode)
        self.programs: Table[Program] = Table(Program)
        self._module_domains: dict[int, dict[int, int]] | None = None
        self._current_ethics: dict[int, EthicsVersion] | None = None

    def module_domain_minutes(self) -> dict[int, dict[int, int]]:
        """module id -> {domain id: minutes} for every module."""
        if self._module_domains is None:
            rows = db.session.execute(
                select(ModuleDomain.module_id, ModuleDomain.domain_id, ModuleDomain.minutes)
            ).all()
            mapping: dict[int, dict[int, int]] = {}
            for module_id, domain_id, minutes in rows:
                mapping.setdefault(module_id, {})[domain_id] = minutes
            self._module_domains = mapping
        return self._module_domains

    def current_ethics_version(self, ethics_code_id: int) -> EthicsVersion | None:
        """The newest version of a code of ethics (None: nothing published yet)."""
        if self._current_ethics is None:
            latest: dict[int, EthicsVersion] = {}
            for version in db.session.scalars(
                select(EthicsVersion).order_by(EthicsVersion.version)
            ):
                latest[version.ethics_code_id] = version
            self._current_ethics = latest
        return self._current_ethics.get(ethics_code_id)

    def activity_codes(self, ids: list[int]) -> list[str]:
        return [self.activities.code(i) for i in ids if self.activities.get(i) is not None]
