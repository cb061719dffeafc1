"""timetable planner: program settings, contribution planning (expected audience, pin), proposals

Revision ID: d4f3e2c1b0a9
Revises: c3e2d1b0a9f8
Create Date: 2026-12-05 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import core.db  # noqa: F401 (UTCDateTime columns)


# revision identifiers, used by Alembic.
revision = 'd4f3e2c1b0a9'
down_revision = 'c3e2d1b0a9f8'  # the World Café (which builds on the jobs table)
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('program_settings',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('blocks_text', sa.Text(), nullable=False),
    sa.Column('time_grid_minutes', sa.Integer(), nullable=False),
    sa.Column('workshop_room_ids', sa.JSON(), nullable=True),
    sa.Column('attendee_conflict_weight', sa.Double(), nullable=False),
    sa.Column('track_break_weight', sa.Double(), nullable=False),
    sa.Column('may_move_published', sa.Boolean(), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_program_settings_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_program_settings'))
    )
    op.create_table('contribution_planning',
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('expected_audience', sa.Integer(), nullable=True),
    sa.Column('is_pinned', sa.Boolean(), nullable=False),
    sa.CheckConstraint('expected_audience IS NULL OR expected_audience >= 0', name=op.f('ck_contribution_planning_audience')),
    sa.ForeignKeyConstraint(['contribution_id'], ['contribution.id'], name=op.f('fk_contribution_planning_contribution_id_contribution'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contribution_id', name=op.f('pk_contribution_planning'))
    )
    op.create_table('timetable_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('seconds', sa.Integer(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.Column('problem', sa.JSON(), nullable=False),
    sa.Column('basis', sa.JSON(), nullable=False),
    sa.Column('timetable', sa.JSON(), nullable=True),
    sa.Column('figures_before', sa.JSON(), nullable=True),
    sa.Column('figures_after', sa.JSON(), nullable=True),
    sa.Column('search', sa.JSON(), nullable=True),
    sa.Column('error_code', sa.String(length=40), nullable=True),
    sa.Column('error_params', sa.JSON(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('queued', 'ready', 'failed', 'applied', 'discarded')", name=op.f('ck_timetable_proposal_state')),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_timetable_proposal_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_timetable_proposal_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['job_id'], ['job.id'], name=op.f('fk_timetable_proposal_job_id_job'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timetable_proposal'))
    )
    with op.batch_alter_table('timetable_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_timetable_proposal_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('timetable_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_timetable_proposal_event_id'))
    op.drop_table('timetable_proposal')
    op.drop_table('contribution_planning')
    op.drop_table('program_settings')
