"""One form per requirement kind, and the renewal buckets' form.

Each kind's form turns what was typed and checked into the requirement's
document form (the members :mod:`tracker.services.program_documents` knows,
naming catalogue rows by code) and back.  Only what the document cannot hold
is checked here: text that is not a number, a required number left empty, a
choice that was not offered (archived rows are offered only where the
requirement already names them).  Everything else (ranges, quarter hours,
codes, keys) is the service's to check: its errors, named like
``requirement.hours`` or ``requirements[0].limits[1].max_hours``, are put back
next to the field they are about by :func:`route_errors`.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any, ClassVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext, lazy_ngettext
from sqlalchemy import select
from wtforms import (
    BooleanField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.extensions import db
from tracker.forms import PlainForm
from tracker.models import (
    Activity,
    DocumentType,
    Domain,
    EthicsCode,
    Exam,
    Module,
    Program,
    Setting,
    SupervisionFormat,
)
from tracker.services import programs, vocabulary
from tracker.services.errors import ValidationError
from tracker.services.requirements import KINDS
from tracker.services.requirements.alternatives import MAX_OPTIONS
from tracker.services.requirements.experience import MAX_LIMITS

NUMBER = re.compile(r"^[+-]?\d{1,7}(?:[.,]\d{1,4})?$")
MAX_BUCKET_ROWS = 10


def add_error(field: Field, message: str) -> None:
    field.errors = [*field.errors, message]


def read_number(
    field: Field, *, integer: bool = False, required: bool = False, missing: str | None = None
) -> int | float | None:
    """The number typed in ``field`` ("10", "2.5" or "2,5"); None when empty.

    Text that is not a number, and an empty field that is ``required``, get a
    message on the field.  Ranges and steps are the service's to check.
    """
    raw = str(field.data or "").strip()
    if not raw:
        if required:
            add_error(field, missing or _("Enter a number."))
        return None
    whole = _("Enter a whole number, for example 12.")
    if not NUMBER.match(raw):
        add_error(field, whole if integer else _("Enter a number, for example 10 or 2.5."))
        return None
    value = Decimal(raw.replace(",", "."))
    if value == value.to_integral_value():
        return int(value)
    if integer:
        add_error(field, whole)
        return None
    return float(value)


def number_text(value: Any) -> str:
    """A document's number as a form shows it: 10 -> "10", 2.5 -> "2.5"."""
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def pad(rows: FieldList, size: int) -> None:
    """Add blank rows up to ``size``.

    Not FieldList's ``min_entries``: the rows it adds read the posted values,
    and after it renumbers rows posted with gaps ("limits-0", "limits-2") a
    padding row can read a posted row's values a second time.
    """
    while len(rows.entries) < size:
        rows.append_entry()


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes; what may be chosen is checked by ``members``."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: Form) -> None:
        pass


def _offered(field: SelectField | SelectMultipleField) -> set[str]:
    return {str(choice.value) for choice in field.choices or []}


def chosen(field: CheckboxesField, message: str) -> list[str]:
    """The checked values, in the order they are offered; an unknown one is an error."""
    values = [str(v) for v in field.data or []]
    offered = [str(choice.value) for choice in field.choices or []]
    if any(v not in offered for v in values):
        add_error(field, message)
        return []
    return [v for v in offered if v in values]


def one_of(field: SelectField, message: str, *, required: bool = True) -> str | None:
    value = str(field.data or "").strip()
    if not value:
        if required:
            add_error(field, message)
        return None
    if value not in _offered(field):
        add_error(field, message)
        return None
    return value


# --- what the forms offer ---------------------------------------------------------------------


