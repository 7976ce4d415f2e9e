"""The issuer's signing keys for verifiable credentials.

One JSON file, named by ``TRACKER_SIGNING_KEY_FILE``, holds them all::

    {"format": "tracker-signing-keys/2",
     "current": {"jwk": {...private P-256 JWK...}, "ed25519": {...private Ed25519 JWK...},
                 "created_at": "..."},
     "retired": [{"jwk": {...}, "ed25519": {...}, "created_at": "...", "retired_at": "..."}]}

* Each entry is one generation of keys, and its two halves rotate together:
  the P-256 key signs the VC-JWT (ES256) and the Ed25519 key the embedded Data
  Integrity proof (``eddsa-rdfc-2022``) of the same credential.
* **The current entry signs credentials.**  Nothing else ever does.
* **A retired entry keeps its private halves for one job: signing its own
  revocation status lists.**  A credential points to the status list of the key
  that signed it, and a verifier that follows the Bitstring Status List
  specification checks that list with that same key; a list signed by the new
  key would make every credential signed before the rotation fail its status
  check.  The list must also stay fresh (it is valid for a day, so an old copy
  cannot be replayed to hide a later revocation), so it is signed again on
  each request, which needs the private key.  The code enforces the split:
  :func:`tracker.services.credentials.sign_credential` takes only
  ``KeyRing.current``, and status lists take the key their URL names.
  Keeping those private halves exposes nothing new: they sit in the same file
  as the current key, which could sign anything.  (A key that leaked is a
  different case: delete its entry from the file, so nothing it signed
  verifies any more, and ask holders to download their credentials again.)
* Files of the first format (``tracker-signing-keys/1``: a P-256 key only,
  retired keys public only) are upgraded in place on first use: the current
  entry gets an Ed25519 key.  Their retired keys verify old VC-JWTs and sign
  nothing.
* In development and tests the file is created on first use (in the instance
  folder when the setting is unset).  In production the setting and the file
  are required: a missing key is a configuration error, never silently replaced
  by a new one (that would leave every credential issued so far unverifiable).
  ``flask --app tracker rotate-signing-key`` creates the first key, or rotates.
* Rotation and upgrade replace the file in one atomic step, under a lock file
  beside it, so a reader sees either the old key ring or the new one and two
  processes never both rotate.  The file is written with mode 0600.
* The private keys are never logged, shown or served: public documents are
  built from the public members only.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app
from flask.blueprints import BlueprintSetupState
from joserfc.jwk import ECKey, OKPKey

from tracker.models import utcnow

FILE_FORMAT = "tracker-signing-keys/2"
FIRST_FORMAT = "tracker-signing-keys/1"
CURVE = "P-256"
ALGORITHM = "ES256"
ED25519 = "Ed25519"
DEFAULT_FILE_NAME = "signing-key.json"
PUBLIC_MEMBERS = ("kty", "crv", "x", "y")
ED25519_PUBLIC_MEMBERS = ("kty", "crv", "x")


class SigningKeyError(RuntimeError):
    """The signing key is missing, unreadable or malformed.  The message says what to do."""


@dataclass(frozen=True)
class SigningKey:
    """One generation of the issuer's keys: P-256 for VC-JWT, Ed25519 for Data Integrity.

    Holds private keys: never serialise it outside this module.
    """

    es256: ECKey
    ed25519: OKPKey | None
    created_at: str | None = None
    retired_at: str | None = None

    @property
    def thumbprint(self) -> str:
        """The P-256 key's RFC 7638 thumbprint: the ``kid`` of its VC-JWTs."""
        return self.es256.thumbprint()

    @property
    def ed25519_thumbprint(self) -> str | None:
        return self.ed25519.thumbprint() if self.ed25519 is not None else None

    @property
    def is_current(self) -> bool:
        return self.retired_at is None

    @property
    def can_sign(self) -> bool:
        """Whether its status lists can be signed (first-format retired keys cannot)."""
        return self.es256.is_private and self.ed25519 is not None and self.ed25519.is_private

    def jwk(self) -> dict[str, Any]:
        """The P-256 public JWK members only, built afresh: never a private member."""
        full = self.es256.as_dict(private=False)
        return {name: full[name] for name in PUBLIC_MEMBERS}

    def public_es256(self) -> ECKey:
        return ECKey.import_key(self.jwk())

    def ed25519_public(self) -> Ed25519PublicKey | None:
        if self.ed25519 is None:
            return None
        return self.ed25519.public_key  # type: ignore[no-any-return]

    def ed25519_private(self) -> Ed25519PrivateKey:
        if self.ed25519 is None or not self.ed25519.is_private:
            raise SigningKeyError("This signing key has no Ed25519 private key.")
        return self.ed25519.private_key  # type: ignore[no-any-return]

    def __repr__(self) -> str:  # never print key material
        return f"<SigningKey {self.thumbprint} {'current' if self.is_current else 'retired'}>"


@dataclass(frozen=True)
class KeyRing:
    current: SigningKey
    retired: tuple[SigningKey, ...]

    @property
    def current_thumbprint(self) -> str:
        return self.current.thumbprint

    def all(self) -> list[SigningKey]:
        """The current key first, then the retired keys, newest first."""
        return [self.current, *self.retired]

    def find(self, thumbprint: str) -> SigningKey | None:
        """The key whose P-256 half has this thumbprint."""
        return next((key for key in self.all() if key.thumbprint == thumbprint), None)

    def find_ed25519(self, thumbprint: str) -> SigningKey | None:
        """The key whose Ed25519 half has this thumbprint."""
        return next((key for key in self.all() if key.ed25519_thumbprint == thumbprint), None)

    def __repr__(self) -> str:  # never print key material
        return f"<KeyRing current={self.current_thumbprint} retired={len(self.retired)}>"


