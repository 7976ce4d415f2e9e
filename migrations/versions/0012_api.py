"""API v1: token expiry and stored answers for Idempotency-Key

``api_tokens.expires_at``: a personal access token may be given an expiry day;
none means it lasts until revoked.  ``idempotency_records`` keeps the answer to a
create sent with an ``Idempotency-Key`` header, per user and key, so a retried
create is stored once and answered the same.

Revision ID: 0012_api
Revises: 0009_day_totals
Create Date: 2026-12-01 08:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0012_api'
down_revision = '0009_day_totals'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))

    op.create_table(
        'idempotency_records',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('request_hash', sa.String(length=64), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=False),
        sa.Column('response_body', sa.Text(), nullable=False),
        sa.Column('location', sa.String(length=500), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'],
            name=op.f('fk_idempotency_records_user_id_users'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotency_records')),
        sa.UniqueConstraint('user_id', 'key', name=op.f('uq_idempotency_records_user_id_key')),
    )
    with op.batch_alter_table('idempotency_records', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_idempotency_records_created_at'), ['created_at'], unique=False
        )


def downgrade():
    with op.batch_alter_table('idempotency_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_records_created_at'))
    op.drop_table('idempotency_records')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
