"""Access rows of the dashboard: the overview `/manage/` keeps its row in tests/partners/access_rows_portal.py."""

from tests.partners.access_matrix import organizer_row

ROWS = [
    organizer_row("/manage/events/<int:event_id>/dashboard", ("admin", "program", "checkin")),
    # The door staff may download the door's tables, not the planners'.
    organizer_row(
        "/manage/events/<int:event_id>/dashboard/<key>.csv",
        ("admin", "program"),
        path="/manage/events/{event}/dashboard/bookings.csv",
    ),
]
