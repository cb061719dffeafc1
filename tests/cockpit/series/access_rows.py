"""Access rows of the series pages: copying an edition and its series contacts (admins only; program may not)."""

from tests.partners.access_matrix import organizer_row

ADMIN = ("admin",)
SERIES = "/manage/events/<int:event_id>/series"

ROWS = [
    organizer_row(f"{SERIES}/copy", ADMIN),
    organizer_row(f"{SERIES}/contacts", ADMIN),
]
