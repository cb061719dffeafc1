"""The door: check-in lists, scans online and offline, admissions, the desk (walk-ins, badges) and live figures.
May import core, events and ticketing."""
