"""Documents: what a trainee uploaded (or a supervisor attested) for a document type,
its review, and the file as a download.

The records a caller sees start from ``policies.visible_documents``: a coordinator
every trainee's, a supervisor those of the trainees assigned to them, a trainee
their own.  The file is served as the pages serve it (``uploads.visible_file``: to
its owner and to coordinators; an attachment with a safe name, ``no-store`` and
``nosniff``); anyone else gets 404, as for a file that does not exist.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import Field

from tracker import policies
from tracker.api.framework import ApiModel, operation
from tracker.api.paging import Order, Page, PageQuery, paginate
from tracker.api.schemas import PersonRef
from tracker.extensions import db
from tracker.forms import gettext_noop as N_
from tracker.models import Document, DocumentType, ReviewStatus, StoredFile, User
from tracker.routing import MAX_ID
from tracker.services import uploads
from tracker.services.errors import NotFoundError
from tracker.trainee.evidence import file_response

FILE_TYPES = tuple(content_type for content_type, _ext, _magic in uploads.SIGNATURES)


class DocumentTypeRef(ApiModel):
    __doc__ = N_("A document type named in another resource.")

    id: int
    code: str
    name: str


class FileInfo(ApiModel):
    __doc__ = N_("An uploaded file's metadata (the file itself is its own download).")

    filename: str = Field(description=N_("The safe name the download gets."))
    content_type: str = Field(description=N_("Recognised from its content: PDF, JPEG or PNG."))
    size_bytes: int
    url: str = Field(description=N_("The download in this API (owner and coordinators)."))


class DocumentOut(ApiModel):
    __doc__ = N_("A document and where its review stands.")

    id: int
    trainee: PersonRef
    document_type: DocumentTypeRef
    dated_on: date = Field(description=N_("The date the document bears; windows count from it."))
    expires_on: date | None = Field(description=N_("When an accepted document stops counting."))
    statement: str | None = Field(
        description=N_("A written attestation, instead of or with a file.")
    )
    notes: str
    status: ReviewStatus = Field(
        description=N_("pending (waiting for review), approved (accepted), rejected, withdrawn.")
    )
    rejection_reason: str | None
    file: FileInfo | None = Field(description=N_("The uploaded file, when there is one."))
    decided_at: datetime | None
    created_at: datetime


class DocumentQuery(PageQuery):
    """Filters of the document list."""

    trainee: int | None = Field(
        None, ge=1, le=MAX_ID, description=N_("Only this trainee's documents.")
    )
    status: ReviewStatus | None = Field(
        None, description=N_("Only documents in this review state.")
    )
    document_type: int | None = Field(
        None, ge=1, le=MAX_ID, description=N_("Only documents of this type.")
    )


ORDER = (Order(Document.id),)


def serialize(
    document: Document, trainee: User, kind: DocumentType, stored: StoredFile | None
) -> DocumentOut:
    return DocumentOut(
        id=document.id,
        trainee=PersonRef(id=trainee.id, display_name=trainee.display_name),
        document_type=DocumentTypeRef(id=kind.id, code=kind.code, name=kind.name),
        dated_on=document.dated_on,
        expires_on=document.expires_on,
        statement=document.statement,
        notes=document.notes or "",
        status=ReviewStatus(document.status),
        rejection_reason=document.rejection_reason,
        file=None
        if stored is None
        else FileInfo(
            filename=uploads.safe_filename(stored.filename, stored.content_type),
            content_type=stored.content_type,
            size_bytes=stored.size_bytes,
            url=url_for("api.document_file", document_id=document.id),
        ),
        decided_at=document.decided_at,
        created_at=document.created_at,
    )


def visible(user: User, document_id: int) -> Document:
    found = db.session.scalar(policies.visible_documents(user).where(Document.id == document_id))
    if found is None:
        raise NotFoundError(_("That record was not found."))
    return found


@operation(
    "GET",
    "/documents",
    summary=_l("Documents"),
    description=_l(
        "Coordinators see every trainee's documents; a supervisor those of the trainees "
        "assigned to them; a trainee their own. Filter by trainee, review state and "
        "document type. Ordered by id."
    ),
    tags=("documents",),
    response=Page[DocumentOut],
    query=DocumentQuery,
)
def list_documents(user: User, query: DocumentQuery) -> Page[DocumentOut]:
    rows = (
        policies.visible_documents(user)
        .add_columns(User, DocumentType, StoredFile)
        .join(User, User.id == Document.trainee_id)
        .join(DocumentType, DocumentType.id == Document.document_type_id)
        .outerjoin(StoredFile, StoredFile.id == Document.file_id)
    )
    if query.trainee is not None:
        rows = rows.where(Document.trainee_id == query.trainee)
    if query.status is not None:
        rows = rows.where(Document.status == query.status.value)
    if query.document_type is not None:
        rows = rows.where(Document.document_type_id == query.document_type)
    return paginate(
        rows,
        ORDER,
        query,
        serialize=lambda row: serialize(*row),
        values_of=lambda row: [row[0].id],
        scalars=False,
    )


@operation(
    "GET",
    "/documents/<int:document_id>",
    summary=_l("A document"),
    description=_l("A document the caller may see; any other id answers 404."),
    tags=("documents",),
    response=DocumentOut,
)
def get_document(user: User, document_id: int) -> DocumentOut:
    document = visible(user, document_id)
    return serialize(document, document.trainee, document.document_type, document.file)


@operation(
    "GET",
    "/documents/<int:document_id>/file",
    summary=_l("A document's file"),
    description=_l(
        "The uploaded file as a download (an attachment, never cached), to its owner and "
        "to coordinators, as on the pages. Anyone else, or a document without a file (a "
        "written attestation), gets 404."
    ),
    tags=("documents",),
    files=FILE_TYPES,
)
def document_file(user: User, document_id: int):  # type: ignore[no-untyped-def]
    document = visible(user, document_id)
    if document.file_id is None:
        raise NotFoundError(_("This document has no file: it is a written statement."))
    return file_response(uploads.visible_file(user, document.file_id))
