"""Programs as portable JSON documents: export, import, and the JSON Schema they follow.

A document holds everything a program is: its terms (validity, renewal and
its continuing-education buckets), its requirements (each of a registered
kind, naming catalogue rows by code), and the catalogue rows it names
(domains, activities, modules, exams, document types, codes of ethics), so
that it can be imported into another installation.  The same document is
copied onto every certification when it is issued (the rules it was issued
under), and is what ``flask --app tracker programs export`` prints.

Importing checks the document against :func:`schema` first (a message names
the member that is wrong), then what a schema cannot know (codes that name
nothing, duplicate keys); it creates the catalogue rows the installation
lacks (existing rows are used as they are) and stores nothing when anything
is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from jsonschema import Draft202012Validator
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Module, Program, ProgramRequirement, User
from tracker.services import requirements
from tracker.services.errors import ValidationError
from tracker.services.requirements import Refs
from tracker.services.requirements.base import hours_number, hours_to_minutes

FORMAT = "peer-tracker-program/1"
SCHEMA_ID = "https://peer-tracker.invalid/schemas/program-1.json"
TEMPLATES = Path(__file__).resolve().parent.parent / "program_templates"
MAX_REQUIREMENTS = 40
MAX_BUCKETS = 10
# Kinds whose day of being met is known: the validity may be counted from it.
DATED_KINDS = {"exam", "modules", "documents", "ethics", "training_hours", "certification"}

_code = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_.-]{0,39}$"}
_name = {"type": "string", "minLength": 1, "maxLength": 120}


def schema() -> dict[str, Any]:
    """The JSON Schema of a program document, assembled from every requirement kind's fragment."""
    requirement, option = requirements.requirement_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Certification program",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "code", "name", "validity", "requirements"],
        "properties": {
            "format": {"const": FORMAT},
            "code": {"type": "string", "pattern": "^[A-Z][A-Z0-9]{1,9}$"},
            "name": {"type": "string", "minLength": 1, "maxLength": 200},
            "description": {"type": "string", "maxLength": 5000},
            "source": {"type": "string", "maxLength": 2000},
            "validity": {
                "type": "object",
                "additionalProperties": False,
                "required": ["months"],
                "properties": {
                    "months": {"type": "integer", "minimum": 1, "maximum": 240},
                    "from": {"type": "string", "minLength": 1, "maxLength": 40},
                    "cycle": {"enum": ["rolling", "calendar"]},
                },
            },
            "renewal": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "window_days": {"type": "integer", "minimum": 0, "maximum": 3650},
                    "grace_days": {"type": "integer", "minimum": 0, "maximum": 3650},
                    "buckets": {
                        "type": "array",
                        "maxItems": MAX_BUCKETS,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["label", "hours"],
                            "properties": {
                                "label": {"type": "string", "minLength": 1, "maxLength": 120},
                                "hours": {
                                    "type": "number",
                                    "exclusiveMinimum": 0,
                                    "maximum": 10_000,
                                    "multipleOf": 0.25,
                                },
                                "domains": {
                                    "type": "array",
                                    "items": _code,
                                    "uniqueItems": True,
                                },
                            },
                        },
                    },
                },
            },
            "catalogue": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "domains": _rows({"code": _code, "name": _name}, ["code", "name"]),
                    "activities": _rows({"code": _code, "name": _name}, ["code", "name"]),
                    "document_types": _rows(
                        {
                            "code": _code,
                            "name": _name,
                            "description": {"type": "string", "maxLength": 2000},
                            "valid_months": {"type": "integer", "minimum": 1, "maximum": 240},
                        },
                        ["code", "name"],
                    ),
                    "exams": _rows(
                        {
                            "code": _code,
                            "title": {"type": "string", "minLength": 1, "maxLength": 200},
                            "description": {"type": "string", "maxLength": 2000},
                            "pass_mark": {
                                "type": ["integer", "null"],
                                "minimum": 0,
                                "maximum": 100,
                            },
                            "max_attempts": {"type": "integer", "minimum": 1, "maximum": 100},
                            "attempt_period_months": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": 240,
                            },
                        },
                        ["code", "title"],
                    ),
                    "ethics_codes": _rows({"code": _code, "name": _name}, ["code", "name"]),
                    "modules": _rows(
                        {
                            "code": {"type": "string", "minLength": 1, "maxLength": 20},
                            "title": {"type": "string", "minLength": 1, "maxLength": 200},
                            "contact_hours": {
                                "type": "number",
                                "minimum": 0,
                                "maximum": 1000,
                                "multipleOf": 0.25,
                            },
                            "pass_mark": {
                                "type": ["integer", "null"],
                                "minimum": 0,
                                "maximum": 100,
                            },
                            "domains": {
                                "type": "object",
                                "propertyNames": _code,
                                "additionalProperties": {
                                    "type": "number",
                                    "minimum": 0,
                                    "multipleOf": 0.25,
                                },
                            },
                        },
                        ["code", "title", "contact_hours"],
                    ),
                },
            },
            "requirements": {
                "type": "array",
                "maxItems": MAX_REQUIREMENTS,
                "items": {"$ref": "#/$defs/requirement"},
            },
            # Written onto certifications only: the rules in plain words, an override.
            "criteria": {"type": "string"},
            "override": {"type": "object"},
        },
        "$defs": {"requirement": requirement, "option": option},
    }


