"""daily hour totals: what the reports sum; an index of when verdicts were worked out

``hour_day_totals`` holds the hour entries summed per day of the work, status,
activity and supervision, kept in the same transaction as every change to an entry
(tracker/services/progress.py).  It is filled here from the entries already stored.

``enrolment_progress.as_of`` gets an index: "verdicts whose day has come" is
``changes_on <= today OR as_of > today``, and without an index on both halves of the OR
every request that counts eligible trainees read every stored verdict.

Revision ID: 0009_day_totals
Revises: 0008_scale_indexes
Create Date: 2026-12-01 06:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0009_day_totals'
down_revision = '0008_scale_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'hour_day_totals',
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('worked_on', sa.Date(), nullable=False),
        sa.Column('activity', sa.String(length=40), nullable=False),
        sa.Column('supervised', sa.Boolean(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('entries', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            'status', 'worked_on', 'activity', 'supervised', name=op.f('pk_hour_day_totals')
        ),
    )
    op.execute(
        "INSERT INTO hour_day_totals (status, worked_on, activity, supervised, minutes, entries) "
        "SELECT status, worked_on, activity, supervised, sum(minutes), count(*) "
        "FROM hour_entries GROUP BY status, worked_on, activity, supervised"
    )


    with op.batch_alter_table('enrolment_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolment_progress_as_of'), ['as_of'], unique=False)


def downgrade():
    with op.batch_alter_table('enrolment_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolment_progress_as_of'))
    op.drop_table('hour_day_totals')
