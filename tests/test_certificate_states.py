"""A certification's state: from its dates and its revocation only, the same in Python and
in SQL on every day, in one vocabulary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tracker.models import Certification, CertificationState
from tracker.services import certifications

EXPIRES = date(2028, 6, 30)
SNAPSHOT = {"renewal": {"window_days": 30, "grace_days": 10}}


@pytest.fixture
def certification(db, make):
    cert = make.certification(
        make.trainee(),
        make.program(),
        issued_on=date(2026, 6, 30),
        expires_on=EXPIRES,
        program_snapshot=SNAPSHOT,
    )
    db.session.commit()
    return cert


def in_sql(db, cert, day):
    return db.session.scalar(
        sa.select(certifications.state_expression(day)).where(Certification.id == cert.id)
    )


def test_python_and_sql_agree_on_every_day_around_each_boundary(db, certification):
    first = certification.expiring_from - timedelta(days=2)
    last = certification.lapses_on + timedelta(days=2)
    day = first
    while day <= last:
        assert certifications.state_on(certification, day).value == in_sql(db, certification, day)
        day += timedelta(days=1)


STATE_SETS = [
    *[(state,) for state in CertificationState],
    (CertificationState.EXPIRING, CertificationState.IN_GRACE),  # renewals to chase
    (CertificationState.VALID, CertificationState.EXPIRING, CertificationState.IN_GRACE),
]


def test_in_state_selects_what_state_on_gives_on_every_day(db, make, certification):
    """``in_state`` compares the dates (so the indexes serve the lists and counts); on
    every day around each boundary it picks exactly the certifications whose state
    :func:`state_on` gives is one of those asked, a revoked one included."""
    revoked = make.certification(
        make.trainee(),
        make.program(),
        issued_on=date(2026, 6, 30),
        expires_on=EXPIRES,
        program_snapshot=SNAPSHOT,
    )
    certifications.revoke(revoked, None, "Breach of the code of ethics")
    db.session.commit()
    day = certification.expiring_from - timedelta(days=2)
    while day <= certification.lapses_on + timedelta(days=2):
        for states in STATE_SETS:
            chosen = set(
                db.session.scalars(
                    sa.select(Certification.id).where(
                        Certification.id.in_([certification.id, revoked.id]),
                        certifications.in_state(*states, today=day),
                    )
                )
            )
            expected = {
                c.id for c in (certification, revoked) if certifications.state_on(c, day) in states
            }
            assert chosen == expected, (day, states)
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "state", "label"),
    [
        (date(2028, 5, 30), CertificationState.VALID, "Valid"),
        (date(2028, 5, 31), CertificationState.EXPIRING, "Expiring soon"),
        (EXPIRES, CertificationState.EXPIRING, "Expiring soon"),  # valid through its expiry date
        (date(2028, 7, 1), CertificationState.IN_GRACE, "In grace until 10 Jul 2028"),
        (date(2028, 7, 10), CertificationState.IN_GRACE, "In grace until 10 Jul 2028"),
        (date(2028, 7, 11), CertificationState.LAPSED, "Lapsed"),
    ],
)
def test_each_state_and_its_words(db, certification, day, state, label):
    assert certifications.state_on(certification, day) == state
    assert certifications.state_label(certification, day) == label
    assert in_sql(db, certification, day) == state.value


def test_revoked_is_final_whatever_the_date(db, certification):
    certifications.revoke(certification, None, "Breach of the code of ethics")
    db.session.commit()
    for day in (date(2027, 1, 1), EXPIRES, date(2030, 1, 1)):
        assert certifications.state_on(certification, day) == CertificationState.REVOKED
        assert in_sql(db, certification, day) == "revoked"
    revoked_on = certification.revoked_at.date()
    label = certifications.state_label(certification, date(2027, 1, 1))
    assert label == f"Revoked on {revoked_on.strftime('%d %b %Y')}"


def test_held_means_valid_expiring_soon_or_in_grace(db, certification):
    def held(day):
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Certification)
            .where(Certification.id == certification.id, certifications.is_held(day))
        )

    assert [held(d) for d in (date(2028, 5, 1), date(2028, 7, 10), date(2028, 7, 11))] == [1, 1, 0]


def test_renewing_moves_every_date_together(db, make, certification):
    certifications.renew(certification, None, override_reason="Test", today=date(2028, 7, 5))
    db.session.commit()
    assert certification.expires_on == date(2030, 6, 30)
    assert certification.expiring_from == date(2030, 5, 31)
    assert certification.lapses_on == date(2030, 7, 11)
    assert certifications.state_on(certification, date(2028, 7, 5)) == CertificationState.VALID
