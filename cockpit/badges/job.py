"""The badge job ("cockpit.badges"): renders the selected badges page by page into a file under the instance
folder, reporting progress. Its params hold the whole order (selection and layout), so a run stopped by a restart
starts again from them; a half-written file is never served (written under a temporary name, then renamed)."""

import os
from collections.abc import Iterator
from datetime import datetime

from flask import url_for

from cockpit.badges import files
from cockpit.badges.layouts import LayoutError, sheet_for
from cockpit.badges.selection import BATCH, Selection, badge_rows, ordered_ids, ticket_type_names
from core.db import utcnow
from core.extensions import db
from core.jobs import Job, JobContext, JobError, enqueue, job_handler
from events.models import Event

JOB_KIND = "cockpit.badges"
# Texts stored with the job are German, as the other jobs' (the page explains the codes in the reader's language).
NOTE_TEXT = "{done} von {total} Namensschildern"


def register() -> None:
    """Connect the handler to its job kind (called from cockpit.setup.register_jobs)."""
    job_handler(JOB_KIND, result_url=job_page_url)(badges_job)


def job_page_url(job: Job) -> str | None:
    return url_for("cockpit_badges.job_page", event_id=job.event_id, job_id=job.id) if job.event_id else None


def start(event: Event, selection: Selection, layout: dict, *, user, now: datetime) -> Job:
    """Queue a badge job in the caller's transaction. `layout`: {"layout": name, "custom": {...} or None}."""
    params = {"selection": selection.to_params(), **layout}
    return enqueue(JOB_KIND, params, user=user, event_id=event.id, now=now)


def badges_job(job: Job, context: JobContext) -> dict:
    """Render the badges of the job's selection into a PDF file; the result names the file.

    :raises JobError: event_missing, layout (it does not fit; checked on the form, so only if the code changed),
        no_tickets (nothing matches any more).
    """
    from ticketing.booking.documents.pdf import LABELS, TicketPrint, render_badges  # reportlab only in the worker

    files.purge_expired(utcnow())
    event = db.session.get(Event, job.event_id)
    if event is None:
        raise JobError("event_missing", "Die Veranstaltung gibt es nicht mehr.")
    try:
        sheet = sheet_for(job.params)
    except LayoutError as error:
        raise JobError("layout", f"Das Etikettenformat passt nicht ({error.code}).") from None
    ids = ordered_ids(event, Selection.from_params(job.params.get("selection") or {}))
    if not ids:
        raise JobError("no_tickets", "Kein gültiges Ticket passt zur Auswahl.")
    types = ticket_type_names(event)
    common = {"event_name": event.name, "venue": event.venue, "address": event.address}
    db.session.commit()  # end the read: the rendering holds no transaction (on SQLite it would hold the write lock)
    total = len(ids)

    def badges() -> Iterator[TicketPrint]:
        done = 0
        for start_at in range(0, total, BATCH):
            rows = list(badge_rows(ids[start_at : start_at + BATCH]))
            db.session.commit()
            for row in rows:
                if context.should_stop():
                    return
                yield TicketPrint(
                    secret=row.secret,
                    attendee_name=row.attendee_name,
                    organization=row.organization,
                    ticket_type=types.get(row.ticket_type_id, ""),
                    language=row.language if row.language in LABELS else "de",
                    **common,
                )
                done += 1
                text = NOTE_TEXT.format(done=done, total=total)
                context.report(done / total, {"done": done, "total": total, "text": text})

    name = files.new_name(job.id)
    final = files.folder() / name
    partial = final.with_name(f"{name}.{os.getpid()}.part")
    try:
        with partial.open("wb") as out:
            count = render_badges(badges(), out, sheet)
        if context.stopping:
            return {"count": 0, "stopped": True}
        partial.replace(final)
    except ValueError:  # no badge at all: every selected ticket went away while loading
        raise JobError("no_tickets", "Kein gültiges Ticket passt zur Auswahl.") from None
    finally:
        partial.unlink(missing_ok=True)
    per_sheet = len(sheet.boxes)
    return {"file": name, "count": count, "pages": -(-count // per_sheet)}
