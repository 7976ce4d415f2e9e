"""The program editor: a program's requirements one at a time, its renewal buckets,
and a new program from a template.

Each requirement is edited in its kind's form, which builds the requirement's
document form and hands it to :func:`tracker.services.programs.save_requirement`
(so the checks are the service's, the same as an imported document's).  When
the program has enrolled trainees, a change is first shown as a preview of
whose verdict it would change, and made only when that is confirmed (see
:mod:`tracker.coordinator.editor`).
"""

from __future__ import annotations

import copy
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user
from wtforms import HiddenField, StringField

from tracker.coordinator import bp
from tracker.coordinator.editor import (
    attempt,
    enrolled,
    going_back,
    has_errors,
    summary_items,
)
from tracker.coordinator.requirement_forms import (
    FIELDS,
    MAX_BUCKET_ROWS,
    AlternativesDraft,
    BucketsForm,
    Offer,
    apply_requirement_errors,
    fill,
    has_field_errors,
    item_of,
    requirement_form,
)
from tracker.extensions import db
from tracker.forms import PlainForm
from tracker.models import Program, ProgramRequirement
from tracker.services import program_documents, programs
from tracker.services.eligibility import describe
from tracker.services.errors import ConflictError, NotFoundError, ValidationError
from tracker.services.requirements import KINDS, Refs, Requirement
from tracker.services.requirements.alternatives import MAX_OPTIONS
from tracker.services.requirements.refs import Table


def parse_loaded_at(text: str | None) -> datetime | None:
    """When the page being saved was loaded; None (no check) when the value is missing or odd."""
    try:
        loaded = datetime.fromisoformat(str(text or "").strip())
    except ValueError:
        return None
    return loaded if loaded.tzinfo is not None else None


def _row_or_404(program: Program, key: str) -> ProgramRequirement:
    row = next((r for r in program.requirements if r.key == key), None)
    if row is None:
        abort(404)
    return row


def _program_url(program: Program, key: str | None = None) -> str:
    if key:
        return url_for("coordinator.program_detail", program_id=program.id, _anchor=f"req-{key}")
    return url_for("coordinator.program_detail", program_id=program.id)


def describe_item(item: dict[str, Any], refs: Refs) -> str:
    """An option or requirement in document form, in plain words (its label when it has one).

    Only for showing: an item the kind cannot read (it may come from a page's hidden
    field) is named by its kind.
    """
    kind = KINDS.get(str(item.get("kind")))
    if kind is None:
        return _("An option of an unknown kind")
    if item.get("label"):
        return str(item["label"])
    try:
        settings = kind.parse(item, refs, "item")
        requirement = Requirement(
            key="", kind=kind.name, window_months=item.get("within_months"), settings=settings
        )
        return kind.describe(requirement, refs)
    except (ValidationError, KeyError, TypeError, ValueError, AttributeError):
        return str(kind.title)


# --- adding and editing a requirement ------------------------------------------------------


@bp.get("/programs/<int:program_id>/add-requirement")
def requirement_kinds(program_id: int):  # type: ignore[no-untyped-def]
    program = db.get_or_404(Program, program_id)
    return render_template(
        "coordinator/requirement_kinds.html",
        program=program,
        kinds=[kind for kind in KINDS.values() if kind.name in FIELDS],
    )


@bp.route("/programs/<int:program_id>/add-requirement/<kind>", methods=["GET", "POST"])
def requirement_new(program_id: int, kind: str):  # type: ignore[no-untyped-def]
    program = db.get_or_404(Program, program_id)
    if kind not in FIELDS or kind not in KINDS:
        abort(404)
    return _requirement_page(program, kind, None)


@bp.route("/programs/<int:program_id>/requirements/<key>/edit", methods=["GET", "POST"])
def requirement_edit(program_id: int, key: str):  # type: ignore[no-untyped-def]
    program = db.get_or_404(Program, program_id)
    row = _row_or_404(program, key)
    if row.kind not in FIELDS:
        abort(404)
    return _requirement_page(program, row.kind, row)


