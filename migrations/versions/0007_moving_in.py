"""supervisors: the supervisor role, trainees assigned to supervisors, attestations

A third role, ``supervisor``, signs off the supervised hours and supervision
sessions of the trainees a coordinator assigns to them
(``supervisor_assignments``).  A document type may accept a supervisor's
written attestation instead of a file (``accepts_attestation``).  Module
completions may come from an imported history (source ``imported``, which the
model has named since the start but the table's check did not allow).

Revision ID: 0007_moving_in
Revises: 0006_mail
Create Date: 2026-12-01 05:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_moving_in'
down_revision = '0006_mail'
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('trainee', 'coordinator')"
NEW_ROLES = "role IN ('trainee', 'supervisor', 'coordinator')"
OLD_SOURCES = "source IN ('self_reported', 'coordinator', 'attendance')"
NEW_SOURCES = "source IN ('self_reported', 'coordinator', 'attendance', 'imported')"


def upgrade():
    with op.batch_alter_table('module_completions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_module_completions_source_valid'), type_='check')
        batch_op.create_check_constraint('source_valid', NEW_SOURCES)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role_valid'), type_='check')
        batch_op.create_check_constraint('role_valid', NEW_ROLES)
    with op.batch_alter_table('document_types', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepts_attestation', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('document_types', schema=None) as batch_op:
        batch_op.alter_column('accepts_attestation', existing_type=sa.Boolean(),
                              server_default=None)
    op.create_table('supervisor_assignments',
    sa.Column('supervisor_id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_supervisor_assignments_assigned_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supervisor_id'], ['users.id'], name=op.f('fk_supervisor_assignments_supervisor_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trainee_id'], ['users.id'], name=op.f('fk_supervisor_assignments_trainee_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('supervisor_id', 'trainee_id', name=op.f('pk_supervisor_assignments'))
    )
    with op.batch_alter_table('supervisor_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervisor_assignments_trainee_id'), ['trainee_id'], unique=False)


def downgrade():
    bind = op.get_bind()
    with op.batch_alter_table('supervisor_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervisor_assignments_trainee_id'))
    op.drop_table('supervisor_assignments')
    with op.batch_alter_table('document_types', schema=None) as batch_op:
        batch_op.drop_column('accepts_attestation')
    # Supervisors become trainees again: the old schema knows no third role.
    bind.execute(sa.text("UPDATE users SET role = 'trainee' WHERE role = 'supervisor'"))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role_valid'), type_='check')
        batch_op.create_check_constraint('role_valid', OLD_ROLES)
    # Imported completions become coordinator-recorded ones: the old check knows no import.
    bind.execute(sa.text(
        "UPDATE module_completions SET source = 'coordinator' WHERE source = 'imported'"))
    with op.batch_alter_table('module_completions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_module_completions_source_valid'), type_='check')
        batch_op.create_check_constraint('source_valid', OLD_SOURCES)
