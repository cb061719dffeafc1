"""Messages to segments: how fast a segment is counted on the NØRD demo (3,000 tickets), and how many mails a
second the outbox hands to an SMTP server on loopback when unthrottled.

Set-up (not measured): a fresh database with the demo (bench.harness.server's preparation, SQLite or DATABASE_URL),
an aiosmtpd sink that accepts and forgets every mail, and OUTBOX_MAILS mails queued as the message job queues them.
`cockpit.segment_count_ms` is the median of ROUNDS counts of "valid tickets of one type whose holder gave one
answer to a choice question and has not checked in" (the count the compose page shows); `cockpit.outbox_per_s` is
the queued mails divided by the wall time of `send_pending` runs (the worker's mail step) until the outbox is empty.
"""

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.harness.figures import Figure, note
from bench.harness.server import environment, free_port, prepare_database

ROUNDS = 50
OUTBOX_MAILS = 500
COUNT_BUDGET_MS, OUTBOX_BUDGET_PER_S = 50, 50  # issue 15, "Benchmark"


class Sink:
    """An aiosmtpd handler that counts what it accepts."""

    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received += 1
        return "250 OK"


def figures(args: argparse.Namespace) -> list[Figure]:
    instance = Path(tempfile.mkdtemp(prefix="treffpunkt-bench-messages-"))
    try:
        env = environment(instance, None)
        prepare_database(instance, env)
        database = env.get("DATABASE_URL") or env["TREFFPUNKT_SQLALCHEMY_DATABASE_URI"]
        app = bench_app(database, instance)
        with app.app_context():
            count_ms, segment_text = segment_count_ms()
            per_s, sent = outbox_per_s()
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    note(f"cockpit.segment_count_ms: median of {ROUNDS} counts of {segment_text}")
    note(f"cockpit.outbox_per_s: {sent} mails through send_pending to an aiosmtpd sink on loopback, no rate limit")
    return [
        Figure("cockpit.segment_count_ms", round(count_ms, 2), "ms", budget=COUNT_BUDGET_MS),
        Figure("cockpit.outbox_per_s", round(per_s, 1), "1/s", budget=OUTBOX_BUDGET_PER_S, limit="min"),
    ]


def bench_app(database: str, instance: Path):
    from app import create_app

    if database.startswith("postgres://") or database.startswith("postgresql://"):
        database = "postgresql+psycopg://" + database.split("://", 1)[1]
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "bench-messages", "SERVER_NAME": "bench"})
    app.instance_path = str(instance)
    return app


def segment_count_ms() -> tuple[float, str]:
    from sqlalchemy import func, select

    from cockpit.messages import segments
    from cockpit.messages.segments import Segment
    from core.extensions import db
    from events.models import Event
    from ticketing.booking.capacity import ticket_types_for
    from ticketing.models import Ticket

    event = db.session.scalar(select(Event).where(Event.slug == "noerd"))
    question = next(q for q in event.questions if q.kind == "choice")
    ticket_type = ticket_types_for(event, public_only=True)[0]
    segment = Segment(
        ticket_type_id=ticket_type.id, question_id=question.id, answer=question.choices[0], checkin="absent"
    )
    valid = db.session.scalar(select(func.count()).where(Ticket.event_id == event.id, Ticket.state == "valid"))
    found = segments.count(event, segment)
    if valid < 2500 or found == 0:
        raise RuntimeError(f"the NØRD demo has {valid} valid tickets and {found} in the segment; is it seeded?")
    times = []
    for _ in range(ROUNDS):
        db.session.rollback()  # each count in a transaction of its own, as in a request
        started = time.perf_counter()
        segments.count(event, segment)
        times.append((time.perf_counter() - started) * 1000)
    text = f"{found} of {valid} tickets ({ticket_type.name}, “{question.choices[0]}”, not checked in)"
    return statistics.median(times), text


def outbox_per_s() -> tuple[float, int]:
    from aiosmtpd.controller import Controller
    from sqlalchemy import update

    from core.db import utcnow
    from core.extensions import db
    from core.mail.delivery import MailSettings, send_pending
    from core.mail.outbox import OutboxMail, enqueue_mail

    db.session.execute(update(OutboxMail).where(OutboxMail.status == "pending").values(status="sent"))
    for n in range(OUTBOX_MAILS):
        enqueue_mail(to=f"gast{n}@example.org", subject=f"NØRD: Anreise {n}", body_text="Hallo,\nbis bald!\n" * 20)
    db.session.commit()
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port, server_hostname="bench.sink", ready_timeout=5)
    controller.start()
    try:
        settings = MailSettings(server="127.0.0.1", port=port, sender="NØRD <tickets@noerd.example>", timeout=10)
        started, sent = time.perf_counter(), 0
        while sent < OUTBOX_MAILS:
            report = send_pending(now=utcnow(), smtp_settings=settings, limit=100)
            if report.handled == 0:
                break
            sent += report.sent
        seconds = time.perf_counter() - started
    finally:
        controller.stop()
    if sent != OUTBOX_MAILS or sink.received != OUTBOX_MAILS:
        raise RuntimeError(f"sent {sent}, the sink received {sink.received} of {OUTBOX_MAILS} mails")
    return sent / seconds, sent