def _rows(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "array",
        "maxItems": 200,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": required,
            "properties": properties,
        },
    }


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "document"


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def message(error: Any) -> str:
    """A schema error in plain words, for the person who wrote the document or the form."""
    kind, limit = error.validator, error.validator_value
    if kind == "minimum":
        return _("Enter %(limit)s or more.", limit=_number(limit))
    if kind == "exclusiveMinimum":
        return _("Enter more than %(limit)s.", limit=_number(limit))
    if kind == "maximum":
        return _("Enter at most %(limit)s.", limit=_number(limit))
    if kind == "multipleOf":
        if limit == 0.25:
            return _("Use quarter-hour steps: .25, .5 or .75.")
        return _("Enter a multiple of %(step)s.", step=_number(limit))
    if kind == "type":
        wanted = {
            "number": _("a number"),
            "integer": _("a whole number"),
            "string": _("text"),
            "array": _("a list"),
            "object": _("an object"),
            "boolean": _("true or false"),
        }
        names = [wanted.get(t, t) for t in (limit if isinstance(limit, list) else [limit])]
        return _("Enter %(what)s.", what=_(" or ").join(names))
    if kind in ("enum", "const"):
        choices = limit if isinstance(limit, list) else [limit]
        return _("Choose one of: %(choices)s.", choices=", ".join(str(c) for c in choices))
    if kind == "required":
        missing = next((n for n in limit if n not in (error.instance or {})), limit[0])
        return _("“%(member)s” is missing.", member=missing)
    if kind == "additionalProperties":
        extra = sorted(set(error.instance or {}) - set(error.schema.get("properties", {})))
        return _("“%(member)s” is not something this can have.", member=", ".join(extra) or "?")
    if kind == "pattern":
        return (
            _("Use lower-case letters, digits, dashes, dots and underscores.")
            if ("a-z" in str(limit))
            else _("Use 2 to 10 capital letters and digits, starting with a letter.")
        )
    if kind == "minLength":
        return (
            _("This cannot be empty.")
            if limit == 1
            else _("Use at least %(count)s characters.", count=limit)
        )
    if kind == "maxLength":
        return _("Use at most %(count)s characters.", count=limit)
    if kind == "minItems":
        return ngettext("Give at least %(num)d item.", "Give at least %(num)d items.", limit)
    if kind == "maxItems":
        return ngettext("Give at most %(num)d item.", "Give at most %(num)d items.", limit)
    if kind == "uniqueItems":
        return _("Each item may appear once only.")
    if kind in ("minProperties", "maxProperties"):
        return _("Give either “include” or “exclude”.")
    return error.message


def validate(document: Any) -> None:
    """Raise :class:`ValidationError` naming each member the schema refuses, in plain words."""
    validator = Draft202012Validator(schema())
    errors: dict[str, list[str]] = {}
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        # An if/then branch's failure is reported inside it; the wrapper adds nothing.
        text = message(error)
        found = errors.setdefault(_path(error.absolute_path), [])
        if text not in found:
            found.append(text)
    if errors:
        raise ValidationError(errors)