def _requirement_page(program: Program, kind: str, row: ProgramRequirement | None):  # type: ignore[no-untyped-def]
    """A requirement's form (new when ``row`` is None): shown, or posted and saved."""
    refs = Refs()
    offer = Offer(program)
    stored = program_documents.requirement_document(row, refs) if row is not None else None
    posted = request.method == "POST"
    form = requirement_form(kind, offer, stored, request.form if posted else None)
    draft = AlternativesDraft(form, offer) if kind == "alternatives" else None
    status = 200
    if not posted:
        form.loaded_at.data = program.updated_at.isoformat()
        if stored is not None:
            fill(form, stored)
            if draft is not None:
                draft.load(stored)
        else:
            form.key.data = programs.propose_key(program, kind)
    else:
        if draft is not None:
            draft.read(request.form)
        response, status = _post_requirement(program, kind, row, form, draft, refs)
        if response is not None:
            return response
    if draft is not None:
        draft.write()
    option_label = None
    if draft is not None and draft.open is not None:
        option_label = _("Option %(number)d", number=draft.open + 1)
    return render_template(
        "coordinator/requirement_form.html",
        program=program,
        row=row,
        kind=KINDS[kind],
        kinds=KINDS,
        max_options=MAX_OPTIONS,
        form=form,
        draft=draft,
        option_label=option_label,
        describe_item=lambda item: describe_item(item, refs),
        title=describe(row, refs) if row is not None else None,
        problems=summary_items(form, (draft.option if draft else None, option_label or "")),
        enrolled=enrolled(program),
    ), status


def _post_requirement(
    program: Program,
    kind: str,
    row: ProgramRequirement | None,
    form: Any,
    draft: AlternativesDraft | None,
    refs: Refs,
) -> tuple[Any, int]:
    """Act on a posted requirement form: a response to send (the preview, or a redirect
    once saved), or None and the status of the form shown again."""
    if not form.validate_on_submit():
        return None, 400
    if going_back():
        return None, 200
    ready = draft.act(request.form.get("action", "save")) if draft else True
    item = (draft.item() if draft else item_of(form, kind)) if ready else None
    if has_errors(form, draft.option if draft else None):
        return None, 400
    if item is None:
        return None, 200  # an option was opened, kept or removed: nothing to save yet
    if row is not None and "key" not in item:
        # A key left empty keeps the requirement's own: exports, the validity and
        # issued certificates name it.
        item["key"] = row.key
    name = describe(row, refs) if row is not None else describe_item(item, refs)
    outcome = attempt(
        program,
        form,
        lambda: programs.save_requirement(
            program,
            current_user,
            item,
            key=row.key if row is not None else None,
            expected_updated_at=parse_loaded_at(form.loaded_at.data),
        ),
        (lambda f, e: draft.apply_errors(e)) if draft else apply_requirement_errors,
        what=(
            _(
                "Change the requirement “%(requirement)s” of %(program)s.",
                requirement=name,
                program=program.name,
            )
            if row is not None
            else _(
                "Add the requirement “%(requirement)s” to %(program)s.",
                requirement=name,
                program=program.name,
            )
        ),
        confirm_label=_("Save the requirement"),
        cancel_url=_program_url(program),
    )
    if outcome.page is not None:
        return outcome.page, 200
    if not outcome.saved:
        return None, outcome.status
    saved = outcome.result
    saved_name = describe(saved, Refs())
    flash(
        _("Requirement “%(name)s” added.", name=saved_name)
        if row is None
        else _(
            "Requirement “%(name)s” saved. Certifications already issued keep the rules "
            "they were issued under.",
            name=saved_name,
        ),
        "success",
    )
    return redirect(_program_url(program, saved.key), 303), 303


# --- removing and moving ---------------------------------------------------------------------


class StepForm(PlainForm):
    """A one-button step on a program (remove, move): the page's loaded_at travels with it."""

    loaded_at = HiddenField()
    direction = HiddenField()


