"""Contributions that organizations submit to the event's call. May import core, events, ticketing and partners."""
