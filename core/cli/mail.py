"""`flask mail send [--loop]` and `flask mail status`; tick_mail() is the mail step of `flask tick`."""

import logging
import signal
import threading
from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from core.db import utcnow
from core.extensions import db
from core.mail.delivery import SendReport, mail_settings_from, send_pending
from core.mail.outbox import count_by_status

log = logging.getLogger(__name__)
mail_cli = AppGroup("mail", help="Outgoing mail.")
BATCH = 100


def tick_mail(now: datetime) -> SendReport:
    """Send the mails due at `now` with the app's MAIL_* settings (commits; for workers and `flask tick`)."""
    return send_pending(now=now, smtp_settings=mail_settings_from(current_app.config), limit=BATCH)


@mail_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep sending as a worker until stopped (SIGTERM or Ctrl-C).")
@click.option(
    "--interval", default=5.0, show_default=True, type=click.FloatRange(min=0.1), help="Seconds between runs."
)
def send_command(loop: bool, interval: float) -> None:
    """Send the mails that are due, once or as a worker."""
    try:  # a settings mistake stops the worker at start, not at the first mail
        mail_settings_from(current_app.config)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    if not loop:
        click.echo(tick_mail(utcnow()))
        return
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):  # finish the mail in hand, so no claim is left to go stale
        signal.signal(signum, lambda *_: stop.set())
    while not stop.is_set():
        try:
            report = tick_mail(utcnow())
        except SQLAlchemyError:  # the database restarting must not end the worker
            log.exception("mail worker: database error, trying again in %s s", interval)
            db.session.rollback()
            stop.wait(interval)
            continue
        if report.handled:
            click.echo(report)
        if report.handled < BATCH:
            stop.wait(interval)


@mail_cli.command("status")
def status_command() -> None:
    """Count the outbox's mails by status."""
    for status, count in count_by_status().items():
        click.echo(f"{status}\t{count}")
