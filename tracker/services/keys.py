"""The issuer's signing keys for verifiable credentials.

One JSON file, named by ``TRACKER_SIGNING_KEY_FILE``, holds them all::

    {"format": "tracker-signing-keys/1",
     "current": {"jwk": {...private P-256 JWK...}, "created_at": "..."},
     "retired": [{"jwk": {...public JWK...}, "created_at": "...", "retired_at": "..."}]}

* The current key signs (ES256).  Retired keys keep only their public half: they
  are published in the JWKS so that credentials signed before a rotation still
  verify, and can sign nothing.
* In development and tests the file is created on first use (in the instance
  folder when the setting is unset).  In production the setting and the file
  are required: a missing key is a configuration error, never silently replaced
  by a new one (that would leave every credential issued so far unverifiable).
  ``flask --app tracker rotate-signing-key`` creates the first key, or rotates.
* Rotation replaces the file in one atomic step, so a reader sees either the
  old key ring or the new one.  The file is written with mode 0600.
* The private key is never logged, shown or served: :func:`public_jwks` builds
  each entry from the public half only.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from flask.blueprints import BlueprintSetupState
from joserfc.jwk import ECKey

from tracker.models import utcnow

FILE_FORMAT = "tracker-signing-keys/1"
CURVE = "P-256"
ALGORITHM = "ES256"
DEFAULT_FILE_NAME = "signing-key.json"
PUBLIC_MEMBERS = ("kty", "crv", "x", "y")


class SigningKeyError(RuntimeError):
    """The signing key is missing, unreadable or malformed.  The message says what to do."""


@dataclass(frozen=True)
class PublicKey:
    key: ECKey
    thumbprint: str
    created_at: str | None = None
    retired_at: str | None = None

    def jwk(self) -> dict[str, Any]:
        """The public JWK members only, built afresh: never a private member."""
        full = self.key.as_dict(private=False)
        return {name: full[name] for name in PUBLIC_MEMBERS}


@dataclass(frozen=True)
class KeyRing:
    current: ECKey  # holds the private key: never serialise it outside this module
    current_thumbprint: str
    created_at: str | None
    retired: tuple[PublicKey, ...]

    def public_keys(self) -> list[PublicKey]:
        """The current key's public half first, then the retired keys, newest first."""
        current = PublicKey(
            ECKey.import_key(_public_members(self.current.as_dict(private=False))),
            self.current_thumbprint,
            created_at=self.created_at,
        )
        return [current, *self.retired]

    def find(self, thumbprint: str) -> PublicKey | None:
        for key in self.public_keys():
            if key.thumbprint == thumbprint:
                return key
        return None

    def __repr__(self) -> str:  # never print key material
        return f"<KeyRing current={self.current_thumbprint} retired={len(self.retired)}>"


def _public_members(jwk: dict[str, Any]) -> dict[str, Any]:
    return {name: jwk[name] for name in PUBLIC_MEMBERS}


def key_path() -> Path:
    """Where the key ring lives: the setting, or the instance folder in development."""
    configured = current_app.config.get("SIGNING_KEY_FILE")
    if configured:
        return Path(configured).expanduser()
    if _may_generate():
        return Path(current_app.instance_path) / DEFAULT_FILE_NAME
    raise SigningKeyError(
        "TRACKER_SIGNING_KEY_FILE is not set. Credentials cannot be signed without it. "
        "Set it to a path outside the code (e.g. /var/lib/tracker/signing-key.json) and run "
        "`flask --app tracker rotate-signing-key` once to create the key."
    )


def remember_environment(state: BlueprintSetupState) -> None:
    """Decide once, when the app is built, whether a missing key may be created.

    The ``flask`` command resets ``app.debug`` from FLASK_DEBUG after the app is
    built, so ``make run`` (TRACKER_DEBUG=1) would otherwise look like production
    by the time a key is first needed.
    """
    app = state.app
    app.config.setdefault("SIGNING_KEY_AUTOCREATE", bool(app.debug or app.testing))


