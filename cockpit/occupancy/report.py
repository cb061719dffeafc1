"""The counts of a day as the page shows them: one line chart per room (with its capacity as a line), one table of
all rooms per slice drawn from the same numbers, and the slices as CSV rows."""

from datetime import date

from babel.dates import format_date
from flask_babel import gettext as _

from cockpit.dashboard.charts import Chart, Series
from cockpit.occupancy.counts import DaySlices
from core.i18n import current_language
from events.models import Event


def slice_labels(event: Event, day: DaySlices) -> list[str]:
    """Each slice by its local start time, e.g. "09:15"."""
    return [event.local(start).strftime("%H:%M") for start in day.starts]


def day_label(day: date) -> str:
    return format_date(day, "full", locale=current_language())


def room_charts(event: Event, day: DaySlices) -> list[Chart]:
    """One chart per room: how many were in it at the end of each slice; its capacity as a reference line."""
    labels = slice_labels(event, day)
    charts = []
    for room in day.rooms:
        references = [(_("Capacity %(capacity)s", capacity=room.room.capacity), room.room.capacity)]
        charts.append(
            Chart(
                key=f"room-{room.room.id}",
                title=room.room.name,
                description=_("People in %(room)s at the end of each 15-minute slice.", room=room.room.name),
                kind="line",
                category_header=_("Time"),
                categories=labels,
                series=[Series(_("In the room"), room.occupancy)],
                references=references if room.room.capacity > 0 else [],
            )
        )
    return charts


def table(event: Event, day: DaySlices) -> tuple[list[str], list[list]]:
    """Slices (rows) × rooms (columns): how many were in each room at the end of the slice."""
    headers = [_("Time"), *(room.room.name for room in day.rooms)]
    rows = [[label, *(room.occupancy[i] for room in day.rooms)] for i, label in enumerate(slice_labels(event, day))]
    return headers, rows


def csv_table(event: Event, day: DaySlices) -> tuple[list[str], list[list]]:
    """One row per room and slice: its local start, the room, entries, exits and how many were in at its end."""
    headers = [_("Slice start"), _("Room"), _("Entries"), _("Exits"), _("In the room at the end")]
    rows = []
    for i, start in enumerate(day.starts):
        local = event.local(start).strftime("%Y-%m-%d %H:%M")
        for room in day.rooms:
            rows.append([local, room.room.name, room.entries[i], room.exits[i], room.occupancy[i]])
    return headers, rows
