"""Ticketing tables: capacity (quotas, ticket types) and bookings (bookings, tickets, waiting list)."""

from ticketing.models.booking import STAKEHOLDER_GROUPS, Booking, Ticket, WaitlistEntry
from ticketing.models.capacity import Quota, TicketType, ticket_type_quota

__all__ = ["STAKEHOLDER_GROUPS", "Booking", "Quota", "Ticket", "TicketType", "WaitlistEntry", "ticket_type_quota"]
