"""series key on events, series contacts

Revision ID: a6b7c8d9e0f1
Revises: f4d5e6f7a8b9
Create Date: 2026-12-05 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6b7c8d9e0f1'
down_revision = 'f4d5e6f7a8b9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series', sa.String(length=80), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_event_series'), ['series'], unique=False)
    op.execute("UPDATE event SET series = slug")  # every existing event starts its own series

    op.create_table('series_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series', sa.String(length=80), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('source_event_id', sa.Integer(), nullable=True),
    sa.Column('consented_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('last_invited_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['source_event_id'], ['event.id'], name=op.f('fk_series_contact_source_event_id_event'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_series_contact')),
    sa.UniqueConstraint('series', 'email', name=op.f('uq_series_contact_series')),
    sa.UniqueConstraint('token', name=op.f('uq_series_contact_token'))
    )
    with op.batch_alter_table('series_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_series_contact_series'), ['series'], unique=False)


def downgrade():
    op.drop_table('series_contact')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_series'))
        batch_op.drop_column('series')
