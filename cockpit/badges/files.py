"""Where finished badge PDFs live (instance/cockpit/badges), and their removal a day after they were made."""

import secrets
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app

KEPT_FOR = timedelta(days=1)


def folder() -> Path:
    path = Path(current_app.instance_path) / "cockpit" / "badges"
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_name(job_id: int) -> str:
    """A result's file name: the job and a random part, so names are not guessed (downloads check the job anyway)."""
    return f"job-{job_id}-{secrets.token_hex(8)}.pdf"


def result_path(name: str) -> Path | None:
    """The stored file of that name, if it is one of ours and still there."""
    if not name or "/" in name or "\\" in name or not name.startswith("job-"):
        return None
    path = folder() / name
    return path if path.is_file() else None


def expires_at(finished_at: datetime) -> datetime:
    return finished_at + KEPT_FOR


def purge_expired(now: datetime) -> int:
    """Remove results (and half-written files of stopped runs) older than KEPT_FOR. Returns how many files."""
    limit = (now - KEPT_FOR).timestamp()
    removed = 0
    for path in folder().iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
