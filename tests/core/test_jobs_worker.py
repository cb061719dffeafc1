"""`flask worker`: one process runs queued jobs and sends due mail, once, until nothing is left, or as a loop that
a signal stops."""

import os
import signal
import threading
import time

from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.jobs import Job, enqueue, job_handler
from core.mail.outbox import enqueue_mail
from tests.smtp import smtp_server_fixture  # noqa: F401 (the smtp_server fixture)


@job_handler("test.worker")
def greet(job, context):
    context.report(0.5, {"greeting": "halb"})
    return {"greeting": f"Moin {job.params['name']}"}


def queue_jobs(*names) -> list[int]:
    jobs = [enqueue("test.worker", {"name": name}, now=utcnow()) for name in names]
    db.session.commit()
    return [job.id for job in jobs]


def states() -> list[tuple[str, dict | None]]:
    db.session.expire_all()
    return [(job.state, job.result) for job in db.session.scalars(select(Job).order_by(Job.id))]


def mail_to(app, smtp_server):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp_server.port), MAIL_FROM="tickets@noerd.example")
    enqueue_mail(to="gast@example.org", subject="Ihre Buchung", body_text="Hallo")
    db.session.commit()


def test_worker_once_runs_one_job_and_sends_the_due_mail(app, app_ctx, runner, smtp_server):
    first, _ = queue_jobs("Anna", "Ben")
    mail_to(app, smtp_server)

    result = runner.invoke(args=["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert result.output == (
        f"job {first} (test.worker): done\nmail: sent 1, retry later 0, failed 0, claimed elsewhere 0\n"
    )
    assert states() == [("done", {"greeting": "Moin Anna"}), ("queued", None)]
    assert smtp_server.wait_for(1)[0]["Subject"] == "Ihre Buchung"


def test_worker_without_flags_works_until_nothing_is_left(app_ctx, runner):
    first, second = queue_jobs("Anna", "Ben")

    result = runner.invoke(args=["worker"])

    assert result.output == f"job {first} (test.worker): done\njob {second} (test.worker): done\n"
    assert states() == [("done", {"greeting": "Moin Anna"}), ("done", {"greeting": "Moin Ben"})]


def test_worker_loop_runs_jobs_until_sigterm_and_then_stops_gracefully(app, app_ctx, runner):
    [job_id] = queue_jobs("Anna")
    db.session.commit()
    before = signal.getsignal(signal.SIGTERM)

    def terminate_when_done():
        with app.app_context():
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and db.session.get(Job, job_id).state != "done":
                db.session.commit()  # end the read: on SQLite it would block the worker
                db.session.expire_all()
                time.sleep(0.05)
            db.session.commit()
        os.kill(os.getpid(), signal.SIGTERM)  # the worker's handler takes it (installed before the first job ran)

    killer = threading.Thread(target=terminate_when_done)
    killer.start()
    result = runner.invoke(args=["worker", "--loop", "--interval", "0.1"])
    killer.join(timeout=30)

    assert (result.exit_code, result.output) == (0, f"job {job_id} (test.worker): done\n")
    assert signal.getsignal(signal.SIGTERM) is before  # the worker leaves the process as it found it


def test_worker_refuses_loop_with_once_and_bad_mail_settings(app, app_ctx, runner):
    both = runner.invoke(args=["worker", "--loop", "--once"])
    app.config["MAIL_BACKEND"] = "pigeon"
    bad_backend = runner.invoke(args=["worker", "--once"])

    assert both.exit_code == 2 and "--loop and --once exclude each other" in both.output
    assert bad_backend.exit_code == 1 and "MAIL_BACKEND must be one of ('smtp', 'console')" in bad_backend.output
