"""room occupancy door counts

Revision ID: b7c8d9e0f1a2
Revises: a6b7c8d9e0f1
Create Date: 2026-12-05 07:00:00

"""
from alembic import op
import sqlalchemy as sa

import core.db


# revision identifiers, used by Alembic.
revision = 'b7c8d9e0f1a2'
down_revision = 'a6b7c8d9e0f1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'door_count',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('room_id', sa.Integer(), nullable=False),
        sa.Column('slice_start', core.db.UTCDateTime(), nullable=False),
        sa.Column('entries', sa.Integer(), nullable=False),
        sa.Column('exits', sa.Integer(), nullable=False),
        sa.CheckConstraint('entries >= 0', name=op.f('ck_door_count_entries')),
        sa.CheckConstraint('exits >= 0', name=op.f('ck_door_count_exits')),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_door_count_event_id_event'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_door_count_room_id_room'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_door_count')),
        sa.UniqueConstraint('room_id', 'slice_start', name=op.f('uq_door_count_room_id')),
    )
    with op.batch_alter_table('door_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_door_count_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('door_count', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_door_count_event_id'))
    op.drop_table('door_count')