@bp.post("/programs/<int:program_id>/requirements/<key>/remove")
def requirement_remove(program_id: int, key: str):  # type: ignore[no-untyped-def]
    """Remove a requirement in two steps: the first post asks (with the preview when
    trainees are enrolled) and changes nothing; only the confirmation removes it."""
    program = db.get_or_404(Program, program_id)
    row = _row_or_404(program, key)
    form = StepForm()
    refs = Refs()
    name = describe(row, refs)
    loaded_at = parse_loaded_at(form.loaded_at.data)
    changes = None
    status = 200
    if not form.validate_on_submit():
        status = 400
    elif request.form.get("confirm") == "1":
        try:
            programs.remove_requirement(program, current_user, key, expected_updated_at=loaded_at)
        except (ValidationError, ConflictError, NotFoundError) as exc:
            db.session.rollback()
            form.form_errors.append(exc.message)
            status = 400
        else:
            db.session.commit()
            flash(
                _(
                    "Requirement “%(name)s” removed. Certifications already issued keep the "
                    "rules they were issued under.",
                    name=name,
                ),
                "success",
            )
            return redirect(_program_url(program), 303)
    else:
        # The removal is tried (and rolled back) even with nobody enrolled, so that a
        # refusal shows here rather than after the confirmation.
        try:
            changes = programs.preview(
                program,
                lambda: programs.remove_requirement(
                    program, current_user, key, expected_updated_at=loaded_at
                ),
            )
        except (ValidationError, ConflictError, NotFoundError) as exc:
            form.form_errors.append(exc.message)
            status = 400
        db.session.rollback()
    return render_template(
        "coordinator/requirement_remove.html",
        program=program,
        row=row,
        name=name,
        form=form,
        changes=changes,
        enrolled=enrolled(program),
        problems=summary_items(form),
    ), status


@bp.post("/programs/<int:program_id>/requirements/<key>/move")
def requirement_move(program_id: int, key: str):  # type: ignore[no-untyped-def]
    program = db.get_or_404(Program, program_id)
    row = _row_or_404(program, key)
    form = StepForm()
    offsets = {"up": -1, "down": 1}
    if not form.validate_on_submit() or form.direction.data not in offsets:
        flash(_("The form expired or was incomplete. Please try again."), "error")
        return redirect(_program_url(program, key), 303)
    name = describe(row, Refs())
    try:
        programs.move_requirement(
            program,
            current_user,
            key,
            offsets[form.direction.data],
            expected_updated_at=parse_loaded_at(form.loaded_at.data),
        )
    except (ConflictError, NotFoundError) as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(
            _("“%(name)s” moved up.", name=name)
            if form.direction.data == "up"
            else _("“%(name)s” moved down.", name=name),
            "success",
        )
    return redirect(_program_url(program, key), 303)


# --- renewal buckets -------------------------------------------------------------------------


@bp.route("/programs/<int:program_id>/renewal", methods=["GET", "POST"])
def renewal_edit(program_id: int):  # type: ignore[no-untyped-def]
    program = db.get_or_404(Program, program_id)
    offer = Offer(program)
    stored = program_documents.buckets_document(program, Refs())
    keep = [code for bucket in stored for code in bucket.get("domains", [])]
    posted = request.method == "POST"
    form = BucketsForm(formdata=request.form if posted else None)
    if not posted:
        form.loaded_at.data = program.updated_at.isoformat()
        form.fill(stored)
    form.setup(offer, keep)
    status = 200
    if posted:
        if not form.validate_on_submit():
            status = 400
        elif going_back():
            pass
        elif request.form.get("action") == "add-row":
            if len(form.buckets.entries) < MAX_BUCKET_ROWS:
                form.buckets.append_entry()
        else:
            buckets = form.document()
            if has_field_errors(form):
                status = 400
            else:
                outcome = attempt(
                    program,
                    form,
                    lambda: programs.set_renewal_buckets(
                        program,
                        current_user,
                        buckets,
                        expected_updated_at=parse_loaded_at(form.loaded_at.data),
                    ),
                    lambda f, e: f.apply_errors(e),
                    what=_(
                        "Change the continuing education that renewing %(program)s asks for.",
                        program=program.name,
                    ),
                    confirm_label=_("Save the buckets"),
                    cancel_url=_program_url(program),
                )
                if outcome.page is not None:
                    return outcome.page
                if outcome.saved:
                    flash(
                        _(
                            "Renewal of %(program)s saved. Certifications already issued keep "
                            "the rules they were issued under.",
                            program=program.name,
                        ),
                        "success",
                    )
                    return redirect(_program_url(program) + "#renewal", 303)
                status = outcome.status
    form.setup(offer, keep)
    return render_template(
        "coordinator/renewal_form.html",
        program=program,
        form=form,
        can_add=len(form.buckets.entries) < MAX_BUCKET_ROWS,
        problems=summary_items(form),
    ), status