class Offer:
    """The catalogue rows a form offers: the active ones, and the archived ones the
    requirement being edited already names (shown as archived)."""

    def __init__(self, program: Program | None = None) -> None:
        self.program = program

    @staticmethod
    def _choices(rows: list[Any], keep: Any, label: Any = None) -> list[SelectChoice]:
        kept = {str(k).lower() for k in keep or []}
        result = []
        for row in rows:
            archived = getattr(row, "archived_at", None) is not None
            if archived and row.code.lower() not in kept:
                continue
            text = label(row) if label else row.name
            if archived:
                text = _("%(name)s (archived)", name=text)
            result.append(SelectChoice(row.code, text))
        return result

    def domains(self, keep: Any = ()) -> list[SelectChoice]:
        return self._choices(vocabulary.rows(Domain, include_archived=True), keep)

    def activities(self, keep: Any = ()) -> list[SelectChoice]:
        return self._choices(vocabulary.rows(Activity, include_archived=True), keep)

    def document_types(self, keep: Any = ()) -> list[SelectChoice]:
        return self._choices(vocabulary.rows(DocumentType, include_archived=True), keep)

    def exams(self, keep: Any = ()) -> list[SelectChoice]:
        def label(exam: Exam) -> str:
            if exam.pass_mark is None:
                return _("%(exam)s (pass or fail)", exam=exam.title)
            return _("%(exam)s (pass mark %(mark)s)", exam=exam.title, mark=exam.pass_mark)

        return self._choices(vocabulary.rows(Exam, include_archived=True), keep, label)

    def ethics_codes(self, keep: Any = ()) -> list[SelectChoice]:
        return self._choices(vocabulary.rows(EthicsCode, include_archived=True), keep)

    def modules(self, keep: Any = ()) -> list[SelectChoice]:
        rows = list(db.session.scalars(select(Module).order_by(Module.code)))
        return self._choices(rows, keep, lambda m: f"{m.code} {m.title}")

    def programs(self, keep: Any = ()) -> list[SelectChoice]:
        rows = [
            p for p in programs.all_programs() if self.program is None or p.id != self.program.id
        ]
        return self._choices(rows, keep, lambda p: f"{p.name} ({p.code})")

    @staticmethod
    def settings() -> list[SelectChoice]:
        return [SelectChoice(s.value, s.label) for s in Setting]


def blank(label: str, choices: list[SelectChoice]) -> list[SelectChoice]:
    return [SelectChoice("", label), *choices]


# --- the parts every requirement form has -------------------------------------------------------


class CommonFields(Form):
    """What every requirement and every option of an alternative has."""

    label = StringField(
        lazy_gettext("Label (optional)"),
        description=lazy_gettext(
            "The requirement as the board words it; shown instead of the plain-words "
            "description. Change it too when you change the numbers."
        ),
    )
    within_months = StringField(
        lazy_gettext("Within the last (months, optional)"),
        description=lazy_gettext(
            "Only evidence from this many months before the day it is checked counts. "
            "Leave empty to count everything."
        ),
        render_kw={"inputmode": "numeric"},
    )

    def common_members(self) -> dict[str, Any]:
        members: dict[str, Any] = {}
        label = str(self.label.data or "").strip()
        if label:
            members["label"] = label
        months = read_number(self.within_months, integer=True)
        if months is not None:
            members["within_months"] = months
        return members

    def fill_common(self, item: dict[str, Any]) -> None:
        self.label.data = item.get("label", "")
        self.within_months.data = number_text(item.get("within_months"))


class RequirementPage(PlainForm, CommonFields):
    """The page form of one requirement: the common fields, its key, and the kind's fields."""

    key = StringField(
        lazy_gettext("Key"),
        description=lazy_gettext(
            "How exports, program documents and the validity setting name this requirement: "
            "lower-case letters, digits, “-”, “_” and “.”."
        ),
    )
    # The program's updated_at when the form was loaded: a later save by someone else
    # is reported instead of silently undone.
    loaded_at = HiddenField()


class OptionPage(CommonFields):
    """One option of an alternatives requirement (no key: options are named by position)."""


# --- one set of fields per kind -----------------------------------------------------------------


class KindFields(Form):
    """The fields of one kind, and how they map to the kind's document members."""

    kind: ClassVar[str]

    def setup(self, offer: Offer, item: dict[str, Any] | None) -> None:
        """Set the choices (``item`` is the requirement being edited, or what was posted)."""

    def fill(self, item: dict[str, Any]) -> None:
        """Show a requirement's document members in the fields."""

    def members(self) -> dict[str, Any]:
        """The kind's document members from the fields (errors go on the fields)."""
        raise NotImplementedError

    def field_for(self, member: str) -> Field | None:
        """The field a service error about ``member`` ("hours", "limits[0].max_hours") is about."""
        head = re.split(r"[.\[]", member, maxsplit=1)[0]
        field = self._fields.get(head)
        if field is None or field.type in ("FieldList", "FormField", "HiddenField"):
            return None
        return field


class ModulesFields(KindFields):
    kind = "modules"
    modules = CheckboxesField(
        lazy_gettext("Modules"),
        description=lazy_gettext("Each must be completed, and passed where it has a pass mark."),
    )

    def setup(self, offer: Offer, item: dict[str, Any] | None) -> None:
        self.modules.choices = offer.modules((item or {}).get("modules"))

    def fill(self, item: dict[str, Any]) -> None:
        self.modules.data = list(item.get("modules") or [])

    def members(self) -> dict[str, Any]:
        return {"modules": chosen(self.modules, _("Choose modules from the list."))}