def _may_generate() -> bool:
    """Development and tests create the key; production never does."""
    configured = current_app.config.get("SIGNING_KEY_AUTOCREATE")
    if configured is None:
        return bool(current_app.debug or current_app.testing)
    return bool(configured)


def load() -> KeyRing:
    """The key ring, created first in development and tests when there is none."""
    path = key_path()
    if not path.exists():
        if not _may_generate():
            raise SigningKeyError(
                f"The signing key file {path} does not exist. Run "
                "`flask --app tracker rotate-signing-key` to create it, or point "
                "TRACKER_SIGNING_KEY_FILE at the existing key file."
            )
        _create_exclusively(path, _new_document())
    return _parse(path)


def _parse(path: Path) -> KeyRing:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SigningKeyError(
            f"The signing key file {path} cannot be read ({exc.__class__.__name__})."
        ) from None
    try:
        if document.get("format") != FILE_FORMAT:
            raise ValueError("unknown format")
        current_jwk = document["current"]["jwk"]
        if current_jwk.get("kty") != "EC" or current_jwk.get("crv") != CURVE:
            raise ValueError("the current key is not a P-256 key")
        current = ECKey.import_key(current_jwk)
        if not current.is_private:
            raise ValueError("the current key has no private part")
        retired = tuple(
            _retired_key(entry)
            for entry in document.get("retired", [])
            if isinstance(entry, dict) and isinstance(entry.get("jwk"), dict)
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # The message names the problem, never the key material.
        reason = str(exc) if isinstance(exc, ValueError) else "a member is missing"
        raise SigningKeyError(f"The signing key file {path} is not valid: {reason}.") from None
    return KeyRing(
        current=current,
        current_thumbprint=current.thumbprint(),
        created_at=document["current"].get("created_at"),
        retired=retired,
    )


def _retired_key(entry: dict[str, Any]) -> PublicKey:
    public = ECKey.import_key(_public_members(entry["jwk"]))
    return PublicKey(
        public,
        public.thumbprint(),
        created_at=entry.get("created_at"),
        retired_at=entry.get("retired_at"),
    )


def _now() -> str:
    return utcnow().replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _new_document(retired: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    key = ECKey.generate_key(CURVE, private=True)
    return {
        "format": FILE_FORMAT,
        "current": {"jwk": key.as_dict(private=True), "created_at": _now()},
        "retired": retired or [],
    }


def _write_temp(path: Path, document: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".signing-key-", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _create_exclusively(path: Path, document: dict[str, Any]) -> None:
    """Create the file unless another process won the race (then keep theirs)."""
    temp = _write_temp(path, document)
    try:
        os.link(temp, path)
    except FileExistsError:
        pass
    finally:
        temp.unlink(missing_ok=True)


@dataclass(frozen=True)
class Rotation:
    new_thumbprint: str
    retired_thumbprint: str | None
    path: Path


def rotate() -> Rotation:
    """Make a new current key; the old one's public half stays published.

    Creates the first key when there is none (the one way to do so in production).
    """
    path = key_path()
    if not path.exists():
        _create_exclusively(path, _new_document())
        ring = _parse(path)
        return Rotation(ring.current_thumbprint, None, path)
    ring = _parse(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    retired = [
        {
            "jwk": _public_members(ring.current.as_dict(private=False)),
            "created_at": ring.created_at,
            "retired_at": _now(),
        },
        *(entry for entry in document.get("retired", []) if isinstance(entry, dict)),
    ]
    for entry in retired:  # a retired key never keeps a private part
        entry["jwk"] = _public_members(entry["jwk"])
    new_document = _new_document(retired)
    temp = _write_temp(path, new_document)
    os.replace(temp, path)
    new_ring = _parse(path)
    return Rotation(new_ring.current_thumbprint, ring.current_thumbprint, path)
