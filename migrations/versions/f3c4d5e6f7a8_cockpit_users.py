"""cockpit users

Revision ID: f3c4d5e6f7a8
Revises: f1a2b3c4d5e6
Create Date: 2026-12-04 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3c4d5e6f7a8'
down_revision = 'f1a2b3c4d5e6'
branch_labels = None
depends_on = None


def upgrade():
    # The audit log names what a row is about, for the cockpit's filters and for retention.
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject_kind', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('subject_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_audit_log_subject', ['subject_kind', 'subject_id'], unique=False)
        batch_op.create_index('ix_audit_log_user_id', ['user_id'], unique=False)
        batch_op.create_index('ix_audit_log_at', ['at'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_at')
        batch_op.drop_index('ix_audit_log_user_id')
        batch_op.drop_index('ix_audit_log_subject')
        batch_op.drop_column('subject_id')
        batch_op.drop_column('subject_kind')