class TrainingFields(KindFields):
    kind = "training_hours"
    hours = StringField(
        lazy_gettext("Hours required"),
        description=lazy_gettext("In quarter-hour steps, e.g. 10 or 2.5."),
        render_kw={"inputmode": "decimal"},
    )
    domains = CheckboxesField(
        lazy_gettext("Training domains"),
        description=lazy_gettext(
            "Hours count from completed modules and verified outside training in the domains "
            "checked. None checked: hours in any domain."
        ),
    )

    def setup(self, offer: Offer, item: dict[str, Any] | None) -> None:
        self.domains.choices = offer.domains((item or {}).get("domains"))

    def fill(self, item: dict[str, Any]) -> None:
        self.hours.data = number_text(item.get("hours"))
        self.domains.data = list(item.get("domains") or [])

    def members(self) -> dict[str, Any]:
        members: dict[str, Any] = {}
        hours = read_number(self.hours, required=True, missing=_("Enter the hours required."))
        if hours is not None:
            members["hours"] = hours
        domains = chosen(self.domains, _("Choose training domains from the list."))
        if domains:
            members["domains"] = domains
        return members


class LimitRow(Form):
    amount = StringField(lazy_gettext("At most"), render_kw={"inputmode": "decimal"})
    unit = RadioField(
        lazy_gettext("Counted in"),
        choices=[
            SelectChoice("hours", lazy_gettext("hours")),
            SelectChoice("percent", lazy_gettext("percent of the hours required")),
        ],
        default="hours",
        validate_choice=False,
    )
    activities = CheckboxesField(lazy_gettext("From these activities"))
    settings = CheckboxesField(lazy_gettext("In these settings"))
    label = StringField(lazy_gettext("Name of this limit (optional)"))

    def used(self) -> bool:
        return bool(
            str(self.amount.data or "").strip()
            or self.activities.data
            or self.settings.data
            or str(self.label.data or "").strip()
        )


class ShareRow(Form):
    min_percent = StringField(
        lazy_gettext("At least (percent of the hours required)"),
        render_kw={"inputmode": "numeric"},
    )
    activities = CheckboxesField(lazy_gettext("From these activities"))
    settings = CheckboxesField(lazy_gettext("In these settings"))
    label = StringField(lazy_gettext("Name of this share (optional)"))

    def used(self) -> bool:
        return bool(
            str(self.min_percent.data or "").strip()
            or self.activities.data
            or self.settings.data
            or str(self.label.data or "").strip()
        )