def load(text: str | bytes) -> dict[str, Any]:
    """A document from JSON text; a clear error when it is not JSON at all."""
    try:
        document = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(
            {"document": [_("This is not a JSON document: %(problem)s", problem=str(exc))]}
        ) from None
    if not isinstance(document, dict):
        raise ValidationError({"document": [_("A program document is a JSON object.")]})
    return document


# --- export ----------------------------------------------------------------------------


def requirement_document(
    row: ProgramRequirement | requirements.Requirement, refs: Refs
) -> dict[str, Any]:
    kind = requirements.KINDS[row.kind]
    item: dict[str, Any] = {"key": row.key, "kind": row.kind}
    if row.label:
        item["label"] = row.label
    if row.window_months:
        item["within_months"] = row.window_months
    item.update(kind.dump(dict(row.settings or {}), refs))
    return item


def buckets_document(program: Program, refs: Refs) -> list[dict[str, Any]]:
    return [
        {
            "label": b["label"],
            "hours": hours_number(int(b["minutes"])),
            **(
                {"domains": [refs.domains.code(d) for d in b["domain_ids"]]}
                if b.get("domain_ids")
                else {}
            ),
        }
        for b in program.renewal_buckets or []
    ]


def export(program: Program, refs: Refs | None = None) -> dict[str, Any]:
    """The program as a document: its terms, requirements, and the catalogue rows they name."""
    refs = refs or Refs()
    requirement_items = [requirement_document(r, refs) for r in program.requirements]
    document: dict[str, Any] = {
        "format": FORMAT,
        "code": program.code,
        "name": program.name,
        "description": program.description or "",
        "source": program.source or "",
        "validity": {
            "months": program.validity_months,
            "from": program.validity_from or "issue",
            "cycle": program.renewal_cycle,
        },
        "renewal": {
            "window_days": program.renewal_window_days,
            "grace_days": program.grace_days,
            "buckets": buckets_document(program, refs),
        },
        "catalogue": _catalogue(program, refs),
        "requirements": requirement_items,
    }
    return document


def _catalogue(program: Program, refs: Refs) -> dict[str, Any]:
    """The catalogue rows the program's requirements and buckets name."""
    used: dict[str, set[int]] = {
        k: set()
        for k in ("domains", "activities", "document_types", "exams", "ethics_codes", "modules")
    }
    for bucket in program.renewal_buckets or []:
        used["domains"].update(bucket.get("domain_ids") or [])

    def collect(kind: str, settings: dict[str, Any]) -> None:
        if kind == "alternatives":
            for option in settings.get("options", []):
                collect(option["kind"], option.get("settings", {}))
            return
        used["domains"].update(settings.get("domain_ids") or [])
        used["activities"].update(settings.get("activity_ids") or [])
        for part in [*(settings.get("limits") or []), *(settings.get("shares") or [])]:
            used["activities"].update(part.get("activity_ids") or [])
        used["modules"].update(settings.get("module_ids") or [])
        for name, field in (
            ("document_types", "document_type_id"),
            ("exams", "exam_id"),
            ("ethics_codes", "ethics_code_id"),
        ):
            if settings.get(field) is not None:
                used[name].add(settings[field])

    for row in program.requirements:
        collect(row.kind, row.settings or {})
    module_domains = refs.module_domain_minutes()
    for module_id in used["modules"]:
        used["domains"].update(module_domains.get(module_id, {}))

    catalogue: dict[str, Any] = {}
    if used["domains"]:
        catalogue["domains"] = [
            {"code": d.code, "name": d.name}
            for d in sorted(
                filter(None, map(refs.domains.get, used["domains"])), key=lambda d: d.code
            )
        ]
    if used["activities"]:
        catalogue["activities"] = [
            {"code": a.code, "name": a.name}
            for a in sorted(
                filter(None, map(refs.activities.get, used["activities"])), key=lambda a: a.code
            )
        ]
    if used["document_types"]:
        catalogue["document_types"] = [
            {
                "code": t.code,
                "name": t.name,
                "description": t.description,
                **({"valid_months": t.valid_months} if t.valid_months else {}),
            }
            for t in sorted(
                filter(None, map(refs.document_types.get, used["document_types"])),
                key=lambda t: t.code,
            )
        ]
    if used["exams"]:
        catalogue["exams"] = [
            {
                "code": e.code,
                "title": e.title,
                "description": e.description,
                "pass_mark": e.pass_mark,
                **({"max_attempts": e.max_attempts} if e.max_attempts else {}),
                **(
                    {"attempt_period_months": e.attempt_period_months}
                    if e.attempt_period_months
                    else {}
                ),
            }
            for e in sorted(filter(None, map(refs.exams.get, used["exams"])), key=lambda e: e.code)
        ]
    if used["ethics_codes"]:
        catalogue["ethics_codes"] = [
            {"code": c.code, "name": c.name}
            for c in sorted(
                filter(None, map(refs.ethics_codes.get, used["ethics_codes"])), key=lambda c: c.code
            )
        ]
    if used["modules"]:
        catalogue["modules"] = [
            {
                "code": m.code,
                "title": m.title,
                "contact_hours": hours_number(m.contact_minutes),
                "pass_mark": m.pass_mark,
                "domains": {
                    refs.domains.code(d): hours_number(minutes)
                    for d, minutes in sorted(module_domains.get(m.id, {}).items())
                },
            }
            for m in sorted(
                filter(None, map(refs.modules.get, used["modules"])), key=lambda m: m.code
            )
        ]
    return catalogue


