"""The job table: long work (a solver run, bulk badges, mail to many) with its state and progress, so that every web
worker can show it and any worker process can run it."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, utcnow
from core.extensions import db

STATES = ("queued", "running", "done", "failed", "cancelled")
FINISHED = ("done", "failed", "cancelled")


class Job(db.Model):
    """One piece of long work: queued by a request, claimed and run by a worker (`flask worker`).

    `error` is safe to show: "code" or "code: message" (never a traceback; those go to the worker's log).
    """

    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint(f"state IN {STATES!r}", name="state"),
        CheckConstraint("progress >= 0 AND progress <= 1", name="progress_range"),
        Index("ix_job_state_id", "state", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(10), default="queued")
    progress: Mapped[float] = mapped_column(default=0.0)
    progress_note: Mapped[dict | None] = mapped_column(JSON)
    result: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # No foreign key: core sits below events (a job of an event is still found by this id).
    event_id: Mapped[int | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    attempts: Mapped[int] = mapped_column(default=0)

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED

    @property
    def error_code(self) -> str | None:
        return self.error.partition(": ")[0] if self.error else None

    @property
    def error_message(self) -> str:
        return self.error.partition(": ")[2] if self.error else ""

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.state} {self.progress}>"
