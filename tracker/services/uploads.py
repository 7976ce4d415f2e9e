"""Uploaded files: stored in the database (``stored_files``), served only to
their owner and to coordinators.

A file is accepted when its *content* is a PDF, a JPEG or a PNG (its first
bytes, the "magic numbers"), whatever its name or the browser's declared type
say, and when it is at most ``MAX_UPLOAD_MB`` megabytes (the setting
``TRACKER_MAX_UPLOAD_MB``).  A refused file raises :class:`ValidationError`
on the form's field and nothing is stored.

The name kept is made safe (letters, digits, dots, dashes and underscores,
no path) and ends with the extension of the type found, so a download can
never be mistaken for another kind of file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from flask import current_app, has_app_context
from flask_babel import gettext as _

from tracker.extensions import db
from tracker.models import StoredFile, User
from tracker.services.errors import NotFoundError, ValidationError

# (content type, extension, first bytes)
SIGNATURES = (
    ("application/pdf", ".pdf", b"%PDF-"),
    ("image/png", ".png", b"\x89PNG\r\n\x1a\n"),
    ("image/jpeg", ".jpg", b"\xff\xd8\xff"),
)
EXTENSIONS = {content_type: ext for content_type, ext, _magic in SIGNATURES}
DEFAULT_MAX_MB = 10
NAME_MAX = 120
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def max_megabytes() -> int:
    if has_app_context():
        return int(current_app.config.get("MAX_UPLOAD_MB") or DEFAULT_MAX_MB)
    return DEFAULT_MAX_MB


def max_bytes() -> int:
    return max_megabytes() * 1024 * 1024


def sniff(content: bytes) -> str | None:
    """The content type the bytes themselves show (PDF, PNG or JPEG), or None."""
    for content_type, _ext, magic in SIGNATURES:
        if content.startswith(magic):
            return content_type
    return None


def safe_filename(name: Any, content_type: str) -> str:
    """A name fit for a download header: ASCII, no path, the extension of its real type."""
    text = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = text.rsplit(".", 1)[0] if "." in text else text
    stem = _UNSAFE.sub("-", stem).strip(".-_")[: NAME_MAX - 5] or "document"
    return stem + EXTENSIONS.get(content_type, "")


def _read(upload: Any, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of an upload (a werkzeug FileStorage, a stream or bytes)."""
    if upload is None:
        return b""
    if isinstance(upload, bytes | bytearray):
        return bytes(upload[: limit + 1])
    stream = getattr(upload, "stream", upload)
    data = stream.read(limit + 1)
    return data if isinstance(data, bytes) else b""


def check(upload: Any, field: str = "file") -> tuple[bytes, str]:
    """The upload's bytes and real content type, or :class:`ValidationError` on ``field``."""
    limit = max_bytes()
    content = _read(upload, limit)
    if not content:
        raise ValidationError(_("Choose a file to upload."), field)
    if len(content) > limit:
        raise ValidationError(
            _(
                "The file is larger than %(mb)s MB. Upload a smaller file "
                "(scan at a lower resolution, or save the photo as a smaller JPEG).",
                mb=max_megabytes(),
            ),
            field,
        )
    content_type = sniff(content)
    if content_type is None:
        raise ValidationError(
            _(
                "Upload a PDF, JPEG or PNG file. This file is none of these, "
                "whatever its name says."
            ),
            field,
        )
    return content, content_type


def store(owner: User, uploader: User, upload: Any, field: str = "file") -> StoredFile:
    """Check an upload and add it to the session as ``owner``'s file (flushed)."""
    content, content_type = check(upload, field)
    stored = StoredFile(
        owner_id=owner.id,
        filename=safe_filename(getattr(upload, "filename", None), content_type),
        content_type=content_type,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by_id=uploader.id,
    )
    db.session.add(stored)
    db.session.flush()
    return stored


def visible_file(user: User, file_id: int) -> StoredFile:
    """The file ``file_id`` when ``user`` owns it or is a coordinator; otherwise NotFoundError."""
    stored = db.session.get(StoredFile, file_id)
    if (
        stored is None
        or not user.is_authenticated
        or not (user.is_coordinator or stored.owner_id == user.id)
    ):
        raise NotFoundError(_("That file was not found."))
    return stored
