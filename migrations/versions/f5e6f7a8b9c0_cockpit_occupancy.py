"""cockpit occupancy

Revision ID: f5e6f7a8b9c0
Revises: f4d5e6f7a8b9
Create Date: 2026-12-04 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f5e6f7a8b9c0'
down_revision = 'f4d5e6f7a8b9'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
