"""The dashboard's sections: the figures of `cockpit.dashboard.figures` as labelled charts in the user's language,
and which organizer roles see each section (the door staff see the door's figures only)."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from babel.dates import format_date, format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cockpit.dashboard import figures
from cockpit.dashboard.charts import Chart, Series
from core.i18n import current_language
from events.models import Event
from events.program.forms import STATE_LABELS as CONTRIBUTION_STATE_LABELS
from events.program.models import CONTRIBUTION_STATES
from partners.review.exports import STATE_LABELS as PARTNER_STATE_LABELS
from ticketing.booking.forms import STAKEHOLDER_LABELS

PLANNERS = ("admin", "program")
DOOR = ("admin", "program", "checkin")


class Snapshot:
    """One event's figures for one page: queries shared by several charts run once."""

    def __init__(self, event: Event, today: date) -> None:
        self.event, self.today = event, today

    @cached_property
    def ticket_counts(self) -> list[figures.TicketCount]:
        return figures.ticket_counts(self.event)


@dataclass
class Section:
    key: str
    title: str
    roles: tuple[str, ...]
    build: Callable[[Snapshot], list[Chart]]


def day_label(day: date) -> str:
    return format_date(day, "short", locale=current_language())


def bookings(snap: Snapshot) -> list[Chart]:
    curve = figures.booking_curve(snap.event, snap.today)
    points = [day_label(d) for d in curve.points]
    series = [Series(name, values) for name, values in curve.per_type.items()]
    if len(series) > 1:
        series.append(Series(_("All ticket types"), curve.total))
    quotas_at = defaultdict(list)  # quotas of equal size share one line
    for name, limit in curve.limits.items():
        quotas_at[limit].append(name)
    return [
        Chart(
            "bookings",
            _("Tickets booked over time"),
            _(
                "Valid tickets booked so far, added up day by day, per ticket type: %(total)s in all.",
                total=curve.total[-1] if curve.total else 0,
            ),  # fmt: skip
            "line",
            _("Up to"),
            points,
            series,
        ),
        Chart(
            "quotas",
            _("Seats taken over time against capacity"),
            _(
                "Seats taken by booked tickets in each quota, added up day by day; the dashed lines are the seats that "
                "may be handed out (%(limits)s).",
                limits=", ".join(f"{n} {s}" for n, s in curve.limits.items()),
            ),
            "line",
            _("Up to"),
            points,
            [Series(name, values) for name, values in curve.per_quota.items()],
            references=[
                (_("Capacity of %(quotas)s: %(seats)s", quotas=", ".join(names), seats=limit), limit)
                for limit, names in quotas_at.items()
            ],  # fmt: skip
        ),
    ]


def seats(snap: Snapshot) -> list[Chart]:
    quotas = figures.quota_seats(snap.event)
    return [
        Chart(
            "seats",
            _("Seats and waiting list per quota"),
            _("Per quota the seats taken, the seats free (capacity with planned overbooking) and the people waiting."),
            "hbars",
            _("Quota"),
            [q.name for q in quotas],
            [
                Series(_("Taken"), [q.taken for q in quotas]),
                Series(_("Free"), [q.free for q in quotas]),
                Series(_("Waiting list"), [q.waiting for q in quotas]),
            ],
            stacked=True,
        )
    ]


def people(snap: Snapshot) -> list[Chart]:
    groups = figures.stakeholder_groups(snap.event, snap.ticket_counts)
    top, distinct = figures.top_organizations(snap.event)
    return [
        Chart(
            "groups",
            _("Stakeholder groups"),
            _("Valid tickets per stakeholder group."),
            "hbars",
            _("Group"),
            [str(STAKEHOLDER_LABELS.get(g, g)) for g in groups],
            [Series(_("Tickets"), list(groups.values()))],
        ),
        Chart(
            "organizations",
            _("Organizations with the most tickets"),
            _(
                "The %(shown)s organizations with the most valid tickets, of %(all)s organizations in all.",
                shown=len(top),
                all=distinct,
            ),  # fmt: skip
            "hbars",
            _("Organization"),
            [name for name, _n in top],
            [Series(_("Tickets"), [n for _name, n in top])],
        ),
    ]