# --- import ----------------------------------------------------------------------------


@dataclass
class Parsed:
    """A validated document, turned into what a program stores."""

    fields: dict[str, Any]
    requirements: list[dict[str, Any]]
    buckets: list[dict[str, Any]]
    created: list[str]


def ensure_catalogue(document: dict[str, Any], actor: User | None) -> list[str]:
    """Create the catalogue rows the document lists and the installation lacks.

    Returns what was created ("domain advocacy", "exam icrc-pr"...).
    """
    from tracker.services import catalogue, vocabulary

    created = []
    section = document.get("catalogue") or {}
    for slug, key in (
        ("domains", "domains"),
        ("activities", "activities"),
        ("document-types", "document_types"),
        ("exams", "exams"),
        ("ethics-codes", "ethics_codes"),
    ):
        for n, item in enumerate(section.get(key) or []):
            try:
                _row, new = vocabulary.ensure(vocabulary.VOCABULARIES[slug], actor, dict(item))
            except ValidationError as exc:
                raise ValidationError(
                    {
                        f"catalogue.{key}[{n}].{field}": messages
                        for field, messages in exc.errors.items()
                    }
                ) from None
            if new:
                created.append(f"{key} {item['code']}")
    for n, item in enumerate(section.get("modules") or []):
        existing = db.session.scalar(select(Module).where(Module.code == item["code"].upper()))
        if existing is not None:
            continue
        domains = {}
        refs = Refs()
        for code, hours in (item.get("domains") or {}).items():
            domain = refs.domains.by_code(code)
            if domain is None:
                raise ValidationError(
                    {
                        f"catalogue.modules[{n}].domains": [
                            _("No training domain has the code %(code)s.", code=code)
                        ]
                    }
                )
            domains[domain.id] = hours
        try:
            catalogue.create_module(
                actor,
                code=item["code"],
                title=item["title"],
                contact_hours=item["contact_hours"],
                pass_mark=item.get("pass_mark"),
                domain_hours=domains,
            )
        except ValidationError as exc:
            raise ValidationError(
                {
                    f"catalogue.modules[{n}].{field}": messages
                    for field, messages in exc.errors.items()
                }
            ) from None
        created.append(f"modules {item['code']}")
    return created


def parse_requirement(item: dict[str, Any], refs: Refs, path: str) -> dict[str, Any]:
    """One requirement of a document as a row's values (settings with ids)."""
    kind = requirements.KINDS[item["kind"]]
    return {
        "key": item.get("key") or "",
        "kind": kind.name,
        "label": item.get("label", ""),
        "window_months": item.get("within_months"),
        "settings": kind.parse(item, refs, path),
    }


