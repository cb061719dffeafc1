"""Booth staff of approved organizations: exhibitor tickets within the package's passes. May import core, events,
ticketing and partners."""
