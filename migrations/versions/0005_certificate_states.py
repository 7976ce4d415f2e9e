"""certificate states from dates only

A certification's state now follows from its dates and its revocation, in one
vocabulary: valid, expiring (soon), in_grace, lapsed, revoked.  Two dates fixed
at issue and renewal let SQL say it as Python does: ``expiring_from`` (the
first day inside the renewal window) and ``lapses_on`` (the first day after
the grace period), both worked out from the terms copied onto the
certification.  The stored ``state`` stays as the daily job's record:
"active" becomes "valid", and those past expiry but inside grace "in_grace".

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 04:00:00.000000

"""
import json
from datetime import date, timedelta

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

OLD_STATES = "state IN ('active', 'expiring', 'lapsed', 'revoked')"
NEW_STATES = "state IN ('valid', 'expiring', 'in_grace', 'lapsed', 'revoked')"

t_certifications = sa.table(
    "certifications",
    sa.column("id"),
    sa.column("expires_on", sa.Date),
    sa.column("expiring_from", sa.Date),
    sa.column("lapses_on", sa.Date),
    sa.column("state"),
    sa.column("program_snapshot", sa.JSON),
)


def _terms(snapshot):
    if isinstance(snapshot, str):
        snapshot = json.loads(snapshot)
    snapshot = snapshot or {}
    renewal = snapshot.get("renewal") or {}
    window = renewal.get("window_days", snapshot.get("renewal_window_days", 60))
    grace = renewal.get("grace_days", snapshot.get("grace_days", 0))
    return int(window or 0), int(grace or 0)


def upgrade():
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expiring_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('lapses_on', sa.Date(), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_certifications_state_valid'), type_='check')
    bind = op.get_bind()
    today = date.today()
    rows = bind.execute(sa.select(t_certifications.c.id, t_certifications.c.expires_on,
                                  t_certifications.c.state,
                                  t_certifications.c.program_snapshot)).all()
    for ident, expires_on, state, snapshot in rows:
        if isinstance(expires_on, str):
            expires_on = date.fromisoformat(expires_on)
        window, grace = _terms(snapshot)
        values = {
            "expiring_from": expires_on - timedelta(days=window),
            "lapses_on": expires_on + timedelta(days=grace + 1),
        }
        if state == "active":
            values["state"] = "valid"
        elif state == "expiring" and today > expires_on:
            values["state"] = "in_grace"
        bind.execute(t_certifications.update().where(t_certifications.c.id == ident)
                     .values(**values))
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.alter_column('expiring_from', existing_type=sa.Date(), nullable=False)
        batch_op.alter_column('lapses_on', existing_type=sa.Date(), nullable=False)
        batch_op.create_check_constraint('state_valid', NEW_STATES)
        batch_op.create_check_constraint(
            'dates_in_order', "expiring_from <= expires_on AND lapses_on > expires_on")
        batch_op.create_index('ix_certifications_lapses_on', ['lapses_on'], unique=False)


def downgrade():
    bind = op.get_bind()
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.drop_index('ix_certifications_lapses_on')
        batch_op.drop_constraint(batch_op.f('ck_certifications_dates_in_order'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_certifications_state_valid'), type_='check')
    bind.execute(t_certifications.update().where(t_certifications.c.state == "valid")
                 .values(state="active"))
    bind.execute(t_certifications.update().where(t_certifications.c.state == "in_grace")
                 .values(state="expiring"))
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.drop_column('lapses_on')
        batch_op.drop_column('expiring_from')
        batch_op.create_check_constraint('state_valid', OLD_STATES)
