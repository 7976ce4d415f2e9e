"""Programs: their terms, their requirements, templates and documents; codes of ethics."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from tracker.coordinator import bp
from tracker.coordinator.common import csrf_ok, save
from tracker.coordinator.editor import attempt, going_back
from tracker.coordinator.page_forms import EthicsForm, ProgramForm, ProgramImportForm, choices
from tracker.coordinator.requirement_forms import FIELDS
from tracker.extensions import db
from tracker.forms import ActionForm, apply_errors
from tracker.models import (
    EthicsAcknowledgement,
    EthicsCode,
    EthicsVersion,
    Program,
    ProgramRequirement,
)
from tracker.services import ethics, program_documents, programs
from tracker.services.accounts import clean_text
from tracker.services.eligibility import describe, requirement_of
from tracker.services.errors import ConflictError, ValidationError
from tracker.services.requirements import KINDS, Refs
from tracker.services.requirements.alternatives import Alternatives


@bp.get("/programs", endpoint="programs")
def programs_page():  # type: ignore[no-untyped-def]
    show_archived = request.args.get("archived") == "1"
    items = db.session.scalars(programs.programs_query(include_archived=show_archived)).all()
    refs = Refs()
    return render_template(
        "coordinator/programs.html",
        programs=items,
        counts=programs.program_counts(),
        show_archived=show_archived,
        action_form=ActionForm(),
        describe=lambda row: describe(row, refs),
    )


@bp.get("/programs/<int:program_id>")
def program_detail(program_id: int):  # type: ignore[no-untyped-def]
    program = db.get_or_404(Program, program_id)
    refs = Refs()
    return render_template(
        "coordinator/program_detail.html",
        program=program,
        counts=programs.program_counts().get(program.id, {"enrolled": 0, "certified": 0}),
        describe=lambda row: describe(row, refs),
        cards=[_card(row, refs) for row in program.requirements],
        kinds=KINDS,
        refs=refs,
        loaded_at=program.updated_at.isoformat(),
    )


def _card(row: ProgramRequirement, refs: Refs) -> dict[str, Any]:
    """What a requirement's card shows: its name, its rule in plain words (when a label
    stands in for it), its kind, and each option of an alternative."""
    kind = KINDS.get(row.kind)
    requirement = requirement_of(row)
    plain = kind.describe(requirement, refs) if kind is not None else row.key
    options = []
    if isinstance(kind, Alternatives):
        options = [kind.describe_option(o, refs) for o in kind.options(requirement)]
    return {
        "row": row,
        "title": describe(row, refs),
        "plain": plain if row.label and plain != row.label else "",
        "kind": str(kind.title) if kind is not None else row.kind,
        "options": options,
        "editable": row.kind in FIELDS,
    }


def _validity_choices(program: Program | None) -> list[Any]:
    options = [("issue", _("The issue date"))]
    if program is not None:
        refs = Refs()
        options += [
            (row.key, _("The day this was met: %(requirement)s", requirement=describe(row, refs)))
            for row in program.requirements
            if row.kind in program_documents.DATED_KINDS
        ]
    return choices(options)


def _fill(form: ProgramForm, program: Program) -> None:
    form.code.data = program.code
    form.name.data = program.name
    form.loaded_at.data = program.updated_at.isoformat()
    form.description.data = program.description
    form.source.data = program.source
    form.validity_months.data = str(program.validity_months)
    form.validity_from.data = program.validity_from or "issue"
    form.renewal_cycle.data = program.renewal_cycle
    form.renewal_window_days.data = str(program.renewal_window_days)
    form.grace_days.data = str(program.grace_days)


def _fields(form: ProgramForm) -> dict[str, Any]:
    return {
        "code": form.code.data,
        "name": form.name.data,
        "description": form.description.data or "",
        "source": form.source.data or "",
        "validity_months": form.validity_months.data,
        "validity_from": form.validity_from.data,
        "renewal_cycle": form.renewal_cycle.data,
        "renewal_window_days": form.renewal_window_days.data,
        "grace_days": form.grace_days.data,
    }


def _loaded_at(form: ProgramForm) -> datetime | None:
    """When the page being saved was loaded; None (no check) when the field is missing or odd."""
    try:
        loaded = datetime.fromisoformat((form.loaded_at.data or "").strip())
    except ValueError:
        return None
    return loaded if loaded.tzinfo is not None else None


@bp.route("/programs/new", methods=["GET", "POST"])
def program_new():  # type: ignore[no-untyped-def]
    """Start a program: from a template (a board's published standard), a document, or empty."""
    form = ProgramForm()
    form.validity_from.choices = _validity_choices(None)
    if request.method == "GET":
        form.validity_months.data = "24"
        form.renewal_window_days.data = "60"
        form.grace_days.data = "0"
    if form.validate_on_submit():
        program = save(form, lambda: programs.create_program(current_user, **_fields(form)))
        if program is not None:
            flash(
                _("Program %(name)s created. Now add its requirements.", name=program.name),
                "success",
            )
            return redirect(url_for("coordinator.program_detail", program_id=program.id), 303)
    return render_template(
        "coordinator/program_form.html",
        form=form,
        program=None,
        templates=program_documents.templates(),
        import_form=ProgramImportForm(formdata=None),
    ), (400 if form.errors else 200)


@bp.route("/programs/<int:program_id>/edit", methods=["GET", "POST"])
def program_edit(program_id: int):  # type: ignore[no-untyped-def]
    program = db.get_or_404(Program, program_id)
    form = ProgramForm()
    form.validity_from.choices = _validity_choices(program)
    if request.method == "GET":
        _fill(form, program)
    if form.validate_on_submit() and not going_back():
        outcome = attempt(
            program,
            form,
            lambda: programs.update_program(
                program, current_user, expected_updated_at=_loaded_at(form), **_fields(form)
            ),
            apply_errors,
            what=_("Change the terms of %(program)s.", program=program.name),
            confirm_label=_("Save the terms"),
            cancel_url=url_for("coordinator.program_detail", program_id=program.id),
        )
        if outcome.page is not None:
            return outcome.page
        if outcome.saved:
            flash(
                _(
                    "Program %(name)s saved. Certifications already issued keep the rules they "
                    "were issued under.",
                    name=program.name,
                ),
                "success",
            )
            return redirect(url_for("coordinator.program_detail", program_id=program.id), 303)
    return render_template(
        "coordinator/program_form.html",
        form=form,
        program=program,
        templates=[],
        import_form=None,
    ), (400 if form.errors else 200)


@bp.get("/programs/<int:program_id>/export.json")
def program_export(program_id: int):  # type: ignore[no-untyped-def]
    program = db.get_or_404(Program, program_id)
    body = json.dumps(program_documents.export(program), indent=2, ensure_ascii=False)
    return Response(
        body + "\n",
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="program-{program.code}.json"'},
    )


@bp.route("/programs/import", methods=["GET", "POST"])
def program_import():  # type: ignore[no-untyped-def]
    form = ProgramImportForm()
    slug = request.values.get("template", "")
    if request.method == "GET" and slug:
        document = program_documents.template(slug)
        if document is None:
            abort(404)
        form.text.data = json.dumps(document, indent=2, ensure_ascii=False)
    problems: list[tuple[str, str]] = []
    if form.validate_on_submit():
        upload = form.file.data
        raw: str | bytes = upload.read() if upload else (form.text.data or "")
        if not raw or not raw.strip():
            form.text.errors = [_("Choose a file or paste a program document.")]
        else:
            try:
                document = program_documents.load(raw)
                program, created = programs.import_document(
                    document, current_user, replace=bool(form.replace.data)
                )
            except (ValidationError, ConflictError) as exc:
                db.session.rollback()
                # Each problem names the member it is about; the document stays in the
                # text box (an uploaded file's too) to be corrected and sent again.
                errors = exc.errors if isinstance(exc, ValidationError) else {"": [exc.message]}
                problems = [
                    ("" if name in ("", "document") else name, message)
                    for name, messages in errors.items()
                    for message in messages
                ]
                if isinstance(raw, bytes):
                    form.text.data = raw.decode("utf-8", errors="replace")
                form.text.errors = [
                    ngettext(
                        "The document has a problem, listed above.",
                        "The document has %(num)d problems, listed above.",
                        len(problems),
                    )
                ]
            else:
                db.session.commit()
                flash(
                    _("Program %(name)s imported.", name=program.name)
                    if created
                    else _(
                        "Program %(name)s replaced from the document. Certifications "
                        "already issued keep the rules they were issued under.",
                        name=program.name,
                    ),
                    "success",
                )
                return redirect(url_for("coordinator.program_detail", program_id=program.id), 303)
    return render_template(
        "coordinator/program_import.html",
        form=form,
        templates=program_documents.templates(),
        problems=problems,
    ), (400 if form.errors or form.form_errors or problems else 200)


@bp.post("/programs/<int:program_id>/archive")
def program_archive(program_id: int):  # type: ignore[no-untyped-def]
    program = db.get_or_404(Program, program_id)
    if csrf_ok():
        changed = programs.archive_program(program, current_user)
        db.session.commit()
        if changed:
            flash(
                _(
                    "%(name)s archived: no new enrolments or certifications. Issued "
                    "certifications stay valid.",
                    name=program.name,
                ),
                "success",
            )
    return redirect(url_for("coordinator.programs"), 303)


@bp.post("/programs/<int:program_id>/restore")
def program_restore(program_id: int):  # type: ignore[no-untyped-def]
    program = db.get_or_404(Program, program_id)
    if csrf_ok():
        if programs.restore_program(program, current_user):
            flash(_("%(name)s restored.", name=program.name), "success")
        db.session.commit()
    return redirect(url_for("coordinator.programs"), 303)


# --- codes of ethics ------------------------------------------------------------------------


@bp.get("/ethics", endpoint="ethics")
def ethics_page():  # type: ignore[no-untyped-def]
    codes = ethics.codes()
    current = {code.id: ethics.current_version(code.id) for code in codes}
    return render_template(
        "coordinator/ethics.html",
        codes=codes,
        current=current,
        ack_counts=_ack_counts(),
    )


def _ack_counts() -> dict[int, int]:
    return dict(
        db.session.execute(
            select(EthicsAcknowledgement.ethics_version_id, func.count()).group_by(
                EthicsAcknowledgement.ethics_version_id
            )
        ).all()
    )


def _same_as_current(current: EthicsVersion | None, form: EthicsForm) -> bool:
    """A form posted twice (or unchanged) would publish the same text again."""
    return (
        current is not None
        and clean_text(form.title.data) == current.title
        and clean_text(form.body.data) == current.body
    )


@bp.route("/ethics/<int:code_id>", methods=["GET", "POST"])
def ethics_code(code_id: int):  # type: ignore[no-untyped-def]
    code = db.get_or_404(EthicsCode, code_id)
    form = EthicsForm()
    current = ethics.current_version(code.id)
    if request.method == "GET" and current is not None:
        form.title.data = current.title
        form.body.data = current.body
    if form.validate_on_submit() and _same_as_current(current, form):
        assert current is not None
        flash(
            _(
                "This text is already the current version (version %(version)s); nothing was "
                "published.",
                version=current.version,
            ),
            "info",
        )
        return redirect(url_for("coordinator.ethics_code", code_id=code.id), 303)
    if form.validate_on_submit():
        version = save(
            form,
            lambda: ethics.publish_version(current_user, code, form.title.data, form.body.data),
        )
        if version is not None:
            flash(
                _(
                    "Version %(version)s published. Trainees are asked to acknowledge it.",
                    version=version.version,
                ),
                "success",
            )
            return redirect(url_for("coordinator.ethics_code", code_id=code.id), 303)
    versions = db.session.scalars(
        select(EthicsVersion)
        .where(EthicsVersion.ethics_code_id == code.id)
        .order_by(EthicsVersion.version.desc())
        .limit(50)
    ).all()
    return render_template(
        "coordinator/ethics_code.html",
        form=form,
        code=code,
        current=current,
        versions=versions,
        ack_counts=_ack_counts(),
    ), (400 if form.errors else 200)
