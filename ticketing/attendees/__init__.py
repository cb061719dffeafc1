"""The organizer's attendee list: search and filters, exports, ticket actions, messages to holders, and the retention
of personal data after the event. May import core, events and ticketing."""