class ExperienceFields(KindFields):
    kind = "experience_hours"
    measure = RadioField(
        lazy_gettext("Measured in"),
        choices=[
            SelectChoice("hours", lazy_gettext("Hours in all")),
            SelectChoice(
                "months", lazy_gettext("Months of practice, each with a minimum of hours")
            ),
        ],
        default="hours",
        validate_choice=False,
    )
    hours = StringField(
        lazy_gettext("Hours required"),
        description=lazy_gettext("When measured in hours. In quarter-hour steps."),
        render_kw={"inputmode": "decimal"},
    )
    months = StringField(
        lazy_gettext("Months required"),
        description=lazy_gettext("When measured in months: calendar months with enough hours."),
        render_kw={"inputmode": "numeric"},
    )
    hours_per_month = StringField(
        lazy_gettext("Hours in each of those months"),
        render_kw={"inputmode": "decimal"},
    )
    activity_mode = RadioField(
        lazy_gettext("Which activities count"),
        choices=[
            SelectChoice("all", lazy_gettext("Every activity")),
            SelectChoice("include", lazy_gettext("Only the activities checked below")),
            SelectChoice("exclude", lazy_gettext("Every activity except those checked below")),
        ],
        default="all",
        validate_choice=False,
    )
    activities = CheckboxesField(lazy_gettext("Activities"))
    settings = CheckboxesField(
        lazy_gettext("Settings"),
        description=lazy_gettext("Where the time was spent. None checked: anywhere."),
    )
    paid = RadioField(
        lazy_gettext("Paid or volunteer"),
        choices=[
            SelectChoice("any", lazy_gettext("Both paid and volunteer hours")),
            SelectChoice("paid", lazy_gettext("Paid hours only")),
            SelectChoice("volunteer", lazy_gettext("Volunteer hours only")),
        ],
        default="any",
        validate_choice=False,
    )
    supervised = BooleanField(lazy_gettext("Only supervised time counts"))
    limits = FieldList(FormField(LimitRow), lazy_gettext("Limit"), max_entries=MAX_LIMITS)
    shares = FieldList(FormField(ShareRow), lazy_gettext("Minimum share"), max_entries=MAX_LIMITS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pad(self.limits, MAX_LIMITS)
        pad(self.shares, MAX_LIMITS)
        # Which form row each limit and share of the document came from.
        self._rows: dict[str, list[int]] = {"limits": [], "shares": []}

    def setup(self, offer: Offer, item: dict[str, Any] | None) -> None:
        item = item or {}
        used = list((item.get("activities") or {}).get("include") or [])
        used += list((item.get("activities") or {}).get("exclude") or [])
        for part in [*(item.get("limits") or []), *(item.get("shares") or [])]:
            used += list(part.get("activities") or [])
        activities = offer.activities(used)
        settings = offer.settings()
        self.activities.choices = activities
        self.settings.choices = settings
        for entry in [*self.limits.entries, *self.shares.entries]:
            entry.form.activities.choices = activities
            entry.form.settings.choices = settings

    def fill(self, item: dict[str, Any]) -> None:
        if "months" in item:
            self.measure.data = "months"
            self.months.data = number_text(item.get("months"))
            self.hours_per_month.data = number_text(item.get("hours_per_month"))
        else:
            self.measure.data = "hours"
            self.hours.data = number_text(item.get("hours"))
        activities = item.get("activities") or {}
        mode = next((m for m in ("include", "exclude") if activities.get(m)), "all")
        self.activity_mode.data = mode
        self.activities.data = list(activities.get(mode) or []) if mode != "all" else []
        self.settings.data = list(item.get("settings") or [])
        self.paid.data = item.get("paid", "any")
        self.supervised.data = bool(item.get("supervised"))
        for entry, limit in zip(self.limits.entries, item.get("limits") or [], strict=False):
            row = entry.form
            if "max_percent" in limit:
                row.unit.data, row.amount.data = "percent", number_text(limit["max_percent"])
            else:
                row.unit.data, row.amount.data = "hours", number_text(limit.get("max_hours"))
            row.activities.data = list(limit.get("activities") or [])
            row.settings.data = list(limit.get("settings") or [])
            row.label.data = limit.get("label", "")
        for entry, share in zip(self.shares.entries, item.get("shares") or [], strict=False):
            row = entry.form
            row.min_percent.data = number_text(share.get("min_percent"))
            row.activities.data = list(share.get("activities") or [])
            row.settings.data = list(share.get("settings") or [])
            row.label.data = share.get("label", "")

    def _match(self, row: Form, part: dict[str, Any]) -> None:
        activities = chosen(row.activities, _("Choose activities from the list."))
        settings = chosen(row.settings, _("Choose settings from the list."))
        label = str(row.label.data or "").strip()
        if label:
            part["label"] = label
        if activities:
            part["activities"] = activities
        if settings:
            part["settings"] = settings

    def members(self) -> dict[str, Any]:
        members: dict[str, Any] = {}
        if self.measure.data == "months":
            months = read_number(
                self.months, integer=True, required=True, missing=_("Enter the months required.")
            )
            per_month = read_number(
                self.hours_per_month,
                required=True,
                missing=_("Enter the hours each month needs."),
            )
            if months is not None and per_month is not None:
                members["months"] = months
                members["hours_per_month"] = per_month
        elif self.measure.data == "hours":
            hours = read_number(self.hours, required=True, missing=_("Enter the hours required."))
            if hours is not None:
                members["hours"] = hours
        else:
            add_error(self.measure, _("Choose how the requirement is measured."))
        mode = self.activity_mode.data or "all"
        activities = chosen(self.activities, _("Choose activities from the list."))
        if mode not in ("all", "include", "exclude"):
            add_error(self.activity_mode, _("Choose which activities count."))
        elif mode == "all" and activities:
            add_error(
                self.activities,
                _(
                    "Say whether the checked activities are the only ones that count, or the "
                    "ones left out; or uncheck them."
                ),
            )
        elif mode != "all" and not activities:
            add_error(self.activities, _("Check at least one activity."))
        elif mode != "all":
            members["activities"] = {mode: activities}
        settings = chosen(self.settings, _("Choose settings from the list."))
        if settings:
            members["settings"] = settings
        if self.paid.data not in ("any", "paid", "volunteer"):
            add_error(self.paid, _("Choose paid, volunteer or both."))
        elif self.paid.data != "any":
            members["paid"] = self.paid.data
        if self.supervised.data:
            members["supervised"] = True
        limits, shares = [], []
        self._rows = {"limits": [], "shares": []}
        for index, entry in enumerate(self.limits.entries):
            row = entry.form
            if not row.used():
                continue
            part: dict[str, Any] = {}
            self._match(row, part)
            if row.unit.data == "percent":
                value = read_number(
                    row.amount,
                    integer=True,
                    required=True,
                    missing=_("Enter the most that may count."),
                )
                if value is not None:
                    part["max_percent"] = value
            else:
                value = read_number(
                    row.amount, required=True, missing=_("Enter the most that may count.")
                )
                if value is not None:
                    part["max_hours"] = value
            limits.append(part)
            self._rows["limits"].append(index)
        for index, entry in enumerate(self.shares.entries):
            row = entry.form
            if not row.used():
                continue
            part = {}
            self._match(row, part)
            value = read_number(
                row.min_percent,
                integer=True,
                required=True,
                missing=_("Enter the least share, in percent."),
            )
            if value is not None:
                part["min_percent"] = value
            shares.append(part)
            self._rows["shares"].append(index)
        if limits:
            members["limits"] = limits
        if shares:
            members["shares"] = shares
        return members

    ROW_FIELDS: ClassVar[dict[str, str]] = {
        "max_hours": "amount",
        "max_percent": "amount",
        "min_percent": "min_percent",
        "activities": "activities",
        "settings": "settings",
        "label": "label",
    }

    def field_for(self, member: str) -> Field | None:
        match = re.match(r"^(limits|shares)\[(\d+)\](?:\.(\w+))?", member)
        if match:
            group, number, sub = match.group(1), int(match.group(2)), match.group(3)
            rows = self._rows[group]
            if number >= len(rows):
                return None
            row = getattr(self, group).entries[rows[number]].form
            # A limit or share as a whole is refused for what it applies to.
            return row[self.ROW_FIELDS.get(sub or "", "activities")]
        if member == "":
            # The requirement as a whole: how it is measured (hours, or months).
            return self.measure
        return super().field_for(member)


class SupervisionFields(KindFields):
    kind = "supervision_hours"
    hours = StringField(
        lazy_gettext("Hours of supervision required"),
        description=lazy_gettext("In quarter-hour steps."),
        render_kw={"inputmode": "decimal"},
    )
    format = RadioField(
        lazy_gettext("Which sessions count"),
        choices=[
            SelectChoice("any", lazy_gettext("Individual and group sessions")),
            SelectChoice(
                SupervisionFormat.INDIVIDUAL.value, lazy_gettext("Individual sessions only")
            ),
            SelectChoice(SupervisionFormat.GROUP.value, lazy_gettext("Group sessions only")),
        ],
        default="any",
        validate_choice=False,
    )

    def fill(self, item: dict[str, Any]) -> None:
        self.hours.data = number_text(item.get("hours"))
        self.format.data = item.get("format", "any")

    def members(self) -> dict[str, Any]:
        members: dict[str, Any] = {}
        hours = read_number(self.hours, required=True, missing=_("Enter the hours required."))
        if hours is not None:
            members["hours"] = hours
        if self.format.data not in _offered(self.format):
            add_error(self.format, _("Choose which sessions count."))
        elif self.format.data != "any":
            members["format"] = self.format.data
        return members


class DocumentsFields(KindFields):
    kind = "documents"
    document_type = SelectField(lazy_gettext("Document type"), validate_choice=False)
    count = StringField(
        lazy_gettext("How many"),
        description=lazy_gettext("Accepted documents of this type needed, e.g. 3 letters."),
        default="1",
        render_kw={"inputmode": "numeric"},
    )

    def setup(self, offer: Offer, item: dict[str, Any] | None) -> None:
        keep = [(item or {}).get("document_type")]
        self.document_type.choices = blank(_("Choose a document type"), offer.document_types(keep))

    def fill(self, item: dict[str, Any]) -> None:
        self.document_type.data = item.get("document_type", "")
        self.count.data = number_text(item.get("count", 1))

    def members(self) -> dict[str, Any]:
        members: dict[str, Any] = {}
        code = one_of(self.document_type, _("Choose a document type from the list."))
        if code:
            members["document_type"] = code
        count = read_number(self.count, integer=True)
        if count is not None:
            members["count"] = count
        return members


class ExamFields(KindFields):
    kind = "exam"
    exam = SelectField(lazy_gettext("Exam"), validate_choice=False)

    def setup(self, offer: Offer, item: dict[str, Any] | None) -> None:
        self.exam.choices = blank(_("Choose an exam"), offer.exams([(item or {}).get("exam")]))

    def fill(self, item: dict[str, Any]) -> None:
        self.exam.data = item.get("exam", "")

    def members(self) -> dict[str, Any]:
        code = one_of(self.exam, _("Choose an exam from the list."))
        return {"exam": code} if code else {}


class EthicsFields(KindFields):
    kind = "ethics"
    # "Code of ethics" is a plural entry of the catalogue (the trainee's ethics page counts
    # codes), so the singular is asked for through it.
    ethics_code = SelectField(
        lazy_ngettext("Code of ethics", "Codes of ethics", 1), validate_choice=False
    )

    def setup(self, offer: Offer, item: dict[str, Any] | None) -> None:
        self.ethics_code.choices = blank(
            _("Choose a code of ethics"), offer.ethics_codes([(item or {}).get("ethics_code")])
        )

    def fill(self, item: dict[str, Any]) -> None:
        self.ethics_code.data = item.get("ethics_code", "")

    def members(self) -> dict[str, Any]:
        code = one_of(self.ethics_code, _("Choose a code of ethics from the list."))
        return {"ethics_code": code} if code else {}


class CertificationFields(KindFields):
    kind = "certification"
    program = SelectField(
        lazy_gettext("Program"),
        description=lazy_gettext("A current certification in it is required."),
        validate_choice=False,
    )

    def setup(self, offer: Offer, item: dict[str, Any] | None) -> None:
        self.program.choices = blank(
            _("Choose a program"), offer.programs([(item or {}).get("program")])
        )

    def fill(self, item: dict[str, Any]) -> None:
        self.program.data = item.get("program", "")

    def members(self) -> dict[str, Any]:
        code = one_of(self.program, _("Choose a program from the list."))
        return {"program": code} if code else {}


class AlternativesFields(KindFields):
    """An alternatives requirement's own fields: its options are edited one at a time
    (see :class:`AlternativesDraft`), the list so far carried in ``options``."""

    kind = "alternatives"
    options = HiddenField()
    open = HiddenField()
    open_kind = HiddenField()
    new_kind = SelectField(lazy_gettext("Kind of the new option"), validate_choice=False)

    def setup(self, offer: Offer, item: dict[str, Any] | None) -> None:
        self.new_kind.choices = [
            SelectChoice(kind.name, kind.title) for kind in KINDS.values() if kind.may_be_option
        ]

    def members(self) -> dict[str, Any]:
        raise NotImplementedError("the options come from AlternativesDraft")


FIELDS: dict[str, type[KindFields]] = {
    cls.kind: cls
    for cls in (
        ModulesFields,
        TrainingFields,
        ExperienceFields,
        SupervisionFields,
        DocumentsFields,
        ExamFields,
        EthicsFields,
        CertificationFields,
        AlternativesFields,
    )
}


def requirement_form(
    kind: str, offer: Offer, item: dict[str, Any] | None, formdata: Any = None
) -> Any:
    """The page form of a requirement of ``kind``: common fields, key, and the kind's fields."""
    form_class = type(f"{FIELDS[kind].__name__}Page", (RequirementPage, FIELDS[kind]), {})
    form = form_class(formdata=formdata)
    form.setup(offer, item)
    return form


def option_form(kind: str, offer: Offer, item: dict[str, Any] | None, formdata: Any = None) -> Any:
    """The sub-form of one option of an alternatives requirement (fields named ``option-*``)."""
    form_class = type(f"{FIELDS[kind].__name__}Option", (OptionPage, FIELDS[kind]), {})
    form = form_class(formdata=formdata, prefix="option-")
    form.setup(offer, item)
    return form


def item_of(form: Any, kind: str, *, with_key: bool = True) -> dict[str, Any]:
    """The requirement (or option) in document form, from a filled form."""
    item = item_of_common(form, kind, with_key=with_key)
    item.update(form.members())
    return item


def fill(form: Any, item: dict[str, Any], *, with_key: bool = True) -> None:
    if with_key:
        form.key.data = item.get("key", "")
    form.fill_common(item)
    form.fill(item)


# --- service errors back to fields ------------------------------------------------------------

_MEMBER = re.compile(r"^(?:requirements\[\d+\]|requirement)(?:\.(?P<member>.+))?$")


def members_of(error: ValidationError, prefix: str = "") -> tuple[dict[str, list[str]], list[str]]:
    """A service error split into the requirement's members ("hours", "limits[0].max_hours",
    "" for the requirement as a whole) and messages about anything else."""
    by_member: dict[str, list[str]] = {}
    other: list[str] = []
    for name, messages in error.errors.items():
        if prefix:
            member = name[len(prefix) + 1 :] if name.startswith(prefix + ".") else None
            if name == prefix:
                member = ""
        else:
            match = _MEMBER.match(name)
            member = (match.group("member") or "") if match else None
        if member is None:
            other.extend(f"{name}: {message}" for message in messages)
        else:
            by_member.setdefault(member, []).extend(messages)
    return by_member, other


def route_errors(form: Any, by_member: dict[str, list[str]], other: list[str]) -> None:
    """Put each member's messages next to its field; the rest above the form."""
    common = {"label": form.label, "within_months": form.within_months}
    if "key" in form._fields:
        common["key"] = form.key
    for member, messages in by_member.items():
        field = common.get(member) if member in common else form.field_for(member)
        if field is None:
            form.form_errors.extend(messages)
        else:
            for message in messages:
                add_error(field, message)
    form.form_errors.extend(other)


def apply_requirement_errors(form: Any, error: ValidationError) -> None:
    route_errors(form, *members_of(error))


# --- the renewal buckets ----------------------------------------------------------------------


class BucketRow(Form):
    label = StringField(lazy_gettext("Label"))
    hours = StringField(
        lazy_gettext("Hours in each cycle"),
        description=lazy_gettext("In quarter-hour steps."),
        render_kw={"inputmode": "decimal"},
    )
    domains = CheckboxesField(
        lazy_gettext("Training domains"),
        description=lazy_gettext(
            "Hours in these domains count here. None checked: an elective bucket, any domain."
        ),
    )
    remove = BooleanField(lazy_gettext("Remove this bucket"))

    def used(self) -> bool:
        return not self.remove.data and bool(
            str(self.label.data or "").strip()
            or str(self.hours.data or "").strip()
            or self.domains.data
        )


class BucketsForm(PlainForm):
    buckets = FieldList(FormField(BucketRow), lazy_gettext("Bucket"), max_entries=MAX_BUCKET_ROWS)
    loaded_at = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pad(self.buckets, 1)
        # Which form row each bucket of the document came from.
        self._rows: list[int] = []

    def setup(self, offer: Offer, keep: list[str]) -> None:
        """Offer the domains in every row (again after a row is added)."""
        choices = offer.domains(keep)
        for entry in self.buckets.entries:
            entry.form.domains.choices = choices

    def fill(self, buckets: list[dict[str, Any]]) -> None:
        while len(self.buckets.entries) < min(len(buckets) + 1, MAX_BUCKET_ROWS):
            self.buckets.append_entry()
        for entry, bucket in zip(self.buckets.entries, buckets, strict=False):
            entry.form.label.data = bucket["label"]
            entry.form.hours.data = number_text(bucket["hours"])
            entry.form.domains.data = list(bucket.get("domains") or [])

    def document(self) -> list[dict[str, Any]]:
        """The buckets in document form (label, hours, domains), blank and removed rows left out."""
        buckets = []
        self._rows = []
        for index, entry in enumerate(self.buckets.entries):
            row = entry.form
            if not row.used():
                continue
            bucket: dict[str, Any] = {"label": str(row.label.data or "").strip()}
            if not bucket["label"]:
                add_error(row.label, _("Give the bucket a label."))
            hours = read_number(row.hours, required=True, missing=_("Enter the hours."))
            if hours is not None:
                bucket["hours"] = hours
            domains = chosen(row.domains, _("Choose training domains from the list."))
            if domains:
                bucket["domains"] = domains
            buckets.append(bucket)
            self._rows.append(index)
        return buckets

    def apply_errors(self, error: ValidationError) -> None:
        for name, messages in error.errors.items():
            match = re.match(r"^renewal\.buckets\[(\d+)\](?:\.(\w+))?", name)
            field = None
            if match and int(match.group(1)) < len(self._rows):
                row = self.buckets.entries[self._rows[int(match.group(1))]].form
                field = row._fields.get(match.group(2) or "label")
            if field is None:
                self.form_errors.extend(messages)
            else:
                for message in messages:
                    add_error(field, message)


# --- alternatives: options edited one at a time -------------------------------------------------


class AlternativesDraft:
    """An alternatives requirement being edited.

    Its options so far (in document form) travel with the page in a hidden
    field, and at most one option is open in a sub-form (fields ``option-*``)
    at a time: added, changed, kept or discarded with the page's buttons,
    without anything being stored.  The options are stored only when the
    whole requirement is saved; each is checked by the service when kept.
    """

    def __init__(self, form: Any, offer: Offer) -> None:
        self.form = form
        self.offer = offer
        self.options: list[dict[str, Any]] = []
        self.open: int | None = None  # index being edited; len(options) for a new one
        self.open_kind = ""
        self.option: Any = None  # the open option's sub-form
        self.option_errors: dict[int, list[str]] = {}

    # -- state carried by the page ------------------------------------------------------

    @staticmethod
    def option_kinds() -> list[str]:
        return [kind.name for kind in KINDS.values() if kind.may_be_option]

    def load(self, item: dict[str, Any]) -> None:
        """Start from a stored requirement (document form)."""
        self.options = [dict(o) for o in item.get("options") or []]

    def read(self, formdata: Any) -> None:
        """Take the state a posted page carried: the options, and the open option's fields."""
        raw = str(self.form.options.data or "").strip()
        try:
            options = json.loads(raw) if raw else []
        except ValueError:
            options = None
        if not isinstance(options, list) or not all(isinstance(o, dict) for o in options):
            self.form.form_errors.append(
                _("The options could not be read from the page. Please start again.")
            )
            options = []
        self.options = options[:MAX_OPTIONS]
        opened = str(self.form.open.data or "").strip()
        kind = str(self.form.open_kind.data or "").strip()
        if opened.isdigit() and int(opened) <= len(self.options) and kind in self.option_kinds():
            self.open = int(opened)
            self.open_kind = kind
            current = self.options[self.open] if self.open < len(self.options) else None
            self.option = option_form(kind, self.offer, current, formdata)

    def write(self) -> None:
        """Put the state back into the page's hidden fields."""
        self.form.options.data = json.dumps(self.options, ensure_ascii=False)
        self.form.open.data = "" if self.open is None else str(self.open)
        self.form.open_kind.data = self.open_kind if self.open is not None else ""

    # -- the page's buttons -------------------------------------------------------------

    def act(self, action: str) -> bool:
        """Do what a button asks.  True when the requirement is to be saved now."""
        if action == "add-option":
            kind = str(self.form.new_kind.data or "")
            if self.open is not None and not self.keep():
                return False
            if kind not in self.option_kinds():
                add_error(self.form.new_kind, _("Choose the kind of the new option."))
            elif len(self.options) >= MAX_OPTIONS:
                add_error(
                    self.form.new_kind,
                    _("An alternative has at most %(count)d options.", count=MAX_OPTIONS),
                )
            else:
                self._open(len(self.options), kind, None)
            return False
        match = re.match(r"^(edit|remove)-option-(\d+)$", action)
        if match:
            index = int(match.group(2))
            if index >= len(self.options):
                return False
            if match.group(1) == "edit":
                if self.open is None or self.keep():
                    self._open(index, str(self.options[index].get("kind", "")), self.options[index])
            else:
                del self.options[index]
                if self.open is not None:
                    if self.open == index:
                        self.close()
                    elif self.open > index:
                        self.open -= 1
            return False
        if action == "keep-option":
            if self.open is not None:
                self.keep()
            return False
        if action == "discard-option":
            self.close()
            return False
        # "save", or Enter pressed in a field: keep the open option, then save.
        return self.open is None or self.keep()

    def _open(self, index: int, kind: str, item: dict[str, Any] | None) -> None:
        if kind not in self.option_kinds():
            return
        self.open, self.open_kind = index, kind
        self.option = option_form(kind, self.offer, item, None)
        if item is not None:
            fill(self.option, item, with_key=False)

    def close(self) -> None:
        self.open, self.open_kind, self.option = None, "", None

    def keep(self) -> bool:
        """Check the open option and put it in the list; False (it stays open) when it is wrong."""
        assert self.open is not None and self.option is not None
        item = item_of(self.option, self.open_kind, with_key=False)
        if has_field_errors(self.option):
            return False
        try:
            programs.check_option(item)
        except ValidationError as exc:
            route_errors(self.option, *members_of(exc, "option"))
            return False
        if self.open < len(self.options):
            self.options[self.open] = item
        else:
            self.options.append(item)
        self.close()
        return True

    # -- saving ---------------------------------------------------------------------------

    def item(self) -> dict[str, Any]:
        """The whole requirement in document form."""
        item = item_of_common(self.form, "alternatives")
        item["options"] = list(self.options)
        return item

    def apply_errors(self, error: ValidationError) -> None:
        """Errors of a save: the requirement's next to its fields, an option's in that option
        (the first such option is opened so its fields show them)."""
        by_member, other = members_of(error)
        own: dict[str, list[str]] = {}
        for member, messages in by_member.items():
            match = re.match(r"^options\[(\d+)\](?:\.(.*))?$", member)
            if not match or int(match.group(1)) >= len(self.options):
                own.setdefault(member if member != "options" else "", []).extend(messages)
                continue
            index, sub = int(match.group(1)), match.group(2) or ""
            if self.open is None:
                self._open(index, str(self.options[index].get("kind", "")), self.options[index])
            if self.open == index and self.option is not None:
                route_errors(self.option, {sub: messages}, [])
            else:
                self.option_errors.setdefault(index, []).extend(messages)
        route_errors(self.form, own, other)
        for index, messages in sorted(self.option_errors.items()):
            for message in messages:
                self.form.form_errors.append(
                    _("Option %(number)d: %(message)s", number=index + 1, message=message)
                )


def item_of_common(form: Any, kind: str, *, with_key: bool = True) -> dict[str, Any]:
    """A requirement's kind, key and common members (without the kind's own)."""
    item: dict[str, Any] = {"kind": kind}
    if with_key:
        key = str(form.key.data or "").strip()
        if key:
            item["key"] = key
    item.update(form.common_members())
    return item


def has_field_errors(form: Any) -> bool:
    if form.form_errors:
        return True
    for field in form:
        if field.type == "FieldList":
            if any(has_field_errors(e.form) for e in field.entries if hasattr(e, "form")):
                return True
        elif field.errors:
            return True
    return False
