"""Ticketing tables: capacity (quotas, ticket types) and bookings (bookings, tickets, waiting list)."""

from ticketing.models.booking import STAKEHOLDER_GROUPS, Booking, Ticket, WaitlistEntry
from ticketing.models.capacity import Quota, TicketType, ticket_type_quota
from ticketing.models.checkin import Admission, CheckIn, CheckInList

__all__ = [
    "STAKEHOLDER_GROUPS",
    "Admission",
    "Booking",
    "CheckIn",
    "CheckInList",
    "Quota",
    "Ticket",
    "TicketType",
    "WaitlistEntry",
    "ticket_type_quota",
]
