"""contribution reviews by several reviewers

Revision ID: c8d9e0f1a2b3
Revises: b7c8d9e0f1a2
Create Date: 2026-12-05 07:00:00

"""
from alembic import op
import sqlalchemy as sa

import core.db


# revision identifiers, used by Alembic.
revision = 'c8d9e0f1a2b3'
down_revision = 'b7c8d9e0f1a2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'contribution_review',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contribution_id', sa.Integer(), nullable=False),
        sa.Column('reviewer_id', sa.Integer(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=True),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('created_at', core.db.UTCDateTime(), nullable=False),
        sa.Column('updated_at', core.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            'score IS NULL OR (score >= 1 AND score <= 5)', name=op.f('ck_contribution_review_score_range')
        ),
        sa.ForeignKeyConstraint(
            ['contribution_id'], ['contribution.id'],
            name=op.f('fk_contribution_review_contribution_id_contribution'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['reviewer_id'], ['user_account.id'],
            name=op.f('fk_contribution_review_reviewer_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contribution_review')),
        sa.UniqueConstraint('contribution_id', 'reviewer_id', name=op.f('uq_contribution_review_contribution_id')),
    )
    with op.batch_alter_table('contribution_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_review_reviewer_id'), ['reviewer_id'], unique=False)


def downgrade():
    with op.batch_alter_table('contribution_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_review_reviewer_id'))
    op.drop_table('contribution_review')
