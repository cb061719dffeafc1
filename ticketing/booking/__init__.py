"""Booking free tickets: quotas and ticket types, holds and double opt-in, the waiting list, the booking mails, ticket
PDFs, QR codes and calendar files, reminders, and the organizer's capacity pages.
May import core, events and ticketing."""
