"""Machine-readable program: c3voc/frab schedule XML and JSON, iCal feeds, and a read-only JSON API."""

from flask import Blueprint

import events.program_models  # noqa: F401 (the program tables belong to the metadata wherever the app runs)

bp = Blueprint("program_exports", __name__)
