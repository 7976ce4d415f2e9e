"""The vocabularies a coordinator keeps: training domains, experience activities,
document types, exams and codes of ethics.

Rows are listed, added, renamed (exams and document types also change their
terms) and archived or restored; nothing is deleted.  A row's code is proposed
from its name and fixed once created.  The rules (and the audit) are
:mod:`tracker.services.vocabulary`'s; these views parse the form, call it,
commit and redirect.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField

from tracker.coordinator import bp
from tracker.coordinator.common import csrf_ok, save
from tracker.coordinator.editor import summary_items
from tracker.extensions import db
from tracker.forms import ActionForm, PlainForm
from tracker.models import DocumentType, EthicsCode, Exam
from tracker.services import vocabulary
from tracker.services.vocabulary import VOCABULARIES, Vocabulary

# What each vocabulary's page says about it.
ABOUT = {
    "domains": lazy_gettext(
        "What training is about. A module gives its contact hours to one or more domains; "
        "training-hour requirements and renewal buckets count hours in them."
    ),
    "activities": lazy_gettext(
        "What trainees log their practice hours as. Experience-hour requirements may count "
        "only some activities, or limit how many hours some may give."
    ),
    "document-types": lazy_gettext(
        "The evidence programs ask for: a diploma, a transcript, a signed release. A type may "
        "expire a number of months after the date on the document."
    ),
    "exams": lazy_gettext(
        "The exams programs ask trainees to pass: scored against a pass mark, or simply pass "
        "or fail, with an optional limit on attempts."
    ),
    "ethics-codes": lazy_gettext(
        "A program's ethics requirement names one code. Each code has versions, which "
        "trainees acknowledge."
    ),
}
ADD_LABEL = {
    "domains": lazy_gettext("Add a training domain"),
    "activities": lazy_gettext("Add an activity"),
    "document-types": lazy_gettext("Add a document type"),
    "exams": lazy_gettext("Add an exam"),
    "ethics-codes": lazy_gettext("Add a code of ethics"),
}


# The columns a vocabulary row's form may show (each vocabulary has some of them).
EDITABLE = (
    "name",
    "title",
    "description",
    "valid_months",
    "accepts_attestation",
    "pass_mark",
    "max_attempts",
    "attempt_period_months",
)


def _vocabulary(slug: str) -> Vocabulary:
    found = VOCABULARIES.get(slug)
    if found is None:
        abort(404)
    return found


def _row(vocabulary_: Vocabulary, row_id: int) -> Any:
    return db.get_or_404(vocabulary_.model, row_id)


# --- forms ----------------------------------------------------------------------------------


class _VocabularyForm(PlainForm):
    """The fields every vocabulary row has; :func:`vocabulary_form` adds the others."""

    # The row's fingerprint when the form was loaded (editing only): a change made
    # by someone else since is reported instead of overwritten.
    loaded = HiddenField()


def vocabulary_form(vocabulary_: Vocabulary, creating: bool, **kwargs: Any) -> FlaskForm:
    """The form of one vocabulary's row: its name (or title), its code when creating,
    and the terms exams and document types have."""
    model = vocabulary_.model
    fields: dict[str, Any] = {}
    if vocabulary_.name_field == "title":
        fields["title"] = StringField(lazy_gettext("Title"))
    else:
        fields["name"] = StringField(lazy_gettext("Name"))
    if creating:
        fields["code"] = StringField(
            lazy_gettext("Code"),
            description=lazy_gettext(
                "Program documents and exports name it; it cannot change later. Lower-case "
                "letters, digits, “-”, “_” and “.”. Leave it empty to make one from the name."
            ),
        )
    if model in (DocumentType, Exam):
        fields["description"] = TextAreaField(lazy_gettext("Description"))
    if model is DocumentType:
        fields["valid_months"] = StringField(
            lazy_gettext("Valid for (months)"),
            description=lazy_gettext(
                "An accepted document expires this many months after the date on it. "
                "Leave empty when it never expires."
            ),
            render_kw={"inputmode": "numeric"},
        )
        fields["accepts_attestation"] = BooleanField(
            lazy_gettext("A supervisor's written attestation may stand for it"),
            description=lazy_gettext(
                "A supervisor of the trainee then writes it on their page instead of a file."
            ),
        )
    if model is Exam:
        fields["pass_mark"] = StringField(
            lazy_gettext("Pass mark"),
            description=lazy_gettext(
                "0 to 100. Leave empty when the exam is simply passed or failed."
            ),
            render_kw={"inputmode": "numeric"},
        )
        fields["max_attempts"] = StringField(
            lazy_gettext("Attempts allowed"),
            description=lazy_gettext("Leave empty for no limit."),
            render_kw={"inputmode": "numeric"},
        )
        fields["attempt_period_months"] = StringField(
            lazy_gettext("Within a period of (months)"),
            description=lazy_gettext(
                "The attempts are counted over this many months. Leave empty to count them all."
            ),
            render_kw={"inputmode": "numeric"},
        )
    form_class = type("VocabularyForm", (_VocabularyForm,), fields)
    return form_class(**kwargs)


def _values(form: FlaskForm) -> dict[str, Any]:
    return {
        field.name: field.data
        for field in form
        if field.name not in ("csrf_token", "loaded") and field.type != "SubmitField"
    }


def _label(vocabulary_: Vocabulary, row: Any) -> str:
    return str(getattr(row, vocabulary_.name_field))


# --- pages ----------------------------------------------------------------------------------


@bp.get("/vocabularies")
def vocabularies():  # type: ignore[no-untyped-def]
    counts = {
        slug: (
            len(vocabulary.rows(v.model)),
            len(vocabulary.rows(v.model, include_archived=True)),
        )
        for slug, v in VOCABULARIES.items()
    }
    return render_template(
        "coordinator/vocabularies.html", vocabularies=VOCABULARIES, counts=counts, about=ABOUT
    )


@bp.get("/vocabularies/<slug>")
def vocabulary_list(slug: str):  # type: ignore[no-untyped-def]
    vocabulary_ = _vocabulary(slug)
    rows = vocabulary.rows(vocabulary_.model, include_archived=True)
    return render_template(
        "coordinator/vocabulary.html",
        vocabulary=vocabulary_,
        active=[r for r in rows if getattr(r, "archived_at", None) is None],
        archived=[r for r in rows if getattr(r, "archived_at", None) is not None],
        about=ABOUT[slug],
        add_label=ADD_LABEL[slug],
        name_of=lambda row: _label(vocabulary_, row),
        action_form=ActionForm(),
    )


@bp.route("/vocabularies/<slug>/new", methods=["GET", "POST"])
def vocabulary_new(slug: str):  # type: ignore[no-untyped-def]
    vocabulary_ = _vocabulary(slug)
    form = vocabulary_form(vocabulary_, creating=True)
    if request.method == "POST" and request.form.get("action") == "propose":
        # Propose a code from the name without saving anything: the coordinator sees it
        # and may change it before the row is created.
        if form.validate_on_submit():
            name = form[vocabulary_.name_field].data or ""
            form["code"].data = vocabulary.slugify(name) if name.strip() else ""
        return _render_form(vocabulary_, form, None)
    if form.validate_on_submit():
        row = save(form, lambda: vocabulary.create(vocabulary_, current_user, **_values(form)))
        if row is not None:
            flash(
                _(
                    "“%(name)s” added, with the code %(code)s.",
                    name=_label(vocabulary_, row),
                    code=row.code,
                ),
                "success",
            )
            if isinstance(row, EthicsCode):
                flash(_("Publish its first version so that programs can ask for it."), "info")
                return redirect(url_for("coordinator.ethics_code", code_id=row.id), 303)
            return redirect(url_for("coordinator.vocabulary_list", slug=slug), 303)
    return _render_form(vocabulary_, form, None)


@bp.route("/vocabularies/<slug>/<int:row_id>/edit", methods=["GET", "POST"])
def vocabulary_edit(slug: str, row_id: int):  # type: ignore[no-untyped-def]
    vocabulary_ = _vocabulary(slug)
    row = _row(vocabulary_, row_id)
    if request.method == "GET":
        data = {
            name: (
                getattr(row, name)
                if isinstance(getattr(row, name), bool) or getattr(row, name) is None
                else str(getattr(row, name))
            )
            for name in EDITABLE
            if hasattr(row, name)
        }
        form = vocabulary_form(
            vocabulary_, creating=False, loaded=vocabulary.fingerprint(row), **data
        )
    else:
        form = vocabulary_form(vocabulary_, creating=False)
    if form.validate_on_submit():
        saved = save(
            form,
            lambda: vocabulary.update(
                vocabulary_,
                row,
                current_user,
                expected=form["loaded"].data or None,
                **_values(form),
            ),
        )
        if saved is not None:
            flash(_("“%(name)s” saved.", name=_label(vocabulary_, saved)), "success")
            if isinstance(saved, EthicsCode):
                return redirect(url_for("coordinator.ethics"), 303)
            return redirect(url_for("coordinator.vocabulary_list", slug=slug), 303)
    return _render_form(vocabulary_, form, row)


def _render_form(vocabulary_: Vocabulary, form: FlaskForm, row: Any):  # type: ignore[no-untyped-def]
    return render_template(
        "coordinator/vocabulary_form.html",
        vocabulary=vocabulary_,
        form=form,
        row=row,
        name_of=lambda r: _label(vocabulary_, r),
        add_label=ADD_LABEL[vocabulary_.slug],
        problems=summary_items(form),
    ), (400 if form.errors else 200)


def _set_archived(slug: str, row_id: int, archived: bool):  # type: ignore[no-untyped-def]
    vocabulary_ = _vocabulary(slug)
    row = _row(vocabulary_, row_id)
    if not vocabulary_.archivable:
        abort(404)
    if csrf_ok():
        changed = vocabulary.set_archived(vocabulary_, row, current_user, archived)
        db.session.commit()
        if changed and archived:
            flash(
                _(
                    "“%(name)s” archived: it is no longer offered in forms; what was recorded "
                    "with it still counts.",
                    name=_label(vocabulary_, row),
                ),
                "success",
            )
        elif changed:
            flash(_("“%(name)s” restored.", name=_label(vocabulary_, row)), "success")
    return redirect(url_for("coordinator.vocabulary_list", slug=slug), 303)


@bp.post("/vocabularies/<slug>/<int:row_id>/archive")
def vocabulary_archive(slug: str, row_id: int):  # type: ignore[no-untyped-def]
    return _set_archived(slug, row_id, True)


@bp.post("/vocabularies/<slug>/<int:row_id>/restore")
def vocabulary_restore(slug: str, row_id: int):  # type: ignore[no-untyped-def]
    return _set_archived(slug, row_id, False)
