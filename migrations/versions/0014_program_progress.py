"""per-program sums of the stored verdicts

``program_progress`` holds, for each program, how many trainees are enrolled (the
reports' funnel), how many current enrolments lack a stored verdict, how many stored verdicts say eligible, the earliest day one of them
must be worked out again (``changes_on``) and the latest day one was worked out on.
It is rewritten in the same transaction as the verdicts (tracker/services/progress.py),
so the pages that count eligible trainees read it instead of looking through every
stored verdict for stale ones.  Filled here from the verdicts already stored; a
program without a row is treated as having stale verdicts until ``refresh-progress``.

``trainee_totals`` gets a row for every trainee (from now on written in the transaction
that adds the trainee): the list sorted by hours joins the totals and reads their
index from the top, instead of sorting every trainee.

``certifications (issued_on, id)``: the certifications list, latest first, reads a page
from the index instead of sorting every certificate.

``module_completions (status, source)``: the dashboard counts self-reported
completions waiting for review from this index alone, not by reading each pending row.

Revision ID: 0010
Revises: 0009_day_totals
Create Date: 2026-12-01 08:30:00.000000

"""

from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = "0014_program_progress"
down_revision = "0013_user_language"
branch_labels = None
depends_on = None

FILL = """
INSERT INTO program_progress
  (program_id, enrolled, missing, eligible, due_on, latest_as_of, updated_at)
SELECT p.id,
  (SELECT count(*) FROM enrolments e JOIN users u ON u.id = e.trainee_id
    WHERE e.program_id = p.id AND e.withdrawn_at IS NULL AND u.role = 'trainee'),
  (SELECT count(*) FROM enrolments e
    WHERE e.program_id = p.id AND e.withdrawn_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM enrolment_progress ep WHERE ep.enrolment_id = e.id)),
  (SELECT count(*) FROM enrolment_progress ep JOIN enrolments e ON e.id = ep.enrolment_id
    WHERE ep.program_id = p.id AND e.withdrawn_at IS NULL AND ep.eligible),
  (SELECT min(ep.changes_on) FROM enrolment_progress ep JOIN enrolments e ON e.id = ep.enrolment_id
    WHERE ep.program_id = p.id AND e.withdrawn_at IS NULL),
  (SELECT max(ep.as_of) FROM enrolment_progress ep JOIN enrolments e ON e.id = ep.enrolment_id
    WHERE ep.program_id = p.id AND e.withdrawn_at IS NULL),
  :now
FROM programs p
"""


TOTALS = """
INSERT INTO trainee_totals (trainee_id, approved_minutes, pending_minutes, last_activity_on,
                            updated_at)
SELECT u.id,
  coalesce((SELECT sum(h.minutes) FROM hour_entries h
            WHERE h.trainee_id = u.id AND h.status = 'approved'), 0),
  coalesce((SELECT sum(h.minutes) FROM hour_entries h
            WHERE h.trainee_id = u.id AND h.status = 'pending'), 0),
  CASE
    WHEN w.day IS NULL THEN c.day
    WHEN c.day IS NULL OR w.day > c.day THEN w.day
    ELSE c.day
  END,
  :now
FROM users u
LEFT JOIN (SELECT trainee_id, max(worked_on) AS day FROM hour_entries
           WHERE status != 'withdrawn' GROUP BY trainee_id) w ON w.trainee_id = u.id
LEFT JOIN (SELECT trainee_id, max(completed_on) AS day FROM module_completions
           GROUP BY trainee_id) c ON c.trainee_id = u.id
WHERE u.role = 'trainee'
  AND NOT EXISTS (SELECT 1 FROM trainee_totals t WHERE t.trainee_id = u.id)
"""


def upgrade():
    op.create_table(
        "program_progress",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("enrolled", sa.Integer(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("eligible", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("latest_as_of", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_program_progress_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("program_id", name=op.f("pk_program_progress")),
    )
    op.get_bind().execute(sa.text(FILL), {"now": datetime.now(timezone.utc).replace(tzinfo=None)})
    op.get_bind().execute(
        sa.text(TOTALS), {"now": datetime.now(timezone.utc).replace(tzinfo=None)}
    )
    with op.batch_alter_table("certifications", schema=None) as batch_op:
        batch_op.create_index("ix_certifications_issued", ["issued_on", "id"], unique=False)
    with op.batch_alter_table("module_completions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_module_completions_status_source", ["status", "source"], unique=False
        )


def downgrade():
    with op.batch_alter_table("certifications", schema=None) as batch_op:
        batch_op.drop_index("ix_certifications_issued")
    with op.batch_alter_table("module_completions", schema=None) as batch_op:
        batch_op.drop_index("ix_module_completions_status_source")
    op.drop_table("program_progress")
