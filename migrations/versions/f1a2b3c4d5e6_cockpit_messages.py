"""cockpit messages

Revision ID: f1a2b3c4d5e6
Revises: e5a4b3c2d1f0
Create Date: 2026-12-04 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1a2b3c4d5e6'
down_revision = 'e5a4b3c2d1f0'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
