"""admission made offline: only offline scans compare device times

Revision ID: e5a4b3c2d1f0
Revises: d4f3e2c1b0a9
Create Date: 2026-12-04 16:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a4b3c2d1f0'
down_revision = 'd4f3e2c1b0a9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('admission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offline', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('admission', schema=None) as batch_op:
        batch_op.drop_column('offline')
