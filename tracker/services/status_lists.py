"""Revocation status lists (W3C Bitstring Status List v1.0): positions and the bitstring.

* Each certification owns one position (``Certification.status_index``) in the
  published lists, for good: the column is unique and certifications are never
  deleted, so a position is never given to another certification.
* Positions are drawn at random, as the specification asks, so the public list
  says nothing about how many certificates were issued, or in which order.  A
  list holds 131,072 positions (the specification's minimum, 16 KiB); new
  certifications draw from the first list until half its positions are taken,
  then from the next, so a draw rarely meets a taken position and each list
  keeps a large crowd to hide in.
* A position is the same in every published list: one list per signing key
  (see :mod:`tracker.services.credentials`), each the same bits.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import secrets
import zlib
from datetime import timedelta

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Certification

BITS = 131_072  # Bitstring Status List v1.0 minimum: 16 KiB
LIST_FILL = BITS // 2  # a list takes new positions until half of it is used
DRAW_ATTEMPTS = 64
PURPOSE = "revocation"
# A published list says how long it may be relied on: a copy older than this is
# stale, so an old list cannot be replayed to hide a later revocation.
VALIDITY = timedelta(days=1)
TTL_MS = 5 * 60 * 1000
MAX_BITSTRING_BYTES = 16 * 1024 * 1024


def position(status_index: int) -> tuple[int, int]:
    """(list number from 1, bit position in that list) of a status index."""
    return status_index // BITS + 1, status_index % BITS


def _taken(index: int) -> bool:
    found = db.session.scalar(select(Certification.id).where(Certification.status_index == index))
    return found is not None


def new_index() -> int:
    """A random position nobody holds, in the list that takes new positions.

    Two issuers drawing the same free position at once are parted by the unique
    constraint: the loser's insert fails and is built again with a new draw.
    """
    taken = db.session.scalar(
        select(func.count(Certification.id)).where(Certification.status_index.is_not(None))
    )
    first = (taken or 0) // LIST_FILL * BITS
    candidate = first + secrets.randbelow(BITS)
    for _attempt in range(DRAW_ATTEMPTS):
        if not _taken(candidate):
            break
        candidate = first + secrets.randbelow(BITS)
    return candidate


def list_count() -> int:
    """How many lists are published: at least one, so the first list exists from the start."""
    highest = db.session.scalar(select(func.max(Certification.status_index)))
    return 1 if highest is None else position(highest)[0]


def revoked_positions(list_number: int) -> set[int]:
    low = (list_number - 1) * BITS
    rows = db.session.scalars(
        select(Certification.status_index).where(
            Certification.revoked_at.is_not(None),
            Certification.status_index >= low,
            Certification.status_index < low + BITS,
        )
    )
    return {index - low for index in rows if index is not None}


def encode_bitstring(positions: set[int] | list[int], size: int = BITS) -> str:
    """Multibase base64url (``u`` prefix, no padding) of the GZIP-compressed bitstring.

    Bit 0 is the most significant bit of the first byte, as the spec orders them.
    """
    bits = bytearray(size // 8)
    for bit in positions:
        if not 0 <= bit < size:
            raise ValueError(f"position {bit} is outside the list")
        bits[bit // 8] |= 0x80 >> (bit % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode_bitstring(encoded: object) -> bytes:
    """The bitstring from an ``encodedList``; ValueError when it is not one."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (a 'u' prefix)")
    data = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        inflater = zlib.decompressobj(wbits=31)  # GZIP framing
        bits = inflater.decompress(compressed, MAX_BITSTRING_BYTES)
    except (binascii.Error, zlib.error) as exc:
        raise ValueError(f"encodedList is not GZIP-compressed base64url: {exc}") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise ValueError("encodedList is truncated or too large")
    return bits


def bit_is_set(bits: bytes, bit: int) -> bool:
    if not 0 <= bit < len(bits) * 8:
        raise ValueError(f"position {bit} is outside the list")
    return bool(bits[bit // 8] & (0x80 >> (bit % 8)))
