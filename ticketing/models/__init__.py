"""Ticketing tables: capacity (quotas, ticket types), bookings (bookings, tickets, waiting list), check-in, series
contacts, and the ticket holder's program (workshop sign-ups, personal agenda)."""

from ticketing.models.booking import STAKEHOLDER_GROUPS, Booking, Ticket, WaitlistEntry
from ticketing.models.capacity import Quota, TicketType, ticket_type_quota
from ticketing.models.checkin import Admission, CheckIn, CheckInList
from ticketing.models.contacts import SeriesContact
from ticketing.models.program import AgendaItem, WorkshopSignup

__all__ = [
    "STAKEHOLDER_GROUPS",
    "Admission",
    "AgendaItem",
    "Booking",
    "CheckIn",
    "CheckInList",
    "Quota",
    "SeriesContact",
    "Ticket",
    "TicketType",
    "WaitlistEntry",
    "WorkshopSignup",
    "ticket_type_quota",
]
