"""`flask worker [--loop] [--interval S] [--once]`: the worker runs queued jobs and sends due mail, one process for
both; several may run, on several machines (claims keep them apart)."""

import logging
import os
import signal
import socket
import threading
import uuid
from contextlib import contextmanager

import click
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from core.cli.mail import BATCH, tick_mail
from core.db import utcnow
from core.extensions import db
from core.jobs import Job, run_one
from core.mail.delivery import mail_settings_from

log = logging.getLogger(__name__)


def worker_id() -> str:
    """Names this process in a job's `claimed_by`: host, pid and a random part (pids repeat after a restart)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@contextmanager
def stopped_by_signals(stop: threading.Event):
    """SIGTERM and SIGINT set `stop`: the job in hand stops at its next should_stop() (and goes back to the queue),
    the mail in hand is finished, so no claim is left to go stale."""
    previous = {signum: signal.signal(signum, lambda *_: stop.set()) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def work_once(name: str, stop: threading.Event) -> tuple[Job | None, int]:
    """One round: run one job (if any is queued), then send the due mail. Returns the job and how many mails were
    handled."""
    job = None if stop.is_set() else run_one(name, now=utcnow(), stop=stop)
    if job is not None:
        click.echo(f"job {job.id} ({job.kind}): {job.state}" + (f", {job.error}" if job.error else ""))
    report = tick_mail(utcnow())
    if report.handled:
        click.echo(f"mail: {report}")
    return job, report.handled


@click.command("worker")
@click.option("--loop", is_flag=True, help="Keep working until stopped (SIGTERM or Ctrl-C).")
@click.option("--once", is_flag=True, help="Run at most one job and one batch of mail, then stop.")
@click.option(
    "--interval", default=2.0, show_default=True, type=click.FloatRange(min=0.1), help="Seconds to wait when idle."
)
def worker_command(loop: bool, once: bool, interval: float) -> None:
    """Run queued jobs and send due mail: until nothing is left, once, or as a lasting worker (--loop)."""
    if loop and once:
        raise click.UsageError("--loop and --once exclude each other")
    try:  # a settings mistake stops the worker at start, not at the first mail
        mail_settings_from(current_app.config)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    name, stop = worker_id(), threading.Event()
    with stopped_by_signals(stop):
        while not stop.is_set():
            try:
                job, mails = work_once(name, stop)
            except SQLAlchemyError:  # the database restarting must not end the lasting worker
                db.session.rollback()
                if not loop:
                    raise
                log.exception("worker: database error, trying again in %s s", interval)
                stop.wait(interval)
                continue
            busy = job is not None or mails >= BATCH
            if once or (not loop and not busy):
                break
            if not busy:
                stop.wait(interval)
