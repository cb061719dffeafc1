"""cockpit messages

Revision ID: f1a2b3c4d5e6
Revises: e5a4b3c2d1f0
Create Date: 2026-12-04 19:00:00

"""
from alembic import op
import sqlalchemy as sa

import core.db


# revision identifiers, used by Alembic.
revision = 'f1a2b3c4d5e6'
down_revision = 'e5a4b3c2d1f0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'cockpit_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('segment', sa.JSON(), nullable=False),
        sa.Column('subject_de', sa.String(length=200), nullable=False),
        sa.Column('body_de', sa.Text(), nullable=False),
        sa.Column('subject_en', sa.String(length=200), nullable=False),
        sa.Column('body_en', sa.Text(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', core.db.UTCDateTime(), nullable=False),
        sa.Column('confirmed_at', core.db.UTCDateTime(), nullable=True),
        sa.Column('recipient_count', sa.Integer(), nullable=False),
        sa.Column('job_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('event', 'optional')", name=op.f('ck_cockpit_message_kind')),
        sa.CheckConstraint("state IN ('draft', 'queued', 'done')", name=op.f('ck_cockpit_message_state')),
        sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_cockpit_message_created_by_user_account'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_cockpit_message_event_id_event'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['job_id'], ['job.id'], name=op.f('fk_cockpit_message_job_id_job'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cockpit_message')),
    )
    with op.batch_alter_table('cockpit_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cockpit_message_event_id'), ['event_id'], unique=False)

    op.create_table(
        'cockpit_message_recipient',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('message_id', sa.Integer(), nullable=False),
        sa.Column('recipient_key', sa.String(length=40), nullable=False),
        sa.Column('outbox_mail_id', sa.Integer(), nullable=True),
        sa.Column('refused', sa.String(length=40), nullable=False),
        sa.Column('queued_at', core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['message_id'], ['cockpit_message.id'], name=op.f('fk_cockpit_message_recipient_message_id_cockpit_message'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['outbox_mail_id'], ['outbox_mail.id'], name=op.f('fk_cockpit_message_recipient_outbox_mail_id_outbox_mail'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cockpit_message_recipient')),
        sa.UniqueConstraint('message_id', 'recipient_key', name=op.f('uq_cockpit_message_recipient_message_id')),
    )
    with op.batch_alter_table('cockpit_message_recipient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cockpit_message_recipient_outbox_mail_id'), ['outbox_mail_id'], unique=False)

    op.create_table(
        'cockpit_message_template',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('subject_de', sa.String(length=200), nullable=False),
        sa.Column('body_de', sa.Text(), nullable=False),
        sa.Column('subject_en', sa.String(length=200), nullable=False),
        sa.Column('body_en', sa.Text(), nullable=False),
        sa.Column('created_at', core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_cockpit_message_template_event_id_event'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cockpit_message_template')),
    )
    with op.batch_alter_table('cockpit_message_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cockpit_message_template_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('cockpit_message_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cockpit_message_template_event_id'))
    op.drop_table('cockpit_message_template')
    with op.batch_alter_table('cockpit_message_recipient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cockpit_message_recipient_outbox_mail_id'))
    op.drop_table('cockpit_message_recipient')
    with op.batch_alter_table('cockpit_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cockpit_message_event_id'))
    op.drop_table('cockpit_message')
