"""The organizer cockpit: what spans tickets, program and partners — the dashboard and its figures, messages to
segments, badges in bulk, users and the audit log, series of editions, room occupancy.

Sits above partners (docs/architecture.md, "Packages"): it may import planning, core, events, ticketing, partners
and itself. Each capability is a sub-package with its own blueprint, registered in `cockpit/setup.py`.
"""
