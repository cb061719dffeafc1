"""Series contacts: recording the consent to hear about a series' next edition when a booking is confirmed, the
unsubscribe link and page, and the contacts of a series. May import core, events and ticketing."""