def parse_buckets(items: list[dict[str, Any]], refs: Refs, path: str) -> list[dict[str, Any]]:
    buckets = []
    seen: dict[int, int] = {}
    for n, bucket in enumerate(items):
        domain_ids = []
        for code in bucket.get("domains") or []:
            domain = refs.domains.by_code(code)
            if domain is None:
                raise ValidationError(
                    {
                        f"{path}[{n}].domains": [
                            _("No training domain has the code %(code)s.", code=code)
                        ]
                    }
                )
            if domain.id in seen:
                raise ValidationError(
                    {
                        f"{path}[{n}].domains": [
                            _(
                                "The domain %(code)s is already in another bucket: hours would "
                                "count twice.",
                                code=code,
                            )
                        ]
                    }
                )
            seen[domain.id] = n
            domain_ids.append(domain.id)
        buckets.append(
            {
                "label": bucket["label"],
                "minutes": hours_to_minutes(bucket["hours"], f"{path}[{n}].hours"),
                "domain_ids": domain_ids,
            }
        )
    return buckets


def assign_keys(items: list[dict[str, Any]]) -> None:
    """Give requirements without a key one made from their kind ("exam", "exam-2"...)."""
    taken = {item["key"] for item in items if item.get("key")}
    for item in items:
        if item.get("key"):
            continue
        base = item["kind"].replace("_", "-")
        key, n = base, 1
        while key in taken:
            n += 1
            key = f"{base}-{n}"
        item["key"] = key
        taken.add(key)


def check_requirements(
    items: list[dict[str, Any]], validity_from: str | None, path: str = "requirements"
) -> None:
    keys: dict[str, int] = {}
    for n, item in enumerate(items):
        if item["key"] in keys:
            raise ValidationError(
                {
                    f"{path}[{n}].key": [
                        _("Another requirement already has the key %(key)s.", key=item["key"])
                    ]
                }
            )
        keys[item["key"]] = n
    if validity_from:
        if validity_from not in keys:
            raise ValidationError(
                {"validity.from": [_("No requirement has the key %(key)s.", key=validity_from)]}
            )
        if items[keys[validity_from]]["kind"] not in DATED_KINDS:
            raise ValidationError(
                {
                    "validity.from": [
                        _(
                            "The validity can start from an exam, modules, documents, training "
                            "hours, the code of ethics or another certification, not from this "
                            "requirement."
                        )
                    ]
                }
            )


def parse(document: dict[str, Any], actor: User | None) -> Parsed:
    """Validate a document and turn it into a program's values; creates missing catalogue rows.

    The caller rolls back when this raises, so nothing is stored from a bad document.
    """
    validate(document)
    created = ensure_catalogue(document, actor)
    db.session.flush()
    refs = Refs()
    items = []
    for n, item in enumerate(document["requirements"]):
        items.append(parse_requirement(item, refs, f"requirements[{n}]"))
    assign_keys(items)
    validity = document["validity"]
    validity_from = validity.get("from")
    validity_from = None if validity_from in (None, "issue") else validity_from
    check_requirements(items, validity_from)
    renewal = document.get("renewal") or {}
    buckets = parse_buckets(renewal.get("buckets") or [], refs, "renewal.buckets")
    fields = {
        "code": document["code"],
        "name": document["name"],
        "description": document.get("description", ""),
        "source": document.get("source", ""),
        "validity_months": validity["months"],
        "validity_from": validity_from,
        "renewal_cycle": validity.get("cycle", "rolling"),
        "renewal_window_days": renewal.get("window_days", 60),
        "grace_days": renewal.get("grace_days", 0),
    }
    return Parsed(fields, items, buckets, created)


def templates() -> list[dict[str, Any]]:
    """The program templates shipped with the product (real boards' published standards)."""
    found = []
    for path in sorted(TEMPLATES.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        found.append(
            {
                "slug": path.stem,
                "name": document["name"],
                "code": document["code"],
                "source": document.get("source", ""),
                "document": document,
            }
        )
    return found


def template(slug: str) -> dict[str, Any] | None:
    return next((t["document"] for t in templates() if t["slug"] == slug), None)