def _members(jwk: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: jwk[name] for name in names}


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
    document = _read(path)
    if document.get("format") == FIRST_FORMAT:
        try:
            with _locked(path):
                document = _read(path)
                if document.get("format") == FIRST_FORMAT:
                    _replace(path, _upgraded(path, document))
                    document = _read(path)
        except OSError as exc:
            raise SigningKeyError(
                f"The signing key file {path} needs an Ed25519 key and cannot be rewritten "
                f"({exc.__class__.__name__}). Run `flask --app tracker rotate-signing-key` "
                "as the user who owns it."
            ) from None
    return _parse(path, document)


def _read(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SigningKeyError(
            f"The signing key file {path} cannot be read ({exc.__class__.__name__})."
        ) from None
    if not isinstance(document, dict):
        raise SigningKeyError(f"The signing key file {path} is not valid: not a JSON object.")
    return document


def _es256(jwk: Any, *, private: bool) -> ECKey:
    if not isinstance(jwk, dict) or jwk.get("kty") != "EC" or jwk.get("crv") != CURVE:
        raise ValueError("a key is not a P-256 key")
    key = ECKey.import_key(jwk if private else _members(jwk, PUBLIC_MEMBERS))
    if private and not key.is_private:
        raise ValueError("the current key has no private part")
    return key


def _ed25519(jwk: Any) -> OKPKey:
    if not isinstance(jwk, dict) or jwk.get("kty") != "OKP" or jwk.get("crv") != ED25519:
        raise ValueError("an Ed25519 key is not an OKP Ed25519 key")
    key = OKPKey.import_key(jwk)
    if not key.is_private:
        raise ValueError("an Ed25519 key has no private part")
    return key


def _entry(entry: dict[str, Any], *, current: bool) -> SigningKey:
    ed25519 = entry.get("ed25519")
    has_private = isinstance(entry.get("jwk"), dict) and "d" in entry["jwk"]
    if current and ed25519 is None:
        raise ValueError("the current key has no Ed25519 key")
    return SigningKey(
        es256=_es256(entry["jwk"], private=current or has_private),
        ed25519=_ed25519(ed25519) if ed25519 is not None else None,
        created_at=entry.get("created_at"),
        retired_at=None if current else entry.get("retired_at") or "",
    )


def _parse(path: Path, document: dict[str, Any]) -> KeyRing:
    try:
        if document.get("format") != FILE_FORMAT:
            raise ValueError("unknown format")
        current = _entry(document["current"], current=True)
        retired = tuple(
            _entry(entry, current=False)
            for entry in document.get("retired", [])
            if isinstance(entry, dict) and isinstance(entry.get("jwk"), dict)
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # The message names the problem, never the key material.
        reason = str(exc) if isinstance(exc, ValueError) else "a member is missing"
        raise SigningKeyError(f"The signing key file {path} is not valid: {reason}.") from None
    return KeyRing(current=current, retired=retired)


def _upgraded(path: Path, document: dict[str, Any]) -> dict[str, Any]:
    """A first-format key ring with an Ed25519 key added to its current entry."""
    try:
        current = dict(document["current"])
        _es256(current["jwk"], private=True)
        retired = [
            {**entry, "jwk": _members(entry["jwk"], PUBLIC_MEMBERS)}
            for entry in document.get("retired", [])
            if isinstance(entry, dict) and isinstance(entry.get("jwk"), dict)
        ]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        reason = str(exc) if isinstance(exc, ValueError) else "a member is missing"
        raise SigningKeyError(f"The signing key file {path} is not valid: {reason}.") from None
    current["ed25519"] = _new_ed25519()
    return {"format": FILE_FORMAT, "current": current, "retired": retired}


def _now() -> str:
    return utcnow().replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _new_ed25519() -> dict[str, Any]:
    return OKPKey.generate_key(ED25519, private=True).as_dict(private=True)


def _new_entry() -> dict[str, Any]:
    return {
        "jwk": ECKey.generate_key(CURVE, private=True).as_dict(private=True),
        "ed25519": _new_ed25519(),
        "created_at": _now(),
    }


def _new_document(retired: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"format": FILE_FORMAT, "current": _new_entry(), "retired": retired or []}


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


def _replace(path: Path, document: dict[str, Any]) -> None:
    temp = _write_temp(path, document)
    os.replace(temp, path)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<key file>.lock`` while the key ring is rewritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


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
    """Make a new current key; the old one is retired, still published, and signs only
    its own status lists.

    Creates the first key when there is none (the one way to do so in production).
    """
    path = key_path()
    with _locked(path):
        if not path.exists():
            _create_exclusively(path, _new_document())
            ring = _parse(path, _read(path))
            return Rotation(ring.current_thumbprint, None, path)
        document = _read(path)
        if document.get("format") == FIRST_FORMAT:
            document = _upgraded(path, document)
        ring = _parse(path, document)
        retired = [
            {**document["current"], "retired_at": _now()},
            *(entry for entry in document.get("retired", []) if isinstance(entry, dict)),
        ]
        _replace(path, _new_document(retired))
        new_ring = _parse(path, _read(path))
    return Rotation(new_ring.current_thumbprint, ring.current_thumbprint, path)
