"""Attendee self-service behind the ticket's and the booking's secret links: the ticket's QR code on the page
(`qr_svg.py`), correcting the holder's name and organization until check-in (`corrections.py`), and everything
stored about a person as a page and a JSON download (`personal_data.py`); `views.py` holds the blueprint.

May import core, events and ticketing (not partners or higher)."""