def cancellations(snap: Snapshot) -> list[Chart]:
    states = figures.ticket_states(snap.event, snap.ticket_counts)
    return [
        Chart(
            "cancellations",
            _("Cancellations per ticket type"),
            _("Valid and cancelled tickets per ticket type."),
            "hbars",
            _("Ticket type"),
            list(states),
            [
                Series(_("Valid"), [c["valid"] for c in states.values()]),
                Series(_("Cancelled"), [c["cancelled"] for c in states.values()]),
            ],
        )
    ]


def attendance(snap: Snapshot) -> list[Chart]:
    days = figures.attendance(snap.event, snap.today, snap.ticket_counts)
    return [
        Chart(
            "attendance",
            _("Check-ins and no-shows per day"),
            _(
                "Per event day the valid tickets for that day, those checked in and, once the day has begun, those "
                "who did not come."
            ),  # fmt: skip
            "hbars",
            _("Day"),
            [day_label(d.day) for d in days],
            [
                Series(_("Expected"), [d.expected for d in days]),
                Series(_("Checked in"), [d.came for d in days]),
                Series(_("No-shows"), [d.no_shows for d in days]),
            ],
        )
    ]


def workshops(snap: Snapshot) -> list[Chart]:
    fills = figures.workshop_fill(snap.event)
    return [
        Chart(
            "workshops",
            _("Workshop fill"),
            _("Per workshop with sign-up the seats taken, the seats free and the waiting list."),
            "hbars",
            _("Workshop"),
            [w.title for w in fills],
            [
                Series(_("Taken"), [w.taken for w in fills]),
                Series(_("Free"), [max(w.seats - w.taken, 0) for w in fills]),
                Series(_("Waiting list"), [w.waiting for w in fills]),
            ],
            stacked=True,
        )
    ]


def partners(snap: Snapshot) -> list[Chart]:
    partner_states = figures.partner_states(snap.event)
    contribution_states = figures.contribution_states(snap.event)
    contribution_labels = dict(zip(CONTRIBUTION_STATES, CONTRIBUTION_STATE_LABELS, strict=True))
    return [
        Chart(
            "partners",
            _("Partners by state"),
            _("Registered organizations (partners, exhibitors, sponsors) per review state."),
            "hbars",
            _("State"),
            [str(PARTNER_STATE_LABELS.get(s, s)) for s in partner_states],
            [Series(_("Organizations"), list(partner_states.values()))],
        ),
        Chart(
            "contributions",
            _("Contributions by state"),
            _("Contributions to the program per review state."),
            "hbars",
            _("State"),
            [str(contribution_labels.get(s, s)) for s in contribution_states],
            [Series(_("Contributions"), list(contribution_states.values()))],
        ),
    ]


def arrivals(snap: Snapshot) -> list[Chart]:
    charts = []
    for day in figures.gate_arrivals(snap.event):
        charts.append(
            Chart(
                f"arrivals-{day.day:%Y%m%d}",
                _("Arrivals per 15 minutes on %(day)s", day=day_label(day.day)),
                _(
                    "Check-ins per 15 minutes and gate, %(count)s in all.",
                    count=sum(sum(v) for v in day.per_gate.values()),
                ),  # fmt: skip
                "bars",
                _("From"),
                [format_time(s, "short", tzinfo=snap.event.tz, locale=current_language()) for s in day.slots],
                [Series(gate or _("No gate given"), counts) for gate, counts in day.per_gate.items()],
                stacked=True,
            )
        )
    return charts


SECTIONS = [
    Section("bookings", _l("Bookings"), PLANNERS, bookings),
    Section("seats", _l("Seats and waiting list"), PLANNERS, seats),
    Section("people", _l("Who comes"), PLANNERS, people),
    Section("cancellations", _l("Cancellations"), PLANNERS, cancellations),
    Section("attendance", _l("Check-ins and no-shows"), DOOR, attendance),
    Section("arrivals", _l("Arrivals at the gates"), DOOR, arrivals),
    Section("workshops", _l("Workshops"), PLANNERS, workshops),
    Section("partners", _l("Partners and contributions"), PLANNERS, partners),
]


def sections_for(user) -> list[Section]:
    return [s for s in SECTIONS if user.has_role(*s.roles)]


def section_of_chart(key: str) -> Section | None:
    """The section that draws the chart `key` ("arrivals-20270526" belongs to "arrivals")."""
    prefix = key.split("-")[0]
    owners = {"quotas": "bookings", "groups": "people", "organizations": "people", "contributions": "partners"}
    wanted = owners.get(prefix, prefix)
    return next((s for s in SECTIONS if s.key == wanted), None)