# --- a new program from a template --------------------------------------------------------------


class TemplateForm(PlainForm):
    code = StringField(
        lazy_gettext("Code"),
        description=lazy_gettext(
            "2 to 10 capital letters or digits; it starts certificate numbers. Change it to "
            "make a second program from the same template."
        ),
    )
    name = StringField(lazy_gettext("Name"))


@bp.route("/programs/new/<slug>", methods=["GET", "POST"])
def program_from_template(slug: str):  # type: ignore[no-untyped-def]
    document = program_documents.template(slug)
    if document is None:
        abort(404)
    form = TemplateForm()
    if request.method == "GET":
        form.code.data = document["code"]
        form.name.data = document["name"]
    status = 200
    if form.validate_on_submit():
        chosen = copy.deepcopy(document)
        chosen["code"] = str(form.code.data or "").strip().upper()
        chosen["name"] = str(form.name.data or "").strip()
        try:
            program, _created = programs.import_document(chosen, current_user)
        except ConflictError as exc:
            db.session.rollback()
            form.form_errors.append(exc.message)
            status = 400
        except ValidationError as exc:
            db.session.rollback()
            for member, messages in exc.errors.items():
                field = form._fields.get(member) if member in ("code", "name") else None
                if field is not None:
                    field.errors = [*field.errors, *messages]
                else:
                    form.form_errors.extend(f"{member}: {m}" for m in messages)
            status = 400
        else:
            db.session.commit()
            flash(
                _(
                    "Program %(name)s created from the template. Check each requirement "
                    "against the board's current standard.",
                    name=program.name,
                ),
                "success",
            )
            return redirect(_program_url(program), 303)
    elif request.method == "POST":
        status = 400
    known = document_refs(document)
    return render_template(
        "coordinator/program_template.html",
        form=form,
        slug=slug,
        document=document,
        requirements=[describe_item(item, known) for item in document["requirements"]],
        missing=_missing_catalogue(document, Refs()),
        problems=summary_items(form),
    ), status


class _DocumentTable(Table[Any]):
    """A catalogue table with the entries a program document brings added to it (without
    storing them), so that the document's requirements can be described before import."""

    def __init__(self, table: Table[Any], entries: list[dict[str, Any]]) -> None:
        super().__init__(table.model, table.code_attribute)
        self.entries = entries

    def _load(self) -> dict[int, Any]:
        if self._by_id is None:
            rows = super()._load()
            for n, entry in enumerate(self.entries, start=1):
                code = str(entry.get("code", ""))
                if code.lower() in self._by_code:
                    continue
                name = str(entry.get("name") or entry.get("title") or code)
                row = SimpleNamespace(
                    id=-n,
                    code=code,
                    name=name,
                    title=name,
                    label=name,
                    pass_mark=entry.get("pass_mark"),
                )
                rows[row.id] = row
                self._by_code[code.lower()] = row
        return self._by_id or {}


def document_refs(document: dict[str, Any]) -> Refs:
    """Look-ups that know the installation's catalogue and the entries ``document`` brings."""
    refs = Refs()
    catalogue = document.get("catalogue") or {}
    for attribute, section in (
        ("domains", "domains"),
        ("activities", "activities"),
        ("document_types", "document_types"),
        ("exams", "exams"),
        ("ethics_codes", "ethics_codes"),
        ("modules", "modules"),
    ):
        setattr(
            refs, attribute, _DocumentTable(getattr(refs, attribute), catalogue.get(section) or [])
        )
    return refs


def _missing_catalogue(document: dict[str, Any], refs: Refs) -> list[str]:
    """The catalogue entries a template would add to this installation, by name."""
    tables = {
        "domains": refs.domains,
        "activities": refs.activities,
        "document_types": refs.document_types,
        "exams": refs.exams,
        "ethics_codes": refs.ethics_codes,
        "modules": refs.modules,
    }
    missing = []
    for section, table in tables.items():
        for entry in (document.get("catalogue") or {}).get(section) or []:
            if table.by_code(entry["code"]) is None:
                missing.append(str(entry.get("name") or entry.get("title") or entry["code"]))
    return missing
