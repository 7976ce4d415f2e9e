"""each person's language: the one they chose for pages, mail and certificates

``users.language`` holds a language code (``en``, ``es``...); empty means "follow the
browser", which is what everyone already has.

Revision ID: 0013_user_language
Revises: 0012_api
Create Date: 2026-12-01 08:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0013_user_language'
down_revision = '0012_api'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('language')
