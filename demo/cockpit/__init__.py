"""The demo's cockpit data: sent messages, the organizer team, room counts and series contacts of the past edition."""
