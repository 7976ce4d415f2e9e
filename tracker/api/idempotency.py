"""``Idempotency-Key``: a create retried with the same key is stored once.

A client that sends a create and loses the answer (a timeout, a dropped
connection) cannot tell whether it was stored.  With an ``Idempotency-Key``
header (any 1 to 255 visible characters, a UUID say) it sends the same request
again: the first success is stored with the key, the user and a hash of the
request (method, path, body) in the same transaction as the record it created,
and a retry gets that stored answer (``Idempotent-Replayed: true``) without
storing anything.  The same key with a different request is refused (422), so
a key reused by mistake cannot hide a second, different create.  Two retries
racing each other meet at the table's unique (user, key): one stores, the other
rolls its work back and answers from what the first stored.  A failure (4xx)
stores nothing, so the corrected request can be sent with the same key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Response, current_app, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.api.problems import ApiError
from tracker.extensions import db
from tracker.models import IdempotencyRecord, User

KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255


def _key() -> str:
    key = request.headers.get(KEY_HEADER, "")
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not all(33 <= ord(c) <= 126 for c in key):
        raise ApiError(
            400,
            _("The Idempotency-Key header is not usable."),
            {
                f"header.{KEY_HEADER}": [
                    _(
                        "Use 1 to %(count)s visible ASCII characters, such as a UUID.",
                        count=MAX_KEY_LENGTH,
                    )
                ]
            },
        )
    return key


def request_hash() -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(b" ")
    digest.update(request.path.encode())
    digest.update(b"\n")
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _find(user_id: int, key: str) -> IdempotencyRecord | None:
    return db.session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key
        )
    )


def _replay(record: IdempotencyRecord, fingerprint: str) -> Response:
    if record.request_hash != fingerprint:
        raise ApiError(
            422,
            _("This Idempotency-Key was already used for a different request."),
            {f"header.{KEY_HEADER}": [_("Use a new key for a new request.")]},
        )
    response = current_app.response_class(
        record.response_body, status=record.status_code, mimetype="application/json"
    )
    if record.location:
        response.headers["Location"] = record.location
    response.headers[REPLAYED_HEADER] = "true"
    return response


def run_once(user: User, create: Callable[[], Response]) -> Response:
    """Run ``create`` unless this user's key has an answer already; store a success
    with the key, in the create's own transaction, and commit."""
    key = _key()
    fingerprint = request_hash()
    user_id = user.id
    found = _find(user_id, key)
    if found is not None:
        return _replay(found, fingerprint)
    response = create()
    if not 200 <= response.status_code < 300:
        db.session.rollback()
        return response
    db.session.add(
        IdempotencyRecord(
            user_id=user_id,
            key=key,
            request_hash=fingerprint,
            status_code=response.status_code,
            response_body=response.get_data(as_text=True),
            location=response.headers.get("Location"),
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        # The same key, stored meanwhile by a concurrent retry: ours is undone.
        db.session.rollback()
        found = _find(user_id, key)
        if found is None:
            raise
        return _replay(found, fingerprint)
    return response
