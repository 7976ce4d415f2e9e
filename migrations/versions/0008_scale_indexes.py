"""indexes for pages at a state-wide scale

* ``hour_entries.corrects_id``: almost every entry corrects nothing, so a plain index
  holds one huge group of NULLs and its statistics tell the planner never to use it
  (a trainee's "rejected, not corrected" count then scanned every pending entry of
  everyone).  A partial index of the corrections alone is small and always chosen.
* ``enrolment_progress``: a partial index of the eligible verdicts (few among
  thousands), so that "eligible, not yet certified" starts from them, never from
  every enrolment.
* ``hour_entries``: a partial index of the pending entries (the review queue and its
  counts); SQLite keeps no statistics of how statuses spread, and took "pending" for a
  quarter of the table.
* ``hour_entries (status, worked_on)`` becomes ``(status, worked_on, activity,
  supervised, minutes)``: the reports' sums by month and by activity read the index
  alone, never the table.

Revision ID: 0008_scale_indexes
Revises: 0007_moving_in
Create Date: 2026-12-01 05:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0008_scale_indexes'
down_revision = '0007_moving_in'
branch_labels = None
depends_on = None

CORRECTIONS = sa.text("corrects_id IS NOT NULL")
PENDING = sa.text("status = 'pending'")


def upgrade():
    with op.batch_alter_table('enrolment_progress', schema=None) as batch_op:
        batch_op.create_index(
            'ix_enrolment_progress_eligible',
            ['enrolment_id'],
            unique=False,
            sqlite_where=sa.text("eligible = 1"),
            postgresql_where=sa.text("eligible"),
        )

    with op.batch_alter_table('hour_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_hour_entries_corrects_id')
        batch_op.drop_index('ix_hour_entries_status_worked')
        batch_op.create_index(
            'ix_hour_entries_corrections',
            ['corrects_id'],
            unique=False,
            sqlite_where=CORRECTIONS,
            postgresql_where=CORRECTIONS,
        )
        batch_op.create_index(
            'ix_hour_entries_pending',
            ['created_at', 'id'],
            unique=False,
            sqlite_where=PENDING,
            postgresql_where=PENDING,
        )
        batch_op.create_index(
            'ix_hour_entries_status_worked_sums',
            ['status', 'worked_on', 'activity', 'supervised', 'minutes'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('hour_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_hour_entries_status_worked_sums')
        batch_op.drop_index('ix_hour_entries_pending')
        batch_op.drop_index('ix_hour_entries_corrections')
        batch_op.create_index('ix_hour_entries_status_worked', ['status', 'worked_on'], unique=False)
        batch_op.create_index('ix_hour_entries_corrects_id', ['corrects_id'], unique=False)

    with op.batch_alter_table('enrolment_progress', schema=None) as batch_op:
        batch_op.drop_index('ix_enrolment_progress_eligible')
